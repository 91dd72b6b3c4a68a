// The WordPress REST API as a real WordPress client sees it: wpapi (from npm, written by the WordPress
// community, not by us) lists, reads, creates and updates posts with an application password created by
// `gazette app-password add` (run.sh), and a reader's browser sees the published result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WPAPI from 'wpapi';
import { url } from './support.js';

const EMAIL = process.env.GAZETTE_TEST_EMAIL;
const APP_PASSWORD = process.env.GAZETTE_TEST_APP_PASSWORD;

test('wpapi lists, reads, creates and updates posts with an application password', async () => {
  assert.match(APP_PASSWORD, /^([A-Za-z0-9]{4} ){5}[A-Za-z0-9]{4}$/, 'the password as WordPress shows them');
  const wp = new WPAPI({ endpoint: url('/wp-json'), username: EMAIL, password: APP_PASSWORD });

  // List and read.
  const posts = await wp.posts().perPage(5);
  assert.equal(posts.length, 5);
  assert.ok(posts._paging.total >= 16, 'paging from X-WP-Total');
  const one = await wp.posts().id(posts[0].id);
  assert.equal(one.id, posts[0].id);
  assert.equal(one.title.rendered, posts[0].title.rendered);
  const sections = await wp.categories();
  const news = sections.find((c) => c.slug === 'news');
  assert.ok(news, 'the News section');

  // Create a draft: not public.
  const created = await wp.posts().create({
    title: 'Ferry timetable changes from Monday',
    content: 'The first crossing leaves at **6:40**.\n\n## Weekends\n\nUnchanged.',
    excerpt: 'Earlier sailings on weekdays.',
    categories: [news.id],
    status: 'draft',
  });
  assert.equal(created.status, 'draft');
  assert.equal(created.title.rendered, 'Ferry timetable changes from Monday');
  assert.equal((await fetch(url(`/wp-json/wp/v2/posts/${created.id}`))).status, 404, 'a draft is not public');

  // Update: publish it, flagged breaking.
  const updated = await wp.posts().id(created.id).update({ status: 'publish', breaking: true, title: 'Ferry timetable changes from Monday, 6:40 first sailing' });
  assert.equal(updated.status, 'publish');
  assert.equal(updated.breaking, true);
  assert.match(updated.content.rendered, /<strong>6:40<\/strong>/);
  const page = await fetch(updated.link);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Ferry timetable changes from Monday, 6:40 first sailing/);

  // Unpublish it again (a draft), so the demo's front page stays as it was for other tests.
  const back = await wp.posts().id(created.id).update({ status: 'draft', breaking: false });
  assert.equal(back.status, 'draft');

  // A wrong password is refused in WordPress's words.
  const wrong = new WPAPI({ endpoint: url('/wp-json'), username: EMAIL, password: 'aaaa bbbb cccc dddd eeee ffff' });
  await assert.rejects(wrong.posts().create({ title: 'Nope', content: 'x' }), (e) => e.code === 'incorrect_password');
});
