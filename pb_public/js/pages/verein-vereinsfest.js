// The clubs' festival "Bitburg engagiert sich" for one's own organisation
// (/mein-verein/<slug>/vereinsfest): register for the announced festival
// with an offer and what the club needs, change it while the office has
// not decided, and read the office's decision and note.
import { h, append, clear, formatRange } from '../lib/dom.js';
import { pb, errorText } from '../lib/api.js';
import { field, requiredNote, showErrors, showRequestError, submitting, notice } from '../lib/forms.js';
import { loading, failure, empty, badge, pageHead } from '../lib/ui.js';
import { editedOrganisation } from '../lib/own.js';
import { PARTICIPATION_STATUS, PARTICIPATION_KIND } from '../lib/festival.js';

export default {
  title: 'Vereinsfest',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const org = await editedOrganisation(ctx, 'Vereinsfest „Bitburg engagiert sich“');
    if (!org) return;
    const title = `Vereinsfest „Bitburg engagiert sich“: ${org.name}`;
    ctx.setTitle(title);
    const box = h('div', {}, loading('Das Vereinsfest wird geladen …'));
    const status = h('div', {}); // outside the festivals, which updates rebuild
    append(ctx.main,
      h('p', { class: 'breadcrumb' }, h('a', { href: '/mein-verein' }, 'Mein Verein')),
      pageHead(title, 'Alle zwei Jahre feiert Bitburg seine Engagierten. Zeigen Sie, was Ihr Verein macht, und laden Sie zum Mitmachen ein: Die Koordinierungsstelle stellt aus den Anmeldungen das Programm zusammen.'),
      status, box);

    // a live update rebuilds the page only when this club's registration or
    // the festivals changed (a decision, a new festival), so nothing typed is lost
    let shown = '';
    const load = async ({ live = false } = {}) => {
      let festivals;
      let mine;
      try {
        [festivals, mine] = await Promise.all([
          pb.collection('events').getFullList({ filter: 'kind = "vereinsfest" && published = true && starts_at > @now', sort: 'starts_at' }),
          pb.collection('festival_participations').getFullList({ filter: pb.filter('organisation = {:org}', { org: org.id }), sort: '-created', expand: 'event' }),
        ]);
      } catch (err) {
        if (ctx.isCurrent()) append(clear(box), failure('Das Vereinsfest konnte nicht geladen werden.', load, err));
        return;
      }
      if (!ctx.isCurrent()) return;
      const state = JSON.stringify([festivals.map((f) => [f.id, f.updated]), mine.map((p) => [p.id, p.status, p.note])]);
      if (live && state === shown) return;
      shown = state;
      clear(box);
      if (!festivals.length && !mine.length) {
        append(box, empty('Zurzeit ist kein Vereinsfest ausgeschrieben. Sobald die Koordinierungsstelle das nächste Fest ankündigt, melden Sie Ihren Verein hier an.'));
        return;
      }
      for (const fest of festivals) {
        const own = mine.find((p) => p.event === fest.id);
        append(box, festivalBox(fest, own));
      }
      const past = mine.filter((p) => !festivals.some((f) => f.id === p.event));
      if (past.length) {
        append(box, h('h2', {}, 'Frühere Feste'), h('ul', { class: 'manage-list' }, past.map((p) => h('li', { class: 'card' },
          h('h3', {}, p.expand?.event?.title || 'Vereinsfest', ' ', badge(PARTICIPATION_STATUS[p.status], PARTICIPATION_KIND[p.status])),
          h('p', {}, p.offer)))));
      }
    };

    const festivalBox = (fest, own) => {
      const section = h('section', { class: 'card festival-box', 'aria-labelledby': `fest-${fest.id}` },
        h('h2', { id: `fest-${fest.id}` }, h('a', { href: `/termine/${encodeURIComponent(fest.id)}` }, fest.title)),
        h('p', { class: 'meta' }, formatRange(fest.starts_at, fest.ends_at), fest.location ? ` · ${fest.location}` : ''));
      if (own) {
        section.append(
          h('p', {}, 'Stand: ', badge(PARTICIPATION_STATUS[own.status], PARTICIPATION_KIND[own.status])),
          own.note ? h('div', { class: 'decision-reason' }, h('p', { class: 'label' }, 'Nachricht der Koordinierungsstelle:'), h('p', {}, own.note)) : null);
      }
      if (!own || own.status === 'submitted') section.append(participationForm(fest, own));
      else section.append(h('dl', { class: 'facts' }, h('dt', {}, 'Ihr Angebot'), h('dd', {}, own.offer),
        own.needs ? [h('dt', {}, 'Ihr Bedarf'), h('dd', {}, own.needs)] : null));
      return section;
    };

    const participationForm = (fest, own) => {
      const form = h('form', { class: 'form', novalidate: true },
        requiredNote(),
        field({ name: 'offer', label: 'Was zeigen Sie oder bieten Sie zum Mitmachen an?', type: 'textarea', required: true, rows: 4, value: own?.offer || '',
          attrs: { maxlength: 2000 }, help: 'Zum Beispiel „Torwandschießen für Kinder und Infos zum Training“. Das steht später im öffentlichen Programm.' }),
        field({ name: 'needs', label: 'Was brauchen Sie dafür?', type: 'textarea', rows: 3, value: own?.needs || '',
          attrs: { maxlength: 1000 }, help: 'Stand, Strom, Tische, Bänke … Das lesen nur Sie und die Koordinierungsstelle.' }),
        h('p', { class: 'form-actions' },
          h('button', { type: 'submit', class: 'button' }, own ? 'Änderungen speichern' : 'Verein anmelden'),
          own ? h('button', { type: 'button', class: 'button danger', on: { click: () => withdraw(own) } }, 'Anmeldung zurückziehen') : null));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const data = new FormData(form);
        const body = { offer: String(data.get('offer') ?? '').trim(), needs: String(data.get('needs') ?? '').trim() };
        if (!body.offer) {
          showErrors(form, { offer: 'Bitte beschreiben Sie, was Ihr Verein beim Fest zeigt oder anbietet.' });
          return;
        }
        await submitting(form, async () => {
          try {
            if (own) await pb.collection('festival_participations').update(own.id, body);
            else await pb.collection('festival_participations').create({ ...body, event: fest.id, organisation: org.id });
          } catch (err) {
            showRequestError(form, err);
            return;
          }
          ctx.announce(own ? 'Ihre Anmeldung ist geändert.' : 'Ihr Verein ist angemeldet.');
          await load();
          notice(status, own ? 'Ihre Anmeldung ist geändert.' : 'Ihr Verein ist angemeldet. Die Koordinierungsstelle prüft die Anmeldung und schreibt Ihnen.');
        });
      });
      return form;
    };

    const withdraw = async (own) => {
      if (!window.confirm('Die Anmeldung zum Vereinsfest wirklich zurückziehen?')) return;
      try {
        await pb.collection('festival_participations').delete(own.id);
        await load();
        notice(status, 'Die Anmeldung ist zurückgezogen.');
      } catch (err) {
        notice(status, errorText(err), 'error');
      }
    };

    await load();
    ctx.live(['festival_participations', 'events'], () => load({ live: true }));
  },
};
