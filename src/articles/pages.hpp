// Reader pages: front page, article, section, tag and author listings. Each handler gathers view data
// from the store, renders the theme's template, and lists the page-cache tags of what it shows.
// Called on worker threads.
#pragma once

#include "app/site.hpp"
#include "comments/pages.hpp"

namespace gazette::articles {

result<app::page> front_page(app::site& s, const http::request& req);
result<app::page> article_page(app::site& s, const http::request& req);
result<app::page> section_page(app::site& s, const http::request& req);
result<app::page> tag_page(app::site& s, const http::request& req);
result<app::page> author_page(app::site& s, const http::request& req);

// An article's page showing comment page cpage, with the comment form in the given state (an error
// after a post, a reply, a notice). Not for the cache when the state is not a blank form.
result<app::page> article_response(app::site& s, const article& a, std::int64_t cpage,
                                   const comments::form_state& state);

// How many articles the front page shows in each part.
inline constexpr std::int64_t front_latest_count = 6;
inline constexpr std::int64_t front_section_count = 4;
inline constexpr std::int64_t related_count = 4;
inline constexpr std::int64_t max_page_number = 10000;

} // namespace gazette::articles
