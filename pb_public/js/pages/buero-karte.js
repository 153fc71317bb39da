// One card as the office sees it: holder, validity, how often it was checked
// online (never by whom), print, revoke with a reason and a second
// confirming step, and correct number, kind or last valid day with a
// reason. Both go through the card's own routes, which write the
// append-only revocation and correction records and the audit entry in one
// transaction. The audit trail shows who did it.
import { h, append, clear, toInputValue } from '../lib/dom.js';
import { field, showErrors, notice } from '../lib/forms.js';
import { pageHead } from '../lib/ui.js';
import { officeDetail, decisionBox } from '../lib/office-pages.js';
import { office, statusBadge, day, decidedBy, downloadWithLogin, CARD_STATUS, CARD_KINDS, TONES } from '../lib/office.js';

// what a correction may change, and how its new value is typed
const CORRECTABLE = {
  valid_until: { label: 'Gültig bis', input: (c) => field({ name: 'value', label: 'Richtiger letzter Gültigkeitstag', type: 'date', required: true, value: c.valid_until ? toInputValue(c.valid_until).slice(0, 10) : '' }) },
  number: { label: 'Kartennummer', input: () => field({ name: 'value', label: 'Richtige Kartennummer', required: true, help: 'So, wie sie auf der Karte stehen soll.' }) },
  kind: { label: 'Art der Karte', input: (c) => field({ name: 'value', label: 'Richtige Art', type: 'select', required: true, value: c.kind === 'jubilaeum' ? 'standard' : 'jubilaeum', options: Object.entries(CARD_KINDS) }) },
};

/** shown is a corrected value as people read it. */
const shown = (f, v) => (f === 'kind' ? CARD_KINDS[v] || v : f === 'valid_until' ? (v ? v.split('-').reverse().join('.') : 'unbefristet') : v);

export default officeDetail({
  title: 'Karte – Büro',
  list: ['/buero/karten', 'Karten'],
  fetch: async (id) => ({
    c: await office.collection('cards').getOne(id, { expand: 'application,decided_by' }),
    corrections: await office.collection('card_corrections').getFullList({ filter: office.filter('card = {:id}', { id }), sort: '-created', expand: 'decided_by' }),
  }),
  missing: 'Diese Karte gibt es nicht.',
  failed: 'Die Karte konnte nicht geladen werden.',
  show: ({ c, corrections }, act) => {
    const a = c.expand?.application;
    return {
      title: `Karte ${c.number}`,
      head: pageHead(`Karte ${c.number}`),
      main: [
        h('dl', { class: 'facts' },
          h('dt', {}, 'Inhaberin / Inhaber'), h('dd', {}, a ? [`${a.first_name} ${a.last_name} · `, h('a', { href: `/buero/antraege/${a.id}` }, 'Antrag ansehen')] : 'Antrag nicht mehr vorhanden'),
          h('dt', {}, 'Art'), h('dd', {}, CARD_KINDS[c.kind] || c.kind),
          h('dt', {}, 'Status'), h('dd', {}, statusBadge(CARD_STATUS, c.status, TONES.card[c.status])),
          h('dt', {}, 'Ausgestellt am'), h('dd', {}, day(c.issued_at)),
          h('dt', {}, 'Gültig bis'), h('dd', {}, c.valid_until ? day(c.valid_until) : 'unbefristet'),
          h('dt', {}, 'Online geprüft'), h('dd', {}, `${c.verifications || 0}-mal (wer geprüft hat, speichert BEN nicht)`),
          c.status === 'revoked' ? [h('dt', {}, 'Gesperrt von'), h('dd', {}, decidedBy(c)), h('dt', {}, 'Begründung'), h('dd', {}, c.revoked_reason || '–')] : null),
        corrections.length ? h('section', { 'aria-labelledby': 'berichtigungen' }, h('h2', { id: 'berichtigungen' }, 'Berichtigungen'),
          h('ul', {}, corrections.map((k) => h('li', {}, `${day(k.created)}: ${CORRECTABLE[k.field]?.label || k.field} von „${shown(k.field, k.before)}“ auf „${shown(k.field, k.after)}“ – ${k.expand?.decided_by?.name || 'IT (Superuser)'}. Begründung: ${k.reason}`)))) : null,
        actions(c, act),
      ],
      audit: c.id,
    };
  },
  live: ['cards'],
});

/**
 * unfold is a button that opens form(close) in place of itself; close
 * (the form's cancel) puts the button back.
 */
function unfold(button, form) {
  const area = h('div', {});
  const close = () => {
    clear(area);
    button.hidden = false;
    button.focus();
  };
  button.addEventListener('click', () => {
    button.hidden = true;
    const built = form(close);
    clear(area).append(built);
    built.querySelector('h3').focus();
  });
  return [h('p', {}, button), area];
}

/** cancel is the button that closes an unfolded form. */
const cancel = (close) => h('button', { type: 'button', class: 'button secondary', on: { click: close } }, 'Abbrechen');

/** actions: print the card; unless revoked, revoke it or correct it. */
function actions(c, act) {
  const box = decisionBox('Aktionen', 'aktionen');
  const print = h('button', { type: 'button', class: 'button secondary' }, 'Karte drucken (PDF)');
  print.addEventListener('click', async () => {
    try {
      await downloadWithLogin(`/api/ben/cards/${c.id}/card.pdf`, `ehrenamtskarte-${c.number}.pdf`);
    } catch {
      notice(box, 'Die Karte konnte nicht erstellt werden. Bitte versuchen Sie es erneut.', 'error');
    }
  });
  append(box, h('p', { class: 'actions' }, print));
  if (c.status === 'revoked') return box;
  append(box, revocation(c, act), h('div', {}, correction(c, act)));
  return box;
}

// revoking takes two steps: reason, then an explicit confirmation
function revocation(c, act) {
  return unfold(h('button', { type: 'button', class: 'button danger' }, 'Karte sperren …'), (close) => {
    const form = h('form', { class: 'form', novalidate: true },
      h('h3', { tabindex: '-1' }, 'Karte sperren'),
      h('p', {}, 'Eine gesperrte Karte gilt sofort als „gesperrt“, auch in der Prüfung der Partner. Das lässt sich nicht rückgängig machen; die Person kann eine neue Karte beantragen.'),
      field({ name: 'reason', label: 'Begründung', type: 'textarea', required: true, rows: 3 }),
      field({ name: 'confirm', label: `Ja, die Karte ${c.number} sperren.`, type: 'checkbox' }),
      h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button danger' }, 'Sperren bestätigen'), cancel(close)));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const reason = String(data.get('reason') || '').trim();
      const errors = {};
      if (!reason) errors.reason = 'Bitte begründen Sie die Sperre.';
      if (!data.get('confirm')) errors.confirm = 'Bitte bestätigen Sie, dass die Karte gesperrt werden soll.';
      if (Object.keys(errors).length) {
        showErrors(form, errors);
        return;
      }
      await act.submit(form, async () => {
        await office.send(`/api/ben/cards/${c.id}/revoke`, { method: 'POST', body: { reason } });
        return `Die Karte ${c.number} ist gesperrt.`;
      });
    });
    return form;
  });
}

// correcting: which datum, its new value, a reason
function correction(c, act) {
  return unfold(h('button', { type: 'button', class: 'button secondary' }, 'Karte berichtigen …'), (close) => {
    const choices = Object.entries(CORRECTABLE).filter(([f]) => f !== 'valid_until' || c.kind !== 'jubilaeum');
    const valueBox = h('div', {});
    const valueField = (f) => clear(valueBox).append(CORRECTABLE[f].input(c));
    const which = field({ name: 'field', label: 'Was berichtigen?', type: 'select', value: choices[0][0], options: choices.map(([f, d]) => [f, d.label]) });
    which.querySelector('select').addEventListener('change', (ev) => valueField(ev.target.value));
    valueField(choices[0][0]);
    const form = h('form', { class: 'form', novalidate: true },
      h('h3', { tabindex: '-1' }, 'Karte berichtigen'),
      h('p', {}, 'Berichtigt wird, was beim Ausstellen falsch eingetragen wurde. Eine ersetzte Nummer gilt sofort als gesperrt; die Karte wird mit der neuen Nummer neu gedruckt.'),
      which, valueBox,
      field({ name: 'reason', label: 'Begründung der Berichtigung', type: 'textarea', required: true, rows: 3 }),
      h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Berichtigung speichern'), cancel(close)));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const body = { field: String(data.get('field')), value: String(data.get('value') || '').trim(), reason: String(data.get('reason') || '').trim() };
      const errors = {};
      if (!body.value) errors.value = 'Bitte geben Sie den richtigen Wert an.';
      if (!body.reason) errors.reason = 'Bitte begründen Sie die Berichtigung.';
      if (Object.keys(errors).length) {
        showErrors(form, errors);
        return;
      }
      await act.submit(form, async () => {
        const corrected = await office.send(`/api/ben/cards/${c.id}/correct`, { method: 'POST', body });
        return `Die Karte ${corrected.number} ist berichtigt (${CORRECTABLE[body.field].label}).`;
      });
    });
    return form;
  });
}
