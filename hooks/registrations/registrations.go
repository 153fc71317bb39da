// Package registrations takes the registrations for events with a capacity
// (trainings, workshops, information evenings): citizens with an account,
// or guests with name, e-mail and consent.
//
// The rules are pure functions (rules.go): who gets a seat (Admit), how many
// waiting people move up (MoveUps), when an event takes registrations
// (Accepting) and which changes of status are allowed (Transition). The
// hooks here bind them to the record model hooks, so they hold for the API,
// the dashboard and Go code alike, and run the check and the write in one
// transaction: twenty people registering at once for five seats give
// exactly five seats and a waiting list of fifteen, in order.
//
// A cancellation, a deletion or a larger capacity moves the first waiting
// person up in the same transaction; the mail that tells them goes out
// after the commit. Guests get a link by mail (links.go) to confirm the
// registration within ConfirmWithin, and later to cancel it; until then it
// holds its place, so a guest holds at most GuestCap unconfirmed ones from
// one client address at a time (guestcap.go).
package registrations

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/accounts"
	"ben/hooks/dispatch"
	"ben/hooks/feeds"
	"ben/hooks/guard"
	"ben/hooks/mailer"
	"ben/hooks/privacy"
)

// Events is the name of the events collection.
const Events = "events"

// Register binds the registration rules, routes, mails, the expiry of
// unconfirmed guest registrations, their cap per client address and the
// personal data to app.
func Register(app core.App) {
	dispatch.OnRecordCreateRequest(app, Collection).BindFunc(accounts.LinkSender)
	dispatch.OnRecordCreateRequest(app, Collection).BindFunc(limitGuests)
	dispatch.OnRecordValidate(app, Collection).BindFunc(validateRegistration)
	dispatch.OnRecordCreate(app, Collection).BindFunc(admit)
	dispatch.OnRecordUpdate(app, Collection).BindFunc(changeStatus)
	dispatch.OnRecordDelete(app, Collection).BindFunc(freeSeatOnDelete)
	dispatch.OnRecordUpdate(app, Events).BindFunc(followEvent)
	dispatch.OnRecordDelete(app, Events).BindFunc(keepEventWithRegistrations)
	dispatch.OnRecordEnrich(app, Collection).BindFunc(addWaitingPosition)

	// the public sees how many seats are left: tell the portal to look again
	feeds.SignalChanges(app, Collection)

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		bindRoutes(e)
		return e.Next()
	})

	app.Cron().MustAdd("ben_registrations_unconfirmed", "*/10 * * * *", func() {
		if _, err := LapseUnconfirmed(app, time.Now()); err != nil {
			app.Logger().Error("Unbestätigte Anmeldungen konnten nicht beendet werden", "error", err)
		}
	})

	privacy.RegisterCollection(app, Collection, "Anmeldungen mit Konto stehen im Export und werden mit dem Konto gelöscht (der Platz geht an die Warteliste); "+
		"Anmeldungen von Gästen werden eine Frist (Voreinstellung 12 Monate) nach dem Termin oder nach der Abmeldung gelöscht.")
	privacy.RegisterData(app, privacy.Data{
		Name:  Collection,
		Title: "Anmeldungen zu Terminen",
		Notice: privacy.Notice{
			What: "Name, E-Mail-Adresse, ob Sie angemeldet sind, auf der Warteliste stehen, abgesagt oder teilgenommen haben, " +
				"wann Sie sich angemeldet und (als Gast) die Anmeldung bestätigt haben; ohne Konto auch Ihre Einwilligung. " +
				"Ohne Konto hält der Server außerdem bis zu 24 Stunden nur im Arbeitsspeicher fest, von welcher IP-Adresse " +
				"die Anmeldung kam; gespeichert wird sie dafür nicht.",
			Why: "Damit der Veranstalter weiß, wer kommt, die Plätze in der Reihenfolge der Anmeldung vergeben werden und " +
				"die Warteliste nachrückt; wir schreiben Ihnen, wenn Sie nachrücken oder der Termin abgesagt wird. " +
				fmt.Sprintf("Die IP-Adresse dient nur dazu, dass von einem Anschluss aus höchstens %d unbestätigte Anmeldungen zugleich Plätze belegen.", GuestCap),
			Who: "Die Redaktion der Organisation, die den Termin veranstaltet (bei Terminen der Stadt die Koordinierungsstelle, " +
				"Rolle „Büro“), und Sie selbst. Öffentlich ist nur, wie viele Plätze frei sind.",
			HowLong: "Mit Konto: bis Sie Ihr Konto löschen. Ohne Konto: " + privacy.GuestPeriod + " nach dem Termin (bei einer Reihe " +
				"nach ihrem letzten Termin) oder nach Ihrer Abmeldung; eine Anmeldung, die Sie nicht innerhalb von 24 Stunden " +
				"bestätigen, verfällt.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. b DSGVO (Ihre Anmeldung zum Termin); ohne Konto zusätzlich Art. 6 Abs. 1 Buchst. a DSGVO " +
				"(Ihre Einwilligung im Formular), die Sie jederzeit widerrufen können, indem Sie sich abmelden. Für die IP-Adresse: " +
				"Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz (Sicherheit des Angebots).",
		},
		Collections: []string{Collection},
		Export:      exportRegistrations,
		Erase:       eraseRegistrations,
		Retention:   deleteOldGuestRegistrations,
	})
}

// validateRegistration asks guests for their consent, in a sentence they
// understand.
func validateRegistration(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		if e.Record.GetString("user") != "" || e.Record.GetBool("consent") {
			return nil, nil
		}
		return []guard.Violation{{Field: "consent", Code: "validation_consent_required",
			Message: "Bitte willigen Sie ein, dass der Veranstalter Ihren Namen und Ihre E-Mail-Adresse für diesen Termin nutzt."}}, nil
	})
}

// admit gives a new registration its place: the event must take
// registrations, and the status (a seat or the waiting list) and the
// position are decided in the write's transaction.
func admit(e *core.RecordEvent) error {
	now := time.Now()
	return guard.InTransaction(e, func(tx core.App) error {
		r := e.Record
		ev, facts, err := loadEvent(tx, r.GetString("event"))
		if err != nil {
			return guard.Refuse("event", CodeNoEvent, MessageNoEvent)
		}
		if vs := Accepting(facts, now); len(vs) > 0 {
			return guard.Errors(vs...)
		}
		n, err := activeFor(tx, ev.Id, r.GetString("email"), r.GetString("user"))
		if err != nil {
			return err
		}
		if n > 0 && r.GetString("user") != "" {
			return guard.Refuse("event", "validation_registration_exists", "Sie sind für diesen Termin bereits angemeldet.")
		}
		if n > 0 {
			return guard.Refuse("email", "validation_registration_exists",
				"Mit dieser E-Mail-Adresse besteht für diesen Termin bereits eine Anmeldung. "+
					"Den Link zum Bestätigen oder Abmelden finden Sie in unserer Mail an diese Adresse.")
		}
		seats, err := countSeats(tx, ev)
		if err != nil {
			return err
		}
		last, err := lastPosition(tx, ev.Id)
		if err != nil {
			return err
		}
		r.Set("status", Admit(seats))
		r.Set("position", last+1)
		r.Set("cancelled_at", "")

		var token string
		if r.GetString("user") == "" {
			r.Set("confirmed_at", "")
			token = guestLink.Issue(r, now)
		} else {
			r.Set("confirmed_at", types.NowDateTime())
			guestLink.Revoke(r)
		}

		if err := e.Next(); err != nil {
			return err
		}
		mailer.AfterCommit(tx, receivedMail(tx, r, ev, token))
		return nil
	})
}

// changeStatus checks a change of status against Transition, dates a
// cancellation, and gives a seat that becomes free to the waiting list,
// all in the write's transaction. The status it starts from is the stored
// one: a change that another write has stored since the record was read
// (two cancellations at once) changes nothing a second time.
func changeStatus(e *core.RecordEvent) error {
	now := time.Now()
	return guard.InTransaction(e, func(tx core.App) error {
		stored := guard.Stored(tx, e.Record)
		from, to := stored.GetString("status"), e.Record.GetString("status")
		if from == to {
			if guard.Repeats(stored, e.Record, "status") {
				guard.Restore(stored, e.Record)
			}
			return e.Next()
		}
		ev, facts, err := loadEvent(tx, e.Record.GetString("event"))
		if err != nil {
			return err
		}
		seats, err := countSeats(tx, ev)
		if err != nil {
			return err
		}
		first := false
		if from == StatusWaitlisted {
			id, err := firstWaiting(tx, ev.Id)
			if err != nil {
				return err
			}
			first = id == e.Record.Id
		}
		if vs := Transition(Change{From: from, To: to, Seats: seats, FirstInLine: first}, facts, now); len(vs) > 0 {
			return guard.Errors(vs...)
		}
		if to == StatusCancelled {
			e.Record.Set("cancelled_at", types.NowDateTime())
			guestLink.Revoke(e.Record) // the guest's link has done its work
		}
		if err := e.Next(); err != nil {
			return err
		}
		if to == StatusCancelled && from == StatusRegistered {
			return moveUp(tx, ev, now)
		}
		return nil
	})
}

// freeSeatOnDelete gives the seat of a deleted registration (an erased
// account) to the waiting list.
func freeSeatOnDelete(e *core.RecordEvent) error {
	return guard.InTransaction(e, func(tx core.App) error {
		seat := guard.Stored(tx, e.Record).GetString("status") == StatusRegistered
		if err := e.Next(); err != nil || !seat {
			return err
		}
		ev, _, err := loadEvent(tx, e.Record.GetString("event"))
		if errors.Is(err, sql.ErrNoRows) {
			return nil // the event itself is being deleted
		}
		if err != nil {
			return err
		}
		return moveUp(tx, ev, time.Now())
	})
}

// followEvent follows changes of an event: new seats go to its waiting
// list, and a cancellation is told to everyone registered or waiting.
func followEvent(e *core.RecordEvent) error {
	return guard.InTransaction(e, func(tx core.App) error {
		before := guard.Stored(tx, e.Record)
		more := e.Record.GetInt("capacity") > before.GetInt("capacity")
		cancelled := e.Record.GetBool("cancelled") && !before.GetBool("cancelled")
		if err := e.Next(); err != nil {
			return err
		}
		if cancelled {
			return tellCancellation(tx, e.Record)
		}
		if more {
			return moveUp(tx, e.Record, time.Now())
		}
		return nil
	})
}

// keepEventWithRegistrations refuses to delete an event that people are
// registered or waiting for: deleting would erase their registrations
// without a word, cancelling the event tells them (followEvent).
func keepEventWithRegistrations(e *core.RecordEvent) error {
	return guard.CheckThenWrite(e, func(tx core.App) error {
		n, err := tx.CountRecords(Collection, dbx.HashExp{"event": e.Record.Id},
			dbx.In("status", StatusRegistered, StatusWaitlisted))
		if err != nil {
			return err
		}
		if n > 0 {
			return guard.Refuse("event", "validation_event_has_registrations", fmt.Sprintf(
				"Für diesen Termin sind %s. Ein Termin mit Anmeldungen wird nicht gelöscht: "+
					"Sagen Sie ihn ab („abgesagt“), dann bekommen alle Angemeldeten und Wartenden eine E-Mail.", people(n)))
		}
		return nil
	})
}

func people(n int64) string {
	if n == 1 {
		return "eine Person angemeldet oder auf der Warteliste"
	}
	return fmt.Sprintf("%d Personen angemeldet oder auf der Warteliste", n)
}

// tellCancellation mails everyone registered for ev or waiting for it,
// after the commit. The registrations stay as they are.
func tellCancellation(tx core.App, ev *core.Record) error {
	rows, err := tx.FindAllRecords(Collection, dbx.HashExp{"event": ev.Id},
		dbx.In("status", StatusRegistered, StatusWaitlisted))
	if err != nil {
		return err
	}
	for _, r := range rows {
		mailer.AfterCommit(tx, mailer.Mail{To: r.GetString("email"), About: Collection + "/" + r.Id, Letter: mailer.RegistrationEventCancelled{
			Name: r.GetString("name"), Event: ev.GetString("title"), When: when(ev),
			Waitlisted: r.GetString("status") == StatusWaitlisted,
		}})
	}
	return nil
}

// moveUp gives free seats of ev to the first people on its waiting list,
// one after the other, and tells each of them after the commit. Each
// move-up is a status change that passes Transition like any other.
func moveUp(tx core.App, ev *core.Record, now time.Time) error {
	facts, err := eventFacts(tx, ev)
	if err != nil {
		return err
	}
	seats, err := countSeats(tx, ev)
	if err != nil {
		return err
	}
	for range MoveUps(seats, facts, now) {
		id, err := firstWaiting(tx, ev.Id)
		if err != nil || id == "" {
			return err
		}
		r, err := tx.FindRecordById(Collection, id)
		if err != nil {
			return err
		}
		r.Set("status", StatusRegistered)
		var token string
		if r.GetString("user") == "" {
			// a fresh link in the mail: the guest may have lost the first one
			token = guestLink.Issue(r, now)
		}
		if err := tx.Save(r); err != nil {
			return err
		}
		mailer.AfterCommit(tx, movedUpMail(tx, r, ev, token))
	}
	return nil
}

// LapseUnconfirmed cancels guests' registrations that lapse (Lapses; their
// seats move on to the waiting list) and returns how many. It is the job
// behind "ben_registrations_unconfirmed"; the query only preselects, each
// registration is judged as stored when it is cancelled.
func LapseUnconfirmed(app core.App, now time.Time) (int, error) {
	stale, err := app.FindRecordsByFilter(Collection,
		`user = "" && confirmed_at = "" && (status = "registered" || status = "waitlisted") && created < {:cut}`,
		"position", 0, 0, dbx.Params{"cut": now.Add(-ConfirmWithin).UTC().Format(types.DefaultDateLayout)})
	if err != nil {
		return 0, err
	}
	n := 0
	var errs []error
	for _, r := range stale {
		lapsed, err := lapse(app, r.Id, now)
		if err != nil {
			errs = append(errs, err) // one record must not keep the others
			continue
		}
		if lapsed {
			n++
		}
	}
	return n, errors.Join(errs...)
}

// lapse cancels the registration id if, as stored now, it is still an
// unconfirmed guest's past the deadline: the guest may have confirmed, or
// cancelled, since the job listed it.
func lapse(app core.App, id string, now time.Time) (bool, error) {
	lapsed := false
	err := app.RunInTransaction(func(tx core.App) error {
		r, err := tx.FindRecordById(Collection, id)
		if err != nil {
			return err
		}
		guest := r.GetString("user") == ""
		if !Lapses(guest, !r.GetDateTime("confirmed_at").IsZero(), r.GetString("status"), r.GetDateTime("created").Time(), now) {
			return nil
		}
		r.Set("status", StatusCancelled)
		if err := tx.Save(r); err != nil {
			return err
		}
		lapsed = true
		return nil
	})
	return lapsed, err
}

// addWaitingPosition tells whoever sees a waiting registration its place
// on the waiting list ("waiting_position", 1 = next to move up; 0 when not
// waiting).
func addWaitingPosition(e *core.RecordEnrichEvent) error {
	e.Record.WithCustomData(true)
	e.Record.Set("waiting_position", waitingPosition(e.App, e.Record))
	return e.Next()
}

// activeFor counts the active (not cancelled) registrations for event of
// the address email (compared without case) or of the account user: one
// person holds one place per event, as a guest or with the account whose
// address it is. Called in the write's transaction, so that two
// registrations sent at the same moment cannot both pass.
func activeFor(app core.App, event, email, user string) (int, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var n int
	err := app.DB().Select("COUNT(*)").From(Collection).
		Where(dbx.HashExp{"event": event}).
		AndWhere(dbx.Not(dbx.HashExp{"status": StatusCancelled})).
		AndWhere(dbx.Or(
			dbx.NewExp("LOWER([[email]]) = {:email}", dbx.Params{"email": email}),
			dbx.NewExp("([[user]] != '' AND [[user]] = {:user})", dbx.Params{"user": user}),
			dbx.NewExp("[[user]] IN (SELECT [[id]] FROM "+accounts.Collection+" WHERE LOWER([[email]]) = {:email})", dbx.Params{"email": email}),
		)).Row(&n)
	return n, err
}

// loadEvent reads the event of a registration and what the rules need.
func loadEvent(app core.App, id string) (*core.Record, Event, error) {
	ev, err := app.FindRecordById(Events, id)
	if err != nil {
		return nil, Event{}, err
	}
	facts, err := eventFacts(app, ev)
	return ev, facts, err
}

func eventFacts(app core.App, ev *core.Record) (Event, error) {
	published := ev.GetBool("published")
	if org := ev.GetString("organisation"); org != "" && published {
		o, err := app.FindRecordById("organisations", org)
		if err != nil {
			return Event{}, err
		}
		published = o.GetString("status") == "published"
	}
	return Event{
		Capacity:  ev.GetInt("capacity"),
		Published: published,
		Cancelled: ev.GetBool("cancelled"), // a cancelled date, where the calendar knows them
		StartsAt:  ev.GetDateTime("starts_at").Time(),
	}, nil
}

// countSeats counts the registrations of ev by status.
func countSeats(app core.App, ev *core.Record) (Seats, error) {
	var rows []struct {
		Status string `db:"status"`
		N      int    `db:"n"`
	}
	err := app.DB().Select("status", "COUNT(*) AS n").From(Collection).
		Where(dbx.HashExp{"event": ev.Id}).GroupBy("status").All(&rows)
	if err != nil {
		return Seats{}, err
	}
	s := Seats{Capacity: ev.GetInt("capacity")}
	for _, r := range rows {
		switch r.Status {
		case StatusRegistered, StatusAttended:
			s.Taken += r.N
		case StatusWaitlisted:
			s.Waiting += r.N
		}
	}
	return s, nil
}

func lastPosition(app core.App, event string) (int, error) {
	var last int
	err := app.DB().Select("COALESCE(MAX(position), 0)").From(Collection).
		Where(dbx.HashExp{"event": event}).Row(&last)
	return last, err
}

// firstWaiting is the id of the first person on the waiting list of
// event, "" when nobody waits.
func firstWaiting(app core.App, event string) (string, error) {
	var id string
	err := app.DB().Select("id").From(Collection).
		Where(dbx.HashExp{"event": event, "status": StatusWaitlisted}).
		OrderBy("position ASC").Limit(1).Row(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// waitingPosition is the place of r on its event's waiting list (1 = next
// to move up), 0 when r is not waiting.
func waitingPosition(app core.App, r *core.Record) int {
	if r.GetString("status") != StatusWaitlisted {
		return 0
	}
	var before int
	err := app.DB().Select("COUNT(*)").From(Collection).
		Where(dbx.HashExp{"event": r.GetString("event"), "status": StatusWaitlisted}).
		AndWhere(dbx.NewExp("position < {:p}", dbx.Params{"p": r.GetInt("position")})).Row(&before)
	if err != nil {
		return 0
	}
	return before + 1
}
