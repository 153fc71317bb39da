// Staff set a new password with the link from the reset mail
// (js/lib/auth-forms.js).
import { STAFF_ACCOUNT } from '../lib/office.js';
import { newPasswordPage } from '../lib/auth-forms.js';

export default newPasswordPage(STAFF_ACCOUNT, { title: 'Neues Passwort – Büro', heading: 'Neues Passwort für das Büro' });
