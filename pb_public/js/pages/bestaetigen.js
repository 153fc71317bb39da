// Confirms an e-mail address with the link from the registration mail (#token=…).
import { h, append } from '../lib/dom.js';
import { pb, errorText, fieldErrors, linkToken } from '../lib/api.js';
import { loading } from '../lib/ui.js';

export default {
  title: 'E-Mail-Adresse bestätigen',
  async render(ctx) {
    const token = linkToken(ctx);
    const status = h('div', { 'aria-live': 'polite' }, loading('Ihre E-Mail-Adresse wird bestätigt …'));
    append(ctx.main, h('h1', {}, 'E-Mail-Adresse bestätigen'), status);
    if (!token) {
      status.replaceChildren(h('p', {}, 'Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus der E-Mail.'));
      return;
    }
    try {
      await pb.collection('users').confirmVerification(token);
      status.replaceChildren(h('p', {}, 'Vielen Dank! Ihre E-Mail-Adresse ist bestätigt.'),
        h('p', {}, h('a', { class: 'button', href: ctx.user ? '/konto' : '/anmelden' }, ctx.user ? 'Zu Mein Konto' : 'Anmelden')));
      if (ctx.user) pb.collection('users').authRefresh().catch(() => {});
    } catch (err) {
      const fields = Object.values(fieldErrors(err));
      status.replaceChildren(h('p', {}, fields[0] || errorText(err)));
    }
  },
};
