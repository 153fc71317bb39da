// The events of one's own organisation: upcoming and past, drafts
// included; create, edit, publish a draft at once, delete.
import { h, append, clear, formatRange, parseDate } from '../lib/dom.js';
import { pb, errorText } from '../lib/api.js';
import { EVENT_KINDS, label } from '../lib/labels.js';
import { loading, failure, empty, badge, pageHead, takeFlash } from '../lib/ui.js';
import { notice } from '../lib/forms.js';
import { editedOrganisation } from '../lib/own.js';

export default {
  title: 'Termine verwalten',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const org = await editedOrganisation(ctx, 'Termine verwalten');
    if (!org) return;
    ctx.setTitle(`Termine von ${org.name}`);
    const slug = encodeURIComponent(org.slug);
    const box = h('div', {}, loading('Termine werden geladen …'));
    // outside box: a reload (also a live one) must not wipe the message
    const status = h('div', {});
    append(ctx.main, 
      h('p', { class: 'breadcrumb' }, h('a', { href: '/mein-verein' }, 'Mein Verein')),
      pageHead(`Termine von ${org.name}`, 'Entwürfe sehen nur Sie. Veröffentlichte Termine erscheinen im Kalender, in der Schnittstelle und im Kalender-Abo.'),
      takeFlash(),
      h('p', { class: 'actions' },
        h('a', { class: 'button', href: `/mein-verein/${slug}/termine/neu` }, 'Neuer Termin'),
        h('a', { href: `/mein-verein/${slug}` }, 'Profil bearbeiten')),
      status,
      box);

    const load = async () => {
      try {
        const list = await pb.collection('events').getFullList({ filter: pb.filter('organisation = {:org}', { org: org.id }), sort: 'starts_at' });
        if (!ctx.isCurrent()) return;
        const now = Date.now();
        const upcoming = list.filter((e) => parseDate(e.ends_at)?.getTime() >= now);
        const past = list.filter((e) => !(parseDate(e.ends_at)?.getTime() >= now)).reverse();
        append(clear(box), 
          h('h2', {}, 'Kommende Termine'),
          upcoming.length ? table(upcoming) : empty('Keine kommenden Termine. Legen Sie einen neuen an.'),
          past.length ? [h('h2', {}, 'Vergangene Termine'), table(past)] : null);
      } catch (err) {
        append(clear(box), failure('Die Termine konnten nicht geladen werden.', load, err));
      }
    };

    const remove = async (event) => {
      if (!window.confirm(`Den Termin „${event.title}“ wirklich löschen?`)) return;
      try {
        await pb.collection('events').delete(event.id);
        await load();
        notice(status, `Der Termin „${event.title}“ ist gelöscht.`);
      } catch (err) {
        notice(status, errorText(err), 'error');
      }
    };

    const publish = async (event) => {
      try {
        await pb.collection('events').update(event.id, { published: true });
        await load();
        notice(status, `Der Termin „${event.title}“ ist veröffentlicht.`);
      } catch (err) {
        notice(status, errorText(err), 'error');
      }
    };

    const table = (events) => h('ul', { class: 'manage-list' }, events.map((e) => {
      const festival = e.kind === 'vereinsfest';
      return h('li', { class: 'card manage-item' },
        h('div', {},
          h('h3', {}, e.title),
          h('p', { class: 'meta' }, formatRange(e.starts_at, e.ends_at)),
          h('p', { class: 'meta' }, badge(label(EVENT_KINDS, e.kind)), ' ',
            e.published ? badge('Veröffentlicht', 'ok') : badge('Entwurf', 'pending'))),
        festival
          ? h('p', { class: 'muted' }, 'Das Vereinsfest pflegt die Koordinierungsstelle.')
          : h('div', { class: 'item-actions' },
            e.capacity > 0 ? h('a', { class: 'button secondary', href: `/mein-verein/${slug}/termine/${e.id}/anmeldungen`, 'aria-label': `Anmeldungen: ${e.title}` }, 'Anmeldungen') : null,
            e.published || !(parseDate(e.ends_at)?.getTime() >= Date.now()) ? null
              : h('button', { type: 'button', class: 'button', 'aria-label': `Jetzt veröffentlichen: ${e.title}`, on: { click: () => publish(e) } }, 'Jetzt veröffentlichen'),
            h('a', { class: 'button secondary', href: `/mein-verein/${slug}/termine/${e.id}`, 'aria-label': `Bearbeiten: ${e.title}` }, 'Bearbeiten'),
            h('button', { type: 'button', class: 'button danger', 'aria-label': `Löschen: ${e.title}`, on: { click: () => remove(e) } }, 'Löschen')));
    }));

    await load();
    ctx.live(['events'], load);
  },
};
