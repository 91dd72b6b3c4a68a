// wp/v2 writes: posts, categories and tags, for clients authenticated with an application password.
// Requests carry JSON (or form fields, as WordPress also accepts); answers and errors have WordPress's
// shapes and codes. Every change goes through articles::service (validation, cache, events), as the
// newsroom's own.
#include "api/wp_json.hpp"

#include "accounts/app_passwords.hpp"
#include "admin/editor.hpp"
#include "admin/sections.hpp"
#include "api/wp_shapes.hpp"
#include "articles/service.hpp"
#include "articles/views.hpp"
#include "comments/pipeline.hpp"
#include "comments/writer.hpp"
#include "core/text.hpp"
#include "http/forms.hpp"

#include <spdlog/spdlog.h>

#include <variant>

namespace gazette::api {

using namespace detail;

namespace {

// The person behind the request's application password, or the WordPress error to answer with.
// Only Basic credentials count: a newsroom cookie alone does not make an API write (no CSRF token here).
std::variant<gazette::user, app::page> authenticate(app::site& s, const http::request& req, std::string_view action) {
    std::string account;
    const auto authorization = req.header("Authorization");
    auto who = accounts::check_basic(s.db(), authorization, s.now(), account);
    if (who) {
        s.throttle().succeeded(account);
        return std::move(*who);
    }
    if (who.error() == errc::not_found) {
        return wp_error(401, fmt::format("rest_cannot_{}", action),
                        "Sorry, you are not allowed to do that. Authenticate with an application password.");
    }
    if (who.error() != errc::forbidden) {
        spdlog::error("checking an application password failed: {}", who.error().message());
        return wp_error(500, "internal_server_error", "The credentials could not be checked. Try again.");
    }
    if (const auto wait = s.throttle().retry_after(account, req.remote_address); wait > 0) {
        auto p = wp_error(429, "too_many_requests", "Too many failed attempts. Try again later.");
        p.headers.emplace_back("Retry-After", std::to_string(wait));
        return p;
    }
    s.throttle().failed(account, req.remote_address);
    return wp_error(401, "incorrect_password", "The provided password is an invalid application password.");
}

// The request's fields, from JSON or a form. Values are JSON (strings from a form).
std::optional<json::object> body_fields(const http::request& req) {
    const auto type = req.header("Content-Type");
    if (type.starts_with("application/json")) {
        boost::system::error_code ec;
        auto v = json::parse(req.body, ec);
        if (ec || !v.is_object()) {
            return std::nullopt;
        }
        return std::move(v.as_object());
    }
    json::object out;
    if (req.body.empty()) {
        return out;
    }
    auto f = http::parse_form(req.body);
    if (!f) {
        return std::nullopt;
    }
    for (const auto& [k, v] : *f) {
        out[k] = v;
    }
    return out;
}

// A text field that WordPress also takes as {"raw": "..."}.
std::optional<std::string> text_field(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v) {
        return std::nullopt;
    }
    if (v->is_string()) {
        return std::string(v->as_string());
    }
    if (v->is_object()) {
        if (const auto* raw = v->as_object().if_contains("raw"); raw && raw->is_string()) {
            return std::string(raw->as_string());
        }
    }
    return std::string();
}

// A list of ids, as [1,2], "1,2" or 3.
std::optional<std::vector<id_t>> id_list(const json::value& v) {
    std::vector<id_t> out;
    if (v.is_int64() && v.as_int64() > 0) {
        out.push_back(v.as_int64());
    } else if (v.is_array()) {
        for (const auto& x : v.as_array()) {
            if (!x.is_int64() || x.as_int64() <= 0) {
                return std::nullopt;
            }
            out.push_back(x.as_int64());
        }
    } else if (v.is_string()) {
        for (const auto part : text::split(std::string_view(v.as_string()), ',')) {
            const auto n = text::to_int(text::trim(part), 1, INT64_MAX);
            if (!n) {
                return std::nullopt;
            }
            out.push_back(*n);
        }
    } else {
        return std::nullopt;
    }
    return out;
}

std::optional<bool> bool_field(const json::value& v) {
    if (v.is_bool()) {
        return v.as_bool();
    }
    if (v.is_string()) {
        const std::string_view s = v.as_string();
        if (s == "true" || s == "1") {
            return true;
        }
        if (s == "false" || s == "0" || s.empty()) {
            return false;
        }
    }
    if (v.is_int64()) {
        return v.as_int64() != 0;
    }
    return std::nullopt;
}

// What the {id} in the address names, found by find; errc::not_found for a malformed id too.
template <class Find>
auto named_by_id(const http::request& req, Find find) -> decltype(find(id_t{})) {
    const auto id = text::to_int(req.param("id"), 1, INT64_MAX);
    return id ? find(*id) : decltype(find(id_t{}))(std::error_code(errc::not_found));
}

// A write's answer: never cached.
app::page written(const json::value& v, int status = 200) {
    auto p = json_page(v, {}, status);
    p.cacheable = false;
    return p;
}

app::page invalid_param(std::string_view name, std::string_view why) {
    return wp_error(400, "rest_invalid_param", fmt::format("Invalid parameter(s): {}", name),
                    {{"params", {{std::string(name), std::string(why)}}}});
}

// Applies the request's fields to a draft. An error page when a field is wrong.
std::optional<app::page> apply_fields(app::site& s, const json::object& o, const gazette::user& who, articles::draft& d,
                                      bool creating) {
    if (auto t = text_field(o, "title")) {
        d.headline = *t;
    }
    if (auto c = text_field(o, "content")) {
        d.body_md = *c;
    }
    if (auto e = text_field(o, "excerpt")) {
        d.standfirst = std::string(text::trim(*e));
    }
    if (auto slug = text_field(o, "slug")) {
        d.slug = *slug;
    }
    if (const auto* v = o.if_contains("status")) {
        const std::string_view st = v->is_string() ? std::string_view(v->as_string()) : "";
        if (st == "publish") {
            d.status = article_status::published;
        } else if (st == "draft") {
            d.status = article_status::draft;
        } else if (st == "pending") {
            d.status = article_status::review;
        } else if (st == "future") {
            d.status = article_status::scheduled;
        } else {
            return invalid_param("status", "status is not one of publish, future, draft, pending.");
        }
    }
    for (const char* key : {"date_gmt", "date"}) {
        if (const auto* v = o.if_contains(key); v && !v->is_null()) {
            const std::string_view text = v->is_string() ? std::string_view(v->as_string()) : "";
            auto t = std::string_view(key) == "date_gmt" ? timefmt::parse_iso8601(text)
                                                          : timefmt::parse_datetime_local(*s.settings()->zone, text);
            if (!t && std::string_view(key) == "date") {
                t = timefmt::parse_iso8601(text);
            }
            if (!t) {
                return invalid_param(key, "Invalid date.");
            }
            d.published_at = *t;
            break;
        }
    }
    if (const auto* v = o.if_contains("categories")) {
        const auto ids = id_list(*v);
        if (!ids || ids->empty()) {
            return invalid_param("categories", "categories is not a list of section ids.");
        }
        if (auto c = s.db().find_category(ids->front()); !c) {
            return invalid_param("categories", "There is no section with that id.");
        }
        d.category_id = ids->front(); // a story has one section: the first
    } else if (creating) {
        auto cats = s.db().list_categories();
        if (cats && !cats->empty()) {
            d.category_id = cats->front().id;
        }
    }
    if (const auto* v = o.if_contains("tags")) {
        const auto ids = id_list(*v);
        if (!ids) {
            return invalid_param("tags", "tags is not a list of tag ids.");
        }
        d.tags.clear();
        for (const id_t id : *ids) {
            auto t = s.db().find_tag(id);
            if (!t) {
                return invalid_param("tags", fmt::format("There is no tag {}.", id));
            }
            d.tags.push_back(t->name);
        }
    }
    if (const auto* v = o.if_contains("breaking")) {
        const auto b = bool_field(*v);
        if (!b) {
            return invalid_param("breaking", "breaking is not of type boolean.");
        }
        d.breaking = *b;
    }
    if (const auto* v = o.if_contains("author")) {
        const auto id = v->is_int64() ? std::optional<id_t>(v->as_int64()) : std::nullopt;
        if (!id) {
            return invalid_param("author", "author is not of type integer.");
        }
        if (*id != who.id && !admin::may_publish(who.role_)) {
            return wp_error(403, "rest_cannot_edit_others", "Sorry, you are not allowed to post as this user.");
        }
        d.author_id = *id;
    }
    if (d.status == article_status::scheduled && d.published_at <= s.now()) {
        return invalid_param("date", "A post scheduled for the future needs a date in the future.");
    }
    if (!admin::may_set(who.role_, d.status)) {
        return wp_error(403, "rest_cannot_publish", "Sorry, you are not allowed to publish posts in this post type.");
    }
    return std::nullopt;
}

app::page field_errors_page(const articles::field_errors& errors) {
    json::object params;
    for (const auto& e : errors) {
        params[e.field == "headline" ? "title" : e.field == "body" ? "content" : e.field == "section" ? "categories" : e.field] =
            e.message;
    }
    std::string names;
    for (const auto& p : params) {
        names += (names.empty() ? "" : ", ") + std::string(p.key());
    }
    return wp_error(400, "rest_invalid_param", "Invalid parameter(s): " + names, {{"params", std::move(params)}});
}

bool staff_writer(role r) { return r == role::admin || r == role::editor || r == role::author; }

result<app::page> post_answer(app::site& s, id_t id, int status) {
    auto a = s.db().find_article(id);
    if (!a) {
        return a.error();
    }
    auto p = json_page(post_json(s, *a), {}, status);
    p.cacheable = false;
    if (status == 201) {
        p.headers.emplace_back("Location", fmt::format("{}/wp-json/wp/v2/posts/{}", s.settings()->url, id));
    }
    return p;
}

} // namespace

result<app::page> create_post(app::site& s, const http::request& req) {
    auto auth = authenticate(s, req, "create");
    if (auto* refusal = std::get_if<app::page>(&auth)) {
        return std::move(*refusal);
    }
    const auto& who = std::get<gazette::user>(auth);
    if (!staff_writer(who.role_)) {
        return wp_error(403, "rest_cannot_create", "Sorry, you are not allowed to create posts as this user.");
    }
    const auto o = body_fields(req);
    if (!o) {
        return wp_error(400, "rest_invalid_json", "Invalid JSON body passed.");
    }
    articles::draft d;
    d.author_id = who.id;
    d.saved_by = who.id;
    if (auto refusal = apply_fields(s, *o, who, d, true)) {
        return std::move(*refusal);
    }
    articles::service svc(s.db(), &s.cache(), s.clock(), s.article_observer());
    articles::field_errors errors;
    auto id = svc.create(d, errors);
    if (!id) {
        if (id.error() == errc::invalid && !errors.empty()) {
            return field_errors_page(errors);
        }
        return id.error();
    }
    if (d.status == article_status::scheduled) {
        s.schedule_changed();
    }
    spdlog::info("post {} created through the API by user {}", *id, who.id);
    return post_answer(s, *id, 201);
}

result<app::page> update_post(app::site& s, const http::request& req) {
    auto auth = authenticate(s, req, "edit");
    if (auto* refusal = std::get_if<app::page>(&auth)) {
        return std::move(*refusal);
    }
    const auto& who = std::get<gazette::user>(auth);
    auto a = named_by_id(req, [&](id_t id) { return s.db().find_article(id); });
    if (!a) {
        if (a.error() == errc::not_found) {
            return wp_error(404, "rest_post_invalid_id", "Invalid post ID.");
        }
        return a.error();
    }
    if (!staff_writer(who.role_) ||
        (!admin::may_publish(who.role_) && (a->author_id != who.id || !admin::may_set(who.role_, a->status)))) {
        return wp_error(403, "rest_cannot_edit", "Sorry, you are not allowed to edit this post.");
    }
    const auto o = body_fields(req);
    if (!o) {
        return wp_error(400, "rest_invalid_json", "Invalid JSON body passed.");
    }
    auto d = articles::draft_of(*a);
    d.saved_by = who.id;
    if (auto refusal = apply_fields(s, *o, who, d, false)) {
        return std::move(*refusal);
    }
    articles::service svc(s.db(), &s.cache(), s.clock(), s.article_observer());
    articles::field_errors errors;
    if (auto r = svc.update(a->id, d, errors); !r) {
        if (r.error() == errc::invalid && !errors.empty()) {
            return field_errors_page(errors);
        }
        return r.error();
    }
    if (d.status == article_status::scheduled) {
        s.schedule_changed();
    }
    return post_answer(s, a->id, 200);
}

result<app::page> delete_post(app::site& s, const http::request& req) {
    auto auth = authenticate(s, req, "delete");
    if (auto* refusal = std::get_if<app::page>(&auth)) {
        return std::move(*refusal);
    }
    const auto& who = std::get<gazette::user>(auth);
    auto a = named_by_id(req, [&](id_t id) { return s.db().find_article(id); });
    if (!a) {
        if (a.error() == errc::not_found) {
            return wp_error(404, "rest_post_invalid_id", "Invalid post ID.");
        }
        return a.error();
    }
    if (!admin::may_publish(who.role_) &&
        !(who.role_ == role::author && a->author_id == who.id && a->status != article_status::published)) {
        return wp_error(403, "rest_cannot_delete", "Sorry, you are not allowed to delete this post.");
    }
    const auto force = req.query_param("force");
    if (!force || (*force != "true" && *force != "1")) {
        return wp_error(501, "rest_trash_not_supported",
                        "Posts do not have a trash here. Set 'force=true' to delete, or unpublish it instead.");
    }
    auto previous = post_json(s, *a);
    articles::service svc(s.db(), &s.cache(), s.clock(), s.article_observer());
    if (auto r = svc.remove(a->id); !r) {
        return r.error();
    }
    spdlog::info("post {} deleted through the API by user {}", a->id, who.id);
    return written(json::object{{"deleted", true}, {"previous", std::move(previous)}});
}

// ---- comments (readers) --------------------------------------------------------------------------------

result<app::page> create_comment(app::site& s, const http::request& req) {
    const auto o = body_fields(req);
    if (!o) {
        return wp_error(400, "rest_invalid_json", "Invalid JSON body passed.");
    }
    const auto number = [&](std::string_view key) -> std::string {
        const auto* v = o->if_contains(key);
        return !v ? std::string() : v->is_int64() ? std::to_string(v->as_int64()) : v->is_string() ? std::string(v->as_string()) : "x";
    };
    comments::form f;
    f.post_id = number("post");
    f.parent = number("parent");
    f.comment = text_field(*o, "content").value_or("");
    f.author = text_field(*o, "author_name").value_or("");
    f.email = text_field(*o, "author_email").value_or("");
    f.url = text_field(*o, "author_url").value_or("");
    const auto post_id = text::to_int(f.post_id, 1, INT64_MAX);
    const auto parent = f.parent.empty() ? std::optional<std::int64_t>(0) : text::to_int(f.parent, 0, INT64_MAX);
    if (!post_id) {
        return wp_error(403, "rest_comment_invalid_post_id", "Sorry, you are not allowed to create this comment without a post.");
    }
    if (!parent) {
        return invalid_param("parent", "parent is not of type integer.");
    }
    auto a = s.db().find_article(*post_id);
    if (!a || a->status != article_status::published) {
        if (a || a.error() == errc::not_found) {
            return wp_error(403, "rest_comment_invalid_post_id", "Sorry, you are not allowed to create this comment without a post.");
        }
        return a.error();
    }
    const auto st = s.settings();
    if (comments::closed(*a, *st, s.now())) {
        return wp_error(403, "rest_comment_closed", "Sorry, comments are closed for this item.");
    }
    gazette::comment c;
    c.article_id = a->id;
    c.parent_id = *parent;
    if (auto errors = comments::check(f, *st, c); !errors.empty()) {
        json::object params;
        for (const auto& e : errors) {
            params[e.field == "comment" ? "content" : e.field == "author" ? "author_name" : e.field == "email" ? "author_email" : "author_url"] =
                e.message;
        }
        const bool content = params.contains("content");
        return wp_error(400, content ? "rest_comment_content_invalid" : "rest_comment_author_data_required",
                        content ? "Invalid comment content." : "Creating a comment requires valid author name and email values.",
                        {{"params", std::move(params)}});
    }
    c.ip = req.remote_address;
    c.user_agent = std::string(req.header("User-Agent").substr(0, 512));
    comment_candidate cand;
    cand.verdict = comments::judge(c, f, *st);
    cand.flood_seconds = st->comments_flood_seconds;
    cand.max_depth = static_cast<int>(st->comments_thread_depth);
    cand.c = c;
    auto outcome = s.comment_writer().submit(std::move(cand));
    if (!outcome) {
        return outcome.error();
    }
    using k = comment_outcome::kind;
    switch (outcome->what) {
    case k::duplicate: return wp_error(409, "comment_duplicate", "Duplicate comment detected; it looks as though you've already said that!");
    case k::flood: return wp_error(400, "comment_flood", "You are posting comments too quickly. Slow down.");
    case k::closed: return wp_error(403, "rest_comment_closed", "Sorry, comments are closed for this item.");
    case k::bad_parent: return invalid_param("parent", "Invalid comment parent.");
    case k::stored: break;
    }
    const bool published = outcome->status == comment_status::approved;
    if (published) {
        s.cache().invalidate({articles::article_tag(a->id)});
    } else {
        s.comment_queued(outcome->id);
    }
    spdlog::info("comment {} on article {} through the API: {}", outcome->id, a->id, to_string(outcome->status));
    auto stored = s.db().find_comment(outcome->id);
    if (!stored) {
        return stored.error();
    }
    auto out = comment_json(s, *stored, &*a);
    out["status"] = published ? "approved" : outcome->status == comment_status::spam ? "spam" : "hold";
    auto p = json_page(out, {}, 201);
    p.cacheable = false;
    p.headers.emplace_back("Location", fmt::format("{}/wp-json/wp/v2/comments/{}", st->url, outcome->id));
    return p;
}

// ---- sections and tags (editors and admins) -----------------------------------------------------------

namespace {

struct term_fields {
    std::string name, slug, description;
    id_t parent = 0;
    bool has_name = false, has_slug = false, has_description = false, has_parent = false;
};

std::variant<term_fields, app::page> read_term(const http::request& req) {
    const auto o = body_fields(req);
    if (!o) {
        return wp_error(400, "rest_invalid_json", "Invalid JSON body passed.");
    }
    term_fields t;
    if (auto v = text_field(*o, "name")) {
        t.name = std::string(text::trim(*v));
        t.has_name = true;
    }
    if (auto v = text_field(*o, "slug")) {
        t.slug = text::slugify(*v);
        t.has_slug = !t.slug.empty();
    }
    if (auto v = text_field(*o, "description")) {
        t.description = std::string(text::trim(*v));
        t.has_description = true;
    }
    if (const auto* v = o->if_contains("parent")) {
        const auto n = v->is_int64() ? std::optional<std::int64_t>(v->as_int64())
                       : v->is_string() ? text::to_int(v->as_string(), 0, INT64_MAX)
                                        : std::nullopt;
        if (!n || *n < 0) {
            return invalid_param("parent", "parent is not of type integer.");
        }
        t.parent = *n;
        t.has_parent = true;
    }
    if (t.has_name && (t.name.empty() || t.name.size() > 200 || !text::clean_text(t.name, false))) {
        return invalid_param("name", "A name of 1 to 200 characters.");
    }
    if (t.description.size() > 2000) {
        return invalid_param("description", "At most 2,000 characters.");
    }
    return t;
}

std::optional<app::page> editors_only(const std::variant<gazette::user, app::page>& auth, std::string_view action) {
    if (const auto* refusal = std::get_if<app::page>(&auth)) {
        return *refusal;
    }
    if (!admin::may_publish(std::get<gazette::user>(auth).role_)) {
        return wp_error(403, fmt::format("rest_cannot_{}", action), "Sorry, you are not allowed to manage terms in this taxonomy.");
    }
    return std::nullopt;
}

app::page term_exists(std::string_view slug) {
    return wp_error(400, "term_exists", "A term with the name provided already exists in this taxonomy.",
                    {{"slug", slug}});
}

void lists_changed(app::site& s) { s.cache().invalidate({articles::all_lists_tag, articles::nav_tag}); }

} // namespace

result<app::page> create_category(app::site& s, const http::request& req) {
    const auto auth = authenticate(s, req, "create");
    if (auto refusal = editors_only(auth, "create")) {
        return std::move(*refusal);
    }
    auto fields = read_term(req);
    if (auto* refusal = std::get_if<app::page>(&fields)) {
        return std::move(*refusal);
    }
    auto& t = std::get<term_fields>(fields);
    if (!t.has_name) {
        return wp_error(400, "rest_missing_callback_param", "Missing parameter(s): name", {{"params", json::array{"name"}}});
    }
    gazette::category c;
    c.name = t.name;
    c.slug = t.has_slug ? t.slug : text::slugify(t.name);
    c.description = t.description;
    auto all = s.db().list_categories();
    if (!all) {
        return all.error();
    }
    c.position = static_cast<int>(all->size()) + 1;
    c.parent_id = t.parent;
    if (!admin::section_parent_problem(*all, 0, c.parent_id).empty()) {
        return wp_error(400, "rest_term_invalid", "Parent term does not exist.");
    }
    auto id = s.db().insert_category(c);
    if (!id) {
        return id.error() == errc::conflict ? term_exists(c.slug) : result<app::page>(id.error());
    }
    lists_changed(s);
    auto stored = s.db().find_category(*id);
    if (!stored) {
        return stored.error();
    }
    return written(category_json(s, *stored), 201);
}

result<app::page> update_category(app::site& s, const http::request& req) {
    const auto auth = authenticate(s, req, "edit");
    if (auto refusal = editors_only(auth, "edit")) {
        return std::move(*refusal);
    }
    auto c = named_by_id(req, [&](id_t id) { return s.db().find_category(id); });
    if (!c) {
        return c.error() == errc::not_found ? wp_error(404, "rest_term_invalid", "Term does not exist.")
                                            : result<app::page>(c.error());
    }
    auto fields = read_term(req);
    if (auto* refusal = std::get_if<app::page>(&fields)) {
        return std::move(*refusal);
    }
    auto& t = std::get<term_fields>(fields);
    if (t.has_name) {
        c->name = t.name;
    }
    if (t.has_slug) {
        c->slug = t.slug;
    }
    if (t.has_description) {
        c->description = t.description;
    }
    if (t.has_parent) {
        auto all = s.db().list_categories();
        if (!all) {
            return all.error();
        }
        if (!admin::section_parent_problem(*all, c->id, t.parent).empty()) {
            return wp_error(400, "rest_term_invalid", "Parent term does not exist.");
        }
        c->parent_id = t.parent;
    }
    if (auto r = s.db().update_category(*c); !r) {
        return r.error() == errc::conflict ? term_exists(c->slug) : result<app::page>(r.error());
    }
    s.cache().clear(); // a section's name and address are on every page (the menu) and every card
    return written(category_json(s, *c));
}

result<app::page> create_tag(app::site& s, const http::request& req) {
    const auto auth = authenticate(s, req, "create");
    if (auto refusal = editors_only(auth, "create")) {
        return std::move(*refusal);
    }
    auto fields = read_term(req);
    if (auto* refusal = std::get_if<app::page>(&fields)) {
        return std::move(*refusal);
    }
    auto& t = std::get<term_fields>(fields);
    if (!t.has_name) {
        return wp_error(400, "rest_missing_callback_param", "Missing parameter(s): name", {{"params", json::array{"name"}}});
    }
    const auto slug = t.has_slug ? t.slug : text::slugify(t.name);
    auto id = s.db().insert_tag(slug, t.name);
    if (!id) {
        return id.error() == errc::conflict ? term_exists(slug) : result<app::page>(id.error());
    }
    return written(tag_json(s, gazette::tag{*id, slug, t.name, 0}), 201);
}

result<app::page> update_tag(app::site& s, const http::request& req) {
    const auto auth = authenticate(s, req, "edit");
    if (auto refusal = editors_only(auth, "edit")) {
        return std::move(*refusal);
    }
    auto t0 = named_by_id(req, [&](id_t id) { return s.db().find_tag(id); });
    if (!t0) {
        return t0.error() == errc::not_found ? wp_error(404, "rest_term_invalid", "Term does not exist.")
                                             : result<app::page>(t0.error());
    }
    auto fields = read_term(req);
    if (auto* refusal = std::get_if<app::page>(&fields)) {
        return std::move(*refusal);
    }
    auto& t = std::get<term_fields>(fields);
    const auto name = t.has_name ? t.name : t0->name;
    const auto slug = t.has_slug ? t.slug : t0->slug;
    if (auto r = s.db().update_tag(t0->id, slug, name); !r) {
        return r.error() == errc::conflict ? term_exists(slug) : result<app::page>(r.error());
    }
    s.cache().clear(); // tag names are on cards and article pages
    return written(tag_json(s, gazette::tag{t0->id, slug, name, 0}));
}

result<app::page> delete_tag(app::site& s, const http::request& req) {
    const auto auth = authenticate(s, req, "delete");
    if (auto refusal = editors_only(auth, "delete")) {
        return std::move(*refusal);
    }
    auto t = named_by_id(req, [&](id_t id) { return s.db().find_tag(id); });
    if (!t) {
        return t.error() == errc::not_found ? wp_error(404, "rest_term_invalid", "Term does not exist.")
                                            : result<app::page>(t.error());
    }
    const auto force = req.query_param("force");
    if (!force || (*force != "true" && *force != "1")) {
        return wp_error(501, "rest_trash_not_implemented", "Terms do not support trashing. Set 'force=true' to delete.");
    }
    auto previous = tag_json(s, *t);
    if (auto r = s.db().delete_tag(t->id); !r) {
        return r.error();
    }
    s.cache().clear();
    return written(json::object{{"deleted", true}, {"previous", std::move(previous)}});
}

} // namespace gazette::api
