// The comment section of article pages and the comment form's POST.
#include "comments/pages.hpp"

#include "accounts/sessions.hpp"
#include "articles/pages.hpp"
#include "articles/service.hpp"
#include "articles/views.hpp"
#include "comments/avatar.hpp"
#include "comments/privacy.hpp"
#include "comments/text.hpp"
#include "core/text.hpp"
#include "http/forms.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <map>

namespace gazette::comments {

namespace json = boost::json;

namespace {

constexpr std::string_view held_notice =
    "Thank you. Your comment is waiting for a moderator and will appear once it is approved.";
constexpr std::int64_t remember_seconds = 365 * 86400;
constexpr std::size_t max_user_agent = 512;

std::string count_label(std::int64_t n) {
    if (n == 0) {
        return "No comments yet";
    }
    return std::to_string(n) + (n == 1 ? " comment" : " comments");
}

struct node {
    const comment* c = nullptr;
    int depth = 1;
    std::vector<node*> children;
};

// Every key is present (false or empty when it does not apply): replies render inside their parent's
// context, and Mustache would otherwise read a missing key from the parent (its replies, its badge).
json::object comment_json(app::site& s, const comment& c, int depth, bool open) {
    const auto st = s.settings();
    json::object o{{"comment_id", c.id},
                   {"permalink", "#comment-" + std::to_string(c.id)},
                   {"date_iso", timefmt::iso8601_local(*st->zone, c.created_at)},
                   {"date_human", timefmt::human_datetime(*st->zone, c.created_at)},
                   {"erased", c.erased},
                   {"staff", !c.erased && c.user_id != 0},
                   {"author_url", false},
                   {"avatar", false},
                   {"can_reply", false},
                   {"reply_url", false},
                   {"children", json::array{}}};
    if (c.erased) {
        o["author"] = "[deleted]";
        o["body_html"] = "<p>[deleted]</p>";
    } else {
        o["author"] = c.author_name;
        o["avatar"] = identicon(c.author_email, s.avatar_salt());
        o["body_html"] = to_html(c.body);
        if (!c.author_url.empty()) {
            o["author_url"] = c.author_url;
        }
    }
    if (open && depth < st->comments_thread_depth) {
        o["can_reply"] = true;
        o["reply_url"] = "?replytocom=" + std::to_string(c.id) + "#respond";
    }
    return o;
}

json::object node_json(app::site& s, const node& n, bool open) {
    auto o = comment_json(s, *n.c, n.depth, open);
    if (!n.children.empty()) {
        json::array kids;
        for (const auto* k : n.children) {
            kids.push_back(node_json(s, *k, open));
        }
        o["children"] = std::move(kids);
    }
    return o;
}

bool wants_json(const http::request& req) { return req.header("Accept").find("application/json") != std::string_view::npos; }

// A "remember me" cookie: readable by the page's script (it fills the form), never sent cross-site.
std::string remember_cookie(const app::site& s, std::string_view name, std::string_view value, std::int64_t max_age) {
    http::cookie_options o;
    o.max_age = max_age;
    o.http_only = false;
    o.secure = s.settings()->url.starts_with("https://");
    o.same_site = "Lax";
    o.path = "/";
    return http::set_cookie(name, text::url_encode(value), o);
}

} // namespace

std::string page_path(const time_zone& z, const article& a, std::int64_t page) {
    const auto base = articles::article_path(z, a);
    return page <= 1 ? base : base + "comment-page-" + std::to_string(page) + "/";
}

json::object view(app::site& s, const comment& c, bool can_reply) { return comment_json(s, c, c.depth, can_reply); }

result<json::object> section(app::site& s, const article& a, std::int64_t page, const form_state& state) {
    const auto st = s.settings();
    const bool open = !closed(a, *st, s.now());
    auto list = s.db().approved_comments(a.id);
    if (!list) {
        return list.error();
    }
    // The tree, by display depth: a reply to a comment at the deepest level lines up beside it.
    std::vector<node> nodes(list->size());
    std::map<id_t, node*> by_id;
    std::vector<node*> threads;
    for (std::size_t i = 0; i < list->size(); ++i) {
        node& n = nodes[i];
        n.c = &(*list)[i];
        const auto parent = by_id.find(n.c->parent_id);
        if (n.c->parent_id == 0 || parent == by_id.end()) {
            threads.push_back(&n); // a reply whose parent is not shown (held, removed) stands on its own
        } else {
            node* p = parent->second;
            while (p->depth >= st->comments_thread_depth && p->c->parent_id != 0 && by_id.contains(p->c->parent_id)) {
                p = by_id[p->c->parent_id];
            }
            n.depth = p->depth + 1;
            p->children.push_back(&n);
        }
        by_id[n.c->id] = &n;
    }
    const auto per_page = std::max<std::int64_t>(1, st->comments_per_page);
    const auto pages = std::max<std::int64_t>(1, (static_cast<std::int64_t>(threads.size()) + per_page - 1) / per_page);
    if (page < 1 || page > pages) {
        return std::error_code(errc::not_found);
    }
    json::object out{{"count", a.comment_count}, {"count_label", count_label(a.comment_count)},
                     {"max_depth", st->comments_thread_depth}};
    json::array shown;
    for (auto i = (page - 1) * per_page; i < std::min<std::int64_t>(page * per_page, static_cast<std::int64_t>(threads.size()));
         ++i) {
        shown.push_back(node_json(s, *threads[static_cast<std::size_t>(i)], open));
    }
    if (!shown.empty()) {
        out["threads"] = std::move(shown);
    }
    if (pages > 1) {
        json::object pg{{"page", page}, {"pages", pages}};
        if (page > 1) {
            pg["prev_url"] = page_path(*st->zone, a, page - 1) + "#comments";
        }
        if (page < pages) {
            pg["next_url"] = page_path(*st->zone, a, page + 1) + "#comments";
        }
        out["pagination"] = std::move(pg);
    }
    if (!open) {
        out["closed"] = true;
        return out;
    }
    json::object values;
    auto put = [&](const char* key, const std::string& v) {
        if (!v.empty()) {
            values[key] = v;
        }
    };
    put("comment", state.typed.comment);
    put("author", state.typed.author);
    put("email", state.typed.email);
    put("url", state.typed.url);
    if (state.typed.remember) {
        values["remember"] = true;
    }
    json::object form{{"action", "/wp-comments-post.php"},
                      {"post_id", a.id},
                      {"parent", std::to_string(state.reply_to)},
                      {"values", std::move(values)},
                      {"max_length", st->comments_max_length}};
    if (state.reply_to != 0) {
        const auto it = std::find_if(list->begin(), list->end(), [&](const comment& c) { return c.id == state.reply_to; });
        if (it != list->end()) {
            form["replying"] = {{"name", it->erased ? "[deleted]" : it->author_name}};
        } else {
            form["parent"] = "0";
        }
    }
    if (!state.errors.empty()) {
        json::object by_field;
        json::array listed;
        for (const auto& e : state.errors) {
            by_field[e.field] = e.message;
            listed.push_back({{"field", e.field}, {"message", e.message}});
        }
        form["errors"] = std::move(by_field);
        form["error_list"] = std::move(listed);
    }
    if (!state.problem.empty()) {
        form["problem"] = state.problem;
    }
    if (!state.notice.empty()) {
        form["notice"] = state.notice;
    }
    out["form"] = std::move(form);
    return out;
}

result<app::page> post(app::site& s, const http::request& req) {
    const bool json_wanted = wants_json(req);
    auto posted = http::parse_form(req.body);
    if (!posted) {
        return std::error_code(errc::invalid);
    }
    form_state state;
    state.typed = read_form(*posted);
    const auto post_id = text::to_int(state.typed.post_id, 1, INT64_MAX);
    const auto parent = state.typed.parent.empty() ? std::optional<std::int64_t>(0)
                                                   : text::to_int(state.typed.parent, 0, INT64_MAX);
    if (!post_id || !parent) {
        return std::error_code(errc::invalid);
    }
    state.reply_to = *parent;
    auto a = s.db().find_article(*post_id);
    if (!a) {
        return a.error();
    }
    if (a->status != article_status::published) {
        return std::error_code(errc::not_found);
    }
    const auto st = s.settings();
    const auto now = s.now();
    // Answers other than success: JSON for the page's script, the article page again for a plain form.
    auto refuse = [&](int status, std::string message) -> result<app::page> {
        if (json_wanted) {
            auto p = app::json_reply(json::object{{"message", message}}, status);
            if (status == 429) {
                p.headers.emplace_back("Retry-After", std::to_string(std::max<std::int64_t>(1, st->comments_flood_seconds)));
            }
            return p;
        }
        state.problem = std::move(message);
        auto page = articles::article_response(s, *a, 1, state);
        if (page) {
            page->status = status;
            page->cacheable = false;
        }
        return page;
    };
    if (closed(*a, *st, now)) {
        return refuse(403, "Comments are closed on this article.");
    }

    comment c;
    c.article_id = a->id;
    c.parent_id = *parent;
    if (auto errors = check(state.typed, *st, c); !errors.empty()) {
        if (json_wanted) {
            json::object by_field;
            for (const auto& e : errors) {
                by_field[e.field] = e.message;
            }
            return app::json_reply(json::object{{"errors", std::move(by_field)}}, 422);
        }
        state.errors = std::move(errors);
        auto page = articles::article_response(s, *a, 1, state);
        if (page) {
            page->status = 422;
            page->cacheable = false;
        }
        return page;
    }
    c.ip = req.remote_address;
    c.user_agent = std::string(req.header("User-Agent").substr(0, max_user_agent));
    // Staff signed in to the newsroom comment as themselves: a staff badge, no flood limit, no queue.
    if (auto token = http::cookie(req, accounts::session_cookie)) {
        if (auto who = s.sessions().resume(*token)) {
            c.user_id = who->who.id;
        }
    }
    comment_candidate cand;
    cand.verdict = judge(c, state.typed, *st);
    cand.flood_seconds = st->comments_flood_seconds;
    cand.max_depth = static_cast<int>(st->comments_thread_depth);
    cand.c = c;
    auto outcome = s.comment_writer().submit(std::move(cand));
    if (!outcome) {
        return outcome.error();
    }
    using k = comment_outcome::kind;
    switch (outcome->what) {
    case k::duplicate: return refuse(409, "You have already posted that comment here.");
    case k::flood:
        return refuse(429, "You are posting comments too quickly. Please wait " +
                               std::to_string(st->comments_flood_seconds) + " seconds and try again.");
    case k::closed: return refuse(403, "Comments are closed on this article.");
    case k::bad_parent: return refuse(422, "The comment you replied to is no longer there. Your comment was not posted.");
    case k::stored: break;
    }
    const bool published = outcome->status == comment_status::approved;
    if (published) {
        s.cache().invalidate({articles::article_tag(a->id)});
    } else {
        s.comment_queued(outcome->id); // the moderation queue's live view
    }
    spdlog::info("comment {} on article {}: {}{}{}", outcome->id, a->id, to_string(outcome->status),
                 outcome->reason.empty() ? "" : " — ", outcome->reason);

    app::page p;
    if (json_wanted) {
        if (published) {
            auto stored = s.db().find_comment(outcome->id);
            if (!stored) {
                return stored.error();
            }
            auto fresh = s.db().find_article(a->id);
            json::object one = view(s, *stored, true);
            p = app::json_reply(json::object{{"status", "approved"},
                                              {"comment_id", outcome->id},
                                              {"html", s.templates().render("comment", one)},
                                              {"count_label", count_label(fresh ? fresh->comment_count : a->comment_count + 1)}},
                                201);
        } else {
            p = app::json_reply(json::object{{"status", "pending"}, {"message", held_notice}}, 202);
        }
    } else {
        p.status = 303;
        p.cacheable = false;
        p.content_type = "text/plain; charset=utf-8";
        p.body = "Comment received\n";
        const auto base = articles::article_path(*st->zone, *a);
        p.headers.emplace_back("Location", published ? base + "#comment-" + std::to_string(outcome->id)
                                                     : base + "?held=1#respond");
        p.headers.emplace_back("Cache-Control", "no-store");
    }
    // Remember name, email and website only with the reader's consent; without it, forget them.
    const std::int64_t age = state.typed.remember ? remember_seconds : 0;
    for (const auto& [name, value] : {std::pair{"gz_comment_author", c.author_name},
                                      std::pair{"gz_comment_email", c.author_email},
                                      std::pair{"gz_comment_url", c.author_url}}) {
        p.headers.emplace_back("Set-Cookie", remember_cookie(s, name, state.typed.remember ? value : "", age));
    }
    return p;
}

namespace {

result<app::page> render_privacy(app::site& s, json::object privacy, int status) {
    std::vector<std::string> deps;
    const auto st = s.settings();
    auto ctx = s.base_context("Your data | " + st->name, "What " + st->name + " keeps about readers and how to get it.",
                              "/privacy/", deps);
    if (!ctx) {
        return ctx.error();
    }
    privacy["retain_days"] = st->comments_retain_ip_days;
    (*ctx)["privacy"] = std::move(privacy);
    app::page p;
    p.status = status;
    p.body = s.templates().render("privacy", *ctx);
    p.deps = std::move(deps);
    p.deps.emplace_back("settings");
    return p;
}

} // namespace

result<app::page> privacy_page(app::site& s, const http::request& req) {
    json::object privacy;
    if (req.query_param("sent")) {
        privacy["sent"] = true;
    }
    return render_privacy(s, std::move(privacy), 200);
}

result<app::page> privacy_request(app::site& s, const http::request& req) {
    auto posted = http::parse_form(req.body);
    if (!posted) {
        return std::error_code(errc::invalid);
    }
    const std::string email = normal_email(http::field(*posted, "email"));
    const std::string kind(http::field(*posted, "kind"));
    const std::string note(text::trim(http::field(*posted, "note")));
    std::vector<std::pair<std::string, std::string>> errors;
    form probe;
    probe.email = email;
    probe.author = "x";
    probe.comment = "x";
    comment ignored;
    if (email.empty()) {
        errors.emplace_back("email", "Please give the email address you commented with.");
    } else if (auto e = check(probe, *s.settings(), ignored); !e.empty()) {
        errors.emplace_back("email", "Please give an email address like name@example.com.");
    }
    if (kind != "export" && kind != "erase") {
        errors.emplace_back("kind", "Please choose a copy or erasure.");
    }
    if (note.size() > 1000) {
        errors.emplace_back("note", "Please keep the note under 1,000 characters.");
    }
    if (!errors.empty()) {
        json::object by_field;
        json::array listed;
        for (const auto& [f, m] : errors) {
            by_field[f] = m;
            listed.push_back({{"field", f == "kind" ? "kind" : f}, {"message", m}});
        }
        json::object values{{"email", email}};
        if (!note.empty()) {
            values["note"] = note;
        }
        if (kind == "export" || kind == "erase") {
            values[kind] = true;
        }
        auto p = render_privacy(s, json::object{{"errors", std::move(by_field)}, {"error_list", std::move(listed)},
                                                {"values", std::move(values)}},
                                422);
        if (p) {
            p->cacheable = false;
        }
        return p;
    }
    // Robots (the honeypot) and repeats within a day get the same answer and leave no request behind.
    const bool robot = !http::field(*posted, "gz_hp").empty();
    auto recent = s.db().privacy_requests_since(email, kind, s.now() - 86400);
    if (!recent) {
        return recent.error();
    }
    if (!robot && *recent == 0) {
        if (auto id = s.db().add_privacy_request({0, email, kind, note, s.now(), 0}); !id) {
            return id.error();
        } else {
            spdlog::info("privacy request {} ({}) received", *id, kind); // the address is personal: not logged
        }
    }
    app::page p;
    p.status = 303;
    p.cacheable = false;
    p.content_type = "text/plain; charset=utf-8";
    p.body = "Request received\n";
    p.headers.emplace_back("Location", "/privacy/?sent=1#request");
    return p;
}

} // namespace gazette::comments
