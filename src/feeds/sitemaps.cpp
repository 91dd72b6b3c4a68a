// Sitemaps and robots.txt.
#include "feeds/sitemaps.hpp"

#include "articles/service.hpp"
#include "articles/site_pages.hpp"
#include "articles/views.hpp"
#include "core/text.hpp"
#include "feeds/feeds.hpp"

#include <pugixml.hpp>

#include <sstream>

namespace gazette::feeds {

namespace {

constexpr const char* sitemap_ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
constexpr const char* news_ns = "http://www.google.com/schemas/sitemap-news/0.9";

struct entry {
    std::string loc;
    unix_time lastmod = 0;
};

app::page xml_page(const pugi::xml_document& doc, std::vector<std::string> deps) {
    std::ostringstream out;
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    app::page p;
    p.body = out.str();
    p.content_type = "application/xml; charset=utf-8";
    p.deps = std::move(deps);
    return p;
}

pugi::xml_document document(const char* root, pugi::xml_node& top) {
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    top = doc.append_child(root);
    top.append_attribute("xmlns") = sitemap_ns;
    return doc;
}

app::page urlset(const std::vector<entry>& entries, std::vector<std::string> deps) {
    pugi::xml_node set;
    auto doc = document("urlset", set);
    for (const auto& e : entries) {
        auto url = set.append_child("url");
        url.append_child("loc").text().set(xml_safe(e.loc).c_str());
        if (e.lastmod > 0) {
            url.append_child("lastmod").text().set(timefmt::iso8601_utc(e.lastmod).c_str());
        }
    }
    return xml_page(doc, std::move(deps));
}

unix_time modified(const article& a) { return std::max(a.published_at, a.updated_at); }

// The newest change among the published articles a listing query matches (0 when none).
result<unix_time> latest(app::site& s, article_query q) {
    q.limit = 1;
    auto list = s.db().list_published(q);
    if (!list) {
        return list.error();
    }
    return list->items.empty() ? 0 : modified(list->items.front());
}

} // namespace

result<app::page> robots(app::site& s, const http::request&) {
    const auto st = s.settings();
    app::page p;
    p.content_type = "text/plain; charset=utf-8";
    p.body = fmt::format("User-agent: *\nDisallow: /admin/\nDisallow: /live\nDisallow: /chat/\nDisallow: /search\n\n"
                         "Sitemap: {0}/sitemap.xml\nSitemap: {0}/news-sitemap.xml\n",
                         st->url);
    return p;
}

result<app::page> sitemap_index(app::site& s, const http::request&) {
    const auto st = s.settings();
    article_query q;
    q.limit = 1;
    auto all = s.db().list_published(q);
    if (!all) {
        return all.error();
    }
    const auto newest = all->items.empty() ? 0 : modified(all->items.front());
    pugi::xml_node index;
    auto doc = document("sitemapindex", index);
    auto add = [&](const std::string& path, unix_time lastmod) {
        auto sm = index.append_child("sitemap");
        sm.append_child("loc").text().set(xml_safe(st->url + path).c_str());
        if (lastmod > 0) {
            sm.append_child("lastmod").text().set(timefmt::iso8601_utc(lastmod).c_str());
        }
    };
    const auto files = std::max<std::int64_t>(1, (all->total + sitemap_urls - 1) / sitemap_urls);
    for (std::int64_t n = 1; n <= files; ++n) {
        add(fmt::format("/sitemap-articles-{}.xml", n), newest);
    }
    for (const char* kind : {"sections", "tags", "authors"}) {
        add(fmt::format("/sitemap-{}.xml", kind), newest);
    }
    // Pages (About, Contact), when there are any: a sitemap must list at least one address.
    auto pages = s.db().list_pages(true);
    if (!pages) {
        return pages.error();
    }
    if (!pages->empty()) {
        unix_time pages_modified = 0;
        for (const auto& p : *pages) {
            pages_modified = std::max(pages_modified, p.updated_at);
        }
        add("/sitemap-pages.xml", pages_modified);
    }
    return xml_page(doc, {articles::all_lists_tag, articles::nav_tag, articles::pages_tag});
}

result<app::page> article_sitemap(app::site& s, const http::request& req) {
    // The file part is "<n>.xml".
    const auto file = req.param("file");
    const auto n = file.ends_with(".xml") ? text::to_int(file.substr(0, file.size() - 4), 1, 100000) : std::nullopt;
    if (!n) {
        return std::error_code(errc::not_found);
    }
    const auto st = s.settings();
    article_query q;
    q.limit = sitemap_urls;
    q.offset = (*n - 1) * sitemap_urls;
    auto list = s.db().list_published(q);
    if (!list) {
        return list.error();
    }
    if (list->items.empty() && *n > 1) {
        return std::error_code(errc::not_found);
    }
    std::vector<entry> entries;
    for (const auto& a : list->items) {
        entries.push_back({st->url + articles::article_path(*st->zone, a), modified(a)});
    }
    return urlset(entries, {articles::all_lists_tag});
}

result<app::page> section_sitemap(app::site& s, const http::request&) {
    const auto st = s.settings();
    auto cats = s.db().list_categories();
    if (!cats) {
        return cats.error();
    }
    std::vector<entry> entries;
    for (const auto& c : *cats) {
        article_query q;
        q.category_id = c.id;
        auto t = latest(s, q);
        if (!t) {
            return t.error();
        }
        entries.push_back({st->url + articles::section_path(c.slug), *t});
    }
    return urlset(entries, {articles::all_lists_tag, articles::nav_tag});
}

result<app::page> tag_sitemap(app::site& s, const http::request&) {
    const auto st = s.settings();
    auto tags = s.db().list_tags();
    if (!tags) {
        return tags.error();
    }
    std::vector<entry> entries;
    for (const auto& t : *tags) {
        article_query q;
        q.tag_id = t.id;
        auto when = latest(s, q);
        if (!when) {
            return when.error();
        }
        if (*when > 0) { // tags with published articles only: the others' pages are empty
            entries.push_back({st->url + articles::tag_path(t.slug), *when});
        }
    }
    return urlset(entries, {articles::all_lists_tag});
}

result<app::page> author_sitemap(app::site& s, const http::request&) {
    const auto st = s.settings();
    auto authors = s.db().list_authors();
    if (!authors) {
        return authors.error();
    }
    std::vector<entry> entries;
    for (const auto& u : *authors) {
        article_query q;
        q.author_id = u.id;
        auto when = latest(s, q);
        if (!when) {
            return when.error();
        }
        if (*when > 0) {
            entries.push_back({st->url + articles::author_path(u.slug), *when});
        }
    }
    return urlset(entries, {articles::all_lists_tag});
}

result<app::page> news_sitemap(app::site& s, const http::request&) {
    const auto st = s.settings();
    const auto since = s.now() - news_window_seconds;
    article_query q;
    q.limit = news_sitemap_urls;
    auto list = s.db().list_published(q);
    if (!list) {
        return list.error();
    }
    pugi::xml_node set;
    auto doc = document("urlset", set);
    set.append_attribute("xmlns:news") = news_ns;
    // Google News wants the publication's language as an ISO 639 code: the tag's first part.
    const auto language = st->language.substr(0, st->language.find('-'));
    for (const auto& a : list->items) {
        if (a.published_at < since) {
            break; // newest first: the rest are older still
        }
        auto url = set.append_child("url");
        url.append_child("loc").text().set(xml_safe(st->url + articles::article_path(*st->zone, a)).c_str());
        auto news = url.append_child("news:news");
        auto pub = news.append_child("news:publication");
        pub.append_child("news:name").text().set(xml_safe(st->name).c_str());
        pub.append_child("news:language").text().set(xml_safe(language).c_str());
        news.append_child("news:publication_date").text().set(timefmt::iso8601_utc(a.published_at).c_str());
        news.append_child("news:title").text().set(xml_safe(a.headline).c_str());
    }
    return xml_page(doc, {articles::all_lists_tag, "day"});
}

result<app::page> page_sitemap(app::site& s, const http::request&) {
    const auto st = s.settings();
    auto pages = s.db().list_pages(true);
    if (!pages) {
        return pages.error();
    }
    if (pages->empty()) {
        return std::error_code(errc::not_found);
    }
    std::vector<entry> entries;
    for (const auto& p : *pages) {
        entries.push_back({st->url + p.path, p.updated_at});
    }
    return urlset(entries, {articles::pages_tag});
}

} // namespace gazette::feeds
