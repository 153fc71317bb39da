// The jury's view: the rounds a logged-in juror sits on, their nominations
// (the API never sends the nominators' e-mail addresses) and the juror's own
// score from 1 to 5 with a comment, which can be changed or withdrawn while
// the round is published. Each vote is saved on its own; nothing else on
// the page is rebuilt, so what is typed in another vote stays.
import { h, append, clear, formatDateNumeric } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { AWARD_KINDS, NOMINATION_STATUS, ROUND_STATUS, label } from '../lib/labels.js';
import { field, showErrors, showRequestError, clearErrors, submitting } from '../lib/forms.js';
import { pageHead, loading, failure, empty, badge } from '../lib/ui.js';
import { formatDay, nominationWindow, nomineeName, orgLink } from '../lib/awards.js';

const SCORES = [['1', '1 – schwach'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5 – herausragend']];

const DECIDED = 'Diese Runde ist entschieden. Die Bewertungen sind abgeschlossen und können nicht mehr geändert werden.';

export default {
  title: 'Jury',
  async render(ctx) {
    if (!ctx.requireLogin()) return;
    const me = ctx.user;
    const box = h('div', {}, loading('Ihre Runden werden geladen …'));
    append(ctx.main,
      pageHead('Jury', 'Hier bewerten Sie als Mitglied einer Jury die Vorschläge Ihrer Runden. Ihre Bewertungen sehen nur Sie und die Koordinierungsstelle.'),
      box);

    let rounds;
    let nominations;
    let votes;
    try {
      rounds = await pb.collection('award_rounds').getFullList({
        filter: pb.filter('jury.id ?= {:me}', { me: me.id }), sort: '-nominations_from',
      });
      [nominations, votes] = rounds.length
        ? await Promise.all([
          pb.collection('nominations').getFullList({ sort: 'created', expand: 'nominee_organisation' }),
          pb.collection('jury_votes').getFullList({ filter: pb.filter('juror = {:me}', { me: me.id }) }),
        ])
        : [[], []];
    } catch (err) {
      if (ctx.isCurrent()) append(clear(box), failure('Ihre Runden konnten nicht geladen werden.', () => ctx.navigate(location.pathname, { replace: true }), err));
      return;
    }
    if (!ctx.isCurrent()) return;

    if (!rounds.length) {
      append(clear(box), empty('Sie gehören zurzeit keiner Jury an. Die Jurys bestellt der Arbeitskreis „Engagierte Stadt Bitburg“; die Koordinierungsstelle trägt die Mitglieder ein.',
        h('p', {}, 'Vorschläge für die Stadtmedaille kann jede und jeder einreichen: ', h('a', { href: '/stadtmedaille' }, 'Zur Stadtmedaille'), '.')));
      return;
    }

    const voteOf = new Map(votes.map((v) => [v.nomination, v]));
    clear(box);
    for (const round of rounds) {
      const mine = nominations.filter((n) => n.round === round.id);
      box.append(roundSection(round, mine, voteOf, me));
    }
  },
};

/** roundSection is one round: its state, then its nominations. */
function roundSection(round, nominations, voteOf, me) {
  const id = `runde-${round.id}`;
  const title = round.title || `${label(AWARD_KINDS, round.kind)}${round.field_of_action ? ` – Handlungsbereich ${round.field_of_action}` : ''}`;
  const phase = nominationWindow(round);
  let state;
  if (round.status === 'decided') state = h('p', { class: 'notice notice-info' }, DECIDED);
  else if (round.status === 'draft') state = h('p', { class: 'notice notice-info' }, 'Diese Runde ist in Vorbereitung. Bewerten können Sie, sobald sie ausgeschrieben ist.');
  else state = h('p', {}, 'Sie können Ihre Bewertungen abgeben, ändern und zurückziehen, bis die Runde entschieden ist.',
    phase === 'open' ? ` Vorschläge gehen noch bis zum ${formatDay(round.nominations_until)} ein.` : '',
    phase === 'upcoming' ? ` Vorschläge sind ab dem ${formatDay(round.nominations_from)} möglich.` : '');

  return h('section', { class: 'jury-round', 'aria-labelledby': id },
    h('h2', { id }, title),
    h('p', { class: 'meta' }, badge(label(ROUND_STATUS, round.status), round.status === 'published' ? 'ok' : 'pending'),
      ` Vorschläge vom ${formatDay(round.nominations_from)} bis zum ${formatDay(round.nominations_until)}`),
    state,
    nominations.length
      ? h('ol', { class: 'nomination-list' }, nominations.map((n) => nominationItem(n, round, voteOf.get(n.id), me)))
      : empty('Zu dieser Runde sind noch keine Vorschläge eingegangen.'));
}

/** nominationItem is one nomination with the juror's vote. */
function nominationItem(nomination, round, vote, me) {
  const id = `vorschlag-${nomination.id}`;
  const name = nomineeName(nomination);
  const org = nomination.expand?.nominee_organisation;
  const plainName = String(nomination.nominee_name || '').trim();
  return h('li', { class: 'card nomination-card' },
    h('article', { 'aria-labelledby': id },
      h('h3', { id }, plainName || orgLink(org) || name, plainName && org ? [' (', orgLink(org), ')'] : null),
      h('p', { class: 'meta' }, 'Stand: ', badge(label(NOMINATION_STATUS, nomination.status), nomination.status === 'declined' ? 'rejected' : ''),
        ` · Vorschlag vom ${formatDateNumeric(nomination.created)}`,
        nomination.nominator_name ? ` · vorgeschlagen von ${nomination.nominator_name}` : ''),
      h('div', { class: 'nomination-reason' },
        h('p', { class: 'label' }, 'Begründung'),
        h('p', { class: 'reason-text' }, nomination.reason)),
      round.status === 'published' ? voteForm(nomination, name, vote, me) : voteSummary(vote)));
}

/** voteSummary shows a vote that can no longer change. */
function voteSummary(vote) {
  if (!vote) return h('p', { class: 'vote-summary muted' }, 'Sie haben diesen Vorschlag nicht bewertet.');
  return h('div', { class: 'vote-summary' },
    h('p', {}, h('strong', {}, 'Ihre Bewertung: '), `${vote.score} von 5`),
    vote.comment ? h('p', { class: 'reason-text' }, h('strong', {}, 'Ihre Anmerkung: '), vote.comment) : null);
}

/**
 * voteForm lets the juror score a nomination, change the score and
 * withdraw it. The status line (aria-live) says what is saved.
 */
function voteForm(nomination, name, existing, me) {
  let vote = existing || null;
  const status = h('p', { class: 'save-status', role: 'status' });
  const hiddenName = (text) => h('span', { class: 'visually-hidden' }, text);
  // the buttons say which nomination they are for (the visible text comes first)
  const withdraw = h('button', { type: 'button', class: 'button secondary', 'aria-label': `Bewertung zurückziehen: ${name}` }, 'Bewertung zurückziehen');
  const submit = h('button', { type: 'submit', class: 'button' });
  const form = h('form', { class: 'form vote-form', novalidate: true },
    field({ name: 'score', label: ['Ihre Bewertung', hiddenName(` für ${name}`)], type: 'radios', required: true, options: SCORES,
      value: vote?.score ?? '', help: 'Von 1 (schwach) bis 5 (herausragend).' }),
    field({ name: 'comment', label: ['Ihre Anmerkung für die Beratung (freiwillig)', hiddenName(`: ${name}`)], type: 'textarea', rows: 3,
      value: vote?.comment ?? '', attrs: { maxlength: 2000 } }),
    h('div', { class: 'form-actions' }, submit, withdraw),
    status);

  const show = (text) => {
    status.textContent = text;
    status.classList.toggle('pending', !vote);
  };
  const refresh = () => {
    withdraw.hidden = !vote;
    submit.textContent = vote ? 'Bewertung ändern' : 'Bewertung speichern';
    submit.setAttribute('aria-label', `${submit.textContent}: ${name}`);
  };
  refresh();
  show(vote ? `Gespeichert: ${vote.score} von 5 Punkten.` : 'Noch nicht bewertet.');

  // A refusal without field errors means the round was decided meanwhile (or
  // the vote is gone): say so instead of a technical message.
  const refused = async (err) => {
    if (err?.status === 404 || (err?.status === 400 && !Object.keys(err.response?.data || {}).length)) {
      try {
        const round = await pb.collection('award_rounds').getOne(nomination.round);
        if (round.status !== 'published') {
          showErrors(form, {}, DECIDED);
          return;
        }
      } catch {
        // fall through to the general message
      }
    }
    showRequestError(form, err);
  };

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const score = data.get('score');
    if (!score) {
      showErrors(form, { score: 'Bitte wählen Sie eine Bewertung von 1 bis 5.' });
      return;
    }
    const body = { score: Number(score), comment: String(data.get('comment') ?? '').trim() };
    await submitting(form, async () => {
      try {
        vote = vote
          ? await pb.collection('jury_votes').update(vote.id, body)
          : await pb.collection('jury_votes').create({ ...body, nomination: nomination.id, juror: me.id });
      } catch (err) {
        await refused(err);
        return;
      }
      clearErrors(form);
      show(`Gespeichert: ${vote.score} von 5 Punkten.`);
    });
    refresh();
  });

  withdraw.addEventListener('click', async () => {
    if (!vote || !window.confirm(`Ihre Bewertung für „${name}“ zurückziehen?`)) return;
    withdraw.disabled = true;
    try {
      await pb.collection('jury_votes').delete(vote.id);
      vote = null;
      clearErrors(form);
      for (const radio of form.querySelectorAll('input[type="radio"]')) radio.checked = false;
      form.querySelector('textarea').value = '';
      show('Ihre Bewertung ist zurückgezogen. Noch nicht bewertet.');
      refresh();
      form.querySelector('input[type="radio"]').focus();
    } catch (err) {
      await refused(err);
    } finally {
      withdraw.disabled = false;
    }
  });
  return form;
}
