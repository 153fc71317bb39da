package guard

import (
	"errors"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Violation is a broken rule of the town: the field to blame, a stable code
// and a German sentence for the person who asked. Every pure rule reports
// its findings as Violations; Errors turns them into the field errors
// PocketBase answers with.
type Violation struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (v Violation) Error() string { return v.Message }

// Errors turns violations into field errors, or nil when there are none.
// Several violations of one field become one error: the first code, the
// sentences one after the other, so that nothing the person must fix is
// left unsaid.
func Errors(vs ...Violation) error {
	errs := merge(validation.Errors{}, vs)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Refuse is the field error of a single violation.
func Refuse(field, code, message string) error {
	return Errors(Violation{Field: field, Code: code, Message: message})
}

// Validate runs PocketBase's own validation of the record (the rest of the
// validate hook chain) and then rules, and answers with both sets of field
// errors at once. Call it from an OnRecordValidate hook. A rule's violation
// replaces PocketBase's error on the same field: the rule's sentence says
// more than the generic one ("Cannot be blank.").
func Validate(e *core.RecordEvent, rules func() ([]Violation, error)) error {
	errs := validation.Errors{}
	if err := e.Next(); err != nil && !errors.As(err, &errs) {
		return err
	}
	vs, err := rules()
	if err != nil {
		return err
	}
	ruled := merge(validation.Errors{}, vs)
	for field, ruleErr := range ruled {
		errs[field] = ruleErr
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func merge(errs validation.Errors, vs []Violation) validation.Errors {
	for _, v := range vs {
		if prev, ok := errs[v.Field].(validation.Error); ok {
			errs[v.Field] = validation.NewError(prev.Code(), prev.Message()+" "+v.Message)
			continue
		}
		errs[v.Field] = validation.NewError(v.Code, v.Message)
	}
	return errs
}
