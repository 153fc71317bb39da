// What the test files share: before their tests, BEN with demo data, the
// office's API client (with raised login limits), and where asked a mailbox
// for BEN's mail and Chromium; after them, all of it stopped again.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer, staffClient, repoRoot } from './server.js';
import { launch, newContext, settle } from './browser.js';
import { startMailbox, useMailbox } from './mailbox.js';

/**
 * setUpBEN registers the hooks that start and stop BEN for the calling test
 * file. ready(ben), if given, runs at the end of the same before hook (the
 * file's own preparation: node 20 runs a file's top-level before hooks side
 * by side, so a second one would not wait for BEN). Once the tests run,
 * the returned object holds server, staff, mailbox and browser; it also
 * holds the helpers withPage and open. name goes into the names of the
 * screenshots taken when a page fails.
 */
export function setUpBEN({ name = '', mailbox = false, browser = false, ready = null } = {}) {
  const ben = { server: null, staff: null, mailbox: null, browser: null };

  before(async () => {
    ben.server = await startServer();
    ben.staff = await staffClient(ben.server.base);
    if (mailbox) {
      ben.mailbox = await startMailbox();
      await useMailbox(ben.staff, ben.mailbox, ben.server.base);
    }
    if (browser) ben.browser = await launch();
    await ready?.(ben);
  });

  after(async () => {
    await ben.browser?.close();
    await ben.server?.stop();
    await ben.mailbox?.close();
  });

  /**
   * withPage runs fn with a fresh page (dialogs accepted) and fails on CSP
   * violations or requests to other hosts. When fn fails, every page of the
   * context is saved as a screenshot, for whoever reads the CI log.
   */
  ben.withPage = async (options, fn) => {
    const context = await newContext(ben.browser, ben.server.base, options);
    try {
      const page = await context.newPage();
      page.on('dialog', (dialog) => dialog.accept());
      try {
        await fn(page, context);
      } catch (err) {
        for (const [i, p] of context.pages().entries()) {
          const file = path.join(repoRoot, 'e2e', 'test-results', `fehler-${name ? name + '-' : ''}${Date.now()}-${i}.png`);
          await p.screenshot({ path: file, fullPage: true }).catch(() => {});
          console.error(`screenshot of ${p.url()}: ${file}`);
        }
        throw err;
      }
      assert.deepEqual(context.problems, [], 'the portal must run under its CSP without other hosts');
    } finally {
      await context.close();
    }
  };

  /** open goes to pathname and waits until the page has loaded its data. */
  ben.open = async (page, pathname) => {
    await page.goto(ben.server.base + pathname);
    await settle(page);
  };

  return ben;
}
