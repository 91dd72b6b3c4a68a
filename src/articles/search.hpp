// Site search (/search?q=): published articles with every word of the query (stemmed: "flooding" finds
// "flood"), ranked by relevance with the newer first among equals, with a snippet around the matches and
// pages of results. The same search answers /wp-json/wp/v2/search and ?search= on posts.
#pragma once

#include "app/site.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace gazette::articles {

inline constexpr std::size_t max_query_bytes = 200;
inline constexpr std::size_t max_query_words = 12;
inline constexpr std::int64_t search_per_page = 10;

// The words of a query: letters and digits (any script), lower-cased, at most 12.
std::vector<std::string> search_words(std::string_view q);
// A store snippet (matches between \x01 and \x02) as HTML: escaped, Markdown markers dropped, matches in <mark>.
std::string snippet_html(std::string_view snippet);

// GET /search
result<app::page> search_page(app::site& s, const http::request& req);

} // namespace gazette::articles
