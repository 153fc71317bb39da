// Registration of an account, for every citizen: to apply for the volunteer
// card, follow one's answers to opportunities, and register a club. A
// confirmation mail goes out at once.
import { h, append } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { field, showErrors, showRequestError, submitting, requiredNote } from '../lib/forms.js';
import { pageHead } from '../lib/ui.js';
import { safeNext } from '../lib/auth-forms.js';

export default {
  title: 'Registrieren',
  async render(ctx) {
    const next = safeNext(ctx.query.get('weiter'));
    const form = h('form', { class: 'form narrow', novalidate: true },
      requiredNote(),
      field({ name: 'name', label: 'Vor- und Nachname', required: true, autocomplete: 'name' }),
      field({ name: 'email', label: 'E-Mail-Adresse', type: 'email', required: true, autocomplete: 'email' }),
      field({ name: 'password', label: 'Passwort', type: 'password', required: true, autocomplete: 'new-password',
        help: 'Mindestens 8 Zeichen.' }),
      field({ name: 'passwordConfirm', label: 'Passwort wiederholen', type: 'password', required: true, autocomplete: 'new-password' }),
      h('p', {}, h('button', { type: 'submit', class: 'button' }, 'Konto anlegen')));

    append(ctx.main, 
      pageHead('Registrieren', 'Ein Konto im Bitburger Engagement Netz ist kostenlos und für alle, die sich in Bitburg engagieren oder engagieren möchten.'),
      h('section', { class: 'hint', 'aria-labelledby': 'konto-wozu' },
        h('h2', { id: 'konto-wozu' }, 'Was Sie mit einem Konto tun können'),
        h('ul', {},
          h('li', {}, 'die Ehrenamtskarte beantragen und Ihre Karte jederzeit auf dem Handy zeigen,'),
          h('li', {}, 'Ihre Meldungen auf Angebote zum Mitmachen und deren Stand sehen,'),
          h('li', {}, 'Ihren Verein oder Ihre Initiative anmelden und Profil, Termine und Angebote selbst pflegen.')),
        h('p', {}, 'Zum Stöbern, für eine Anfrage an die Koordinierungsstelle oder um sich auf ein Angebot zu melden, brauchen Sie kein Konto.')),
      form,
      h('p', { class: 'muted' }, 'Was wir speichern und wie lange, steht in der ', h('a', { href: '/datenschutz' }, 'Datenschutzerklärung'), '.'),
      h('p', {}, 'Schon registriert? ', h('a', { href: '/anmelden' }, 'Anmelden')));

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = Object.fromEntries(new FormData(form));
      data.name = String(data.name || '').trim();
      data.email = String(data.email || '').trim();
      const missing = {};
      if (!data.name) missing.name = 'Bitte geben Sie Ihren Namen ein.';
      if (data.password && data.passwordConfirm !== data.password) missing.passwordConfirm = 'Die beiden Passwörter stimmen nicht überein.';
      if (Object.keys(missing).length) {
        showErrors(form, missing);
        return;
      }
      await submitting(form, async () => {
        try {
          await pb.collection('users').create(data);
        } catch (err) {
          showRequestError(form, err);
          return;
        }
        try {
          await pb.collection('users').authWithPassword(data.email, data.password);
        } catch {
          // the account exists; logging in can be done by hand
        }
        ctx.announce('Ihr Konto ist angelegt.');
        ctx.main.replaceChildren(
          h('h1', {}, 'Willkommen im Bitburger Engagement Netz'),
          h('p', { role: 'status' }, `Ihr Konto ist angelegt. Wir haben eine E-Mail an ${data.email} geschickt – bitte bestätigen Sie darin Ihre Adresse.`),
          h('p', {}, h('a', { class: 'button', href: next }, 'Weiter')));
        ctx.main.querySelector('h1').setAttribute('tabindex', '-1');
        ctx.main.querySelector('h1').focus();
      });
    });
  },
};
