// Set a new password with the link from the reset mail (js/lib/auth-forms.js).
import { USER_ACCOUNT } from '../lib/api.js';
import { newPasswordPage } from '../lib/auth-forms.js';

export default newPasswordPage(USER_ACCOUNT, { title: 'Neues Passwort', heading: 'Neues Passwort festlegen' });
