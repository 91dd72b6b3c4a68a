// RSS 2.0, Atom and JSON Feed 1.1, written with pugixml (well-formed by construction) and Boost.JSON.
#include "feeds/feeds.hpp"

#include "articles/service.hpp"
#include "articles/views.hpp"
#include "comments/text.hpp"
#include "core/text.hpp"
#include "feeds/websub.hpp"

#include <boost/json.hpp>
#include <pugixml.hpp>

#include <sstream>

namespace gazette::feeds {

namespace json = boost::json;

namespace {

enum class format { rss, atom, json };

// The format from the address: .../feed/, .../feed/atom/, .../feed/json/.
format format_of(std::string_view path) {
    if (path.ends_with("/atom/")) {
        return format::atom;
    }
    if (path.ends_with("/json/")) {
        return format::json;
    }
    return format::rss;
}

// What one feed is about: its title, its page, its own address and the articles in it.
struct channel {
    std::string title;
    std::string description;
    std::string home;     // absolute URL of the page it mirrors
    std::string self;     // absolute URL of this feed
    std::vector<article> items;
    std::vector<std::string> deps;
};

std::string absolute(const app::site_settings& st, std::string_view url) {
    return url.starts_with("/") ? st.url + std::string(url) : std::string(url);
}

// WordPress's permanent id for a post, which feed readers of a migrated site already know.
std::string guid(const app::site_settings& st, id_t id) { return fmt::format("{}/?p={}", st.url, id); }

unix_time modified(const article& a) { return std::max(a.published_at, a.updated_at); }

// The latest change among the items (0 for none).
unix_time newest(const std::vector<article>& items) {
    unix_time t = 0;
    for (const auto& a : items) {
        t = std::max(t, modified(a));
    }
    return t;
}

void add_text(pugi::xml_node parent, const char* name, std::string_view value) {
    parent.append_child(name).text().set(xml_safe(value).c_str());
}

std::string serialize(const pugi::xml_document& doc) {
    std::ostringstream out;
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

pugi::xml_document start_document() {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    return doc;
}

// An RSS 2.0 document's root and channel head (title, self link, link, description, language).
pugi::xml_node rss_channel(pugi::xml_document& doc, const app::site_settings& st, std::string_view title,
                           const std::string& self_url, std::string_view link, std::string_view description) {
    auto rss = doc.append_child("rss");
    rss.append_attribute("version") = "2.0";
    rss.append_attribute("xmlns:content") = "http://purl.org/rss/1.0/modules/content/";
    rss.append_attribute("xmlns:atom") = "http://www.w3.org/2005/Atom";
    rss.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
    auto ch = rss.append_child("channel");
    add_text(ch, "title", title);
    auto self = ch.append_child("atom:link");
    self.append_attribute("href") = self_url.c_str();
    self.append_attribute("rel") = "self";
    self.append_attribute("type") = "application/rss+xml";
    if (!st.websub_hub.empty()) { // WebSub discovery: subscribers find the hub in the feed
        auto hub = ch.append_child("atom:link");
        hub.append_attribute("href") = st.websub_hub.c_str();
        hub.append_attribute("rel") = "hub";
    }
    add_text(ch, "link", link);
    add_text(ch, "description", description);
    add_text(ch, "language", st.language);
    return ch;
}

std::string rss(const app::site_settings& st, const channel& c) {
    auto doc = start_document();
    auto ch = rss_channel(doc, st, c.title, c.self, c.home, c.description);
    add_text(ch, "lastBuildDate", timefmt::http_date(newest(c.items)));
    add_text(ch, "generator", "Gazette");
    for (const auto& a : c.items) {
        auto item = ch.append_child("item");
        const auto url = st.url + articles::article_path(*st.zone, a);
        add_text(item, "title", a.headline);
        add_text(item, "link", url);
        add_text(item, "dc:creator", a.author_name);
        add_text(item, "pubDate", timefmt::http_date(a.published_at));
        if (!a.category_name.empty()) {
            add_text(item, "category", a.category_name);
        }
        for (const auto& t : a.tags) {
            add_text(item, "category", t.name);
        }
        auto g = item.append_child("guid");
        g.append_attribute("isPermaLink") = "false";
        g.text().set(guid(st, a.id).c_str());
        add_text(item, "description", a.standfirst);
        add_text(item, "content:encoded", a.body_html);
    }
    return serialize(doc);
}

std::string atom(const app::site_settings& st, const channel& c) {
    auto doc = start_document();
    auto feed = doc.append_child("feed");
    feed.append_attribute("xmlns") = "http://www.w3.org/2005/Atom";
    feed.append_attribute("xml:lang") = st.language.c_str();
    add_text(feed, "title", c.title);
    if (!c.description.empty()) {
        add_text(feed, "subtitle", c.description);
    }
    add_text(feed, "id", c.self);
    auto self = feed.append_child("link");
    self.append_attribute("rel") = "self";
    self.append_attribute("type") = "application/atom+xml";
    self.append_attribute("href") = c.self.c_str();
    auto alt = feed.append_child("link");
    alt.append_attribute("rel") = "alternate";
    alt.append_attribute("type") = "text/html";
    alt.append_attribute("href") = c.home.c_str();
    if (!st.websub_hub.empty()) {
        auto hub = feed.append_child("link");
        hub.append_attribute("rel") = "hub";
        hub.append_attribute("href") = st.websub_hub.c_str();
    }
    add_text(feed, "updated", timefmt::iso8601_utc(newest(c.items)));
    add_text(feed.append_child("author"), "name", st.name);
    add_text(feed, "generator", "Gazette");
    for (const auto& a : c.items) {
        auto entry = feed.append_child("entry");
        const auto url = st.url + articles::article_path(*st.zone, a);
        add_text(entry, "title", a.headline);
        auto link = entry.append_child("link");
        link.append_attribute("rel") = "alternate";
        link.append_attribute("type") = "text/html";
        link.append_attribute("href") = url.c_str();
        add_text(entry, "id", guid(st, a.id));
        add_text(entry, "published", timefmt::iso8601_utc(a.published_at));
        add_text(entry, "updated", timefmt::iso8601_utc(modified(a)));
        auto author = entry.append_child("author");
        add_text(author, "name", a.author_name);
        add_text(author, "uri", st.url + articles::author_path(a.author_slug));
        if (!a.category_name.empty()) {
            auto cat = entry.append_child("category");
            cat.append_attribute("term") = xml_safe(a.category_slug).c_str();
            cat.append_attribute("label") = xml_safe(a.category_name).c_str();
        }
        for (const auto& t : a.tags) {
            auto cat = entry.append_child("category");
            cat.append_attribute("term") = xml_safe(t.slug).c_str();
            cat.append_attribute("label") = xml_safe(t.name).c_str();
        }
        if (!a.standfirst.empty()) {
            auto summary = entry.append_child("summary");
            summary.append_attribute("type") = "text";
            summary.text().set(xml_safe(a.standfirst).c_str());
        }
        auto content = entry.append_child("content");
        content.append_attribute("type") = "html";
        content.text().set(xml_safe(a.body_html).c_str());
    }
    return serialize(doc);
}

std::string json_feed(const app::site_settings& st, const channel& c) {
    json::array items;
    for (const auto& a : c.items) {
        const auto url = st.url + articles::article_path(*st.zone, a);
        json::object item{{"id", guid(st, a.id)},
                          {"url", url},
                          {"title", a.headline},
                          {"content_html", a.body_html},
                          {"date_published", timefmt::iso8601_utc(a.published_at)},
                          {"date_modified", timefmt::iso8601_utc(modified(a))},
                          {"authors", json::array{{{"name", a.author_name},
                                                   {"url", st.url + articles::author_path(a.author_slug)}}}}};
        if (!a.standfirst.empty()) {
            item["summary"] = a.standfirst;
        }
        if (!a.image_url.empty()) {
            item["image"] = absolute(st, a.image_url);
        }
        json::array tags;
        if (!a.category_name.empty()) {
            tags.push_back(json::value(a.category_name));
        }
        for (const auto& t : a.tags) {
            tags.push_back(json::value(t.name));
        }
        if (!tags.empty()) {
            item["tags"] = std::move(tags);
        }
        items.push_back(std::move(item));
    }
    json::object feed{{"version", "https://jsonfeed.org/version/1.1"},
                      {"title", c.title},
                      {"home_page_url", c.home},
                      {"feed_url", c.self},
                      {"language", st.language},
                      {"items", std::move(items)}};
    if (!c.description.empty()) {
        feed["description"] = c.description;
    }
    if (!st.logo.empty()) {
        feed["icon"] = absolute(st, st.logo);
    }
    if (!st.websub_hub.empty()) {
        feed["hubs"] = json::array{{{"type", "WebSub"}, {"url", st.websub_hub}}};
    }
    return json::serialize(feed);
}

app::page respond(const app::site_settings& st, format f, channel c) {
    app::page p;
    switch (f) {
    case format::rss:
        p.body = rss(st, c);
        p.content_type = "application/rss+xml; charset=utf-8";
        break;
    case format::atom:
        p.body = atom(st, c);
        p.content_type = "application/atom+xml; charset=utf-8";
        break;
    case format::json:
        p.body = json_feed(st, c);
        p.content_type = "application/feed+json; charset=utf-8";
        break;
    }
    if (!c.items.empty()) {
        p.headers.emplace_back("Last-Modified", timefmt::http_date(newest(c.items)));
    }
    if (!st.websub_hub.empty()) { // WebSub discovery by HTTP header, as the spec prefers
        p.headers.emplace_back("Link", fmt::format("<{}>; rel=\"hub\", <{}>; rel=\"self\"", st.websub_hub, c.self));
    }
    p.deps = std::move(c.deps);
    return p;
}

// The channel of one section's, tag's or author's listing.
channel named_channel(const app::site_settings& st, std::string_view name, std::string description,
                      const std::string& path, std::string list_tag) {
    channel c;
    c.title = fmt::format("{} » {}", st.name, name);
    c.description = std::move(description);
    c.home = st.url + path;
    c.deps.push_back(std::move(list_tag));
    return c;
}

// The feed of a listing: the newest published articles matching q.
result<app::page> listing_feed(app::site& s, const http::request& req, article_query q, channel c) {
    const auto st = s.settings();
    q.limit = feed_items;
    q.with_body = true;
    auto list = s.db().list_published(q);
    if (!list) {
        return list.error();
    }
    c.items = std::move(list->items);
    c.self = st->url + std::string(req.path);
    c.deps.push_back(articles::all_lists_tag);
    for (const auto& a : c.items) {
        c.deps.push_back(articles::article_tag(a.id));
    }
    return respond(*st, format_of(req.path), std::move(c));
}

} // namespace

std::string xml_safe(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            continue;
        }
        // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not characters XML allows either.
        if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(s[i + 2]) == 0xBE || static_cast<unsigned char>(s[i + 2]) == 0xBF)) {
            i += 2;
            continue;
        }
        out.push_back(static_cast<char>(c));
    }
    return out;
}

result<app::page> site_feed(app::site& s, const http::request& req) {
    const auto st = s.settings();
    channel c;
    c.title = st->name;
    c.description = st->tagline;
    c.home = st->url + "/";
    return listing_feed(s, req, {}, std::move(c));
}

result<app::page> section_feed(app::site& s, const http::request& req) {
    auto cat = s.db().find_category_by_slug(req.param("slug"));
    if (!cat) {
        return cat.error();
    }
    article_query q;
    q.category_id = cat->id;
    return listing_feed(s, req, q,
                        named_channel(*s.settings(), cat->name, cat->description, articles::section_path(cat->slug),
                                      articles::section_list_tag(cat->id)));
}

result<app::page> tag_feed(app::site& s, const http::request& req) {
    auto t = s.db().find_tag_by_slug(req.param("slug"));
    if (!t) {
        return t.error();
    }
    article_query q;
    q.tag_id = t->id;
    return listing_feed(s, req, q,
                        named_channel(*s.settings(), t->name, "", articles::tag_path(t->slug), articles::tag_list_tag(t->id)));
}

result<app::page> author_feed(app::site& s, const http::request& req) {
    auto u = s.db().find_user_by_slug(req.param("slug"));
    if (!u) {
        return u.error();
    }
    article_query q;
    q.author_id = u->id;
    return listing_feed(s, req, q,
                        named_channel(*s.settings(), u->name, "", articles::author_path(u->slug),
                                      articles::author_list_tag(u->id)));
}

result<app::page> comments_feed(app::site& s, const http::request& req) {
    auto a = s.db().find_published_by_slug(req.param("slug"));
    if (!a) {
        return a.error();
    }
    const auto st = s.settings();
    const auto path = articles::article_path(*st->zone, *a);
    if (req.path != path + "feed/") {
        return std::error_code(errc::not_found); // the date in the address is not the article's
    }
    comment_query q;
    q.article_id = a->id;
    q.status = comment_status::approved;
    q.limit = feed_comments;
    auto list = s.db().list_comments(q);
    if (!list) {
        return list.error();
    }
    const auto url = st->url + path;
    auto doc = start_document();
    auto ch = rss_channel(doc, *st, fmt::format("Comments on: {}", a->headline), st->url + std::string(req.path), url,
                          a->standfirst);
    unix_time newest = a->published_at;
    for (const auto& cm : list->items) {
        if (cm.erased) {
            continue;
        }
        newest = std::max(newest, cm.created_at);
        auto item = ch.append_child("item");
        const auto link = fmt::format("{}#comment-{}", url, cm.id);
        add_text(item, "title", fmt::format("By: {}", cm.author_name));
        add_text(item, "link", link);
        add_text(item, "dc:creator", cm.author_name); // the name only: never the email
        add_text(item, "pubDate", timefmt::http_date(cm.created_at));
        auto g = item.append_child("guid");
        g.append_attribute("isPermaLink") = "false";
        g.text().set(fmt::format("{}/?comment={}", st->url, cm.id).c_str());
        add_text(item, "description", cm.body);
        add_text(item, "content:encoded", comments::to_html(cm.body));
    }
    add_text(ch, "lastBuildDate", timefmt::http_date(newest));
    app::page p;
    p.body = serialize(doc);
    p.content_type = "application/rss+xml; charset=utf-8";
    p.headers.emplace_back("Last-Modified", timefmt::http_date(newest));
    p.deps = {articles::article_tag(a->id)};
    return p;
}

void article_changed(app::site& s, const article* before, const article& after) {
    const auto st = s.settings();
    if (st->websub_hub.empty()) {
        return;
    }
    const bool was = before && before->status == article_status::published;
    const bool is = after.status == article_status::published;
    const bool edited = was && is &&
                        (before->headline != after.headline || before->standfirst != after.standfirst ||
                         before->body_html != after.body_html || before->slug != after.slug ||
                         before->category_id != after.category_id || before->image_url != after.image_url);
    if (was == is && !edited) {
        return;
    }
    std::vector<std::string> topics;
    auto add_feeds = [&](const std::string& base) {
        for (const char* f : {"", "atom/", "json/"}) {
            topics.push_back(st->url + base + "feed/" + f);
        }
    };
    add_feeds("/");
    for (const auto* a : {before, &after}) {
        if (a == nullptr) {
            continue;
        }
        if (auto c = s.db().find_category(a->category_id)) {
            add_feeds(articles::section_path(c->slug));
        }
        if (auto u = s.db().find_user(a->author_id)) {
            add_feeds(articles::author_path(u->slug));
        }
    }
    std::sort(topics.begin(), topics.end());
    topics.erase(std::unique(topics.begin(), topics.end()), topics.end());
    s.websub().changed(st->websub_hub, std::move(topics));
}

} // namespace gazette::feeds
