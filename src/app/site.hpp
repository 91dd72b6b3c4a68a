// The site: the one object that knows every part (store, templates, page cache, routes) and answers
// HTTP requests for the server. Handlers in articles/ and api/ receive it to reach what they need.
#pragma once

#include "accounts/sessions.hpp"
#include "accounts/throttle.hpp"
#include "admin/presence.hpp"
#include "analytics/page_views.hpp"
#include "app/events.hpp"
#include "comments/writer.hpp"
#include "app/settings.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "http/server.hpp"
#include "render/page_cache.hpp"
#include "render/templates.hpp"
#include "store/store.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <string>
#include <vector>

namespace gazette::chat {
class hub;
}
namespace gazette::feeds {
class websub_publisher;
}

namespace gazette::app {

// What a page handler produces. The site adds security headers, caches it when the route allows and the
// status is 200, and renders errors with the theme.
struct page {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    std::string body;
    std::vector<std::string> deps; // page-cache tags: what this page shows
    std::int64_t view_of = -1;     // a reader's page: the article it shows, or 0; -1 for other responses
    std::shared_ptr<http::event_source> events; // an event stream (status 200, never cached)
    std::shared_ptr<http::websocket_session> websocket; // accept the WebSocket upgrade (never cached)
    http::header_list headers;
    bool cacheable = true;
};

class site;
struct route;
// A public page: sees the request only.
using page_handler = std::function<result<page>(site&, const http::request&)>;
// A newsroom page: called only with a valid session, the right role and (for POST) a valid CSRF token.
using staff_handler = std::function<result<page>(site&, const http::request&, const accounts::signed_in&)>;

// A settings key other processes bump when they change what cached pages show (see reload_settings).
inline constexpr std::string_view cache_epoch_key = "cache.epoch";

// A JSON answer that is never cached (the newsroom's API, answers to the pages' scripts).
page json_reply(const boost::json::value& v, int status = 200);

struct site_options {
    std::filesystem::path data_dir;
    std::size_t cache_bytes = 64 * 1024 * 1024;
    clock_fn clock = system_now;
    std::string default_timezone = "UTC"; // until one is stored in the settings (serve --timezone)
};

class site final : public http::handler {
public:
    site(store& db, site_settings settings, render::templates templates, site_options options);
    ~site() override;

    // http::handler
    std::optional<http::response> try_fast(const http::request& req) noexcept override;
    http::response handle(http::request& req) override;
    http::response internal_error(const http::request& req) noexcept override;
    std::size_t body_limit(http::verb method, std::string_view path) const noexcept override;

    // For handlers.
    store& db() noexcept { return db_; }
    // The current settings. A newsroom change replaces them whole (and empties the page cache), so hold
    // on to the pointer for the length of one request. Thread-safe.
    std::shared_ptr<const site_settings> settings() const;
    // The site's time zone (hold the pointer while using it: a settings change replaces it).
    std::shared_ptr<const time_zone> zone() const { return settings()->zone; }
    // Replaces the settings (after they were saved to the store) and drops every cached page.
    void replace_settings(site_settings s);
    // Reads the stored settings and, when any differs from the current ones, replaces them. True if so.
    result<bool> reload_settings();
    // Comments: the group-commit writer, the salt of commenters' pictures (made on first use), and the
    // signal that the moderation queue changed (for its live view).
    comments::writer& comment_writer() noexcept { return *comment_writer_; }
    const std::string& avatar_salt();
    // A comment now waits in the queue / the queue's counts changed: tells open queues (live events).
    void comment_queued(id_t id);
    void comments_changed();
    // The live chat's shared state (fan-out, limits, agents online).
    chat::hub& chat() noexcept { return *chat_; }
    feeds::websub_publisher& websub() noexcept { return *websub_; }
    // Live events for open pages (server-sent events).
    event_hub& events() noexcept { return events_; }
    // Breaking news and live coverage (/live): the newest event's id, which every page is rendered with so
    // that its stream starts there, and the mutex that keeps events in id order on the bus.
    id_t last_live_event() const noexcept { return last_live_event_.load(); }
    // For articles::service: an article changed, so open pages hear of breaking news and new stories.
    std::function<void(const article*, const article&)> article_observer();
    void set_last_live_event(id_t id) noexcept { last_live_event_.store(id); }
    std::mutex& live_order() noexcept { return live_order_; }
    // Who has which article open in the newsroom's editor.
    admin::presence_board& presence() noexcept { return presence_; }
    // Page views counted since the last flush, stored under today's date in the site's zone.
    result<void> flush_views();
    // Who to tell when an article was scheduled (the scheduler, so it publishes on time). Set before serving.
    void on_schedule_change(std::function<void()> listener) { schedule_listener_ = std::move(listener); }
    void schedule_changed() const {
        if (schedule_listener_) {
            schedule_listener_();
        }
    }
    const render::templates& templates() const noexcept { return templates_; }
    const render::templates& admin_templates() const noexcept { return admin_templates_; }
    accounts::sessions& sessions() noexcept { return sessions_; }
    accounts::login_throttle& throttle() noexcept { return throttle_; }
    render::page_cache& cache() noexcept { return cache_; }
    unix_time now() const { return options_.clock(); }
    const std::filesystem::path& data_dir() const noexcept { return options_.data_dir; }
    const clock_fn& clock() const noexcept { return options_.clock; }

    // The context every page template gets (site, page, assets, nav, breaking, year, today) with the deps
    // it adds. title and description are for <title> and the meta description; canonical is a path.
    result<boost::json::object> base_context(std::string_view title, std::string_view description,
                                             std::string_view canonical, std::vector<std::string>& deps,
                                             std::string_view current_section = {});

    // Renders a themed error page (404, 500...) as a page.
    page error_page(int status, std::string_view title, std::string_view message);

    // The fingerprinted URL of a theme asset ("style.css" → "/static/style.1a2b3c4d5e.css"; newsroom assets
    // as "admin/admin.css").
    std::string asset_url(std::string_view name) const;

private:
    // The part of every page's context that needs no store: site, page, assets, year, today.
    boost::json::object chrome(std::string_view title, std::string_view description, std::string_view canonical) const;
    http::response finish(page p, const http::request& req, const std::string& cache_key, bool cache_it,
                          render::page_cache::generation gen);
    // Checks session, role and CSRF for a staff route, then calls it.
    http::response handle_staff(const route& rt, http::request& req, render::page_cache::generation gen);
    void load_assets(std::string_view theme, std::string_view url_prefix);
    // A 301 to where a migrated site's old address lives now, if it names something published.
    std::optional<http::response> moved(const http::request& req);

    store& db_;
    mutable std::mutex settings_mutex_;
    std::shared_ptr<const site_settings> settings_;
    render::templates templates_;
    render::templates admin_templates_;
    site_options options_;
    accounts::sessions sessions_;
    accounts::login_throttle throttle_;
    std::function<void()> schedule_listener_;
    render::page_cache cache_;
    analytics::view_counter views_;
    admin::presence_board presence_;
    std::unique_ptr<comments::writer> comment_writer_;
    std::once_flag avatar_salt_once_;
    std::string avatar_salt_;
    event_hub events_;
    std::unique_ptr<chat::hub> chat_;
    std::atomic<id_t> last_live_event_{0};
    std::mutex live_order_;
    std::string cache_epoch_; // the last cache.epoch seen (guarded by settings_mutex_)
    std::map<std::string, http::prepared_ptr, std::less<>> assets_; // URL path → asset
    std::map<std::string, std::string, std::less<>> asset_urls_;      // file name → fingerprinted URL
    struct routing;
    std::unique_ptr<routing> routing_;
    std::unique_ptr<feeds::websub_publisher> websub_; // last: its thread stops first
};

// Security headers every response carries (CSP without inline scripts, nosniff, referrer, framing).
const http::header_list& security_headers();

} // namespace gazette::app
