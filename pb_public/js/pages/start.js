// Home: next events, latest news, how to get involved, the card and the medal.
import { h, append, clear, formatDate } from '../lib/dom.js';
import { pb } from '../lib/api.js';
import { loading, failure, empty, eventItem, upcomingDates, liveNote } from '../lib/ui.js';

export default {
  title: '',
  async render(ctx) {
    const eventsBox = h('div', {}, loading('Termine werden geladen …'));
    const newsBox = h('div', {}, loading('Neuigkeiten werden geladen …'));

    append(ctx.main, 
      h('section', { class: 'hero' },
        h('h1', {}, 'Engagiert in Bitburg'),
        h('p', { class: 'lead' }, 'Das Bitburger Engagement Netz (BEN) bringt Menschen, die sich einsetzen möchten, mit Vereinen, Initiativen und Einrichtungen der Stadt zusammen.'),
        h('p', { class: 'actions' },
          h('a', { class: 'button', href: '/vereine' }, 'Verein oder Initiative finden'),
          h('a', { class: 'button secondary', href: '/termine' }, 'Alle Termine'))),
      h('div', { class: 'columns' },
        h('section', { 'aria-labelledby': 'naechste-termine' },
          h('h2', { id: 'naechste-termine' }, 'Nächste Termine'),
          liveNote(),
          eventsBox,
          h('p', {}, h('a', { href: '/termine' }, 'Alle Termine und Kalender-Abo'))),
        h('section', { 'aria-labelledby': 'neuigkeiten' },
          h('h2', { id: 'neuigkeiten' }, 'Neuigkeiten'),
          newsBox,
          h('p', {}, h('a', { href: '/neuigkeiten' }, 'Alle Neuigkeiten')))),
      h('section', { class: 'steps', 'aria-labelledby': 'mitmachen' },
        h('h2', { id: 'mitmachen' }, 'So machen Sie mit'),
        h('ol', { class: 'step-list' },
          step('Passendes finden', 'Stöbern Sie im Verzeichnis nach Thema oder Art: Sport, Jugend, Senioren, Kultur, Umwelt und vieles mehr.', '/vereine', 'Zum Verzeichnis'),
          step('Vorbeischauen', 'Besuchen Sie einen Termin, ein Schnuppertraining oder ein Austauschtreffen und lernen Sie die Menschen kennen.', '/termine', 'Zu den Terminen'),
          step('Verein vorstellen', 'Ihr Verein oder Ihre Initiative fehlt noch? Melden Sie sie an – die Koordinierungsstelle schaltet sie frei.', '/mein-verein/neu', 'Organisation anmelden'),
          step('Anerkennung erfahren', 'Wer sich engagiert, erhält die Ehrenamtskarte mit Vergünstigungen bei Partnern in Bitburg.', '/partner', 'Partner & Vergünstigungen'))),
      h('section', { class: 'recognition', 'aria-labelledby': 'anerkennung' },
        h('h2', { id: 'anerkennung' }, 'Anerkennung für Ihr Engagement'),
        h('ul', { class: 'card-grid' },
          h('li', { class: 'card' },
            h('h3', {}, h('a', { href: '/ehrenamtskarte' }, 'Ehrenamtskarte Rheinland-Pfalz')),
            h('p', {}, 'Für alle, die sich mindestens fünf Stunden in der Woche oder 250 Stunden im Jahr engagieren – mit Vergünstigungen im ganzen Land.')),
          h('li', { class: 'card' },
            h('h3', {}, h('a', { href: '/stadtmedaille' }, 'Stadtmedaille')),
            h('p', {}, 'Die Stadt Bitburg ehrt einmal in jeder Wahlperiode herausragendes Engagement. Vorschläge kann jede und jeder einreichen.')))),
    );

    const loadEvents = async () => {
      try {
        const dates = await upcomingDates({ perPage: 5 });
        append(clear(eventsBox), dates.length
          ? h('ul', { class: 'event-list' }, dates.map((e) => eventItem(e)))
          : empty('Zurzeit sind keine Termine eingetragen.'));
      } catch (err) {
        append(clear(eventsBox), failure('Die Termine konnten nicht geladen werden.', loadEvents, err));
      }
    };
    const loadNews = async () => {
      try {
        const list = await pb.collection('articles').getList(1, 3, {
          filter: 'kind = "news"', sort: '-published_at', skipTotal: true,
        });
        append(clear(newsBox), list.items.length
          ? h('ul', { class: 'news-list' }, list.items.map((a) => h('li', {},
            h('h3', {}, h('a', { href: `/neuigkeiten/${encodeURIComponent(a.slug)}` }, a.title)),
            h('p', { class: 'meta' }, formatDate(a.published_at)),
            a.summary ? h('p', {}, a.summary) : null)))
          : empty('Noch keine Neuigkeiten.'));
      } catch (err) {
        append(clear(newsBox), failure('Die Neuigkeiten konnten nicht geladen werden.', loadNews, err));
      }
    };
    await Promise.all([loadEvents(), loadNews()]);
    ctx.live(['events', 'organisations'], loadEvents);
    ctx.live(['articles'], loadNews);
  },
};

function step(title, text, href, linkText) {
  return h('li', { class: 'card' }, h('h3', {}, title), h('p', {}, text), h('p', {}, h('a', { href }, linkText)));
}
