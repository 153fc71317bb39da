// Package result is the measurement the load generator hands to the bench
// runner: one JSON object per scenario run.
package result

import (
	"slices"
	"time"
)

// Result is one scenario run against one server.
type Result struct {
	Scenario string `json:"scenario"`
	Target   string `json:"target"`
	// Skipped says why the scenario did not run (e.g. a route that does
	// not exist on this server); everything else is empty then.
	Skipped string `json:"skipped,omitempty"`

	// Load scenarios: operations completed in the measured window.
	Operations int64         `json:"operations,omitempty"`
	Errors     int64         `json:"errors,omitempty"`
	ErrorNote  string        `json:"errorNote,omitempty"`
	Note       string        `json:"note,omitempty"`
	Duration   time.Duration `json:"duration,omitempty"`
	PerSecond  float64       `json:"perSecond,omitempty"`
	Latency    Percentiles   `json:"latency"`
	// Mails is how many messages the harness's SMTP sink received from
	// the server during the run, warm-up included, and until it fell
	// quiet after the run (mails go out after the response); nil when
	// they were not counted.
	Mails *int64 `json:"mails,omitempty"`

	// Realtime scenario.
	Clients   int           `json:"clients,omitempty"`
	Delivered int           `json:"delivered,omitempty"`
	Connect   time.Duration `json:"connect,omitempty"`
	RSSBytes  int64         `json:"rssBytes,omitempty"`
}

// Percentiles of a latency distribution.
type Percentiles struct {
	P50 time.Duration `json:"p50"`
	P95 time.Duration `json:"p95"`
	P99 time.Duration `json:"p99"`
	Max time.Duration `json:"max"`
}

// Summarize sorts samples in place and reads the percentiles off them
// (nearest rank).
func Summarize(samples []time.Duration) Percentiles {
	if len(samples) == 0 {
		return Percentiles{}
	}
	slices.Sort(samples)
	at := func(q float64) time.Duration {
		i := int(q*float64(len(samples))+0.5) - 1
		return samples[min(max(i, 0), len(samples)-1)]
	}
	return Percentiles{P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: samples[len(samples)-1]}
}
