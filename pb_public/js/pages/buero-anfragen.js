// The office's enquiries ("Kontakt aufnehmen"): open ones first.
import { h } from '../lib/dom.js';
import { officeList, choices } from '../lib/office-pages.js';
import { office, statusBadge, day, daysSince, daysText, ENQUIRY_STATUS, TONES } from '../lib/office.js';

const FILTERS = {
  offen: ['status = "new" || status = "in_progress"', 'Offen (neu oder in Bearbeitung)'],
  new: ['status = "new"', 'Neu'], in_progress: ['status = "in_progress"', 'In Bearbeitung'],
  matched: ['status = "matched"', 'Vermittelt'], closed: ['status = "closed"', 'Abgeschlossen'],
};

export default officeList({
  title: 'Anfragen – Büro',
  heading: 'Anfragen',
  lead: 'Menschen, die über „Kontakt aufnehmen“ Rat suchen; die ältesten zuerst.',
  path: '/buero/anfragen',
  filters: { status: { label: 'Status', options: choices(FILTERS) } },
  list: ({ status }, page) => office.collection('enquiries').getList(page, 25, { filter: FILTERS[status][0], sort: 'created' }),
  items: ['Anfrage', 'Anfragen'],
  none: 'Keine Anfrage passt zu diesem Filter.',
  columns: ['Name', 'Status', 'Eingegangen am', 'Wartet'],
  row: (q) => [
    h('a', { href: `/buero/anfragen/${q.id}` }, q.name),
    statusBadge(ENQUIRY_STATUS, q.status, TONES.enquiry[q.status]),
    day(q.created),
    ['new', 'in_progress'].includes(q.status) ? daysText(daysSince(q.created)) : '–',
  ],
  live: ['enquiries'],
});
