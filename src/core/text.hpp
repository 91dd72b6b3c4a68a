// Small text helpers shared by every layer: slugs, HTML escaping, trimming.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette::text {

// Lowercase ASCII slug from any UTF-8 text: letters and digits kept, runs of anything else become one '-'.
// Common Latin accented letters are folded to ASCII ("Café" → "cafe"). Never longer than max_len.
std::string slugify(std::string_view in, std::size_t max_len = 80);

// True when s is a non-empty slug as slugify produces it.
bool is_slug(std::string_view s) noexcept;

// Escapes & < > " ' for HTML text and attribute values.
std::string html_escape(std::string_view in);

// Strips tags from an HTML fragment and decodes the common entities; for excerpts and heading text.
std::string strip_tags(std::string_view html);

std::string_view trim(std::string_view s) noexcept;

// Splits on a single character; empty pieces are kept.
std::vector<std::string_view> split(std::string_view s, char sep);

bool iequals(std::string_view a, std::string_view b) noexcept;
// ASCII case-insensitive substring test.
bool icontains(std::string_view haystack, std::string_view needle) noexcept;

// Percent-decodes a URL path or query component; '+' becomes ' ' when plus_is_space. False on bad escapes.
bool url_decode(std::string_view in, std::string& out, bool plus_is_space);

// A whole string of decimal digits (optionally signed) as an integer in [lo, hi]; nullopt otherwise.
std::optional<std::int64_t> to_int(std::string_view s, std::int64_t lo, std::int64_t hi) noexcept;

// Percent-encodes everything but unreserved characters (and '/' when keep_slash), for URL components.
std::string url_encode(std::string_view in, bool keep_slash = false);

// Truncates UTF-8 text at a word boundary to at most max_bytes, appending "…" when it cut.
std::string truncate_words(std::string_view in, std::size_t max_bytes);

// Valid UTF-8 (no overlongs, no surrogates) without control characters (tab, CR and LF allowed when
// multiline): text people typed, safe to store and show.
bool clean_text(std::string_view s, bool multiline);
// The number of characters (code points) in valid UTF-8.
std::size_t characters(std::string_view s);

// JSON text made safe inside a <script> element: "<" written as \u003c, so "</script>" cannot end it.
std::string script_safe_json(std::string_view json);

} // namespace gazette::text
