// Commenters' pictures, drawn here: a symmetric 5×5 pattern in one colour (an identicon) from a salted
// hash of the email, so the same person looks the same everywhere on the site, nobody can work the email
// back out of the picture (the salt is the site's secret), and no third party (Gravatar) is asked.
#pragma once

#include <string>
#include <string_view>

namespace gazette::comments {

// Inline SVG, 40×40 CSS pixels, hidden from screen readers (the name beside it says who it is).
std::string identicon(std::string_view email, std::string_view salt);

// A new random salt (hex) for a site that has none yet.
std::string new_avatar_salt();

} // namespace gazette::comments
