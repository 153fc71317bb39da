// "Karte prüfen" in headless Chromium against a real BEN: the page verifies
// cards itself (WebCrypto Ed25519, validity, signed revocation list) and must
// agree with BEN's Go verifier (/api/ben/verify) on the same tokens — online,
// and with the network cut off after the first visit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { createRequire } from 'node:module';
import { readFile, readdir, writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { DEMO, repoRoot } from './lib/server.js';
import { newContext, settle, field, axeViolations, CHROMIUM_ARGS } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

const require = createRequire(import.meta.url);

let server;
let browser;
let staff;
let tokens; // name → token
let later; // a valid card the test of revocation takes away
let cards; // name → card
let goVerdicts; // name → verdict of the Go verifier

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * issueCard runs an application through to a card, as the office does: it
 * confirms the engagement itself with a reason, then approves. Each card
 * goes to an account of its own (a person holds one active card).
 */
async function issueCard(firstName) {
  const email = `${firstName.toLowerCase().replace(/[^a-z]/g, '')}.${Date.now()}@karte.example`;
  const holder = await staff.collection('users').create({ email, password: DEMO.password, passwordConfirm: DEMO.password, name: `${firstName} Beispiel`, verified: true });
  const application = await staff.collection('card_applications').create({
    applicant: holder.id, first_name: firstName, last_name: 'Beispiel', birth_date: '1980-04-02 00:00:00.000Z',
    street: 'Hauptstraße 3', postcode: '54634', city: 'Bitburg', resident_in_bitburg: true, kind: 'standard', status: 'draft',
  });
  const engagement = await staff.collection('engagements').create({
    application: application.id, organisation_name: 'Förderverein Musterschule', role: 'Kassenwart', hours_per_week: 6,
    since: '2019-01-01 00:00:00.000Z', allowance: 'none', in_bitburg: true, contact_name: 'Petra Kontakt', contact_email: 'kontakt@schule.example',
  });
  await staff.collection('card_applications').update(application.id, { status: 'submitted' });
  await staff.send(`/api/ben/card/engagements/${engagement.id}/confirm-by-office`, { method: 'POST', body: { reason: 'schriftliche Bestätigung liegt vor' } });
  await staff.collection('card_applications').update(application.id, { status: 'approved' });
  return staff.collection('cards').getFirstListItem(`application = "${application.id}"`);
}

const tokenOf = async (card) => (await staff.send(`/api/ben/cards/${card.id}/token`, {})).token;

/** foreignToken signs the payload of a genuine token with a key that is not the office's. */
async function foreignToken(genuine) {
  const payload = genuine.split('.')[1];
  const { privateKey } = await webcrypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const signed = 'BEN1.' + payload;
  const sig = await webcrypto.subtle.sign({ name: 'Ed25519' }, privateKey, new TextEncoder().encode(signed));
  return signed + '.' + b64url(new Uint8Array(sig));
}

/** withPayloadBitSet spells the payload differently with the same bytes (an unused low bit set). */
function withPayloadBitSet(token) {
  const [v, payload, sig] = token.split('.');
  assert.notEqual(payload.length % 4, 0, 'the payload must end with unused bits');
  const last = ALPHABET[ALPHABET.indexOf(payload.at(-1)) ^ 1];
  assert.deepEqual(Buffer.from(payload.slice(0, -1) + last, 'base64url'), Buffer.from(payload, 'base64url'), 'the same bytes');
  return `${v}.${payload.slice(0, -1)}${last}.${sig}`;
}

/** renamed keeps the signature but changes the first name in the payload. */
function renamed(genuine, name) {
  const [, payload, sig] = genuine.split('.');
  const fields = Buffer.from(payload, 'base64url').toString('utf8').split('|');
  fields[4] = name;
  return `BEN1.${b64url(Buffer.from(fields.join('|'), 'utf8'))}.${sig}`;
}

setUpBEN({ browser: true, ready: prepare });

/** prepare takes over what setUpBEN started, issues the cards and asks the Go verifier. */
async function prepare(ben) {
  ({ server, staff, browser } = ben);
  // printed codes lead to this server
  await staff.settings.update({ meta: { appURL: server.base } });

  const valid = await issueCard('Bettina');
  // a correction fixes a mistake and keeps the last day between the day of
  // issue and two years after it: the demo's card issued almost two years
  // ago (Karl Kartenmann's) is corrected to a day just past
  const expired = await staff.collection('cards').getFirstListItem(
    `status = "active" && issued_at < "${new Date(Date.now() - 365 * 86_400_000).toISOString().replace('T', ' ')}"`);
  const past = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  await staff.send(`/api/ben/cards/${expired.id}/correct`, { method: 'POST', body: { field: 'valid_until', value: past, reason: 'Gültigkeit falsch erfasst' } });
  const revoked = await issueCard('Rita');
  await staff.collection('cards').update(revoked.id, { status: 'revoked', revoked_reason: 'Als verloren gemeldet' });
  later = await issueCard('Vera');
  // a first name with bars: everything after the fourth "|" is the name
  const barred = await issueCard('Jo|Annas');
  cards = { valid };

  const genuine = await tokenOf(valid);
  const mid = genuine.length - 20;
  tokens = {
    valid: genuine,
    'with surrounding white space': `  ${genuine}\n`,
    'one character changed': genuine.slice(0, mid) + (genuine[mid] === 'A' ? 'B' : 'A') + genuine.slice(mid + 1),
    'first name changed': renamed(genuine, 'Mallory'),
    'signed with a foreign key': await foreignToken(genuine),
    expired: await tokenOf(expired),
    revoked: await tokenOf(revoked),
    'not a card': 'Bettina Beispiel, gültig bis 2099',
    // edges where a lenient decoder would differ: a second spelling of the
    // same signature bytes, a line break inside, white space beyond ASCII
    'unused bits set in the signature': genuine.slice(0, -1) + ALPHABET[ALPHABET.indexOf(genuine.at(-1)) ^ 1],
    'line break inside': genuine.slice(0, 30) + '\n' + genuine.slice(30),
    'no-break space before': '\u00a0' + genuine,
    'a first name with bars': await tokenOf(barred),
    'every ASCII white space around': ` \t\r\n\f\v${genuine} \t\r\n\f\v`,
    'unused bits set in the payload': withPayloadBitSet(await tokenOf(barred)),
  };

  goVerdicts = {};
  for (const [name, token] of Object.entries(tokens)) {
    const res = await fetch(`${server.base}/api/ben/verify?token=${encodeURIComponent(token)}`);
    assert.equal(res.status, 200, `Go verifier on ${name}`);
    goVerdicts[name] = (await res.json()).verdict;
  }
}

test('the Go verifier gives each token the verdict it deserves', () => {
  assert.deepEqual(goVerdicts, {
    valid: 'valid',
    'with surrounding white space': 'valid',
    'one character changed': 'not_genuine',
    'first name changed': 'not_genuine',
    'signed with a foreign key': 'not_genuine',
    expired: 'expired',
    revoked: 'revoked',
    'not a card': 'not_genuine',
    'unused bits set in the signature': 'not_genuine',
    'line break inside': 'not_genuine',
    'no-break space before': 'not_genuine',
    'a first name with bars': 'valid',
    'every ASCII white space around': 'valid',
    'unused bits set in the payload': 'not_genuine',
  });
});

/** checkInPage types a token into the page and reads its verdict and the name it shows. */
async function checkInPage(page, token) {
  await page.evaluate(() => document.querySelector('.verdict-box')?.removeAttribute('data-verdict'));
  await field(page, 'Code der Karte').fill(token);
  await page.getByRole('button', { name: 'Prüfen' }).click();
  const box = page.locator('.verdict-box[data-verdict]');
  await box.waitFor();
  return {
    verdict: await box.getAttribute('data-verdict'),
    word: (await box.locator('.verdict').textContent()).trim(),
    name: (await box.locator('.verdict-name strong').count()) ? await box.locator('.verdict-name strong').textContent() : '',
  };
}

async function assertAgreement(page) {
  const words = { valid: 'gültig', expired: 'abgelaufen', revoked: 'gesperrt', not_genuine: 'nicht echt' };
  const names = { valid: 'Bettina', 'with surrounding white space': 'Bettina', expired: 'Karl', revoked: 'Rita',
    'a first name with bars': 'Jo|Annas', 'every ASCII white space around': 'Bettina' };
  for (const [name, token] of Object.entries(tokens)) {
    const shown = await checkInPage(page, token);
    assert.equal(shown.verdict, goVerdicts[name], `browser and Go disagree on "${name}"`);
    assert.equal(shown.word, words[shown.verdict], `the word shown for "${name}"`);
    assert.equal(shown.name, names[name] || '', `the first name shown for "${name}"`);
    const text = await page.locator('main').textContent();
    assert.ok(!text.includes('Beispiel') && !text.includes('Kartenmann') && !/BIT-\d{4}-\d{5}/.test(text), 'only the first name is shown');
  }
}

test('browser and Go verifier agree online, and again offline after one visit', async () => {
  const context = await newContext(browser, server.base, { width: 420 });
  try {
    const page = await context.newPage();
    await page.goto(server.base + '/karte-pruefen');
    await settle(page);
    await page.getByRole('heading', { level: 1, name: 'Karte prüfen' }).waitFor();
    await page.locator('.list-date').waitFor();
    await assertAgreement(page);

    // the page has stored itself, the keys and the list for offline use
    await page.locator('.offline-ready[data-ready="true"]').waitFor({ timeout: 15_000 });
    await page.evaluate(() => navigator.serviceWorker.ready);

    await context.setOffline(true);
    await page.reload();
    await settle(page);
    await page.getByRole('heading', { level: 1, name: 'Karte prüfen' }).waitFor();
    await page.locator('.list-date').waitFor();
    assert.match(await page.locator('.list-date').textContent(), /^Sperrliste vom \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr$/);
    await page.locator('.offline-note').waitFor({ state: 'visible' });
    // proof that nothing reaches BEN: the worker answers from its cache, and
    // what it does not cache fails
    const probe = await page.evaluate(async () => {
      const keys = await fetch('/api/ben/keys', { cache: 'no-store' });
      let health = 'reached';
      try { await fetch('/api/health', { cache: 'no-store' }); } catch { health = 'unreachable'; }
      return { keysFromCache: keys.headers.get('X-BEN-Offline'), health };
    });
    assert.deepEqual(probe, { keysFromCache: '1', health: 'unreachable' });

    await assertAgreement(page);
    assert.deepEqual(context.problems, [], 'the page runs under its CSP without other hosts');
  } finally {
    await context.close();
  }
});

test('a revocation reaches the page with its next online visit, and lasts', async () => {
  const context = await newContext(browser, server.base);
  try {
    const page = await context.newPage();
    const token = await tokenOf(later);
    await page.goto(server.base + '/karte-pruefen');
    await settle(page);
    assert.equal((await checkInPage(page, token)).verdict, 'valid');

    await staff.send(`/api/ben/cards/${later.id}/revoke`, { method: 'POST', body: { reason: 'Missbrauch' } });

    await page.reload();
    await settle(page);
    await page.locator('.list-date').waitFor();
    const shown = await checkInPage(page, token);
    assert.deepEqual(shown, { verdict: 'revoked', word: 'gesperrt', name: 'Vera' });
    // nobody makes it valid again: no status, no deletion
    await assert.rejects(staff.collection('cards').update(later.id, { status: 'active' }));
    await assert.rejects(staff.collection('cards').delete(later.id));
  } finally {
    await context.close();
  }
});

test('the verification page has no serious accessibility problems', async () => {
  const context = await newContext(browser, server.base, { bypassCSP: true });
  try {
    const page = await context.newPage();
    await page.goto(server.base + '/karte-pruefen');
    await settle(page);
    await page.locator('.list-date').waitFor();
    await checkInPage(page, tokens.valid);
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await context.close();
  }
});

/** decodeInPage decodes a QR code image (a URL the page may fetch) with the portal's vendored decoder. */
async function decodeInPage(page, src) {
  return page.evaluate(async (src) => {
    const { decodeImageData } = await import('/js/lib/qr-scan.js');
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 480;
    canvas.height = 480;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 40, 40, 400, 400);
    return decodeImageData(ctx.getImageData(0, 0, canvas.width, canvas.height));
  }, src);
}

/** qrDataURL is the card's QR code as BEN renders it (SVG), as a data: address. */
async function qrDataURL(card) {
  const res = await fetch(`${server.base}/api/ben/cards/${card.id}/qr.svg`, { headers: { Authorization: staff.authStore.token } });
  assert.equal(res.status, 200);
  return 'data:image/svg+xml;base64,' + Buffer.from(await res.arrayBuffer()).toString('base64');
}

test("a card's QR code, read by the vendored decoder, is the check page's address, which checks the card at once", async () => {
  const context = await newContext(browser, server.base);
  try {
    const page = await context.newPage();
    await page.goto(server.base + '/karte-pruefen');
    await settle(page);
    const scanned = await decodeInPage(page, await qrDataURL(cards.valid));
    assert.equal(scanned, `${server.base}/karte-pruefen#${tokens.valid}`, 'the QR code holds the address with the token in the fragment');

    // what a phone's camera app does with it: open the address
    const opened = await context.newPage();
    const requests = [];
    opened.on('request', (req) => requests.push(req.url()));
    await opened.goto(scanned);
    await settle(opened);
    const box = opened.locator('.verdict-box[data-verdict]');
    await box.waitFor();
    assert.equal(await box.getAttribute('data-verdict'), 'valid');
    assert.equal(await box.locator('.verdict-name strong').textContent(), 'Bettina');
    assert.equal(await opened.evaluate(() => location.hash), '', 'the token leaves the address bar');
    assert.ok(requests.every((u) => !u.includes(tokens.valid.slice(5, 40))), 'the token never reaches the server');
    assert.deepEqual(context.problems, [], 'the page runs under its CSP without other hosts');
  } finally {
    await context.close();
  }
});

/**
 * y4mOf renders a card's QR code as the frames of a camera: a Y4M video
 * (640×480, grey QR code on white) for Chromium's fake camera.
 */
async function y4mOf(page, src) {
  const luma = await page.evaluate(async (src) => {
    const img = new Image();
    img.src = src;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 640, 480);
    ctx.drawImage(img, 120, 40, 400, 400);
    const { data } = ctx.getImageData(0, 0, 640, 480);
    const y = new Array(640 * 480);
    for (let i = 0; i < y.length; i++) y[i] = Math.round(0.299 * data[4 * i] + 0.587 * data[4 * i + 1] + 0.114 * data[4 * i + 2]);
    return y;
  }, src);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(luma), Buffer.alloc(320 * 240 * 2, 128)]);
  return Buffer.concat([Buffer.from('YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n'), frame, frame]);
}

test('the camera scan works without BarcodeDetector (the vendored decoder reads the frames)', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ben-kamera-'));
  let camera;
  try {
    const context = await newContext(browser, server.base);
    const page = await context.newPage();
    await page.goto(server.base + '/karte-pruefen');
    await settle(page);
    const video = path.join(dir, 'karte.y4m');
    await writeFile(video, await y4mOf(page, await qrDataURL(cards.valid)));
    await context.close();

    camera = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    const phone = await newContext(camera, server.base, { width: 390 });
    await phone.grantPermissions(['camera'], { origin: server.base });
    // as on an iPhone: no BarcodeDetector
    await phone.addInitScript(() => { delete window.BarcodeDetector; });
    const p = await phone.newPage();
    await p.goto(server.base + '/karte-pruefen');
    await settle(p);
    assert.equal(await p.evaluate(() => 'BarcodeDetector' in window), false);
    await p.getByRole('button', { name: 'Mit der Kamera scannen' }).click();
    const box = p.locator('.verdict-box[data-verdict]');
    await box.waitFor({ timeout: 20_000 });
    assert.equal(await box.getAttribute('data-verdict'), 'valid');
    assert.equal(await box.locator('.verdict-name strong').textContent(), 'Bettina');
    assert.deepEqual(phone.problems, [], 'the decoder runs under the CSP (no eval, no WebAssembly)');
  } finally {
    await camera?.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("online but BEN unreachable: one true message with the stored list's date and age", async () => {
  const context = await newContext(browser, server.base);
  try {
    const page = await context.newPage();
    await page.goto(server.base + '/karte-pruefen');
    await settle(page);
    await page.locator('.offline-ready[data-ready="true"]').waitFor({ timeout: 15_000 });
    await page.evaluate(() => navigator.serviceWorker.ready);

    // the device stays online; BEN does not answer
    await context.route(`${server.base}/**`, (route) => route.abort('connectionrefused'));
    await page.reload();
    await settle(page);
    await page.locator('.list-date').waitFor();
    const notes = page.locator('.offline-note');
    assert.equal(await notes.count(), 1, 'one message');
    assert.equal(await notes.getAttribute('data-cause'), 'unreachable');
    assert.match(await notes.textContent(),
      /^BEN ist gerade nicht erreichbar: geprüft wird mit der auf diesem Gerät gespeicherten Sperrliste vom \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr \(heute geladen\)\./);
    const text = await page.locator('main').textContent();
    assert.ok(!text.includes('Ohne Internetverbindung'), 'it does not claim the device is offline');
    assert.ok(!text.includes('konnte nicht für die Nutzung ohne Internetverbindung gespeichert werden'), 'nor that storing failed');
    assert.equal((await checkInPage(page, tokens.valid)).verdict, 'valid', 'and it still checks');
  } finally {
    await context.close();
  }
});

test('the portal serves the QR decoder exactly as the npm package of the lock file', async () => {
  const vendored = path.join(repoRoot, 'pb_public', 'vendor', 'qrcode');
  const npm = path.join(path.dirname(path.dirname(require.resolve('@nuintun/qrcode'))), 'esm');
  const files = (await readdir(vendored, { recursive: true })).filter((f) => f.endsWith('.js')).sort();
  const expected = (await readdir(npm, { recursive: true })).filter((f) => f.endsWith('.js')).sort();
  assert.deepEqual(files, expected, 'every module of the package, nothing else');
  for (const f of files) {
    assert.ok((await readFile(path.join(vendored, f))).equals(await readFile(path.join(npm, f))),
      `pb_public/vendor/qrcode/${f} differs from @nuintun/qrcode: copy it again after an upgrade`);
  }
  const licence = await readFile(path.join(vendored, 'LICENSE'), 'utf8');
  assert.ok(licence.includes('MIT') || licence.includes('Permission is hereby granted'), 'the licence is beside it');
});
