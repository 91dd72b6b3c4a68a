// Feeds at WordPress's addresses, so a migrated site's subscribers keep working: RSS 2.0 (/feed/), Atom
// (/feed/atom/) and JSON Feed 1.1 (/feed/json/) of the latest published articles, the same per section,
// tag and author (/category/<slug>/feed/ ...), and an RSS feed of each article's approved comments
// (/<yyyy>/<mm>/<dd>/<slug>/feed/). Full content; never an email. Served from the page cache like pages
// (ETag, 304) and dropped from it by the same tags as the lists they mirror.
#pragma once

#include "app/site.hpp"

namespace gazette::feeds {

inline constexpr std::int64_t feed_items = 20;
inline constexpr std::int64_t feed_comments = 50;

// The whole site: /feed/, /feed/atom/, /feed/json/ (the format is the last part of the path).
result<app::page> site_feed(app::site& s, const http::request& req);
// One section, tag or author: /category/{slug}/feed/... , /tag/{slug}/feed/..., /author/{slug}/feed/...
result<app::page> section_feed(app::site& s, const http::request& req);
result<app::page> tag_feed(app::site& s, const http::request& req);
result<app::page> author_feed(app::site& s, const http::request& req);
// An article's approved comments (RSS): /{year}/{month}/{day}/{slug}/feed/
result<app::page> comments_feed(app::site& s, const http::request& req);

// An article changed (the articles service's observer): when that changes what the feeds list (it was
// published, unpublished, or a published one was edited), the site's WebSub hub hears of the site's
// feeds, the section's and the author's. Any worker thread; queues and returns.
void article_changed(app::site& s, const article* before, const article& after);

// Characters XML 1.0 cannot carry (C0 controls but tab, LF and CR; U+FFFE, U+FFFF) removed.
std::string xml_safe(std::string_view s);

} // namespace gazette::feeds
