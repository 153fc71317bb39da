package ideas

import (
	"testing"
	"time"
)

func TestStamp(t *testing.T) {
	t.Parallel()
	then := time.Date(2027, 1, 10, 9, 0, 0, 0, time.UTC)
	now := time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)
	public := Dates{PublishedAt: then}
	zero := time.Time{}
	for _, c := range []struct {
		name                   string
		before                 Dates
		from, to               string
		fromResp, toResp       string
		published, closed, ans time.Time
	}{
		{"a new idea is not public", Dates{}, "", "submitted", "", "", zero, zero, zero},
		{"publishing makes it public", Dates{}, "submitted", "published", "", "", now, zero, zero},
		{"in progress straight away makes it public too", Dates{}, "submitted", "in_progress", "", "", now, zero, zero},
		{"done straight away is public and closed", Dates{}, "submitted", "done", "", "", now, now, zero},
		{"declined straight away never becomes public, but is closed", Dates{}, "submitted", "declined", "", "", zero, now, zero},
		{"declined after being public stays public", public, "published", "declined", "", "", then, now, zero},
		{"moving on keeps the first publication date", public, "published", "in_progress", "", "", then, zero, zero},
		{"back to submitted takes it out", public, "published", "submitted", "", "", zero, zero, zero},
		{"reopened after done is no longer closed", Dates{PublishedAt: then, ClosedAt: then}, "done", "in_progress", "", "", then, zero, zero},
		{"staying done keeps the closing date", Dates{PublishedAt: then, ClosedAt: then}, "done", "done", "", "", then, then, zero},
		{"an answer is dated", public, "published", "published", "", "Danke!", then, zero, now},
		{"an unchanged answer keeps its date", Dates{PublishedAt: then, RespondedAt: then}, "published", "published", "Danke!", "Danke!", then, zero, then},
		{"a changed answer is dated anew", Dates{PublishedAt: then, RespondedAt: then}, "published", "published", "Danke!", "Danke, wir prüfen.", then, zero, now},
		{"an emptied answer has no date", Dates{PublishedAt: then, RespondedAt: then}, "published", "published", "Danke!", "  ", then, zero, zero},
	} {
		got := Stamp(c.before, c.from, c.to, c.fromResp, c.toResp, now)
		want := Dates{c.published, c.closed, c.ans}
		if got != want {
			t.Errorf("%s: got %+v, want %+v", c.name, got, want)
		}
	}
}
