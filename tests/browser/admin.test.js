// Browser tests for the newsroom's doors: signing in (and failing to), the dashboard, the article list,
// signing out, and a form posted without its CSRF token. With GAZETTE_SCREENSHOTS set (run.sh
// --screenshots) it also writes login.png and dashboard.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { url, launchBrowser, openPage, collectProblems } from './support.js';

const EMAIL = process.env.GAZETTE_TEST_EMAIL;
const PASSWORD = process.env.GAZETTE_TEST_PASSWORD;
const SHOTS = process.env.GAZETTE_SCREENSHOTS;

let browser;
before(async () => {
  assert.ok(EMAIL && PASSWORD, 'GAZETTE_TEST_EMAIL and GAZETTE_TEST_PASSWORD come from run.sh');
  browser = await launchBrowser();
});
after(async () => { await browser?.close(); });

async function shot(page, name, { fullPage = true } = {}) {
  if (!SHOTS) return;
  const tmp = path.join(SHOTS, `${name}.tmp.png`);
  await page.screenshot({ path: tmp, fullPage });
  await rename(tmp, path.join(SHOTS, `${name}.png`));
}

async function signIn(page, email, password) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('the newsroom sends a reader to sign in, and back where they were going', async (t) => {
  const { page, problems } = await openPage(t, browser, {}, { expectStatus: ['/admin/login'] });
  await page.goto(url('/admin/articles'));
  await page.waitForURL(/\/admin\/login\?next=/);
  await page.getByRole('heading', { level: 1, name: 'Sign in to the newsroom' }).waitFor();
  await shot(page, 'login');

  await signIn(page, EMAIL, 'a wrong password');
  await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' }).waitFor();
  assert.equal(await page.getByLabel('Email').inputValue(), EMAIL, 'the email typed is kept');

  await signIn(page, EMAIL, PASSWORD);
  await page.waitForURL(url('/admin/articles'));
  await page.getByRole('heading', { level: 1, name: 'Articles' }).waitFor();
  assert.deepEqual(await collectProblems(page, problems), []);
});

test('dashboard, article list with filters, sign out', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await page.goto(url('/admin/login'));
  await signIn(page, EMAIL, PASSWORD);
  await page.waitForURL(url('/admin/'));
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  assert.match(await page.locator('main').textContent(), /Edna Editor/);
  assert.equal(await page.getByRole('link', { name: 'Dashboard' }).getAttribute('aria-current'), 'page');
  await shot(page, 'dashboard');

  await page.getByRole('link', { name: 'Articles', exact: true }).click();
  await page.waitForURL(url('/admin/articles'));
  const rows = page.locator('table tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 16, 'all 16 demo articles are listed');
  await shot(page, 'articles');
  await page.getByRole('searchbox').fill('flood');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/q=flood/);
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), /Flood warning/);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/admin\/login\?signed_out=1/);
  await page.getByText('You have been signed out.').waitFor();
  await page.goto(url('/admin/'));
  await page.waitForURL(/\/admin\/login/); // the session is gone
  assert.deepEqual(await collectProblems(page, problems), []);
});

test('a form posted without its CSRF token changes nothing', async (t) => {
  const { page, context } = await openPage(t, browser);
  await page.goto(url('/admin/login'));
  await signIn(page, EMAIL, PASSWORD);
  await page.waitForURL(url('/admin/'));
  // A forged sign-out from another page: same cookies, no token.
  const forged = await context.request.post(url('/admin/logout'), {
    form: { _csrf: 'forged' }, maxRedirects: 0,
  });
  assert.equal(forged.status(), 403);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor(); // still signed in
});

// A real 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

test('an editor uploads an image, writes and publishes an article with it, readers see it, a revision is restored', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await page.goto(url('/admin/login'));
  await signIn(page, EMAIL, PASSWORD);
  await page.waitForURL(url('/admin/'));

  await page.getByRole('link', { name: 'Media' }).click();
  await page.waitForURL(url('/admin/media'));
  await page.locator('#field-file').setInputFiles({ name: 'harbour lights.png', mimeType: 'image/png', buffer: PNG });
  await page.locator('#field-alt').fill('Lights along the harbour wall');
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.waitForURL(/uploaded=/);
  const address = await page.locator('.media-card__address').first().inputValue();
  assert.match(address, /^\/media\/uploads\/\d{4}\/\d{2}\/[0-9a-f]{8}-harbour-lights\.png$/);
  await shot(page, 'media');

  await page.getByRole('link', { name: 'Articles', exact: true }).click();
  await page.getByRole('link', { name: 'New article' }).first().click();
  await page.waitForURL(url('/admin/articles/new'));

  await page.locator('#field-headline').fill('Harbour lights switched on for winter');
  await page.locator('#field-standfirst').fill('The quay is lit from tonight until the end of February.');
  await page.locator('#field-body').fill('The lights went on at dusk.\n\n## Where to see them\n\nAlong Quay Street.');
  await page.locator('#field-section').selectOption({ label: 'News' });
  await page.locator('#field-tags').fill('Harbour, Winter');
  // The picture comes from the library: the picker fills its address and, as the field was empty, its alt text.
  await page.getByRole('button', { name: 'Choose from the library' }).click();
  const picker = page.getByRole('dialog', { name: 'Choose an image from the library' });
  await picker.waitFor();
  await shot(page, 'editor-picker', { fullPage: false }); // a modal: the screen as the editor sees it
  await picker.getByRole('button', { name: /harbour lights\.png/ }).click();
  await picker.waitFor({ state: 'hidden' });
  assert.equal(await page.locator('#field-image_url').inputValue(), address);
  assert.equal(await page.locator('#field-image_alt').inputValue(), 'Lights along the harbour wall');
  await page.locator('label[for="field-status-published"]').click();
  await shot(page, 'editor');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/admin\/articles\/\d+\/edit\?saved=1/);
  await page.getByText('Saved.').waitFor();

  // A reader, in another browser context, finds it on the front page at once.
  const reader = await openPage(t, browser);
  await reader.page.goto(url('/'));
  const link = reader.page.getByRole('link', { name: 'Harbour lights switched on for winter' }).first();
  await link.waitFor();
  await link.click();
  await reader.page.getByRole('heading', { level: 1, name: 'Harbour lights switched on for winter' }).waitFor();
  const picture = reader.page.locator('main article img').first();
  assert.equal(await picture.getAttribute('src'), address);
  await reader.page.waitForFunction((img) => img.complete, await picture.elementHandle());
  assert.ok(await picture.evaluate((img) => img.naturalWidth > 0), 'the uploaded image loads');

  // A second save, then the first revision is restored from the history.
  await page.locator('#field-headline').fill('Harbour lights switched off early');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/saved=1/);
  await page.getByRole('link', { name: 'Revisions' }).click();
  await page.waitForURL(/\/revisions$/);
  page.once('dialog', (dialog) => dialog.accept()); // "Restore revision 1?"
  await page.getByRole('button', { name: 'Restore revision 1' }).click();
  await page.waitForURL(/restored=1/);
  assert.equal(await page.locator('#field-headline').inputValue(), 'Harbour lights switched on for winter');
  await reader.page.reload();
  await reader.page.getByRole('heading', { level: 1, name: 'Harbour lights switched on for winter' }).waitFor();
  assert.deepEqual(await collectProblems(page, problems), []);
  assert.deepEqual(await collectProblems(reader.page, reader.problems), []);
});

test('two people on one article: the second is told the first is editing it', async (t) => {
  const ADMIN = process.env.GAZETTE_TEST_ADMIN_EMAIL;
  assert.ok(ADMIN, 'GAZETTE_TEST_ADMIN_EMAIL comes from run.sh');
  const edna = await openPage(t, browser);
  await edna.page.goto(url('/admin/login'));
  await signIn(edna.page, EMAIL, PASSWORD);
  await edna.page.waitForURL(url('/admin/'));
  await edna.page.goto(url('/admin/articles?q=regatta'));
  // Edna's editor tells the server she is there as soon as it opens (listened for before it opens).
  const here = edna.page.waitForResponse((r) => r.url().endsWith('/presence') && r.status() === 200);
  await edna.page.getByRole('link', { name: /Rowing regatta/ }).first().click();
  await edna.page.waitForURL(/\/admin\/articles\/\d+\/edit$/);
  const editUrl = edna.page.url();
  await here; // before Ada arrives

  const ada = await openPage(t, browser);
  await ada.page.goto(url('/admin/login'));
  await signIn(ada.page, ADMIN, PASSWORD);
  await ada.page.waitForURL(url('/admin/'));
  await ada.page.goto(editUrl);
  const banner = ada.page.locator('[data-presence]');
  await banner.filter({ hasText: 'Edna Editor is also editing this article.' }).waitFor();
  await shot(ada.page, 'editor-presence');

  // Ada's settings page: a time zone from the list, changed without a restart.
  await ada.page.goto(url('/admin/settings'));
  await ada.page.getByLabel('Time zone').selectOption('Europe/London');
  await shot(ada.page, 'settings');
  await ada.page.getByRole('button', { name: 'Save settings' }).click();
  await ada.page.waitForURL(/saved=1/);
  assert.equal(await ada.page.getByLabel('Time zone').inputValue(), 'Europe/London');
  await ada.page.getByLabel('Time zone').selectOption('UTC'); // the scheduling test below counts in UTC
  await ada.page.getByRole('button', { name: 'Save settings' }).click();
  await ada.page.waitForURL(/saved=1/);
  assert.deepEqual(await collectProblems(edna.page, edna.problems), []);
  assert.deepEqual(await collectProblems(ada.page, ada.problems), []);
});

test('typing is kept in the browser and offered back after a reload', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await page.goto(url('/admin/login'));
  await signIn(page, EMAIL, PASSWORD);
  await page.waitForURL(url('/admin/'));
  await page.goto(url('/admin/articles/new'));
  await page.locator('#field-headline').fill('A story typed but never saved');
  await page.locator('#field-body').fill('Every word of this should survive a closed tab.');
  await page.waitForFunction(() => (localStorage.getItem('gazette:draft:/admin/articles/new') || '')
    .includes('survive a closed tab'));
  page.on('dialog', (dialog) => dialog.accept()); // "leave with unsaved changes?"
  await page.reload();
  assert.equal(await page.locator('#field-body').inputValue(), '');
  await page.getByRole('button', { name: 'Restore unsaved text' }).click();
  assert.equal(await page.locator('#field-headline').inputValue(), 'A story typed but never saved');
  assert.equal(await page.locator('#field-body').inputValue(), 'Every word of this should survive a closed tab.');
  assert.deepEqual(await collectProblems(page, problems), []);
});

test('an article scheduled a few seconds ahead appears on the front page on time, by itself', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await page.goto(url('/admin/login'));
  await signIn(page, EMAIL, PASSWORD);
  await page.waitForURL(url('/admin/'));
  await page.goto(url('/admin/articles/new'));
  // The server's clock (its Date header), three seconds on, in the site's time zone (UTC here: run.sh).
  const serverNow = new Date((await page.request.get(url('/healthz'))).headers().date).getTime();
  const at = new Date(Math.max(serverNow, Date.now()) + 3000).toISOString().slice(0, 19);
  await page.locator('#field-headline').fill('Quay Street reopens to traffic');
  await page.locator('#field-body').fill('The road is open again.');
  await page.locator('#field-section').selectOption({ label: 'News' });
  await page.locator('label[for="field-status-scheduled"]').click();
  await page.locator('#field-publish_at').fill(at);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/saved=1/);

  // Not out yet; then the scheduler publishes it without anyone touching the site.
  const reader = await openPage(t, browser);
  await reader.page.goto(url('/'));
  await reader.page.waitForFunction(async (headline) => {
    const html = await (await fetch('/', { cache: 'no-store' })).text();
    return html.includes(headline);
  }, 'Quay Street reopens to traffic', { polling: 250, timeout: 20_000 });
  assert.deepEqual(await collectProblems(page, problems), []);
});
