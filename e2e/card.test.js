// The volunteer card in headless Chromium against a real BEN with demo data:
// a citizen applies (with live hints and field errors), the club confirms in
// "Mein Verein", a contact person confirms through the link mailed to them,
// the office approves through the REST API exactly as the dashboard does,
// and the card appears. BEN's mail goes to a local SMTP mailbox, so the
// confirmation links are read from the mails themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { userClient, DEMO } from './lib/server.js';
import { login, settle, pageFindings } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

let server;
let browser;
let staff;
let mailbox;

const { withPage } = setUpBEN({
  name: 'card', mailbox: true, browser: true,
  ready: (ben) => ({ server, staff, mailbox, browser } = ben),
});

/** ymd is a date input's value, months before today. */
function monthsAgo(months) {
  const d = new Date();
  d.setMonth(d.getMonth() - months);
  return d.toISOString().slice(0, 10);
}

const germanDate = (d) => new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', day: '2-digit', month: '2-digit', year: 'numeric' }).format(d);
const linkIn = (mail) => /https?:\/\/\S+\/ehrenamtskarte\/bestaetigen#[A-Za-z0-9_-]+/.exec(mail.text)?.[0];

/** inEngagement is the control labelled label in the n-th engagement of the form. */
const inEngagement = (page, n, label) => page.getByLabel(new RegExp(`^${label.replace(/[()]/g, '\\$&')} \\(Engagement ${n}\\)( \\*)?$`));

async function fillPerson(page, { first, last, birth }) {
  await page.getByLabel('Vorname').fill(first);
  await page.getByLabel('Nachname').fill(last);
  await page.getByLabel('Geburtsdatum').fill(birth);
  await page.getByLabel('Straße und Hausnummer').fill('Hauptstraße 12');
  await page.getByLabel('Postleitzahl').fill('54634');
  await page.getByLabel('Ort', { exact: true }).fill('Bitburg');
}

async function fillEngagement(page, n, e) {
  if (e.organisation) await inEngagement(page, n, 'Organisation').selectOption({ label: e.organisation });
  else {
    await inEngagement(page, n, 'Organisation').selectOption({ label: 'Nicht im BEN – Namen selbst eingeben' });
    await inEngagement(page, n, 'Name der Organisation').fill(e.name);
  }
  await inEngagement(page, n, 'Tätigkeit').fill(e.role);
  await inEngagement(page, n, 'Stunden pro Woche').fill(e.perWeek);
  await inEngagement(page, n, 'Engagiert seit').fill(e.since);
  await inEngagement(page, n, 'Entschädigung').selectOption(e.allowance || 'none');
  if (e.inBitburg) await inEngagement(page, n, 'Das Engagement findet in Bitburg statt').check();
  await inEngagement(page, n, 'Ansprechperson der Organisation').fill(e.contact);
  await inEngagement(page, n, 'E-Mail der Ansprechperson').fill(e.email);
}

const hint = (page, id) => page.locator(`#${id}`);

test('a citizen applies, the club and a contact person confirm, the office approves, and the card appears', async () => {
  const contact = 'karl.kontakt@foerderverein.example';
  let applicationId;
  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.citizen, DEMO.password);
    await page.goto(server.base + '/ehrenamtskarte');
    await settle(page);
    await page.getByRole('link', { name: 'Ehrenamtskarte beantragen' }).click();
    await page.waitForURL('**/ehrenamtskarte/antrag');
    await settle(page);

    await fillPerson(page, { first: 'Berta', last: 'Beispiel', birth: '1990-05-17' });
    await page.getByLabel('Ich wohne in Bitburg').check();
    // both engagements younger than a year: a flag for the office, never shown to the applicant
    await fillEngagement(page, 1, { organisation: 'Sportfreunde Bitburg-Süd', role: 'Jugendtrainerin', perWeek: '3', since: monthsAgo(8),
      inBitburg: true, contact: 'Petra Demo', email: 'trainer@sportfreunde.example' });

    // three hours a week are too few: the same rule as the submission says so next to the engagements
    await hint(page, 'hinweis-engagement').filter({ hasText: 'Nötig sind mindestens 250 Stunden im Jahr' }).waitFor();
    assert.match(await hint(page, 'hinweis-engagement').textContent(), /5 Stunden pro Woche zählen als 250 Stunden im Jahr[\s\S]*Angegeben sind umgerechnet 150 Stunden im Jahr/);
    assert.equal(await hint(page, 'hinweis-engagement').getAttribute('aria-live'), 'polite');

    // a second engagement fixes it: hours add up, "2,5" is read the German way
    await page.getByRole('button', { name: 'Weiteres Engagement hinzufügen' }).click();
    assert.ok(await page.evaluate(() => document.activeElement?.name?.endsWith('-organisation')), 'the new engagement gets the focus');
    await fillEngagement(page, 2, { name: 'Förderverein Grundschule Mötsch', role: 'Hausaufgabenhilfe', perWeek: '2,5', since: monthsAgo(6),
      allowance: 'cost_reimbursement', contact: 'Karl Kontakt', email: 'kein-at-zeichen' });
    await page.waitForFunction(() => document.getElementById('hinweis-engagement').textContent === '');
    await page.getByText('Nach den bisherigen Angaben sind die Voraussetzungen erfüllt.').waitFor();
    assert.equal(await page.getByText('weniger als einem Jahr').count(), 0, 'flags are for the office');

    // a wrong e-mail address: German error next to the field, nothing typed is lost
    await page.getByRole('button', { name: 'Antrag einreichen' }).click();
    await page.locator('.form-errors').waitFor();
    const emailError = page.locator('.engagement').nth(1).locator('[data-field$="-contact_email"] .field-error');
    assert.match(await emailError.textContent(), /gültige E-Mail-Adresse/);
    assert.equal(await inEngagement(page, 2, 'E-Mail der Ansprechperson').getAttribute('aria-invalid'), 'true');
    assert.ok(await page.evaluate(() => document.activeElement?.classList.contains('form-errors')), 'the focus moves to the summary');
    assert.equal(await inEngagement(page, 2, 'Stunden pro Woche').inputValue(), '2,5');
    assert.equal(await page.getByLabel('Vorname').inputValue(), 'Berta');
    assert.match(page.url(), /\/ehrenamtskarte\/antrag\/[a-z0-9]{15}$/, 'the draft is stored and has its own address');

    await inEngagement(page, 2, 'E-Mail der Ansprechperson').fill(contact);
    await page.getByRole('button', { name: 'Antrag einreichen' }).click();
    await page.waitForURL('**/ehrenamtskarte/meine');
    await settle(page);
    await page.getByText('Ihr Antrag ist eingereicht.').waitFor();
    const item = page.locator('.application-item').first();
    assert.match(await item.textContent(), /Eingereicht/);
    assert.match(await item.textContent(), /Förderverein Grundschule Mötsch – Hausaufgabenhilfe\s*noch nicht bestätigt/);
    assert.equal(await page.getByText('weniger als einem Jahr').count(), 0, 'flags are not shown to the applicant');

    const stored = await staff.collection('card_applications').getFirstListItem('last_name = "Beispiel"');
    applicationId = stored.id;
    assert.equal(stored.status, 'submitted');
    assert.deepEqual(stored.flags.map((f) => f.code), ['short_engagement', 'short_engagement'], 'the office sees a flag for each engagement younger than a year');

    // the club confirms in "Mein Verein"
    await withPage({}, async (club) => {
      await login(club, server.base, DEMO.editorA, DEMO.password, { next: '/mein-verein' });
      await club.getByRole('link', { name: /^Ehrenamtskarte: Engagements bestätigen( \(\d+ offen\))?\s*: Sportfreunde Bitburg-Süd$/ }).click();
      await club.waitForURL(`**/mein-verein/${DEMO.clubA}/ehrenamtskarte`);
      await settle(club);
      const row = club.locator('.confirm-list > li').filter({ hasText: 'Berta Beispiel' });
      assert.match(await row.textContent(), /Jugendtrainerin/);
      assert.equal(await club.getByText('1990').count(), 0, 'editors never see the birth date');
      assert.equal(await club.getByText('Hauptstraße').count(), 0, 'nor the address');
      assert.equal(await club.getByText('Förderverein Grundschule Mötsch').count(), 0, 'nor engagements elsewhere');
      await club.getByRole('button', { name: /^Angaben bestätigen\s*: Berta Beispiel, Jugendtrainerin$/ }).click();
      await club.getByText('Das Engagement von Berta Beispiel (Jugendtrainerin) ist bestätigt.').waitFor();
      assert.equal(await club.locator('.confirm-list > li').filter({ hasText: 'Berta Beispiel' }).count(), 0);
    });

    // the contact person of the club outside BEN confirms through the link in the mail
    const link = linkIn(await mailbox.waitFor(contact, /bestaetigen#/));
    assert.ok(link?.startsWith(server.base + '/ehrenamtskarte/bestaetigen#'), `link to the portal in the mail: ${link}`);
    await withPage({}, async (guest) => {
      await guest.goto(link);
      await settle(guest);
      await guest.getByText('Berta Beispiel beantragt die Ehrenamtskarte Rheinland-Pfalz').waitFor();
      const facts = await guest.locator('.confirm-facts').textContent();
      for (const want of ['Förderverein Grundschule Mötsch', 'Hausaufgabenhilfe', '2,5 Stunden pro Woche', 'Erstattung tatsächlicher Kosten']) {
        assert.ok(facts.includes(want), `the contact sees ${want}`);
      }
      assert.equal(await guest.getByText('1990').count(), 0, 'the contact never sees the birth date');
      await guest.getByRole('button', { name: 'Angaben bestätigen' }).click();
      await guest.getByRole('heading', { name: 'Vielen Dank!' }).waitFor();
      assert.ok(await guest.evaluate(() => document.activeElement?.textContent === 'Vielen Dank!'), 'the outcome gets the focus');

      // the link works once
      await guest.goto(link);
      await settle(guest);
      await guest.getByRole('heading', { name: 'Dieser Link funktioniert nicht mehr' }).waitFor();
      await guest.getByText('ungültig, abgelaufen oder wurde bereits benutzt').waitFor({ state: 'visible' });
      assert.equal(await guest.getByRole('button', { name: 'Angaben bestätigen' }).count(), 0);
    });

    // the open page follows: all engagements confirmed
    await page.locator('.application-item .badge', { hasText: /^Bestätigt$/ }).first().waitFor({ timeout: 10_000 });
    assert.equal((await staff.collection('card_applications').getOne(applicationId)).status, 'confirmed');
  });

  // the office approves in the dashboard, which sends exactly this request
  await staff.collection('card_applications').update(applicationId, { status: 'approved' });
  const card = await staff.collection('cards').getFirstListItem(`application = "${applicationId}"`);
  await mailbox.waitFor(DEMO.citizen, new RegExp(card.number));

  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.citizen, DEMO.password);
    await page.goto(server.base + '/ehrenamtskarte/meine');
    await settle(page);
    const shown = page.locator('.volunteer-card').first();
    assert.match(await shown.locator('.card-number').textContent(), /^BIT-\d{4}-\d{5}$/);
    assert.equal(await shown.locator('.card-number').textContent(), card.number);
    const twoYears = new Date();
    twoYears.setFullYear(twoYears.getFullYear() + 2);
    assert.equal(await shown.locator('.card-valid-until').textContent(), germanDate(twoYears), 'valid for two years from today');
    assert.match(await shown.textContent(), /Gültig/);
    assert.match(await page.locator('.application-item').first().textContent(), /Bewilligt/);

    // QR code and PDF only where BEN serves them for this card
    const citizen = await userClient(server.base, DEMO.citizen);
    const qr = await fetch(`${server.base}/api/ben/cards/${card.id}/qr.svg`, { headers: { Authorization: citizen.authStore.token } });
    const qrImage = shown.getByRole('img', { name: `QR-Code der Ehrenamtskarte ${card.number}` });
    if (qr.ok) await qrImage.waitFor();
    else assert.equal(await qrImage.count(), 0);

    // six weeks before the end the holder renews: a new draft with the data of the card's application
    await staff.send(`/api/ben/cards/${card.id}/correct`, { method: 'POST',
      body: { field: 'valid_until', value: new Date(Date.now() + 42 * 24 * 3600_000).toISOString().slice(0, 10), reason: 'Ablauf für die Verlängerung vorgezogen' } });
    await page.reload();
    await settle(page);
    await page.getByRole('button', { name: 'Verlängerung beantragen' }).click();
    await page.waitForURL(/\/ehrenamtskarte\/antrag\/[a-z0-9]{15}$/);
    await settle(page);
    assert.equal(await page.getByLabel('Nachname').inputValue(), 'Beispiel');
    assert.equal(await inEngagement(page, 2, 'Tätigkeit').inputValue(), 'Hausaufgabenhilfe');
    assert.equal(await inEngagement(page, 2, 'Stunden pro Woche').inputValue(), '2,5');
    await page.goto(server.base + '/ehrenamtskarte/meine');
    await settle(page);
    await page.getByText('Die Verlängerung ist beantragt.').waitFor();
  });
});

test('the submission refuses what the rules refuse, keeps the draft, and applicants manage their applications', async () => {
  const email = 'clara.klein@ben.example';
  await staff.collection('users').create({ email, name: 'Clara Klein', password: DEMO.password, passwordConfirm: DEMO.password, verified: true });
  const contact = 'chor@kirche.example';

  await withPage({}, async (page) => {
    await login(page, server.base, email, DEMO.password);
    await page.goto(server.base + '/ehrenamtskarte/antrag');
    await settle(page);
    const young = new Date();
    young.setFullYear(young.getFullYear() - 12);
    await fillPerson(page, { first: 'Clara', last: 'Klein', birth: young.toISOString().slice(0, 10) });
    await page.getByLabel('Ich wohne in Bitburg').check();
    await fillEngagement(page, 1, { name: 'Kirchenchor St. Demo', role: 'Notenwartin', perWeek: '6', since: monthsAgo(30), contact: 'Chorleitung', email: contact });
    await hint(page, 'hinweis-geburtsdatum').filter({ hasText: 'ab 14 Jahren' }).waitFor();

    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.getByText('Ihr Entwurf ist gespeichert.').waitFor();

    // the same rule on the server: refused with the reason next to the field, the draft stays
    await page.getByRole('button', { name: 'Antrag einreichen' }).click();
    await page.locator('.form-errors').waitFor();
    assert.match(await page.locator('[data-field="birth_date"] .field-error').textContent(), /ab 14 Jahren/);
    assert.equal(await page.getByLabel('Vorname').inputValue(), 'Clara');
    assert.equal(await inEngagement(page, 1, 'Tätigkeit').inputValue(), 'Notenwartin');

    await page.goto(server.base + '/ehrenamtskarte/meine');
    await settle(page);
    await page.getByText('Sie haben noch keine Ehrenamtskarte.').waitFor({ state: 'visible' });
    await page.getByRole('link', { name: /^Weiter bearbeiten/ }).click();
    await settle(page);
    assert.equal(await inEngagement(page, 1, 'Name der Organisation').inputValue(), 'Kirchenchor St. Demo', 'a saved draft opens with its data');
    await page.goBack();
    await settle(page);
    await page.getByRole('button', { name: /^Entwurf löschen/ }).click();
    await page.getByText('Der Entwurf ist gelöscht.').waitFor();
    await page.getByText('Sie haben noch keinen Antrag gestellt.').waitFor({ state: 'visible' });

    // a submitted application: new links on request, withdrawal before the decision
    const clara = await userClient(server.base, email);
    const a = await clara.collection('card_applications').create({ applicant: clara.authStore.record.id, first_name: 'Clara', last_name: 'Klein',
      birth_date: '1980-01-02 00:00:00.000Z', kind: 'standard', status: 'draft', resident_in_bitburg: true });
    await clara.collection('engagements').create({ application: a.id, organisation_name: 'Kirchenchor St. Demo', role: 'Notenwartin', hours_per_week: 6,
      since: '2020-01-01 00:00:00.000Z', allowance: 'none', contact_name: 'Chorleitung', contact_email: contact });
    await clara.collection('card_applications').update(a.id, { status: 'submitted' });
    const first = linkIn(await mailbox.waitFor(contact, /bestaetigen#/));

    await page.reload();
    await settle(page);
    await page.getByRole('button', { name: /^Bestätigungslinks erneut senden/ }).click();
    await page.getByText('haben neue Links erhalten').waitFor();
    await mailbox.waitFor(contact, { test: (text) => /bestaetigen#/.test(text) && linkIn({ text }) !== first });
    await page.getByRole('button', { name: /^Antrag zurückziehen/ }).click();
    await page.getByText('Der Antrag ist zurückgezogen.').waitFor();
    assert.match(await page.locator('.application-item').first().textContent(), /Zurückgezogen/);
    assert.equal(await page.getByRole('button', { name: /^Antrag zurückziehen/ }).count(), 0, 'a withdrawn application offers nothing more');
  });
});

test('an organisation files a group application for a member and confirms it', async () => {
  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.editorB, DEMO.password, { next: '/mein-verein' });
    await page.getByRole('link', { name: /^Ehrenamtskarte: Engagements bestätigen( \(\d+ offen\))?\s*: Jugendtreff Rotbach$/ }).click();
    await settle(page);
    await page.getByRole('link', { name: 'Antrag für ein Mitglied anlegen' }).click();
    await settle(page);
    await page.getByRole('heading', { level: 1, name: 'Ehrenamtskarte für ein Mitglied von Jugendtreff Rotbach' }).waitFor();
    const clubB = await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubB}"`);
    assert.equal(await inEngagement(page, 1, 'Organisation').inputValue(), clubB.id, 'the own organisation is chosen');
    await fillPerson(page, { first: 'Mia', last: 'Mitglied', birth: '2000-03-04' });
    await page.getByLabel('Das Mitglied wohnt in Bitburg').check();
    await page.getByLabel('E-Mail-Adresse des Mitglieds').fill('mia.mitglied@jugendtreff.example');
    await inEngagement(page, 1, 'Tätigkeit').fill('Betreuerin Ferienfreizeit');
    await inEngagement(page, 1, 'Stunden pro Woche').fill('1');
    await inEngagement(page, 1, 'oder Stunden im Jahr').fill('260');
    await inEngagement(page, 1, 'Engagiert seit').fill(monthsAgo(40));
    await inEngagement(page, 1, 'Entschädigung').selectOption('none');
    await inEngagement(page, 1, 'Ansprechperson der Organisation').fill('Jonas Beispiel');
    await inEngagement(page, 1, 'E-Mail der Ansprechperson').fill(DEMO.editorB);
    await page.getByRole('button', { name: 'Antrag einreichen' }).click();
    await page.waitForURL(`**/mein-verein/${DEMO.clubB}/ehrenamtskarte`);
    await settle(page);
    await page.getByText('Der Antrag für Mia Mitglied ist eingereicht.').waitFor();
    assert.match(await page.locator('.application-item').first().textContent(), /Mia Mitglied[\s\S]*Eingereicht/);

    // nobody confirms an application they filed: no button, and BEN says who confirms instead
    const row = page.locator('.confirm-list > li').filter({ hasText: 'Mia Mitglied' });
    await row.waitFor();
    assert.equal(await row.getByRole('button', { name: /Angaben bestätigen/ }).count(), 0);
    assert.match(await row.textContent(), /Koordinierungsstelle/);
  });
  const group = await staff.collection('card_applications').getFirstListItem('last_name = "Mitglied"');
  const clubB = await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubB}"`);
  assert.equal(group.group_organisation, clubB.id, 'filed as a group application of the club');
  assert.equal(group.holder_email, 'mia.mitglied@jugendtreff.example', 'the member will be invited to claim the card');
  assert.equal(group.status, 'submitted');
  // the office confirms on its own knowledge, with a reason
  const engagement = await staff.collection('engagements').getFirstListItem(`application = "${group.id}"`);
  await staff.send(`/api/ben/card/engagements/${engagement.id}/confirm-by-office`, { method: 'POST', body: { reason: 'schriftliche Bestätigung des Vereins liegt vor' } });
  assert.equal((await staff.collection('card_applications').getOne(group.id)).status, 'confirmed');
});

test('a member claims the card the organisation applied for, and it replaces the card they held', async () => {
  const editorB = await userClient(server.base, DEMO.editorB);
  const clubB = await staff.collection('organisations').getFirstListItem(`slug = "${DEMO.clubB}"`);
  /** groupCard files Chor B's application for a person, approves it and returns the card and the mailed claim link. */
  const groupCard = async (first, last) => {
    const a = await editorB.collection('card_applications').create({
      applicant: editorB.authStore.record.id, group_organisation: clubB.id, first_name: first, last_name: last,
      holder_email: DEMO.citizen, birth_date: '1999-09-09 00:00:00.000Z', kind: 'standard', status: 'draft', resident_in_bitburg: true,
    });
    const e = await editorB.collection('engagements').create({ application: a.id, organisation: clubB.id, role: 'Gruppenleitung', hours_per_year: 300,
      since: '2019-01-01 00:00:00.000Z', allowance: 'none', in_bitburg: true, contact_name: 'Jonas Beispiel', contact_email: 'jonas@jugendtreff.example' });
    await editorB.collection('card_applications').update(a.id, { status: 'submitted' });
    await staff.send(`/api/ben/card/engagements/${e.id}/confirm-by-office`, { method: 'POST', body: { reason: 'schriftliche Bestätigung liegt vor' } });
    await staff.collection('card_applications').update(a.id, { status: 'approved' });
    const mail = await mailbox.waitFor(DEMO.citizen, new RegExp(`Guten Tag ${first} ${last}[\\s\\S]*uebernehmen#`));
    return {
      card: await staff.collection('cards').getFirstListItem(`application = "${a.id}"`),
      link: /https?:\/\/\S+\/ehrenamtskarte\/uebernehmen#[A-Za-z0-9_-]+/.exec(mail.text)?.[0],
    };
  };
  const before = await staff.collection('cards').getFullList({ filter: `holder.email = "${DEMO.citizen}" && status = "active"` });
  assert.equal(before.length, 1, 'the member holds a card already (issued in the first test)');

  // a card in another person's name never ends the card held
  const other = await groupCard('Karla', 'Kartenfrei');
  const citizen = await userClient(server.base, DEMO.citizen);
  const refused = await fetch(`${server.base}/api/ben/card/claims/${other.link.split('#')[1]}`, { method: 'POST', headers: { Authorization: citizen.authStore.token } });
  assert.equal(refused.status, 400);
  assert.equal((await refused.json()).data.token.code, 'validation_card_claim_other_person');
  assert.equal((await staff.collection('cards').getOne(before[0].id)).status, 'active', 'the card held stays active');

  // the same person's card replaces it
  const { card, link } = await groupCard('Berta', 'Beispiel');
  assert.equal(card.holder, '', 'nobody holds it yet');
  assert.ok(link?.startsWith(server.base), `the invitation links to the portal: ${link}`);
  await withPage({}, async (page) => {
    await page.goto(link);
    await settle(page);
    await page.getByRole('heading', { level: 1, name: 'Ehrenamtskarte übernehmen' }).waitFor();
    assert.equal(await page.evaluate(() => location.hash), '', 'the link leaves the address bar');
    await login(page, server.base, DEMO.citizen, DEMO.password);
    await page.goto(server.base + '/ehrenamtskarte/uebernehmen');
    await settle(page);
    await page.getByRole('button', { name: 'Karte in mein Konto übernehmen' }).click();
    await page.waitForURL('**/ehrenamtskarte/meine');
    await settle(page);
    await page.locator('.volunteer-card .card-number', { hasText: card.number }).waitFor();
  });
  const claimed = await staff.collection('cards').getOne(card.id);
  assert.ok(claimed.holder && claimed.claimed_at, "the card is the member's now");
  for (const old of before) {
    const ended = await staff.collection('cards').getOne(old.id);
    assert.equal(ended.status, 'expired', 'the card held before is ended');
    assert.equal(ended.replaced_by, card.id);
  }
  assert.equal((await staff.collection('cards').getFullList({ filter: `holder.email = "${DEMO.citizen}" && status = "active"` })).length, 1, 'one active card');
});

test('a card holder applies only for the person of the card, and the office cannot approve it for another', async () => {
  const held = await staff.collection('cards').getFirstListItem(`holder.email = "${DEMO.citizen}" && status = "active"`);
  const application = await staff.collection('card_applications').getOne(held.application);
  assert.equal(`${application.first_name} ${application.last_name}`, 'Berta Beispiel', 'the citizen holds Berta Beispiel\'s card (the tests above)');

  // a parent applies for the child with the own account: refused at the first name, the draft stays
  await withPage({}, async (page) => {
    await login(page, server.base, DEMO.citizen, DEMO.password);
    await page.goto(server.base + '/ehrenamtskarte/antrag');
    await settle(page);
    await fillPerson(page, { first: 'Bruno', last: 'Beispiel', birth: '2008-02-03' });
    await page.getByLabel('Ich wohne in Bitburg').check();
    await fillEngagement(page, 1, { name: 'Jugendfeuerwehr Mötsch', role: 'Jugendgruppe', perWeek: '6', since: monthsAgo(30),
      inBitburg: true, contact: 'Jugendwart', email: 'jugendwart@feuerwehr.example' });
    await page.getByRole('button', { name: 'Antrag einreichen' }).click();
    await page.locator('.form-errors').waitFor();
    assert.match(await page.locator('[data-field="first_name"] .field-error').textContent(), /auf einen anderen Namen verbunden.*mit einem eigenen Benutzerkonto/s);
    assert.equal(await page.getByLabel('Vorname').inputValue(), 'Bruno', 'nothing typed is lost');
  });
  const draft = await staff.collection('card_applications').getFirstListItem('first_name = "Bruno"');
  assert.equal(draft.status, 'draft');
  assert.equal(draft.previous_card, '', 'a draft for another person renews no card');

  // a renewal renamed after its submission: the office area refuses to approve it and says why
  const citizen = await userClient(server.base, DEMO.citizen);
  const renewal = await citizen.collection('card_applications').create({ applicant: citizen.authStore.record.id, first_name: 'Berta', last_name: 'Beispiel',
    birth_date: '1990-05-17 00:00:00.000Z', kind: 'standard', status: 'draft', resident_in_bitburg: true });
  const e = await citizen.collection('engagements').create({ application: renewal.id, organisation_name: 'Tafel-Förderkreis', role: 'Fahrerin', hours_per_year: 300,
    since: '2018-01-01 00:00:00.000Z', allowance: 'none', contact_name: 'Herr Kreis', contact_email: 'kreis@tafel.example' });
  await citizen.collection('card_applications').update(renewal.id, { status: 'submitted' });
  await staff.send(`/api/ben/card/engagements/${e.id}/confirm-by-office`, { method: 'POST', body: { reason: 'schriftliche Bestätigung liegt vor' } });
  await staff.collection('card_applications').update(renewal.id, { first_name: 'Bruno' });
  await withPage({}, async (page) => {
    await page.goto(server.base + '/buero/anmelden?weiter=' + encodeURIComponent(`/buero/antraege/${renewal.id}`));
    await settle(page);
    await page.getByLabel('E-Mail-Adresse').fill('koordination@ben.example');
    await page.getByLabel('Passwort').fill(DEMO.password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(`**/buero/antraege/${renewal.id}`);
    await settle(page);
    await page.getByRole('button', { name: 'Bewilligen und Karte ausstellen' }).click();
    await page.getByText(/^Das hat nicht geklappt: Mit diesem Benutzerkonto ist bereits eine gültige Ehrenamtskarte auf einen anderen Namen verbunden\./).waitFor();
  });
  assert.equal((await staff.collection('card_applications').getOne(renewal.id)).status, 'confirmed');
  assert.equal((await staff.collection('cards').getOne(held.id)).status, 'active', 'the card held stays active');
  await staff.collection('card_applications').update(renewal.id, { status: 'withdrawn' });
});

test('the card pages pass axe-core and work at 360 px', async () => {
  // a valid confirmation link for the contact person's page (the holder applies in the name of the card)
  const citizen = await userClient(server.base, DEMO.citizen);
  const a = await citizen.collection('card_applications').create({ applicant: citizen.authStore.record.id, first_name: 'Berta', last_name: 'Beispiel',
    birth_date: '1975-06-01 00:00:00.000Z', kind: 'standard', status: 'draft', resident_in_bitburg: true });
  await citizen.collection('engagements').create({ application: a.id, organisation_name: 'Tafel-Förderkreis', role: 'Fahrer', hours_per_year: 300,
    since: '2018-01-01 00:00:00.000Z', allowance: 'none', contact_name: 'Frau Förder', contact_email: 'foerder@tafel.example' });
  await citizen.collection('card_applications').update(a.id, { status: 'submitted' });
  const link = linkIn(await mailbox.waitFor('foerder@tafel.example', /bestaetigen#/));

  const guestPages = ['/ehrenamtskarte', link.slice(server.base.length), '/ehrenamtskarte/bestaetigen#abgelaufen-oder-falsch-0123456789', '/ehrenamtskarte/bestaetigen',
    '/ehrenamtskarte/uebernehmen#abgelaufen-oder-falsch-0123456789'];
  const citizenPages = ['/ehrenamtskarte/antrag', '/ehrenamtskarte/meine', '/ehrenamtskarte/uebernehmen'];
  const editorPages = [`/mein-verein/${DEMO.clubA}/ehrenamtskarte`, `/ehrenamtskarte/antrag?verein=${DEMO.clubA}`, '/mein-verein'];
  for (const width of [1280, 360]) {
    const found = [];
    await withPage({ width, bypassCSP: true }, async (page) => {
      const check = async (label) => { found.push(...await pageFindings(page, width, label)); };
      const visit = async (path) => {
        await page.goto('about:blank');
        await page.goto(server.base + path);
        await settle(page);
        await check(path);
      };
      for (const path of guestPages) await visit(path);
      await login(page, server.base, DEMO.citizen, DEMO.password);
      for (const path of citizenPages) await visit(path);
      // the form with hints and with errors
      await page.goto(server.base + '/ehrenamtskarte/antrag');
      await settle(page);
      await page.getByLabel('Geburtsdatum').fill('2020-01-01');
      await inEngagement(page, 1, 'Stunden pro Woche').fill('1');
      await hint(page, 'hinweis-engagement').filter({ hasText: /./ }).waitFor();
      await page.getByRole('button', { name: 'Antrag einreichen' }).click();
      await page.locator('.form-errors').waitFor();
      await check('form with hints and errors');
      await page.evaluate(() => window.localStorage.clear());
      await login(page, server.base, DEMO.editorA, DEMO.password);
      for (const path of editorPages) await visit(path);
    });
    assert.deepEqual(found, [], `at ${width} px`);
  }
});
