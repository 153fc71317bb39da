// Ready for the public, in headless Chromium and as a crawler sees it: the
// legal pages on a fresh install (the office's missing facts flagged) and
// on the demo (filled), the office's contact in the footer and on
// /kontakt, titles and schema.org JSON-LD in the HTML the server sends (no
// JavaScript), robots.txt and the sitemap, the news feed parsed by the
// browser's XML parser, and axe-core on every new page at 1280 and 360 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO } from './lib/server.js';
import { login, settle, pageFindings, newContext } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

let server;
let staff;
let browser;
let fresh; // a second BEN without demo data: a fresh install

const { withPage, open } = setUpBEN({ name: 'rechtliches', browser: true, ready: (ben) => ({ server, staff, browser } = ben) });

before(async () => { fresh = await startServer({ demo: false }); });
after(async () => { await fresh?.stop(); });

const LEGAL = { '/impressum': 'Impressum', '/datenschutz': 'Datenschutzerklärung', '/barrierefreiheit': 'Erklärung zur Barrierefreiheit' };

/** html fetches a page as a crawler does: the server's HTML, no JavaScript. */
async function html(base, path) {
  const res = await fetch(base + path);
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const jsonLD = (text) => {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(text);
  assert.ok(m, 'the page carries JSON-LD');
  return JSON.parse(m[1]);
};
const title = (text) => /<title>([^<]*)<\/title>/.exec(text)?.[1];

test('a fresh install serves the three legal pages and flags what the office has not filled in', async () => {
  for (const [path, heading] of Object.entries(LEGAL)) {
    const page = await html(fresh.base, path);
    assert.equal(page.status, 200, path);
    assert.match(page.text, new RegExp(`<h1>${heading}</h1>`), `${path}: the text is in the HTML`);
    assert.match(page.text, /Diese Seite ist noch nicht vollständig/, `${path}: the gaps are flagged`);
    assert.match(page.text, /\[noch nicht eingetragen: /);
  }
  const context = await newContext(browser, fresh.base);
  try {
    const page = await context.newPage();
    await page.goto(fresh.base + '/impressum');
    await settle(page);
    await page.getByRole('heading', { level: 1, name: 'Impressum' }).waitFor();
    assert.ok(await page.locator('main .missing-facts').isVisible(), 'the browser shows the gaps too');
    const footer = page.getByRole('contentinfo');
    for (const link of ['Impressum', 'Datenschutz', 'Barrierefreiheit', 'Kontakt']) {
      assert.equal(await footer.getByRole('navigation', { name: 'Rechtliches' }).getByRole('link', { name: link, exact: true }).count(), 1, `footer links ${link}`);
    }
    assert.match(await footer.textContent(), /noch nicht eingetragen: Telefon/, 'the footer flags the missing phone number');
    assert.deepEqual(context.problems, []);
  } finally {
    await context.close();
  }
});

test('the demo serves the legal pages filled in, and the office\'s contact in the footer and on /kontakt', async () => {
  for (const [path, heading] of Object.entries(LEGAL)) {
    const page = await html(server.base, path);
    assert.equal(page.status, 200);
    assert.equal(title(page.text), `${heading} – BEN – Bitburger Engagement Netz`);
    assert.doesNotMatch(page.text, /noch nicht eingetragen|noch nicht vollständig/, `${path} is complete`);
  }
  const notice = await html(server.base, '/datenschutz');
  for (const kind of ['Benutzerkonto', 'Meldungen auf Engagement-Angebote', 'Anfragen an die Koordinierungsstelle', 'Ehrenamtskarte: Anträge und Karten', 'Protokolle des Servers']) {
    assert.ok(notice.text.includes(kind), `the privacy notice explains "${kind}"`);
  }
  assert.match(notice.text, /Ohne Konto: 12 Monate nach Abschluss/, 'the configured retention');
  assert.match((await html(server.base, '/barrierefreiheit')).text, /durchsetzungsstelle@mastd\.rlp\.de/);

  await withPage({}, async (page) => {
    await open(page, '/kontakt');
    const box = page.locator('.contact-box');
    await box.getByText('06561 000100').waitFor();
    assert.match(await box.textContent(), /Montag bis Freitag 9–12 Uhr/);
    assert.match(await page.getByRole('contentinfo').textContent(), /ehrenamt@ben\.example/);
    // every consent links to the privacy notice, which exists
    await page.getByRole('link', { name: /Hinweisen zum Datenschutz/ }).waitFor();
    assert.equal(await page.getByRole('link', { name: /Hinweisen zum Datenschutz/ }).getAttribute('href'), '/datenschutz');
    await open(page, '/datenschutz');
    await page.getByRole('heading', { level: 1, name: 'Datenschutzerklärung' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Benutzerkonto' }).waitFor();
    // the office changes a fact: the page follows
    const office = (await staff.collection('office').getFullList())[0];
    await staff.collection('office').update(office.id, { represented_by: 'Bürgermeister Max Geändert' });
    await page.getByText('Bürgermeister Max Geändert').waitFor({ timeout: 10_000 });
  });
});

test('crawlers get titles, descriptions, canonical links and JSON-LD without running JavaScript', async () => {
  const club = await html(server.base, `/vereine/${DEMO.clubA}`);
  assert.equal(title(club.text), 'Sportfreunde Bitburg-Süd – BEN – Bitburger Engagement Netz');
  assert.match(club.text, /<meta name="description" content="Fußball, Gymnastik/);
  assert.match(club.text, /<meta property="og:title" content="Sportfreunde Bitburg-Süd/);
  const org = jsonLD(club.text);
  assert.equal(org['@type'], 'Organization');
  assert.equal(org.name, 'Sportfreunde Bitburg-Süd');

  const event = await staff.collection('events').getFirstListItem('published = true && title = "Lauftreff am Stausee"');
  const ev = jsonLD((await html(server.base, `/termine/${event.id}`)).text);
  assert.equal(ev['@type'], 'Event');
  assert.equal(ev.name, 'Lauftreff am Stausee');
  assert.equal(new Date(ev.startDate).toISOString(), new Date(event.starts_at.replace(' ', 'T')).toISOString());
  assert.equal(ev.organizer.name, 'Sportfreunde Bitburg-Süd');

  const opp = await staff.collection('opportunities').getFirstListItem('status = "published" && title ~ "Bambini"');
  const job = jsonLD((await html(server.base, `/mitmachen/${opp.id}`)).text);
  assert.equal(job['@type'], 'JobPosting');
  assert.equal(job.employmentType, 'VOLUNTEER');

  const news = jsonLD((await html(server.base, '/neuigkeiten/demo-hinweis')).text);
  assert.equal(news['@type'], 'NewsArticle');
  assert.equal(news.headline, 'Dies ist eine Demo-Installation');

  // what a guest may not see does not exist for a crawler either
  const pending = await html(server.base, '/vereine/chor-klangvoll');
  assert.equal(pending.status, 404);
  assert.doesNotMatch(pending.text, /application\/ld\+json|Inklusiver Chor/);

  const robots = await html(server.base, '/robots.txt');
  assert.match(robots.type, /^text\/plain/);
  assert.match(robots.text, /^Sitemap: https?:\/\/\S+\/sitemap\.xml$/m);
  const sitemap = await html(server.base, '/sitemap.xml');
  assert.ok(sitemap.text.includes(`/vereine/${DEMO.clubA}</loc>`) && sitemap.text.includes(`/termine/${event.id}</loc>`) && sitemap.text.includes(`/mitmachen/${opp.id}</loc>`));
  assert.ok(!sitemap.text.includes('chor-klangvoll'), 'a pending club is not in the sitemap');
});

test('the news feed is valid RSS 2.0 for the browser\'s XML parser, and the portal announces it', async () => {
  await withPage({}, async (page) => {
    await open(page, '/neuigkeiten');
    const href = await page.locator('link[rel="alternate"][type="application/rss+xml"]').getAttribute('href');
    assert.equal(href, '/api/ben/news.rss');
    const feed = await page.evaluate(async (url) => {
      const res = await fetch(url);
      const doc = new DOMParser().parseFromString(await res.text(), 'application/xml');
      const error = doc.querySelector('parsererror');
      const text = (el, sel) => el.querySelector(sel)?.textContent ?? null;
      return {
        type: res.headers.get('content-type'), error: error?.textContent ?? null,
        root: doc.documentElement.nodeName, version: doc.documentElement.getAttribute('version'),
        channel: { title: text(doc, 'channel > title'), link: text(doc, 'channel > link'), description: text(doc, 'channel > description') },
        items: [...doc.querySelectorAll('channel > item')].map((i) => ({ title: text(i, 'title'), link: text(i, 'link'), pubDate: text(i, 'pubDate'), description: text(i, 'description') })),
      };
    }, href);
    assert.equal(feed.error, null, 'the XML parses');
    assert.match(feed.type, /^application\/rss\+xml/);
    assert.equal(feed.root, 'rss');
    assert.equal(feed.version, '2.0');
    assert.ok(feed.channel.title && feed.channel.link && feed.channel.description);
    assert.ok(feed.items.length >= 3, 'the demo news');
    for (const item of feed.items) {
      assert.ok(item.title && item.description, 'each item has a title and a summary');
      assert.match(item.link, /\/neuigkeiten\/[a-z0-9-]+$/);
      assert.ok(!Number.isNaN(Date.parse(item.pubDate)), `pubDate ${item.pubDate} is a date`);
    }
    assert.ok(feed.items.some((i) => i.title === 'Dies ist eine Demo-Installation'));
  });
});

test('axe-core finds nothing serious on the new pages at 1280 and 360 px, and nothing scrolls sideways', async () => {
  const found = [];
  for (const width of [1280, 360]) {
    await withPage({ width, bypassCSP: true }, async (page) => {
      for (const path of ['/impressum', '/datenschutz', '/barrierefreiheit', '/kontakt', '/registrieren', '/mitmachen?themen=senioren', '/email-bestaetigen?token=abc', `/vereine/${DEMO.clubA}`]) {
        await open(page, path);
        found.push(...await pageFindings(page, width, `${path} @${width}`));
      }
      await login(page, server.base, DEMO.editorA, DEMO.password);
      found.push(...await pageFindings(page, width, `/konto (editor) @${width}`));
      await open(page, '/meine-daten');
      await page.getByRole('button', { name: 'Meine Daten als Übersicht anzeigen' }).click();
      await page.locator('.export-readable').waitFor();
      found.push(...await pageFindings(page, width, `/meine-daten with the overview @${width}`));
    });
  }
  assert.deepEqual(found, []);
});
