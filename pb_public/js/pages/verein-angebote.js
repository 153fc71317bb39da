// The opportunities of one's own organisation (/mein-verein/<slug>/angebote):
// drafts, published and closed ones with the number of answers; create,
// edit, close and publish again, delete drafts.
import { h, append, clear, formatDateNumeric, parseDate } from '../lib/dom.js';
import { pb, errorText } from '../lib/api.js';
import { COMMITMENTS, OPPORTUNITY_STATUS, label } from '../lib/labels.js';
import { loading, failure, empty, badge, pageHead, takeFlash, liveNote } from '../lib/ui.js';
import { notice } from '../lib/forms.js';
import { editedOrganisation } from '../lib/own.js';
import { formatHours } from '../lib/opportunities.js';

const STATUS_ORDER = { published: 0, draft: 1, closed: 2 };

export default {
  title: 'Engagement-Angebote verwalten',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const org = await editedOrganisation(ctx, 'Engagement-Angebote verwalten');
    if (!org) return;
    const title = `Engagement-Angebote von ${org.name}`;
    ctx.setTitle(title);
    const slug = encodeURIComponent(org.slug);
    const box = h('div', {}, loading('Angebote werden geladen …'));
    append(ctx.main,
      h('p', { class: 'breadcrumb' }, h('a', { href: '/mein-verein' }, 'Mein Verein')),
      pageHead(title, 'Hier suchen Sie Helferinnen und Helfer. Veröffentlichte Angebote erscheinen unter „Mitmachen“, Entwürfe sehen nur Sie. Beendete Angebote sind nicht mehr öffentlich.'),
      takeFlash(),
      org.status !== 'published' ? h('p', { class: 'notice notice-error' }, 'Ihre Organisation ist noch nicht freigegeben. Ihre Angebote erscheinen erst, wenn die Koordinierungsstelle sie veröffentlicht hat.') : null,
      h('p', { class: 'actions' },
        h('a', { class: 'button', href: `/mein-verein/${slug}/angebote/neu` }, 'Neues Angebot'),
        h('a', { href: `/mein-verein/${slug}/meldungen` }, 'Meldungen ansehen')),
      liveNote(),
      box);

    const load = async () => {
      try {
        const [opps, interests] = await Promise.all([
          pb.collection('opportunities').getFullList({ filter: pb.filter('organisation = {:org}', { org: org.id }), sort: '-updated' }),
          pb.collection('interests').getFullList({ filter: pb.filter('opportunity.organisation = {:org}', { org: org.id }), fields: 'id,opportunity,status' }),
        ]);
        if (!ctx.isCurrent()) return;
        opps.sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9));
        clear(box);
        if (!opps.length) {
          append(box, empty('Sie haben noch kein Angebot eingestellt.',
            h('p', {}, 'Beschreiben Sie, wobei Sie Unterstützung brauchen – Interessierte melden sich dann direkt bei Ihnen.')));
          return;
        }
        append(box, h('ul', { class: 'manage-list' }, opps.map((o) => item(o, interests.filter((i) => i.opportunity === o.id)))));
      } catch (err) {
        append(clear(box), failure('Die Angebote konnten nicht geladen werden.', load, err));
      }
    };

    const setStatus = async (opp, status, done) => {
      try {
        await pb.collection('opportunities').update(opp.id, { status });
        await load();
        notice(box, done);
      } catch (err) {
        notice(box, errorText(err), 'error');
      }
    };

    const remove = async (opp) => {
      if (!window.confirm(`Den Entwurf „${opp.title}“ wirklich löschen?`)) return;
      try {
        await pb.collection('opportunities').delete(opp.id);
        await load();
        notice(box, `Der Entwurf „${opp.title}“ ist gelöscht.`);
      } catch (err) {
        notice(box, errorText(err), 'error');
      }
    };

    const item = (o, interests) => {
      const fresh = interests.filter((i) => i.status === 'new').length;
      // after "published until" only a new date publishes it again
      const expired = !!o.published_until && parseDate(o.published_until).getTime() <= Date.now();
      const answers = interests.length
        ? h('a', { href: `/mein-verein/${slug}/meldungen?angebot=${encodeURIComponent(o.id)}` },
          interests.length === 1 ? '1 Meldung' : `${interests.length} Meldungen`, fresh ? ` (${fresh} neu)` : '',
          h('span', { class: 'visually-hidden' }, ` zu ${o.title}`))
        : 'Noch keine Meldungen';
      return h('li', { class: 'card manage-item' },
        h('div', {},
          h('h3', {}, o.status === 'published' ? h('a', { href: `/mitmachen/${encodeURIComponent(o.id)}` }, o.title) : o.title),
          h('p', { class: 'meta' }, badge(label(OPPORTUNITY_STATUS, o.status), o.status === 'published' ? 'ok' : 'pending'), ' ',
            label(COMMITMENTS, o.commitment), ' · ', formatHours(o.hours_per_week)),
          o.published_until ? h('p', { class: 'meta' }, `${expired ? 'Abgelaufen am' : 'Veröffentlicht bis'} ${formatDateNumeric(o.published_until)}`) : null,
          h('p', { class: 'meta' }, answers)),
        h('div', { class: 'item-actions' },
          h('a', { class: 'button secondary', href: `/mein-verein/${slug}/angebote/${encodeURIComponent(o.id)}`, 'aria-label': `Bearbeiten: ${o.title}` }, 'Bearbeiten'),
          o.status === 'published'
            ? h('button', { type: 'button', class: 'button secondary', 'aria-label': `Beenden: ${o.title}`,
              on: { click: () => setStatus(o, 'closed', `„${o.title}“ ist beendet und nicht mehr öffentlich.`) } }, 'Beenden')
            : null,
          o.status === 'closed' && !expired
            ? h('button', { type: 'button', class: 'button secondary', 'aria-label': `Wieder veröffentlichen: ${o.title}`,
              on: { click: () => setStatus(o, 'published', `„${o.title}“ ist wieder veröffentlicht.`) } }, 'Wieder veröffentlichen')
            : null,
          o.status === 'draft'
            ? h('button', { type: 'button', class: 'button danger', 'aria-label': `Entwurf löschen: ${o.title}`, on: { click: () => remove(o) } }, 'Löschen')
            : null));
    };

    await load();
    ctx.live(['opportunities', 'interests'], load);
  },
};
