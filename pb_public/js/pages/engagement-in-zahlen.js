// "Engagement in Zahlen": how engagement in Bitburg develops, from the
// public figures of GET /api/ben/stats (counts only, no names). Every chart
// comes with its table.
import { h, append, clear, formatDateNumeric, formatMonth } from '../lib/dom.js';
import { TOPICS, AWARD_KINDS, label } from '../lib/labels.js';
import { pageHead, loading, failure } from '../lib/ui.js';
import { barChart, formatNumber } from '../lib/charts.js';

// The organisations' kinds in the plural, as the chart counts them.
const KINDS = {
  verein: 'Vereine',
  initiative: 'Initiativen',
  einrichtung: 'Einrichtungen',
  kirchengemeinde: 'Kirchengemeinden',
  projekt: 'Projekte',
};

const monthName = (key) => {
  const [y, m] = key.split('-').map(Number);
  return formatMonth(new Date(Date.UTC(y, m - 1, 15)));
};

const most = (rows) => rows.reduce((a, b) => (b.values[0] > a.values[0] ? b : a), rows[0]);

export default {
  title: 'Engagement in Zahlen',
  async render(ctx) {
    const box = h('div', {}, loading('Die Zahlen werden geladen …'));
    append(ctx.main,
      pageHead('Engagement in Zahlen', 'Wie sich das Engagement in Bitburg entwickelt: Vereine und Initiativen, Termine, Ehrenamtskarten, Vermittlung und Ehrungen. Die Zahlen stammen aus dem Bitburger Engagement Netz; sie nennen keine Personen.'),
      box);

    const load = async () => {
      let stats;
      try {
        const res = await fetch('/api/ben/stats', { headers: { Accept: 'application/json' }, cache: 'no-cache' });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        stats = await res.json();
      } catch (err) {
        if (ctx.isCurrent()) append(clear(box), failure('Die Zahlen konnten nicht geladen werden.', load, err));
        return;
      }
      if (!ctx.isCurrent()) return;
      append(clear(box), ...sections(stats));
    };
    await load();
    // ready (aria-busy off) once live updates are on: a change from then on shows
    await ctx.live(['organisations', 'events', 'opportunities', 'award_rounds'], load);
  },
};

function sections(stats) {
  const orgs = stats.organisations;
  const kinds = orgs.by_kind.map((c) => ({ label: label(KINDS, c.key), values: [c.count] }));
  const topics = orgs.by_topic.filter((c) => c.count > 0).map((c) => ({ label: label(TOPICS, c.key), values: [c.count] }));
  const months = stats.events_by_month.map((m) => ({ label: monthName(m.month), values: [m.count], note: m.upcoming ? 'geplant' : '' }));
  const past = stats.events_by_month.filter((m) => !m.upcoming);
  const pastTotal = past.reduce((sum, m) => sum + m.count, 0);
  const cards = stats.cards_by_year.map((y) => ({ label: String(y.year), values: [y.issued, y.active] }));
  const rounds = stats.nominations_by_round.map((r) => ({ label: r.title || label(AWARD_KINDS, r.kind), values: [r.nominations] }));
  const o = stats.opportunities;
  const e = stats.enquiries;
  const lastCards = stats.cards_by_year[stats.cards_by_year.length - 1];

  return [
    h('p', { class: 'muted' }, `Stand: ${formatDateNumeric(stats.generated_at)}. Die Zahlen aktualisieren sich, sobald sich im Portal etwas ändert.`),

    h('section', { 'aria-labelledby': 'zahlen-vereine' },
      h('h2', { id: 'zahlen-vereine' }, 'Vereine und Initiativen'),
      h('p', {}, `Im Portal stellen sich ${formatNumber(orgs.total)} Vereine, Initiativen, Einrichtungen, Kirchengemeinden und Projekte vor.`),
      h('div', { class: 'chart-grid' },
        barChart({ title: 'Organisationen nach Art', head: 'Art', series: ['Anzahl'], rows: kinds,
          summary: kinds.length ? `Die meisten sind ${most(kinds).label} (${formatNumber(most(kinds).values[0])}).` : 'Noch keine Organisationen.' }),
        topics.length ? barChart({ title: 'Organisationen nach Thema', head: 'Thema', series: ['Anzahl'], rows: topics,
          summary: `Eine Organisation kann mehrere Themen haben. Am häufigsten: ${most(topics).label} (${formatNumber(most(topics).values[0])}).` }) : null)),

    h('section', { 'aria-labelledby': 'zahlen-termine' },
      h('h2', { id: 'zahlen-termine' }, 'Termine'),
      h('p', {}, `In den letzten zwölf Monaten gab es ${formatNumber(pastTotal)} öffentliche Termine; regelmäßige Treffen zählen mit jedem Termin, abgesagte nicht. Die drei kommenden Monate zeigen, was bisher geplant ist.`),
      barChart({ title: 'Termine je Monat', head: 'Monat', series: ['Termine'], rows: months,
        summary: `Von ${months[0].label} bis ${months[months.length - 1].label}; die letzten drei Monate sind geplant.` })),

    h('section', { 'aria-labelledby': 'zahlen-karte' },
      h('h2', { id: 'zahlen-karte' }, 'Ehrenamtskarte'),
      h('p', {}, lastCards
        ? `In diesem Jahr wurden bisher ${formatNumber(lastCards.issued)} Ehrenamtskarten ausgestellt; ${formatNumber(lastCards.active)} sind zurzeit gültig.`
        : 'Es wurden noch keine Ehrenamtskarten ausgestellt.', ' ', h('a', { href: '/ehrenamtskarte' }, 'So erhalten Sie die Ehrenamtskarte')),
      cards.length ? barChart({ title: 'Ehrenamtskarten je Jahr', head: 'Jahr', series: ['ausgestellt', 'gültig am Jahresende'], rows: cards,
        summary: `Ausgestellte und am Jahresende gültige Karten von ${cards[0].label} bis ${cards[cards.length - 1].label}; im laufenden Jahr: heute gültige.` }) : null),

    h('section', { 'aria-labelledby': 'zahlen-mitmachen' },
      h('h2', { id: 'zahlen-mitmachen' }, 'Mitmachen und Vermittlung'),
      h('dl', { class: 'facts key-figures' },
        h('dt', {}, 'Angebote zum Mitmachen, jetzt offen'), h('dd', {}, formatNumber(o.open)),
        h('dt', {}, 'Angebote, die bisher veröffentlicht wurden'), h('dd', {}, formatNumber(o.published)),
        h('dt', {}, 'Meldungen auf Angebote'), h('dd', {}, formatNumber(o.replies)),
        h('dt', {}, 'davon: engagiert sich jetzt'), h('dd', {}, formatNumber(o.engaged)),
        h('dt', {}, 'Anfragen an die Koordinierungsstelle'), h('dd', {}, formatNumber(e.received)),
        h('dt', {}, 'davon an eine Organisation vermittelt'), h('dd', {}, formatNumber(e.matched))),
      h('p', {}, h('a', { href: '/mitmachen' }, 'Angebote zum Mitmachen ansehen'))),

    h('section', { 'aria-labelledby': 'zahlen-ehrungen' },
      h('h2', { id: 'zahlen-ehrungen' }, 'Ehrungen'),
      rounds.length
        ? barChart({ title: 'Vorschläge je Runde', head: 'Runde', series: ['Vorschläge'], rows: rounds,
          summary: `Vorschläge in ${rounds.length === 1 ? 'einer Runde' : `${rounds.length} Runden`}, die neueste zuerst.` })
        : h('p', {}, 'Bisher wurde keine Runde ausgeschrieben.'),
      h('p', {}, h('a', { href: '/stadtmedaille' }, 'Zur Stadtmedaille'))),
  ];
}
