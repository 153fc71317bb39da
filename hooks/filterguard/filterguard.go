// Package filterguard keeps private field values from being guessed through
// filters. A field hidden from responses can still be filtered or sorted on
// ("email~'a'", then "email~'ab'" …), directly, through a relation or a
// back-relation, through @collection, or in the options of a realtime
// subscription.
//
// The guard judges exactly what PocketBase will evaluate: the query
// parameters as PocketBase reads them, realtime options decoded by
// PocketBase's own subscription parser (JSON, with its escapes), filters
// parsed with PocketBase's filter parser (fexpr) and every identifier
// resolved against the collections the way PocketBase's record field
// resolver walks them (relations, back-relations "x_via_y", modifiers,
// @collection, @request.auth, @request.body relations, function
// arguments). A name that is written differently (escaped, encoded twice,
// in capitals, with a look-alike letter) either resolves to the same field,
// and is refused, or does not resolve for PocketBase either.
//
// Each concern names its private fields with Protect or ProtectMembers; on
// top of those, every e-mail field and every phone field ("phone",
// "…_phone") of every collection is private for everyone but staff.
package filterguard

import (
	"regexp"
	"strings"
	"sync"

	"github.com/ganigeorgiev/fexpr"
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/search"
	"github.com/pocketbase/pocketbase/tools/subscriptions"

	"ben/hooks/staff"
)

// kind is how a field is protected.
type kind int

const (
	// hidden fields are never named by anyone but staff.
	hidden kind = iota + 1
	// members are relations to accounts (a club's editors, a round's jury):
	// a logged-in account may ask whether it is one of them, and nothing else.
	members
)

type protection struct {
	kind    kind
	message string
}

// ContactMessage is the answer for a filter on an e-mail address or phone
// number that is not one of a concern's own private fields.
const ContactMessage = "Nach E-Mail-Adressen oder Telefonnummern kann nicht gefiltert oder sortiert werden."

// UnreadableMessage is the answer for a filter that cannot be parsed.
const UnreadableMessage = "Der Filter ist nicht lesbar. Bitte prüfen Sie Klammern, Anführungszeichen und Operatoren."

// IsStaff reports whether auth may filter, sort and expand on anything: the
// office, who see every private field (superusers and buero staff).
func IsStaff(auth *core.Record) bool {
	return staff.MayDecide(auth)
}

// guard holds one app's private fields.
type guard struct {
	mu     sync.RWMutex
	fields map[string]map[string]protection // collection name → field name → protection
}

const storeKey = "ben.filterguard"

// guardOf returns app's guard, creating it and binding its hooks on first use.
func guardOf(app core.App) *guard {
	return app.Store().GetOrSet(storeKey, func() any {
		g := &guard{fields: map[string]map[string]protection{}}
		g.bind(app)
		return g
	}).(*guard)
}

// Protect names fields of collection whose values nobody but staff may
// filter, sort or expand on; message is the German answer to such a request.
func Protect(app core.App, collection, message string, fields ...string) {
	guardOf(app).add(collection, protection{hidden, message}, fields)
}

// ProtectMembers names relation fields of collection that hold accounts (a
// club's editors, a round's jury). They are protected like Protect's
// fields, with one exception: a logged-in account may ask for the records it
// is one of, with its own account id (the id of the token it sends), e.g.
// "editors ~ '<own id>'" or "jury.id ?= '<own id>'". Any other id is
// refused: it would let anyone test any account's membership.
func ProtectMembers(app core.App, collection, message string, fields ...string) {
	guardOf(app).add(collection, protection{members, message}, fields)
}

func (g *guard) add(collection string, p protection, fields []string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.fields[collection] == nil {
		g.fields[collection] = map[string]protection{}
	}
	for _, f := range fields {
		g.fields[collection][f] = p
	}
}

// protectionOf tells whether field of coll is private, and how.
func (g *guard) protectionOf(coll *core.Collection, field string) (protection, bool) {
	g.mu.RLock()
	p, ok := g.fields[coll.Name][field]
	g.mu.RUnlock()
	if ok {
		return p, true
	}
	if f := coll.Fields.GetByName(field); f != nil && f.Type() == core.FieldTypeEmail {
		return protection{hidden, ContactMessage}, true
	}
	if field == "phone" || strings.HasSuffix(field, "_phone") {
		return protection{hidden, ContactMessage}, true
	}
	return protection{}, false
}

// Refusal is why a request was refused: the query parameter, a stable
// code and the German message.
type Refusal struct {
	Param   string
	Code    string
	Message string
}

func (r *Refusal) apiError(e *core.RequestEvent) error {
	return e.BadRequestError(r.Message, validation.Errors{r.Param: validation.NewError(r.Code, r.Message)})
}

// Check judges the query parameters PocketBase evaluates against coll
// (filter, sort and expand; fields only picks from what the response
// already shows) for the requester auth; nil means they name nothing
// private. List and view requests and realtime subscriptions are judged by
// this one function.
func Check(app core.App, coll *core.Collection, auth *core.Record, query map[string]string) *Refusal {
	if IsStaff(auth) {
		return nil
	}
	g := guardOf(app)
	w := walker{app: app, guard: g, base: coll, auth: auth}
	if filter := query[search.FilterQueryParam]; filter != "" {
		if r := w.filter(filter); r != nil {
			return r
		}
	}
	if sort := query[search.SortQueryParam]; sort != "" {
		for _, f := range search.ParseSortFromString(sort) {
			if f.Name == "@random" || f.Name == "@rowid" {
				continue
			}
			if p, ok := w.firstProtected(w.identifier(f.Name), nil); ok {
				return &Refusal{search.SortQueryParam, "sort_private_field", p.message}
			}
		}
	}
	if expand := query["expand"]; expand != "" {
		for _, path := range strings.Split(expand, ",") {
			// as PocketBase normalises expand paths
			path = strings.Trim(strings.ReplaceAll(path, " ", ""), ".")
			if path == "" {
				continue
			}
			if p, ok := w.firstProtected(w.expandPath(path), nil); ok {
				return &Refusal{"expand", "expand_private_field", p.message}
			}
		}
	}
	return nil
}

// bind refuses list and view requests and realtime subscriptions that name
// a private field.
func (g *guard) bind(app core.App) {
	app.OnServe().BindFunc(func(se *core.ServeEvent) error {
		se.Router.BindFunc(checkRecordRequest)
		return se.Next()
	})
	app.OnRealtimeSubscribeRequest().BindFunc(checkSubscriptions)
}

// checkRecordRequest judges the query of every request to a collection's
// records (list, view, and the expand of create, update and auth answers),
// before PocketBase runs it.
func checkRecordRequest(e *core.RequestEvent) error {
	name := e.Request.PathValue("collection")
	if name == "" || !strings.HasPrefix(e.Request.URL.Path, "/api/collections/") || IsStaff(e.Auth) {
		return e.Next()
	}
	coll, err := e.App.FindCachedCollectionByNameOrId(name)
	if err != nil {
		return e.Next() // PocketBase answers 404
	}
	// the first value of each parameter, as PocketBase reads them
	q := e.Request.URL.Query()
	query := map[string]string{}
	for _, k := range []string{search.FilterQueryParam, search.SortQueryParam, "expand"} {
		query[k] = q.Get(k)
	}
	if r := Check(e.App, coll, e.Auth, query); r != nil {
		return r.apiError(e)
	}
	return e.Next()
}

// checkSubscriptions decodes the subscriptions with PocketBase's own
// subscription parser and judges each one's options like a list request.
func checkSubscriptions(e *core.RealtimeSubscribeRequestEvent) error {
	if IsStaff(e.Auth) {
		return e.Next()
	}
	probe := subscriptions.NewDefaultClient()
	probe.Subscribe(e.Subscriptions...)
	for sub, options := range probe.Subscriptions() {
		topic, _, _ := strings.Cut(sub, "?")
		name, _, _ := strings.Cut(topic, "/")
		coll, err := e.App.FindCachedCollectionByNameOrId(name)
		if err != nil {
			continue // a topic of BEN's own (ben/changes): PocketBase evaluates no options for it
		}
		if r := Check(e.App, coll, e.Auth, options.Query); r != nil {
			return r.apiError(e.RequestEvent)
		}
	}
	return e.Next()
}

// step is one field a path reads: field of coll. own marks a field of the
// requester's own record (@request.auth.<field>).
type step struct {
	coll     *core.Collection
	field    string
	modifier string
	own      bool
}

// walker resolves identifiers against base the way PocketBase's record
// field resolver does, and reports the fields they read.
type walker struct {
	app   core.App
	guard *guard
	base  *core.Collection
	auth  *core.Record
}

// plainAuthFields are read from the requester's token, not from a record
// (PocketBase's plainRequestAuthFields).
var plainAuthFields = map[string]bool{
	"@request.auth.id": true, "@request.auth.collectionId": true, "@request.auth.collectionName": true,
	"@request.auth.email": true, "@request.auth.emailVisibility": true, "@request.auth.verified": true,
}

// ownId names the requester in a filter.
const ownId = "@request.auth.id"

// viaRegex is PocketBase's back-relation form: <collection>_via_<field>.
var viaRegex = regexp.MustCompile(`^(\w+)_via_(\w+)$`)

// oldViaRegex is the back-relation form expand still accepts: <collection>(<field>).
var oldViaRegex = regexp.MustCompile(`^(\w+)\((\w+)\)$`)

func (w *walker) collection(nameOrId string) *core.Collection {
	if nameOrId == w.base.Name || nameOrId == w.base.Id {
		return w.base
	}
	c, err := w.app.FindCachedCollectionByNameOrId(nameOrId)
	if err != nil {
		return nil
	}
	return c
}

// identifier returns the fields a filter or sort identifier reads. Macros
// (@now …) and static request data (@request.query.*, @request.headers.*,
// plain @request.body fields, the requester's own id and e-mail) read none.
func (w *walker) identifier(ident string) []step {
	props := strings.Split(ident, ".")
	switch {
	case props[0] == "@collection":
		if len(props) < 3 {
			return nil // PocketBase refuses it
		}
		name, _, _ := strings.Cut(props[1], ":") // name or name:alias
		c := w.collection(name)
		if c == nil {
			return nil
		}
		return w.walk(c, props[2:], false)
	case props[0] == "@request":
		if strings.HasPrefix(ident, "@request.auth.") {
			if w.auth == nil || plainAuthFields[ident] {
				return nil
			}
			return w.walk(w.auth.Collection(), props[2:], true)
		}
		if strings.HasPrefix(ident, "@request.body.") && len(props) > 3 {
			name, _ := splitModifier(props[2])
			if rel, ok := w.base.Fields.GetByName(name).(*core.RelationField); ok {
				if c := w.collection(rel.CollectionId); c != nil {
					return w.walk(c, props[3:], false)
				}
			}
		}
		return nil
	case strings.HasPrefix(ident, "@"):
		return nil // a macro, or nothing PocketBase resolves
	default:
		return w.walk(w.base, props, false)
	}
}

// walk follows props from coll through relations and back-relations.
func (w *walker) walk(coll *core.Collection, props []string, own bool) []step {
	var steps []step
	for i, prop := range props {
		if i == len(props)-1 {
			name, modifier := splitModifier(prop)
			return append(steps, step{coll: coll, field: name, modifier: modifier, own: own && i == 0})
		}
		field := coll.Fields.GetByName(prop)
		if field == nil {
			m := viaRegex.FindStringSubmatch(prop)
			if m == nil {
				return steps // PocketBase refuses it (or reads NULL)
			}
			back := w.collection(m[1])
			if back == nil {
				return steps
			}
			rel, ok := back.Fields.GetByName(m[2]).(*core.RelationField)
			if !ok || rel.CollectionId != coll.Id {
				return steps
			}
			steps = append(steps, step{coll: back, field: m[2]})
			coll = back
			continue
		}
		steps = append(steps, step{coll: coll, field: prop, own: own && i == 0})
		rel, ok := field.(*core.RelationField)
		if !ok {
			return steps // a JSON path, or nothing PocketBase resolves
		}
		// "user.id" on a single relation is the relation itself
		if !rel.IsMultiple() && i == len(props)-2 && props[i+1] == "id" {
			return steps
		}
		next := w.collection(rel.CollectionId)
		if next == nil {
			return steps
		}
		coll = next
	}
	return steps
}

// expandPath returns the relation fields an expand path follows.
func (w *walker) expandPath(path string) []step {
	var steps []step
	coll := w.base
	for _, part := range strings.Split(path, ".") {
		m := viaRegex.FindStringSubmatch(part)
		if m == nil {
			m = oldViaRegex.FindStringSubmatch(part)
		}
		if m != nil {
			back := w.collection(m[1])
			if back == nil {
				return steps
			}
			steps = append(steps, step{coll: back, field: m[2]})
			coll = back
			continue
		}
		steps = append(steps, step{coll: coll, field: part})
		rel, ok := coll.Fields.GetByName(part).(*core.RelationField)
		if !ok {
			return steps
		}
		if coll = w.collection(rel.CollectionId); coll == nil {
			return steps
		}
	}
	return steps
}

// splitModifier separates "field:modifier" as PocketBase does.
func splitModifier(prop string) (name, modifier string) {
	parts := strings.Split(prop, ":")
	if len(parts) != 2 {
		return prop, ""
	}
	return parts[0], parts[1]
}

// firstProtected returns the protection of the first private field among
// steps that excused does not let pass.
func (w *walker) firstProtected(steps []step, excused func(i int, p protection) bool) (protection, bool) {
	for i, s := range steps {
		if s.own {
			continue // the requester's own record
		}
		p, ok := w.guard.protectionOf(s.coll, s.field)
		if !ok {
			continue
		}
		if excused != nil && excused(i, p) {
			continue
		}
		return p, true
	}
	return protection{}, false
}

// filter parses a filter with PocketBase's parser and judges every
// expression in it.
func (w *walker) filter(filter string) *Refusal {
	groups, err := fexpr.Parse(filter)
	if err != nil {
		return &Refusal{search.FilterQueryParam, "filter_unreadable", UnreadableMessage}
	}
	return w.groups(groups)
}

func (w *walker) groups(groups []fexpr.ExprGroup) *Refusal {
	for _, g := range groups {
		var r *Refusal
		switch item := g.Item.(type) {
		case fexpr.Expr:
			r = w.expr(item)
		case fexpr.ExprGroup:
			r = w.groups([]fexpr.ExprGroup{item})
		case []fexpr.ExprGroup:
			r = w.groups(item)
		default:
			r = &Refusal{search.FilterQueryParam, "filter_unreadable", UnreadableMessage}
		}
		if r != nil {
			return r
		}
	}
	return nil
}

// expr judges both operands of one comparison.
func (w *walker) expr(e fexpr.Expr) *Refusal {
	sides := []struct {
		operand, other fexpr.Token
		isLeft         bool
	}{{e.Left, e.Right, true}, {e.Right, e.Left, false}}
	for _, side := range sides {
		for _, ident := range identifiersIn(side.operand) {
			steps := w.identifier(ident)
			excused := func(i int, p protection) bool {
				return p.kind == members && side.operand.Type == fexpr.TokenIdentifier &&
					w.asksForOwnMembership(steps, i, e.Op, side.isLeft, side.other)
			}
			if p, ok := w.firstProtected(steps, excused); ok {
				return &Refusal{search.FilterQueryParam, "filter_private_field", p.message}
			}
		}
	}
	return nil
}

// asksForOwnMembership reports whether the members field at steps[i] is
// compared with the requester's own id in a form that tells only whether
// the requester is one of the members: "<field> ~ '<own id>'",
// "<field> ?= '<own id>'" or "<field>.id ?= '<own id>'" (either side for
// ?=), by a logged-in account.
func (w *walker) asksForOwnMembership(steps []step, i int, op fexpr.SignOp, isLeft bool, other fexpr.Token) bool {
	if w.auth == nil || !w.isOwnId(other) {
		return false
	}
	s := steps[i]
	switch {
	case i == len(steps)-1 && s.modifier == "": // editors
	case i == len(steps)-2 && steps[i+1].field == "id" && steps[i+1].modifier == "": // editors.id
	default:
		return false
	}
	switch op {
	case fexpr.SignAnyEq:
		return true
	case fexpr.SignLike, fexpr.SignAnyLike:
		return isLeft // the members' ids contain the requester's
	case fexpr.SignEq:
		// on a multiple relation "=" asks whether the requester is the only one
		rel, _ := s.coll.Fields.GetByName(s.field).(*core.RelationField)
		return rel != nil && !rel.IsMultiple()
	}
	return false
}

// isOwnId reports whether t is the requester's own account id: written out
// as text (PocketBase refuses "@request." in the filters of everyone but
// superusers) or as @request.auth.id.
func (w *walker) isOwnId(t fexpr.Token) bool {
	switch t.Type {
	case fexpr.TokenText:
		return t.Literal == w.auth.Id
	case fexpr.TokenIdentifier:
		return t.Literal == ownId
	}
	return false
}

// identifiersIn lists the identifiers of an operand, including those inside
// function arguments (geoDistance, strftime …).
func identifiersIn(t fexpr.Token) []string {
	switch t.Type {
	case fexpr.TokenIdentifier:
		return []string{t.Literal}
	case fexpr.TokenFunction:
		args, _ := t.Meta.([]fexpr.Token)
		var out []string
		for _, a := range args {
			out = append(out, identifiersIn(a)...)
		}
		return out
	}
	return nil
}
