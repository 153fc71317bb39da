package migrations

import (
	"github.com/pocketbase/pocketbase/core"
	m "github.com/pocketbase/pocketbase/migrations"
)

// Uploaded files (the logos of clubs and partners, avatars) are served only
// to those who may view their record: PocketBase then checks the
// collection's view rule for every download. A published club's logo stays public; a pending
// club's logo needs the file token of an editor or of staff, and a guest
// who knows the file name gets 404.
func init() {
	setProtected := func(app core.App, protected bool) error {
		collections, err := app.FindAllCollections()
		if err != nil {
			return err
		}
		for _, c := range collections {
			if c.System {
				continue
			}
			changed := false
			for _, f := range c.Fields {
				if ff, ok := f.(*core.FileField); ok && ff.Protected != protected {
					ff.Protected = protected
					changed = true
				}
			}
			if changed {
				if err := app.Save(c); err != nil {
					return err
				}
			}
		}
		return nil
	}
	m.Register(func(app core.App) error {
		return setProtected(app, true)
	}, func(app core.App) error {
		return setProtected(app, false)
	})
}
