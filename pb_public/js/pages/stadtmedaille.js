// The city medal: what it honours and how a nomination works.
// (The nomination form is added by its own module later.)
import { h, append } from '../lib/dom.js';
import { pageHead } from '../lib/ui.js';

export default {
  title: 'Stadtmedaille',
  async render(ctx) {
    append(ctx.main, 
      pageHead('Stadtmedaille', 'Der Ehrenamtspreis der Stadt Bitburg für herausragendes Engagement.'),
      h('section', { 'aria-labelledby': 'medaille-wer' },
        h('h2', { id: 'medaille-wer' }, 'Wen die Stadt ehrt'),
        h('p', {}, 'Die Stadtmedaille würdigt Personen, Gruppen, Initiativen und Vereine, die sich in besonderer Weise für das Gemeinwohl in Bitburg einsetzen.')),
      h('section', { 'aria-labelledby': 'medaille-wie' },
        h('h2', { id: 'medaille-wie' }, 'So wird vergeben'),
        h('ul', {},
          h('li', {}, 'Die Medaille wird einmal in jeder Wahlperiode des Stadtrats verliehen, jeweils für ein vorher bestimmtes Handlungsfeld, z. B. Gesundheit, Jugend, Senioren oder Migration.'),
          h('li', {}, 'Bürgerinnen und Bürger reichen Vorschläge ein, solange die Runde geöffnet ist.'),
          h('li', {}, 'Eine Jury aus der Arbeitsgruppe „Engagierte Stadt Bitburg“ prüft die Vorschläge; die städtischen Gremien entscheiden.'))),
      h('section', { 'aria-labelledby': 'medaille-mehr' },
        h('h2', { id: 'medaille-mehr' }, 'Weitere Formen der Anerkennung'),
        h('p', {}, 'Dankesbriefe des Bürgermeisters, die ', h('a', { href: '/ehrenamtskarte' }, 'Ehrenamtskarte'), ' und Ehrungen beim Vereinsfest „Bitburg engagiert sich“ – die Termine finden Sie im ', h('a', { href: '/termine' }, 'Kalender'), '.')));
  },
};
