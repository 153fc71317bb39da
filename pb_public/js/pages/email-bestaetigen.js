// Confirms a new e-mail address with the link from the mail (?token=…) and
// the account's password. Until then the old address stays.
import { h, append } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { field, showErrors, showRequestError, submitting, requiredNote } from '../lib/forms.js';
import { pageHead } from '../lib/ui.js';

export default {
  title: 'Neue E-Mail-Adresse bestätigen',
  async render(ctx) {
    const token = ctx.query.get('token') || '';
    if (!token) {
      append(ctx.main, pageHead('Neue E-Mail-Adresse bestätigen'),
        h('p', {}, 'Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus der E-Mail.'));
      return;
    }
    const form = h('form', { class: 'form narrow', novalidate: true },
      requiredNote(),
      field({ name: 'password', label: 'Ihr Passwort', type: 'password', required: true, autocomplete: 'current-password' }),
      h('p', { class: 'form-actions' }, h('button', { type: 'submit', class: 'button' }, 'Neue Adresse bestätigen')));
    const box = h('div', {}, form);
    append(ctx.main,
      pageHead('Neue E-Mail-Adresse bestätigen', 'Bitte bestätigen Sie mit Ihrem Passwort, dass Ihr Konto künftig diese E-Mail-Adresse nutzt.'),
      box);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const password = String(new FormData(form).get('password') || '');
      if (!password) {
        showErrors(form, { password: 'Bitte geben Sie Ihr Passwort ein.' });
        return;
      }
      await submitting(form, async () => {
        try {
          await pb.collection('users').confirmEmailChange(token, password);
        } catch (err) {
          showRequestError(form, err);
          return;
        }
        pb.authStore.clear(); // the login belonged to the old address
        ctx.announce('Ihre neue E-Mail-Adresse ist bestätigt.');
        const heading = h('h2', { tabindex: '-1' }, 'Ihre neue E-Mail-Adresse gilt');
        box.replaceChildren(h('div', { class: 'notice notice-success', role: 'status' }, heading,
          h('p', {}, 'Bitte melden Sie sich mit der neuen Adresse an.'),
          h('p', {}, h('a', { class: 'button', href: '/anmelden?weiter=/konto' }, 'Anmelden'))));
        heading.focus();
      });
    });
  },
};
