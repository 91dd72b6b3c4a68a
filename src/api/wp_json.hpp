// The JSON API in WordPress's REST shape (wp/v2): posts, categories, tags, users (public fields only),
// comments, search, with WordPress's pagination headers and error bodies, so WordPress tools can read us;
// and writes (posts, categories, tags) for clients with an application password (HTTP Basic), within the
// person's role.
#pragma once

#include "app/site.hpp"

namespace gazette::api {

inline constexpr std::int64_t default_per_page = 10;
inline constexpr std::int64_t max_per_page = 100;

result<app::page> index(app::site& s, const http::request& req);
result<app::page> posts(app::site& s, const http::request& req); // also ?search=
// GET /wp-json/wp/v2/search?search=: the site search, in WordPress's search-result shape.
result<app::page> search(app::site& s, const http::request& req);
result<app::page> post(app::site& s, const http::request& req); // ?_embed: with its author and terms
// Gazette has no pages: the routes answer as WordPress does for a site without any.
result<app::page> pages(app::site& s, const http::request& req);
result<app::page> page(app::site& s, const http::request& req);
// The media library (GET).
result<app::page> media(app::site& s, const http::request& req);
result<app::page> media_item_json(app::site& s, const http::request& req);
result<app::page> categories(app::site& s, const http::request& req);
result<app::page> category(app::site& s, const http::request& req);
result<app::page> tags(app::site& s, const http::request& req);
result<app::page> tag(app::site& s, const http::request& req);
result<app::page> users(app::site& s, const http::request& req);
result<app::page> user(app::site& s, const http::request& req);
// Approved comments (?post=ID, per_page, page), public fields only; and one by id.
result<app::page> comments(app::site& s, const http::request& req);
result<app::page> comment(app::site& s, const http::request& req);
// POST /comments: a reader's comment (no authentication, as the comment form), through the same checks
// and moderation as the form: 201 with status "approved" or "hold"; WordPress's codes when refused.
result<app::page> create_comment(app::site& s, const http::request& req);

// Writes (wp_write.cpp). Posts: POST /posts, POST|PUT|PATCH /posts/{id}, DELETE /posts/{id}?force=true.
result<app::page> create_post(app::site& s, const http::request& req);
result<app::page> update_post(app::site& s, const http::request& req);
result<app::page> delete_post(app::site& s, const http::request& req);
// Sections (categories) and tags: POST /categories, POST|PUT|PATCH /categories/{id}; the same for tags,
// and DELETE /tags/{id}?force=true.
result<app::page> create_category(app::site& s, const http::request& req);
result<app::page> update_category(app::site& s, const http::request& req);
result<app::page> create_tag(app::site& s, const http::request& req);
result<app::page> update_tag(app::site& s, const http::request& req);
result<app::page> delete_tag(app::site& s, const http::request& req);

} // namespace gazette::api
