// The clubs' festival "Bitburg engagiert sich": its public programme (the
// accepted offers of the clubs) on the festival's page, and the German
// words for a club's registration.
import { h, clear } from './dom.js';
import { pb, errorText } from './api.js';
import { empty } from './ui.js';

export const PARTICIPATION_STATUS = {
  submitted: 'Angemeldet – die Koordinierungsstelle prüft',
  accepted: 'Angenommen – steht im Programm',
  declined: 'Abgelehnt',
};

export const PARTICIPATION_KIND = { submitted: 'pending', accepted: 'ok', declined: 'rejected' };

/**
 * programmeSection lists who takes part in the festival with what; update()
 * loads it again (the office accepts a club, a club changes its offer).
 */
export function programmeSection(ctx, event) {
  const list = h('div', {});
  const section = h('section', { class: 'programme', 'aria-labelledby': 'programm-titel' },
    h('h2', { id: 'programm-titel' }, 'Programm: Diese Vereine und Initiativen machen mit'),
    list,
    h('p', { class: 'muted' }, 'Ihr Verein möchte dabei sein? Melden Sie ihn unter ', h('a', { href: '/mein-verein' }, 'Mein Verein'), ' zum Fest an.'));

  const update = async () => {
    let items;
    try {
      items = await pb.collection('festival_participations').getFullList({
        filter: pb.filter('event = {:event} && status = "accepted"', { event: event.id }),
        sort: 'organisation.name', expand: 'organisation',
      });
    } catch (err) {
      if (ctx.isCurrent()) clear(list).append(h('p', {}, 'Das Programm konnte nicht geladen werden. ' + errorText(err)));
      return;
    }
    if (!ctx.isCurrent()) return;
    clear(list).append(items.length
      ? h('ul', { class: 'card-grid programme-list' }, items.map((p) => {
        const org = p.expand?.organisation;
        return h('li', { class: 'card' },
          h('h3', {}, org ? h('a', { href: `/vereine/${encodeURIComponent(org.slug)}` }, org.name) : 'Organisation'),
          h('p', {}, p.offer));
      }))
      : empty('Das Programm steht noch nicht fest. Sobald die Koordinierungsstelle Anmeldungen angenommen hat, stehen sie hier.'));
  };
  return { el: section, update };
}
