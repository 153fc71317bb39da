// Login for citizens and club editors (PocketBase's users collection).
// After login it returns to where the user came from (?weiter=/mein-verein),
// or goes to "Mein Konto".
import { h, append } from '../lib/dom.js';
import { USER_ACCOUNT } from '../lib/api.js';
import { passwordLogin, safeNext } from '../lib/auth-forms.js';
import { pageHead } from '../lib/ui.js';

export default {
  title: 'Anmelden',
  async render(ctx) {
    const next = safeNext(ctx.query.get('weiter'));
    if (ctx.user) {
      append(ctx.main, pageHead('Anmelden'),
        h('p', {}, `Sie sind bereits angemeldet als ${ctx.user.name || ctx.user.email}.`),
        h('p', {}, h('a', { href: next }, 'Weiter')));
      return;
    }
    const form = passwordLogin(USER_ACCOUNT, {
      loggedIn: () => {
        ctx.announce('Sie sind angemeldet.');
        ctx.navigate(next, { replace: true });
      },
    });
    append(ctx.main,
      pageHead('Anmelden', 'Für Vereine und Initiativen, die ihr Profil und ihre Termine pflegen, und für alle mit einem Konto im Bitburger Engagement Netz.'),
      form,
      h('ul', { class: 'link-list compact' },
        h('li', {}, h('a', { href: USER_ACCOUNT.forgot }, 'Passwort vergessen?')),
        h('li', {}, 'Noch kein Konto? ', h('a', { href: '/registrieren' + (ctx.query.get('weiter') ? '?weiter=' + encodeURIComponent(next) : '') }, 'Jetzt registrieren'))),
      h('p', { class: 'muted' }, 'Die Koordinierungsstelle meldet sich im ', h('a', { href: '/buero/anmelden' }, 'Büro'), ' an.'));
  },
};
