// Slugs, escaping and the other small text helpers.
#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace gazette::text {
namespace {

bool is_alnum(unsigned char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Two-byte UTF-8 sequences for Latin-1 letters (U+00C0..U+00FF), folded to ASCII.
char fold_latin1(unsigned char lead, unsigned char cont) noexcept {
    if (lead != 0xC3) {
        return 0;
    }
    static constexpr std::string_view table = "aaaaaaaceeeeiiiidnooooo" "xouuuuyts" "aaaaaaaceeeeiiiidnooooo" "/ouuuuyty";
    const unsigned idx = static_cast<unsigned>(cont) - 0x80;
    if (idx >= table.size()) {
        return 0;
    }
    const char c = table[idx];
    return (c == 'x' || c == '/') ? 0 : c;
}

} // namespace

std::string slugify(std::string_view in, std::size_t max_len) {
    std::string out;
    out.reserve(in.size());
    bool pending_dash = false;
    for (std::size_t i = 0; i < in.size(); ++i) {
        auto c = static_cast<unsigned char>(in[i]);
        char mapped = 0;
        if (c < 0x80) {
            c = static_cast<unsigned char>(std::tolower(c));
            if (is_alnum(c)) {
                mapped = static_cast<char>(c);
            } else if (c == '\'') {
                continue; // "council's" → "councils"
            }
        } else if (i + 1 < in.size()) {
            mapped = fold_latin1(c, static_cast<unsigned char>(in[i + 1]));
            if (mapped != 0) {
                ++i;
            }
        }
        if (mapped == 0) {
            pending_dash = !out.empty();
            continue;
        }
        if (pending_dash) {
            out.push_back('-');
            pending_dash = false;
        }
        out.push_back(mapped);
        if (out.size() >= max_len) {
            break;
        }
    }
    while (!out.empty() && out.back() == '-') {
        out.pop_back();
    }
    return out;
}

bool is_slug(std::string_view s) noexcept {
    if (s.empty() || s.size() > 200 || s.front() == '-' || s.back() == '-') {
        return false;
    }
    for (const char c : s) {
        if (!is_alnum(static_cast<unsigned char>(c)) && c != '-') {
            return false;
        }
    }
    return true;
}

std::string html_escape(std::string_view in) {
    std::string out;
    out.reserve(in.size() + in.size() / 8);
    for (const char c : in) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

std::string strip_tags(std::string_view html) {
    std::string out;
    out.reserve(html.size());
    bool in_tag = false;
    for (std::size_t i = 0; i < html.size(); ++i) {
        const char c = html[i];
        if (in_tag) {
            in_tag = c != '>';
            continue;
        }
        if (c == '<') {
            in_tag = true;
            continue;
        }
        if (c == '&') {
            static constexpr std::array<std::pair<std::string_view, char>, 6> entities{{
                {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}}};
            bool matched = false;
            for (const auto& [name, ch] : entities) {
                if (html.substr(i, name.size()) == name) {
                    out.push_back(ch);
                    i += name.size() - 1;
                    matched = true;
                    break;
                }
            }
            if (matched) {
                continue;
            }
        }
        out.push_back(c);
    }
    return out;
}

std::string_view trim(std::string_view s) noexcept {
    const auto ws = " \t\r\n\f\v";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos) {
        return {};
    }
    const auto e = s.find_last_not_of(ws);
    return s.substr(b, e - b + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto pos = s.find(sep, start);
        if (pos == std::string_view::npos) {
            parts.push_back(s.substr(start));
            return parts;
        }
        parts.push_back(s.substr(start, pos - start));
        start = pos + 1;
    }
}

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

bool icontains(std::string_view haystack, std::string_view needle) noexcept {
    if (needle.size() > haystack.size()) {
        return false;
    }
    for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
        if (iequals(haystack.substr(i, needle.size()), needle)) {
            return true;
        }
    }
    return false;
}

bool url_decode(std::string_view in, std::string& out, bool plus_is_space) {
    out.clear();
    out.reserve(in.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < in.size(); ++i) {
        const char c = in[i];
        if (c == '%') {
            if (i + 2 >= in.size()) {
                return false;
            }
            const int hi = hex(in[i + 1]);
            const int lo = hex(in[i + 2]);
            if (hi < 0 || lo < 0) {
                return false;
            }
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return true;
}

std::optional<std::int64_t> to_int(std::string_view s, std::int64_t lo, std::int64_t hi) noexcept {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi) {
        return std::nullopt;
    }
    return v;
}

std::string url_encode(std::string_view in, bool keep_slash) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(in.size());
    for (const char ch : in) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (keep_slash && c == '/')) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

std::string truncate_words(std::string_view in, std::size_t max_bytes) {
    if (in.size() <= max_bytes) {
        return std::string(in);
    }
    std::size_t cut = in.rfind(' ', max_bytes);
    if (cut == std::string_view::npos || cut < max_bytes / 2) {
        cut = max_bytes;
        // Never cut inside a UTF-8 sequence.
        while (cut > 0 && (static_cast<unsigned char>(in[cut]) & 0xC0) == 0x80) {
            --cut;
        }
    }
    std::string out(trim(in.substr(0, cut)));
    out += "…";
    return out;
}

// Valid UTF-8 (no overlongs, no surrogates) and no control characters but tab and newline.
bool clean_text(std::string_view s, bool multiline) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if ((c < 0x20 && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f) {
                return false;
            }
            ++i;
            continue;
        }
        int n = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            n = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        for (int k = 1; k <= n; ++k) {
            if (i + static_cast<std::size_t>(k) >= s.size()) {
                return false;
            }
            const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
            if ((cc & 0xC0) != 0x80) {
                return false;
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF)) {
            return false;
        }
        i += static_cast<std::size_t>(n) + 1;
    }
    return true;
}

std::size_t characters(std::string_view s) {
    return static_cast<std::size_t>(
        std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string script_safe_json(std::string_view json) {
    std::string out;
    out.reserve(json.size());
    for (const char c : json) {
        if (c == '<') {
            out += "\\u003c";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

} // namespace gazette::text
