// Login and password reset for both kinds of account: citizens and club
// editors (USER_ACCOUNT in api.js: collection "users", the portal's client)
// and the office's staff (STAFF_ACCOUNT in office.js: collection "staff",
// the office's own client; after the password the office's login asks for a
// code by mail). An account names its client, collection, pages and the
// shortest password; a page adds its texts. The forms, their checks and the
// answers to a refusal are the same for both.
import { h, append } from './dom.js';
import { linkToken } from './api.js';
import { field, showErrors, showRequestError, submitting, sending, onValueSubmit, requiredNote, notice } from './forms.js';
import { pageHead } from './ui.js';

/**
 * safeNext is where to go after login: a path of the portal inside area,
 * never another site and never login itself; otherwise home.
 */
export function safeNext(value, { home = '/konto', area = '/', login = '' } = {}) {
  if (typeof value !== 'string' || !value.startsWith(area)) return home;
  const url = new URL(value, location.origin);
  return url.origin === location.origin && url.pathname.startsWith(area) && url.pathname !== login ? url.pathname + url.search : home;
}

/**
 * passwordLogin is the form with e-mail address and password for
 * account.client's collection account.collection, with more below the
 * button. After a login it calls loggedIn. refused(err, email, form) may
 * answer a refusal first (the office's code step, a locked account) and
 * returns true when it did; otherwise wrong credentials get one German
 * sentence and any other failure its field errors or message.
 */
export function passwordLogin(account, { loggedIn, refused = () => false, more = null }) {
  const form = h('form', { class: 'form narrow', novalidate: true },
    requiredNote(),
    field({ name: 'identity', label: 'E-Mail-Adresse', type: 'email', required: true, autocomplete: 'username' }),
    field({ name: 'password', label: 'Passwort', type: 'password', required: true, autocomplete: 'current-password' }),
    h('p', {}, h('button', { type: 'submit', class: 'button' }, 'Anmelden')),
    more);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    const email = String(data.get('identity') || '').trim();
    const password = String(data.get('password') || '');
    const missing = {};
    if (!email) missing.identity = 'Bitte geben Sie Ihre E-Mail-Adresse ein.';
    if (!password) missing.password = 'Bitte geben Sie Ihr Passwort ein.';
    if (Object.keys(missing).length) {
      showErrors(form, missing);
      return;
    }
    await submitting(form, async () => {
      try {
        await account.client.collection(account.collection).authWithPassword(email, password);
        loggedIn();
      } catch (err) {
        if (await refused(err, email, form)) return;
        if (err?.status === 400 && !Object.keys(err.response?.data || {}).length) {
          showErrors(form, {}, 'E-Mail-Adresse oder Passwort ist falsch.');
        } else {
          showRequestError(form, err);
        }
      }
    });
  });
  return form;
}

/**
 * forgotPasswordPage asks for an account's e-mail address and has the link
 * to a new password mailed. texts: title (of the document), label (of the
 * address), lead, sent(email) (the answer, which never tells whether the
 * account exists).
 */
export function forgotPasswordPage(account, texts) {
  return {
    title: texts.title,
    async render(ctx) {
      const form = h('form', { class: 'form narrow', novalidate: true },
        requiredNote(),
        field({ name: 'email', label: texts.label, type: 'email', required: true, autocomplete: 'email' }),
        h('p', {}, h('button', { type: 'submit', class: 'button' }, 'Link anfordern')));
      append(ctx.main, pageHead('Passwort vergessen', texts.lead), form,
        h('p', {}, h('a', { href: account.login }, 'Zurück zur Anmeldung')));
      onValueSubmit(form, 'email', 'Bitte geben Sie Ihre E-Mail-Adresse ein.', async (email) => {
        await account.client.collection(account.collection).requestPasswordReset(email);
        notice(ctx.main, texts.sent(email));
      });
    },
  };
}

/**
 * newPasswordPage sets a new password with the link from the reset mail
 * (#token=…: a fragment never reaches a server log). texts: title (of the
 * document), heading.
 */
export function newPasswordPage(account, texts) {
  return {
    title: texts.title,
    async render(ctx) {
      const token = linkToken(ctx);
      if (!token) {
        append(ctx.main, pageHead('Neues Passwort'),
          h('p', {}, 'Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus der E-Mail oder fordern Sie einen neuen an.'),
          h('p', {}, h('a', { href: account.forgot }, 'Neuen Link anfordern')));
        return;
      }
      const form = h('form', { class: 'form narrow', novalidate: true },
        requiredNote(),
        field({ name: 'password', label: 'Neues Passwort', type: 'password', required: true, autocomplete: 'new-password', help: `Mindestens ${account.passwordMin} Zeichen.` }),
        field({ name: 'passwordConfirm', label: 'Neues Passwort wiederholen', type: 'password', required: true, autocomplete: 'new-password' }),
        h('p', {}, h('button', { type: 'submit', class: 'button' }, 'Passwort speichern')));
      append(ctx.main, pageHead(texts.heading), form);
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const data = new FormData(form);
        const password = String(data.get('password') || '');
        const confirm = String(data.get('passwordConfirm') || '');
        if (password && confirm !== password) {
          showErrors(form, { passwordConfirm: 'Die beiden Passwörter stimmen nicht überein.' });
          return;
        }
        await sending(form, async () => {
          await account.client.collection(account.collection).confirmPasswordReset(token, password, confirm);
          ctx.main.replaceChildren(h('h1', {}, 'Passwort geändert'),
            h('p', { role: 'status' }, 'Ihr neues Passwort ist gespeichert.'),
            h('p', {}, h('a', { class: 'button', href: account.login }, 'Jetzt anmelden')));
        });
      });
    },
  };
}
