// Staff set a new password with the link from the reset mail (#token=…,
// as the citizens' reset link: a fragment never reaches a server log).
import { h, append } from '../lib/dom.js';
import { field, showErrors, showRequestError, submitting, requiredNote } from '../lib/forms.js';
import { pageHead } from '../lib/ui.js';
import { office } from '../lib/office.js';
import { linkToken } from '../lib/api.js';

export default {
  title: 'Neues Passwort – Büro',
  async render(ctx) {
    const token = linkToken(ctx);
    if (!token) {
      append(ctx.main, pageHead('Neues Passwort'),
        h('p', {}, 'Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus der E-Mail oder fordern Sie einen neuen an.'),
        h('p', {}, h('a', { href: '/buero/passwort-vergessen' }, 'Neuen Link anfordern')));
      return;
    }
    const form = h('form', { class: 'form narrow', novalidate: true },
      requiredNote(),
      field({ name: 'password', label: 'Neues Passwort', type: 'password', required: true, autocomplete: 'new-password', help: 'Mindestens 12 Zeichen.' }),
      field({ name: 'passwordConfirm', label: 'Neues Passwort wiederholen', type: 'password', required: true, autocomplete: 'new-password' }),
      h('p', {}, h('button', { type: 'submit', class: 'button' }, 'Passwort speichern')));
    append(ctx.main, pageHead('Neues Passwort für das Büro'), form);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const password = String(data.get('password') || '');
      const confirm = String(data.get('passwordConfirm') || '');
      if (password && confirm !== password) {
        showErrors(form, { passwordConfirm: 'Die beiden Passwörter stimmen nicht überein.' });
        return;
      }
      await submitting(form, async () => {
        try {
          await office.collection('staff').confirmPasswordReset(token, password, confirm);
          ctx.main.replaceChildren(h('h1', {}, 'Passwort geändert'),
            h('p', { role: 'status' }, 'Ihr neues Passwort ist gespeichert.'),
            h('p', {}, h('a', { class: 'button', href: '/buero/anmelden' }, 'Jetzt anmelden')));
        } catch (err) {
          showRequestError(form, err);
        }
      });
    });
  },
};
