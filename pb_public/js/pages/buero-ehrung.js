// One award round as the office works on it: every nomination with the
// jury's scores (average and count), admitting or declining new ones, and
// recording the decision of the municipal bodies (body, date, outcome, who
// is awarded) on the awards. The audit trail closes the page.
import { h } from '../lib/dom.js';
import { field, showErrors, requiredNote } from '../lib/forms.js';
import { pageHead, empty } from '../lib/ui.js';
import { AWARD_KINDS, ROUND_STATUS, NOMINATION_STATUS, label } from '../lib/labels.js';
import { officeDetail } from '../lib/office-pages.js';
import { office, statusBadge, day, table, decidedBy } from '../lib/office.js';

const nomineeOf = (n) => n.nominee_name || n.expand?.nominee_organisation?.name || '–';
const average = (votes) => (votes.length ? (votes.reduce((s, v) => s + v.score, 0) / votes.length).toFixed(1).replace('.', ',') : '–');
const todayValue = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());

export default officeDetail({
  title: 'Runde – Büro',
  list: ['/buero/ehrungen', 'Ehrungen'],
  fetch: async (id) => ({
    round: await office.collection('award_rounds').getOne(id, { expand: 'period' }),
    nominations: await office.collection('nominations').getFullList({ filter: office.filter('round = {:id}', { id }), sort: 'created', expand: 'nominee_organisation' }),
    votes: await office.collection('jury_votes').getFullList({ filter: office.filter('nomination.round = {:id}', { id }), fields: 'nomination,score' }),
    awards: await office.collection('awards').getFullList({ filter: office.filter('round = {:id}', { id }), sort: 'awarded_at', expand: 'decided_by,recipient_organisation' }),
  }),
  missing: 'Diese Runde gibt es nicht.',
  failed: 'Die Runde konnte nicht geladen werden.',
  show: ({ round, nominations, votes, awards }, act) => {
    const title = round.title || label(AWARD_KINDS, round.kind);
    const votesOf = (n) => votes.filter((v) => v.nomination === n.id);
    return {
      title,
      head: pageHead(title),
      main: [
        h('dl', { class: 'facts' },
          h('dt', {}, 'Art'), h('dd', {}, label(AWARD_KINDS, round.kind)),
          round.field_of_action ? [h('dt', {}, 'Handlungsbereich'), h('dd', {}, round.field_of_action)] : null,
          h('dt', {}, 'Wahlperiode'), h('dd', {}, round.expand?.period?.name || '–'),
          h('dt', {}, 'Vorschläge'), h('dd', {}, `vom ${day(round.nominations_from)} bis zum ${day(round.nominations_until)}`),
          h('dt', {}, 'Status'), h('dd', {}, statusBadge(ROUND_STATUS, round.status))),
        h('section', { 'aria-labelledby': 'vorschlaege' },
          h('h2', { id: 'vorschlaege' }, `Vorschläge (${nominations.length})`),
          nominations.length ? table('Vorschläge mit Bewertungen der Jury', ['Vorgeschlagen', 'Begründung', 'Vorschlag von', 'Status', 'Bewertung (Durchschnitt)', 'Bewertungen (Anzahl)', 'Aktion'],
            nominations.map((n) => [
              h('strong', {}, nomineeOf(n)),
              h('span', { class: 'pre-line' }, n.reason),
              [n.nominator_name, h('br'), h('span', { class: 'muted' }, n.nominator_email), h('br'), h('span', { class: 'muted' }, `am ${day(n.created)}`)],
              statusBadge(NOMINATION_STATUS, n.status, n.status === 'submitted' ? 'pending' : n.status === 'awarded' ? 'ok' : ''),
              average(votesOf(n)),
              String(votesOf(n).length),
              n.status === 'submitted' && round.status !== 'decided' ? admitButtons(n, act) : '–',
            ])) : empty('Für diese Runde ist noch kein Vorschlag eingegangen.')),
        round.status === 'decided' || awards.length ? awardsBox(awards) : null,
        round.status !== 'decided' && nominations.length ? decisionForm(round, nominations, act) : null,
      ],
      audit: round.id,
    };
  },
  live: ['nominations', 'jury_votes', 'awards', 'award_rounds'],
});

/** admitButtons admit a new nomination to the jury's scoring, or decline it. */
function admitButtons(n, act) {
  const set = (status, button, text) => act.press(button, async () => {
    await office.collection('nominations').update(n.id, { status });
    return text;
  });
  const admit = h('button', { type: 'button', class: 'button secondary' }, 'Zulassen', h('span', { class: 'visually-hidden' }, `: ${nomineeOf(n)}`));
  admit.addEventListener('click', () => set('admitted', admit, `Der Vorschlag „${nomineeOf(n)}“ ist zur Bewertung zugelassen.`));
  const decline = h('button', { type: 'button', class: 'button danger' }, 'Nicht zulassen', h('span', { class: 'visually-hidden' }, `: ${nomineeOf(n)}`));
  decline.addEventListener('click', () => set('declined', decline, `Der Vorschlag „${nomineeOf(n)}“ ist nicht zugelassen.`));
  return h('div', { class: 'item-actions' }, admit, decline);
}

/** awardsBox is what the municipal bodies decided: who is awarded. */
const awardsBox = (awards) => h('section', { 'aria-labelledby': 'auszeichnungen' },
  h('h2', { id: 'auszeichnungen' }, 'Entscheidung der Gremien'),
  awards.length ? h('ul', { class: 'link-list' }, awards.map((a) => h('li', {},
    h('strong', {}, a.recipient_name || a.expand?.recipient_organisation?.name || '–'), ` – ${label(AWARD_KINDS, a.kind)}`,
    h('p', {}, a.decision_body ? `Beschluss von „${a.decision_body}“ am ${day(a.decision_date)}${a.decision_outcome ? ` (${a.decision_outcome})` : ''}; erfasst von ${decidedBy(a)}.` : `Ausgezeichnet am ${day(a.awarded_at)}.`),
    h('p', {}, a.published ? 'Im Portal veröffentlicht.' : 'Noch nicht im Portal veröffentlicht.'))))
    : h('p', {}, 'Die Gremien haben niemanden ausgezeichnet.'));

/**
 * decisionForm records the decision of the municipal bodies: body, date,
 * outcome, and who of the open nominations is awarded, with a citation.
 */
function decisionForm(round, nominations, act) {
  const open = nominations.filter((n) => ['submitted', 'admitted'].includes(n.status));
  const form = h('form', { class: 'form decision-box', novalidate: true, 'aria-labelledby': 'beschluss' },
    h('h2', { id: 'beschluss' }, 'Entscheidung der städtischen Gremien erfassen'),
    h('p', {}, 'Die Jury bewertet, die städtischen Gremien entscheiden. Erfassen Sie hier den Beschluss: Für jede ausgezeichnete Person, Gruppe oder Organisation entsteht eine Auszeichnung; die übrigen offenen Vorschläge gelten als nicht ausgezeichnet, und die Runde ist entschieden.'),
    requiredNote(),
    h('div', { class: 'field-row' },
      field({ name: 'decision_body', label: 'Gremium', required: true, help: 'z. B. „Stadtrat Bitburg“' }),
      field({ name: 'decision_date', label: 'Tag des Beschlusses', type: 'date', required: true, value: todayValue() })),
    field({ name: 'decision_outcome', label: 'Ergebnis des Beschlusses', help: 'z. B. „einstimmig beschlossen“' }),
    h('fieldset', {},
      h('legend', {}, 'Ausgezeichnet'),
      open.map((n) => h('div', { class: 'award-choice' },
        field({ name: 'award-' + n.id, label: `${nomineeOf(n)} wird ausgezeichnet`, type: 'checkbox' }),
        field({ name: 'citation-' + n.id, label: `Würdigung für ${nomineeOf(n)}`, type: 'textarea', rows: 3,
          help: 'Wofür ausgezeichnet wird, in ganzen Sätzen; steht so im Portal und in der Urkunde.' })))),
    field({ name: 'publish', label: 'Auszeichnungen gleich im Portal veröffentlichen', type: 'checkbox' }),
    h('p', {}, h('button', { type: 'submit', class: 'button' }, 'Entscheidung speichern')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const errors = {};
    const awarded = [];
    open.forEach((n) => {
      if (!data.get('award-' + n.id)) return;
      const citation = String(data.get('citation-' + n.id) || '').trim();
      if (!citation) errors['citation-' + n.id] = 'Bitte schreiben Sie, wofür ausgezeichnet wird.';
      awarded.push({ nomination: n.id, citation });
    });
    const decisionBody = String(data.get('decision_body') || '').trim();
    if (!decisionBody) errors.decision_body = 'Bitte nennen Sie das Gremium, das entschieden hat.';
    if (!data.get('decision_date')) errors.decision_date = 'Bitte geben Sie den Tag des Beschlusses an.';
    if (Object.keys(errors).length) {
      showErrors(form, errors);
      return;
    }
    const names = open.filter((n) => data.get('award-' + n.id)).map(nomineeOf);
    if (!confirm(names.length ? `Beschluss speichern: ausgezeichnet ${names.join(', ')}? Die übrigen Vorschläge gelten als nicht ausgezeichnet.` : 'Beschluss speichern, ohne jemanden auszuzeichnen?')) return;
    await act.submit(form, async () => {
      try {
        await office.send(`/api/ben/office/rounds/${round.id}/decision`, {
          method: 'POST',
          body: { decision_body: decisionBody, decision_date: data.get('decision_date'), decision_outcome: String(data.get('decision_outcome') || '').trim(), awarded, publish: !!data.get('publish') },
        });
      } catch (err) {
        // the awards' date is this form's date of the decision
        const fields = err?.response?.data || {};
        if (fields.awarded_at) fields.decision_date = fields.awarded_at;
        throw err;
      }
      return 'Die Entscheidung ist gespeichert.';
    });
  });
  return form;
}
