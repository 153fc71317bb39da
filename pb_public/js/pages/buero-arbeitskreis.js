// The working group for the office: who sits on which seat, and the head
// count against the limits (10, extended with a reason up to 12).
import { h } from '../lib/dom.js';
import { officePage } from '../lib/office-pages.js';
import { office, table } from '../lib/office.js';

export default officePage({
  title: 'Arbeitskreis – Büro',
  heading: 'Arbeitskreis „Engagierte Stadt Bitburg“',
  fetch: () => office.send('/api/ben/office/working-group', {}),
  failed: 'Der Arbeitskreis konnte nicht geladen werden.',
  show: (wg) => {
    const over = wg.head_count > wg.standard_size;
    return [
      h('p', { class: `eligibility-summary ${wg.head_count > wg.max_size ? 'open' : 'ok'}` },
        `${wg.head_count} Mitglieder von ${wg.standard_size}`, over ? ` (erweitert; höchstens ${wg.max_size})` : ` (bei Bedarf bis ${wg.max_size})`,
        '. Stellvertretungen zählen nicht mit.'),
      table('Sitze', ['Sitz', 'Mitglieder', 'Höchstens', 'Stellvertretungen'], wg.seats.map((s) => [
        s.label,
        s.members.length ? s.members.join(', ') : h('span', { class: 'muted' }, 'nicht besetzt'),
        s.quota ? String(s.quota) : 'nach Mitgliederzahl',
        s.deputies.length ? s.deputies.join(', ') : '–',
      ])),
      h('p', { class: 'muted' }, 'Mitglieder trägt die IT im Dashboard ein; die Regeln (Sitze, Höchstzahl, Begründung der Erweiterung) prüft BEN bei jedem Speichern.'),
    ];
  },
  live: ['working_group_members'],
});
