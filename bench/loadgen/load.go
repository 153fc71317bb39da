package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/tools/types"

	"ben/bench/internal/result"
)

// maxSamplesPerWorker bounds the memory of the latency samples; beyond it
// operations are still counted.
const maxSamplesPerWorker = 1 << 20

// operation is one unit of work of worker w, its n-th.
type operation func(w, n int) error

// runLoad keeps cfg.workers workers busy with op for the warm-up and the
// measured duration. An operation counts if it completes inside the
// measured window, so that slow operations (longer than the window) still
// show up in steady state; no operation starts after the window.
func runLoad(cfg config, op operation) result.Result {
	start := time.Now()
	measureFrom := start.Add(cfg.warmup)
	end := measureFrom.Add(cfg.duration)

	type workerStats struct {
		samples  []time.Duration
		ops      int64
		errors   int64
		firstErr error
	}
	stats := make([]workerStats, cfg.workers)
	var wg sync.WaitGroup
	for w := range cfg.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &stats[w]
			for n := 0; ; n++ {
				began := time.Now()
				if !began.Before(end) {
					return
				}
				err := op(w, n)
				done := time.Now()
				if done.Before(measureFrom) || !done.Before(end) {
					continue
				}
				if err != nil {
					s.errors++
					if s.firstErr == nil {
						s.firstErr = err
					}
					continue
				}
				s.ops++
				if len(s.samples) < maxSamplesPerWorker {
					s.samples = append(s.samples, done.Sub(began))
				}
			}
		}()
	}
	wg.Wait()

	var res result.Result
	var samples []time.Duration
	for _, s := range stats {
		res.Operations += s.ops
		res.Errors += s.errors
		samples = append(samples, s.samples...)
		if s.firstErr != nil && res.ErrorNote == "" {
			res.ErrorNote = s.firstErr.Error()
		}
	}
	res.Duration = cfg.duration
	res.PerSecond = float64(res.Operations) / cfg.duration.Seconds()
	res.Latency = result.Summarize(samples)
	return res
}

// newClient is a keep-alive HTTP client with room for conns idle
// connections, so that every worker keeps its own.
func newClient(conns int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			IdleConnTimeout:     90 * time.Second,
			DisableCompression:  true,
		},
	}
}

// call sends one request and reads the whole response (so that the
// connection is reused). A status other than want is an error.
func call(client *http.Client, method, target, token string, body any, want int) ([]byte, http.Header, error) {
	var reader io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, nil, err
		}
		reader = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, target, reader)
	if err != nil {
		return nil, nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != want {
		return data, resp.Header, fmt.Errorf("%s %s: status %d: %.200s", method, shortPath(target), resp.StatusCode, data)
	}
	return data, resp.Header, nil
}

func shortPath(target string) string {
	if u, err := url.Parse(target); err == nil {
		return u.Path
	}
	return target
}

// urlFunc names the URL worker w requests the n-th time.
type urlFunc func(cfg config, w, n int) string

// readScenario measures guest GET requests. Before the load it asks once:
// a route that this server does not serve is skipped, not counted as
// errors.
func readScenario(urlFor urlFunc) scenarioFunc {
	return func(cfg config) result.Result {
		client := newClient(cfg.workers)
		if skip := probe(client, urlFor(cfg, 0, 0)); skip != "" {
			return result.Result{Skipped: skip}
		}
		return runLoad(cfg, func(w, n int) error {
			_, _, err := call(client, http.MethodGet, urlFor(cfg, w, n), "", nil, http.StatusOK)
			return err
		})
	}
}

// probe reports why target cannot be measured, or "" if it answers. A
// route that does not exist may still answer 200 with the portal's HTML
// page, so an HTML answer counts as missing too.
func probe(client *http.Client, target string) string {
	_, header, err := call(client, http.MethodGet, target, "", nil, http.StatusOK)
	if err != nil {
		return "not served here (" + err.Error() + ")"
	}
	if media, _, _ := mime.ParseMediaType(header.Get("Content-Type")); media == "text/html" {
		return "not served here (the portal's page answered " + shortPath(target) + ")"
	}
	return ""
}

// orgsByTopic is the guest's list of published organisations of one topic,
// sorted by name, without the total count, in the form the README
// documents: the rows of organisation_topics (one per organisation and
// topic, an index on topic and name) with each organisation expanded.
// Both servers have the collection (the same migrations) and the seeded
// rows.
func orgsByTopic(cfg config, w, n int) string {
	return cfg.target + "/api/collections/organisation_topics/records?" + url.Values{
		"filter": {"(topic='sport')"}, "sort": {"name"}, "perPage": {"20"}, "skipTotal": {"1"}, "expand": {"organisation"},
	}.Encode()
}

// benchStart is "now" for the upcoming events: one moment for the whole
// run, as a portal page sends the moment it was opened.
var benchStart = time.Now().UTC()

// upcomingEvents is the guest's list of events that have not ended,
// earliest first, without the total count. An event lasts at most 31
// days, so the filter also names the earliest start of a running event
// (as the README recommends): an index on starts_at then skips the past.
func upcomingEvents(cfg config, w, n int) string {
	earliest := benchStart.AddDate(0, 0, -31).Add(-time.Hour)
	return cfg.target + "/api/collections/events/records?" + url.Values{
		"filter": {"(ends_at>='" + benchStart.Format(types.DefaultDateLayout) + "' && starts_at>='" + earliest.Format(types.DefaultDateLayout) + "')"},
		"sort":   {"starts_at"}, "perPage": {"20"}, "skipTotal": {"1"},
	}.Encode()
}

// viewOrganisation is one published organisation, a different one each time.
func viewOrganisation(cfg config, w, n int) string {
	ids := cfg.manifest.OrganisationIDs
	return cfg.target + "/api/collections/organisations/records/" + ids[(w*7919+n)%len(ids)]
}

// icalFeed is the calendar subscription of all public upcoming events.
func icalFeed(cfg config, w, n int) string {
	return cfg.target + "/api/ben/events.ics"
}

// verifyScenario checks card tokens online, as a partner's phone does. The
// tokens are signed by the server itself (asked once as superuser).
func verifyScenario(cfg config) result.Result {
	client := newClient(cfg.workers)
	probeURL := cfg.target + "/api/ben/verify?token=BEN1.probe.probe"
	data, header, err := call(client, http.MethodGet, probeURL, "", nil, http.StatusOK)
	var verdict struct {
		Verdict string `json:"verdict"`
	}
	if media, _, _ := mime.ParseMediaType(header.Get("Content-Type")); err != nil || media != "application/json" ||
		json.Unmarshal(data, &verdict) != nil || verdict.Verdict == "" {
		return result.Result{Skipped: "GET /api/ben/verify is not served here"}
	}

	var tokens []string
	for _, id := range cfg.manifest.CardIDs {
		if len(tokens) == 50 {
			break
		}
		data, _, err := call(client, http.MethodGet, cfg.target+"/api/ben/cards/"+id+"/token", cfg.manifest.SuperuserToken, nil, http.StatusOK)
		if err != nil {
			continue
		}
		var t struct {
			Token string `json:"token"`
		}
		if json.Unmarshal(data, &t) == nil && t.Token != "" {
			tokens = append(tokens, t.Token)
		}
	}
	if len(tokens) == 0 {
		return result.Result{Skipped: "no card token could be fetched from /api/ben/cards/{id}/token"}
	}
	verifyURL := func(i int) string {
		return cfg.target + "/api/ben/verify?" + url.Values{"token": {tokens[i%len(tokens)]}}.Encode()
	}
	data, _, err = call(client, http.MethodGet, verifyURL(0), "", nil, http.StatusOK)
	if err != nil || json.Unmarshal(data, &verdict) != nil {
		return result.Result{Skipped: fmt.Sprintf("a fetched card token does not verify: %v", err)}
	}
	want := verdict.Verdict // the seeded cards are active: every token has the same verdict

	res := runLoad(cfg, func(w, n int) error {
		data, _, err := call(client, http.MethodGet, verifyURL(w*31+n), "", nil, http.StatusOK)
		if err != nil {
			return err
		}
		if !bytes.Contains(data, []byte(`"verdict":"`+want+`"`)) {
			return fmt.Errorf("verdict changed: %.200s", data)
		}
		return nil
	})
	res.Note = "verdict of the seeded cards: " + want
	return res
}

// submitScenario is a citizen applying for the volunteer card: create the
// draft, add one engagement, submit. On BEN the submission runs the
// eligibility check and the state machine; the baseline gets the same three
// requests. One operation is the whole sequence.
func submitScenario(cfg config) result.Result {
	writers := cfg.manifest.Writers
	if len(writers) == 0 {
		return result.Result{Skipped: "the manifest holds no writer accounts"}
	}
	client := newClient(cfg.workers)
	records := cfg.target + "/api/collections/"
	return runLoad(cfg, func(w, n int) error {
		account := writers[(n*cfg.workers+w)%len(writers)]
		data, _, err := call(client, http.MethodPost, records+"card_applications/records", account.Token, map[string]any{
			"applicant": account.ID, "first_name": "Erika", "last_name": "Mustermann",
			"birth_date": "1980-05-01 00:00:00.000Z", "street": "Hauptstraße 1", "postcode": "54634",
			"city": "Bitburg", "resident_in_bitburg": true, "kind": "standard", "status": "draft",
		}, http.StatusOK)
		if err != nil {
			return err
		}
		var created struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(data, &created); err != nil || created.ID == "" {
			return fmt.Errorf("create application: no id in %.200s", data)
		}
		_, _, err = call(client, http.MethodPost, records+"engagements/records", account.Token, map[string]any{
			"application": created.ID, "organisation_name": "Sportfreunde Bitburg-Süd", "role": "Jugendtrainerin",
			"hours_per_week": 6, "since": "2019-03-01 00:00:00.000Z", "allowance": "none", "in_bitburg": true,
			"contact_name": "Vorstand", "contact_email": "vorstand@bench.example",
		}, http.StatusOK)
		if err != nil {
			return err
		}
		_, _, err = call(client, http.MethodPatch, records+"card_applications/records/"+created.ID, account.Token,
			map[string]any{"status": "submitted"}, http.StatusOK)
		return err
	})
}
