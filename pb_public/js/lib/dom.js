// Building DOM without innerHTML: every text from the API goes in as a text
// node, and the only HTML that is ever inserted (rich-text fields) passes
// sanitizeHTML first.

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

// Elements kept as they are (with no attributes but those listed).
const ALLOWED = {
  P: [], BR: [], STRONG: [], B: [], EM: [], I: [], U: [], S: [], SMALL: [], SUB: [], SUP: [],
  UL: [], OL: ['start'], LI: [], BLOCKQUOTE: [], CODE: [], PRE: [], HR: [],
  H2: [], H3: [], H4: [], H5: [], H6: [], A: ['href', 'title'],
  TABLE: [], THEAD: [], TBODY: [], TR: [], TH: ['scope'], TD: [],
};
// Headings of a rich text sit below the page's own heading.
const RENAMED = { H1: 'H2' };
// Elements dropped with everything inside them.
const DROPPED = new Set(['SCRIPT', 'STYLE', 'IFRAME', 'OBJECT', 'EMBED', 'TEMPLATE', 'NOSCRIPT',
  'SVG', 'MATH', 'FORM', 'INPUT', 'BUTTON', 'SELECT', 'TEXTAREA', 'LINK', 'META', 'BASE', 'IMG',
  'VIDEO', 'AUDIO', 'SOURCE', 'PICTURE', 'CANVAS', 'FRAME', 'FRAMESET', 'APPLET', 'TITLE', 'HEAD']);

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
 * sanitizeHTML parses html in an inert document (nothing loads, nothing
 * runs) and rebuilds it from an allowlist of elements and attributes.
 * Unknown elements are unwrapped, dangerous ones dropped with their content.
 */
export function sanitizeHTML(html) {
  // Event-handler attributes are renamed before parsing: even in an inert
  // document the browser would report them to the Content-Security-Policy.
  // The allowlist below drops them anyway; this only keeps the CSP quiet.
  let source = String(html || '');
  for (let before = ''; before !== source;) {
    before = source;
    source = source.replace(/(<[^>]*?[\s/"'])(on[a-z]+)(\s*=)/gi, '$1data-removed-$2$3');
  }
  const doc = new DOMParser().parseFromString(source, 'text/html');
  const out = document.createDocumentFragment();
  copyChildren(doc.body, out);
  return out;
}

function copyChildren(from, to) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.append(document.createTextNode(node.textContent));
      continue;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) continue; // comments, processing instructions
    const tag = node.tagName.toUpperCase();
    if (DROPPED.has(tag)) continue;
    const name = RENAMED[tag] || tag;
    const allowed = ALLOWED[name];
    if (!allowed) {
      copyChildren(node, to); // unwrap: keep the text, lose the element
      continue;
    }
    const el = document.createElement(name.toLowerCase());
    for (const attr of allowed) {
      const value = node.getAttribute(attr);
      if (value === null) continue;
      if (attr === 'href') {
        const url = safeURL(value);
        if (url) el.setAttribute('href', url);
      } else {
        el.setAttribute(attr, value);
      }
    }
    if (name === 'A' && el.hasAttribute('href') && /^https?:/.test(el.getAttribute('href'))) {
      el.setAttribute('rel', 'noopener noreferrer nofollow');
    }
    copyChildren(node, el);
    to.append(el);
  }
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
