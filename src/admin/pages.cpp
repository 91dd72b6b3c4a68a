// Newsroom pages: sign-in (double-submit CSRF, throttling, no account enumeration), sign-out, dashboard,
// article list.
#include "admin/pages.hpp"

#include "accounts/app_passwords.hpp"
#include "accounts/password.hpp"
#include "app/routes.hpp"
#include "articles/service.hpp"
#include "accounts/users.hpp"
#include "articles/views.hpp"
#include "chat/hub.hpp"
#include "core/text.hpp"
#include "core/zone.hpp"
#include "http/forms.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <sodium.h>
#include <array>
#include <chrono>
#include <map>
#include <spdlog/spdlog.h>


namespace gazette::admin {
namespace {

namespace json = boost::json;

constexpr std::string_view bad_credentials = "Email or password is incorrect.";

// A short, non-reversible label for an email address in logs: personal data never goes to the log.
std::string log_label(std::string_view email) {
    unsigned char digest[6];
    std::string lower;
    for (const char c : email) {
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(lower.data()), lower.size(),
                       nullptr, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return std::string("acct-") + hex;
}

bool secure_site(const app::site& s) { return s.settings()->url.starts_with("https://"); }

std::string session_cookie_header(const app::site& s, std::string_view token, std::int64_t max_age) {
    http::cookie_options o;
    o.max_age = max_age;
    o.secure = secure_site(s);
    return http::set_cookie(accounts::session_cookie, token, o);
}

} // namespace

void put_errors(json::object& ctx, const std::vector<std::pair<std::string, std::string>>& errors) {
    if (errors.empty()) {
        return;
    }
    json::object by_field;
    json::array list;
    for (const auto& [field, message] : errors) {
        if (!by_field.contains(field)) {
            by_field[field] = message;
        }
        list.push_back({{"field", field}, {"message", message}});
    }
    ctx["errors"] = std::move(by_field);
    ctx["error_list"] = std::move(list);
    ctx["has_errors"] = true;
}

json::object base_context(app::site& s, std::string_view title, const accounts::signed_in* who,
                          std::string_view current) {
    json::object ctx;
    ctx["site"] = {{"name", s.settings()->name}, {"url", s.settings()->url + "/"}};
    ctx["page"] = {{"title", title}};
    ctx["assets"] = {{"css", s.asset_url("admin/admin.css")},
                     {"js", s.asset_url("admin/admin.js")},
                     {"favicon", s.asset_url("admin/favicon.svg")}};
    if (who) {
        ctx["user"] = {{"name", who->who.name}, {"role", to_string(who->who.role_)}};
        ctx["csrf"] = who->s.csrf;
        json::array nav;
        const bool moderates = app::allowed(app::access::moderator, who->who.role_);
        for (const auto& [name, url] : {std::pair{"Dashboard", "/admin/"}, std::pair{"Articles", "/admin/articles"},
                                        std::pair{"Comments", "/admin/comments"},
                                        std::pair{"Chat", "/admin/chat"},
                                        std::pair{"Privacy", "/admin/privacy"},
                                        std::pair{"Media", "/admin/media"},
                                        std::pair{"Sections", "/admin/sections"},
                                        std::pair{"Tags", "/admin/tags"},
                                        std::pair{"Pages", "/admin/pages"},
                                        std::pair{"Settings", "/admin/settings"},
                                        std::pair{"Import", "/admin/import"},
                                        std::pair{"Your account", "/admin/account"}}) {
            const std::string_view u = url;
            if (((u == "/admin/settings" || u == "/admin/import") && who->who.role_ != role::admin) ||
                ((u == "/admin/sections" || u == "/admin/tags" || u == "/admin/pages") && who->who.role_ != role::admin &&
                 who->who.role_ != role::editor)) {
                continue; // only what this role may open
            }
            if (((u == "/admin/comments" || u == "/admin/privacy") && !moderates) ||
                (u == "/admin/chat" && !app::allowed(app::access::agent, who->who.role_))) {
                continue;
            }
            json::object item{{"name", name}, {"url", url}};
            if (u == "/admin/comments") {
                if (auto counts = s.db().count_comments(); counts && counts->pending > 0) {
                    item["count"] = counts->pending; // waiting for a moderator
                    item["count_label"] = "waiting";
                }
            }
            if (current == url) {
                item["current"] = true;
            }
            nav.push_back(std::move(item));
        }
        ctx["nav"] = std::move(nav);
    }
    return ctx;
}

app::page render_admin(app::site& s, std::string_view tmpl, const json::object& ctx, int status) {
    app::page p;
    p.status = status;
    p.cacheable = false;
    p.body = s.admin_templates().render(tmpl, ctx);
    p.headers.emplace_back("Cache-Control", "no-store");
    return p;
}

app::page redirect_to(std::string location) {
    app::page p;
    p.status = 303;
    p.cacheable = false;
    p.body = "See " + location + "\n";
    p.content_type = "text/plain; charset=utf-8";
    p.headers.emplace_back("Location", std::move(location));
    p.headers.emplace_back("Cache-Control", "no-store");
    return p;
}

namespace {

// The sign-in page, with the double-submit CSRF cookie (set anew when missing).
app::page login_page(app::site& s, const http::request& req, std::string_view email, std::string_view next,
                     std::string_view error, int status) {
    auto csrf = http::cookie(req, login_csrf_cookie);
    const bool fresh = !csrf || csrf->size() != 43;
    const std::string token = fresh ? accounts::new_token() : *csrf;
    auto ctx = base_context(s, "Sign in", nullptr, {});
    ctx["csrf"] = token;
    json::object form;
    if (!email.empty()) {
        form["email"] = email;
    }
    if (!next.empty()) {
        form["next"] = next;
    }
    ctx["form"] = std::move(form);
    if (!error.empty()) {
        ctx["error"] = {{"message", error}};
    }
    if (req.query_param("signed_out")) {
        ctx["notice"] = {{"text", "You have been signed out."}};
    }
    auto p = render_admin(s, "login", ctx, status);
    if (fresh) {
        http::cookie_options o;
        o.path = "/admin/";
        o.secure = secure_site(s);
        o.same_site = "Strict";
        p.headers.emplace_back("Set-Cookie", http::set_cookie(login_csrf_cookie, token, o));
    }
    return p;
}

std::string human_status(article_status st) {
    switch (st) {
    case article_status::draft: return "Draft";
    case article_status::review: return "In review";
    case article_status::scheduled: return "Scheduled";
    case article_status::published: return "Published";
    case article_status::unpublished: return "Unpublished";
    }
    return "Draft";
}

json::object row(const time_zone& z, const article& a) {
    json::object o{{"headline", a.headline},
                   {"status", to_string(a.status)},
                   {"status_label", human_status(a.status)},
                   {"section", a.category_name},
                   {"author", a.author_name},
                   {"updated_human", timefmt::human_datetime(z, a.updated_at)},
                   {"updated_iso", timefmt::iso8601_local(z, a.updated_at)}};
    if (a.status == article_status::published) {
        o["public_url"] = articles::article_path(z, a);
    }
    o["edit_url"] = "/admin/articles/" + std::to_string(a.id) + "/edit";
    return o;
}

} // namespace

std::string safe_next(std::string_view next) {
    // Only paths inside the newsroom: no scheme, no "//host", no backslashes browsers treat as slashes.
    if (next.starts_with("/admin/") && next.find("//") == std::string_view::npos &&
        next.find('\\') == std::string_view::npos && next.find_first_of("\r\n") == std::string_view::npos &&
        next.size() <= 512) {
        return std::string(next);
    }
    return "/admin/";
}

app::page error_page(app::site& s, int status, std::string_view title, std::string_view message,
                     const accounts::signed_in* who) {
    auto ctx = base_context(s, title, who, {});
    ctx["error"] = {{"status", status}, {"title", title}, {"message", message}};
    return render_admin(s, "error", ctx, status);
}

result<app::page> login_form(app::site& s, const http::request& req) {
    if (auto token = http::cookie(req, accounts::session_cookie)) {
        if (auto who = s.sessions().resume(*token)) {
            return redirect_to(safe_next(req.query_param("next").value_or("/admin/")));
        }
    }
    const auto next = req.query_param("next").value_or("");
    return login_page(s, req, "", next.empty() ? "" : safe_next(next), "", 200);
}

result<app::page> login_submit(app::site& s, const http::request& req) {
    auto form = http::parse_form(req.body);
    if (!form) {
        return error_page(s, 400, "Bad request", "The form could not be read.", nullptr);
    }
    const auto email = std::string(text::trim(http::field(*form, "email")));
    const auto password = http::field(*form, "password");
    const auto next_field = http::field(*form, "next");
    const auto next = next_field.empty() ? std::string() : safe_next(next_field);
    const auto cookie = http::cookie(req, login_csrf_cookie);
    if (!cookie || !accounts::same_token(*cookie, http::field(*form, "_csrf"))) {
        spdlog::warn("sign-in refused: missing or wrong CSRF token from {}", req.remote_address);
        return login_page(s, req, email, next,
                          "Your sign-in form had expired. Please sign in again.", 403);
    }
    if (email.size() > max_email_bytes || password.size() > accounts::max_password_length) {
        return login_page(s, req, email.substr(0, max_email_bytes), next, bad_credentials, 401);
    }
    if (const auto wait = s.throttle().retry_after(email, req.remote_address); wait > 0) {
        spdlog::warn("sign-in throttled for {} from {}", log_label(email), req.remote_address);
        const auto minutes = (wait + 59) / 60;
        auto p = login_page(s, req, email, next,
                            "Too many failed sign-ins. Please wait " + std::to_string(minutes) +
                                (minutes == 1 ? " minute" : " minutes") + " and try again.",
                            429);
        p.headers.emplace_back("Retry-After", std::to_string(wait));
        return p;
    }
    auto login = s.db().find_login(email);
    if (!login && login.error() != errc::not_found) {
        return login.error();
    }
    // Verify against a real hash even for unknown accounts, so timing does not reveal which exist.
    static const std::string dummy = accounts::hash_password("gazette-dummy-password-for-timing");
    // An account without a password (an author brought over from WordPress, who has not set one yet)
    // is checked against the dummy too: it cannot sign in, and takes as long to refuse as any other.
    const bool has_password = login && !login->second.empty();
    const bool ok = accounts::verify_password(has_password ? login->second : dummy, password) && has_password;
    if (!ok) {
        s.throttle().failed(email, req.remote_address);
        spdlog::warn("failed sign-in for {} from {}", log_label(email), req.remote_address);
        return login_page(s, req, email, next, bad_credentials, 401);
    }
    s.throttle().succeeded(email);
    auto token = s.sessions().open(login->first.id);
    if (!token) {
        return token.error();
    }
    spdlog::info("{} signed in from {}", log_label(email), req.remote_address);
    auto p = redirect_to(next.empty() ? "/admin/" : next);
    p.headers.emplace_back("Set-Cookie", session_cookie_header(s, *token, accounts::session_max_seconds));
    return p;
}

result<app::page> logout(app::site& s, const http::request& req, const accounts::signed_in& who) {
    if (auto token = http::cookie(req, accounts::session_cookie)) {
        if (auto r = s.sessions().close(*token); !r) {
            return r.error();
        }
    }
    s.chat().signed_out(who.who.id, who.s.id);
    auto p = redirect_to("/admin/login?signed_out=1");
    p.headers.emplace_back("Set-Cookie", session_cookie_header(s, "", 0));
    return p;
}

result<app::page> logout_everywhere(app::site& s, const http::request&, const accounts::signed_in& who) {
    auto n = s.sessions().close_all(who.who.id);
    if (!n) {
        return n.error();
    }
    s.chat().signed_out(who.who.id, {});
    spdlog::info("user {} signed out of {} session(s)", who.who.id, *n);
    auto p = redirect_to("/admin/login?signed_out=1");
    p.headers.emplace_back("Set-Cookie", session_cookie_header(s, "", 0));
    return p;
}

namespace {

constexpr int chart_days = 30;

std::string thousands(std::int64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && digits[i - 1] != '-' && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return out;
}

// 1, 2 or 5 times a power of ten: the smallest at least x.
std::int64_t nice_step(double x) {
    std::int64_t p = 1;
    while (true) {
        for (const std::int64_t m : {1, 2, 5}) {
            if (static_cast<double>(m * p) >= x) {
                return m * p;
            }
        }
        p *= 10;
    }
}

// The views chart as data for the template's inline SVG: bar geometry, gridlines and labels, computed
// here so the page needs no script and no chart library.
json::object views_chart(const std::vector<std::pair<std::string, std::int64_t>>& days) {
    constexpr double width = 720, height = 220, left = 48, right = 8, top = 10, bottom = 26;
    const double plot_w = width - left - right, plot_h = height - top - bottom;
    std::int64_t peak = 0, total = 0;
    std::string peak_day;
    for (const auto& [day, n] : days) {
        total += n;
        if (n > peak) {
            peak = n;
            peak_day = day;
        }
    }
    const std::int64_t step = nice_step(std::max<double>(1.0, static_cast<double>(peak) / 4.0));
    const std::int64_t top_value = std::max<std::int64_t>(step, (peak + step - 1) / step * step);
    auto y_of = [&](std::int64_t v) { return top + plot_h - plot_h * static_cast<double>(v) / static_cast<double>(top_value); };
    auto fmt1 = [](double v) { return fmt::format("{:.1f}", v); };

    json::array grid;
    for (std::int64_t v = 0; v <= top_value; v += step) {
        grid.push_back({{"y", fmt1(y_of(v))}, {"label", thousands(v)}, {"label_y", fmt1(y_of(v) + 4)}});
    }
    const double slot = plot_w / static_cast<double>(days.size());
    json::array bars;
    json::array labels;
    for (std::size_t i = 0; i < days.size(); ++i) {
        const auto& [day, n] = days[i];
        const double x = left + slot * static_cast<double>(i);
        const double y = y_of(n);
        // "2026-11-25" → "25 Nov"
        static constexpr std::array months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        const auto month = text::to_int(day.substr(5, 2), 1, 12).value_or(1);
        const std::string label = std::to_string(text::to_int(day.substr(8, 2), 1, 31).value_or(1)) + " " +
                                  months[static_cast<std::size_t>(month - 1)];
        bars.push_back({{"x", fmt1(x + slot * 0.15)},
                        {"y", fmt1(y)},
                        {"width", fmt1(slot * 0.7)},
                        {"height", fmt1(top + plot_h - y)},
                        {"label", label},
                        {"views", thousands(n)}});
        if ((days.size() - 1 - i) % 7 == 0) { // every seventh day, ending today
            labels.push_back({{"x", fmt1(x + slot / 2)}, {"label", label}});
        }
    }
    return {{"width", width},
            {"height", height},
            {"left", left},
            {"right", fmt1(width - right)},
            {"label_y", fmt1(height - 8)},
            {"grid", std::move(grid)},
            {"bars", std::move(bars)},
            {"labels", std::move(labels)},
            {"total", thousands(total)},
            {"peak", thousands(peak)},
            {"today", thousands(days.empty() ? 0 : days.back().second)}};
}

// The last chart_days days in zone z, oldest first, as YYYY-MM-DD.
std::vector<std::string> last_days(const time_zone& z, unix_time now) {
    using namespace std::chrono;
    const std::string today = timefmt::local_day(z, now);
    const year_month_day ymd{year{static_cast<int>(text::to_int(today.substr(0, 4), 1970, 9999).value_or(1970))},
                             month{static_cast<unsigned>(text::to_int(today.substr(5, 2), 1, 12).value_or(1))},
                             day{static_cast<unsigned>(text::to_int(today.substr(8, 2), 1, 31).value_or(1))}};
    std::vector<std::string> out;
    for (int i = chart_days - 1; i >= 0; --i) {
        const year_month_day d{sys_days{ymd} - days{i}};
        out.push_back(fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                                  static_cast<unsigned>(d.day())));
    }
    return out;
}

} // namespace

result<app::page> dashboard(app::site& s, const http::request&, const accounts::signed_in& who) {
    auto counts = s.db().count_by_status();
    if (!counts) {
        return counts.error();
    }
    admin_article_query scheduled_q;
    scheduled_q.status = article_status::scheduled;
    scheduled_q.limit = 5;
    auto scheduled = s.db().list_for_newsroom(scheduled_q);
    if (!scheduled) {
        return scheduled.error();
    }
    admin_article_query recent_q;
    recent_q.limit = 8;
    if (who.who.role_ == role::author) {
        recent_q.author_id = who.who.id;
    }
    auto recent = s.db().list_for_newsroom(recent_q);
    if (!recent) {
        return recent.error();
    }
    auto ctx = base_context(s, "Dashboard", &who, "/admin/");
    ctx["counts"] = {{"drafts", counts->drafts}, {"review", counts->review}, {"scheduled", counts->scheduled},
                     {"published", counts->published}, {"unpublished", counts->unpublished}};
    if (app::allowed(app::access::moderator, who.who.role_)) { // what needs a moderator's attention
        auto comments = s.db().count_comments();
        if (!comments) {
            return comments.error();
        }
        ctx["comments"] = {{"pending", comments->pending}};
    }
    json::array sched;
    for (const auto& a : scheduled->items) {
        sched.push_back({{"headline", a.headline},
                         {"when_human", timefmt::human_datetime(*s.zone(), a.published_at)},
                         {"when_iso", timefmt::iso8601_local(*s.zone(), a.published_at)},
                         {"edit_url", "/admin/articles/" + std::to_string(a.id) + "/edit"}});
    }
    if (!sched.empty()) {
        ctx["scheduled"] = std::move(sched);
    }
    json::array rows;
    for (const auto& a : recent->items) {
        rows.push_back(row(*s.zone(), a));
    }
    if (!rows.empty()) {
        ctx["recent"] = std::move(rows);
    }

    // Readership: the views counted so far are stored first, so the chart is up to the minute.
    if (auto r = s.flush_views(); !r) {
        spdlog::error("storing page views failed: {}", r.error().message());
    }
    const auto zone = s.zone();
    const auto days = last_days(*zone, s.now());
    auto per_day = s.db().views_per_day(days.front(), days.back());
    if (!per_day) {
        return per_day.error();
    }
    std::vector<std::pair<std::string, std::int64_t>> series;
    for (const auto& d : days) {
        const auto it = std::find_if(per_day->begin(), per_day->end(), [&](const auto& p) { return p.first == d; });
        series.emplace_back(d, it == per_day->end() ? 0 : it->second);
    }
    ctx["chart"] = views_chart(series);
    auto top = s.db().most_viewed(days.front(), days.back(), 5);
    if (!top) {
        return top.error();
    }
    json::array most;
    for (const auto& [a, n] : *top) {
        most.push_back({{"headline", a.headline},
                        {"url", articles::article_path(*zone, a)},
                        {"edit_url", "/admin/articles/" + std::to_string(a.id) + "/edit"},
                        {"views", thousands(n)}});
    }
    if (!most.empty()) {
        ctx["most_read"] = std::move(most);
    }
    return render_admin(s, "dashboard", ctx);
}

namespace {

std::optional<id_t> id_param(const http::request& req, std::string_view name) {
    const auto v = req.query_param(name);
    return v ? text::to_int(*v, 1, INT64_MAX) : std::nullopt;
}

// A select's options, with the current value marked.
json::array options(const std::vector<std::pair<std::string, std::string>>& values, std::string_view current) {
    json::array out;
    for (const auto& [value, label] : values) {
        json::object o{{"value", value}, {"label", label}};
        if (value == current) {
            o["selected"] = true;
        }
        out.push_back(std::move(o));
    }
    return out;
}

} // namespace

result<app::page> articles(app::site& s, const http::request& req, const accounts::signed_in& who) {
    admin_article_query q;
    q.limit = articles_per_page;
    const auto status = req.query_param("status").value_or("");
    q.status = status_from_string(status);
    q.search = std::string(text::trim(req.query_param("q").value_or(""))).substr(0, 200);
    q.category_id = id_param(req, "section");
    q.author_id = id_param(req, "author");
    const auto sort = req.query_param("sort").value_or("updated");
    q.sort = sort == "headline"    ? admin_article_query::order::headline
             : sort == "published" ? admin_article_query::order::published
                                   : admin_article_query::order::updated;
    const bool editor = who.who.role_ == role::admin || who.who.role_ == role::editor;
    if (!editor) {
        q.author_id = who.who.id; // authors see their own work
    }
    const auto page_param = req.query_param("page");
    const std::int64_t page_no = page_param ? text::to_int(*page_param, 1, 100000).value_or(1) : 1;
    q.offset = (page_no - 1) * q.limit;
    auto items = s.db().list_for_newsroom(q);
    if (!items) {
        return items.error();
    }
    auto cats = s.db().list_categories();
    if (!cats) {
        return cats.error();
    }
    auto ctx = base_context(s, "Articles", &who, "/admin/articles");
    std::vector<std::pair<std::string, std::string>> section_values{{"", "All sections"}};
    for (const auto& c : *cats) {
        section_values.emplace_back(std::to_string(c.id), c.name);
    }
    json::object filters{
        {"statuses", options({{"", "All statuses"}, {"draft", "Drafts"}, {"review", "In review"},
                              {"scheduled", "Scheduled"}, {"published", "Published"}, {"unpublished", "Unpublished"}},
                             status)},
        {"sections", options(section_values, q.category_id ? std::to_string(*q.category_id) : "")},
        {"sorts", options({{"updated", "Recently updated"}, {"published", "Publication date"}, {"headline", "Headline A–Z"}},
                          sort)}};
    if (editor) {
        auto staff = s.db().list_staff();
        if (!staff) {
            return staff.error();
        }
        std::vector<std::pair<std::string, std::string>> author_values{{"", "All authors"}};
        for (const auto& u : *staff) {
            author_values.emplace_back(std::to_string(u.id), u.name);
        }
        filters["authors"] = options(author_values, q.author_id ? std::to_string(*q.author_id) : "");
        filters["has_authors"] = true;
        ctx["bulk"] = {{"actions", options({{"", "Bulk action…"}, {"published", "Publish"}, {"unpublished", "Unpublish"},
                                            {"draft", "Move to drafts"}, {"review", "Send for review"}},
                                           "")}};
    }
    if (!q.search.empty()) {
        filters["q"] = q.search;
    }
    ctx["filters"] = std::move(filters);
    ctx["total"] = items->total;
    json::array rows;
    for (const auto& a : items->items) {
        auto r = row(*s.zone(), a);
        r["id"] = a.id;
        rows.push_back(std::move(r));
    }
    if (!rows.empty()) {
        ctx["articles"] = std::move(rows);
    }
    if (const auto done = req.query_param("bulk_done")) {
        ctx["flash"] = {{"kind", "ok"}, {"text", *done + " article(s) changed."}};
    }
    const std::int64_t pages = std::max<std::int64_t>(1, (items->total + q.limit - 1) / q.limit);
    if (pages > 1) {
        auto url = [&](std::int64_t n) {
            std::string u = "/admin/articles?page=" + std::to_string(n);
            if (q.status) {
                u += "&status=" + std::string(to_string(*q.status));
            }
            if (!q.search.empty()) {
                u += "&q=" + text::url_encode(q.search);
            }
            if (q.category_id) {
                u += "&section=" + std::to_string(*q.category_id);
            }
            if (q.author_id && editor) {
                u += "&author=" + std::to_string(*q.author_id);
            }
            u += "&sort=" + text::url_encode(sort);
            return u;
        };
        json::object pg{{"page", page_no}, {"pages", pages}};
        if (page_no > 1) {
            pg["prev_url"] = url(page_no - 1);
        }
        if (page_no < pages) {
            pg["next_url"] = url(page_no + 1);
        }
        ctx["pagination"] = std::move(pg);
    }
    return render_admin(s, "articles", ctx);
}

result<app::page> bulk_articles(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto form = http::parse_form(req.body);
    if (!form) {
        return error_page(s, 400, "Bad request", "The form could not be read.", &who);
    }
    const auto target = status_from_string(http::field(*form, "bulk"));
    if (!target || *target == article_status::scheduled) { // scheduling needs a time: the editor does that
        return error_page(s, 400, "Choose an action", "Choose what to do with the selected articles, then apply.",
                          &who);
    }
    articles::service svc(s.db(), &s.cache(), s.clock(), s.article_observer());
    std::size_t changed = 0;
    std::vector<std::string> failures;
    for (const auto& [name, value] : *form) {
        if (name != "ids") {
            continue;
        }
        const auto id = text::to_int(value, 1, INT64_MAX);
        if (!id) {
            continue;
        }
        auto a = s.db().find_article(*id);
        if (!a) {
            continue;
        }
        auto d = articles::draft_of(*a);
        d.status = *target; // never published before: the service makes published_at now
        d.saved_by = who.who.id;
        articles::field_errors errors;
        if (auto r = svc.update(*id, d, errors); r) {
            ++changed;
        } else if (r.error() == errc::invalid || r.error() == errc::stale) {
            failures.push_back(a->headline);
        } else {
            return r.error();
        }
    }
    spdlog::info("user {} changed {} article(s) to {}", who.who.id, changed, to_string(*target));
    if (!failures.empty()) {
        return error_page(s, 409, "Some articles were not changed",
                          std::to_string(changed) + " changed; not changed: " + failures.front() +
                              (failures.size() > 1 ? " and " + std::to_string(failures.size() - 1) + " more" : "") +
                              ". Open them to see why.",
                          &who);
    }
    return redirect_to("/admin/articles?bulk_done=" + std::to_string(changed));
}

namespace {

// The settings form, drawn from the settings table: values are what was typed (after an error) or stored.
result<app::page> render_settings(app::site& s, const accounts::signed_in& who,
                                  const std::map<std::string, std::string>& typed,
                                  const std::vector<std::pair<std::string, std::string>>& errors, bool saved,
                                  int status) {
    auto ctx = base_context(s, "Settings", &who, "/admin/settings");
    const auto current = s.settings();
    std::vector<std::string> zones;
    std::vector<media_item> images;
    json::array groups;
    json::array error_list;
    for (const auto& def : app::all_settings()) {
        const std::string id = "field-" + text::slugify(def.key);
        const auto t = typed.find(std::string(def.key));
        const std::string value = t != typed.end() ? t->second : app::setting_value(def, *current);
        json::object f{{"key", def.key}, {"id", id}, {"label", def.label}, {"help", def.help}, {"value", value},
                       {"max", def.max}, {"min", def.min}};
        if (def.min > 0) {
            f["required"] = true;
        }
        switch (def.kind) {
        case app::setting_kind::text: f["is_text"] = true; break;
        case app::setting_kind::url: f["is_url"] = true; break;
        case app::setting_kind::boolean:
            f["is_boolean"] = true;
            if (value == "1") {
                f["checked"] = true;
            }
            break;
        case app::setting_kind::lines:
        case app::setting_kind::hours:
        case app::setting_kind::shortcuts: f["is_lines"] = true; break;
        case app::setting_kind::colour: f["is_colour"] = true; break;
        case app::setting_kind::choice: {
            json::array options;
            for (const auto option : text::split(def.choices, '|')) {
                const auto eq = option.find('=');
                json::object o{{"value", option.substr(0, eq)}, {"label", option.substr(eq + 1)}};
                if (option.substr(0, eq) == value) {
                    o["selected"] = true;
                }
                options.push_back(std::move(o));
            }
            f["is_choice"] = true;
            f["options"] = std::move(options);
            break;
        }
        case app::setting_kind::language: f["is_language"] = true; break;
        case app::setting_kind::integer: f["is_number"] = true; break;
        case app::setting_kind::zone: {
            if (zones.empty()) {
                zones = known_zone_names();
            }
            json::array options;
            bool found = false;
            for (const auto& z : zones) {
                json::object o{{"value", z}};
                if (z == value) {
                    o["selected"] = true;
                    found = true;
                }
                options.push_back(std::move(o));
            }
            if (!found) { // kept as typed, so the error beside it makes sense
                options.push_back({{"value", value}, {"selected", true}});
            }
            f["is_zone"] = true;
            f["options"] = std::move(options);
            f["now"] = "It is " + timefmt::human_datetime(*current->zone, s.now()) + " there now.";
            break;
        }
        case app::setting_kind::image: {
            if (images.empty()) {
                auto listed = s.db().list_media(200, 0);
                if (!listed) {
                    return listed.error();
                }
                images = std::move(*listed);
            }
            json::array options;
            for (const auto& m : images) {
                json::object o{{"value", m.path}, {"label", m.filename}};
                if (m.path == value) {
                    o["selected"] = true;
                }
                options.push_back(std::move(o));
            }
            f["is_image"] = true;
            f["options"] = std::move(options);
            if (!value.empty()) {
                f["preview"] = value;
            }
            break;
        }
        }
        for (const auto& [key, message] : errors) {
            if (key == def.key) {
                f["error"] = message;
                error_list.push_back({{"field", id}, {"message", std::string(def.label) + ": " + message}});
                break;
            }
        }
        if (groups.empty() || groups.back().as_object().at("title").as_string() != def.group) {
            groups.push_back(json::object{{"title", def.group}, {"id", text::slugify(def.group)}, {"fields", json::array{}}});
        }
        groups.back().as_object()["fields"].as_array().push_back(std::move(f));
    }
    ctx["groups"] = std::move(groups);
    if (!error_list.empty()) {
        ctx["error_list"] = std::move(error_list);
        ctx["has_errors"] = true;
    }
    ctx["info"] = {{"url", current->url}};
    if (saved) {
        ctx["flash"] = {{"kind", "ok"}, {"text", "Settings saved. The site shows them now."}};
    }
    return render_admin(s, "settings", ctx, status);
}

} // namespace

namespace {

// The account page's context: the person and their application passwords (never the passwords).
result<json::object> account_context(app::site& s, const accounts::signed_in& who) {
    auto ctx = base_context(s, "Your account", &who, "/admin/account");
    ctx["account"] = {{"email", who.who.email}, {"role", to_string(who.who.role_)}};
    auto list = s.db().list_app_passwords(who.who.id);
    if (!list) {
        return list.error();
    }
    json::array rows;
    for (const auto& p : *list) {
        rows.push_back({{"id", p.id},
                        {"name", p.name},
                        {"created", timefmt::human_datetime(*s.zone(), p.created_at)},
                        {"last_used", p.last_used_at ? timefmt::human_datetime(*s.zone(), p.last_used_at) : "Never"}});
    }
    if (!rows.empty()) {
        ctx["has_app_passwords"] = true;
    }
    ctx["app_passwords"] = std::move(rows);
    return ctx;
}

} // namespace

result<app::page> account(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto ctx = account_context(s, who);
    if (!ctx) {
        return ctx.error();
    }
    if (req.query_param("changed")) {
        (*ctx)["flash"] = {{"kind", "ok"}, {"text", "Password changed. Your other sessions were signed out."}};
    } else if (req.query_param("revoked")) {
        (*ctx)["flash"] = {{"kind", "ok"}, {"text", "Application password revoked. Apps using it are refused from now on."}};
    }
    return render_admin(s, "account", *ctx);
}

result<app::page> add_app_password(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto form = http::parse_form(req.body);
    const auto name = form ? http::field(*form, "name") : std::string_view{};
    std::string message;
    auto made = accounts::create_app_password(s.db(), who.who.id, name, s.now(), message);
    if (!made && made.error() != errc::invalid) {
        return made.error();
    }
    auto ctx = account_context(s, who);
    if (!ctx) {
        return ctx.error();
    }
    if (!made) {
        (*ctx)["app_password_error"] = message;
        return render_admin(s, "account", *ctx, 422);
    }
    spdlog::info("user {} created application password {}", who.who.id, made->first);
    // Shown in this answer only (not after a redirect): it is not kept anywhere it could be read again.
    (*ctx)["new_app_password"] = {{"name", std::string(text::trim(name))}, {"password", made->second}};
    return render_admin(s, "account", *ctx);
}

result<app::page> revoke_app_password(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = text::to_int(req.param("id"), 1, INT64_MAX);
    if (!id) {
        return std::error_code(errc::not_found);
    }
    if (auto r = s.db().delete_app_password(*id, who.who.id); !r) {
        return r.error(); // not_found for someone else's: 404, nothing said about it
    }
    spdlog::info("user {} revoked application password {}", who.who.id, *id);
    return redirect_to("/admin/account?revoked=1");
}

result<app::page> change_password(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto form = http::parse_form(req.body);
    if (!form) {
        return error_page(s, 400, "Bad request", "The form could not be read.", &who);
    }
    const auto current = http::field(*form, "current");
    const auto next = http::field(*form, "password");
    const auto again = http::field(*form, "password_again");
    std::vector<std::pair<std::string, std::string>> errors;
    auto login = s.db().find_login(who.who.email);
    if (!login) {
        return login.error();
    }
    if (s.throttle().retry_after(who.who.email, req.remote_address) > 0) {
        errors.emplace_back("current", "Too many wrong passwords. Please wait a few minutes and try again.");
    } else if (current.size() > accounts::max_password_length || !accounts::verify_password(login->second, current)) {
        s.throttle().failed(who.who.email, req.remote_address);
        errors.emplace_back("current", "That is not your current password.");
    }
    if (next.size() < accounts::min_password_length || next.size() > accounts::max_password_length) {
        errors.emplace_back("password", "Use " + std::to_string(accounts::min_password_length) + " to " +
                                            std::to_string(accounts::max_password_length) + " characters.");
    } else if (next != again) {
        errors.emplace_back("password_again", "The two new passwords are not the same.");
    }
    if (!errors.empty()) {
        auto ctx = account_context(s, who);
        if (!ctx) {
            return ctx.error();
        }
        put_errors(*ctx, errors);
        return render_admin(s, "account", *ctx, 422); // passwords are never shown back
    }
    if (auto r = s.db().set_password(who.who.id, accounts::hash_password(next)); !r) {
        return r.error();
    }
    // Every other session ends; this one goes on.
    auto sessions = s.sessions().close_all(who.who.id);
    if (!sessions) {
        return sessions.error();
    }
    s.chat().signed_out(who.who.id, {});
    auto token = s.sessions().open(who.who.id);
    if (!token) {
        return token.error();
    }
    spdlog::info("user {} changed their password", who.who.id);
    auto p = redirect_to("/admin/account?changed=1");
    p.headers.emplace_back("Set-Cookie", session_cookie_header(s, *token, accounts::session_max_seconds));
    return p;
}

result<app::page> settings_form(app::site& s, const http::request& req, const accounts::signed_in& who) {
    return render_settings(s, who, {}, {}, req.query_param("saved").has_value(), 200);
}

result<app::page> save_settings(app::site& s, const http::request& req, const accounts::signed_in& who) {
    auto form = http::parse_form(req.body);
    if (!form) {
        return error_page(s, 400, "Bad request", "The form could not be read.", &who);
    }
    std::vector<std::pair<std::string, std::string>> values;
    std::map<std::string, std::string> typed;
    for (const auto& def : app::all_settings()) {
        // Only the settings the form sent: a field that is missing (not empty) keeps its value.
        const std::string key(def.key);
        const auto it = std::find_if(form->begin(), form->end(), [&](const auto& kv) { return kv.first == key; });
        if (it == form->end()) {
            continue;
        }
        std::string value = it->second;
        if (def.kind == app::setting_kind::boolean) { // a hidden "0" then the checkbox's "1" when ticked
            const bool on = std::any_of(form->begin(), form->end(),
                                        [&](const auto& kv) { return kv.first == key && kv.second == "1"; });
            value = on ? "1" : "0";
        }
        values.emplace_back(key, value);
        typed[key] = value;
    }
    auto change = app::change_settings(s.db(), values);
    if (!change) {
        return change.error();
    }
    if (!change->errors.empty()) {
        return render_settings(s, who, typed, change->errors, false, 422);
    }
    if (auto r = s.reload_settings(); !r) {
        return r.error();
    }
    spdlog::info("user {} changed the site settings", who.who.id);
    return redirect_to("/admin/settings?saved=1");
}

} // namespace gazette::admin
