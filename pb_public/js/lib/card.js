// What the pages of the volunteer card (Ehrenamtskarte) share: German names
// of the values the card collections store, numbers as typed in German, the
// card's routes under /api/ben/card, and one application as a list entry.
// Flags (hints for the office) are never shown to applicants.
import { h, formatDateNumeric } from './dom.js';
import { pb, errorText } from './api.js';
import { badge } from './ui.js';
import { notice } from './forms.js';

export const KINDS = {
  standard: 'Ehrenamtskarte',
  jubilaeum: 'Jubiläums-Ehrenamtskarte',
};

export const ALLOWANCES = {
  none: 'keine Entschädigung',
  cost_reimbursement: 'Erstattung tatsächlicher Kosten (z. B. Fahrtkosten)',
  flat_rate: 'pauschale Aufwandsentschädigung (z. B. Ehrenamtspauschale)',
};

/** STATUSES: for each status of an application a short name, what it means, and a badge style. */
export const STATUSES = {
  draft: { name: 'Entwurf', text: 'Noch nicht eingereicht. Sie können den Antrag weiter bearbeiten und dann einreichen.', kind: 'pending' },
  submitted: { name: 'Eingereicht', text: 'Die Organisationen werden gebeten, Ihr Engagement zu bestätigen.', kind: 'pending' },
  confirmed: { name: 'Bestätigt', text: 'Alle Engagements sind bestätigt. Die Koordinierungsstelle entscheidet über Ihren Antrag.', kind: 'pending' },
  approved: { name: 'Bewilligt', text: 'Ihre Ehrenamtskarte ist ausgestellt.', kind: 'ok' },
  rejected: { name: 'Abgelehnt', text: 'Die Koordinierungsstelle hat den Antrag abgelehnt.', kind: 'rejected' },
  withdrawn: { name: 'Zurückgezogen', text: 'Der Antrag wurde zurückgezogen.', kind: '' },
};

export const CARD_STATUSES = {
  active: { name: 'Gültig', kind: 'ok' },
  expired: { name: 'Abgelaufen', kind: 'pending' },
  revoked: { name: 'Entzogen', kind: 'rejected' },
};

/** MAX_ENGAGEMENTS is how many engagements one application may hold (hooks/card). */
export const MAX_ENGAGEMENTS = 5;

/** parseHours reads "4,5" or "4.5" as 4.5; '' is null, anything else NaN. */
export function parseHours(text) {
  const value = String(text ?? '').trim().replace(',', '.');
  if (value === '') return null;
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) : NaN;
}

/** hours writes a number of hours the German way: 4.5 → "4,5". */
export const hours = (n) => (n ? String(n).replace('.', ',') : '');

/** dateValue is the value of a date input for a stored date ("2026-03-12 00:00:00.000Z" → "2026-03-12"). */
export const dateValue = (stored) => (stored ? String(stored).slice(0, 10) : '');

/** storedDate is what the API stores for the value of a date input. */
export const storedDate = (value) => (value ? `${value} 00:00:00.000Z` : '');

/** cardAPI calls a route of the card under /api/ben/card (the SDK adds the login). */
export const cardAPI = (path, method = 'POST', body) => pb.send('/api/ben/card' + path, { method, body });

/** engagementFacts describes one engagement as a list of facts. */
export function engagementFacts(e) {
  const per = [e.hours_per_week ? `${hours(e.hours_per_week)} Stunden pro Woche` : '', e.hours_per_year ? `${hours(e.hours_per_year)} Stunden im Jahr` : '']
    .filter(Boolean).join(', ');
  return h('dl', { class: 'facts' },
    h('dt', {}, 'Tätigkeit'), h('dd', {}, e.role || ''),
    h('dt', {}, 'Umfang'), h('dd', {}, per || '–'),
    h('dt', {}, 'Engagiert seit'), h('dd', {}, formatDateNumeric(e.since)),
    h('dt', {}, 'Entschädigung'), h('dd', {}, ALLOWANCES[e.allowance] || '–'),
    h('dt', {}, 'In Bitburg'), h('dd', {}, e.in_bitburg ? 'ja' : 'nein'));
}

/** statusBadge is the status of an application in plain German. */
export const statusBadge = (status) => badge(STATUSES[status]?.name || status, STATUSES[status]?.kind || '');

/**
 * applicationItem is an application in a list: kind, name, status with its
 * meaning, the decision's reason, its engagements with their confirmation,
 * and the actions given (nodes). Flags are left out on purpose.
 */
export function applicationItem(a, engagements, orgNames, actions) {
  const status = STATUSES[a.status] || { name: a.status, text: '' };
  const headingId = `antrag-${a.id}`;
  return h('li', { class: 'card application-item', 'aria-labelledby': headingId },
    h('h3', { id: headingId }, `${KINDS[a.kind] || 'Ehrenamtskarte'} für ${a.first_name} ${a.last_name}`),
    h('p', { class: 'meta' }, 'Status: ', statusBadge(a.status),
      a.submitted_at ? ` · eingereicht am ${formatDateNumeric(a.submitted_at)}` : ` · angelegt am ${formatDateNumeric(a.created)}`,
      a.decided_at && a.status !== 'withdrawn' ? ` · entschieden am ${formatDateNumeric(a.decided_at)}` : ''),
    h('p', {}, status.text),
    a.decision_reason ? h('div', { class: 'decision-reason' }, h('p', { class: 'label' }, 'Begründung der Koordinierungsstelle:'), h('p', {}, a.decision_reason)) : null,
    engagements.length ? h('ul', { class: 'engagement-status', 'aria-label': 'Engagements' }, engagements.map((e) => h('li', {},
      h('span', {}, `${orgNames(e)} – ${e.role}`),
      !['submitted', 'confirmed'].includes(a.status) ? null
        : e.confirmed_at ? badge(`bestätigt am ${formatDateNumeric(e.confirmed_at)}`, 'ok')
          : badge('noch nicht bestätigt', 'pending')))) : null,
    actions?.length ? h('div', { class: 'item-actions' }, actions) : null);
}

/**
 * applicationActions are the buttons for what the applicant may do with an
 * application in its status: continue or delete a draft, ask for new
 * confirmation links, withdraw before the decision. The outcome is shown in
 * status; reload refreshes the list.
 */
export function applicationActions(a, { status, reload }) {
  const what = () => h('span', { class: 'visually-hidden' }, `: Antrag für ${a.first_name} ${a.last_name} vom ${formatDateNumeric(a.created)}`);
  const act = (text, cls, work, done, question) => h('button', {
    type: 'button', class: `button ${cls}`, on: {
      click: async (ev) => {
        if (question && !window.confirm(question)) return;
        const button = ev.currentTarget;
        button.disabled = true;
        try {
          await work();
        } catch (err) {
          button.disabled = false;
          notice(status, errorText(err), 'error');
          return;
        }
        await reload();
        notice(status, done);
      },
    },
  }, text, what());
  const withdraw = act('Antrag zurückziehen', 'danger', () => pb.collection('card_applications').update(a.id, { status: 'withdrawn' }),
    'Der Antrag ist zurückgezogen.',
    'Diesen Antrag wirklich zurückziehen? Das lässt sich nicht rückgängig machen; ein neuer Antrag ist jederzeit möglich.');
  switch (a.status) {
    case 'draft':
      return [
        h('a', { class: 'button', href: `/ehrenamtskarte/antrag/${a.id}` }, 'Weiter bearbeiten', what()),
        act('Entwurf löschen', 'danger', () => pb.collection('card_applications').delete(a.id), 'Der Entwurf ist gelöscht.',
          'Diesen Entwurf wirklich löschen? Die Angaben gehen dabei verloren.'),
      ];
    case 'submitted':
      return [
        act('Bestätigungslinks erneut senden', 'secondary', () => cardAPI(`/applications/${encodeURIComponent(a.id)}/resend-confirmations`),
          'Die Ansprechpersonen der noch nicht bestätigten Engagements haben neue Links erhalten. Ältere Links gelten nicht mehr.'),
        withdraw,
      ];
    case 'confirmed':
      return [withdraw];
    default:
      return [];
  }
}

/** organisationName names an engagement's organisation (from BEN or as typed). */
export const organisationName = (e) => e.expand?.organisation?.name || e.organisation_name || 'Organisation';

/**
 * cardFile fetches a file route of a card (QR code, PDF) with the login and
 * returns an object URL, or null when the route does not answer for the card.
 */
export async function cardFile(cardId, name) {
  try {
    const res = await fetch(`/api/ben/cards/${encodeURIComponent(cardId)}/${name}`, {
      headers: { Authorization: pb.authStore.token },
    });
    if (!res.ok) return null;
    return URL.createObjectURL(await res.blob());
  } catch {
    return null;
  }
}

/** cardFileAvailable asks, without the body, whether a card's file route answers. */
export async function cardFileAvailable(cardId, name) {
  try {
    const res = await fetch(`/api/ben/cards/${encodeURIComponent(cardId)}/${name}`, {
      method: 'HEAD', headers: { Authorization: pb.authStore.token },
    });
    return res.ok;
  } catch {
    return false;
  }
}
