// The registrations for one event of one's own organisation
// (/mein-verein/<slug>/termine/<id>/anmeldungen): who has a seat, who
// waits, attendance on the day, and the list as a CSV file. New
// registrations arrive live.
import { h, append, clear, formatRange, parseDate, dayKey } from '../lib/dom.js';
import { pb, errorText } from '../lib/api.js';
import { loading, failure, empty, badge, pageHead, liveNote } from '../lib/ui.js';
import { notice } from '../lib/forms.js';
import { editedOrganisation } from '../lib/own.js';
import { REGISTRATION_STATUS, STATUS_KIND, downloadCSV, registeredAt } from '../lib/registrations.js';

export default {
  title: 'Anmeldungen',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    let event = null;
    const org = await editedOrganisation(ctx, 'Anmeldungen', {
      more: async (o) => {
        event = await pb.collection('events').getOne(ctx.params.id);
        if (event.organisation !== o.id) event = null;
      },
    });
    if (!org) return;
    const slug = encodeURIComponent(org.slug);
    const breadcrumb = h('p', { class: 'breadcrumb' }, h('a', { href: '/mein-verein' }, 'Mein Verein'), ' › ',
      h('a', { href: `/mein-verein/${slug}/termine` }, `Termine von ${org.name}`));
    if (!event) {
      append(ctx.main, breadcrumb, pageHead('Anmeldungen'), empty('Diesen Termin gibt es bei Ihrer Organisation nicht.'));
      return;
    }
    const title = `Anmeldungen: ${event.title}`;
    ctx.setTitle(title);

    const count = h('p', { class: 'result-count', role: 'status' });
    const box = h('div', {}, loading('Anmeldungen werden geladen …'));
    const status = h('div', {}); // outside the list, which live updates rebuild
    const csv = h('button', { type: 'button', class: 'button secondary' }, 'Liste als CSV herunterladen');
    csv.addEventListener('click', async () => {
      csv.disabled = true;
      try {
        await downloadCSV(event.id);
      } catch (err) {
        notice(status, errorText(err), 'error');
      } finally {
        csv.disabled = false;
      }
    });
    append(ctx.main, breadcrumb,
      pageHead(title, `${formatRange(event.starts_at, event.ends_at)}. ${event.capacity ? (event.capacity === 1 ? '1 Platz.' : `${event.capacity} Plätze.`) : 'Dieser Termin nimmt keine Anmeldungen über BEN an.'}`),
      h('p', { class: 'actions' }, csv, h('a', { href: `/termine/${encodeURIComponent(event.id)}` }, 'Öffentliche Seite des Termins')),
      liveNote(), count, status, box,
      h('p', { class: 'muted' }, 'Die Angaben sehen nur Ihre Redaktion und die Teilnehmenden selbst. Wer sich abmeldet, macht den Platz für die nächste Person auf der Warteliste frei; BEN schreibt ihr sofort. Die Anmeldungen von Gästen löscht BEN nach der Löschfrist.'));

    const onTheDay = () => dayKey(new Date()) >= dayKey(parseDate(event.starts_at));

    const load = async () => {
      let list;
      try {
        list = await pb.collection('event_registrations').getFullList({ filter: pb.filter('event = {:event}', { event: event.id }), sort: 'position' });
      } catch (err) {
        if (ctx.isCurrent()) append(clear(box), failure('Die Anmeldungen konnten nicht geladen werden.', load, err));
        return;
      }
      if (!ctx.isCurrent()) return;
      const seated = list.filter((r) => r.status === 'registered' || r.status === 'attended');
      const waiting = list.filter((r) => r.status === 'waitlisted');
      const cancelled = list.filter((r) => r.status === 'cancelled');
      count.textContent = `${seated.length} angemeldet, ${waiting.length} auf der Warteliste, ${cancelled.length} abgemeldet`;
      clear(box);
      if (!list.length) {
        append(box, empty('Noch hat sich niemand angemeldet. Neue Anmeldungen erscheinen hier von selbst.'));
        return;
      }
      append(box,
        h('h2', {}, 'Angemeldet'),
        seated.length ? table(seated, true) : empty('Niemand hat einen Platz.'),
        waiting.length ? [h('h2', {}, 'Warteliste'), table(waiting, false)] : null,
        cancelled.length ? [h('h2', {}, 'Abgemeldet'), table(cancelled, false)] : null);
    };

    const change = async (r, status, done) => {
      try {
        await pb.collection('event_registrations').update(r.id, { status });
        ctx.announce(done);
        await load();
      } catch (err) {
        notice(status, errorText(err), 'error');
      }
    };

    const table = (rows, seats) => h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': seats ? 'Angemeldete' : 'Weitere Anmeldungen' }, h('table', { class: 'registration-table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Nr.'), h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'E-Mail'),
        h('th', { scope: 'col' }, 'Angemeldet am'), h('th', { scope: 'col' }, 'Stand'),
        seats ? h('th', { scope: 'col' }, 'Teilgenommen') : null,
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Aktion')))),
      h('tbody', {}, rows.map((r) => {
        const attended = h('input', { type: 'checkbox', id: `da-${r.id}`, checked: r.status === 'attended', disabled: !onTheDay() });
        attended.addEventListener('change', () => change(r, attended.checked ? 'attended' : 'registered',
          attended.checked ? `${r.name} hat teilgenommen.` : `Teilnahme von ${r.name} zurückgenommen.`));
        const cancel = h('button', { type: 'button', class: 'button secondary', 'aria-label': `Abmelden: ${r.name}` }, 'Abmelden');
        cancel.addEventListener('click', () => {
          if (window.confirm(`${r.name} von diesem Termin abmelden? Der Platz geht an die nächste Person auf der Warteliste.`)) {
            change(r, 'cancelled', `${r.name} ist abgemeldet.`);
          }
        });
        return h('tr', { class: 'registration-row' },
          h('td', {}, String(r.position)),
          h('td', {}, r.name, r.user ? null : [' ', badge(r.confirmed_at ? 'Gast' : 'Gast, unbestätigt', r.confirmed_at ? '' : 'pending')]),
          h('td', {}, h('a', { href: `mailto:${r.email}` }, r.email)),
          h('td', {}, registeredAt(r)),
          h('td', {}, badge(REGISTRATION_STATUS[r.status] || r.status, STATUS_KIND[r.status] || ''),
            r.status === 'waitlisted' && r.waiting_position ? ` Platz ${r.waiting_position}` : ''),
          seats ? h('td', {}, attended, h('label', { for: `da-${r.id}`, class: 'visually-hidden' }, `${r.name} hat teilgenommen`)) : null,
          h('td', {}, r.status === 'registered' || r.status === 'waitlisted' ? cancel : null));
      }))));

    await load();
    ctx.live(['event_registrations'], load);
  },
};
