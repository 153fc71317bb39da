// "Karte prüfen": discount partners check a volunteer card. The phone checks
// the card itself (signature, validity, revocation list: js/lib/card-token.js)
// and tells only the verdict and the first name. A card's QR code is this
// page's address with the token in the fragment, so any camera app opens
// the page, which checks the token at once; the fragment never reaches a
// server. After one visit with a connection the page works offline: the
// service worker (/sw.js) keeps the page, the public keys and the
// revocation list, and the page says how fresh its list is.
import { h, append, clear } from '../lib/dom.js';
import { field } from '../lib/forms.js';
import { pageHead } from '../lib/ui.js';
import { VERDICTS, ed25519Supported, importKeys, checkRevocations, verifyToken, tokenOfScan } from '../lib/card-token.js';

const KEYS_URL = '/api/ben/keys';
const LIST_URL = '/api/ben/revocations';
const STYLES = '/css/karte-pruefen.css';
const WORKER = '/sw.js';
const SCOPE = '/karte-pruefen';
// the service worker's cache (sw.js names the same)
const CACHE = 'ben-karte-pruefen-v1';
// a list older than this is pointed out
const STALE_DAYS = 7;

const EXPLANATIONS = {
  valid: 'Die Karte ist echt und gültig.',
  expired: 'Die Karte ist echt, aber ihre Gültigkeit ist abgelaufen.',
  revoked: 'Die Karte ist echt, wurde aber von der Stadt Bitburg gesperrt.',
  not_genuine: 'Diese Karte wurde nicht von der Stadt Bitburg ausgestellt oder wurde verändert.',
};

const dateTime = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'medium', timeStyle: 'short' });

export default {
  title: 'Karte prüfen',
  async render(ctx) {
    useStyles();
    const status = h('div', { class: 'check-data', 'aria-live': 'polite' }, h('p', {}, 'Prüfdaten werden geladen …'));
    const result = h('div', { class: 'verdict-box', role: 'status', 'aria-atomic': 'true' });
    const code = field({
      name: 'code', label: 'Code der Karte', type: 'textarea', rows: 3, autocomplete: 'off',
      help: 'Scannen Sie den QR-Code der Karte oder fügen Sie ihren Code ein (er beginnt mit „BEN1.“).',
      attrs: { spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off' },
    });
    const input = code.querySelector('textarea');
    const submit = h('button', { type: 'submit', class: 'button', disabled: true }, 'Prüfen');
    const form = h('form', { class: 'form check-form', novalidate: true }, code, h('div', { class: 'form-actions' }, submit));
    const camera = h('div', { class: 'camera' });

    append(ctx.main,
      pageHead('Karte prüfen', 'Hier prüfen Partner, ob eine Ehrenamtskarte echt und gültig ist. Sie sehen nur das Ergebnis und den Vornamen – sonst nichts.'),
      camera, form, result, status);

    // a scanned card's address: take the token and leave the address bar clean
    const scanned = location.hash.length > 1 ? location.hash.slice(1) : '';
    if (scanned) {
      history.replaceState(history.state, '', location.pathname + location.search);
      input.value = scanned;
    }

    let trust = null; // { keys, revoked, issuedAt, offline, unreachable, fromCache }
    const check = async (text) => {
      if (!trust || !text.trim()) return;
      const r = await verifyToken(tokenOfScan(text), trust.keys, trust.revoked);
      if (!ctx.isCurrent()) return;
      showVerdict(result, r, trust);
    };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      check(input.value);
    });
    // a scanner that types into the field ends with Enter
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && !ev.shiftKey) {
        ev.preventDefault();
        check(input.value);
      }
    });

    if (!(await ed25519Supported())) {
      append(clear(status), h('div', { class: 'notice notice-error', role: 'alert' },
        h('p', {}, 'Dieser Browser kann Karten nicht selbst prüfen (ihm fehlt die Prüfung von Ed25519-Signaturen). Bitte verwenden Sie einen aktuellen Browser.')));
      return;
    }

    trust = await loadTrust();
    if (!ctx.isCurrent()) return;
    showTrust(status, trust);
    if (!trust.keys.size || !trust.revoked) {
      trust = null;
      return;
    }
    submit.disabled = false;
    if (scanned) check(scanned);
    await offerCamera(ctx, camera, input, check);
    await keepOffline(status, trust);
  },
};

function useStyles() {
  if (!document.querySelector(`link[href="${STYLES}"]`)) {
    document.head.append(h('link', { rel: 'stylesheet', href: STYLES }));
  }
}

/**
 * loadTrust fetches the keys and the revocation list. Online they come
 * fresh from BEN; when BEN cannot be reached (no connection, or BEN itself
 * is down) the service worker answers from its cache and marks the
 * answer, so the page can say which.
 */
async function loadTrust() {
  const get = async (url) => {
    try {
      const res = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
      if (!res.ok) return { body: null, cached: false, failed: true };
      return { body: await res.json(), cached: res.headers.get('X-BEN-Offline') === '1', failed: false };
    } catch {
      return { body: null, cached: false, failed: true };
    }
  };
  const [keys, list] = await Promise.all([get(KEYS_URL), get(LIST_URL)]);
  const ring = await importKeys(keys.body);
  const revocations = list.body ? await checkRevocations(list.body, ring) : null;
  const fromCache = keys.cached || list.cached;
  const offline = navigator.onLine === false;
  return {
    keys: ring,
    revoked: revocations?.numbers || null,
    issuedAt: revocations?.issuedAt || null,
    listForged: !!list.body && !revocations,
    fromCache,
    offline,
    // the device has a connection, but BEN did not answer
    unreachable: !offline && (fromCache || keys.failed || list.failed),
  };
}

const dayCount = (days) => (days === 1 ? 'einem Tag' : `${days} Tagen`);

/** ageText says how old a list is, in whole days: "heute geladen", "vor 3 Tagen geladen". */
function ageText(issuedAt, now = new Date()) {
  const days = Math.floor((now.getTime() - issuedAt.getTime()) / 86_400_000);
  return days < 1 ? 'heute geladen' : `vor ${dayCount(days)} geladen`;
}

/**
 * showTrust says where the list comes from, in one message: fresh from
 * BEN; the stored list because the device has no connection; or the
 * stored list because BEN cannot be reached although the device is online.
 */
function showTrust(status, trust) {
  clear(status);
  append(status, h('h2', {}, 'Stand der Prüfdaten'));
  if (!trust.keys.size || (!trust.revoked && !trust.listForged)) {
    let text = 'Die Prüfdaten konnten nicht geladen werden. Bitte versuchen Sie es später erneut.';
    if (trust.offline) text = 'Ohne Internetverbindung kann diese Seite erst prüfen, nachdem sie einmal mit Verbindung geöffnet wurde.';
    else if (trust.unreachable) text = 'BEN ist gerade nicht erreichbar, und auf diesem Gerät sind noch keine Prüfdaten gespeichert. Bitte versuchen Sie es später erneut.';
    append(status, h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, text)));
    return;
  }
  if (trust.listForged) {
    append(status, h('div', { class: 'notice notice-error', role: 'alert' },
      h('p', {}, 'Die Sperrliste ist nicht von der Stadt Bitburg unterschrieben. Bitte prüfen Sie später erneut.')));
    return;
  }
  const ageDays = (Date.now() - trust.issuedAt.getTime()) / 86_400_000;
  const stored = `geprüft wird mit der auf diesem Gerät gespeicherten Sperrliste vom ${dateTime.format(trust.issuedAt)} Uhr (${ageText(trust.issuedAt)}).`;
  let note = null;
  if (trust.offline) {
    note = `Ohne Internetverbindung: ${stored} Sie wird erneuert, sobald Sie die Seite mit Verbindung öffnen.`;
  } else if (trust.unreachable) {
    note = `BEN ist gerade nicht erreichbar: ${stored} Sie wird erneuert, sobald BEN wieder antwortet.`;
  }
  append(status,
    h('p', { class: 'list-date' }, `Sperrliste vom ${dateTime.format(trust.issuedAt)} Uhr`),
    note ? h('p', { class: 'offline-note', 'data-cause': trust.offline ? 'offline' : 'unreachable' }, note) : null,
    ageDays > STALE_DAYS
      ? h('div', { class: 'notice notice-error' }, h('p', {}, `Die Sperrliste ist älter als ${STALE_DAYS} Tage. Karten, die seitdem gesperrt wurden, erkennt diese Seite nicht. Öffnen Sie sie bitte einmal mit Internetverbindung.`))
      : null);
}

function showVerdict(box, r, trust) {
  clear(box);
  box.dataset.verdict = r.verdict;
  append(box,
    h('p', { class: `verdict verdict-${r.verdict.replace('_', '-')}` }, VERDICTS[r.verdict]),
    r.firstName ? h('p', { class: 'verdict-name' }, 'Vorname: ', h('strong', {}, r.firstName)) : null,
    h('p', {}, EXPLANATIONS[r.verdict]),
    r.reason === 'unknown_key' && trust.offline
      ? h('p', { class: 'muted' }, 'Ist die Karte neu? Dann öffnen Sie diese Seite einmal mit Internetverbindung, um die aktuellen Schlüssel zu laden, und prüfen Sie erneut.')
      : null);
}

/**
 * offerCamera scans with the camera: with BarcodeDetector where the browser
 * has it, otherwise with the vendored JavaScript decoder (js/lib/qr-scan.js),
 * so iPhones scan too.
 */
async function offerCamera(ctx, box, input, check) {
  if (!navigator.mediaDevices?.getUserMedia) return;
  const video = h('video', { class: 'camera-view', muted: true, playsinline: true, hidden: true });
  const button = h('button', { type: 'button', class: 'button secondary' }, 'Mit der Kamera scannen');
  append(box, button, video);
  // loaded now, so that it is stored for offline use with the page
  const { frameReader } = await import('../lib/qr-scan.js');
  let stream = null;
  let timer = null;
  let busy = false;
  const stop = () => {
    clearInterval(timer);
    stream?.getTracks().forEach((track) => track.stop());
    stream = null;
    video.hidden = true;
    button.textContent = 'Mit der Kamera scannen';
  };
  ctx.onLeave(stop);
  button.addEventListener('click', async () => {
    if (stream) {
      stop();
      return;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    } catch {
      append(box, h('p', { class: 'field-error' }, 'Die Kamera ist nicht verfügbar. Sie können den Code auch eingeben.'));
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play().catch(() => {});
    button.textContent = 'Kamera ausschalten';
    const read = frameReader(video);
    timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        const text = await read();
        if (text) {
          stop();
          input.value = tokenOfScan(text);
          check(text);
        }
      } catch { /* the next frame may do */ } finally {
        busy = false;
      }
    }, 250);
  });
}

/**
 * keepOffline installs the service worker and puts what this page needs
 * into its cache right away: the worker only sees requests from the next
 * visit on. A page that came from the cache (BEN not reachable) is stored
 * already and is not stored again.
 */
async function keepOffline(status, trust) {
  const note = h('p', { class: 'offline-ready muted' });
  append(status, note);
  if (!('serviceWorker' in navigator) || !window.caches) {
    note.textContent = 'Dieser Browser kann die Seite nicht für die Nutzung ohne Internetverbindung speichern.';
    return;
  }
  const ready = () => {
    note.textContent = 'Diese Seite funktioniert auf diesem Gerät auch ohne Internetverbindung.';
    note.dataset.ready = 'true';
  };
  if (trust.fromCache) {
    // what answered is the stored copy: there is nothing newer to store
    ready();
    return;
  }
  try {
    await navigator.serviceWorker.register(WORKER, { scope: SCOPE });
    // what this document has loaded, i.e. what the page needs to start
    // (the QR decoder included)
    const loaded = performance.getEntriesByType('resource')
      .map((e) => new URL(e.name))
      .filter((u) => u.origin === location.origin && (/^\/(js|css|vendor)\//.test(u.pathname) || u.pathname === '/favicon.svg'))
      .map((u) => u.pathname);
    const cache = await caches.open(CACHE);
    // addAll refuses duplicates
    await cache.addAll([...new Set([SCOPE, STYLES, '/js/app.js', '/js/pages.js', '/js/pages/karte-pruefen.js', '/js/lib/card-token.js', '/js/lib/qr-scan.js', ...loaded])]);
    await Promise.all([KEYS_URL, LIST_URL].map(async (url) => {
      const res = await fetch(url, { cache: 'no-store' });
      if (res.ok) await cache.put(url, res);
    }));
    ready();
  } catch (err) {
    console.warn('Offline-Speicherung fehlgeschlagen', err);
    note.textContent = 'Die Seite konnte nicht für die Nutzung ohne Internetverbindung gespeichert werden.';
  }
}
