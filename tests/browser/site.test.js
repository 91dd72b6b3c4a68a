// Headless-browser tests for Gazette's reader pages, run against a server with
// the demo content (`gazette init --demo`). Start them with tests/browser/run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  url, launchBrowser, openPage, collectProblems, loadAllImages, PHONE,
} from './support.js';

// Facts about the demo content.
const SITE_NAME = 'The Riverton Gazette';
const SECTIONS = [
  { name: 'News', path: '/category/news/' },
  { name: 'Council', path: '/category/council/' },
  { name: 'Business', path: '/category/business/' },
  { name: 'Culture', path: '/category/culture/' },
  { name: 'Sport', path: '/category/sport/' },
];
const DEMO_ARTICLES = 16;
const ARTICLE_PATH = /^\/(\d{4})\/(\d{2})\/(\d{2})\/[a-z0-9-]+\/$/;

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const sectionsNav = (page) => page.getByRole('navigation', { name: 'Sections', exact: true });
const banner = (page) => page.getByRole('region', { name: 'Breaking news', exact: true });
const dismissButton = (page) => banner(page).getByRole('button', { name: 'Dismiss breaking news' });
const leadLink = (page) => page.locator('main article.lead .lead__headline a');
const hrefOf = async (locator) => url(await locator.getAttribute('href'));
const texts = async (locator) => (await locator.allTextContents()).map((s) => s.trim());

async function assertClean(page, problems) {
  assert.deepEqual(await collectProblems(page, problems), [],
    'console errors, CSP violations, page errors or failed requests');
}

async function goto(page, path) {
  const response = await page.goto(url(path));
  assert.equal(response.status(), 200, `status of ${path}`);
  return response;
}

test('front page: site name, section nav, section blocks, lead story and Latest rail', async (t) => {
  const { page, problems } = await openPage(t, browser);
  const response = await goto(page, '/');
  assert.match(response.headers()['content-type'], /^text\/html/);

  assert.match(await page.title(), new RegExp(`^${SITE_NAME}`));
  const logo = page.locator('header .masthead__logo');
  assert.equal((await logo.textContent()).trim(), SITE_NAME);
  assert.equal(await logo.getAttribute('href'), '/');
  await logo.waitFor(); // visible
  assert.equal(await page.locator('h1').count(), 1, 'exactly one h1');
  assert.match(await page.locator('h1').textContent(), new RegExp(SITE_NAME));

  const navLinks = sectionsNav(page).getByRole('link');
  assert.deepEqual(await texts(navLinks), SECTIONS.map((s) => s.name));
  for (const [i, s] of SECTIONS.entries()) {
    assert.equal(await navLinks.nth(i).getAttribute('href'), s.path);
    assert.equal(await navLinks.nth(i).getAttribute('aria-current'), null,
      `no section is current on the front page (${s.name})`);
  }
  await navLinks.first().waitFor();

  // One block per section, in nav order, each with at least one story.
  assert.deepEqual(await texts(page.locator('main .section-block__title')), SECTIONS.map((s) => s.name));
  for (const s of SECTIONS) {
    const block = page.locator('main section.section-block', {
      has: page.locator(`.section-block__title a[href="${s.path}"]`),
    });
    assert.ok(await block.locator('article.card .card__link').count() >= 1, `stories in the ${s.name} block`);
  }

  await leadLink(page).waitFor();
  assert.match(new URL(await hrefOf(leadLink(page))).pathname, ARTICLE_PATH);
  const latest = page.getByRole('complementary', { name: 'Latest' });
  assert.ok(await latest.locator('li .card__link').count() >= 3, 'Latest rail has stories');
  await assertClean(page, problems);
});

test('every image on the front page loads and has alt text', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await goto(page, '/');
  assert.ok(await page.locator('img').count() > 0);
  assert.deepEqual(await loadAllImages(page), [], 'images that failed to load');
  assert.equal(await page.locator('img:not([alt])').count(), 0, 'images without alt');
  await assertClean(page, problems);
});

test('breaking banner is shown and links to the breaking story, which is the lead', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await goto(page, '/');
  await banner(page).waitFor();
  await banner(page).getByText('Breaking News', { exact: true }).waitFor();
  await dismissButton(page).waitFor(); // revealed by gazette.js

  const link = banner(page).getByRole('link');
  const headline = (await link.textContent()).trim();
  const href = await hrefOf(link);
  assert.match(new URL(href).pathname, ARTICLE_PATH);
  assert.equal(url(await banner(page).getAttribute('data-breaking-url')), href);
  // The breaking story is the newest, so it is also the lead.
  assert.equal(await hrefOf(leadLink(page)), href);
  await page.locator('main article.lead .label-breaking').waitFor();

  await link.click();
  await page.waitForURL(href);
  assert.equal((await page.locator('h1').textContent()).trim(), headline);
  await page.locator('main > article .article__header').getByText('Breaking News', { exact: true }).waitFor();
  await assertClean(page, problems);
});

test('only the breaking story is labelled Breaking, on cards and on article pages', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await goto(page, '/');
  const breakingUrl = await hrefOf(banner(page).getByRole('link'));

  const cards = page.locator('main article.card, main article.lead');
  const seen = new Map(); // article url -> labelled on any card
  for (const card of await cards.all()) {
    const href = await hrefOf(card.locator('.card__link'));
    const labelled = await card.locator('.label-breaking').count() > 0;
    assert.equal(labelled, href === breakingUrl, `Breaking label on the card for ${href}`);
    seen.set(href, labelled);
  }
  assert.equal(seen.size, DEMO_ARTICLES, 'the front page reaches every demo article');

  const labelled = [];
  for (const href of seen.keys()) {
    await goto(page, href);
    if (await page.locator('main > article .label-breaking').count() > 0) labelled.push(href);
  }
  assert.deepEqual(labelled, [breakingUrl], 'articles whose page shows the Breaking News label');
  await assertClean(page, problems);
});

test('dismissing the breaking banner hides it for the rest of the session', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await goto(page, '/');
  await banner(page).waitFor();
  const storyUrl = await banner(page).getAttribute('data-breaking-url');

  await dismissButton(page).click();
  await banner(page).waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main',
    'focus moves to <main> after dismissing');
  assert.equal(
    await page.evaluate((key) => sessionStorage.getItem(key), `gazette:breaking-dismissed:${storyUrl}`),
    '1', 'the dismissal is remembered in sessionStorage');

  // Same tab: a reload and another page keep it hidden.
  await page.reload();
  await banner(page).waitFor({ state: 'hidden' });
  await goto(page, SECTIONS[2].path);
  await banner(page).waitFor({ state: 'hidden' });

  // A new session shows it again.
  const fresh = await openPage(t, browser);
  await goto(fresh.page, '/');
  await banner(fresh.page).waitFor();
  await dismissButton(fresh.page).waitFor();
  await assertClean(page, problems);
  await assertClean(fresh.page, fresh.problems);
});

test('the Content-Security-Policy is strict and violations are caught by these tests', async (t) => {
  const { page, problems } = await openPage(t, browser);
  const response = await goto(page, '/');
  const csp = response.headers()['content-security-policy'] || '';
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /style-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  await assertClean(page, problems);

  // Canary: serve the front page with an inline script, style element and style
  // attribute added, keeping the server's headers. The browser must block all
  // three, and the problem collector used by the other tests must notice.
  await page.route(url('/'), async (route) => {
    const res = await route.fetch();
    const headers = { ...res.headers() };
    for (const h of ['content-length', 'content-encoding', 'etag']) delete headers[h];
    const body = (await res.text()).replace('</body>',
      '<script>document.title = "inline script ran";</script>' +
      '<style>body { background: red; }</style><p style="color: red">x</p></body>');
    await route.fulfill({ status: res.status(), headers, body });
  });
  await page.reload();
  await page.waitForFunction(() => window.__cspViolations.length >= 3);
  assert.notEqual(await page.title(), 'inline script ran');
  const found = await collectProblems(page, problems);
  assert.ok(found.some((p) => /^console error: .*Content Security Policy.*script-src/s.test(p)), found.join('\n'));
  assert.ok(found.some((p) => /^console error: .*Content Security Policy.*style-src/s.test(p)), found.join('\n'));
  assert.ok(found.some((p) => /^CSP violation: script-src/.test(p)), found.join('\n'));
});

test('article page (via the lead story): headline, label, dates, contents, hooks, related', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await goto(page, '/');
  const lead = leadLink(page);
  const headline = (await lead.textContent()).trim();
  const standfirst = (await page.locator('main article.lead .lead__standfirst').textContent()).trim();
  const href = await hrefOf(lead);
  await lead.click();
  await page.waitForURL(href);
  const path = new URL(page.url()).pathname;
  assert.match(path, ARTICLE_PATH);

  // Exactly one h1, the headline; also in <title>.
  assert.equal(await page.locator('h1').count(), 1, 'exactly one h1');
  const h1 = page.locator('main > article h1');
  await h1.waitFor();
  assert.equal((await h1.textContent()).trim(), headline);
  assert.match(await page.title(), new RegExp(`^${headline.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

  const article = page.locator('main > article');
  await article.locator('.article__header').getByText('Breaking News', { exact: true }).waitFor();
  assert.equal((await article.locator('.article__standfirst').textContent()).trim(), standfirst);
  const byline = article.locator('.byline');
  assert.match((await byline.textContent()).trim(), /^By \S/);
  assert.match(await byline.getByRole('link').getAttribute('href'), /^\/author\/[a-z0-9-]+\/$/);

  // Publication date: a machine-readable <time> matching the URL's date.
  const time = article.locator('.dateline time[datetime]').first();
  await time.waitFor();
  const datetime = await time.getAttribute('datetime');
  assert.ok(!Number.isNaN(Date.parse(datetime)), `valid datetime: ${datetime}`);
  const [, y, m, d] = path.match(ARTICLE_PATH);
  assert.equal(datetime.slice(0, 10), `${y}-${m}-${d}`, 'datetime date matches the URL');
  assert.ok((await time.textContent()).trim().length > 0);

  // The article's section is marked current in the section bar.
  const sectionHref = await article.locator('.article__kicker a').getAttribute('href');
  const current = sectionsNav(page).locator('a[aria-current="page"]');
  assert.equal(await current.count(), 1, 'one section marked aria-current in the section bar');
  assert.equal(await current.getAttribute('href'), sectionHref);

  // "In this article": every entry points at an h2 in the body with the same text.
  const toc = page.getByRole('navigation', { name: 'In this article' });
  await toc.waitFor();
  const tocLinks = toc.getByRole('link');
  assert.ok(await tocLinks.count() >= 2, 'contents entries');
  for (const link of await tocLinks.all()) {
    const target = await link.getAttribute('href');
    assert.match(target, /^#[A-Za-z][\w-]*$/);
    const h2 = article.locator(`.article__body h2[id="${target.slice(1)}"]`);
    assert.equal(await h2.count(), 1, `h2 for ${target}`);
    assert.equal((await h2.textContent()).trim(), (await link.textContent()).trim());
  }
  const first = tocLinks.first();
  const firstId = (await first.getAttribute('href')).slice(1);
  await first.click();
  await page.waitForFunction((id) => location.hash === `#${id}`, firstId);
  assert.equal(new URL(page.url()).pathname, path, 'same page');
  assert.equal(await page.evaluate(() => document.querySelector(':target')?.tagName), 'H2');
  // The heading is scrolled to the top part of the viewport (smooth scrolling may animate).
  await page.waitForFunction((id) => {
    const top = document.getElementById(id).getBoundingClientRect().top;
    return top >= 0 && top <= window.innerHeight / 4;
  }, firstId);

  // Tags.
  const tags = article.locator('a[rel="tag"]');
  assert.ok(await tags.count() >= 1, 'tags');
  for (const href of await tags.evaluateAll((as) => as.map((a) => a.getAttribute('href')))) {
    assert.match(href, /^\/tag\/[a-z0-9-]+\/$/);
  }

  // The comment section (inside the article) with its form; the chat hook is still empty.
  const comments = article.locator('section#comments');
  assert.equal(await comments.count(), 1, '#comments inside the article');
  assert.equal(await page.locator('#comments').count(), 1, 'exactly one #comments on the page');
  await comments.getByRole('heading', { name: 'Submit a Comment' }).waitFor();
  for (const [id, label] of [['comment', 'Comment *'], ['author', 'Name *'], ['email', 'Email *'], ['url', 'Website']]) {
    assert.ok(await comments.locator(`#${id}`).isVisible(), `${label} field`);
    assert.equal((await comments.locator(`label[for="${id}"]`).textContent()).trim().replace(/\s+/g, ' '), label);
  }
  assert.ok(await comments.getByText('Your email address will not be published.').isVisible());
  assert.ok(await comments.locator('.comment-form__hp').evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.right <= 0 || r.bottom <= 0 || r.width <= 1;
  }), 'the honeypot is out of sight');
  assert.equal(await page.locator('div#chat-root').count(), 1, 'div#chat-root present');
  assert.equal(await page.evaluate(() => document.body.lastElementChild?.id), 'chat-root',
    '#chat-root is the last element in <body>');
  await page.locator('#chat-root').getByRole('button', { name: 'Chat with us' }).waitFor();

  // Related stories: other articles.
  const related = page.getByRole('complementary', { name: 'More stories' });
  await related.waitFor();
  const relatedLinks = related.locator('article.card .card__link');
  assert.ok(await relatedLinks.count() >= 1, 'related stories');
  for (const link of await relatedLinks.all()) {
    const rel = await hrefOf(link);
    assert.match(new URL(rel).pathname, ARTICLE_PATH);
    assert.notEqual(rel, href, 'related stories do not include the article itself');
    assert.ok((await link.textContent()).trim().length > 0);
  }
  assert.deepEqual(await loadAllImages(page), [], 'images that failed to load');
  await assertClean(page, problems);
});

test('a non-breaking article has no Breaking News label', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await goto(page, '/');
  const link = page.getByRole('complementary', { name: 'Latest' })
    .locator('article.card:not(:has(.label-breaking)) .card__link').first();
  const headline = (await link.textContent()).trim();
  const href = await hrefOf(link);
  assert.notEqual(href, await hrefOf(banner(page).getByRole('link')));
  await link.click();
  await page.waitForURL(href);

  assert.equal((await page.locator('h1').textContent()).trim(), headline);
  const article = page.locator('main > article');
  await article.waitFor();
  assert.equal(await article.getByText(/Breaking/).count(), 0, 'no Breaking text in the article');
  assert.equal(await article.locator('.label-breaking').count(), 0);
  assert.doesNotMatch(await article.getAttribute('class'), /breaking/);
  // Other articles still carry the banner pointing to the breaking story.
  await banner(page).waitFor();
  assert.notEqual(await hrefOf(banner(page).getByRole('link')), href);
  await assertClean(page, problems);
});

test('section pages list their stories and mark the section current', async (t) => {
  const { page, problems } = await openPage(t, browser);
  for (const section of SECTIONS) {
    await goto(page, '/');
    const onFront = await page.locator('main section.section-block', {
      has: page.locator(`.section-block__title a[href="${section.path}"]`),
    }).locator('.card__link').evaluateAll((as) => as.map((a) => a.href));

    await sectionsNav(page).getByRole('link', { name: section.name, exact: true }).click();
    await page.waitForURL(url(section.path));
    assert.equal(await page.locator('h1').count(), 1, 'exactly one h1');
    assert.equal((await page.locator('main h1').textContent()).trim(), section.name);
    assert.equal((await page.locator('main .listing__header .kicker').textContent()).trim(), 'Section');

    const current = sectionsNav(page).locator('a[aria-current="page"]');
    assert.equal(await current.count(), 1, `one current section on ${section.path}`);
    assert.equal((await current.textContent()).trim(), section.name);
    assert.equal(await current.getAttribute('href'), section.path);

    const cards = page.locator('main ul.stream article.card');
    assert.ok(await cards.count() >= 1, `stories on ${section.path}`);
    for (const kicker of await texts(cards.locator('.card__kicker a'))) {
      assert.equal(kicker, section.name, `every story on ${section.path} is in ${section.name}`);
    }
    const listed = await cards.locator('.card__link').evaluateAll((as) => as.map((a) => a.href));
    for (const href of onFront) assert.ok(listed.includes(href), `${href} listed on ${section.path}`);
  }
  await assertClean(page, problems);
});

test('tag and author pages list the article they are linked from', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await goto(page, '/');
  const articleUrl = await hrefOf(leadLink(page));
  await goto(page, articleUrl);

  const tag = page.locator('main > article a[rel="tag"]').first();
  const tagName = (await tag.textContent()).trim();
  await tag.click();
  await page.waitForURL(/\/tag\/[a-z0-9-]+\/$/);
  assert.equal((await page.locator('main h1').textContent()).trim(), tagName);
  assert.equal((await page.locator('main .listing__header .kicker').textContent()).trim(), 'Tag');
  assert.ok((await page.locator('main .card__link').evaluateAll((as) => as.map((a) => a.href))).includes(articleUrl));

  await goto(page, articleUrl);
  const author = page.locator('main > article .byline a');
  const authorName = (await author.textContent()).trim();
  await author.click();
  await page.waitForURL(/\/author\/[a-z0-9-]+\/$/);
  assert.equal((await page.locator('main h1').textContent()).trim(), authorName);
  assert.equal((await page.locator('main .listing__header .kicker').textContent()).trim(), 'Author');
  assert.ok((await page.locator('main .card__link').evaluateAll((as) => as.map((a) => a.href))).includes(articleUrl));
  await assertClean(page, problems);
});

test('unknown URL: themed 404 page with a link home', async (t) => {
  const { page, problems } = await openPage(t, browser, {}, { expectStatus: ['/no-such-page/'] });
  const response = await page.goto(url('/no-such-page/'));
  assert.equal(response.status(), 404);
  assert.match(response.headers()['content-type'], /^text\/html/);
  assert.equal(await page.locator('h1').count(), 1, 'exactly one h1');
  assert.equal((await page.locator('main h1').textContent()).trim(), 'Page not found');
  await page.locator('main').getByText('Error 404', { exact: true }).waitFor();
  assert.equal(await page.locator('meta[name="robots"]').getAttribute('content'), 'noindex');
  // Themed: the site's masthead and section bar are there.
  await page.locator('header .masthead__logo').waitFor();
  assert.deepEqual(await texts(sectionsNav(page).getByRole('link')), SECTIONS.map((s) => s.name));

  const home = page.locator('main').getByRole('link', { name: 'Go to the front page' });
  assert.equal(await home.getAttribute('href'), '/');
  await home.click();
  await page.waitForURL(url('/'));
  await leadLink(page).waitFor();
  await assertClean(page, problems);
});

test('phone (390 px): no horizontal scrolling on front, article, section and 404 pages', async (t) => {
  const { page, problems } = await openPage(t, browser,
    { viewport: PHONE, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
    { expectStatus: ['/no-such-page/'] });
  await page.goto(url('/'));
  const articleUrl = await hrefOf(leadLink(page));
  for (const path of ['/', articleUrl, SECTIONS[1].path, '/no-such-page/']) {
    await page.goto(url(path));
    await page.locator('main').waitFor();
    await loadAllImages(page);
    const m = await page.evaluate(() => {
      const vw = window.innerWidth;
      // For the failure message: elements that stick out past the right edge
      // and are not inside a sideways-scrolling or clipping box.
      const clipped = (el) => {
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          if (getComputedStyle(p).overflowX !== 'visible') return true;
        }
        return false;
      };
      const offenders = Array.from(document.body.querySelectorAll('*'))
        .filter((el) => el.getBoundingClientRect().right > vw + 0.5 && !clipped(el))
        .slice(0, 5)
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(el.getBoundingClientRect().right)}`);
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, offenders };
    });
    assert.equal(m.innerWidth, PHONE.width, `layout viewport on ${path}`);
    assert.ok(m.scrollWidth <= m.innerWidth,
      `${path}: scrollWidth ${m.scrollWidth} > innerWidth ${m.innerWidth}; ${m.offenders.join(', ')}`);
  }
  await assertClean(page, problems);
});

test('phone: the current section is scrolled into view in the section bar', async (t) => {
  const { page, problems } = await openPage(t, browser,
    { viewport: PHONE, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const last = SECTIONS[SECTIONS.length - 1];
  await goto(page, last.path);
  const scroller = sectionsNav(page).locator('.wrap');
  const overflows = await scroller.evaluate((el) => el.scrollWidth > el.clientWidth);
  if (!overflows) t.diagnostic('the section bar fits on a 390 px screen; nothing to scroll');
  const link = sectionsNav(page).locator('a[aria-current="page"]');
  assert.equal((await link.textContent()).trim(), last.name);
  const [box, bar] = [await link.boundingBox(), await scroller.boundingBox()];
  assert.ok(box.x >= bar.x - 0.5 && box.x + box.width <= bar.x + bar.width + 0.5,
    `current link ${JSON.stringify(box)} inside the bar ${JSON.stringify(bar)}`);
  await assertClean(page, problems);
});

test('without JavaScript: article is readable and the dismiss button stays hidden', async (t) => {
  const { page, problems } = await openPage(t, browser, { javaScriptEnabled: false });
  await goto(page, '/');
  await leadLink(page).waitFor();
  await banner(page).waitFor(); // the banner itself works without JS
  assert.ok(await dismissButton(page).isHidden(), 'dismiss button hidden on the front page');

  const headline = (await leadLink(page).textContent()).trim();
  const href = await hrefOf(leadLink(page));
  await leadLink(page).click();
  await page.waitForURL(href);
  const h1 = page.locator('main > article h1');
  await h1.waitFor();
  assert.equal((await h1.textContent()).trim(), headline);
  const firstPara = page.locator('main > article .article__body p').first();
  await firstPara.waitFor();
  assert.ok((await firstPara.textContent()).trim().length > 80, 'body text');
  await page.locator('main > article .article__standfirst').waitFor();
  // This is the breaking story: its own page does not advertise it in a banner.
  assert.equal(await banner(page).count(), 0, 'no banner on the breaking story itself');

  // Contents links are plain anchors and work without JS too.
  const first = page.getByRole('navigation', { name: 'In this article' }).getByRole('link').first();
  const target = await first.getAttribute('href');
  await first.click();
  await page.waitForURL(href + target);
  assert.deepEqual(problems, []);
});

test('light and dark colour schemes follow prefers-color-scheme', async (t) => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  for (const scheme of ['light', 'dark']) {
    const { page, problems } = await openPage(t, browser, { colorScheme: scheme });
    await goto(page, '/');
    const c = await page.evaluate(() => {
      const body = getComputedStyle(document.body);
      const h = getComputedStyle(document.querySelector('main article.lead .lead__headline a'));
      return { bg: body.backgroundColor, fg: body.color, headline: h.color };
    });
    if (scheme === 'light') assert.ok(luminance(c.bg) > 0.7, `light background: ${c.bg}`);
    else assert.ok(luminance(c.bg) < 0.05, `dark background: ${c.bg}`);
    assert.ok(contrast(c.fg, c.bg) >= 4.5, `${scheme}: body text contrast ${c.fg} on ${c.bg}`);
    assert.ok(contrast(c.headline, c.bg) >= 4.5, `${scheme}: headline contrast ${c.headline} on ${c.bg}`);
    await assertClean(page, problems);
  }
});

test('keyboard: the skip link is the first tab stop and moves focus to main', async (t) => {
  const { page, problems } = await openPage(t, browser);
  await goto(page, '/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  assert.ok(await skip.evaluate((el) => el === document.activeElement), 'skip link focused');
  await skip.waitFor(); // visible when focused
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');
  assert.equal(new URL(page.url()).hash, '#main');
  await assertClean(page, problems);
});

