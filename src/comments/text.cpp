// Comment text to HTML.
#include "comments/text.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace gazette::comments {

namespace {

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && text::iequals(s.substr(0, prefix.size()), prefix);
}

// Where an address starting at i ends: at white space, a quote or angle bracket, and without the
// punctuation that usually closes a sentence around it ("see https://x.example/a." → no final dot).
std::size_t link_end(std::string_view s, std::size_t i) {
    std::size_t end = i;
    while (end < s.size()) {
        const unsigned char c = static_cast<unsigned char>(s[end]);
        if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == '`' || c == 0x7f) {
            break;
        }
        ++end;
    }
    while (end > i) {
        const char c = s[end - 1];
        if (c == '.' || c == ',' || c == ':' || c == ';' || c == '!' || c == '?' || c == '\'') {
            --end;
        } else if (c == ')' && std::count(s.begin() + static_cast<std::ptrdiff_t>(i), s.begin() + static_cast<std::ptrdiff_t>(end), '(') <
                                   std::count(s.begin() + static_cast<std::ptrdiff_t>(i), s.begin() + static_cast<std::ptrdiff_t>(end), ')')) {
            --end; // "(see https://x.example)" keeps its bracket outside
        } else {
            break;
        }
    }
    return end;
}

// The length of the scheme-and-host prefix a link must have after its start, or 0 when s[i..] starts none.
std::size_t link_prefix(std::string_view s, std::size_t i) {
    if (i > 0) {
        const unsigned char before = static_cast<unsigned char>(s[i - 1]);
        if (std::isalnum(before) || before == '/' || before == '.' || before == '@') {
            return 0; // inside a word or another address
        }
    }
    const auto rest = s.substr(i);
    for (const std::string_view p : {"https://", "http://", "www."}) {
        if (starts_with_ci(rest, p) && rest.size() > p.size() &&
            std::isalnum(static_cast<unsigned char>(rest[p.size()]))) {
            return p.size();
        }
    }
    return 0;
}

void append_line(std::string& out, std::string_view line) {
    std::size_t i = 0, plain = 0;
    while (i < line.size()) {
        const std::size_t prefix = link_prefix(line, i);
        if (prefix == 0) {
            ++i;
            continue;
        }
        const std::size_t end = link_end(line, i);
        if (end <= i + prefix) {
            ++i;
            continue;
        }
        const auto shown = line.substr(i, end - i);
        const std::string href = starts_with_ci(shown, "www.") ? "http://" + std::string(shown) : std::string(shown);
        out += text::html_escape(line.substr(plain, i - plain));
        out += "<a href=\"" + text::html_escape(href) + "\" rel=\"nofollow ugc noopener\">" + text::html_escape(shown) +
               "</a>";
        i = plain = end;
    }
    out += text::html_escape(line.substr(plain));
}

} // namespace

std::string to_html(std::string_view input) {
    std::string out;
    out.reserve(input.size() + input.size() / 4 + 16);
    // Normalise line ends, then split into paragraphs at blank lines.
    std::string t;
    t.reserve(input.size());
    for (std::size_t i = 0; i < input.size(); ++i) {
        if (input[i] == '\r') {
            t.push_back('\n');
            if (i + 1 < input.size() && input[i + 1] == '\n') {
                ++i;
            }
        } else {
            t.push_back(input[i]);
        }
    }
    std::vector<std::string_view> lines = text::split(t, '\n');
    std::vector<std::string_view> paragraph;
    auto flush = [&] {
        if (paragraph.empty()) {
            return;
        }
        out += "<p>";
        for (std::size_t i = 0; i < paragraph.size(); ++i) {
            if (i > 0) {
                out += "<br>\n";
            }
            append_line(out, paragraph[i]);
        }
        out += "</p>\n";
        paragraph.clear();
    };
    for (const auto line : lines) {
        if (text::trim(line).empty()) {
            flush();
        } else {
            paragraph.push_back(line);
        }
    }
    flush();
    return out;
}

std::size_t count_links(std::string_view s) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (const auto prefix = link_prefix(s, i); prefix > 0 && link_end(s, i) > i + prefix) {
            ++n;
            i = link_end(s, i);
        }
    }
    // <a href=...> typed as text is escaped on display, but a spammer still meant it as a link.
    for (std::size_t at = 0; at + 3 <= s.size(); ++at) {
        if (text::iequals(s.substr(at, 3), "<a ")) {
            ++n;
        }
    }
    return n;
}

} // namespace gazette::comments
