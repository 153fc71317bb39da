// "Mein Konto" in headless Chromium: a citizen finds their own area, changes
// name, password and e-mail address (confirmed through the link mailed to
// the new address), sets a forgotten password anew through the mailed
// link, reads their data as a German overview; an editor sees
// what waits for the club and publishes a draft event at once; a juror
// finds the jury; the mobile menu closes with Escape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from './lib/server.js';
import { login, settle, field } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

let server;
let staff;
let mailbox;

const { withPage, open } = setUpBEN({ name: 'konto', mailbox: true, browser: true, ready: (ben) => ({ server, staff, mailbox } = ben) });

test('a citizen lands in "Mein Konto" and finds card, applications, answers and data there', async () => {
  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.citizen, DEMO.password);
    assert.equal(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Mein Konto' }).count(), 1, 'the account menu says "Mein Konto"');
    assert.equal(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Ehrenamtskarte', exact: true }).count(), 1, 'the card is in the main navigation');
    for (const heading of ['Meine Ehrenamtskarte', 'Meine Anträge', 'Meine Meldungen auf Angebote', 'Meine Daten', 'Name, E-Mail und Passwort']) {
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    await page.getByText('Sie haben noch keine Ehrenamtskarte.').waitFor();
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Meine Vereine' }).count(), 0, 'no clubs part for a citizen who edits none');
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Jury' }).count(), 0, 'no jury part for a citizen on no jury');

    // the data as a readable German overview, beside the JSON file
    await page.getByRole('link', { name: 'Zu Meine Daten' }).click();
    await page.waitForURL('**/meine-daten');
    await settle(page);
    await page.getByRole('button', { name: 'Meine Daten als Übersicht anzeigen' }).click();
    const overview = page.locator('.export-readable');
    await overview.waitFor();
    const text = await overview.textContent();
    for (const want of ['Benutzerkonto', 'E-Mail-Adresse', DEMO.citizen, 'Bernd Bürger']) assert.ok(text.includes(want), `the overview shows ${want}`);
    assert.doesNotMatch(text, /emailVisibility|collectionId|\d{4}-\d\d-\d\d \d\d:/, 'German names and dates, not the stored ones');
    assert.equal(await page.getByRole('link', { name: 'Übersicht speichern (HTML)' }).getAttribute('download'), 'ben-meine-daten.html');
    await page.getByRole('button', { name: 'Meine Daten herunterladen (JSON)' }).waitFor();
  });
});

test('a citizen changes name, password and e-mail address in "Mein Konto"', async () => {
  const email = 'konto.test@ben.example';
  const newEmail = 'konto.neu@ben.example';
  await staff.collection('users').create({ email, password: DEMO.password, passwordConfirm: DEMO.password, name: 'Karla Konto', verified: true });
  await withPage({}, async (page) => {
    await login(page, server.base, email, DEMO.password);

    await field(page, 'Vor- und Nachname').fill('Karla Neuname');
    await page.getByRole('button', { name: 'Name speichern' }).click();
    await page.getByText('Ihr Name ist gespeichert.').waitFor();
    assert.equal((await staff.collection('users').getFirstListItem(`email = "${email}"`)).name, 'Karla Neuname');

    // a wrong old password is refused in German, a too short new one names the number
    await field(page, 'Bisheriges Passwort').fill('falsch-falsch');
    await field(page, 'Neues Passwort').fill('Neues-Passwort-2026');
    await field(page, 'Neues Passwort wiederholen').fill('Neues-Passwort-2026');
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await page.locator('[data-field="oldPassword"] .field-error').filter({ hasText: 'Das bisherige Passwort ist falsch.' }).waitFor();
    await field(page, 'Bisheriges Passwort').fill(DEMO.password);
    await page.getByRole('button', { name: 'Passwort ändern' }).click();
    await page.getByText('Ihr Passwort ist geändert.').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Mein Konto' }).count() > 0, true, 'still logged in, with the new password');

    // the new e-mail address counts only once confirmed through the mailed link
    await field(page, 'Neue E-Mail-Adresse').fill(newEmail);
    await page.getByRole('button', { name: 'Bestätigungslink schicken' }).click();
    await page.getByText(`Wir haben einen Link an ${newEmail} geschickt.`, { exact: false }).waitFor();
    const mail = await mailbox.waitFor(newEmail, /email-bestaetigen/);
    assert.match(mail.text, /neue E-Mail-Adresse/);
    const link = /(http\S+\/email-bestaetigen\?token=[\w.-]+)/.exec(mail.text)[1];
    assert.equal((await staff.collection('users').getFirstListItem(`name = "Karla Neuname"`)).email, email, 'the old address holds until confirmed');

    await page.goto(link);
    await settle(page);
    await field(page, 'Ihr Passwort').fill('Neues-Passwort-2026');
    await page.getByRole('button', { name: 'Neue Adresse bestätigen' }).click();
    await page.getByRole('heading', { name: 'Ihre neue E-Mail-Adresse gilt' }).waitFor();
    assert.equal((await staff.collection('users').getFirstListItem(`name = "Karla Neuname"`)).email, newEmail);

    await login(page, server.base, newEmail, 'Neues-Passwort-2026');
    await page.getByText(`Angemeldet als Karla Neuname (${newEmail}).`).waitFor();
  });
});

test('a citizen who forgot the password sets a new one through the mailed link and logs in with it', async () => {
  const email = 'vergessen.test@ben.example';
  await staff.collection('users').create({ email, password: DEMO.password, passwordConfirm: DEMO.password, name: 'Vera Vergessen', verified: true });
  await withPage({ width: 360 }, async (page) => {
    await open(page, '/anmelden');
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    await page.waitForURL('**/passwort-vergessen');
    await page.getByRole('button', { name: 'Link anfordern' }).click();
    await page.locator('[data-field="email"] .field-error').filter({ hasText: 'Bitte geben Sie Ihre E-Mail-Adresse ein.' }).waitFor();
    await field(page, 'E-Mail-Adresse Ihres Kontos').fill(email);
    await page.getByRole('button', { name: 'Link anfordern' }).click();
    await page.getByRole('status').filter({ hasText: `Falls es zu ${email} ein Konto gibt, ist eine E-Mail mit einem Link unterwegs.` }).waitFor();
    const mail = await mailbox.waitFor(email, /passwort-neu#token=/);
    assert.doesNotMatch(mail.text, /\/buero\//, 'the citizen is sent to the portal, not to the office');
    const link = /\/passwort-neu#token=[\w.-]+/.exec(mail.text)[0];

    // without the token the page says what to do; with it, the two passwords must match
    await open(page, '/passwort-neu');
    await page.getByRole('link', { name: 'Neuen Link anfordern' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Neuen Link anfordern' }).getAttribute('href'), '/passwort-vergessen');
    await open(page, link);
    await page.getByRole('heading', { level: 1, name: 'Neues Passwort festlegen' }).waitFor();
    await page.getByText('Mindestens 8 Zeichen.').waitFor();
    const fresh = 'Ein-neues-Passwort-2026';
    await field(page, 'Neues Passwort').fill(fresh);
    await field(page, 'Neues Passwort wiederholen').fill(fresh + 'x');
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.locator('[data-field="passwordConfirm"] .field-error').filter({ hasText: 'Die beiden Passwörter stimmen nicht überein.' }).waitFor();
    await field(page, 'Neues Passwort wiederholen').fill(fresh);
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Passwort geändert' }).waitFor();

    // the old password no longer opens the account, the new one does
    await page.getByRole('link', { name: 'Jetzt anmelden' }).click();
    await page.waitForURL((url) => url.pathname === '/anmelden');
    await field(page, 'E-Mail-Adresse').fill(email);
    await field(page, 'Passwort').fill(DEMO.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.locator('.form-errors').getByText('E-Mail-Adresse oder Passwort ist falsch.').waitFor();
    await field(page, 'Passwort').fill(fresh);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL((url) => url.pathname === '/konto');
    await page.getByRole('heading', { level: 1, name: 'Mein Konto' }).waitFor();
  });
});

test('an editor sees what waits for the club, publishes a draft event at once, and a juror finds the jury', async () => {
  const club = await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubA}"`);
  const opp = await staff.collection('opportunities').getFirstListItem(`organisation = "${club.id}" && status = "published"`);
  await staff.collection('interests').create({ opportunity: opp.id, name: 'Zähler Test', email: 'zaehler@example.org', message: 'Ich helfe.', consent: true });
  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.editorA, DEMO.password);
    const clubs = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Meine Vereine' }) });
    await clubs.getByRole('link', { name: /^Meldungen auf Angebote \(\d+ neu\)/ }).waitFor();

    await open(page, '/mein-verein');
    await page.getByRole('link', { name: /^Meldungen auf Angebote \(\d+ neu\)\s*: Sportfreunde Bitburg-Süd$/ }).waitFor();

    await open(page, `/mein-verein/${DEMO.clubA}/termine`);
    await page.getByRole('button', { name: 'Jetzt veröffentlichen: Vereinsversammlung (intern)' }).click();
    await page.getByText('Der Termin „Vereinsversammlung (intern)“ ist veröffentlicht.').waitFor();
    assert.equal((await staff.collection('events').getFirstListItem('title = "Vereinsversammlung (intern)"')).published, true);
    assert.equal(await page.getByRole('button', { name: /^Jetzt veröffentlichen: Vereinsversammlung/ }).count(), 0);

    // the club's public page lists its open opportunities
    await open(page, `/vereine/${DEMO.clubA}`);
    await page.getByRole('heading', { level: 2, name: 'Mitmachen' }).waitFor();
    await page.locator('main').getByRole('link', { name: opp.title }).waitFor();
  });
  await withPage({}, async (page) => {
    await login(page, server.base, 'jury@ben.example', DEMO.password);
    await page.getByRole('heading', { level: 2, name: 'Jury' }).waitFor();
    await page.getByRole('link', { name: 'Vorschläge bewerten', exact: true }).click();
    await page.waitForURL('**/jury');
  });
});

test('the registration page speaks to every citizen, and the mobile menu closes with Escape', async () => {
  await withPage({ width: 360 }, async (page) => {
    await open(page, '/registrieren');
    assert.match(await page.locator('main').textContent(), /die Ehrenamtskarte beantragen/);
    const menu = page.getByRole('button', { name: 'Menü' });
    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Escape');
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Menü', 'the focus returns to the menu button');
    assert.equal(await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Termine', exact: true }).isVisible(), false);
  });
});
