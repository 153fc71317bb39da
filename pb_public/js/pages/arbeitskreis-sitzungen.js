// The working group's meetings: date, agenda and minutes, once the office
// has published them, with what each decided (recommendations, the jury of
// an award round). Who attended is not public.
import { h, append, clear, richText, formatDate, formatTime } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { AWARD_KINDS, label } from '../lib/labels.js';
import { pageHead, loading, failure, empty, liveNote } from '../lib/ui.js';

export default {
  title: 'Sitzungen des Arbeitskreises',
  async render(ctx) {
    const box = h('div', {}, loading('Die Sitzungen werden geladen …'));
    append(ctx.main,
      h('p', { class: 'breadcrumb' },
        h('a', { href: '/arbeitskreis' }, 'Arbeitskreis „Engagierte Stadt Bitburg“'), ' › Sitzungen'),
      pageHead('Sitzungen des Arbeitskreises', 'Tagesordnungen und Protokolle der Sitzungen des Arbeitskreises „Engagierte Stadt Bitburg“, sobald die Koordinierungsstelle sie veröffentlicht hat.'),
      h('p', {}, h('a', { href: '/arbeitskreis/empfehlungen' }, 'Empfehlungen des Arbeitskreises und ihr Stand')),
      liveNote(),
      box);

    const load = async () => {
      let meetings;
      let recommendations;
      let rounds;
      try {
        [meetings, recommendations, rounds] = await Promise.all([
          pb.collection('working_group_meetings').getFullList({ sort: '-date' }),
          pb.collection('recommendations').getFullList({ fields: 'id,title,meeting,status' }),
          pb.collection('award_rounds').getFullList({ filter: 'jury_meeting != ""', fields: 'id,title,kind,jury_meeting' }),
        ]);
      } catch (err) {
        if (ctx.isCurrent()) append(clear(box), failure('Die Sitzungen konnten nicht geladen werden.', load, err));
        return;
      }
      if (!ctx.isCurrent()) return;
      if (!meetings.length) {
        append(clear(box), empty('Es sind noch keine Sitzungen veröffentlicht.'));
        return;
      }
      append(clear(box), h('ul', { class: 'meeting-list' }, meetings.map((m) => meeting(m,
        recommendations.filter((r) => r.meeting === m.id), rounds.filter((r) => r.jury_meeting === m.id)))));
      if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
    };
    await load();
    ctx.live(['working_group_meetings', 'recommendations'], load);
  },
};

function meeting(m, recommendations, rounds) {
  const id = `sitzung-${m.id}`;
  const decisions = [
    ...recommendations.map((r) => h('li', {}, 'Empfehlung: ', h('a', { href: `/arbeitskreis/empfehlungen#empfehlung-${r.id}` }, r.title))),
    ...rounds.map((r) => h('li', {}, `Jury bestellt für die Runde „${r.title || label(AWARD_KINDS, r.kind)}“`)),
  ];
  return h('li', { class: 'card meeting', id },
    h('h2', {}, `Sitzung am ${formatDate(m.date)}`),
    h('p', { class: 'meta' }, `Beginn ${formatTime(m.date)} Uhr`),
    m.agenda ? [h('h3', {}, 'Tagesordnung'), richText(m.agenda)] : null,
    decisions.length ? [h('h3', {}, 'Beschlüsse'), h('ul', {}, decisions)] : null,
    m.minutes ? h('details', { class: 'minutes' }, h('summary', {}, `Protokoll der Sitzung am ${formatDate(m.date)}`), richText(m.minutes)) : null);
}
