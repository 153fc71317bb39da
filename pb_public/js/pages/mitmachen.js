// "Mitmachen": the published opportunities of the clubs, with one filter
// panel. Without a choice the list shows every offer, newest first. With a
// choice (topics, kinds of engagement, hours a week) it shows only the
// offers that share at least one chosen criterion, ranked by fit with the
// reasons (BEN's ranking, the same the office uses for enquiries). The
// choice lives in the address (/mitmachen?themen=sport,jugend&arten=projekt&zeit=3),
// and the list follows changes live.
import { h, append, clear, urlWith } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { TOPICS, COMMITMENTS } from '../lib/labels.js';
import { field, showErrors, showRequestError, clearErrors } from '../lib/forms.js';
import { loading, failure, empty, pageHead, liveNote } from '../lib/ui.js';
import { parseHours, hours } from '../lib/card.js';
import { PUBLIC_OPPORTUNITIES, opportunityItem, commitmentHelp, topicOptions } from '../lib/opportunities.js';

const PER_PAGE = 30;

/** choiceOf reads the choice from the address; older addresses (?thema=, ?art=, ?stunden=) still work. */
function choiceOf(search) {
  const q = new URLSearchParams(search);
  const list = (...names) => names.flatMap((n) => (q.get(n) || '').split(',')).map((v) => v.trim()).filter(Boolean);
  const time = parseHours(q.get('zeit') || q.get('stunden') || '');
  return {
    themen: [...new Set(list('themen', 'thema'))].filter((t) => TOPICS[t]),
    arten: [...new Set(list('arten', 'art'))].filter((c) => COMMITMENTS[c]),
    zeit: Number.isNaN(time) || !time ? null : time,
  };
}

const chosen = (c) => c.themen.length > 0 || c.arten.length > 0 || !!c.zeit;

export default {
  title: 'Mitmachen',
  async render(ctx) {
    let choice = choiceOf(location.search);

    const form = h('form', { class: 'form wish-form', novalidate: true, 'aria-labelledby': 'filter-titel' },
      field({ name: 'themen', label: 'Themen', type: 'checkboxes', values: choice.themen, options: topicOptions() }),
      field({ name: 'arten', label: 'Art des Engagements', type: 'checkboxes', values: choice.arten,
        options: Object.entries(COMMITMENTS), help: commitmentHelp() }),
      field({ name: 'zeit', label: 'Wie viele Stunden pro Woche haben Sie etwa?', value: choice.zeit ? hours(choice.zeit) : '',
        help: 'Zum Beispiel 2 oder 1,5. Leer lassen, wenn es Ihnen nicht darauf ankommt.', attrs: { inputmode: 'decimal', maxlength: 5, class: 'short-input' } }),
      h('p', { class: 'form-actions' },
        h('button', { type: 'submit', class: 'button' }, 'Angebote zeigen'),
        h('button', { type: 'button', class: 'button secondary', on: { click: () => reset() } }, 'Auswahl löschen')));

    const resultsTitle = h('h2', { id: 'angebote-titel', tabindex: '-1' }, 'Alle Angebote');
    const count = h('p', { class: 'result-count', role: 'status' });
    const results = h('div', { class: 'results' }, loading('Angebote werden geladen …'));

    append(ctx.main,
      pageHead('Mitmachen', 'Vereine, Initiativen und Einrichtungen in Bitburg suchen Menschen, die mit anpacken – einmalig, regelmäßig oder für ein Projekt. Finden Sie ein Angebot, das zu Ihnen passt, und melden Sie sich direkt dort.'),
      h('section', { class: 'wish-box', 'aria-labelledby': 'filter-titel' },
        h('h2', { id: 'filter-titel' }, 'Was interessiert Sie?'),
        h('p', {}, 'Kreuzen Sie an, was Ihnen wichtig ist. Wir zeigen die Angebote, die mindestens in einem Punkt passen – die besten zuerst – und sagen Ihnen, warum.'),
        form),
      h('section', { 'aria-labelledby': 'angebote-titel' }, resultsTitle, liveNote(), count, results),
      h('section', { class: 'hint', 'aria-labelledby': 'kontakt-titel' },
        h('h2', { id: 'kontakt-titel' }, 'Nichts Passendes dabei?'),
        h('p', {}, 'Die Koordinierungsstelle Ehrenamt der Stadt Bitburg berät Sie persönlich und vermittelt Sie an einen Verein oder eine Initiative, die zu Ihnen passt.'),
        h('p', {}, h('a', { class: 'button', href: '/kontakt' }, 'Kontakt aufnehmen'))));

    let request = 0;
    let page = 1;
    let items = [];

    // with a choice: the matches, ranked
    const loadMatches = async (mine) => {
      const params = new URLSearchParams();
      if (choice.themen.length) params.set('topics', choice.themen.join(','));
      if (choice.arten.length) params.set('commitment', choice.arten.join(','));
      if (choice.zeit) params.set('hours', String(choice.zeit));
      const res = await pb.send('/api/ben/opportunities/suggestions?' + params, { method: 'GET' });
      if (mine !== request || !ctx.isCurrent()) return;
      const fitting = res.items.filter((s) => s.opportunity);
      resultsTitle.textContent = 'Passende Angebote';
      count.textContent = fitting.length === 1 ? '1 Angebot passt zu Ihrer Auswahl.' : `${fitting.length} Angebote passen zu Ihrer Auswahl, das beste zuerst.`;
      clear(results);
      if (!fitting.length) {
        count.textContent = 'Kein Angebot passt zu Ihrer Auswahl.';
        append(results, empty('Zu Ihrer Auswahl passt gerade kein Angebot.',
          h('p', {}, 'Wählen Sie weniger oder andere Punkte, löschen Sie die Auswahl, um alle Angebote zu sehen, oder ', h('a', { href: '/kontakt' }, 'nehmen Sie Kontakt mit der Koordinierungsstelle auf'), ' – sie kennt auch Vereine, die hier noch nichts eingestellt haben.')));
        return;
      }
      append(results, h('ol', { class: 'card-grid opportunity-list ranked' }, fitting.map((s) => opportunityItem(s.opportunity, { reasons: s.reasons }))));
    };

    // without a choice: everything, newest first, page by page
    const loadAll = async (mine, more) => {
      page = more ? page + 1 : 1;
      const res = await pb.collection('opportunities').getList(page, PER_PAGE, {
        filter: PUBLIC_OPPORTUNITIES, sort: '-published_at,title', expand: 'organisation',
      });
      if (mine !== request || !ctx.isCurrent()) return;
      items = more ? items.concat(res.items) : res.items;
      resultsTitle.textContent = 'Alle Angebote';
      count.textContent = res.totalItems === 1 ? '1 Angebot, das neueste zuerst.' : `${res.totalItems} Angebote, die neuesten zuerst.`;
      clear(results);
      if (!items.length) {
        append(results, empty('Gerade gibt es kein Angebot.', h('p', {}, h('a', { href: '/kontakt' }, 'Die Koordinierungsstelle'), ' kennt auch Vereine, die hier noch nichts eingestellt haben.')));
        return;
      }
      append(results, h('ul', { class: 'card-grid opportunity-list' }, items.map((o) => opportunityItem(o))));
      if (res.page < res.totalPages) {
        append(results, h('p', { class: 'more' }, h('button', { type: 'button', class: 'button secondary', on: { click: () => load({ more: true }) } }, 'Weitere Angebote laden')));
      }
    };

    const load = async ({ more = false } = {}) => {
      const mine = ++request;
      try {
        if (chosen(choice)) await loadMatches(mine);
        else await loadAll(mine, more);
      } catch (err) {
        if (mine !== request) return;
        count.textContent = '';
        if (err?.status === 400) {
          clear(results);
          showRequestError(form, err);
          return;
        }
        append(clear(results), failure('Die Angebote konnten nicht geladen werden.', () => load(), err));
      }
    };

    const show = async () => {
      history.replaceState(null, '', urlWith('/mitmachen', {
        themen: choice.themen.join(',') || null, arten: choice.arten.join(',') || null, zeit: choice.zeit ? String(choice.zeit) : null,
        thema: null, art: null, stunden: null,
      }));
      await load();
      ctx.announce(count.textContent);
      resultsTitle.focus();
    };

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const time = parseHours(data.get('zeit'));
      if (Number.isNaN(time) || time > 60) {
        showErrors(form, { zeit: 'Bitte geben Sie die Stunden pro Woche als Zahl von 0 bis 60 an, z. B. 2 oder 1,5.' });
        return;
      }
      clearErrors(form);
      choice = { themen: data.getAll('themen'), arten: data.getAll('arten'), zeit: time || null };
      await show();
    });

    async function reset() {
      clearErrors(form);
      for (const box of form.querySelectorAll('input[type="checkbox"]')) box.checked = false;
      form.querySelector('input[name="zeit"]').value = '';
      choice = { themen: [], arten: [], zeit: null };
      await show();
    }

    await load();
    ctx.live(['opportunities', 'organisations'], () => load());
  },
};
