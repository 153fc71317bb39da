// The public portal in headless Chromium against a real BEN with demo data:
// directory and filters, clubs' self-service, the limits between clubs,
// realtime updates, form errors, accessibility and small screens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userClient, DEMO, isoIn } from './lib/server.js';
import { login, settle, axeViolations, field } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

let server;
let browser;
let staff;

const { withPage } = setUpBEN({ browser: true, ready: (ben) => ({ server, staff, browser } = ben) });

test('guest browses and filters the directory, and filtered addresses can be shared', async () => {
  await withPage({}, async (page) => {
    await page.goto(server.base + '/vereine');
    await settle(page);
    const cards = page.locator('.org-grid > li');
    assert.equal(await cards.count(), 10, 'ten published organisations in the demo');
    assert.equal(await page.locator('main').getByText('Inklusiver Chor Klangvoll').count(), 0, 'a pending organisation is not listed');

    await field(page, 'Thema').selectOption('jugend');
    await page.waitForURL(/thema=jugend/);
    await page.waitForFunction(() => document.querySelectorAll('.org-grid > li').length === 4);
    await page.getByRole('link', { name: 'Jugendtreff Rotbach' }).waitFor({ state: 'visible' });
    assert.equal(await page.getByRole('link', { name: 'Bitburger Tafel' }).count(), 0);

    await field(page, 'Art').selectOption('initiative');
    await page.waitForURL(/art=initiative/);
    await page.waitForFunction(() => document.querySelectorAll('.org-grid > li').length === 1);

    // the address holds the filters: opening it anew shows the same result
    const shared = page.url();
    await page.goto('about:blank');
    await page.goto(shared);
    await settle(page);
    assert.equal(await page.locator('.org-grid > li').count(), 1);
    assert.equal(await field(page, 'Thema').inputValue(), 'jugend');

    await page.getByRole('button', { name: 'Zurücksetzen' }).click();
    await field(page, 'Name oder Stichwort').fill('tafel');
    await page.waitForFunction(() => document.querySelectorAll('.org-grid > li').length === 1);
    await page.getByRole('link', { name: 'Bitburger Tafel' }).click();
    await page.waitForURL('**/vereine/bitburger-tafel');
    await settle(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Bitburger Tafel');
    await page.getByRole('link', { name: 'tafel@tafel.example' }).waitFor({ state: 'visible' });
    await page.getByRole('link', { name: 'Lebensmittel retten – Infoabend' }).waitFor({ state: 'visible' });
    assert.ok(await page.locator('a[href$="/api/ben/organisations/bitburger-tafel/events.ics"]').count() > 0, 'it offers its calendar feed');

    await page.goto(server.base + `/vereine/${DEMO.clubB}`);
    await settle(page);
    assert.equal(await page.locator('main').getByText('team@jugendtreff.example').count(), 0, 'private contact data is never shown');
    for (const label of ['Ansprechperson', 'E-Mail', 'Telefon']) {
      assert.equal(await page.locator('.facts dt', { hasText: label }).count(), 0, `no ${label} of a club with private contact data`);
    }

    await page.goto(server.base + '/vereine/gibt-es-nicht');
    await settle(page);
    await page.getByRole('heading', { name: 'Diese Organisation gibt es nicht' }).waitFor({ state: 'visible' });
  });
});

test('the calendar filters by kind and organisation, and has a month view', async () => {
  await withPage({}, async (page) => {
    await page.goto(server.base + '/termine');
    await settle(page);
    await page.locator('main').getByText('Schnuppertraining für Kinder').waitFor({ state: 'visible' });
    assert.equal(await page.locator('main').getByText('Vereinsversammlung (intern)').count(), 0, 'drafts are not public');
    assert.equal(await page.locator('main').getByText('Chorprobe zum Reinschnuppern').count(), 0, 'events of pending clubs are not public');

    await field(page, 'Art').selectOption('fortbildung');
    await page.waitForURL(/art=fortbildung/);
    await page.waitForFunction(() => ![...document.querySelectorAll('.event-item')].some((e) => e.textContent.includes('Schnuppertraining')));
    await page.locator('main').getByText('Erste Hilfe für Vereinsaktive').waitFor({ state: 'visible' });

    await field(page, 'Art').selectOption('');
    await field(page, 'Veranstalter').selectOption(DEMO.clubA);
    await page.waitForURL(new RegExp(`verein=${DEMO.clubA}`));
    await page.waitForFunction(() => {
      const items = [...document.querySelectorAll('.event-item')];
      return items.length > 2 && items.every((e) => e.textContent.includes('Sportfreunde Bitburg-Süd'));
    });
    // each date of the weekly series on its own, the cancelled evening struck through
    assert.ok(await page.locator('.event-item', { hasText: 'Bambini-Training' }).count() >= 2, 'a series shows each of its dates');
    const cancelled = page.locator('.event-item.cancelled', { hasText: 'Grillabend am Vereinsheim' });
    assert.equal(await cancelled.locator('s').count(), 1, 'a cancelled date is struck through');
    assert.match(await cancelled.textContent(), /abgesagt/);
    assert.ok(await page.locator(`a[href$="/api/ben/organisations/${DEMO.clubA}/events.ics"]`).count() > 0, 'the subscription follows the organisation filter');

    await page.getByRole('link', { name: 'Monat', exact: true }).click();
    await settle(page);
    await page.locator('table.month-table').waitFor({ state: 'visible' });
    await page.getByRole('link', { name: 'Nächster Monat' }).waitFor({ state: 'visible' });
  });
});

test('rich text from the API stays inert: no script runs, no handler fires', async () => {
  const org = await staff.collection('organisations').getFirstListItem(`slug = "naturschutzgruppe-eifelwiesen"`);
  await staff.collection('organisations').update(org.id, {
    description: '<p>Wir pflegen <strong>Wiesen</strong>.</p><img src="x" onerror="window.__xss=1"><script>window.__xss=2</script>' +
      '<a href="javascript:window.__xss=3">Klick</a><iframe src="/"></iframe>' +
      '<h1>Unsere Ziele</h1><p><a href="https://example.org/wiesen">Mehr dazu</a> und <a href="//example.org/">ohne Protokoll</a></p>' +
      '<form><button>Absenden</button></form><p data-x="1" style="color:red" class="gross">Gestaltet</p>',
  });
  await withPage({}, async (page) => {
    await page.goto(server.base + '/vereine/naturschutzgruppe-eifelwiesen');
    await settle(page);
    await page.locator('.rich-text').getByText('Wiesen', { exact: true }).waitFor({ state: 'visible' });
    const rich = page.locator('.rich-text');
    assert.equal(await rich.locator('img, script, iframe').count(), 0);
    assert.equal(await rich.locator('a').first().getAttribute('href'), null, 'a javascript: link loses its target');
    await rich.getByText('Klick').click();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.equal(await rich.locator('h1').count(), 0, 'a rich text sits below the page heading');
    assert.equal(await rich.locator('h2', { hasText: 'Unsere Ziele' }).count(), 1);
    const external = rich.getByRole('link', { name: 'Mehr dazu' });
    assert.equal(await external.getAttribute('href'), 'https://example.org/wiesen');
    assert.equal(await external.getAttribute('rel'), 'noopener noreferrer nofollow');
    assert.equal(await rich.getByText('ohne Protokoll').getAttribute('href'), null, 'a link to another host without a scheme loses its target');
    assert.equal(await rich.locator('form, button').count(), 0);
    assert.equal(await rich.getByText('Absenden').count(), 0, 'a form is dropped with its content');
    const styled = rich.getByText('Gestaltet');
    assert.deepEqual(await styled.evaluate((p) => p.getAttributeNames()), [], 'no attributes but links\' targets and titles');
  });
});

test('editor logs in, edits the own profile (with logo) and an event, and sees the change', async () => {
  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.editorA, DEMO.password, { next: '/mein-verein' });
    await page.getByRole('link', { name: /^Profil bearbeiten/ }).click();
    await page.waitForURL(`**/mein-verein/${DEMO.clubA}`);
    await settle(page);

    await field(page, 'Öffnungs- oder Treffzeiten').fill('Training montags und mittwochs 18–20 Uhr');
    await field(page, 'Neues Logo hochladen').setInputFiles({
      name: 'logo.svg', mimeType: 'image/svg+xml',
      buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#0b4f8a"/></svg>'),
    });
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Die Änderungen sind gespeichert.' }).waitFor();

    await page.goto(server.base + `/vereine/${DEMO.clubA}`);
    await settle(page);
    await page.locator('main').getByText('Training montags und mittwochs 18–20 Uhr').waitFor({ state: 'visible' });
    const logo = page.locator('.org-head img.logo');
    assert.match(await logo.getAttribute('src'), /\/api\/files\/.+logo_.+\.svg/, 'the uploaded logo is shown');

    await page.goto(server.base + `/mein-verein/${DEMO.clubA}/termine`);
    await settle(page);
    await page.getByRole('link', { name: 'Bearbeiten: Lauftreff am Stausee' }).click();
    await settle(page);
    await field(page, 'Titel').fill('Lauftreff am Stausee – neue Strecke');
    await field(page, 'Ort mit Anschrift').fill('Parkplatz Nord am Stausee');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.waitForURL(`**/mein-verein/${DEMO.clubA}/termine`);
    await page.locator('main').getByText('Der Termin „Lauftreff am Stausee – neue Strecke“ ist gespeichert und veröffentlicht.').waitFor();

    await page.goto(server.base + '/termine');
    await settle(page);
    await page.getByRole('link', { name: 'Lauftreff am Stausee – neue Strecke' }).click();
    await settle(page);
    await page.locator('main').getByText('Parkplatz Nord am Stausee').waitFor({ state: 'visible' });

    // a new event as a draft: only the club sees it
    await page.goto(server.base + `/mein-verein/${DEMO.clubA}/termine/neu`);
    await settle(page);
    await field(page, 'Titel').fill('Sommerfest der Sportfreunde');
    await field(page, 'Beginn').fill('2031-07-04T15:00');
    await field(page, 'Ende').fill('2031-07-04T22:00');
    await page.getByRole('button', { name: 'Termin anlegen' }).click();
    await page.locator('main').getByText('Der Termin „Sommerfest der Sportfreunde“ ist gespeichert (Entwurf).').waitFor();
    const draft = await staff.collection('events').getFirstListItem('title = "Sommerfest der Sportfreunde"');
    assert.equal(draft.published, false);
    assert.equal(new Date(draft.starts_at.replace(' ', 'T')).toISOString(), '2031-07-04T13:00:00.000Z', 'times are Bitburg time');
  });
});

test('forms show the API field errors in German next to the field and keep what was typed', async () => {
  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.editorA, DEMO.password);
    await page.goto(server.base + `/mein-verein/${DEMO.clubA}`);
    await settle(page);
    await field(page, 'Name').fill('');
    await field(page, 'E-Mail-Adresse').fill('kein-at-zeichen');
    await field(page, 'Telefon').fill('06561 999');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.locator('.form-errors').waitFor();

    const emailField = page.locator('[data-field="email"]');
    assert.match(await emailField.locator('.field-error').textContent(), /gültige E-Mail-Adresse/);
    assert.equal(await emailField.locator('input').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('[data-field="name"] .field-error').textContent(), /Bitte füllen Sie dieses Feld aus/);
    assert.equal(await field(page, 'E-Mail-Adresse').inputValue(), 'kein-at-zeichen', 'the typed value stays');
    assert.equal(await field(page, 'Telefon').inputValue(), '06561 999', 'other fields keep their values');
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('form-errors')), 'the focus moves to the summary');

    // an event that ends before it starts: BEN's own rule, German from the server
    await page.goto(server.base + `/mein-verein/${DEMO.clubA}/termine/neu`);
    await settle(page);
    await field(page, 'Titel').fill('Falsch herum');
    await field(page, 'Beginn').fill('2031-05-01T18:00');
    await field(page, 'Ende').fill('2031-05-01T17:00');
    await field(page, 'Link zur Anmeldung').fill('keine-adresse');
    await page.getByRole('button', { name: 'Termin anlegen' }).click();
    await page.locator('.form-errors').waitFor();
    assert.equal(await page.locator('[data-field="ends_at"] .field-error').textContent(), 'Das Ende muss nach dem Beginn liegen.');
    assert.match(await page.locator('[data-field="registration_url"] .field-error').textContent(), /https:\/\//);
    assert.equal(await field(page, 'Titel').inputValue(), 'Falsch herum');
  });

  await withPage({}, async (page) => {
    await page.goto(server.base + '/registrieren');
    await settle(page);
    await field(page, 'Vor- und Nachname').fill('Bernd Doppelt');
    await field(page, 'E-Mail-Adresse').fill(DEMO.citizen);
    await field(page, 'Passwort').fill('ein-langes-Passwort');
    await field(page, 'Passwort wiederholen').fill('ein-langes-Passwort');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.locator('.form-errors').waitFor();
    assert.equal(await page.locator('[data-field="email"] .field-error').textContent(), 'Zu dieser E-Mail-Adresse gibt es bereits ein Konto.');
    assert.equal(await field(page, 'Vor- und Nachname').inputValue(), 'Bernd Doppelt');
  });
});

test('a citizen registers, then registers a club that stays pending until the office publishes it', async () => {
  await withPage({}, async (page) => {
    await page.goto(server.base + '/registrieren?weiter=/mein-verein');
    await settle(page);
    await field(page, 'Vor- und Nachname').fill('Nina Neu');
    await field(page, 'E-Mail-Adresse').fill('nina.neu@ben.example');
    await field(page, 'Passwort').fill('Nina-Passwort-2026');
    await field(page, 'Passwort wiederholen').fill('Nina-Passwort-2026');
    await page.getByRole('button', { name: 'Konto anlegen' }).click();
    await page.locator('main').getByText('Ihr Konto ist angelegt.').waitFor();
    await page.getByRole('link', { name: 'Weiter' }).click();
    await settle(page);
    await page.locator('main').getByText('Sie sind noch für keine Organisation eingetragen.').waitFor({ state: 'visible' });

    await page.getByRole('link', { name: 'Organisation anmelden' }).first().click();
    await settle(page);
    await field(page, 'Name').fill('Boule-Freunde Bitburg');
    await field(page, 'Art').selectOption('verein');
    await field(page, 'Sport').check();
    await field(page, 'Vorstellung').fill('Wir spielen Boule.\n\nJeden Samstag.');
    await page.getByRole('button', { name: 'Anmeldung absenden' }).click();
    await page.waitForURL('**/mein-verein');
    await page.locator('main').getByText('„Boule-Freunde Bitburg“ ist angemeldet').waitFor();
    await page.locator('main').getByText('Wartet auf Freigabe').waitFor({ state: 'visible' });
  });
  const guest = await fetch(server.base + '/api/collections/organisations/records?filter=' + encodeURIComponent('name = "Boule-Freunde Bitburg"'));
  assert.equal((await guest.json()).totalItems, 0, 'a pending club is not public');
  const stored = await staff.collection('organisations').getFirstListItem('name = "Boule-Freunde Bitburg"');
  assert.equal(stored.status, 'pending');
  assert.equal(stored.description, '<p>Wir spielen Boule.</p><p>Jeden Samstag.</p>');
});

test('the editor of club A cannot edit club B: no control in the portal, refused by the API', async () => {
  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.editorA, DEMO.password);
    await page.goto(server.base + `/vereine/${DEMO.clubA}`);
    await settle(page);
    await page.getByRole('link', { name: 'Profil bearbeiten' }).waitFor({ state: 'visible' });

    await page.goto(server.base + `/vereine/${DEMO.clubB}`);
    await settle(page);
    assert.equal(await page.getByRole('link', { name: /bearbeiten|verwalten/i }).count(), 0, 'other club: no edit control');
    assert.equal(await page.locator('.editor-bar').count(), 0);

    for (const path of [`/mein-verein/${DEMO.clubB}`, `/mein-verein/${DEMO.clubB}/termine`, `/mein-verein/${DEMO.clubB}/termine/neu`]) {
      await page.goto(server.base + path);
      await settle(page);
      await page.getByRole('heading', { level: 1, name: 'Keine Berechtigung' }).waitFor({ state: 'visible' });
      assert.equal(await page.locator('main form').count(), 0, `${path} shows no form`);
    }
    await page.goto(server.base + '/mein-verein');
    await settle(page);
    assert.equal(await page.locator('main').getByText('Jugendtreff Rotbach').count(), 0, 'only own clubs are listed');
  });

  const editorA = await userClient(server.base, DEMO.editorA);
  const clubB = await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubB}"`);
  const eventB = await staff.collection('events').getFirstListItem(`organisation = "${clubB.id}"`);
  await assert.rejects(editorA.collection('organisations').update(clubB.id, { description: '<p>übernommen</p>' }), { status: 404 });
  await assert.rejects(editorA.collection('events').update(eventB.id, { title: 'übernommen' }), { status: 404 });
  await assert.rejects(editorA.collection('events').delete(eventB.id), { status: 404 });
  await assert.rejects(editorA.collection('events').create({
    title: 'Fremder Termin', kind: 'termin', organisation: clubB.id, starts_at: isoIn(48), ends_at: isoIn(50), published: true,
  }), { status: 400 });
  const unchanged = await staff.collection('organisations').getOne(clubB.id);
  assert.equal(unchanged.description, clubB.description);
});

test('a new event created through the API appears on open pages without reload, and an unpublished one disappears', async () => {
  await withPage({}, async (page, context) => {
    const clubA = await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubA}"`);
    const home = page;
    const calendar = await context.newPage();
    const club = await context.newPage();
    await home.goto(server.base + '/');
    await calendar.goto(server.base + '/termine');
    await club.goto(server.base + `/vereine/${DEMO.clubA}`);
    for (const p of [home, calendar, club]) {
      await settle(p);
      await p.evaluate(() => { window.__sameDocument = true; });
    }
    // give the realtime connections a moment to subscribe
    await home.waitForTimeout(1500);

    const title = `Spontanes Training ${Date.now()}`;
    const event = await staff.collection('events').create({
      title, kind: 'termin', organisation: clubA.id, location: 'Sportplatz', published: true,
      starts_at: isoIn(1), ends_at: isoIn(3),
    });
    for (const p of [home, calendar, club]) {
      await p.getByRole('link', { name: title }).waitFor({ timeout: 10_000 });
      assert.equal(await p.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    }

    await staff.collection('events').update(event.id, { published: false });
    for (const p of [home, calendar, club]) {
      await p.getByRole('link', { name: title }).waitFor({ state: 'detached', timeout: 10_000 });
    }

    const news = `Eilmeldung ${Date.now()}`;
    await staff.collection('articles').create({ kind: 'news', title: news, summary: 'Kurz', published: true });
    await home.getByRole('link', { name: news }).waitFor({ timeout: 10_000 });
  });
});

const PUBLIC_PAGES = ['/', '/vereine', '/vereine?thema=sport', `/vereine/${DEMO.clubA}`, '/termine', '/termine?ansicht=monat',
  '/partner', '/neuigkeiten', '/neuigkeiten/demo-hinweis', '/informationen', '/informationen/versicherungsschutz', '/impressum', '/datenschutz', '/barrierefreiheit', '/kontakt',
  '/ehrenamtskarte', '/stadtmedaille', '/anmelden', '/registrieren', '/passwort-vergessen', '/passwort-neu?token=abc',
  '/bestaetigen', '/gibt-es-nicht', '/suche?q=fussball'];
const EDITOR_PAGES = ['/mein-verein', `/mein-verein/${DEMO.clubA}`, `/mein-verein/${DEMO.clubA}/termine`,
  `/mein-verein/${DEMO.clubA}/termine/neu`, '/mein-verein/neu', `/mein-verein/${DEMO.clubB}`];

test('axe-core finds no serious or critical violation on any page', async () => {
  const event = await staff.collection('events').getFirstListItem('published = true && kind = "fortbildung"');
  const found = [];
  await withPage({ bypassCSP: true }, async (page) => {
    for (const path of [...PUBLIC_PAGES, `/termine/${event.id}`]) {
      await page.goto(server.base + path);
      await settle(page);
      for (const v of await axeViolations(page)) found.push({ path, ...v });
    }
    await login(page, server.base, DEMO.editorA, DEMO.password);
    for (const path of EDITOR_PAGES) {
      await page.goto(server.base + path);
      await settle(page);
      for (const v of await axeViolations(page)) found.push({ path, ...v });
    }
    // a form showing errors
    await page.goto(server.base + `/mein-verein/${DEMO.clubA}/termine/neu`);
    await settle(page);
    await page.getByRole('button', { name: 'Termin anlegen' }).click();
    await page.locator('.form-errors').waitFor();
    for (const v of await axeViolations(page)) found.push({ path: 'form with errors', ...v });
  });
  assert.deepEqual(found, []);
});

test('every page works at 360 px: no sideways scrolling, the menu opens by keyboard', async () => {
  const overflow = [];
  await withPage({ width: 360, bypassCSP: true }, async (page) => {
    for (const path of PUBLIC_PAGES) {
      await page.goto(server.base + path);
      await settle(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 360) overflow.push(`${path}: ${width}px`);
    }
    for (const v of await axeViolations(page)) overflow.push(`axe at 360 px: ${v.id}`);

    const menu = page.getByRole('button', { name: 'Menü' });
    assert.equal(await menu.getAttribute('aria-expanded'), 'false');
    const nav = page.getByRole('navigation', { name: 'Hauptnavigation' });
    assert.equal(await nav.getByRole('link', { name: 'Termine', exact: true }).isVisible(), false);
    await menu.focus();
    await page.keyboard.press('Enter');
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await nav.getByRole('link', { name: 'Termine', exact: true }).click();
    await page.waitForURL('**/termine');
    await settle(page);
    assert.ok(await page.evaluate(() => document.activeElement?.tagName === 'H1'), 'after navigating, the focus is on the new heading');
  });
  assert.deepEqual(overflow, []);
});
