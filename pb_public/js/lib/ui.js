// Building blocks the pages share: loading, error and empty states, event
// and organisation entries, the calendar subscription box.
import { h, formatDateShort, formatTime, formatEventTime, parseDate, dayKey } from './dom.js';
import { pb, fileURL, showFile, errorText, PUBLIC_ORGS } from './api.js';
import { ORG_KINDS, TOPICS, EVENT_KINDS, OFFICE_NAME, label } from './labels.js';

export const loading = (text = 'Wird geladen …') =>
  h('p', { class: 'state state-loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), text);

/** failure explains that something could not be loaded and offers to try again. */
export function failure(text, retry, err) {
  return h('div', { class: 'state state-error', role: 'alert' },
    h('p', {}, text),
    err ? h('p', { class: 'muted' }, errorText(err)) : null,
    retry ? h('button', { type: 'button', class: 'button secondary', on: { click: retry } }, 'Erneut versuchen') : null);
}

export const empty = (text, ...more) => h('div', { class: 'state state-empty' }, h('p', {}, text), ...more);

export const badge = (text, kind = '') => h('span', { class: `badge ${kind}`.trim() }, text);

/** pageHead is the h1 with an optional lead paragraph. */
export const pageHead = (title, lead) => h('div', { class: 'page-head' }, h('h1', {}, title), lead ? h('p', { class: 'lead' }, lead) : null);

/** orgLogo is an organisation's logo as a decorative image, or its initials. */
export function orgLogo(org, size = 'small') {
  if (org.logo) {
    const thumb = size === 'small' ? '160x160f' : '480x0';
    const img = h('img', {
      class: `logo logo-${size}`, alt: '', loading: 'lazy', width: size === 'small' ? 64 : 160, height: size === 'small' ? 64 : 160,
    });
    // a club that is not published shows its logo only to its editors
    if (org.status && org.status !== 'published') return showFile(img, org, org.logo, thumb);
    img.src = fileURL(org, org.logo, thumb);
    return img;
  }
  const initials = (org.name || '?').split(/\s+/).map((w) => w[0]).filter((c) => /[A-ZÄÖÜ]/i.test(c)).slice(0, 2).join('');
  return h('span', { class: `logo logo-${size} logo-initials`, 'aria-hidden': 'true' }, initials);
}

/** orgCard is an organisation in a list. */
export function orgCard(org) {
  return h('li', { class: 'card org-card' },
    orgLogo(org),
    h('div', { class: 'card-body' },
      h('h3', {}, h('a', { href: `/vereine/${encodeURIComponent(org.slug)}` }, org.name)),
      h('p', { class: 'meta' }, label(ORG_KINDS, org.kind), org.address ? ` · ${org.address}` : ''),
      topicList(org.topics)));
}

export function topicList(topics) {
  if (!topics?.length) return null;
  return h('ul', { class: 'tags', 'aria-label': 'Themen' }, topics.map((t) => h('li', {}, label(TOPICS, t))));
}

/** organiserName names who holds an event (the office when it has no organisation). */
export const organiserName = (event) => event.expand?.organisation?.name || (event.organisation ? '' : OFFICE_NAME);

/**
 * eventItem is an event in a list: date block, title, time, place,
 * organiser. It takes an event record or one date of the occurrence list
 * (GET /api/ben/occurrences, mapped by occurrenceEvent); a cancelled date
 * is struck through and says "abgesagt".
 */
export function eventItem(event, { showOrganiser = true, headingLevel = 'h3' } = {}) {
  const start = parseDate(event.starts_at);
  const org = event.expand?.organisation;
  return h('li', { class: ['event-item', event.cancelled ? 'cancelled' : ''] },
    h('div', { class: 'date-block', 'aria-hidden': 'true' },
      h('span', { class: 'date-day' }, start ? new Intl.DateTimeFormat('de-DE', { day: 'numeric', timeZone: 'Europe/Berlin' }).format(start) : ''),
      h('span', { class: 'date-month' }, start ? new Intl.DateTimeFormat('de-DE', { month: 'short', timeZone: 'Europe/Berlin' }).format(start) : '')),
    h('div', { class: 'event-body' },
      h(headingLevel, {}, h('a', { href: `/termine/${event.id}` }, event.cancelled ? h('s', {}, event.title) : event.title),
        event.cancelled ? [' ', badge('abgesagt', 'cancelled')] : null),
      h('p', { class: 'meta' },
        h('time', { datetime: start ? start.toISOString() : '' }, formatEventTime(event)),
        event.recurring || event.rrule ? [' ', badge('Terminreihe', 'series')] : null),
      h('p', { class: 'meta' },
        badge(label(EVENT_KINDS, event.kind), `kind-${event.kind}`),
        event.location ? ` ${event.location}` : '',
        showOrganiser && org ? [' · ', h('a', { href: `/vereine/${encodeURIComponent(org.slug)}` }, org.name)] : '',
        showOrganiser && !event.organisation ? ` · ${OFFICE_NAME}` : '')));
}

/**
 * occurrenceEvent turns one date of GET /api/ben/occurrences into the shape
 * of an event record for eventItem; orgs maps organisation ids to records.
 */
export const occurrenceEvent = (o, orgs) => ({
  ...o, id: o.event, expand: { organisation: orgs.get(o.organisation) },
});

/**
 * upcomingDates loads the next dates (series expanded) from today on, at
 * most perPage, with their organisations; query may name an organisation.
 */
export async function upcomingDates({ perPage = 5, ...query } = {}) {
  const day = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(d);
  const list = await pb.send('/api/ben/occurrences', {
    query: { from: day(new Date()), to: day(new Date(Date.now() + 365 * 86400000)), perPage, ...query },
  });
  const ids = [...new Set(list.items.map((o) => o.organisation).filter(Boolean))];
  const orgs = new Map();
  if (ids.length) {
    const params = {};
    const parts = ids.map((id, i) => { params['o' + i] = id; return `id = {:o${i}}`; });
    const records = await pb.collection('organisations').getFullList({
      filter: pb.filter(`${PUBLIC_ORGS} && (${parts.join(' || ')})`, params), fields: 'id,slug,name',
    });
    for (const r of records) orgs.set(r.id, r);
  }
  return list.items.map((o) => occurrenceEvent(o, orgs));
}

/** shortDate is e.g. "Di., 3. März, 16:00 Uhr". */
export const shortDate = (value) => `${formatDateShort(value)}, ${formatTime(value)} Uhr`;

/** groupByDay groups events by their Bitburg calendar day (of the start). */
export function groupByDay(events) {
  const groups = new Map();
  for (const e of events) {
    const key = dayKey(parseDate(e.starts_at));
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(e);
  }
  return groups;
}

/**
 * calendarBox offers a calendar subscription (iCal) for path, e.g.
 * /api/ben/events.ics: a webcal link for calendar apps and the address to
 * copy for web calendars.
 */
export function calendarBox(path, title, text) {
  const https = new URL(path, location.origin).href;
  const webcal = https.replace(/^https?:/, 'webcal:');
  const inputId = 'abo-' + Math.random().toString(36).slice(2, 8);
  const status = h('span', { class: 'copy-status', role: 'status' });
  const input = h('input', { id: inputId, type: 'text', readonly: true, value: https, class: 'copy-input' });
  return h('section', { class: 'calendar-box', 'aria-labelledby': inputId + '-titel' },
    h('h2', { id: inputId + '-titel' }, title),
    h('p', {}, text),
    h('p', { class: 'actions' },
      h('a', { class: 'button', href: webcal }, 'Im Kalender abonnieren'),
      h('a', { class: 'button secondary', href: path }, 'iCal-Datei herunterladen')),
    h('div', { class: 'copy-row' },
      h('label', { for: inputId }, 'Adresse für Web-Kalender (z. B. Google, Outlook im Browser):'),
      h('div', { class: 'copy-line' },
        input,
        h('button', {
          type: 'button', class: 'button secondary', on: {
            click: async () => {
              try {
                await navigator.clipboard.writeText(https);
                status.textContent = 'Adresse kopiert.';
              } catch {
                input.select();
                status.textContent = 'Bitte kopieren Sie die markierte Adresse.';
              }
            },
          },
        }, 'Adresse kopieren'),
        status)));
}

/** liveNote tells that a list updates itself. */
export const liveNote = () => h('p', { class: 'live-note' }, h('span', { class: 'live-dot', 'aria-hidden': 'true' }), 'Diese Liste aktualisiert sich automatisch.');

// A message for the next page (e.g. "saved" after a redirect).
let flash = '';
export const setFlash = (text) => { flash = text; };
/** takeFlash returns the pending message as a status box (once), or null. */
export function takeFlash() {
  if (!flash) return null;
  const box = h('div', { class: 'notice notice-success', role: 'status' }, flash);
  flash = '';
  return box;
}
