// Configuration of `gazette serve`: defaults, then a TOML file, then GAZETTE_* environment variables,
// then command-line flags, each overriding the one before.
#pragma once

#include "core/error.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace gazette::app {

struct config {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    std::filesystem::path data = "./data";
    unsigned threads = 0;     // 0: one per core
    std::string site_url;     // empty: http://host:port
    std::size_t cache_mb = 64;
    std::string access_log = "-"; // "-" stdout, "off", or a file path
    std::string log_level = "info";
    std::string timezone;         // IANA name, e.g. "Europe/London": the site's zone until the settings choose one
};

// What the command line said; unset means "not given".
struct config_flags {
    std::optional<std::string> listen;
    std::optional<std::string> data;
    std::optional<std::string> config_file;
    std::optional<unsigned> threads;
    std::optional<std::string> site_url;
    std::optional<std::string> access_log;
    std::optional<std::string> log_level;
    std::optional<std::string> timezone;
};

// Merges defaults, the TOML file (flags.config_file, else $GAZETTE_CONFIG), the environment
// (GAZETTE_LISTEN, GAZETTE_DATA, GAZETTE_THREADS, GAZETTE_SITE_URL, GAZETTE_ACCESS_LOG,
// GAZETTE_LOG_LEVEL, GAZETTE_TIMEZONE) and the flags. On errc::invalid, message is a one-line reason.
result<config> load_config(const config_flags& flags, std::string& message);

// "host:port" → (host, port). Accepts "[::1]:8080". errc::invalid with a message otherwise.
result<std::pair<std::string, std::uint16_t>> parse_listen(std::string_view s, std::string& message);

// Makes dir exist and checks that it is a writable directory. On failure, message says why.
result<void> ensure_writable_dir(const std::filesystem::path& dir, std::string& message);

} // namespace gazette::app
