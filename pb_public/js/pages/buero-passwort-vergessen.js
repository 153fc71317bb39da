// Staff request a link to set a new password (js/lib/auth-forms.js).
import { STAFF_ACCOUNT } from '../lib/office.js';
import { forgotPasswordPage } from '../lib/auth-forms.js';

export default forgotPasswordPage(STAFF_ACCOUNT, {
  title: 'Passwort vergessen – Büro',
  label: 'E-Mail-Adresse Ihres Kontos im Büro',
  lead: 'Wir schicken Ihnen einen Link, mit dem Sie ein neues Passwort für das Büro festlegen.',
  sent: (email) => `Falls es zu ${email} ein Konto im Büro gibt, ist eine E-Mail mit einem Link unterwegs.`,
});
