// One event: when, where, who, what, how to register. It follows changes
// live; an event that is unpublished meanwhile says so.
import { h, append, clear, richText, safeURL, formatRange, parseDate } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { EVENT_KINDS, OFFICE_NAME, label } from '../lib/labels.js';
import { failure, badge, calendarBox } from '../lib/ui.js';

export default {
  title: 'Termin',
  async render(ctx) {
    const box = h('div', {});
    append(ctx.main, h('p', { class: 'breadcrumb' }, h('a', { href: '/termine' }, 'Termine')), box);

    const load = async () => {
      let event;
      try {
        event = await pb.collection('events').getOne(ctx.params.id, { expand: 'organisation' });
      } catch (err) {
        clear(box);
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
        ['Wann', h('time', { datetime: start ? start.toISOString() : '' }, formatRange(event.starts_at, event.ends_at))],
        event.location ? ['Wo', event.location] : null,
        ['Veranstalter', org ? h('a', { href: `/vereine/${encodeURIComponent(org.slug)}` }, org.name) : OFFICE_NAME],
        event.capacity ? ['Plätze', `höchstens ${event.capacity} Teilnehmende`] : null,
        registration && /^https?:/.test(registration) ? ['Anmeldung', h('a', { href: registration, rel: 'noopener noreferrer' }, 'Zur Anmeldung')] : null,
      ].filter(Boolean);

      append(clear(box), 
        h('h1', {}, event.title),
        h('p', { class: 'meta' }, badge(label(EVENT_KINDS, event.kind), `kind-${event.kind}`),
          event.published ? null : [' ', badge('Entwurf – nicht öffentlich', 'pending')]),
        h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
        event.description ? richText(event.description) : null,
        org?.status === 'published'
          ? calendarBox(`/api/ben/organisations/${encodeURIComponent(org.slug)}/events.ics`, `Termine von ${org.name} abonnieren`, 'Dieser und alle weiteren Termine des Veranstalters automatisch in Ihrem Kalender.')
          : calendarBox('/api/ben/events.ics', 'Alle Termine abonnieren', 'Dieser und alle weiteren Termine automatisch in Ihrem Kalender.'));
    };
    await load();
    ctx.live(['events', 'organisations'], load);
  },
};
