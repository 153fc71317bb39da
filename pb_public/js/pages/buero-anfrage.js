// One enquiry as the office answers it: what the person wrote and wishes,
// the ranked suggestions among the published opportunities, and the
// referral (to an opportunity, or to a club) or closing in place.
import { h, append } from '../lib/dom.js';
import { pageHead, empty, topicList } from '../lib/ui.js';
import { COMMITMENTS, label } from '../lib/labels.js';
import { officeDetail } from '../lib/office-pages.js';
import { office, statusBadge, day, dayTime, decidedBy, ENQUIRY_STATUS, TONES } from '../lib/office.js';

const open = (q) => ['new', 'in_progress'].includes(q.status);

export default officeDetail({
  title: 'Anfrage – Büro',
  list: ['/buero/anfragen', 'Anfragen'],
  fetch: async (id) => {
    const q = await office.collection('enquiries').getOne(id, { expand: 'referred_opportunity,referred_organisation,decided_by' });
    if (!open(q)) return { q, suggestions: [], orgs: [] };
    return {
      q,
      suggestions: (await office.send(`/api/ben/enquiries/${id}/suggestions`, {})).items || [],
      orgs: await office.collection('organisations').getFullList({ filter: 'status = "published"', sort: 'name', fields: 'id,name' }),
    };
  },
  missing: 'Diese Anfrage gibt es nicht.',
  failed: 'Die Anfrage konnte nicht geladen werden.',
  show: ({ q, suggestions, orgs }, act) => ({
    title: `Anfrage von ${q.name}`,
    head: [pageHead(`Anfrage von ${q.name}`),
      h('p', { class: 'meta' }, statusBadge(ENQUIRY_STATUS, q.status, TONES.enquiry[q.status]), ` · eingegangen am ${dayTime(q.created)}`)],
    main: [
      h('dl', { class: 'facts' },
        h('dt', {}, 'E-Mail'), h('dd', {}, h('a', { href: `mailto:${q.email}` }, q.email)),
        h('dt', {}, 'Telefon'), h('dd', {}, q.phone || '–'),
        h('dt', {}, 'Themen'), h('dd', {}, q.topics?.length ? topicList(q.topics) : 'keine Angabe'),
        h('dt', {}, 'Art des Engagements'), h('dd', {}, q.availability?.length ? q.availability.map((c) => label(COMMITMENTS, c)).join(', ') : 'alles'),
        h('dt', {}, 'Stunden pro Woche'), h('dd', {}, q.hours_per_week ? String(q.hours_per_week).replace('.', ',') : 'keine Angabe'),
        h('dt', {}, 'Nachricht'), h('dd', { class: 'pre-line' }, q.message || '–')),
      q.status === 'matched' ? h('p', { class: 'notice notice-success' },
        'Vermittelt an ', q.expand?.referred_opportunity ? `„${q.expand.referred_opportunity.title}“ bei ` : '', q.expand?.referred_organisation ? `„${q.expand.referred_organisation.name}“` : '–',
        ` (${decidedBy(q)}, ${day(q.closed_at)}).`) : null,
      open(q) ? work(q, suggestions, orgs, act) : null,
    ],
    audit: q.id,
  }),
  live: ['enquiries'],
});

/**
 * work is how the office answers an open enquiry: refer to one of the
 * ranked opportunities or to a club, take it in hand, or close it.
 */
function work(q, suggestions, orgs, act) {
  const save = (data, text, button) => act.press(button, async () => {
    await office.collection('enquiries').update(q.id, data);
    return text;
  });
  const box = h('div', {});
  append(box, h('section', { 'aria-labelledby': 'vorschlaege' },
    h('h2', { id: 'vorschlaege' }, 'Passende Engagement-Angebote'),
    suggestions.length ? h('ol', { class: 'link-list suggestion-list' }, suggestions.slice(0, 10).map((s) => {
      const o = s.opportunity;
      const refer = h('button', { type: 'button', class: 'button secondary' }, 'Hierhin vermitteln', h('span', { class: 'visually-hidden' }, `: „${o.title}“`));
      refer.addEventListener('click', () => save({ status: 'matched', referred_opportunity: o.id },
        `Die Anfrage ist an „${o.title}“ vermittelt.`, refer));
      return h('li', {},
        h('h3', {}, o.title), h('p', {}, `${o.expand?.organisation?.name || ''} · ${s.score} Punkte`),
        h('p', {}, s.reasons.length ? s.reasons.join(' · ') : 'Passt zu keinem Wunsch.'),
        h('p', {}, refer));
    })) : empty('Gerade ist kein Angebot veröffentlicht.')));

  append(box, act.oneField({
    heading: h('h2', {}, 'An eine Organisation vermitteln'),
    field: { name: 'referred_organisation', label: 'Organisation', type: 'select', options: [['', 'Bitte wählen'], ...orgs.map((o) => [o.id, o.name])],
      help: 'Wenn kein Angebot passt, aber ein Verein: die Person nimmt selbst Kontakt auf.' },
    button: ['Vermitteln', 'secondary'],
    missing: 'Bitte wählen Sie die Organisation.',
    send: async (org) => {
      await office.collection('enquiries').update(q.id, { status: 'matched', referred_organisation: org, referred_opportunity: '' });
      return 'Die Anfrage ist vermittelt.';
    },
  }));

  const other = h('p', { class: 'actions' });
  if (q.status === 'new') {
    const progress = h('button', { type: 'button', class: 'button secondary' }, 'In Bearbeitung nehmen');
    progress.addEventListener('click', () => save({ status: 'in_progress' }, 'Die Anfrage ist in Bearbeitung.', progress));
    append(other, progress);
  }
  const close = h('button', { type: 'button', class: 'button danger' }, 'Ohne Vermittlung abschließen');
  close.addEventListener('click', () => {
    if (confirm('Die Anfrage ohne Vermittlung abschließen?')) save({ status: 'closed' }, 'Die Anfrage ist abgeschlossen.', close);
  });
  append(other, close);
  append(box, h('section', { 'aria-labelledby': 'abschluss' }, h('h2', { id: 'abschluss' }, 'Bearbeitung'), other));
  return box;
}
