// The town's appreciation in headless Chromium against a real BEN with demo
// data: a guest nominates someone for the open city medal round and gets the
// confirmation mail, the juror scores the round's nominations (never seeing
// the nominators' addresses) until the round is decided, a citizen who is no
// juror sees nothing of them, and the working group's page lists its seats.
// BEN's mail goes to a local SMTP mailbox.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from './lib/server.js';
import { login, settle, pageFindings, field } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

const JUROR = 'jury@ben.example'; // hooks/demo: the city medal's jury
const DEMO_NOMINATORS = ['ingrid@beispiel.example', 'werner@beispiel.example'];
const NOMINEE = 'Hanna Hilfreich';
const REASON = 'Frau Hilfreich fährt seit zehn Jahren jeden Dienstag ältere Nachbarn zum Einkaufen und zum Arzt.';
const NOMINATOR = 'Paul Vorschlag';
const NOMINATOR_EMAIL = 'paul@vorschlag.example';

let server;
let browser;
let staff;
let mailbox;
let round;

const { withPage, open } = setUpBEN({ name: 'stadtmedaille', mailbox: true, browser: true, ready: prepare });

/** prepare takes over what setUpBEN started and finds the open round. */
async function prepare(ben) {
  ({ server, staff, mailbox, browser } = ben);
  round = await staff.collection('award_rounds').getFirstListItem('kind = "stadtmedaille" && status = "published"');
}

const germanDay = (value) => new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: 'numeric', month: 'long', year: 'numeric' })
  .format(new Date(String(value).replace(' ', 'T')));
const summary = (page) => page.locator('.form-errors');
const focusedClass = (page) => page.evaluate(() => document.activeElement?.className || '');
const fieldError = (page, name) => page.locator(`[data-field="${name}"] .field-error`);

test('a guest nominates someone for the open round: German errors keep the input, then a confirmation and a mail', async () => {
  await withPage({}, async (page) => {
    await open(page, '/');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Stadtmedaille: Vorschläge und Preisträger' }).click();
    await page.waitForURL('**/stadtmedaille');
    await settle(page);

    // the award explained, the open round with its field of action and deadline
    const main = page.locator('main');
    assert.match(await main.textContent(), /einmal in jeder Wahlperiode/);
    assert.match(await main.textContent(), /die städtischen Gremien entscheiden/);
    const facts = page.locator('dl.facts');
    assert.match(await facts.textContent(), /HandlungsbereichSenioren/);
    assert.match(await facts.textContent(), new RegExp(`Vorschläge bis${germanDay(round.nominations_until)}`), 'the deadline in German, e.g. "9. Januar 2027"');
    assert.match(await page.locator('.award-list').textContent(), /Repair-Café Bitburg.*Projektpreis/, 'past awards are listed');

    // the honeypot: in the form, but neither seen nor reached by people
    const trap = page.locator('input[name="website"]');
    assert.equal(await trap.getAttribute('tabindex'), '-1');
    assert.equal(await trap.getAttribute('autocomplete'), 'off');
    assert.equal(await trap.evaluate((el) => el.closest('[aria-hidden="true"]')?.className), 'hp-field');
    assert.equal(await trap.evaluate((el) => el.closest('[style]')), null, 'hidden by a class, not by an inline style');
    assert.ok((await trap.boundingBox()).x < 0, 'out of sight');

    // an empty form: German errors next to the fields, the focus on the summary
    await page.getByRole('button', { name: 'Vorschlag senden' }).click();
    await summary(page).waitFor();
    assert.match(await focusedClass(page), /form-errors/, 'the focus moves to the errors');
    assert.equal(await fieldError(page, 'nominee_name').textContent(), 'Bitte nennen Sie die Person oder Gruppe, die Sie vorschlagen, oder wählen Sie eine Organisation aus.');
    assert.match(await fieldError(page, 'reason').textContent(), /^Bitte begründen Sie Ihren Vorschlag/);
    assert.equal(await fieldError(page, 'nominator_name').textContent(), 'Bitte geben Sie Ihren Namen ein.');
    assert.match(await fieldError(page, 'nominator_email').textContent(), /^Bitte geben Sie Ihre E-Mail-Adresse ein/);
    assert.match(await fieldError(page, 'consent').textContent(), /^Bitte willigen Sie ein/);
    assert.equal(await field(page, 'Name der Person oder Gruppe').getAttribute('aria-invalid'), 'true');

    // what is typed stays when something is still missing
    await field(page, 'Name der Person oder Gruppe').fill(NOMINEE);
    await field(page, 'Warum schlagen Sie sie vor?').fill(REASON);
    await field(page, 'Ihr Name').fill(NOMINATOR);
    await field(page, 'Ihre E-Mail-Adresse').fill('paul@');
    await page.getByRole('button', { name: 'Vorschlag senden' }).click();
    await summary(page).waitFor();
    assert.equal(await fieldError(page, 'nominee_name').isHidden(), true);
    assert.equal(await fieldError(page, 'nominator_email').textContent(), 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@beispiel.de.');
    assert.equal(await field(page, 'Warum schlagen Sie sie vor?').inputValue(), REASON, 'nothing typed is lost');
    assert.equal(await field(page, 'Name der Person oder Gruppe').inputValue(), NOMINEE);

    await field(page, 'Ihre E-Mail-Adresse').fill(NOMINATOR_EMAIL);
    assert.equal(await page.getByRole('link', { name: /Hinweisen zum Datenschutz/ }).getAttribute('href'), '/datenschutz');
    await page.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check();
    await page.getByRole('button', { name: 'Vorschlag senden' }).click();
    const thanks = page.getByRole('heading', { name: 'Vielen Dank für Ihren Vorschlag!' });
    await thanks.waitFor();
    assert.ok(await thanks.evaluate((el) => el === document.activeElement), 'the focus moves to the confirmation');
    const confirmation = await page.locator('.confirmation').textContent();
    assert.match(confirmation, new RegExp(`Ihr Vorschlag „${NOMINEE}“ für die Stadtmedaille ist bei der Koordinierungsstelle eingegangen`));
    assert.match(confirmation, new RegExp(`Eingangsbestätigung ist per E-Mail an ${NOMINATOR_EMAIL} unterwegs`));

    const mail = await mailbox.waitFor(NOMINATOR_EMAIL, new RegExp(`Vorgeschlagen: ${NOMINEE}`));
    assert.match(mail.text, /Guten Tag Paul Vorschlag/);
    assert.match(mail.text, /Handlungsbereich: Senioren/);
    const stored = await staff.collection('nominations').getFirstListItem(`nominee_name = "${NOMINEE}"`);
    assert.equal(stored.round, round.id);
    assert.equal(stored.reason, REASON);
    assert.equal(stored.nominator_email, NOMINATOR_EMAIL);
    assert.equal(stored.status, 'submitted');

    // a second nomination, of an organisation from the directory
    await page.getByRole('button', { name: 'Noch jemanden vorschlagen' }).click();
    assert.equal(await field(page, 'Name der Person oder Gruppe').inputValue(), '', 'a fresh form');
    await field(page, 'Organisation aus dem Verzeichnis').selectOption({ label: 'Repair-Café Bitburg' });
    await field(page, 'Warum schlagen Sie sie vor?').fill('Das Repair-Café hilft älteren Menschen, ihre Geräte zu behalten.');
    await field(page, 'Ihr Name').fill(NOMINATOR);
    await field(page, 'Ihre E-Mail-Adresse').fill(NOMINATOR_EMAIL);
    await page.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check();
    await page.getByRole('button', { name: 'Vorschlag senden' }).click();
    await thanks.waitFor();
    assert.match(await page.locator('.confirmation').textContent(), /Ihr Vorschlag „Repair-Café Bitburg“/);
    await mailbox.waitFor(NOMINATOR_EMAIL, /Vorgeschlagen: Repair-Caf/);
  });
});

test('a bot that fills the honeypot is thanked, but nothing is stored', async () => {
  await withPage({}, async (page) => {
    await open(page, '/stadtmedaille');
    await field(page, 'Name der Person oder Gruppe').fill('Spam Spammer');
    await field(page, 'Warum schlagen Sie sie vor?').fill('Billige Uhren.');
    await field(page, 'Ihr Name').fill('Bot');
    await field(page, 'Ihre E-Mail-Adresse').fill('bot@spam.example');
    await page.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check();
    await page.locator('input[name="website"]').evaluate((el) => { el.value = 'http://spam.example'; });
    await page.getByRole('button', { name: 'Vorschlag senden' }).click();
    await page.getByRole('heading', { name: 'Vielen Dank für Ihren Vorschlag!' }).waitFor();
    const found = await staff.collection('nominations').getList(1, 1, { filter: 'nominee_name = "Spam Spammer"' });
    assert.equal(found.totalItems, 0);
  });
});

test('the juror scores the nominations of the round, changes the score, and cannot once the round is decided', async () => {
  await withPage({}, async (page) => {
    const answers = [];
    page.on('response', async (res) => {
      if (res.url().includes('/api/collections/nominations/records')) answers.push(await res.text());
    });
    await login(page, server.base, JUROR, DEMO.password);
    await page.getByRole('contentinfo').getByRole('link', { name: 'Für die Jury: Vorschläge bewerten' }).click();
    await page.waitForURL('**/jury');
    await settle(page);

    await page.getByRole('heading', { level: 2, name: round.title }).waitFor();
    const main = page.locator('main');
    for (const name of ['Gertrud Lesepatin', 'Seniorenbesuchsdienst St. Demo', NOMINEE]) {
      await main.getByRole('heading', { level: 3, name }).waitFor();
    }
    const text = await main.textContent();
    for (const email of [...DEMO_NOMINATORS, NOMINATOR_EMAIL]) assert.ok(!text.includes(email), `the jury does not see ${email}`);
    assert.ok(answers.length > 0 && answers.every((a) => !a.includes('nominator_email') && !a.includes('@beispiel.example')), 'the API sent no nominator addresses');

    const item = page.locator('.nomination-card', { has: page.getByRole('heading', { level: 3, name: 'Gertrud Lesepatin' }) });
    assert.equal(await item.getByRole('group', { name: 'Ihre Bewertung für Gertrud Lesepatin' }).count(), 1, 'the scores are one named group');
    await item.getByRole('radio', { name: '4', exact: true }).check();
    await item.getByLabel(/^Ihre Anmerkung für die Beratung/).fill('Beeindruckend beständig.');
    await item.getByRole('button', { name: 'Bewertung speichern: Gertrud Lesepatin' }).click();
    await item.getByText('Gespeichert: 4 von 5 Punkten.').waitFor();
    const me = await staff.collection('users').getFirstListItem(`email = "${JUROR}"`);
    let votes = await staff.collection('jury_votes').getFullList({ filter: `juror = "${me.id}"` });
    assert.equal(votes.length, 1);
    assert.equal(votes[0].score, 4);
    assert.equal(votes[0].comment, 'Beeindruckend beständig.');

    // without a score: a German error on that nomination only
    const other = page.locator('.nomination-card', { has: page.getByRole('heading', { level: 3, name: NOMINEE }) });
    await other.getByRole('button', { name: `Bewertung speichern: ${NOMINEE}` }).click();
    await other.locator('.form-errors').waitFor();
    assert.equal(await other.locator('[data-field="score"] .field-error').textContent(), 'Bitte wählen Sie eine Bewertung von 1 bis 5.');
    assert.match(await focusedClass(page), /form-errors/);

    // the juror changes the vote; it stays one vote
    await item.getByRole('radio', { name: '2', exact: true }).check();
    await item.getByRole('button', { name: 'Bewertung ändern: Gertrud Lesepatin' }).click();
    await item.getByText('Gespeichert: 2 von 5 Punkten.').waitFor();
    votes = await staff.collection('jury_votes').getFullList({ filter: `juror = "${me.id}"` });
    assert.deepEqual(votes.map((v) => v.score), [2]);

    // after a reload, the vote is there
    await open(page, '/jury');
    const again = page.locator('.nomination-card', { has: page.getByRole('heading', { level: 3, name: 'Gertrud Lesepatin' }) });
    assert.equal(await again.getByRole('radio', { name: '2', exact: true }).isChecked(), true);
    assert.equal(await again.getByLabel(/^Ihre Anmerkung für die Beratung/).inputValue(), 'Beeindruckend beständig.');

    // the office decides the round while the page is open: a clear German message
    await staff.collection('award_rounds').update(round.id, { status: 'decided' });
    try {
      await again.getByRole('radio', { name: '5 – herausragend' }).check();
      await again.getByRole('button', { name: 'Bewertung ändern: Gertrud Lesepatin' }).click();
      await again.locator('.form-errors').waitFor();
      assert.match(await again.locator('.form-errors').textContent(), /Diese Runde ist entschieden\. Die Bewertungen sind abgeschlossen/);
      votes = await staff.collection('jury_votes').getFullList({ filter: `juror = "${me.id}"` });
      assert.deepEqual(votes.map((v) => v.score), [2], 'the vote did not change');

      await open(page, '/jury');
      assert.match(await page.locator('main').textContent(), /Diese Runde ist entschieden/);
      assert.equal(await page.getByRole('radio').count(), 0, 'no more votes');
      const decided = page.locator('.nomination-card', { has: page.getByRole('heading', { level: 3, name: 'Gertrud Lesepatin' }) });
      assert.match(await decided.textContent(), /Ihre Bewertung: 2 von 5/);
      assert.match(await page.locator('main').textContent(), /Sie haben diesen Vorschlag nicht bewertet/);
    } finally {
      await staff.collection('award_rounds').update(round.id, { status: 'published' });
    }

    // withdrawing the vote
    await open(page, '/jury');
    const last = page.locator('.nomination-card', { has: page.getByRole('heading', { level: 3, name: 'Gertrud Lesepatin' }) });
    await last.getByRole('button', { name: 'Bewertung zurückziehen: Gertrud Lesepatin' }).click();
    await last.getByText('Ihre Bewertung ist zurückgezogen.', { exact: false }).waitFor();
    assert.equal((await staff.collection('jury_votes').getFullList({ filter: `juror = "${me.id}"` })).length, 0);
  });
});

test('a citizen who is no juror sees no nominations at /jury, and a guest is asked to log in', async () => {
  await withPage({}, async (page) => {
    await open(page, '/jury');
    await page.waitForURL(/\/anmelden\?weiter=%2Fjury$/);

    const answers = [];
    page.on('request', (req) => { if (req.url().includes('/api/collections/nominations/')) answers.push(req.url()); });
    await login(page, server.base, DEMO.citizen, DEMO.password);
    await open(page, '/jury');
    const main = page.locator('main');
    await main.getByText('Sie gehören zurzeit keiner Jury an.', { exact: false }).waitFor();
    const text = await main.textContent();
    for (const name of ['Gertrud Lesepatin', NOMINEE, 'Ingrid Nachbarin']) assert.ok(!text.includes(name), `no trace of ${name}`);
    assert.deepEqual(answers, [], 'nominations are not even asked for');
  });
});

test('when no round takes nominations, the page says so and when the next one comes', async () => {
  const yesterday = new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 10) + ' 00:00:00.000Z';
  await staff.collection('award_rounds').update(round.id, { nominations_until: yesterday });
  try {
    await withPage({}, async (page) => {
      await open(page, '/stadtmedaille');
      const text = await page.locator('main').textContent();
      assert.match(text, /Zurzeit werden keine Vorschläge für die Stadtmedaille angenommen\./);
      assert.match(text, new RegExp(`die Vorschlagsfrist endete am ${germanDay(yesterday)}`));
      assert.match(text, /Die nächste Runde folgt in der nächsten Wahlperiode, nach der Kommunalwahl \(die laufende Wahlperiode endet am 8\. Juni 2029\)/);
      assert.equal(await page.getByRole('button', { name: 'Vorschlag senden' }).count(), 0, 'no form');
    });
  } finally {
    await staff.collection('award_rounds').update(round.id, { nominations_until: round.nominations_until });
  }
});

test('the Arbeitskreis page lists the seats and members without contact data', async () => {
  await withPage({}, async (page) => {
    await open(page, '/informationen');
    await page.locator('main').getByRole('link', { name: 'Arbeitskreis „Engagierte Stadt Bitburg“' }).click();
    await page.waitForURL('**/arbeitskreis');
    await settle(page);
    const main = page.locator('main');
    const text = await main.textContent();
    assert.match(text, /Zurzeit hat der Arbeitskreis 11 Mitglieder\. Regulär hat der Arbeitskreis 10 Mitglieder\. Bei Bedarf kann er erweitert werden, aber nie auf mehr als 12 Mitglieder/);
    assert.match(text, /Zurzeit 11 Mitglieder und 3 Stellvertretungen – der Arbeitskreis ist erweitert\./);

    const seat = (name) => main.locator('.seat-card', { has: page.getByRole('heading', { level: 3, name, exact: true }) });
    assert.match(await seat('Bürgermeister').textContent(), /Joachim Beispielmann/);
    assert.match(await seat('Jugend').textContent(), /Lea Jungmann/);
    const politics = seat('Politik');
    assert.equal(await politics.locator('.member-list > li').count(), 6);
    assert.match(await politics.locator('.member-list > li').first().textContent(), /^Klaus Ratsherr \(Wählergruppe A\)$/);
    assert.match(await politics.locator('.member-list > li', { hasText: 'Anke Vertretung' }).textContent(), /\(Partei D\)\s*Stellvertretung/);
    assert.equal(await politics.getByText('Stellvertretung', { exact: true }).count(), 3);
    assert.equal(await seat('Vereine und Bürgerschaft').locator('.member-list > li').count(), 2);
    assert.ok(!text.includes('@'), 'no e-mail addresses');
  });
});

test('the new pages pass axe-core, work at 360 px, and the navigation keeps to one line at 1280 px', async () => {
  for (const width of [1280, 360]) {
    const found = [];
    await withPage({ width, bypassCSP: true }, async (page) => {
      const check = async (label) => { found.push(...await pageFindings(page, width, label)); };
      const oneLine = async (label) => {
        if (width !== 1280) return;
        const [list, account] = await Promise.all(['#nav-list', '#nav-account'].map((s) => page.locator(s).boundingBox()));
        if (list.y !== account.y || list.height !== account.height) found.push({ at: label, navigation: 'wraps' });
      };
      for (const p of ['/stadtmedaille', '/arbeitskreis', '/informationen']) {
        await open(page, p);
        await check(p);
      }
      await oneLine('guest');
      await open(page, '/stadtmedaille');
      await page.getByRole('button', { name: 'Vorschlag senden' }).click();
      await summary(page).waitFor();
      await check('nomination form with errors');

      await login(page, server.base, JUROR, DEMO.password);
      await oneLine('logged in');
      await open(page, '/jury');
      await check('/jury (juror)');
      const first = page.locator('.nomination-card').first();
      await first.getByRole('button', { name: /^Bewertung speichern/ }).click();
      await first.locator('.form-errors').waitFor();
      await check('vote with errors');
    });
    assert.deepEqual(found, [], `at ${width} px`);
  }
});
