// Browser test for the reader's live chat widget (themes/default/static/chat.js; the wire protocol is in
// docs/chat-protocol.md): no socket until the reader opens the chat, the greeting before anything is
// typed, a message that gets its "Sent" tick, the conversation still there after a reload, and a message
// written while offline that is delivered once the browser is back online, exactly once. (Nobody from the
// newsroom is online during the tests, so the site's bot may answer too: the reader's own messages are
// looked up among the reader's, `.gz-chat__msg--visitor`.)
// With GAZETTE_SCREENSHOTS set it writes chat-widget.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { url, launchBrowser, openPage, collectProblems } from './support.js';

const SHOTS = process.env.GAZETTE_SCREENSHOTS;
const ARTICLE_SLUG = 'mill-lane-bakery';
const GREETING = 'Hi there! How can I help you?';
const FIRST = 'Is the bakery open on Sunday mornings?';
const SECOND = 'And do they bake rye bread every day?';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// The widget as it is on the screen (the bubble and the open panel), not the whole page.
async function shot(page, name) {
  if (!SHOTS) return;
  const tmp = path.join(SHOTS, `${name}.tmp.png`);
  await page.screenshot({ path: tmp });
  await rename(tmp, path.join(SHOTS, `${name}.png`));
}

// The chat sockets this page opens, and every JSON frame the server sends on them. `next(match)` resolves
// with the first frame (already seen, or still to come) for which match(frame) is true.
function watchSockets(page) {
  const frames = [];
  const waiting = [];
  const watch = {
    opened: 0,
    next(match) {
      const seen = frames.find(match);
      return seen ? Promise.resolve(seen) : new Promise((resolve) => waiting.push({ match, resolve }));
    },
  };
  page.on('websocket', (socket) => {
    watch.opened += 1;
    socket.on('framereceived', ({ payload }) => {
      let frame;
      try { frame = JSON.parse(payload); } catch { return; }
      frames.push(frame);
      for (const w of waiting.filter((w) => w.match(frame))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(frame);
      }
    });
  });
  return watch;
}

// The article's address, from the front page.
async function articleUrl(page) {
  await page.goto(url('/'));
  const href = await page.locator(`a[href*="${ARTICLE_SLUG}"]`).first().getAttribute('href');
  assert.ok(href, 'the article is linked from the front page');
  return url(href);
}

test('chat: the greeting, a sent message, kept across a reload, and a message sent while offline', { timeout: 60_000 }, async (t) => {
  const { context, page, problems } = await openPage(t, browser, { reducedMotion: 'reduce' });
  const sockets = watchSockets(page);
  await page.goto(await articleUrl(page));

  // 1. The bubble is there, closed, and nothing is connected until the reader opens it.
  const bubble = page.getByRole('button', { name: 'Chat with us' });
  await bubble.waitFor();
  assert.equal(await bubble.getAttribute('aria-expanded'), 'false');
  assert.equal(sockets.opened, 0, 'no WebSocket on page load');

  await bubble.click();
  assert.equal(await bubble.getAttribute('aria-expanded'), 'true');
  const chat = page.getByRole('dialog', { name: 'Chat with us' });
  const messages = chat.locator('.gz-chat__msg');
  await messages.first().filter({ hasText: GREETING }).waitFor();
  assert.equal(await messages.count(), 1, 'the greeting, before the reader writes anything');

  // 2. Enter sends; the message is stored by the server and gets its tick.
  const box = chat.getByRole('textbox', { name: 'Write a message' });
  assert.ok(await box.evaluate((el) => el === document.activeElement), 'the message box has the focus');
  await box.fill(FIRST);
  await box.press('Enter');
  const mine = chat.locator('.gz-chat__msg--visitor');
  const first = mine.filter({ hasText: FIRST });
  await first.getByText('Sent', { exact: true }).waitFor();
  assert.equal(await first.locator('.gz-chat__tick').textContent(), '✓');
  assert.equal(await box.inputValue(), '', 'the box is cleared');
  assert.equal(sockets.opened, 1, 'one WebSocket, opened with the panel');
  // Nobody from the newsroom is online: the bot answers with the site's articles, their headlines as links.
  const found = chat.locator('.gz-chat__msg--bot a').filter({ hasText: 'Mill Lane bakery marks 75 years' });
  await found.waitFor();
  assert.match(await found.getAttribute('href'), new RegExp(`/${ARTICLE_SLUG}`));
  if (SHOTS) {
    // The bot's answer, when it has one, makes a better picture; no hover colour on the bubble.
    await chat.locator('.gz-chat__msg--bot').first().waitFor({ timeout: 5_000 }).catch(() => {});
    await page.mouse.move(0, 0);
    await shot(page, 'chat-widget');
  }

  // 3. A reload: the panel is still open and the conversation is still there.
  await page.reload();
  await chat.waitFor();
  await first.getByText('Sent', { exact: true }).waitFor();
  assert.ok((await messages.first().textContent()).includes(GREETING), 'the greeting comes first');
  // "Connecting…" goes away once the server has said hello again.
  await chat.locator('.gz-chat__status').waitFor({ state: 'hidden' });

  // 4. Offline: the message waits in the outbox and says so.
  await context.setOffline(true);
  await chat.getByText("Offline — messages will be sent when you're back").waitFor();
  await box.fill(SECOND);
  await box.press('Enter');
  const second = mine.filter({ hasText: SECOND });
  await second.getByText('Not sent yet — will retry').waitFor();

  // 5. Back online: the widget reconnects at once, sends it again and it gets its tick.
  await context.setOffline(false);
  await second.getByText('Sent', { exact: true }).waitFor();
  // The server echoes the message back to the conversation after the ack; once the page has had it,
  // it is still in the list once.
  await sockets.next((f) => f.type === 'message' && f.text === SECOND);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  assert.equal(await second.count(), 1, 'the offline message, exactly once');
  assert.equal(await first.count(), 1, 'the first message, exactly once');
  assert.equal(await chat.locator('.gz-chat__status').isHidden(), true, 'connected again');

  // Nothing is left to send.
  const outbox = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith('gazette-chat:') && k.endsWith(':outbox'))
      .map((k) => JSON.parse(localStorage.getItem(k))));
  assert.deepEqual(outbox, [[]]);

  assert.deepEqual(await collectProblems(page, problems), []);
});

// A reader and a chat agent (the newsroom's inbox at /admin/chat) in two browsers: the agent sees the
// conversation arrive with its unread count and the tab title's badge, answers, leaves a private note;
// the reader sees the answer with the agent's name, reloads, loses the connection, writes meanwhile
// while the agent answers again, and after reconnecting everything is there once on both sides.
// With GAZETTE_SCREENSHOTS set it writes chat-inbox.png.
test('chat: a reader and an agent talk, through a reload and a lost connection', { timeout: 90_000 }, async (t) => {
  const QUESTION = 'Who do I ask about a correction to the bakery story?';
  const ANSWER = 'That would be me. What needs correcting?';
  const OFFLINE_Q = 'The opening hours: it opens at 7, not 8.';
  const OFFLINE_A = 'Thanks, I am checking with the reporter now.';
  const NOTE = 'Reader seems to know the owners; verify with the bakery.';

  // The agent signs in and opens the inbox.
  const agent = await openPage(t, browser, {}, { expectStatus: ['/admin/chat'] });
  const inbox = agent.page;
  await inbox.goto(url('/admin/chat'));
  await inbox.waitForURL(/\/admin\/login\?next=/);
  await inbox.getByLabel('Email').fill(process.env.GAZETTE_TEST_AGENT_EMAIL);
  await inbox.getByLabel('Password').fill(process.env.GAZETTE_TEST_PASSWORD);
  await inbox.getByRole('button', { name: 'Sign in' }).click();
  await inbox.waitForURL(/\/admin\/chat$/);
  await inbox.locator('#inbox-conn').filter({ hasText: 'Connected' }).waitFor();
  const baseTitle = await inbox.title();

  // The reader opens the chat on an article and asks.
  const reader = await openPage(t, browser, { reducedMotion: 'reduce' });
  const page = reader.page;
  const articleHref = await articleUrl(page);
  await page.goto(articleHref);
  await page.getByRole('button', { name: 'Chat with us' }).click();
  const chat = page.getByRole('dialog', { name: 'Chat with us' });
  await chat.locator('.gz-chat__msg').filter({ hasText: GREETING }).waitFor();
  const box = chat.getByRole('textbox', { name: 'Write a message' });
  await box.fill(QUESTION);
  await box.press('Enter');
  await chat.locator('.gz-chat__msg--visitor').filter({ hasText: QUESTION }).getByText('Sent', { exact: true }).waitFor();

  // The agent's list gets it at once, unread, with the page the reader is on; the tab title counts it.
  const row = inbox.locator('.inbox__item').filter({ hasText: QUESTION });
  await row.waitFor();
  assert.equal((await row.locator('.inbox__unread').textContent()).trim(), '1');
  // (The earlier test's conversation is still open and unread: the badge counts from what it was.)
  const unread = (title) => Number((/^\((\d+)\) /.exec(title) || [0, 0])[1]);
  const badge = (n) => inbox.waitForFunction((n) => (n ? document.title.startsWith(`(${n}) `) : !document.title.startsWith('(')), n);
  const before = unread(baseTitle);
  await badge(before + 1);
  await row.click();
  const log = inbox.locator('.inbox__log');
  await log.locator('.inbox__msg--visitor').filter({ hasText: QUESTION }).waitFor();
  assert.equal(await inbox.locator('.inbox__page a').getAttribute('href'), articleHref);
  await badge(before); // read: the badge counts one less

  // The answer, and a private note.
  const reply = inbox.locator('#inbox-text');
  await reply.fill(ANSWER);
  await inbox.getByRole('button', { name: 'Send', exact: true }).click();
  await log.locator('.inbox__msg--agent[data-id]').filter({ hasText: ANSWER }).waitFor();
  await inbox.getByLabel('Private note').check();
  await reply.fill(NOTE);
  await inbox.getByRole('button', { name: 'Send', exact: true }).click();
  await log.locator('.inbox__msg--note[data-id]').filter({ hasText: NOTE }).waitFor();
  await inbox.getByLabel('Private note').uncheck();

  // The reader sees the answer with the agent's name, and that the agent joined.
  const answer = chat.locator('.gz-chat__msg--agent').filter({ hasText: ANSWER });
  await answer.waitFor();
  assert.ok((await answer.textContent()).includes('Agnes Agent'), 'the agent is named');
  await chat.locator('.gz-chat__system').filter({ hasText: 'Agnes Agent joined the chat' }).waitFor();

  // Markup in a message is text in the inbox, never HTML.
  const PAYLOAD = '<img src=x onerror="document.title=\'pwned\'"><b>bold?</b>';
  await box.fill(PAYLOAD);
  await box.press('Enter');
  await log.locator('.inbox__msg--visitor').filter({ hasText: PAYLOAD }).waitFor();
  assert.equal(await log.locator('img, b').count(), 0, 'no element from the reader\'s text');

  // A reload: the whole conversation is still there.
  await page.reload();
  await chat.waitFor();
  await chat.locator('.gz-chat__msg--agent').filter({ hasText: ANSWER }).waitFor();
  await chat.locator('.gz-chat__msg--visitor').filter({ hasText: QUESTION }).waitFor();
  await chat.locator('.gz-chat__status').waitFor({ state: 'hidden' });

  // The reader's connection drops; the reader writes, and the agent answers meanwhile.
  await reader.context.setOffline(true);
  await chat.getByText("Offline — messages will be sent when you're back").waitFor();
  await box.fill(OFFLINE_Q);
  await box.press('Enter');
  await reply.fill(OFFLINE_A);
  await inbox.getByRole('button', { name: 'Send', exact: true }).click();
  await log.locator('.inbox__msg--agent[data-id]').filter({ hasText: OFFLINE_A }).waitFor();

  // Back online: the reader's message arrives once, the agent's answer reaches the reader once.
  await reader.context.setOffline(false);
  // (Stored, and the agent has the conversation open: "Read" follows "Sent" at once.)
  await chat.locator('.gz-chat__msg--visitor').filter({ hasText: OFFLINE_Q }).getByText(/^(Sent|Read)$/).waitFor();
  await chat.locator('.gz-chat__msg--agent').filter({ hasText: OFFLINE_A }).waitFor();
  await log.locator('.inbox__msg--visitor').filter({ hasText: OFFLINE_Q }).waitFor();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  assert.equal(await chat.locator('.gz-chat__msg').filter({ hasText: OFFLINE_Q }).count(), 1, 'the reader\'s, once');
  assert.equal(await chat.locator('.gz-chat__msg').filter({ hasText: OFFLINE_A }).count(), 1, 'the answer, once');
  assert.equal(await log.locator('.inbox__msg').filter({ hasText: OFFLINE_Q }).count(), 1, 'once in the inbox');
  assert.equal(await page.getByText(NOTE).count(), 0, 'the private note never reaches the reader');

  if (SHOTS) {
    await inbox.mouse.move(0, 0);
    await shot(inbox, 'chat-inbox');
  }
  assert.deepEqual(await collectProblems(page, reader.problems), []);
  assert.deepEqual(await collectProblems(inbox, agent.problems), []);
});

// The admin turns on the pre-chat form and moves the bubble to the left in a colour of the paper's own;
// a reader sees it there, in that colour, and must give a name (and consent, with an email) first.
test('chat: settings for the pre-chat form, the colour and the corner', { timeout: 60_000 }, async (t) => {
  const admin = await openPage(t, browser);
  await admin.page.goto(url('/admin/login'));
  await admin.page.getByLabel('Email').fill(process.env.GAZETTE_TEST_ADMIN_EMAIL);
  await admin.page.getByLabel('Password').fill(process.env.GAZETTE_TEST_PASSWORD);
  await admin.page.getByRole('button', { name: 'Sign in' }).click();
  await admin.page.waitForURL(url('/admin/'));
  const save = async (prechat, position, colour) => {
    await admin.page.goto(url('/admin/settings'));
    await admin.page.getByLabel('Ask for a name first').setChecked(prechat);
    await admin.page.getByLabel('Position').selectOption(position);
    await admin.page.getByLabel('Colour').fill(colour);
    await admin.page.getByRole('button', { name: 'Save settings' }).click();
    await admin.page.waitForURL(/saved=1/);
  };
  await save(true, 'left', '#1a5fb4');

  try {
    const { page, problems } = await openPage(t, browser, { reducedMotion: 'reduce' });
    await page.goto(await articleUrl(page));
    const bubble = page.getByRole('button', { name: 'Chat with us' });
    await bubble.waitFor();
    const box = await bubble.boundingBox();
    assert.ok(box.x + box.width < page.viewportSize().width / 2, 'the bubble sits in the bottom left corner');
    assert.equal(await bubble.evaluate((b) => getComputedStyle(b).backgroundColor), 'rgb(26, 95, 180)');
    await bubble.click();
    const chat = page.getByRole('dialog', { name: 'Chat with us' });
    const form = chat.locator('.gz-chat__prechat');
    await form.waitFor();
    assert.equal(await chat.getByRole('textbox', { name: 'Write a message' }).isVisible(), false, 'no message box yet');
    const problem = chat.locator('#gz-chat-prechat-problem');

    await form.getByRole('button', { name: 'Start chat' }).click();
    await problem.filter({ hasText: /name/i }).waitFor();
    await chat.locator('#gz-chat-name').fill('Maria Reader');
    await chat.locator('#gz-chat-email').fill('maria@example.org');
    await form.getByRole('button', { name: 'Start chat' }).click();
    await problem.filter({ hasText: /tick the box/i }).waitFor();
    await chat.locator('#gz-chat-consent').check();
    await form.getByRole('button', { name: 'Start chat' }).click();
    await form.waitFor({ state: 'hidden' });
    const message = chat.getByRole('textbox', { name: 'Write a message' });
    await message.fill('Hello, it is Maria.');
    await message.press('Enter');
    await chat.locator('.gz-chat__msg--visitor').filter({ hasText: 'Hello, it is Maria.' })
      .getByText(/^(Sent|Read)$/).waitFor();
    // After a reload the reader is not asked again.
    await page.reload();
    await chat.waitFor();
    await chat.locator('.gz-chat__msg--visitor').filter({ hasText: 'Hello, it is Maria.' }).waitFor();
    assert.equal(await form.isVisible(), false, 'not asked twice');
    assert.deepEqual(await collectProblems(page, problems), []);
  } finally {
    await save(false, 'right', '#b2221a');
  }
  assert.deepEqual(await collectProblems(admin.page, admin.problems), []);
});
