// Information pages of the office (insurance cover, data protection, the
// strategy) and links to other networks.
import { h, append, clear, safeURL } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { loading, failure, empty, pageHead } from '../lib/ui.js';

export default {
  title: 'Informationen',
  async render(ctx) {
    const pagesBox = h('div', {}, loading());
    const linksBox = h('div', {}, loading());
    append(ctx.main, 
      pageHead('Informationen', 'Wissenswertes für Engagierte und Vereine, und wo Sie sonst noch Unterstützung finden.'),
      h('section', { 'aria-labelledby': 'info-seiten' }, h('h2', { id: 'info-seiten' }, 'Wissenswertes'), pagesBox),
      h('section', { 'aria-labelledby': 'info-engagierte-stadt' },
        h('h2', { id: 'info-engagierte-stadt' }, 'Engagierte Stadt Bitburg'),
        h('ul', { class: 'link-list' },
          h('li', {}, h('a', { href: '/arbeitskreis' }, 'Arbeitskreis „Engagierte Stadt Bitburg“'),
            h('p', {}, 'Wer die Engagementstrategie der Stadt steuert: die Mitglieder und ihre Sitze.')),
          h('li', {}, h('a', { href: '/stadtmedaille' }, 'Stadtmedaille'),
            h('p', {}, 'Der Ehrenamtspreis der Stadt: Vorschläge einreichen und bisherige Preisträger.')))),
      h('section', { 'aria-labelledby': 'info-netzwerke' }, h('h2', { id: 'info-netzwerke' }, 'Andere Netzwerke und Angebote'), linksBox),
      h('section', { 'aria-labelledby': 'info-api' },
        h('h2', { id: 'info-api' }, 'Für Internetseiten von Vereinen und Partnern'),
        h('p', {}, 'Die veröffentlichten Vereine, Termine, Partner und Neuigkeiten stehen über eine offene Schnittstelle bereit – zum Beispiel alle Termine als Kalender-Abo: ',
          h('a', { href: '/api/ben/events.ics' }, 'Termine als iCal-Datei'), '.')));

    const load = async () => {
      try {
        const list = await pb.collection('articles').getFullList({ filter: 'kind = "page" || kind = "link"', sort: 'title' });
        if (!ctx.isCurrent()) return;
        const pages = list.filter((a) => a.kind === 'page');
        const links = list.filter((a) => a.kind === 'link');
        append(clear(pagesBox), pages.length
          ? h('ul', { class: 'link-list' }, pages.map((a) => h('li', {},
            h('a', { href: `/informationen/${encodeURIComponent(a.slug)}` }, a.title),
            a.summary ? h('p', {}, a.summary) : null)))
          : empty('Noch keine Informationsseiten.'));
        append(clear(linksBox), links.length
          ? h('ul', { class: 'link-list' }, links.map((a) => {
            const url = safeURL(a.url);
            return h('li', {},
              url ? h('a', { href: url, rel: 'noopener noreferrer' }, a.title, h('span', { class: 'visually-hidden' }, ' (externe Seite)')) : h('strong', {}, a.title),
              a.summary ? h('p', {}, a.summary) : null);
          }))
          : empty('Noch keine Verweise.'));
      } catch (err) {
        append(clear(pagesBox), failure('Die Informationen konnten nicht geladen werden.', load, err));
        clear(linksBox);
      }
    };
    await load();
    ctx.live(['articles'], load);
  },
};
