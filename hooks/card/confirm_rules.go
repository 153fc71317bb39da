package card

import (
	"slices"

	"ben/hooks/guard"
	"ben/hooks/textkey"
)

// Ways an engagement is confirmed (the values of engagements.confirmed_via).
const (
	// ViaEditor: an editor of the organisation, in the portal.
	ViaEditor = "editor"
	// ViaEmailLink: the contact person of an organisation outside BEN,
	// through a single-use link sent by e-mail.
	ViaEmailLink = "email_link"
	// ViaOffice: the coordination office, with a written reason.
	ViaOffice = "staff"
)

// Person is someone an application may be about or an editor: an account
// id (empty for a person without one), the account's e-mail and a name.
type Person struct {
	ID    string
	Email string
	Name  string
}

// Subject is whom an application is about: the account that filed it, and
// for a group application the person the card is for (named by name and
// perhaps an e-mail address).
type Subject struct {
	Applicant Person
	Holder    Person // the person named on the application
}

// Organisation is what the confirmation rules look at of an engagement's
// organisation.
type Organisation struct {
	InBEN     bool // the engagement names an organisation in BEN
	Published bool
	Editors   []Person
}

// Names reports whether the application is about p: p filed it, or p is
// the person it names (same e-mail address, or same name).
func (s Subject) Names(p Person) bool {
	if p.ID != "" && p.ID == s.Applicant.ID {
		return true
	}
	for _, own := range []Person{s.Applicant, s.Holder} {
		if sameAddress(p.Email, own.Email) || sameName(p.Name, own.Name) {
			return true
		}
	}
	return false
}

// Confirmers are the editors of org who may confirm an engagement of an
// application about s: editors of a published organisation in BEN, except
// anyone the application is about.
func Confirmers(org Organisation, s Subject) []Person {
	if !org.InBEN || !org.Published {
		return nil
	}
	var out []Person
	for _, e := range org.Editors {
		if !s.Names(e) {
			out = append(out, e)
		}
	}
	return out
}

// WayOf is how an engagement at org must be confirmed: by the editors of a
// published organisation in BEN that has editors besides the people the
// application is about (no e-mail link to a typed address); by e-mail link
// for an organisation outside BEN; otherwise (an organisation in BEN that
// is not published, or whose only editor is the applicant) by the office.
func WayOf(org Organisation, s Subject) string {
	switch {
	case !org.InBEN:
		return ViaEmailLink
	case len(Confirmers(org, s)) > 0:
		return ViaEditor
	default:
		return ViaOffice
	}
}

// MayConfirmAsEditor reports whether editor may confirm an engagement at
// org of an application about s, and why not.
func MayConfirmAsEditor(editor Person, org Organisation, s Subject) (bool, string) {
	if !org.InBEN || !slices.ContainsFunc(org.Editors, func(p Person) bool { return p.ID == editor.ID }) {
		return false, "Bestätigen können nur die Bearbeitenden der Organisation."
	}
	if s.Names(editor) {
		return false, "Niemand bestätigt ein Engagement, um das es im eigenen Antrag geht: das übernimmt eine andere Person der Organisation oder die Koordinierungsstelle."
	}
	if !org.Published {
		return false, "Engagements bei noch nicht veröffentlichten Organisationen bestätigt die Koordinierungsstelle."
	}
	return true, ""
}

// ContactAddressRule refuses a confirmation link to an address of the
// people the application is about: nobody confirms their own hours.
func ContactAddressRule(contactEmail string, s Subject) *guard.Violation {
	if sameAddress(contactEmail, s.Applicant.Email) || sameAddress(contactEmail, s.Holder.Email) {
		return &guard.Violation{Field: "contact_email", Code: "validation_card_own_address",
			Message: "Die Ansprechperson bestätigt Ihre Angaben: bitte geben Sie eine andere E-Mail-Adresse als Ihre eigene an."}
	}
	return nil
}

// sameAddress: the same mailbox, whatever the case or a "+tag"
// (textkey.SameAddress).
func sameAddress(a, b string) bool { return textkey.SameAddress(a, b) }

// sameName: the same name, whatever the case, accents, spacing or
// look-alike characters (textkey.Same).
func sameName(a, b string) bool { return textkey.Same(a, b) }
