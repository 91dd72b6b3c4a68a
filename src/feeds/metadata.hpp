// What search engines and social sites read from an article's page: OpenGraph and article:* properties,
// a Twitter card, schema.org NewsArticle JSON-LD; and an oEmbed provider (/oembed?url=) so other sites
// can embed our articles, discovered from the page's head.
#pragma once

#include "app/site.hpp"

#include <boost/json/object.hpp>

namespace gazette::feeds {

inline constexpr int oembed_width = 600;

// The template's `meta` object for an article's head (url: the article's absolute address).
boost::json::object article_meta(app::site& s, const article& a, const std::string& url);

// GET /oembed?url=<an article's address>[&format=json][&maxwidth=N]
result<app::page> oembed(app::site& s, const http::request& req);

} // namespace gazette::feeds
