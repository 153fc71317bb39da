package card

import (
	"fmt"
	"sync"
	"time"

	"github.com/pocketbase/pocketbase/core"
)

// Limits of asking again for confirmations.
const (
	ResendInterval   = 10 * time.Minute // per application
	ResendPerAccount = 5                // per account and day
)

// resendLimiter remembers, per app, when confirmations were last asked for.
type resendLimiter struct {
	mu          sync.Mutex
	application map[string]time.Time
	account     map[string][]time.Time
}

const resendLimiterKey = "ben.card.resend"

func resendLimiterOf(app core.App) *resendLimiter {
	return app.Store().GetOrSet(resendLimiterKey, func() any {
		return &resendLimiter{application: map[string]time.Time{}, account: map[string][]time.Time{}}
	}).(*resendLimiter)
}

// take counts one resend of application by account at now, or returns how
// long to wait.
func (l *resendLimiter) take(application, account string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if last, ok := l.application[application]; ok && now.Sub(last) < ResendInterval {
		return ResendInterval - now.Sub(last)
	}
	var recent []time.Time
	for _, t := range l.account[account] {
		if now.Sub(t) < 24*time.Hour {
			recent = append(recent, t)
		}
	}
	if len(recent) >= ResendPerAccount {
		l.account[account] = recent
		return 24*time.Hour - now.Sub(recent[0])
	}
	l.application[application] = now
	l.account[account] = append(recent, now)
	return 0
}

// waitText writes a wait the German way: "8 Minuten", "3 Stunden".
func waitText(d time.Duration) string {
	if d < time.Hour {
		m := int(d.Minutes()) + 1
		if m == 1 {
			return "einer Minute"
		}
		return fmt.Sprintf("%d Minuten", m)
	}
	h := int(d.Hours()) + 1
	return fmt.Sprintf("%d Stunden", h)
}
