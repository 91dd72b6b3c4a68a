// The moderation queue.
#include "admin/comments.hpp"

#include "admin/pages.hpp"
#include "articles/service.hpp"
#include "articles/views.hpp"
#include "comments/pipeline.hpp"
#include "comments/privacy.hpp"
#include "comments/text.hpp"
#include "core/text.hpp"
#include "http/forms.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

namespace gazette::admin {

namespace json = boost::json;

namespace {

constexpr std::int64_t queue_page_size = 25;

struct action_def {
    std::string_view name;
    std::string_view label;
    std::optional<comment_status> to; // nullopt: delete for good
    char key;                         // keyboard shortcut in the queue ('\0': none)
};

constexpr std::array actions{
    action_def{"approve", "Approve", comment_status::approved, 'a'},
    action_def{"unapprove", "Unapprove", comment_status::pending, 'u'},
    action_def{"spam", "Spam", comment_status::spam, 's'},
    action_def{"notspam", "Not spam", comment_status::pending, 'n'},
    action_def{"trash", "Trash", comment_status::trash, 't'},
    action_def{"restore", "Restore", comment_status::pending, 'r'},
    action_def{"delete", "Delete forever", std::nullopt, '\0'},
};

const action_def* find_action(std::string_view name) {
    for (const auto& a : actions) {
        if (a.name == name) {
            return &a;
        }
    }
    return nullptr;
}

// What makes sense from each queue.
std::vector<std::string_view> actions_for(comment_status st) {
    switch (st) {
    case comment_status::pending: return {"approve", "spam", "trash"};
    case comment_status::approved: return {"unapprove", "spam", "trash"};
    case comment_status::spam: return {"notspam", "delete"};
    case comment_status::trash: return {"restore", "delete"};
    }
    return {};
}

bool wants_json(const http::request& req) { return req.header("Accept").find("application/json") != std::string_view::npos; }

std::optional<id_t> id_param(const http::request& req) { return text::to_int(req.param("id"), 1, INT64_MAX); }

// Where a plain form goes back to: the queue it came from (only newsroom comment pages).
std::string back_to(const http::form& f) {
    const auto back = http::field(f, "back");
    return back.starts_with("/admin/comments") ? std::string(back) : "/admin/comments";
}

// The message a plain form's redirect carries back (?done=...), as the page's flash.
void put_done(json::object& ctx, const http::request& req) {
    if (const auto done = req.query_param("done"); done && !done->empty() && done->size() < 300) {
        ctx["flash"] = {{"kind", "ok"}, {"text", *done}};
    }
}

json::object counts_json(const comment_counts& c) {
    return {{"pending", c.pending}, {"approved", c.approved}, {"spam", c.spam}, {"trash", c.trash}};
}

// Approved comments are on the site: when one changes, the article's pages (and the lists showing
// its comment count) are dropped from the cache, and nothing else.
void refresh_articles(app::site& s, const std::vector<id_t>& articles) {
    std::vector<std::string> tags;
    for (const id_t id : articles) {
        tags.push_back(articles::article_tag(id));
    }
    if (!tags.empty()) {
        s.cache().invalidate(tags);
    }
    s.comments_changed();
}

json::object row(app::site& s, const comment& c, const std::string& back) {
    const auto zone = s.zone();
    json::object o{{"id", c.id},
                   {"author", c.erased ? std::string("[deleted]") : c.author_name},
                   {"body", c.body},
                   {"body_html", comments::to_html(c.erased ? std::string("[deleted]") : c.body)},
                   {"status", to_string(c.status)},
                   {"date_human", timefmt::human_datetime(*zone, c.created_at)},
                   {"date_iso", timefmt::iso8601_local(*zone, c.created_at)},
                   {"article", json::object{{"id", c.article_id},
                                            {"headline", c.article_headline},
                                            {"filter_url", "/admin/comments?status=" + std::string(to_string(c.status)) +
                                                               "&article=" + std::to_string(c.article_id)},
                                            {"edit_url", "/admin/articles/" + std::to_string(c.article_id) + "/edit"}}}};
    auto put = [&](const char* key, const std::string& v) {
        if (!v.empty()) {
            o[key] = v;
        }
    };
    put("email", c.author_email);
    put("url", c.author_url);
    put("ip", c.ip);
    put("user_agent", c.user_agent);
    put("reason", c.reason);
    if (c.user_id != 0) {
        o["staff"] = true;
    }
    if (c.parent_id != 0) {
        o["in_reply_to"] = c.parent_id;
    }
    const std::string base = "/admin/comments/" + std::to_string(c.id);
    json::array acts;
    for (const auto name : actions_for(c.status)) {
        const auto* a = find_action(name);
        json::object act{{"name", a->name}, {"label", a->label}, {"url", base + "/" + std::string(a->name)}};
        if (a->key != '\0') {
            act["key"] = std::string(1, a->key);
        }
        if (!a->to) {
            act["danger"] = true;
        }
        acts.push_back(std::move(act));
    }
    o["actions"] = std::move(acts);
    o["back"] = back;
    if (!c.erased) {
        o["edit_url"] = base + "/edit";
        if (c.status == comment_status::pending || c.status == comment_status::approved) {
            o["reply_url"] = base + "/reply";
        }
        if (!c.author_email.empty()) {
            o["ban_email_value"] = c.author_email;
        }
        if (!c.ip.empty()) {
            o["ban_ip_value"] = c.ip;
        }
    }
    return o;
}

result<app::page> answer(app::site& s, const http::request& req, const http::form& f, json::object body,
                         const std::string& flash) {
    if (wants_json(req)) {
        auto counts = s.db().count_comments();
        if (!counts) {
            return counts.error();
        }
        body["counts"] = counts_json(*counts);
        return json_reply(body);
    }
    auto back = back_to(f);
    back += back.find('?') == std::string::npos ? '?' : '&';
    back += "done=";
    back += text::url_encode(flash);
    return redirect_to(back);
}

result<app::page> refuse(app::site& s, const http::request& req, int status, const std::string& message,
                         const accounts::signed_in& who) {
    if (wants_json(req)) {
        return json_reply(json::object{{"message", message}}, status);
    }
    return error_page(s, status, http::reason(status), message, &who);
}

} // namespace

result<app::page> comment_queue(app::site& s, const http::request& req, const accounts::signed_in& who) {
    comment_query q;
    const auto status_name = req.query_param("status").value_or("pending");
    const auto st = comment_status_from_string(status_name);
    if (!st && status_name != "all") {
        return std::error_code(errc::not_found);
    }
    q.status = st;
    q.search = std::string(text::trim(req.query_param("q").value_or("")));
    if (q.search.size() > 200) {
        q.search.resize(200);
    }
    if (const auto a = req.query_param("article")) {
        q.article_id = text::to_int(*a, 1, INT64_MAX);
    }
    const auto page = text::to_int(req.query_param("page").value_or("1"), 1, 100000).value_or(1);
    q.limit = queue_page_size;
    q.offset = (page - 1) * queue_page_size;
    auto list = s.db().list_comments(q);
    if (!list) {
        return list.error();
    }
    auto counts = s.db().count_comments();
    if (!counts) {
        return counts.error();
    }
    auto ctx = base_context(s, "Comments", &who, "/admin/comments");
    std::string here = "/admin/comments?status=" + status_name;
    if (!q.search.empty()) {
        here += "&q=" + text::url_encode(q.search);
    }
    if (q.article_id) {
        here += "&article=" + std::to_string(*q.article_id);
    }
    json::array tabs;
    for (const auto& [name, label, n] : {std::tuple{"pending", "Pending", counts->pending},
                                         std::tuple{"approved", "Approved", counts->approved},
                                         std::tuple{"spam", "Spam", counts->spam},
                                         std::tuple{"trash", "Trash", counts->trash}}) {
        json::object t{{"status", name}, {"label", label}, {"count", n}, {"url", std::string("/admin/comments?status=") + name}};
        if (status_name == name) {
            t["current"] = true;
        }
        tabs.push_back(std::move(t));
    }
    ctx["tabs"] = std::move(tabs);
    json::array rows;
    for (const auto& c : list->items) {
        rows.push_back(row(s, c, here + (page > 1 ? "&page=" + std::to_string(page) : "")));
    }
    if (!rows.empty()) {
        ctx["comments"] = std::move(rows);
    }
    json::array bulk;
    if (st) {
        for (const auto name : actions_for(*st)) {
            const auto* a = find_action(name);
            bulk.push_back(json::object{{"name", a->name}, {"label", a->label}});
        }
    }
    if (!bulk.empty()) {
        ctx["bulk_actions"] = std::move(bulk);
    }
    json::object filter{{"status", status_name}, {"here", here}, {"newest", list->items.empty() ? 0 : list->items.front().id}};
    if (!q.search.empty()) {
        filter["q"] = q.search;
    }
    if (q.article_id) {
        filter["article"] = *q.article_id;
        if (auto a = s.db().find_article(*q.article_id)) {
            json::object art{{"headline", a->headline}, {"id", a->id},
                             {"toggle_url", "/admin/articles/" + std::to_string(a->id) + "/comments"}};
            if (a->comments_closed) {
                art["closed"] = true;
            }
            if (a->status == article_status::published) {
                art["public_url"] = articles::article_path(*s.zone(), *a) + "#comments";
            }
            ctx["article"] = std::move(art);
        }
    }
    if (status_name == "pending") {
        filter["live"] = true; // new comments appear while the queue is open
    }
    ctx["filter"] = std::move(filter);
    const auto pages = std::max<std::int64_t>(1, (list->total + queue_page_size - 1) / queue_page_size);
    if (pages > 1) {
        json::object pg{{"page", page}, {"pages", pages}};
        if (page > 1) {
            pg["prev_url"] = here + "&page=" + std::to_string(page - 1);
        }
        if (page < pages) {
            pg["next_url"] = here + "&page=" + std::to_string(page + 1);
        }
        ctx["pagination"] = std::move(pg);
    }
    put_done(ctx, req);
    ctx["total"] = list->total;
    return render_admin(s, "comments", ctx);
}

namespace {

result<std::string> apply(app::site& s, const std::vector<id_t>& ids, const action_def& a) {
    std::vector<id_t> changed_articles;
    if (a.to) {
        auto changed = s.db().set_comment_status(ids, *a.to, s.now());
        if (!changed) {
            return changed.error();
        }
        changed_articles = std::move(*changed);
    } else {
        for (const id_t id : ids) {
            auto article_id = s.db().delete_comment(id);
            if (!article_id) {
                if (article_id.error() == errc::not_found) {
                    continue;
                }
                return article_id.error();
            }
            changed_articles.push_back(*article_id);
        }
    }
    refresh_articles(s, changed_articles);
    const auto n = ids.size();
    const std::string what = n == 1 ? "1 comment" : std::to_string(n) + " comments";
    if (a.name == "approve") return what + " approved.";
    if (a.name == "unapprove") return what + " moved back to Pending.";
    if (a.name == "spam") return what + " marked as spam.";
    if (a.name == "notspam") return what + " moved back to Pending.";
    if (a.name == "trash") return what + " moved to the trash.";
    if (a.name == "restore") return what + " restored to Pending.";
    return what + " deleted forever.";
}

} // namespace

result<app::page> comment_action(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = id_param(req);
    const auto* a = find_action(req.param("action"));
    auto f = http::parse_form(req.body).value_or(http::form{});
    if (!id || !a) {
        return std::error_code(errc::not_found);
    }
    auto existing = s.db().find_comment(*id);
    if (!existing) {
        return existing.error() == errc::not_found
                   ? refuse(s, req, 404, "That comment is no longer there; someone may have deleted it.", who)
                   : result<app::page>(existing.error());
    }
    auto done = apply(s, {*id}, *a);
    if (!done) {
        return done.error();
    }
    spdlog::info("user {} {} comment {}", who.who.id, a->name, *id);
    return answer(s, req, f,
                  json::object{{"id", *id}, {"status", a->to ? std::string(to_string(*a->to)) : "deleted"}, {"message", *done}},
                  *done);
}

result<app::page> comment_bulk(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto f = http::parse_form(req.body);
    if (!f) {
        return std::error_code(errc::invalid);
    }
    const auto* a = find_action(http::field(*f, "action"));
    std::vector<id_t> ids;
    for (const auto& [k, v] : *f) {
        if (k == "ids") {
            if (const auto id = text::to_int(v, 1, INT64_MAX)) {
                ids.push_back(*id);
            }
        }
    }
    if (!a || ids.empty() || ids.size() > 500) {
        return refuse(s, req, 422, ids.empty() ? "Choose the comments first." : "Choose an action.", who);
    }
    auto done = apply(s, ids, *a);
    if (!done) {
        return done.error();
    }
    spdlog::info("user {} {} {} comments", who.who.id, a->name, ids.size());
    json::array changed;
    for (const id_t id : ids) {
        changed.push_back(id);
    }
    return answer(s, req, *f, json::object{{"ids", std::move(changed)}, {"message", *done}}, *done);
}

result<app::page> comment_edit(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = id_param(req);
    auto f = http::parse_form(req.body);
    if (!id || !f) {
        return std::error_code(errc::invalid);
    }
    const std::string body(text::trim(http::field(*f, "body")));
    const auto max = static_cast<std::size_t>(s.settings()->comments_max_length);
    if (body.empty() || body.size() > max * 4) {
        return refuse(s, req, 422, body.empty() ? "A comment cannot be empty; trash it instead." : "That is too long.", who);
    }
    auto article_id = s.db().update_comment_body(*id, body);
    if (!article_id) {
        return article_id.error();
    }
    refresh_articles(s, {*article_id});
    spdlog::info("user {} edited comment {}", who.who.id, *id);
    return answer(s, req, *f, json::object{{"id", *id}, {"body_html", comments::to_html(body)}, {"message", "Comment saved."}},
                  "Comment saved.");
}

result<app::page> comment_reply(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = id_param(req);
    auto f = http::parse_form(req.body);
    if (!id || !f) {
        return std::error_code(errc::invalid);
    }
    auto parent = s.db().find_comment(*id);
    if (!parent) {
        return parent.error();
    }
    comments::form typed;
    typed.comment = std::string(http::field(*f, "body"));
    typed.author = who.who.name;
    typed.email = who.who.email;
    comment c;
    c.article_id = parent->article_id;
    c.parent_id = parent->id;
    c.user_id = who.who.id;
    if (auto errors = comments::check(typed, *s.settings(), c); !errors.empty()) {
        return refuse(s, req, 422, errors.front().message, who);
    }
    // Answering a comment that waits approves it (as WordPress does): the reply would make no sense alone.
    if (parent->status == comment_status::pending) {
        auto changed = s.db().set_comment_status({parent->id}, comment_status::approved, s.now());
        if (!changed) {
            return changed.error();
        }
    }
    comment_candidate cand;
    cand.c = c;
    cand.verdict = {comment_verdict::kind::approve, ""};
    cand.max_depth = static_cast<int>(s.settings()->comments_thread_depth);
    auto outcome = s.comment_writer().submit(std::move(cand));
    if (!outcome) {
        return outcome.error();
    }
    if (outcome->what != comment_outcome::kind::stored) {
        return refuse(s, req, 409,
                      outcome->what == comment_outcome::kind::closed ? "Comments are closed on that article."
                      : outcome->what == comment_outcome::kind::duplicate ? "You have already replied with that text."
                                                                          : "That comment can no longer be answered.",
                      who);
    }
    refresh_articles(s, {c.article_id});
    spdlog::info("user {} replied to comment {} (comment {})", who.who.id, parent->id, outcome->id);
    return answer(s, req, *f, json::object{{"id", outcome->id}, {"parent", parent->id}, {"message", "Reply published."}},
                  "Reply published.");
}

result<app::page> article_comments_open(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = id_param(req);
    auto f = http::parse_form(req.body);
    if (!id || !f) {
        return std::error_code(errc::invalid);
    }
    const bool open = http::field(*f, "open") == "1";
    if (auto r = s.db().set_comments_closed(*id, !open); !r) {
        return r.error();
    }
    refresh_articles(s, {*id});
    spdlog::info("user {} {} comments on article {}", who.who.id, open ? "opened" : "closed", *id);
    const std::string message = open ? "Comments are open on this article." : "Comments are closed on this article.";
    return answer(s, req, *f, json::object{{"article", *id}, {"open", open}, {"message", message}}, message);
}

result<app::page> comment_bans(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto bans = s.db().list_bans(s.now());
    if (!bans) {
        return bans.error();
    }
    auto ctx = base_context(s, "Banned senders", &who, "/admin/comments");
    json::array rows;
    for (const auto& b : *bans) {
        json::object o{{"id", b.id},
                       {"kind", b.kind == "ip" ? "Address" : "Email"},
                       {"value", b.value},
                       {"since", timefmt::human_datetime(*s.zone(), b.created_at)},
                       {"delete_url", "/admin/comments/bans/" + std::to_string(b.id) + "/delete"}};
        o["until"] = b.expires_at == 0 ? std::string("for good") : "until " + timefmt::human_datetime(*s.zone(), b.expires_at);
        rows.push_back(std::move(o));
    }
    if (!rows.empty()) {
        ctx["bans"] = std::move(rows);
    }
    put_done(ctx, req);
    return render_admin(s, "bans", ctx);
}

result<app::page> add_comment_ban(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto f = http::parse_form(req.body);
    if (!f) {
        return std::error_code(errc::invalid);
    }
    comment_ban b;
    b.kind = std::string(http::field(*f, "kind"));
    b.value = std::string(text::trim(http::field(*f, "value")));
    if (b.kind == "email") {
        std::transform(b.value.begin(), b.value.end(), b.value.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    const auto days = text::to_int(http::field(*f, "days").empty() ? "0" : http::field(*f, "days"), 0, 3650);
    if ((b.kind != "email" && b.kind != "ip") || b.value.empty() || b.value.size() > 200 || !days) {
        return refuse(s, req, 422, "Give an email address or an IP address, and a number of days (0 for good).", who);
    }
    b.created_at = s.now();
    b.expires_at = *days == 0 ? 0 : b.created_at + *days * 86400;
    auto id = s.db().add_ban(b, who.who.id);
    if (!id) {
        return id.error();
    }
    spdlog::info("user {} banned an {} (ban {})", who.who.id, b.kind, *id); // the value is personal data: not logged
    const std::string message = std::string(b.kind == "ip" ? "That address" : "That email") +
                                " is banned" + (*days == 0 ? "" : " for " + std::to_string(*days) + " days") +
                                ": its comments go to spam.";
    return answer(s, req, *f, json::object{{"ban", *id}, {"message", message}}, message);
}

result<app::page> delete_comment_ban(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = id_param(req);
    if (!id) {
        return std::error_code(errc::not_found);
    }
    if (auto r = s.db().delete_ban(*id); !r) {
        return r.error();
    }
    spdlog::info("user {} lifted ban {}", who.who.id, *id);
    return redirect_to("/admin/comments/bans?done=" + text::url_encode("The ban is lifted."));
}

result<std::string> queue_event(app::site& s, const std::vector<comment>& fresh) {
    json::array rows;
    for (const auto& c : fresh) {
        if (c.status == comment_status::pending) {
            rows.push_back(row(s, c, "/admin/comments?status=pending"));
        }
    }
    auto counts = s.db().count_comments();
    if (!counts) {
        return counts.error();
    }
    return json::serialize(json::object{{"comments", std::move(rows)}, {"counts", counts_json(*counts)}});
}

namespace {

// Pending comments newer than after, oldest first (at most the newest 50).
result<std::vector<comment>> pending_after(app::site& s, id_t after) {
    comment_query q;
    q.status = comment_status::pending;
    q.limit = 50;
    auto list = s.db().list_comments(q);
    if (!list) {
        return list.error();
    }
    std::vector<comment> out;
    for (auto it = list->items.rbegin(); it != list->items.rend(); ++it) {
        if (it->id > after) {
            out.push_back(*it);
        }
    }
    return out;
}

id_t after_param(const http::request& req) {
    auto after = text::to_int(req.query_param("after").value_or("0"), 0, INT64_MAX).value_or(0);
    // A reconnecting EventSource says where it got to.
    if (const auto last = text::to_int(req.header("Last-Event-ID"), 0, INT64_MAX)) {
        after = std::max(after, *last);
    }
    return after;
}

} // namespace

result<app::page> pending_since(app::site& s, const http::request& req, const accounts::signed_in&) {
    auto fresh = pending_after(s, after_param(req));
    if (!fresh) {
        return fresh.error();
    }
    auto payload = queue_event(s, *fresh);
    if (!payload) {
        return payload.error();
    }
    auto p = json_reply(json::value{});
    p.body = std::move(*payload);
    return p;
}

result<app::page> queue_events(app::site& s, const http::request& req, const accounts::signed_in&) {
    auto stream = s.events().subscribe("comments");
    // Subscribed first, then the catch-up: nothing published in between is lost.
    auto fresh = pending_after(s, after_param(req));
    if (!fresh) {
        return fresh.error();
    }
    if (!fresh->empty()) {
        auto payload = queue_event(s, *fresh);
        if (!payload) {
            return payload.error();
        }
        stream->push(app::event_hub::frame("", *payload, std::to_string(fresh->back().id)));
    }
    app::page p;
    p.cacheable = false;
    p.content_type = "text/event-stream";
    p.events = std::move(stream);
    return p;
}

result<app::page> privacy_requests(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto open = s.db().open_privacy_requests();
    if (!open) {
        return open.error();
    }
    auto ctx = base_context(s, "Privacy requests", &who, "/admin/privacy");
    json::array rows;
    for (const auto& r : *open) {
        json::object o{{"id", r.id},
                       {"email", r.email},
                       {"kind", r.kind == "erase" ? "Erase" : "Copy"},
                       {"erase", r.kind == "erase"},
                       {"received", timefmt::human_datetime(*s.zone(), r.created_at)},
                       {"done_url", "/admin/privacy/" + std::to_string(r.id) + "/done"}};
        if (!r.note.empty()) {
            o["note"] = r.note;
        }
        rows.push_back(std::move(o));
    }
    if (!rows.empty()) {
        ctx["requests"] = std::move(rows);
    }
    put_done(ctx, req);
    return render_admin(s, "privacy", ctx);
}

namespace {

std::optional<std::string> posted_email(const http::request& req) {
    auto f = http::parse_form(req.body);
    if (!f) {
        return std::nullopt;
    }
    auto e = comments::normal_email(http::field(*f, "email"));
    if (e.empty() || e.size() > comments::max_email || e.find('@') == std::string::npos) {
        return std::nullopt;
    }
    return e;
}

} // namespace

result<app::page> privacy_export(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto email = posted_email(req);
    if (!email) {
        return error_page(s, 422, "Give an email address", "Export needs the email address the comments were written with.",
                          &who);
    }
    auto data = comments::export_data(s.db(), *email, *s.zone(), s.now());
    if (!data) {
        return data.error();
    }
    spdlog::info("user {} exported a reader's data", who.who.id);
    app::page p;
    p.cacheable = false;
    p.content_type = "application/json; charset=utf-8";
    p.body = std::move(*data);
    p.headers.emplace_back("Content-Disposition", "attachment; filename=\"gazette-data-export.json\"");
    p.headers.emplace_back("Cache-Control", "no-store");
    return p;
}

result<app::page> privacy_erase(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto email = posted_email(req);
    if (!email) {
        return error_page(s, 422, "Give an email address", "Erasing needs the email address the comments were written with.",
                          &who);
    }
    auto done = comments::erase_data(s.db(), *email);
    if (!done) {
        return done.error();
    }
    refresh_articles(s, done->articles);
    spdlog::info("user {} erased a reader's data ({} comments)", who.who.id, done->comments);
    return redirect_to("/admin/privacy?done=" +
                       text::url_encode("Erased " + std::to_string(done->comments) + " comment(s) tied to that address."));
}

result<app::page> privacy_done(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = id_param(req);
    if (!id) {
        return std::error_code(errc::not_found);
    }
    if (auto r = s.db().close_privacy_request(*id, who.who.id, s.now()); !r) {
        return r.error();
    }
    return redirect_to("/admin/privacy?done=" + text::url_encode("Request closed."));
}

} // namespace gazette::admin
