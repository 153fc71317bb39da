// The README's "Using the API from external sites" examples, run as they
// are written: the curl commands in a shell, the JS example with the real
// SDK from npm in a page of another origin (as an external site would).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { repoRoot, isoIn } from './lib/server.js';
import { launch } from './lib/browser.js';
import { setUpBEN } from './lib/suite.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const README_BASE = 'http://127.0.0.1:8090';

let server;
let staff;
let section;

setUpBEN({ ready: prepare });

/** prepare takes over what setUpBEN started and reads the README's section. */
async function prepare(ben) {
  ({ server, staff } = ben);
  const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('## Using the API from external sites');
  assert.ok(start >= 0, 'the README has the section');
  const end = readme.indexOf('\n## ', start + 3);
  section = readme.slice(start, end < 0 ? undefined : end);
}

function codeBlocks(lang) {
  return [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
}

/** shellCommands splits a sh block into commands (continuation lines joined, comments dropped). */
function shellCommands(block) {
  return block.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

test('every curl example of the README works against a running BEN', async () => {
  const commands = codeBlocks('sh').flatMap(shellCommands);
  assert.ok(commands.length >= 6, 'the README shows the REST examples');
  for (const command of commands) {
    assert.ok(command.includes(README_BASE), `example uses the documented address: ${command}`);
    const { stdout } = await run('bash', ['-c', command.replaceAll(README_BASE, server.base)]);
    if (command.includes('.ics')) {
      assert.match(stdout, /^BEGIN:VCALENDAR\r\n/, command);
      assert.match(stdout, /BEGIN:VEVENT/, command);
    } else {
      const body = JSON.parse(stdout);
      assert.ok(Array.isArray(body.items) && body.items.length > 0, `${command} returns records`);
    }
  }
});

test('the JS example lists events and is told of a new one, using the SDK from npm on another site', async () => {
  const [example] = codeBlocks('js');
  assert.ok(example?.includes("from 'pocketbase'"), 'the README shows the SDK example');
  const sdk = await readFile(require.resolve('pocketbase'));
  const code = example.replace("from 'pocketbase'", "from '/pocketbase.es.mjs'").replaceAll(README_BASE, server.base) +
    "\nconsole.log('README-BEISPIEL-BEREIT');\n";

  // an "external site" on another origin that embeds the example
  const site = http.createServer((req, res) => {
    if (req.url === '/pocketbase.es.mjs' || req.url === '/beispiel.mjs') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      res.end(req.url === '/beispiel.mjs' ? code : sdk);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="de"><title>Vereinsseite</title><script type="module" src="/beispiel.mjs"></script>');
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const lines = [];
    page.on('console', (msg) => lines.push(msg.text()));
    page.on('pageerror', (err) => lines.push(`FEHLER ${err.message}`));
    await page.goto(`http://127.0.0.1:${site.address().port}/`);
    await waitFor(() => lines.includes('README-BEISPIEL-BEREIT') || lines.some((l) => l.startsWith('FEHLER')), 15_000);
    assert.ok(lines.includes('README-BEISPIEL-BEREIT'), lines.join('\n'));
    assert.equal(lines.filter((l) => / \(.+\)$/.test(l)).length, 5, 'five events are listed');

    const title = `Neuer Termin aus dem Beispiel ${Date.now()}`;
    await staff.collection('events').create({ title, kind: 'termin', published: true, starts_at: isoIn(24), ends_at: isoIn(26) });
    await waitFor(() => lines.includes(`create: ${title}`), 10_000);
    assert.ok(lines.includes(`create: ${title}`), lines.join('\n'));
  } finally {
    await browser.close();
    site.close();
  }
});

test('the portal serves the same SDK file as the npm package of the lock file', async () => {
  const vendored = await readFile(path.join(repoRoot, 'pb_public', 'vendor', 'pocketbase.es.mjs'));
  const npm = await readFile(require.resolve('pocketbase'));
  assert.ok(vendored.equals(npm), 'pb_public/vendor/pocketbase.es.mjs differs from node_modules/pocketbase: copy it again after an upgrade');
});

test('the portal serves the same DOMPurify files as the npm package of the lock file', async () => {
  // import.meta.resolve picks the ES module, as the portal loads it
  const module = fileURLToPath(import.meta.resolve('dompurify'));
  const dist = path.dirname(module);
  for (const [file, npm] of [
    ['purify.es.mjs', module],
    ['purify.es.mjs.map', path.join(dist, 'purify.es.mjs.map')],
    ['purify.LICENSE', path.join(dist, '..', 'LICENSE')],
    ['purify.LICENSE-MPL', path.join(dist, '..', 'LICENSE-MPL')],
  ]) {
    const vendored = await readFile(path.join(repoRoot, 'pb_public', 'vendor', file));
    assert.ok(vendored.equals(await readFile(npm)), `pb_public/vendor/${file} differs from node_modules/dompurify: copy it again after an upgrade`);
  }
});

async function waitFor(condition, timeout) {
  const deadline = Date.now() + timeout;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}
