package demo

import (
	"fmt"

	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"
)

// demoSeats are events that take registrations, with who has registered.
var demoSeats = []struct {
	title    string
	capacity int
	guests   []string // confirmed guests, in the order they registered
	citizen  bool     // the demo citizen registered too (after the guests)
}{
	{"Übungsleiter-Grundkurs (Teil 1)", 12, []string{"Hanna Helferin", "Jonas Lernwillig"}, true},
	{"Erste Hilfe für Vereinsaktive", 2, []string{"Erika Ersthelferin", "Max Mutig", "Wilma Warteliste"}, false},
	{"Schnuppertraining für Kinder", 8, []string{"Familie Kicker"}, false},
	{"Ferienprogramm: Graffiti-Workshop", 10, nil, false},
	{"Datenschutz im Verein", 20, nil, false},
}

// fillParticipation adds what citizens, clubs and businesses contribute:
// registrations for events (one of them with a waiting list), the clubs'
// registrations for the festival, an application as a discount partner and
// ideas for Bitburg. Everything goes through the same hooks as in real use.
func fillParticipation(app core.App, users map[string]*core.Record, orgs map[string]*core.Record) error {
	if err := fillRegistrations(app, users[CitizenEmail]); err != nil {
		return err
	}
	if err := fillFestival(app, orgs); err != nil {
		return err
	}
	if _, err := save(app, "partner_applications", map[string]any{
		"business_name": "Fahrradladen Speiche", "contact_name": "Sven Speiche", "email": "sven@speiche.example",
		"address": "Trierer Straße 7, 54634 Bitburg", "category": "Einkaufen", "benefit": "10 % auf Ersatzteile und Reparaturen",
		"message": "Wir würden gern mitmachen!", "consent": true,
	}); err != nil {
		return err
	}
	return fillIdeas(app, users[CitizenEmail])
}

func fillRegistrations(app core.App, citizen *core.Record) error {
	for _, d := range demoSeats {
		ev, err := app.FindFirstRecordByData("events", "title", d.title)
		if err != nil {
			return fmt.Errorf("Termin %q: %w", d.title, err)
		}
		ev.Set("capacity", d.capacity)
		if err := app.Save(ev); err != nil {
			return fmt.Errorf("Termin %q: %w", d.title, err)
		}
		for _, name := range d.guests {
			r, err := save(app, "event_registrations", map[string]any{"event": ev.Id, "name": name,
				"email": mailbox(name) + "@gast.example", "consent": true})
			if err != nil {
				return err
			}
			r.Set("confirmed_at", types.NowDateTime()) // as if they had clicked the link
			if err := app.Save(r); err != nil {
				return err
			}
		}
		if d.citizen {
			if _, err := save(app, "event_registrations", map[string]any{"event": ev.Id, "user": citizen.Id,
				"name": citizen.GetString("name"), "email": citizen.Email()}); err != nil {
				return err
			}
		}
	}
	return nil
}

func fillFestival(app core.App, orgs map[string]*core.Record) error {
	fest, err := app.FindFirstRecordByData("events", "kind", "vereinsfest")
	if err != nil {
		return err
	}
	for _, p := range []struct{ org, offer, needs, status, note string }{
		{"bitburger-tafel", "Mitmach-Quiz: Was ist noch gut? Lebensmittel retten zum Anfassen.", "Ein Pavillon, zwei Tische", "accepted", "Ihr Stand: Spittel, Nummer 3."},
		{"feuerwehr-loeschzug-demo", "Fahrzeugschau und Kübelspritze für Kinder.", "Platz für zwei Fahrzeuge, Wasseranschluss", "accepted", "Sie stehen am Beda-Platz."},
		{OtherClubSlug, "Graffiti-Wand zum Mitsprühen.", "Strom, eine Stellwand", "submitted", ""},
	} {
		r, err := save(app, "festival_participations", map[string]any{"event": fest.Id, "organisation": orgs[p.org].Id,
			"offer": p.offer, "needs": p.needs})
		if err != nil {
			return err
		}
		if p.status != "submitted" {
			r.Set("status", p.status)
			r.Set("note", p.note)
			if err := app.Save(r); err != nil {
				return err
			}
		}
	}
	return nil
}

func fillIdeas(app core.App, citizen *core.Record) error {
	for _, d := range []struct{ title, text, topic, status, response string }{
		{"Bänke am Stausee", "Auf dem Rundweg am Stausee fehlen Bänke. Ältere Menschen würden öfter mitlaufen, wenn sie sich unterwegs ausruhen könnten.", "senioren", "in_progress",
			"Danke für die Anregung! Der Bauhof prüft zwei Standorte; der Arbeitskreis „Engagierte Stadt“ sucht Paten für die Pflege."},
		{"Eine Ehrenamtsbörse beim Stadtfest", "Beim Stadtfest könnten sich Vereine an einem gemeinsamen Stand vorstellen und Helfer suchen.", "nachbarschaft", "done",
			"Umgesetzt: Beim Vereinsfest „Bitburg engagiert sich“ gibt es jetzt einen gemeinsamen Stand."},
	} {
		r, err := save(app, "ideas", map[string]any{"title": d.title, "text": d.text, "topic": d.topic,
			"name": "Ein Gast", "email": "ideen@gast.example", "consent": true})
		if err != nil {
			return err
		}
		r.Set("status", d.status)
		r.Set("response", d.response)
		if err := app.Save(r); err != nil {
			return err
		}
	}
	_, err := save(app, "ideas", map[string]any{"title": "Repair-Café auch im Süden", "text": "Ein zweiter Termin im Bitburger Süden wäre schön.",
		"topic": "umwelt", "user": citizen.Id, "name": citizen.GetString("name"), "email": citizen.Email()})
	return err
}

func save(app core.App, collection string, data map[string]any) (*core.Record, error) {
	coll, err := app.FindCollectionByNameOrId(collection)
	if err != nil {
		return nil, err
	}
	r := core.NewRecord(coll)
	r.Load(data)
	if err := app.Save(r); err != nil {
		return nil, fmt.Errorf("%s: %w", collection, err)
	}
	return r, nil
}

// mailbox is a name as the local part of an address: "Max Mutig" → "max.mutig".
func mailbox(name string) string {
	out := []rune{}
	for _, r := range name {
		switch {
		case r >= 'A' && r <= 'Z':
			out = append(out, r-'A'+'a')
		case r >= 'a' && r <= 'z':
			out = append(out, r)
		case r == ' ' && len(out) > 0 && out[len(out)-1] != '.':
			out = append(out, '.')
		}
	}
	return string(out)
}
