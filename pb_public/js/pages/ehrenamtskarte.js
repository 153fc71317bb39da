// The volunteer card: who can get it, where it brings benefits, and the way
// to the online application (ehrenamtskarte-antrag.js) and to one's own
// applications and card (ehrenamtskarte-meine.js).
import { h, append } from '../lib/dom.js';
import { pageHead } from '../lib/ui.js';

export default {
  title: 'Ehrenamtskarte',
  async render(ctx) {
    append(ctx.main, 
      pageHead('Ehrenamtskarte Rheinland-Pfalz', 'Ein Dankeschön des Landes und der Stadt Bitburg für Menschen, die sich in besonderem Maß engagieren.'),
      h('div', { class: 'cta-box' },
        h('p', {}, 'Beantragen Sie die Karte online. Schon beim Ausfüllen sehen Sie, ob die Voraussetzungen erfüllt sind.'),
        h('p', { class: 'actions' },
          h('a', { class: 'button', href: '/ehrenamtskarte/antrag' }, 'Ehrenamtskarte beantragen'),
          h('a', { class: 'button secondary', href: '/ehrenamtskarte/meine' }, 'Meine Anträge und meine Karte'))),
      h('section', { 'aria-labelledby': 'karte-wer' },
        h('h2', { id: 'karte-wer' }, 'Wer die Karte erhält'),
        h('ul', {},
          h('li', {}, 'Sie engagieren sich durchschnittlich mindestens fünf Stunden in der Woche oder mindestens 250 Stunden im Jahr – Stunden bei mehreren Organisationen zählen zusammen.'),
          h('li', {}, 'Sie erhalten dafür keine pauschale Aufwandsentschädigung (der Ersatz tatsächlicher Kosten ist kein Hindernis).'),
          h('li', {}, 'Sie engagieren sich in Bitburg oder wohnen in Bitburg.'),
          h('li', {}, 'Sie sind mindestens 14 Jahre alt und in der Regel seit mindestens einem Jahr engagiert.'))),
      h('section', { 'aria-labelledby': 'karte-wie' },
        h('h2', { id: 'karte-wie' }, 'So geht es'),
        h('p', {}, 'Sie beantragen die Karte bei der Koordinierungsstelle der Stadt Bitburg. Die Organisationen, bei denen Sie sich engagieren, bestätigen Ihre Stunden. Die Karte gilt zwei Jahre im ganzen Land; für 25 Jahre Engagement gibt es die Jubiläums-Ehrenamtskarte, die unbegrenzt gilt.')),
      h('section', { 'aria-labelledby': 'karte-vorteile' },
        h('h2', { id: 'karte-vorteile' }, 'Vergünstigungen in Bitburg'),
        h('p', {}, 'Kino, Kultur, Bildung und Freizeit: ', h('a', { href: '/partner' }, 'alle Partner und ihre Vergünstigungen'), '.')),
      h('section', { 'aria-labelledby': 'karte-vereine' },
        h('h2', { id: 'karte-vereine' }, 'Für Vereine und Initiativen'),
        h('p', {}, 'Wer eine Organisation im BEN bearbeitet, bestätigt die Angaben ihrer Engagierten und stellt Sammelanträge für Mitglieder unter ', h('a', { href: '/mein-verein' }, 'Mein Verein'), '.')));
  },
};
