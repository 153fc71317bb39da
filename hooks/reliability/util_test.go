package reliability

import (
	"encoding/json"
	"sort"
)

func sortStrings(s []string) { sort.Strings(s) }

func toString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
