// One card as the office sees it: holder, validity, how often it was checked
// online (never by whom), print, and revoke with a reason and a second
// confirming step. The audit trail shows who revoked it.
import { h, append, clear } from '../lib/dom.js';
import { field, showErrors, showRequestError, submitting, notice } from '../lib/forms.js';
import { pageHead, failure } from '../lib/ui.js';
import {
  office, requireStaff, officeNav, officeLive, statusBadge, day, auditTrail, decidedBy, downloadWithLogin, CARD_STATUS, CARD_KINDS,
} from '../lib/office.js';

export default {
  title: 'Karte – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx, { decide: true });
    if (!staff) return;
    const id = ctx.params.id;
    const body = h('div', {});
    append(ctx.main, officeNav(staff), h('p', { class: 'breadcrumb' }, h('a', { href: '/buero/karten' }, 'Karten')), body);
    let message = ''; // the outcome of the last own action; stays while the page reloads itself
    let fresh = false; // whether it still needs the focus

    const load = async () => {
      let c;
      try {
        c = await office.collection('cards').getOne(id, { expand: 'application,decided_by' });
      } catch (err) {
        clear(body).append(failure(err?.status === 404 ? 'Diese Karte gibt es nicht.' : 'Die Karte konnte nicht geladen werden.', load, err));
        return;
      }
      ctx.setTitle(`Karte ${c.number} – Büro`);
      const a = c.expand?.application;
      clear(body);
      append(body, 
        pageHead(`Karte ${c.number}`),
        message ? h('div', { class: 'notice notice-success', role: 'status', tabindex: '-1' }, message) : null,
        h('dl', { class: 'facts' },
          h('dt', {}, 'Inhaberin / Inhaber'), h('dd', {}, a ? [`${a.first_name} ${a.last_name} · `, h('a', { href: `/buero/antraege/${a.id}` }, 'Antrag ansehen')] : 'Antrag nicht mehr vorhanden'),
          h('dt', {}, 'Art'), h('dd', {}, CARD_KINDS[c.kind] || c.kind),
          h('dt', {}, 'Status'), h('dd', {}, statusBadge(CARD_STATUS, c.status, c.status === 'active' ? 'ok' : c.status === 'revoked' ? 'rejected' : '')),
          h('dt', {}, 'Ausgestellt am'), h('dd', {}, day(c.issued_at)),
          h('dt', {}, 'Gültig bis'), h('dd', {}, c.valid_until ? day(c.valid_until) : 'unbefristet'),
          h('dt', {}, 'Online geprüft'), h('dd', {}, `${c.verifications || 0}-mal (wer geprüft hat, speichert BEN nicht)`),
          c.status === 'revoked' ? [h('dt', {}, 'Gesperrt von'), h('dd', {}, decidedBy(c)), h('dt', {}, 'Begründung'), h('dd', {}, c.revoked_reason || '–')] : null),
        actions(c),
        await auditTrail(c.id));
      if (fresh) {
        body.querySelector('.notice[tabindex]')?.focus();
        fresh = false;
      }
    };

    const actions = (c) => {
      const box = h('section', { class: 'decision-box', 'aria-labelledby': 'aktionen' }, h('h2', { id: 'aktionen' }, 'Aktionen'));
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

      // revoking takes two steps: reason, then an explicit confirmation
      const start = h('button', { type: 'button', class: 'button danger' }, 'Karte sperren …');
      const area = h('div', {});
      start.addEventListener('click', () => {
        start.hidden = true;
        const form = h('form', { class: 'form', novalidate: true },
          h('h3', { tabindex: '-1' }, 'Karte sperren'),
          h('p', {}, 'Eine gesperrte Karte gilt sofort als „gesperrt“, auch in der Prüfung der Partner. Das lässt sich nicht rückgängig machen; die Person kann eine neue Karte beantragen.'),
          field({ name: 'revoked_reason', label: 'Begründung', type: 'textarea', required: true, rows: 3 }),
          field({ name: 'confirm', label: `Ja, die Karte ${c.number} sperren.`, type: 'checkbox' }),
          h('p', { class: 'form-actions' },
            h('button', { type: 'submit', class: 'button danger' }, 'Sperren bestätigen'),
            h('button', { type: 'button', class: 'button secondary', on: { click: () => { clear(area); start.hidden = false; start.focus(); } } }, 'Abbrechen')));
        form.addEventListener('submit', async (ev) => {
          ev.preventDefault();
          const data = new FormData(form);
          const reason = String(data.get('revoked_reason') || '').trim();
          const errors = {};
          if (!reason) errors.revoked_reason = 'Bitte begründen Sie die Sperre.';
          if (!data.get('confirm')) errors.confirm = 'Bitte bestätigen Sie, dass die Karte gesperrt werden soll.';
          if (Object.keys(errors).length) {
            showErrors(form, errors);
            return;
          }
          await submitting(form, async () => {
            try {
              await office.collection('cards').update(c.id, { status: 'revoked', revoked_reason: reason });
              message = `Die Karte ${c.number} ist gesperrt.`;
              fresh = true;
              ctx.announce(message);
              await load();
            } catch (err) {
              showRequestError(form, err);
            }
          });
        });
        clear(area).append(form);
        form.querySelector('h3').focus();
      });
      append(box, h('p', {}, start), area);
      return box;
    };

    await load();
    await officeLive(ctx, ['cards'], () => { if (!body.contains(document.activeElement) || document.activeElement === document.body) load(); });
  },
};
