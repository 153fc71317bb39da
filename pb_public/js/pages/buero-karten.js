// The office's list of cards: search by card number or name, filter by
// status, sorted by the end of validity.
import { h } from '../lib/dom.js';
import { officeList, choices, allOf } from '../lib/office-pages.js';
import { office, statusBadge, day, CARD_STATUS, TONES } from '../lib/office.js';

const SORTS = { ablauf: ['valid_until', 'Ablauf (früheste zuerst)'], neu: ['-issued_at', 'Neueste zuerst'], nummer: ['number', 'Kartennummer'] };

export default officeList({
  title: 'Karten – Büro',
  heading: 'Ehrenamtskarten',
  path: '/buero/karten',
  search: 'Karten suchen',
  submit: 'Suchen',
  filters: {
    suche: { label: 'Kartennummer oder Name', type: 'search' },
    status: { label: 'Status', options: [['', 'Alle'], ...Object.entries(CARD_STATUS)] },
    sortierung: { label: 'Sortierung', options: choices(SORTS) },
  },
  list: ({ suche, status, sortierung }, page) => office.collection('cards').getList(page, 25, {
    filter: office.filter(allOf(suche && '(number ~ {:q} || application.first_name ~ {:q} || application.last_name ~ {:q})', status && 'status = {:status}'), { q: suche, status }),
    sort: SORTS[sortierung][0],
    expand: 'application',
  }),
  items: ['Karte', 'Karten'],
  none: ({ suche }) => (suche ? `Keine Karte passt zu „${suche}“.` : 'Keine Karte passt zu diesem Filter.'),
  columns: ['Kartennummer', 'Inhaberin / Inhaber', 'Status', 'Gültig bis', 'Online geprüft'],
  row: (c) => [
    h('a', { href: `/buero/karten/${c.id}` }, c.number),
    c.expand?.application ? `${c.expand.application.first_name} ${c.expand.application.last_name}` : '–',
    statusBadge(CARD_STATUS, c.status, TONES.card[c.status]),
    c.valid_until ? day(c.valid_until) : 'unbefristet',
    `${c.verifications || 0}-mal`,
  ],
  live: ['cards'],
});
