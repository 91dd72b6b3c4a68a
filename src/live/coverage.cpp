// Live coverage: the newsroom's page and actions, the reader's view, the events.
#include "live/coverage.hpp"

#include "admin/editor.hpp"
#include "admin/pages.hpp"
#include "articles/service.hpp"
#include "articles/views.hpp"
#include "core/text.hpp"
#include "http/forms.hpp"
#include "live/events.hpp"
#include "render/markdown.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace gazette::live {

namespace json = boost::json;

namespace {

// "14:05" in the site's zone.
std::string clock_time(const time_zone& z, unix_time t) {
    const std::int64_t local = t + z.at(t).offset;
    const std::int64_t secs = ((local % 86400) + 86400) % 86400;
    return fmt::format("{:02}:{:02}", secs / 3600, secs % 3600 / 60);
}

// An entry's title for the key-events box and JSON-LD: its first line as plain text, shortened.
std::string title_of(std::string_view md) {
    auto line = text::trim(md.substr(0, md.find('\n')));
    std::string out;
    for (const char c : line) {
        if (c != '#' && c != '*' && c != '_' && c != '`' && c != '>' && c != '[' && c != ']') {
            out.push_back(c);
        }
    }
    out = std::string(text::trim(out));
    if (out.size() > 100) {
        auto cut = out.rfind(' ', 97);
        out = out.substr(0, cut == std::string::npos || cut < 40 ? 97 : cut) + "…";
    }
    return out;
}

json::object entry_context(const app::site& s, const live_entry& e) {
    const auto& z = *s.settings()->zone;
    json::object o{{"id", e.id},
                   {"anchor", "update-" + std::to_string(e.id)},
                   {"title", title_of(e.body_md)},
                   {"html", e.body_html},
                   {"key", e.key_event},
                   {"at_iso", timefmt::iso8601_local(z, e.created_at)},
                   {"at_time", clock_time(z, e.created_at)},
                   {"at_human", timefmt::human_datetime(z, e.created_at)},
                   {"updated", e.updated_at > e.created_at + 60}};
    if (e.updated_at > e.created_at + 60) {
        o["updated_iso"] = timefmt::iso8601_local(z, e.updated_at);
        o["updated_time"] = clock_time(z, e.updated_at);
    }
    if (!e.author_name.empty()) {
        o["author"] = {{"name", e.author_name}, {"url", articles::author_path(e.author_slug)}};
    } else {
        o["author"] = false; // not the article's author, through the parent context
    }
    if (!e.image_url.empty()) {
        o["image"] = {{"url", e.image_url}, {"alt", e.image_alt}};
    } else {
        o["image"] = false;
    }
    return o;
}

std::string jsonld(const app::site& s, const article& a, const std::string& url, const live_coverage& c,
                   const live_entries& entries) {
    const auto st = s.settings();
    const auto& z = *st->zone;
    json::array updates;
    for (const auto& e : entries) {
        json::object u{{"@type", "BlogPosting"},
                       {"headline", title_of(e.body_md)},
                       {"url", url + "#update-" + std::to_string(e.id)},
                       {"datePublished", timefmt::iso8601_local(z, e.created_at)},
                       {"dateModified", timefmt::iso8601_local(z, e.updated_at)},
                       {"articleBody", e.body_md}};
        if (!e.author_name.empty()) {
            u["author"] = {{"@type", "Person"}, {"name", e.author_name}};
        }
        if (!e.image_url.empty()) {
            u["image"] = e.image_url.starts_with("/") ? st->url + e.image_url : e.image_url;
        }
        updates.push_back(std::move(u));
    }
    json::object publisher{{"@type", "Organization"}, {"name", st->name}};
    if (!st->logo.empty()) {
        publisher["logo"] = {{"@type", "ImageObject"}, {"url", st->url + st->logo}};
    }
    json::object ld{{"@context", "https://schema.org"},
                    {"@type", "LiveBlogPosting"},
                    {"@id", url + "#live"},
                    {"url", url},
                    {"mainEntityOfPage", url},
                    {"headline", a.headline},
                    {"description", a.standfirst},
                    {"datePublished", timefmt::iso8601_local(z, a.published_at)},
                    {"dateModified", timefmt::iso8601_local(z, std::max({a.updated_at, c.last_entry_at, c.ended_at}))},
                    {"coverageStartTime", timefmt::iso8601_local(z, c.started_at)},
                    {"author", {{"@type", "Person"}, {"name", a.author_name}, {"url", st->url + articles::author_path(a.author_slug)}}},
                    {"publisher", std::move(publisher)},
                    {"liveBlogUpdate", std::move(updates)}};
    if (!c.live) {
        ld["coverageEndTime"] = timefmt::iso8601_local(z, c.ended_at);
    }
    if (!a.image_url.empty()) {
        ld["image"] = a.image_url.starts_with("/") ? st->url + a.image_url : a.image_url;
    }
    return text::script_safe_json(json::serialize(ld));
}

// The article a newsroom request names, if this person may cover it (editors and admins; authors their
// own articles). refusal is set for a 403.
result<article> coverable(app::site& s, const http::request& req, const accounts::signed_in& who,
                          std::optional<app::page>& refusal) {
    const auto id = text::to_int(req.param("id"), 1, INT64_MAX);
    auto a = id ? s.db().find_article(*id) : result<article>(std::error_code(errc::not_found));
    if (a && !admin::may_publish(who.who.role_) && a->author_id != who.who.id) {
        refusal = admin::error_page(s, 403, "Not yours to cover",
                                    "Authors can cover their own articles live. Ask an editor about this one.", &who);
    }
    return a;
}

// The article and the entry of it that a newsroom request names ({id} and {entry}).
result<std::pair<article, live_entry>> coverable_entry(app::site& s, const http::request& req,
                                                       const accounts::signed_in& who, std::optional<app::page>& refusal) {
    auto a = coverable(s, req, who, refusal);
    if (!a || refusal) {
        return a ? result<std::pair<article, live_entry>>(std::error_code(errc::forbidden)) : a.error();
    }
    const auto eid = text::to_int(req.param("entry"), 1, INT64_MAX);
    auto e = eid ? s.db().find_live_entry(*eid) : result<live_entry>(std::error_code(errc::not_found));
    if (!e) {
        return e.error();
    }
    if (e->article_id != a->id) {
        return std::error_code(errc::not_found);
    }
    return std::pair{std::move(*a), std::move(*e)};
}

std::string live_path(id_t article) { return "/admin/articles/" + std::to_string(article) + "/live"; }

app::page back_to(id_t article, std::string_view done) {
    return admin::redirect_to(live_path(article) + "?done=" + text::url_encode(done));
}

// The update event for an entry added or edited: its html is the entry as the page renders it.
void announce_entry(app::site& s, std::string_view action, const live_entry& e, bool live) {
    json::object data{{"article_id", e.article_id},
                      {"action", action},
                      {"entry_id", e.id},
                      {"status", live ? "live" : "ended"},
                      {"at", timefmt::iso8601_utc(action == "edit" ? e.updated_at : e.created_at)}};
    if (action != "delete") {
        data["html"] = s.templates().render("live_entry", entry_context(s, e));
        data["key"] = e.key_event;
    }
    announce(s, "update", json::serialize(data));
}

void announce_status(app::site& s, id_t article, bool live) {
    announce(s, "update", json::serialize(json::object{{"article_id", article},
                                                       {"action", "status"},
                                                       {"status", live ? "live" : "ended"},
                                                       {"at", timefmt::iso8601_utc(s.now())}}));
}

// The entry fields of a form, checked. errors by field.
struct entry_form {
    std::string body, image_url, image_alt;
    bool key = false;
    std::vector<std::pair<std::string, std::string>> errors;
};

entry_form read_entry_form(const http::form& f) {
    entry_form e{std::string(text::trim(http::field(f, "body"))), std::string(text::trim(http::field(f, "image_url"))),
                 std::string(text::trim(http::field(f, "image_alt"))), http::field(f, "key") == "1", {}};
    if (e.body.empty()) {
        e.errors.emplace_back("body", "Write the update.");
    } else if (e.body.size() > max_entry_bytes) {
        e.errors.emplace_back("body", fmt::format("An update can be up to {} characters long.", max_entry_bytes));
    } else if (!text::clean_text(e.body, true)) {
        e.errors.emplace_back("body", "The update has characters that cannot be shown.");
    }
    if (!e.image_url.empty() &&
        ((!e.image_url.starts_with("/media/") && !e.image_url.starts_with("https://") &&
          !e.image_url.starts_with("http://")) ||
         e.image_url.size() > 500 || e.image_url.find_first_of(" \"<>") != std::string::npos)) {
        e.errors.emplace_back("image_url", "Choose an image from the media library, or an http(s) address.");
    }
    if (e.image_alt.size() > max_alt_bytes) {
        e.errors.emplace_back("image_alt", fmt::format("Use at most {} characters.", max_alt_bytes));
    } else if (!e.image_url.empty() && e.image_alt.empty()) {
        e.errors.emplace_back("image_alt", "Describe the image for readers who cannot see it.");
    }
    return e;
}

// failed: a form that was refused (the new entry's, or with failed_entry, an edit's).
result<app::page> render_newsroom(app::site& s, const http::request& req, const accounts::signed_in& who,
                                  const article& a, const entry_form* failed, int status, id_t failed_entry = 0) {
    auto coverage = s.db().find_live(a.id);
    if (!coverage && coverage.error() != errc::not_found) {
        return coverage.error();
    }
    auto entries = s.db().list_live_entries(a.id);
    if (!entries) {
        return entries.error();
    }
    const auto st = s.settings();
    const auto& z = *st->zone;
    auto ctx = admin::base_context(s, "Live coverage", &who, "/admin/articles");
    json::object art{{"id", a.id},
                     {"headline", a.headline},
                     {"edit_url", "/admin/articles/" + std::to_string(a.id) + "/edit"},
                     {"published", a.status == article_status::published}};
    if (a.status == article_status::published) {
        art["url"] = st->url + articles::article_path(z, a);
    }
    ctx["article"] = std::move(art);
    json::object live{{"auto_end_hours", st->live_auto_end_hours}};
    if (!coverage) {
        live["none"] = true;
    } else {
        live[coverage->live ? "is_live" : "is_ended"] = true;
        live["started_human"] = timefmt::human_datetime(z, coverage->started_at);
        if (!coverage->live) {
            live["ended_human"] = timefmt::human_datetime(z, coverage->ended_at);
        }
        if (coverage->last_entry_at > 0) {
            live["last_entry_human"] = timefmt::human_datetime(z, coverage->last_entry_at);
        }
    }
    ctx["live"] = std::move(live);
    json::array list;
    for (const auto& e : *entries) {
        json::object o{{"id", e.id},
                       {"body_md", e.body_md},
                       {"html", e.body_html},
                       {"at_human", timefmt::human_datetime(z, e.created_at)},
                       {"author_name", e.author_name.empty() ? "(former staff)" : e.author_name},
                       {"key", e.key_event}};
        if (!e.image_url.empty()) { // an empty string is truthy to Mustache
            o["image_url"] = e.image_url;
            o["image_alt"] = e.image_alt;
        }
        if (e.updated_at > e.created_at + 60) {
            o["updated_human"] = timefmt::human_datetime(z, e.updated_at);
        }
        list.push_back(std::move(o));
    }
    ctx["entries"] = std::move(list);
    if (failed && failed_entry) { // an edit: the message goes with that entry
        ctx["edit_errors"] = {{"entry_id", failed_entry}, {"message", failed->errors.front().second}};
    } else if (failed) {
        json::object form{{"body", failed->body}, {"key", failed->key}};
        if (!failed->image_url.empty()) {
            form["image_url"] = failed->image_url;
        }
        if (!failed->image_alt.empty()) {
            form["image_alt"] = failed->image_alt;
        }
        ctx["form"] = std::move(form);
        admin::put_errors(ctx, failed->errors);
    }
    if (const auto done = req.query_param("done"); done && !done->empty() && done->size() < 200) {
        ctx["flash"] = {{"kind", "ok"}, {"text", *done}};
    }
    return admin::render_admin(s, "live", ctx, status);
}

} // namespace

result<std::optional<page_parts>> article_parts(app::site& s, const article& a, const std::string& url) {
    auto coverage = s.db().find_live(a.id);
    if (!coverage) {
        if (coverage.error() == errc::not_found) {
            return std::optional<page_parts>{};
        }
        return coverage.error();
    }
    auto entries = s.db().list_live_entries(a.id);
    if (!entries) {
        return entries.error();
    }
    const auto& z = *s.settings()->zone;
    const auto& c = *coverage;
    json::object live{{"label", c.live ? "Live" : "Ended"},
                      {"started_iso", timefmt::iso8601_local(z, c.started_at)},
                      {"started_human", timefmt::human_datetime(z, c.started_at)}};
    live[c.live ? "is_live" : "is_ended"] = true;
    if (!c.live) {
        live["ended_iso"] = timefmt::iso8601_local(z, c.ended_at);
        live["ended_human"] = timefmt::human_datetime(z, c.ended_at);
    }
    json::array list, keys;
    for (const auto& e : *entries) {
        auto o = entry_context(s, e);
        if (e.key_event) {
            keys.push_back({{"id", e.id}, {"anchor", o.at("anchor")}, {"title", o.at("title")},
                            {"at_iso", o.at("at_iso")}, {"at_time", o.at("at_time")}});
        }
        list.push_back(std::move(o));
    }
    if (!keys.empty()) {
        live["has_key_events"] = true;
    }
    live["key_events"] = std::move(keys);
    live["entries"] = std::move(list);
    return std::optional<page_parts>(page_parts{std::move(live), jsonld(s, a, url, c, *entries)});
}

result<app::page> newsroom_page(app::site& s, const http::request& req, const accounts::signed_in& who) {
    std::optional<app::page> refusal;
    auto a = coverable(s, req, who, refusal);
    if (refusal) {
        return std::move(*refusal);
    }
    if (!a) {
        return a.error();
    }
    return render_newsroom(s, req, who, *a, nullptr, 200);
}

result<app::page> set_status(app::site& s, const http::request& req, const accounts::signed_in& who) {
    std::optional<app::page> refusal;
    auto a = coverable(s, req, who, refusal);
    if (refusal) {
        return std::move(*refusal);
    }
    if (!a) {
        return a.error();
    }
    const auto f = http::parse_form(req.body);
    const auto action = f ? http::field(*f, "action") : std::string_view{};
    if (action != "start" && action != "end") {
        return std::error_code(errc::invalid);
    }
    const bool start = action == "start";
    if (auto r = start ? s.db().start_live(a->id, s.now()) : s.db().end_live(a->id, s.now()); !r) {
        if (r.error() == errc::not_found) {
            return back_to(a->id, "The coverage had already ended.");
        }
        return r.error();
    }
    s.cache().invalidate({articles::article_tag(a->id)});
    announce_status(s, a->id, start);
    spdlog::info("live coverage of article {} {} by user {}", a->id, start ? "started" : "ended", who.who.id);
    return back_to(a->id, start ? "Live coverage started. Readers see the updates as you post them."
                                : "Live coverage ended.");
}

result<app::page> add_entry(app::site& s, const http::request& req, const accounts::signed_in& who) {
    std::optional<app::page> refusal;
    auto a = coverable(s, req, who, refusal);
    if (refusal) {
        return std::move(*refusal);
    }
    if (!a) {
        return a.error();
    }
    const auto f = http::parse_form(req.body);
    if (!f) {
        return std::error_code(errc::invalid);
    }
    auto form = read_entry_form(*f);
    auto coverage = s.db().find_live(a->id);
    if (!coverage && coverage.error() != errc::not_found) {
        return coverage.error();
    }
    if (!coverage || !coverage->live) {
        form.errors.emplace_back("body", "Start (or resume) the live coverage first; then post updates.");
    }
    if (!form.errors.empty()) {
        return render_newsroom(s, req, who, *a, &form, 422);
    }
    live_entry e;
    e.article_id = a->id;
    e.body_md = form.body;
    e.body_html = render::render_markdown(form.body, render::html_policy::escape).html;
    e.image_url = form.image_url;
    e.image_alt = form.image_alt;
    e.author_id = who.who.id;
    e.key_event = form.key;
    e.created_at = e.updated_at = s.now();
    auto id = s.db().add_live_entry(e);
    if (!id) {
        return id.error();
    }
    auto stored = s.db().find_live_entry(*id); // with its author's name, as pages show it
    if (!stored) {
        return stored.error();
    }
    s.cache().invalidate({articles::article_tag(a->id)});
    announce_entry(s, "add", *stored, true);
    return back_to(a->id, "Update posted.");
}

result<app::page> edit_entry(app::site& s, const http::request& req, const accounts::signed_in& who) {
    std::optional<app::page> refusal;
    auto found = coverable_entry(s, req, who, refusal);
    if (refusal) {
        return std::move(*refusal);
    }
    if (!found) {
        return found.error();
    }
    auto& [a, e] = *found;
    const auto f = http::parse_form(req.body);
    if (!f) {
        return std::error_code(errc::invalid);
    }
    auto form = read_entry_form(*f);
    if (!form.errors.empty()) {
        return render_newsroom(s, req, who, a, &form, 422, e.id);
    }
    e.body_md = form.body;
    e.body_html = render::render_markdown(form.body, render::html_policy::escape).html;
    e.image_url = form.image_url;
    e.image_alt = form.image_alt;
    e.key_event = form.key;
    e.updated_at = s.now();
    if (auto r = s.db().update_live_entry(e); !r) {
        return r.error();
    }
    auto coverage = s.db().find_live(a.id);
    s.cache().invalidate({articles::article_tag(a.id)});
    announce_entry(s, "edit", e, coverage && coverage->live);
    return back_to(a.id, "Update saved.");
}

result<app::page> delete_entry(app::site& s, const http::request& req, const accounts::signed_in& who) {
    std::optional<app::page> refusal;
    auto found = coverable_entry(s, req, who, refusal);
    if (refusal) {
        return std::move(*refusal);
    }
    if (!found) {
        return found.error();
    }
    auto& [a, e] = *found;
    if (auto r = s.db().delete_live_entry(e.id); !r) {
        return r.error();
    }
    auto coverage = s.db().find_live(a.id);
    s.cache().invalidate({articles::article_tag(a.id)});
    announce_entry(s, "delete", e, coverage && coverage->live);
    return back_to(a.id, "Update deleted.");
}

void end_quiet(app::site& s, unix_time now) {
    const auto hours = s.settings()->live_auto_end_hours;
    auto quiet = s.db().quiet_live(now - hours * 3600);
    if (!quiet) {
        spdlog::error("checking live coverage failed: {}", quiet.error().message());
        return;
    }
    for (const id_t id : *quiet) {
        if (auto r = s.db().end_live(id, now); !r) {
            spdlog::error("ending live coverage of article {} failed: {}", id, r.error().message());
            continue;
        }
        s.cache().invalidate({articles::article_tag(id)});
        announce_status(s, id, false);
        spdlog::info("live coverage of article {} ended after {} hours without an update", id, hours);
    }
}

void article_changed(app::site& s, const article* before, const article& after) {
    const bool was_public = before && before->status == article_status::published;
    const bool is_public = after.status == article_status::published;
    const bool was_breaking = was_public && before->breaking;
    const bool is_breaking = is_public && after.breaking;
    if (!is_public && !was_public) {
        return;
    }
    const auto st = s.settings();
    const std::string url = st->url + articles::article_path(*st->zone, after);
    const auto at = timefmt::iso8601_utc(after.published_at ? after.published_at : s.now());
    if (is_public && !was_public) {
        announce(s, "published", json::serialize(json::object{{"id", after.id},
                                                              {"headline", after.headline},
                                                              {"url", url},
                                                              {"section", after.category_name},
                                                              {"at", at},
                                                              {"breaking", after.breaking}}));
    }
    if (is_breaking != was_breaking || (is_breaking && before->headline != after.headline)) {
        announce(s, "breaking", json::serialize(json::object{{"id", after.id},
                                                             {"headline", after.headline},
                                                             {"url", url},
                                                             {"at", at},
                                                             {"active", is_breaking}}));
    }
}

} // namespace gazette::live
