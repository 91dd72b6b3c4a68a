// An in-process Gazette for tests: a temp data dir with the demo content (fixed clock), the real site and
// the real server on 127.0.0.1:0 in a background thread. Shut down and cleaned up on destruction.
#pragma once

#include "app/site.hpp"
#include "articles/service.hpp"
#include "http/server.hpp"
#include "store/store.hpp"

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

namespace gazette::test {

// 2026-11-25T10:00:00Z: the fixed "now" of golden and integration tests.
inline constexpr unix_time fixed_now = 1795600800;

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

struct test_site_options {
    bool demo = true;
    unsigned threads = 2;
    std::chrono::milliseconds header_timeout{0};
    std::chrono::milliseconds idle_timeout{0};
    std::size_t max_body_bytes = 0;
    std::size_t cache_bytes = 64 * 1024 * 1024;
};

class test_site {
public:
    explicit test_site(test_site_options options = {});
    ~test_site();

    std::uint16_t port() const noexcept { return server_->port(); }
    store& db() noexcept { return *db_; }
    app::site& site() noexcept { return *site_; }
    articles::service& service() noexcept { return *service_; }
    http::server& server() noexcept { return *server_; }
    const std::filesystem::path& data_dir() const noexcept { return dir_.path(); }

    // The path of the first published article whose slug contains fragment.
    std::string article_path(std::string_view fragment);

private:
    temp_dir dir_;
    std::unique_ptr<store> db_;
    std::unique_ptr<app::site> site_;
    std::unique_ptr<articles::service> service_;
    std::unique_ptr<http::server> server_;
    std::thread thread_;
};

// A site (no server) over a store, with the embedded theme and the fixed clock.
std::unique_ptr<app::site> make_site(store& db, const std::filesystem::path& data_dir);

} // namespace gazette::test
