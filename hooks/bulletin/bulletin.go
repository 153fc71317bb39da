// Package bulletin prepares the public dates of a range of days for the
// town's bulletin (Amtsblatt): GET /api/ben/bulletin?from=YYYY-MM-DD&to=…
// answers with plain text grouped by day, with time, place and organiser,
// ready for the bulletin's editors; GET /api/ben/bulletin.pdf answers with
// the same on A4 pages. Both are for the office's staff (content work).
// The dates are exactly those of the public calendar
// (GET /api/ben/occurrences: the events' list rule, series expanded); the
// wording lives in templates/bulletin.txt.
package bulletin

import (
	"bytes"
	"embed"
	"fmt"
	"net/http"
	"strings"
	"text/template"
	"time"

	"github.com/pocketbase/dbx"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/feeds"
	"ben/hooks/staff"
	"ben/hooks/tz"
)

// TextRoute is the address of the bulletin's text.
const TextRoute = "/api/ben/bulletin"

// MaxDays is the longest range one request may ask for.
const MaxDays = 366

// OfficeName organises the events that belong to no organisation.
const OfficeName = "Koordinierungsstelle Ehrenamt der Stadt Bitburg"

//go:embed templates/bulletin.txt
var templateFiles embed.FS

var texts = template.Must(template.New("bulletin").Option("missingkey=error").ParseFS(templateFiles, "templates/bulletin.txt"))

// Register binds the bulletin's routes to app.
func Register(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.GET(TextRoute, serveText).Bind(staff.RequireContent())
		se.Router.GET(PDFRoute, servePDF).Bind(staff.RequireContent())
		return se.Next()
	})
}

// Entry is one public date.
type Entry struct {
	Start, End time.Time
	AllDay     bool // End is the midnight after its last day
	Cancelled  bool
	Title      string
	Location   string
	Organiser  string
}

// Bulletin is the dates of a range of days, as the templates read them.
type Bulletin struct {
	From, To  string // "01.12.2026"
	Days      []Day
	Generated string // "01.12.2026, 16:05 Uhr"
	Portal    string // BEN's address, without a trailing slash
}

// Day is one day with dates.
type Day struct {
	Heading string // "Dienstag, 01.12.2026"
	Entries []Line
}

// Line is one date of a day, in words.
type Line struct {
	Time      string // "18:00–20:00 Uhr"
	Title     string
	Cancelled bool
	Location  string
	Organiser string
}

var weekdays = [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}

// DayHeading writes the day of t in Bitburg: "Dienstag, 01.12.2026".
func DayHeading(t time.Time) string {
	return weekdays[t.In(tz.Berlin).Weekday()] + ", " + tz.Date(t)
}

func clock(t time.Time) string { return t.In(tz.Berlin).Format("15:04") }

// TimeOf writes when an entry takes place, from its day's point of view:
// "18:00 Uhr", "18:00–20:00 Uhr", or "18:00 Uhr bis Sonntag, 13.12.2026,
// 16:00 Uhr" when it ends on a later day; "ganztägig", or "ganztägig bis
// Sonntag, 13.12.2026" for whole days (end is the midnight after the last).
func TimeOf(start, end time.Time, allDay bool) string {
	if allDay {
		last := tz.Day(end.Add(-time.Minute))
		if end.IsZero() || !last.After(tz.Day(start)) {
			return "ganztägig"
		}
		return "ganztägig bis " + DayHeading(tz.Midnight(last))
	}
	switch {
	case end.IsZero() || !end.After(start):
		return clock(start) + " Uhr"
	case tz.Day(end).Equal(tz.Day(start)):
		return clock(start) + "–" + clock(end) + " Uhr"
	default:
		return clock(start) + " Uhr bis " + DayHeading(end) + ", " + clock(end) + " Uhr"
	}
}

// Build groups entries (sorted by start) into the days of Bitburg they
// start on.
func Build(from, to time.Time, entries []Entry, generated time.Time, portal string) Bulletin {
	b := Bulletin{From: tz.Date(from), To: tz.Date(to), Generated: tz.Date(generated) + ", " + clock(generated) + " Uhr",
		Portal: strings.TrimRight(portal, "/")}
	for _, e := range entries {
		heading := DayHeading(e.Start)
		if len(b.Days) == 0 || b.Days[len(b.Days)-1].Heading != heading {
			b.Days = append(b.Days, Day{Heading: heading})
		}
		d := &b.Days[len(b.Days)-1]
		d.Entries = append(d.Entries, Line{Time: TimeOf(e.Start, e.End, e.AllDay), Title: oneLine(e.Title), Cancelled: e.Cancelled,
			Location: oneLine(e.Location), Organiser: oneLine(e.Organiser)})
	}
	return b
}

// oneLine keeps a field on its line: a title with a line break would break
// the layout the bulletin's editors rely on.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Text is the bulletin as plain text.
func Text(b Bulletin) (string, error) {
	var buf bytes.Buffer
	if err := texts.ExecuteTemplate(&buf, "text", b); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// Range reads the from and to parameters: days (YYYY-MM-DD) in Bitburg,
// to not before from, at most MaxDays days.
func Range(fromParam, toParam string) (from, to time.Time, err error) {
	errs := validation.Errors{}
	parse := func(field, v string) time.Time {
		d, e := time.Parse(time.DateOnly, strings.TrimSpace(v))
		if e != nil {
			errs[field] = validation.NewError("validation_bulletin_date", "Bitte den Tag im Format JJJJ-MM-TT angeben, z. B. 2026-12-01.")
		}
		return d
	}
	from, to = parse("from", fromParam), parse("to", toParam)
	if len(errs) == 0 {
		switch {
		case to.Before(from):
			errs["to"] = validation.NewError("validation_bulletin_order", "Das Ende des Zeitraums darf nicht vor seinem Beginn liegen.")
		case to.Sub(from) >= MaxDays*24*time.Hour:
			errs["to"] = validation.NewError("validation_bulletin_range", fmt.Sprintf("Der Zeitraum darf höchstens %d Tage umfassen.", MaxDays))
		}
	}
	if len(errs) > 0 {
		return time.Time{}, time.Time{}, errs
	}
	return from, to, nil
}

// Entries are the public dates that start on the days from … to (in
// Bitburg), by start: every date of a series, as the calendar
// (GET /api/ben/occurrences) has them. Dates that began before from were in
// the previous bulletin.
func Entries(app core.App, from, to time.Time) ([]Entry, error) {
	var dates []feeds.Occurrence
	for page := 1; ; page++ {
		p, err := feeds.Occurrences(app, feeds.OccurrenceQuery{From: from, To: to, Page: page, PerPage: feeds.MaxOccurrencesPerPage})
		if err != nil {
			return nil, err
		}
		dates = append(dates, p.Items...)
		if !p.HasMore {
			break
		}
	}
	names := map[string]string{}
	var ids []any
	for _, d := range dates {
		if d.Organisation != "" && names[d.Organisation] == "" {
			names[d.Organisation] = "?"
			ids = append(ids, d.Organisation)
		}
	}
	if len(ids) > 0 {
		orgs, err := app.FindAllRecords("organisations", dbx.In("id", ids...))
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			names[o.Id] = o.GetString("name")
		}
	}
	first := tz.Midnight(from)
	out := make([]Entry, 0, len(dates))
	for _, d := range dates {
		start, err := types.ParseDateTime(d.StartsAt)
		if err != nil || start.Time().Before(first) {
			continue
		}
		end, _ := types.ParseDateTime(d.EndsAt)
		organiser := OfficeName
		if d.Organisation != "" {
			organiser = names[d.Organisation]
		}
		out = append(out, Entry{Start: start.Time(), End: end.Time(), AllDay: d.AllDay, Cancelled: d.Cancelled,
			Title: d.Title, Location: d.Location, Organiser: organiser})
	}
	return out, nil
}

// load reads the range and builds the bulletin of a request.
func load(e *core.RequestEvent) (Bulletin, time.Time, time.Time, error) {
	from, to, err := Range(e.Request.URL.Query().Get("from"), e.Request.URL.Query().Get("to"))
	if err != nil {
		return Bulletin{}, from, to, e.BadRequestError("Bitte einen gültigen Zeitraum angeben (from und to als JJJJ-MM-TT).", err)
	}
	entries, err := Entries(e.App, from, to)
	if err != nil {
		return Bulletin{}, from, to, e.InternalServerError("Die Termine konnten nicht gelesen werden.", err)
	}
	return Build(from, to, entries, time.Now(), e.App.Settings().Meta.AppURL), from, to, nil
}

func fileName(from, to time.Time, ext string) string {
	return fmt.Sprintf("amtsblatt-termine-%s-bis-%s.%s", from.Format(time.DateOnly), to.Format(time.DateOnly), ext)
}

func serveText(e *core.RequestEvent) error {
	b, from, to, err := load(e)
	if err != nil {
		return err
	}
	text, err := Text(b)
	if err != nil {
		return e.InternalServerError("Der Text konnte nicht erstellt werden.", err)
	}
	e.Response.Header().Set("Content-Disposition", `inline; filename="`+fileName(from, to, "txt")+`"`)
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.Blob(http.StatusOK, "text/plain; charset=utf-8", []byte(text))
}
