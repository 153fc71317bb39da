// Staff request a link to set a new password.
import { h, append } from '../lib/dom.js';
import { field, showErrors, showRequestError, submitting, requiredNote, notice } from '../lib/forms.js';
import { pageHead } from '../lib/ui.js';
import { office } from '../lib/office.js';

export default {
  title: 'Passwort vergessen – Büro',
  async render(ctx) {
    const form = h('form', { class: 'form narrow', novalidate: true },
      requiredNote(),
      field({ name: 'email', label: 'E-Mail-Adresse Ihres Kontos im Büro', type: 'email', required: true, autocomplete: 'email' }),
      h('p', {}, h('button', { type: 'submit', class: 'button' }, 'Link anfordern')));
    append(ctx.main, pageHead('Passwort vergessen', 'Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort für das Büro festlegen.'), form,
      h('p', {}, h('a', { href: '/buero/anmelden' }, 'Zurück zur Anmeldung')));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const email = String(new FormData(form).get('email') || '').trim();
      if (!email) {
        showErrors(form, { email: 'Bitte geben Sie Ihre E-Mail-Adresse ein.' });
        return;
      }
      await submitting(form, async () => {
        try {
          await office.collection('staff').requestPasswordReset(email);
          notice(ctx.main, `Falls es zu ${email} ein Konto im Büro gibt, ist eine E-Mail mit einem Link unterwegs.`);
        } catch (err) {
          showRequestError(form, err);
        }
      });
    });
  },
};
