// The site: fast path (page cache, theme assets), routing, error pages, security headers.
#include "app/site.hpp"

#include "admin/comments.hpp"
#include "admin/import.hpp"
#include "admin/media.hpp"
#include "admin/pages.hpp"
#include "app/routes.hpp"
#include "articles/service.hpp"
#include "articles/site_pages.hpp"
#include "articles/views.hpp"
#include "feeds/feeds.hpp"
#include "feeds/websub.hpp"
#include "chat/visitor.hpp"
#include "live/coverage.hpp"
#include "comments/avatar.hpp"
#include "core/text.hpp"
#include "http/forms.hpp"
#include "http/gzip.hpp"
#include "http/multipart.hpp"
#include "http/router.hpp"
#include "http/static_files.hpp"
#include "resources/resources.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>


namespace gazette::app {
namespace {

namespace json = boost::json;

constexpr std::string_view html_cache_control = "no-cache"; // always revalidate; ETag makes it cheap
constexpr std::string_view asset_cache_control = "public, max-age=31536000, immutable";
constexpr std::size_t max_nav_sections = 12;

} // namespace

const http::header_list& security_headers() {
    static const http::header_list headers{
        {"Content-Security-Policy",
         "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; "
         "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
         "frame-ancestors 'self'"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "strict-origin-when-cross-origin"},
        {"X-Frame-Options", "SAMEORIGIN"},
        {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
    };
    return headers;
}

struct site::routing {
    http::router router;
    std::vector<const route*> by_index;
};

site::site(store& db, site_settings settings, render::templates templates, site_options options)
    : db_(db), settings_(std::make_shared<const site_settings>(std::move(settings))), templates_(std::move(templates)),
      admin_templates_(render::templates::embedded("admin")), options_(std::move(options)),
      sessions_(db_, options_.clock), throttle_(options_.clock), cache_(options_.cache_bytes),
      routing_(std::make_unique<routing>()) {
    comment_writer_ = std::make_unique<comments::writer>(db_, options_.clock);
    chat_ = std::make_unique<chat::hub>(std::make_unique<chat::local_bus>());
    websub_ = std::make_unique<feeds::websub_publisher>();
    if (auto last = db_.last_live_event(); last) {
        last_live_event_ = *last;
    } else {
        spdlog::error("reading the last live event failed: {}", last.error().message());
    }
    for (const auto& r : routes()) {
        routing_->router.add(r.method, r.pattern);
        routing_->by_index.push_back(&r);
    }
    load_assets("default", "");
    load_assets("admin", "admin/");
}

std::function<void(const article*, const article&)> site::article_observer() {
    return [this](const article* before, const article& after) {
        live::article_changed(*this, before, after);
        feeds::article_changed(*this, before, after);
    };
}

// Theme assets: fingerprinted URLs, compressed once, served from memory.
void site::load_assets(std::string_view theme, std::string_view url_prefix) {
    const std::string prefix = "themes/" + std::string(theme) + "/static/";
    for (const auto& e : resources::under(prefix)) {
        const std::string name = std::string(url_prefix) + std::string(e.path.substr(prefix.size()));
        const std::string ctype(http::content_type_for(name));
        auto headers = security_headers();
        headers.emplace_back("Cache-Control", std::string(asset_cache_control));
        auto asset = http::prepare_response(200, ctype, std::string(e.data), headers);
        const auto dot = name.rfind('.');
        const std::string hash = asset->etag.substr(1, 10);
        const std::string url = "/static/" +
                                (dot == std::string::npos ? name + "." + hash
                                                          : name.substr(0, dot) + "." + hash + name.substr(dot));
        asset_urls_.emplace(name, url);
        assets_.emplace(url, asset);
        // The plain name stays reachable (for the favicon and old links), with a short cache life.
        auto short_headers = security_headers();
        short_headers.emplace_back("Cache-Control", "public, max-age=300");
        assets_.emplace("/static/" + name, http::prepare_response(200, ctype, std::string(e.data), short_headers));
        if (name == "favicon.svg") {
            assets_.emplace("/favicon.ico", assets_.at("/static/" + name));
        }
    }
}

site::~site() = default;

page json_reply(const json::value& v, int status) {
    page p;
    p.status = status;
    p.cacheable = false;
    p.content_type = "application/json; charset=utf-8";
    p.body = json::serialize(v);
    p.headers.emplace_back("Cache-Control", "no-store");
    return p;
}

const std::string& site::avatar_salt() {
    std::call_once(avatar_salt_once_, [this] {
        auto stored = db_.get_setting("secret.avatar_salt");
        if (stored && *stored && !(*stored)->empty()) {
            avatar_salt_ = **stored;
            return;
        }
        avatar_salt_ = comments::new_avatar_salt();
        if (auto r = db_.put_setting("secret.avatar_salt", avatar_salt_); !r) {
            spdlog::error("cannot store the avatar salt: {}", r.error().message()); // pictures change at restart
        }
    });
    return avatar_salt_;
}

void site::comment_queued(id_t id) {
    if (events_.subscribers("comments") == 0) {
        return; // nobody is watching the queue: no work
    }
    auto c = db_.find_comment(id);
    if (!c) {
        return;
    }
    if (auto payload = admin::queue_event(*this, {*c})) {
        events_.publish("comments", "", *payload, std::to_string(id));
    }
}

void site::comments_changed() {
    if (events_.subscribers("comments") == 0) {
        return;
    }
    if (auto payload = admin::queue_event(*this, {})) {
        events_.publish("comments", "", *payload);
    }
}

std::shared_ptr<const site_settings> site::settings() const {
    std::lock_guard lock(settings_mutex_);
    return settings_;
}

void site::replace_settings(site_settings s) {
    {
        std::lock_guard lock(settings_mutex_);
        settings_ = std::make_shared<const site_settings>(std::move(s));
    }
    cache_.clear(); // every page shows the site's name
}

result<bool> site::reload_settings() {
    // Another process (gazette privacy erase) changed what pages show: it bumps the cache epoch.
    if (auto epoch = db_.get_setting(cache_epoch_key); epoch) {
        const std::string now = epoch->value_or("");
        std::lock_guard lock(settings_mutex_);
        if (now != cache_epoch_) {
            if (!cache_epoch_.empty() || !now.empty()) {
                cache_.clear();
            }
            cache_epoch_ = now;
        }
    }
    const auto current = settings();
    site_settings defaults;
    defaults.url = current->url;
    defaults.timezone = options_.default_timezone;
    auto loaded = load_settings(db_, defaults);
    if (!loaded) {
        return {boost::system::in_place_error, loaded.error()}; // result<bool> would take the code as a bool
    }
    if (same_stored(*loaded, *current)) {
        return false;
    }
    replace_settings(std::move(*loaded));
    spdlog::info("site settings changed; pages follow");
    return true;
}

result<void> site::flush_views() {
    return analytics::flush(views_, db_, timefmt::local_day(*zone(), options_.clock()));
}

std::string site::asset_url(std::string_view name) const {
    const auto it = asset_urls_.find(name);
    return it == asset_urls_.end() ? "/static/" + std::string(name) : it->second;
}

std::optional<http::response> site::try_fast(const http::request& req) noexcept {
    if (req.method != http::verb::get && req.method != http::verb::head) {
        return std::nullopt;
    }
    try {
        http::response r;
        if (const auto it = assets_.find(req.path); it != assets_.end()) {
            r.prepared = it->second;
            return r;
        }
        if (!req.query.empty()) {
            return std::nullopt;
        }
        if (auto hit = cache_.get(req.path)) {
            if (hit->view_of >= 0 && analytics::is_reader_view(req)) {
                views_.count(hit->view_of);
            }
            r.prepared = std::move(hit);
            return r;
        }
    } catch (const std::exception& e) {
        spdlog::error("fast path failed: {}", e.what());
    }
    return std::nullopt;
}

result<json::object> site::base_context(std::string_view title, std::string_view description,
                                        std::string_view canonical, std::vector<std::string>& deps,
                                        std::string_view current_section) {
    deps.emplace_back(articles::nav_tag);
    deps.emplace_back("day"); // "today" in the masthead
    auto cats = db_.list_categories();
    if (!cats) {
        return cats.error();
    }
    // The menu: the first top-level sections, in their order (an imported WordPress site may bring
    // dozens of categories; the newsroom's section order decides which lead).
    json::array nav;
    for (const auto& c : *cats) {
        if (c.parent_id != 0 || nav.size() >= max_nav_sections) {
            continue;
        }
        json::object item{{"name", c.name}, {"url", articles::section_path(c.slug)}};
        if (c.slug == current_section) {
            item["current"] = true;
        }
        nav.push_back(std::move(item));
    }
    json::object ctx = chrome(title, description, canonical);
    ctx["nav"] = std::move(nav);
    article_query bq;
    bq.breaking_only = true;
    bq.limit = 1;
    auto breaking = db_.list_published(bq);
    if (!breaking) {
        return breaking.error();
    }
    if (!breaking->items.empty()) {
        const auto& b = breaking->items.front();
        ctx["breaking"] = {{"headline", b.headline}, {"url", articles::article_path(*zone(), b)}};
        deps.push_back(articles::article_tag(b.id));
    }
    return ctx;
}

json::object site::chrome(std::string_view title, std::string_view description, std::string_view canonical) const {
    const auto st = settings();
    json::object ctx;
    json::object site{{"name", st->name}, {"url", st->url}, {"language", st->language}};
    if (!st->tagline.empty()) { // an empty string is truthy to Mustache
        site["tagline"] = st->tagline;
    }
    if (!st->logo.empty()) {
        site["logo"] = st->logo;
    }
    ctx["site"] = std::move(site);
    ctx["page"] = {{"title", title}, {"description", description}, {"canonical", st->url + std::string(canonical)}};
    ctx["assets"] = {{"css", asset_url("style.css")},
                     {"js", asset_url("gazette.js")},
                     {"favicon", asset_url("favicon.svg")},
                     {"chat", asset_url("chat.js")},
                     {"chat_css", asset_url("chat.css")}};
    ctx["chat"] = {{"label", st->chat_label},
                   {"greeting", st->chat_greeting},
                   {"colour", st->chat_colour},
                   {"position", st->chat_position},
                   {"prechat", st->chat_prechat ? "1" : "0"}};
    ctx["events_since"] = last_live_event_.load(); // the page's /live stream starts here
    ctx["feeds"] = json::array{
        {{"type", "application/rss+xml"}, {"title", st->name + " » Feed"}, {"href", st->url + "/feed/"}},
        {{"type", "application/atom+xml"}, {"title", st->name + " » Atom feed"}, {"href", st->url + "/feed/atom/"}},
        {{"type", "application/feed+json"}, {"title", st->name + " » JSON feed"}, {"href", st->url + "/feed/json/"}}};
    const auto now = options_.clock();
    ctx["year"] = timefmt::year(*st->zone, now);
    ctx["today"] = timefmt::long_day(*st->zone, now);
    return ctx;
}

page site::error_page(int status, std::string_view title, std::string_view message) {
    page p;
    p.status = status;
    p.cacheable = false;
    std::vector<std::string> deps;
    auto ctx = base_context(std::string(title) + " | " + settings()->name, message, "/", deps);
    if (!ctx) {
        p.content_type = "text/plain; charset=utf-8";
        p.body = std::string(title) + "\n";
        return p;
    }
    (*ctx)["error"] = {{"status", status}, {"title", title}, {"message", message}};
    p.body = templates_.render("error", *ctx);
    return p;
}

http::response site::internal_error(const http::request&) noexcept {
    try {
        // No store access here: the store may be why we failed.
        json::object ctx = chrome("Something went wrong | " + settings()->name, "", "/");
        ctx["nav"] = json::array();
        ctx["error"] = {{"status", 500}, {"title", "Something went wrong"},
                        {"message", "We could not show this page just now. Please try again in a moment."}};
        http::response r = http::make_text(500, templates_.render("error", ctx), "text/html; charset=utf-8");
        r.headers = security_headers();
        r.set_header("Cache-Control", "no-store");
        return r;
    } catch (...) {
        return http::make_text(500, "Internal server error\n");
    }
}

http::response site::handle(http::request& req) {
    const auto gen = cache_.current_generation();
    const bool reading = req.method == http::verb::get || req.method == http::verb::head;
    if (reading && req.path == "/" && (req.query_param("p") || req.query_param("page_id"))) {
        // WordPress's plain addresses (/?p=123): where that post lives now, or not found, as WordPress says.
        if (auto r = moved(req)) {
            return std::move(*r);
        }
        return finish(error_page(404, "Page not found",
                                 "We could not find that page. It may have moved, or the address may be mistyped."),
                      req, {}, false, gen);
    }
    const auto m = routing_->router.find(req.method, req.path);
    switch (m.outcome) {
    case http::router::match::kind::not_found:
        if (reading) {
            // After the route table: pages (About, Contact), then a migrated site's old addresses.
            if (auto p = articles::static_page(*this, req)) {
                const bool cache_it = req.query.empty();
                return finish(std::move(*p), req, req.path, cache_it, gen);
            } else if (p.error() != errc::not_found) {
                spdlog::error("{} {}: {}", http::to_string(req.method), req.path, p.error().message());
                return internal_error(req);
            }
            if (auto r = moved(req)) {
                return std::move(*r);
            }
        }
        return finish(error_page(404, "Page not found",
                                 "We could not find that page. It may have moved, or the address may be mistyped."),
                      req, {}, false, gen);
    case http::router::match::kind::method_not_allowed: {
        auto r = http::make_text(405, "Method not allowed\n");
        r.headers = security_headers();
        r.set_header("Allow", m.allow);
        return r;
    }
    case http::router::match::kind::redirect: {
        // Keep the client's own encoding of the path and its query string.
        std::string raw = req.target.substr(0, req.target.find('?'));
        if (raw.ends_with('/')) {
            raw.pop_back();
        } else {
            raw.push_back('/');
        }
        if (!req.query.empty()) {
            raw += "?" + req.query;
        }
        auto r = http::make_redirect(301, raw);
        for (const auto& h : security_headers()) {
            r.headers.push_back(h);
        }
        return r;
    }
    case http::router::match::kind::found: break;
    }
    const route& rt = *routing_->by_index[m.index];
    req.params = m.params;
    if (rt.who != access::anyone) {
        return handle_staff(rt, req, gen);
    }
    auto result = std::get<page_handler>(rt.handler)(*this, req);
    if (!result) {
        const int status = http_status(result.error());
        if (status == 404) {
            if (auto r = reading ? moved(req) : std::nullopt) {
                return std::move(*r);
            }
            return finish(error_page(404, "Page not found",
                                     "We could not find that page. It may have moved, or the address may be mistyped."),
                          req, {}, false, gen);
        }
        if (status >= 500) {
            spdlog::error("{} {}: {}", http::to_string(req.method), req.path, result.error().message());
            if (status == 503) {
                auto p = error_page(503, "Busy", "The site is very busy. Please try again in a moment.");
                p.headers.emplace_back("Retry-After", "2");
                return finish(std::move(p), req, {}, false, gen);
            }
            return internal_error(req);
        }
        return finish(error_page(status, std::string(http::reason(status)), result.error().message()), req, {}, false,
                      gen);
    }
    const bool cache_it = rt.cache == caching::page && result->cacheable && result->status == 200 && req.query.empty();
    if (result->status == 200 && rt.cache == caching::page && result->view_of < 0 &&
        result->content_type.starts_with("text/html")) {
        result->view_of = 0; // a reader's page that is not an article: counted in the day's total
    }
    if (result->status == 200 && result->view_of >= 0 && analytics::is_reader_view(req)) {
        views_.count(result->view_of);
    }
    return finish(std::move(*result), req, req.path, cache_it, gen);
}

std::optional<http::response> site::moved(const http::request& req) {
    const auto to = articles::moved_to(*this, req);
    if (!to) {
        return std::nullopt;
    }
    auto r = http::make_redirect(301, *to);
    for (const auto& h : security_headers()) {
        r.headers.push_back(h);
    }
    return r;
}

std::size_t site::body_limit(http::verb method, std::string_view path) const noexcept {
    // Image uploads carry up to max_image_bytes plus the form's other fields; everything else the default.
    if (method == http::verb::post && path == "/admin/import") {
        return admin::max_wxr_bytes + 64 * 1024;
    }
    return method == http::verb::post && path == "/admin/media" ? admin::max_image_bytes + 64 * 1024 : 0;
}

http::response site::handle_staff(const route& rt, http::request& req, render::page_cache::generation gen) {
    // The API, the page scripts that ask for JSON and WebSocket handshakes get their refusals as JSON.
    const bool api = req.path.starts_with("/admin/api/") ||
                     req.header("Accept").find("application/json") != std::string_view::npos ||
                     text::iequals(req.header("Upgrade"), "websocket");
    auto deny = [&](int status, std::string_view title, std::string_view message,
                    const accounts::signed_in* who) -> http::response {
        if (api) {
            const char* code = status == 401   ? "unauthorized"
                               : status == 403 ? "forbidden"
                               : status == 404 ? "not_found"
                                               : "invalid";
            auto r = http::make_text(status, json::serialize(json::object{{"code", code}, {"message", message}}),
                                     "application/json; charset=utf-8");
            r.headers = security_headers();
            r.set_header("Cache-Control", "no-store");
            return r;
        }
        return finish(admin::error_page(*this, status, title, message, who), req, {}, false, gen);
    };
    std::optional<accounts::signed_in> who;
    if (auto token = http::cookie(req, accounts::session_cookie)) {
        auto r = sessions_.resume(*token);
        if (r) {
            who = std::move(*r);
        } else if (r.error() != errc::not_found) {
            spdlog::error("session lookup failed: {}", r.error().message());
            return internal_error(req);
        }
    }
    if (!who) {
        if (api) {
            return deny(401, "Sign in", "Sign in to use the newsroom API.", nullptr);
        }
        if (req.method != http::verb::get && req.method != http::verb::head) {
            // A form posted after the session ended: nothing is changed; sign in again.
            return finish(admin::error_page(*this, 401, "Signed out",
                                            "Your session has ended, so nothing was changed. Please sign in again.",
                                            nullptr),
                          req, {}, false, gen);
        }
        page p;
        p.status = 303;
        p.cacheable = false;
        p.content_type = "text/plain; charset=utf-8";
        p.body = "Sign in first\n";
        p.headers.emplace_back("Location", "/admin/login?next=" + text::url_encode(req.target, true));
        p.headers.emplace_back("Cache-Control", "no-store");
        return finish(std::move(p), req, {}, false, gen);
    }
    if (!allowed(rt.who, who->who.role_)) {
        return deny(403, "Not allowed", "Your role does not give you access to this page.", &*who);
    }
    const bool changes = req.method != http::verb::get && req.method != http::verb::head;
    if (changes) {
        std::string_view token = req.header("X-CSRF-Token");
        std::optional<http::form> form;
        std::optional<std::vector<http::part>> parts;
        if (token.empty() && req.header("Content-Type").starts_with("application/x-www-form-urlencoded")) {
            form = http::parse_form(req.body);
            if (form) {
                token = http::field(*form, "_csrf");
            }
        } else if (token.empty() && req.header("Content-Type").starts_with("multipart/form-data")) {
            parts = http::parse_multipart(req.header("Content-Type"), req.body);
            if (const auto* p = parts ? http::find_part(*parts, "_csrf") : nullptr) {
                token = p->data;
            }
        }
        if (!accounts::same_token(token, who->s.csrf)) {
            spdlog::warn("{} {} refused: missing or wrong CSRF token (user {})", http::to_string(req.method), req.path,
                         who->who.id);
            return deny(403, "Request refused",
                        "This request did not carry a valid security token, so nothing was changed. "
                        "Reload the page and try again.",
                        &*who);
        }
    }
    auto result = std::get<staff_handler>(rt.handler)(*this, req, *who);
    if (!result) {
        const int status = http_status(result.error());
        if (status >= 500) {
            spdlog::error("{} {}: {}", http::to_string(req.method), req.path, result.error().message());
            return internal_error(req);
        }
        if (api) {
            return deny(status, http::reason(status), result.error().message(), &*who);
        }
        return finish(admin::error_page(*this, status, std::string(http::reason(status)), result.error().message(),
                                        &*who),
                      req, {}, false, gen);
    }
    result->cacheable = false;
    return finish(std::move(*result), req, {}, false, gen);
}

http::response site::finish(page p, const http::request&, const std::string& cache_key, bool cache_it,
                            render::page_cache::generation gen) {
    http::header_list headers = security_headers();
    bool has_cache_control = false;
    for (auto& h : p.headers) {
        has_cache_control = has_cache_control || text::iequals(h.first, "Cache-Control");
        headers.push_back(std::move(h));
    }
    if (!has_cache_control) {
        headers.emplace_back("Cache-Control", p.status == 200 ? std::string(html_cache_control) : "no-store");
    }
    if (p.websocket) {
        http::response r;
        r.websocket = std::move(p.websocket);
        return r;
    }
    if (p.status == 200 && p.events) {
        http::response r;
        r.events = std::move(p.events);
        r.headers = std::move(headers);
        return r;
    }
    if (p.status == 200) {
        http::response r;
        r.prepared = http::prepare_response(p.status, std::move(p.content_type), std::move(p.body), std::move(headers),
                                            p.view_of);
        if (cache_it) {
            cache_.put(cache_key, r.prepared, std::move(p.deps), gen);
        }
        return r;
    }
    http::response r;
    r.status = p.status;
    r.content_type = std::move(p.content_type);
    r.body = std::make_shared<const std::string>(std::move(p.body));
    r.headers = std::move(headers);
    r.compressible = http::is_compressible(r.content_type);
    return r;
}

} // namespace gazette::app
