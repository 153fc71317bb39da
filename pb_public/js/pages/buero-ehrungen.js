// The office's award rounds: each with its new nominations.
import { h } from '../lib/dom.js';
import { empty } from '../lib/ui.js';
import { AWARD_KINDS, ROUND_STATUS, label } from '../lib/labels.js';
import { officePage } from '../lib/office-pages.js';
import { office, statusBadge, day, table } from '../lib/office.js';

export default officePage({
  title: 'Ehrungen – Büro',
  heading: 'Ehrungen',
  lead: 'Die Runden der Stadtmedaille und der Preise, mit ihren Vorschlägen.',
  fetch: async () => ({
    rounds: await office.collection('award_rounds').getFullList({ sort: '-nominations_until', expand: 'period' }),
    fresh: await office.collection('nominations').getFullList({ filter: 'status = "submitted"', fields: 'id,round' }),
  }),
  failed: 'Die Runden konnten nicht geladen werden.',
  show: ({ rounds, fresh }) => {
    if (!rounds.length) return empty('Es gibt noch keine Runde.');
    const count = (id) => fresh.filter((n) => n.round === id).length;
    return table('Runden', ['Runde', 'Wahlperiode', 'Vorschläge bis', 'Status', 'Neue Vorschläge'], rounds.map((r) => [
      h('a', { href: `/buero/ehrungen/${r.id}` }, r.title || label(AWARD_KINDS, r.kind)),
      r.expand?.period?.name || '–',
      day(r.nominations_until),
      statusBadge(ROUND_STATUS, r.status, r.status === 'published' ? 'ok' : ''),
      String(count(r.id)),
    ]));
  },
  live: ['award_rounds', 'nominations'],
});
