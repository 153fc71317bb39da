// Login of the coordination office's staff (collection "staff"): e-mail and
// password, then, with MFA on, the one-time code BEN mails to the account.
// Citizens' accounts do not enter here.
import { h, append, clear } from '../lib/dom.js';
import { field, showErrors, showRequestError, submitting } from '../lib/forms.js';
import { pageHead } from '../lib/ui.js';
import { passwordLogin, safeNext } from '../lib/auth-forms.js';
import { office, currentStaff, refreshStaffLogin, ROLES, STAFF_ACCOUNT } from '../lib/office.js';

const LOCKED = 'Dieses Konto ist gesperrt. Bitte wenden Sie sich an die IT der Stadt.';

export default {
  title: 'Anmelden im Büro',
  async render(ctx) {
    // only a page of the office area
    const next = safeNext(ctx.query.get('weiter'), { home: '/buero', area: '/buero', login: STAFF_ACCOUNT.login });
    await refreshStaffLogin();
    const staff = currentStaff();
    if (staff) {
      append(ctx.main, pageHead('Anmelden im Büro'),
        h('p', {}, `Sie sind angemeldet als ${staff.name} (${ROLES[staff.role] || staff.role}).`),
        h('p', {}, h('a', { class: 'button', href: next }, 'Weiter zum Büro')));
      return;
    }

    const box = h('div', { class: 'login-steps' });
    append(ctx.main,
      pageHead('Anmelden im Büro', 'Für die Mitarbeiterinnen und Mitarbeiter der Koordinierungsstelle Ehrenamt. Nach dem Passwort schicken wir Ihnen einen Anmeldecode per E-Mail.'),
      box,
      h('p', { class: 'muted' }, 'Vereine und Bürgerinnen und Bürger melden sich ', h('a', { href: '/anmelden' }, 'hier an'), '.'));

    const done = () => {
      ctx.announce('Sie sind im Büro angemeldet.');
      ctx.navigate(next, { replace: true });
    };

    // step 1: e-mail and password; a locked account is told so
    const passwordStep = () => {
      clear(box).append(passwordLogin(STAFF_ACCOUNT, {
        loggedIn: done,
        refused: async (err, email, form) => {
          const mfaId = err?.response?.mfaId;
          if (err?.status === 401 && mfaId) {
            await codeStep(email, mfaId);
          } else if (err?.status === 403) {
            showErrors(form, {}, LOCKED);
          } else {
            return false;
          }
          return true;
        },
        more: h('p', {}, h('a', { href: STAFF_ACCOUNT.forgot }, 'Passwort vergessen?')),
      }));
    };

    // step 2: the code from the e-mail
    const codeStep = async (email, mfaId) => {
      let otpId = '';
      const status = h('p', { class: 'notice notice-success', role: 'status', tabindex: '-1' });
      const form = h('form', { class: 'form narrow', novalidate: true },
        h('h2', {}, 'Anmeldecode eingeben'),
        status,
        field({ name: 'code', label: 'Anmeldecode', required: true, autocomplete: 'one-time-code', help: 'Acht Ziffern aus der E-Mail. Der Code gilt zehn Minuten.', attrs: { inputmode: 'numeric', maxlength: '12' } }),
        h('p', { class: 'form-actions' },
          h('button', { type: 'submit', class: 'button' }, 'Code bestätigen'),
          h('button', { type: 'button', class: 'button secondary', on: { click: () => send(true) } }, 'Neuen Code senden')),
        h('p', {}, h('button', { type: 'button', class: 'link-button', on: { click: passwordStep } }, 'Zurück zur Anmeldung')));
      const send = async (again) => {
        try {
          otpId = (await office.collection('staff').requestOTP(email)).otpId;
          status.textContent = again
            ? `Ein neuer Code ist an ${email} unterwegs.`
            : `Wir haben Ihnen einen Anmeldecode an ${email} geschickt.`;
        } catch (err) {
          showRequestError(form, err);
        }
        status.focus();
      };
      clear(box).append(form);
      await send(false);
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const code = String(new FormData(form).get('code') || '').replace(/\s+/g, '');
        if (!code) {
          showErrors(form, { code: 'Bitte geben Sie den Code aus der E-Mail ein.' });
          return;
        }
        await submitting(form, async () => {
          try {
            await office.collection('staff').authWithOTP(otpId, code, { mfaId });
            done();
          } catch (err) {
            if (err?.status === 400 && /MFA/i.test(err?.response?.message || '')) {
              showErrors(form, {}, 'Die Anmeldung hat zu lange gedauert. Bitte melden Sie sich noch einmal mit Ihrem Passwort an.');
            } else if (err?.status === 400 || err?.status === 401) {
              showErrors(form, { code: 'Der Code ist falsch oder abgelaufen. Sie können einen neuen Code anfordern.' });
            } else if (err?.status === 403) {
              showErrors(form, {}, LOCKED);
            } else {
              showRequestError(form, err);
            }
          }
        });
      });
    };

    passwordStep();
  },
};
