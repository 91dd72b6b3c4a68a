// Article editor handlers. The form is the source of truth while editing: whatever the person typed is
// shown again on every error, conflict or preview.
#include "admin/editor.hpp"

#include "admin/pages.hpp"
#include "articles/service.hpp"
#include "articles/views.hpp"
#include "core/diff.hpp"
#include "core/text.hpp"
#include "http/forms.hpp"
#include "render/markdown.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <ctime>

namespace gazette::admin {
namespace {

namespace json = boost::json;

// The form as typed, kept as strings so it can be shown again exactly.
struct form_state {
    std::string headline, slug, standfirst, body, tags, image_url, image_alt, image_caption, status = "draft",
        publish_at, revision = "0";
    std::string section, author;
    bool breaking = false;
};

form_state from_article(const time_zone& z, const article& a) {
    form_state f;
    f.headline = a.headline;
    f.slug = a.slug;
    f.standfirst = a.standfirst;
    f.body = a.body_md;
    for (const auto& t : a.tags) {
        f.tags += (f.tags.empty() ? "" : ", ") + t.name;
    }
    f.image_url = a.image_url;
    f.image_alt = a.image_alt;
    f.image_caption = a.image_caption;
    f.status = std::string(to_string(a.status));
    if (a.published_at != 0) {
        f.publish_at = timefmt::datetime_local(z, a.published_at);
    }
    f.revision = std::to_string(a.revision);
    f.section = std::to_string(a.category_id);
    f.author = std::to_string(a.author_id);
    f.breaking = a.breaking;
    return f;
}

form_state from_post(const http::form& p) {
    form_state f;
    f.headline = http::field(p, "headline");
    f.slug = http::field(p, "slug");
    f.standfirst = http::field(p, "standfirst");
    f.body = http::field(p, "body");
    f.tags = http::field(p, "tags");
    f.image_url = std::string(text::trim(http::field(p, "image_url")));
    f.image_alt = http::field(p, "image_alt");
    f.image_caption = http::field(p, "image_caption");
    f.status = http::field(p, "status");
    f.publish_at = std::string(text::trim(http::field(p, "publish_at")));
    f.revision = http::field(p, "revision");
    f.section = http::field(p, "section");
    f.author = http::field(p, "author");
    f.breaking = http::field(p, "breaking") == "1";
    return f;
}

std::optional<id_t> to_id(std::string_view s) { return text::to_int(s, 1, INT64_MAX); }

// The article of an /admin/articles/{id}/... route, if this person may edit it.
result<article> editable(app::site& s, const http::request& req, const accounts::signed_in& who,
                         std::optional<app::page>& refusal) {
    const auto id = to_id(req.param("id"));
    auto a = id ? s.db().find_article(*id) : result<article>(std::error_code(errc::not_found));
    if (a && !may_publish(who.who.role_) && (a->author_id != who.who.id || !may_set(who.who.role_, a->status))) {
        refusal = error_page(s, 403, "Not yours to edit",
                             "Authors can edit their own drafts. Ask an editor about this article.", &who);
    }
    return a;
}

struct editor_view {
    std::string title;
    std::string action;
    std::optional<article> existing;
    form_state form;
    articles::field_errors errors;
    std::optional<article> conflict;
    bool preview = false;
    std::string flash;
};

result<app::page> render_editor(app::site& s, const accounts::signed_in& who, const editor_view& v, int status) {
    auto cats = s.db().list_categories();
    if (!cats) {
        return cats.error();
    }
    json::object ctx = base_context(s, v.title, &who, "/admin/articles");
    const auto& f = v.form;
    json::object form{{"action", v.action}, {"revision", f.revision}};
    auto put = [&](const char* key, const std::string& value) {
        if (!value.empty()) {
            form[key] = value;
        }
    };
    put("headline", f.headline);
    put("slug", f.slug);
    put("standfirst", f.standfirst);
    put("body", f.body);
    put("tags", f.tags);
    put("image_url", f.image_url);
    put("image_alt", f.image_alt);
    put("image_caption", f.image_caption);
    put("publish_at", f.publish_at);
    if (f.breaking) {
        form["breaking"] = true;
    }
    if (v.existing) {
        ctx["revisions_url"] = "/admin/articles/" + std::to_string(v.existing->id) + "/revisions";
        form["id"] = v.existing->id;
        if (v.existing->status == article_status::published) {
            form["public_url"] = articles::article_path(*s.zone(), *v.existing);
        }
    }
    ctx["form"] = std::move(form);

    json::array sections;
    for (const auto& c : *cats) {
        json::object o{{"id", c.id}, {"name", c.name}};
        if (std::to_string(c.id) == f.section) {
            o["selected"] = true;
        }
        sections.push_back(std::move(o));
    }
    ctx["sections"] = std::move(sections);

    if (may_publish(who.who.role_)) {
        auto staff = s.db().list_staff();
        if (!staff) {
            return staff.error();
        }
        json::array authors;
        for (const auto& u : *staff) {
            json::object o{{"id", u.id}, {"name", u.name}};
            if (std::to_string(u.id) == f.author) {
                o["selected"] = true;
            }
            authors.push_back(std::move(o));
        }
        ctx["authors"] = std::move(authors);
    }

    json::array statuses;
    for (const auto& [value, label] :
         {std::pair{"draft", "Draft"}, std::pair{"review", "In review"}, std::pair{"scheduled", "Scheduled"},
          std::pair{"published", "Published"}, std::pair{"unpublished", "Unpublished"}}) {
        if (!may_set(who.who.role_, *status_from_string(value))) {
            continue;
        }
        json::object o{{"value", value}, {"label", label}};
        if (f.status == value) {
            o["selected"] = true;
        }
        statuses.push_back(std::move(o));
    }
    ctx["statuses"] = std::move(statuses);
    ctx["timezone"] = "Times are in " + timefmt::zone_name(*s.zone(), s.now()) + ".";

    std::vector<std::pair<std::string, std::string>> errors;
    for (const auto& e : v.errors) {
        errors.emplace_back(e.field, e.message);
    }
    put_errors(ctx, errors);
    if (v.conflict) {
        std::string by = "someone else";
        if (auto revs = s.db().list_revisions(v.conflict->id); revs && !revs->empty() && !revs->front().user_name.empty()) {
            by = revs->front().user_name;
        }
        ctx["conflict"] = {{"headline", v.conflict->headline},
                           {"body", v.conflict->body_md},
                           {"updated_human", timefmt::human_datetime(*s.zone(), v.conflict->updated_at)},
                           {"by", by}};
    }
    if (v.preview) {
        const auto policy = may_use_raw_html(who.who.role_) ? render::html_policy::allow : render::html_policy::escape;
        json::object preview{{"body_html", render::render_markdown(f.body, policy).html}};
        if (!f.headline.empty()) {
            preview["headline"] = f.headline;
        }
        if (!f.standfirst.empty()) {
            preview["standfirst"] = f.standfirst;
        }
        ctx["preview"] = std::move(preview);
    }
    if (!v.flash.empty()) {
        ctx["flash"] = {{"kind", "ok"}, {"text", v.flash}};
    }
    return render_admin(s, "editor", ctx, status);
}

// Form → draft, with the checks that depend on who is saving.
articles::draft to_draft(const time_zone& z, const form_state& f, const accounts::signed_in& who,
                         const article* existing, articles::field_errors& errors) {
    articles::draft d;
    d.headline = f.headline;
    d.slug = f.slug;
    d.standfirst = f.standfirst;
    d.body_md = f.body;
    d.image_url = f.image_url;
    d.image_alt = f.image_alt;
    d.image_caption = f.image_caption;
    d.breaking = f.breaking;
    d.saved_by = who.who.id;
    for (const auto piece : text::split(f.tags, ',')) {
        if (!text::trim(piece).empty()) {
            d.tags.emplace_back(text::trim(piece));
        }
    }
    d.category_id = to_id(f.section).value_or(0);
    // Editors choose the author; authors write as themselves.
    if (may_publish(who.who.role_)) {
        d.author_id = to_id(f.author).value_or(0);
    } else {
        d.author_id = existing ? existing->author_id : who.who.id;
    }
    const auto status = status_from_string(f.status);
    if (!status) {
        errors.push_back({"status", "Choose a status."});
    } else if (!may_set(who.who.role_, *status)) {
        errors.push_back({"status", "Only editors can publish, schedule or unpublish; send it for review instead."});
    } else {
        d.status = *status;
    }
    if (!f.publish_at.empty()) {
        const auto t = timefmt::parse_datetime_local(z, f.publish_at);
        if (!t) {
            errors.push_back({"publish_at", "Use a date and time like 2026-11-25T14:30."});
        } else {
            d.published_at = *t;
        }
    }
    if (d.status == article_status::published && d.published_at == 0 && existing && existing->published_at != 0) {
        d.published_at = existing->published_at; // already out: keep its date
    }
    return d;
}

} // namespace

bool may_publish(role r) noexcept { return r == role::admin || r == role::editor; }

bool may_set(role r, article_status st) noexcept {
    return may_publish(r) || st == article_status::draft || st == article_status::review;
}

result<app::page> new_article(app::site& s, const http::request&, const accounts::signed_in& who) {
    editor_view v;
    v.title = "New article";
    v.action = "/admin/articles/new";
    v.form.author = std::to_string(who.who.id);
    if (auto cats = s.db().list_categories(); cats && !cats->empty()) {
        v.form.section = std::to_string(cats->front().id);
    }
    return render_editor(s, who, v, 200);
}

result<app::page> create_article(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto post = http::parse_form(req.body);
    if (!post) {
        return error_page(s, 400, "Bad request", "The form could not be read.", &who);
    }
    editor_view v;
    v.title = "New article";
    v.action = "/admin/articles/new";
    v.form = from_post(*post);
    if (http::field(*post, "action") == "preview") {
        v.preview = true;
        return render_editor(s, who, v, 200);
    }
    auto d = to_draft(*s.zone(), v.form, who, nullptr, v.errors);
    if (!v.errors.empty()) {
        return render_editor(s, who, v, 422);
    }
    articles::service svc(s.db(), &s.cache(), s.clock(), s.article_observer());
    auto id = svc.create(d, v.errors);
    if (!id) {
        if (id.error() == errc::invalid) {
            return render_editor(s, who, v, 422);
        }
        return id.error();
    }
    spdlog::info("user {} created article {}", who.who.id, *id);
    if (d.status == article_status::scheduled) {
        s.schedule_changed();
    }
    return redirect_to("/admin/articles/" + std::to_string(*id) + "/edit?saved=1");
}

result<app::page> edit_article(app::site& s, const http::request& req, const accounts::signed_in& who) {
    std::optional<app::page> refusal;
    auto a = editable(s, req, who, refusal);
    if (refusal) {
        return std::move(*refusal);
    }
    if (!a) {
        return a.error();
    }
    editor_view v;
    v.title = "Edit article";
    v.action = "/admin/articles/" + std::to_string(a->id) + "/edit";
    v.form = from_article(*s.zone(), *a);
    v.existing = std::move(*a);
    if (req.query_param("saved")) {
        v.flash = "Saved.";
    } else if (const auto restored = req.query_param("restored"); restored && to_id(*restored)) {
        v.flash = "Revision " + *restored + " restored. The text before it is kept as a revision too.";
    }
    return render_editor(s, who, v, 200);
}

result<app::page> save_article(app::site& s, const http::request& req, const accounts::signed_in& who) {
    std::optional<app::page> refusal;
    auto a = editable(s, req, who, refusal);
    if (refusal) {
        return std::move(*refusal);
    }
    if (!a) {
        return a.error();
    }
    auto post = http::parse_form(req.body);
    if (!post) {
        return error_page(s, 400, "Bad request", "The form could not be read.", &who);
    }
    editor_view v;
    v.title = "Edit article";
    v.action = "/admin/articles/" + std::to_string(a->id) + "/edit";
    v.form = from_post(*post);
    v.existing = *a;
    if (http::field(*post, "action") == "preview") {
        v.preview = true;
        return render_editor(s, who, v, 200);
    }
    auto d = to_draft(*s.zone(), v.form, who, &*a, v.errors);
    d.expected_revision = to_id(v.form.revision).value_or(-1);
    if (!v.errors.empty()) {
        return render_editor(s, who, v, 422);
    }
    articles::service svc(s.db(), &s.cache(), s.clock(), s.article_observer());
    auto r = svc.update(a->id, d, v.errors);
    if (!r) {
        if (r.error() == errc::invalid) {
            return render_editor(s, who, v, 422);
        }
        if (r.error() == errc::stale) {
            // Someone saved in between: keep both texts. Theirs is shown; the form keeps ours, and now
            // carries their revision, so saving again (after merging) is a deliberate choice.
            auto theirs = s.db().find_article(a->id);
            if (!theirs) {
                return theirs.error();
            }
            v.form.revision = std::to_string(theirs->revision);
            v.conflict = std::move(*theirs);
            return render_editor(s, who, v, 409);
        }
        return r.error();
    }
    spdlog::info("user {} saved article {}", who.who.id, a->id);
    if (d.status == article_status::scheduled) {
        s.schedule_changed();
    }
    return redirect_to("/admin/articles/" + std::to_string(a->id) + "/edit?saved=1");
}

namespace {

json::object article_summary(const time_zone& z, const article& a) {
    json::object o{{"headline", a.headline},
                   {"edit_url", "/admin/articles/" + std::to_string(a.id) + "/edit"},
                   {"revisions_url", "/admin/articles/" + std::to_string(a.id) + "/revisions"}};
    if (a.status == article_status::published) {
        o["public_url"] = articles::article_path(z, a);
    }
    return o;
}

// The article and the revision named by /admin/articles/{id}/revisions/{n}.
struct article_revision {
    article current;
    revision old;
};
result<article_revision> find_revision(app::site& s, const http::request& req, const accounts::signed_in& who,
                                       std::optional<app::page>& refusal) {
    auto a = editable(s, req, who, refusal);
    if (!a || refusal) {
        return a ? result<article_revision>(article_revision{}) : result<article_revision>(a.error());
    }
    auto revs = s.db().list_revisions(a->id);
    if (!revs) {
        return revs.error();
    }
    const auto n = to_id(req.param("n"));
    const auto it = std::find_if(revs->begin(), revs->end(), [&](const revision& r) { return n && r.number == *n; });
    if (it == revs->end()) {
        return std::error_code(errc::not_found);
    }
    return article_revision{std::move(*a), std::move(*it)};
}

json::array diff_view(std::string_view before, std::string_view after) {
    json::array out;
    for (const auto& l : diff::lines(before, after)) {
        const char* kind = l.what == diff::line::kind::same ? "same" : l.what == diff::line::kind::removed ? "removed" : "added";
        const char* sign = l.what == diff::line::kind::same ? " " : l.what == diff::line::kind::removed ? "−" : "+";
        out.push_back({{"kind", kind}, {"sign", sign}, {"text", l.text}});
    }
    return out;
}

} // namespace

result<app::page> revisions(app::site& s, const http::request& req, const accounts::signed_in& who) {
    std::optional<app::page> refusal;
    auto a = editable(s, req, who, refusal);
    if (refusal) {
        return std::move(*refusal);
    }
    if (!a) {
        return a.error();
    }
    auto revs = s.db().list_revisions(a->id);
    if (!revs) {
        return revs.error();
    }
    auto ctx = base_context(s, "Revisions", &who, "/admin/articles");
    ctx["article"] = article_summary(*s.zone(), *a);
    json::array list;
    const std::string base = "/admin/articles/" + std::to_string(a->id) + "/revisions/";
    for (const auto& r : *revs) {
        json::object o{{"number", r.number},
                       {"saved_human", timefmt::human_datetime(*s.zone(), r.saved_at)},
                       {"saved_iso", timefmt::iso8601_local(*s.zone(), r.saved_at)},
                       {"by", r.user_name.empty() ? "Gazette" : r.user_name},
                       {"headline", r.headline},
                       {"compare_url", base + std::to_string(r.number)}};
        if (r.number == a->revision) {
            o["current"] = true;
        } else {
            o["restore_action"] = base + std::to_string(r.number) + "/restore";
        }
        list.push_back(std::move(o));
    }
    ctx["revisions"] = std::move(list);
    return render_admin(s, "revisions", ctx);
}

result<app::page> compare_revision(app::site& s, const http::request& req, const accounts::signed_in& who) {
    std::optional<app::page> refusal;
    auto found = find_revision(s, req, who, refusal);
    if (refusal) {
        return std::move(*refusal);
    }
    if (!found) {
        return found.error();
    }
    const auto& [a, old] = *found;
    auto ctx = base_context(s, "Revision " + std::to_string(old.number), &who, "/admin/articles");
    ctx["article"] = article_summary(*s.zone(), a);
    json::object rev{{"number", old.number},
                     {"saved_human", timefmt::human_datetime(*s.zone(), old.saved_at)},
                     {"by", old.user_name.empty() ? "Gazette" : old.user_name}};
    if (old.number != a.revision) {
        rev["restore_action"] =
            "/admin/articles/" + std::to_string(a.id) + "/revisions/" + std::to_string(old.number) + "/restore";
    }
    ctx["revision"] = std::move(rev);
    ctx["headline_diff"] = diff_view(old.headline, a.headline);
    ctx["standfirst_diff"] = diff_view(old.standfirst, a.standfirst);
    ctx["body_diff"] = diff_view(old.body_md, a.body_md);
    return render_admin(s, "revision", ctx);
}

result<app::page> restore_revision(app::site& s, const http::request& req, const accounts::signed_in& who) {
    std::optional<app::page> refusal;
    auto found = find_revision(s, req, who, refusal);
    if (refusal) {
        return std::move(*refusal);
    }
    if (!found) {
        return found.error();
    }
    const auto& [a, old] = *found;
    // The old text, everything else as it is now; saved as a new revision, so restoring is undoable too.
    auto d = articles::draft_of(a);
    d.headline = old.headline;
    d.standfirst = old.standfirst;
    d.body_md = old.body_md;
    d.saved_by = who.who.id;
    articles::service svc(s.db(), &s.cache(), s.clock(), s.article_observer());
    articles::field_errors errors;
    if (auto r = svc.update(a.id, d, errors); !r) {
        if (r.error() == errc::invalid || r.error() == errc::stale) {
            return error_page(s, 409, "Not restored",
                              r.error() == errc::stale
                                  ? "The article changed while you were looking. Open its revisions again."
                                  : "That revision cannot be restored as it is: " + errors.front().message,
                              &who);
        }
        return r.error();
    }
    spdlog::info("user {} restored revision {} of article {}", who.who.id, old.number, a.id);
    return redirect_to("/admin/articles/" + std::to_string(a.id) + "/edit?restored=" + std::to_string(old.number));
}

result<app::page> editor_presence(app::site& s, const http::request& req, const accounts::signed_in& who) {
    std::optional<app::page> refusal;
    auto a = editable(s, req, who, refusal);
    if (refusal) {
        return json_reply(json::object{{"code", "forbidden"}, {"message", "This article is not yours to edit."}}, 403);
    }
    if (!a) {
        return a.error();
    }
    if (const auto form = http::parse_form(req.body); form && http::field(*form, "leaving") == "1") {
        s.presence().left(a->id, who.who.id);
        return json_reply(json::object{{"left", true}});
    }
    const auto others = s.presence().seen(a->id, who.who.id, who.who.name, s.now());
    json::array names;
    for (const auto& n : others) {
        names.push_back(json::object{{"name", n}});
    }
    json::object out{{"others", std::move(names)}, {"revision", a->revision}};
    auto revs = s.db().list_revisions(a->id);
    if (!revs) {
        return revs.error();
    }
    if (!revs->empty()) {
        out["saved_by"] = revs->front().user_name.empty() ? "Gazette" : revs->front().user_name;
        out["saved_human"] = timefmt::human_datetime(*s.zone(), revs->front().saved_at);
    }
    return json_reply(out);
}

} // namespace gazette::admin
