// The office's list of organisations: filter by status, search by name,
// sort, page through.
import { h } from '../lib/dom.js';
import { ORG_KINDS, ORG_STATUS, label } from '../lib/labels.js';
import { officeList, choices, allOf } from '../lib/office-pages.js';
import { office, statusBadge, day, TONES } from '../lib/office.js';

const SORTS = { name: ['name', 'Name (A–Z)'], neu: ['-created', 'Neueste zuerst'], alt: ['created', 'Älteste zuerst'] };

export default officeList({
  title: 'Organisationen – Büro',
  heading: 'Organisationen',
  lead: 'Alle Vereine, Initiativen und Einrichtungen, auch die wartenden und archivierten.',
  path: '/buero/organisationen',
  filters: {
    status: { label: 'Status', options: [['', 'Alle'], ...Object.entries(ORG_STATUS)] },
    suche: { label: 'Name enthält', type: 'search' },
    sortierung: { label: 'Sortierung', options: choices(SORTS) },
  },
  list: ({ status, suche, sortierung }, page) => office.collection('organisations').getList(page, 25, {
    filter: office.filter(allOf(status && 'status = {:status}', suche && 'name ~ {:q}'), { status, q: suche }),
    sort: SORTS[sortierung][0],
  }),
  items: ['Organisation', 'Organisationen'],
  none: 'Keine Organisation passt zu diesem Filter.',
  columns: ['Name', 'Art', 'Status', 'Angemeldet am'],
  row: (o) => [
    h('a', { href: `/buero/organisationen/${o.id}` }, o.name),
    label(ORG_KINDS, o.kind),
    statusBadge(ORG_STATUS, o.status, TONES.organisation[o.status]),
    day(o.created),
  ],
  live: ['organisations'],
});
