package mailer

func init() {
	examples = append(examples,
		RegistrationReceived{Name: "Clara Bürgerin", Event: "Erste Hilfe für Vereinsaktive", When: "Dienstag, 17.04.2026, 18:00 Uhr", Where: "Feuerwache",
			Guest: true, ConfirmUntil: "16.04.2026, 12:00 Uhr", Link: "https://ben.example/termine/anmeldung#token", RetentionMonths: 12},
		RegistrationMovedUp{Name: "Clara Bürgerin", Event: "Erste Hilfe für Vereinsaktive", When: "Dienstag, 17.04.2026, 18:00 Uhr", Guest: true, Link: "https://ben.example/termine/anmeldung#token"},
		RegistrationEventCancelled{Name: "Clara Bürgerin", Event: "Erste Hilfe für Vereinsaktive", When: "Dienstag, 17.04.2026, 18:00 Uhr"},
		FestivalParticipationNotice{Organisation: "Turnverein A", Festival: "Bitburg engagiert sich 2027", Link: "https://ben.example/_/#/collections?collection=festival_participations&recordId=abc"},
		FestivalParticipationDecided{Organisation: "Turnverein A", Festival: "Bitburg engagiert sich 2027", Accepted: true, Note: "Ihr Stand: Marktplatz 4.", Link: "https://ben.example/mein-verein/turnverein-a/vereinsfest"},
		PartnerApplicationReceived{ContactName: "Karl Kaufmann", Business: "Eiscafé am Markt", RetentionMonths: 12},
		PartnerApplicationNotice{Business: "Eiscafé am Markt", Link: "https://ben.example/_/#/collections?collection=partner_applications&recordId=abc"},
		PartnerApplicationDecided{ContactName: "Karl Kaufmann", Business: "Eiscafé am Markt", Accepted: false, Note: "Wir melden uns im Frühjahr.", Link: "https://ben.example/partner"},
		IdeaReceived{Name: "Clara Bürgerin", Title: "Bänke am Stausee", Guest: true, RetentionMonths: 12},
		IdeaNotice{Title: "Bänke am Stausee", Link: "https://ben.example/_/#/collections?collection=ideas&recordId=abc"},
		IdeaAnswered{Name: "Clara Bürgerin", Title: "Bänke am Stausee", Status: "in Arbeit", Response: "Der Bauhof prüft zwei Standorte.", Link: "https://ben.example/ideen"},
	)
}
