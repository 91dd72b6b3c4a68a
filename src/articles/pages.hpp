// Reader pages: front page, article, section, tag and author listings. Each handler gathers view data
// from the store, renders the theme's template, and lists the page-cache tags of what it shows.
// Called on worker threads.
#pragma once

#include "app/site.hpp"

namespace gazette::articles {

result<app::page> front_page(app::site& s, const http::request& req);
result<app::page> article_page(app::site& s, const http::request& req);
result<app::page> section_page(app::site& s, const http::request& req);
result<app::page> tag_page(app::site& s, const http::request& req);
result<app::page> author_page(app::site& s, const http::request& req);

// How many articles the front page shows in each part.
inline constexpr std::int64_t front_latest_count = 6;
inline constexpr std::int64_t front_section_count = 4;
inline constexpr std::int64_t related_count = 4;
inline constexpr std::int64_t max_page_number = 10000;

} // namespace gazette::articles
