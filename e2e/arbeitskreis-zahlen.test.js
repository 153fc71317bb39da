// The working group's work and the figures of engagement in headless
// Chromium against a real BEN with demo data: a guest reads the adopted
// recommendations and their progress (never the proposals), the published
// meetings with their minutes and decisions (never who attended), and the
// page "Engagement in Zahlen", whose charts are images with a name and come
// with tables holding the figures of GET /api/ben/stats. All of it passes
// axe-core at 1280 and 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, pageFindings } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

let server;
let staff;

const { withPage, open } = setUpBEN({ name: 'arbeitskreis-zahlen', browser: true, ready: (ben) => ({ server, staff } = ben) });

const number = new Intl.NumberFormat('de-DE');

test('a guest reads the adopted recommendations with who carries them out and how far they are', async () => {
  await withPage({}, async (page) => {
    await open(page, '/arbeitskreis');
    await page.locator('main').getByRole('link', { name: 'Empfehlungen des Arbeitskreises' }).click();
    await page.waitForURL('**/arbeitskreis/empfehlungen');
    await settle(page);

    const main = page.locator('main');
    await main.getByRole('heading', { level: 1, name: 'Empfehlungen des Arbeitskreises' }).waitFor();
    assert.match(await main.locator('.result-count').textContent(), /^2 in Umsetzung, 1 umgesetzt\.$/);
    const item = (title) => main.locator('.recommendation', { has: page.getByRole('heading', { level: 3, name: title }) });

    const fair = item('Ehrenamtsbörse im Rathausfoyer');
    assert.match(await fair.textContent(), /Beschlossen, in Umsetzung\s*Zuständig: Koordinierungsstelle Ehrenamt/);
    assert.match(await fair.textContent(), /Stand der Umsetzung\s*Der Termin steht fest/);
    assert.match(await item('Willkommensmappe für neue Engagierte').textContent(), /Umgesetzt\s*Zuständig: Koordinierung Engagierte Stadt/);
    assert.match(await item('Jugendliche in die Vorstände einladen').textContent(), /Zuständig: Jugend/);
    assert.equal(await main.getByText('Ehrenamtslotsen ausbilden').count(), 0, 'a proposal is not public');

    // the meeting that decided it, with its minutes
    const link = fair.getByRole('link', { name: /^Sitzung vom \d\d\.\d\d\.\d{4}$/ });
    const target = (await link.getAttribute('href')).split('#')[1];
    await link.click();
    await page.waitForURL(/\/arbeitskreis\/sitzungen#sitzung-/);
    await settle(page);
    const meeting = page.locator(`#${target}`);
    await meeting.waitFor();
    assert.ok(await meeting.evaluate((el) => el.getBoundingClientRect().top < window.innerHeight), 'the page shows the meeting');
    assert.match(await meeting.textContent(), /Beschlüsse\s*Empfehlung: Ehrenamtsbörse im Rathausfoyer/);
    assert.match(await meeting.textContent(), /Jury bestellt für die Runde „Stadtmedaille Bitburg \d{4} – Handlungsbereich Senioren“/);
    const minutes = meeting.locator('details.minutes');
    assert.equal(await minutes.getAttribute('open'), null, 'the minutes are folded');
    await minutes.locator('summary').click();
    assert.match(await minutes.textContent(), /Der Arbeitskreis legt den Handlungsbereich „Senioren“/);
  });
});

test('the meetings page shows published meetings only and never who attended', async () => {
  const answers = [];
  await withPage({}, async (page) => {
    page.on('response', async (res) => {
      if (res.url().includes('/api/collections/working_group_meetings/')) answers.push(await res.text());
    });
    await open(page, '/arbeitskreis/sitzungen');
    const main = page.locator('main');
    assert.equal(await main.locator('.meeting').count(), 2, 'two meetings are published, the planned one is not');
    const text = await main.textContent();
    assert.ok(!text.includes('Lotsenprojekt'), 'the planned meeting\'s agenda is not public');
    for (const name of ['Joachim Beispielmann', 'Sabine Vorlage', 'Lea Jungmann']) assert.ok(!text.includes(name), `no attendee: ${name}`);
    assert.ok(answers.length > 0 && answers.every((a) => !a.includes('attendees')), 'the API sent no attendees');
  });
  // the office sees them
  const held = await staff.collection('working_group_meetings').getFullList({ filter: 'published = true' });
  assert.ok(held.every((m) => m.attendees.length > 0));
});

test('"Engagement in Zahlen" shows the figures as charts, each with a table of the same numbers', async () => {
  const stats = await (await fetch(server.base + '/api/ben/stats')).json();
  await withPage({}, async (page) => {
    await open(page, '/');
    await page.getByRole('contentinfo').getByRole('link', { name: 'Engagement in Zahlen' }).click();
    await page.waitForURL('**/engagement-in-zahlen');
    await settle(page);
    const main = page.locator('main');
    await main.getByRole('heading', { level: 1, name: 'Engagement in Zahlen' }).waitFor();
    assert.match(await main.textContent(), new RegExp(`Im Portal stellen sich ${stats.organisations.total} Vereine`));

    // every chart is an image with a name and a description, and has a table
    const figures = main.locator('figure.chart-figure');
    const count = await figures.count();
    assert.ok(count >= 5, `${count} charts`);
    for (let i = 0; i < count; i++) {
      const figure = figures.nth(i);
      const caption = await figure.locator('figcaption').textContent();
      const img = figure.getByRole('img', { name: caption });
      assert.equal(await img.count(), 1, `chart "${caption}" is an image named by its caption`);
      assert.ok((await img.evaluate((svg) => svg.querySelector('desc').textContent)).length > 10, `chart "${caption}" is described`);
      await figure.locator('details > summary').click();
      assert.equal(await figure.getByRole('table', { name: `${caption}: die Zahlen` }).count(), 1, `chart "${caption}" has its table`);
    }

    // the table of dates per month holds the API's figures, the coming months marked
    const months = main.getByRole('table', { name: 'Termine je Monat: die Zahlen' });
    const rows = months.locator('tbody tr');
    assert.equal(await rows.count(), 15);
    for (let i = 0; i < 15; i++) {
      const m = stats.events_by_month[i];
      const [y, mo] = m.month.split('-').map(Number);
      const name = new Intl.DateTimeFormat('de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, mo - 1, 15)));
      assert.equal(await rows.nth(i).locator('th').textContent(), m.upcoming ? `${name} (geplant)` : name);
      assert.equal(await rows.nth(i).locator('td').textContent(), number.format(m.count));
    }
    assert.ok(stats.events_by_month.some((m) => m.count > 0), 'the demo has dates: the comparison cannot pass empty');

    const kinds = main.getByRole('table', { name: 'Organisationen nach Art: die Zahlen' });
    const verein = stats.organisations.by_kind.find((k) => k.key === 'verein');
    assert.equal(await kinds.getByRole('row', { name: /^Vereine/ }).locator('td').textContent(), number.format(verein.count));

    // the key figures of matching
    const facts = await main.locator('dl.key-figures').textContent();
    assert.match(facts, new RegExp(`Angebote zum Mitmachen, jetzt offen${stats.opportunities.open}`));
    assert.match(facts, new RegExp(`Anfragen an die Koordinierungsstelle${stats.enquiries.received}`));
    assert.ok(!(await main.textContent()).includes('@'), 'no addresses');
  });
});

test('a new published club shows in the figures without a reload', async () => {
  await withPage({}, async (page) => {
    await open(page, '/engagement-in-zahlen');
    const before = (await (await fetch(server.base + '/api/ben/stats')).json()).organisations.total;
    const club = await staff.collection('organisations').create({ name: 'Zählverein Bitburg', slug: 'zaehlverein-bitburg', kind: 'verein', status: 'published' });
    try {
      await page.locator('main').getByText(`Im Portal stellen sich ${before + 1} Vereine`).waitFor({ timeout: 15_000 });
    } finally {
      await staff.collection('organisations').delete(club.id);
    }
  });
});

test('the pages of the working group and the figures pass axe-core and fit 360 px', async () => {
  for (const width of [1280, 360]) {
    const found = [];
    await withPage({ width, bypassCSP: true }, async (page) => {
      for (const p of ['/engagement-in-zahlen', '/arbeitskreis', '/arbeitskreis/empfehlungen', '/arbeitskreis/sitzungen']) {
        await open(page, p);
        for (const details of await page.locator('main details').all()) await details.locator('summary').click();
        found.push(...await pageFindings(page, width, p));
      }
    });
    assert.deepEqual(found, [], `at ${width} px`);
  }
});
