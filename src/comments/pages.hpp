// Comments on the reader's side: the comment section of an article page (threads, pagination, the
// "Submit a Comment" form) and POST /wp-comments-post.php, WordPress's address and field names, so the
// form works without JavaScript (303 back to the article) and better with it (JSON, posted inline).
#pragma once

#include "app/site.hpp"
#include "comments/pipeline.hpp"

#include <boost/json/object.hpp>

#include <optional>

namespace gazette::comments {

// What the form shows besides a blank form: what was typed with its errors, a whole-form problem,
// a "waiting for a moderator" notice, the comment being answered.
struct form_state {
    form typed;
    std::vector<field_error> errors;
    std::string problem;
    std::string notice;
    id_t reply_to = 0;
};

// The article page's `comments` context for comment page n (1-based): errc::not_found past the last.
// Adds the page-cache tags it depends on to deps.
result<boost::json::object> section(app::site& s, const article& a, std::int64_t page, const form_state& state);

// /2026/11/25/slug/comment-page-2/ (page 1 is the article's own address).
std::string page_path(const time_zone& z, const article& a, std::int64_t page);

// POST /wp-comments-post.php
result<app::page> post(app::site& s, const http::request& req);

// GET /privacy/: what the site keeps and the form to ask for a copy or erasure; POST /privacy/ sends it.
result<app::page> privacy_page(app::site& s, const http::request& req);
result<app::page> privacy_request(app::site& s, const http::request& req);

// One comment as the theme's `comment` partial shows it (no children), for the JSON answer.
boost::json::object view(app::site& s, const comment& c, bool can_reply);

} // namespace gazette::comments
