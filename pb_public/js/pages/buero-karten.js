// The office's list of cards: search by card number or name, filter by
// status, sorted by the end of validity.
import { h, append, clear, urlWith } from '../lib/dom.js';
import { field } from '../lib/forms.js';
import { pageHead, failure, empty } from '../lib/ui.js';
import { office, requireStaff, officeNav, officeLive, statusBadge, day, pager, table, CARD_STATUS } from '../lib/office.js';

const SORTS = { ablauf: ['valid_until', 'Ablauf (früheste zuerst)'], neu: ['-issued_at', 'Neueste zuerst'], nummer: ['number', 'Kartennummer'] };

export default {
  title: 'Karten – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx, { decide: true });
    if (!staff) return;
    const q = (ctx.query.get('suche') || '').trim();
    const status = CARD_STATUS[ctx.query.get('status')] ? ctx.query.get('status') : '';
    const sort = SORTS[ctx.query.get('sortierung')] ? ctx.query.get('sortierung') : 'ablauf';
    const page = Math.max(1, parseInt(ctx.query.get('seite') || '1', 10) || 1);

    const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Karten suchen' },
      field({ name: 'suche', label: 'Kartennummer oder Name', type: 'search', value: q }),
      field({ name: 'status', label: 'Status', type: 'select', value: status, options: [['', 'Alle'], ...Object.entries(CARD_STATUS)] }),
      field({ name: 'sortierung', label: 'Sortierung', type: 'select', value: sort, options: Object.entries(SORTS).map(([k, [, t]]) => [k, t]) }),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Suchen')));
    filters.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const data = new FormData(filters);
      ctx.navigate(urlWith('/buero/karten', { suche: String(data.get('suche') || '').trim(), status: data.get('status'), sortierung: data.get('sortierung'), seite: null }));
    });
    const results = h('div', {});
    append(ctx.main, officeNav(staff), pageHead('Ehrenamtskarten'), filters, results);

    const load = async () => {
      const parts = [];
      const params = {};
      if (q) { parts.push('(number ~ {:q} || application.first_name ~ {:q} || application.last_name ~ {:q})'); params.q = q; }
      if (status) { parts.push('status = {:status}'); params.status = status; }
      let result;
      try {
        result = await office.collection('cards').getList(page, 25, { filter: office.filter(parts.join(' && '), params), sort: SORTS[sort][0], expand: 'application' });
      } catch (err) {
        clear(results).append(failure('Die Karten konnten nicht geladen werden.', load, err));
        return;
      }
      clear(results);
      append(results, h('p', { class: 'result-count', role: 'status' }, result.totalItems === 1 ? '1 Karte' : `${result.totalItems} Karten`));
      if (!result.items.length) {
        append(results, empty(q ? `Keine Karte passt zu „${q}“.` : 'Keine Karte passt zu diesem Filter.'));
        return;
      }
      append(results, 
        table('Karten', ['Kartennummer', 'Inhaberin / Inhaber', 'Status', 'Gültig bis', 'Online geprüft'], result.items.map((c) => [
          h('a', { href: `/buero/karten/${c.id}` }, c.number),
          c.expand?.application ? `${c.expand.application.first_name} ${c.expand.application.last_name}` : '–',
          statusBadge(CARD_STATUS, c.status, c.status === 'active' ? 'ok' : c.status === 'revoked' ? 'rejected' : ''),
          c.valid_until ? day(c.valid_until) : 'unbefristet',
          `${c.verifications || 0}-mal`,
        ])),
        pager(result, (p) => urlWith('/buero/karten', { seite: String(p) })));
    };
    await load();
    await officeLive(ctx, ['cards'], load);
  },
};
