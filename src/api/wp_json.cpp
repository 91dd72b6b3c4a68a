// wp/v2 handlers: model → WordPress JSON shapes.
#include "api/wp_json.hpp"

#include "api/wp_shapes.hpp"
#include "articles/search.hpp"
#include "articles/service.hpp"
#include "articles/site_pages.hpp"
#include "articles/views.hpp"
#include "comments/text.hpp"
#include "core/text.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <map>


namespace gazette::api {
namespace detail {

app::page json_page(const json::value& v, std::vector<std::string> deps, int status) {
    app::page p;
    p.status = status;
    p.content_type = "application/json; charset=utf-8";
    p.body = json::serialize(v);
    p.deps = std::move(deps);
    p.headers.emplace_back("Access-Control-Allow-Origin", "*");
    p.headers.emplace_back("Access-Control-Expose-Headers", "X-WP-Total, X-WP-TotalPages, Link");
    return p;
}

// WordPress's error shape: {"code": ..., "message": ..., "data": {"status": N}}.
app::page wp_error(int status, std::string_view code, std::string_view message, json::object extra) {
    json::object data{{"status", status}};
    for (auto& [k, v] : extra) {
        data[k] = v;
    }
    auto p = json_page(json::object{{"code", code}, {"message", message}, {"data", std::move(data)}}, {}, status);
    p.cacheable = false;
    return p;
}

using text::to_int;

// An optional integer query parameter; sets err (a WordPress error page) when present but invalid.
std::optional<std::int64_t> int_param(const http::request& req, std::string_view name, std::int64_t lo,
                                      std::int64_t hi, std::optional<app::page>& err) {
    auto v = req.query_param(name);
    if (!v) {
        return std::nullopt;
    }
    auto n = to_int(*v, lo, hi);
    if (!n) {
        err = wp_error(400, "rest_invalid_param", "Invalid parameter(s): " + std::string(name),
                       {{"params", {{std::string(name), std::string(name) + " must be an integer between " +
                                                            std::to_string(lo) + " and " + std::to_string(hi) + "."}}}});
    }
    return n;
}

std::string rendered_paragraph(std::string_view text) {
    return text.empty() ? std::string() : "<p>" + text::html_escape(text) + "</p>\n";
}

// WordPress's names for the statuses (an unpublished story is a draft again to WordPress).
std::string_view wp_status(article_status st) {
    switch (st) {
    case article_status::published: return "publish";
    case article_status::scheduled: return "future";
    case article_status::review: return "pending";
    case article_status::draft:
    case article_status::unpublished: return "draft";
    }
    return "draft";
}

// WordPress's _links: where a client finds the post's author and terms (embeddable with ?_embed).
json::object post_links(const app::site& s, const article& a) {
    const auto api = s.settings()->url + "/wp-json/wp/v2";
    const auto href = [](std::string h) { return json::array{json::object{{"href", std::move(h)}}}; };
    return {{"self", href(fmt::format("{}/posts/{}", api, a.id))},
            {"collection", href(api + "/posts")},
            {"author", json::array{{{"embeddable", true}, {"href", fmt::format("{}/users/{}", api, a.author_id)}}}},
            {"wp:term", json::array{{{"taxonomy", "category"}, {"embeddable", true},
                                     {"href", fmt::format("{}/categories?post={}", api, a.id)}},
                                    {{"taxonomy", "post_tag"}, {"embeddable", true},
                                     {"href", fmt::format("{}/tags?post={}", api, a.id)}}}}};
}

json::object post_json(const app::site& s, const article& a) {
    const auto st = s.settings();
    const std::string link = st->url + articles::article_path(*st->zone, a);
    json::array cats{a.category_id};
    json::array tag_ids;
    for (const auto& t : a.tags) {
        tag_ids.push_back(t.id);
    }
    return {
        {"id", a.id},
        {"date", timefmt::wp_local(*st->zone, a.published_at)},
        {"date_gmt", timefmt::wp_gmt(a.published_at)},
        {"guid", {{"rendered", s.settings()->url + "/?p=" + std::to_string(a.id)}}},
        {"modified", timefmt::wp_local(*st->zone, a.updated_at)},
        {"modified_gmt", timefmt::wp_gmt(a.updated_at)},
        {"slug", a.slug},
        {"status", wp_status(a.status)},
        {"type", "post"},
        {"link", link},
        {"title", {{"rendered", text::html_escape(a.headline)}}},
        {"content", {{"rendered", a.body_html}, {"protected", false}}},
        {"excerpt", {{"rendered", rendered_paragraph(a.standfirst)}, {"protected", false}}},
        {"author", a.author_id},
        {"featured_media", 0},
        {"format", "standard"},
        {"sticky", false},
        {"categories", std::move(cats)},
        {"tags", std::move(tag_ids)},
        {"breaking", a.breaking},
        {"_links", post_links(s, a)},
    };
}

json::object category_json(const app::site& s, const gazette::category& c) {
    return {{"id", c.id},
            {"count", c.count},
            {"description", c.description},
            {"link", s.settings()->url + articles::section_path(c.slug)},
            {"name", c.name},
            {"slug", c.slug},
            {"taxonomy", "category"},
            {"parent", c.parent_id}};
}

json::object tag_json(const app::site& s, const gazette::tag& t) {
    return {{"id", t.id},
            {"count", t.count},
            {"description", ""},
            {"link", s.settings()->url + articles::tag_path(t.slug)},
            {"name", t.name},
            {"slug", t.slug},
            {"taxonomy", "post_tag"}};
}

// Public fields only: never email or role.
json::object user_json(const app::site& s, const gazette::user& u) {
    return {{"id", u.id},
            {"name", u.name},
            {"url", ""},
            {"description", u.bio},
            {"link", s.settings()->url + articles::author_path(u.slug)},
            {"slug", u.slug}};
}

void paging_headers(app::page& p, std::int64_t total, std::int64_t per_page) {
    const std::int64_t pages = total == 0 ? 0 : (total + per_page - 1) / per_page;
    p.headers.emplace_back("X-WP-Total", std::to_string(total));
    p.headers.emplace_back("X-WP-TotalPages", std::to_string(pages));
}

// ?_embed: the post's author and terms inside it, as WordPress embeds them.
result<void> embed(app::site& s, const article& a, json::object& post) {
    auto author = s.db().find_user(a.author_id);
    if (!author) {
        return author.error();
    }
    json::array categories, tags;
    if (auto c = s.db().find_category(a.category_id); c) {
        categories.push_back(category_json(s, *c));
    } else if (c.error() != errc::not_found) {
        return c.error();
    }
    for (const auto& t : a.tags) {
        tags.push_back(tag_json(s, t));
    }
    post["_embedded"] = {{"author", json::array{user_json(s, *author)}},
                         {"wp:term", json::array{std::move(categories), std::move(tags)}}};
    return {};
}

} // namespace detail

using namespace detail;

namespace {

// Paginates an in-memory list (categories, tags, users are small) the way WordPress does.
template <class T, class ToJson>
result<app::page> list_page(const http::request& req, const std::vector<T>& all, ToJson to_json) {
    std::optional<app::page> err;
    const auto per_page = int_param(req, "per_page", 1, max_per_page, err).value_or(default_per_page);
    const auto page_no = int_param(req, "page", 1, 1'000'000, err).value_or(1);
    if (err) {
        return std::move(*err);
    }
    const auto total = static_cast<std::int64_t>(all.size());
    const std::int64_t offset = (page_no - 1) * per_page;
    if (page_no > 1 && offset >= total) {
        return wp_error(400, "rest_invalid_page_number",
                        "The page number requested is larger than the number of pages available.");
    }
    json::array arr;
    for (std::int64_t i = offset; i < std::min(total, offset + per_page); ++i) {
        arr.push_back(to_json(all[static_cast<std::size_t>(i)]));
    }
    auto p = json_page(arr, {articles::all_lists_tag, articles::nav_tag});
    paging_headers(p, total, per_page);
    return p;
}

} // namespace

result<app::page> index(app::site& s, const http::request&) {
    json::object routes;
    const auto methods = [](std::initializer_list<const char*> ms) {
        json::array a;
        for (const auto* m : ms) {
            a.push_back(json::value(m));
        }
        return a;
    };
    for (const auto* r : {"/wp/v2/posts", "/wp/v2/categories", "/wp/v2/tags"}) {
        routes[r] = {{"namespace", "wp/v2"}, {"methods", methods({"GET", "POST"})}};
    }
    for (const auto* r : {"/wp/v2/posts/(?P<id>[\\d]+)", "/wp/v2/tags/(?P<id>[\\d]+)"}) {
        routes[r] = {{"namespace", "wp/v2"}, {"methods", methods({"GET", "POST", "PUT", "PATCH", "DELETE"})}};
    }
    routes["/wp/v2/categories/(?P<id>[\\d]+)"] = {{"namespace", "wp/v2"}, {"methods", methods({"GET", "POST", "PUT", "PATCH"})}};
    for (const auto* r : {"/wp/v2/users", "/wp/v2/users/(?P<id>[\\d]+)", "/wp/v2/comments", "/wp/v2/comments/(?P<id>[\\d]+)",
                          "/wp/v2/media", "/wp/v2/media/(?P<id>[\\d]+)", "/wp/v2/pages", "/wp/v2/search"}) {
        routes[r] = {{"namespace", "wp/v2"}, {"methods", methods({"GET"})}};
    }
    return json_page(json::object{{"name", s.settings()->name},
                                  {"description", s.settings()->tagline},
                                  {"url", s.settings()->url},
                                  {"home", s.settings()->url},
                                  {"namespaces", {"wp/v2"}},
                                  {"routes", std::move(routes)}},
                     {articles::nav_tag});
}

// ?search= on posts: the site search's results, in its order, as posts.
result<app::page> search_posts(app::site& s, const http::request& req, std::string_view terms) {
    std::optional<app::page> err;
    const auto per_page = int_param(req, "per_page", 1, max_per_page, err).value_or(default_per_page);
    const auto page_no = int_param(req, "page", 1, 1'000'000, err).value_or(1);
    if (err) {
        return std::move(*err);
    }
    auto found = s.db().search_published(articles::search_words(terms), per_page, (page_no - 1) * per_page);
    if (!found) {
        return found.error();
    }
    json::array arr;
    std::vector<std::string> deps{articles::all_lists_tag};
    for (const auto& hit : found->items) {
        auto a = s.db().find_article(hit.a.id); // with its body and tags
        if (!a) {
            return a.error();
        }
        auto one = post_json(s, *a);
        if (req.query_param("_embed")) {
            if (auto r = embed(s, *a, one); !r) {
                return r.error();
            }
        }
        arr.push_back(std::move(one));
        deps.push_back(articles::article_tag(a->id));
    }
    auto p = json_page(arr, std::move(deps));
    paging_headers(p, found->total, per_page);
    return p;
}

result<app::page> posts(app::site& s, const http::request& req) {
    if (const auto terms = req.query_param("search"); terms && !text::trim(*terms).empty()) {
        if (terms->size() > articles::max_query_bytes) {
            return wp_error(400, "rest_invalid_param", "Invalid parameter(s): search");
        }
        return search_posts(s, req, *terms);
    }
    std::optional<app::page> err;
    article_query q;
    q.with_body = true;
    q.limit = int_param(req, "per_page", 1, max_per_page, err).value_or(default_per_page);
    const auto page_no = int_param(req, "page", 1, 1'000'000, err).value_or(1);
    q.category_id = int_param(req, "categories", 1, INT64_MAX, err);
    q.tag_id = int_param(req, "tags", 1, INT64_MAX, err);
    q.author_id = int_param(req, "author", 1, INT64_MAX, err);
    if (err) {
        return std::move(*err);
    }
    q.offset = (page_no - 1) * q.limit;
    auto items = s.db().list_published(q);
    if (!items) {
        return items.error();
    }
    if (page_no > 1 && q.offset >= items->total) {
        return wp_error(400, "rest_post_invalid_page_number",
                        "The page number requested is larger than the number of pages available.");
    }
    json::array arr;
    std::vector<std::string> deps{articles::all_lists_tag};
    const bool embedded = req.query_param("_embed").has_value();
    for (const auto& a : items->items) {
        auto one = post_json(s, a);
        if (embedded) {
            if (auto r = embed(s, a, one); !r) {
                return r.error();
            }
        }
        arr.push_back(std::move(one));
        deps.push_back(articles::article_tag(a.id));
    }
    auto p = json_page(arr, std::move(deps));
    paging_headers(p, items->total, q.limit);
    return p;
}

result<app::page> search(app::site& s, const http::request& req) {
    std::optional<app::page> err;
    const auto per_page = int_param(req, "per_page", 1, max_per_page, err).value_or(default_per_page);
    const auto page_no = int_param(req, "page", 1, 1'000'000, err).value_or(1);
    if (err) {
        return std::move(*err);
    }
    const std::string terms(text::trim(req.query_param("search").value_or("")));
    if (terms.size() > articles::max_query_bytes) {
        return wp_error(400, "rest_invalid_param", "Invalid parameter(s): search");
    }
    const auto st = s.settings();
    search_page found;
    if (!terms.empty()) {
        auto r = s.db().search_published(articles::search_words(terms), per_page, (page_no - 1) * per_page);
        if (!r) {
            return r.error();
        }
        found = std::move(*r);
    }
    json::array arr;
    for (const auto& hit : found.items) {
        const auto url = st->url + articles::article_path(*st->zone, hit.a);
        arr.push_back({{"id", hit.a.id},
                       {"title", hit.a.headline},
                       {"url", url},
                       {"type", "post"},
                       {"subtype", "post"},
                       {"_links", {{"self", json::array{{{"embeddable", true},
                                                          {"href", fmt::format("{}/wp-json/wp/v2/posts/{}", st->url,
                                                                               hit.a.id)}}}}}}});
    }
    auto p = json_page(arr, {articles::all_lists_tag});
    paging_headers(p, found.total, per_page);
    return p;
}

result<app::page> post(app::site& s, const http::request& req) {
    const auto id = to_int(req.param("id"), 1, INT64_MAX);
    auto a = id ? s.db().find_article(*id) : result<article>(std::error_code(errc::not_found));
    if (!a || a->status != article_status::published) {
        if (a || a.error() == errc::not_found) {
            return wp_error(404, "rest_post_invalid_id", "Invalid post ID.");
        }
        return a.error();
    }
    auto one = post_json(s, *a);
    if (req.query_param("_embed")) {
        if (auto r = embed(s, *a, one); !r) {
            return r.error();
        }
    }
    return json_page(one, {articles::article_tag(a->id), articles::author_list_tag(a->author_id), articles::nav_tag});
}

namespace {

json::object page_json(const app::site& s, const site_page& pg) {
    const auto st = s.settings();
    std::string_view path(pg.path);
    path.remove_suffix(1);
    return {
        {"id", pg.id},
        {"date", timefmt::wp_local(*st->zone, pg.published_at)},
        {"date_gmt", timefmt::wp_gmt(pg.published_at)},
        {"guid", {{"rendered", st->url + "/?page_id=" + std::to_string(pg.id)}}},
        {"modified", timefmt::wp_local(*st->zone, pg.updated_at)},
        {"modified_gmt", timefmt::wp_gmt(pg.updated_at)},
        {"slug", path.substr(path.rfind('/') + 1)},
        {"status", "publish"},
        {"type", "page"},
        {"link", st->url + pg.path},
        {"title", {{"rendered", text::html_escape(pg.title)}}},
        {"content", {{"rendered", pg.body_html}, {"protected", false}}},
        {"excerpt", {{"rendered", ""}, {"protected", false}}},
        {"author", pg.author_id},
        {"parent", pg.parent_id},
        {"menu_order", pg.menu_order},
        {"featured_media", 0},
        {"_links", {{"self", json::array{{{"href", st->url + "/wp-json/wp/v2/pages/" + std::to_string(pg.id)}}}},
                    {"collection", json::array{{{"href", st->url + "/wp-json/wp/v2/pages"}}}},
                    {"author", json::array{{{"embeddable", true},
                                            {"href", st->url + "/wp-json/wp/v2/users/" + std::to_string(pg.author_id)}}}}}},
    };
}

} // namespace

result<app::page> pages(app::site& s, const http::request& req) {
    // Published pages, in path order (a parent before its children), as WordPress's pages route lists them.
    std::optional<app::page> err;
    const auto per_page = int_param(req, "per_page", 1, max_per_page, err).value_or(default_per_page);
    const auto page_no = int_param(req, "page", 1, 1'000'000, err).value_or(1);
    if (err) {
        return std::move(*err);
    }
    auto all = s.db().list_pages(true);
    if (!all) {
        return all.error();
    }
    const auto total = static_cast<std::int64_t>(all->size());
    if (page_no > 1 && (page_no - 1) * per_page >= total) {
        return wp_error(400, "rest_post_invalid_page_number",
                        "The page number requested is larger than the number of pages available.");
    }
    json::array arr;
    for (auto i = (page_no - 1) * per_page; i < std::min(total, page_no * per_page); ++i) {
        arr.push_back(page_json(s, (*all)[static_cast<std::size_t>(i)]));
    }
    auto p = json_page(arr, {articles::pages_tag});
    paging_headers(p, total, per_page);
    return p;
}

result<app::page> page(app::site& s, const http::request& req) {
    const auto id = to_int(req.param("id"), 1, INT64_MAX);
    auto pg = id ? s.db().find_page(*id) : result<site_page>(std::error_code(errc::not_found));
    if (!pg || !pg->published) {
        if (!pg && pg.error() != errc::not_found) {
            return pg.error();
        }
        return wp_error(404, "rest_post_invalid_id", "Invalid post ID.");
    }
    return json_page(page_json(s, *pg), {articles::pages_tag});
}

namespace {

json::object media_json(const app::site& s, const media_item& m) {
    const auto st = s.settings();
    return {{"id", m.id},
            {"date", timefmt::wp_local(*st->zone, m.created_at)},
            {"date_gmt", timefmt::wp_gmt(m.created_at)},
            {"slug", text::slugify(m.filename)},
            {"type", "attachment"},
            {"link", st->url + m.path},
            {"title", {{"rendered", text::html_escape(m.filename)}}},
            {"author", m.uploaded_by},
            {"alt_text", m.alt},
            {"media_type", m.mime.starts_with("image/") ? "image" : "file"},
            {"mime_type", m.mime},
            {"source_url", st->url + m.path},
            {"media_details", {{"filesize", m.bytes}}}};
}

} // namespace

result<app::page> media(app::site& s, const http::request& req) {
    std::optional<app::page> err;
    const auto per_page = int_param(req, "per_page", 1, max_per_page, err).value_or(default_per_page);
    const auto page_no = int_param(req, "page", 1, 1'000'000, err).value_or(1);
    if (err) {
        return std::move(*err);
    }
    auto total = s.db().count_media();
    if (!total) {
        return total.error();
    }
    auto list = s.db().list_media(per_page, (page_no - 1) * per_page);
    if (!list) {
        return list.error();
    }
    json::array arr;
    for (const auto& m : *list) {
        arr.push_back(media_json(s, m));
    }
    auto p = json_page(arr, {});
    p.cacheable = false; // uploads change it, and they tell no cache tag
    paging_headers(p, *total, per_page);
    return p;
}

result<app::page> media_item_json(app::site& s, const http::request& req) {
    const auto id = to_int(req.param("id"), 1, INT64_MAX);
    auto m = id ? s.db().find_media(*id) : result<media_item>(std::error_code(errc::not_found));
    if (!m) {
        if (m.error() == errc::not_found) {
            return wp_error(404, "rest_post_invalid_id", "Invalid post ID.");
        }
        return m.error();
    }
    auto p = json_page(media_json(s, *m), {});
    p.cacheable = false;
    return p;
}

result<app::page> categories(app::site& s, const http::request& req) {
    auto all = s.db().list_categories();
    if (!all) {
        return all.error();
    }
    return list_page(req, *all, [&](const gazette::category& c) { return category_json(s, c); });
}

result<app::page> category(app::site& s, const http::request& req) {
    const auto id = to_int(req.param("id"), 1, INT64_MAX);
    auto all = s.db().list_categories();
    if (!all) {
        return all.error();
    }
    for (const auto& c : *all) {
        if (id && c.id == *id) {
            return json_page(category_json(s, c), {articles::all_lists_tag, articles::nav_tag});
        }
    }
    return wp_error(404, "rest_term_invalid", "Term does not exist.");
}

result<app::page> tags(app::site& s, const http::request& req) {
    auto all = s.db().list_tags();
    if (!all) {
        return all.error();
    }
    return list_page(req, *all, [&](const gazette::tag& t) { return tag_json(s, t); });
}

result<app::page> tag(app::site& s, const http::request& req) {
    const auto id = to_int(req.param("id"), 1, INT64_MAX);
    auto all = s.db().list_tags();
    if (!all) {
        return all.error();
    }
    for (const auto& t : *all) {
        if (id && t.id == *id) {
            return json_page(tag_json(s, t), {articles::all_lists_tag});
        }
    }
    return wp_error(404, "rest_term_invalid", "Term does not exist.");
}

result<app::page> users(app::site& s, const http::request& req) {
    auto all = s.db().list_authors();
    if (!all) {
        return all.error();
    }
    return list_page(req, *all, [&](const gazette::user& u) { return user_json(s, u); });
}

result<app::page> user(app::site& s, const http::request& req) {
    const auto id = to_int(req.param("id"), 1, INT64_MAX);
    auto all = s.db().list_authors(); // only people with published work are public
    if (!all) {
        return all.error();
    }
    for (const auto& u : *all) {
        if (id && u.id == *id) {
            return json_page(user_json(s, u), {articles::all_lists_tag});
        }
    }
    return wp_error(404, "rest_user_invalid_id", "Invalid user ID.");
}

namespace detail {

// A comment as WordPress shows it to anyone: never the email, the address or the browser.
json::object comment_json(const app::site& s, const gazette::comment& c, const article* a) {
    const auto st = s.settings();
    json::object o{{"id", c.id},
                   {"post", c.article_id},
                   {"parent", c.parent_id},
                   {"author", c.user_id},
                   {"author_name", c.erased ? std::string("[deleted]") : c.author_name},
                   {"author_url", c.erased ? std::string() : c.author_url},
                   {"date", timefmt::wp_local(*st->zone, c.created_at)},
                   {"date_gmt", timefmt::wp_gmt(c.created_at)},
                   {"content", {{"rendered", comments::to_html(c.erased ? std::string("[deleted]") : c.body)}}},
                   {"status", "approved"},
                   {"type", "comment"}};
    if (a) {
        o["link"] = st->url + articles::article_path(*st->zone, *a) + "#comment-" + std::to_string(c.id);
    }
    return o;
}

} // namespace detail

result<app::page> comments(app::site& s, const http::request& req) {
    std::optional<app::page> err;
    comment_query q;
    q.status = comment_status::approved;
    q.limit = int_param(req, "per_page", 1, max_per_page, err).value_or(default_per_page);
    const auto page_no = int_param(req, "page", 1, 1'000'000, err).value_or(1);
    q.article_id = int_param(req, "post", 1, INT64_MAX, err);
    if (err) {
        return std::move(*err);
    }
    q.offset = (page_no - 1) * q.limit;
    if (q.article_id) {
        auto a = s.db().find_article(*q.article_id);
        if (!a || a->status != article_status::published) {
            if (a || a.error() == errc::not_found) {
                return wp_error(404, "rest_post_invalid_id", "Invalid post ID.");
            }
            return a.error();
        }
    }
    auto items = s.db().list_comments(q);
    if (!items) {
        return items.error();
    }
    json::array arr;
    std::map<id_t, std::optional<article>> articles_seen;
    for (const auto& c : items->items) {
        auto& a = articles_seen[c.article_id];
        if (!a) {
            if (auto found = s.db().find_article(c.article_id); found && found->status == article_status::published) {
                a = std::move(*found);
            } else {
                continue; // the article was taken down: its comments are not public either
            }
        }
        arr.push_back(comment_json(s, c, &*a));
    }
    auto p = json_page(arr, {});
    p.cacheable = false; // comments change one by one; they are cheap to list
    paging_headers(p, items->total, q.limit);
    return p;
}

result<app::page> comment(app::site& s, const http::request& req) {
    const auto id = to_int(req.param("id"), 1, INT64_MAX);
    auto c = id ? s.db().find_comment(*id) : result<gazette::comment>(std::error_code(errc::not_found));
    if (c && c->status == comment_status::approved) {
        if (auto a = s.db().find_article(c->article_id); a && a->status == article_status::published) {
            auto p = json_page(comment_json(s, *c, &*a), {});
            p.cacheable = false;
            return p;
        }
    } else if (!c && c.error() != errc::not_found) {
        return c.error();
    }
    return wp_error(404, "rest_comment_invalid_id", "Invalid comment ID.");
}

} // namespace gazette::api
