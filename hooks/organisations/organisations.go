// Package organisations holds what the API rules of the organisations
// collection cannot say: a registration by a citizen always starts pending
// with its author as the only editor (and the office is told), slugs are
// derived from names, contact data marked private is shown only to the
// organisation's editors and to staff, and the rows of organisation_topics
// (topics.go) follow the organisations' topics and names.
package organisations

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/dispatch"
	"ben/hooks/filterguard"
	"ben/hooks/mailer"
	"ben/hooks/slug"
	"ben/hooks/staff"
)

// Collection is the name of the organisations collection.
const Collection = "organisations"

// Statuses of an organisation.
const (
	StatusPending   = "pending"
	StatusPublished = "published"
	StatusArchived  = "archived"
)

// ContactFields are public only when the organisation set contact_public.
var ContactFields = []string{"contact_name", "email", "phone"}

// Register binds the organisation hooks to app.
func Register(app core.App) {
	dispatch.OnRecordCreateRequest(app, Collection).BindFunc(startPending)
	dispatch.OnRecordCreate(app, Collection).BindFunc(fillDefaults)
	dispatch.OnRecordUpdate(app, Collection).BindFunc(fillDefaults)
	dispatch.OnRecordUpdate(app, Collection).BindFunc(tellEditorsWhenPublished)
	dispatch.OnRecordEnrich(app, Collection).BindFunc(hidePrivateContact)
	registerTopics(app)

	// filtering on a hidden value would let anyone guess it letter by letter
	filterguard.Protect(app, Collection, privateFilterMessage, ContactFields...)
	filterguard.ProtectMembers(app, Collection, privateFilterMessage, "editors")
}

// startPending makes a citizen's registration pending with the citizen as
// the only editor, whatever the request body said. The office (superusers
// and buero staff) creates freely.
func startPending(e *core.RecordRequestEvent) error {
	if !staff.MayDecide(e.Auth) {
		e.Record.Set("status", StatusPending)
		e.Record.Set("verified", false)
		e.Record.Set("editors", []string{e.Auth.Id})
	}
	return e.Next()
}

// fillDefaults derives the slug from the name when none was given, and
// starts a new organisation as pending unless staff chose a status.
func fillDefaults(e *core.RecordEvent) error {
	if e.Record.GetString("status") == "" {
		e.Record.Set("status", StatusPending)
	}
	if e.Record.GetString("slug") == "" {
		e.Record.Set("slug", slug.Make(e.Record.GetString("name")))
	}
	return e.Next()
}

// tellEditorsWhenPublished mails the editors once the office has published
// their organisation (from pending or archived), after the write is stored.
func tellEditorsWhenPublished(e *core.RecordEvent) error {
	was := e.Record.Original().GetString("status")
	if err := e.Next(); err != nil {
		return err
	}
	if was == StatusPublished || e.Record.GetString("status") != StatusPublished {
		return nil
	}
	editors, err := e.App.FindRecordsByIds("users", e.Record.GetStringSlice("editors"))
	if err != nil {
		return err
	}
	name, slug := e.Record.GetString("name"), e.Record.GetString("slug")
	for _, editor := range editors {
		if editor.Email() == "" {
			continue
		}
		mailer.AfterCommit(e.App, mailer.Mail{To: editor.Email(), About: Collection + "/" + e.Record.Id,
			Letter: mailer.OrganisationPublished{Name: name, Link: mailer.Link(e.App, "/vereine/"+slug), AccountLink: mailer.Link(e.App, "/konto")}})
	}
	return nil
}

// ContactVisible reports whether a viewer may see the contact data of org:
// everyone when the organisation made it public, otherwise only its editors
// and staff.
func ContactVisible(org *core.Record, viewer *core.Record) bool {
	if org.GetBool("contact_public") {
		return true
	}
	if viewer == nil {
		return false
	}
	if staff.MayDecide(viewer) {
		return true
	}
	return slices.Contains(org.GetStringSlice("editors"), viewer.Id)
}

func hidePrivateContact(e *core.RecordEnrichEvent) error {
	var viewer *core.Record
	if e.RequestInfo != nil {
		viewer = e.RequestInfo.Auth
	}
	if !ContactVisible(e.Record, viewer) {
		e.Record.Hide(ContactFields...)
	}
	// who edits a club is nobody else's business either
	if viewer == nil || (!staff.MayDecide(viewer) && !slices.Contains(e.Record.GetStringSlice("editors"), viewer.Id)) {
		e.Record.Hide("editors")
	}
	return e.Next()
}

const privateFilterMessage = "Nach Kontaktdaten oder Bearbeitenden kann nicht gefiltert oder sortiert werden."
