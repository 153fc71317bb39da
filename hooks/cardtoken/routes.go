package cardtoken

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/pocketbase/dbx"
	"github.com/pocketbase/pocketbase/apis"
	"github.com/pocketbase/pocketbase/core"
	"github.com/pocketbase/pocketbase/tools/hook"

	"ben/hooks/card"
	"ben/hooks/dispatch"
	"ben/hooks/internal/conditional"
	"ben/hooks/mailer"
)

// Register binds the signing keys' hooks and the digital card's routes.
func Register(app core.App) {
	dispatch.OnRecordCreate(app, Keys).BindFunc(fillNewKey)
	dispatch.OnRecordUpdateRequest(app, Keys).BindFunc(guardKeyUpdate)
	dispatch.OnRecordDeleteRequest(app, Keys).BindFunc(guardKeyDelete)
	dispatch.OnRecordEnrich(app, Keys).BindFunc(hidePrivateKey)
	forget := func(e *core.RecordEvent) error {
		forgetKeys(e.App)
		return e.Next()
	}
	dispatch.OnRecordAfterCreateSuccess(app, Keys).BindFunc(forget)
	dispatch.OnRecordAfterUpdateSuccess(app, Keys).BindFunc(forget)
	dispatch.OnRecordAfterDeleteSuccess(app, Keys).BindFunc(forget)
	bindVerdicts(app)
	bindVerificationCounts(app)

	app.OnServe().BindFunc(func(e *core.ServeEvent) error {
		// BEN serves without cards rather than not at all; the card routes
		// report the problem until it is fixed
		if err := EnsureKeys(e.App); err != nil {
			e.App.Logger().Error("Signierschlüssel der Ehrenamtskarte nicht verfügbar", "error", err)
		}
		e.Router.Bind(&hook.Handler[*core.RequestEvent]{
			Func: keepCodeOutOfLogs,
			// inside the request logger, before the rate limiter and everything else
			Priority: apis.DefaultActivityLoggerMiddlewarePriority + 1,
		})
		g := e.Router.Group("/api/ben")
		g.GET("/keys", publishKeys)
		g.GET("/revocations", publishRevocations)
		// the token carries a first name and a card number: keep it out of the request log
		g.GET("/verify", verifyOnline).Bind(apis.SkipSuccessActivityLog())
		g.GET("/cards/{id}/qr.svg", cardQR)
		g.GET("/cards/{id}/card.pdf", cardPDF)
		g.GET("/cards/{id}/token", cardToken)
		return e.Next()
	})
}

// VerifyPath is the portal's verification page (pb_public/js/pages).
const VerifyPath = "/karte-pruefen"

const msgKeyUnavailable = "Der Schlüssel der Ehrenamtskarte ist nicht verfügbar. Bitte wenden Sie sich an die Koordinierungsstelle."

// publishKeys lists the public keys partners need, cacheable for minutes:
// a new key signs only cards issued after the rotation.
func publishKeys(e *core.RequestEvent) error {
	keys, _, err := PublishedKeys(e.App, time.Now())
	if err != nil {
		return e.InternalServerError(msgKeyUnavailable, err)
	}
	body, err := json.Marshal(map[string]any{"keys": keys})
	if err != nil {
		return err
	}
	e.Response.Header().Set("Cache-Control", "public, max-age=300")
	return conditional.Serve(e, conditional.Tag(body), "application/json", body)
}

// publishRevocations signs the list of revoked card numbers. The public
// read cache keeps it at most a second and drops it with any write to
// cards, revocations or keys (publiccache.Routes), so no stale list is
// served. Caches in front of BEN may keep it but must revalidate; the ETag
// changes exactly when the list does.
func publishRevocations(e *core.RequestEvent) error {
	numbers, err := card.BlockedNumbers(e.App)
	if err != nil {
		return e.InternalServerError("Die Sperrliste konnte nicht gelesen werden.", err)
	}
	key, _, err := activeKey(e.App)
	if err != nil {
		return e.InternalServerError(msgKeyUnavailable, err)
	}
	list := SignRevocations(numbers, time.Now(), key)
	body, err := json.Marshal(list)
	if err != nil {
		return err
	}
	e.Response.Header().Set("Cache-Control", "public, no-cache")
	return conditional.Serve(e, list.ETag(), "application/json", body)
}

// codeKey holds the code of an online check once it is out of the URL.
const codeKey = "ben.cardCode"

// keepCodeOutOfLogs moves the code of an online check out of the request's
// address before anything can log it (a refusal by the rate limiter
// included): it names the holder's first name and the card number.
func keepCodeOutOfLogs(e *core.RequestEvent) error {
	if e.Request.URL.Path == "/api/ben/verify" {
		q := e.Request.URL.Query()
		e.Set(codeKey, q.Get("token"))
		q.Del("token")
		e.Request.URL.RawQuery = q.Encode()
	}
	return e.Next()
}

// verifyOnline checks a token on the server, with the same rules as the
// verification page, and tells only the verdict and the first name.
func verifyOnline(e *core.RequestEvent) error {
	text, _ := e.Get(codeKey).(string)
	if strings.TrimSpace(text) == "" {
		return e.BadRequestError("Bitte geben Sie den Code der Karte an.", nil)
	}
	now := time.Now()
	result, err := verdictsOf(e.App).check(text, now, func() (Result, error) {
		_, ring, err := PublishedKeys(e.App, now)
		if err != nil {
			return Result{}, e.InternalServerError(msgKeyUnavailable, err)
		}
		var lookupErr error
		result := Verify(text, ring, now, func(number string) bool {
			blocked, err := card.Blocked(e.App, number)
			if err != nil {
				lookupErr = err
			}
			return blocked
		})
		if lookupErr != nil {
			return result, e.InternalServerError("Die Karte konnte nicht geprüft werden.", lookupErr)
		}
		return result, nil
	})
	if err != nil {
		return err
	}
	firstName := ""
	if result.Verdict != NotGenuine {
		firstName = result.Claims.FirstName
		countVerification(e.App, result.Claims.Number)
	}
	e.Response.Header().Set("Cache-Control", "no-store")
	return e.JSON(http.StatusOK, map[string]string{
		"verdict":    string(result.Verdict),
		"label":      result.Verdict.Label(),
		"first_name": firstName,
	})
}

// ownCard is the card of the path if the caller is its holder or staff
// (the collection's view rule decides); for anyone else it does not exist.
func ownCard(e *core.RequestEvent) (*core.Record, error) {
	notFound := e.NotFoundError("Diese Karte gibt es nicht.", nil)
	c, err := e.App.FindRecordById(card.Cards, e.Request.PathValue("id"))
	if err != nil {
		return nil, notFound
	}
	info, err := e.RequestInfo()
	if err != nil {
		return nil, err
	}
	if ok, err := e.App.CanAccessRecord(c, info, c.Collection().ViewRule); err != nil || !ok {
		return nil, notFound
	}
	return c, nil
}

func signedToken(e *core.RequestEvent) (*core.Record, Token, error) {
	c, err := ownCard(e)
	if err != nil {
		return nil, Token{}, err
	}
	t, err := TokenFor(e.App, c)
	if err != nil {
		return nil, Token{}, e.InternalServerError("Der Code der Karte konnte nicht erstellt werden. Bitte wenden Sie sich an die Koordinierungsstelle.", err)
	}
	e.Response.Header().Set("Cache-Control", "private, no-store")
	return c, t, nil
}

// cardQR is the card's QR code as SVG, for "Meine Karte".
func cardQR(e *core.RequestEvent) error {
	c, t, err := signedToken(e)
	if err != nil {
		return err
	}
	warnIfLocal(e)
	svg, err := QRSVG(ScanURL(e.App, t), "QR-Code der Ehrenamtskarte "+c.GetString("number"))
	if err != nil {
		return e.InternalServerError("Der QR-Code konnte nicht erstellt werden.", err)
	}
	return e.Blob(http.StatusOK, "image/svg+xml", svg)
}

// cardToken is the card's code as text, e.g. to copy into a message.
func cardToken(e *core.RequestEvent) error {
	_, t, err := signedToken(e)
	if err != nil {
		return err
	}
	out := map[string]string{"token": t.String(), "url": ScanURL(e.App, t)}
	if w := warnIfLocal(e); w != "" {
		out["warning"] = w
	}
	return e.JSON(http.StatusOK, out)
}

// cardPDF is the printable card: ID-1 size on an A4 page with cut marks.
func cardPDF(e *core.RequestEvent) error {
	c, t, err := signedToken(e)
	if err != nil {
		return err
	}
	application, err := e.App.FindRecordById(card.Applications, c.GetString("application"))
	if err != nil {
		return e.InternalServerError("Zur Karte fehlt der Antrag.", err)
	}
	var buf bytes.Buffer
	err = WriteCardPDF(&buf, CardSheet{
		Number:     t.Number,
		Name:       strings.TrimSpace(application.GetString("first_name") + " " + application.GetString("last_name")),
		Kind:       t.Kind,
		ValidUntil: t.ValidUntil,
		QR:         ScanURL(e.App, t),
		VerifyURL:  mailer.Link(e.App, VerifyPath),
		Warning:    warnIfLocal(e),
	})
	if err != nil {
		return e.InternalServerError("Die Karte konnte nicht als PDF erstellt werden.", err)
	}
	e.Response.Header().Set("Content-Disposition", `inline; filename="ehrenamtskarte-`+t.Number+`.pdf"`)
	return e.Blob(http.StatusOK, "application/pdf", buf.Bytes())
}

// ScanURL is what a card's QR code holds: the check page's address with
// the token in the fragment. Any phone camera opens the page; the fragment
// never reaches a server, and the page checks the token itself.
func ScanURL(app core.App, t Token) string {
	return mailer.Link(app, VerifyPath+"#"+t.String())
}

// LocalAppURL reports whether the application URL of the settings leads
// to this machine only ("localhost", a loopback address, or none): a QR
// code printed then opens nothing on a partner's phone.
func LocalAppURL(app core.App) bool {
	u, err := url.Parse(app.Settings().Meta.AppURL)
	if err != nil || u.Hostname() == "" {
		return true
	}
	host := u.Hostname()
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && (ip.IsLoopback() || ip.IsUnspecified())
}

// MsgLocalAppURL warns that printed codes would lead nowhere.
const MsgLocalAppURL = "Achtung: Die Anwendungs-URL in den Einstellungen ist noch „localhost“. Der QR-Code dieser Karte führt deshalb auf keinem anderen Gerät zur Prüfseite. Bitte tragen Sie die öffentliche Adresse von BEN ein (Dashboard → Einstellungen → Anwendung) und drucken Sie die Karte dann erneut."

// warnIfLocal sets the warning header for a card printed while the
// application URL is local, and returns the warning.
func warnIfLocal(e *core.RequestEvent) string {
	if !LocalAppURL(e.App) {
		return ""
	}
	e.Response.Header().Set("X-BEN-Warning", "app-url-localhost")
	return MsgLocalAppURL
}

// countVerification adds one to the card's count of online checks: the
// office sees how often a card is checked, never by whom. The counts are
// written once a second for all checks together (one transaction instead
// of a write per check, which bounded the checks per second by the
// database's writes) and when BEN stops; they bypass the record hooks (no
// realtime message, no change of "updated"); a failure does not change
// the verdict.
func countVerification(app core.App, number string) {
	c, _ := app.Store().Get(countsKey).(*verificationCounts)
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.pending[number]++
	if !c.scheduled {
		c.scheduled = true
		time.AfterFunc(time.Second, func() { FlushVerificationCounts(app) })
	}
}

// verificationCounts are the online checks not written yet, by number.
type verificationCounts struct {
	mu        sync.Mutex
	pending   map[string]int
	scheduled bool
}

const countsKey = "ben.cardtoken.verificationCounts"

func bindVerificationCounts(app core.App) {
	app.Store().Set(countsKey, &verificationCounts{pending: map[string]int{}})
	app.OnTerminate().BindFunc(func(e *core.TerminateEvent) error {
		FlushVerificationCounts(e.App)
		return e.Next()
	})
}

// FlushVerificationCounts writes the counted online checks now.
func FlushVerificationCounts(app core.App) {
	c, _ := app.Store().Get(countsKey).(*verificationCounts)
	if c == nil {
		return
	}
	c.mu.Lock()
	pending := c.pending
	c.pending = map[string]int{}
	c.scheduled = false
	c.mu.Unlock()
	if len(pending) == 0 {
		return
	}
	// written behind the records' hooks on purpose, and the public read
	// cache is not told: no guest's answer shows a card (the cards' rules
	// refuse guests), and the revocation list reads the status, not the
	// count. Telling it would drop every kept answer of the cards' group,
	// which reaches the clubs and their events, once a second while
	// partners check cards.
	err := app.RunInTransaction(func(tx core.App) error {
		for number, n := range pending {
			_, err := tx.DB().NewQuery("UPDATE {{cards}} SET [[verifications]] = COALESCE([[verifications]], 0) + {:n} WHERE [[number]] = {:number}").
				Bind(dbx.Params{"number": number, "n": n}).Execute()
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		app.Logger().Warn("Prüfungen der Ehrenamtskarte nicht gezählt", "error", err)
	}
}
