// The global search (/suche?q=fussball&bereich=events): clubs, dates,
// opportunities and news in one ranked list that follows the typing. The
// number of hits is announced to screen readers; ArrowDown moves from the
// search field into the results.
import { h, append, clear } from '../lib/dom.js';
import { field } from '../lib/forms.js';
import { failure, empty, pageHead } from '../lib/ui.js';
import { search, searchable, hitItem, debounced, arrowKeys, COLLECTION_LABELS } from '../lib/search.js';

const PER_PAGE = 20;
const AREAS = [['', 'Alles'], ['organisations', 'Vereine & Initiativen'], ['events', 'Termine'], ['opportunities', 'Mitmachen'], ['articles', 'Neuigkeiten & Informationen']];

export default {
  title: 'Suche',
  async render(ctx) {
    const q = ctx.query;
    const form = h('form', { class: 'search-form', role: 'search', 'aria-label': 'Im Portal suchen' },
      field({ name: 'q', label: 'Suchbegriff', type: 'search', value: q.get('q') || '',
        attrs: { placeholder: 'z. B. Fußball, Feuerwehr, Senioren', autocomplete: 'off', 'aria-controls': 'suchergebnisse', enterkeyhint: 'search' } }),
      field({ name: 'bereich', label: 'Bereich', type: 'select', value: COLLECTION_LABELS[q.get('bereich')] ? q.get('bereich') : '', options: AREAS }),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Suchen')));
    const input = form.querySelector('input[name="q"]');
    const status = h('p', { class: 'result-count', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    const list = h('ul', { class: 'search-results', id: 'suchergebnisse', 'aria-label': 'Suchergebnisse' });
    const more = h('p', { class: 'more' });
    const hint = h('p', { class: 'field-help' }, 'Die Ergebnisse erscheinen beim Tippen. Mit der Pfeiltaste nach unten gelangen Sie in die Liste.');

    append(ctx.main, pageHead('Suche', 'Vereine und Initiativen, Termine, Angebote zum Mitmachen und Neuigkeiten durchsuchen.'),
      form, hint, status, list, more);

    let request = 0;
    let page = 1;
    const run = async ({ next = false } = {}) => {
      const data = new FormData(form);
      const text = String(data.get('q') || '').trim();
      const area = String(data.get('bereich') || '');
      const params = new URLSearchParams();
      if (text) params.set('q', text);
      if (area) params.set('bereich', area);
      history.replaceState(null, '', '/suche' + (params.toString() ? '?' + params : ''));
      const mine = ++request;
      page = next ? page + 1 : 1;
      if (!next) clear(more);
      if (!searchable(text)) {
        clear(list);
        status.textContent = text ? 'Bitte geben Sie mindestens ein Wort mit drei Buchstaben ein.' : '';
        return;
      }
      list.setAttribute('aria-busy', 'true');
      try {
        const result = await search(text, { collection: area, page, perPage: PER_PAGE });
        if (mine !== request || !ctx.isCurrent()) return;
        list.removeAttribute('aria-busy');
        if (!next) clear(list);
        append(list, result.items.map(hitItem));
        status.textContent = result.totalItems === 0 ? `Keine Treffer für „${text}“.`
          : result.totalItems === 1 ? `1 Treffer für „${text}“.` : `${result.totalItems} Treffer für „${text}“.`;
        clear(more);
        if (result.page * result.perPage < result.totalItems) {
          append(more, h('button', { type: 'button', class: 'button secondary', on: { click: () => run({ next: true }) } }, 'Weitere Treffer laden'));
        }
        if (!result.items.length && !next) append(list, h('li', { class: 'no-hits' }, empty('Versuchen Sie ein anderes Wort oder einen Teil davon, z. B. „wehr“ statt „Feuerwehren“.')));
      } catch (err) {
        if (mine !== request) return;
        list.removeAttribute('aria-busy');
        clear(list);
        append(list, h('li', {}, failure('Die Suche hat nicht geklappt.', () => run(), err)));
      }
    };
    const typed = debounced(() => run(), 250);
    ctx.onLeave(() => typed.cancel());
    form.addEventListener('input', (ev) => { if (ev.target.name === 'q') typed(); });
    form.addEventListener('change', (ev) => { if (ev.target.name === 'bereich') run(); });
    form.addEventListener('submit', (ev) => { ev.preventDefault(); typed.cancel(); run(); });
    arrowKeys(input, list);

    if (input.value) await run();
  },
};
