package registrations

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/slug"
	"ben/hooks/tz"
)

func bindRoutes(e *core.ServeEvent) {
	e.Router.GET("/api/ben/events/{id}/seats", serveSeats)
	e.Router.GET("/api/ben/events/{id}/registrations.csv", serveCSV).Bind(apis.RequireAuth())

	// a link token is a secret: successful uses stay out of the request log
	g := e.Router.Group("/api/ben/registrations/link/{token}")
	g.GET("", showLink).Bind(apis.SkipSuccessActivityLog())
	g.POST("/confirm", confirmByLink).Bind(apis.SkipSuccessActivityLog())
	g.POST("/cancel", cancelByLink).Bind(apis.SkipSuccessActivityLog())
}

// visibleEvent returns the event of the path if the requester may see it
// (the events collection's own view rule), else nil.
func visibleEvent(e *core.RequestEvent, rule func(c *core.Collection) *string) *core.Record {
	ev, err := e.App.FindRecordById(Events, e.Request.PathValue("id"))
	if err != nil {
		return nil
	}
	info, err := e.RequestInfo()
	if err != nil {
		return nil
	}
	if ok, err := e.App.CanAccessRecord(ev, info, rule(ev.Collection())); err != nil || !ok {
		return nil
	}
	return ev
}

// serveSeats tells everyone who may see an event how many seats are left
// and how many wait; never who.
func serveSeats(e *core.RequestEvent) error {
	ev := visibleEvent(e, func(c *core.Collection) *string { return c.ViewRule })
	if ev == nil {
		return e.NotFoundError("Diesen Termin gibt es nicht oder er ist nicht öffentlich.", nil)
	}
	facts, err := eventFacts(e.App, ev)
	if err != nil {
		return e.InternalServerError("Die Plätze konnten nicht gezählt werden.", err)
	}
	seats, err := countSeats(e.App, ev)
	if err != nil {
		return e.InternalServerError("Die Plätze konnten nicht gezählt werden.", err)
	}
	out := map[string]any{
		"capacity": seats.Capacity, "taken": seats.Taken, "free": seats.Free(), "waiting": seats.Waiting,
		"open": true, "reason": "",
	}
	if vs := Accepting(facts, time.Now()); len(vs) > 0 {
		out["open"], out["reason"] = false, vs[0].Message
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, out)
}

// statusLabels are the statuses as the CSV writes them.
var statusLabels = map[string]string{
	StatusRegistered: "angemeldet", StatusWaitlisted: "Warteliste",
	StatusCancelled: "abgemeldet", StatusAttended: "teilgenommen",
}

// serveCSV exports the registrations of an event for its organiser: the
// editors of the club, the office (buero) for its own events, superusers.
// Semicolons and a byte-order mark, so that a spreadsheet opens it in
// German settings as it is.
func serveCSV(e *core.RequestEvent) error {
	manager := ManagerRule("")
	ev := visibleEvent(e, func(*core.Collection) *string { return &manager })
	if ev == nil {
		return e.NotFoundError("Diesen Termin gibt es nicht, oder Sie dürfen seine Anmeldungen nicht sehen.", nil)
	}
	rows, err := e.App.FindRecordsByFilter(Collection, "event = {:event}", "position", 0, 0, dbx.Params{"event": ev.Id})
	if err != nil {
		return e.InternalServerError("Die Anmeldungen konnten nicht gelesen werden.", err)
	}
	body, err := registrationsCSV(rows)
	if err != nil {
		return e.InternalServerError("Die Anmeldungen konnten nicht geschrieben werden.", err)
	}
	name := slug.Make(ev.GetString("title"))
	if name == "" {
		name = "termin"
	}
	start := ev.GetDateTime("starts_at").Time()
	filename := fmt.Sprintf("anmeldungen-%s-%s.csv", name, start.In(tz.Berlin).Format("2006-01-02"))
	e.Response.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.Blob(http.StatusOK, "text/csv; charset=utf-8", body)
}

// registrationsCSV writes the rows as the organiser reads them.
func registrationsCSV(rows []*core.Record) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	w := csv.NewWriter(&buf)
	w.Comma = ';'
	w.UseCRLF = true
	if err := w.Write([]string{"Nr.", "Name", "E-Mail", "Status", "Angemeldet am", "E-Mail bestätigt", "Mit Konto"}); err != nil {
		return nil, err
	}
	yesNo := map[bool]string{true: "ja", false: "nein"}
	for _, r := range rows {
		err := w.Write([]string{
			strconv.Itoa(r.GetInt("position")),
			cell(r.GetString("name")),
			cell(r.GetString("email")),
			statusLabels[r.GetString("status")],
			r.GetDateTime("created").Time().In(tz.Berlin).Format("02.01.2006 15:04"),
			yesNo[!r.GetDateTime("confirmed_at").IsZero()],
			yesNo[r.GetString("user") != ""],
		})
		if err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// cell keeps a spreadsheet from reading what a guest typed as a formula.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
