// The answers to one's own organisation's opportunities
// (/mein-verein/<slug>/meldungen?angebot=<id>&stand=new): who wrote what,
// and the club's mark (contacted, engaged, not a fit). New answers arrive
// live; a reload keeps what the editor was doing (focus, unsaved choices).
import { h, append, clear, formatDateNumeric, formatTime } from '../lib/dom.js';
import { pb, errorText } from '../lib/api.js';
import { INTEREST_STATUS, label } from '../lib/labels.js';
import { field } from '../lib/forms.js';
import { loading, failure, empty, badge, pageHead, liveNote } from '../lib/ui.js';
import { editedOrganisation } from '../lib/own.js';

const STATUS_KIND = { new: 'pending', contacted: '', engaged: 'ok', not_a_fit: 'rejected' };

export default {
  title: 'Meldungen',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    let opps = [];
    const org = await editedOrganisation(ctx, 'Meldungen', {
      keepQuery: true,
      more: async (o) => {
        opps = await pb.collection('opportunities').getFullList({ filter: pb.filter('organisation = {:org}', { org: o.id }), sort: 'title', fields: 'id,title,status' });
      },
    });
    if (!org) return;
    const title = `Meldungen an ${org.name}`;
    ctx.setTitle(title);
    const slug = encodeURIComponent(org.slug);
    const q = ctx.query;

    const filterForm = h('form', { class: 'filters', 'aria-label': 'Meldungen filtern' },
      field({ name: 'angebot', label: 'Angebot', type: 'select', value: q.get('angebot') || '', options: [['', 'Alle Angebote'], ...opps.map((o) => [o.id, o.title])] }),
      field({ name: 'stand', label: 'Stand', type: 'select', value: q.get('stand') || '', options: [['', 'Alle'], ...Object.entries(INTEREST_STATUS)] }),
      h('div', { class: 'filter-actions' }, h('button', { type: 'submit', class: 'button' }, 'Anzeigen')));
    const count = h('p', { class: 'result-count', role: 'status' });
    const box = h('div', {}, loading('Meldungen werden geladen …'));

    append(ctx.main,
      h('p', { class: 'breadcrumb' }, h('a', { href: '/mein-verein' }, 'Mein Verein'), ' › ', h('a', { href: `/mein-verein/${slug}/angebote` }, `Angebote von ${org.name}`)),
      pageHead(title, 'Diese Menschen möchten bei Ihnen mitmachen. Antworten Sie ihnen bitte bald per E-Mail und halten Sie hier fest, wie weit Sie sind. Die Angaben sehen nur Ihre Redaktion und die Koordinierungsstelle.'),
      filterForm, liveNote(), count, box,
      h('p', { class: 'muted' }, 'Datenschutz: Meldungen von Gästen löscht BEN automatisch zwölf Monate, nachdem Sie sie als „Engagiert sich“ oder „Passt nicht“ abgeschlossen haben oder das Angebot beendet ist.'));

    const opportunityTitle = (id) => opps.find((o) => o.id === id)?.title || 'Angebot';
    const saved = new Map(); // id → the confirmation to show after a reload
    let known = null; // ids seen so far; new ones are announced
    let request = 0;

    const load = async () => {
      const mine = ++request;
      const p = new URLSearchParams(location.search);
      const parts = ['opportunity.organisation = {:org}'];
      const params = { org: org.id };
      if (p.get('angebot')) { parts.push('opportunity = {:opp}'); params.opp = p.get('angebot'); }
      if (INTEREST_STATUS[p.get('stand')]) { parts.push('status = {:stand}'); params.stand = p.get('stand'); }
      try {
        const [list, current] = await Promise.all([
          pb.collection('interests').getFullList({ filter: pb.filter(parts.join(' && '), params), sort: '-created' }),
          // the opportunities may have changed meanwhile (a new one, a new title)
          pb.collection('opportunities').getFullList({ filter: pb.filter('organisation = {:org}', { org: org.id }), sort: 'title', fields: 'id,title,status' }),
        ]);
        if (mine !== request || !ctx.isCurrent()) return;
        opps = current;

        // what the editor was doing survives the rebuild
        const focusKey = document.activeElement?.closest?.('[data-key]')?.dataset.key;
        const pending = new Map();
        for (const select of box.querySelectorAll('select[data-interest]')) {
          if (select.value !== select.dataset.saved) pending.set(select.dataset.interest, select.value);
        }

        const arrived = known ? list.filter((i) => !known.has(i.id)) : [];
        known = new Set([...(known || []), ...list.map((i) => i.id)]);
        count.textContent = list.length === 1 ? '1 Meldung' : `${list.length} Meldungen`;
        clear(box);
        if (!list.length) {
          append(box, empty(p.get('angebot') || p.get('stand') ? 'Keine Meldungen für diese Auswahl.' : 'Noch hat sich niemand auf Ihre Angebote gemeldet.',
            h('p', {}, 'Neue Meldungen erscheinen hier von selbst. ', h('a', { href: `/mein-verein/${slug}/angebote` }, 'Ihre Angebote verwalten'))));
        } else {
          append(box, h('ul', { class: 'manage-list interest-list' }, list.map((i) => item(i, pending.get(i.id), arrived.includes(i)))));
        }
        if (focusKey) box.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
        if (arrived.length) ctx.announce(arrived.length === 1 ? `Neue Meldung von ${arrived[0].name}.` : `${arrived.length} neue Meldungen.`);
      } catch (err) {
        if (mine !== request) return;
        count.textContent = '';
        append(clear(box), failure('Die Meldungen konnten nicht geladen werden.', load, err));
      }
    };

    const mark = async (interest, status, form) => {
      const button = form.querySelector('button');
      button.disabled = true;
      try {
        await pb.collection('interests').update(interest.id, { status });
        saved.set(interest.id, `Gespeichert: ${label(INTEREST_STATUS, status)}.`);
        ctx.announce(`Der Stand der Meldung von ${interest.name} ist „${label(INTEREST_STATUS, status)}“.`);
        await load();
      } catch (err) {
        button.disabled = false;
        const message = form.querySelector('.save-status');
        message.textContent = errorText(err);
        message.classList.add('field-error');
      }
    };

    const item = (i, pendingStatus, isNew) => {
      const name = i.name;
      const select = h('select', { id: `stand-${i.id}`, name: 'status', dataset: { interest: i.id, saved: i.status, key: `select-${i.id}` } },
        Object.entries(INTEREST_STATUS).map(([k, v]) => h('option', { value: k, selected: (pendingStatus || i.status) === k }, v)));
      const form = h('form', { class: 'status-form' },
        h('label', { for: `stand-${i.id}` }, 'Stand', h('span', { class: 'visually-hidden' }, ` der Meldung von ${name}`)),
        select,
        h('button', { type: 'submit', class: 'button secondary', dataset: { key: `save-${i.id}` } }, 'Speichern',
          h('span', { class: 'visually-hidden' }, `: Meldung von ${name}`)),
        h('p', { class: 'save-status', role: 'status' }, saved.get(i.id) || ''));
      saved.delete(i.id);
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        if (select.value === i.status) {
          form.querySelector('.save-status').textContent = 'Der Stand ist unverändert.';
          return;
        }
        mark(i, select.value, form);
      });
      return h('li', { class: ['card', 'manage-item', 'interest-item', isNew ? 'just-arrived' : ''] },
        h('div', { class: 'interest-body' },
          h('h3', {}, name, ' ', badge(label(INTEREST_STATUS, i.status), STATUS_KIND[i.status] || ''), isNew ? [' ', badge('Gerade eingegangen', 'ok')] : null),
          h('p', { class: 'meta' }, `Zu „${opportunityTitle(i.opportunity)}“ · ${formatDateNumeric(i.created)}, ${formatTime(i.created)} Uhr`),
          h('p', {}, h('a', { href: `mailto:${i.email}?subject=${encodeURIComponent('Ihr Interesse an „' + opportunityTitle(i.opportunity) + '“')}` }, i.email)),
          i.message ? h('blockquote', { class: 'interest-message' }, i.message) : h('p', { class: 'muted' }, 'Ohne Nachricht.')),
        form);
    };

    const applyFilters = () => {
      const data = new FormData(filterForm);
      const params = new URLSearchParams();
      if (data.get('angebot')) params.set('angebot', data.get('angebot'));
      if (data.get('stand')) params.set('stand', data.get('stand'));
      history.replaceState(null, '', location.pathname + (params.toString() ? '?' + params : ''));
      load();
    };
    filterForm.addEventListener('submit', (ev) => { ev.preventDefault(); applyFilters(); });
    filterForm.addEventListener('change', applyFilters);

    await load();
    ctx.live(['interests', 'opportunities'], load);
  },
};
