package guard_test

import (
	"errors"
	"testing"

	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"ben/hooks/guard"
)

func TestNoViolationIsNoError(t *testing.T) {
	t.Parallel()
	if err := guard.Errors(); err != nil {
		t.Fatalf("Errors() = %v, want nil", err)
	}
}

func TestViolationsOfOneFieldKeepTheFirstCodeAndEverySentence(t *testing.T) {
	t.Parallel()
	err := guard.Errors(
		guard.Violation{Field: "engagements", Code: "validation_a", Message: "Erstens."},
		guard.Violation{Field: "birth_date", Code: "validation_b", Message: "Anderes Feld."},
		guard.Violation{Field: "engagements", Code: "validation_c", Message: "Zweitens."},
	)
	errs := fieldErrors(t, err)
	if len(errs) != 2 {
		t.Fatalf("want errors on two fields, got %v", errs)
	}
	assertFieldError(t, errs, "engagements", "validation_a", "Erstens. Zweitens.")
	assertFieldError(t, errs, "birth_date", "validation_b", "Anderes Feld.")
}

func TestValidateAnswersWithPocketBasesErrorsAndTheRulesAtOnce(t *testing.T) {
	t.Parallel()
	rules := func() ([]guard.Violation, error) {
		return []guard.Violation{{Field: "consent", Code: "validation_consent_required", Message: "Bitte willigen Sie ein."}}, nil
	}
	err := validate(rules, validation.Errors{
		"consent": validation.NewError("validation_required", "Cannot be blank."),
		"email":   validation.NewError("validation_required", "Cannot be blank."),
	})
	errs := fieldErrors(t, err)
	assertFieldError(t, errs, "consent", "validation_consent_required", "Bitte willigen Sie ein.")
	assertFieldError(t, errs, "email", "validation_required", "Cannot be blank.")
}

func TestValidatePassesWhenNeitherPocketBaseNorTheRulesObject(t *testing.T) {
	t.Parallel()
	if err := validate(func() ([]guard.Violation, error) { return nil, nil }, nil); err != nil {
		t.Fatalf("want no error, got %v", err)
	}
}

func TestValidateReportsAFailedRuleInsteadOfGuessing(t *testing.T) {
	t.Parallel()
	broken := errors.New("database gone")
	err := validate(func() ([]guard.Violation, error) { return nil, broken }, nil)
	if !errors.Is(err, broken) {
		t.Fatalf("want the rule's error, got %v", err)
	}
}

// validate runs guard.Validate as an OnRecordValidate hook in front of a
// default validation that answers with defaults.
func validate(rules func() ([]guard.Violation, error), defaults validation.Errors) error {
	h := &hook.Hook[*core.RecordEvent]{}
	h.BindFunc(func(e *core.RecordEvent) error { return guard.Validate(e, rules) })
	return h.Trigger(&core.RecordEvent{}, func(*core.RecordEvent) error {
		if len(defaults) == 0 {
			return nil
		}
		return defaults
	})
}

func fieldErrors(t *testing.T, err error) validation.Errors {
	t.Helper()
	var errs validation.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("want field errors, got %T %v", err, err)
	}
	return errs
}

func assertFieldError(t *testing.T, errs validation.Errors, field, code, message string) {
	t.Helper()
	got, ok := errs[field].(validation.Error)
	if !ok || got.Code() != code || got.Message() != message {
		t.Fatalf("%s: want %s %q, got %v", field, code, message, errs[field])
	}
}
