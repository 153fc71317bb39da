package organisations

import "testing"

func TestReferencesPrivateData(t *testing.T) {
	refused := []string{
		"email~'a'", "(email ~ 'a')", "phone != ''", "-contact_name", "contact_name,name",
		"organisation.email~'a'", "opportunity.organisation.phone~'0'", "@collection.organisations.email~'x'",
		"editors~'a'", "editors.id ?> 'm'", "organisation.editors ~ 'ab'",
		"name='x' || email~'y'", "nominee_organisation.contact_name ~ 'K'",
	}
	allowed := []string{
		"", "name~'Tafel'", "topics ~ 'sport' && kind='verein'", "-starts_at", "organisation.name ~ 'Chor'",
		"editors.id ?= 'abcdefghij12345'", `editors ~ "abcdefghij12345"`, "organisation.editors.id ?= 'abcdefghij12345'",
		"user = @request.auth.id", "@request.auth.email != ''", "emailing = true",
	}
	for _, expr := range refused {
		if !ReferencesPrivateData(expr) {
			t.Errorf("%q must be refused", expr)
		}
	}
	for _, expr := range allowed {
		if ReferencesPrivateData(expr) {
			t.Errorf("%q must be allowed", expr)
		}
	}
}
