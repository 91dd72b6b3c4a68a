// Article URLs and the view data (Boost.JSON values) the theme's templates render.
#pragma once

#include "core/zone.hpp"
#include "render/markdown.hpp"
#include "store/model.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace gazette::articles {

// Canonical, WordPress-style URLs (paths; the site URL is prepended where absolute URLs are needed).
std::string article_path(const time_zone& z, const article& a);            // /2026/11/25/slug/  (date in the site's time zone)
std::string section_path(std::string_view slug);       // /category/slug/
std::string tag_path(std::string_view slug);           // /tag/slug/
std::string author_path(std::string_view slug);        // /author/slug/

// One article in a list: headline, url, standfirst, section, author, dates, image.
// Dates in zone z (the site's).
boost::json::object card(const time_zone& z, const article& a);
boost::json::array cards(const time_zone& z, const std::vector<article>& items);

// The whole article for its page; sections are the h2 subheadings of its body.
boost::json::object full(const time_zone& z, const article& a, const std::vector<render::heading>& sections);

// The h2 subheadings of rendered body HTML (<h2 id="...">text</h2>), in order.
std::vector<render::heading> headings_of(std::string_view body_html);

// The first sentences of an article, plain text, for meta descriptions and excerpts.
std::string summary(const article& a, std::size_t max_bytes = 300);

} // namespace gazette::articles
