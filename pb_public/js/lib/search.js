// Full-text search (GET /api/ben/search) for the portal: the request, the
// highlighted text the server sends, a debounced search-as-you-type, and
// arrow-key movement through a list of results.
import { h } from './dom.js';
import { pb } from './api.js';

/** MIN_LETTERS: the server needs one word of at least three letters. */
export const MIN_LETTERS = 3;

/** COLLECTION_LABELS name what a hit is. */
export const COLLECTION_LABELS = {
  organisations: 'Verein oder Initiative',
  events: 'Termin',
  opportunities: 'Mitmachen',
  articles: 'Beitrag',
};

/** searchable tells whether text has a word the server can search for. */
export const searchable = (text) => text.split(/[^\p{L}\p{N}]+/u).some((w) => [...w].length >= MIN_LETTERS);

/** search asks the server; options: collection, page, perPage. */
export function search(q, { collection = '', page = 1, perPage = 10 } = {}) {
  const query = { q, page, perPage };
  if (collection) query.collection = collection;
  return pb.send('/api/ben/search', { query, requestKey: null });
}

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#34;': '"', '&#39;': "'", '&quot;': '"' };
const decode = (text) => text.replace(/&(amp|lt|gt|quot|#34|#39);/g, (e) => ENTITIES[e]);

/**
 * highlighted turns the server's snippet (escaped text with <mark>…</mark>)
 * into nodes without ever parsing it as HTML.
 */
export function highlighted(snippet) {
  const nodes = [];
  let marked = false;
  for (const part of String(snippet || '').split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) nodes.push(marked ? h('mark', {}, decode(part)) : decode(part));
  }
  return nodes;
}

/** hitItem is one result: what it is, its title and where the words occur. */
export function hitItem(hit) {
  return h('li', {},
    h('a', { href: hit.link },
      h('span', { class: 'hit-kind muted' }, COLLECTION_LABELS[hit.collection] || ''),
      h('span', { class: 'hit-title' }, highlighted(hit.highlighted_title || hit.title)),
      hit.snippet ? h('span', { class: 'hit-snippet' }, highlighted(hit.snippet)) : null));
}

/**
 * debounced calls fn once typing has paused for wait ms; cancel() stops a
 * pending call (when the page is left).
 */
export function debounced(fn, wait = 250) {
  let timer = null;
  const call = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), wait); };
  call.cancel = () => clearTimeout(timer);
  return call;
}

/**
 * arrowKeys lets ArrowDown move from input into the links of list, and
 * ArrowUp/ArrowDown, Home/End between them; Escape or ArrowUp on the first
 * link goes back to the input.
 */
export function arrowKeys(input, list) {
  const links = () => [...list.querySelectorAll('a')];
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' && links().length) {
      ev.preventDefault();
      links()[0].focus();
    }
  });
  list.addEventListener('keydown', (ev) => {
    const all = links();
    const i = all.indexOf(document.activeElement);
    if (i < 0) return;
    let next = null;
    if (ev.key === 'ArrowDown') next = all[Math.min(i + 1, all.length - 1)];
    else if (ev.key === 'ArrowUp') next = i === 0 ? input : all[i - 1];
    else if (ev.key === 'Home') next = all[0];
    else if (ev.key === 'End') next = all[all.length - 1];
    else if (ev.key === 'Escape') next = input;
    if (next) {
      ev.preventDefault();
      next.focus();
    }
  });
}
