// The office's enquiries ("Kontakt aufnehmen"): open ones first.
import { h, append, clear, urlWith } from '../lib/dom.js';
import { field } from '../lib/forms.js';
import { pageHead, failure, empty } from '../lib/ui.js';
import { office, requireStaff, officeNav, officeLive, statusBadge, day, daysSince, daysText, pager, table, ENQUIRY_STATUS } from '../lib/office.js';

const FILTERS = {
  offen: ['status = "new" || status = "in_progress"', 'Offen (neu oder in Bearbeitung)'],
  new: ['status = "new"', 'Neu'], in_progress: ['status = "in_progress"', 'In Bearbeitung'],
  matched: ['status = "matched"', 'Vermittelt'], closed: ['status = "closed"', 'Abgeschlossen'],
};

export default {
  title: 'Anfragen – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx, { decide: true });
    if (!staff) return;
    const which = FILTERS[ctx.query.get('status')] ? ctx.query.get('status') : 'offen';
    const page = Math.max(1, parseInt(ctx.query.get('seite') || '1', 10) || 1);
    const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Anfragen filtern' },
      field({ name: 'status', label: 'Status', type: 'select', value: which, options: Object.entries(FILTERS).map(([k, [, t]]) => [k, t]) }),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Anzeigen')));
    filters.addEventListener('submit', (ev) => {
      ev.preventDefault();
      ctx.navigate(urlWith('/buero/anfragen', { status: new FormData(filters).get('status'), seite: null }));
    });
    const results = h('div', {});
    append(ctx.main, officeNav(staff), pageHead('Anfragen', 'Menschen, die über „Kontakt aufnehmen“ Rat suchen; die ältesten zuerst.'), filters, results);

    const load = async () => {
      let result;
      try {
        result = await office.collection('enquiries').getList(page, 25, { filter: FILTERS[which][0], sort: 'created' });
      } catch (err) {
        clear(results).append(failure('Die Anfragen konnten nicht geladen werden.', load, err));
        return;
      }
      clear(results);
      append(results, h('p', { class: 'result-count', role: 'status' }, result.totalItems === 1 ? '1 Anfrage' : `${result.totalItems} Anfragen`));
      if (!result.items.length) {
        append(results, empty('Keine Anfrage passt zu diesem Filter.'));
        return;
      }
      append(results, 
        table('Anfragen', ['Name', 'Status', 'Eingegangen am', 'Wartet'], result.items.map((q) => [
          h('a', { href: `/buero/anfragen/${q.id}` }, q.name),
          statusBadge(ENQUIRY_STATUS, q.status, q.status === 'new' ? 'pending' : q.status === 'matched' ? 'ok' : ''),
          day(q.created),
          ['new', 'in_progress'].includes(q.status) ? daysText(daysSince(q.created)) : '–',
        ])),
        pager(result, (p) => urlWith('/buero/anfragen', { seite: String(p) })));
    };
    await load();
    await officeLive(ctx, ['enquiries'], load);
  },
};
