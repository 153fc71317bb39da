package engagement

import (
	"net/url"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/organisations"
)

// The organisations' private contact data must not be guessable through a
// relation either: opportunities and interests join organisations, so a
// filter like organisation.email~'a' would reveal it one character at a time.
const privateFilterMessage = "Nach Kontaktdaten oder Bearbeitenden kann nicht gefiltert oder sortiert werden."

// referencesPrivateData applies the organisations' check to a filter or sort
// of opportunities or interests (whose organisation is one hop further).
// For interests this also refuses their own e-mail field, which nobody but
// staff needs to filter on.
func referencesPrivateData(expr string) bool {
	return organisations.ReferencesPrivateData(strings.ReplaceAll(expr, "opportunity.organisation.", "organisation."))
}

func refusePrivateFilter(e *core.RecordsListRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	q := e.Request.URL.Query()
	if referencesPrivateData(q.Get("filter")) || referencesPrivateData(q.Get("sort")) {
		return e.BadRequestError(privateFilterMessage, nil)
	}
	return e.Next()
}

func refusePrivateSubscription(e *core.RealtimeSubscribeRequestEvent) error {
	if e.HasSuperuserAuth() {
		return e.Next()
	}
	for _, sub := range e.Subscriptions {
		topic, options, _ := strings.Cut(sub, "?")
		collection, _, _ := strings.Cut(topic, "/")
		if collection != Opportunities && collection != Interests {
			continue
		}
		decoded, err := url.QueryUnescape(options)
		if err != nil || referencesPrivateData(decoded) {
			return e.BadRequestError(privateFilterMessage, nil)
		}
	}
	return e.Next()
}
