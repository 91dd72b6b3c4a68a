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
std::string filter_urls(std::string html) {
    for (const std::string_view attr : {std::string_view(" href=\""), std::string_view(" src=\"")}) {
        std::size_t pos = 0;
        while ((pos = html.find(attr, pos)) != std::string::npos) {
            const std::size_t start = pos + attr.size();
            const std::size_t end = html.find('"', start);
            if (end == std::string::npos) {
                break;
            }
            std::string decoded = text::strip_tags(std::string_view(html).substr(start, end - start));
            if (!safe_url(decoded)) {
                html.replace(start, end - start, "#");
                pos = start + 1;
            } else {
                pos = end;
            }
        }
    }
    return html;
}

std::string anchor_h2(std::string html, std::vector<heading>& sections) {
    std::set<std::string> used;
    std::size_t pos = 0;
    while ((pos = html.find("<h2>", pos)) != std::string::npos) {
        const std::size_t close = html.find("</h2>", pos);
        if (close == std::string::npos) {
            break;
        }
        const std::string inner = html.substr(pos + 4, close - pos - 4);
        heading h;
        h.text = std::string(text::trim(text::strip_tags(inner)));
        std::string base = text::slugify(h.text, 60);
        if (base.empty()) {
            base = "section";
        }
        std::string id = base;
        for (int n = 2; used.contains(id); ++n) {
            id = base + "-" + std::to_string(n);
        }
        used.insert(id);
        h.id = id;
        const std::string open = "<h2 id=\"" + id + "\">";
        html.replace(pos, 4, open);
        pos += open.size();
        sections.push_back(std::move(h));
    }
    return html;
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
