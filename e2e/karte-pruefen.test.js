// "Karte prüfen" in headless Chromium against a real BEN: the page verifies
// cards itself (WebCrypto Ed25519, validity, signed revocation list) and must
// agree with BEN's Go verifier (/api/ben/verify) on the same tokens — online,
// and with the network cut off after the first visit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { DEMO } from './lib/server.js';
import { newContext, settle, field, axeViolations } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

let server;
let browser;
let staff;
let tokens; // name → token
let goVerdicts; // name → verdict of the Go verifier

const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** issueCard runs an application through to a card, as the office does in the dashboard. */
async function issueCard(firstName) {
  const citizen = await staff.collection('users').getFirstListItem(`email = "${DEMO.citizen}"`);
  const application = await staff.collection('card_applications').create({
    applicant: citizen.id, first_name: firstName, last_name: 'Beispiel', birth_date: '1980-04-02 00:00:00.000Z',
    street: 'Hauptstraße 3', postcode: '54634', city: 'Bitburg', resident_in_bitburg: true, kind: 'standard', status: 'draft',
  });
  await staff.collection('engagements').create({
    application: application.id, organisation_name: 'Förderverein Musterschule', role: 'Kassenwart', hours_per_week: 6,
    since: '2019-01-01 00:00:00.000Z', allowance: 'none', in_bitburg: true, contact_name: 'Petra Kontakt', contact_email: 'kontakt@schule.example',
  });
  for (const status of ['submitted', 'confirmed', 'approved']) {
    await staff.collection('card_applications').update(application.id, { status });
  }
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

  const valid = await issueCard('Bettina');
  const expired = await issueCard('Emil');
  await staff.collection('cards').update(expired.id, { valid_until: new Date(Date.now() - 3 * 86_400_000).toISOString() });
  const revoked = await issueCard('Rita');
  await staff.collection('cards').update(revoked.id, { status: 'revoked', revoked_reason: 'Als verloren gemeldet' });

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
  const names = { valid: 'Bettina', 'with surrounding white space': 'Bettina', expired: 'Emil', revoked: 'Rita' };
  for (const [name, token] of Object.entries(tokens)) {
    const shown = await checkInPage(page, token);
    assert.equal(shown.verdict, goVerdicts[name], `browser and Go disagree on "${name}"`);
    assert.equal(shown.word, words[shown.verdict], `the word shown for "${name}"`);
    assert.equal(shown.name, names[name] || '', `the first name shown for "${name}"`);
    const text = await page.locator('main').textContent();
    assert.ok(!text.includes('Beispiel') && !/BIT-\d{4}-\d{5}/.test(text), 'only the first name is shown');
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

test('a revocation reaches the page with its next online visit', async () => {
  const context = await newContext(browser, server.base);
  try {
    const page = await context.newPage();
    await page.goto(server.base + '/karte-pruefen');
    await settle(page);
    assert.equal((await checkInPage(page, tokens.valid)).verdict, 'valid');

    const valid = await staff.collection('cards').getFirstListItem('status = "active" && application.first_name = "Bettina"');
    await staff.collection('cards').update(valid.id, { status: 'revoked', revoked_reason: 'Missbrauch' });

    await page.reload();
    await settle(page);
    await page.locator('.list-date').waitFor();
    const shown = await checkInPage(page, tokens.valid);
    assert.deepEqual(shown, { verdict: 'revoked', word: 'gesperrt', name: 'Bettina' });
    await staff.collection('cards').update(valid.id, { status: 'active' });
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
