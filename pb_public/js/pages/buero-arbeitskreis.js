// The working group for the office: who sits on which seat, and the head
// count against the limits (10, extended with a reason up to 12).
import { h, append, clear } from '../lib/dom.js';
import { pageHead, failure } from '../lib/ui.js';
import { office, requireStaff, officeNav, officeLive, table } from '../lib/office.js';

export default {
  title: 'Arbeitskreis – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx, { decide: true });
    if (!staff) return;
    const body = h('div', {});
    append(ctx.main, officeNav(staff), pageHead('Arbeitskreis „Engagierte Stadt Bitburg“'), body);
    const load = async () => {
      let wg;
      try {
        wg = await office.send('/api/ben/office/working-group', {});
      } catch (err) {
        clear(body).append(failure('Der Arbeitskreis konnte nicht geladen werden.', load, err));
        return;
      }
      clear(body);
      const over = wg.head_count > wg.standard_size;
      append(body, 
        h('p', { class: `eligibility-summary ${wg.head_count > wg.max_size ? 'open' : 'ok'}` },
          `${wg.head_count} Mitglieder von ${wg.standard_size}`, over ? ` (erweitert; höchstens ${wg.max_size})` : ` (bei Bedarf bis ${wg.max_size})`,
          '. Stellvertretungen zählen nicht mit.'),
        table('Sitze', ['Sitz', 'Mitglieder', 'Höchstens', 'Stellvertretungen'], wg.seats.map((s) => [
          s.label,
          s.members.length ? s.members.join(', ') : h('span', { class: 'muted' }, 'nicht besetzt'),
          s.quota ? String(s.quota) : 'nach Mitgliederzahl',
          s.deputies.length ? s.deputies.join(', ') : '–',
        ])),
        h('p', { class: 'muted' }, 'Mitglieder trägt die IT im Dashboard ein; die Regeln (Sitze, Höchstzahl, Begründung der Erweiterung) prüft BEN bei jedem Speichern.'));
    };
    await load();
    await officeLive(ctx, ['working_group_members'], load);
  },
};
