package privacy

import (
	"strings"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/core"
)

// Owned says which records of Collection are a person's: those linked to
// the account in UserField, and those that name in EmailField the address
// the account has verified (sent as a guest, before or without logging
// in; an unverified address proves nothing). Either field may be "".
//
// Export and Delete are the usual Exporter and Eraser of such records;
// a concern with more to do writes its own around Find.
type Owned struct {
	Collection string
	UserField  string
	EmailField string
}

// Where selects the records of user; false when none can be theirs.
func (o Owned) Where(user *core.Record) (dbx.Expression, bool) {
	var ways []dbx.Expression
	if o.UserField != "" {
		ways = append(ways, dbx.HashExp{o.Collection + "." + o.UserField: user.Id})
	}
	if o.EmailField != "" && user.Verified() && user.Email() != "" {
		ways = append(ways, dbx.NewExp("LOWER([["+o.Collection+"."+o.EmailField+"]]) = {:ownEmail}",
			dbx.Params{"ownEmail": strings.ToLower(user.Email())}))
	}
	if len(ways) == 0 {
		return nil, false
	}
	return dbx.Or(ways...), true
}

// Find returns the records of user.
func (o Owned) Find(app core.App, user *core.Record) ([]*core.Record, error) {
	where, ok := o.Where(user)
	if !ok {
		return nil, nil
	}
	return app.FindAllRecords(o.Collection, where)
}

// Export returns an Exporter of the records of user: each as its public
// export (hidden fields stay out), without decided_by (who in the office
// decided is not the person's data), and with what add puts in (nil for
// nothing).
func (o Owned) Export(add func(app core.App, r *core.Record, item map[string]any)) Exporter {
	return func(app core.App, user *core.Record) (any, error) {
		records, err := o.Find(app, user)
		if err != nil {
			return nil, err
		}
		out := make([]map[string]any, 0, len(records))
		for _, r := range records {
			item := r.PublicExport()
			delete(item, "decided_by")
			if add != nil {
				add(app, r, item)
			}
			out = append(out, item)
		}
		return out, nil
	}
}

// Delete deletes the records of user: an Eraser.
func (o Owned) Delete(app core.App, user *core.Record) error {
	records, err := o.Find(app, user)
	if err != nil {
		return err
	}
	_, err = DeleteRecords(app, records)
	return err
}

// DeleteRecords deletes records one by one, through every hook, and returns
// how many it deleted before an error stopped it.
func DeleteRecords(app core.App, records []*core.Record) (int, error) {
	for i, r := range records {
		if err := app.Delete(r); err != nil {
			return i, err
		}
	}
	return len(records), nil
}
