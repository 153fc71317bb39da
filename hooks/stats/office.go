package stats

import (
	"net/http"
	"slices"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/staff"
	"ben/hooks/tz"
)

// OfficeRoute is the address of the office's own figures: how long its
// work takes. They name nobody either, but they describe the office's
// performance, so only the office (role buero) and superusers read them.
const OfficeRoute = "/api/ben/stats/office"

// Office are the figures of the office's work over the twelve months up to
// now (Bitburg's calendar).
type Office struct {
	GeneratedAt time.Time `json:"generated_at"`
	// Applications: card applications decided (approved or rejected) and
	// the calendar days from submission to decision.
	Applications Decisions `json:"applications"`
	// DecisionsByMonth: the same per month of the decision, oldest first.
	DecisionsByMonth []DecisionMonth `json:"decisions_by_month"`
	// OpenApplications: applications waiting now, per status, with the
	// days the oldest has waited since its submission.
	OpenApplications []Waiting `json:"open_applications"`
	// Enquiries: enquiries received, how many were referred, and the days
	// to their close.
	Enquiries Handled `json:"enquiries"`
	// Interests: replies to opportunities received, how many the clubs
	// answered, and how many have waited for an answer for more than 14
	// days.
	Interests Replies `json:"interests"`
}

// Decisions sums decided card applications.
type Decisions struct {
	Approved int `json:"approved"`
	Rejected int `json:"rejected"`
	// MedianDays and P90Days: days from submission to decision, half and
	// nine in ten of the decisions took at most this long (0 without any).
	MedianDays float64 `json:"median_days"`
	P90Days    int     `json:"p90_days"`
}

// DecisionMonth is Decisions of one month ("2026-11").
type DecisionMonth struct {
	Month string `json:"month"`
	Decisions
}

// Waiting is how many applications have one status now.
type Waiting struct {
	Status     string `json:"status"`
	Count      int    `json:"count"`
	OldestDays int    `json:"oldest_days"`
}

// Handled sums enquiries.
type Handled struct {
	Received   int     `json:"received"`
	Referred   int     `json:"referred"`
	Closed     int     `json:"closed"`
	MedianDays float64 `json:"median_days_to_close"`
}

// Replies sums interests.
type Replies struct {
	Received     int `json:"received"`
	Answered     int `json:"answered"`
	Unanswered14 int `json:"unanswered_over_14_days"`
}

// unansweredAfter is when an unanswered interest counts as waiting long,
// as in the office's inbox.
const unansweredAfter = 14

// ComputeOffice counts the office's figures at now.
func ComputeOffice(app core.App, now time.Time) (*Office, error) {
	o := &Office{GeneratedAt: now.UTC()}
	from := monthStart(now, -11)
	for m := 0; m < 12; m++ {
		o.DecisionsByMonth = append(o.DecisionsByMonth, DecisionMonth{Month: monthStart(from, m).Format("2006-01")})
	}

	var decided []struct {
		Status    string         `db:"status"`
		Submitted types.DateTime `db:"submitted_at"`
		Decided   types.DateTime `db:"decided_at"`
	}
	err := app.RecordQuery("card_applications").Select("status", "submitted_at", "decided_at").
		AndWhere(dbx.In("status", "approved", "rejected")).
		AndWhere(dbx.NewExp("decided_at >= {:from}", dbx.Params{"from": dbTime(from)})).
		All(&decided)
	if err != nil {
		return nil, err
	}
	all := []int{}
	perMonth := make([][]int, 12)
	for _, d := range decided {
		if d.Submitted.IsZero() || d.Decided.IsZero() {
			continue
		}
		days := calendarDays(d.Submitted.Time(), d.Decided.Time())
		i := slices.IndexFunc(o.DecisionsByMonth, func(m DecisionMonth) bool {
			return m.Month == d.Decided.Time().In(tz.Berlin).Format("2006-01")
		})
		if i < 0 {
			continue
		}
		all = append(all, days)
		perMonth[i] = append(perMonth[i], days)
		count(&o.Applications, d.Status)
		count(&o.DecisionsByMonth[i].Decisions, d.Status)
	}
	o.Applications.MedianDays, o.Applications.P90Days = median(all), percentile90(all)
	for i := range o.DecisionsByMonth {
		o.DecisionsByMonth[i].MedianDays, o.DecisionsByMonth[i].P90Days = median(perMonth[i]), percentile90(perMonth[i])
	}

	for _, status := range []string{"submitted", "confirmed"} {
		var row struct {
			Count  int            `db:"n"`
			Oldest types.DateTime `db:"oldest"`
		}
		err := app.RecordQuery("card_applications").Select("COUNT(*) AS n", "MIN(submitted_at) AS oldest").
			AndWhere(dbx.HashExp{"status": status}).One(&row)
		if err != nil {
			return nil, err
		}
		w := Waiting{Status: status, Count: row.Count}
		if row.Count > 0 && !row.Oldest.IsZero() {
			w.OldestDays = calendarDays(row.Oldest.Time(), now)
		}
		o.OpenApplications = append(o.OpenApplications, w)
	}

	var enquiries []struct {
		Status  string         `db:"status"`
		Created types.DateTime `db:"created"`
		Closed  types.DateTime `db:"closed_at"`
	}
	err = app.RecordQuery("enquiries").Select("status", "created", "closed_at").
		AndWhere(dbx.NewExp("created >= {:from}", dbx.Params{"from": dbTime(from)})).All(&enquiries)
	if err != nil {
		return nil, err
	}
	var toClose []int
	for _, q := range enquiries {
		o.Enquiries.Received++
		if q.Status == "matched" {
			o.Enquiries.Referred++
		}
		if !q.Closed.IsZero() {
			o.Enquiries.Closed++
			toClose = append(toClose, calendarDays(q.Created.Time(), q.Closed.Time()))
		}
	}
	o.Enquiries.MedianDays = median(toClose)

	var interests []struct {
		Status  string         `db:"status"`
		Created types.DateTime `db:"created"`
	}
	err = app.RecordQuery("interests").Select("status", "created").
		AndWhere(dbx.NewExp("created >= {:from}", dbx.Params{"from": dbTime(from)})).All(&interests)
	if err != nil {
		return nil, err
	}
	for _, r := range interests {
		o.Interests.Received++
		switch {
		case r.Status != "new":
			o.Interests.Answered++
		case calendarDays(r.Created.Time(), now) > unansweredAfter:
			o.Interests.Unanswered14++
		}
	}
	return o, nil
}

func count(d *Decisions, status string) {
	if status == "approved" {
		d.Approved++
	} else {
		d.Rejected++
	}
}

// calendarDays counts the days in Bitburg from the day of a to the day of
// b: submitted on Monday and decided on Wednesday is 2.
func calendarDays(a, b time.Time) int {
	return int(tz.Day(b).Sub(tz.Day(a)).Hours()+12) / 24
}

// median is the middle value of days (the mean of the two middle ones for
// an even count), 0 for none.
func median(days []int) float64 {
	if len(days) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(days))
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return float64(s[n/2-1]+s[n/2]) / 2
}

// percentile90 is the smallest value that nine in ten of days do not
// exceed (nearest rank), 0 for none.
func percentile90(days []int) int {
	if len(days) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(days))
	rank := (len(s)*9 + 9) / 10 // ceil(0.9 n)
	return s[rank-1]
}

func serveOffice(e *core.RequestEvent) error {
	figures, err := ComputeOffice(e.App, time.Now())
	if err != nil {
		return e.InternalServerError("Die Zahlen konnten nicht berechnet werden.", err)
	}
	e.Response.Header().Set("Cache-Control", "private, no-store")
	return e.JSON(http.StatusOK, figures)
}

func bindOfficeRoute(se *core.ServeEvent) {
	se.Router.GET(OfficeRoute, serveOffice).Bind(staff.RequireDecide())
}
