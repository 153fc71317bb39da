package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// The keys that sign the digital volunteer cards (hooks/cardtoken). Staff
// only: BEN creates the first key on its first start; a new record is a
// key rotation. The private key is hidden from every response and sealed
// with the encryption key when --encryptionEnv is set.
func init() {
	m.Register(func(app core.App) error {
		keys := core.NewBaseCollection("card_signing_keys")
		keys.Fields.Add(
			&core.TextField{Name: "kid", Max: 16, Presentable: true,
				Help: "Schlüsselkennung; steht in jeder Karte, die der Schlüssel unterschreibt (wird erzeugt)."},
			&core.TextField{Name: "public_key", Max: 64,
				Help: "Öffentlicher Ed25519-Schlüssel (base64url); wird unter /api/ben/keys veröffentlicht (wird erzeugt)."},
			&core.TextField{Name: "private_key", Max: 400, Hidden: true,
				Help: "Privater Schlüssel; wird nie ausgegeben und mit --encryptionEnv verschlüsselt gespeichert (wird erzeugt)."},
			&core.BoolField{Name: "active",
				Help: "Unterschreibt neue Karten. Ein neuer Datensatz löst den bisherigen Schlüssel ab (Schlüsselwechsel)."},
			&core.DateField{Name: "covers_until",
				Help: "Letzter Gültigkeitstag der Karten, die der Schlüssel unterschrieben hat; so lange bleibt er veröffentlicht (wird gesetzt)."},
			&core.BoolField{Name: "covers_lifetime",
				Help: "Hat eine unbefristete Karte unterschrieben und bleibt daher für immer veröffentlicht (wird gesetzt)."},
			&core.AutodateField{Name: "created", OnCreate: true},
			&core.AutodateField{Name: "updated", OnCreate: true, OnUpdate: true},
		)
		// no API rules: staff (superusers) only
		keys.AddIndex("idx_card_signing_keys_kid", true, "kid", "kid != ''")
		keys.AddIndex("idx_card_signing_keys_active", false, "active", "")
		return app.Save(keys)
	}, func(app core.App) error {
		keys, err := app.FindCollectionByNameOrId("card_signing_keys")
		if err != nil {
			return err
		}
		return app.Delete(keys)
	})
}
