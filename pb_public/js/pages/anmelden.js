// Login for citizens and club editors (PocketBase's users collection).
// After login it returns to where the user came from (?weiter=/mein-verein),
// or goes to "Mein Konto".
import { h, append } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { field, showErrors, showRequestError, submitting, requiredNote } from '../lib/forms.js';
import { pageHead } from '../lib/ui.js';

/** safeNext is where to go after login: a path of the portal, never another site. */
export function safeNext(value) {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/konto';
  const url = new URL(value, location.origin);
  return url.origin === location.origin ? url.pathname + url.search : '/konto';
}

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
    const form = h('form', { class: 'form narrow', novalidate: true },
      requiredNote(),
      field({ name: 'identity', label: 'E-Mail-Adresse', type: 'email', required: true, autocomplete: 'username' }),
      field({ name: 'password', label: 'Passwort', type: 'password', required: true, autocomplete: 'current-password' }),
      h('p', {}, h('button', { type: 'submit', class: 'button' }, 'Anmelden')));

    append(ctx.main, 
      pageHead('Anmelden', 'Für Vereine und Initiativen, die ihr Profil und ihre Termine pflegen, und für alle mit einem Konto im Bitburger Engagement Netz.'),
      form,
      h('ul', { class: 'link-list compact' },
        h('li', {}, h('a', { href: '/passwort-vergessen' }, 'Passwort vergessen?')),
        h('li', {}, 'Noch kein Konto? ', h('a', { href: '/registrieren' + (ctx.query.get('weiter') ? '?weiter=' + encodeURIComponent(next) : '') }, 'Jetzt registrieren'))),
      h('p', { class: 'muted' }, 'Die Koordinierungsstelle meldet sich im ', h('a', { href: '/buero/anmelden' }, 'Büro'), ' an.'));

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = new FormData(form);
      const identity = String(data.get('identity') || '').trim();
      const password = String(data.get('password') || '');
      const missing = {};
      if (!identity) missing.identity = 'Bitte geben Sie Ihre E-Mail-Adresse ein.';
      if (!password) missing.password = 'Bitte geben Sie Ihr Passwort ein.';
      if (Object.keys(missing).length) {
        showErrors(form, missing);
        return;
      }
      await submitting(form, async () => {
        try {
          await pb.collection('users').authWithPassword(identity, password);
          ctx.announce('Sie sind angemeldet.');
          ctx.navigate(next, { replace: true });
        } catch (err) {
          if (err.status === 400 && !Object.keys(err.response?.data || {}).length) {
            showErrors(form, {}, 'E-Mail-Adresse oder Passwort ist falsch.');
          } else {
            showRequestError(form, err);
          }
        }
      });
    });
  },
};
