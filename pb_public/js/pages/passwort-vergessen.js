// Request a password reset mail (js/lib/auth-forms.js).
import { USER_ACCOUNT } from '../lib/api.js';
import { forgotPasswordPage } from '../lib/auth-forms.js';

export default forgotPasswordPage(USER_ACCOUNT, {
  title: 'Passwort vergessen',
  label: 'E-Mail-Adresse Ihres Kontos',
  lead: 'Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort festlegen.',
  sent: (email) => `Falls es zu ${email} ein Konto gibt, ist eine E-Mail mit einem Link unterwegs. Bitte sehen Sie auch im Spam-Ordner nach.`,
});
