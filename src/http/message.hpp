// Our own HTTP request and response types: what handlers see. No Beast or Asio here, on purpose,
// so that handlers compile fast and can be tested without a socket.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette::http {

enum class verb { get, head, post, put, patch, delete_, options, other };

std::string_view to_string(verb v) noexcept;
verb verb_from_string(std::string_view s) noexcept;

using header_list = std::vector<std::pair<std::string, std::string>>;

struct request {
    verb method = verb::get;
    std::string target;  // as sent: path plus query
    std::string path;    // percent-decoded path, without the query
    std::string query;   // raw query string, without '?'
    header_list headers; // names as sent; look up with header()
    std::string body;
    std::string remote_address;
    // Also on the fast path (where headers is empty): views into the received message, valid while the
    // request is handled. For counting readers without copying headers.
    std::string_view user_agent;
    std::string_view prefetch; // Sec-Purpose, Purpose or X-Moz: "prefetch" when the browser is only guessing

    // Path parameters filled in by the router: {name} → value (decoded).
    std::vector<std::pair<std::string, std::string>> params;

    // Case-insensitive header lookup; empty when absent.
    std::string_view header(std::string_view name) const noexcept;
    // A path parameter set by the router; empty when absent.
    std::string_view param(std::string_view name) const noexcept;
    // The first query parameter with this name, decoded; nullopt when absent or malformed.
    std::optional<std::string> query_param(std::string_view name) const;
};

// A response body is immutable and shared, so a cached page is sent to many clients without copying.
using shared_body = std::shared_ptr<const std::string>;

// A response prepared once and sent many times (a cached page, a theme asset): ETag, gzip copy and the
// header block are computed in advance, so sending it costs a Date header and a scatter write.
struct prepared_response {
    int status = 200;
    std::string content_type;
    shared_body body;
    shared_body gzip_body; // null when not worth compressing
    std::string etag;
    std::string gzip_etag;
    header_list headers;   // extra headers (Cache-Control, security headers)
    std::string head;      // "Name: value\r\n" lines for the identity body: all but Date, Server,
                           // Content-Length and Connection
    std::string gzip_head; // the same for the gzip body
    std::int64_t view_of = -1; // the application's: what serving it counts as a view of (-1: nothing)
};
using prepared_ptr = std::shared_ptr<const prepared_response>;

// Prepares a response: strong ETag of the body, a gzip copy (level 9) for compressible types of
// limits::gzip_min_bytes or more, and the serialized header blocks.
prepared_ptr prepare_response(int status, std::string content_type, std::string body, header_list headers = {},
                              std::int64_t view_of = -1);

// Server-sent events (text/event-stream): a response that stays open and sends what the application
// produces, as it produces it. The server calls start() once with a wake function (callable from any
// thread, any number of times: "poll me"), then poll() on its I/O thread until poll() says the stream is
// over or the client leaves, then stop(). poll() must not block.
class event_source {
public:
    virtual ~event_source() = default;
    virtual void start(std::function<void()> wake) = 0;
    // Frames to send now ("data: ...\n\n"); empty when there is nothing yet; nullopt when the stream ends.
    virtual std::optional<std::string> poll() = 0;
    virtual void stop() noexcept = 0;
};

// WebSocket (RFC 6455): when a handler answers an upgrade request with a response carrying a
// websocket_session, the server completes the handshake and then, for the life of the connection, passes
// each text message to on_text (on a worker thread, one at a time, in order). The session sends through
// the websocket_peer it got in on_open: send() may be called from any thread and queues the frame;
// close() ends the connection after what is queued. Pings keep idle connections alive and find dead ones.
class websocket_peer {
public:
    virtual ~websocket_peer() = default;
    virtual void send(std::string text) = 0;
    virtual void close() = 0;
};

class websocket_session {
public:
    virtual ~websocket_session() = default;
    // After the handshake, on a worker thread. May send at once (a greeting, missed messages).
    virtual void on_open(std::shared_ptr<websocket_peer> peer) = 0;
    virtual void on_text(std::string message) = 0;
    // The connection ended (either side, or the server stopping); on a worker thread. No more calls follow.
    virtual void on_close() noexcept = 0;
};

struct response {
    int status = 200;
    std::string content_type = "text/html; charset=utf-8";
    header_list headers;  // extra headers (Location, Allow, Cache-Control, ...)
    shared_body body;     // may be null for an empty body
    shared_body gzip_body; // precomputed gzip of body, when there is one
    std::string etag;      // strong validator of body, quoted; empty for none
    std::string gzip_etag; // validator of gzip_body
    bool compressible = false; // the server may gzip it on the fly when no gzip_body is given
    bool close = false;        // close the connection after sending
    prepared_ptr prepared;     // when set, it is the response and the fields above are unused
    std::shared_ptr<event_source> events; // when set: an event stream (status 200, headers above)
    std::shared_ptr<websocket_session> websocket; // when set: accept the WebSocket upgrade and run it

    void set_header(std::string name, std::string value);
    std::string_view header(std::string_view name) const noexcept;
    std::size_t body_size() const noexcept { return body ? body->size() : 0; }
};

response make_text(int status, std::string text, std::string content_type = "text/plain; charset=utf-8");
response make_redirect(int status, std::string location);

// Quoted strong ETag of some bytes (a 64-bit BLAKE2b digest in hex), e.g. "\"3f2a9c1b0d4e5f60\"".
std::string make_etag(std::string_view bytes);

// True when an If-None-Match header value matches etag (handles lists, "*" and W/ prefixes).
bool etag_matches(std::string_view if_none_match, std::string_view etag) noexcept;

// True when the Accept-Encoding header value accepts gzip (and does not say q=0 for it).
bool accepts_gzip(std::string_view accept_encoding) noexcept;

// The reason phrase for a status code.
std::string_view reason(int status) noexcept;

} // namespace gazette::http
