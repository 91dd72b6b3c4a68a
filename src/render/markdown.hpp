// Markdown (CommonMark + GitHub tables, strikethrough, autolinks, task lists) to HTML, by md4c.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gazette::render {

struct heading {
    std::string id;   // anchor, unique within the document
    std::string text; // plain text
};

struct markdown_html {
    std::string html;
    std::vector<heading> sections; // the h2 subheadings, in order
};

enum class html_policy {
    escape, // raw HTML in the source is shown as text (readers, authors)
    allow,  // raw HTML passes through (trusted staff: admin, editor)
};

// Renders Markdown. Every <h2> gets a unique id anchor (slug of its text). Link and image URLs with a
// scheme other than http, https, mailto or tel (javascript:, data:, vbscript:, ...) are replaced by "#".
markdown_html render_markdown(std::string_view source, html_policy policy = html_policy::escape);

// Plain CommonMark with no extensions and no post-processing: for the conformance test.
std::string render_commonmark(std::string_view source);

} // namespace gazette::render
