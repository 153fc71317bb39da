// The calendar: upcoming dates as a list or a month view, filtered by
// kind, topic and organisation; iCal subscriptions. Each date of a series
// is shown on its own (GET /api/ben/occurrences expands them), cancelled
// ones struck through. Everything is in the address
// (/termine?ansicht=monat&monat=2026-05&art=fortbildung), and the view
// follows changes live.
import { h, append, clear, formatDate, formatTime, formatMonth, parseDate, dayKey, berlinParts, berlinToDate, urlWith } from '../lib/dom.js';
import { pb, PUBLIC_ORGS } from '../lib/api.js';
import { EVENT_KINDS, TOPICS } from '../lib/labels.js';
import { field } from '../lib/forms.js';
import { loading, failure, empty, eventItem, occurrenceEvent, groupByDay, calendarBox, pageHead, liveNote } from '../lib/ui.js';

const PER_PAGE = 50;
const WEEKDAYS = [['Mo', 'Montag'], ['Di', 'Dienstag'], ['Mi', 'Mittwoch'], ['Do', 'Donnerstag'], ['Fr', 'Freitag'], ['Sa', 'Samstag'], ['So', 'Sonntag']];

export default {
  title: 'Termine',
  async render(ctx) {
    const q = ctx.query;
    let orgs = [];
    try {
      orgs = await pb.collection('organisations').getFullList({ filter: PUBLIC_ORGS, sort: 'name', fields: 'id,slug,name' });
    } catch {
      // the filter then offers no organisations; the list still works
    }

    const view = q.get('ansicht') === 'monat' ? 'monat' : 'liste';
    const now = berlinParts(new Date());
    const month = /^\d{4}-\d{2}$/.test(q.get('monat') || '') ? q.get('monat') : `${now.year}-${String(now.month).padStart(2, '0')}`;

    const form = h('form', { class: 'filters', 'aria-label': 'Termine filtern' },
      field({ name: 'art', label: 'Art', type: 'select', value: q.get('art') || '', options: [['', 'Alle Arten'], ...Object.entries(EVENT_KINDS)] }),
      field({ name: 'thema', label: 'Thema', type: 'select', value: q.get('thema') || '', options: [['', 'Alle Themen'], ...Object.entries(TOPICS)] }),
      field({ name: 'verein', label: 'Veranstalter', type: 'select', value: q.get('verein') || '',
        options: [['', 'Alle Veranstalter'], ['stadt', 'Koordinierungsstelle der Stadt'], ...orgs.map((o) => [o.slug, o.name])] }),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Anzeigen')));

    const viewSwitch = h('nav', { class: 'view-switch', 'aria-label': 'Ansicht' },
      h('a', { href: urlWith('/termine', { ansicht: null, monat: null }), 'aria-current': view === 'liste' ? 'page' : null }, 'Liste'),
      h('a', { href: urlWith('/termine', { ansicht: 'monat' }), 'aria-current': view === 'monat' ? 'page' : null }, 'Monat'));

    const results = h('div', { class: 'results' }, loading('Termine werden geladen …'));
    const count = h('p', { class: 'result-count', role: 'status' });
    const feedBox = h('div', {});
    const showFeed = () => {
      const selectedOrg = orgs.find((o) => o.slug === new URLSearchParams(location.search).get('verein'));
      const text = 'Neue und geänderte Termine erscheinen automatisch in Ihrem Kalender (Outlook, Apple, Google, Thunderbird …).';
      append(clear(feedBox), selectedOrg
        ? calendarBox(`/api/ben/organisations/${encodeURIComponent(selectedOrg.slug)}/events.ics`, `Termine von ${selectedOrg.name} abonnieren`, text)
        : calendarBox('/api/ben/events.ics', 'Alle Termine abonnieren', text));
    };
    showFeed();

    append(ctx.main, 
      pageHead('Termine', 'Treffen, Fortbildungen, Austauschtreffen und Feste der Vereine, Initiativen und der Koordinierungsstelle.'),
      form, viewSwitch, liveNote(), count, results, feedBox);

    // filters change the address and the results in place; the focus stays in the form
    const applyFilters = () => {
      history.replaceState(null, '', urlWith('/termine', formValues(form)));
      for (const a of viewSwitch.querySelectorAll('a')) {
        a.setAttribute('href', urlWith('/termine', a.textContent === 'Monat' ? { ansicht: 'monat' } : { ansicht: null, monat: null }));
      }
      showFeed();
      load();
    };
    form.addEventListener('submit', (ev) => { ev.preventDefault(); applyFilters(); });
    form.addEventListener('change', applyFilters);

    const orgById = new Map(orgs.map((o) => [o.id, o]));
    // the filters as parameters of GET /api/ben/occurrences
    const filterParams = () => {
      const q = new URLSearchParams(location.search);
      const params = {};
      if (q.get('art') && EVENT_KINDS[q.get('art')]) params.kind = q.get('art');
      if (q.get('thema') && TOPICS[q.get('thema')]) params.topic = q.get('thema');
      if (q.get('verein') === 'stadt') params.office = 'true';
      else if (q.get('verein')) params.organisation = orgs.find((o) => o.slug === q.get('verein'))?.id || 'unbekannt';
      return params;
    };
    const occurrences = (params) => pb.send('/api/ben/occurrences', { query: { ...filterParams(), ...params } });
    const isoDay = (p) => `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;

    let page = 1;
    let items = [];
    let request = 0;
    let load;

    const loadList = async ({ more = false } = {}) => {
      const mine = ++request;
      page = more ? page + 1 : 1;
      const today = berlinParts(new Date());
      const inAYear = berlinParts(new Date(Date.now() + 364 * 86400000));
      try {
        const list = await occurrences({ from: isoDay(today), to: isoDay(inAYear), page, perPage: PER_PAGE });
        if (mine !== request || !ctx.isCurrent()) return;
        const dates = list.items.map((o) => occurrenceEvent(o, orgById));
        items = more ? items.concat(dates) : dates;
        count.textContent = items.length === 1 && !list.hasMore ? '1 kommender Termin'
          : `${list.hasMore ? 'Mehr als ' : ''}${items.length} kommende Termine`;
        clear(results);
        if (!items.length) {
          append(results, empty('Keine kommenden Termine für diese Auswahl.'));
          return;
        }
        for (const [day, events] of groupByDay(items)) {
          append(results, h('section', { class: 'day-group', 'aria-label': formatDate(parseDate(events[0].starts_at)) },
            h('h2', { class: 'day-heading' }, formatDate(parseDate(events[0].starts_at))),
            h('ul', { class: 'event-list', dataset: { day } }, events.map((e) => eventItem(e)))));
        }
        if (list.hasMore) {
          append(results, h('p', { class: 'more' }, h('button', { type: 'button', class: 'button secondary', on: { click: () => loadList({ more: true }) } }, 'Weitere Termine laden')));
        }
      } catch (err) {
        if (mine !== request) return;
        append(clear(results), failure('Die Termine konnten nicht geladen werden.', () => loadList(), err));
      }
    };

    const loadMonth = async () => {
      const mine = ++request;
      const [year, mon] = month.split('-').map(Number);
      const first = berlinToDate(year, mon, 1);
      const lastDay = new Date(Date.UTC(year, mon, 0)).getUTCDate();
      try {
        const list = await occurrences({ from: `${month}-01`, to: `${month}-${String(lastDay).padStart(2, '0')}`, perPage: 1000 });
        if (mine !== request || !ctx.isCurrent()) return;
        // a date that began in the month before shows on the month's days only
        const dates = list.items.map((o) => occurrenceEvent(o, orgById)).filter((e) => parseDate(e.starts_at) >= first);
        count.textContent = dates.length === 1 ? `1 Termin im ${formatMonth(first)}` : `${dates.length} Termine im ${formatMonth(first)}`;
        append(clear(results), monthView(year, mon, dates));
      } catch (err) {
        if (mine !== request) return;
        append(clear(results), failure('Die Termine konnten nicht geladen werden.', loadMonth, err));
      }
    };

    load = view === 'monat' ? loadMonth : () => loadList();
    await load();
    ctx.live(['events', 'organisations'], load);
  },
};

function formValues(form) {
  const data = new FormData(form);
  return { art: data.get('art') || null, thema: data.get('thema') || null, verein: data.get('verein') || null };
}

function monthView(year, mon, events) {
  const byDay = groupByDay(events);
  const prev = mon === 1 ? `${year - 1}-12` : `${year}-${String(mon - 1).padStart(2, '0')}`;
  const next = mon === 12 ? `${year + 1}-01` : `${year}-${String(mon + 1).padStart(2, '0')}`;
  const title = formatMonth(berlinToDate(year, mon, 15));
  const todayKey = dayKey(new Date());

  const daysInMonth = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  const firstWeekday = (new Date(Date.UTC(year, mon - 1, 1)).getUTCDay() + 6) % 7; // Monday = 0
  const cells = [];
  for (let i = 0; i < firstWeekday; i++) cells.push(h('td', { class: 'outside', 'aria-hidden': 'true' }));
  for (let d = 1; d <= daysInMonth; d++) {
    const key = `${year}-${String(mon).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const dayEvents = byDay.get(key) || [];
    const date = berlinToDate(year, mon, d, 12);
    cells.push(h('td', { class: [dayEvents.length ? 'has-events' : 'no-events', key === todayKey ? 'today' : ''] },
      h('div', { class: 'day-number' },
        h('span', { class: 'day-short', 'aria-hidden': 'true' }, String(d)),
        h('span', { class: 'day-long' }, formatDate(date))),
      dayEvents.length ? h('ul', {}, dayEvents.map((e) => h('li', {},
        h('a', { href: `/termine/${e.id}`, class: e.cancelled ? 'cancelled' : null },
          h('span', { class: 'time' }, e.all_day ? 'ganztägig' : formatTime(e.starts_at)), ' ',
          e.cancelled ? [h('s', {}, e.title), ' (abgesagt)'] : e.title)))) : null));
  }
  while (cells.length % 7) cells.push(h('td', { class: 'outside', 'aria-hidden': 'true' }));
  const rows = [];
  for (let i = 0; i < cells.length; i += 7) rows.push(h('tr', {}, cells.slice(i, i + 7)));

  return h('div', { class: 'month' },
    h('div', { class: 'month-nav' },
      h('a', { class: 'button secondary', href: urlWith('/termine', { ansicht: 'monat', monat: prev }) }, h('span', { 'aria-hidden': 'true' }, '‹ '), 'Vormonat'),
      h('h2', {}, title),
      h('a', { class: 'button secondary', href: urlWith('/termine', { ansicht: 'monat', monat: next }) }, 'Nächster Monat', h('span', { 'aria-hidden': 'true' }, ' ›'))),
    events.length ? null : empty('In diesem Monat sind keine Termine eingetragen.'),
    h('table', { class: 'month-table' },
      h('caption', { class: 'visually-hidden' }, `Termine im ${title}`),
      h('thead', {}, h('tr', {}, WEEKDAYS.map(([short, long]) => h('th', { scope: 'col' }, h('abbr', { title: long }, short))))),
      h('tbody', {}, rows)));
}
