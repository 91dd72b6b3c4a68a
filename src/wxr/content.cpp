// WordPress content to Gazette's clean HTML and plain text: shortcodes, a taming pass, Gumbo, an allowlist.
#include "wxr/content.hpp"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

namespace gazette::wxr {
namespace {

// Below this many levels of elements only text is kept (and our own recursion stays shallow).
constexpr std::size_t max_depth = 100;
// The taming pass keeps Gumbo's stack of open elements below about this many, and no more than this many
// unclosed elements of one formatting kind (b, i, font, ...): Gumbo, like the HTML algorithm it follows,
// is quadratic in both (scope checks walk the stack; formatting elements are reopened in each block).
constexpr std::size_t max_open_elements = 256;
constexpr int max_unclosed_formatting = 8;

// ---------------------------------------------------------------------------------------------------------
// Characters

bool is_html_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}
bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
char ascii_lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_control(char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) {
            return false;
        }
    }
    return true;
}

bool istarts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        c = ascii_lower(c);
    }
    return out;
}

std::string_view trim_space(std::string_view s) {
    while (!s.empty() && is_html_space(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_html_space(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// Runs of whitespace become one space, none at the ends; other control characters go.
std::string collapse_space(std::string_view s) {
    std::string out;
    bool space = false;
    for (const char c : s) {
        if (is_html_space(c)) {
            space = !out.empty();
        } else if (!is_control(c)) {
            if (space) {
                out.push_back(' ');
                space = false;
            }
            out.push_back(c);
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------
// URLs

// What the WordPress site's URL gives for resolving relative ones.
struct base_url {
    std::string scheme; // "http" or "https"
    std::string origin; // "https://host"
    std::string dir;    // "https://host/path", no trailing slash, query or fragment
};

// Browsers drop leading and trailing spaces and control characters, and every tab and newline inside:
// do the same (so that "java\tscript:" is seen for what it is), and refuse other control characters.
std::optional<std::string> normalise_url(std::string_view raw) {
    while (!raw.empty() && static_cast<unsigned char>(raw.front()) <= 0x20) {
        raw.remove_prefix(1);
    }
    while (!raw.empty() && static_cast<unsigned char>(raw.back()) <= 0x20) {
        raw.remove_suffix(1);
    }
    std::string url;
    url.reserve(raw.size());
    for (const char c : raw) {
        if (c == '\t' || c == '\n' || c == '\r') {
            continue;
        }
        if (is_control(c)) {
            return std::nullopt;
        }
        url.push_back(c);
    }
    if (url.empty()) {
        return std::nullopt;
    }
    return url;
}

// The lowercase text before the first ':' when it comes before any '/', '?' or '#'; "" for a relative URL.
std::string scheme_of(std::string_view url) {
    for (std::size_t i = 0; i < url.size(); ++i) {
        if (url[i] == ':') {
            return lower(url.substr(0, i));
        }
        if (url[i] == '/' || url[i] == '?' || url[i] == '#') {
            break;
        }
    }
    return {};
}

bool allowed_scheme(std::string_view scheme) {
    return scheme.empty() || scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel";
}

std::optional<base_url> parse_base(std::string_view raw) {
    auto url = normalise_url(raw);
    if (!url) {
        return std::nullopt;
    }
    const auto scheme = scheme_of(*url);
    if ((scheme != "http" && scheme != "https") || url->compare(scheme.size(), 3, "://") != 0) {
        return std::nullopt;
    }
    const auto host_begin = scheme.size() + 3;
    const auto host_end = std::min(url->find_first_of("/?#", host_begin), url->size());
    if (host_end == host_begin) {
        return std::nullopt;
    }
    base_url base;
    base.scheme = scheme;
    base.origin = url->substr(0, host_end);
    base.dir = url->substr(0, std::min(url->find_first_of("?#", host_end), url->size()));
    while (base.dir.size() > base.origin.size() && base.dir.back() == '/') {
        base.dir.pop_back();
    }
    return base;
}

std::string absolutise(const std::string& url, const base_url& base) {
    if (url.starts_with("//")) {
        return base.scheme + ":" + url;
    }
    if (url.starts_with("/")) {
        return base.origin + url;
    }
    if (url.starts_with("#")) {
        return url;
    }
    return base.dir + "/" + url;
}

// Options as the cleaner uses them.
struct url_policy {
    std::optional<base_url> base;
    const std::function<std::string(std::string_view)>* rewrite = nullptr;

    // A usable href/src: allowed scheme, made absolute, rewritten; nullopt when the attribute must go.
    // http_only: the result (before rewriting) must be an http(s) URL.
    std::optional<std::string> clean(std::string_view raw, bool http_only = false) const {
        auto url = normalise_url(raw);
        if (!url || !allowed_scheme(scheme_of(*url))) {
            return std::nullopt;
        }
        if (base && scheme_of(*url).empty()) {
            *url = absolutise(*url, *base);
        }
        if (http_only) {
            const auto scheme = scheme_of(*url);
            if (scheme != "http" && scheme != "https") {
                return std::nullopt;
            }
        }
        if (rewrite != nullptr && *rewrite) {
            url = normalise_url((*rewrite)(*url));
            if (!url || !allowed_scheme(scheme_of(*url))) {
                return std::nullopt;
            }
        }
        return url;
    }
};

// A URL alone as text, as WordPress auto-embeds it.
bool is_bare_url(std::string_view s) {
    if (!istarts_with(s, "http://") && !istarts_with(s, "https://")) {
        return false;
    }
    if (s.size() <= (istarts_with(s, "https://") ? 8U : 7U)) {
        return false;
    }
    return std::none_of(s.begin(), s.end(),
                        [](char c) { return is_html_space(c) || c == '<' || c == '>' || c == '"'; });
}

// ---------------------------------------------------------------------------------------------------------
// Shortcodes (WordPress core's, before parsing, on the raw HTML as WordPress does)

constexpr std::array<std::string_view, 7> core_shortcodes = {"caption", "wp_caption", "embed",   "audio",
                                                             "video",   "gallery",    "playlist"};

bool is_shortcode_name_char(char c) {
    return is_ascii_alpha(c) || is_ascii_digit(c) || c == '_' || c == '-';
}

int core_shortcode_index(std::string_view name) {
    for (std::size_t i = 0; i < core_shortcodes.size(); ++i) {
        if (core_shortcodes[i] == name) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

// Whether the '[' at s[i] would start something the shortcode pass acts on ("[[name", "[core", "[/core"):
// such a '[' is written "&#91;" so that a second pass reads it as text.
bool bracket_needs_escape(std::string_view s, std::size_t i) {
    auto rest = s.substr(i + 1);
    if (rest.empty()) {
        return true; // the next text may continue it
    }
    if (rest.front() == '[') {
        return rest.size() < 2 || is_shortcode_name_char(rest[1]) || rest[1] == '[';
    }
    if (rest.front() == '/') {
        rest.remove_prefix(1);
    }
    std::size_t n = 0;
    while (n < rest.size() && is_shortcode_name_char(rest[n])) {
        ++n;
    }
    return n == rest.size() || core_shortcode_index(rest.substr(0, n)) >= 0;
}

struct shortcode_attrs {
    std::vector<std::pair<std::string, std::string>> named;
    std::vector<std::string> positional;

    std::string get(std::string_view name) const {
        for (const auto& [k, v] : named) {
            if (k == name) {
                return v;
            }
        }
        return {};
    }
};

// WordPress's shortcode_parse_atts: name="v", name='v', name=v, and positional "v", 'v', v.
shortcode_attrs parse_shortcode_attrs(std::string_view raw) {
    std::string s;
    s.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw.substr(i).starts_with("\xC2\xA0")) {
            s.push_back(' ');
            i += 1;
        } else if (raw.substr(i).starts_with("\xE2\x80\x8B")) {
            s.push_back(' ');
            i += 2;
        } else {
            s.push_back(raw[i]);
        }
    }
    shortcode_attrs attrs;
    std::size_t i = 0;
    const auto n = s.size();
    auto read_value = [&](std::size_t& j) {
        if (j < n && (s[j] == '"' || s[j] == '\'')) {
            const auto end = s.find(s[j], j + 1);
            const auto stop = end == std::string::npos ? n : end;
            std::string v = s.substr(j + 1, stop - j - 1);
            j = end == std::string::npos ? n : end + 1;
            return v;
        }
        const auto start = j;
        while (j < n && !is_html_space(s[j])) {
            ++j;
        }
        return s.substr(start, j - start);
    };
    while (i < n) {
        if (is_html_space(s[i])) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j < n && is_shortcode_name_char(s[j])) {
            ++j;
        }
        std::size_t k = j;
        while (k < n && is_html_space(s[k])) {
            ++k;
        }
        if (j > i && k < n && s[k] == '=') {
            auto name = lower(std::string_view(s).substr(i, j - i));
            ++k;
            while (k < n && is_html_space(s[k])) {
                ++k;
            }
            auto value = read_value(k);
            attrs.named.emplace_back(std::move(name), std::move(value));
            i = k;
        } else {
            std::size_t m = i;
            attrs.positional.push_back(read_value(m));
            i = std::max(m, i + 1);
        }
    }
    return attrs;
}

// A URL fit to be written into the HTML we generate: http(s) or root-relative, nothing that could leave
// the attribute or hide a scheme.
bool media_url_ok(std::string_view url) {
    if (!istarts_with(url, "http://") && !istarts_with(url, "https://") && !url.starts_with("/")) {
        return false;
    }
    return std::none_of(url.begin(), url.end(), [](char c) {
        return is_html_space(c) || is_control(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`';
    });
}

std::string link_paragraph_html(std::string_view url) {
    std::string out = "<p><a href=\"";
    out.append(url);
    out.append("\">");
    out.append(url);
    out.append("</a></p>");
    return out;
}

// Finds the image part of a caption's content as WordPress does:
// ((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)
std::optional<std::pair<std::string_view, std::string_view>> split_caption(std::string_view content) {
    std::size_t img = std::string_view::npos;
    for (std::size_t i = content.find('<'); i != std::string_view::npos; i = content.find('<', i + 1)) {
        if (istarts_with(content.substr(i), "<img ")) {
            img = i;
            break;
        }
    }
    if (img == std::string_view::npos) {
        return std::nullopt;
    }
    const auto img_close = content.find('>', img);
    if (img_close == std::string_view::npos) {
        return std::nullopt;
    }
    std::size_t begin = img;
    std::size_t before = img;
    while (before > 0 && is_html_space(content[before - 1])) {
        --before;
    }
    if (before > 0 && content[before - 1] == '>') {
        const auto open = content.rfind('<', before - 1);
        if (open != std::string_view::npos && istarts_with(content.substr(open), "<a ") &&
            open + 3 < before - 1 &&
            content.substr(open, before - 1 - open).find('>') == std::string_view::npos) {
            begin = open;
        }
    }
    std::size_t end = img_close + 1;
    std::size_t after = end;
    while (after < content.size() && is_html_space(content[after])) {
        ++after;
    }
    if (istarts_with(content.substr(after), "</a>")) {
        end = after + 4;
    }
    return std::pair{content.substr(begin, end - begin), content.substr(end)};
}

std::string expand_shortcode(int core, std::string_view raw_attrs, std::string_view content) {
    const auto name = core_shortcodes[static_cast<std::size_t>(core)];
    const auto attrs = parse_shortcode_attrs(raw_attrs);
    if (name == "caption" || name == "wp_caption") {
        std::string caption = attrs.get("caption");
        std::string_view image = content;
        if (caption.empty()) {
            const auto parts = split_caption(content);
            if (!parts) {
                return std::string(content);
            }
            image = parts->first;
            caption = std::string(trim_space(parts->second));
        }
        if (trim_space(caption).empty()) {
            return std::string(content);
        }
        return "<figure>" + std::string(image) + "<figcaption>" + caption + "</figcaption></figure>";
    }
    if (name == "gallery" || name == "playlist") {
        return {};
    }
    std::vector<std::string> candidates;
    if (name == "embed") {
        candidates.emplace_back(trim_space(content));
        candidates.push_back(attrs.get("src"));
    } else {
        candidates.push_back(attrs.get("src"));
        static constexpr std::array<std::string_view, 5> audio_types = {"mp3", "ogg", "flac", "m4a", "wav"};
        static constexpr std::array<std::string_view, 6> video_types = {"mp4", "m4v", "webm",
                                                                        "ogv", "wmv", "flv"};
        if (name == "audio") {
            for (const auto t : audio_types) {
                candidates.push_back(attrs.get(t));
            }
        } else {
            for (const auto t : video_types) {
                candidates.push_back(attrs.get(t));
            }
        }
        for (const auto& p : attrs.positional) {
            candidates.push_back(p);
        }
        candidates.emplace_back(trim_space(content));
    }
    for (const auto& c : candidates) {
        const auto url = trim_space(c);
        if (!url.empty() && media_url_ok(url)) {
            return link_paragraph_html(url);
        }
    }
    return name == "embed" ? std::string(content) : std::string();
}

// One left-to-right pass; every search remembers where it got to, so the pass is linear even on text
// full of unterminated "[caption".
class shortcode_pass {
public:
    explicit shortcode_pass(std::string_view s) : s_(s) { close_tag_.fill(unknown); }

    std::string run() {
        std::string out;
        out.reserve(s_.size());
        std::size_t i = 0;
        while (i < s_.size()) {
            const auto b = s_.find('[', i);
            if (b == std::string_view::npos) {
                out.append(s_.substr(i));
                break;
            }
            out.append(s_.substr(i, b - i));
            if (const auto next = try_at(b, out)) {
                i = *next;
            } else {
                out.push_back('[');
                i = b + 1;
            }
        }
        return out;
    }

private:
    static constexpr std::size_t unknown = std::string_view::npos - 1;

    std::size_t next_bracket(std::size_t from) {
        if (bracket_ == unknown || (bracket_ != std::string_view::npos && bracket_ < from)) {
            bracket_ = s_.find(']', from);
        }
        return bracket_;
    }

    std::size_t next_close_tag(int core, std::size_t from) {
        auto& memo = close_tag_[static_cast<std::size_t>(core)];
        if (memo == unknown || (memo != std::string_view::npos && memo < from)) {
            const std::string tag = "[/" + std::string(core_shortcodes[static_cast<std::size_t>(core)]) + "]";
            memo = s_.find(tag, from);
        }
        return memo;
    }

    // The position after what was consumed at the '[' at b (output appended), or nullopt for plain text.
    std::optional<std::size_t> try_at(std::size_t b, std::string& out) {
        const auto n = s_.size();
        const bool escaped = b + 1 < n && s_[b + 1] == '[';
        const auto name_begin = b + (escaped ? 2 : 1);
        auto name_end = name_begin;
        while (name_end < n && is_shortcode_name_char(s_[name_end])) {
            ++name_end;
        }
        if (name_end == name_begin) {
            return std::nullopt;
        }
        const auto name = s_.substr(name_begin, name_end - name_begin);
        const int core = core_shortcode_index(name);
        if (core < 0 && !escaped) {
            return std::nullopt;
        }
        const auto close = next_bracket(name_end);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        const bool self_closing = close > name_end && s_[close - 1] == '/';
        const auto attrs = s_.substr(name_end, close - name_end - (self_closing ? 1 : 0));
        auto end = close + 1;
        std::string_view content;
        if (core >= 0 && !self_closing) {
            const auto closing = next_close_tag(core, end);
            if (closing != std::string_view::npos) {
                content = s_.substr(end, closing - end);
                end = closing + name.size() + 3;
            }
        }
        if (escaped) {
            if (end >= n || s_[end] != ']') {
                return std::nullopt;
            }
            out.append(s_.substr(b + 1, end - b - 1));
            return end + 1;
        }
        out.append(expand_shortcode(core, attrs, content));
        return end;
    }

    std::string_view s_;
    std::size_t bracket_ = unknown;
    std::array<std::size_t, core_shortcodes.size()> close_tag_{};
};

// ---------------------------------------------------------------------------------------------------------
// Taming: a light tokenizer pass before Gumbo. It keeps only the attributes the cleaner reads (Gumbo checks
// duplicates with a linear scan per attribute), strips attributes from formatting elements so that the
// HTML algorithm's "Noah's Ark" clause bounds them, and follows a simulated stack of open elements, dropping
// start tags that would nest deeper than max_open_elements or keep too many formatting elements open. The
// simulation errs on the side of counting too many, never too few, for anything an attacker can repeat.
// It never makes anything less safe: what comes out is still parsed by Gumbo and cleaned by the allowlist.

constexpr std::uint64_t name_hash(std::string_view s) {
    std::uint64_t h = 14695981039346656037ULL;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        h *= 1099511628211ULL;
    }
    return h;
}

enum tag_flag : std::uint16_t {
    f_void = 1U << 0,
    f_special = 1U << 1,
    f_formatting = 1U << 2,
    f_closes_p = 1U << 3,
    f_raw_text = 1U << 4,
    f_scope = 1U << 5,
    f_breakout = 1U << 6,
    f_integration = 1U << 7,
    f_heading = 1U << 8,
    f_no_push = 1U << 9,
};

struct tag_info {
    std::uint16_t flags = 0;
    int formatting = -1; // index into the formatting counters
};

const std::unordered_map<std::uint64_t, tag_info>& tag_table() {
    static const auto table = [] {
        std::unordered_map<std::uint64_t, tag_info> t;
        auto add = [&](std::initializer_list<std::string_view> names, std::uint16_t flag) {
            for (const auto n : names) {
                t[name_hash(n)].flags |= flag;
            }
        };
        add({"area",  "base",   "basefont", "bgsound", "br",     "col",     "embed",
             "hr",    "img",    "image",    "input",   "keygen", "link",    "meta",
             "param", "source", "track",    "wbr",     "frame",  "isindex", "menuitem"},
            f_void);
        add({"address",    "applet",   "area",   "article", "aside",     "base",     "basefont", "bgsound",
             "blockquote", "body",     "br",     "button",  "caption",   "center",   "col",      "colgroup",
             "dd",         "details",  "dir",    "div",     "dl",        "dt",       "embed",    "fieldset",
             "figcaption", "figure",   "footer", "form",    "frame",     "frameset", "h1",       "h2",
             "h3",         "h4",       "h5",     "h6",      "head",      "header",   "hgroup",   "hr",
             "html",       "iframe",   "img",    "input",   "keygen",    "li",       "link",     "listing",
             "main",       "marquee",  "menu",   "meta",    "nav",       "noembed",  "noframes", "noscript",
             "object",     "ol",       "p",      "param",   "plaintext", "pre",      "script",   "search",
             "section",    "select",   "source", "style",   "summary",   "table",    "tbody",    "td",
             "template",   "textarea", "tfoot",  "th",      "thead",     "title",    "tr",       "track",
             "ul",         "wbr",      "xmp"},
            f_special);
        add({"address", "article", "aside",    "blockquote", "center", "details", "dialog",    "dir",
             "div",     "dl",      "fieldset", "figcaption", "figure", "footer",  "form",      "h1",
             "h2",      "h3",      "h4",       "h5",         "h6",     "header",  "hgroup",    "hr",
             "li",      "dd",      "dt",       "listing",    "main",   "menu",    "nav",       "ol",
             "p",       "pre",     "section",  "summary",    "ul",     "xmp",     "plaintext", "search"},
            f_closes_p);
        add({"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title", "plaintext"},
            f_raw_text);
        add({"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"}, f_scope);
        add({"b",      "big",  "blockquote", "body",  "br",   "center", "code",    "dd",   "div",
             "dl",     "dt",   "em",         "embed", "h1",   "h2",     "h3",      "h4",   "h5",
             "h6",     "head", "hr",         "i",     "img",  "li",     "listing", "menu", "meta",
             "nobr",   "ol",   "p",          "pre",   "ruby", "s",      "small",   "span", "strong",
             "strike", "sub",  "sup",        "table", "tt",   "u",      "ul",      "var"},
            f_breakout);
        add({"foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml"},
            f_integration);
        add({"h1", "h2", "h3", "h4", "h5", "h6"}, f_heading);
        add({"html", "body", "head", "frameset"}, f_no_push);
        int index = 0;
        for (const char* n :
             {"b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"}) {
            auto& info = t[name_hash(n)];
            info.flags |= f_formatting;
            info.formatting = index++;
        }
        return t;
    }();
    return table;
}

tag_info info_of(std::uint64_t h) {
    const auto& t = tag_table();
    const auto it = t.find(h);
    return it == t.end() ? tag_info{} : it->second;
}

// The attributes the cleaner reads; all others are dropped before Gumbo sees them.
bool attribute_kept(std::string_view name) {
    static constexpr std::array<std::string_view, 12> kept = {"href",    "title",   "src",   "alt",
                                                              "width",   "height",  "start", "reversed",
                                                              "colspan", "rowspan", "scope", "datetime"};
    return std::any_of(kept.begin(), kept.end(), [&](std::string_view k) { return iequals(k, name); });
}

struct raw_attribute {
    std::string_view name;
    std::string_view text; // name, and "=value" if any, as written
};

struct raw_tag {
    std::string_view name;
    std::vector<raw_attribute> attributes;
    bool self_closing = false;
    bool complete = false; // false: the input ends inside the tag (the HTML tokenizer drops it)
    std::size_t end = 0;   // just past '>'
};

// The HTML tokenizer's tag states, from the first character of the name.
raw_tag parse_tag(std::string_view s, std::size_t pos) {
    raw_tag t;
    const auto n = s.size();
    auto i = pos;
    while (i < n && !is_html_space(s[i]) && s[i] != '/' && s[i] != '>') {
        ++i;
    }
    t.name = s.substr(pos, i - pos);
    while (i < n) {
        const char c = s[i];
        if (is_html_space(c)) {
            ++i;
            continue;
        }
        if (c == '/') {
            if (i + 1 < n && s[i + 1] == '>') {
                t.self_closing = true;
                t.complete = true;
                t.end = i + 2;
                return t;
            }
            ++i;
            continue;
        }
        if (c == '>') {
            t.complete = true;
            t.end = i + 1;
            return t;
        }
        const auto begin = i++;
        while (i < n && !is_html_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=') {
            ++i;
        }
        const auto name_end = i;
        auto j = i;
        while (j < n && is_html_space(s[j])) {
            ++j;
        }
        if (j < n && s[j] == '=') {
            ++j;
            while (j < n && is_html_space(s[j])) {
                ++j;
            }
            if (j < n && (s[j] == '"' || s[j] == '\'')) {
                const auto quote = s.find(s[j], j + 1);
                if (quote == std::string_view::npos) {
                    return t;
                }
                i = quote + 1;
            } else {
                while (j < n && !is_html_space(s[j]) && s[j] != '>') {
                    ++j;
                }
                i = j;
            }
        }
        t.attributes.push_back({s.substr(begin, name_end - begin), s.substr(begin, i - begin)});
    }
    return t;
}

class tamer {
public:
    std::string run(std::string_view in) {
        std::string out;
        out.reserve(in.size());
        const auto n = in.size();
        std::size_t i = 0;
        while (i < n) {
            const auto lt = in.find('<', i);
            if (lt == std::string_view::npos) {
                out.append(in.substr(i));
                break;
            }
            out.append(in.substr(i, lt - i));
            i = lt;
            const auto rest = in.substr(i);
            if (rest.starts_with("<!--")) {
                const auto end = comment_end(in, i);
                out.append(in.substr(i, end - i));
                i = end;
                continue;
            }
            if (rest.size() < 2) {
                out.push_back('<');
                ++i;
                continue;
            }
            const char c = rest[1];
            if (c == '!' && foreign_context() && rest.starts_with("<![CDATA[")) {
                const auto close = in.find("]]>", i + 9);
                const auto end = close == std::string_view::npos ? n : close + 3;
                out.append(in.substr(i, end - i));
                i = end;
                continue;
            }
            if (c == '!' || c == '?') {
                // A DOCTYPE means nothing in post content, and Gumbo 0.10.1 leaks one met in some places.
                const auto end = bogus_comment_end(in, i + 2);
                if (!istarts_with(rest, "<!doctype")) {
                    out.append(in.substr(i, end - i));
                }
                i = end;
                continue;
            }
            if (c == '/') {
                if (rest.size() > 2 && is_ascii_alpha(rest[2])) {
                    const auto t = parse_tag(in, i + 2);
                    if (!t.complete) {
                        out.append(rest);
                        break;
                    }
                    end_tag(name_hash(t.name));
                    out.append("</");
                    out.append(t.name);
                    out.push_back('>');
                    i = t.end;
                } else if (rest.size() > 2 && rest[2] == '>') {
                    i += 3; // "</>" is ignored
                } else if (rest.size() == 2) {
                    out.append(rest);
                    break;
                } else {
                    const auto end = bogus_comment_end(in, i + 2);
                    out.append(in.substr(i, end - i));
                    i = end;
                }
                continue;
            }
            if (!is_ascii_alpha(c)) {
                out.push_back('<');
                ++i;
                continue;
            }
            const auto t = parse_tag(in, i + 1);
            if (!t.complete) {
                out.append(rest);
                break;
            }
            i = t.end;
            const auto h = name_hash(t.name);
            const bool raw_text = (info_of(h).flags & f_raw_text) != 0;
            bool html_context = true;
            const bool keep = start_tag(h, t, html_context);
            if (keep) {
                write_start_tag(t, h, out);
            }
            // Raw text (script, style, textarea, ...; not in SVG or MathML): copied, or dropped with its tag,
            // up to its end tag.
            if (raw_text && html_context) {
                const auto end = h == name_hash("plaintext") ? n : raw_text_end(in, i, t.name);
                if (keep) {
                    out.append(in.substr(i, end - i));
                }
                i = end;
            }
        }
        return out;
    }

private:
    struct open_element {
        std::uint64_t name;
        bool foreign;     // in SVG or MathML
        bool integration; // a foreign element whose children are HTML again
    };

    static std::size_t comment_end(std::string_view in, std::size_t i) {
        const auto body = i + 4;
        if (in.substr(body).starts_with(">")) {
            return body + 1;
        }
        if (in.substr(body).starts_with("->")) {
            return body + 2;
        }
        const auto a = in.find("-->", body);
        const auto b = in.find("--!>", body);
        const auto end_a = a == std::string_view::npos ? in.size() : a + 3;
        const auto end_b = b == std::string_view::npos ? in.size() : b + 4;
        return std::min(end_a, end_b);
    }

    static std::size_t bogus_comment_end(std::string_view in, std::size_t from) {
        const auto gt = in.find('>', from);
        return gt == std::string_view::npos ? in.size() : gt + 1;
    }

    static std::size_t raw_text_end(std::string_view in, std::size_t from, std::string_view name) {
        for (auto p = in.find("</", from); p != std::string_view::npos; p = in.find("</", p + 2)) {
            const auto q = p + 2 + name.size();
            if (q < in.size() && iequals(in.substr(p + 2, name.size()), name) &&
                (is_html_space(in[q]) || in[q] == '/' || in[q] == '>')) {
                return p;
            }
        }
        return in.size();
    }

    bool foreign_context() const {
        return !open_.empty() && open_.back().foreign && !open_.back().integration;
    }

    // Index of the nearest open element matching target, or npos when stop matches first.
    template <typename Target, typename Stop>
    std::size_t find_open(Target target, Stop stop) const {
        for (std::size_t k = open_.size(); k-- > 0;) {
            if (target(open_[k])) {
                return k;
            }
            if (stop(open_[k])) {
                return std::string_view::npos;
            }
        }
        return std::string_view::npos;
    }

    static bool in_scope_boundary(const open_element& e) { return (info_of(e.name).flags & f_scope) != 0; }

    void close_p() {
        constexpr auto p = name_hash("p");
        constexpr auto button = name_hash("button");
        const auto k =
            find_open([](const open_element& e) { return e.name == p; },
                      [](const open_element& e) { return in_scope_boundary(e) || e.name == button; });
        if (k != std::string_view::npos) {
            open_.resize(k);
        }
    }

    // Pops to just above the nearest open element named in names; false (and nothing popped) when none.
    bool pop_to_above(std::initializer_list<std::uint64_t> names) {
        const auto k = find_open(
            [&](const open_element& e) {
                return std::find(names.begin(), names.end(), e.name) != names.end();
            },
            [](const open_element&) { return false; });
        if (k == std::string_view::npos) {
            return false;
        }
        open_.resize(k + 1);
        return true;
    }

    // Follows a start tag through the simulated stack; false: drop the tag.
    // html_context: set to whether the element goes in HTML (not SVG or MathML) content.
    bool start_tag(std::uint64_t h, const raw_tag& t, bool& html_context) {
        constexpr auto svg = name_hash("svg");
        constexpr auto math = name_hash("math");
        constexpr auto font = name_hash("font");
        constexpr auto table = name_hash("table");
        constexpr auto tbody = name_hash("tbody");
        constexpr auto thead = name_hash("thead");
        constexpr auto tfoot = name_hash("tfoot");
        constexpr auto tr = name_hash("tr");
        constexpr auto td = name_hash("td");
        constexpr auto th = name_hash("th");
        constexpr auto caption = name_hash("caption");
        constexpr auto colgroup = name_hash("colgroup");
        constexpr auto li = name_hash("li");
        constexpr auto dt = name_hash("dt");
        constexpr auto dd = name_hash("dd");
        constexpr auto ul = name_hash("ul");
        constexpr auto ol = name_hash("ol");
        constexpr auto dl = name_hash("dl");
        constexpr auto a = name_hash("a");
        constexpr auto nobr = name_hash("nobr");
        constexpr auto button = name_hash("button");
        constexpr auto option = name_hash("option");
        constexpr auto optgroup = name_hash("optgroup");
        const auto info = info_of(h);
        if (foreign_context()) {
            bool breakout = (info.flags & f_breakout) != 0;
            if (h == font) {
                breakout = std::any_of(t.attributes.begin(), t.attributes.end(), [](const raw_attribute& x) {
                    return iequals(x.name, "color") || iequals(x.name, "face") || iequals(x.name, "size");
                });
            }
            if (breakout) {
                while (foreign_context()) {
                    open_.pop_back();
                }
            }
        }
        html_context = !foreign_context();
        if (!html_context) {
            if (t.self_closing) {
                return true;
            }
            return push({h, true, (info.flags & f_integration) != 0});
        }
        if (h == svg || h == math) {
            return t.self_closing || push({h, true, false});
        }
        if ((info.flags & f_no_push) != 0) {
            return true;
        }
        if (h == caption || h == colgroup || h == tbody || h == thead || h == tfoot) {
            return !pop_to_above({table}) || push({h, false, false});
        }
        if (h == tr) {
            return !pop_to_above({tbody, thead, tfoot, table}) || push({h, false, false});
        }
        if (h == td || h == th) {
            return !pop_to_above({tr, tbody, thead, tfoot, table}) || push({h, false, false});
        }
        if ((info.flags & f_closes_p) != 0) {
            close_p();
        }
        const auto stop_scope = [](const open_element& e) { return in_scope_boundary(e); };
        if (h == li) {
            const auto k = find_open(
                [](const open_element& e) { return e.name == li; },
                [](const open_element& e) { return in_scope_boundary(e) || e.name == ul || e.name == ol; });
            if (k != std::string_view::npos) {
                open_.resize(k);
            }
        } else if (h == dt || h == dd) {
            const auto k =
                find_open([](const open_element& e) { return e.name == dt || e.name == dd; },
                          [](const open_element& e) { return in_scope_boundary(e) || e.name == dl; });
            if (k != std::string_view::npos) {
                open_.resize(k);
            }
        } else if ((info.flags & f_heading) != 0) {
            if (!open_.empty() && (info_of(open_.back().name).flags & f_heading) != 0) {
                open_.pop_back();
            }
        } else if (h == a || h == nobr || h == button) {
            const auto k = find_open([&](const open_element& e) { return e.name == h; }, stop_scope);
            if (k != std::string_view::npos) {
                open_.resize(k);
            }
        } else if (h == option || h == optgroup) {
            if (!open_.empty() && open_.back().name == option) {
                open_.pop_back();
            }
            if (h == optgroup && !open_.empty() && open_.back().name == optgroup) {
                open_.pop_back();
            }
        }
        if ((info.flags & f_void) != 0) {
            return true;
        }
        if (info.formatting >= 0) {
            auto& count = formatting_[static_cast<std::size_t>(info.formatting)];
            if (count >= max_unclosed_formatting || open_.size() >= max_open_elements) {
                return false;
            }
            ++count;
        }
        return push({h, false, false});
    }

    bool push(open_element e) {
        if (open_.size() >= max_open_elements) {
            return false;
        }
        open_.push_back(e);
        return true;
    }

    void end_tag(std::uint64_t h) {
        constexpr auto p = name_hash("p");
        constexpr auto li = name_hash("li");
        constexpr auto ul = name_hash("ul");
        constexpr auto ol = name_hash("ol");
        constexpr auto button = name_hash("button");
        constexpr auto a = name_hash("a");
        constexpr auto body = name_hash("body");
        constexpr auto html = name_hash("html");
        constexpr auto br = name_hash("br");
        if (!open_.empty() && open_.back().foreign) {
            for (std::size_t k = open_.size(); k-- > 0 && open_[k].foreign;) {
                if (open_[k].name == h) {
                    open_.resize(k);
                    return;
                }
            }
        }
        if (h == body || h == html || h == br) {
            return;
        }
        const auto info = info_of(h);
        if (info.formatting >= 0 || h == a) {
            if (info.formatting >= 0) {
                auto& count = formatting_[static_cast<std::size_t>(info.formatting)];
                count = std::max(0, count - 1);
            }
            const auto k = find_open([&](const open_element& e) { return e.name == h; },
                                     [](const open_element& e) { return in_scope_boundary(e); });
            if (k == std::string_view::npos) {
                return;
            }
            // The adoption agency keeps the special elements opened inside it: only the formatting one goes.
            const bool special_inside =
                std::any_of(open_.begin() + static_cast<std::ptrdiff_t>(k) + 1, open_.end(),
                            [](const open_element& e) { return (info_of(e.name).flags & f_special) != 0; });
            if (special_inside) {
                open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(k));
            } else {
                open_.resize(k);
            }
            return;
        }
        if ((info.flags & f_special) != 0) {
            const bool heading = (info.flags & f_heading) != 0;
            const auto k = find_open(
                [&](const open_element& e) {
                    return e.name == h || (heading && (info_of(e.name).flags & f_heading) != 0);
                },
                [&](const open_element& e) {
                    return in_scope_boundary(e) || (h == p && e.name == button) ||
                           (h == li && (e.name == ul || e.name == ol));
                });
            if (k != std::string_view::npos) {
                open_.resize(k);
            }
            return;
        }
        // Any other end tag: the nearest element of that name, unless a special element comes first.
        for (std::size_t k = open_.size(); k-- > 0;) {
            if (open_[k].name == h) {
                open_.resize(k);
                return;
            }
            if ((info_of(open_[k].name).flags & f_special) != 0) {
                return;
            }
        }
    }

    static void write_start_tag(const raw_tag& t, std::uint64_t h, std::string& out) {
        out.push_back('<');
        out.append(t.name);
        if (info_of(h).formatting < 0) {
            std::vector<std::string_view> seen;
            for (const auto& a : t.attributes) {
                const bool duplicate = std::any_of(seen.begin(), seen.end(),
                                                   [&](std::string_view s) { return iequals(s, a.name); });
                if (!duplicate && attribute_kept(a.name)) {
                    seen.push_back(a.name);
                    out.push_back(' ');
                    out.append(a.text);
                }
            }
        }
        out.append(t.self_closing ? " />" : ">");
    }

    std::vector<open_element> open_;
    std::array<int, 13> formatting_{};
};

// ---------------------------------------------------------------------------------------------------------
// Parsing

struct parsed {
    GumboOutput* output = nullptr;
    parsed(const parsed&) = delete;
    parsed& operator=(const parsed&) = delete;
    explicit parsed(const std::string& html) {
        GumboOptions options = kGumboDefaultOptions;
        options.max_errors = 0;
        output = gumbo_parse_with_options(&options, html.data(), html.size());
    }
    ~parsed() {
        if (output != nullptr) {
            gumbo_destroy_output(&kGumboDefaultOptions, output);
        }
    }
    // The body element (nullptr when a frameset replaced it).
    const GumboNode* body() const {
        if (output == nullptr || output->root == nullptr || output->root->type != GUMBO_NODE_ELEMENT) {
            return nullptr;
        }
        const auto& children = output->root->v.element.children;
        for (unsigned i = 0; i < children.length; ++i) {
            const auto* c = static_cast<const GumboNode*>(children.data[i]);
            if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_BODY) {
                return c;
            }
        }
        return nullptr;
    }
};

std::optional<std::string_view> attribute(const GumboElement& e, const char* name) {
    const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
    if (a == nullptr || a->value == nullptr) {
        return std::nullopt;
    }
    return std::string_view(a->value);
}

// What the cleaner does with an element.
enum class role : std::uint8_t {
    drop,      // with its content
    media,     // iframe, video, audio: a link to the source
    unwrap,    // its content stays
    boundary,  // its content stays, as a block of its own
    block,     // p, h1-h6, ul, ol, dl, blockquote, pre, figure, table, address
    part,      // li, dt, dd, caption, thead, tbody, tfoot, tr, td, th, figcaption
    inline_el, // strong, em, a, ...
    line_break,
    image,
    rule,
};

struct element_rule {
    role what = role::unwrap;
    const char* name = nullptr; // the element written out
};

element_rule rule_of(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_P:
        return {role::block, "p"};
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
        return {role::block, "h2"};
    case GUMBO_TAG_H3:
        return {role::block, "h3"};
    case GUMBO_TAG_H4:
        return {role::block, "h4"};
    case GUMBO_TAG_H5:
        return {role::block, "h5"};
    case GUMBO_TAG_H6:
        return {role::block, "h6"};
    case GUMBO_TAG_UL:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_DIR:
        return {role::block, "ul"};
    case GUMBO_TAG_OL:
        return {role::block, "ol"};
    case GUMBO_TAG_DL:
        return {role::block, "dl"};
    case GUMBO_TAG_BLOCKQUOTE:
        return {role::block, "blockquote"};
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_PLAINTEXT:
        return {role::block, "pre"};
    case GUMBO_TAG_FIGURE:
        return {role::block, "figure"};
    case GUMBO_TAG_TABLE:
        return {role::block, "table"};
    case GUMBO_TAG_ADDRESS:
        return {role::block, "address"};
    case GUMBO_TAG_LI:
        return {role::part, "li"};
    case GUMBO_TAG_DT:
        return {role::part, "dt"};
    case GUMBO_TAG_DD:
        return {role::part, "dd"};
    case GUMBO_TAG_CAPTION:
        return {role::part, "caption"};
    case GUMBO_TAG_THEAD:
        return {role::part, "thead"};
    case GUMBO_TAG_TBODY:
        return {role::part, "tbody"};
    case GUMBO_TAG_TFOOT:
        return {role::part, "tfoot"};
    case GUMBO_TAG_TR:
        return {role::part, "tr"};
    case GUMBO_TAG_TD:
        return {role::part, "td"};
    case GUMBO_TAG_TH:
        return {role::part, "th"};
    case GUMBO_TAG_FIGCAPTION:
        return {role::part, "figcaption"};
    case GUMBO_TAG_STRONG:
        return {role::inline_el, "strong"};
    case GUMBO_TAG_B:
        return {role::inline_el, "b"};
    case GUMBO_TAG_EM:
        return {role::inline_el, "em"};
    case GUMBO_TAG_I:
        return {role::inline_el, "i"};
    case GUMBO_TAG_U:
        return {role::inline_el, "u"};
    case GUMBO_TAG_S:
    case GUMBO_TAG_STRIKE:
        return {role::inline_el, "s"};
    case GUMBO_TAG_DEL:
        return {role::inline_el, "del"};
    case GUMBO_TAG_INS:
        return {role::inline_el, "ins"};
    case GUMBO_TAG_SUB:
        return {role::inline_el, "sub"};
    case GUMBO_TAG_SUP:
        return {role::inline_el, "sup"};
    case GUMBO_TAG_SMALL:
        return {role::inline_el, "small"};
    case GUMBO_TAG_MARK:
        return {role::inline_el, "mark"};
    case GUMBO_TAG_CODE:
        return {role::inline_el, "code"};
    case GUMBO_TAG_KBD:
        return {role::inline_el, "kbd"};
    case GUMBO_TAG_SAMP:
        return {role::inline_el, "samp"};
    case GUMBO_TAG_VAR:
        return {role::inline_el, "var"};
    case GUMBO_TAG_Q:
        return {role::inline_el, "q"};
    case GUMBO_TAG_CITE:
        return {role::inline_el, "cite"};
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_ACRONYM:
        return {role::inline_el, "abbr"};
    case GUMBO_TAG_DFN:
        return {role::inline_el, "dfn"};
    case GUMBO_TAG_A:
        return {role::inline_el, "a"};
    case GUMBO_TAG_TIME:
        return {role::inline_el, "time"};
    case GUMBO_TAG_BR:
        return {role::line_break, "br"};
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_IMAGE:
        return {role::image, "img"};
    case GUMBO_TAG_HR:
        return {role::rule, "hr"};
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
        return {role::media, nullptr};
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AREA:
    case GUMBO_TAG_COL:
    case GUMBO_TAG_COLGROUP:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_ISINDEX:
    case GUMBO_TAG_MENUITEM:
    case GUMBO_TAG_NEXTID:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_BASEFONT:
    case GUMBO_TAG_SPACER:
    case GUMBO_TAG_RP:
        return {role::drop, nullptr};
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_MULTICOL:
    case GUMBO_TAG_MARQUEE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_HTML:
        return {role::boundary, nullptr};
    default:
        return {role::unwrap, nullptr};
    }
}

// ---------------------------------------------------------------------------------------------------------
// The cleaned tree

enum class kind : std::uint8_t {
    root,
    flow,      // holds blocks and inline content: blockquote li dt dd td th figure figcaption caption address
    phrasing,  // holds inline content only: p h2-h6 pre
    list,      // ul ol: li only
    dlist,     // dl: dt dd only
    table,     // caption thead tbody tfoot only
    section,   // thead tbody tfoot: tr only
    row,       // tr: td th only
    rule,      // hr
    inline_el, // strong em a ...
    line_break,
    image,
    text,
};

bool is_heading(std::string_view name) {
    return name.size() == 2 && name[0] == 'h' && is_ascii_digit(name[1]);
}

kind kind_of(std::string_view name) {
    if (name == "p" || name == "pre" || is_heading(name)) {
        return kind::phrasing;
    }
    if (name == "ul" || name == "ol") {
        return kind::list;
    }
    if (name == "dl") {
        return kind::dlist;
    }
    if (name == "table") {
        return kind::table;
    }
    if (name == "thead" || name == "tbody" || name == "tfoot") {
        return kind::section;
    }
    if (name == "tr") {
        return kind::row;
    }
    if (name == "hr") {
        return kind::rule;
    }
    if (name == "br") {
        return kind::line_break;
    }
    if (name == "img") {
        return kind::image;
    }
    if (name == "blockquote" || name == "li" || name == "dt" || name == "dd" || name == "td" ||
        name == "th" || name == "figure" || name == "figcaption" || name == "caption" || name == "address") {
        return kind::flow;
    }
    return kind::inline_el;
}

using attribute_list = std::vector<std::pair<const char*, std::string>>;

struct node {
    kind what = kind::text;
    const char* name = ""; // a literal; "" for text
    std::string text;      // text nodes, unescaped
    attribute_list attributes;
    std::vector<std::unique_ptr<node>> children;
    bool automatic = false;     // created by the cleaner, not from an element of the source
    bool needs_p = false;       // flow container whose inline content goes in paragraphs
    bool split_pending = false; // a boundary came after inline content: the next inline run splits it

    bool is_inline() const {
        return what == kind::inline_el || what == kind::text || what == kind::line_break ||
               what == kind::image;
    }
};

std::unique_ptr<node> make_element(const char* name, attribute_list attributes = {}, bool automatic = false) {
    auto n = std::make_unique<node>();
    n->what = kind_of(name);
    n->name = name;
    n->attributes = std::move(attributes);
    n->automatic = automatic;
    return n;
}

std::unique_ptr<node> make_text(std::string text) {
    auto n = std::make_unique<node>();
    n->text = std::move(text);
    return n;
}

// Only spaces, no-break spaces and line breaks.
bool blank(const node& n) {
    if (n.what == kind::text) {
        for (std::size_t i = 0; i < n.text.size(); ++i) {
            if (n.text[i] == ' ') {
                continue;
            }
            if (n.text.compare(i, 2, "\xC2\xA0") == 0) {
                ++i;
                continue;
            }
            return false;
        }
        return true;
    }
    if (n.what == kind::image) {
        return false;
    }
    return std::all_of(n.children.begin(), n.children.end(), [](const auto& c) { return blank(*c); });
}

bool drop_when_empty(const node& n) {
    switch (n.what) {
    case kind::list:
    case kind::dlist:
    case kind::table:
    case kind::section:
    case kind::row:
        return true;
    case kind::flow:
        return std::string_view(n.name) == "blockquote" || std::string_view(n.name) == "figure" ||
               std::string_view(n.name) == "figcaption" || std::string_view(n.name) == "caption" ||
               std::string_view(n.name) == "address";
    case kind::phrasing:
        return std::string_view(n.name) == "pre";
    default:
        return false;
    }
}

// Builds the cleaned tree from a stream of events, the way an HTML parser would: blocks close what cannot
// hold them, inline formatting is reopened lazily wherever its content lands, inline content outside a
// block goes into a paragraph, whitespace is collapsed as it arrives (a space or <br> is only written once
// something follows it in the same block).
class builder {
public:
    builder(const url_policy& urls, bool autop) : urls_(urls), autop_(autop) {
        root_.what = kind::root;
        root_.needs_p = true;
        open_.push_back({&root_, -1});
    }

    // Text from the source; in_source_pre: inside a <pre> of the source (no autop).
    void text(std::string_view s, bool in_source_pre) {
        // Control characters (other than whitespace) are not written: drop them before they split words.
        std::string filtered;
        if (std::any_of(s.begin(), s.end(), [](char c) { return is_control(c) && !is_html_space(c); })) {
            std::copy_if(s.begin(), s.end(), std::back_inserter(filtered),
                         [](char c) { return !is_control(c) || is_html_space(c); });
            s = filtered;
        }
        if (s.empty()) {
            return;
        }
        if (innermost_block()->name == std::string_view("pre")) {
            reconcile();
            append_text(s);
            has_content_ = true;
            return;
        }
        const bool autop = autop_ && !in_source_pre;
        std::size_t i = 0;
        while (i < s.size()) {
            if (is_html_space(s[i])) {
                std::size_t j = i;
                int newlines = 0;
                while (j < s.size() && is_html_space(s[j])) {
                    newlines += s[j] == '\n' ? 1 : 0;
                    ++j;
                }
                if (autop && newlines >= 2) {
                    boundary();
                } else if (autop && newlines == 1) {
                    soft_break();
                } else {
                    space();
                }
                i = j;
            } else {
                std::size_t j = i;
                while (j < s.size() && !is_html_space(s[j])) {
                    ++j;
                }
                content();
                append_text(s.substr(i, j - i));
                i = j;
            }
        }
    }

    void line_break() {
        if (innermost_block()->name == std::string_view("pre")) {
            reconcile();
            append(make_element("br"));
            has_content_ = true;
            return;
        }
        if (has_content_) {
            ++pending_breaks_;
            pending_space_ = false;
        }
    }

    void image(attribute_list attributes) {
        content();
        append(make_element("img", std::move(attributes)));
    }

    void rule() {
        ensure_flow();
        append(make_element("hr"));
        reset_inline_state();
    }

    void link_paragraph(const std::string& url) {
        ensure_flow();
        auto p = make_element("p", {}, true);
        auto a = make_element("a", {{"href", url}});
        a->children.push_back(make_text(url));
        p->children.push_back(std::move(a));
        append(std::move(p));
        reset_inline_state();
    }

    node* open_block(const char* name, attribute_list attributes) {
        ensure_flow();
        return push(make_element(name, std::move(attributes)));
    }

    // li, dt, dd, table parts, figcaption: nullptr when there is no container for it here.
    node* open_part(const char* name, attribute_list attributes) {
        const std::string_view n = name;
        auto takes = [&](const node& t) {
            if (n == "li") {
                return t.what == kind::list;
            }
            if (n == "dt" || n == "dd") {
                return t.what == kind::dlist;
            }
            if (n == "caption" || n == "thead" || n == "tbody" || n == "tfoot") {
                return t.what == kind::table;
            }
            if (n == "tr") {
                return t.what == kind::table || t.what == kind::section;
            }
            if (n == "td" || n == "th") {
                return t.what == kind::table || t.what == kind::section || t.what == kind::row;
            }
            return n == "figcaption" && std::string_view(t.name) == "figure";
        };
        std::size_t k = open_.size();
        while (k > 1) {
            const node& t = *open_[k - 1].n;
            if (t.what == kind::inline_el || t.what == kind::phrasing || (t.automatic && !takes(t))) {
                --k;
                continue;
            }
            break;
        }
        if (!takes(*open_[k - 1].n)) {
            return nullptr;
        }
        while (open_.size() > k) {
            pop();
        }
        if ((n == "tr" || n == "td" || n == "th") && top()->what == kind::table) {
            push(make_element("tbody", {}, true));
        }
        if ((n == "td" || n == "th") && top()->what == kind::section) {
            push(make_element("tr", {}, true));
        }
        return push(make_element(name, std::move(attributes)));
    }

    // Closes what the source element opened, if it is still open.
    void close(const node* n) {
        const auto it =
            std::find_if(open_.begin(), open_.end(), [&](const open_entry& e) { return e.n == n; });
        if (it == open_.end()) {
            return;
        }
        const auto keep = static_cast<std::size_t>(it - open_.begin());
        while (open_.size() > keep) {
            pop();
        }
    }

    void open_inline(const char* name, attribute_list attributes) {
        const bool nested_link =
            std::string_view(name) == "a" && std::any_of(inline_.begin(), inline_.end(), [](const wanted& w) {
                return !w.skip && std::string_view(w.name) == "a";
            });
        inline_.push_back({name, std::move(attributes), nested_link});
    }

    void close_inline() {
        const int slot = static_cast<int>(inline_.size()) - 1;
        const auto it =
            std::find_if(open_.begin(), open_.end(), [&](const open_entry& e) { return e.slot == slot; });
        if (it != open_.end()) {
            const auto keep = static_cast<std::size_t>(it - open_.begin());
            while (open_.size() > keep) {
                pop();
            }
        }
        inline_.pop_back();
    }

    // The end of a div-like element, or a blank line in classic text: ends the paragraph; inline content
    // that follows in a list item, cell or quote goes in a paragraph of its own.
    void boundary() {
        close_open_inline();
        node* t = top();
        if (t->what == kind::phrasing) {
            if (std::string_view(t->name) != "p") {
                space();
                return;
            }
            pop();
            t = top();
        }
        if (t->what == kind::flow && !t->children.empty() && t->children.back()->is_inline()) {
            t->split_pending = true;
        }
        reset_inline_state();
    }

    node& finish() {
        while (open_.size() > 1) {
            pop();
        }
        return root_;
    }

private:
    struct open_entry {
        node* n;
        int slot; // the inline_ entry this node renders, -1 for blocks
    };
    struct wanted {
        const char* name;
        attribute_list attributes;
        bool skip; // a link inside a link: its content joins the outer one
    };

    node* top() const { return open_.back().n; }

    node* innermost_block() const {
        for (std::size_t k = open_.size(); k-- > 0;) {
            if (open_[k].n->what != kind::inline_el) {
                return open_[k].n;
            }
        }
        return open_.front().n;
    }

    void reset_inline_state() {
        has_content_ = false;
        pending_breaks_ = 0;
        pending_space_ = false;
    }

    void space() {
        if (has_content_ && pending_breaks_ == 0) {
            pending_space_ = true;
        }
    }

    void soft_break() {
        if (has_content_ && pending_breaks_ == 0) {
            pending_breaks_ = 1;
            pending_space_ = false;
        }
    }

    // Before a piece of inline content: a block to hold it, the pending space or breaks, open formatting.
    void content() {
        ensure_phrasing();
        if (has_content_) {
            for (; pending_breaks_ > 0; --pending_breaks_) {
                append(make_element("br"));
            }
            if (pending_space_) {
                append_text(" ");
            }
        }
        pending_breaks_ = 0;
        pending_space_ = false;
        reconcile();
        has_content_ = true;
    }

    void append(std::unique_ptr<node> child) { top()->children.push_back(std::move(child)); }

    void append_text(std::string_view s) {
        auto& children = top()->children;
        if (!children.empty() && children.back()->what == kind::text) {
            children.back()->text.append(s);
        } else {
            children.push_back(make_text(std::string(s)));
        }
    }

    node* push(std::unique_ptr<node> child, int slot = -1) {
        node* raw = child.get();
        if (!raw->is_inline()) {
            top()->split_pending = false;
            reset_inline_state();
        }
        append(std::move(child));
        open_.push_back({raw, slot});
        return raw;
    }

    void pop() {
        node* n = top();
        open_.pop_back();
        if (n->what != kind::inline_el) {
            finish_block(*n);
            reset_inline_state();
        }
    }

    void close_open_inline() {
        while (top()->what == kind::inline_el) {
            pop();
        }
    }

    // Opens the formatting the source has in effect and that is not open here yet.
    void reconcile() {
        std::size_t block = open_.size() - 1;
        while (open_[block].n->what == kind::inline_el) {
            --block;
        }
        std::size_t k = block + 1;
        std::size_t d = 0;
        for (; d < inline_.size(); ++d) {
            if (inline_[d].skip) {
                continue;
            }
            if (k < open_.size() && open_[k].slot == static_cast<int>(d)) {
                ++k;
                continue;
            }
            break;
        }
        while (open_.size() > k) {
            pop();
        }
        for (; d < inline_.size(); ++d) {
            if (!inline_[d].skip) {
                push(make_element(inline_[d].name, inline_[d].attributes), static_cast<int>(d));
            }
        }
    }

    void open_automatic_part() {
        switch (top()->what) {
        case kind::list:
            push(make_element("li", {}, true));
            break;
        case kind::dlist:
            push(make_element("dd", {}, true));
            break;
        case kind::table:
            push(make_element("tbody", {}, true));
            push(make_element("tr", {}, true));
            push(make_element("td", {}, true));
            break;
        case kind::section:
            push(make_element("tr", {}, true));
            push(make_element("td", {}, true));
            break;
        case kind::row:
            push(make_element("td", {}, true));
            break;
        default:
            break;
        }
    }

    void ensure_phrasing() {
        if (top()->what == kind::inline_el || top()->what == kind::phrasing) {
            return;
        }
        open_automatic_part();
        node* t = top();
        if (t->needs_p) {
            push(make_element("p", {}, true));
        } else if (t->split_pending) {
            t->split_pending = false;
            if (!t->children.empty() && t->children.back()->is_inline()) {
                wrap_inline_runs(*t);
                t->needs_p = true;
                push(make_element("p", {}, true));
            }
        }
    }

    void ensure_flow() {
        close_open_inline();
        while (top()->what == kind::phrasing) {
            pop();
        }
        open_automatic_part();
        top()->split_pending = false;
    }

    // Puts each run of inline children of a flow container into a paragraph of its own.
    void wrap_inline_runs(node& container) {
        std::vector<std::unique_ptr<node>> children;
        std::unique_ptr<node> p;
        auto flush = [&] {
            if (p && finish_paragraph(*p)) {
                children.push_back(std::move(p));
            }
            p.reset();
        };
        for (auto& c : container.children) {
            if (c->is_inline()) {
                if (!p) {
                    p = make_element("p", {}, true);
                }
                p->children.push_back(std::move(c));
            } else {
                flush();
                children.push_back(std::move(c));
            }
        }
        flush();
        container.children = std::move(children);
    }

    // WordPress's auto-embed, for us a link: a URL alone on a line (between block edges and <br>s).
    // Returns how many URLs were linked.
    int link_bare_urls(node& n) const {
        int linked = 0;
        auto& c = n.children;
        for (std::size_t i = 0; i < c.size(); ++i) {
            const bool alone =
                (i == 0 || !c[i - 1]->is_inline() || c[i - 1]->what == kind::line_break) &&
                (i + 1 == c.size() || !c[i + 1]->is_inline() || c[i + 1]->what == kind::line_break);
            if (c[i]->what != kind::text || !alone || !is_bare_url(c[i]->text)) {
                continue;
            }
            if (auto href = urls_.clean(c[i]->text)) {
                auto a = make_element("a", {{"href", std::move(*href)}});
                a->children.push_back(std::move(c[i]));
                c[i] = std::move(a);
                ++linked;
            }
        }
        return linked;
    }

    // False: the paragraph is blank and goes.
    bool finish_paragraph(node& p) const {
        link_bare_urls(p);
        return !blank(p);
    }

    void finish_block(node& n) {
        node* parent = top();
        bool keep = true;
        const std::string_view name = n.name;
        if (name == "p") {
            keep = finish_paragraph(n);
        } else if (n.what == kind::phrasing && name != "pre") {
            keep = !blank(n);
        } else if (name == "figure") {
            // The block editor's embed block: a figure around a URL.
            if (link_bare_urls(n) == 1 && n.children.size() == 1) {
                n.name = "p";
                n.what = kind::phrasing;
            }
        }
        if (keep && drop_when_empty(n)) {
            keep = !n.children.empty();
        }
        if (!keep) {
            parent->children.pop_back();
            if (parent->what == kind::flow && !parent->children.empty() &&
                parent->children.back()->is_inline()) {
                parent->split_pending = true;
            }
        }
    }

    const url_policy& urls_;
    bool autop_;
    node root_;
    std::vector<open_entry> open_;
    std::vector<wanted> inline_;
    bool has_content_ = false;
    int pending_breaks_ = 0;
    bool pending_space_ = false;
};

// ---------------------------------------------------------------------------------------------------------
// From Gumbo's tree to events

std::string digits(std::optional<std::string_view> v) {
    if (!v) {
        return {};
    }
    const auto t = trim_space(*v);
    if (t.empty() || t.size() > 9 || !std::all_of(t.begin(), t.end(), is_ascii_digit)) {
        return {};
    }
    return std::string(t);
}

void add_text_attribute(attribute_list& out, const GumboElement& e, const char* name,
                        bool keep_empty = false) {
    if (const auto v = attribute(e, name)) {
        auto value = collapse_space(*v);
        if (!value.empty() || keep_empty) {
            out.emplace_back(name, std::move(value));
        }
    }
}

void add_digits_attribute(attribute_list& out, const GumboElement& e, const char* name) {
    if (auto v = digits(attribute(e, name)); !v.empty()) {
        out.emplace_back(name, std::move(v));
    }
}

attribute_list attributes_for(std::string_view name, const GumboElement& e, const url_policy& urls) {
    attribute_list out;
    if (name == "a") {
        if (const auto href = attribute(e, "href")) {
            if (auto url = urls.clean(*href)) {
                out.emplace_back("href", std::move(*url));
            }
        }
        add_text_attribute(out, e, "title");
    } else if (name == "img") {
        if (const auto src = attribute(e, "src")) {
            if (auto url = urls.clean(*src)) {
                out.emplace_back("src", std::move(*url));
            }
        }
        add_text_attribute(out, e, "alt", true);
        add_digits_attribute(out, e, "width");
        add_digits_attribute(out, e, "height");
        add_text_attribute(out, e, "title");
    } else if (name == "ol") {
        add_digits_attribute(out, e, "start");
        if (attribute(e, "reversed")) {
            out.emplace_back("reversed", "");
        }
    } else if (name == "td" || name == "th") {
        add_digits_attribute(out, e, "colspan");
        add_digits_attribute(out, e, "rowspan");
        if (name == "th") {
            if (const auto scope = attribute(e, "scope")) {
                const auto s = lower(trim_space(*scope));
                if (s == "row" || s == "col" || s == "rowgroup" || s == "colgroup") {
                    out.emplace_back("scope", s);
                }
            }
        }
    } else if (name == "abbr") {
        add_text_attribute(out, e, "title");
    } else if (name == "time") {
        add_text_attribute(out, e, "datetime");
    }
    return out;
}

// The http(s) source of an iframe, video or audio element (its src, then its <source> children).
std::optional<std::string> media_source(const GumboElement& e, const url_policy& urls) {
    if (const auto src = attribute(e, "src")) {
        if (auto url = urls.clean(*src, true)) {
            return url;
        }
    }
    if (e.tag == GUMBO_TAG_IFRAME) {
        return std::nullopt;
    }
    for (unsigned i = 0; i < e.children.length; ++i) {
        const auto* c = static_cast<const GumboNode*>(e.children.data[i]);
        if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_SOURCE) {
            if (const auto src = attribute(c->v.element, "src")) {
                if (auto url = urls.clean(*src, true)) {
                    return url;
                }
            }
        }
    }
    return std::nullopt;
}

enum class on_exit : std::uint8_t { nothing, close_block, close_inline, boundary };

void walk(const GumboNode& body, builder& b, const url_policy& urls) {
    struct frame {
        const GumboNode* n;
        unsigned next;
        on_exit exit;
        const node* out;
        bool pre;
    };
    std::vector<frame> stack;
    stack.push_back({&body, 0, on_exit::nothing, nullptr, false});
    int source_pre = 0;
    while (!stack.empty()) {
        auto& f = stack.back();
        const auto& children = f.n->v.element.children;
        if (f.next >= children.length) {
            switch (f.exit) {
            case on_exit::close_block:
                b.close(f.out);
                break;
            case on_exit::close_inline:
                b.close_inline();
                break;
            case on_exit::boundary:
                b.boundary();
                break;
            case on_exit::nothing:
                break;
            }
            source_pre -= f.pre ? 1 : 0;
            stack.pop_back();
            continue;
        }
        const auto* c = static_cast<const GumboNode*>(children.data[f.next++]);
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA) {
            b.text(c->v.text.text, source_pre > 0);
            continue;
        }
        if (c->type != GUMBO_NODE_ELEMENT) {
            continue; // comments, templates
        }
        const auto& e = c->v.element;
        if (e.tag_namespace != GUMBO_NAMESPACE_HTML) {
            continue;
        }
        auto rule = rule_of(e.tag);
        if (stack.size() > max_depth) {
            if (rule.what == role::drop || rule.what == role::media) {
                continue;
            }
            rule.what = role::unwrap;
        }
        frame next{c, 0, on_exit::nothing, nullptr, false};
        switch (rule.what) {
        case role::drop:
            continue;
        case role::media:
            if (const auto url = media_source(e, urls)) {
                b.link_paragraph(*url);
            }
            continue;
        case role::line_break:
            b.line_break();
            continue;
        case role::rule:
            b.rule();
            continue;
        case role::image: {
            auto attributes = attributes_for("img", e, urls);
            if (!attributes.empty() && std::string_view(attributes.front().first) == "src") {
                b.image(std::move(attributes));
            }
            continue;
        }
        case role::unwrap:
            break;
        case role::boundary:
            b.boundary();
            next.exit = on_exit::boundary;
            break;
        case role::block:
            next.out = b.open_block(rule.name, attributes_for(rule.name, e, urls));
            next.exit = on_exit::close_block;
            next.pre = std::string_view(rule.name) == "pre";
            break;
        case role::part:
            next.out = b.open_part(rule.name, attributes_for(rule.name, e, urls));
            if (next.out != nullptr) {
                next.exit = on_exit::close_block;
            } else {
                b.boundary();
                next.exit = on_exit::boundary;
            }
            break;
        case role::inline_el: {
            auto attributes = attributes_for(rule.name, e, urls);
            if (std::string_view(rule.name) == "a" &&
                (attributes.empty() || std::string_view(attributes.front().first) != "href")) {
                break; // a link without a usable address is its text
            }
            b.open_inline(rule.name, std::move(attributes));
            next.exit = on_exit::close_inline;
            break;
        }
        }
        source_pre += next.pre ? 1 : 0;
        stack.push_back(next);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Writing HTML

class html_writer {
public:
    std::string write(const node& root) {
        for (std::size_t i = 0; i < root.children.size(); ++i) {
            if (i > 0) {
                put("\n\n");
            }
            element(*root.children[i], false, true);
        }
        return std::move(out_);
    }

private:
    // Keeps track of whether the current line holds only spaces so far (a newline there makes a blank line).
    void put(std::string_view s) {
        for (const char c : s) {
            if (c == '\n') {
                line_blank_ = true;
            } else if (c != ' ' && c != '\t') {
                line_blank_ = false;
            }
        }
        out_.append(s);
    }

    void escaped(std::string_view s, bool in_pre) {
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            switch (c) {
            case '&':
                put("&amp;");
                break;
            case '<':
                put("&lt;");
                break;
            case '>':
                put("&gt;");
                break;
            case '"':
                put("&quot;");
                break;
            case '[':
                put(bracket_needs_escape(s, i) ? "&#91;" : "[");
                break;
            case '\n':
                if (!in_pre) {
                    put(" ");
                } else if (line_blank_) {
                    put("&#10;");
                } else {
                    // md4c drops spaces at the end of a line: the last one is written as a reference.
                    if (out_.back() == ' ' || out_.back() == '\t') {
                        const char last = out_.back();
                        out_.pop_back();
                        put(last == ' ' ? "&#32;" : "&#9;");
                    }
                    put("\n");
                }
                break;
            case '\r':
                put(in_pre ? "&#13;" : " ");
                break;
            // md4c turns tabs in a line's indentation into spaces, even in an HTML block.
            case '\t':
                put(!in_pre ? " " : line_blank_ ? "&#9;" : "\t");
                break;
            default:
                if (!is_control(c)) {
                    out_.push_back(c);
                    line_blank_ = line_blank_ && c == ' ';
                }
                break;
            }
        }
    }

    void element(const node& n, bool in_pre, bool top_level = false) {
        if (n.what == kind::text) {
            escaped(n.text, in_pre);
            return;
        }
        put("<");
        put(n.name);
        for (const auto& [name, value] : n.attributes) {
            put(" ");
            put(name);
            put("=\"");
            escaped(value, false);
            put("\"");
        }
        put(">");
        if (n.what == kind::line_break || n.what == kind::image || n.what == kind::rule) {
            return;
        }
        // md4c up to 0.4.8 does not take <h2>..<h6> for the start of an HTML block (mity/md4c#214) and wraps
        // them in <p>; a line holding only the start tag starts one in every CommonMark reader.
        if (top_level && is_heading(n.name)) {
            put("\n");
        }
        const bool pre = in_pre || std::string_view(n.name) == "pre";
        // A parser drops a newline right after <pre>: write one more when the text starts with one.
        if (std::string_view(n.name) == "pre" && !n.children.empty() &&
            n.children.front()->what == kind::text && n.children.front()->text.starts_with('\n')) {
            put("\n");
        }
        for (const auto& c : n.children) {
            element(*c, pre);
        }
        put("</");
        put(n.name);
        put(">");
    }

    std::string out_;
    bool line_blank_ = true;
};

// ---------------------------------------------------------------------------------------------------------
// Plain text

class text_writer {
public:
    void text(std::string_view s) {
        std::size_t i = 0;
        while (i < s.size()) {
            if (is_html_space(s[i])) {
                int newlines = 0;
                for (; i < s.size() && is_html_space(s[i]); ++i) {
                    newlines += s[i] == '\n' ? 1 : 0;
                }
                if (newlines > 0) {
                    newlines_ = std::max(newlines_, std::min(newlines, 2));
                } else {
                    space_ = true;
                }
            } else {
                std::size_t j = i;
                while (j < s.size() && !is_html_space(s[j])) {
                    ++j;
                }
                word(s.substr(i, j - i));
                i = j;
            }
        }
    }

    void word(std::string_view w) {
        if (!out_.empty()) {
            if (newlines_ > 0) {
                out_.append(static_cast<std::size_t>(newlines_), '\n');
            } else if (space_) {
                out_.push_back(' ');
            }
        }
        newlines_ = 0;
        space_ = false;
        for (const char c : w) {
            if (!is_control(c)) {
                out_.push_back(c);
            }
        }
    }

    // Appended to what was just written, leaving any pending separator for what follows.
    void suffix(std::string_view s) { out_.append(s); }
    void line_break() { newlines_ = std::min(newlines_ + 1, 2); }
    void block_edge(int newlines) { newlines_ = std::max(newlines_, newlines); }
    void space() { space_ = true; }

    std::size_t size() const { return out_.size(); }
    std::string_view since(std::size_t mark) const {
        return std::string_view(out_).substr(std::min(mark, out_.size()));
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
    int newlines_ = 0;
    bool space_ = false;
};

// Newlines around an element in plain text: 2 for paragraphs and other blocks, 1 for lines, 0 inline.
int text_edge(GumboTag tag) {
    switch (tag) {
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FIGCAPTION:
        return 1;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
        return 0;
    default:
        break;
    }
    const auto r = rule_of(tag).what;
    return r == role::block || r == role::boundary || r == role::part || r == role::rule ? 2 : -1;
}

void walk_text(const GumboNode& body, text_writer& w) {
    struct frame {
        const GumboNode* n;
        unsigned next;
        int edge;                        // newlines after it; -1 none
        bool cell;                       // a space after it
        std::optional<std::string> link; // an http(s) href
        std::size_t link_mark;
    };
    std::vector<frame> stack;
    stack.push_back({&body, 0, -1, false, std::nullopt, 0});
    while (!stack.empty()) {
        auto& f = stack.back();
        const auto& children = f.n->v.element.children;
        if (f.next >= children.length) {
            if (f.link) {
                const auto shown = trim_space(w.since(f.link_mark));
                if (shown.empty()) {
                    w.word(*f.link);
                } else if (shown != *f.link) {
                    w.suffix(" (" + *f.link + ")");
                }
            }
            if (f.edge >= 0) {
                w.block_edge(f.edge);
            }
            if (f.cell) {
                w.space();
            }
            stack.pop_back();
            continue;
        }
        const auto* c = static_cast<const GumboNode*>(children.data[f.next++]);
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE || c->type == GUMBO_NODE_CDATA) {
            w.text(c->v.text.text);
            continue;
        }
        if (c->type != GUMBO_NODE_ELEMENT) {
            continue;
        }
        const auto& e = c->v.element;
        if (e.tag_namespace != GUMBO_NAMESPACE_HTML) {
            continue;
        }
        const auto r = rule_of(e.tag).what;
        if (r == role::drop || r == role::media) {
            continue;
        }
        if (r == role::line_break) {
            w.line_break();
            continue;
        }
        if (r == role::image) {
            continue;
        }
        if (stack.size() > max_depth) {
            stack.push_back({c, 0, -1, false, std::nullopt, 0});
            continue;
        }
        frame next{c, 0, text_edge(e.tag), e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH, std::nullopt, 0};
        if (next.edge >= 0) {
            w.block_edge(next.edge);
        }
        if (e.tag == GUMBO_TAG_A) {
            if (const auto href = attribute(e, "href")) {
                auto url = normalise_url(*href);
                if (url && (scheme_of(*url) == "http" || scheme_of(*url) == "https")) {
                    next.link = std::move(url);
                    next.link_mark = w.size();
                }
            }
        }
        stack.push_back(std::move(next));
    }
}

} // namespace

std::string clean_post_html(std::string_view content, const content_options& options) {
    url_policy urls;
    urls.base = options.base_url.empty() ? std::nullopt : parse_base(options.base_url);
    urls.rewrite = &options.rewrite_url;
    const bool autop = content.find("<!-- wp:") == std::string_view::npos;
    const auto expanded = shortcode_pass(content).run();
    const parsed doc(tamer().run(expanded));
    const GumboNode* body = doc.body();
    if (body == nullptr) {
        return {};
    }
    builder b(urls, autop);
    walk(*body, b, urls);
    return html_writer().write(b.finish());
}

std::string plain_text(std::string_view html) {
    const parsed doc(tamer().run(html));
    const GumboNode* body = doc.body();
    if (body == nullptr) {
        return {};
    }
    text_writer w;
    walk_text(*body, w);
    return w.take();
}

} // namespace gazette::wxr
