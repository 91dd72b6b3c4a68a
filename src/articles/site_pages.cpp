// Pages and old addresses: the fallbacks after the route table.
#include "articles/site_pages.hpp"

#include "articles/views.hpp"
#include "core/text.hpp"

#include <algorithm>

#include <boost/json.hpp>

namespace gazette::articles {
namespace json = boost::json;

result<app::page> static_page(app::site& s, const http::request& req) {
    if (!req.path.ends_with('/')) {
        return std::error_code(errc::not_found);
    }
    auto found = s.db().find_published_page(req.path);
    if (!found) {
        return found.error();
    }
    const site_page& pg = *found;
    json::object page{{"title", pg.title}, {"body_html", pg.body_html}};
    if (pg.parent_id != 0) {
        if (auto parent = s.db().find_page(pg.parent_id); parent && parent->published) {
            page["parent"] = {{"title", parent->title}, {"url", parent->path}};
        }
    }
    auto all = s.db().list_pages(true);
    if (!all) {
        return all.error();
    }
    json::array children;
    for (const auto& c : *all) {
        if (c.parent_id == pg.id) {
            children.push_back({{"title", c.title}, {"url", c.path}, {"order", c.menu_order}});
        }
    }
    std::stable_sort(children.begin(), children.end(), [](const json::value& a, const json::value& b) {
        return a.at("order").as_int64() < b.at("order").as_int64();
    });
    page["has_children"] = !children.empty();
    page["children"] = std::move(children);

    std::vector<std::string> deps{pages_tag};
    const auto st = s.settings();
    auto ctx = s.base_context(pg.title + " | " + st->name, text::truncate_words(text::strip_tags(pg.body_html), 160),
                              pg.path, deps);
    if (!ctx) {
        return ctx.error();
    }
    (*ctx)["page"] = std::move(page);
    app::page p;
    p.body = s.templates().render("page", *ctx);
    p.deps = std::move(deps);
    return p;
}

std::optional<std::string> moved_to(app::site& s, const http::request& req) {
    std::string key = req.path;
    if (req.path == "/") {
        // WordPress's plain addresses: /?p=123, /?page_id=7.
        for (const char* name : {"p", "page_id"}) {
            if (const auto v = req.query_param(name); v && !v->empty() && v->size() < 20) {
                key = "/?" + std::string(name) + "=" + *v;
                break;
            }
        }
        if (key == "/") {
            return std::nullopt;
        }
    }
    auto found = s.db().find_legacy_path(key);
    if (!found && req.path.size() > 1) {
        // The same address with or without its trailing slash.
        const std::string other = key.ends_with('/') ? key.substr(0, key.size() - 1) : key + "/";
        found = s.db().find_legacy_path(other);
    }
    if (!found) {
        return std::nullopt;
    }
    const auto [article_id, page_id] = *found;
    if (article_id != 0) {
        auto a = s.db().find_article(article_id);
        if (!a || a->status != article_status::published) {
            return std::nullopt;
        }
        return article_path(*s.zone(), *a);
    }
    auto pg = s.db().find_page(page_id);
    if (!pg || !pg->published) {
        return std::nullopt;
    }
    return pg->path;
}

} // namespace gazette::articles
