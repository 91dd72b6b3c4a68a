// Moving a WordPress site over, as an admin does it in the newsroom: upload WordPress's theme unit test
// export, read the summary, upload it again (nothing changes), then browse the imported site: an article
// with its ten-deep comment thread, an old WordPress address, a page with its children. With
// GAZETTE_SCREENSHOTS set it writes docs/screenshots/imported-article.png and import.png.
// It runs in run.sh's newsroom round: what it imports (sections in the menu, 58 posts, 21 pages) is
// nothing the other files look for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { url, launchBrowser, openPage, collectProblems } from './support.js';

const ADMIN = process.env.GAZETTE_TEST_ADMIN_EMAIL;
const PASSWORD = process.env.GAZETTE_TEST_PASSWORD;
const SHOTS = process.env.GAZETTE_SCREENSHOTS;
const here = path.dirname(fileURLToPath(import.meta.url));
const EXPORT = path.resolve(here, '../../../shared/testdata/wxr-theme-unit-test/themeunittestdata.wordpress.xml');

let browser;
before(async () => {
  assert.ok(ADMIN && PASSWORD, 'GAZETTE_TEST_ADMIN_EMAIL and GAZETTE_TEST_PASSWORD come from run.sh');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); });

// The imported posts keep their images' addresses on WordPress's demo host, which this machine cannot
// reach: those requests fail here (they would load on a connected machine). Everything else counts.
const offline = (p) => !/wpthemetestdata\.files\.wordpress\.com|wordpress\.com\//.test(p);

// A screenshot of the page (or of one element of it) into docs/screenshots/.
async function shot(page, name, { element = null, fullPage = true } = {}) {
  if (!SHOTS) return;
  const tmp = path.join(SHOTS, `${name}.tmp.png`);
  await (element ? element.screenshot({ path: tmp }) : page.screenshot({ path: tmp, fullPage }));
  await rename(tmp, path.join(SHOTS, `${name}.png`));
}

async function upload(page) {
  await page.goto(url('/admin/import'));
  await page.getByLabel('Export file (WXR)').setInputFiles(EXPORT);
  await page.getByRole('button', { name: 'Import' }).click();
  await page.getByRole('heading', { name: /^Imported themeunittestdata/ }).waitFor();
  const cells = async (what) => page.getByRole('row', { name: new RegExp(`^${what} `) }).locator('td').allTextContents();
  return { posts: await cells('Posts'), pages: await cells('Pages'), comments: await cells('Comments') };
}

test('an admin imports a WordPress export in the newsroom, and a second import changes nothing', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await page.goto(url('/admin/login'));
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await page.waitForURL(/\/admin\/import$/);

  const first = await upload(page);
  assert.deepEqual(first.posts, ['58', '58', '0'], 'posts: imported, new, already here');
  assert.deepEqual(first.pages, ['21', '21', '0']);
  assert.deepEqual(first.comments, ['28', '28', '0']);
  await page.getByText('5 comments on pages were left out').waitFor();
  await shot(page, 'import');

  const again = await upload(page);
  assert.deepEqual(again.posts, ['58', '0', '58']);
  assert.deepEqual(again.comments, ['28', '0', '28']);
  assert.deepEqual(await collectProblems(page, problems), []);
});

test('an imported article shows its threaded comments, and old addresses lead to it', async (t) => {
  const { page, problems } = await openPage(t, browser);
  const response = await page.goto(url('/2012/01/03/template-comments/'));
  assert.equal(response.status(), 200);
  await page.getByRole('heading', { level: 1, name: 'Template: Comments' }).waitFor();
  // The thread: a reply inside a reply inside a reply...
  const nested = page.locator('.comment .comment .comment .comment');
  assert.ok(await nested.count() > 0, 'replies are nested under their parents');
  await page.getByText('Comment Depth 02').first().waitFor();
  // Emails never show; the commenters' names do.
  const html = await page.content();
  assert.ok(!html.includes('example@example.org'), 'no commenter email on the page');
  // The article's head, then its deepest thread (the post also carries one very long comment).
  await shot(page, 'imported-article', { fullPage: false });
  const thread = page.locator('li.comment', { has: page.getByText('Comment Depth 01', { exact: true }) }).first();
  await shot(page, 'imported-comments', { element: thread });

  // WordPress's own address for the post (/?p=1148) is a 301 to it.
  const old = await page.goto(url('/?p=1148'));
  assert.equal(new URL(old.url()).pathname, '/2012/01/03/template-comments/');
  assert.deepEqual((await collectProblems(page, problems)).filter(offline), []);
});

test('imported pages live at their WordPress addresses, with their children listed', async (t) => {
  const { page, problems } = await openPage(t, browser);
  const response = await page.goto(url('/about/'));
  assert.equal(response.status(), 200);
  await page.getByRole('heading', { level: 1, name: 'About The Tests' }).waitFor();
  const children = page.getByRole('navigation', { name: 'In this section' }).getByRole('link');
  assert.ok(await children.count() > 0, 'the page lists its child pages');
  await children.first().click();
  await page.locator('.static-page__parent a', { hasText: 'About The Tests' }).waitFor();
  assert.deepEqual((await collectProblems(page, problems)).filter(offline), []);
});

test('an editor edits an imported page in the newsroom, and the site shows it at once', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await page.goto(url('/admin/login'));
  await page.getByLabel('Email').fill(ADMIN);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/admin\/$/);
  await page.getByRole('link', { name: 'Pages', exact: true }).click();
  await page.getByRole('link', { name: 'About The Tests', exact: true }).click();
  await page.getByLabel('Title').fill('About these tests');
  const body = page.getByLabel('Text');
  await body.fill(`${await body.inputValue()}\n\nEdited in the **newsroom**.`);
  await shot(page, 'newsroom-page', { fullPage: false });
  await page.getByRole('button', { name: 'Save page' }).click();
  await page.waitForURL(/\/admin\/pages\?saved=1$/);
  await page.goto(url('/about/'));
  await page.getByRole('heading', { level: 1, name: 'About these tests' }).waitFor();
  await page.locator('.static-page__body strong', { hasText: 'newsroom' }).waitFor();
  assert.deepEqual((await collectProblems(page, problems)).filter(offline), []);
});
