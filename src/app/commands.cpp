// serve, init and user add: wiring of config, logging, store, site, server and scheduler.
#include "accounts/app_passwords.hpp"
#include "app/commands.hpp"

#include "accounts/password.hpp"
#include "accounts/users.hpp"
#include "app/demo.hpp"
#include "app/scheduler.hpp"
#include "app/site.hpp"
#include "comments/privacy.hpp"
#include "articles/service.hpp"
#include "http/server.hpp"
#include "render/templates.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "wxr/importer.hpp"
#include "wxr/writer.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <fmt/format.h>

#include <cstdio>
#include <sys/resource.h>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <unistd.h>

namespace gazette::app {
namespace {

// The first line of the stream, without a trailing CR (a password given on stdin).
std::string read_password(std::istream& in) {
    std::string password;
    std::getline(in, password);
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    return password;
}

int fail(const std::string& message) {
    std::fprintf(stderr, "gazette: %s\n", message.c_str());
    return 1;
}

void setup_logging(const std::string& level) {
    auto logger = spdlog::stderr_logger_mt("gazette");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    logger->set_level(spdlog::level::from_str(level));
    spdlog::set_default_logger(logger);
}

void setup_access_log(const std::string& where) {
    std::shared_ptr<spdlog::logger> access;
    if (where == "off") {
        return;
    }
    if (where == "-") {
        access = spdlog::stdout_logger_mt("access");
    } else {
        access = spdlog::basic_logger_mt("access", where);
        spdlog::flush_every(std::chrono::seconds(1));
    }
    access->set_pattern("%Y-%m-%dT%H:%M:%S.%e %v");
}

result<std::unique_ptr<store>> open_store(const std::filesystem::path& data, std::string& message, bool create,
                                          unsigned connections = 4) {
    const auto file = database_path(data);
    if (!create && !std::filesystem::exists(file)) {
        message = "no database at " + file.string() + " (run: gazette init --data " + data.string() + ")";
        return std::error_code(errc::not_found);
    }
    auto db = sqlite::open({file, connections, create});
    if (!db) {
        if (db.error() == errc::corrupt) {
            message = "database " + file.string() + " is corrupt or not a gazette database";
        } else if (db.error() == errc::newer_schema) {
            message = "database " + file.string() + " was written by a newer version of gazette (this one knows schema " +
                      std::to_string(sqlite::latest_schema_version()) + "); upgrade gazette";
        } else {
            message = "cannot open database " + file.string() + ": " + db.error().message();
        }
    }
    return db;
}

} // namespace

std::filesystem::path database_path(const std::filesystem::path& data) { return data / "gazette.db"; }

namespace {

// Each reader with the chat open holds a connection: let this process use as many file descriptors as the
// system allows it (the soft limit is often 1,024; the hard one much higher).
void raise_open_files_limit() {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        const rlim_t was = lim.rlim_cur;
        lim.rlim_cur = lim.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &lim) == 0) {
            spdlog::debug("open files limit raised from {} to {}", was, lim.rlim_cur);
        }
    }
}

} // namespace

int serve(const config_flags& flags) {
    std::string message;
    auto cfg = load_config(flags, message);
    if (!cfg) {
        return fail(message);
    }
    setup_logging(cfg->log_level);
    setup_access_log(cfg->access_log);
    raise_open_files_limit();
    if (auto ok = ensure_writable_dir(cfg->data, message); !ok) {
        return fail(message);
    }
    // Workers run handlers that may wait: on the disk, and on the comment writer's group commit, whose
    // batches can only be as large as the number of comments waiting at once. Threads that wait are cheap.
    const unsigned workers = std::max(16u, cfg->threads * 8);
    auto db = open_store(cfg->data, message, true, workers + 2);
    if (!db) {
        return fail(message);
    }
    site_settings defaults;
    if (!cfg->timezone.empty()) {
        defaults.timezone = cfg->timezone;
    }
    auto loaded = load_settings(**db, defaults);
    if (!loaded) {
        return fail("cannot read the site settings: " + loaded.error().message());
    }
    site_settings settings = std::move(*loaded);

    try {
        http::server_options so;
        so.host = cfg->host;
        so.port = cfg->port;
        so.threads = cfg->threads;
        so.workers = workers;
        so.access_log = cfg->access_log != "off";

        site_options sopts;
        sopts.data_dir = cfg->data;
        sopts.cache_bytes = cfg->cache_mb * 1024 * 1024;
        sopts.default_timezone = defaults.timezone;
        // The site URL depends on the bound port when listening on port 0: create the site after binding.
        std::unique_ptr<site> s;
        struct deferred final : http::handler {
            site* target = nullptr;
            std::optional<http::response> try_fast(const http::request& r) noexcept override { return target->try_fast(r); }
            http::response handle(http::request& r) override { return target->handle(r); }
            http::response internal_error(const http::request& r) noexcept override { return target->internal_error(r); }
        } handler;
        http::server srv(so, handler);
        srv.listen();
        const std::string host = cfg->host.find(':') != std::string::npos ? "[" + cfg->host + "]" : cfg->host;
        const std::string bound = "http://" + host + ":" + std::to_string(srv.port());
        settings.url = cfg->site_url.empty() ? bound : cfg->site_url;
        s = std::make_unique<site>(**db, settings, render::templates::embedded(), sopts);
        handler.target = s.get();

        articles::service svc(**db, &s->cache(), system_now, s->article_observer());
        scheduler jobs(*s, svc, system_now);
        s->on_schedule_change([&jobs] { jobs.wake(); });
        jobs.start();

        srv.handle_signals([&jobs] { jobs.wake(); }); // SIGHUP: re-read the settings now
        std::printf("listening on %s\n", bound.c_str());
        std::fflush(stdout);
        spdlog::info("serving {} from {} with {} I/O thread(s)", settings.url, cfg->data.string(), cfg->threads);
        srv.run();
        jobs.stop();
        if (auto r = s->flush_views(); !r) {
            spdlog::error("storing the last page views failed: {}", r.error().message());
        }
        spdlog::info("stopped");
        spdlog::shutdown(); // flush the access log
    } catch (const std::system_error& e) {
        return fail(std::string(e.what()));
    } catch (const std::exception& e) {
        return fail(std::string(e.what()));
    }
    return 0;
}

int init(const std::filesystem::path& data, bool demo) {
    std::string message;
    if (auto ok = ensure_writable_dir(data, message); !ok) {
        return fail(message);
    }
    setup_logging("warn");
    auto db = open_store(data, message, true);
    if (!db) {
        return fail(message);
    }
    std::printf("database ready at %s (schema %d)\n", database_path(data).c_str(), sqlite::latest_schema_version());
    if (demo) {
        auto summary = load_demo(**db, data, system_now(), message);
        if (!summary) {
            if (summary.error() == errc::conflict) {
                std::printf("%s\n", message.c_str());
                return 0;
            }
            return fail(message);
        }
        std::printf("demo content: %zu sections, %zu authors, %zu articles\n", summary->sections, summary->authors,
                    summary->articles);
    }
    return 0;
}

int user_add(const std::filesystem::path& data, const std::string& email, const std::string& name,
             const std::string& role, std::istream& password_in) {
    std::string message;
    setup_logging("warn");
    auto db = open_store(data, message, false);
    if (!db) {
        return fail(message);
    }
    accounts::new_user u{email, name, role, read_password(password_in), ""};
    auto id = accounts::add_user(**db, u, system_now(), message);
    if (!id) {
        return fail(message);
    }
    std::printf("user %lld created: %s (%s)\n", static_cast<long long>(*id), email.c_str(), role.c_str());
    return 0;
}

int user_passwd(const std::filesystem::path& data, const std::string& email, std::istream& password_in) {
    std::string message;
    setup_logging("warn");
    auto db = open_store(data, message, false);
    if (!db) {
        return fail(message);
    }
    const std::string password = read_password(password_in);
    if (password.size() < accounts::min_password_length || password.size() > accounts::max_password_length) {
        return fail("the password must be " + std::to_string(accounts::min_password_length) + " to " +
                    std::to_string(accounts::max_password_length) + " characters");
    }
    auto login = (*db)->find_login(email);
    if (!login) {
        return fail(login.error() == errc::not_found ? "no user with the email " + email
                                                     : "cannot read users: " + login.error().message());
    }
    if (auto r = (*db)->set_password(login->first.id, accounts::hash_password(password)); !r) {
        return fail("cannot save the password: " + r.error().message());
    }
    auto ended = (*db)->delete_sessions_of(login->first.id);
    std::printf("password changed for %s; %lld session(s) signed out\n", email.c_str(),
                static_cast<long long>(ended ? *ended : 0));
    return 0;
}

namespace {

// The store and the user an app-password command is about; or the message to fail with.
std::optional<std::pair<std::unique_ptr<store>, user>> app_password_user(const std::filesystem::path& data,
                                                                         const std::string& email, std::string& message) {
    setup_logging("warn");
    auto db = open_store(data, message, false);
    if (!db) {
        return std::nullopt;
    }
    auto login = (*db)->find_login(email);
    if (!login) {
        message = login.error() == errc::not_found ? "no user with the email " + email
                                                   : "cannot read users: " + login.error().message();
        return std::nullopt;
    }
    return std::pair{std::move(*db), std::move(login->first)};
}

} // namespace

int app_password_add(const std::filesystem::path& data, const std::string& email, const std::string& name) {
    std::string message;
    auto found = app_password_user(data, email, message);
    if (!found) {
        return fail(message);
    }
    auto& [db, u] = *found;
    auto made = accounts::create_app_password(*db, u.id, name, system_now(), message);
    if (!made) {
        return fail(made.error() == errc::invalid ? message : "cannot save it: " + made.error().message());
    }
    // Shown once: only its hash is kept.
    std::printf("%s\n", made->second.c_str());
    std::fprintf(stderr,
                 "application password %lld \"%s\" for %s; use it with the username %s (HTTP Basic). "
                 "It is not shown again.\n",
                 static_cast<long long>(made->first), name.c_str(), email.c_str(), email.c_str());
    return 0;
}

int app_password_list(const std::filesystem::path& data, const std::string& email) {
    std::string message;
    auto found = app_password_user(data, email, message);
    if (!found) {
        return fail(message);
    }
    auto& [db, u] = *found;
    auto list = db->list_app_passwords(u.id);
    if (!list) {
        return fail("cannot read them: " + list.error().message());
    }
    for (const auto& p : *list) {
        std::printf("%lld\t%s\tcreated %s\tlast used %s\n", static_cast<long long>(p.id), p.name.c_str(),
                    timefmt::iso8601_utc(p.created_at).c_str(),
                    p.last_used_at ? timefmt::iso8601_utc(p.last_used_at).c_str() : "never");
    }
    return 0;
}

int app_password_revoke(const std::filesystem::path& data, const std::string& email, std::int64_t id) {
    std::string message;
    auto found = app_password_user(data, email, message);
    if (!found) {
        return fail(message);
    }
    auto& [db, u] = *found;
    if (auto r = db->delete_app_password(id, u.id); !r) {
        return fail(r.error() == errc::not_found ? "that user has no application password " + std::to_string(id)
                                                 : "cannot revoke it: " + r.error().message());
    }
    std::printf("revoked application password %lld of %s\n", static_cast<long long>(id), email.c_str());
    return 0;
}

namespace {

std::string known_keys() {
    std::string keys;
    for (const auto& def : all_settings()) {
        keys += (keys.empty() ? "" : ", ") + std::string(def.key);
    }
    return keys;
}

// The settings as the site would use them: stored values over the defaults.
std::optional<site_settings> current_settings(store& db, std::string& message) {
    auto loaded = load_settings(db, site_settings{});
    if (!loaded) {
        message = "cannot read the settings: " + loaded.error().message();
        return std::nullopt;
    }
    return std::move(*loaded);
}

// The settings stored in a data directory, for the commands that only read them.
std::optional<site_settings> read_settings(const std::filesystem::path& data, std::string& message) {
    setup_logging("warn");
    auto db = open_store(data, message, false);
    if (!db) {
        return std::nullopt;
    }
    return current_settings(**db, message);
}

} // namespace

int settings_list(const std::filesystem::path& data) {
    std::string message;
    const auto s = read_settings(data, message);
    if (!s) {
        return fail(message);
    }
    std::size_t width = 0;
    for (const auto& def : all_settings()) {
        width = std::max(width, def.key.size());
    }
    for (const auto& def : all_settings()) {
        const auto value = setting_value(def, *s);
        if (value.empty()) {
            std::printf("%s\n", std::string(def.key).c_str());
        } else {
            std::printf("%-*s  %s\n", static_cast<int>(width), std::string(def.key).c_str(), value.c_str());
        }
    }
    return 0;
}

int settings_get(const std::filesystem::path& data, const std::string& key) {
    const setting* def = find_setting(key);
    if (!def) {
        return fail("there is no setting " + key + " (settings: " + known_keys() + ")");
    }
    std::string message;
    const auto s = read_settings(data, message);
    if (!s) {
        return fail(message);
    }
    std::printf("%s\n", setting_value(*def, *s).c_str());
    return 0;
}

int settings_set(const std::filesystem::path& data, const std::string& key, const std::string& value) {
    if (!find_setting(key)) {
        return fail("there is no setting " + key + " (settings: " + known_keys() + ")");
    }
    std::string message;
    setup_logging("warn");
    auto db = open_store(data, message, false);
    if (!db) {
        return fail(message);
    }
    auto change = change_settings(**db, {{key, value}});
    if (!change) {
        return fail("cannot save the setting: " + change.error().message());
    }
    if (!change->errors.empty()) {
        return fail(key + ": " + change->errors.front().second);
    }
    return 0;
}

namespace {

// The store for a privacy command, once the email looks like one; else a message.
std::optional<std::unique_ptr<store>> privacy_store(const std::filesystem::path& data, const std::string& email,
                                                    std::string& message) {
    setup_logging("warn");
    if (comments::normal_email(email).find('@') == std::string::npos) {
        message = "give the email address the data is tied to (--email)";
        return std::nullopt;
    }
    auto db = open_store(data, message, false);
    if (!db) {
        return std::nullopt;
    }
    return std::move(*db);
}

} // namespace

int privacy_export(const std::filesystem::path& data, const std::string& email) {
    std::string message;
    auto db = privacy_store(data, email, message);
    if (!db) {
        return fail(message);
    }
    const auto s = current_settings(**db, message);
    if (!s) {
        return fail(message);
    }
    auto out = comments::export_data(**db, email, *s->zone, system_now());
    if (!out) {
        return fail("cannot read the data: " + out.error().message());
    }
    std::fwrite(out->data(), 1, out->size(), stdout);
    return 0;
}

int privacy_erase(const std::filesystem::path& data, const std::string& email) {
    std::string message;
    auto db = privacy_store(data, email, message);
    if (!db) {
        return fail(message);
    }
    auto done = comments::erase_data(**db, email);
    if (!done) {
        return fail("cannot erase: " + done.error().message());
    }
    if (auto r = (*db)->put_setting(cache_epoch_key, std::to_string(system_now())); !r) {
        return fail("erased, but a running server may show cached pages until it restarts: " + r.error().message());
    }
    std::printf("erased %zu comment(s) and %zu chat conversation(s) tied to that address; %zu article page(s) change\n",
                done->comments, done->conversations, done->articles.size());
    return 0;
}

int import_wxr(const std::filesystem::path& data, const std::filesystem::path& file, const std::filesystem::path& uploads) {
    std::string message;
    auto db = open_store(data, message, false);
    if (!db) {
        return fail(message);
    }
    if (!uploads.empty() && !std::filesystem::is_directory(uploads)) {
        return fail("no uploads folder at " + uploads.string());
    }
    wxr::import_options options;
    options.uploads = uploads;
    options.media_dir = data / "media";
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    std::size_t shown = 0;
    options.progress = [&](std::size_t done, std::size_t total) {
        // A bar on a terminal, redrawn at most a hundred times; nothing when the output is a file.
        const std::size_t step = std::max<std::size_t>(1, total / 100);
        if (!terminal || (done != total && done - shown < step)) {
            return;
        }
        shown = done;
        constexpr std::size_t width = 30;
        const std::size_t filled = total == 0 ? width : done * width / total;
        std::fprintf(stderr, "\rimporting [%s%s] %zu/%zu posts and pages", std::string(filled, '#').c_str(),
                     std::string(width - filled, '-').c_str(), done, total);
        if (done == total) {
            std::fputc('\n', stderr);
        }
    };
    std::fprintf(stderr, "reading %s\n", file.string().c_str());
    auto staff = (*db)->list_staff();
    if (staff && !staff->empty()) {
        options.imported_by = staff->front().id;
    }
    auto done = wxr::import_file(**db, file, options, system_now());
    if (auto* e = std::get_if<wxr::error>(&done)) {
        return fail(e->line != 0 ? fmt::format("{}:{}: {}", file.string(), e->line, e->message)
                                 : fmt::format("{}: {}", file.string(), e->message));
    }
    if (auto r = (*db)->put_setting(cache_epoch_key, std::to_string(system_now())); !r) {
        std::fprintf(stderr, "gazette: imported, but a running server shows cached pages until it restarts: %s\n",
                     r.error().message().c_str());
    }
    std::printf("imported %s: %s\n", file.filename().string().c_str(),
                wxr::describe(std::get<wxr::import_summary>(done)).c_str());
    return 0;
}

int export_wxr(const std::filesystem::path& data, const std::string& url) {
    std::string message;
    auto db = open_store(data, message, false);
    if (!db) {
        return fail(message);
    }
    auto loaded = load_settings(**db, site_settings{});
    if (!loaded) {
        return fail("cannot read the settings: " + loaded.error().message());
    }
    wxr::export_info info;
    info.title = loaded->name;
    info.description = loaded->tagline;
    info.language = loaded->language;
    info.url = url;
    while (info.url.ends_with('/')) {
        info.url.pop_back();
    }
    info.zone = loaded->zone.get();
    if (auto r = wxr::write_site(**db, info, std::cout); !r) {
        return fail("cannot export: " + r.error().message());
    }
    std::cout.flush();
    return std::cout ? 0 : fail("cannot write the export");
}

} // namespace gazette::app
