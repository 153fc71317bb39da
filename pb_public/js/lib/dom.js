// Building DOM without innerHTML: every text from the API goes in as a text
// node, and the only HTML that is ever inserted (rich-text fields) passes
// sanitizeHTML (DOMPurify, vendored in /vendor) first.
import DOMPurify from '/vendor/purify.es.mjs';

/**
 * h('a', { href: '/vereine', class: 'button' }, 'Vereine') builds an element.
 * Attributes: class, text, dataset, on: { click: fn } (listeners, never
 * inline handlers), boolean attributes as true/false; null skips.
 * Children: nodes, strings (text), arrays, null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on')) throw new Error('inline handlers are not allowed: ' + key);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, ...children);
  return el;
}

/**
 * append adds children to el: nodes, strings (as text), nested arrays;
 * null, undefined and false are skipped (unlike the DOM's own append).
 */
export function append(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** clear removes all children of el. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// ---- rich text -----------------------------------------------------------

// What a rich text may contain: text structure, lists, tables and links.
const RICH_TEXT = {
  ALLOWED_TAGS: ['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'small', 'sub', 'sup',
    'ul', 'ol', 'li', 'blockquote', 'code', 'pre', 'hr',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'a',
    'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  ALLOWED_ATTR: ['href', 'title', 'start', 'scope'],
  // web, mail and phone links, paths and anchors; nothing else (no javascript:, no data:)
  ALLOWED_URI_REGEXP: /^(?:(?:https?|mailto|tel):|\/(?!\/)|#)/i,
  // dropped with everything inside them, not only unwrapped
  ADD_FORBID_CONTENTS: ['form', 'button', 'select', 'textarea', 'object', 'embed', 'canvas', 'applet', 'frameset'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

// links to other sites open without handing over the page or a referrer
DOMPurify.addHook('afterSanitizeAttributes', (node) => {
  if (node.tagName === 'A' && /^https?:/i.test(node.getAttribute('href') || '')) {
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
});

/** safeURL returns href if it is a web, mail or phone link, or a path; else null. */
export function safeURL(href) {
  if (typeof href !== 'string') return null;
  const value = href.trim();
  if (value.startsWith('/') && !value.startsWith('//')) return value;
  if (value.startsWith('#')) return value;
  try {
    const url = new URL(value);
    return ['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** urlWith is path with the current query, some of its values changed (null or empty removes). */
export function urlWith(path, changes) {
  const params = new URLSearchParams(location.search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '' || v === undefined) params.delete(k);
    else params.set(k, v);
  }
  const qs = params.toString();
  return path + (qs ? '?' + qs : '');
}

/**
 * sanitizeHTML returns html as a fragment of the current document with
 * nothing but the RICH_TEXT elements and attributes: DOMPurify parses it in
 * an inert document (nothing loads, nothing runs). Headings of a rich text
 * sit below the page's own heading, so an h1 becomes an h2.
 */
export function sanitizeHTML(html) {
  // Event-handler and style attributes are renamed before parsing: even in
  // an inert document Chromium reports them to the Content-Security-Policy.
  // This is no check (DOMPurify drops every attribute not allowed, renamed
  // or not); it only keeps the CSP report free of noise.
  let source = String(html || '');
  for (let before = ''; before !== source;) {
    before = source;
    source = source.replace(/(<[^>]*?[\s/"'])(on[a-z]+|style)(\s*=)/gi, '$1data-removed-$2$3');
  }
  const fragment = DOMPurify.sanitize(source, RICH_TEXT);
  for (const h1 of fragment.querySelectorAll('h1')) {
    const h2 = document.createElement('h2');
    h2.append(...h1.childNodes);
    h1.replaceWith(h2);
  }
  return fragment;
}

/** richText returns a container with the sanitized HTML of a rich-text field. */
export function richText(html, className = 'rich-text') {
  const div = h('div', { class: className });
  div.append(sanitizeHTML(html));
  return div;
}

/** htmlToText turns rich text into plain text with blank lines between paragraphs (for editing). */
export function htmlToText(html) {
  const fragment = sanitizeHTML(html);
  const lines = [];
  let current = '';
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        current += child.textContent.replace(/\s+/g, ' ');
      } else if (child.tagName === 'BR') {
        lines.push(current.trim());
        current = '';
      } else if (/^(P|LI|H[2-6]|BLOCKQUOTE|PRE|TR|UL|OL|TABLE)$/.test(child.tagName)) {
        if (current.trim()) lines.push(current.trim());
        current = child.tagName === 'LI' ? '– ' : '';
        walk(child);
        if (current.trim()) lines.push(current.trim());
        current = '';
        if (child.tagName !== 'LI') lines.push('');
      } else {
        walk(child);
      }
    }
  };
  walk(fragment);
  if (current.trim()) lines.push(current.trim());
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** textToHTML turns plain text into paragraphs; blank lines separate them. */
export function textToHTML(text) {
  const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return String(text || '')
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => '<p>' + escape(p).replace(/\n/g, '<br>') + '</p>')
    .join('');
}

// ---- dates (always in the town's time zone) --------------------------------

export const TIME_ZONE = 'Europe/Berlin';

/** parseDate reads PocketBase's "2026-03-12 16:00:00.000Z" (or ISO); null when empty. */
export function parseDate(value) {
  if (!value) return null;
  if (value instanceof Date) return value;
  const d = new Date(String(value).replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d;
}

const fmt = (options) => new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, ...options });
const dateLong = fmt({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const dateShort = fmt({ weekday: 'short', day: 'numeric', month: 'short' });
const dateNumeric = fmt({ day: '2-digit', month: '2-digit', year: 'numeric' });
const timeOnly = fmt({ hour: '2-digit', minute: '2-digit' });
const monthYear = fmt({ month: 'long', year: 'numeric' });

export const formatDate = (v) => (parseDate(v) ? dateLong.format(parseDate(v)) : '');
export const formatDateShort = (v) => (parseDate(v) ? dateShort.format(parseDate(v)) : '');
export const formatDateNumeric = (v) => (parseDate(v) ? dateNumeric.format(parseDate(v)) : '');
export const formatTime = (v) => (parseDate(v) ? timeOnly.format(parseDate(v)) : '');
export const formatMonth = (v) => monthYear.format(v);

/** berlinParts gives the wall-clock parts of a date in Bitburg. */
export function berlinParts(date) {
  const parts = {};
  for (const p of fmt({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(date)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return parts;
}

/** dayKey is "YYYY-MM-DD" of a date in Bitburg. */
export function dayKey(date) {
  const p = berlinParts(date);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** berlinToDate converts Bitburg wall-clock time to a Date, whatever the browser's zone. */
export function berlinToDate(year, month, day, hour = 0, minute = 0) {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const p = berlinParts(new Date(guess));
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wall - shown;
  }
  return new Date(guess);
}

/** formatRange: "Dienstag, 3. März 2026, 16:00 – 18:00 Uhr" (or over several days). */
export function formatRange(start, end) {
  const s = parseDate(start);
  const e = parseDate(end);
  if (!s) return '';
  if (!e) return `${formatDate(s)}, ${formatTime(s)} Uhr`;
  if (dayKey(s) === dayKey(e)) return `${formatDate(s)}, ${formatTime(s)} – ${formatTime(e)} Uhr`;
  return `${formatDate(s)}, ${formatTime(s)} Uhr – ${formatDate(e)}, ${formatTime(e)} Uhr`;
}

/**
 * formatEventTime is the time of an event or one of its dates: whole days
 * ("Sa., 6. Juni 2026, ganztägig"; the stored end is the midnight after the
 * last day) or a range of times.
 */
export function formatEventTime(event) {
  if (!event.all_day) return formatRange(event.starts_at, event.ends_at);
  const s = parseDate(event.starts_at);
  const e = parseDate(event.ends_at);
  if (!s) return '';
  const last = e ? new Date(e.getTime() - 1) : s;
  if (dayKey(s) === dayKey(last)) return `${formatDate(s)}, ganztägig`;
  return `${formatDate(s)} bis ${formatDate(last)}, ganztägig`;
}

/** toInputValue gives the value of a datetime-local input (Bitburg time). */
export function toInputValue(value) {
  const d = parseDate(value);
  if (!d) return '';
  const p = berlinParts(d);
  const two = (n) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** fromInputValue reads a datetime-local value as Bitburg time; '' when empty or invalid. */
export function fromInputValue(value) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || '');
  if (!m) return '';
  return berlinToDate(+m[1], +m[2], +m[3], +m[4], +m[5]).toISOString();
}
