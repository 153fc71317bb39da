// Getting engaged in headless Chromium against a real BEN with demo data: a
// citizen finds an opportunity with "Was interessiert Sie?" and answers it,
// the club's editor sees the answer arrive live in "Mein Verein" and marks
// it; a guest asks the office for advice; an editor manages the club's
// opportunities; the citizen downloads their data and deletes the account.
// BEN's mail goes to a local SMTP mailbox, so the confirmations are read
// as the recipients would read them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import PocketBase from 'pocketbase';
import { DEMO } from './lib/server.js';
import { newContext, login, settle, pageFindings, field } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

let server;
let browser;
let staff;
let mailbox;

const BAMBINI = 'Übungsleiterin oder Übungsleiter für die Bambini';
const CITIZEN_NAME = 'Bernd Bürger';
const MESSAGE = 'Ich habe früher selbst Fußball gespielt und habe dienstags Zeit.';

const { withPage, open } = setUpBEN({
  name: 'mitmachen', mailbox: true, browser: true,
  ready: (ben) => ({ server, staff, mailbox, browser } = ben),
});

const summary = (page) => page.locator('.form-errors');
const focusedClass = (page) => page.evaluate(() => document.activeElement?.className || '');

test('a citizen finds an opportunity by interest and answers it; the club sees it live and marks it', async () => {
  await withPage({}, async (editorPage) => {
    // the club's editor has the answers open
    await login(editorPage, server.base, DEMO.editorA, DEMO.password, { next: '/mein-verein' });
    await editorPage.getByRole('link', { name: /^Meldungen auf Angebote( \(\d+ neu\))?\s*: Sportfreunde Bitburg-Süd$/ }).click();
    await editorPage.waitForURL(`**/mein-verein/${DEMO.clubA}/meldungen`);
    await settle(editorPage);
    await editorPage.getByText('Noch hat sich niemand auf Ihre Angebote gemeldet.').waitFor();
    await editorPage.evaluate(() => { window.__sameDocument = true; });

    // the citizen, in a browser of their own
    const citizenContext = await newContext(browser, server.base);
    try {
      const page = await citizenContext.newPage();
      await login(page, server.base, DEMO.citizen, DEMO.password);
      await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Mitmachen' }).click();
      await page.waitForURL('**/mitmachen');
      await settle(page);
      assert.equal(await page.locator('main').getByText('Helferinnen und Helfer für das Sommerturnier').count(), 0, 'drafts are not public');
      assert.equal(await page.locator('main').getByText('Reparieren im Repair-Café').count(), 0, 'closed opportunities are not public');

      const wish = page.locator('form.wish-form');
      await wish.getByRole('checkbox', { name: 'Sport', exact: true }).check();
      await wish.getByLabel('Wie viele Stunden pro Woche haben Sie etwa?').fill('3');
      await wish.getByRole('button', { name: 'Angebote zeigen' }).click();
      await page.waitForURL(/themen=sport/);
      const first = page.locator('.results .ranked > li').first();
      await first.waitFor();
      assert.equal(await first.getByRole('link').first().textContent(), BAMBINI, 'the sports offer ranks first');
      assert.match(await first.textContent(), /Alle gewünschten Themen passen/, 'the ranking says why it fits');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'angebote-titel', 'the focus moves to the results');

      await first.getByRole('link', { name: BAMBINI }).click();
      await page.waitForURL('**/mitmachen/*');
      await settle(page);
      assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), BAMBINI);
      assert.equal(await field(page, 'Ihr Name').inputValue(), CITIZEN_NAME, 'the name is filled in for a logged-in citizen');
      assert.equal(await field(page, 'Ihre E-Mail-Adresse').inputValue(), DEMO.citizen);
      assert.equal(await page.getByRole('link', { name: /Hinweisen zum Datenschutz/ }).getAttribute('href'), '/datenschutz');

      // without consent: a German error next to the checkbox, and the message stays
      await field(page, 'Ihre Nachricht an den Verein').fill(MESSAGE);
      await page.getByRole('button', { name: 'Interesse senden' }).click();
      await summary(page).waitFor();
      assert.match(await summary(page).textContent(), /Einwilligung: Bitte willigen Sie ein/);
      assert.match(await focusedClass(page), /form-errors/, 'the focus moves to the errors');
      assert.equal(await page.locator('[data-field="consent"] .field-error').textContent(), 'Bitte willigen Sie ein, dass Ihre Angaben zur Kontaktaufnahme genutzt werden.');
      assert.equal(await field(page, 'Ihre Nachricht an den Verein').inputValue(), MESSAGE, 'nothing typed is lost');

      await page.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check();
      await page.getByRole('button', { name: 'Interesse senden' }).click();
      await page.getByRole('heading', { name: 'Vielen Dank für Ihr Interesse!' }).waitFor();
      assert.match(await page.locator('.confirmation').textContent(), /bei „Sportfreunde Bitburg-Süd“ angekommen/);
      const mail = await mailbox.waitFor(DEMO.citizen, /Interesse/);
      assert.match(mail.text, /Sportfreunde Bitburg-S/);

      // the editor's list shows it without a reload
      const item = editorPage.locator('.interest-item', { hasText: MESSAGE });
      await item.waitFor({ timeout: 10_000 });
      assert.equal(await editorPage.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
      assert.match(await item.textContent(), new RegExp(`${CITIZEN_NAME}.*Neu.*Zu „${BAMBINI}“`));
      await item.getByRole('link', { name: DEMO.citizen }).waitFor({ state: 'visible' });

      await item.getByLabel(new RegExp(`^Stand\\s*der Meldung von ${CITIZEN_NAME}$`)).selectOption('contacted');
      await item.getByRole('button', { name: new RegExp(`^Speichern\\s*: Meldung von ${CITIZEN_NAME}$`) }).click();
      await editorPage.locator('.interest-item', { hasText: MESSAGE }).getByText('Gespeichert: Kontakt aufgenommen.').waitFor();
      const stored = await staff.collection('interests').getFirstListItem(`message = "${MESSAGE}"`);
      assert.equal(stored.status, 'contacted');
      assert.equal(stored.user, (await staff.collection('users').getFirstListItem(`email = "${DEMO.citizen}"`)).id, 'linked to the account');

      // the citizen sees the mark and cannot answer twice
      await open(page, `/mitmachen/${stored.opportunity}`);
      await page.getByRole('heading', { name: 'Ihre Meldung' }).waitFor();
      assert.match(await page.locator('.answer-box').textContent(), /Stand: Kontakt aufgenommen/);
      assert.equal(await page.getByRole('button', { name: 'Interesse senden' }).count(), 0);
      assert.deepEqual(citizenContext.problems, []);
    } finally {
      await citizenContext.close();
    }
  });
});

test('one filter panel: only offers sharing a chosen criterion are listed, and the address keeps the choice', async () => {
  await withPage({}, async (page) => {
    await open(page, '/mitmachen');
    const cards = page.locator('.results .opportunity-card');
    const cardCount = (n) => page.waitForFunction((want) => document.querySelectorAll('.results .opportunity-card').length === want, n);
    assert.equal(await cards.count(), 6, 'without a choice: the six published, current opportunities of the demo');
    assert.equal(await page.locator('main form').count(), 1, 'one filter panel');
    const panel = page.locator('form.wish-form');

    // the report: ticking only "Senioren" listed unrelated offers "because new"
    await panel.getByRole('checkbox', { name: 'Senioren', exact: true }).check();
    await panel.getByRole('button', { name: 'Angebote zeigen' }).click();
    await page.waitForURL(/themen=senioren/);
    await cardCount(1);
    await page.getByRole('link', { name: 'Ehrenamtlicher Fahrdienst zum Arzt' }).waitFor({ state: 'visible' });
    assert.match(await page.locator('.result-count').textContent(), /1 Angebot passt/);
    assert.equal(await page.locator('main').getByText(/Neu eingestellt|eingestellt/).count(), 0, 'new is no reason');

    // a second criterion adds the offers sharing it, the better fit first
    await panel.getByRole('checkbox', { name: 'Projekt auf Zeit', exact: true }).check();
    await panel.getByRole('button', { name: 'Angebote zeigen' }).click();
    await page.waitForURL(/arten=projekt/);
    await cardCount(2);
    assert.deepEqual(await page.locator('.results .ranked > li h3').allTextContents(), ['Ehrenamtlicher Fahrdienst zum Arzt', 'Amphibien über die Straße helfen']);

    const shared = page.url();
    await page.goto('about:blank');
    await open(page, shared.slice(server.base.length));
    assert.equal(await cards.count(), 2);
    assert.equal(await page.getByRole('checkbox', { name: 'Senioren', exact: true }).isChecked(), true);

    // older addresses still work
    await open(page, '/mitmachen?thema=umwelt');
    assert.equal(await cards.count(), 1);
    assert.equal(await page.getByRole('checkbox', { name: 'Umwelt', exact: true }).isChecked(), true);

    await page.getByRole('button', { name: 'Auswahl löschen' }).click();
    await cardCount(6);
    assert.equal(new URL(page.url()).search, '', 'the address forgets the choice');

    // what is no number of hours is refused, in German
    await panel.getByLabel('Wie viele Stunden pro Woche haben Sie etwa?').fill('viel');
    await panel.getByRole('button', { name: 'Angebote zeigen' }).click();
    await summary(page).waitFor();
    assert.match(await summary(page).textContent(), /als Zahl von 0 bis 60/);
  });
});

test('a guest asks the office for advice and gets the German confirmation', async () => {
  await withPage({}, async (page) => {
    await open(page, '/kontakt');
    await page.getByRole('button', { name: 'Anfrage senden' }).click();
    await summary(page).waitFor();
    const errors = await summary(page).textContent();
    for (const text of ['Ihr Name: Bitte geben Sie Ihren Namen ein.', 'Ihre E-Mail-Adresse: Bitte geben Sie Ihre E-Mail-Adresse ein', 'Einwilligung: Bitte willigen Sie ein']) {
      assert.ok(errors.includes(text), `the summary names "${text}"`);
    }
    assert.match(await focusedClass(page), /form-errors/);

    await field(page, 'Ihr Name').fill('Greta Gast');
    await field(page, 'Ihre E-Mail-Adresse').fill('greta.gast@example.org');
    await field(page, 'Telefon (freiwillig)').fill('06561 123456');
    await page.getByRole('checkbox', { name: 'Senioren', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Regelmäßig', exact: true }).check();
    await field(page, 'Wie viele Stunden pro Woche haben Sie etwa?').fill('2,5');
    await field(page, 'Ihre Nachricht').fill('Ich fahre gern Auto und habe vormittags Zeit.');
    await page.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check();
    await page.getByRole('button', { name: 'Anfrage senden' }).click();

    await page.getByRole('heading', { name: 'Vielen Dank für Ihre Anfrage!' }).waitFor();
    assert.match(await page.locator('.confirmation').textContent(), /bei der Koordinierungsstelle angekommen\. Wir melden uns bei Ihnen unter greta\.gast@example\.org oder 06561 123456\./);
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Vielen Dank für Ihre Anfrage!');
    await mailbox.waitFor('greta.gast@example.org', /Koordinierungsstelle/);

    const enquiry = await staff.collection('enquiries').getFirstListItem('email = "greta.gast@example.org"');
    assert.deepEqual([enquiry.status, enquiry.topics, enquiry.availability, enquiry.hours_per_week, enquiry.consent, enquiry.user],
      ['new', ['senioren'], ['regelmaessig'], 2.5, true, '']);

    // the same wishes lead to the matching opportunities
    await page.getByRole('link', { name: 'Schon jetzt passende Angebote ansehen' }).click();
    await page.waitForURL(/themen=senioren/);
    await settle(page);
    await page.locator('.results .ranked > li').first().waitFor();
    assert.equal(await page.locator('.results .ranked > li').first().getByRole('link').first().textContent(), 'Ehrenamtlicher Fahrdienst zum Arzt');
    assert.equal(await page.getByRole('checkbox', { name: 'Senioren', exact: true }).isChecked(), true, 'the short filter shows the wishes');
  });
});

test('an editor creates, publishes and closes an opportunity of the club', async () => {
  const title = `Kassenprüferin oder Kassenprüfer ${Date.now()}`;
  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.editorA, DEMO.password, { next: '/mein-verein' });
    await page.getByRole('link', { name: /^Engagement-Angebote verwalten\s*: Sportfreunde Bitburg-Süd$/ }).click();
    await settle(page);
    await page.getByRole('link', { name: 'Neues Angebot' }).click();
    await settle(page);

    await field(page, 'Beschreibung').fill('Einmal im Jahr die Kasse prüfen.');
    await page.getByRole('button', { name: 'Angebot anlegen' }).click();
    await summary(page).waitFor();
    assert.match(await summary(page).textContent(), /Titel: Bitte geben Sie einen Titel ein\..*Art des Engagements: Bitte wählen Sie/s);
    assert.equal(await field(page, 'Beschreibung').inputValue(), 'Einmal im Jahr die Kasse prüfen.');

    await field(page, 'Titel').fill(title);
    await field(page, 'Art des Engagements').selectOption('einmalig');
    await field(page, 'Stunden pro Woche (etwa)').fill('1,5');
    await page.getByRole('checkbox', { name: 'Bildung', exact: true }).check();
    await field(page, 'Status').selectOption('published');
    // a date in the past is refused by the API, in German, next to the field
    await field(page, 'Veröffentlicht bis').fill('2020-01-31');
    await page.getByRole('button', { name: 'Angebot anlegen' }).click();
    await page.locator('[data-field="published_until"] .field-error').filter({ hasText: 'muss in der Zukunft liegen' }).waitFor();
    await field(page, 'Veröffentlicht bis').fill('');
    await page.getByRole('button', { name: 'Angebot anlegen' }).click();
    await page.waitForURL(`**/mein-verein/${DEMO.clubA}/angebote`);
    await settle(page);
    await page.getByText(`Das Angebot „${title}“ ist gespeichert und veröffentlicht.`).waitFor();

    await open(page, '/mitmachen?thema=bildung');
    await page.getByRole('link', { name: title }).waitFor();

    await open(page, `/mein-verein/${DEMO.clubA}/angebote`);
    await page.getByRole('button', { name: `Beenden: ${title}` }).click();
    await page.getByText(`„${title}“ ist beendet und nicht mehr öffentlich.`).waitFor();
    const stored = await staff.collection('opportunities').getFirstListItem(`title = "${title}"`);
    assert.equal(stored.status, 'closed');
    assert.equal(stored.hours_per_week, 1.5);
    assert.ok(stored.closed_at, 'closing dates the end');

    await open(page, '/mitmachen?thema=bildung');
    assert.equal(await page.getByRole('link', { name: title }).count(), 0, 'a closed opportunity is not public');
    await open(page, `/mitmachen/${stored.id}`);
    assert.match(await page.locator('main').textContent(), /Dieses Angebot ist beendet/);
    assert.equal(await page.getByRole('button', { name: 'Interesse senden' }).count(), 0);
  });
});

test('the new pages pass axe-core and work at 360 px', async () => {
  const opportunity = await staff.collection('opportunities').getFirstListItem(`title = "${BAMBINI}"`);
  const guestPages = ['/mitmachen', '/mitmachen?themen=sport,jugend&arten=regelmaessig&zeit=2', `/mitmachen/${opportunity.id}`, '/mitmachen/gibt-es-nicht', '/kontakt'];
  const editorPages = [`/mein-verein/${DEMO.clubA}/angebote`, `/mein-verein/${DEMO.clubA}/angebote/neu`, `/mein-verein/${DEMO.clubA}/angebote/${opportunity.id}`,
    `/mein-verein/${DEMO.clubA}/meldungen`, '/meine-daten', '/mein-verein'];
  for (const width of [1280, 360]) {
    const found = [];
    await withPage({ width, bypassCSP: true }, async (page) => {
      const check = async (label) => { found.push(...await pageFindings(page, width, label)); };
      for (const p of guestPages) {
        await open(page, p);
        await check(p);
      }
      // forms showing their errors
      await open(page, '/kontakt');
      await page.getByRole('button', { name: 'Anfrage senden' }).click();
      await summary(page).waitFor();
      await check('contact form with errors');
      await open(page, `/mitmachen/${opportunity.id}`);
      await page.getByRole('button', { name: 'Interesse senden' }).click();
      await summary(page).waitFor();
      await check('answer form with errors');

      await login(page, server.base, DEMO.editorA, DEMO.password);
      for (const p of editorPages) {
        await open(page, p);
        await check(p);
      }
      await open(page, '/meine-daten');
      await page.getByRole('button', { name: 'Konto endgültig löschen' }).click();
      await summary(page).waitFor();
      await check('deletion with errors');
    });
    assert.deepEqual(found, [], `at ${width} px`);
  }
});

test('the citizen downloads all own data, then deletes the account and cannot log in any more', async () => {
  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.citizen, DEMO.password);
    await page.getByRole('link', { name: 'Zu Meine Daten' }).click();
    await page.waitForURL('**/meine-daten');
    await settle(page);
    assert.match(await page.locator('.manage-list').textContent(), new RegExp(`${BAMBINI}.*Stand: Kontakt aufgenommen`));

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Meine Daten herunterladen (JSON)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'ben-meine-daten.json');
    const data = JSON.parse(await readFile(await download.path(), 'utf8'));
    assert.equal(data.account.record.email, DEMO.citizen);
    assert.ok(data.interests.some((i) => i.message === MESSAGE && i.opportunity_title === BAMBINI), 'the export holds the interest');
    assert.ok(!JSON.stringify(data).includes('greta.gast@example.org'), 'nothing about other people');
    await page.getByText('Ihre Daten sind zusammengestellt').waitFor();

    // a wrong address deletes nothing
    const confirmEmail = field(page, 'Zur Bestätigung: Ihre E-Mail-Adresse');
    await confirmEmail.fill('jemand@anders.example');
    await page.getByRole('button', { name: 'Konto endgültig löschen' }).click();
    await summary(page).waitFor();
    assert.match(await summary(page).textContent(), /stimmt nicht mit Ihrem Konto überein/);
    await staff.collection('users').getFirstListItem(`email = "${DEMO.citizen}"`);

    await confirmEmail.fill(DEMO.citizen.toUpperCase());
    await page.getByRole('button', { name: 'Konto endgültig löschen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ihr Konto ist gelöscht' }).waitFor();
    await page.locator('#nav-account').getByRole('link', { name: 'Anmelden' }).waitFor({ state: 'visible' });
    assert.equal(await page.evaluate(() => localStorage.getItem('pocketbase_auth')), null, 'no login is kept');

    // the account, its answer and its data are gone; the club stays
    await assert.rejects(staff.collection('users').getFirstListItem(`email = "${DEMO.citizen}"`), { status: 404 });
    await assert.rejects(staff.collection('interests').getFirstListItem(`message = "${MESSAGE}"`), { status: 404 });
    await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubA}"`);

    await open(page, '/anmelden');
    await field(page, 'E-Mail-Adresse').fill(DEMO.citizen);
    await field(page, 'Passwort').fill(DEMO.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await summary(page).filter({ hasText: 'E-Mail-Adresse oder Passwort ist falsch.' }).waitFor();
    const api = new PocketBase(server.base);
    await assert.rejects(api.collection('users').authWithPassword(DEMO.citizen, DEMO.password), { status: 400 });
  });
});
