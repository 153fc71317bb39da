// The coordination office's own area (/buero) in headless Chromium against
// a real BEN with demo data, MFA switched on as in production: staff log in
// with password and the code from their mailbox, clear the demo inbox
// (enter a missing imprint fact, publish a club, decide two applications,
// revoke a card, record the municipal bodies' decision on the medal round,
// refer an enquiry, accept a festival participation and a partner
// application, publish an idea with an answer), ask a club for changes and
// archive another by keyboard, and every step is in the audit log. The
// lists take their filters from the address and the form. The redaktion
// can decide nothing; guests and citizens do not enter; a forgotten
// password is replaced through the mailed link. Every page is checked
// with axe-core at 1280 and 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import PocketBase from 'pocketbase';
import { DEMO } from './lib/server.js';
import { settle, pageFindings, field } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

const BUERO = 'koordination@ben.example'; // hooks/demo: role buero
const BUERO_NAME = 'Sabine Vorlage';
const REDAKTION = 'redaktion@ben.example'; // hooks/demo: role redaktion
// PocketBase allows five code attempts per account in three minutes; the
// page checks log in with an account of their own
const CHECKER = 'pruefung@ben.example';
// and the password reset one of its own
const FORGETFUL = 'vergesslich@ben.example';
// and the lists one of their own
const LISTER = 'listen@ben.example';

let server;
let staff; // superuser client, for setting up and for reading what was stored
let mailbox;
let demo; // ids of the demo's inbox items

const { withPage, open } = setUpBEN({ name: 'buero', mailbox: true, browser: true, ready: prepare });

async function prepare(ben) {
  ({ server, staff, mailbox } = ben);
  // production's default: password and a code by mail (the demo switches it off)
  const coll = await staff.collections.getOne('staff');
  await staff.collections.update('staff', { mfa: { ...coll.mfa, enabled: true } });
  for (const [email, name] of [[CHECKER, 'Paula Prüfung'], [FORGETFUL, 'Vera Vergesslich'], [LISTER, 'Lena Liste']]) {
    await staff.collection('staff').create({ email, name, role: 'buero', active: true, password: DEMO.password, passwordConfirm: DEMO.password });
  }
  // the imprint lacks the office's phone number: an item of the inbox
  const facts = (await staff.collection('office').getList(1, 1)).items[0];
  await staff.collection('office').update(facts.id, { phone: '' });
  // the medal round's nominations have closed: the municipal bodies decide after that
  const round = (await staff.collection('eingang').getFullList()).find((i) => i.kind === 'nomination_new').parent;
  await staff.collection('award_rounds').update(round, { nominations_until: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10) + ' 12:00:00.000Z' });
  const items = await staff.collection('eingang').getFullList();
  const one = (kind) => items.find((i) => i.kind === kind);
  demo = {
    club: one('organisation_pending').record,
    confirmed: one('application_confirmed').record,
    waiting: one('application_submitted').record,
    card: one('card_expiring').record,
    round: one('nomination_new').parent,
    enquiry: one('enquiry_open').record,
    festival: one('festival_participation_submitted').record,
    partner: one('partner_application_submitted').record,
    idea: one('idea_submitted').record,
    office: one('legal_facts_missing').record,
  };
}

/** newMail waits for a mail to address matching pattern among those after index since. */
async function newMail(address, pattern, since, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const found = mailbox.mails.slice(since).find((m) => m.to.includes(address) && pattern.test(m.text));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no new mail to ${address} matching ${pattern}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** officeLogin logs staff in at /buero/anmelden with password and the mailed code. */
async function officeLogin(page, email) {
  await open(page, '/buero');
  await page.waitForURL('**/buero/anmelden?weiter=%2Fbuero');
  const since = mailbox.mails.length;
  await field(page, 'E-Mail-Adresse').fill(email);
  await field(page, 'Passwort').fill(DEMO.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { name: 'Anmeldecode eingeben' }).waitFor();
  const mail = await newMail(email, /lautet:/, since);
  const code = /lautet:\s+(\d{8})/.exec(mail.text)[1];
  await field(page, 'Anmeldecode').fill(code);
  await page.getByRole('button', { name: 'Code bestätigen' }).click();
  await page.waitForURL((url) => url.pathname === '/buero');
  await settle(page);
}

/** tabTo presses Tab until target has the focus: the keyboard reaches it. */
async function tabTo(page, target, max = 80) {
  const handle = await target.elementHandle();
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((el) => document.activeElement === el, handle)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('the keyboard does not reach the element');
}

const inboxText = (page) => page.locator('main').textContent();

test('guests and citizens do not enter; staff need the password and the code from their mail', async () => {
  await withPage({}, async (page) => {
    await open(page, '/buero/organisationen');
    await page.waitForURL('**/buero/anmelden?weiter=%2Fbuero%2Forganisationen');
    await page.getByRole('heading', { level: 1, name: 'Anmelden im Büro' }).waitFor();

    // a citizen's login is no staff login
    await field(page, 'E-Mail-Adresse').fill(DEMO.citizen);
    await field(page, 'Passwort').fill(DEMO.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.locator('.form-errors').getByText('E-Mail-Adresse oder Passwort ist falsch.').waitFor();

    // the password alone asks for the code; a wrong code is refused in German
    const since = mailbox.mails.length;
    await field(page, 'E-Mail-Adresse').fill(BUERO);
    await field(page, 'Passwort').fill(DEMO.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { name: 'Anmeldecode eingeben' }).waitFor();
    await page.getByRole('status').getByText(`Wir haben Ihnen einen Anmeldecode an ${BUERO} geschickt.`).waitFor();
    const mail = await newMail(BUERO, /lautet:/, since);
    assert.match(mail.text, new RegExp(`Guten Tag ${BUERO_NAME}`));
    const code = /lautet:\s+(\d{8})/.exec(mail.text)[1];
    await field(page, 'Anmeldecode').fill(code === '00000000' ? '11111111' : '00000000');
    await page.getByRole('button', { name: 'Code bestätigen' }).click();
    await page.locator('[data-field="code"] .field-error').getByText('Der Code ist falsch oder abgelaufen. Sie können einen neuen Code anfordern.').waitFor();
    assert.equal(await page.evaluate(() => localStorage.getItem('ben_buero_auth')), null, 'no login after a wrong code');

    // a new code, and in
    const again = mailbox.mails.length;
    await page.getByRole('button', { name: 'Neuen Code senden' }).click();
    const second = await newMail(BUERO, /lautet:/, again);
    await field(page, 'Anmeldecode').fill(/lautet:\s+(\d{8})/.exec(second.text)[1]);
    await page.getByRole('button', { name: 'Code bestätigen' }).click();
    await page.waitForURL('**/buero/organisationen');
    await settle(page);
    await page.getByRole('heading', { level: 1, name: 'Organisationen' }).waitFor();
    assert.match(await page.locator('.office-account').textContent(), new RegExp(`Angemeldet: ${BUERO_NAME} \\(Büro\\)`));
    // the citizen's part of the portal does not take the office's login for its own
    assert.equal(await page.locator('#nav-account').getByRole('link', { name: 'Anmelden' }).count(), 1);
  });
});

test('buero clears the demo inbox in the browser, and every step is in the audit log', async () => {
  const findings = [];
  await withPage({ bypassCSP: true }, async (page) => {
    await officeLogin(page, BUERO);
    const me = await staff.collection('staff').getFirstListItem(`email = "${BUERO}"`);

    // the inbox with its counts
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
    const counts = await page.locator('.inbox-counts').textContent();
    for (const line of ['1 Organisationen warten auf Freigabe', '1 Anträge auf die Ehrenamtskarte zur Entscheidung', '1 Anträge warten auf die Bestätigung',
      '1 Engagements seit über 14 Tagen unbestätigt', '2 Neue Vorschläge', '1 Anfragen ohne Antwort', '1 Ehrenamtskarten laufen in den nächsten sechs Wochen ab',
      '1 Angaben für Impressum und Datenschutz fehlen', '1 Anmeldungen zum Vereinsfest zur Entscheidung', '1 Bewerbungen als Partner zur Entscheidung',
      '1 Ideen warten auf Veröffentlichung oder Antwort']) {
      assert.ok(counts.replace(/\s+/g, ' ').includes(line), `the inbox counts "${line}": ${counts}`);
    }
    assert.match(await inboxText(page), /21 Tage/, 'days waiting');
    findings.push(...await pageFindings(page, 1280, 'Eingang'));

    // 0. the imprint's missing fact
    await page.getByRole('link', { name: 'Angaben für Impressum/Datenschutz fehlen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Angaben der Koordinierungsstelle' }).waitFor();
    await settle(page);
    findings.push(...await pageFindings(page, 1280, 'Angaben'));
    assert.match(await page.locator('.notice-warning').textContent(), /Noch fehlen eine Angabe.*Telefon/s);
    await field(page, 'Telefon').fill('06561 6001-0');
    await page.getByRole('button', { name: 'Angaben speichern' }).click();
    await page.getByRole('status').getByText(/Die Angaben sind gespeichert/).waitFor();
    await page.getByText('Alle Pflichtangaben sind eingetragen.').waitFor();
    assert.match(await (await fetch(`${server.base}/api/ben/legal/kontakt`)).text(), /06561 6001-0/, 'the contact block shows it');
    await page.locator('.office-nav').getByRole('link', { name: 'Eingang' }).click();
    await settle(page);

    // 1. publish the club
    await page.getByRole('link', { name: 'Inklusiver Chor Klangvoll' }).click();
    await page.getByRole('heading', { level: 1, name: 'Inklusiver Chor Klangvoll' }).waitFor();
    await settle(page);
    findings.push(...await pageFindings(page, 1280, 'Organisation'));
    assert.match(await page.locator('main').textContent(), /Neu angemeldet: ein Chor für Menschen mit und ohne Behinderung/);
    await page.getByRole('button', { name: 'Freigeben und veröffentlichen' }).click();
    await page.getByRole('status').getByText('„Inklusiver Chor Klangvoll“ ist veröffentlicht.').waitFor();
    await page.locator('.audit-list').getByText(`${BUERO_NAME}: Organisation „Inklusiver Chor Klangvoll“: Status von „wartet auf Freigabe“ auf „veröffentlicht“ geändert; außerdem geändert: verified.`).waitFor();
    const guest = await (await fetch(`${server.base}/api/collections/organisations/records/${demo.club}`)).json();
    assert.equal(guest.status, 'published', 'the club is public now');

    // the inbox updates itself
    await page.locator('.office-nav').getByRole('link', { name: 'Eingang' }).click();
    await settle(page);
    assert.doesNotMatch(await inboxText(page), /Organisationen warten auf Freigabe/);

    // 2. approve the confirmed application and print the card
    await page.getByRole('link', { name: 'Sophie Sommer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Antrag von Sophie Sommer' }).waitFor();
    await settle(page);
    findings.push(...await pageFindings(page, 1280, 'Antrag'));
    const application = await page.locator('main').textContent();
    assert.match(application, /14\.05\.1979/, 'the birth date the German way');
    assert.match(application, /von der Redaktion der Organisation im Portal/);
    assert.match(application, /per E-Mail-Link der Ansprechperson/);
    assert.match(application, /Erstattung tatsächlicher Kosten/);
    assert.match(application, /Die Voraussetzungen sind nach den Angaben erfüllt\./);
    let since = mailbox.mails.length;
    await page.getByRole('button', { name: 'Bewilligen und Karte ausstellen' }).click();
    await page.getByRole('status').getByText(/Der Antrag ist bewilligt, die Karte ausgestellt/).waitFor();
    const card = await staff.collection('cards').getFirstListItem(`application = "${demo.confirmed}"`);
    await newMail('sophie.sommer@ben.example', new RegExp(card.number), since);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Karte drucken (PDF)' }).click()]);
    assert.equal(download.suggestedFilename(), `ehrenamtskarte-${card.number}.pdf`);
    assert.equal((await readFile(await download.path())).subarray(0, 5).toString(), '%PDF-');

    // ... and correct its last valid day, with a reason (the card's route keeps the correction)
    await page.getByRole('link', { name: card.number }).click();
    await page.getByRole('heading', { level: 1, name: `Karte ${card.number}` }).waitFor();
    await settle(page);
    await page.getByRole('button', { name: 'Karte berichtigen …' }).click();
    const lastDay = new Date(Date.parse(card.valid_until) - 86_400_000).toISOString().slice(0, 10);
    await field(page, 'Richtiger letzter Gültigkeitstag').fill(lastDay);
    await field(page, 'Begründung der Berichtigung').fill('Beim Ausstellen einen Tag zu spät eingetragen.');
    await page.getByRole('button', { name: 'Berichtigung speichern' }).click();
    await page.getByRole('status').getByText(`Die Karte ${card.number} ist berichtigt (Gültig bis).`).waitFor();
    findings.push(...await pageFindings(page, 1280, 'Karte berichtigt'));
    assert.match(await page.locator('main').textContent(), /Berichtigungen.*Gültig bis von/s);
    assert.equal((await staff.collection('card_corrections').getFullList({ filter: `card = "${card.id}"` })).length, 1);

    // 3. reject the application that waits for a confirmation, with a reason
    await page.locator('.office-nav').getByRole('link', { name: 'Eingang' }).click();
    await settle(page);
    await page.getByRole('link', { name: 'Greta Geduld', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Antrag von Greta Geduld' }).waitFor();
    await settle(page);
    assert.match(await page.locator('main').textContent(), /noch nicht bestätigt/);
    assert.equal(await page.getByRole('button', { name: 'Bewilligen und Karte ausstellen' }).count(), 0, 'not before the confirmations');
    // the office confirms the engagement on its own knowledge, with a reason
    const stuck = await staff.collection('engagements').getFirstListItem(`application = "${demo.waiting}"`);
    await page.getByRole('button', { name: /^Engagement bei .* bestätigen$/ }).click();
    await page.locator('[data-field="reason"] .field-error').getByText(/Bitte begründen Sie/).waitFor();
    await page.getByLabel(/^Begründung der Bestätigung/).fill('Der Schulleiter hat schriftlich bestätigt.');
    await page.getByRole('button', { name: /^Engagement bei .* bestätigen$/ }).click();
    await page.getByRole('status').getByText(/ist von der Koordinierungsstelle bestätigt/).waitFor();
    assert.match(await page.locator('main').textContent(), new RegExp(`von der Koordinierungsstelle selbst.*durch ${BUERO_NAME}; Begründung: Der Schulleiter hat schriftlich bestätigt\\.`, 's'));
    assert.equal(await page.getByRole('button', { name: 'Bewilligen und Karte ausstellen' }).count(), 1, 'all confirmed now');
    await page.getByRole('button', { name: 'Antrag ablehnen' }).click();
    await page.locator('[data-field="decision_reason"] .field-error').getByText(/Bitte begründen Sie die Ablehnung/).waitFor();
    since = mailbox.mails.length;
    await field(page, 'Begründung').fill('Die Schule hat das Engagement nach drei Wochen nicht bestätigt; bitte stellen Sie den Antrag neu.');
    await page.getByRole('button', { name: 'Antrag ablehnen' }).click();
    await page.getByRole('status').getByText(/Der Antrag ist abgelehnt/).waitFor();
    await newMail('greta.geduld@ben.example', /nicht bestätigt; bitte stellen Sie den Antrag neu/, since);

    // 4. revoke the card that is about to expire (two steps)
    await page.locator('.office-nav').getByRole('link', { name: 'Eingang' }).click();
    await settle(page);
    const number = (await staff.collection('cards').getOne(demo.card)).number;
    await page.getByRole('link', { name: number }).click();
    await page.getByRole('heading', { level: 1, name: `Karte ${number}` }).waitFor();
    await settle(page);
    findings.push(...await pageFindings(page, 1280, 'Karte'));
    assert.match(await page.locator('main').textContent(), /Karl Kartenmann/);
    assert.match(await page.locator('main').textContent(), /Online geprüft0-mal/);
    await page.getByRole('button', { name: 'Karte sperren …' }).click();
    await field(page, 'Begründung').fill('Der Karteninhaber ist verzogen.');
    await page.getByRole('button', { name: 'Sperren bestätigen' }).click();
    await page.locator('[data-field="confirm"] .field-error').getByText('Bitte bestätigen Sie, dass die Karte gesperrt werden soll.').waitFor();
    await page.getByRole('checkbox', { name: `Ja, die Karte ${number} sperren.` }).check();
    await page.getByRole('button', { name: 'Sperren bestätigen' }).click();
    await page.getByRole('status').getByText(`Die Karte ${number} ist gesperrt.`).waitFor();
    const list = await (await fetch(`${server.base}/api/ben/revocations`)).json();
    assert.ok(list.revoked.includes(number), 'the partners learn of it');

    // 5. the municipal bodies' decision on the medal round
    await page.locator('.office-nav').getByRole('link', { name: 'Eingang' }).click();
    await settle(page);
    await page.getByRole('link', { name: /^Gertrud Lesepatin – / }).click();
    await page.getByRole('heading', { level: 2, name: 'Vorschläge (2)' }).waitFor();
    await settle(page);
    findings.push(...await pageFindings(page, 1280, 'Runde'));
    const nominations = page.getByRole('table', { name: 'Vorschläge mit Bewertungen der Jury' });
    assert.match(await nominations.textContent(), /ingrid@beispiel\.example/, 'the office sees who nominated');
    await field(page, 'Gremium').fill('Stadtrat Bitburg');
    await field(page, 'Ergebnis des Beschlusses').fill('einstimmig beschlossen');
    await page.getByRole('checkbox', { name: 'Gertrud Lesepatin wird ausgezeichnet' }).check();
    await field(page, 'Würdigung für Gertrud Lesepatin').fill('Für zwölf Jahre Vorlesen im Seniorenheim, jede Woche.');
    await page.getByRole('checkbox', { name: 'Auszeichnungen gleich im Portal veröffentlichen' }).check();
    await page.getByRole('button', { name: 'Entscheidung speichern' }).click();
    await page.getByRole('status').getByText('Die Entscheidung ist gespeichert.').waitFor();
    assert.match(await page.locator('main').textContent(), /Beschluss von „Stadtrat Bitburg“ am \d{2}\.\d{2}\.\d{4} \(einstimmig beschlossen\); erfasst von Sabine Vorlage\./);
    const medal = await (await fetch(`${server.base}/api/collections/awards/records?filter=${encodeURIComponent('recipient_name = "Gertrud Lesepatin"')}`)).json();
    assert.equal(medal.totalItems, 1, 'the medal is public');

    // 6. refer the enquiry to the best suggestion
    await page.locator('.office-nav').getByRole('link', { name: 'Eingang' }).click();
    await settle(page);
    await page.getByRole('link', { name: 'Jana Neugierig' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anfrage von Jana Neugierig' }).waitFor();
    await settle(page);
    findings.push(...await pageFindings(page, 1280, 'Anfrage'));
    const best = page.locator('.suggestion-list > li').first();
    assert.equal(await best.getByRole('heading', { level: 3 }).textContent(), 'Übungsleiterin oder Übungsleiter für die Bambini');
    await best.getByRole('button', { name: /^Hierhin vermitteln/ }).click();
    await page.getByRole('status').getByText('Die Anfrage ist an „Übungsleiterin oder Übungsleiter für die Bambini“ vermittelt.').waitFor();
    assert.match(await page.locator('main').textContent(), /Vermittelt an „Übungsleiterin oder Übungsleiter für die Bambini“ bei „Sportfreunde Bitburg-Süd“/);

    // 7. accept the club's festival participation, with a message to the club
    await page.locator('.office-nav').getByRole('link', { name: 'Eingang' }).click();
    await settle(page);
    const participation = await staff.collection('festival_participations').getOne(demo.festival, { expand: 'organisation' });
    const clubName = participation.expand.organisation.name;
    await page.getByRole('link', { name: new RegExp(`^${clubName} – `) }).click();
    await page.getByRole('heading', { level: 1, name: `Anmeldung von ${clubName} zum Vereinsfest` }).waitFor();
    await settle(page);
    findings.push(...await pageFindings(page, 1280, 'Vereinsfest'));
    assert.match(await page.locator('main').textContent(), new RegExp(participation.offer.slice(0, 20)));
    await field(page, 'Nachricht an den Verein').fill('Ihr Stand: Marktplatz, Nummer 7; Aufbau ab 9 Uhr.');
    await page.getByRole('button', { name: 'Annehmen' }).click();
    await page.getByRole('status').getByText(`Die Anmeldung von „${clubName}“ ist angenommen`, { exact: false }).waitFor();
    assert.match(await page.locator('main').textContent(), new RegExp(`Angenommen am \\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2} Uhr von ${BUERO_NAME}`));

    // 8. take the business on as a partner
    await page.locator('.office-nav').getByRole('link', { name: 'Eingang' }).click();
    await settle(page);
    const business = await staff.collection('partner_applications').getOne(demo.partner);
    await page.getByRole('link', { name: business.business_name }).click();
    await page.getByRole('heading', { level: 1, name: `Bewerbung von ${business.business_name}` }).waitFor();
    await settle(page);
    findings.push(...await pageFindings(page, 1280, 'Partner-Bewerbung'));
    assert.match(await page.locator('main').textContent(), new RegExp(business.contact_name));
    await page.getByRole('button', { name: 'Als Partner aufnehmen' }).click();
    await page.getByRole('status').getByText(`„${business.business_name}“ ist als Partner aufgenommen`, { exact: false }).waitFor();
    const partners = await (await fetch(`${server.base}/api/collections/partners/records?filter=${encodeURIComponent(`name = "${business.business_name}"`)}`)).json();
    assert.equal(partners.totalItems, 1, 'the partner is public');

    // 9. publish the idea with an answer
    await page.locator('.office-nav').getByRole('link', { name: 'Eingang' }).click();
    await settle(page);
    const idea = await staff.collection('ideas').getOne(demo.idea);
    await page.getByRole('link', { name: idea.title }).click();
    await page.getByRole('heading', { level: 1, name: `Idee: ${idea.title}` }).waitFor();
    await settle(page);
    findings.push(...await pageFindings(page, 1280, 'Idee'));
    await page.getByRole('radio', { name: 'Veröffentlicht' }).check();
    await field(page, 'Antwort (öffentlich)').fill('Der Arbeitskreis sucht einen Raum im Süden; wir melden uns im Frühjahr.');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('status').getByText(`Gespeichert: Die Idee „${idea.title}“ ist jetzt „Veröffentlicht“ und beantwortet.`).waitFor();
    const publicIdea = await (await fetch(`${server.base}/api/collections/ideas/records/${demo.idea}`)).json();
    assert.equal(publicIdea.response, 'Der Arbeitskreis sucht einen Raum im Süden; wir melden uns im Frühjahr.', 'the answer is public');
    assert.equal(publicIdea.name, undefined, 'without the sender');

    // the inbox is empty
    await page.locator('.office-nav').getByRole('link', { name: 'Eingang' }).click();
    await settle(page);
    await page.getByText('Im Eingang liegt nichts. Alles ist erledigt.').waitFor();
    findings.push(...await pageFindings(page, 1280, 'leerer Eingang'));

    // ... until someone writes to the office: the inbox shows it without a reload
    const res = await fetch(`${server.base}/api/collections/enquiries/records`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Lukas Live', email: 'lukas.live@beispiel.example', message: 'Ich habe samstags Zeit.', consent: true }),
    });
    assert.equal(res.status, 200);
    await page.getByRole('heading', { level: 2, name: 'Anfragen ohne Antwort (1)' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Lukas Live' }).count(), 1);

    // every step has its entry, by the buero account, written with the change
    const entries = await staff.collection('audit_log').getFullList({ filter: `actor = "${me.id}"`, sort: 'created' });
    const steps = entries.map((e) => `${e.collection}/${e.record}/${e.action}`);
    for (const step of [`organisations/${demo.club}/published`, `card_applications/${demo.confirmed}/approved`, `card_applications/${demo.waiting}/rejected`,
      `cards/${demo.card}/revoked`, `award_rounds/${demo.round}/decision_recorded`, `enquiries/${demo.enquiry}/matched`,
      `office/${demo.office}/updated`, `festival_participations/${demo.festival}/accepted`, `partner_applications/${demo.partner}/accepted`,
      `ideas/${demo.idea}/published`, `engagements/${stuck.id}/confirmed_by_office`, `cards/${card.id}/corrected`]) {
      assert.ok(steps.includes(step), `audit entry ${step} in ${steps.join(', ')}`);
    }
    assert.ok(entries.every((e) => e.actor_name === BUERO_NAME));
    assert.ok(entries.every((e) => !/Sommer|Geduld|Kartenmann|Neugierig|verzogen|Marktplatz|Sven|Raum im Süden|Schulleiter|zu spät/.test(e.summary)), 'no personal data or message in the summaries');
    const revocations = await staff.collection('card_revocations').getFullList({ filter: `card = "${demo.card}"` });
    assert.equal(revocations.length, 1, 'the revocation is on record');
    assert.equal(revocations[0].decided_by, me.id, 'by the buero account');

    await page.locator('.office-nav').getByRole('link', { name: 'Protokoll' }).click();
    await settle(page);
    await page.getByText(/Runde „Stadtmedaille Bitburg \d{4} – Handlungsbereich Senioren“: Beschluss von „Stadtrat Bitburg“/).waitFor();
    findings.push(...await pageFindings(page, 1280, 'Protokoll'));
  });
  assert.deepEqual(findings, [], 'axe-core finds no serious problem at 1280 px');
});

test('buero asks a club for changes by mail and archives another, with the keyboard only', async () => {
  await withPage({}, async (page) => {
    await officeLogin(page, BUERO);
    const club = await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubB}"`);
    await open(page, `/buero/organisationen/${club.id}`);
    await page.getByRole('heading', { level: 1, name: club.name }).waitFor();

    const since = mailbox.mails.length;
    await tabTo(page, field(page, 'Nachricht an die Bearbeitenden'));
    await page.keyboard.type('Bitte ergänzen Sie Ihre Öffnungszeiten in den Ferien.');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Nachricht senden');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('Die Nachricht geht per E-Mail an eine Person.').waitFor();
    const mail = await newMail(DEMO.editorB, /Öffnungszeiten in den Ferien/, since);
    assert.match(mail.text, new RegExp(`/mein-verein/${DEMO.clubB}`));
    await page.locator('.audit-list').getByText(/um Änderungen gebeten \(Nachricht an 1 Bearbeitende\)/).waitFor();

    const theatre = await staff.collection('organisations').getFirstListItem('slug = "theaterwerkstatt-demo"');
    await open(page, `/buero/organisationen/${theatre.id}`);
    await tabTo(page, page.getByRole('button', { name: 'Archivieren' }));
    await page.keyboard.press('Enter'); // the confirmation dialog is accepted
    await page.getByRole('status').getByText('„Theaterwerkstatt Bitburg (Demo)“ ist archiviert.').waitFor();
    assert.equal((await staff.collection('organisations').getOne(theatre.id)).status, 'archived');

    // lists filter and sort in German
    await open(page, '/buero/organisationen?status=archived');
    await page.getByRole('status').getByText('1 Organisation').waitFor();
    assert.equal(await page.getByRole('link', { name: 'Theaterwerkstatt Bitburg (Demo)' }).count(), 1);
  });
});

test('redaktion logs in with a code and decides nothing', async () => {
  await withPage({ bypassCSP: true }, async (page) => {
    await officeLogin(page, REDAKTION);
    assert.match(await page.locator('main').textContent(), /Sie arbeiten mit der Rolle „Redaktion“/);
    assert.deepEqual(await page.locator('.office-nav li').allTextContents(), ['Eingang', 'Angaben']);
    const findings = await pageFindings(page, 1280, 'Eingang der Redaktion');

    const theatre = await staff.collection('organisations').getFirstListItem('slug = "seniorenbesuchsdienst"');
    for (const path of ['/buero/organisationen', `/buero/organisationen/${theatre.id}`, `/buero/antraege/${demo.waiting}`, `/buero/karten/${demo.card}`, '/buero/protokoll',
      '/buero/vereinsfest', `/buero/vereinsfest/${demo.festival}`, `/buero/partner-bewerbungen/${demo.partner}`, `/buero/ideen/${demo.idea}`]) {
      await open(page, path);
      await page.getByRole('heading', { level: 1, name: 'Keine Berechtigung' }).waitFor();
      assert.equal(await page.getByRole('button', { name: /Archivieren|Freigeben|Bewilligen|sperren|Annehmen|aufnehmen|Speichern/ }).count(), 0, `${path} offers no decision`);
    }
    findings.push(...await pageFindings(page, 1280, 'Keine Berechtigung'));
    assert.deepEqual(findings, []);

    // nor through the API with the same login
    const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('ben_buero_auth')));
    const pb = new PocketBase(server.base);
    pb.authStore.save(stored.token, stored.record);
    await assert.rejects(pb.collection('organisations').update(theatre.id, { status: 'archived' }), (err) => err.status === 404);
    assert.equal((await pb.collection('eingang').getList(1, 1)).totalItems, 0);
    await assert.rejects(pb.collection('partner_applications').update(demo.partner, { status: 'declined' }), (err) => err.status === 404);
    await assert.rejects(pb.collection('ideas').update(demo.idea, { status: 'declined' }), (err) => err.status === 404);
    await assert.rejects(pb.send(`/api/ben/cards/${demo.card}/revoke`, { method: 'POST', body: { reason: 'x' } }), (err) => err.status === 403);
    await assert.rejects(pb.collection('card_signing_keys').getList(1, 1), (err) => err.status === 403);
    await assert.rejects(pb.settings.getAll(), (err) => err.status === 401 || err.status === 403);
  });
});

test('staff who forgot their password set a new one through the mailed link and log in with it', async () => {
  await withPage({ width: 360, bypassCSP: true }, async (page) => {
    await open(page, '/buero/passwort-vergessen');
    const since = mailbox.mails.length;
    await field(page, 'E-Mail-Adresse Ihres Kontos im Büro').fill(FORGETFUL);
    await page.getByRole('button', { name: 'Link anfordern' }).click();
    const mail = await newMail(FORGETFUL, /passwort-neu#token=/, since);
    assert.doesNotMatch(mail.text, /\?token=/, 'the token travels in the fragment, never to a server log');
    const link = /\/buero\/passwort-neu#token=[\w.-]+/.exec(mail.text)[0];

    await open(page, link);
    await page.getByRole('heading', { level: 1, name: 'Neues Passwort für das Büro' }).waitFor();
    const findings = await pageFindings(page, 360, '/buero/passwort-neu @360');
    const fresh = 'Ein-neues-Passwort-2026';
    await field(page, 'Neues Passwort').fill(fresh);
    await field(page, 'Neues Passwort wiederholen').fill(fresh);
    await page.getByRole('button', { name: 'Passwort speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Passwort geändert' }).waitFor();
    assert.deepEqual(findings, []);

    // the new password (and the code) open the office; the old one no longer does
    await page.getByRole('link', { name: 'Jetzt anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden im Büro' }).waitFor();
    await field(page, 'E-Mail-Adresse').fill(FORGETFUL);
    await field(page, 'Passwort').fill(DEMO.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.locator('.form-errors').getByText('E-Mail-Adresse oder Passwort ist falsch.').waitFor();
    const before = mailbox.mails.length;
    await field(page, 'Passwort').fill(fresh);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { name: 'Anmeldecode eingeben' }).waitFor();
    const code = /lautet:\s+(\d{8})/.exec((await newMail(FORGETFUL, /lautet:/, before)).text)[1];
    await field(page, 'Anmeldecode').fill(code);
    await page.getByRole('button', { name: 'Code bestätigen' }).click();
    await page.waitForURL((url) => url.pathname === '/buero');
    await page.getByRole('heading', { level: 1, name: 'Eingang' }).waitFor();
  });
});

test('every page of the office passes axe-core at 1280 and 360 px without scrolling sideways', async () => {
  const findings = [];
  // undecided ones, sent as a guest would (the demo's are decided by now)
  const post = async (collection, body) => (await (await fetch(`${server.base}/api/collections/${collection}/records`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json()).id;
  const fresh = {
    partner: await post('partner_applications', { business_name: 'Buchhandlung Seitenweise', contact_name: 'Sina Seite', email: 'sina@seitenweise.example',
      category: 'Handel', benefit: '10 % auf Bücher', consent: true }),
    idea: await post('ideas', { title: 'Ein Tauschregal am Bahnhof', text: 'Bücher tauschen statt wegwerfen.', name: 'Toni Tausch', email: 'toni@tausch.example', consent: true }),
  };
  for (const width of [1280, 360]) {
    await withPage({ width, bypassCSP: true }, async (page) => {
      await officeLogin(page, CHECKER);
      const org = await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubA}"`);
      for (const path of ['/buero', '/buero/organisationen', `/buero/organisationen/${org.id}`, '/buero/antraege?status=approved',
        `/buero/antraege/${demo.confirmed}`, `/buero/antraege/${demo.waiting}`, '/buero/karten', `/buero/karten/${demo.card}`,
        '/buero/ehrungen', `/buero/ehrungen/${demo.round}`, '/buero/anfragen?status=matched', `/buero/anfragen/${demo.enquiry}`,
        '/buero/arbeitskreis', '/buero/protokoll', '/buero/vereinsfest?status=alle', `/buero/vereinsfest/${demo.festival}`,
        '/buero/partner-bewerbungen?status=alle', `/buero/partner-bewerbungen/${fresh.partner}`, '/buero/ideen?status=alle', `/buero/ideen/${fresh.idea}`,
        '/buero/angaben', '/buero/zahlen']) {
        await open(page, path);
        findings.push(...await pageFindings(page, width, `${path} @${width}`));
      }
    });
  }
  await withPage({ width: 360, bypassCSP: true }, async (page) => {
    await open(page, '/buero/anmelden');
    findings.push(...await pageFindings(page, 360, '/buero/anmelden @360'));
  });
  assert.deepEqual(findings, []);
});

test('the office reads how long its decisions take; a guest gets nothing (roles: hooks/stats)', async () => {
  await withPage({}, async (page) => {
    await officeLogin(page, CHECKER);
    await page.getByRole('navigation', { name: 'Büro der Koordinierungsstelle' }).getByRole('link', { name: 'Zahlen' }).click();
    await page.waitForURL('**/buero/zahlen');
    await settle(page);
    await page.getByRole('heading', { level: 1, name: 'Zahlen der Koordinierungsstelle' }).waitFor();
    const api = await staff.send('/api/ben/stats/office', {});
    const decided = api.applications.approved + api.applications.rejected;
    const figure = page.locator('dl.key-figures').first().locator('dd').first();
    assert.equal(await figure.textContent(), `${decided} (${api.applications.approved} / ${api.applications.rejected})`);
    const waiting = page.getByRole('region', { name: 'Offene Anträge' });
    for (const w of api.open_applications) assert.match(await waiting.textContent(), new RegExp(String(w.count)));
  });
  const guest = new PocketBase(server.base);
  await assert.rejects(guest.send('/api/ben/stats/office', {}), (err) => err.status === 401);
});

test('the office\'s lists take their filters from the address and the form, and say when nothing matches', async () => {
  const club = await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubA}"`);
  const card = await staff.collection('cards').getOne(demo.card);
  const clubs = (await staff.collection('organisations').getList(1, 1, { filter: staff.filter('status = "published" && name ~ {:q}', { q: club.name }) })).totalItems;
  await withPage({}, async (page) => {
    await officeLogin(page, LISTER);
    const count = () => page.locator('.result-count').textContent();

    // the form's values go into the address, and the list follows them
    await open(page, '/buero/organisationen');
    await field(page, 'Status').selectOption('published');
    await field(page, 'Name enthält').fill(` ${club.name} `);
    await page.getByRole('search', { name: 'Organisationen filtern' }).getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForURL((url) => url.pathname === '/buero/organisationen' && url.searchParams.get('status') === 'published' && url.searchParams.get('suche') === club.name);
    await settle(page);
    assert.equal(await count(), clubs === 1 ? '1 Organisation' : `${clubs} Organisationen`);
    await page.locator('table').getByRole('link', { name: club.name, exact: true }).waitFor();
    assert.equal(await field(page, 'Status').inputValue(), 'published');
    assert.equal(await field(page, 'Name enthält').inputValue(), club.name);

    // a value a list does not know counts as its first choice
    await open(page, '/buero/antraege?status=unbekannt&sortierung=unbekannt');
    assert.equal(await field(page, 'Status').inputValue(), 'offen');
    assert.equal(await field(page, 'Sortierung').inputValue(), 'alt');
    await page.locator('.result-count').waitFor();

    // a card by its number; nothing found is said with the search
    await open(page, '/buero/karten');
    const search = page.getByRole('search', { name: 'Karten suchen' });
    await field(page, 'Kartennummer oder Name').fill(card.number);
    await search.getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL((url) => url.searchParams.get('suche') === card.number);
    await settle(page);
    assert.equal(await count(), '1 Karte');
    await page.locator('table').getByRole('link', { name: card.number }).waitFor();
    await field(page, 'Kartennummer oder Name').fill('gibt-es-nicht');
    await search.getByRole('button', { name: 'Suchen' }).click();
    await page.getByText('Keine Karte passt zu „gibt-es-nicht“.').waitFor();
    assert.equal(await count(), '0 Karten');
  });
});
