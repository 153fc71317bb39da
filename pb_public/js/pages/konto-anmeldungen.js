// "Meine Anmeldungen": the logged-in citizen's registrations for events,
// upcoming first, with the place on the waiting list and a way to cancel
// before the event starts. Mein Konto (/konto) shows the upcoming ones and
// links here.
import { h, append, clear, formatRange, parseDate } from '../lib/dom.js';
import { pb, errorText } from '../lib/api.js';
import { loading, failure, empty, badge, pageHead } from '../lib/ui.js';
import { notice } from '../lib/forms.js';
import { REGISTRATION_STATUS, STATUS_KIND, ownStatusText } from '../lib/registrations.js';

export default {
  title: 'Meine Anmeldungen',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const box = h('div', {}, loading('Ihre Anmeldungen werden geladen …'));
    const status = h('div', {}); // outside the list, which live updates rebuild
    append(ctx.main,
      h('p', { class: 'breadcrumb' }, h('a', { href: '/konto' }, 'Mein Konto')),
      pageHead('Meine Anmeldungen', 'Die Termine, zu denen Sie sich angemeldet haben. Können Sie nicht kommen, melden Sie sich bitte ab: Dann rückt jemand von der Warteliste nach.'),
      status, box,
      h('p', {}, h('a', { href: '/termine' }, 'Alle Termine'), ' · ', h('a', { href: '/konto' }, 'Mein Konto')));

    const load = async () => {
      let list;
      try {
        list = await pb.collection('event_registrations').getFullList({
          filter: pb.filter('user = {:me}', { me: ctx.user.id }), expand: 'event', sort: '-created',
        });
      } catch (err) {
        if (ctx.isCurrent()) append(clear(box), failure('Ihre Anmeldungen konnten nicht geladen werden.', load, err));
        return;
      }
      if (!ctx.isCurrent()) return;
      const now = Date.now();
      const ends = (r) => parseDate(r.expand?.event?.ends_at)?.getTime() || 0;
      const upcoming = list.filter((r) => ends(r) >= now && r.status !== 'cancelled')
        .sort((a, b) => String(a.expand?.event?.starts_at).localeCompare(String(b.expand?.event?.starts_at)));
      const past = list.filter((r) => !upcoming.includes(r));
      clear(box);
      append(box,
        h('h2', {}, 'Kommende Termine'),
        upcoming.length ? h('ul', { class: 'manage-list registration-list' }, upcoming.map(item))
          : empty('Sie sind zu keinem kommenden Termin angemeldet.', h('p', {}, h('a', { href: '/termine' }, 'Termine mit Anmeldung finden'))),
        past.length ? [h('h2', {}, 'Vergangene und abgesagte'), h('ul', { class: 'manage-list registration-list' }, past.map(item))] : null);
    };

    const cancel = async (r, button) => {
      const title = r.expand?.event?.title || 'diesem Termin';
      if (!window.confirm(`Von „${title}“ abmelden? Ihr Platz geht an die nächste Person auf der Warteliste.`)) return;
      button.disabled = true;
      try {
        await pb.collection('event_registrations').update(r.id, { status: 'cancelled' });
        await load();
        notice(status, `Sie sind von „${title}“ abgemeldet.`);
      } catch (err) {
        button.disabled = false;
        notice(status, errorText(err), 'error');
      }
    };

    const item = (r) => {
      const ev = r.expand?.event;
      const started = parseDate(ev?.starts_at)?.getTime() <= Date.now();
      const canCancel = !started && (r.status === 'registered' || r.status === 'waitlisted');
      const title = ev?.title || 'Termin';
      return h('li', { class: 'card manage-item registration-item' },
        h('div', {},
          h('h3', {}, ev ? h('a', { href: `/termine/${encodeURIComponent(ev.id)}` }, title) : title, ' ',
            badge(REGISTRATION_STATUS[r.status] || r.status, STATUS_KIND[r.status] || '')),
          ev ? h('p', { class: 'meta' }, formatRange(ev.starts_at, ev.ends_at), ev.location ? ` · ${ev.location}` : '') : null,
          h('p', {}, ownStatusText(r))),
        canCancel
          ? h('div', { class: 'item-actions' },
            h('button', { type: 'button', class: 'button secondary', 'aria-label': `Abmelden: ${title}`, on: { click: (e) => cancel(r, e.currentTarget) } }, 'Abmelden'))
          : null);
    };

    await load();
    ctx.live(['event_registrations'], load);
  },
};
