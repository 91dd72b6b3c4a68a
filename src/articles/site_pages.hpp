// Pages outside the news (About, Contact; most come over from WordPress) and the old addresses of a
// migrated site. Both are looked up only when no route matches, so they never shadow Gazette's own
// addresses. Called on worker threads.
#pragma once

#include "app/site.hpp"

#include <optional>
#include <string>

namespace gazette::articles {

// The published page at the request's path, rendered; errc::not_found when there is none.
result<app::page> static_page(app::site& s, const http::request& req);

// Where an old address (a path, or "/?p=123" / "/?page_id=7" / "/?attachment_id=" style queries on the
// front page) lives now: the current path of the published article or page it named; nullopt when
// it names nothing published.
std::optional<std::string> moved_to(app::site& s, const http::request& req);

// The cache tag of every page (re-imports and edits drop them all).
inline constexpr const char* pages_tag = "pages";

} // namespace gazette::articles
