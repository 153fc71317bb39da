// The working group "Engagierte Stadt Bitburg" (strategy §4.1): who sits on
// which seat. Names, seats and parties only; contact data stays with the
// office. The list updates itself when the office changes it.
import { h, append, clear } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { SEATS, label } from '../lib/labels.js';
import { pageHead, loading, failure, empty, badge, liveNote } from '../lib/ui.js';

// What each seat stands for, in the words of the strategy.
const SEAT_HELP = {
  buergermeister: 'Der Bürgermeister der Stadt Bitburg oder seine Vertretung.',
  koordination: 'Die Anlauf-, Service- und Koordinierungsstelle für Ehrenamt der Stadt.',
  caritas: 'Der Caritasverband Westeifel.',
  pflegestuetzpunkt_drk: 'Pflegestützpunkt und DRK – für die Seniorinnen und Senioren.',
  gleichstellung: 'Die Gleichstellungsbeauftragte der Stadt.',
  politik: 'Drei Mitglieder aus Parteien im Stadtrat; die übrigen drei Parteien stellen die Stellvertretungen.',
  verein_buergerschaft: 'Zwei Mitglieder aus Vereinen oder der Bürgerschaft.',
  jugend: 'Eine Vertretung der Jugend.',
  erweiterung: 'Mitglieder, um die der Arbeitskreis bei Bedarf erweitert ist.',
};

// Seats that are shown even when nobody holds them at the moment.
const STANDING_SEATS = Object.keys(SEATS).filter((s) => s !== 'erweiterung');

export default {
  title: 'Arbeitskreis „Engagierte Stadt Bitburg“',
  async render(ctx) {
    const box = h('div', {}, loading('Die Mitglieder werden geladen …'));
    const RULE = 'Regulär hat der Arbeitskreis 10 Mitglieder. Bei Bedarf kann er erweitert werden, aber nie auf mehr als 12 Mitglieder; jede Erweiterung wird begründet.';
    const sizeItem = h('li', {}, RULE);
    append(ctx.main,
      pageHead('Arbeitskreis „Engagierte Stadt Bitburg“', 'Der Arbeitskreis steuert die Engagementstrategie der Stadt Bitburg: Er bringt Stadt, Wohlfahrtsverbände, Politik, Vereine und Jugend an einen Tisch.'),
      h('section', { 'aria-labelledby': 'ak-regeln' },
        h('h2', { id: 'ak-regeln' }, 'Wer dazugehört'),
        h('ul', {},
          sizeItem,
          h('li', {}, 'Die Sitze: Bürgermeister, Koordinierungsstelle, Caritasverband Westeifel, Pflegestützpunkt/DRK, Gleichstellungsbeauftragte, drei Mitglieder aus der Politik, zwei aus Vereinen oder der Bürgerschaft und eine Vertretung der Jugend.'),
          h('li', {}, 'Stellvertretungen aus der Politik sind keine Mitglieder und zählen nicht mit.'),
          h('li', {}, 'Der Arbeitskreis bestellt die Jury der ', h('a', { href: '/stadtmedaille' }, 'Stadtmedaille'), '.'))),
      h('section', { 'aria-labelledby': 'ak-arbeit' },
        h('h2', { id: 'ak-arbeit' }, 'Was der Arbeitskreis beschließt'),
        h('ul', {},
          h('li', {}, h('a', { href: '/arbeitskreis/empfehlungen' }, 'Empfehlungen des Arbeitskreises'), ': was er empfiehlt, wer es umsetzt und wie weit es ist.'),
          h('li', {}, h('a', { href: '/arbeitskreis/sitzungen' }, 'Sitzungen und Protokolle'), ': Tagesordnungen und Protokolle der Sitzungen.'))),
      h('section', { 'aria-labelledby': 'ak-mitglieder' },
        h('h2', { id: 'ak-mitglieder' }, 'Mitglieder und Sitze'),
        liveNote(),
        box),
      h('p', {}, 'Sie möchten den Arbeitskreis erreichen? Schreiben Sie der ', h('a', { href: '/kontakt' }, 'Koordinierungsstelle'), '.'));

    const load = async () => {
      let members;
      try {
        members = await pb.collection('working_group_members').getFullList({ sort: 'person_name', fields: 'id,person_name,seat,party,deputy,deputy_for' });
      } catch (err) {
        if (ctx.isCurrent()) append(clear(box), failure('Die Mitglieder konnten nicht geladen werden.', load, err));
        return;
      }
      if (!ctx.isCurrent()) return;
      if (!members.length) {
        append(clear(box), empty('Zurzeit sind keine Mitglieder eingetragen.'));
        return;
      }
      const count = members.filter((m) => !m.deputy).length;
      const deputies = members.length - count;
      sizeItem.textContent = `Zurzeit hat der Arbeitskreis ${count} ${count === 1 ? 'Mitglied' : 'Mitglieder'}. ${RULE}`;
      const seats = [...STANDING_SEATS, ...(members.some((m) => m.seat === 'erweiterung') ? ['erweiterung'] : [])];
      append(clear(box),
        h('p', { class: 'result-count' }, `Zurzeit ${count} ${count === 1 ? 'Mitglied' : 'Mitglieder'}`,
          deputies ? ` und ${deputies} ${deputies === 1 ? 'Stellvertretung' : 'Stellvertretungen'}` : '',
          count > 10 ? ' – der Arbeitskreis ist erweitert.' : '.'),
        h('ul', { class: 'card-grid seat-grid' }, seats.map((seat) => seatCard(seat, members.filter((m) => m.seat === seat), members))));
    };

    await load();
    ctx.live(['working_group_members'], load);
  },
};

/** seatCard is one seat with its members first and its deputies after. */
function seatCard(seat, members, everyone) {
  const nameOf = (id) => everyone.find((m) => m.id === id)?.person_name;
  const ordered = [...members.filter((m) => !m.deputy), ...members.filter((m) => m.deputy)];
  return h('li', { class: 'card seat-card' },
    h('h3', {}, label(SEATS, seat)),
    h('p', { class: 'meta' }, SEAT_HELP[seat] || ''),
    ordered.length
      ? h('ul', { class: 'member-list' }, ordered.map((m) => h('li', {},
        h('span', { class: 'member-name' }, m.person_name),
        m.party ? h('span', { class: 'member-party' }, ` (${m.party})`) : null,
        m.deputy ? [' ', badge('Stellvertretung'), nameOf(m.deputy_for) ? h('span', { class: 'member-role' }, ` für ${nameOf(m.deputy_for)}`) : null] : null)))
      : h('p', { class: 'muted' }, 'Zurzeit nicht besetzt.'));
}
