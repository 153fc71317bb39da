package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"

	"ben/hooks/staff"
)

// Cards of group applications: the person the card is for gets an
// invitation to claim it with an account of their own (holder_email on the
// application; a single-use link whose hash is kept on the card). Until the
// card has a holder, the editors of the organisation that filed the
// application see it and may print it. Cards are made only by approving an
// application and are never deleted (they are revoked): the API creates
// and deletes none, for superusers neither (hooks/card refuses it).
func init() {
	m.Register(func(app core.App) error {
		applications, err := app.FindCollectionByNameOrId("card_applications")
		if err != nil {
			return err
		}
		applications.Fields.Add(&core.EmailField{Name: "holder_email",
			Help: "Bei Sammelanträgen: E-Mail-Adresse der Person, für die die Karte ist; sie wird eingeladen, die Karte mit einem eigenen Konto zu übernehmen."})
		if err := app.Save(applications); err != nil {
			return err
		}

		cards, err := app.FindCollectionByNameOrId("cards")
		if err != nil {
			return err
		}
		cards.Fields.Add(
			&core.TextField{Name: "claim_token_hash", Max: 64, Hidden: true, Help: "Prüfsumme des Links zum Übernehmen der Karte (intern)."},
			&core.DateField{Name: "claim_expires_at", Hidden: true, Help: "Ablauf des Links zum Übernehmen (intern)."},
			&core.DateField{Name: "claimed_at", Help: "Wann die Person die Karte eines Sammelantrags mit ihrem Konto übernommen hat."},
		)
		cards.AddIndex("idx_cards_claim_token", false, "claim_token_hash", "")
		holderOrClub := `@request.auth.id != "" && (holder = @request.auth.id || (holder = "" && @request.auth.collectionName = "users" && application.group_organisation.editors ~ @request.auth.id))`
		cards.ListRule = staff.Or(ptr(holderOrClub), staff.DecideRule)
		cards.ViewRule = cards.ListRule
		cards.CreateRule = nil
		cards.DeleteRule = nil
		return app.Save(cards)
	}, func(app core.App) error {
		applications, err := app.FindCollectionByNameOrId("card_applications")
		if err != nil {
			return err
		}
		applications.Fields.RemoveByName("holder_email")
		if err := app.Save(applications); err != nil {
			return err
		}
		cards, err := app.FindCollectionByNameOrId("cards")
		if err != nil {
			return err
		}
		for _, f := range []string{"claim_token_hash", "claim_expires_at", "claimed_at"} {
			cards.Fields.RemoveByName(f)
		}
		cards.RemoveIndex("idx_cards_claim_token")
		holder := `@request.auth.id != "" && holder = @request.auth.id`
		cards.ListRule = staff.Or(ptr(holder), staff.DecideRule)
		cards.ViewRule = cards.ListRule
		cards.CreateRule = ptr(staff.DecideRule)
		cards.DeleteRule = ptr(staff.DecideRule)
		return app.Save(cards)
	})
}
