// The HTTP/1.1 server: Beast + Asio with C++20 coroutines, one io_context per thread, a worker pool for
// handlers that touch the store. Beast and Asio stay inside server.cpp; this header shows only our types.
#pragma once

#include "http/message.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace gazette::http {

// What the server calls. The application (app::site) implements it.
class handler {
public:
    virtual ~handler() = default;
    // On an I/O thread; must not block or touch the store. Returns a response when it can answer at once
    // (a page-cache hit), nullopt to send the request to handle().
    virtual std::optional<response> try_fast(const request& req) noexcept = 0;
    // On a worker thread; may block on the store. Exceptions become a logged 500.
    virtual response handle(request& req) = 0;
    // The page to send when handle() threw (on a worker thread). Must not throw.
    virtual response internal_error(const request& req) noexcept = 0;
    // The largest body this request may carry (on an I/O thread, after its header was read); 0 for the
    // server's default. At most limits::max_upload_bytes.
    virtual std::size_t body_limit(verb, std::string_view /*raw path*/) const noexcept { return 0; }
};

struct server_options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
    unsigned threads = 1; // I/O threads, each with its own io_context
    unsigned workers = 2; // threads for handle()
    std::size_t max_header_bytes = 0;  // 0: limits::max_header_bytes
    std::size_t max_body_bytes = 0;    // 0: limits::max_body_bytes
    std::chrono::milliseconds header_timeout{0}; // 0: limits::header_timeout
    std::chrono::milliseconds idle_timeout{0};   // 0: limits::idle_timeout
    std::chrono::milliseconds shutdown_grace{0}; // 0: limits::shutdown_grace
    bool access_log = true;
};

class server {
public:
    server(server_options options, handler& app);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    // Binds and listens. Throws std::system_error (with the address in the message) when it cannot,
    // e.g. the port is in use.
    void listen();
    // The port actually bound (useful with port 0). Valid after listen().
    std::uint16_t port() const noexcept;

    // Also shut down gracefully on SIGINT and SIGTERM, and call on_hangup (on I/O thread 0; keep it short)
    // for each SIGHUP. Call before run().
    void handle_signals(std::function<void()> on_hangup = {});

    // Serves until shutdown() completes: stop accepting, let in-flight requests finish within the grace
    // period, close idle connections. Blocks the calling thread, which becomes I/O thread 0.
    void run();

    // Begins a graceful shutdown. Safe from any thread, any number of times.
    void shutdown() noexcept;

    // Connections open right now, and those in the middle of a request (for tests and monitoring).
    std::size_t connections() const noexcept;
    std::size_t busy_connections() const noexcept;

private:
    void wait_for_signal();
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace gazette::http
