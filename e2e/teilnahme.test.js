// Taking part, in headless Chromium against a real BEN with demo data: a
// guest registers for a training, confirms with the link from the mail and
// cancels with it; a citizen waits for a seat, the club's editor cancels
// someone on the list and the citizen moves up; a club registers for the
// festival and appears in its programme once the office accepts; a
// business applies as a partner; a guest's idea becomes public with the
// office's answer, without the guest's name. BEN's mail goes to a local
// SMTP mailbox, so links are followed as the recipients would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { DEMO } from './lib/server.js';
import { newContext, login, settle, pageFindings, field } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

let server;
let staff;
let mailbox;
let browser;

const { withPage, open } = setUpBEN({
  name: 'teilnahme', mailbox: true, browser: true,
  ready: (ben) => ({ server, staff, mailbox, browser } = ben),
});

const LINK = /\/termine\/anmeldung#([A-Za-z0-9_-]{43})/;
const eventByTitle = (title) => staff.collection('events').getFirstListItem(staff.filter('title = {:title}', { title }));

test('a guest registers for a training, confirms with the link from the mail and cancels with it', async () => {
  const training = await eventByTitle('Übungsleiter-Grundkurs (Teil 1)');
  const GUEST = 'Greta Gastfreundlich';
  const EMAIL = 'greta@gast.example';
  await withPage({}, async (page) => {
    await open(page, `/termine/${training.id}`);
    const box = page.locator('.registration-box');
    await box.getByRole('heading', { name: 'Anmeldung' }).waitFor();
    assert.match(await box.locator('.seats').textContent(), /Noch 9 von 12 Plätzen frei\./);

    // without consent: a German error, and nothing typed is lost
    await field(page, 'Ihr Name').fill(GUEST);
    await field(page, 'Ihre E-Mail-Adresse').fill(EMAIL);
    await box.getByRole('button', { name: 'Anmelden' }).click();
    await box.locator('.form-errors').waitFor();
    assert.match(await box.locator('[data-field="consent"] .field-error').textContent(), /Bitte willigen Sie ein/);
    assert.equal(await field(page, 'Ihr Name').inputValue(), GUEST);

    await box.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check();
    await box.getByRole('button', { name: 'Anmelden' }).click();
    await box.getByRole('heading', { name: /Bitte bestätigen Sie Ihre Anmeldung/ }).waitFor();
    assert.match(await box.locator('.confirmation').textContent(), /greta@gast\.example/);
    // the seat is taken at once, and the page shows it without a reload
    await page.waitForFunction(() => /Noch 8 von 12/.test(document.querySelector('.registration-box .seats')?.textContent || ''));

    const mail = await mailbox.waitFor(EMAIL, /Bitte bestätigen Sie Ihre Anmeldung bis/);
    const token = LINK.exec(mail.text)?.[1];
    assert.ok(token, 'the mail carries the link');

    await page.goto(`${server.base}/termine/anmeldung#${token}`);
    await settle(page);
    await page.getByRole('heading', { level: 2, name: 'Übungsleiter-Grundkurs (Teil 1)' }).waitFor();
    assert.equal(await page.getByText(EMAIL).count(), 0, 'the link page shows no address');
    await page.getByRole('button', { name: 'Anmeldung bestätigen' }).click();
    await page.getByText(`Danke, ${GUEST}: Ihre Anmeldung ist bestätigt.`).waitFor();
    const stored = await staff.collection('event_registrations').getFirstListItem(`email = "${EMAIL}"`);
    assert.equal(stored.status, 'registered');
    assert.ok(stored.confirmed_at, 'confirmed');

    await page.getByRole('button', { name: 'Von diesem Termin abmelden' }).click();
    await page.getByRole('heading', { name: 'Sie sind abgemeldet' }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the used link leaves the address bar');
    assert.equal((await staff.collection('event_registrations').getOne(stored.id)).status, 'cancelled');

    await page.goto(`${server.base}/termine/anmeldung#${token}`);
    await settle(page);
    await page.getByRole('heading', { name: 'Dieser Link funktioniert nicht mehr' }).waitFor();
  });
});

test('a citizen waits for a seat; the editor cancels someone and the citizen moves up, live and by mail', async () => {
  const trial = await eventByTitle('Schnuppertraining für Kinder');
  await staff.collection('events').update(trial.id, { capacity: 1 }); // "Familie Kicker" holds the one seat

  const citizenContext = await newContext(browser, server.base);
  try {
    const page = await citizenContext.newPage();
    page.on('dialog', (d) => d.accept());
    await login(page, server.base, DEMO.citizen, DEMO.password);
    await page.goto(`${server.base}/termine/${trial.id}`);
    await settle(page);
    const box = page.locator('.registration-box');
    await box.getByText(/Der einzige Platz ist vergeben\. Niemand wartet bisher\./).waitFor();
    await box.getByRole('button', { name: 'Auf die Warteliste' }).click();
    await box.getByText('Sie stehen auf der Warteliste, auf Platz 1.', { exact: false }).waitFor();

    await page.goto(`${server.base}/konto/anmeldungen`);
    await settle(page);
    const item = page.locator('.registration-item', { hasText: 'Schnuppertraining für Kinder' });
    await item.getByText('Warteliste', { exact: true }).waitFor();
    await page.evaluate(() => { window.__sameDocument = true; });

    await withPage({}, async (editor) => {
      await login(editor, server.base, DEMO.editorA, DEMO.password, { next: '/mein-verein' });
      await editor.getByRole('link', { name: /^Termine verwalten: Sportfreunde Bitburg-Süd$/ }).click();
      await settle(editor);
      await editor.getByRole('link', { name: 'Anmeldungen: Schnuppertraining für Kinder' }).click();
      await editor.waitForURL(`**/termine/${trial.id}/anmeldungen`);
      await settle(editor);
      assert.match(await editor.locator('.result-count').textContent(), /1 angemeldet, 1 auf der Warteliste/);
      const download = editor.waitForEvent('download');
      await editor.getByRole('button', { name: 'Liste als CSV herunterladen' }).click();
      const file = await download;
      assert.match(file.suggestedFilename(), /^anmeldungen-schnuppertraining-fuer-kinder-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = await readFile(await file.path(), 'utf8');
      assert.match(csv, /Familie Kicker;familie\.kicker@gast\.example;angemeldet/);
      assert.match(csv, /Bernd Bürger;buerger@ben\.example;Warteliste/);

      await editor.getByRole('button', { name: 'Abmelden: Familie Kicker' }).click();
      await editor.locator('.result-count', { hasText: '1 angemeldet, 0 auf der Warteliste, 1 abgemeldet' }).waitFor();
    });

    // the citizen's list follows without a reload, and the mail says so
    await item.getByText('Angemeldet', { exact: true }).waitFor({ timeout: 10_000 });
    assert.equal(await page.evaluate(() => window.__sameDocument), true);
    const mail = await mailbox.waitFor(DEMO.citizen, /Platz frei geworden/);
    assert.match(mail.text, /\/konto\/anmeldungen/);

    await item.getByRole('button', { name: 'Abmelden: Schnuppertraining für Kinder' }).click();
    await page.getByText('Sie sind von „Schnuppertraining für Kinder“ abgemeldet.').waitFor();
    assert.deepEqual(citizenContext.problems, []);
  } finally {
    await citizenContext.close();
  }
});

test('a club registers for the festival; once the office accepts, its offer is in the public programme', async () => {
  const festival = await staff.collection('events').getFirstListItem('kind = "vereinsfest"');
  const OFFER = 'Torwandschießen und Elfmeterkönig für Kinder';
  const NEEDS = 'Zwei Bierzeltgarnituren und Strom';
  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.editorA, DEMO.password, { next: '/mein-verein' });
    await page.getByRole('link', { name: /^Vereinsfest: anmelden\s*: Sportfreunde Bitburg-Süd$/ }).click();
    await page.waitForURL(`**/mein-verein/${DEMO.clubA}/vereinsfest`);
    await settle(page);
    await page.getByRole('button', { name: 'Verein anmelden' }).click();
    await page.locator('.form-errors').waitFor();
    await field(page, 'Was zeigen Sie oder bieten Sie zum Mitmachen an?').fill(OFFER);
    await field(page, 'Was brauchen Sie dafür?').fill(NEEDS);
    await page.getByRole('button', { name: 'Verein anmelden' }).click();
    await page.locator('.notice-success', { hasText: 'Ihr Verein ist angemeldet.' }).waitFor();
    await page.getByText('Angemeldet – die Koordinierungsstelle prüft').waitFor();

    const mine = await staff.collection('festival_participations').getFirstListItem(`offer = "${OFFER}"`);
    assert.equal(mine.status, 'submitted');
    const office = (await staff.settings.getAll()).meta.senderAddress; // BEN_OFFICE_EMAIL is not set here
    await mailbox.waitFor(office, /Sportfreunde Bitburg-S.*m.chte beim Vereinsfest/s);

    await staff.collection('festival_participations').update(mine.id, { status: 'accepted', note: 'Ihr Stand: Nummer 5 am Spittel.' });
    await page.getByText('Ihr Stand: Nummer 5 am Spittel.').waitFor({ timeout: 10_000 });
    await mailbox.waitFor(DEMO.editorA, /Vereinsfest/);
  });

  await withPage({}, async (page) => {
    await open(page, `/termine/${festival.id}`);
    const programme = page.locator('.programme');
    await programme.getByRole('heading', { name: /Programm/ }).waitFor();
    await programme.getByRole('link', { name: 'Sportfreunde Bitburg-Süd' }).waitFor();
    await programme.getByText(OFFER).waitFor();
    assert.equal(await page.getByText(NEEDS).count(), 0, 'what a club needs is not public');
    assert.equal(await programme.getByText('Jugendtreff Rotbach').count(), 0, 'undecided registrations are not public');
  });
});

test('a business applies as a partner without an account; accepted, it is listed among the partners', async () => {
  await withPage({}, async (page) => {
    await open(page, '/partner');
    await page.getByRole('link', { name: 'Partner werden' }).click();
    const form = page.locator('form.partner-form');
    await form.getByRole('button', { name: 'Bewerbung senden' }).click();
    await form.locator('.form-errors').waitFor();
    assert.match(await form.locator('.form-errors').textContent(), /Namen Ihres Geschäfts/);

    await field(page, 'Name des Geschäfts oder der Einrichtung').fill('Eiscafé Venezia Demo');
    await field(page, 'Anschrift').fill('Hauptstraße 12, 54634 Bitburg');
    await field(page, 'Branche oder Kategorie').fill('Gastronomie');
    await field(page, 'Ihre Vergünstigung für Inhaberinnen und Inhaber der Ehrenamtskarte').fill('Eine Kugel Eis gratis zu jedem Becher');
    await field(page, 'Name').fill('Valentina Venezia');
    await field(page, 'E-Mail-Adresse').fill('valentina@venezia.example');
    await form.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check();
    await form.getByRole('button', { name: 'Bewerbung senden' }).click();
    await page.getByRole('heading', { name: 'Vielen Dank für Ihre Bewerbung!' }).waitFor();
    await mailbox.waitFor('valentina@venezia.example', /Partner der Ehrenamtskarte/);

    const application = await staff.collection('partner_applications').getFirstListItem('business_name = "Eiscafé Venezia Demo"');
    assert.equal(application.status, 'submitted');
    const accepted = await staff.collection('partner_applications').update(application.id, { status: 'accepted' });
    assert.ok(accepted.partner, 'the partner is created with the decision');
    await page.locator('.partner-card', { hasText: 'Eiscafé Venezia Demo' }).getByText('Eine Kugel Eis gratis zu jedem Becher').waitFor({ timeout: 10_000 });
    await mailbox.waitFor('valentina@venezia.example', /herzlich willkommen/);
  });
});

test('a guest sends an idea; the office publishes it with an answer, and it appears without the name', async () => {
  const TITLE = 'Ein offener Bücherschrank am Bahnhof';
  await withPage({}, async (page) => {
    await open(page, '/ideen');
    const list = page.locator('.idea-list').first();
    await list.getByText('Bänke am Stausee').waitFor();
    assert.equal(await page.getByText('Repair-Café auch im Süden').count(), 0, 'an unpublished idea is not public');

    await field(page, 'Ihre Idee in einem Satz').fill(TITLE);
    await field(page, 'Beschreibung').fill('Zum Tauschen von Büchern, betreut von Ehrenamtlichen.');
    await field(page, 'Ihr Name').fill('Bodo Bücherwurm');
    await field(page, 'Ihre E-Mail-Adresse').fill('bodo@buecher.example');
    await page.getByRole('button', { name: 'Idee senden' }).click();
    await page.locator('.form-errors').waitFor();
    assert.equal(await field(page, 'Ihre Idee in einem Satz').inputValue(), TITLE, 'nothing typed is lost');
    await page.getByRole('checkbox', { name: /Ich bin einverstanden/ }).check();
    await page.getByRole('button', { name: 'Idee senden' }).click();
    await page.getByRole('heading', { name: 'Vielen Dank für Ihre Idee!' }).waitFor();
    await mailbox.waitFor('bodo@buecher.example', /Ihre Idee/);
    assert.equal(await page.locator('.idea-item', { hasText: TITLE }).count(), 0, 'not public before the office publishes it');

    const idea = await staff.collection('ideas').getFirstListItem(`title = "${TITLE}"`);
    await staff.collection('ideas').update(idea.id, { status: 'in_progress', response: 'Die Stadtbücherei übernimmt die Patenschaft.' });
    const item = page.locator('.idea-item', { hasText: TITLE });
    await item.getByText('Die Stadtbücherei übernimmt die Patenschaft.').waitFor({ timeout: 10_000 });
    assert.match(await item.textContent(), /In Arbeit/);
    assert.equal(await page.getByText('Bodo Bücherwurm').count(), 0, 'the sender is never shown');
    await mailbox.waitFor('bodo@buecher.example', /Stadtbücherei übernimmt/);
  });
});

test('a list reloaded live right after it was loaded shows the change, not the browser\'s copy', async () => {
  // the office answers an idea less than a second after the page loaded
  // the list: the live reload comes within the answers' max-age, when a
  // browser may reuse the answer it has
  const TITLE = 'Ein Trinkbrunnen am Spittel';
  const idea = await staff.collection('ideas').create({
    title: TITLE, text: 'Für heiße Sommertage in der Innenstadt.', topic: 'umwelt',
    name: 'Greta Gießkanne', email: 'greta@brunnen.example', consent: true,
  });
  await withPage({}, async (page) => {
    await open(page, '/ideen');
    await page.locator('.idea-list').first().getByText('Bänke am Stausee').waitFor();
    await staff.collection('ideas').update(idea.id, { status: 'in_progress', response: 'Der Bauhof plant ihn für das Frühjahr.' });
    await page.locator('.idea-item', { hasText: TITLE }).getByText('Der Bauhof plant ihn für das Frühjahr.').waitFor({ timeout: 10_000 });
  });
});

test('the new pages pass axe-core and work at 360 px', async () => {
  const training = await eventByTitle('Übungsleiter-Grundkurs (Teil 1)');
  const festival = await staff.collection('events').getFirstListItem('kind = "vereinsfest"');
  const firstAid = await eventByTitle('Erste Hilfe für Vereinsaktive');
  const trial = await eventByTitle('Schnuppertraining für Kinder');
  for (const width of [1280, 360]) {
    const found = [];
    await withPage({ width, bypassCSP: true }, async (page) => {
      const check = async (label) => { found.push(...await pageFindings(page, width, label)); };
      for (const p of [`/termine/${training.id}`, `/termine/${firstAid.id}`, `/termine/${festival.id}`, '/ideen', '/partner', '/termine/anmeldung#kaputt']) {
        await open(page, p);
        await check(p);
      }
      await open(page, `/termine/${training.id}`);
      await page.locator('.registration-box').getByRole('button', { name: 'Anmelden' }).click();
      await page.locator('.registration-box .form-errors').waitFor();
      await check('registration form with errors');

      await login(page, server.base, DEMO.editorA, DEMO.password);
      for (const p of [`/mein-verein/${DEMO.clubA}/termine/${trial.id}/anmeldungen`, `/mein-verein/${DEMO.clubA}/vereinsfest`, '/konto/anmeldungen', `/termine/${training.id}`]) {
        await open(page, p);
        await check(p);
      }
    });
    assert.deepEqual(found, [], `at ${width} px`);
  }
});
