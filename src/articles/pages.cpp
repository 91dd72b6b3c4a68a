// The reader page handlers.
#include "articles/pages.hpp"

#include "articles/service.hpp"
#include "articles/views.hpp"
#include "core/text.hpp"
#include "feeds/metadata.hpp"
#include "live/coverage.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>


namespace gazette::articles {
namespace {

namespace json = boost::json;

void depend_on(const std::vector<article>& items, std::vector<std::string>& deps) {
    for (const auto& a : items) {
        deps.push_back(article_tag(a.id));
    }
}

// The page number from /.../page/{n}/; nullopt when it is not a number in range.
std::optional<std::int64_t> page_number(const http::request& req) {
    const auto n = req.param("n");
    if (n.empty()) {
        return 1;
    }
    return text::to_int(n, 1, max_page_number);
}

app::page render(app::site& s, std::string_view tmpl, const json::object& ctx, std::vector<std::string> deps) {
    app::page p;
    p.body = s.templates().render(tmpl, ctx);
    p.deps = std::move(deps);
    return p;
}

// Section, tag and author pages share everything but the filter and the heading.
struct listing_spec {
    std::string kind; // Section, Tag, Author
    std::string title;
    std::string description;
    std::string bio;
    std::string base_path; // e.g. /category/news/
    std::string list_tag;  // page-cache tag of the list
    std::string current_section;
    article_query query;
    bool require_items = false; // 404 when the list is empty (author pages: staff without bylines stay private)
};

result<app::page> listing(app::site& s, const http::request& req, listing_spec spec) {
    const auto n = page_number(req);
    if (!n) {
        return std::error_code(errc::not_found);
    }
    if (req.param("n") == "1") { // /page/1/ is the listing itself
        app::page p;
        p.status = 301;
        p.cacheable = false;
        p.headers.emplace_back("Location", spec.base_path);
        return p;
    }
    const auto per_page = s.settings()->posts_per_page;
    spec.query.limit = per_page;
    spec.query.offset = (*n - 1) * per_page;
    auto items = s.db().list_published(spec.query);
    if (!items) {
        return items.error();
    }
    const std::int64_t pages = std::max<std::int64_t>(1, (items->total + per_page - 1) / per_page);
    if (*n > pages || (spec.require_items && items->total == 0)) {
        return std::error_code(errc::not_found);
    }
    std::vector<std::string> deps{spec.list_tag};
    depend_on(items->items, deps);
    const std::string canonical = *n == 1 ? spec.base_path : spec.base_path + "page/" + std::to_string(*n) + "/";
    std::string title = spec.title;
    if (*n > 1) {
        title += " – page " + std::to_string(*n);
    }
    const std::string description =
        !spec.description.empty() ? spec.description : spec.kind + ": " + spec.title + " – " + s.settings()->name;
    auto ctx = s.base_context(title + " | " + s.settings()->name, description, canonical, deps, spec.current_section);
    if (!ctx) {
        return ctx.error();
    }
    json::object listing_obj{{"kind", spec.kind}, {"title", spec.title}};
    if (!spec.description.empty()) {
        listing_obj["description"] = spec.description;
    }
    if (!spec.bio.empty()) {
        listing_obj["bio"] = spec.bio;
    }
    (*ctx)["listing"] = std::move(listing_obj);
    (*ctx)["articles"] = cards(*s.zone(), items->items);
    (*ctx)["empty"] = items->items.empty();
    if (pages > 1) {
        json::object pg{{"page", *n}, {"pages", pages}};
        if (*n > 1) {
            pg["prev_url"] = *n == 2 ? spec.base_path : spec.base_path + "page/" + std::to_string(*n - 1) + "/";
        }
        if (*n < pages) {
            pg["next_url"] = spec.base_path + "page/" + std::to_string(*n + 1) + "/";
        }
        (*ctx)["pagination"] = std::move(pg);
    }
    (*ctx)["feeds"].as_array().push_back({{"type", "application/rss+xml"},
                                          {"title", fmt::format("{} » {} feed", s.settings()->name, spec.title)},
                                          {"href", s.settings()->url + spec.base_path + "feed/"}});
    return render(s, "listing", *ctx, std::move(deps));
}

} // namespace

result<app::page> front_page(app::site& s, const http::request&) {
    std::vector<std::string> deps{all_lists_tag};
    article_query q;
    q.limit = 1 + front_latest_count;
    auto latest = s.db().list_published(q);
    if (!latest) {
        return latest.error();
    }
    depend_on(latest->items, deps);
    auto cats = s.db().list_categories();
    if (!cats) {
        return cats.error();
    }
    json::array sections;
    for (const auto& c : *cats) {
        article_query cq;
        cq.category_id = c.id;
        cq.limit = front_section_count;
        if (!latest->items.empty()) {
            cq.exclude_id = latest->items.front().id; // the lead story is not repeated in its section
        }
        auto items = s.db().list_published(cq);
        if (!items) {
            return items.error();
        }
        if (items->items.empty()) {
            continue;
        }
        deps.push_back(section_list_tag(c.id));
        depend_on(items->items, deps);
        sections.push_back({{"name", c.name}, {"url", section_path(c.slug)}, {"articles", cards(*s.zone(), items->items)}});
    }
    const auto st = s.settings();
    auto ctx = s.base_context(st->tagline.empty() ? st->name : st->name + " – " + st->tagline, st->tagline, "/", deps);
    if (!ctx) {
        return ctx.error();
    }
    if (!latest->items.empty()) {
        (*ctx)["top"] = card(*s.zone(), latest->items.front());
        json::array rest;
        for (std::size_t i = 1; i < latest->items.size(); ++i) {
            rest.push_back(card(*s.zone(), latest->items[i]));
        }
        (*ctx)["latest"] = std::move(rest);
    }
    (*ctx)["sections"] = std::move(sections);
    return render(s, "front", *ctx, std::move(deps));
}

result<app::page> article_page(app::site& s, const http::request& req) {
    auto a = s.db().find_published_by_slug(req.param("slug"));
    if (!a && a.error() == errc::not_found) {
        // A published article whose slug changed keeps its old address, as a permanent redirect.
        if (auto id = s.db().find_article_by_old_slug(req.param("slug"))) {
            if (auto moved = s.db().find_article(*id); moved && moved->status == article_status::published) {
                app::page p;
                p.status = 301;
                p.cacheable = false;
                p.headers.emplace_back("Location", article_path(*s.zone(), *moved));
                return p;
            }
        } else if (id.error() != errc::not_found) {
            return id.error();
        }
    }
    if (!a) {
        return a.error();
    }
    const auto cpage = req.param("cpage").empty() ? std::optional<std::int64_t>(1)
                                                   : text::to_int(req.param("cpage"), 1, max_page_number);
    if (!cpage) {
        return std::error_code(errc::not_found);
    }
    const std::string canonical = comments::page_path(*s.zone(), *a, *cpage);
    if (req.path != canonical) { // wrong date in the URL (or comment-page-1): send readers to the one true address
        app::page p;
        p.status = 301;
        p.cacheable = false;
        p.headers.emplace_back("Location", canonical);
        return p;
    }
    comments::form_state state;
    if (const auto reply = req.query_param("replytocom")) { // a reply link, without the page's script
        state.reply_to = text::to_int(*reply, 1, INT64_MAX).value_or(0);
    }
    if (req.query_param("held")) {
        state.notice = "Thank you. Your comment is waiting for a moderator and will appear once it is approved.";
    }
    return article_response(s, *a, *cpage, state);
}

result<app::page> article_response(app::site& s, const article& a_, std::int64_t cpage,
                                   const comments::form_state& state) {
    const article* a = &a_;
    const std::string canonical = article_path(*s.zone(), *a);
    std::vector<std::string> deps{article_tag(a->id), section_list_tag(a->category_id)};
    article_query rq;
    rq.category_id = a->category_id;
    rq.exclude_id = a->id;
    rq.limit = related_count;
    auto related = s.db().list_published(rq);
    if (!related) {
        return related.error();
    }
    depend_on(related->items, deps);
    auto ctx = s.base_context(a->headline + " | " + s.settings()->name, summary(*a), canonical, deps,
                              a->category_slug);
    if (!ctx) {
        return ctx.error();
    }
    if (const auto* b = ctx->if_contains("breaking"); b && b->at("url").as_string() == canonical) {
        ctx->erase("breaking"); // the reader is on the breaking story already
    }
    json::object author{{"name", a->author_name}, {"url", author_path(a->author_slug)}};
    auto u = s.db().find_user(a->author_id);
    if (!u && u.error() != errc::not_found) {
        return u.error();
    }
    if (u && !u->bio.empty()) {
        author["bio"] = u->bio;
    }
    deps.push_back(author_list_tag(a->author_id)); // the author box
    auto comments = comments::section(s, *a, cpage, state);
    if (!comments) {
        return comments.error();
    }
    auto view = full(*s.zone(), *a, headings_of(a->body_html));
    view["author"] = std::move(author);
    (*ctx)["article"] = std::move(view);
    (*ctx)["related"] = cards(*s.zone(), related->items);
    (*ctx)["comments"] = std::move(*comments);
    (*ctx)["meta"] = feeds::article_meta(s, *a, s.settings()->url + canonical);
    (*ctx)["feeds"].as_array().push_back({{"type", "application/rss+xml"},
                                          {"title", fmt::format("{} » {} comments feed", s.settings()->name, a->headline)},
                                          {"href", s.settings()->url + canonical + "feed/"}});
    auto live = live::article_parts(s, *a, s.settings()->url + canonical);
    if (!live) {
        return live.error();
    }
    if (*live) {
        (*ctx)["live"] = std::move((*live)->live);
        (*ctx)["live_jsonld"] = std::move((*live)->jsonld);
    }
    if (cpage > 1) {
        (*ctx)["page"].as_object()["title"] = a->headline + " (comments, page " + std::to_string(cpage) + ") | " +
                                              s.settings()->name;
    }
    auto page = render(s, "article", *ctx, std::move(deps));
    page.view_of = a->id;
    return page;
}

result<app::page> section_page(app::site& s, const http::request& req) {
    auto c = s.db().find_category_by_slug(req.param("slug"));
    if (!c) {
        return c.error();
    }
    listing_spec spec;
    spec.kind = "Section";
    spec.title = c->name;
    spec.description = c->description;
    spec.base_path = section_path(c->slug);
    spec.list_tag = section_list_tag(c->id);
    spec.current_section = c->slug;
    spec.query.category_id = c->id;
    return listing(s, req, std::move(spec));
}

result<app::page> tag_page(app::site& s, const http::request& req) {
    auto t = s.db().find_tag_by_slug(req.param("slug"));
    if (!t) {
        return t.error();
    }
    listing_spec spec;
    spec.kind = "Tag";
    spec.title = t->name;
    spec.base_path = tag_path(t->slug);
    spec.list_tag = tag_list_tag(t->id);
    spec.query.tag_id = t->id;
    return listing(s, req, std::move(spec));
}

result<app::page> author_page(app::site& s, const http::request& req) {
    auto u = s.db().find_user_by_slug(req.param("slug"));
    if (!u) {
        return u.error();
    }
    listing_spec spec;
    spec.kind = "Author";
    spec.title = u->name;
    spec.bio = u->bio;
    spec.base_path = author_path(u->slug);
    spec.list_tag = author_list_tag(u->id);
    spec.query.author_id = u->id;
    spec.require_items = true;
    return listing(s, req, std::move(spec));
}

} // namespace gazette::articles
