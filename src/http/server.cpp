// The Beast/Asio server: listener, sessions, response serialisation, graceful shutdown.
#include "http/server.hpp"

#include "core/text.hpp"
#include "core/time.hpp"
#include "http/gzip.hpp"
#include "http/limits.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include <spdlog/spdlog.h>

#include <deque>
#include <list>
#include <mutex>
#include <thread>

namespace gazette::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace bws = boost::beast::websocket;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

template <class T>
T or_default(T value, T fallback) {
    return value == T{} ? fallback : value;
}

// The Date header, formatted at most once a second per thread.
const std::string& date_header() {
    thread_local unix_time last = 0;
    thread_local std::string value;
    const unix_time now = system_now();
    if (now != last) {
        last = now;
        value = timefmt::http_date(now);
    }
    return value;
}

// A malformed request (as opposed to a client that went away).
bool is_parse_error(const boost::system::error_code& ec) {
    return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
           ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

// One open connection, shared with the registry so shutdown can close it when idle.
struct connection {
    explicit connection(tcp::socket s) : stream(std::move(s)) {}
    beast::tcp_stream stream;
    bool idle = true;      // touched only on the connection's own io_context thread
    bool streaming = false; // sending server-sent events (an open response that never finishes by itself)
    bool websocket = false; // a WebSocket: on shutdown its socket is closed, which ends it
    std::optional<asio::steady_timer> events_timer; // wakes the event loop (new events, shutdown)
};

// The application's side of a WebSocket: frames queued from any thread, written by the connection's writer
// coroutine on its own I/O thread (woken by cancelling its timer).
class ws_peer final : public websocket_peer {
public:
    explicit ws_peer(asio::any_io_executor executor) : executor_(std::move(executor)), timer_(executor_) {}

    void send(std::string text) override {
        {
            std::lock_guard lock(mutex_);
            if (closing_) {
                return;
            }
            if (frames_.size() >= limits::max_websocket_queue) {
                overflowed_ = true; // a reader this far behind is gone or hostile: end the connection
                closing_ = true;
            } else {
                frames_.push_back(std::move(text));
            }
        }
        wake();
    }

    void close() override {
        {
            std::lock_guard lock(mutex_);
            closing_ = true;
        }
        wake();
    }

    // For the writer: frames to send; an empty vector and done=true when the connection should close.
    std::vector<std::string> take(bool& done) {
        std::lock_guard lock(mutex_);
        std::vector<std::string> out(std::make_move_iterator(frames_.begin()), std::make_move_iterator(frames_.end()));
        frames_.clear();
        done = closing_ && (out.empty() || overflowed_);
        return out;
    }

    asio::steady_timer& timer() { return timer_; }

private:
    void wake() {
        asio::post(executor_, [self = weak_from_this_()] {
            if (auto p = self.lock()) {
                p->timer_.cancel();
            }
        });
    }
    std::weak_ptr<ws_peer> weak_from_this_() { return weak_self_; }

public:
    std::weak_ptr<ws_peer> weak_self_;

private:
    asio::any_io_executor executor_;
    asio::steady_timer timer_;
    std::mutex mutex_;
    std::deque<std::string> frames_;
    bool closing_ = false;
    bool overflowed_ = false;
};

} // namespace

struct server::impl {
    impl(server_options o, handler& h) : options(std::move(o)), app(h), workers(std::max(1u, options.workers)) {
        options.threads = std::max(1u, options.threads);
        max_header = or_default(options.max_header_bytes, limits::max_header_bytes);
        max_body = or_default(options.max_body_bytes, limits::max_body_bytes);
        header_timeout = or_default(options.header_timeout, std::chrono::milliseconds(limits::header_timeout));
        idle_timeout = or_default(options.idle_timeout, std::chrono::milliseconds(limits::idle_timeout));
        grace = or_default(options.shutdown_grace, std::chrono::milliseconds(limits::shutdown_grace));
        for (unsigned i = 0; i < options.threads; ++i) {
            contexts.push_back(std::make_unique<asio::io_context>(1));
        }
        acceptor.emplace(*contexts[0]);
        signals.emplace(*contexts[0]);
        deadline.emplace(*contexts[0]);
    }

    server_options options;
    handler& app;
    std::size_t max_header = 0;
    std::size_t max_body = 0;
    std::chrono::milliseconds header_timeout{};
    std::chrono::milliseconds idle_timeout{};
    std::chrono::milliseconds grace{};

    std::vector<std::unique_ptr<asio::io_context>> contexts;
    std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
    asio::thread_pool workers;
    std::optional<tcp::acceptor> acceptor;
    std::optional<asio::signal_set> signals;
    std::function<void()> on_hangup;
    std::optional<asio::steady_timer> deadline;
    std::uint16_t bound_port = 0;

    std::mutex registry_mutex;
    std::list<std::weak_ptr<connection>> registry;
    std::atomic<std::size_t> open{0};
    std::atomic<std::size_t> busy{0};
    std::atomic<bool> stopping{false};

    std::shared_ptr<spdlog::logger> access = spdlog::get("access");

    // ---- listening --------------------------------------------------------------------------------
    void listen() {
        boost::system::error_code ec;
        const std::string host = options.host == "localhost" ? "127.0.0.1" : options.host;
        const auto address = asio::ip::make_address(host, ec);
        const std::string where = options.host + ":" + std::to_string(options.port);
        if (ec) {
            throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                    "cannot listen on " + where + ": not an IP address");
        }
        const tcp::endpoint endpoint(address, options.port);
        auto fail = [&](const boost::system::error_code& e) {
            throw std::system_error(std::error_code(e.value(), std::system_category()),
                                    "cannot listen on " + where);
        };
        acceptor->open(endpoint.protocol(), ec);
        if (ec) fail(ec);
        acceptor->set_option(asio::socket_base::reuse_address(true), ec);
        acceptor->bind(endpoint, ec);
        if (ec) fail(ec);
        acceptor->listen(asio::socket_base::max_listen_connections, ec);
        if (ec) fail(ec);
        bound_port = acceptor->local_endpoint().port();
    }

    asio::awaitable<void> accept_loop() {
        std::size_t next = 0;
        for (;;) {
            auto& ctx = *contexts[next++ % contexts.size()];
            auto [ec, socket] = co_await acceptor->async_accept(ctx, asio::as_tuple(asio::use_awaitable));
            if (ec) {
                if (ec == asio::error::operation_aborted || !acceptor->is_open()) {
                    co_return;
                }
                // Out of file descriptors and the like: log, and keep accepting.
                spdlog::warn("accept failed: {}", ec.message());
                continue;
            }
            socket.set_option(tcp::no_delay(true), ec);
            auto conn = std::make_shared<connection>(std::move(socket));
            {
                std::lock_guard lock(registry_mutex);
                registry.remove_if([](const auto& w) { return w.expired(); });
                registry.push_back(conn);
            }
            ++open;
            asio::co_spawn(ctx, session(conn), [this](std::exception_ptr e) {
                if (e) {
                    try {
                        std::rethrow_exception(e);
                    } catch (const std::exception& ex) {
                        spdlog::error("connection failed: {}", ex.what());
                    }
                }
                if (--open == 0 && stopping) {
                    asio::post(*contexts[0], [this] { deadline->cancel(); });
                }
            });
        }
    }

    // ---- one connection ---------------------------------------------------------------------------
    asio::awaitable<void> session(std::shared_ptr<connection> conn) {
        auto& stream = conn->stream;
        beast::flat_buffer buffer; // bounded by the parser's header and body limits
        std::string remote;
        {
            boost::system::error_code ec;
            const auto ep = stream.socket().remote_endpoint(ec);
            remote = ec ? "-" : ep.address().to_string();
        }
        for (std::size_t served = 0;; ++served) {
            if (stopping) {
                break;
            }
            conn->idle = true;
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(max_header));
            parser.body_limit(std::max(max_body, limits::max_upload_bytes)); // the route's limit is set below
            // Waiting for a request: the idle timeout until the first byte, then all of it within
            // header_timeout. Beast reads the header in one call, so use the shorter of the two once bytes
            // are already buffered (a pipelined request).
            stream.expires_after(buffer.size() > 0 ? header_timeout : idle_timeout);
            auto [ec, n] = co_await bhttp::async_read_header(stream, buffer, parser,
                                                              asio::as_tuple(asio::use_awaitable));
            conn->idle = false;
            ++busy;
            struct busy_guard {
                std::atomic<std::size_t>& n;
                ~busy_guard() { --n; }
            } guard{busy};
            const auto started = std::chrono::steady_clock::now();
            if (ec) {
                if (ec == bhttp::error::header_limit) {
                    co_await send_error(stream, 431, "Request header fields too large\n");
                } else if (ec == bhttp::error::body_limit) {
                    co_await send_error(stream, 413, "Request body too large\n");
                } else if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout ||
                           ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
                           ec == asio::error::eof) {
                    // The client went away or said nothing in time: close quietly.
                } else if (is_parse_error(ec)) {
                    co_await send_error(stream, 400, "Bad request\n");
                }
                break;
            }
            {
                const auto target = parser.get().target();
                const std::size_t allowed = std::min(
                    limits::max_upload_bytes,
                    or_default(app.body_limit(verb_from_string(parser.get().method_string()),
                                              std::string_view(target.data(), target.size()).substr(
                                                  0, std::string_view(target.data(), target.size()).find('?'))),
                               max_body));
                if (parser.content_length() && *parser.content_length() > allowed) {
                    co_await send_error(stream, 413, "Request body too large\n");
                    break;
                }
                parser.body_limit(allowed); // also bounds a chunked body
            }
            if (!parser.is_done()) {
                stream.expires_after(limits::body_timeout);
                auto [ec2, n2] = co_await bhttp::async_read(stream, buffer, parser,
                                                             asio::as_tuple(asio::use_awaitable));
                if (ec2) {
                    if (ec2 == bhttp::error::body_limit) {
                        co_await send_error(stream, 413, "Request body too large\n");
                    } else if (is_parse_error(ec2) && ec2 != bhttp::error::partial_message) {
                        co_await send_error(stream, 400, "Bad request\n");
                    }
                    break;
                }
            }
            auto& msg = parser.get();
            if (msg.target().size() > limits::max_target_bytes || msg.target().empty() ||
                msg.target().front() != '/') {
                co_await send_error(stream, 400, "Bad request target\n");
                break;
            }

            request req;
            req.method = verb_from_string(msg.method_string());
            req.target = std::string(msg.target());
            req.remote_address = remote;
            {
                const std::string_view t = req.target;
                const auto q = t.find('?');
                req.query = q == std::string_view::npos ? std::string() : std::string(t.substr(q + 1));
                std::string decoded;
                if (!decode_path(t.substr(0, q), decoded)) {
                    co_await send_error(stream, 400, "Bad request path\n");
                    break;
                }
                req.path = std::move(decoded);
            }
            const bool keep_alive = msg.keep_alive();
            const unsigned version = msg.version();
            const std::string_view accept_encoding = msg[bhttp::field::accept_encoding];
            const std::string_view if_none_match = msg[bhttp::field::if_none_match];

            req.user_agent = msg[bhttp::field::user_agent];
            req.prefetch = msg["Sec-Purpose"];
            if (req.prefetch.empty()) {
                req.prefetch = msg["Purpose"];
            }
            if (req.prefetch.empty()) {
                req.prefetch = msg["X-Moz"];
            }
            // The fast path sees method, target, path, query and the two views above; the rest is copied
            // when needed.
            std::optional<response> res = app.try_fast(req);
            if (!res) {
                req.headers.reserve(16);
                for (const auto& field : msg) {
                    req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
                }
                req.body = std::move(msg.body());
                res = co_await asio::co_spawn(
                    workers,
                    [this, &req]() -> asio::awaitable<response> {
                        try {
                            co_return app.handle(req);
                        } catch (const std::exception& e) {
                            spdlog::error("handler failed for {} {}: {}", to_string(req.method), req.path,
                                          e.what());
                            co_return app.internal_error(req);
                        }
                    },
                    asio::use_awaitable);
            }
            if (res->websocket) {
                if (!bws::is_upgrade(msg)) {
                    co_await send_error(stream, 400, "This address takes WebSocket connections only\n");
                    break;
                }
                if (access && options.access_log) {
                    access->info("{} \"{} {}\" 101 0 websocket", remote, msg.method_string(), req.path);
                }
                co_await run_websocket(conn, msg, std::move(res->websocket));
                break; // the connection was the WebSocket's
            }
            if (res->events) {
                const auto sent_events = co_await stream_events(conn, *res);
                if (access && options.access_log) {
                    access->info("{} \"{} {}\" 200 {} events", remote, msg.method_string(), req.path, sent_events);
                }
                break; // an event stream ends its connection
            }
            const bool close = !keep_alive || res->close || stopping ||
                               served + 1 >= limits::max_requests_per_connection;
            const std::optional<std::size_t> sent =
                res->prepared ? co_await send_prepared(stream, req.method, accept_encoding, if_none_match, *res->prepared,
                                                       version, close)
                              : co_await send(stream, req.method, accept_encoding, if_none_match, *res, version, close);
            if (access && options.access_log) {
                const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                                    std::chrono::steady_clock::now() - started)
                                    .count();
                // The path only: query strings can carry personal data.
                access->info("{} \"{} {}\" {} {} {}us", remote, msg.method_string(), req.path, res->status,
                             sent.value_or(0), us);
            }
            if (!sent || close) {
                break;
            }
        }
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream.socket().close(ignored);
    }

    // Runs an accepted WebSocket: this coroutine reads and hands each text message to the application on
    // a worker (one at a time, in order); a writer coroutine on the same I/O thread sends what the
    // application queued. Each ends the other: the reader by closing the peer, the writer (on a failed
    // write) by closing the socket. The writer holds the stream until it is done.
    struct ws_state {
        explicit ws_state(beast::tcp_stream& s) : ws(s) {}
        bws::stream<beast::tcp_stream&> ws;
    };

    static asio::awaitable<void> ws_writer(std::shared_ptr<connection> conn, std::shared_ptr<ws_state> st,
                                           std::shared_ptr<ws_peer> peer) {
        for (;;) {
            bool done = false;
            auto frames = peer->take(done);
            for (auto& f : frames) {
                st->ws.text(true);
                auto [ec, n] = co_await st->ws.async_write(asio::buffer(f), asio::as_tuple(asio::use_awaitable));
                if (ec) {
                    boost::system::error_code ignored;
                    conn->stream.socket().close(ignored); // the reader fails next, and ends the session
                    co_return;
                }
            }
            if (done) {
                if (st->ws.is_open()) {
                    co_await st->ws.async_close(bws::close_code::normal, asio::as_tuple(asio::use_awaitable));
                }
                co_return;
            }
            if (frames.empty()) {
                peer->timer().expires_after(std::chrono::hours(24));
                co_await peer->timer().async_wait(asio::as_tuple(asio::use_awaitable));
            }
        }
    }

    asio::awaitable<void> run_websocket(std::shared_ptr<connection> conn,
                                        const bhttp::request<bhttp::string_body>& msg,
                                        std::shared_ptr<websocket_session> app_ws) {
        auto st = std::make_shared<ws_state>(conn->stream);
        auto& ws = st->ws;
        conn->stream.expires_never(); // the WebSocket's own timeouts take over
        bws::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = limits::header_timeout;
        timeouts.idle_timeout = limits::websocket_idle;
        timeouts.keep_alive_pings = true;
        ws.set_option(timeouts);
        ws.set_option(bws::stream_base::decorator([](bws::response_type& r) { r.set(bhttp::field::server, "Gazette"); }));
        ws.read_message_max(limits::max_websocket_message);
        if (auto [ec] = co_await ws.async_accept(msg, asio::as_tuple(asio::use_awaitable)); ec) {
            co_return;
        }
        conn->websocket = true;
        auto peer = std::make_shared<ws_peer>(conn->stream.get_executor());
        peer->weak_self_ = peer;
        // The application runs on workers; an exception there ends this connection, not the server.
        auto on_worker = [this](std::function<void()> fn) -> asio::awaitable<bool> {
            co_return co_await asio::co_spawn(
                workers,
                [fn = std::move(fn)]() -> asio::awaitable<bool> {
                    try {
                        fn();
                        co_return true;
                    } catch (const std::exception& e) {
                        spdlog::error("websocket handler failed: {}", e.what());
                        co_return false;
                    }
                },
                asio::use_awaitable);
        };
        if (co_await on_worker([&] { app_ws->on_open(peer); })) {
            asio::co_spawn(conn->stream.get_executor(), ws_writer(conn, st, peer), asio::detached);
            beast::flat_buffer buffer;
            while (!stopping) {
                auto [ec, n] = co_await ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
                if (ec) {
                    break;
                }
                if (!ws.got_text()) {
                    buffer.consume(buffer.size());
                    continue; // the protocols here are JSON text; binary frames are ignored
                }
                std::string text = beast::buffers_to_string(buffer.data());
                buffer.consume(buffer.size());
                if (!co_await on_worker([&] { app_ws->on_text(std::move(text)); })) {
                    break;
                }
            }
        }
        peer->close(); // the writer sends what is queued, says goodbye, and lets go of the stream
        co_await on_worker([&] { app_ws->on_close(); });
        conn->websocket = false;
    }

    // Sends an event stream until it ends, the client goes, the stream's time is up or the server stops.
    // Returns the bytes of events sent.
    asio::awaitable<std::size_t> stream_events(std::shared_ptr<connection> conn, response& res) {
        auto& stream = conn->stream;
        std::string head = "HTTP/1.1 200 OK\r\nServer: Gazette\r\nDate: ";
        head += date_header();
        head += "\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n"
                "X-Accel-Buffering: no\r\nConnection: close\r\n";
        for (const auto& [k, v] : res.headers) {
            if (!text::iequals(k, "Cache-Control")) {
                std::string line = k + ": " + v;
                std::replace_if(line.begin(), line.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
                head += line + "\r\n";
            }
        }
        head += "\r\n";
        stream.expires_after(limits::write_timeout);
        if (auto [ec, n] = co_await asio::async_write(stream, asio::buffer(head), asio::as_tuple(asio::use_awaitable)); ec) {
            co_return 0;
        }
        conn->events_timer.emplace(stream.get_executor());
        conn->streaming = true;
        auto source = res.events;
        std::weak_ptr<connection> weak = conn;
        source->start([weak, executor = stream.get_executor()] {
            asio::post(executor, [weak] {
                if (auto c = weak.lock(); c && c->events_timer) {
                    c->events_timer->cancel();
                }
            });
        });
        const auto until = std::chrono::steady_clock::now() + limits::max_event_stream;
        std::size_t sent = 0;
        while (!stopping && std::chrono::steady_clock::now() < until) {
            auto frames = source->poll();
            if (!frames) {
                break;
            }
            if (frames->empty()) {
                conn->events_timer->expires_after(limits::event_keepalive);
                auto [ec] = co_await conn->events_timer->async_wait(asio::as_tuple(asio::use_awaitable));
                if (ec == asio::error::operation_aborted) {
                    continue; // woken: something to send, or the server is stopping
                }
                *frames = ": keep-alive\n\n"; // also finds out when the client has gone
            }
            stream.expires_after(limits::write_timeout);
            auto [ec, n] = co_await asio::async_write(stream, asio::buffer(*frames), asio::as_tuple(asio::use_awaitable));
            if (ec) {
                break;
            }
            sent += n;
        }
        source->stop();
        conn->streaming = false;
        conn->events_timer.reset();
        co_return sent;
    }

    // Percent-decodes a request path; false on a malformed escape or an encoded NUL.
    static bool decode_path(std::string_view raw, std::string& out) {
        return text::url_decode(raw, out, false) && out.find('\0') == std::string::npos;
    }

    // Answers a request the server refuses (400, 413, 431) and closes the connection gracefully: stop
    // sending, then read and discard what the client is still sending for a moment, so the kernel does
    // not reset the connection (and destroy the answer) because unread bytes were left behind.
    asio::awaitable<void> send_error(beast::tcp_stream& stream, int status, std::string_view text) {
        response r = make_text(status, std::string(text));
        if (!co_await send(stream, verb::get, {}, {}, r, 11, true)) {
            co_return;
        }
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        std::array<char, 16384> sink;
        std::size_t drained = 0;
        stream.expires_after(limits::linger_timeout);
        while (drained < limits::max_linger_bytes) {
            auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), asio::as_tuple(asio::use_awaitable));
            if (ec) {
                break;
            }
            drained += n;
        }
    }

    // Writes the response; returns the body bytes sent, nullopt when the write failed.
    // The hot path: a prepared response (cached page, asset) goes out as one scatter write of the status
    // line and per-request headers, the prepared header block, and the shared body.
    asio::awaitable<std::optional<std::size_t>> send_prepared(beast::tcp_stream& stream, verb method,
                                                              std::string_view accept_encoding,
                                                              std::string_view if_none_match,
                                                              const prepared_response& p, unsigned version,
                                                              bool close) {
        const bool use_gzip = p.gzip_body && accepts_gzip(accept_encoding);
        const std::string& etag = use_gzip ? p.gzip_etag : p.etag;
        const shared_body& body = use_gzip ? p.gzip_body : p.body;
        const bool not_modified = p.status == 200 && etag_matches(if_none_match, etag);
        std::string head;
        head.reserve(256);
        head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
        const int status = not_modified ? 304 : p.status;
        head += std::to_string(status);
        head += ' ';
        head += reason(status);
        head += "\r\nServer: Gazette\r\nDate: ";
        head += date_header();
        head += "\r\n";
        if (close) {
            head += "Connection: close\r\n";
        } else if (version == 10) {
            head += "Connection: keep-alive\r\n";
        }
        std::array<asio::const_buffer, 3> buffers;
        std::size_t size = 0;
        if (not_modified) {
            // 304: validators and caching headers, no body headers.
            head += "ETag: " + etag + "\r\n";
            if (p.gzip_body) {
                head += "Vary: Accept-Encoding\r\n";
            }
            for (const auto& [k, v] : p.headers) {
                head += k + ": " + v + "\r\n";
            }
            head += "\r\n";
            buffers = {asio::buffer(head), asio::const_buffer(), asio::const_buffer()};
        } else {
            size = body ? body->size() : 0;
            head += "Content-Length: ";
            head += std::to_string(size);
            head += "\r\n";
            const std::string& block = use_gzip ? p.gzip_head : p.head;
            static constexpr std::string_view crlf = "\r\n";
            // The prepared block ends with its last header line; the blank line follows it.
            head += block;
            head += crlf;
            const bool with_body = method != verb::head && size > 0;
            buffers = {asio::buffer(head), with_body ? asio::buffer(*body) : asio::const_buffer(), asio::const_buffer()};
            if (!with_body) {
                size = 0;
            }
        }
        stream.expires_after(limits::write_timeout);
        auto [ec, n] = co_await asio::async_write(stream, buffers, asio::as_tuple(asio::use_awaitable));
        co_return ec ? std::nullopt : std::optional<std::size_t>(size);
    }

    // Writes the response; returns the body bytes sent, nullopt when the write failed.
    asio::awaitable<std::optional<std::size_t>> send(beast::tcp_stream& stream, verb method,
                                                     std::string_view accept_encoding, std::string_view if_none_match,
                                                     response& res, unsigned version, bool close) {
        const bool gzip_ok = accepts_gzip(accept_encoding);
        // Compress on the fly when the handler gave no precomputed copy.
        if (gzip_ok && !res.gzip_body && res.compressible && res.body && res.body->size() >= limits::gzip_min_bytes &&
            res.status == 200) {
            res.gzip_body = std::make_shared<const std::string>(gzip_compress(*res.body));
            if (!res.etag.empty() && res.gzip_etag.empty()) {
                res.gzip_etag = res.etag.substr(0, res.etag.size() - 1) + "-gz\"";
            }
        }
        const bool use_gzip = gzip_ok && res.gzip_body;
        const shared_body& body = use_gzip ? res.gzip_body : res.body;
        const std::string& etag = use_gzip ? res.gzip_etag : res.etag;
        int status = res.status;
        if (status == 200 && !etag.empty() && etag_matches(if_none_match, etag)) {
            status = 304;
        }

        bhttp::response<bhttp::span_body<const char>> msg;
        msg.version(version);
        msg.result(static_cast<unsigned>(status));
        msg.set(bhttp::field::server, "Gazette");
        msg.set(bhttp::field::date, date_header());
        if (status != 304) {
            msg.set(bhttp::field::content_type, res.content_type);
        }
        if (res.gzip_body || res.compressible) {
            msg.set(bhttp::field::vary, "Accept-Encoding");
        }
        if (!etag.empty()) {
            msg.set(bhttp::field::etag, etag);
        }
        if (use_gzip && status != 304) {
            msg.set(bhttp::field::content_encoding, "gzip");
        }
        for (const auto& [k, v] : res.headers) {
            msg.insert(k, v); // insert, not set: several Set-Cookie headers must all go out
        }
        const bool send_body = status != 304 && status != 204 && method != verb::head;
        const std::size_t size = body ? body->size() : 0;
        if (send_body && body) {
            msg.body() = {body->data(), body->size()};
        }
        msg.keep_alive(!close);
        if (status == 304 || status == 204) {
            msg.content_length(boost::none);
        } else {
            msg.content_length(size); // HEAD: the length GET would have sent
        }
        stream.expires_after(limits::write_timeout);
        bhttp::serializer<false, bhttp::span_body<const char>> sr(msg);
        if (method == verb::head || !send_body) {
            auto [ec, n] = co_await bhttp::async_write_header(stream, sr, asio::as_tuple(asio::use_awaitable));
            co_return ec ? std::nullopt : std::optional<std::size_t>(0);
        }
        auto [ec, n] = co_await bhttp::async_write(stream, sr, asio::as_tuple(asio::use_awaitable));
        co_return ec ? std::nullopt : std::optional<std::size_t>(size);
    }

    // ---- shutdown ----------------------------------------------------------------------------------
    void begin_shutdown() {
        if (stopping.exchange(true)) {
            return;
        }
        spdlog::info("shutting down: finishing in-flight requests");
        asio::post(*contexts[0], [this] {
            boost::system::error_code ignored;
            acceptor->close(ignored);
            signals->cancel(ignored);
            std::vector<std::shared_ptr<connection>> live;
            {
                std::lock_guard lock(registry_mutex);
                for (auto& w : registry) {
                    if (auto c = w.lock()) {
                        live.push_back(std::move(c));
                    }
                }
            }
            for (auto& c : live) {
                // Each connection is touched only on its own thread: close it there if it is idle.
                asio::post(c->stream.get_executor(), [c] {
                    if (c->streaming && c->events_timer) {
                        c->events_timer->cancel(); // the event loop sees `stopping` and ends the stream
                    }
                    if (c->websocket) { // its reader fails, which ends it (and tells the application)
                        boost::system::error_code e;
                        c->stream.socket().shutdown(tcp::socket::shutdown_both, e);
                        c->stream.socket().close(e);
                    }
                    if (c->idle) {
                        boost::system::error_code e;
                        c->stream.socket().cancel(e);
                        c->stream.socket().close(e);
                    }
                });
            }
            for (auto& g : guards) {
                g.reset();
            }
            if (open == 0) {
                return;
            }
            deadline->expires_after(grace);
            deadline->async_wait([this](boost::system::error_code e) {
                if (!e) {
                    spdlog::warn("shutdown grace period over: closing {} connection(s)", open.load());
                    for (auto& ctx : contexts) {
                        ctx->stop();
                    }
                }
            });
        });
    }
};

server::server(server_options options, handler& app) : impl_(std::make_unique<impl>(std::move(options), app)) {}

server::~server() = default;

void server::listen() { impl_->listen(); }

std::uint16_t server::port() const noexcept { return impl_->bound_port; }

std::size_t server::connections() const noexcept { return impl_->open.load(); }

std::size_t server::busy_connections() const noexcept { return impl_->busy.load(); }

void server::handle_signals(std::function<void()> on_hangup) {
    impl_->signals->add(SIGINT);
    impl_->signals->add(SIGTERM);
    if (on_hangup) {
        impl_->signals->add(SIGHUP);
    }
    impl_->on_hangup = std::move(on_hangup);
    wait_for_signal();
}

void server::wait_for_signal() {
    impl_->signals->async_wait([this](boost::system::error_code ec, int signal) {
        if (ec) {
            return;
        }
        if (signal == SIGHUP) {
            impl_->on_hangup();
            wait_for_signal();
            return;
        }
        shutdown();
    });
}

void server::run() {
    auto& d = *impl_;
    for (std::size_t i = 1; i < d.contexts.size(); ++i) {
        d.guards.push_back(asio::make_work_guard(*d.contexts[i]));
    }
    if (d.stopping) { // shutdown() before run(): nothing to serve
        d.guards.clear();
    }
    asio::co_spawn(*d.contexts[0], d.accept_loop(), asio::detached);
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < d.contexts.size(); ++i) {
        threads.emplace_back([&ctx = *d.contexts[i]] { ctx.run(); });
    }
    d.contexts[0]->run();
    for (auto& t : threads) {
        t.join();
    }
    d.workers.join();
}

void server::shutdown() noexcept {
    try {
        impl_->begin_shutdown();
    } catch (const std::exception& e) {
        spdlog::error("shutdown: {}", e.what());
    }
}

} // namespace gazette::http
