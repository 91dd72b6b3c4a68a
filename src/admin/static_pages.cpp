// The newsroom's pages.
#include "admin/static_pages.hpp"

#include "admin/pages.hpp"
#include "articles/site_pages.hpp"
#include "core/text.hpp"
#include "http/forms.hpp"
#include "render/markdown.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <set>

namespace gazette::admin {
namespace {

namespace json = boost::json;

constexpr std::size_t max_title = 300;
constexpr std::size_t max_body = 200'000;

struct page_form {
    std::string title, path, body, status = "draft", order = "0", parent = "0";
};

page_form from_post(const http::form& p) {
    return {std::string(http::field(p, "title")), std::string(http::field(p, "path")),
            std::string(http::field(p, "body")),  std::string(http::field(p, "status")),
            std::string(http::field(p, "order")), std::string(http::field(p, "parent"))};
}

page_form form_of(const site_page& p) {
    return {p.title, p.path, p.body_md, p.published ? "published" : "draft", std::to_string(p.menu_order),
            std::to_string(p.parent_id)};
}

// Checks the form into p (keeping p's id, author and dates); errors by field.
std::vector<std::pair<std::string, std::string>> check(app::site& s, const page_form& f, const accounts::signed_in& who,
                                                       site_page& p) {
    std::vector<std::pair<std::string, std::string>> errors;
    p.title = std::string(text::trim(f.title));
    if (p.title.empty() || p.title.size() > max_title) {
        errors.emplace_back("title", "A page needs a title of at most 300 characters.");
    }
    std::string path(text::trim(f.path));
    if (path.empty() && !p.title.empty()) {
        path = fmt::format("/{}/", text::slugify(p.title));
    }
    if (!path.starts_with('/')) {
        path.insert(path.begin(), '/');
    }
    if (!path.ends_with('/')) {
        path.push_back('/');
    }
    p.path = path;
    if (auto why = page_path_problem(p.path); !why.empty()) {
        errors.emplace_back("path", why);
    }
    if (f.body.size() > max_body) {
        errors.emplace_back("body", "A page can be at most 200,000 characters long.");
    }
    p.body_md = f.body;
    p.body_html = render::render_markdown(p.body_md, may_use_raw_html(who.who.role_) ? render::html_policy::allow
                                                                                    : render::html_policy::escape)
                      .html;
    if (f.status != "draft" && f.status != "published") {
        errors.emplace_back("status", "Choose draft or published.");
    }
    const bool publishing = f.status == "published" && !p.published;
    p.published = f.status == "published";
    if (publishing) {
        p.published_at = s.now();
    }
    if (const auto n = text::to_int(text::trim(f.order), 0, 1000)) {
        p.menu_order = static_cast<int>(*n);
    } else {
        errors.emplace_back("order", "Use a whole number from 0 to 1000 (lower comes first).");
    }
    const auto parent = text::to_int(text::trim(f.parent), 0, INT64_MAX);
    p.parent_id = parent.value_or(0);
    if (p.parent_id != 0) {
        // A parent must exist, and must not be the page itself or one of its own children's line.
        std::set<id_t> seen{p.id};
        for (id_t at = p.parent_id; at != 0;) {
            if (seen.contains(at)) {
                errors.emplace_back("parent", "A page cannot sit under itself or one of its own subpages.");
                break;
            }
            seen.insert(at);
            auto up = s.db().find_page(at);
            if (!up) {
                errors.emplace_back("parent", "Choose a parent page from the list.");
                break;
            }
            at = up->parent_id;
        }
    }
    p.updated_at = s.now();
    return errors;
}

json::object form_json(const page_form& f) {
    json::object o{{"path", f.path}, {"order", f.order}};
    if (!f.title.empty()) o["title"] = f.title;
    if (!f.body.empty()) o["body"] = f.body;
    o[f.status == "published" ? "is_published" : "is_draft"] = true;
    return o;
}

result<app::page> render_form(app::site& s, const accounts::signed_in& who, id_t id, const page_form& f,
                              const std::vector<std::pair<std::string, std::string>>& errors, int status) {
    auto all = s.db().list_pages(false);
    if (!all) {
        return all.error();
    }
    auto ctx = base_context(s, id == 0 ? "New page" : "Edit page", &who, "/admin/pages");
    put_errors(ctx, errors);
    auto form = form_json(f);
    form["action"] = id == 0 ? std::string("/admin/pages/new") : "/admin/pages/" + std::to_string(id) + "/edit";
    if (id != 0) {
        form["delete_action"] = "/admin/pages/" + std::to_string(id) + "/delete";
    }
    json::array parents{{{"id", 0}, {"label", "None (a top-level page)"}, {"selected", f.parent == "0" || f.parent.empty()}}};
    for (const auto& p : *all) {
        if (p.id != id) {
            parents.push_back({{"id", p.id}, {"label", p.title + " (" + p.path + ")"}, {"selected", f.parent == std::to_string(p.id)}});
        }
    }
    form["parents"] = std::move(parents);
    ctx["form"] = std::move(form);
    return render_admin(s, "site_page", ctx, status);
}

void refresh(app::site& s) { s.cache().invalidate({articles::pages_tag}); }

std::optional<id_t> id_param(const http::request& req) { return text::to_int(req.param("id"), 1, INT64_MAX); }

} // namespace

std::string page_path_problem(std::string_view path) {
    if (path.size() < 3 || path.size() > 200 || !path.starts_with('/') || !path.ends_with('/')) {
        return "Use an address like /about/ or /about/team/.";
    }
    const auto inner = path.substr(1, path.size() - 2);
    std::size_t segments = 0;
    for (const auto part : text::split(inner, '/')) {
        ++segments;
        if (!text::is_slug(part)) {
            return "Use lowercase letters, digits and hyphens between the slashes, like /about/team/.";
        }
    }
    const auto first = inner.substr(0, inner.find('/'));
    static const std::set<std::string_view> reserved{"admin", "category", "tag", "author", "feed", "wp-json", "media",
                                                     "static", "privacy", "search", "live", "chat", "healthz",
                                                     "oembed", "page", "comment-page", "wp-comments-post.php"};
    if (reserved.contains(first) || (first.size() == 4 && text::to_int(first, 1000, 9999))) {
        return "That address belongs to the site itself (" + std::string("/") + std::string(first) + "/...). Choose another.";
    }
    return segments > 5 ? "Use at most five levels, like /about/team/." : "";
}

result<app::page> site_pages(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto all = s.db().list_pages(false);
    if (!all) {
        return all.error();
    }
    auto ctx = base_context(s, "Pages", &who, "/admin/pages");
    json::array rows;
    for (const auto& p : *all) {
        json::object row{{"title", p.title},
                         {"path", p.path},
                         {"author", p.author_name},
                         {"status", p.published ? "Published" : "Draft"},
                         {"edit_url", "/admin/pages/" + std::to_string(p.id) + "/edit"}};
        if (p.published) {
            row["public_url"] = p.path;
        }
        rows.push_back(std::move(row));
    }
    if (!rows.empty()) {
        ctx["pages"] = std::move(rows);
    }
    if (req.query_param("saved")) {
        ctx["flash"] = {{"kind", "ok"}, {"text", "Saved."}};
    } else if (req.query_param("deleted")) {
        ctx["flash"] = {{"kind", "ok"}, {"text", "Deleted."}};
    }
    return render_admin(s, "site_pages", ctx, 200);
}

result<app::page> new_site_page(app::site& s, const http::request&, const accounts::signed_in& who) {
    return render_form(s, who, 0, page_form{}, {}, 200);
}

result<app::page> create_site_page(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto post = http::parse_form(req.body);
    if (!post) {
        return error_page(s, 400, "Bad request", "The form could not be read.", &who);
    }
    const auto f = from_post(*post);
    site_page p;
    p.author_id = who.who.id;
    p.created_at = s.now();
    auto errors = check(s, f, who, p);
    if (errors.empty()) {
        auto id = s.db().insert_page(p);
        if (id) {
            refresh(s);
            spdlog::info("user {} created page {}", who.who.id, *id);
            return redirect_to("/admin/pages?saved=1");
        }
        if (id.error() != errc::conflict) {
            return id.error();
        }
        errors.emplace_back("path", "Another page already has the address " + p.path + ".");
    }
    return render_form(s, who, 0, f, errors, 422);
}

result<app::page> edit_site_page(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = id_param(req);
    auto p = id ? s.db().find_page(*id) : result<site_page>(std::error_code(errc::not_found));
    if (!p) {
        return p.error();
    }
    return render_form(s, who, *id, form_of(*p), {}, 200);
}

result<app::page> save_site_page(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = id_param(req);
    auto p = id ? s.db().find_page(*id) : result<site_page>(std::error_code(errc::not_found));
    if (!p) {
        return p.error();
    }
    auto post = http::parse_form(req.body);
    if (!post) {
        return error_page(s, 400, "Bad request", "The form could not be read.", &who);
    }
    const auto f = from_post(*post);
    auto errors = check(s, f, who, *p);
    if (errors.empty()) {
        auto saved = s.db().update_page(*p);
        if (saved) {
            refresh(s);
            spdlog::info("user {} saved page {}", who.who.id, *id);
            return redirect_to("/admin/pages?saved=1");
        }
        if (saved.error() != errc::conflict) {
            return saved.error();
        }
        errors.emplace_back("path", "Another page already has the address " + p->path + ".");
    }
    return render_form(s, who, *id, f, errors, 422);
}

result<app::page> delete_site_page(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = id_param(req);
    auto done = id ? s.db().delete_page(*id) : result<void>(std::error_code(errc::not_found));
    if (!done) {
        return done.error();
    }
    refresh(s);
    spdlog::info("user {} deleted page {}", who.who.id, *id);
    return redirect_to("/admin/pages?deleted=1");
}

} // namespace gazette::admin
