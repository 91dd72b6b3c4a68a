#!/usr/bin/env python3
"""Writes a WordPress export (WXR 1.2) of a big site for bench/import.sh: POSTS posts (classic-editor
paragraphs, a subheading, a caption shortcode, links) in 20 categories (some nested) with 200 tags, 50
authors, and COMMENTS comments threaded up to five deep, a tenth of them held or spam. Deterministic."""
import random
import sys

posts = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
comments = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
rng = random.Random(7)
words = ("city council budget river bridge school election market harbour rail weather festival museum "
         "library court hospital police strike vote mayor report season club stadium theatre housing").split()


def sentence(n):
    s = " ".join(rng.choice(words) for _ in range(n))
    return s[0].upper() + s[1:] + "."


out = sys.stdout
w = out.write
w('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
  'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
  '<title>Bench Daily</title><link>https://bench.example</link><description>Generated</description>\n'
  '<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://bench.example</wp:base_site_url>'
  '<wp:base_blog_url>https://bench.example</wp:base_blog_url>\n')
for a in range(1, 51):
    w(f'<wp:author><wp:author_id>{a}</wp:author_id><wp:author_login><![CDATA[writer{a}]]></wp:author_login>'
      f'<wp:author_email><![CDATA[writer{a}@bench.example]]></wp:author_email>'
      f'<wp:author_display_name><![CDATA[Writer {a}]]></wp:author_display_name></wp:author>\n')
for c in range(1, 21):
    parent = f"section-{(c - 1) // 4 * 4 + 1}" if c % 4 != 1 else ""
    w(f'<wp:category><wp:term_id>{c}</wp:term_id><wp:category_nicename><![CDATA[section-{c}]]></wp:category_nicename>'
      f'<wp:category_parent><![CDATA[{parent}]]></wp:category_parent><wp:cat_name><![CDATA[Section {c}]]></wp:cat_name>'
      f'</wp:category>\n')
for t in range(1, 201):
    w(f'<wp:tag><wp:term_id>{100 + t}</wp:term_id><wp:tag_slug><![CDATA[tag-{t}]]></wp:tag_slug>'
      f'<wp:tag_name><![CDATA[Tag {t}]]></wp:tag_name></wp:tag>\n')

per_post = [comments // posts] * posts
for i in range(comments - sum(per_post)):
    per_post[i] += 1
cid = 0
for p in range(1, posts + 1):
    day = 1 + p % 28
    month = 1 + p % 12
    body = "\n\n".join([sentence(30), sentence(40), "<h2>" + sentence(4) + "</h2>", sentence(35),
                        f'[caption id="attachment_{p}" width="600"]<img src="https://bench.example/wp-content/uploads/2024/{month:02}/photo-{p}.jpg" alt="Photo {p}" width="600" height="400"> {sentence(6)}[/caption]',
                        sentence(25) + ' <a href="https://bench.example/?p=' + str(max(1, p - 1)) + '">Earlier</a>'])
    w(f'<item><title>{sentence(8)[:-1]} {p}</title><link>https://bench.example/2024/{month:02}/{day:02}/story-{p}/</link>'
      f'<dc:creator><![CDATA[writer{1 + p % 50}]]></dc:creator><guid isPermaLink="false">https://bench.example/?p={p}</guid>'
      f'<content:encoded><![CDATA[{body}]]></content:encoded><excerpt:encoded><![CDATA[{sentence(20)}]]></excerpt:encoded>'
      f'<wp:post_id>{p}</wp:post_id><wp:post_date>2024-{month:02}-{day:02} 09:00:00</wp:post_date>'
      f'<wp:post_date_gmt>2024-{month:02}-{day:02} 09:00:00</wp:post_date_gmt><wp:comment_status>open</wp:comment_status>'
      f'<wp:post_name>story-{p}</wp:post_name><wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent>'
      f'<wp:post_type>post</wp:post_type>'
      f'<category domain="category" nicename="section-{1 + p % 20}"><![CDATA[Section {1 + p % 20}]]></category>'
      f'<category domain="post_tag" nicename="tag-{1 + p % 200}"><![CDATA[Tag {1 + p % 200}]]></category>'
      f'<category domain="post_tag" nicename="tag-{1 + (p * 7) % 200}"><![CDATA[Tag {1 + (p * 7) % 200}]]></category>\n')
    ids = []
    for k in range(per_post[p - 1]):
        cid += 1
        parent = ids[-1] if ids and k % 5 != 0 else 0
        ids.append(cid)
        approved = "1" if cid % 10 else ("0" if cid % 20 else "spam")
        w(f'<wp:comment><wp:comment_id>{cid}</wp:comment_id><wp:comment_author><![CDATA[Reader {cid % 977}]]></wp:comment_author>'
          f'<wp:comment_author_email><![CDATA[reader{cid % 977}@mail.example]]></wp:comment_author_email>'
          f'<wp:comment_author_url></wp:comment_author_url><wp:comment_author_IP>192.0.2.{cid % 250}</wp:comment_author_IP>'
          f'<wp:comment_date>2024-{month:02}-{day:02} 10:{k % 60:02}:00</wp:comment_date>'
          f'<wp:comment_date_gmt>2024-{month:02}-{day:02} 10:{k % 60:02}:00</wp:comment_date_gmt>'
          f'<wp:comment_content><![CDATA[{sentence(20)}\n\n{sentence(10)}]]></wp:comment_content>'
          f'<wp:comment_approved>{approved}</wp:comment_approved><wp:comment_type>comment</wp:comment_type>'
          f'<wp:comment_parent>{parent}</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n')
    w('</item>\n')
w('</channel>\n</rss>\n')
