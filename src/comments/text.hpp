// A reader's comment is plain text. On the page it keeps its paragraphs and line breaks, its web
// addresses become links (rel="nofollow ugc noopener"), and everything else is escaped: no markup or
// script a reader types ever runs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gazette::comments {

// The comment as HTML: <p> per paragraph (blank lines), <br> per line break, linked addresses.
std::string to_html(std::string_view text);

// How many web addresses (http://, https://, www.) the text holds: spam is mostly links.
std::size_t count_links(std::string_view text);

} // namespace gazette::comments
