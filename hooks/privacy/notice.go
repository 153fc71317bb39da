package privacy

import (
	"fmt"
	"strings"

	"github.com/pocketbase/pocketbase/core"

	"ben/hooks/accounts"
)

// Entry is one kind of personal data as the privacy notice shows it: the
// registration's notice with the configured periods filled in.
type Entry struct {
	Name       string `json:"name"`
	Title      string `json:"title"`
	What       string `json:"what"`
	Why        string `json:"why"`
	Who        string `json:"who"`
	HowLong    string `json:"how_long"`
	LegalBasis string `json:"legal_basis"`
	Exported   bool   `json:"exported"` // part of the download under "Meine Daten"
	Erased     bool   `json:"erased"`   // deleted or anonymised with the account
}

// NoticeEntries lists every registered kind of personal data for the
// privacy notice, in the order of registration, with the periods in force
// (the retention of guests' data and the days request logs are kept).
func NoticeEntries(app core.App) []Entry {
	periods := strings.NewReplacer(
		GuestPeriod, months(RetentionMonths(app)),
		LogPeriod, days(app.Settings().Logs.MaxDays),
	)
	out := []Entry{}
	for _, d := range inOrder(app) {
		out = append(out, Entry{
			Name: d.Name, Title: d.Title,
			What: d.Notice.What, Why: d.Notice.Why, Who: d.Notice.Who,
			HowLong:    periods.Replace(d.Notice.HowLong),
			LegalBasis: d.Notice.LegalBasis,
			Exported:   d.Export != nil, Erased: d.Erase != nil,
		})
	}
	return out
}

func months(n int) string {
	if n == 1 {
		return "1 Monat"
	}
	return fmt.Sprintf("%d Monate", n)
}

func days(n int) string {
	if n == 1 {
		return "1 Tag"
	}
	return fmt.Sprintf("%d Tage", n)
}

// What the privacy package itself stores: the account, and the request
// logs every server keeps.
var (
	accountData = Data{
		Name:  "account",
		Title: "Benutzerkonto",
		Notice: Notice{
			What: "Name, E-Mail-Adresse, freiwillig eine Telefonnummer, das Passwort (nur als nicht umkehrbarer Hashwert) " +
				"und die Geräte, mit denen Sie sich angemeldet haben.",
			Why: "Damit Sie sich anmelden, Ihre Anträge, Meldungen und Anfragen wiederfinden und, wenn Sie dafür eingetragen sind, " +
				"die Seiten Ihres Vereins pflegen können. Über eine Anmeldung von einem neuen Gerät informieren wir Sie per E-Mail.",
			Who:     "Sie selbst und die Koordinierungsstelle (Rolle „Büro“). Andere Nutzerinnen und Nutzer sehen Ihr Konto nicht.",
			HowLong: "Bis Sie Ihr Konto löschen („Mein Konto“ → „Meine Daten“).",
			LegalBasis: "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz " +
				"(Förderung des Ehrenamts als Aufgabe der Stadt); ein Konto anzulegen ist freiwillig.",
		},
		Collections: []string{accounts.Collection},
		Export:      exportAccount,
	}
	logData = Data{
		Name:  "logs",
		Title: "Protokolle des Servers",
		Notice: Notice{
			What: "Zeitpunkt, aufgerufene Adresse, Antwortcode, Dauer und IP-Adresse jeder Anfrage an den Server; " +
				"keine Inhalte von Formularen und keine Passwörter.",
			Why:        "Betrieb und Sicherheit: Fehler finden und Missbrauch (z. B. massenhafte Anfragen) abwehren.",
			Who:        "Die IT der Stadt (Administration des Servers).",
			HowLong:    LogPeriod + " lang; danach löscht der Server sie automatisch.",
			LegalBasis: "Art. 6 Abs. 1 Buchst. e DSGVO in Verbindung mit § 3 Landesdatenschutzgesetz Rheinland-Pfalz (Sicherheit des Angebots).",
		},
	}
)
