// The office's list of card applications: open ones first (oldest
// submission first), filter by status, search by name, page through.
import { h } from '../lib/dom.js';
import { officeList, choices, allOf } from '../lib/office-pages.js';
import { office, statusBadge, day, daysSince, daysText, APPLICATION_STATUS, CARD_KINDS, TONES } from '../lib/office.js';

const FILTERS = {
  offen: ['status = "submitted" || status = "confirmed"', 'Offen (eingereicht oder bestätigt)'],
  submitted: ['status = "submitted"', 'Eingereicht, wartet auf Bestätigung'],
  confirmed: ['status = "confirmed"', 'Bestätigt, wartet auf Entscheidung'],
  approved: ['status = "approved"', 'Bewilligt'],
  rejected: ['status = "rejected"', 'Abgelehnt'],
  withdrawn: ['status = "withdrawn"', 'Zurückgezogen'],
  draft: ['status = "draft"', 'Entwürfe'],
};
const SORTS = { alt: ['submitted_at', 'Älteste Einreichung zuerst'], neu: ['-submitted_at', 'Neueste Einreichung zuerst'], name: ['last_name,first_name', 'Name (A–Z)'] };

export default officeList({
  title: 'Anträge – Büro',
  heading: 'Anträge auf die Ehrenamtskarte',
  path: '/buero/antraege',
  filters: {
    status: { label: 'Status', options: choices(FILTERS) },
    suche: { label: 'Name enthält', type: 'search' },
    sortierung: { label: 'Sortierung', options: choices(SORTS) },
  },
  list: ({ status, suche, sortierung }, page) => office.collection('card_applications').getList(page, 25, {
    filter: office.filter(allOf(`(${FILTERS[status][0]})`, suche && '(first_name ~ {:q} || last_name ~ {:q})'), { q: suche }),
    sort: SORTS[sortierung][0],
  }),
  items: ['Antrag', 'Anträge'],
  none: 'Kein Antrag passt zu diesem Filter.',
  columns: ['Name', 'Karte', 'Status', 'Eingereicht am', 'Wartet'],
  row: (a) => [
    h('a', { href: `/buero/antraege/${a.id}` }, `${a.first_name} ${a.last_name}`),
    CARD_KINDS[a.kind] || a.kind,
    statusBadge(APPLICATION_STATUS, a.status, TONES.application[a.status]),
    day(a.submitted_at),
    ['submitted', 'confirmed'].includes(a.status) && a.submitted_at ? daysText(daysSince(a.submitted_at)) : '–',
  ],
  live: ['card_applications'],
});
