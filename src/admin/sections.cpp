// Section management handlers.
#include "admin/sections.hpp"

#include "admin/pages.hpp"
#include "articles/service.hpp"
#include "articles/views.hpp"
#include "core/text.hpp"
#include "http/forms.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <map>
#include <set>


namespace gazette::admin {
namespace {

namespace json = boost::json;

struct section_form {
    std::string name, slug, description, position, parent = "0";
};

using text::to_int;

// Checks the form; fills c and returns no errors when it is good.
std::vector<std::pair<std::string, std::string>> check(const section_form& f, const std::vector<category>& all,
                                                       category& c) {
    std::vector<std::pair<std::string, std::string>> errors;
    c.name = std::string(text::trim(f.name));
    if (c.name.empty() || c.name.size() > 100) {
        errors.emplace_back("name", "A section needs a name of at most 100 characters.");
    }
    const auto slug = std::string(text::trim(f.slug));
    c.slug = slug.empty() ? text::slugify(c.name) : slug;
    if (!c.name.empty() && !text::is_slug(c.slug)) {
        errors.emplace_back("slug", "Use lowercase letters, digits and hyphens only.");
    }
    c.description = std::string(text::trim(f.description));
    if (c.description.size() > 500) {
        errors.emplace_back("description", "At most 500 characters.");
    }
    const auto pos = to_int(text::trim(f.position), 0, 1000);
    if (!pos) {
        errors.emplace_back("position", "Use a whole number from 0 to 1000 (lower comes first).");
    } else {
        c.position = static_cast<int>(*pos);
    }
    const auto parent = text::trim(f.parent);
    c.parent_id = parent.empty() ? 0 : to_int(parent, 0, INT64_MAX).value_or(-1);
    if (auto why = section_parent_problem(all, c.id, c.parent_id); !why.empty()) {
        errors.emplace_back("parent", why);
    }
    return errors;
}

// The parent choices for section self (0: a new one): the top level, then every section it may sit under.
json::array parent_options(const std::vector<category>& all, id_t self, std::string_view chosen) {
    json::array out{{{"id", 0}, {"name", "None (a top-level section, in the menu)"}, {"selected", chosen == "0" || chosen.empty()}}};
    for (const auto& c : all) {
        if (section_parent_problem(all, self, c.id).empty()) {
            out.push_back({{"id", c.id}, {"name", c.name}, {"selected", chosen == std::to_string(c.id)}});
        }
    }
    return out;
}

json::object form_json(const section_form& f) {
    json::object o{{"position", f.position}};
    if (!f.name.empty()) o["name"] = f.name;
    if (!f.slug.empty()) o["slug"] = f.slug;
    if (!f.description.empty()) o["description"] = f.description;
    return o;
}

section_form from_post(const http::form& p) {
    return {std::string(http::field(p, "name")), std::string(http::field(p, "slug")),
            std::string(http::field(p, "description")), std::string(http::field(p, "position")),
            std::string(http::field(p, "parent"))};
}

result<app::page> render_list(app::site& s, const accounts::signed_in& who, const section_form& f,
                              const std::vector<std::pair<std::string, std::string>>& errors, std::string flash,
                              int status) {
    auto cats = s.db().list_categories();
    if (!cats) {
        return cats.error();
    }
    auto ctx = base_context(s, "Sections", &who, "/admin/sections");
    json::array rows;
    for (const auto& c : *cats) {
        std::string parent;
        for (const auto& p : *cats) {
            if (p.id == c.parent_id) {
                parent = p.name;
            }
        }
        rows.push_back({{"name", c.name},
                        {"parent", parent},
                        {"slug", c.slug},
                        {"count", c.count},
                        {"position", c.position},
                        {"edit_url", "/admin/sections/" + std::to_string(c.id) + "/edit"},
                        {"public_url", articles::section_path(c.slug)}});
    }
    if (!rows.empty()) {
        ctx["sections"] = std::move(rows);
    }
    put_errors(ctx, errors);
    auto form = form_json(f);
    form["parents"] = parent_options(*cats, 0, f.parent);
    ctx["form"] = std::move(form);
    if (!flash.empty()) {
        ctx["flash"] = {{"kind", "ok"}, {"text", flash}};
    }
    return render_admin(s, "sections", ctx, status);
}

result<app::page> render_edit(app::site& s, const accounts::signed_in& who, id_t id, const section_form& f,
                              const std::vector<std::pair<std::string, std::string>>& errors, int status) {
    auto cats = s.db().list_categories();
    if (!cats) {
        return cats.error();
    }
    auto ctx = base_context(s, "Edit section", &who, "/admin/sections");
    put_errors(ctx, errors);
    auto form = form_json(f);
    form["parents"] = parent_options(*cats, id, f.parent);
    form["action"] = "/admin/sections/" + std::to_string(id) + "/edit";
    ctx["form"] = std::move(form);
    return render_admin(s, "section", ctx, status);
}

// Every page shows the section list: drop them all from the cache (and the section's own listing).
void refresh_pages(app::site& s, id_t id) {
    s.cache().invalidate({articles::nav_tag, articles::section_list_tag(id), articles::all_lists_tag});
}

} // namespace

result<app::page> sections(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto cats = s.db().list_categories();
    if (!cats) {
        return cats.error();
    }
    section_form f;
    f.position = std::to_string(cats->empty() ? 0 : cats->back().position + 1);
    return render_list(s, who, f, {}, req.query_param("saved") ? "Saved. The site shows it now." : "", 200);
}

result<app::page> create_section(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto post = http::parse_form(req.body);
    if (!post) {
        return error_page(s, 400, "Bad request", "The form could not be read.", &who);
    }
    const auto f = from_post(*post);
    auto all = s.db().list_categories();
    if (!all) {
        return all.error();
    }
    category c;
    auto errors = check(f, *all, c);
    if (errors.empty()) {
        auto id = s.db().insert_category(c);
        if (!id) {
            if (id.error() != errc::conflict) {
                return id.error();
            }
            errors.emplace_back("slug", "Another section already uses the slug “" + c.slug + "”.");
        } else {
            refresh_pages(s, *id);
            spdlog::info("user {} created section {}", who.who.id, *id);
            return redirect_to("/admin/sections?saved=1");
        }
    }
    return render_list(s, who, f, errors, "", 422);
}

result<app::page> edit_section(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = to_int(req.param("id"), 1, INT64_MAX);
    auto c = id ? s.db().find_category(*id) : result<category>(std::error_code(errc::not_found));
    if (!c) {
        return c.error();
    }
    return render_edit(s, who, c->id,
                       {c->name, c->slug, c->description, std::to_string(c->position), std::to_string(c->parent_id)}, {},
                       200);
}

result<app::page> save_section(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = to_int(req.param("id"), 1, INT64_MAX);
    auto existing = id ? s.db().find_category(*id) : result<category>(std::error_code(errc::not_found));
    if (!existing) {
        return existing.error();
    }
    auto post = http::parse_form(req.body);
    if (!post) {
        return error_page(s, 400, "Bad request", "The form could not be read.", &who);
    }
    const auto f = from_post(*post);
    auto all = s.db().list_categories();
    if (!all) {
        return all.error();
    }
    category c;
    c.id = existing->id;
    auto errors = check(f, *all, c);
    if (errors.empty()) {
        if (auto r = s.db().update_category(c); !r) {
            if (r.error() != errc::conflict) {
                return r.error();
            }
            errors.emplace_back("slug", "Another section already uses the slug “" + c.slug + "”.");
        } else {
            refresh_pages(s, c.id);
            spdlog::info("user {} changed section {}", who.who.id, c.id);
            return redirect_to("/admin/sections?saved=1");
        }
    }
    return render_edit(s, who, existing->id, f, errors, 422);
}

namespace {

result<app::page> render_tags(app::site& s, const accounts::signed_in& who,
                              const std::vector<std::pair<std::string, std::string>>& errors, std::string flash,
                              int status) {
    auto all = s.db().list_tags();
    if (!all) {
        return all.error();
    }
    auto ctx = base_context(s, "Tags", &who, "/admin/tags");
    json::array rows;
    for (const auto& t : *all) {
        json::object o{{"id", t.id}, {"name", t.name}, {"slug", t.slug}, {"count", t.count},
                       {"rename_action", "/admin/tags/" + std::to_string(t.id) + "/rename"},
                       {"public_url", articles::tag_path(t.slug)}};
        if (t.count == 0) {
            o["delete_action"] = "/admin/tags/" + std::to_string(t.id) + "/delete";
        }
        rows.push_back(std::move(o));
    }
    if (rows.size() >= 2) {
        json::array choices;
        for (const auto& t : *all) {
            choices.push_back(json::object{{"id", t.id}, {"name", t.name}, {"count", t.count}});
        }
        ctx["merge_choices"] = std::move(choices);
        ctx["can_merge"] = true;
    }
    if (!rows.empty()) {
        ctx["tags"] = std::move(rows);
    }
    put_errors(ctx, errors);
    if (!flash.empty()) {
        ctx["flash"] = {{"kind", "ok"}, {"text", flash}};
    }
    return render_admin(s, "tags", ctx, status);
}

} // namespace

result<app::page> tags(app::site& s, const http::request& req, const accounts::signed_in& who) {
    return render_tags(s, who, {},
                       req.query_param("merged") ? "Merged. Every article that had either tag now has the one kept."
                       : req.query_param("saved") ? "Saved. The site shows it now."
                                                  : "",
                       200);
}

result<app::page> rename_tag(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = to_int(req.param("id"), 1, INT64_MAX);
    auto post = http::parse_form(req.body);
    if (!id || !post) {
        return error_page(s, 400, "Bad request", "The form could not be read.", &who);
    }
    const std::string name(text::trim(http::field(*post, "name")));
    const std::string given(text::trim(http::field(*post, "slug")));
    const std::string slug = given.empty() ? text::slugify(name) : given;
    std::vector<std::pair<std::string, std::string>> errors;
    if (name.empty() || name.size() > 100) {
        errors.emplace_back("name", "A tag needs a name of at most 100 characters.");
    } else if (!text::is_slug(slug)) {
        errors.emplace_back("name", "The slug may use lowercase letters, digits and hyphens only.");
    } else if (auto r = s.db().update_tag(*id, slug, name); !r) {
        if (r.error() != errc::conflict) {
            return r.error();
        }
        errors.emplace_back("name", "Another tag already uses the slug “" + slug + "”.");
    }
    if (!errors.empty()) {
        return render_tags(s, who, errors, "", 422);
    }
    s.cache().clear(); // tag names are on every article page that carries it
    spdlog::info("user {} renamed tag {}", who.who.id, *id);
    return redirect_to("/admin/tags?saved=1");
}

result<app::page> delete_tag(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = to_int(req.param("id"), 1, INT64_MAX);
    if (!id) {
        return std::error_code(errc::not_found);
    }
    auto uses = s.db().tag_uses(*id);
    if (!uses) {
        return uses.error();
    }
    if (*uses > 0) {
        return error_page(s, 409, "Still in use",
                          "This tag is on " + std::to_string(*uses) + " article(s), drafts included, so it stays.", &who);
    }
    if (auto r = s.db().delete_tag(*id); !r) {
        return r.error();
    }
    s.cache().invalidate({articles::tag_list_tag(*id)});
    spdlog::info("user {} deleted tag {}", who.who.id, *id);
    return redirect_to("/admin/tags?saved=1");
}

result<app::page> merge_tags(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto post = http::parse_form(req.body);
    if (!post) {
        return error_page(s, 400, "Bad request", "The form could not be read.", &who);
    }
    const auto from = to_int(http::field(*post, "from"), 1, INT64_MAX);
    const auto into = to_int(http::field(*post, "into"), 1, INT64_MAX);
    std::vector<std::pair<std::string, std::string>> errors;
    if (!from) {
        errors.emplace_back("from", "Choose the tag to merge away.");
    }
    if (!into) {
        errors.emplace_back("into", "Choose the tag to keep.");
    }
    if (from && into && *from == *into) {
        errors.emplace_back("into", "Choose two different tags.");
    }
    if (errors.empty()) {
        if (auto r = s.db().merge_tags(*from, *into); !r) {
            if (r.error() != errc::not_found) {
                return r.error();
            }
            errors.emplace_back("from", "One of those tags no longer exists; the list below is up to date.");
        }
    }
    if (!errors.empty()) {
        return render_tags(s, who, errors, "", 422);
    }
    s.cache().clear(); // tag names are on every article page that carried either
    spdlog::info("user {} merged tag {} into {}", who.who.id, *from, *into);
    return redirect_to("/admin/tags?merged=1");
}

std::string section_parent_problem(const std::vector<category>& all, id_t self, id_t parent) {
    if (parent == 0) {
        return "";
    }
    std::map<id_t, id_t> up;
    for (const auto& c : all) {
        up[c.id] = c.parent_id;
    }
    if (!up.contains(parent)) {
        return "Choose a parent section from the list.";
    }
    std::set<id_t> seen;
    for (id_t at = parent; at != 0 && !seen.contains(at); at = up[at]) {
        if (at == self) {
            return "A section cannot sit under itself or one of its own subsections.";
        }
        seen.insert(at);
    }
    return "";
}

} // namespace gazette::admin
