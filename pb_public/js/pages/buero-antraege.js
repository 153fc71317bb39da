// The office's list of card applications: open ones first (oldest
// submission first), filter by status, search by name, page through.
import { h, append, clear, urlWith } from '../lib/dom.js';
import { field } from '../lib/forms.js';
import { pageHead, failure, empty } from '../lib/ui.js';
import {
  office, requireStaff, officeNav, officeLive, statusBadge, day, daysSince, daysText, pager, table, APPLICATION_STATUS, CARD_KINDS,
} from '../lib/office.js';

const FILTERS = {
  offen: ['status = "submitted" || status = "confirmed"', 'Offen (eingereicht oder bestätigt)'],
  submitted: ['status = "submitted"', 'Eingereicht, wartet auf Bestätigung'],
  confirmed: ['status = "confirmed"', 'Bestätigt, wartet auf Entscheidung'],
  approved: ['status = "approved"', 'Bewilligt'],
  rejected: ['status = "rejected"', 'Abgelehnt'],
  withdrawn: ['status = "withdrawn"', 'Zurückgezogen'],
  draft: ['status = "draft"', 'Entwürfe'],
};
const SORTS = { alt: ['submitted_at', 'Älteste Einreichung zuerst'], neu: ['-submitted_at', 'Neueste Einreichung zuerst'], name: ['last_name,first_name', 'Name (A–Z)'] };

export default {
  title: 'Anträge – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx, { decide: true });
    if (!staff) return;
    const which = FILTERS[ctx.query.get('status')] ? ctx.query.get('status') : 'offen';
    const q = (ctx.query.get('suche') || '').trim();
    const sort = SORTS[ctx.query.get('sortierung')] ? ctx.query.get('sortierung') : 'alt';
    const page = Math.max(1, parseInt(ctx.query.get('seite') || '1', 10) || 1);

    const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Anträge filtern' },
      field({ name: 'status', label: 'Status', type: 'select', value: which, options: Object.entries(FILTERS).map(([k, [, t]]) => [k, t]) }),
      field({ name: 'suche', label: 'Name enthält', type: 'search', value: q }),
      field({ name: 'sortierung', label: 'Sortierung', type: 'select', value: sort, options: Object.entries(SORTS).map(([k, [, t]]) => [k, t]) }),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Anzeigen')));
    filters.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const data = new FormData(filters);
      ctx.navigate(urlWith('/buero/antraege', { status: data.get('status'), suche: String(data.get('suche') || '').trim(), sortierung: data.get('sortierung'), seite: null }));
    });
    const results = h('div', {});
    append(ctx.main, officeNav(staff), pageHead('Anträge auf die Ehrenamtskarte'), filters, results);

    const load = async () => {
      const parts = ['(' + FILTERS[which][0] + ')'];
      const params = {};
      if (q) { parts.push('(first_name ~ {:q} || last_name ~ {:q})'); params.q = q; }
      let result;
      try {
        result = await office.collection('card_applications').getList(page, 25, { filter: office.filter(parts.join(' && '), params), sort: SORTS[sort][0] });
      } catch (err) {
        clear(results).append(failure('Die Anträge konnten nicht geladen werden.', load, err));
        return;
      }
      clear(results);
      append(results, h('p', { class: 'result-count', role: 'status' }, result.totalItems === 1 ? '1 Antrag' : `${result.totalItems} Anträge`));
      if (!result.items.length) {
        append(results, empty('Kein Antrag passt zu diesem Filter.'));
        return;
      }
      append(results, 
        table('Anträge', ['Name', 'Karte', 'Status', 'Eingereicht am', 'Wartet'], result.items.map((a) => [
          h('a', { href: `/buero/antraege/${a.id}` }, `${a.first_name} ${a.last_name}`),
          CARD_KINDS[a.kind] || a.kind,
          statusBadge(APPLICATION_STATUS, a.status, a.status === 'confirmed' ? 'pending' : a.status === 'approved' ? 'ok' : a.status === 'rejected' ? 'rejected' : ''),
          day(a.submitted_at),
          ['submitted', 'confirmed'].includes(a.status) && a.submitted_at ? daysText(daysSince(a.submitted_at)) : '–',
        ])),
        pager(result, (p) => urlWith('/buero/antraege', { seite: String(p) })));
    };
    await load();
    await officeLive(ctx, ['card_applications'], load);
  },
};
