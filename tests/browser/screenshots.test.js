// Writes the documentation screenshots into $GAZETTE_SCREENSHOTS (run.sh sets
// it only with --screenshots; without it these tests are skipped). Each file is
// written as NAME.tmp.png first and renamed, so a failed run never leaves a
// half-written PNG behind.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import {
  url, launchBrowser, openPage, collectProblems, loadAllImages, DESKTOP, PHONE,
} from './support.js';

const DIR = process.env.GAZETTE_SCREENSHOTS;
const skip = DIR ? false : 'GAZETTE_SCREENSHOTS is not set (use run.sh --screenshots)';

let browser;
before(async () => { if (!skip) browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function breakingArticlePath(page) {
  await page.goto(url('/'));
  return page.locator('header .breaking').getAttribute('data-breaking-url');
}

async function shoot(t, name, contextOptions, pathOf) {
  const { page, problems } = await openPage(t, browser, { reducedMotion: 'reduce', ...contextOptions });
  const response = await page.goto(url(await pathOf(page)));
  assert.equal(response.status(), 200);
  await page.locator('main').waitFor();
  assert.deepEqual(await loadAllImages(page), [], 'images that failed to load');
  assert.deepEqual(await collectProblems(page, problems), []);
  const tmp = path.join(DIR, `${name}.tmp.png`);
  await page.screenshot({ path: tmp, fullPage: true });
  await rename(tmp, path.join(DIR, `${name}.png`));
  t.diagnostic(`wrote ${path.join(DIR, `${name}.png`)}`);
}

const desktop = { viewport: DESKTOP };
const phone = { viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true };

test('screenshot front.png (desktop)', { skip }, (t) =>
  shoot(t, 'front', desktop, () => '/'));
test('screenshot article.png (desktop)', { skip }, (t) =>
  shoot(t, 'article', desktop, breakingArticlePath));
test('screenshot front-phone.png (390x844)', { skip }, (t) =>
  shoot(t, 'front-phone', phone, () => '/'));
test('screenshot article-dark.png (desktop, dark scheme)', { skip }, (t) =>
  shoot(t, 'article-dark', { ...desktop, colorScheme: 'dark' }, breakingArticlePath));
