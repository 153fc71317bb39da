// Package manifest is what the seeder tells the load generator about a
// seeded data directory: its size, auth tokens and the ids to request. The
// tokens are valid for BEN and the baseline alike, because both serve
// copies of the same data directory (the signing secrets are in it).
package manifest

import (
	"encoding/json"
	"os"
	"time"
)

// Manifest describes one seeded data directory.
type Manifest struct {
	Scale         string `json:"scale"`
	Organisations int    `json:"organisations"`
	Events        int    `json:"events"`
	Users         int    `json:"users"`
	Applications  int    `json:"applications"`
	// Now is when the data was seeded: event dates lie around it, two
	// thirds before and one third after.
	Now time.Time `json:"now"`

	// SuperuserToken changes an event in the realtime scenario.
	SuperuserToken string `json:"superuserToken"`
	// Writers are users without an application who submit one in the
	// write scenario.
	Writers []Account `json:"writers"`
	// OrganisationIDs are published organisations to view one by one.
	OrganisationIDs []string `json:"organisationIds"`
	// RealtimeEventID is a public upcoming event that the realtime scenario
	// changes; every guest subscribed to "events" must be told.
	RealtimeEventID string `json:"realtimeEventId"`
	// CardIDs are active cards whose tokens the verification scenario
	// checks (BEN signs them on request of the superuser).
	CardIDs []string `json:"cardIds"`
}

// Account is a user's id and an auth token for it.
type Account struct {
	ID    string `json:"id"`
	Token string `json:"token"`
}

// Write stores m as JSON at path.
func Write(path string, m *Manifest) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// Read loads the manifest at path.
func Read(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := new(Manifest)
	return m, json.Unmarshal(data, m)
}
