package workinggroup

import (
	"fmt"
	"strings"

	"ben/hooks/guard"
	"ben/hooks/textkey"
)

// The party rule of the politics seats (strategy §4.1: "drei Mitglieder aus
// in den Stadtrat gewählten Parteien, die anderen drei Parteien stellen
// deren Stellvertreter"): three members from three different parties, their
// three deputies from three other parties, so no party twice among the six;
// a party on every politics seat; each deputy names the member they stand
// in for, and no member has two deputies.

// PartyKey is how parties are compared (textkey.Key): case, spacing,
// accents, fullwidth forms and invisible characters do not make a party a
// different one ("CDU", " cdu ", "ＣＤＵ", "C\u200bDU").
func PartyKey(party string) string {
	return textkey.Key(party)
}

// CheckParties decides whether after may sit on a politics seat beside the
// others present on the same day: it names its party, which is not yet
// among the politics members and deputies, and a deputy names a present
// politics member who has no other deputy. Former members and deputies
// (not active) are history and not judged.
func CheckParties(others []Member, after Member) []guard.Violation {
	if after.Seat != SeatPolitics || !after.Active {
		return nil
	}
	key := PartyKey(after.Party)
	if key == "" {
		return []guard.Violation{{Field: "party", Code: "validation_party_required",
			Message: "Auf den Sitzen der Politik wird immer die Partei oder Wählergruppe angegeben."}}
	}
	for _, o := range others {
		if o.Active && o.Seat == SeatPolitics && PartyKey(o.Party) == key {
			role := "ein Mitglied"
			if o.Deputy {
				role = "eine Stellvertretung"
			}
			return []guard.Violation{{Field: "party", Code: "validation_party_twice", Message: fmt.Sprintf(
				"Die Partei „%s“ stellt in der Politik bereits %s. Drei Parteien stellen die Mitglieder, drei andere die Stellvertretungen: Keine Partei ist zweimal vertreten.",
				strings.TrimSpace(after.Party), role)}}
		}
	}
	if !after.Deputy {
		return nil
	}
	if after.DeputyFor == "" || after.DeputyFor == after.ID {
		return []guard.Violation{{Field: "deputy_for", Code: "validation_deputy_for_required",
			Message: "Eine Stellvertretung vertritt ein Mitglied der Politik. Bitte das Mitglied auswählen, das sie vertritt."}}
	}
	found := false
	for _, o := range others {
		if o.ID == after.DeputyFor && o.politicsMember() {
			found = true
		}
		if o.Active && o.Deputy && o.DeputyFor == after.DeputyFor {
			return []guard.Violation{{Field: "deputy_for", Code: "validation_deputy_for_taken",
				Message: "Dieses Mitglied hat bereits eine Stellvertretung. Jedes Mitglied der Politik hat genau eine."}}
		}
	}
	if !found {
		return []guard.Violation{{Field: "deputy_for", Code: "validation_deputy_for_not_member",
			Message: "Die gewählte Person ist zu dieser Zeit kein Mitglied der Politik im Arbeitskreis. Eine Stellvertretung vertritt ein aktives Mitglied der Politik."}}
	}
	return nil
}

// checkDeputiesKeepTheirMember refuses to take a politics member out of
// the working group (leaving, another seat, becoming a deputy) while a
// deputy still stands in for them.
func checkDeputiesKeepTheirMember(others []Member, before *Member, after Member) []guard.Violation {
	if before == nil || !before.politicsMember() || after.politicsMember() {
		return nil
	}
	for _, o := range others {
		if o.Active && o.Deputy && o.DeputyFor == after.ID {
			field := "active"
			switch {
			case after.Active && after.Seat != SeatPolitics:
				field = "seat"
			case after.Active && after.Deputy:
				field = "deputy"
			}
			return []guard.Violation{{Field: field, Code: "validation_member_has_deputy",
				Message: "Für dieses Mitglied ist eine Stellvertretung eingetragen. Bitte die Stellvertretung zuerst einem anderen Mitglied zuordnen oder beenden."}}
		}
	}
	return nil
}
