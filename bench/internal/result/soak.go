package result

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ParsePlan reads a soak plan, "20x5000,5x10000" (20 rounds of 5,000
// clients, then 5 of 10,000), into the clients of each round.
func ParsePlan(plan string) ([]int, error) {
	var rounds []int
	for part := range strings.SplitSeq(plan, ",") {
		count, clients, ok := strings.Cut(strings.TrimSpace(part), "x")
		n, err1 := strconv.Atoi(count)
		c, err2 := strconv.Atoi(clients)
		if !ok || err1 != nil || err2 != nil || n < 1 || n > 1000 || c < 1 || c > 20000 {
			return nil, fmt.Errorf("soak plan %q: write ROUNDSxCLIENTS[,ROUNDSxCLIENTS…] with 1–1000 rounds of 1–20000 clients, e.g. 20x5000,5x10000", plan)
		}
		for range n {
			rounds = append(rounds, c)
		}
	}
	return rounds, nil
}

// Round is one round of the realtime soak: Clients guests connect and
// subscribe, staff change one public event (the round's change) while other
// staff writes go on, every client must be told, then all clients drop.
type Round struct {
	Round   int `json:"round"`
	Clients int `json:"clients"`
	// Connected clients got PB_CONNECT and their subscription accepted.
	Connected int `json:"connected"`
	// Delivered clients read the round's change on their record
	// subscription within the delivery timeout.
	Delivered int           `json:"delivered"`
	Connect   time.Duration `json:"connect"`
	// Delivery runs from sending the round's change to each client's
	// reading it.
	Delivery Percentiles `json:"delivery"`
	// Change is the latency of the round's change (a PATCH as superuser);
	// it is one of Writes too.
	Change time.Duration `json:"change"`
	// Writes are the staff writes that finished during the round, the
	// round's change included; a write that failed or timed out counts in
	// WriteErrors and not here.
	Writes       []time.Duration `json:"writes"`
	WriteLatency Percentiles     `json:"writeLatency"`
	WriteErrors  int             `json:"writeErrors"`
	// Goroutines is the server's goroutine count before the clients
	// connected (0: unknown); it must not grow from round to round.
	Goroutines int   `json:"goroutines"`
	RSSBytes   int64 `json:"rssBytes"`
	// LetGo is how long the server took, after the clients dropped, to be
	// back at the goroutines it had before the first round; StillHeld is
	// how many it still had if that took longer than a minute (a leak).
	LetGo     time.Duration `json:"letGo,omitempty"`
	StillHeld int           `json:"stillHeld,omitempty"`
	// ServerCPU and LoadgenCPU are the CPU time the server and the load
	// generator used in the round; LoadAverage is the machine's one-minute
	// load average at its end. Together they tell a slow server from a
	// busy machine.
	ServerCPU   time.Duration `json:"serverCpu"`
	LoadgenCPU  time.Duration `json:"loadgenCpu"`
	LoadAverage float64       `json:"loadAverage"`
	// Dumps are the goroutine dumps taken when the round stalled.
	Dumps     []string      `json:"dumps,omitempty"`
	ErrorNote string        `json:"errorNote,omitempty"`
	Took      time.Duration `json:"took"`
}

// Failed says what is wrong with the round, or "" if every client was
// connected and told and every write answered.
func (r Round) Failed() string {
	switch {
	case r.Connected < r.Clients:
		return fmt.Sprintf("only %d of %d clients connected", r.Connected, r.Clients)
	case r.Delivered < r.Clients:
		return fmt.Sprintf("only %d of %d clients were told of the change", r.Delivered, r.Clients)
	case r.WriteErrors > 0:
		return fmt.Sprintf("%d staff writes failed or timed out", r.WriteErrors)
	case r.StillHeld > 0:
		return fmt.Sprintf("the server still held %d goroutines %s after the clients dropped", r.StillHeld, r.LetGo.Round(time.Second))
	}
	return ""
}
