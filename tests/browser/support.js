// Shared helpers for the Gazette browser tests (used by site.test.js and
// screenshots.test.js). Nothing here waits on the clock: synchronisation is
// left to Playwright's auto-waiting locators, waitForURL and waitForFunction.
import { chromium } from 'playwright-core';

export const BASE = (process.env.GAZETTE_URL || '').replace(/\/+$/, '');
if (!BASE) {
  throw new Error('GAZETTE_URL is not set (run the tests through tests/browser/run.sh)');
}

/** Absolute URL for a site path. */
export const url = (path = '/') => new URL(path, BASE + '/').href;

// Debian's chromium; no browser download. CHROMIUM overrides the path.
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

// Records securitypolicyviolation events in the page itself. Playwright's init
// scripts are injected by the browser, so the page's CSP does not block them.
function recordCspViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(
      `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
  });
}

/**
 * A fresh browser context (its own cookies and sessionStorage) and a page in it.
 * `problems` collects console errors (CSP violations are logged there), uncaught
 * page errors, failed requests and HTTP error responses, for every page and
 * navigation in the context. `expectStatus` lists URLs whose error status is
 * expected (the 404 page); Chromium's console line for such a document is
 * expected too.
 * The context is closed when the test ends.
 */
export async function openPage(t, browser, contextOptions = {}, { expectStatus = [] } = {}) {
  const context = await browser.newContext({ viewport: DESKTOP, ...contextOptions });
  t.after(() => context.close());
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const expected = new Set(expectStatus.map((u) => url(u)));
  const problems = [];
  context.on('console', (msg) => {
    const where = msg.location()?.url || '';
    const text = msg.text();
    if (msg.type() === 'error') {
      if (expected.has(where) && /Failed to load resource: the server responded with a status of/.test(text)) return;
      problems.push(`console error: ${text} (${where})`);
    } else if (/Content[- ]Security[- ]Policy/i.test(text)) {
      problems.push(`console ${msg.type()}: ${text} (${where})`);
    }
  });
  context.on('weberror', (err) => problems.push(`page error: ${err.error().message}`));
  context.on('requestfailed', (req) => {
    const error = req.failure()?.errorText;
    // ERR_ABORTED: the request was cancelled because the page navigated away
    // (e.g. the favicon of a page the test leaves at once). Not a site problem.
    if (error === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.method()} ${req.url()}: ${error}`);
  });
  context.on('response', (res) => {
    if (res.status() >= 400 && !expected.has(res.url())) {
      problems.push(`HTTP ${res.status()} for ${res.url()}`);
    }
  });
  if (contextOptions.javaScriptEnabled !== false) {
    await context.addInitScript(recordCspViolations);
  }
  const page = await context.newPage();
  return { context, page, problems };
}

/** Problems seen so far plus CSP violations recorded in the current document. */
export async function collectProblems(page, problems) {
  const csp = await page.evaluate(() => window.__cspViolations || []);
  return [...problems, ...csp.map((v) => `CSP violation: ${v}`)];
}

/**
 * Brings every rendered image into view, one at a time, and waits until the
 * browser has finished with it (lazy images load only near the viewport, and a
 * single jump to the bottom would skip the ones in between). Then scrolls back
 * to the top and returns the images that failed to load. Images inside
 * display:none boxes (the Latest rail hides its pictures on some widths) are not
 * rendered and, being lazy, never load; they are left out.
 */
export async function loadAllImages(page) {
  const broken = [];
  for (const img of await page.locator('img').all()) {
    const handle = await img.elementHandle();
    const rendered = await handle.evaluate((el) => {
      if (el.getClientRects().length === 0) return false;
      el.scrollIntoView({ block: 'center', behavior: 'instant' });
      return true;
    });
    if (!rendered) continue;
    await page.waitForFunction((el) => el.complete, handle);
    const src = await handle.evaluate((el) => (el.naturalWidth === 0 ? el.currentSrc || el.src : null));
    if (src) broken.push(src);
    await handle.dispose();
  }
  await page.evaluate(() => window.scrollTo({ top: 0, left: 0, behavior: 'instant' }));
  return broken;
}
