// Claiming the card of a group application (/ehrenamtskarte/uebernehmen#<token>):
// an organisation applied for a member, the office issued the card, and the
// member got this link by e-mail. Logged in (or after registering), one
// button puts the card into the member's own account. The token sits in
// the fragment, so it never reaches a server log; while the person logs
// in it waits in this tab's session storage.
import { h, append } from '../lib/dom.js';
import { errorText } from '../lib/api.js';
import { cardAPI } from '../lib/card.js';

const KEY = 'ben.card.claim';

export default {
  title: 'Ehrenamtskarte übernehmen',
  async render(ctx) {
    const fromLink = location.hash.replace(/^#/, '').trim();
    if (fromLink) {
      sessionStorage.setItem(KEY, fromLink);
      history.replaceState(history.state, '', location.pathname);
    }
    const token = sessionStorage.getItem(KEY) || '';
    append(ctx.main, h('h1', {}, 'Ehrenamtskarte übernehmen'));
    if (!/^[A-Za-z0-9_-]{20,}$/.test(token)) {
      append(ctx.main, h('p', {}, 'Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus der E-Mail vollständig – er endet mit einer langen Zeichenfolge nach dem Zeichen „#“.'));
      return;
    }
    if (!ctx.user) {
      append(ctx.main,
        h('p', {}, 'Ihre Organisation hat für Sie die Ehrenamtskarte beantragt. Damit Sie sie jederzeit unter „Meine Karte“ finden und vor ihrem Ablauf erinnert werden, übernehmen Sie sie in ein eigenes Benutzerkonto.'),
        h('p', {},
          h('a', { class: 'button', href: '/anmelden?weiter=' + encodeURIComponent('/ehrenamtskarte/uebernehmen') }, 'Anmelden'), ' ',
          h('a', { class: 'button secondary', href: '/registrieren?weiter=' + encodeURIComponent('/ehrenamtskarte/uebernehmen') }, 'Konto anlegen')));
      return;
    }
    const status = h('div', { role: 'status' });
    const button = h('button', { type: 'button', class: 'button' }, 'Karte in mein Konto übernehmen');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await cardAPI(`/claims/${encodeURIComponent(token)}`);
      } catch (err) {
        button.disabled = false;
        status.replaceChildren(h('p', { class: 'notice notice-error' }, errorText(err)));
        return;
      }
      sessionStorage.removeItem(KEY);
      ctx.navigate('/ehrenamtskarte/meine');
    });
    append(ctx.main,
      h('p', {}, `Angemeldet als ${ctx.user.name || ctx.user.email}. Die Karte gehört danach zu diesem Konto; hatten Sie schon eine Ehrenamtskarte, ersetzt die neue sie.`),
      h('p', {}, button), status);
  },
};
