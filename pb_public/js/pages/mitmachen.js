// "Mitmachen": the published opportunities of the clubs. A short "Was
// interessiert Sie?" form ranks them by fit (BEN's ranking, the same the
// office uses for enquiries); the filters narrow the full list. Both live in
// the address (/mitmachen?themen=sport,jugend&zeit=3, /mitmachen?thema=sport),
// and the lists follow changes live.
import { h, append, clear, urlWith } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { TOPICS, COMMITMENTS } from '../lib/labels.js';
import { field, showErrors, showRequestError, clearErrors } from '../lib/forms.js';
import { loading, failure, empty, pageHead, liveNote } from '../lib/ui.js';
import { parseHours, hours } from '../lib/card.js';
import { PUBLIC_OPPORTUNITIES, opportunityItem, commitmentHelp, topicOptions } from '../lib/opportunities.js';

const PER_PAGE = 30;
// how many suggestions show before "show all"
const FIRST_SUGGESTIONS = 5;
const HOUR_LIMITS = [['', 'Beliebig'], ['1', 'bis 1 Stunde pro Woche'], ['2', 'bis 2 Stunden pro Woche'],
  ['5', 'bis 5 Stunden pro Woche'], ['10', 'bis 10 Stunden pro Woche']];

export default {
  title: 'Mitmachen',
  async render(ctx) {
    const q = ctx.query;
    const list = (name) => (q.get(name) || '').split(',').filter(Boolean);

    // ---- "Was interessiert Sie?" -------------------------------------------
    const wishForm = h('form', { class: 'form wish-form', novalidate: true, 'aria-labelledby': 'wunsch-titel' },
      field({ name: 'themen', label: 'Themen', type: 'checkboxes', values: list('themen').filter((t) => TOPICS[t]), options: topicOptions() }),
      field({ name: 'arten', label: 'Art des Engagements', type: 'checkboxes', values: list('arten').filter((c) => COMMITMENTS[c]),
        options: Object.entries(COMMITMENTS), help: commitmentHelp() }),
      field({ name: 'zeit', label: 'Wie viele Stunden pro Woche haben Sie etwa?', value: hours(parseHours(q.get('zeit'))),
        help: 'Zum Beispiel 2 oder 1,5. Leer lassen, wenn es Ihnen nicht darauf ankommt.', attrs: { inputmode: 'decimal', maxlength: 5, class: 'short-input' } }),
      h('p', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button' }, 'Passende Angebote zeigen'),
        h('button', { type: 'button', class: 'button secondary', on: { click: () => resetWish() } }, 'Auswahl löschen')));
    const suggestions = h('div', { class: 'suggestions' });

    // ---- filters of the full list ------------------------------------------
    const filterForm = h('form', { class: 'filters', 'aria-label': 'Angebote filtern' },
      field({ name: 'thema', label: 'Thema', type: 'select', value: q.get('thema') || '', options: [['', 'Alle Themen'], ...Object.entries(TOPICS)] }),
      field({ name: 'art', label: 'Art', type: 'select', value: q.get('art') || '', options: [['', 'Alle Arten'], ...Object.entries(COMMITMENTS)] }),
      field({ name: 'stunden', label: 'Zeitaufwand', type: 'select', value: q.get('stunden') || '', options: HOUR_LIMITS }),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Anzeigen')));
    const count = h('p', { class: 'result-count', role: 'status' });
    const results = h('div', { class: 'results' }, loading('Angebote werden geladen …'));

    append(ctx.main,
      pageHead('Mitmachen', 'Vereine, Initiativen und Einrichtungen in Bitburg suchen Menschen, die mit anpacken – einmalig, regelmäßig oder für ein Projekt. Finden Sie ein Angebot, das zu Ihnen passt, und melden Sie sich direkt dort.'),
      h('section', { class: 'wish-box', 'aria-labelledby': 'wunsch-titel' },
        h('h2', { id: 'wunsch-titel' }, 'Was interessiert Sie?'),
        h('p', {}, 'Kreuzen Sie an, was Ihnen wichtig ist. Wir zeigen die Angebote, die am besten passen, und sagen Ihnen, warum.'),
        wishForm, suggestions),
      h('section', { 'aria-labelledby': 'alle-titel' },
        h('h2', { id: 'alle-titel' }, 'Alle Angebote'),
        filterForm, liveNote(), count, results),
      h('section', { class: 'hint', 'aria-labelledby': 'kontakt-titel' },
        h('h2', { id: 'kontakt-titel' }, 'Nichts Passendes dabei?'),
        h('p', {}, 'Die Koordinierungsstelle Ehrenamt der Stadt Bitburg berät Sie persönlich und vermittelt Sie an einen Verein oder eine Initiative, die zu Ihnen passt.'),
        h('p', {}, h('a', { class: 'button', href: '/kontakt' }, 'Kontakt aufnehmen'))));

    // ---- the ranking -------------------------------------------------------
    const wish = () => {
      const p = new URLSearchParams(location.search);
      return { topics: p.get('themen') || '', commitment: p.get('arten') || '', hours: p.get('zeit') || '' };
    };
    const hasWish = () => Object.values(wish()).some(Boolean);
    let showAll = false;
    let suggestionRequest = 0;

    const loadSuggestions = async () => {
      const mine = ++suggestionRequest;
      if (!hasWish()) {
        clear(suggestions);
        return;
      }
      const w = wish();
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(w)) if (v) params.set(k, v);
      try {
        const res = await pb.send('/api/ben/opportunities/suggestions?' + params, { method: 'GET' });
        if (mine !== suggestionRequest || !ctx.isCurrent()) return;
        const fitting = res.items.filter((s) => s.score > 0 && s.opportunity);
        const shown = showAll ? fitting : fitting.slice(0, FIRST_SUGGESTIONS);
        clear(suggestions);
        if (!fitting.length) {
          append(suggestions, empty('Zu Ihrer Auswahl passt gerade kein Angebot.',
            h('p', {}, 'Sehen Sie sich unten alle Angebote an, oder ', h('a', { href: '/kontakt' }, 'nehmen Sie Kontakt mit der Koordinierungsstelle auf'), ' – sie kennt auch Vereine, die hier noch nichts eingestellt haben.')));
          return;
        }
        append(suggestions,
          h('h3', { class: 'suggestions-title' }, 'Vorschläge für Sie'),
          h('p', { class: 'result-count' }, fitting.length === 1 ? '1 Angebot passt zu Ihrer Auswahl' : `${fitting.length} Angebote passen ganz oder teilweise, das beste zuerst`),
          h('ol', { class: 'card-grid opportunity-list ranked' }, shown.map((s) => opportunityItem(s.opportunity, { reasons: s.reasons, headingLevel: 'h4' }))),
          shown.length < fitting.length
            ? h('p', { class: 'more' }, h('button', {
              type: 'button', class: 'button secondary', on: {
                click: () => {
                  showAll = true;
                  loadSuggestions().then(() => suggestions.querySelectorAll('.ranked > li')[FIRST_SUGGESTIONS]?.querySelector('a')?.focus());
                },
              },
            }, `Alle ${fitting.length} Vorschläge zeigen`))
            : null);
      } catch (err) {
        if (mine !== suggestionRequest) return;
        if (err?.status === 400) {
          clear(suggestions);
          showRequestError(wishForm, err);
          return;
        }
        append(clear(suggestions), failure('Die Vorschläge konnten nicht geladen werden.', loadSuggestions, err));
      }
    };

    wishForm.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = new FormData(wishForm);
      const time = parseHours(data.get('zeit'));
      if (Number.isNaN(time) || time > 60) {
        showErrors(wishForm, { zeit: 'Bitte geben Sie die Stunden pro Woche als Zahl von 0 bis 60 an, z. B. 2 oder 1,5.' });
        return;
      }
      clearErrors(wishForm);
      const changes = {
        themen: data.getAll('themen').join(',') || null,
        arten: data.getAll('arten').join(',') || null,
        zeit: time ? String(time) : null,
      };
      if (!Object.values(changes).some(Boolean)) {
        showErrors(wishForm, { themen: 'Bitte wählen Sie mindestens ein Thema, eine Art des Engagements oder geben Sie Ihre Zeit an.' });
        return;
      }
      history.replaceState(null, '', urlWith('/mitmachen', changes));
      showAll = false;
      await loadSuggestions();
      const found = suggestions.querySelectorAll('.ranked > li').length;
      if (found) ctx.announce(`Vorschläge für Sie: ${suggestions.querySelector('.result-count')?.textContent || ''}`);
      const title = suggestions.querySelector('.suggestions-title, .state p');
      if (title) {
        title.setAttribute('tabindex', '-1');
        title.focus();
      }
    });

    function resetWish() {
      clearErrors(wishForm);
      for (const box of wishForm.querySelectorAll('input[type="checkbox"]')) box.checked = false;
      wishForm.querySelector('input[name="zeit"]').value = '';
      history.replaceState(null, '', urlWith('/mitmachen', { themen: null, arten: null, zeit: null }));
      clear(suggestions);
      ctx.announce('Die Auswahl ist gelöscht.');
      wishForm.querySelector('input').focus();
    }

    // ---- the full list -----------------------------------------------------
    let page = 1;
    let items = [];
    let listRequest = 0;

    const loadList = async ({ more = false } = {}) => {
      const mine = ++listRequest;
      const p = new URLSearchParams(location.search);
      const parts = [PUBLIC_OPPORTUNITIES];
      const params = {};
      if (TOPICS[p.get('thema')]) { parts.push('topics ~ {:thema}'); params.thema = p.get('thema'); }
      if (COMMITMENTS[p.get('art')]) { parts.push('commitment = {:art}'); params.art = p.get('art'); }
      if (HOUR_LIMITS.some(([v]) => v && v === p.get('stunden'))) { parts.push('hours_per_week <= {:stunden}'); params.stunden = Number(p.get('stunden')); }
      page = more ? page + 1 : 1;
      try {
        const res = await pb.collection('opportunities').getList(page, PER_PAGE, {
          filter: pb.filter(parts.join(' && '), params), sort: '-published_at,title', expand: 'organisation',
        });
        if (mine !== listRequest || !ctx.isCurrent()) return;
        items = more ? items.concat(res.items) : res.items;
        count.textContent = res.totalItems === 1 ? '1 Angebot' : `${res.totalItems} Angebote`;
        clear(results);
        if (!items.length) {
          append(results, empty('Für diese Auswahl gibt es gerade kein Angebot.'));
          return;
        }
        append(results, h('ul', { class: 'card-grid opportunity-list' }, items.map((o) => opportunityItem(o))));
        if (res.page < res.totalPages) {
          append(results, h('p', { class: 'more' }, h('button', { type: 'button', class: 'button secondary', on: { click: () => loadList({ more: true }) } }, 'Weitere Angebote laden')));
        }
      } catch (err) {
        if (mine !== listRequest) return;
        count.textContent = '';
        append(clear(results), failure('Die Angebote konnten nicht geladen werden.', () => loadList(), err));
      }
    };

    // filters change the address and the list in place; the focus stays in the form
    const applyFilters = () => {
      const data = new FormData(filterForm);
      history.replaceState(null, '', urlWith('/mitmachen', { thema: data.get('thema') || null, art: data.get('art') || null, stunden: data.get('stunden') || null }));
      loadList();
    };
    filterForm.addEventListener('submit', (ev) => { ev.preventDefault(); applyFilters(); });
    filterForm.addEventListener('change', applyFilters);

    await Promise.all([loadList(), loadSuggestions()]);
    ctx.live(['opportunities', 'organisations'], () => { loadList(); loadSuggestions(); });
  },
};
