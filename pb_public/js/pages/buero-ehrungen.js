// The office's award rounds: each with its new nominations.
import { h, append, clear } from '../lib/dom.js';
import { pageHead, failure, empty } from '../lib/ui.js';
import { AWARD_KINDS, ROUND_STATUS, label } from '../lib/labels.js';
import { office, requireStaff, officeNav, officeLive, statusBadge, day, table } from '../lib/office.js';

export default {
  title: 'Ehrungen – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx, { decide: true });
    if (!staff) return;
    const results = h('div', {});
    append(ctx.main, officeNav(staff), pageHead('Ehrungen', 'Die Runden der Stadtmedaille und der Preise, mit ihren Vorschlägen.'), results);

    const load = async () => {
      let rounds;
      let fresh;
      try {
        rounds = await office.collection('award_rounds').getFullList({ sort: '-nominations_until', expand: 'period' });
        fresh = await office.collection('nominations').getFullList({ filter: 'status = "submitted"', fields: 'id,round' });
      } catch (err) {
        clear(results).append(failure('Die Runden konnten nicht geladen werden.', load, err));
        return;
      }
      clear(results);
      if (!rounds.length) {
        append(results, empty('Es gibt noch keine Runde.'));
        return;
      }
      const count = (id) => fresh.filter((n) => n.round === id).length;
      append(results, table('Runden', ['Runde', 'Wahlperiode', 'Vorschläge bis', 'Status', 'Neue Vorschläge'], rounds.map((r) => [
        h('a', { href: `/buero/ehrungen/${r.id}` }, r.title || label(AWARD_KINDS, r.kind)),
        r.expand?.period?.name || '–',
        day(r.nominations_until),
        statusBadge(ROUND_STATUS, r.status, r.status === 'published' ? 'ok' : ''),
        String(count(r.id)),
      ])));
    };
    await load();
    await officeLive(ctx, ['award_rounds', 'nominations'], load);
  },
};
