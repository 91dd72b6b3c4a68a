// md4c rendering plus two passes over its output: h2 anchors and a URL scheme allowlist.
#include "render/markdown.hpp"

#include "core/text.hpp"

#include <md4c-html.h>

#include <set>

namespace gazette::render {
namespace {

void append(const MD_CHAR* text, MD_SIZE size, void* userdata) {
    static_cast<std::string*>(userdata)->append(text, size);
}

std::string run_md4c(std::string_view source, unsigned parser_flags) {
    std::string out;
    out.reserve(source.size() + source.size() / 4);
    md_html(source.data(), static_cast<MD_SIZE>(source.size()), append, &out, parser_flags, 0);
    return out;
}

bool safe_url(std::string_view url) {
    // Browsers ignore ASCII whitespace and control characters inside a scheme: strip them before looking.
    std::string scheme;
    for (const char c : url) {
        if (c == ':' ) {
            break;
        }
        if (c == '/' || c == '?' || c == '#') {
            return true; // relative URL: no scheme
        }
        if (static_cast<unsigned char>(c) <= 0x20) {
            continue;
        }
        scheme.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (url.find(':') == std::string_view::npos) {
        return true;
    }
    // "&#" or "&" in a scheme means an entity smuggled past md4c: refuse.
    return scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

// Replaces unsafe href/src values produced by md4c (which quotes and escapes every attribute value).
// Builds a new string rather than replacing in place (simpler, and clear of a g++ 12 false warning).
std::string filter_urls(const std::string& html) {
    std::string out;
    out.reserve(html.size());
    std::size_t pos = 0;
    while (true) {
        const auto href = html.find(" href=\"", pos);
        const auto src = html.find(" src=\"", pos);
        const auto at = std::min(href, src);
        if (at == std::string::npos) {
            break;
        }
        const std::size_t start = at + (at == href ? 7 : 6);
        const std::size_t end = html.find('"', start);
        if (end == std::string::npos) {
            break;
        }
        out.append(html, pos, start - pos);
        const auto value = std::string_view(html).substr(start, end - start);
        if (safe_url(text::strip_tags(value))) {
            out.append(value);
        } else {
            out.push_back('#');
        }
        pos = end;
    }
    out.append(html, pos, std::string::npos);
    return out;
}

std::string anchor_h2(const std::string& html, std::vector<heading>& sections) {
    std::set<std::string> used;
    std::string out;
    out.reserve(html.size() + 256);
    std::size_t pos = 0;
    while (true) {
        const auto open = html.find("<h2>", pos);
        const auto close = open == std::string::npos ? std::string::npos : html.find("</h2>", open);
        if (close == std::string::npos) {
            break;
        }
        heading h;
        h.text = std::string(text::trim(text::strip_tags(std::string_view(html).substr(open + 4, close - open - 4))));
        std::string base = text::slugify(h.text, 60);
        if (base.empty()) {
            base = "section";
        }
        h.id = base;
        for (int n = 2; used.contains(h.id); ++n) {
            h.id = base + "-" + std::to_string(n);
        }
        used.insert(h.id);
        out.append(html, pos, open - pos);
        out += "<h2 id=\"" + h.id + "\">";
        pos = open + 4;
        sections.push_back(std::move(h));
    }
    out.append(html, pos, std::string::npos);
    return out;
}

} // namespace

markdown_html render_markdown(std::string_view source, html_policy policy) {
    unsigned flags = MD_DIALECT_GITHUB;
    if (policy == html_policy::escape) {
        flags |= MD_FLAG_NOHTML;
    }
    markdown_html out;
    out.html = anchor_h2(filter_urls(run_md4c(source, flags)), out.sections);
    return out;
}

std::string render_commonmark(std::string_view source) { return run_md4c(source, MD_DIALECT_COMMONMARK); }

} // namespace gazette::render
