package card

import (
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/dispatch"
	"ben/hooks/guard"
	"ben/hooks/mailer"
	"ben/hooks/publiccache"
	"ben/hooks/staff"
	"ben/hooks/textkey"
)

// Collections of the card's lifecycle besides Cards.
const (
	Revocations = "card_revocations"
	Corrections = "card_corrections"
	Counters    = "card_number_counters"
)

// Transient keys on a card record (never stored): who in the office acts,
// and that a correction is under way.
const (
	keyDecidedBy  = "ben.decidedBy"
	keyCorrection = "ben.correction"
)

// fieldsOfIssue are fixed when a card is issued; only a correction with a
// reason changes them (Correct).
var fieldsOfIssue = []string{"number", "kind", "valid_until", "issued_at"}

// CardTransition reports whether a card may move from one status to
// another: an active card expires or is revoked, an expired one may still
// be revoked; a revoked card stays revoked, and nothing becomes active
// again.
func CardTransition(from, to string) error {
	if from == to {
		return nil
	}
	switch {
	case from == CardActive && (to == CardExpired || to == CardRevoked):
		return nil
	case from == CardExpired && to == CardRevoked:
		return nil
	case from == CardRevoked:
		return errors.New("Eine entzogene Karte bleibt entzogen. Für eine neue Karte stellt die Person einen neuen Antrag.")
	case to == CardActive:
		return errors.New("Eine abgelaufene Karte wird nicht wieder gültig. Für eine neue Karte stellt die Person einen neuen Antrag.")
	}
	return fmt.Errorf("Unbekannter Status %q.", to)
}

func bindCards(app core.App) {
	refuse := func(msg string) func(e *core.RecordRequestEvent) error {
		return func(e *core.RecordRequestEvent) error { return e.ForbiddenError(msg, nil) }
	}
	dispatch.OnRecordCreateRequest(app, Cards).BindFunc(refuse("Karten entstehen, wenn die Koordinierungsstelle einen Antrag bewilligt."))
	dispatch.OnRecordDeleteRequest(app, Cards).BindFunc(refuse("Eine ausgestellte Karte wird nicht gelöscht, sondern entzogen (mit Begründung)."))
	dispatch.OnRecordUpdateRequest(app, Cards).BindFunc(cardUpdateRequest)
	dispatch.OnRecordCreate(app, Cards).BindFunc(numberCard)
	dispatch.OnRecordUpdate(app, Cards).BindFunc(cardUpdate)
	dispatch.OnRecordDelete(app, Cards).BindFunc(func(e *core.RecordEvent) error {
		return errors.New("an issued card is never deleted; revoke it")
	})
	dispatch.OnRecordValidate(app, Cards).BindFunc(validateCard)

	for _, coll := range []string{Revocations, Corrections, Counters} {
		dispatch.OnRecordCreateRequest(app, coll).BindFunc(refuse("Diese Einträge schreibt BEN selbst."))
		dispatch.OnRecordUpdateRequest(app, coll).BindFunc(refuse("Diese Einträge können nicht geändert werden."))
		dispatch.OnRecordDeleteRequest(app, coll).BindFunc(refuse("Diese Einträge können nicht gelöscht werden."))
	}
	for _, coll := range []string{Revocations, Corrections} {
		dispatch.OnRecordUpdate(app, coll).BindFunc(func(e *core.RecordEvent) error { return errors.New("append-only: " + coll) })
		dispatch.OnRecordDelete(app, coll).BindFunc(func(e *core.RecordEvent) error { return errors.New("append-only: " + coll) })
	}
}

// cardUpdateRequest refuses changes of the issued data through the record
// API (the dashboard included) and remembers who in the office acts.
func cardUpdateRequest(e *core.RecordRequestEvent) error {
	for _, f := range fieldsOfIssue {
		if changed(e.Record.Original(), e.Record, f) {
			return guard.Refuse(f, "validation_card_correction_only",
				"Nummer, Art und Gültigkeit einer ausgestellten Karte ändert nur die Aktion „Berichtigen“, mit Begründung.")
		}
	}
	e.Record.Set(keyDecidedBy, staffID(e.Auth))
	return e.Next()
}

// staffID is the staff account behind an office decision; empty for a
// superuser (and anyone else).
func staffID(auth *core.Record) string {
	if auth != nil && auth.Collection().Name == staff.Collection {
		return auth.Id
	}
	return ""
}

func validateCard(e *core.RecordEvent) error {
	return guard.Validate(e, func() ([]guard.Violation, error) {
		if e.Record.GetString("status") == CardRevoked && strings.TrimSpace(e.Record.GetString("revoked_reason")) == "" {
			return []guard.Violation{{Field: "revoked_reason", Code: "validation_required",
				Message: "Bitte begründen Sie den Entzug der Karte."}}, nil
		}
		return nil, nil
	})
}

// cardUpdate holds for every change of a card, whoever makes it: the
// issued data change only through Correct; the status follows
// CardTransition; a revocation is recorded, in the same transaction, in the
// append-only card_revocations.
func cardUpdate(e *core.RecordEvent) error {
	return guard.InTransaction(e, func(tx core.App) error {
		// the stored card, not the record's Original(): a record saved
		// before keeps the values it was loaded with
		before, err := tx.FindRecordById(Cards, e.Record.Id)
		if err != nil {
			return err
		}
		if e.Record.GetRaw(keyCorrection) != true {
			for _, f := range fieldsOfIssue {
				if changed(before, e.Record, f) {
					return guard.Refuse(f, "validation_card_correction_only",
						"Nummer, Art und Gültigkeit einer ausgestellten Karte ändert nur die Aktion „Berichtigen“, mit Begründung.")
				}
			}
		}
		from, to := before.GetString("status"), e.Record.GetString("status")
		if err := CardTransition(from, to); err != nil {
			return guard.Refuse("status", "validation_card_status", err.Error())
		}
		// a card that stops being active records when (ActiveOn counts by it)
		if from == CardActive && to == CardExpired && e.Record.GetDateTime("ended_at").IsZero() {
			e.Record.Set("ended_at", time.Now())
		}
		if err := e.Next(); err != nil {
			return err
		}
		if to != CardRevoked || from == CardRevoked {
			return nil
		}
		decidedBy, _ := e.Record.GetRaw(keyDecidedBy).(string)
		return recordRevocation(tx, e.Record.GetString("number"), e.Record.Id, e.Record.GetString("revoked_reason"), decidedBy)
	})
}

func recordRevocation(tx core.App, number, cardID, reason, decidedBy string) error {
	coll, err := tx.FindCachedCollectionByNameOrId(Revocations)
	if err != nil {
		return err
	}
	r := core.NewRecord(coll)
	r.Set("number", number)
	r.Set("card", cardID)
	r.Set("reason", strings.TrimSpace(reason))
	r.Set("decided_by", decidedBy)
	return tx.Save(r)
}

// Revoke takes a card away for good, with a reason; decidedBy is the staff
// account (empty for a superuser or BEN itself).
func Revoke(app core.App, card *core.Record, reason, decidedBy string) error {
	if strings.TrimSpace(reason) == "" {
		return guard.Refuse("reason", "validation_required", "Bitte begründen Sie den Entzug der Karte.")
	}
	return app.RunInTransaction(func(tx core.App) error {
		fresh, err := tx.FindRecordById(Cards, card.Id)
		if err != nil {
			return err
		}
		if fresh.GetString("status") == CardRevoked {
			return guard.Refuse("status", "validation_card_status", "Die Karte ist bereits entzogen.")
		}
		fresh.Set("status", CardRevoked)
		fresh.Set("revoked_reason", strings.TrimSpace(reason))
		fresh.Set(keyDecidedBy, decidedBy)
		return tx.Save(fresh)
	})
}

// numberCard gives a new card its number from the year's counter (the
// calendar year of issue in Bitburg), in the transaction of the write. A
// number given by Go code must lie above the counter, which then moves up
// to it: numbers only go up, so none is ever issued twice, whatever
// happened to an earlier card.
func numberCard(e *core.RecordEvent) error {
	return guard.InTransaction(e, func(tx core.App) error {
		issued := e.Record.GetDateTime("issued_at").Time()
		if issued.IsZero() {
			issued = time.Now()
			e.Record.Set("issued_at", issued)
		}
		number := e.Record.GetString("number")
		if number == "" {
			n, err := nextCardNumber(tx, NumberYear(issued))
			if err != nil {
				return err
			}
			e.Record.Set("number", n)
		} else if err := claimNumber(tx, number, "number"); err != nil {
			return err
		}
		return e.Next()
	})
}

// counterOf is the counter record of year, created at zero when missing.
func counterOf(tx core.App, year int) (*core.Record, error) {
	r, err := tx.FindFirstRecordByFilter(Counters, "year = {:y}", dbx.Params{"y": year})
	if err == nil {
		return r, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	coll, err := tx.FindCachedCollectionByNameOrId(Counters)
	if err != nil {
		return nil, err
	}
	r = core.NewRecord(coll)
	r.Set("year", year)
	r.Set("last", 0)
	return r, nil
}

// MaxSeq is the highest running number of a year (five digits).
const MaxSeq = 99999

// nextCardNumber moves the year's counter on by one and returns the number.
func nextCardNumber(tx core.App, year int) (string, error) {
	counter, err := counterOf(tx, year)
	if err != nil {
		return "", err
	}
	seq := counter.GetInt("last") + 1
	if seq > MaxSeq {
		return "", fmt.Errorf("card numbers of %d are used up", year)
	}
	counter.Set("last", seq)
	if err := tx.Save(counter); err != nil {
		return "", err
	}
	return CardNumber(year, seq), nil
}

// claimNumber accepts a number chosen by Go code only above its year's
// counter, and moves the counter to it. Refusals name field.
func claimNumber(tx core.App, number, field string) error {
	var year, seq int
	if _, err := fmt.Sscanf(number, "BIT-%04d-%05d", &year, &seq); err != nil || CardNumber(year, seq) != number {
		return guard.Refuse(field, "validation_card_number", "Kartennummern haben die Form BIT-2026-00042.")
	}
	counter, err := counterOf(tx, year)
	if err != nil {
		return err
	}
	if seq <= counter.GetInt("last") {
		return guard.Refuse(field, "validation_card_number_used",
			fmt.Sprintf("Die Nummer %s ist bereits vergeben worden; Kartennummern werden nie erneut vergeben.", number))
	}
	counter.Set("last", seq)
	return tx.Save(counter)
}

// activeCardOf is the active card an account holds, or nil.
func activeCardOf(app core.App, userID string) (*core.Record, error) {
	if userID == "" {
		return nil, nil
	}
	c, err := app.FindFirstRecordByFilter(Cards, "holder = {:h} && status = 'active'", dbx.Params{"h": userID})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return c, err
}

// heldCard is the id of the active card an account holds ("" for none)
// and the name it is issued in (the names on its application): one
// indexed lookup, for every new, submitted and approved application.
func heldCard(app core.App, userID string) (string, PersonName, error) {
	if userID == "" {
		return "", PersonName{}, nil
	}
	var row struct {
		ID    string         `db:"id"`
		First sql.NullString `db:"first_name"`
		Last  sql.NullString `db:"last_name"`
	}
	err := app.DB().Select("c.id", "a.first_name", "a.last_name").
		From(Cards+" c").
		LeftJoin(Applications+" a", dbx.NewExp("a.id = c.application")).
		// the status written out, not bound: SQLite plans a bound value
		// of a column it keeps statistics of (PRAGMA optimize) from that
		// value, and so prepares the kept statement anew for every run
		Where(dbx.NewExp("c.holder = {:holder} AND c.status = '"+CardActive+"'", dbx.Params{"holder": userID})).
		Limit(1).
		One(&row)
	if errors.Is(err, sql.ErrNoRows) {
		return "", PersonName{}, nil
	}
	if err != nil {
		return "", PersonName{}, err
	}
	return row.ID, PersonName{First: row.First.String, Last: row.Last.String}, nil
}

// endActiveCards ends the active cards of holder (but keep) on the day
// now: a person holds one active card, and the new one replaces them. The
// caller passes the ended cards to replaced once the new card is stored.
func endActiveCards(tx core.App, holder string, keep *core.Record, now time.Time) ([]*core.Record, error) {
	if holder == "" {
		return nil, nil
	}
	active, err := tx.FindRecordsByFilter(Cards, "holder = {:h} && status = 'active' && id != {:keep}", "", 0, 0,
		dbx.Params{"h": holder, "keep": keep.Id})
	if err != nil {
		return nil, err
	}
	for _, c := range active {
		c.Set("status", CardExpired)
		c.Set("ended_at", now)
		if err := tx.Save(c); err != nil {
			return nil, err
		}
	}
	return active, nil
}

// replaced records that card replaced the ended cards and tells their
// holder once the transaction is committed: no card ends without its
// holder being told.
func replaced(tx core.App, ended []*core.Record, card *core.Record) error {
	for _, old := range ended {
		// the relation is written directly: the ended card was saved before
		// the new one existed
		if _, err := tx.DB().Update(Cards, dbx.Params{"replaced_by": card.Id}, dbx.HashExp{"id": old.Id}).Execute(); err != nil {
			return err
		}
		publiccache.Changed(tx, Cards)
		user, err := tx.FindRecordById("users", old.GetString("holder"))
		if err != nil {
			tx.Logger().Warn("Mail zur Ehrenamtskarte ohne Empfänger", "about", Cards+"/"+old.Id, "error", err)
			continue
		}
		name := cardName(tx, old)
		if name == "" {
			name = user.GetString("name")
		}
		mailer.AfterCommit(tx, mailer.Mail{To: user.Email(), About: Cards + "/" + old.Id, Letter: mailer.CardReplaced{
			Name: name, OldNumber: old.GetString("number"), NewNumber: card.GetString("number"),
			Link: mailer.Link(tx, "/ehrenamtskarte"),
		}})
	}
	return nil
}

// PersonName is the first and last name an application gives of the
// person the card is for.
type PersonName struct{ First, Last string }

func (n PersonName) String() string { return strings.TrimSpace(n.First + " " + n.Last) }

// nameOn is the name application gives.
func nameOn(application *core.Record) PersonName {
	return PersonName{First: application.GetString("first_name"), Last: application.GetString("last_name")}
}

// cardPerson is the name a card is issued in: the first and last name on
// its application; empty when the card has no application.
func cardPerson(app core.App, c *core.Record) PersonName {
	a, err := app.FindRecordById(Applications, c.GetString("application"))
	if err != nil {
		return PersonName{}
	}
	return nameOn(a)
}

// cardName is cardPerson as one text ("Vera Vorlage").
func cardName(app core.App, c *core.Record) string { return cardPerson(app, c).String() }

// ReplacementRule decides whether a new card in the name newName may
// replace the active card an account holds in the name heldName, as a
// claimed group card does: only a card of the same person (names compared
// by textkey.Same: case, accents and look-alike characters do not count).
// A card in another person's name never ends another person's card; that
// person claims it with an account of their own.
func ReplacementRule(heldName, newName string) *guard.Violation {
	if textkey.Same(heldName, newName) {
		return nil
	}
	return &guard.Violation{Field: "token", Code: "validation_card_claim_other_person",
		Message: "Mit diesem Benutzerkonto ist bereits die gültige Ehrenamtskarte einer anderen Person verbunden. " +
			"Jede Person übernimmt ihre Karte mit einem eigenen Benutzerkonto: Bitte melden Sie sich mit dem Konto der Person an, " +
			"für die die Karte ausgestellt ist, oder legen Sie für sie eines an."}
}

// RenewalRule decides whether an account that holds an active card in the
// name held may file (submit, have approved) an individual application in
// the name applied. Approving it ends the card held and issues the new one
// to the same account, so it is a renewal, and the decision is
// ReplacementRule's: only the same person (case, accents and look-alike
// characters do not count), never a card of another person. Each person
// applies with an account of their own. The refusal names the field that
// differs: the first name when the last names are the same.
func RenewalRule(held, applied PersonName) *guard.Violation {
	if ReplacementRule(held.String(), applied.String()) == nil {
		return nil
	}
	field := "last_name"
	if textkey.Same(held.Last, applied.Last) {
		field = "first_name"
	}
	return &guard.Violation{Field: field, Code: "validation_card_other_person",
		Message: "Mit diesem Benutzerkonto ist bereits eine gültige Ehrenamtskarte auf einen anderen Namen verbunden. " +
			"Jede Person beantragt ihre Karte mit einem eigenen Benutzerkonto: Eine Karte für eine andere Person " +
			"(zum Beispiel für ein Kind) wird mit dem Konto dieser Person beantragt; wer noch keines hat, legt eines an. " +
			"Die Verlängerung der eigenen Karte wird auf den Namen beantragt, auf den die Karte ausgestellt ist; " +
			"hat sich der Name geändert, hilft die Koordinierungsstelle weiter."}
}

// Blocked reports whether a genuine card token of number may no longer
// count although its date has not passed: the number was revoked (for
// good: card_revocations), or its card is no longer active (ended by a
// renewal, expired, revoked) or no longer exists. The revocation list
// publishes exactly these numbers (BlockedNumbers), so the partners'
// offline check and the online check agree.
func Blocked(app core.App, number string) (bool, error) {
	n, err := app.CountRecords(Revocations, dbx.HashExp{"number": number})
	if err != nil || n > 0 {
		return n > 0, err
	}
	c, err := app.FindFirstRecordByData(Cards, "number", number)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	return c.GetString("status") != CardActive, nil
}

// BlockedNumbers are the numbers the revocation list names: every revoked
// number, and every card that is not active.
func BlockedNumbers(app core.App) ([]string, error) {
	var numbers []string
	err := app.DB().NewQuery(`SELECT number FROM {{` + Revocations + `}} UNION SELECT number FROM {{` + Cards + `}} WHERE status != 'active' ORDER BY number`).Column(&numbers)
	return numbers, err
}
