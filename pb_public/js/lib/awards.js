// What the pages on the town's awards share ("Stadtmedaille", "Jury"): the
// days of a round, who is nominated or honoured, and dates the way the
// letters and mails write them ("9. Juni 2024").
import { h, parseDate, dayKey, TIME_ZONE } from './dom.js';

const dayFormat = new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });

/** formatDay: "9. Juni 2024" (the day in Bitburg); '' when empty. */
export const formatDay = (value) => (parseDate(value) ? dayFormat.format(parseDate(value)) : '');

/** dayOf is the day "YYYY-MM-DD" in Bitburg of a date field; '' when empty. */
export const dayOf = (value) => (parseDate(value) ? dayKey(parseDate(value)) : '');

/**
 * nominationWindow tells where today lies in a round's nominations:
 * 'upcoming', 'open' or 'closed'. Both days count in full, in Bitburg's
 * time, as the API counts them.
 */
export function nominationWindow(round, now = new Date()) {
  const from = dayOf(round.nominations_from);
  const until = dayOf(round.nominations_until);
  if (!from || !until) return 'closed';
  const today = dayKey(now);
  if (today < from) return 'upcoming';
  if (today > until) return 'closed';
  return 'open';
}

/** nomineeName names who is nominated (or honoured): a person or group, an organisation, or both. */
export function nomineeName(record, nameField = 'nominee_name', orgField = 'nominee_organisation') {
  const name = String(record[nameField] || '').trim();
  const org = record.expand?.[orgField]?.name || '';
  if (name && org) return `${name} (${org})`;
  return name || org || 'Ohne Namen';
}

/** orgLink links a published organisation to its page, else names it. */
export function orgLink(org) {
  if (!org) return null;
  return org.status === 'published' && org.slug ? h('a', { href: `/vereine/${encodeURIComponent(org.slug)}` }, org.name) : org.name;
}
