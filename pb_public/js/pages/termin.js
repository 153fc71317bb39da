// One event: when, where, who, what, how to register; the next dates of a
// series; a file to add it to one's calendar. It follows changes live; an
// event that is unpublished meanwhile says so, a cancelled one says
// "abgesagt".
import { h, append, clear, richText, safeURL, formatEventTime, parseDate, berlinParts } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { EVENT_KINDS, OFFICE_NAME, label } from '../lib/labels.js';
import { failure, badge, calendarBox } from '../lib/ui.js';
import { registrationSection } from '../lib/registrations.js';
import { programmeSection } from '../lib/festival.js';

export default {
  title: 'Termin',
  async render(ctx) {
    const box = h('div', {});
    // built once and refreshed in place, so that a half-filled form survives live updates
    const extras = h('div', {});
    const subscribe = h('div', {});
    let signUp = null;
    let programme = null;
    append(ctx.main, h('p', { class: 'breadcrumb' }, h('a', { href: '/termine' }, 'Termine')), box, extras, subscribe);

    const load = async () => {
      let event;
      try {
        event = await pb.collection('events').getOne(ctx.params.id, { expand: 'organisation' });
      } catch (err) {
        clear(box);
        clear(subscribe);
        if (err.status === 404) {
          ctx.setTitle('Termin nicht gefunden');
          append(box, h('h1', {}, 'Diesen Termin gibt es nicht (mehr)'),
            h('p', {}, 'Der Termin wurde abgesagt, verschoben oder ist nicht öffentlich.'),
            h('p', {}, h('a', { href: '/termine' }, 'Zu allen Terminen')));
        } else {
          append(box, h('h1', {}, 'Termin'), failure('Der Termin konnte nicht geladen werden.', load, err));
        }
        return;
      }
      if (!ctx.isCurrent()) return;
      ctx.setTitle(event.title);
      const org = event.expand?.organisation;
      const registration = safeURL(event.registration_url);
      const start = parseDate(event.starts_at);
      const facts = [
        [event.rrule ? 'Erster Termin' : 'Wann', h('time', { datetime: start ? start.toISOString() : '' }, formatEventTime(event))],
        event.location ? ['Wo', event.location] : null,
        ['Veranstalter', org ? h('a', { href: `/vereine/${encodeURIComponent(org.slug)}` }, org.name) : OFFICE_NAME],
        event.capacity ? ['Plätze', `${event.capacity === 1 ? '1 Platz' : `${event.capacity} Plätze`}, Anmeldung hier auf der Seite`] : null,
        registration && /^https?:/.test(registration) ? ['Anmeldung', h('a', { href: registration, rel: 'noopener noreferrer' }, 'Zur Anmeldung')] : null,
      ].filter(Boolean);

      const nextDates = event.rrule ? await upcomingDates(event) : null;
      if (!ctx.isCurrent()) return;

      append(clear(box), 
        h('h1', {}, event.cancelled ? h('s', {}, event.title) : event.title),
        h('p', { class: 'meta' }, badge(label(EVENT_KINDS, event.kind), `kind-${event.kind}`),
          event.cancelled ? [' ', badge('abgesagt', 'cancelled')] : null,
          event.published ? null : [' ', badge('Entwurf – nicht öffentlich', 'pending')]),
        event.cancelled ? h('p', { class: 'notice' }, 'Dieser Termin ist abgesagt.') : null,
        h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
        nextDates,
        event.published ? h('p', { class: 'actions' },
          h('a', { class: 'button secondary', href: `/api/ben/events/${encodeURIComponent(event.id)}.ics`, download: '' }, 'Zum Kalender hinzufügen')) : null,
        event.description ? richText(event.description) : null);
      append(clear(subscribe),
        org?.status === 'published'
          ? calendarBox(`/api/ben/organisations/${encodeURIComponent(org.slug)}/events.ics`, `Termine von ${org.name} abonnieren`, 'Dieser und alle weiteren Termine des Veranstalters automatisch in Ihrem Kalender.')
          : calendarBox('/api/ben/events.ics', 'Alle Termine abonnieren', 'Dieser und alle weiteren Termine automatisch in Ihrem Kalender.'));
    };
    const loadExtras = async () => {
      let event;
      try {
        event = await pb.collection('events').getOne(ctx.params.id);
      } catch {
        clear(extras);
        signUp = programme = null;
        return;
      }
      if (event.capacity > 0 && !signUp) {
        signUp = registrationSection(ctx, event);
        extras.append(signUp.el);
      } else if (!(event.capacity > 0) && signUp) {
        signUp.el.remove();
        signUp = null;
      }
      if (event.kind === 'vereinsfest' && !programme) {
        programme = programmeSection(ctx, event);
        extras.append(programme.el);
      }
      await Promise.all([signUp?.update(event), programme?.update()]);
    };
    await load();
    await loadExtras();
    ctx.live(['events', 'organisations'], load);
    ctx.live(['events', 'event_registrations', 'festival_participations'], loadExtras);
  },
};

// upcomingDates lists the next dates of a series (cancelled single dates
// are left out by the server).
async function upcomingDates(event) {
  const day = (d) => { const p = berlinParts(d); return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`; };
  try {
    const list = await pb.send('/api/ben/occurrences', {
      query: { event: event.id, from: day(new Date()), to: day(new Date(Date.now() + 365 * 86400000)), perPage: 6 },
    });
    const items = list.items.map((o) => h('li', {}, h('time', { datetime: parseDate(o.starts_at)?.toISOString() || '' }, formatEventTime(o))));
    return h('section', { class: 'series-dates', 'aria-labelledby': 'naechste-termine' },
      h('h2', { id: 'naechste-termine' }, 'Die nächsten Termine dieser Reihe'),
      items.length ? h('ul', {}, items) : h('p', {}, 'In den nächsten zwölf Monaten findet kein Termin dieser Reihe statt.'));
  } catch {
    return null; // the event itself is shown all the same
  }
}
