// The office's list of organisations: filter by status, search by name,
// sort, page through.
import { h, append, clear, urlWith } from '../lib/dom.js';
import { field } from '../lib/forms.js';
import { pageHead, failure, empty } from '../lib/ui.js';
import { ORG_KINDS, ORG_STATUS, label } from '../lib/labels.js';
import { office, requireStaff, officeNav, officeLive, statusBadge, day, pager, table } from '../lib/office.js';

const SORTS = { name: ['name', 'Name (A–Z)'], neu: ['-created', 'Neueste zuerst'], alt: ['created', 'Älteste zuerst'] };

export default {
  title: 'Organisationen – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx, { decide: true });
    if (!staff) return;
    const status = ORG_STATUS[ctx.query.get('status')] ? ctx.query.get('status') : '';
    const q = (ctx.query.get('suche') || '').trim();
    const sort = SORTS[ctx.query.get('sortierung')] ? ctx.query.get('sortierung') : 'name';
    const page = Math.max(1, parseInt(ctx.query.get('seite') || '1', 10) || 1);

    const filters = h('form', { class: 'filters', method: 'get', action: '/buero/organisationen', role: 'search', 'aria-label': 'Organisationen filtern' },
      field({ name: 'status', label: 'Status', type: 'select', value: status, options: [['', 'Alle'], ...Object.entries(ORG_STATUS)] }),
      field({ name: 'suche', label: 'Name enthält', type: 'search', value: q }),
      field({ name: 'sortierung', label: 'Sortierung', type: 'select', value: sort, options: Object.entries(SORTS).map(([k, [, t]]) => [k, t]) }),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Anzeigen')));
    filters.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const data = new FormData(filters);
      ctx.navigate(urlWith('/buero/organisationen', { status: data.get('status'), suche: String(data.get('suche') || '').trim(), sortierung: data.get('sortierung'), seite: null }));
    });
    const results = h('div', {});
    append(ctx.main, officeNav(staff), pageHead('Organisationen', 'Alle Vereine, Initiativen und Einrichtungen, auch die wartenden und archivierten.'), filters, results);

    const load = async () => {
      const parts = [];
      const params = {};
      if (status) { parts.push('status = {:status}'); params.status = status; }
      if (q) { parts.push('name ~ {:q}'); params.q = q; }
      let result;
      try {
        result = await office.collection('organisations').getList(page, 25, { filter: office.filter(parts.join(' && '), params), sort: SORTS[sort][0] });
      } catch (err) {
        clear(results).append(failure('Die Organisationen konnten nicht geladen werden.', load, err));
        return;
      }
      clear(results);
      append(results, h('p', { class: 'result-count', role: 'status' }, result.totalItems === 1 ? '1 Organisation' : `${result.totalItems} Organisationen`));
      if (!result.items.length) {
        append(results, empty('Keine Organisation passt zu diesem Filter.'));
        return;
      }
      append(results, 
        table('Organisationen', ['Name', 'Art', 'Status', 'Angemeldet am'], result.items.map((o) => [
          h('a', { href: `/buero/organisationen/${o.id}` }, o.name),
          label(ORG_KINDS, o.kind),
          statusBadge(ORG_STATUS, o.status, o.status === 'pending' ? 'pending' : o.status === 'published' ? 'ok' : ''),
          day(o.created),
        ])),
        pager(result, (p) => urlWith('/buero/organisationen', { seite: String(p) })));
    };
    await load();
    await officeLive(ctx, ['organisations'], load);
  },
};
