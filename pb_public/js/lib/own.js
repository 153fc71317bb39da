// What the clubs' self-service pages share: finding an organisation the
// logged-in user edits.
import { h, append } from './dom.js';
import { pb } from './api.js';
import { pageHead, failure } from './ui.js';

/** loadOwnOrganisation returns the organisation with slug if user edits it, else null. */
export async function loadOwnOrganisation(slug, user) {
  const list = await pb.collection('organisations').getList(1, 1, {
    filter: pb.filter('slug = {:slug} && editors.id ?= {:me}', { slug, me: user.id }),
    skipTotal: true,
  });
  return list.items[0] || null;
}

/**
 * editedOrganisation loads the organisation of ctx.params.slug for a page of
 * its editors, and with it, through more(org), whatever else the page needs.
 * It returns the organisation, or null when the page has nothing to show:
 * loading failed (the page shows heading, failureText and a retry of the
 * address, the query included if keepQuery) or the user does not edit it
 * (notEditor). With notFoundIsEmpty a 404 is no failure: what more did
 * not find stays empty, and the page says so itself.
 */
export async function editedOrganisation(ctx, heading, {
  more = null,
  failureText = 'Die Organisation konnte nicht geladen werden.',
  keepQuery = false,
  notFoundIsEmpty = false,
} = {}) {
  let org;
  try {
    org = await loadOwnOrganisation(ctx.params.slug, ctx.user);
    if (org && more) await more(org);
  } catch (err) {
    if (!notFoundIsEmpty || err.status !== 404) {
      const retry = () => ctx.navigate(location.pathname + (keepQuery ? location.search : ''), { replace: true });
      append(ctx.main, pageHead(heading), failure(failureText, retry, err));
      return null;
    }
  }
  if (!org) {
    notEditor(ctx);
    return null;
  }
  return org;
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

/**
 * clubCounters counts what waits for an organisation's editors: engagements
 * of card applications to confirm, and new answers to its opportunities.
 */
export async function clubCounters(org) {
  const [engagements, replies] = await Promise.all([
    pb.collection('engagements').getFullList({
      filter: pb.filter('organisation = {:org} && confirmed_at = ""', { org: org.id }), expand: 'application',
    }),
    pb.collection('interests').getList(1, 1, {
      filter: pb.filter('opportunity.organisation = {:org} && status = "new"', { org: org.id }), fields: 'id',
    }),
  ]);
  return {
    // as on the confirmation page: an editor's own application comes expanded
    confirmations: engagements.filter((e) => (e.application_status || e.expand?.application?.status) === 'submitted').length,
    replies: replies.totalItems,
  };
}

/** counterText is e.g. " (2 offen)", or '' for none. */
export const counterText = (n, word) => (n ? ` (${n} ${word})` : '');
