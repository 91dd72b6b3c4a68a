// What crawlers read: /robots.txt, the sitemap index (/sitemap.xml) with child sitemaps of at most 2,000
// addresses each (articles, sections, tags, authors; with lastmod), and a Google News sitemap
// (/news-sitemap.xml: articles of the last two days, at most 1,000). Cached like pages.
#pragma once

#include "app/site.hpp"

namespace gazette::feeds {

inline constexpr std::int64_t sitemap_urls = 2000;
inline constexpr std::int64_t news_sitemap_urls = 1000;
inline constexpr unix_time news_window_seconds = 2 * 86400;

result<app::page> robots(app::site& s, const http::request& req);
result<app::page> sitemap_index(app::site& s, const http::request& req);
// /sitemap-articles-{n}.xml, /sitemap-sections.xml, /sitemap-tags.xml, /sitemap-authors.xml
result<app::page> article_sitemap(app::site& s, const http::request& req);
result<app::page> section_sitemap(app::site& s, const http::request& req);
result<app::page> tag_sitemap(app::site& s, const http::request& req);
result<app::page> author_sitemap(app::site& s, const http::request& req);
// Published pages (404 when there are none).
result<app::page> page_sitemap(app::site& s, const http::request& req);
result<app::page> news_sitemap(app::site& s, const http::request& req);

} // namespace gazette::feeds
