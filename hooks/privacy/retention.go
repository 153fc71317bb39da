package privacy

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// RetentionEnv names the environment variable with the number of months
// after which guests' personal data of a closed case is deleted.
const RetentionEnv = "BEN_GUEST_DATA_MONTHS"

// DefaultRetentionMonths applies when RetentionEnv is not set.
const DefaultRetentionMonths = 12

// MaxRetentionMonths bounds the setting: ten years is longer than any reason
// the town has to keep an enquiry.
const MaxRetentionMonths = 120

// ParseRetentionMonths reads the setting: empty means the default, anything
// else must be a whole number of months from 1 to MaxRetentionMonths.
func ParseRetentionMonths(raw string) (int, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return DefaultRetentionMonths, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > MaxRetentionMonths {
		return DefaultRetentionMonths, fmt.Errorf("%s=%q ist keine Zahl von Monaten zwischen 1 und %d", RetentionEnv, raw, MaxRetentionMonths)
	}
	return n, nil
}

// RetentionCutoff is the moment before which a case must have been closed
// for its guest data to be deleted at now: exactly months calendar months
// earlier. Data closed at the cutoff itself is kept until the next run.
func RetentionCutoff(now time.Time, months int) time.Time {
	return now.AddDate(0, -months, 0)
}

// RetentionMonths is the configured retention, falling back to the default
// (and logging why) when the setting is invalid.
func RetentionMonths(app core.App) int {
	months, err := ParseRetentionMonths(os.Getenv(RetentionEnv))
	if err != nil {
		app.Logger().Warn("Ungültige Löschfrist, es gilt die Voreinstellung", "error", err, "months", months)
	}
	return months
}

// RunRetention deletes, through every registered retention, the guest data
// whose case was closed more than the configured months before now. It is
// the daily job; it returns how many records were deleted.
func RunRetention(app core.App, now time.Time) (int, error) {
	cutoff := RetentionCutoff(now, RetentionMonths(app))
	total := 0
	var errs []error
	for _, d := range Registered(app) {
		if d.Retention == nil {
			continue
		}
		n, err := d.Retention(app, cutoff)
		total += n
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", d.Name, err))
			continue
		}
		if n > 0 {
			app.Logger().Info("Abgelaufene Gastdaten gelöscht", "bereich", d.Name, "anzahl", n)
		}
	}
	return total, errors.Join(errs...)
}
