// The audit log: every decision of the office, newest first, page by page,
// filtered by area.
import { officeList } from '../lib/office-pages.js';
import { office, dayTime } from '../lib/office.js';

const AREAS = {
  organisations: 'Organisationen', card_applications: 'Anträge', cards: 'Karten', engagements: 'Engagements',
  award_rounds: 'Runden', nominations: 'Vorschläge', awards: 'Auszeichnungen', enquiries: 'Anfragen',
  working_group_members: 'Arbeitskreis', articles: 'Beiträge', events: 'Termine', partners: 'Partner', staff: 'Konten des Büros',
};

export default officeList({
  title: 'Protokoll – Büro',
  heading: 'Protokoll',
  lead: 'Wer im Büro wann was entschieden hat. Einträge kann niemand ändern oder löschen.',
  path: '/buero/protokoll',
  search: 'Protokoll filtern',
  filters: { bereich: { label: 'Bereich', options: [['', 'Alle'], ...Object.entries(AREAS)] } },
  list: ({ bereich }, page) => office.collection('audit_log').getList(page, 50, { sort: '-created', filter: bereich ? office.filter('collection = {:c}', { c: bereich }) : '' }),
  failed: 'Das Protokoll konnte nicht geladen werden.',
  none: 'Noch keine Einträge.',
  caption: 'Protokoll',
  columns: ['Zeitpunkt', 'Wer', 'Was'],
  row: (e) => [dayTime(e.created), e.actor_name || e.actor, e.summary],
  live: ['audit_log'],
});
