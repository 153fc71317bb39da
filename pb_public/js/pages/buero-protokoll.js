// The audit log: every decision of the office, newest first, page by page,
// filtered by area.
import { h, append, clear, urlWith } from '../lib/dom.js';
import { field } from '../lib/forms.js';
import { pageHead, failure, empty } from '../lib/ui.js';
import { office, requireStaff, officeNav, officeLive, dayTime, pager, table } from '../lib/office.js';

const AREAS = {
  organisations: 'Organisationen', card_applications: 'Anträge', cards: 'Karten', engagements: 'Engagements',
  award_rounds: 'Runden', nominations: 'Vorschläge', awards: 'Auszeichnungen', enquiries: 'Anfragen',
  working_group_members: 'Arbeitskreis', articles: 'Beiträge', events: 'Termine', partners: 'Partner', staff: 'Konten des Büros',
};

export default {
  title: 'Protokoll – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx, { decide: true });
    if (!staff) return;
    const area = AREAS[ctx.query.get('bereich')] ? ctx.query.get('bereich') : '';
    const page = Math.max(1, parseInt(ctx.query.get('seite') || '1', 10) || 1);
    const filters = h('form', { class: 'filters', role: 'search', 'aria-label': 'Protokoll filtern' },
      field({ name: 'bereich', label: 'Bereich', type: 'select', value: area, options: [['', 'Alle'], ...Object.entries(AREAS)] }),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Anzeigen')));
    filters.addEventListener('submit', (ev) => {
      ev.preventDefault();
      ctx.navigate(urlWith('/buero/protokoll', { bereich: new FormData(filters).get('bereich'), seite: null }));
    });
    const results = h('div', {});
    append(ctx.main, officeNav(staff),
      pageHead('Protokoll', 'Wer im Büro wann was entschieden hat. Einträge kann niemand ändern oder löschen.'), filters, results);
    const load = async () => {
      let result;
      try {
        result = await office.collection('audit_log').getList(page, 50, { sort: '-created', filter: area ? office.filter('collection = {:c}', { c: area }) : '' });
      } catch (err) {
        clear(results).append(failure('Das Protokoll konnte nicht geladen werden.', load, err));
        return;
      }
      clear(results);
      if (!result.items.length) {
        append(results, empty('Noch keine Einträge.'));
        return;
      }
      append(results, 
        table('Protokoll', ['Zeitpunkt', 'Wer', 'Was'], result.items.map((e) => [dayTime(e.created), e.actor_name || e.actor, e.summary])),
        pager(result, (p) => urlWith('/buero/protokoll', { seite: String(p) })));
    };
    await load();
    await officeLive(ctx, ['audit_log'], load);
  },
};
