// "Eingang": what needs the coordination office now (the view "eingang"),
// with counts per kind, oldest first, updated live.
import { h, append } from '../lib/dom.js';
import { pageHead, liveNote } from '../lib/ui.js';
import { loader } from '../lib/office-pages.js';
import {
  office, requireStaff, officeNav, officeLive, mayDecide, INBOX_KINDS, inboxLink, day, daysSince, daysUntil, daysText, table,
} from '../lib/office.js';

// the collections behind the view: a change in one may change the inbox
const SOURCES = ['organisations', 'card_applications', 'engagements', 'nominations', 'enquiries', 'interests', 'cards',
  'festival_participations', 'partner_applications', 'ideas', 'office'];

/** section is the part of the inbox for one kind, oldest first. */
function section(kind, list) {
  const expiring = kind === 'card_expiring';
  return h('section', { class: 'inbox-section', 'aria-labelledby': 'eingang-' + kind },
    h('h2', { id: 'eingang-' + kind, tabindex: '-1' }, `${INBOX_KINDS[kind].title} (${list.length})`),
    table(INBOX_KINDS[kind].title,
      ['Vorgang', expiring ? 'Gültig bis' : 'Seit', expiring ? 'Noch' : 'Wartet'],
      list.map((item) => [
        h('a', { href: inboxLink(item) }, item.title || INBOX_KINDS[kind].one),
        day(item.since),
        daysText(expiring ? daysUntil(item.since) : daysSince(item.since)),
      ])));
}

export default {
  title: 'Eingang – Büro',
  async render(ctx) {
    const staff = await requireStaff(ctx);
    if (!staff) return;
    append(ctx.main, officeNav(staff));

    if (!mayDecide(staff)) {
      append(ctx.main, pageHead('Büro der Koordinierungsstelle'),
        h('p', {}, `Guten Tag, ${staff.name}. Sie arbeiten mit der Rolle „Redaktion“.`),
        h('p', {}, 'Mit dieser Rolle pflegen Sie die Inhalte des Portals: Beiträge (Neuigkeiten, Informationsseiten, Verweise), die eigenen Termine der Koordinierungsstelle und die Partner der Ehrenamtskarte. Über Organisationen, Anträge, Karten, Vorschläge und Anfragen entscheidet das Büro (Rolle „Büro“); diese Seiten sehen Sie daher nicht.'),
        h('p', {}, 'Beiträge, Termine und Partner bearbeiten Sie über die Programmierschnittstelle mit Ihrem Konto; eine eigene Seite dafür im Büro gibt es noch nicht. Die Angaben der Koordinierungsstelle für Impressum, Datenschutz und Barrierefreiheit pflegen Sie unter ', h('a', { href: '/buero/angaben' }, 'Angaben'), '.'));
      return;
    }

    append(ctx.main, pageHead('Eingang', 'Was die Koordinierungsstelle jetzt braucht: die ältesten Vorgänge zuerst.'), liveNote());
    const body = h('div', { class: 'inbox' });
    ctx.main.append(body);

    const load = loader(body, {
      fetch: () => office.collection('eingang').getFullList({ sort: 'since' }),
      failed: 'Der Eingang konnte nicht geladen werden.',
      show: (items) => {
        if (!items.length) return h('p', { class: 'notice notice-success', role: 'status' }, 'Im Eingang liegt nichts. Alles ist erledigt.');
        const byKind = new Map();
        for (const item of items) {
          if (!byKind.has(item.kind)) byKind.set(item.kind, []);
          byKind.get(item.kind).push(item);
        }
        const kinds = Object.keys(INBOX_KINDS).filter((k) => byKind.has(k));
        return [
          h('ul', { class: 'inbox-counts', 'aria-label': 'Übersicht' },
            kinds.map((k) => h('li', {}, h('a', { href: '#eingang-' + k },
              h('span', { class: 'inbox-count' }, String(byKind.get(k).length)), ' ', INBOX_KINDS[k].title)))),
          kinds.map((kind) => section(kind, byKind.get(kind))),
        ];
      },
    });
    await load();
    await officeLive(ctx, SOURCES, load);
  },
};
