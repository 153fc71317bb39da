package mailer

import (
	"strings"
	"testing"
)

// examples hold one letter of every kind, filled the way BEN fills them.
var examples = []Letter{
	CardConfirmationRequest{ContactName: "Karl Kontakt", ApplicantName: "Anna Antrag", Organisation: "Turnverein A", Role: "Übungsleitung", ValidDays: 14, Link: "https://ben.example/ehrenamtskarte/bestaetigen#token"},
	CardReadyForDecision{Link: "https://ben.example/buero/antraege/abc"},
	CardSubmittedNotice{Link: "https://ben.example/buero/antraege/abc"},
	NominationNotice{Round: "Stadtmedaille 2027", Link: "https://ben.example/buero/ehrungen/abc"},
	OfficeMorning{Lines: []string{"1 × Engagements seit über 14 Tagen unbestätigt"}, Link: "https://ben.example/buero"},
	OfficeGathered{Items: []GatheredItem{{Subject: "Neue Anfrage über „Kontakt aufnehmen“", Link: "https://ben.example/buero/anfragen/abc"}}, More: 2, Link: "https://ben.example/buero"},
	ChangesRequested{Organisation: "Turnverein A", Message: "Bitte ergänzen Sie Ihre Treffzeiten.", Link: "https://ben.example/mein-verein/turnverein-a"},
	StaffLoginCode{Name: "Bea Büro", Code: "12345678", ValidMinutes: 10},
	StaffPasswordReset{Name: "Bea Büro", Link: "https://ben.example/buero/passwort-neu?token=t"},
	StaffLoginAlert{Name: "Bea Büro", Info: "17.04.2026 10:00 – 192.0.2.1 Firefox"},
	CardApproved{Name: "Anna Antrag", Number: "BIT-2026-00001", ValidUntil: "17.04.2028", Link: "https://ben.example/ehrenamtskarte"},
	CardRejected{Name: "Anna Antrag", Reason: "Die Stunden sind nicht belegt."},
	CardExpiryReminder{Name: "Anna Antrag", Number: "BIT-2026-00001", ValidUntil: "17.04.2028", Link: "https://ben.example/ehrenamtskarte"},
	CardEditorConfirmationRequest{EditorName: "Anna Vorstand", ApplicantName: "Vera Vorlage", Organisation: "Turnverein A", Link: "https://ben.example/mein-verein/turnverein-a/ehrenamtskarte"},
	CardReplaced{Name: "Gerd Gruppe", OldNumber: "BIT-2026-00002", NewNumber: "BIT-2027-00007", Link: "https://ben.example/ehrenamtskarte"},
	CardClaimInvitation{Name: "Gerd Gruppe", Organisation: "Turnverein A", ValidDays: 60, Link: "https://ben.example/ehrenamtskarte/uebernehmen#t"},
	CardExpiryReminderToClub{Organisation: "Turnverein A", HolderName: "Gerd Gruppe", Number: "BIT-2026-00002", ValidUntil: "17.04.2028", Link: "https://ben.example/ehrenamtskarte"},
	NominationReceived{NominatorName: "Jörg Vorschlag", Nominee: "Änne Beispiel", RoundKind: "stadtmedaille", RoundTitle: "Stadtmedaille 2027", FieldOfAction: "Senioren", Until: "30. April 2027"},
	InterestReceived{Name: "Clara Bürgerin", Opportunity: "Trainerin gesucht", Organisation: "Turnverein A", Guest: true, RetentionMonths: 12},
	EnquiryReceived{Name: "Clara Bürgerin", RetentionMonths: 12},
	EnquiryNotice{Link: "https://ben.example/buero/anfragen/abc"},
	OrganisationRegistered{Name: "Lauftreff Bürgerpark", Link: "https://ben.example/buero/organisationen/abc"},
	AccountVerification{Link: "https://ben.example/bestaetigen?token=t"},
	OrganisationPublished{Name: "Lauftreff Bürgerpark", Link: "https://ben.example/vereine/lauftreff", AccountLink: "https://ben.example/konto"},
	EmailChange{Link: "https://ben.example/email-bestaetigen?token=t"},
	PasswordReset{Link: "https://ben.example/passwort-neu?token=t"},
	LoginAlert{Info: "17.04.2026 10:00 – 192.0.2.1 Firefox"},
}

func TestEveryTemplateHasALetterAndEveryLetterATemplate(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, l := range examples {
		if _, ok := letterTemplates[l.template()]; !ok {
			t.Errorf("%T has no template %s.txt", l, l.template())
		}
		seen[l.template()] = true
	}
	for name := range letterTemplates {
		if !seen[name] {
			t.Errorf("templates/%s.txt belongs to no letter", name)
		}
	}
}

func TestEveryMailRendersAsGermanTextAndHTML(t *testing.T) {
	t.Parallel()
	for _, l := range examples {
		t.Run(l.template(), func(t *testing.T) {
			t.Parallel()
			subject, text, html, err := render(l, "https://ben.example")
			if err != nil {
				t.Fatal(err)
			}
			if subject == "" || strings.Contains(subject, "\n") {
				t.Fatalf("subject must be one line, got %q", subject)
			}
			for _, part := range []string{text, html} {
				if strings.Contains(part, "<no value>") || strings.Contains(part, "{{") {
					t.Fatalf("unfilled placeholder:\n%s", part)
				}
			}
			if !strings.HasPrefix(text, "Guten Tag") {
				t.Errorf("a mail greets first:\n%s", text)
			}
			if !strings.HasSuffix(text, "\n-- \nBitburger Engagement Netz – Koordinierungsstelle Ehrenamt der Stadt Bitburg\nhttps://ben.example\n") {
				t.Errorf("the footer names the office and the portal:\n%s", text)
			}
			if !strings.Contains(html, `<html lang="de">`) || !strings.Contains(html, "<p>Guten Tag") {
				t.Errorf("the HTML part is the same text:\n%s", html)
			}
		})
	}
}

func TestLinksInTheHTMLPartAreClickableAndEscaped(t *testing.T) {
	t.Parallel()
	_, text, html, err := render(EnquiryNotice{Link: "https://ben.example/_/#/collections?collection=enquiries&recordId=abc"}, "https://ben.example")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "\nhttps://ben.example/_/#/collections?collection=enquiries&recordId=abc\n") {
		t.Fatalf("the text part carries the link as it is:\n%s", text)
	}
	want := `<a href="https://ben.example/_/#/collections?collection=enquiries&amp;recordId=abc">https://ben.example/_/#/collections?collection=enquiries&amp;recordId=abc</a>`
	if !strings.Contains(html, want) {
		t.Fatalf("want %s in\n%s", want, html)
	}
}

func TestTextFromPeopleCannotBecomeMarkupInTheHTMLPart(t *testing.T) {
	t.Parallel()
	_, _, html, err := render(CardRejected{Name: `<b>Anna</b>`, Reason: `<script>alert(1)</script> "zu wenig"`}, "https://ben.example")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, "<script>") || strings.Contains(html, "<b>") {
		t.Fatalf("markup from a record reached the HTML:\n%s", html)
	}
	if !strings.Contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Fatalf("the text must stay readable, escaped:\n%s", html)
	}
}

func TestAnAwardIsNamedAfterItsKind(t *testing.T) {
	t.Parallel()
	for kind, want := range map[string]string{
		"stadtmedaille":  "Ihr Vorschlag für die Stadtmedaille Bitburg ist eingegangen",
		"ehrenamtspreis": "Ihr Vorschlag für den Ehrenamtspreis der Stadt Bitburg ist eingegangen",
		"projektpreis":   "Ihr Vorschlag für den Projektpreis der Stadt Bitburg ist eingegangen",
		"":               "Ihr Vorschlag für eine Auszeichnung der Stadt Bitburg ist eingegangen",
	} {
		subject, _, _, err := render(NominationReceived{NominatorName: "J", Nominee: "Ä", RoundKind: kind}, "")
		if err != nil || subject != want {
			t.Errorf("kind %q: subject %q (%v), want %q", kind, subject, err, want)
		}
	}
}

func TestGuestsAreToldWhenTheirDataIsDeleted(t *testing.T) {
	t.Parallel()
	_, guest, _, _ := render(EnquiryReceived{Name: "C", Guest: true, RetentionMonths: 7}, "")
	_, member, _, _ := render(EnquiryReceived{Name: "C", Guest: false, RetentionMonths: 7}, "")
	if !strings.Contains(guest, "Wir löschen sie 7 Monate, nachdem der Vorgang abgeschlossen ist.") {
		t.Errorf("a guest learns the retention:\n%s", guest)
	}
	if !strings.Contains(member, "mit Ihrem Benutzerkonto jederzeit herunterladen") || strings.Contains(member, "Monate") {
		t.Errorf("an account holder learns about export and deletion:\n%s", member)
	}
}

// Every letter to the office about one new item of its inbox keeps the
// office's pace (pace.go) and links the item; the morning mail and the
// gathered mail are about many and go as they are.
func TestEveryNoticeToTheOfficeKeepsItsPace(t *testing.T) {
	t.Parallel()
	for _, l := range examples {
		text, err := templateFiles.ReadFile("templates/" + l.template() + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		toOffice := strings.HasPrefix(string(text), "{{/* An: die Koordinierungsstelle.")
		n, isNotice := l.(notice)
		switch {
		case l.template() == "office_morning" || l.template() == "office_gathered":
			if isNotice {
				t.Errorf("%T is paced itself", l)
			}
		case toOffice != isNotice:
			t.Errorf("%T: to the office %v, paced %v", l, toOffice, isNotice)
		case isNotice && !strings.HasPrefix(n.link(), "https://ben.example/"):
			t.Errorf("%T links %q", l, n.link())
		}
	}
}
