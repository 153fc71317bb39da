package events

import (
	"time"

	"github.com/pocketbase/pocketbase/tools/types"
)

func parseDateTime(raw string) (time.Time, error) {
	dt, err := types.ParseDateTime(raw)
	if err != nil {
		return time.Time{}, err
	}
	return dt.Time(), nil
}
