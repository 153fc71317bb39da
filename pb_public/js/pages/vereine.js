// The directory: search by name, filter by topic and kind. The filters live
// in the address (/vereine?thema=sport&art=verein&suche=lauf), so a result
// can be shared and the back button works.
import { h, append, clear } from '../lib/dom.js';
import { pb, PUBLIC_ORGS } from '../lib/api.js';
import { ORG_KINDS, TOPICS } from '../lib/labels.js';
import { field } from '../lib/forms.js';
import { loading, failure, empty, orgCard, pageHead } from '../lib/ui.js';

const PER_PAGE = 24;

export default {
  title: 'Vereine & Initiativen',
  async render(ctx) {
    const q = ctx.query;
    const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Vereine und Initiativen filtern' },
      field({ name: 'suche', label: 'Name', type: 'search', value: q.get('suche') || '', attrs: { placeholder: 'z. B. Tafel' } }),
      field({ name: 'thema', label: 'Thema', type: 'select', value: q.get('thema') || '',
        options: [['', 'Alle Themen'], ...Object.entries(TOPICS)] }),
      field({ name: 'art', label: 'Art', type: 'select', value: q.get('art') || '',
        options: [['', 'Alle Arten'], ...Object.entries(ORG_KINDS)] }),
      h('div', { class: 'filter-actions' },
        h('button', { type: 'submit', class: 'button' }, 'Suchen'),
        h('button', { type: 'reset', class: 'button secondary' }, 'Zurücksetzen')));
    const count = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite' });
    const results = h('div', { class: 'results' }, loading());

    append(ctx.main, 
      pageHead('Vereine & Initiativen', 'Vereine, Initiativen, Einrichtungen, Kirchengemeinden und Projekte in Bitburg, bei denen Sie sich engagieren können.'),
      form, count, results,
      h('aside', { class: 'hint' },
        h('h2', {}, 'Ihre Organisation fehlt?'),
        h('p', {}, 'Melden Sie Ihren Verein oder Ihre Initiative an. Nach der Prüfung durch die Koordinierungsstelle erscheint sie hier.'),
        h('p', {}, h('a', { href: '/mein-verein/neu' }, 'Organisation anmelden'))));

    let page = 1;
    let items = [];
    let request = 0;

    const filters = () => {
      const data = new FormData(form);
      return { suche: String(data.get('suche') || '').trim(), thema: data.get('thema') || '', art: data.get('art') || '' };
    };

    const load = async ({ more = false } = {}) => {
      const mine = ++request;
      const f = filters();
      const parts = [PUBLIC_ORGS];
      const params = {};
      if (f.suche) { parts.push('name ~ {:suche}'); params.suche = f.suche; }
      if (f.thema) { parts.push('topics ~ {:thema}'); params.thema = f.thema; }
      if (f.art) { parts.push('kind = {:art}'); params.art = f.art; }
      page = more ? page + 1 : 1;
      if (!more) results.setAttribute('aria-busy', 'true');
      try {
        const list = await pb.collection('organisations').getList(page, PER_PAGE, {
          filter: pb.filter(parts.join(' && '), params), sort: 'name',
        });
        if (mine !== request || !ctx.isCurrent()) return;
        items = more ? items.concat(list.items) : list.items;
        results.removeAttribute('aria-busy');
        count.textContent = list.totalItems === 1 ? '1 Eintrag gefunden' : `${list.totalItems} Einträge gefunden`;
        clear(results);
        if (!items.length) {
          append(results, empty('Keine Einträge passen zu Ihrer Suche. Versuchen Sie es mit weniger Filtern.'));
          return;
        }
        append(results, h('ul', { class: 'card-grid org-grid' }, items.map(orgCard)));
        if (list.page < list.totalPages) {
          append(results, h('p', { class: 'more' }, h('button', { type: 'button', class: 'button secondary', on: { click: () => load({ more: true }) } }, 'Weitere Einträge laden')));
        }
      } catch (err) {
        if (mine !== request) return;
        results.removeAttribute('aria-busy');
        append(clear(results), failure('Das Verzeichnis konnte nicht geladen werden.', () => load(), err));
      }
    };

    const applyToURL = () => {
      const f = filters();
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
      const qs = params.toString();
      history.replaceState(null, '', '/vereine' + (qs ? '?' + qs : ''));
    };

    let typing = null;
    form.addEventListener('submit', (ev) => { ev.preventDefault(); applyToURL(); load(); });
    form.addEventListener('change', () => { applyToURL(); load(); });
    form.addEventListener('input', (ev) => {
      if (ev.target.name !== 'suche') return;
      clearTimeout(typing);
      typing = setTimeout(() => { applyToURL(); load(); }, 300);
    });
    form.addEventListener('reset', (ev) => {
      // back to "everything", not to the values the page was opened with
      ev.preventDefault();
      for (const control of form.querySelectorAll('input, select')) control.value = '';
      applyToURL();
      load();
    });
    ctx.onLeave(() => clearTimeout(typing));

    await load();
    ctx.live(['organisations'], () => load());
  },
};
