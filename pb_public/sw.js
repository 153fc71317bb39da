// Service worker of the partners' verification page ("Karte prüfen"). It is
// registered with the scope /karte-pruefen only, so it serves no other page
// of the portal. Everything goes to the network first, so a page with a
// connection is always current; without one, the cached copy answers: the
// page (index.html), its scripts and styles, the public keys and the
// revocation list. Answers from the cache carry "X-BEN-Offline: 1", so the
// page can say that it checks with the last list it loaded.
const CACHE = 'ben-karte-pruefen-v1';
const PAGE = '/karte-pruefen';
const DATA = ['/api/ben/keys', '/api/ben/revocations'];

self.addEventListener('install', (event) => {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('ben-karte-pruefen-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  let key = null;
  if (request.mode === 'navigate') key = PAGE; // every portal address is index.html
  else if (DATA.includes(url.pathname)) key = url.pathname;
  else if (/^\/(js|css|vendor)\//.test(url.pathname) || url.pathname === '/favicon.svg') key = url.pathname;
  if (!key) return; // the rest of the API, logins, realtime: the network as usual
  event.respondWith(networkFirst(request, key));
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(key);
    if (!cached) throw err;
    const headers = new Headers(cached.headers);
    headers.set('X-BEN-Offline', '1');
    return new Response(await cached.blob(), { status: cached.status, statusText: cached.statusText, headers });
  }
}
