// Shown for an address that is no page of the portal.
import { h, append } from '../lib/dom.js';

export default {
  title: 'Seite nicht gefunden',
  async render(ctx) {
    append(ctx.main, 
      h('h1', {}, 'Diese Seite gibt es nicht'),
      h('p', {}, 'Vielleicht hat sich die Adresse geändert. Hier geht es weiter:'),
      h('ul', {},
        h('li', {}, h('a', { href: '/' }, 'Startseite')),
        h('li', {}, h('a', { href: '/vereine' }, 'Vereine & Initiativen')),
        h('li', {}, h('a', { href: '/termine' }, 'Termine'))));
  },
};
