// The WXR reader.
#include "wxr/reader.hpp"

#include "core/text.hpp"

#include <pugixml.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace gazette::wxr {

namespace {

// WordPress's namespace: "http://wordpress.org/export/1.2/" (1.0 to 1.2; newer exports write https).
constexpr std::string_view wxr_prefix = "//wordpress.org/export/";
constexpr std::string_view content_ns = "http://purl.org/rss/1.0/modules/content/";
constexpr std::string_view dc_ns = "http://purl.org/dc/elements/1.1/";

bool is_wxr(std::string_view uri) {
    if (uri.starts_with("https:")) {
        uri.remove_prefix(6);
    } else if (uri.starts_with("http:")) {
        uri.remove_prefix(5);
    } else {
        return false;
    }
    return uri.size() == wxr_prefix.size() + 4 && uri.starts_with(wxr_prefix) &&
           (uri.ends_with("1.0/") || uri.ends_with("1.1/") || uri.ends_with("1.2/"));
}
bool is_excerpt(std::string_view uri) {
    return uri.ends_with("/excerpt/") && is_wxr(uri.substr(0, uri.size() - 8));
}

// The namespace URI of an element's prefix, from the nearest xmlns declaration in scope.
std::string_view namespace_of(pugi::xml_node n) {
    const std::string_view name = n.name();
    const auto colon = name.find(':');
    const std::string attr = colon == std::string_view::npos ? "xmlns" : "xmlns:" + std::string(name.substr(0, colon));
    for (auto p = n; p; p = p.parent()) {
        if (auto a = p.attribute(attr.c_str())) {
            return a.value();
        }
    }
    return {};
}

std::string_view local_name(pugi::xml_node n) {
    const std::string_view name = n.name();
    const auto colon = name.find(':');
    return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

enum class ns { none, wxr, excerpt, content, dc };

ns kind_of(pugi::xml_node n) {
    const auto uri = namespace_of(n);
    if (uri.empty()) {
        return ns::none;
    }
    if (is_wxr(uri)) {
        return ns::wxr;
    }
    if (is_excerpt(uri)) {
        return ns::excerpt;
    }
    if (uri == content_ns) {
        return ns::content;
    }
    if (uri == dc_ns) {
        return ns::dc;
    }
    return ns::none; // someone else's
}

// The first child element in namespace k with this local name.
pugi::xml_node child(pugi::xml_node parent, ns k, std::string_view local) {
    for (auto c : parent.children()) {
        if (c.type() == pugi::node_element && local_name(c) == local && kind_of(c) == k) {
            return c;
        }
    }
    return {};
}

// The text of a child element (CDATA sections and text joined).
std::string text_of(pugi::xml_node parent, ns k, std::string_view local) {
    std::string out;
    for (auto t : child(parent, k, local).children()) {
        if (t.type() == pugi::node_pcdata || t.type() == pugi::node_cdata) {
            out += t.value();
        }
    }
    return out;
}

std::int64_t number_of(pugi::xml_node parent, ns k, std::string_view local) {
    return text::to_int(text::trim(text_of(parent, k, local)), 0, INT64_MAX).value_or(0);
}

template <class Each>
void for_children(pugi::xml_node parent, ns k, std::string_view local, Each each) {
    for (auto c : parent.children()) {
        if (c.type() == pugi::node_element && local_name(c) == local && kind_of(c) == k) {
            each(c);
        }
    }
}

std::size_t line_at(std::string_view xml, std::ptrdiff_t offset) {
    const auto end = std::min<std::size_t>(xml.size(), static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, offset)));
    return 1 + static_cast<std::size_t>(std::count(xml.begin(), xml.begin() + static_cast<std::ptrdiff_t>(end), '\n'));
}

item read_item(pugi::xml_node n) {
    item it;
    it.title = text_of(n, ns::none, "title");
    it.link = text_of(n, ns::none, "link");
    it.guid = text_of(n, ns::none, "guid");
    it.creator = text_of(n, ns::dc, "creator");
    it.content = text_of(n, ns::content, "encoded");
    it.excerpt = text_of(n, ns::excerpt, "encoded");
    it.id = number_of(n, ns::wxr, "post_id");
    it.date = text_of(n, ns::wxr, "post_date");
    it.date_gmt = text_of(n, ns::wxr, "post_date_gmt");
    it.slug = text_of(n, ns::wxr, "post_name");
    it.status = text_of(n, ns::wxr, "status");
    it.type = text_of(n, ns::wxr, "post_type");
    it.parent = number_of(n, ns::wxr, "post_parent");
    it.comment_status = text_of(n, ns::wxr, "comment_status");
    it.menu_order = static_cast<int>(number_of(n, ns::wxr, "menu_order"));
    it.attachment_url = text_of(n, ns::wxr, "attachment_url");
    for_children(n, ns::none, "category", [&](pugi::xml_node c) {
        it.terms.push_back({c.attribute("domain").value(), c.attribute("nicename").value(), c.text().get()});
    });
    for_children(n, ns::wxr, "postmeta", [&](pugi::xml_node m) {
        it.meta.emplace_back(text_of(m, ns::wxr, "meta_key"), text_of(m, ns::wxr, "meta_value"));
    });
    for_children(n, ns::wxr, "comment", [&](pugi::xml_node c) {
        comment cm;
        cm.id = number_of(c, ns::wxr, "comment_id");
        cm.parent = number_of(c, ns::wxr, "comment_parent");
        cm.author = text_of(c, ns::wxr, "comment_author");
        cm.email = text_of(c, ns::wxr, "comment_author_email");
        cm.url = text_of(c, ns::wxr, "comment_author_url");
        cm.ip = text_of(c, ns::wxr, "comment_author_IP");
        cm.date_gmt = text_of(c, ns::wxr, "comment_date_gmt");
        cm.content = text_of(c, ns::wxr, "comment_content");
        cm.approved = std::string(text::trim(text_of(c, ns::wxr, "comment_approved")));
        cm.type = text_of(c, ns::wxr, "comment_type");
        cm.user_id = number_of(c, ns::wxr, "comment_user_id");
        it.comments.push_back(std::move(cm));
    });
    return it;
}

} // namespace

std::variant<site, error> read_string(std::string_view xml) {
    pugi::xml_document doc;
    const auto parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata_single,
                                        pugi::encoding_utf8);
    if (!parsed) {
        return error{std::string("not well-formed XML: ") + parsed.description(), line_at(xml, parsed.offset)};
    }
    // pugixml lets "]]>" stand in text, which XML forbids (it is how a CDATA section was left open too
    // early: WordPress's own importer guesses what was meant; we refuse to guess).
    struct stray_cdata_end : pugi::xml_tree_walker {
        pugi::xml_node found;
        bool for_each(pugi::xml_node& n) override {
            if (n.type() == pugi::node_pcdata && std::string_view(n.value()).find("]]>") != std::string_view::npos) {
                found = n;
                return false;
            }
            return true;
        }
    } walker;
    doc.traverse(walker);
    if (walker.found) {
        return error{"not well-formed XML: \"]]>\" in text (a CDATA section ended too early)",
                     line_at(xml, walker.found.offset_debug())};
    }
    const auto rss = doc.document_element();
    if (std::string_view(rss.name()) != "rss") {
        return error{"not a WordPress export: the document is not an RSS feed", 0};
    }
    const auto channel = child(rss, ns::none, "channel");
    if (!channel) {
        return error{"not a WordPress export: there is no channel", 0};
    }
    site s;
    const auto version_node = child(channel, ns::wxr, "wxr_version");
    if (!version_node) {
        return error{"missing WXR version number: this is not a WordPress export (wp:wxr_version)", 0};
    }
    s.version = std::string(text::trim(text_of(channel, ns::wxr, "wxr_version")));
    if (s.version != "1.0" && s.version != "1.1" && s.version != "1.2") {
        return error{"invalid WXR version number \"" + s.version + "\": versions 1.0 to 1.2 can be read",
                     line_at(xml, version_node.offset_debug())};
    }
    s.title = text_of(channel, ns::none, "title");
    s.link = text_of(channel, ns::none, "link");
    s.base_site_url = text_of(channel, ns::wxr, "base_site_url");
    s.base_blog_url = text_of(channel, ns::wxr, "base_blog_url");
    for_children(channel, ns::wxr, "author", [&](pugi::xml_node a) {
        s.authors.push_back({number_of(a, ns::wxr, "author_id"), text_of(a, ns::wxr, "author_login"),
                             text_of(a, ns::wxr, "author_email"), text_of(a, ns::wxr, "author_display_name")});
    });
    for_children(channel, ns::wxr, "category", [&](pugi::xml_node c) {
        s.categories.push_back({number_of(c, ns::wxr, "term_id"), text_of(c, ns::wxr, "category_nicename"),
                                text_of(c, ns::wxr, "cat_name"), text_of(c, ns::wxr, "category_parent"),
                                text_of(c, ns::wxr, "category_description")});
    });
    for_children(channel, ns::wxr, "tag", [&](pugi::xml_node t) {
        s.tags.push_back({number_of(t, ns::wxr, "term_id"), text_of(t, ns::wxr, "tag_slug"), text_of(t, ns::wxr, "tag_name"),
                          "", text_of(t, ns::wxr, "tag_description")});
    });
    for_children(channel, ns::wxr, "term", [&](pugi::xml_node t) {
        s.terms.push_back({number_of(t, ns::wxr, "term_id"), text_of(t, ns::wxr, "term_slug"), text_of(t, ns::wxr, "term_name"),
                           text_of(t, ns::wxr, "term_parent"), text_of(t, ns::wxr, "term_description")});
    });
    for_children(channel, ns::none, "item", [&](pugi::xml_node n) { s.items.push_back(read_item(n)); });
    return s;
}

std::variant<site, error> read_file(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return error{"cannot read " + file.string(), 0};
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return read_string(buffer.str());
}

} // namespace gazette::wxr
