// One award round as the office works on it: every nomination with the
// jury's scores (average and count), admitting or declining new ones, and
// recording the decision of the municipal bodies (body, date, outcome, who
// is awarded) on the awards. The audit trail closes the page.
import { h, append, clear } from '../lib/dom.js';
import { field, showErrors, showRequestError, submitting, notice, requiredNote } from '../lib/forms.js';
import { pageHead, failure, empty } from '../lib/ui.js';
import { AWARD_KINDS, ROUND_STATUS, NOMINATION_STATUS, label } from '../lib/labels.js';
import { office, requireStaff, officeNav, officeLive, statusBadge, day, auditTrail, table, decidedBy } from '../lib/office.js';

const nomineeOf = (n) => n.nominee_name || n.expand?.nominee_organisation?.name || '–';
const average = (votes) => (votes.length ? (votes.reduce((s, v) => s + v.score, 0) / votes.length).toFixed(1).replace('.', ',') : '–');
const todayValue = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date());

export default {
  title: 'Runde – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx, { decide: true });
    if (!staff) return;
    const id = ctx.params.id;
    const body = h('div', {});
    append(ctx.main, officeNav(staff), h('p', { class: 'breadcrumb' }, h('a', { href: '/buero/ehrungen' }, 'Ehrungen')), body);
    let message = ''; // the outcome of the last own action; stays while the page reloads itself
    let fresh = false; // whether it still needs the focus

    const load = async () => {
      let round;
      let nominations;
      let votes;
      let awards;
      try {
        round = await office.collection('award_rounds').getOne(id, { expand: 'period' });
        nominations = await office.collection('nominations').getFullList({ filter: office.filter('round = {:id}', { id }), sort: 'created', expand: 'nominee_organisation' });
        votes = await office.collection('jury_votes').getFullList({ filter: office.filter('nomination.round = {:id}', { id }), fields: 'nomination,score' });
        awards = await office.collection('awards').getFullList({ filter: office.filter('round = {:id}', { id }), sort: 'awarded_at', expand: 'decided_by,recipient_organisation' });
      } catch (err) {
        clear(body).append(failure(err?.status === 404 ? 'Diese Runde gibt es nicht.' : 'Die Runde konnte nicht geladen werden.', load, err));
        return;
      }
      const title = round.title || label(AWARD_KINDS, round.kind);
      ctx.setTitle(`${title} – Büro`);
      const votesOf = (n) => votes.filter((v) => v.nomination === n.id);
      clear(body);
      append(body, 
        pageHead(title),
        message ? h('div', { class: 'notice notice-success', role: 'status', tabindex: '-1' }, message) : null,
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
              n.status === 'submitted' && round.status !== 'decided' ? admitButtons(n) : '–',
            ])) : empty('Für diese Runde ist noch kein Vorschlag eingegangen.')),
        round.status === 'decided' || awards.length ? awardsBox(awards) : null,
        round.status !== 'decided' && nominations.length ? decisionForm(round, nominations) : null,
        await auditTrail(round.id));
      if (fresh) {
        body.querySelector('.notice[tabindex]')?.focus();
        fresh = false;
      }
    };

    const admitButtons = (n) => {
      const set = async (status, button, text) => {
        button.disabled = true;
        try {
          await office.collection('nominations').update(n.id, { status });
          message = text;
          fresh = true;
          ctx.announce(text);
          await load();
        } catch (err) {
          button.disabled = false;
          notice(body, 'Das hat nicht geklappt: ' + (err?.response?.message || 'bitte versuchen Sie es erneut.'), 'error');
        }
      };
      const admit = h('button', { type: 'button', class: 'button secondary' }, 'Zulassen', h('span', { class: 'visually-hidden' }, `: ${nomineeOf(n)}`));
      admit.addEventListener('click', () => set('admitted', admit, `Der Vorschlag „${nomineeOf(n)}“ ist zur Bewertung zugelassen.`));
      const decline = h('button', { type: 'button', class: 'button danger' }, 'Nicht zulassen', h('span', { class: 'visually-hidden' }, `: ${nomineeOf(n)}`));
      decline.addEventListener('click', () => set('declined', decline, `Der Vorschlag „${nomineeOf(n)}“ ist nicht zugelassen.`));
      return h('div', { class: 'item-actions' }, admit, decline);
    };

    const awardsBox = (awards) => h('section', { 'aria-labelledby': 'auszeichnungen' },
      h('h2', { id: 'auszeichnungen' }, 'Entscheidung der Gremien'),
      awards.length ? h('ul', { class: 'link-list' }, awards.map((a) => h('li', {},
        h('strong', {}, a.recipient_name || a.expand?.recipient_organisation?.name || '–'), ` – ${label(AWARD_KINDS, a.kind)}`,
        h('p', {}, a.decision_body ? `Beschluss von „${a.decision_body}“ am ${day(a.decision_date)}${a.decision_outcome ? ` (${a.decision_outcome})` : ''}; erfasst von ${decidedBy(a)}.` : `Ausgezeichnet am ${day(a.awarded_at)}.`),
        h('p', {}, a.published ? 'Im Portal veröffentlicht.' : 'Noch nicht im Portal veröffentlicht.'))))
        : h('p', {}, 'Die Gremien haben niemanden ausgezeichnet.'));

    const decisionForm = (round, nominations) => {
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
        await submitting(form, async () => {
          try {
            await office.send(`/api/ben/office/rounds/${round.id}/decision`, {
              method: 'POST',
              body: { decision_body: decisionBody, decision_date: data.get('decision_date'), decision_outcome: String(data.get('decision_outcome') || '').trim(), awarded, publish: !!data.get('publish') },
            });
            message = 'Die Entscheidung ist gespeichert.';
            fresh = true;
            ctx.announce(message);
            await load();
          } catch (err) {
            const fields = err?.response?.data || {};
            if (fields.awarded_at) fields.decision_date = fields.awarded_at;
            showRequestError(form, err);
          }
        });
      });
      return form;
    };

    await load();
    await officeLive(ctx, ['nominations', 'jury_votes', 'awards', 'award_rounds'], () => { if (!body.contains(document.activeElement) || document.activeElement === document.body) load(); });
  },
};
