// Package ideas collects citizens' ideas and feedback for Bitburg (strategy
// §1, §2 "Bürgerinnen und Bürger gestalten mit"): anyone sends one, with an
// account or as a guest; nothing is public until the office publishes it,
// and then it is listed with its status and the office's or working group's
// answer, never with the name or address of whoever sent it.
//
// The API rules say who reads and writes; this package adds what a rule
// cannot say: the account link, the consent of guests, the dates that make
// an idea public (Stamp, a pure function), the mails, the hidden sender,
// and what the privacy self-service exports, erases and anonymises after
// the retention time. A published idea outlives its sender's data: it stays
// public without name and address.
package ideas

import (
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/accounts"
	"ben/hooks/decision"
	"ben/hooks/dispatch"
	"ben/hooks/filterguard"
	"ben/hooks/guard"
	"ben/hooks/mailer"
	"ben/hooks/privacy"
	"ben/hooks/staff"
)

// Collection is the name of the ideas collection.
const Collection = "ideas"

// Statuses of an idea.
const (
	StatusSubmitted  = "submitted"
	StatusPublished  = "published"
	StatusInProgress = "in_progress"
	StatusDone       = "done"
	StatusDeclined   = "declined"
)

// StatusLabels name the statuses in German, as the mails and the portal do.
var StatusLabels = map[string]string{
	StatusSubmitted: "eingegangen", StatusPublished: "veröffentlicht", StatusInProgress: "in Arbeit",
	StatusDone: "umgesetzt", StatusDeclined: "abgelehnt",
}

// senderFields say who sent an idea: the sender and the office only.
var senderFields = []string{"user", "name", "email", "consent", "decided_by"}

// Register binds the ideas to app.
func Register(app core.App) {
	dispatch.OnRecordCreateRequest(app, Collection).BindFunc(accounts.LinkSender)
	decisions.Bind(app)
	dispatch.OnRecordValidate(app, Collection).BindFunc(validateIdea)
	dispatch.OnRecordAfterCreateSuccess(app, Collection).BindFunc(confirm)
	dispatch.OnRecordEnrich(app, Collection).BindFunc(hideSender)

	// filtering on the sender would reveal who sent a published idea,
	// letter by letter; a citizen may still ask for their own ideas
	// ("user = '<own id>'"); e-mail fields are protected anyway
	filterguard.Protect(app, Collection, privateFilterMessage, "name", "consent", "decided_by")
	filterguard.ProtectMembers(app, Collection, privateFilterMessage, "user")

	privacy.RegisterCollection(app, Collection, "Ideen mit Konto stehen im Export; mit dem Konto werden nicht veröffentlichte Ideen gelöscht, "+
		"veröffentlichte verlieren Name, E-Mail-Adresse und Konto. Bei Ideen von Gästen geschieht das eine Frist (Voreinstellung 12 Monate) nach dem Abschluss.")
	privacy.RegisterData(app, privacy.Data{
		Name:  Collection,
		Title: "Ideen für Bitburg",
		Notice: privacy.Notice{
			What: "Ihre Idee (Titel, Text, Thema), Ihr Name, Ihre E-Mail-Adresse und ohne Konto Ihre Einwilligung; später der Stand und unsere Antwort.",
			Why:  "Damit die Koordinierungsstelle Ihre Idee prüfen, veröffentlichen und Ihnen antworten kann.",
			Who: "Ihren Namen und Ihre E-Mail-Adresse nur die Koordinierungsstelle (Rolle „Büro“) und Sie selbst. Veröffentlicht " +
				"die Koordinierungsstelle Ihre Idee, sind Titel, Text, Thema, Stand und Antwort öffentlich, nie Ihr Name.",
			HowLong: "Mit Konto: bis Sie Ihr Konto löschen; dann werden nicht veröffentlichte Ideen gelöscht, veröffentlichte bleiben " +
				"ohne Ihren Namen. Ohne Konto: Name und E-Mail-Adresse " + privacy.GuestPeriod + " nach Abschluss (umgesetzt oder abgelehnt).",
			LegalBasis: "Art. 6 Abs. 1 Buchst. a DSGVO (Ihre Einwilligung im Formular bzw. Ihre Entscheidung, die Idee zu senden). " +
				"Sie können sie jederzeit widerrufen; was bis dahin geschah, bleibt rechtmäßig.",
		},
		Collections: []string{Collection},
		Export:      owned.Export(nil),
		Erase:       eraseIdeas,
		Retention:   forgetClosedGuestIdeas,
	})
}

// Dates are what makes an idea public and closed.
type Dates struct {
	PublishedAt, ClosedAt, RespondedAt time.Time
}

// Stamp returns the dates of an idea after a change from (status, response
// before; "" for a new idea) to (status, response now) at now:
//   - an idea becomes public the first time it is published, in progress or
//     done; a declined idea stays public if it was, and never becomes
//     public by being declined; back to submitted takes it out again;
//   - it is closed (the retention time starts) while done or declined;
//   - the answer is dated when it is written or changed.
func Stamp(before Dates, fromStatus, toStatus, fromResponse, toResponse string, now time.Time) Dates {
	d := before
	switch toStatus {
	case StatusSubmitted:
		d.PublishedAt = time.Time{}
	case StatusPublished, StatusInProgress, StatusDone:
		if d.PublishedAt.IsZero() {
			d.PublishedAt = now
		}
	}
	final := toStatus == StatusDone || toStatus == StatusDeclined
	switch {
	case !final:
		d.ClosedAt = time.Time{}
	case fromStatus != toStatus || d.ClosedAt.IsZero():
		d.ClosedAt = now
	}
	switch {
	case strings.TrimSpace(toResponse) == "":
		d.RespondedAt = time.Time{}
	case toResponse != fromResponse:
		d.RespondedAt = now
	}
	return d
}

// decisions: an idea from outside the office starts submitted, unanswered.
// On every path, the dates follow status and answer as they change from
// the stored idea (read in the write's transaction), and the sender is
// told when their public idea moves or is answered.
var decisions = decision.Flow{
	Collection: Collection,
	Undecided:  StatusSubmitted,
	OfficeOnly: []string{"response"},
	Prepare:    stamp,
	Tell:       tellSender,
}

// validateIdea: a new idea names its sender and address (the office
// answers there), and a guest consents.
func validateIdea(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		r := e.Record
		if !r.IsNew() {
			return nil, nil
		}
		var vs []guard.Violation
		if strings.TrimSpace(r.GetString("name")) == "" {
			vs = append(vs, guard.Violation{Field: "name", Code: "validation_required", Message: "Bitte geben Sie Ihren Namen ein."})
		}
		if r.GetString("email") == "" {
			vs = append(vs, guard.Violation{Field: "email", Code: "validation_required",
				Message: "Bitte geben Sie Ihre E-Mail-Adresse ein, damit wir Ihnen antworten können."})
		}
		if r.GetString("user") == "" && !r.GetBool("consent") {
			vs = append(vs, guard.Violation{Field: "consent", Code: "validation_consent_required",
				Message: "Bitte willigen Sie ein, dass die Koordinierungsstelle Ihren Namen und Ihre E-Mail-Adresse nutzt, um Ihnen zu antworten."})
		}
		return vs, nil
	})
}

// stamp keeps the dates in step with status and answer.
func stamp(c decision.Change) error {
	before, fromResponse := storedDates(c)
	d := Stamp(before, c.From, c.To, fromResponse, c.Record.GetString("response"), time.Now())
	setDate(c.Record, "published_at", d.PublishedAt)
	setDate(c.Record, "closed_at", d.ClosedAt)
	setDate(c.Record, "responded_at", d.RespondedAt)
	return nil
}

// tellSender tells the sender when their public idea moves or is
// answered.
func tellSender(c decision.Change) []mailer.Mail {
	r := c.Record
	before, fromResponse := storedDates(c)
	toResponse := r.GetString("response")
	news := !r.GetDateTime("published_at").IsZero() && !r.IsNew() &&
		(before.PublishedAt.IsZero() || c.From != c.To || fromResponse != toResponse)
	if !news || r.GetString("email") == "" {
		return nil
	}
	return []mailer.Mail{{To: r.GetString("email"), About: Collection + "/" + r.Id, Letter: mailer.IdeaAnswered{
		Name: r.GetString("name"), Title: r.GetString("title"), Status: StatusLabels[c.To],
		Response: strings.TrimSpace(toResponse), Link: mailer.Link(c.Tx, "/ideen"),
	}}}
}

// storedDates are the dates and the answer an idea had before the change
// (none for a new idea).
func storedDates(c decision.Change) (Dates, string) {
	o := c.Stored
	if o == nil {
		return Dates{}, ""
	}
	return Dates{o.GetDateTime("published_at").Time(), o.GetDateTime("closed_at").Time(), o.GetDateTime("responded_at").Time()},
		o.GetString("response")
}

func setDate(r *core.Record, field string, t time.Time) {
	if t.IsZero() {
		r.Set(field, "")
		return
	}
	dt, _ := types.ParseDateTime(t)
	r.Set(field, dt)
}

// confirm tells the sender that the idea arrived, and the office that
// there is a new one (without the sender).
func confirm(e *core.RecordEvent) error {
	r := e.Record
	about := Collection + "/" + r.Id
	var mails []mailer.Mail
	if r.GetString("email") != "" {
		mails = append(mails, mailer.Mail{To: r.GetString("email"), About: about, Letter: mailer.IdeaReceived{
			Name: r.GetString("name"), Title: r.GetString("title"), Guest: r.GetString("user") == "",
			RetentionMonths: privacy.RetentionMonths(e.App),
		}})
	}
	if r.GetString("status") == StatusSubmitted {
		mails = append(mails, mailer.Mail{To: mailer.Office(e.App), About: about, Letter: mailer.IdeaNotice{
			Title: r.GetString("title"), Link: mailer.Link(e.App, "/buero/ideen/"+r.Id),
		}})
	}
	mailer.AfterCommit(e.App, mails...)
	return e.Next()
}

// hideSender shows who sent an idea only to the sender and the office.
func hideSender(e *core.RecordEnrichEvent) error {
	var viewer *core.Record
	if e.RequestInfo != nil {
		viewer = e.RequestInfo.Auth
	}
	own := viewer != nil && viewer.Collection().Name == accounts.Collection && viewer.Id == e.Record.GetString("user")
	if !own && !staff.MayDecide(viewer) {
		e.Record.Hide(senderFields...)
	}
	if !staff.MayDecide(viewer) {
		e.Record.Hide("decided_by")
	}
	return e.Next()
}

const privateFilterMessage = "Nach der Person, die eine Idee geschickt hat, kann nicht gefiltert oder sortiert werden."

// An idea belongs to a user when it is linked to the account, or was sent
// as a guest with the account's verified address.
var owned = privacy.Owned{Collection: Collection, UserField: "user", EmailField: "email"}

// eraseIdeas deletes the user's ideas that are not public and takes name,
// address and account off the public ones, which stay as the town's record.
func eraseIdeas(app core.App, user *core.Record) error {
	records, err := owned.Find(app, user)
	if err != nil {
		return err
	}
	for _, r := range records {
		if err := forget(app, r); err != nil {
			return err
		}
	}
	return nil
}

// forget deletes an idea that was never public, or removes its sender.
func forget(app core.App, r *core.Record) error {
	if r.GetDateTime("published_at").IsZero() {
		return app.Delete(r)
	}
	for _, f := range []string{"user", "name", "email"} {
		r.Set(f, "")
	}
	r.Set("consent", false)
	return app.SaveNoValidate(r)
}

// forgetClosedGuestIdeas forgets the sender of guests' ideas that were done
// or declined before closedBefore.
func forgetClosedGuestIdeas(app core.App, closedBefore time.Time) (int, error) {
	records, err := app.FindRecordsByFilter(Collection,
		`user = "" && (name != "" || email != "") && closed_at != "" && closed_at < {:cut}`,
		"", 0, 0, dbx.Params{"cut": closedBefore.UTC().Format(types.DefaultDateLayout)})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, r := range records {
		if err := forget(app, r); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
