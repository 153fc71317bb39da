/*
 * The registry of the portal's pages: which address shows which page, and
 * what the main navigation lists.
 *
 * Adding a page takes two steps:
 *
 *   1. Write js/pages/<name>.js. It exports a default object
 *
 *        export default {
 *          title: 'Mitmachen',                 // the tab title (a page may change it with ctx.setTitle)
 *          async render(ctx) {                 // fill ctx.main; start with an <h1>
 *            ctx.main.append(h('h1', {}, 'Mitmachen'));
 *          },
 *        };
 *
 *      ctx holds: main (the <main> element, emptied), params (from the path,
 *      e.g. {slug}), query (URLSearchParams), user (the logged-in user or
 *      null), navigate(href, {replace}), setTitle(text), announce(text),
 *      live(collections, reload) (realtime: reload() runs when one of the
 *      collections changes; stopped when the page is left), onLeave(fn),
 *      requireLogin() (sends guests to the login and returns false).
 *      Helpers: js/lib/dom.js (h, richText, dates), js/lib/api.js (pb, German
 *      error texts), js/lib/forms.js (fields, field errors), js/lib/ui.js.
 *
 *   2. Add one entry below: { path, load, nav }. path may hold parameters
 *      (/vereine/:slug); nav (optional) puts the page into the main
 *      navigation, ordered by nav.order.
 *
 * Addresses are German, lowercase, with dashes; they are shareable and the
 * server answers every unknown path with index.html, so a reload works.
 */

export const pages = [
  { path: '/', load: () => import('./pages/start.js'), nav: { label: 'Start', order: 0 } },
  { path: '/vereine', load: () => import('./pages/vereine.js'), nav: { label: 'Vereine & Initiativen', order: 10 } },
  { path: '/vereine/:slug', load: () => import('./pages/verein.js') },
  { path: '/mitmachen', load: () => import('./pages/mitmachen.js'), nav: { label: 'Mitmachen', order: 15 } },
  { path: '/mitmachen/:id', load: () => import('./pages/mitmachen-angebot.js') },
  { path: '/kontakt', load: () => import('./pages/kontakt.js') },
  { path: '/suche', load: () => import('./pages/suche.js') },
  { path: '/termine', load: () => import('./pages/termine.js'), nav: { label: 'Termine', order: 20 } },
  { path: '/termine/anmeldung', load: () => import('./pages/termin-anmeldung.js') },
  { path: '/termine/:id', load: () => import('./pages/termin.js') },
  { path: '/partner', load: () => import('./pages/partner.js'), nav: { label: 'Vergünstigungen', order: 30 } },
  { path: '/neuigkeiten', load: () => import('./pages/neuigkeiten.js'), nav: { label: 'Neuigkeiten', order: 40 } },
  { path: '/neuigkeiten/:slug', load: () => import('./pages/beitrag.js') },
  // in the footer ("Informationen und Netzwerke"): the main navigation keeps to one line at 1280 px
  { path: '/informationen', load: () => import('./pages/informationen.js') },
  { path: '/informationen/:slug', load: () => import('./pages/beitrag.js') },
  { path: '/ehrenamtskarte', load: () => import('./pages/ehrenamtskarte.js'), nav: { label: 'Ehrenamtskarte', order: 35 } },
  { path: '/karte-pruefen', load: () => import('./pages/karte-pruefen.js') },
  { path: '/ehrenamtskarte/antrag', load: () => import('./pages/ehrenamtskarte-antrag.js') },
  { path: '/ehrenamtskarte/antrag/:id', load: () => import('./pages/ehrenamtskarte-antrag.js') },
  { path: '/ehrenamtskarte/meine', load: () => import('./pages/ehrenamtskarte-meine.js') },
  { path: '/ehrenamtskarte/bestaetigen', load: () => import('./pages/ehrenamtskarte-bestaetigen.js') },
  { path: '/ehrenamtskarte/uebernehmen', load: () => import('./pages/ehrenamtskarte-uebernehmen.js') },
  { path: '/stadtmedaille', load: () => import('./pages/stadtmedaille.js') },
  { path: '/arbeitskreis', load: () => import('./pages/arbeitskreis.js') },
  { path: '/arbeitskreis/empfehlungen', load: () => import('./pages/arbeitskreis-empfehlungen.js') },
  { path: '/arbeitskreis/sitzungen', load: () => import('./pages/arbeitskreis-sitzungen.js') },
  { path: '/engagement-in-zahlen', load: () => import('./pages/engagement-in-zahlen.js') },
  { path: '/jury', load: () => import('./pages/jury.js') },
  { path: '/impressum', load: () => import('./pages/rechtliches.js') },
  { path: '/datenschutz', load: () => import('./pages/rechtliches.js') },
  { path: '/barrierefreiheit', load: () => import('./pages/rechtliches.js') },
  { path: '/ideen', load: () => import('./pages/ideen.js') },

  // accounts
  { path: '/anmelden', load: () => import('./pages/anmelden.js') },
  { path: '/registrieren', load: () => import('./pages/registrieren.js') },
  { path: '/passwort-vergessen', load: () => import('./pages/passwort-vergessen.js') },
  { path: '/passwort-neu', load: () => import('./pages/passwort-neu.js') },
  { path: '/bestaetigen', load: () => import('./pages/bestaetigen.js') },
  { path: '/meine-daten', load: () => import('./pages/meine-daten.js') },
  { path: '/konto', load: () => import('./pages/konto.js') },
  { path: '/email-bestaetigen', load: () => import('./pages/email-bestaetigen.js') },
  { path: '/konto/anmeldungen', load: () => import('./pages/konto-anmeldungen.js') },

  // clubs' self-service
  { path: '/mein-verein', load: () => import('./pages/mein-verein.js') },
  { path: '/mein-verein/neu', load: () => import('./pages/verein-anmelden.js') },
  { path: '/mein-verein/:slug', load: () => import('./pages/verein-bearbeiten.js') },
  { path: '/mein-verein/:slug/termine', load: () => import('./pages/termine-verwalten.js') },
  { path: '/mein-verein/:slug/termine/:id', load: () => import('./pages/termin-bearbeiten.js') },
  { path: '/mein-verein/:slug/termine/:id/anmeldungen', load: () => import('./pages/termin-anmeldungen.js') },
  { path: '/mein-verein/:slug/vereinsfest', load: () => import('./pages/verein-vereinsfest.js') },
  { path: '/mein-verein/:slug/ehrenamtskarte', load: () => import('./pages/verein-ehrenamtskarte.js') },
  { path: '/mein-verein/:slug/angebote', load: () => import('./pages/verein-angebote.js') },
  { path: '/mein-verein/:slug/angebote/:id', load: () => import('./pages/angebot-bearbeiten.js') },
  { path: '/mein-verein/:slug/meldungen', load: () => import('./pages/verein-meldungen.js') },

  // the coordination office (staff accounts)
  { path: '/buero', load: () => import('./pages/buero.js') },
  { path: '/buero/anmelden', load: () => import('./pages/buero-anmelden.js') },
  { path: '/buero/passwort-vergessen', load: () => import('./pages/buero-passwort-vergessen.js') },
  { path: '/buero/passwort-neu', load: () => import('./pages/buero-passwort-neu.js') },
  { path: '/buero/organisationen', load: () => import('./pages/buero-organisationen.js') },
  { path: '/buero/organisationen/:id', load: () => import('./pages/buero-organisation.js') },
  { path: '/buero/antraege', load: () => import('./pages/buero-antraege.js') },
  { path: '/buero/antraege/:id', load: () => import('./pages/buero-antrag.js') },
  { path: '/buero/karten', load: () => import('./pages/buero-karten.js') },
  { path: '/buero/karten/:id', load: () => import('./pages/buero-karte.js') },
  { path: '/buero/ehrungen', load: () => import('./pages/buero-ehrungen.js') },
  { path: '/buero/ehrungen/:id', load: () => import('./pages/buero-ehrung.js') },
  { path: '/buero/anfragen', load: () => import('./pages/buero-anfragen.js') },
  { path: '/buero/anfragen/:id', load: () => import('./pages/buero-anfrage.js') },
  { path: '/buero/arbeitskreis', load: () => import('./pages/buero-arbeitskreis.js') },
  { path: '/buero/protokoll', load: () => import('./pages/buero-protokoll.js') },
  { path: '/buero/zahlen', load: () => import('./pages/buero-zahlen.js') },
  { path: '/buero/vereinsfest', load: () => import('./pages/buero-vereinsfest.js') },
  { path: '/buero/vereinsfest/:id', load: () => import('./pages/buero-vereinsfest-anmeldung.js') },
  { path: '/buero/partner-bewerbungen', load: () => import('./pages/buero-partner-bewerbungen.js') },
  { path: '/buero/partner-bewerbungen/:id', load: () => import('./pages/buero-partner-bewerbung.js') },
  { path: '/buero/ideen', load: () => import('./pages/buero-ideen.js') },
  { path: '/buero/ideen/:id', load: () => import('./pages/buero-idee.js') },
  { path: '/buero/angaben', load: () => import('./pages/buero-angaben.js') },
];

// Shown when no path matches.
export const notFound = () => import('./pages/nicht-gefunden.js');
