// "Mein Verein": the organisations the logged-in user edits, with links to
// their profile and events, and the registration of a new organisation.
import { h, append, clear } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { ORG_STATUS, ORG_KINDS, label } from '../lib/labels.js';
import { loading, failure, empty, badge, orgLogo, pageHead, takeFlash } from '../lib/ui.js';
import { clubCounters, counterText } from '../lib/own.js';

export default {
  title: 'Mein Verein',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const box = h('div', {}, loading());
    append(ctx.main,
      h('p', { class: 'breadcrumb' }, h('a', { href: '/konto' }, 'Mein Konto')),
      pageHead('Mein Verein', `Angemeldet als ${ctx.user.name || ctx.user.email}. Hier pflegen Sie das Profil und die Termine Ihrer Organisationen.`),
      takeFlash(),
      box,
      h('p', {}, h('a', { href: '/meine-daten' }, 'Meine Daten'), ': alle gespeicherten Daten herunterladen oder das Konto löschen.'),
      h('section', { class: 'hint', 'aria-labelledby': 'neu-anmelden' },
        h('h2', { id: 'neu-anmelden' }, 'Neue Organisation anmelden'),
        h('p', {}, 'Ihr Verein, Ihre Initiative oder Ihr Projekt ist noch nicht im Verzeichnis? Melden Sie sie an. Die Koordinierungsstelle prüft die Angaben und schaltet sie frei.'),
        h('p', {}, h('a', { class: 'button', href: '/mein-verein/neu' }, 'Organisation anmelden'))));

    const load = async () => {
      try {
        const orgs = await pb.collection('organisations').getFullList({
          filter: pb.filter('editors.id ?= {:me}', { me: ctx.user.id }), sort: 'name',
        });
        const counts = await Promise.all(orgs.map((o) => clubCounters(o).catch(() => null)));
        if (!ctx.isCurrent()) return;
        clear(box);
        if (!orgs.length) {
          append(box, empty('Sie sind noch für keine Organisation eingetragen.',
            h('p', {}, 'Steht Ihr Verein schon im Verzeichnis? Dann trägt die Koordinierungsstelle Sie gern als Redaktion ein.')));
          return;
        }
        append(box, h('h2', {}, orgs.length === 1 ? 'Ihre Organisation' : 'Ihre Organisationen'),
          h('ul', { class: 'card-grid my-orgs' }, orgs.map((o, i) => {
            const slug = encodeURIComponent(o.slug);
            const c = counts[i];
            return h('li', { class: 'card org-card' },
              orgLogo(o),
              h('div', { class: 'card-body' },
                h('h3', {}, o.name),
                h('p', { class: 'meta' }, label(ORG_KINDS, o.kind), ' ', badge(label(ORG_STATUS, o.status), o.status === 'published' ? 'ok' : 'pending')),
                o.status === 'pending' ? h('p', { class: 'muted' }, 'Die Koordinierungsstelle prüft Ihre Anmeldung. Bis dahin ist die Organisation nicht öffentlich.') : null,
                h('ul', { class: 'action-list' },
                  h('li', {}, h('a', { href: `/mein-verein/${slug}`, 'aria-label': `Profil bearbeiten: ${o.name}` }, 'Profil bearbeiten')),
                  h('li', {}, h('a', { href: `/mein-verein/${slug}/termine`, 'aria-label': `Termine verwalten: ${o.name}` }, 'Termine verwalten')),
                  h('li', {}, h('a', { href: `/mein-verein/${slug}/ehrenamtskarte` }, 'Ehrenamtskarte: Engagements bestätigen', c ? counterText(c.confirmations, 'offen') : '', h('span', { class: 'visually-hidden' }, `: ${o.name}`))),
                  h('li', {}, h('a', { href: `/mein-verein/${slug}/angebote` }, 'Engagement-Angebote verwalten', h('span', { class: 'visually-hidden' }, `: ${o.name}`))),
                  h('li', {}, h('a', { href: `/mein-verein/${slug}/meldungen` }, 'Meldungen auf Angebote', c ? counterText(c.replies, 'neu') : '', h('span', { class: 'visually-hidden' }, `: ${o.name}`))),
                  o.status === 'published' ? h('li', {}, h('a', { href: `/mein-verein/${slug}/vereinsfest` }, 'Vereinsfest: anmelden', h('span', { class: 'visually-hidden' }, `: ${o.name}`))) : null,
                  o.status === 'published' ? h('li', {}, h('a', { href: `/vereine/${slug}`, 'aria-label': `Öffentliche Seite ansehen: ${o.name}` }, 'Öffentliche Seite ansehen')) : null)));
          })));
      } catch (err) {
        append(clear(box), failure('Ihre Organisationen konnten nicht geladen werden.', load, err));
      }
    };
    await load();
    ctx.live(['organisations', 'interests', 'engagements'], load);
  },
};
