// Browser tests for reader comments: a comment posted without JavaScript (a plain form, then the notice
// that it waits for a moderator), one posted inline with it, a moderator approving both from the queue
// with the keyboard, a reply that lands under the comment it answers, and the remember-me cookies.
// With GAZETTE_SCREENSHOTS set it writes article-comments.png and comments-queue.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { url, launchBrowser, openPage, collectProblems } from './support.js';

const ADMIN = process.env.GAZETTE_TEST_ADMIN_EMAIL;
const PASSWORD = process.env.GAZETTE_TEST_PASSWORD;
const SHOTS = process.env.GAZETTE_SCREENSHOTS;
const ARTICLE_SLUG = 'mill-lane-bakery';

let browser;
before(async () => {
  assert.ok(ADMIN && PASSWORD, 'GAZETTE_TEST_ADMIN_EMAIL and GAZETTE_TEST_PASSWORD come from run.sh');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); });

async function shot(page, name, target) {
  if (!SHOTS) return;
  const tmp = path.join(SHOTS, `${name}.tmp.png`);
  await (target ?? page).screenshot({ path: tmp, ...(target ? {} : { fullPage: true }) });
  await rename(tmp, path.join(SHOTS, `${name}.png`));
}

// The article's address, from the front page.
async function articleUrl(page) {
  await page.goto(url('/'));
  const href = await page.locator(`a[href*="${ARTICLE_SLUG}"]`).first().getAttribute('href');
  assert.ok(href, 'the article is linked from the front page');
  return url(href);
}

// A person takes a while to write: the page's script reports the time since the page opened, and a
// comment sent within a couple of seconds is a robot's. The page clock is moved on instead of waiting.
async function fillComment(page, { text, name, email }) {
  await page.locator('#comment').fill(text);
  await page.locator('#author').fill(name);
  await page.locator('#email').fill(email);
}

test('comments: without and with JavaScript, approved from the queue by keyboard, a reply', async (t) => {
  // 1. No JavaScript: a plain POST, then the article again with the notice.
  const plain = await openPage(t, browser, { javaScriptEnabled: false });
  const article = await articleUrl(plain.page);
  await plain.page.goto(article);
  await plain.page.getByRole('heading', { name: 'Submit a Comment' }).waitFor();
  await fillComment(plain.page, { text: 'Best sourdough in Riverton, and the café is lovely.', name: 'Nora No-Script', email: 'nora@example.com' });
  await plain.page.getByRole('button', { name: 'Post Comment' }).click();
  await plain.page.waitForURL(/\?held=1#respond$/);
  await plain.page.getByText('Your comment is waiting for a moderator').waitFor();
  assert.deepEqual(await collectProblems(plain.page, plain.problems), []);

  // 2. With JavaScript: posted inline, no page load; the name and email are remembered with consent.
  const reader = await openPage(t, browser);
  await reader.page.clock.install();
  await reader.page.goto(article);
  await fillComment(reader.page, { text: 'Seventy-five years! Congratulations to the whole family.', name: 'Jules Script', email: 'jules@example.com' });
  await reader.page.locator('#wp-comment-cookies-consent').check();
  await reader.page.clock.fastForward(30_000);
  const before = reader.page.url();
  await reader.page.getByRole('button', { name: 'Post Comment' }).click();
  await reader.page.getByText('Your comment is waiting for a moderator').waitFor();
  assert.equal(reader.page.url(), before, 'no page load');
  assert.equal(await reader.page.locator('#comment').inputValue(), '', 'the text is cleared once received');
  const cookies = await reader.page.context().cookies();
  assert.ok(cookies.some((c) => c.name === 'gz_comment_author' && decodeURIComponent(c.value) === 'Jules Script'));

  // 3. The moderator clears the queue with the keyboard: a, a.
  const mod = await openPage(t, browser);
  await mod.page.goto(url('/admin/login'));
  await mod.page.getByLabel('Email').fill(ADMIN);
  await mod.page.getByLabel('Password').fill(PASSWORD);
  await mod.page.getByRole('button', { name: 'Sign in' }).click();
  await mod.page.waitForURL(url('/admin/'));
  await mod.page.goto(url('/admin/comments'));
  const rows = mod.page.locator('.mod-comment');
  await rows.filter({ hasText: 'Seventy-five years!' }).waitFor();
  await rows.filter({ hasText: 'Best sourdough' }).waitFor();
  await shot(mod.page, 'comments-queue');
  const pending = mod.page.locator('[data-queue-count="pending"]');
  const waiting = Number(await pending.textContent());
  assert.ok(waiting >= 2);
  await mod.page.keyboard.press('a');
  await mod.page.keyboard.press('a');
  await mod.page.waitForFunction((n) => document.querySelector('[data-queue-count="pending"]').textContent.trim() === String(n), waiting - 2);
  await rows.filter({ hasText: 'Seventy-five years!' }).waitFor({ state: 'detached' });
  await rows.filter({ hasText: 'Best sourdough' }).waitFor({ state: 'detached' });

  // 4. Readers see both; a reply from the remembered reader goes under the comment it answers.
  await reader.page.goto(article);
  const nora = reader.page.locator('li.comment', { hasText: 'Best sourdough' });
  await nora.waitFor();
  assert.equal(await reader.page.locator('#author').inputValue(), 'Jules Script', 'remembered in this browser');
  await nora.getByRole('link', { name: /Reply/ }).first().click();
  await reader.page.locator('#comment-replying').filter({ hasText: 'Nora No-Script' }).waitFor();
  await reader.page.locator('#comment').fill('Agreed, Nora: the rye too.');
  await reader.page.clock.fastForward(30_000);
  await reader.page.getByRole('button', { name: 'Post Comment' }).click();
  // Jules has an approved comment now, so the reply is published at once, inside Nora's thread.
  await nora.locator('ol.children li.comment', { hasText: 'Agreed, Nora: the rye too.' }).waitFor();
  await shot(reader.page, 'article-comments', reader.page.locator('#comments'));
  assert.deepEqual(await collectProblems(reader.page, reader.problems), []);
  assert.deepEqual(await collectProblems(mod.page, mod.problems), []);

  // A reader without the script sees the same thread.
  await plain.page.goto(article);
  await plain.page.locator('li.comment ol.children li.comment', { hasText: 'Agreed, Nora' }).waitFor();
});
