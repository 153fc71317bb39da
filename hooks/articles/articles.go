// Package articles fills in what staff should not have to type for news,
// information pages and links: the slug and the publication date.
package articles

import (
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/types"

	"ben/hooks/dispatch"
	"ben/hooks/slug"
)

// Collection is the name of the articles collection.
const Collection = "articles"

// Register binds the article hooks to app.
func Register(app core.App) {
	dispatch.OnRecordCreate(app, Collection).BindFunc(fillDefaults)
	dispatch.OnRecordUpdate(app, Collection).BindFunc(fillDefaults)
}

// fillDefaults derives the slug from the title and dates a publication that
// has no date yet, so that "published" alone puts an article online.
func fillDefaults(e *core.RecordEvent) error {
	if e.Record.GetString("slug") == "" {
		e.Record.Set("slug", slug.Make(e.Record.GetString("title")))
	}
	if e.Record.GetBool("published") && e.Record.GetDateTime("published_at").IsZero() {
		e.Record.Set("published_at", types.NowDateTime())
	}
	return e.Next()
}
