package card

import (
	"database/sql"
	"errors"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/accounts"
	"ben/hooks/guard"
	"ben/hooks/mailer"
	"ben/hooks/organisations"
)

// submission is what submitting an application (or asking again for its
// confirmations) decides on, read once in the write's transaction: whom the
// application is about, its engagements and the organisations in BEN they
// name. The eligibility check, the rule on contact addresses and the
// confirmation requests all judge the same data, and SQLite's one write
// lock is held for three reads instead of one per rule and engagement.
type submission struct {
	application *core.Record
	subject     Subject
	engagements []*core.Record // oldest first
	orgs        map[string]*organisationInBEN
}

// organisationInBEN is an organisation an engagement names: its record
// (nil when it is gone) and what the confirmation rules see of it.
type organisationInBEN struct {
	record *core.Record
	rules  Organisation
}

// loadSubmission reads application's engagements and their organisations
// through tx; s is whom the application is about.
func loadSubmission(tx core.App, application *core.Record, s Subject) (*submission, error) {
	var rows []*core.Record
	err := tx.RecordQuery(Engagements).
		AndWhere(dbx.HashExp{"application": application.Id}).
		OrderBy("created ASC", "id ASC").
		All(&rows)
	if err != nil {
		return nil, err
	}
	sub := &submission{application: application, subject: s, engagements: rows, orgs: map[string]*organisationInBEN{}}
	for _, r := range rows {
		id := r.GetString("organisation")
		if id == "" || sub.orgs[id] != nil {
			continue
		}
		org, err := tx.FindRecordById(organisations.Collection, id)
		if err != nil {
			sub.orgs[id] = &organisationInBEN{rules: Organisation{InBEN: true}}
			continue
		}
		sub.orgs[id] = &organisationInBEN{record: org, rules: organisationOf(tx, org)}
	}
	return sub, nil
}

// check runs the eligibility check (Check) over the application and its
// engagements.
func (s *submission) check(on time.Time) Result {
	a := Applicant{
		Kind:              s.application.GetString("kind"),
		BirthDate:         s.application.GetDateTime("birth_date").Time(),
		ResidentInBitburg: s.application.GetBool("resident_in_bitburg"),
		Postcode:          s.application.GetString("postcode"),
	}
	for _, r := range s.engagements {
		a.Engagements = append(a.Engagements, Engagement{
			HoursPerWeek: r.GetFloat("hours_per_week"),
			HoursPerYear: r.GetFloat("hours_per_year"),
			Since:        r.GetDateTime("since").Time(),
			Allowance:    r.GetString("allowance"),
			InBitburg:    r.GetBool("in_bitburg"),
			Label:        s.label(r),
		})
	}
	return Check(a, on)
}

// label names an engagement for the office: role and organisation.
func (s *submission) label(r *core.Record) string {
	org := r.GetString("organisation_name")
	if o := s.orgs[r.GetString("organisation")]; o != nil && o.record != nil {
		org = o.record.GetString("name")
	}
	switch {
	case r.GetString("role") != "" && org != "":
		return r.GetString("role") + " bei " + org
	case org != "":
		return org
	}
	return r.GetString("role")
}

// contactAddresses refuses an application whose e-mail links would go to
// the people it is about (who may have changed their address since the
// engagement was typed).
func (s *submission) contactAddresses() error {
	for _, r := range s.engagements {
		if r.GetString("organisation") != "" {
			continue
		}
		if v := ContactAddressRule(r.GetString("contact_email"), s.subject); v != nil {
			v.Field = "engagements"
			return guard.Errors(*v)
		}
	}
	return nil
}

// way is how engagement r must be confirmed (WayOf), with the record of
// the organisation in BEN it names (nil for one outside BEN or one that
// is gone).
func (s *submission) way(r *core.Record) (string, *core.Record, Organisation) {
	id := r.GetString("organisation")
	if id == "" {
		return ViaEmailLink, nil, Organisation{}
	}
	o := s.orgs[id]
	if o == nil || o.record == nil {
		return ViaOffice, nil, Organisation{InBEN: true}
	}
	return WayOf(o.rules, s.subject), o.record, o.rules
}

// confirmationRequests asks for the confirmation of every engagement that
// is not confirmed yet, each the way the rules say (WayOf): the editors of
// an organisation in BEN are told to confirm in the portal; the contact
// person of an organisation outside BEN gets a fresh single-use link (older
// links stop working; only the link's hash is stored); what only the office
// can confirm waits in its inbox. It returns the mails.
func (s *submission) confirmationRequests(tx core.App) ([]mailer.Mail, error) {
	name := s.application.GetString("first_name") + " " + s.application.GetString("last_name")
	var mails []mailer.Mail
	told := map[string]bool{} // an editor hears once per application
	for _, r := range s.engagements {
		if !r.GetDateTime("confirmed_at").IsZero() {
			continue
		}
		way, org, o := s.way(r)
		switch way {
		case ViaEmailLink:
			if ContactAddressRule(r.GetString("contact_email"), s.subject) != nil {
				continue // refused at submission; never mail it
			}
			token := confirmationLink.Issue(r, time.Now())
			if err := storeLink(tx, r); err != nil {
				return nil, err
			}
			mails = append(mails, mailer.Mail{To: r.GetString("contact_email"), About: Engagements + "/" + r.Id,
				Letter: mailer.CardConfirmationRequest{
					ContactName:   r.GetString("contact_name"),
					ApplicantName: name,
					Organisation:  r.GetString("organisation_name"),
					Role:          r.GetString("role"),
					ValidDays:     int(ConfirmationLinkValidity / (24 * time.Hour)),
					Link:          ConfirmationURL(tx, token),
				}})
		case ViaEditor:
			// a link someone typed is never used for a club in BEN
			if r.GetString("confirm_token_hash") != "" {
				confirmationLink.Revoke(r)
				if err := storeLink(tx, r); err != nil {
					return nil, err
				}
			}
			for _, editor := range Confirmers(o, s.subject) {
				if told[editor.ID] {
					continue
				}
				told[editor.ID] = true
				mails = append(mails, mailer.Mail{To: editor.Email, About: Engagements + "/" + r.Id,
					Letter: mailer.CardEditorConfirmationRequest{
						EditorName:    editor.Name,
						ApplicantName: name,
						Organisation:  org.GetString("name"),
						Link:          mailer.Link(tx, "/mein-verein/"+org.GetString("slug")+"/ehrenamtskarte"),
					}})
			}
		}
	}
	return mails, nil
}

// storeLink writes the hash and expiry of engagement r's confirmation link
// as r holds them (confirmationLink.Issue or Revoke), and the time of the
// change. The two fields are hidden and only BEN writes them
// (refuseConfirmationFields), so this is one UPDATE of three columns in the
// submission's transaction rather than a save of the whole record through
// every hook of a change: nothing that anyone can read of the engagement
// changes, and no rule of the record judges these fields. Guests cannot
// read engagements, so the public read cache need not hear of it
// (publiccache.Changed).
func storeLink(tx core.App, r *core.Record) error {
	now := types.NowDateTime()
	_, err := tx.DB().Update(Engagements, dbx.Params{
		confirmationLink.HashField:    r.GetString(confirmationLink.HashField),
		confirmationLink.ExpiresField: r.GetDateTime(confirmationLink.ExpiresField).String(),
		"updated":                     now.String(),
	}, dbx.HashExp{"id": r.Id}).Execute()
	if err != nil {
		return err
	}
	r.Set("updated", now)
	return nil
}

// storedState is the stored status of application and the account that
// filed it, read in one query through app (pass the write's transaction):
// the state a status change starts from. Record.Original is the state when
// the record was loaded, which Go code that saves a record twice has
// already changed, and a read before the transaction may miss a concurrent
// change. A record that is not stored (yet) is taken as it was loaded.
func storedState(app core.App, application *core.Record) (string, Person, error) {
	var row struct {
		Status    string         `db:"status"`
		Applicant string         `db:"applicant"`
		Email     sql.NullString `db:"email"`
		Name      sql.NullString `db:"name"`
	}
	err := app.DB().Select("a.status", "a.applicant", "u.email", "u.name").
		From(Applications+" a").
		LeftJoin(accounts.Collection+" u", dbx.NewExp("u.id = a.applicant")).
		Where(dbx.HashExp{"a.id": application.Id}).
		Limit(1).
		One(&row)
	if errors.Is(err, sql.ErrNoRows) {
		original := application.Original()
		return original.GetString("status"), Person{ID: original.GetString("applicant")}, nil
	}
	if err != nil {
		return "", Person{}, err
	}
	if row.Applicant != application.GetString("applicant") {
		// the office changes the applicant with the status: the new one
		return row.Status, applicantOf(app, application), nil
	}
	return row.Status, Person{ID: row.Applicant, Email: row.Email.String, Name: row.Name.String}, nil
}

// subjectWith is whom application is about, given the account that filed
// it.
func subjectWith(application *core.Record, applicant Person) Subject {
	return newSubject(applicant, application.GetString("first_name")+" "+application.GetString("last_name"),
		application.GetString("holder_email"), application.GetString("group_organisation"))
}

// newSubject: the person an application names is its holder; the holder's
// address is the applicant's own, except on a group application, which
// names it apart.
func newSubject(applicant Person, holderName, holderEmail, groupOrganisation string) Subject {
	s := Subject{Applicant: applicant, Holder: Person{Name: holderName, Email: holderEmail}}
	if groupOrganisation == "" {
		s.Holder.Email = applicant.Email
	}
	return s
}

// applicantOf is the account that filed application as the confirmation
// rules see it, read as three columns; without the account, its id only.
func applicantOf(app core.App, application *core.Record) Person {
	id := application.GetString("applicant")
	var row struct {
		Email string `db:"email"`
		Name  string `db:"name"`
	}
	err := app.DB().Select("email", "name").From(accounts.Collection).Where(dbx.HashExp{"id": id}).Limit(1).One(&row)
	if err != nil {
		return Person{ID: id}
	}
	return Person{ID: id, Email: row.Email, Name: row.Name}
}

// subjectOfApplication is whom the application with id is about, read in
// one query; false when there is no such application.
func subjectOfApplication(app core.App, id string) (Subject, bool, error) {
	var row struct {
		Applicant         string         `db:"applicant"`
		FirstName         string         `db:"first_name"`
		LastName          string         `db:"last_name"`
		HolderEmail       string         `db:"holder_email"`
		GroupOrganisation string         `db:"group_organisation"`
		Email             sql.NullString `db:"email"`
		Name              sql.NullString `db:"name"`
	}
	err := app.DB().Select("a.applicant", "a.first_name", "a.last_name", "a.holder_email", "a.group_organisation", "u.email", "u.name").
		From(Applications+" a").
		LeftJoin(accounts.Collection+" u", dbx.NewExp("u.id = a.applicant")).
		Where(dbx.HashExp{"a.id": id}).
		Limit(1).
		One(&row)
	if errors.Is(err, sql.ErrNoRows) {
		return Subject{}, false, nil
	}
	if err != nil {
		return Subject{}, false, err
	}
	applicant := Person{ID: row.Applicant, Email: row.Email.String, Name: row.Name.String}
	return newSubject(applicant, row.FirstName+" "+row.LastName, row.HolderEmail, row.GroupOrganisation), true, nil
}
