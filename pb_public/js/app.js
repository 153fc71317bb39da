// The portal's frame: routing (history API, shareable addresses), the main
// navigation, the login state and realtime subscriptions per page.
// Pages themselves are listed in pages.js.
import { pages, notFound } from './pages.js';
import { pb, currentUser } from './lib/api.js';
import { h, clear } from './lib/dom.js';
import { loading, failure } from './lib/ui.js';

const SITE = 'BEN – Bitburger Engagement Netz';
const main = document.getElementById('inhalt');
const announcer = document.getElementById('ansage');

const routes = pages.map((page) => {
  const names = [];
  const pattern = page.path.replace(/:([a-z]+)/gi, (_, name) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...page, names, regex: new RegExp('^' + pattern + '$') };
});

function match(pathname) {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (m) {
      const params = {};
      route.names.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
      return { route, params };
    }
  }
  return null;
}

// ---- navigation ------------------------------------------------------------

function renderNav() {
  const list = document.getElementById('nav-list');
  clear(list);
  const items = pages.filter((p) => p.nav).sort((a, b) => a.nav.order - b.nav.order);
  for (const page of items) {
    list.append(h('li', {}, h('a', { href: page.path }, page.nav.label)));
  }
  markCurrent();
}

function markCurrent() {
  const path = location.pathname;
  for (const a of document.querySelectorAll('#nav-list a, #nav-account a')) {
    const href = a.getAttribute('href');
    const current = href === '/' ? path === '/' : path === href || path.startsWith(href + '/');
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

function renderAccount() {
  const box = document.getElementById('nav-account');
  clear(box);
  const user = currentUser();
  if (user) {
    box.append(
      h('a', { href: '/konto', class: 'nav-my', title: `Angemeldet als ${user.name || user.email}` }, 'Mein Konto'),
      h('button', { type: 'button', class: 'link-button', on: { click: logout } }, 'Abmelden'),
    );
  } else {
    box.append(h('a', { href: '/anmelden' }, 'Anmelden'));
  }
  markCurrent();
}

function logout() {
  pb.authStore.clear();
  announce('Sie sind abgemeldet.');
  navigate('/');
}

function setupMenuToggle() {
  const toggle = document.querySelector('.nav-toggle');
  const nav = document.getElementById('hauptnavigation');
  toggle.hidden = false;
  const media = window.matchMedia('(max-width: 48em)');
  const apply = () => {
    const small = media.matches;
    toggle.hidden = !small;
    if (!small) {
      nav.classList.remove('closed');
      toggle.setAttribute('aria-expanded', 'false');
    } else if (toggle.getAttribute('aria-expanded') !== 'true') {
      nav.classList.add('closed');
    }
  };
  toggle.addEventListener('click', () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(open));
    nav.classList.toggle('closed', !open);
  });
  // Escape closes the open menu and gives the focus back to its button
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape' || toggle.hidden || toggle.getAttribute('aria-expanded') !== 'true') return;
    toggle.setAttribute('aria-expanded', 'false');
    nav.classList.add('closed');
    toggle.focus();
  });
  media.addEventListener('change', apply);
  apply();
}

function closeMenu() {
  const toggle = document.querySelector('.nav-toggle');
  if (toggle && !toggle.hidden) {
    toggle.setAttribute('aria-expanded', 'false');
    document.getElementById('hauptnavigation').classList.add('closed');
  }
}

// ---- announcements ---------------------------------------------------------

export function announce(text) {
  announcer.textContent = '';
  // a new text node makes screen readers read it even when it repeats
  setTimeout(() => { announcer.textContent = text; }, 50);
}

// ---- realtime --------------------------------------------------------------

// PUBLIC_TOPICS have BEN's public realtime topic "ben/public/<name>": the
// guests' view of every change, worked out once for all subscribers.
const PUBLIC_TOPICS = ['events', 'organisations', 'opportunities', 'articles', 'partners'];

/**
 * subscribe calls reload when one of collections changes: through BEN's
 * public topics (or PocketBase's record subscriptions for the others), and
 * through BEN's change signal ("ben/changes"), which also reports changes
 * no guest sees (an editor's draft). Several changes in a row cause one
 * reload.
 */
async function subscribe(collections, reload) {
  let timer = null;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(reload, 250);
  };
  const stops = [];
  try {
    for (const name of collections) {
      stops.push(PUBLIC_TOPICS.includes(name)
        ? await pb.realtime.subscribe('ben/public/' + name, schedule)
        : await pb.collection(name).subscribe('*', schedule));
    }
    stops.push(await pb.realtime.subscribe('ben/changes', (change) => {
      if (collections.includes(change?.collection)) schedule();
    }));
  } catch (err) {
    console.warn('Live-Aktualisierung nicht verfügbar', err);
  }
  return () => {
    clearTimeout(timer);
    for (const stop of stops) stop().catch(() => {});
  };
}

// ---- routing ---------------------------------------------------------------

let leaving = [];
let renderCount = 0;

async function leave() {
  const fns = leaving;
  leaving = [];
  for (const fn of fns) {
    try { await fn(); } catch { /* a page's cleanup must not block the next page */ }
  }
}

export function navigate(href, { replace = false } = {}) {
  const url = new URL(href, location.href);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

async function render() {
  const count = ++renderCount;
  main.setAttribute('aria-busy', 'true'); // at once: tests and assistive technology wait for it
  await leave();
  closeMenu();
  markCurrent();
  const found = match(location.pathname);
  let page;
  clear(main);
  main.append(loading());
  try {
    page = (await (found ? found.route.load() : notFound())).default;
  } catch (err) {
    clear(main);
    main.removeAttribute('aria-busy');
    main.append(failure('Die Seite konnte nicht geladen werden.', () => render()));
    return;
  }
  if (count !== renderCount) return; // the user went on meanwhile

  const ctx = {
    main,
    params: found?.params || {},
    query: new URLSearchParams(location.search),
    user: currentUser(),
    navigate,
    announce,
    setTitle: (text) => { document.title = text ? `${text} – ${SITE}` : SITE; },
    live: async (collections, reload) => {
      const stop = await subscribe(collections, () => { if (count === renderCount) reload(); });
      if (count !== renderCount) stop();
      else leaving.push(stop);
    },
    onLeave: (fn) => leaving.push(fn),
    requireLogin: () => {
      if (currentUser()) return true;
      navigate('/anmelden?weiter=' + encodeURIComponent(location.pathname + location.search), { replace: true });
      return false;
    },
    isCurrent: () => count === renderCount,
  };
  const title = typeof page.title === 'function' ? page.title(ctx.params) : page.title;
  ctx.setTitle(title);
  // the loading state stays until the page shows something of its own, so
  // that main is never empty while a page fetches its data
  const pending = loading();
  main.replaceChildren(pending);
  const watch = new MutationObserver(() => {
    if (main.firstChild !== pending || main.childNodes.length > 1) {
      pending.remove();
      watch.disconnect();
    }
  });
  watch.observe(main, { childList: true });
  try {
    await page.render(ctx);
  } catch (err) {
    console.error(err);
    if (count === renderCount) {
      clear(main);
      main.append(failure('Beim Anzeigen dieser Seite ist ein Fehler aufgetreten.', () => render()));
    }
  }
  watch.disconnect();
  if (count !== renderCount) return;
  pending.remove();
  main.removeAttribute('aria-busy');
  focusHeading();
}

let firstRender = true;
function focusHeading() {
  if (firstRender) {
    firstRender = false; // on load, the browser's focus stays where it is
    return;
  }
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
    announce(heading.textContent);
  } else {
    main.focus();
  }
  window.scrollTo(0, 0);
}

// Same-site links are handled here; API, dashboard, files and feeds are not pages.
document.addEventListener('click', (ev) => {
  if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
  const a = ev.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin) return;
  if (/^\/(api|_)(\/|$)/.test(url.pathname) || /\.[a-z0-9]+$/i.test(url.pathname)) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return; // in-page anchor
  ev.preventDefault();
  navigate(url.pathname + url.search + url.hash);
});

// The search field in the header opens the search page without a reload.
document.querySelector('.header-search')?.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = String(new FormData(ev.target).get('q') || '').trim();
  ev.target.reset();
  navigate('/suche' + (q ? '?q=' + encodeURIComponent(q) : ''));
});

window.addEventListener('popstate', () => render());
pb.authStore.onChange(() => renderAccount());

// A stored login is checked once; an expired or revoked one is dropped.
async function refreshLogin() {
  if (!pb.authStore.isValid) {
    pb.authStore.clear();
    return;
  }
  if (pb.authStore.record?.collectionName !== 'users') return;
  try {
    await pb.collection('users').authRefresh();
  } catch (err) {
    if (err?.status === 401 || err?.status === 403 || err?.status === 404) pb.authStore.clear();
  }
}

renderNav();
renderAccount();
setupMenuToggle();
refreshLogin();
render();
