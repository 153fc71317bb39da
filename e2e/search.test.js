// The full-text search as people use it: the API finds a club by a word of
// its description in both German spellings; in the portal the results
// follow the typing, are announced, and can be walked with the arrow keys,
// without an axe finding at 1280 and 360 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO } from './lib/server.js';
import { settle, pageFindings, field } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

let server;

const { withPage } = setUpBEN({ name: 'suche', browser: true, ready: (ben) => ({ server } = ben) });

async function search(q, extra = '') {
  const res = await fetch(`${server.base}/api/ben/search?q=${encodeURIComponent(q)}${extra}`);
  assert.equal(res.status, 200);
  return res.json();
}

test('a club is found by a word of its description in both spellings', async () => {
  // "Fußball, Gymnastik und Lauftreff für alle Generationen." (Sportfreunde Bitburg-Süd)
  for (const q of ['Fußball', 'fussball', 'FUSSBALL', 'Fussball']) {
    const result = await search(q, '&collection=organisations');
    const hit = result.items.find((i) => i.link === `/vereine/${DEMO.clubA}`);
    assert.ok(hit, `"${q}" finds the Sportfreunde`);
    assert.match(hit.snippet, /<mark>Fußball<\/mark>/, 'the snippet marks the word as the club wrote it');
  }
  const generations = await search('generationen lauftreff');
  assert.ok(generations.items.some((i) => i.link === `/vereine/${DEMO.clubA}`), 'two words of the description, both needed');
  const pending = await search('Klangvoll');
  assert.ok(!pending.items.some((i) => i.collection === 'organisations'), 'a pending club is never found');
});

test('the search page follows the typing, announces the hits and is walked with the arrow keys', async () => {
  await withPage({}, async (page) => {
    await page.goto(server.base + '/suche');
    await settle(page);
    const input = page.locator('main').getByLabel('Suchbegriff');
    await input.pressSequentially('fussb', { delay: 30 });
    const status = page.locator('main [role="status"][aria-live="polite"]');
    await page.waitForFunction(() => /Treffer für „fussb“/.test(document.querySelector('main [aria-live="polite"]')?.textContent || ''));
    assert.match(await status.textContent(), /\d+ Treffer? für „fussb“/);
    assert.match(page.url(), /\/suche\?q=fussb$/, 'the address holds the search');
    const firstHit = page.locator('#suchergebnisse a').first();
    await firstHit.waitFor();
    assert.ok(await page.locator('#suchergebnisse mark').count() > 0, 'the words are marked');

    await input.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement === document.querySelector('#suchergebnisse a')), true, 'ArrowDown moves into the results');
    const count = await page.locator('#suchergebnisse a').count();
    if (count > 1) {
      await page.keyboard.press('ArrowDown');
      assert.equal(await page.evaluate(() => document.activeElement === document.querySelectorAll('#suchergebnisse a')[1]), true);
      await page.keyboard.press('ArrowUp');
    }
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement?.name), 'q', 'Escape goes back to the field');

    await input.fill('ab');
    await page.waitForFunction(() => /mindestens ein Wort mit drei Buchstaben/.test(document.querySelector('main [aria-live="polite"]')?.textContent || ''));

    await input.fill('Feuerwehr Jugend');
    await page.waitForFunction(() => /Treffer für „Feuerwehr Jugend“/.test(document.querySelector('main [aria-live="polite"]')?.textContent || ''));
    await input.fill('Gymnastik');
    await page.locator('#suchergebnisse a', { hasText: 'Sportfreunde Bitburg-Süd' }).first().waitFor();
    await input.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/(vereine|termine|mitmachen|neuigkeiten|informationen)\//);
  });
});

test('the header search opens the search page, and the directory ranks by words of the profiles', async () => {
  await withPage({}, async (page) => {
    await page.goto(server.base + '/');
    await settle(page);
    await page.getByRole('search', { name: 'Portal durchsuchen' }).getByLabel('Suchbegriff').fill('Fußball');
    await page.getByRole('search', { name: 'Portal durchsuchen' }).getByRole('button', { name: 'Suchen' }).click();
    await page.waitForURL(/\/suche\?q=Fu%C3%9Fball/);
    await page.locator('#suchergebnisse a', { hasText: 'Sportfreunde Bitburg-Süd' }).first().waitFor();

    await page.goto(server.base + '/vereine');
    await settle(page);
    await field(page, 'Name oder Stichwort').pressSequentially('fussball', { delay: 20 });
    await page.waitForFunction(() => document.querySelector('.org-grid .hit-snippet mark'));
    assert.equal(await page.locator('.org-grid > li').first().locator('h3').textContent(), 'Sportfreunde Bitburg-Süd');
    assert.match(page.url(), /suche=fussball/);
    assert.match(await page.locator('main [role="status"]').first().textContent(), /Eintr(ag|äge) gefunden/);
  });
});

test('the search page and the searched directory are axe-clean at 1280 and 360 px', async () => {
  const findings = [];
  for (const width of [1280, 360]) {
    await withPage({ width, bypassCSP: true }, async (page) => {
      for (const path of ['/suche', '/suche?q=fussball', '/suche?q=keinetreffer', '/vereine?suche=fussball']) {
        await page.goto(server.base + path);
        await settle(page);
        if (path.includes('q=fussball')) await page.locator('#suchergebnisse a').first().waitFor();
        findings.push(...await pageFindings(page, width, `${path} at ${width} px`));
      }
    });
  }
  assert.deepEqual(findings, []);
});
