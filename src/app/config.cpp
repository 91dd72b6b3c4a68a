// Configuration merging and validation.
#include "app/config.hpp"

#include "core/zone.hpp"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace gazette::app {
namespace {

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') {
        return std::nullopt;
    }
    return std::string(v);
}

result<unsigned> parse_threads(std::string_view s, std::string& message) {
    unsigned v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < 1 || v > 256) {
        message = "threads must be a whole number from 1 to 256, not '" + std::string(s) + "'";
        return std::error_code(errc::invalid);
    }
    return v;
}

struct raw_values {
    std::optional<std::string> listen, data, threads, site_url, access_log, log_level, timezone;
};

void overlay(raw_values& into, const raw_values& from) {
    auto take = [](auto& a, const auto& b) {
        if (b) {
            a = b;
        }
    };
    take(into.listen, from.listen);
    take(into.data, from.data);
    take(into.threads, from.threads);
    take(into.site_url, from.site_url);
    take(into.access_log, from.access_log);
    take(into.log_level, from.log_level);
    take(into.timezone, from.timezone);
}

result<raw_values> read_file(const std::string& path, std::string& message) {
    raw_values v;
    toml::table t;
    try {
        t = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        message = "config file " + path + ": " + std::string(e.description()) + " (line " +
                  std::to_string(e.source().begin.line) + ")";
        return std::error_code(errc::invalid);
    }
    for (const auto& [key, node] : t) {
        const std::string k(key.str());
        std::optional<std::string> s;
        if (auto str = node.value<std::string>()) {
            s = *str;
        } else if (auto i = node.value<std::int64_t>()) {
            s = std::to_string(*i);
        } else {
            message = "config file " + path + ": '" + k + "' must be a string or a number";
            return std::error_code(errc::invalid);
        }
        if (k == "listen") v.listen = s;
        else if (k == "data") v.data = s;
        else if (k == "threads") v.threads = s;
        else if (k == "site_url") v.site_url = s;
        else if (k == "access_log") v.access_log = s;
        else if (k == "log_level") v.log_level = s;
        else if (k == "timezone") v.timezone = s;
        else {
            message = "config file " + path + ": unknown setting '" + k + "'";
            return std::error_code(errc::invalid);
        }
    }
    return v;
}

} // namespace

result<std::pair<std::string, std::uint16_t>> parse_listen(std::string_view s, std::string& message) {
    const auto colon = s.rfind(':');
    if (colon == std::string_view::npos || colon == 0) {
        message = "listen address must be HOST:PORT, not '" + std::string(s) + "'";
        return std::error_code(errc::invalid);
    }
    std::string host(s.substr(0, colon));
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const auto port_s = s.substr(colon + 1);
    unsigned port = 0;
    const auto [p, ec] = std::from_chars(port_s.data(), port_s.data() + port_s.size(), port);
    if (port_s.empty() || ec != std::errc() || p != port_s.data() + port_s.size() || port > 65535) {
        message = "listen port must be a number from 0 to 65535, not '" + std::string(port_s) + "'";
        return std::error_code(errc::invalid);
    }
    return std::pair{host, static_cast<std::uint16_t>(port)};
}

result<void> ensure_writable_dir(const std::filesystem::path& dir, std::string& message) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir)) {
        message = "cannot create data directory " + dir.string() + ": " +
                  (ec ? ec.message() : std::string("not a directory"));
        return std::error_code(errc::invalid);
    }
    if (::access(dir.c_str(), W_OK | X_OK) != 0) {
        message = "data directory " + dir.string() + " is not writable";
        return std::error_code(errc::invalid);
    }
    return {};
}

result<config> load_config(const config_flags& flags, std::string& message) {
    raw_values v;
    const auto file = flags.config_file ? flags.config_file : env("GAZETTE_CONFIG");
    if (file) {
        auto from_file = read_file(*file, message);
        if (!from_file) {
            return from_file.error();
        }
        overlay(v, *from_file);
    }
    overlay(v, raw_values{env("GAZETTE_LISTEN"), env("GAZETTE_DATA"), env("GAZETTE_THREADS"), env("GAZETTE_SITE_URL"),
                          env("GAZETTE_ACCESS_LOG"), env("GAZETTE_LOG_LEVEL"), env("GAZETTE_TIMEZONE")});
    overlay(v, raw_values{flags.listen, flags.data,
                          flags.threads ? std::optional<std::string>(std::to_string(*flags.threads)) : std::nullopt,
                          flags.site_url, flags.access_log, flags.log_level, flags.timezone});

    config c;
    if (v.listen) {
        auto hp = parse_listen(*v.listen, message);
        if (!hp) {
            return hp.error();
        }
        c.host = hp->first;
        c.port = hp->second;
    }
    if (v.data) {
        c.data = *v.data;
    }
    c.threads = std::max(1u, std::thread::hardware_concurrency());
    if (v.threads) {
        auto t = parse_threads(*v.threads, message);
        if (!t) {
            return t.error();
        }
        c.threads = *t;
    }
    if (v.site_url) {
        c.site_url = *v.site_url;
        while (c.site_url.ends_with('/')) {
            c.site_url.pop_back();
        }
        if (!c.site_url.starts_with("http://") && !c.site_url.starts_with("https://")) {
            message = "site_url must start with http:// or https://";
            return std::error_code(errc::invalid);
        }
    }
    if (v.access_log) {
        c.access_log = *v.access_log;
    }
    if (v.log_level) {
        static constexpr std::string_view levels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
        if (std::find(std::begin(levels), std::end(levels), *v.log_level) == std::end(levels)) {
            message = "log_level must be one of trace, debug, info, warn, error, critical, off";
            return std::error_code(errc::invalid);
        }
        c.log_level = *v.log_level;
    }
    if (v.timezone) {
        const auto& tz = *v.timezone;
        if (!time_zone::load(tz)) {
            message = "unknown time zone '" + tz + "' (use an IANA name such as Europe/London)";
            return std::error_code(errc::invalid);
        }
        c.timezone = tz;
    }
    return c;
}

} // namespace gazette::app
