// Limits at the edge of the server, each a named constant. server_options copies them so tests can
// shorten the timeouts; production uses these values.
#pragma once

#include <chrono>
#include <cstddef>

namespace gazette::http::limits {

using namespace std::chrono_literals;

inline constexpr std::size_t max_header_bytes = 16 * 1024;       // request line + headers; over → 431
inline constexpr std::size_t max_body_bytes = 1024 * 1024;       // request body; over → 413
inline constexpr std::size_t max_upload_bytes = 32 * 1024 * 1024; // the most any route may allow (a WordPress export)
inline constexpr std::size_t max_target_bytes = 4096;            // request target; over → 414-like 400
inline constexpr std::chrono::seconds header_timeout = 20s;      // to receive a whole header once a request begins
inline constexpr std::chrono::seconds idle_timeout = 60s;        // keep-alive connection with nothing to say
inline constexpr std::chrono::seconds body_timeout = 60s;        // to receive a body after its header
inline constexpr std::chrono::seconds write_timeout = 60s;       // to send one response
inline constexpr std::chrono::seconds shutdown_grace = 10s;      // in-flight requests finish within this on SIGTERM
inline constexpr std::size_t max_requests_per_connection = 10000; // then Connection: close, to rebalance
inline constexpr std::size_t gzip_min_bytes = 256;               // smaller bodies are sent as they are
inline constexpr std::chrono::seconds linger_timeout = 2s;       // after refusing a request: drain this long
inline constexpr std::size_t max_linger_bytes = 4 * 1024 * 1024;  // ... or this much, then close
inline constexpr std::size_t max_websocket_message = 64 * 1024;   // one incoming frame; over → closed (1009)
inline constexpr std::size_t max_websocket_queue = 1024;          // frames waiting for a slow reader; over → closed
inline constexpr std::chrono::seconds websocket_idle = 60s;       // ping after this much silence; close if no pong
inline constexpr std::chrono::seconds event_keepalive = 15s;     // a comment line on a quiet event stream
inline constexpr std::chrono::minutes max_event_stream = 10min;  // then it ends; the browser reconnects (and
                                                                 // is checked again)

} // namespace gazette::http::limits
