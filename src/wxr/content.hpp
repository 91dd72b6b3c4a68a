// WordPress post and comment content (WXR content:encoded, excerpts, comments) to what a Gazette body keeps.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace gazette::wxr {

struct content_options {
    // The WordPress site's URL, e.g. "https://example.wordpress.org": relative URLs ("/x", "x", "//host/x",
    // "?p=1") are made absolute against it; a fragment ("#x") stays as it is. Empty, or not an http(s) URL:
    // relative URLs are left as they are.
    std::string base_url;
    // Optional: maps each (absolutised) href/src, e.g. to a copied upload's new address. Its result is
    // checked like any URL (a disallowed scheme or an empty string drops the attribute). Empty: unchanged.
    std::function<std::string(std::string_view url)> rewrite_url;
};

// WordPress post content to clean HTML for a Gazette body: Markdown made only of HTML blocks, which md4c
// passes through unchanged.
//
// The result (empty for empty or all-discarded content):
// - top-level blocks separated by exactly "\n\n", no trailing newline; each starts at column 0 with
//   <p>, <h2>..<h6>, <ul>, <ol>, <dl>, <blockquote>, <pre>, <figure>, <table>, <hr> or <address>; a
//   top-level heading's start tag is alone on its line ("<h2>\nText</h2>": md4c 0.4.8 only takes <h2>..<h6>
//   for an HTML block that way, mity/md4c#214); inline content outside a block is wrapped in <p>;
// - no blank (whitespace-only) line inside any block: inside <pre> a newline that would start one is
//   written "&#10;", a CR "&#13;", and, as md4c rewrites them, a tab in a line's indentation "&#9;" and the
//   last space or tab of a line "&#32;" or "&#9;"; elsewhere runs of whitespace are one space, none at the
//   edges of a block or around a <br>, and there are no newlines but the one after a top-level heading's tag;
// - only these elements: p br hr h2-h6 strong b em i u s del ins sub sup small mark code kbd samp var pre
//   blockquote q cite abbr dfn ul ol li dl dt dd a img figure figcaption table caption thead tbody tfoot
//   tr th td address time (h1 becomes h2, strike s, acronym abbr; headings have no attributes);
// - only these attributes, always double-quoted: a[href title], img[src alt width height title],
//   ol[start reversed], th/td[colspan rowspan], th[scope], abbr[title], time[datetime]; width, height,
//   colspan, rowspan and start are digits; href/src are http, https, mailto, tel or relative (then made
//   absolute with base_url) and pass through rewrite_url; an <a> without a usable href becomes its text,
//   an <img> without a usable src is dropped;
// - text and attribute values escaped (&amp; &lt; &gt; &quot;); a "[" that would read as a WordPress
//   shortcode again is written "&#91;".
//
// How WordPress content is read:
// - content without "<!-- wp:" is classic-editor text: blank lines separate paragraphs and a single
//   newline is a <br> (wpautop), except inside <pre>; block-editor content is taken as HTML;
// - core shortcodes: [caption]/[wp_caption] become <figure> with <figcaption>; [embed]URL[/embed],
//   [audio] and [video] (src, then the file types WordPress knows, then a bare URL) become
//   <p><a href="URL">URL</a></p>; [gallery] and [playlist] are removed; an escaped [[name ...]] (any name)
//   is written as the literal [name ...]; other shortcodes stay as text;
// - a URL alone on a line of a paragraph (WordPress's auto-embed) becomes a link to itself, and so does a
//   <figure> holding only a URL (the block editor's embed block: it becomes a linked <p>); an <iframe>,
//   <video> or <audio> with an http(s) source becomes <p><a href="src">src</a></p>;
// - script, style, object, embed, form controls, svg, math, template and the like are dropped with their
//   content; comments dropped; other elements (div, span, section, font, ...) are replaced by their
//   content, div-like ones as a paragraph boundary; empty paragraphs (whitespace, &nbsp;, <br>) dropped;
//   below 100 levels of nesting only text is kept.
//
// Deterministic and idempotent: clean_post_html(clean_post_html(x, o), o) == clean_post_html(x, o) when
// rewrite_url maps a URL it produced (made absolute) to itself. Any input is accepted (invalid UTF-8 and
// raw control bytes become U+FFFD); time and memory are linear in its size: before Gumbo (quadratic on
// some hostile shapes, as the HTML algorithm is) start tags nested deeper than a few hundred levels, or
// beyond 8 unclosed elements of one formatting kind (b, i, font, ...), are dropped. Pure apart from calling
// rewrite_url: may be called from any thread.
std::string clean_post_html(std::string_view content, const content_options& options = {});

// WordPress comment content (a few tags allowed) to the plain text Gazette keeps: paragraphs and <br> as
// newlines ("\n\n" between paragraphs and block elements, "\n" for a <br>, a list item or a single newline
// in the text; other whitespace runs are one space), tags dropped, script/style and the like dropped with
// their content, entities decoded, a link written as its text followed by " (URL)" when the text is not
// the URL and the URL is http(s) (a link without text: the URL); trimmed. Also used for excerpts.
// Same guarantees as above: any input, linear, any thread.
std::string plain_text(std::string_view html);

} // namespace gazette::wxr
