// What the clubs' self-service pages share: finding an organisation the
// logged-in user edits.
import { h, append } from './dom.js';
import { pb } from './api.js';
import { pageHead } from './ui.js';

/** loadOwnOrganisation returns the organisation with slug if user edits it, else null. */
export async function loadOwnOrganisation(slug, user) {
  const list = await pb.collection('organisations').getList(1, 1, {
    filter: pb.filter('slug = {:slug} && editors.id ?= {:me}', { slug, me: user.id }),
    skipTotal: true,
  });
  return list.items[0] || null;
}

/** notEditor explains that only an organisation's editors may change it. */
export function notEditor(ctx) {
  ctx.setTitle('Keine Berechtigung');
  append(ctx.main, 
    pageHead('Keine Berechtigung'),
    h('p', {}, 'Sie können nur Organisationen bearbeiten, für die Sie als Redaktion eingetragen sind.'),
    h('p', {}, 'Möchten Sie für diese Organisation schreiben? Wenden Sie sich bitte an die Koordinierungsstelle.'),
    h('p', {}, h('a', { href: '/mein-verein' }, 'Zu Ihren Organisationen')));
}
