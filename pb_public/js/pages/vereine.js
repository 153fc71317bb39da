// The directory: search by name or by any word of a profile (full-text
// search, ranked, both German spellings), filter by topic and kind. The
// filters live in the address (/vereine?thema=sport&art=verein&suche=lauf),
// so a result can be shared and the back button works.
import { h, append, clear } from '../lib/dom.js';
import { pb, PUBLIC_ORGS } from '../lib/api.js';
import { ORG_KINDS, TOPICS } from '../lib/labels.js';
import { field } from '../lib/forms.js';
import { loading, failure, empty, orgCard, pageHead } from '../lib/ui.js';
import { search, searchable, highlighted, debounced } from '../lib/search.js';

const PER_PAGE = 24;

export default {
  title: 'Vereine & Initiativen',
  async render(ctx) {
    const q = ctx.query;
    const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Vereine und Initiativen filtern' },
      field({ name: 'suche', label: 'Name oder Stichwort', type: 'search', value: q.get('suche') || '', attrs: { placeholder: 'z. B. Tafel, Fußball, Feuerwehr', autocomplete: 'off' },
        help: 'Sucht auch in Beschreibungen und Treffzeiten.' }),
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
      page = more ? page + 1 : 1;
      if (!more) results.setAttribute('aria-busy', 'true');
      try {
        const list = searchable(f.suche) ? await searched(f) : await listed(f);
        if (mine !== request || !ctx.isCurrent()) return;
        items = more ? items.concat(list.items) : list.items;
        results.removeAttribute('aria-busy');
        count.textContent = list.total === 1 ? '1 Eintrag gefunden' : `${list.total} Einträge gefunden`;
        clear(results);
        if (!items.length) {
          append(results, empty('Keine Einträge passen zu Ihrer Suche. Versuchen Sie es mit weniger Filtern oder einem Teil des Wortes.'));
          return;
        }
        append(results, h('ul', { class: 'card-grid org-grid' }, items.map((org) => {
          const card = orgCard(org);
          if (org.snippet) card.querySelector('.card-body').append(h('p', { class: 'hit-snippet' }, highlighted(org.snippet)));
          return card;
        })));
        if (list.more) {
          append(results, h('p', { class: 'more' }, h('button', { type: 'button', class: 'button secondary', on: { click: () => load({ more: true }) } }, 'Weitere Einträge laden')));
        }
      } catch (err) {
        if (mine !== request) return;
        results.removeAttribute('aria-busy');
        append(clear(results), failure('Das Verzeichnis konnte nicht geladen werden.', () => load(), err));
      }
    };

    // without a searchable word: the directory by name, filtered; by topic
    // through the topic rows (one per club and topic, an index on topic
    // and name), which cost the same however many clubs there are
    const listed = async (f) => {
      if (f.thema) return listedByTopic(f);
      const parts = [PUBLIC_ORGS];
      const params = {};
      if (f.suche) { parts.push('name ~ {:suche}'); params.suche = f.suche; }
      if (f.art) { parts.push('kind = {:art}'); params.art = f.art; }
      const list = await pb.collection('organisations').getList(page, PER_PAGE, {
        filter: pb.filter(parts.join(' && '), params), sort: 'name',
      });
      return { items: list.items, total: list.totalItems, more: list.page < list.totalPages };
    };

    // the rows list published clubs only (their rule), each with its profile
    const listedByTopic = async (f) => {
      const parts = ['topic = {:thema}'];
      const params = { thema: f.thema };
      if (f.suche) { parts.push('name ~ {:suche}'); params.suche = f.suche; }
      if (f.art) { parts.push('organisation.kind = {:art}'); params.art = f.art; }
      const list = await pb.collection('organisation_topics').getList(page, PER_PAGE, {
        filter: pb.filter(parts.join(' && '), params), sort: 'name', expand: 'organisation',
      });
      const items = list.items.map((row) => row.expand?.organisation).filter(Boolean);
      return { items, total: list.totalItems, more: list.page < list.totalPages };
    };

    // with one: the full-text search's ranking, then topic and kind
    const searched = async (f) => {
      const found = await search(f.suche, { collection: 'organisations', page, perPage: 50 });
      if (!found.items.length) return { items: [], total: 0, more: false };
      const params = {};
      const ids = found.items.map((hit, i) => { params['id' + i] = hit.id; return `id = {:id${i}}`; });
      const parts = [`(${ids.join(' || ')})`];
      if (f.thema) { parts.push('topics ~ {:thema}'); params.thema = f.thema; }
      if (f.art) { parts.push('kind = {:art}'); params.art = f.art; }
      const records = await pb.collection('organisations').getFullList({ filter: pb.filter(parts.join(' && '), params) });
      const byId = new Map(records.map((r) => [r.id, r]));
      const items = found.items.filter((hit) => byId.has(hit.id)).map((hit) => ({ ...byId.get(hit.id), snippet: hit.snippet }));
      const filtered = f.thema || f.art;
      return { items, total: filtered ? items.length : found.totalItems, more: !filtered && found.page * found.perPage < found.totalItems };
    };

    const applyToURL = () => {
      const f = filters();
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
      const qs = params.toString();
      history.replaceState(null, '', '/vereine' + (qs ? '?' + qs : ''));
    };

    const typed = debounced(() => { applyToURL(); load(); }, 300);
    form.addEventListener('submit', (ev) => { ev.preventDefault(); typed.cancel(); applyToURL(); load(); });
    form.addEventListener('change', (ev) => { if (ev.target.name !== 'suche') { applyToURL(); load(); } });
    form.addEventListener('input', (ev) => { if (ev.target.name === 'suche') typed(); });
    form.addEventListener('reset', (ev) => {
      // back to "everything", not to the values the page was opened with
      ev.preventDefault();
      for (const control of form.querySelectorAll('input, select')) control.value = '';
      applyToURL();
      load();
    });
    ctx.onLeave(() => typed.cancel());

    await load();
    ctx.live(['organisations'], () => load());
  },
};
