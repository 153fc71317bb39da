// Headless Chromium from the Debian package, driven by playwright-core, and
// axe-core for accessibility checks.
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/**
 * newContext opens a browser context. It records every request to another
 * host and every Content-Security-Policy violation, so tests can assert
 * that the portal needs neither.
 */
export async function newContext(browser, base, { width = 1280, bypassCSP = false } = {}) {
  const context = await browser.newContext({
    viewport: { width, height: 900 }, locale: 'de-DE', timezoneId: 'Europe/Berlin', bypassCSP,
  });
  context.problems = [];
  const origin = new URL(base).origin;
  context.on('request', (req) => {
    const url = new URL(req.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) context.problems.push(`request to another host: ${req.url()}`);
  });
  context.on('page', (page) => watchPage(context, page));
  return context;
}

function watchPage(context, page) {
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) context.problems.push(`CSP: ${msg.text()}`);
  });
  page.on('pageerror', (err) => context.problems.push(`script error on ${page.url()}: ${err.message}`));
}

/** field finds a form control by its whole label (a trailing "*" of required fields aside). */
export function field(page, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByLabel(new RegExp(`^${escaped}(\\s*\\*)?$`));
}

/**
 * login logs in through the portal's form and waits for the page it leads
 * to: "Mein Konto", or next (e.g. '/mein-verein').
 */
export async function login(page, base, email, password, { next = '' } = {}) {
  await page.goto(base + '/anmelden' + (next ? '?weiter=' + encodeURIComponent(next) : ''));
  await field(page, 'E-Mail-Adresse').fill(email);
  await field(page, 'Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.waitForURL('**' + (next || '/konto'));
  await page.getByRole('heading', { level: 1, name: next === '/mein-verein' ? 'Mein Verein' : next ? undefined : 'Mein Konto' }).first().waitFor();
  await settle(page);
}

/** settle waits until the page has finished loading its data. */
export async function settle(page) {
  await page.waitForFunction(() => !document.querySelector('main[aria-busy="true"], .state-loading'), null, { timeout: 15_000 });
}

/**
 * axeViolations runs axe-core on the page (the context must bypass the CSP,
 * which rightly blocks injected scripts) and returns the serious and
 * critical violations.
 */
export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * pageFindings lists, marked with at: label, the serious axe violations of
 * the page and a horizontal overflow beyond width (a page must not scroll
 * sideways on a small screen).
 */
export async function pageFindings(page, width, label) {
  const found = (await axeViolations(page)).map((v) => ({ at: label, ...v }));
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scroll > width) found.push({ at: label, overflow: `${scroll}px` });
  return found;
}
