// The working group's recommendations (strategy §4.1): those it adopted,
// who carries each out and how far it has come. Proposals and rejected
// ones stay with the office.
import { h, append, clear, richText, formatDateNumeric } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { SEATS, label } from '../lib/labels.js';
import { pageHead, loading, failure, empty, badge, liveNote } from '../lib/ui.js';

export const RECOMMENDATION_STATUS = {
  adopted: 'Beschlossen, in Umsetzung',
  implemented: 'Umgesetzt',
};

/** ownerName names who carries out a recommendation: a seat or the office. */
export const ownerName = (owner) => (owner === 'buero' ? 'Koordinierungsstelle Ehrenamt' : label(SEATS, owner));

export default {
  title: 'Empfehlungen des Arbeitskreises',
  async render(ctx) {
    const box = h('div', {}, loading('Die Empfehlungen werden geladen …'));
    append(ctx.main,
      h('p', { class: 'breadcrumb' },
        h('a', { href: '/arbeitskreis' }, 'Arbeitskreis „Engagierte Stadt Bitburg“'), ' › Empfehlungen'),
      pageHead('Empfehlungen des Arbeitskreises', 'Der Arbeitskreis „Engagierte Stadt Bitburg“ berät, wie die Stadt Ehrenamt und Engagement stärken kann. Hier stehen seine Empfehlungen, wer sie umsetzt und wie weit sie sind.'),
      h('p', {}, h('a', { href: '/arbeitskreis/sitzungen' }, 'Sitzungen und Protokolle des Arbeitskreises')),
      liveNote(),
      box);

    const load = async () => {
      let list;
      try {
        list = await pb.collection('recommendations').getFullList({ sort: 'status,-updated', expand: 'meeting' });
      } catch (err) {
        if (ctx.isCurrent()) append(clear(box), failure('Die Empfehlungen konnten nicht geladen werden.', load, err));
        return;
      }
      if (!ctx.isCurrent()) return;
      if (!list.length) {
        append(clear(box), empty('Der Arbeitskreis hat noch keine Empfehlungen beschlossen.'));
        return;
      }
      const open = list.filter((r) => r.status === 'adopted');
      const done = list.filter((r) => r.status === 'implemented');
      append(clear(box),
        h('p', { class: 'result-count' }, `${open.length} in Umsetzung, ${done.length} umgesetzt.`),
        open.length ? [h('h2', {}, 'In Umsetzung'), h('ul', { class: 'recommendation-list' }, open.map(item))] : null,
        done.length ? [h('h2', {}, 'Umgesetzt'), h('ul', { class: 'recommendation-list' }, done.map(item))] : null);
    };
    await load();
    ctx.live(['recommendations', 'working_group_meetings'], load);
  },
};

function item(r) {
  const meeting = r.expand?.meeting;
  return h('li', { class: 'card recommendation', id: `empfehlung-${r.id}` },
    h('h3', {}, r.title),
    h('p', { class: 'meta' },
      badge(RECOMMENDATION_STATUS[r.status] || r.status, r.status === 'implemented' ? 'ok' : 'pending'),
      ' Zuständig: ', ownerName(r.owner),
      meeting ? [' · beschlossen in der ', h('a', { href: `/arbeitskreis/sitzungen#sitzung-${meeting.id}` }, `Sitzung vom ${formatDateNumeric(meeting.date)}`)] : null),
    richText(r.text),
    r.progress ? [h('h4', {}, 'Stand der Umsetzung'), richText(r.progress)] : null);
}
