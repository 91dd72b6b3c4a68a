// Live coverage of developing stories and the events open pages hear about articles (docs/live.md).
//
// The newsroom starts and ends coverage of an article and posts short entries to it
// (/admin/articles/<id>/live); readers see them on the article's page, rendered whole on the server
// (with schema.org LiveBlogPosting JSON-LD), and open pages get each change through /live. Every change
// drops the article's cached page first, then announces the event, so a page rendered after the event
// already shows it.
#pragma once

#include "accounts/sessions.hpp"
#include "app/site.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>

namespace gazette::live {

inline constexpr std::size_t max_entry_bytes = 20000;
inline constexpr std::size_t max_alt_bytes = 300;

// What an article's page shows of its coverage: the template's `live` object and the JSON-LD (already
// escaped for a <script> element). nullopt when the article has never been covered live.
struct page_parts {
    boost::json::object live;
    std::string jsonld;
};
result<std::optional<page_parts>> article_parts(app::site& s, const article& a, const std::string& url);

// The newsroom (staff; editors and admins, and an article's own author).
result<app::page> newsroom_page(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> set_status(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> add_entry(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> edit_entry(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> delete_entry(app::site& s, const http::request& req, const accounts::signed_in& who);

// Ends coverage with no entry for live.auto_end_hours (the scheduler calls it).
void end_quiet(app::site& s, unix_time now);

// An article changed (articles::service tells): breaking news and newly published stories go to open
// pages.
void article_changed(app::site& s, const article* before, const article& after);

} // namespace gazette::live
