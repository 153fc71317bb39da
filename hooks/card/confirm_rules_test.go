package card

import (
	"strings"
	"testing"
)

var (
	anna  = Person{ID: "anna", Email: "anna@club.example", Name: "Anna Vorstand"}
	bernd = Person{ID: "bernd", Email: "bernd@club.example", Name: "Bernd Kasse"}
	clara = Person{ID: "clara", Email: "clara@example.org", Name: "Clara Bürgerin"}
)

// own is Clara's own application; group is Anna's group application for
// Gerd, a member without an account.
var (
	own   = Subject{Applicant: clara, Holder: Person{Name: "Clara Bürgerin", Email: clara.Email}}
	group = Subject{Applicant: anna, Holder: Person{Name: "Gerd Gruppe", Email: "gerd@example.org"}}
)

func TestWayOf(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		org     Organisation
		subject Subject
		want    string
	}{
		{"an organisation outside BEN: e-mail link", Organisation{}, own, ViaEmailLink},
		{"a published club with editors: its editors, never a typed address", Organisation{InBEN: true, Published: true, Editors: []Person{anna}}, own, ViaEditor},
		{"a club whose only editor is the applicant: the office", Organisation{InBEN: true, Published: true, Editors: []Person{clara}}, own, ViaOffice},
		{"a club whose only editor filed the group application: the office", Organisation{InBEN: true, Published: true, Editors: []Person{anna}}, group, ViaOffice},
		{"a club with another editor besides the filer: that editor", Organisation{InBEN: true, Published: true, Editors: []Person{anna, bernd}}, group, ViaEditor},
		{"a pending club: the office, even with other editors", Organisation{InBEN: true, Published: false, Editors: []Person{anna, bernd}}, own, ViaOffice},
		{"a club in BEN without editors: the office", Organisation{InBEN: true, Published: true}, own, ViaOffice},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := WayOf(c.org, c.subject); got != c.want {
				t.Fatalf("WayOf = %q, want %q", got, c.want)
			}
		})
	}
}

// Petra Demo edits a club; an applicant "Pétra Demo" (another account)
// is her under another spelling.
var (
	petra = Person{ID: "petra", Email: "petra@club.example", Name: "Petra Demo"}
	pétra = Subject{Applicant: Person{ID: "p2", Email: "p2@example.org", Name: "Pétra Demo"}, Holder: Person{Name: "Pétra Demo"}}
)

func TestMayConfirmAsEditor(t *testing.T) {
	t.Parallel()
	club := Organisation{InBEN: true, Published: true, Editors: []Person{anna, bernd, clara}}
	namesBernd := Subject{Applicant: anna, Holder: Person{Name: "Bernd  kasse"}}
	bernds := Subject{Applicant: anna, Holder: Person{Name: "B. K.", Email: "BERND@club.example "}}
	cases := []struct {
		name    string
		editor  Person
		org     Organisation
		subject Subject
		want    bool
	}{
		{"an editor confirms someone else's hours", anna, club, own, true},
		{"another editor confirms a citizen's hours", bernd, club, own, true},
		{"the applicant cannot confirm own hours as editor", clara, club, own, false},
		{"the editor who filed a group application cannot confirm it", anna, club, group, false},
		{"another editor may confirm the group application", bernd, club, group, true},
		{"an editor named on the application (by name) cannot confirm it", bernd, club, namesBernd, false},
		{"an editor named on the application (by address) cannot confirm it", bernd, club, bernds, false},
		{"someone who is no editor cannot confirm", Person{ID: "x", Email: "x@example.org", Name: "X"}, club, own, false},
		{"an editor of a pending club cannot confirm", bernd, Organisation{InBEN: true, Editors: []Person{bernd}}, own, false},
		{"an editor cannot confirm an applicant whose name differs by an accent", petra, Organisation{InBEN: true, Published: true, Editors: []Person{petra}}, pétra, false},
		{"an editor cannot confirm an applicant whose name is written in fullwidth letters", petra, Organisation{InBEN: true, Published: true, Editors: []Person{petra}},
			Subject{Applicant: Person{ID: "p2", Name: "Ｐｅｔｒａ Ｄｅｍｏ"}, Holder: Person{Name: "Ｐｅｔｒａ Ｄｅｍｏ"}}, false},
		{"an editor may confirm an applicant with another name", petra, Organisation{InBEN: true, Published: true, Editors: []Person{petra}},
			Subject{Applicant: Person{ID: "p2", Name: "Peter Demo"}, Holder: Person{Name: "Peter Demo"}}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			ok, why := MayConfirmAsEditor(c.editor, c.org, c.subject)
			if ok != c.want {
				t.Fatalf("MayConfirmAsEditor = %v (%s), want %v", ok, why, c.want)
			}
			if !ok && why == "" {
				t.Fatal("a refusal says why")
			}
		})
	}
}

var racer5 = Subject{Applicant: Person{ID: "r5", Email: "racer5@example.org", Name: "Rita Racer"}, Holder: Person{Name: "Rita Racer", Email: "racer5@example.org"}}

func TestContactAddressRule(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		contact string
		subject Subject
		refused bool
	}{
		{"the applicant's own address is refused", "clara@example.org", own, true},
		{"in another spelling too", "  Clara@Example.ORG ", own, true},
		{"a +tag does not make another mailbox", "racer5+x@example.org", racer5, true},
		{"a +tag in capitals neither", "Racer5+Bestaetigung@Example.ORG", racer5, true},
		{"a similar but other mailbox is fine", "racer55@example.org", racer5, false},
		{"a tag on another local part is fine", "x+racer5@example.org", racer5, false},
		{"the filing editor's address on a group application is refused", "anna@club.example", group, true},
		{"the address of the person a group application names is refused", "gerd@example.org", group, true},
		{"someone else's address is fine", "kontakt@verein.example", own, false},
		{"an empty address is for the schema to refuse", "", own, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			if got := ContactAddressRule(c.contact, c.subject) != nil; got != c.refused {
				t.Fatalf("refused = %v, want %v", got, c.refused)
			}
		})
	}
}

func TestReplacementRule(t *testing.T) {
	t.Parallel()
	cases := []struct {
		held, claimed string
		allowed       bool
	}{
		{"Gustav Gruppe", "Gustav Gruppe", true},
		{"Gustav Gruppe", "gustav  GRUPPE", true},
		{"Gustav Gruppe", "Gústav Gruppe", true},
		{"Gustav Gruppe", "Ｇｕｓｔａｖ Ｇｒｕｐｐｅ", true},
		{"Gustav Gruppe", "Gustav\u200b Gruppe", true},
		{"Gustav Gruppe", "Greta Gruppe", false},
		{"Gustav Gruppe", "Gustav Gruppen", false},
		{"", "Greta Gruppe", false}, // a held card without a name is no proof of the same person
	}
	for _, c := range cases {
		v := ReplacementRule(c.held, c.claimed)
		if (v == nil) != c.allowed {
			t.Errorf("ReplacementRule(%q, %q) = %v, want allowed %v", c.held, c.claimed, v, c.allowed)
		}
		if v != nil && (v.Code != "validation_card_claim_other_person" || v.Message == "") {
			t.Errorf("a refusal has a stable code and a German sentence: %+v", v)
		}
	}
}

func TestRenewalRule(t *testing.T) {
	t.Parallel()
	vera := PersonName{"Vera", "Vorlage"}
	cases := []struct {
		name    string
		applied PersonName
		field   string // "" when allowed
	}{
		{"the same name renews the card", PersonName{"Vera", "Vorlage"}, ""},
		{"case and accents do not make another person", PersonName{"VÉRA", "vorlage"}, ""},
		{"spaces between first and last name do not count", PersonName{"Ve", "ra Vorlage"}, ""},
		{"a child of the same last name is another person, said at the first name", PersonName{"Paul", "Vorlage"}, "first_name"},
		{"another last name is another person, said at the last name", PersonName{"Vera", "Vorlagen"}, "last_name"},
		{"a wholly other name, said at the last name", PersonName{"Greta", "Gruppe"}, "last_name"},
		{"an empty name is no proof of the same person", PersonName{}, "last_name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			v := RenewalRule(vera, c.applied)
			if c.field == "" {
				if v != nil {
					t.Fatalf("refused: %+v", v)
				}
				return
			}
			if v == nil || v.Field != c.field || v.Code != "validation_card_other_person" || !strings.Contains(v.Message, "eigenen Benutzerkonto") {
				t.Fatalf("want a refusal at %s with its code and a German sentence, got %+v", c.field, v)
			}
		})
	}
	if v := RenewalRule(PersonName{}, vera); v == nil {
		t.Fatal("a held card without a name is no proof of the same person")
	}
}

// RenewalRule decides as ReplacementRule does: an application renews a
// card exactly when a claim could replace it.
func FuzzRenewalRule(f *testing.F) {
	f.Add("Vera", "Vorlage", "VÉRA", "vorlage")
	f.Add("Vera", "Vorlage", "Paul", "Vorlage")
	f.Add("Gustav", "Gruppe", "Ｇｕｓｔａｖ", "Gru\u200bppe")
	f.Add("", "", "", "")
	f.Fuzz(func(t *testing.T, heldFirst, heldLast, first, last string) {
		held, applied := PersonName{heldFirst, heldLast}, PersonName{first, last}
		v := RenewalRule(held, applied)
		if (v == nil) != (ReplacementRule(held.String(), applied.String()) == nil) {
			t.Fatalf("RenewalRule(%q, %q) = %v disagrees with ReplacementRule", held, applied, v)
		}
		if v != nil && (v.Code != "validation_card_other_person" || (v.Field != "first_name" && v.Field != "last_name")) {
			t.Fatalf("a refusal names a name field and its code: %+v", v)
		}
		if v == nil && RenewalRule(applied, held) != nil {
			t.Fatalf("the same person either way: %q, %q", held, applied)
		}
	})
}
