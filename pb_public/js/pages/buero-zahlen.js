// The office's own figures: how long card applications wait for a
// decision, what waits now, how enquiries and replies to opportunities are
// answered (GET /api/ben/stats/office, role buero and superusers).
import { h } from '../lib/dom.js';
import { officePage } from '../lib/office-pages.js';
import { office, table } from '../lib/office.js';
import { barChart } from '../lib/charts.js';

const number = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1 });
const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const monthName = (key) => { const [y, m] = key.split('-'); return `${MONTHS[Number(m) - 1]} ${y}`; };
const days = (n) => (n === 1 ? '1 Tag' : `${number.format(n)} Tage`);
const STATUS = { submitted: 'eingereicht, Bestätigungen offen', confirmed: 'bestätigt, Entscheidung offen' };

export default officePage({
  title: 'Zahlen – Büro',
  heading: 'Zahlen der Koordinierungsstelle',
  lead: 'Wie lange Anträge, Anfragen und Meldungen dauern – die letzten zwölf Monate. Die öffentlichen Zahlen stehen unter „Engagement in Zahlen“.',
  fetch: () => office.send('/api/ben/stats/office', {}),
  failed: 'Die Zahlen konnten nicht geladen werden.',
  show: (o) => {
    const a = o.applications;
    const decided = a.approved + a.rejected;
    return [
      h('h2', {}, 'Ehrenamtskarte: vom Antrag zur Entscheidung'),
      h('dl', { class: 'key-figures' },
        h('dt', {}, 'Entschieden (bewilligt / abgelehnt)'), h('dd', {}, `${decided} (${a.approved} / ${a.rejected})`),
        h('dt', {}, 'Dauer bis zur Entscheidung, Median'), h('dd', {}, decided ? days(a.median_days) : '–'),
        h('dt', {}, 'Dauer, bei 9 von 10 Anträgen höchstens'), h('dd', {}, decided ? days(a.p90_days) : '–')),
      barChart({
        title: 'Entscheidungen je Monat',
        summary: `${decided} Anträge in zwölf Monaten entschieden; Median ${decided ? days(a.median_days) : 'nicht berechnet'}.`,
        series: ['bewilligt', 'abgelehnt'],
        head: 'Monat',
        rows: o.decisions_by_month.map((m) => ({ label: monthName(m.month), values: [m.approved, m.rejected] })),
      }),
      table('Dauer je Monat der Entscheidung', ['Monat', 'Entschieden', 'Median', '9 von 10 höchstens'],
        o.decisions_by_month.map((m) => {
          const n = m.approved + m.rejected;
          return [monthName(m.month), String(n), n ? days(m.median_days) : '–', n ? days(m.p90_days) : '–'];
        })),
      h('h2', {}, 'Offene Anträge'),
      table('Offene Anträge', ['Stand', 'Anzahl', 'Der älteste wartet seit'],
        o.open_applications.map((w) => [STATUS[w.status] || w.status, String(w.count), w.count ? days(w.oldest_days) : '–'])),
      h('p', {}, h('a', { href: '/buero/antraege' }, 'Zu den Anträgen')),
      h('h2', {}, 'Anfragen an die Koordinierungsstelle'),
      h('dl', { class: 'key-figures' },
        h('dt', {}, 'Eingegangen'), h('dd', {}, String(o.enquiries.received)),
        h('dt', {}, 'Vermittelt'), h('dd', {}, String(o.enquiries.referred)),
        h('dt', {}, 'Abgeschlossen'), h('dd', {}, String(o.enquiries.closed)),
        h('dt', {}, 'Dauer bis zum Abschluss, Median'), h('dd', {}, o.enquiries.closed ? days(o.enquiries.median_days_to_close) : '–')),
      h('h2', {}, 'Meldungen auf Angebote der Vereine'),
      h('dl', { class: 'key-figures' },
        h('dt', {}, 'Eingegangen'), h('dd', {}, String(o.interests.received)),
        h('dt', {}, 'Vom Verein beantwortet'), h('dd', {}, String(o.interests.answered)),
        h('dt', {}, 'Seit über 14 Tagen ohne Antwort'), h('dd', {}, String(o.interests.unanswered_over_14_days))),
    ];
  },
  live: ['card_applications', 'enquiries', 'interests'],
});
