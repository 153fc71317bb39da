// Request a password reset mail.
import { h, append } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { field, showErrors, showRequestError, submitting, requiredNote, notice } from '../lib/forms.js';
import { pageHead } from '../lib/ui.js';

export default {
  title: 'Passwort vergessen',
  async render(ctx) {
    const form = h('form', { class: 'form narrow', novalidate: true },
      requiredNote(),
      field({ name: 'email', label: 'E-Mail-Adresse Ihres Kontos', type: 'email', required: true, autocomplete: 'email' }),
      h('p', {}, h('button', { type: 'submit', class: 'button' }, 'Link anfordern')));
    append(ctx.main, pageHead('Passwort vergessen', 'Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.'), form,
      h('p', {}, h('a', { href: '/anmelden' }, 'Zurück zur Anmeldung')));

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const email = String(new FormData(form).get('email') || '').trim();
      if (!email) {
        showErrors(form, { email: 'Bitte geben Sie Ihre E-Mail-Adresse ein.' });
        return;
      }
      await submitting(form, async () => {
        try {
          await pb.collection('users').requestPasswordReset(email);
          notice(ctx.main, `Falls es zu ${email} ein Konto gibt, ist eine E-Mail mit einem Link unterwegs. Bitte sehen Sie auch im Spam-Ordner nach.`);
        } catch (err) {
          showRequestError(form, err);
        }
      });
    });
  },
};
