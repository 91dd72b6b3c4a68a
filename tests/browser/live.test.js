// Breaking news and live coverage pushed to open pages (docs/live.md): a reader on the front page sees
// the breaking-news banner and the new lead story appear when an editor publishes a breaking article in
// another browser, without reloading; the editor covers the story live and the reader, on the article,
// sees each update arrive, with the Live label and the key events box.
// With GAZETTE_SCREENSHOTS set it writes live-article.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { url, launchBrowser, openPage, collectProblems } from './support.js';

const SHOTS = process.env.GAZETTE_SCREENSHOTS;
const EMAIL = process.env.GAZETTE_TEST_EMAIL;
const PASSWORD = process.env.GAZETTE_TEST_PASSWORD;
const HEADLINE = 'Linnet bridge closed after barge strikes pier';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function shot(page, name) {
  if (!SHOTS) return;
  const tmp = path.join(SHOTS, `${name}.tmp.png`);
  await page.screenshot({ path: tmp, fullPage: true });
  await rename(tmp, path.join(SHOTS, `${name}.png`));
}

test('breaking news and live coverage reach open pages without a reload', { timeout: 90_000 }, async (t) => {
  // A reader has the front page open; the page's stream is connected.
  const reader = await openPage(t, browser, { reducedMotion: 'reduce' });
  const front = reader.page;
  const stream = front.waitForResponse((r) => new URL(r.url()).pathname === '/live');
  await front.goto(url('/'));
  assert.equal((await stream).headers()['content-type'], 'text/event-stream; charset=utf-8');
  assert.equal(await front.getByText(HEADLINE).count(), 0);

  // An editor publishes a breaking story in another browser.
  const editor = await openPage(t, browser);
  const desk = editor.page;
  await desk.goto(url('/admin/login'));
  await desk.getByLabel('Email').fill(EMAIL);
  await desk.getByLabel('Password').fill(PASSWORD);
  await desk.getByRole('button', { name: 'Sign in' }).click();
  await desk.waitForURL(url('/admin/'));
  await desk.goto(url('/admin/articles/new'));
  await desk.locator('#field-headline').fill(HEADLINE);
  await desk.locator('#field-standfirst').fill('Traffic is diverted over the Mill Lane crossing while engineers inspect the damage.');
  await desk.locator('#field-body').fill('The bridge was closed at noon.\n\n## Diversions\n\nUse Mill Lane.');
  await desk.locator('#field-section').selectOption({ label: 'News' });
  await desk.locator('#field-breaking').check();
  await desk.locator('label[for="field-status-published"]').click();
  await desk.getByRole('button', { name: 'Save' }).click();
  await desk.waitForURL(/\/admin\/articles\/\d+\/edit\?saved=1/);

  // The reader's page shows the banner and the new lead story, without a reload.
  const banner = front.locator('.breaking .breaking__link').filter({ hasText: HEADLINE });
  await banner.waitFor();
  await front.locator('[data-live-region="lead"]').filter({ hasText: HEADLINE }).waitFor();
  assert.match(await banner.getAttribute('href'), /linnet-bridge-closed-after-barge-strikes-pier/);
  // Dismissed, it stays dismissed on the next page.
  await front.locator('.breaking').filter({ hasText: HEADLINE }).locator('.breaking__dismiss').click();
  assert.equal(await banner.isVisible(), false);

  // The editor covers it live; the reader follows on the article.
  await desk.getByRole('link', { name: 'Live coverage' }).click();
  await desk.waitForURL(/\/live$/);
  await desk.getByRole('button', { name: 'Start live coverage' }).click();
  await desk.waitForURL(/\/live\?done=/);
  await front.goto(await banner.getAttribute('href'));
  await front.locator('.live-label--live').first().waitFor();
  const entries = front.locator('#live .live-entry');
  assert.equal(await entries.count(), 0);

  const post = async (text, key) => {
    await desk.getByRole('textbox', { name: 'Update', exact: true }).fill(text);
    if (key) await desk.getByLabel('Key event').check();
    await desk.getByRole('button', { name: 'Post update' }).click();
    await desk.waitForURL(/done=/);
  };
  await post('Engineers are on the pier now; the barge has been towed clear.', false);
  await entries.filter({ hasText: 'the barge has been towed clear' }).waitFor();
  await post('**The council says the bridge will stay shut until Monday.**', true);
  await entries.first().filter({ hasText: 'stay shut until Monday' }).waitFor(); // newest first
  await front.locator('.live__key-list li').filter({ hasText: 'The council says the bridge will stay shut' }).waitFor();
  assert.equal(await entries.count(), 2);

  // A reader further down the page is not moved: a button offers the new update.
  await front.locator('#comments').scrollIntoViewIfNeeded();
  await post('Bus replacement service starts at 6pm from Mill Lane.', false);
  const more = front.locator('.live__more');
  await more.filter({ hasText: '1 new update' }).waitFor();
  assert.equal(await entries.count(), 2, 'held until the reader asks');
  await more.click();
  await entries.first().filter({ hasText: 'Bus replacement service' }).waitFor();
  assert.equal(await entries.count(), 3);

  // Without JavaScript the same page shows the same updates.
  const plain = await openPage(t, browser, { javaScriptEnabled: false });
  await plain.page.goto(front.url());
  assert.equal(await plain.page.locator('#live .live-entry').count(), 3);

  await front.mouse.move(0, 0);
  await shot(front, 'live-article');
  assert.deepEqual(await collectProblems(front, reader.problems), []);
  assert.deepEqual(await collectProblems(desk, editor.problems), []);
});
