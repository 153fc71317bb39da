// The office area (/buero): its own PocketBase client with its own login
// (collection "staff"), so that a citizen's login in the same browser stays
// apart; the area's navigation, live updates, German labels of the inbox
// and the audit trail of a record. Pages: js/pages/buero*.js.
import PocketBase, { LocalAuthStore } from '/vendor/pocketbase.es.mjs';
import { h, formatDateNumeric, formatTime, parseDate } from './dom.js';
import { errorText } from './api.js';

export const office = new PocketBase('/', new LocalAuthStore('ben_buero_auth'));
office.autoCancellation(false);

// The page that writes shows the outcome itself; the realtime message
// about its own write must not render the page a second time meanwhile.
let writing = 0;
let lastWrite = 0;
const send = office.send.bind(office);
office.send = async (path, options = {}) => {
  const write = (options.method || 'GET') !== 'GET' && !String(path).includes('/api/realtime');
  if (write) writing++;
  try {
    return await send(path, options);
  } finally {
    if (write) {
      writing--;
      lastWrite = Date.now();
    }
  }
};
const ownWriteJustNow = () => writing > 0 || Date.now() - lastWrite < 1500;

/**
 * STAFF_ACCOUNT is the staff's account for the login and password pages
 * (js/lib/auth-forms.js); the shortest password is the one of the staff
 * collection (migrations/…_staff.go).
 */
export const STAFF_ACCOUNT = { client: office, collection: 'staff', login: '/buero/anmelden', forgot: '/buero/passwort-vergessen', passwordMin: 12 };

export const ROLES = { buero: 'Büro', redaktion: 'Redaktion' };

/** currentStaff is the logged-in staff account, or null. */
export function currentStaff() {
  return office.authStore.isValid && office.authStore.record?.collectionName === 'staff' ? office.authStore.record : null;
}

/** mayDecide: the account does the office's daily work (role buero). */
export const mayDecide = (staff) => staff?.role === 'buero' && staff?.active === true;

// A stored login is checked once per page load; an expired or deactivated one is dropped.
let refreshed = null;
export function refreshStaffLogin() {
  if (!refreshed) {
    refreshed = (async () => {
      if (!currentStaff()) {
        office.authStore.clear();
        return;
      }
      try {
        await office.collection('staff').authRefresh();
      } catch (err) {
        if ([401, 403, 404].includes(err?.status)) office.authStore.clear();
      }
    })();
  }
  return refreshed;
}

/**
 * requireStaff sends whoever is not logged in as staff to the office's
 * login and returns the account, or null. With decide, an account of the
 * redaktion gets a German explanation instead of the page.
 */
export async function requireStaff(ctx, { decide = false } = {}) {
  await refreshStaffLogin();
  const staff = currentStaff();
  if (!staff) {
    ctx.navigate('/buero/anmelden?weiter=' + encodeURIComponent(location.pathname + location.search), { replace: true });
    return null;
  }
  if (decide && !mayDecide(staff)) {
    ctx.main.append(officeNav(staff), h('h1', {}, 'Keine Berechtigung'),
      h('p', {}, 'Diese Seite gehört zur Arbeit des Büros (Rolle „Büro“). Mit der Rolle „Redaktion“ pflegen Sie Beiträge, die eigenen Termine der Koordinierungsstelle und die Partner; entscheiden können Sie hier nichts.'),
      h('p', {}, h('a', { href: '/buero' }, 'Zum Eingang')));
    return null;
  }
  return staff;
}

// the area's sections; content: also for the redaktion (the office's facts
// are content in the API rules too)
const SECTIONS = [
  ['/buero', 'Eingang', true],
  ['/buero/organisationen', 'Organisationen'],
  ['/buero/antraege', 'Anträge'],
  ['/buero/karten', 'Karten'],
  ['/buero/ehrungen', 'Ehrungen'],
  ['/buero/anfragen', 'Anfragen'],
  ['/buero/vereinsfest', 'Vereinsfest'],
  ['/buero/partner-bewerbungen', 'Partner'],
  ['/buero/ideen', 'Ideen'],
  ['/buero/arbeitskreis', 'Arbeitskreis'],
  ['/buero/zahlen', 'Zahlen'],
  ['/buero/angaben', 'Angaben', true],
  ['/buero/protokoll', 'Protokoll'],
];

/** officeNav is the area's own navigation with the account and logout. */
export function officeNav(staff) {
  const path = location.pathname;
  const sections = mayDecide(staff) ? SECTIONS : SECTIONS.filter(([, , content]) => content);
  const current = (href) => (href === '/buero' ? path === '/buero' : path === href || path.startsWith(href + '/'));
  return h('nav', { class: 'office-nav', 'aria-label': 'Büro der Koordinierungsstelle' },
    h('ul', {}, sections.map(([href, text]) => h('li', {}, h('a', { href, 'aria-current': current(href) ? 'page' : null }, text)))),
    h('p', { class: 'office-account' },
      `Angemeldet: ${staff.name} (${ROLES[staff.role] || staff.role}) `,
      h('button', {
        type: 'button', class: 'link-button', on: {
          click: () => {
            office.realtime.unsubscribe().catch(() => {});
            office.authStore.clear();
            location.assign('/buero/anmelden');
          },
        },
      }, 'Abmelden')));
}

/**
 * officeLive calls reload when one of collections changes (realtime as the
 * staff account). Several changes in a row cause one reload; the
 * subscriptions end when the page is left.
 */
export async function officeLive(ctx, collections, reload) {
  let timer = null;
  // a change that arrives during or just after an own write waits until
  // that has passed, and is not dropped: it may be someone else's
  const schedule = (delay = 300) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!ctx.isCurrent()) return;
      if (ownWriteJustNow()) schedule(500);
      else reload();
    }, delay);
  };
  const stops = [];
  try {
    for (const name of collections) stops.push(await office.collection(name).subscribe('*', () => schedule()));
  } catch (err) {
    console.warn('Live-Aktualisierung nicht verfügbar', err);
  }
  // the next page subscribes only once these are gone: an unsubscription
  // still under way could otherwise close the connection it has just opened
  ctx.onLeave(async () => {
    clearTimeout(timer);
    await Promise.all(stops.map((stop) => stop().catch(() => {})));
  });
}

// ---- German labels -------------------------------------------------------

// in the order of hooks/inbox.Kinds
export const INBOX_KINDS = {
  legal_facts_missing: { title: 'Angaben für Impressum und Datenschutz fehlen', one: 'Angaben für Impressum/Datenschutz fehlen' },
  organisation_pending: { title: 'Organisationen warten auf Freigabe', one: 'Organisation wartet auf Freigabe' },
  application_confirmed: { title: 'Anträge auf die Ehrenamtskarte zur Entscheidung', one: 'Antrag zur Entscheidung' },
  application_submitted: { title: 'Anträge warten auf die Bestätigung der Engagements', one: 'Antrag wartet auf Bestätigung' },
  engagement_stuck: { title: 'Engagements seit über 14 Tagen unbestätigt', one: 'Engagement unbestätigt' },
  nomination_new: { title: 'Neue Vorschläge für Auszeichnungen', one: 'Neuer Vorschlag' },
  enquiry_open: { title: 'Anfragen ohne Antwort', one: 'Anfrage' },
  festival_participation_submitted: { title: 'Anmeldungen zum Vereinsfest zur Entscheidung', one: 'Anmeldung zum Vereinsfest' },
  partner_application_submitted: { title: 'Bewerbungen als Partner zur Entscheidung', one: 'Bewerbung als Partner' },
  idea_submitted: { title: 'Ideen warten auf Veröffentlichung oder Antwort', one: 'Idee' },
  interest_unanswered: { title: 'Meldungen auf Angebote seit über 14 Tagen ohne Antwort des Vereins', one: 'Meldung ohne Antwort' },
  card_expiring: { title: 'Ehrenamtskarten laufen in den nächsten sechs Wochen ab', one: 'Karte läuft ab' },
};

/** inboxLink is the detail page of an inbox item. */
export function inboxLink(item) {
  switch (item.kind) {
    case 'organisation_pending': return `/buero/organisationen/${item.record}`;
    case 'application_confirmed':
    case 'application_submitted': return `/buero/antraege/${item.record}`;
    case 'engagement_stuck': return `/buero/antraege/${item.parent}`;
    case 'nomination_new': return `/buero/ehrungen/${item.parent}`;
    case 'enquiry_open': return `/buero/anfragen/${item.record}`;
    case 'interest_unanswered': return `/buero/organisationen/${item.parent}`;
    case 'card_expiring': return `/buero/karten/${item.record}`;
    case 'festival_participation_submitted': return `/buero/vereinsfest/${item.record}`;
    case 'partner_application_submitted': return `/buero/partner-bewerbungen/${item.record}`;
    case 'idea_submitted': return `/buero/ideen/${item.record}`;
    case 'legal_facts_missing': return '/buero/angaben';
    default: return '/buero';
  }
}

export const APPLICATION_STATUS = {
  draft: 'Entwurf', submitted: 'Eingereicht', confirmed: 'Bestätigt', approved: 'Bewilligt', rejected: 'Abgelehnt', withdrawn: 'Zurückgezogen',
};
export const CARD_STATUS = { active: 'Gültig', expired: 'Abgelaufen', revoked: 'Gesperrt' };
export const CARD_KINDS = { standard: 'Ehrenamtskarte (zwei Jahre)', jubilaeum: 'Jubiläums-Ehrenamtskarte (unbefristet)' };
export const ALLOWANCES = { none: 'keine', cost_reimbursement: 'Erstattung tatsächlicher Kosten', flat_rate: 'pauschale Aufwandsentschädigung' };
export const ENQUIRY_STATUS = { new: 'Neu', in_progress: 'In Bearbeitung', matched: 'Vermittelt', closed: 'Abgeschlossen' };

/** TONES colour a status badge by what it means for the office: waiting for it, done, refused. */
export const TONES = {
  application: { confirmed: 'pending', approved: 'ok', rejected: 'rejected' },
  card: { active: 'ok', revoked: 'rejected' },
  enquiry: { new: 'pending', matched: 'ok' },
  organisation: { pending: 'pending', published: 'ok' },
};

/** day is "17.04.1988" (in Bitburg), or "–". */
export const day = (value) => formatDateNumeric(value) || '–';
/** dayTime is "17.04.2026, 14:03 Uhr". */
export const dayTime = (value) => (parseDate(value) ? `${formatDateNumeric(value)}, ${formatTime(value)} Uhr` : '–');

/** daysSince counts whole days from value until now. */
export function daysSince(value) {
  const d = parseDate(value);
  return d ? Math.max(0, Math.floor((Date.now() - d.getTime()) / 86_400_000)) : 0;
}

/** daysUntil counts whole days from now until value. */
export function daysUntil(value) {
  const d = parseDate(value);
  return d ? Math.max(0, Math.ceil((d.getTime() - Date.now()) / 86_400_000)) : 0;
}

/** daysText is a number of days for a table: "heute", "1 Tag", "21 Tage". */
export const daysText = (n) => (n === 0 ? 'heute' : n === 1 ? '1 Tag' : `${n} Tage`);

/** waitingSince is "seit heute", "seit einem Tag", "seit 21 Tagen". */
export const waitingSince = (n) => (n === 0 ? 'seit heute' : n === 1 ? 'seit einem Tag' : `seit ${n} Tagen`);

/** statusBadge shows a status in German with a colour for its meaning. */
export function statusBadge(labels, value, tone = '') {
  return h('span', { class: `badge ${tone}`.trim() }, labels[value] || value || '–');
}

/**
 * auditTrail lists the audit log's entries about a record (newest first),
 * so that every decision in the office shows who made it and when.
 */
export async function auditTrail(record) {
  // one record, or several (an application and its engagements)
  const ids = Array.isArray(record) ? record : [record];
  const box = h('section', { class: 'audit-trail', 'aria-labelledby': 'verlauf-' + ids[0] },
    h('h2', { id: 'verlauf-' + ids[0] }, 'Verlauf'));
  try {
    const filter = ids.map((r, i) => office.filter(`record = {:r${i}}`, { [`r${i}`]: r })).join(' || ');
    const entries = await office.collection('audit_log').getFullList({ filter, sort: '-created' });
    if (!entries.length) box.append(h('p', { class: 'muted' }, 'Noch keine Entscheidung des Büros.'));
    else {
      box.append(h('ul', { class: 'audit-list' }, entries.map((e) =>
        h('li', {}, h('span', { class: 'audit-when' }, dayTime(e.created)), ' ', h('span', { class: 'audit-who' }, e.actor_name || e.actor), ': ', e.summary))));
    }
  } catch (err) {
    box.append(h('p', { class: 'muted' }, 'Der Verlauf konnte nicht geladen werden. ', errorText(err)));
  }
  return box;
}

/** decidedBy names who in the office decided (expand "decided_by"). */
export function decidedBy(record) {
  const who = record.expand?.decided_by?.name;
  if (who) return who;
  return record.decided_by ? 'ein Konto der Koordinierungsstelle' : 'die IT (Superuser) oder noch niemand';
}

/**
 * pager shows "Seite 2 von 5" with previous and next links that keep the
 * other query parameters.
 */
export function pager(result, hrefFor) {
  if (!result || result.totalPages <= 1) return null;
  return h('nav', { class: 'pager', 'aria-label': 'Seiten' },
    result.page > 1 ? h('a', { href: hrefFor(result.page - 1), rel: 'prev' }, '← Vorherige Seite') : null,
    h('span', {}, `Seite ${result.page} von ${result.totalPages}`),
    result.page < result.totalPages ? h('a', { href: hrefFor(result.page + 1), rel: 'next' }, 'Nächste Seite →') : null);
}

/** table builds a data table with column headers (scope="col"). */
export function table(caption, columns, rows) {
  return h('div', { class: 'table-scroll', role: 'region', 'aria-label': caption, tabindex: '0' },
    h('table', { class: 'data-table' },
      h('caption', { class: 'visually-hidden' }, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c)))))));
}

/** downloadWithLogin fetches a file that needs the staff login and saves it. */
export async function downloadWithLogin(url, filename) {
  const res = await fetch(url, { headers: { Authorization: office.authStore.token } });
  if (!res.ok) throw Object.assign(new Error('download failed'), { status: res.status });
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = h('a', { href, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
