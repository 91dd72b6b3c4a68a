// Load generator for the live events stream: opens thousands of open pages' streams (GET /live, server-sent
// events) on a running Gazette, measures what they cost the server in memory, then posts live coverage
// entries as a signed-in editor, one per round, and measures how soon every stream has each one.
//
// One process, one thread, Asio coroutines over plain TCP sockets. bench/live.sh sets up a server, an editor
// and an article covered live, and runs it:
//
//   live_load --port P --cookie "gz_session=..." --csrf TOKEN --article ID [--connections N] [--events K]
//             [--pid PID] [--addresses-per-ip A]
//
// A delivery's latency runs from just before the entry's POST is written to the moment a stream has the
// `update` event: it includes the server checking the session, storing the entry, rendering it, storing the
// event and fanning it out to every stream.
//
// The last line of the output is "RESULT key=value ..." for scripts. Exit status: 0 for a clean run, 1 when
// the run could not start (bad arguments, open-files limit, no server, the first entry refused), 3 when it
// ran but something failed (a connection, an entry, a delivery).
#include "load_common.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

using namespace bench; // load_common.hpp: asio, tcp, steady and the shared helpers
namespace beast = boost::beast;
namespace http = boost::beast::http;

// What a page's EventSource sends (docs/live.md); no Last-Event-ID: events from now on.
constexpr std::string_view live_request =
    "GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n";
constexpr std::string_view entry_text = "bench update "; // every entry's body: "bench update <round>"

constexpr std::size_t max_head_bytes = 16 * 1024;    // the stream's status line and headers
constexpr std::size_t max_frame_bytes = 1024 * 1024; // one event not yet complete
constexpr std::size_t read_chunk = 2048;             // read at once (a longer event takes more reads)
// A round ends when every stream has its event, or after this long.
constexpr auto round_limit = std::chrono::seconds(10);
constexpr auto round_gap = std::chrono::milliseconds(200);
constexpr double aim_ms = 1000; // the aim: every stream notified within 1 s
constexpr std::size_t max_events = 1000;
// /live has no limit per client address; spreading the sources only keeps each address's bound ports well
// inside the ephemeral range (about 28,000).
constexpr std::size_t max_addresses_per_ip = 20000;

struct options {
    std::uint16_t port = 0;
    std::size_t connections = 10000;
    std::size_t events = 5;  // rounds: one entry each
    std::string cookie;      // the editor's "gz_session=..."
    std::string csrf;        // that session's CSRF token
    std::size_t article = 0; // the article whose live coverage takes the entries (started already)
    long pid = 0;            // the server's, for its memory; 0: not measured
    std::size_t addresses_per_ip = 50;
};

constexpr std::string_view usage_text =
    "usage: live_load --port P --cookie \"gz_session=...\" --csrf TOKEN --article ID\n"
    "                 [--connections N] [--events K] [--pid PID] [--addresses-per-ip A]\n"
    "  --port P              Gazette on 127.0.0.1:P (required)\n"
    "  --cookie C            a signed-in editor's session cookie (required): entries are posted with it\n"
    "  --csrf TOKEN          that session's CSRF token (the newsroom pages' _csrf field; required)\n"
    "  --article ID          the article whose live coverage takes the entries; start the coverage first\n"
    "                        (required)\n"
    "  --connections N       event streams to GET /live (default 10000)\n"
    "  --events K            rounds, each one entry posted and timed to every stream, 1 to 1000 (default 5)\n"
    "  --pid PID             the server's process id: its memory (VmRSS) before and after is reported\n"
    "  --addresses-per-ip A  streams per loopback source address 127.0.X.Y, 1 to 20000 (default 50)\n";

// A value that goes into a request header: no line breaks.
bool header_safe(std::string_view v) {
    return v.find_first_of("\r\n") == std::string_view::npos;
}

// The command line as "--name value" pairs; nullopt (with why in error) when it is not usable.
std::optional<options> parse_options(int argc, char** argv, std::string& error) {
    options o;
    bool have_port = false;
    const bool ok = for_each_option(argc, argv, error, [&](std::string_view name, std::string_view value) {
        const auto number = [&](std::size_t min, std::size_t max) {
            return number_option(name, value, min, max, error);
        };
        std::optional<std::size_t> n;
        if (name == "--port") {
            if ((n = number(1, 65535))) {
                o.port = static_cast<std::uint16_t>(*n);
                have_port = true;
            }
        } else if (name == "--connections") {
            if ((n = number(1, 1000000))) {
                o.connections = *n;
            }
        } else if (name == "--events") {
            if ((n = number(1, max_events))) {
                o.events = *n;
            }
        } else if (name == "--cookie" || name == "--csrf") {
            if (value.empty() || !header_safe(value)) {
                error = std::string(name) + " wants a value on one line";
                return false;
            }
            (name == "--cookie" ? o.cookie : o.csrf) = std::string(value);
            n = 0;
        } else if (name == "--article") {
            if ((n = number(1, 1000000000000))) {
                o.article = *n;
            }
        } else if (name == "--pid") {
            if ((n = number(1, 4194304))) {
                o.pid = static_cast<long>(*n);
            }
        } else if (name == "--addresses-per-ip") {
            if ((n = number(1, max_addresses_per_ip))) {
                o.addresses_per_ip = *n;
            }
        } else {
            error = "unknown option " + std::string(name);
            return false;
        }
        return n.has_value();
    });
    if (!ok) {
        return std::nullopt;
    }
    if (!have_port) {
        error = "--port is required";
        return std::nullopt;
    }
    if (o.cookie.empty() || o.csrf.empty() || o.article == 0) {
        error = "--cookie, --csrf and --article are required (the entries are posted as a signed-in editor)";
        return std::nullopt;
    }
    if (!check_source_addresses(o.connections, o.addresses_per_ip, error)) {
        return std::nullopt;
    }
    return o;
}

// Percent-encodes a form field's value (application/x-www-form-urlencoded).
std::string form_escape(std::string_view v) {
    constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out;
    for (const char c : v) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' ||
            c == '_' || c == '.' || c == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(hex[u >> 4]);
            out.push_back(hex[u & 15]);
        }
    }
    return out;
}

// ASCII case-insensitive equality (header names).
bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) {
                   return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
               };
               return lower(x) == lower(y);
           });
}

// What is wrong with a stream's answer head (status line and headers, up to the empty line); empty when it
// is a 200 event stream whose body the events follow as they are.
std::string head_problem(std::string_view head) {
    const auto status_end = head.find("\r\n");
    const auto status_line = head.substr(0, status_end);
    if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12) {
        return "not an HTTP answer: " + std::string(status_line.substr(0, 100));
    }
    if (status_line.substr(8, 4) != " 200") {
        return "answered " + std::string(status_line.substr(0, 100));
    }
    bool event_stream = false;
    std::string_view rest =
        status_end == std::string_view::npos ? std::string_view() : head.substr(status_end + 2);
    while (!rest.empty()) {
        const auto eol = rest.find("\r\n");
        const auto line = rest.substr(0, eol);
        rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 2);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) {
            continue;
        }
        const auto field = line.substr(0, colon);
        auto value = line.substr(colon + 1);
        while (value.starts_with(' ') || value.starts_with('\t')) {
            value.remove_prefix(1);
        }
        if (same_name(field, "Content-Type")) {
            event_stream = value.starts_with("text/event-stream");
        } else if (same_name(field, "Transfer-Encoding") || same_name(field, "Content-Encoding")) {
            return "the stream is encoded (" + std::string(line) + "); this tool reads plain streams only";
        }
    }
    return event_stream ? std::string() : "the answer is not text/event-stream";
}

// One page's event stream.
struct listener {
    explicit listener(const asio::any_io_executor& ex) : socket(ex) {}
    enum class state : unsigned char { connecting, open, closed };
    tcp::socket socket;
    state status = state::connecting;
    std::size_t got_round = 0; // the last round whose entry this stream has had
};

// One round: one entry posted, and its event's arrival on every stream.
struct round_record {
    steady::time_point posted{};   // just before the POST was written: latencies count from here
    double answer_ms = -1;         // the POST written to its answer
    unsigned status = 0;           // the answer's HTTP status; 0 when there was none
    bool accepted = false;         // the entry was stored (303 back to the coverage page)
    std::size_t expected = 0;      // streams open when the round began
    std::size_t gone = 0;          // of those, closed during the round without the event
    std::vector<double> latencies; // ms, one per stream that had the event within the round
    std::size_t missing = 0;       // expected, less those that had it
};

class load_run {
public:
    load_run(const asio::any_io_executor& ex, options opt)
        : executor_(ex), opt_(std::move(opt)), server_(asio::ip::address_v4::loopback(), opt_.port),
          live_path_("/admin/articles/" + std::to_string(opt_.article) + "/live"), wake_(ex) {}

    // The whole run; the process's exit status.
    asio::awaitable<int> run();

private:
    asio::awaitable<void> open_streams();
    asio::awaitable<void> wait_for_handshakes(std::size_t below);
    asio::awaitable<void> stream_session(std::size_t i);
    void settled(listener& l, bool ok, const std::string& why);
    void take_frames(listener& l, std::string& buffer);
    void on_frame(listener& l, std::string_view frame);
    void on_update(listener& l, std::string_view data);
    void stream_closed(listener& l, const std::string& why);
    asio::awaitable<bool> run_rounds();
    asio::awaitable<bool> post_entry(round_record& rec, std::size_t n, std::string& why);
    static bool round_done(const round_record& rec);
    void report_round(std::size_t n) const;
    int report_rounds() const;
    void close_all();

    asio::any_io_executor executor_;
    options opt_;
    tcp::endpoint server_;
    std::string live_path_; // the newsroom's live coverage page of the article
    wakeup wake_;
    bool closing_ = false; // close_all() was called: streams ending now are not the server's doing

    // Streams.
    std::vector<std::unique_ptr<listener>> listeners_;
    std::size_t connecting_ = 0, opened_ = 0, failures_ = 0, dropped_ = 0;
    bool abandoned_ = false; // stalled connection attempts were given up
    std::string first_failure_, first_drop_;
    steady::time_point last_open_{};
    double open_seconds_ = 0; // from the first connection attempt to the last stream's headers
    std::optional<long> rss_before_, rss_after_;
    std::optional<double> kb_per_connection_;

    // Rounds.
    std::vector<round_record> rounds_;
    std::size_t current_round_ = 0; // 1-based; 0 before the first
    bool round_open_ = false;       // deliveries count for the current round
    std::size_t posted_ = 0;        // entries the server accepted (303)
    std::size_t late_ = 0;          // deliveries after their round had ended
};

asio::awaitable<int> load_run::run() {
    std::printf(
        "live_load: %zu event streams to 127.0.0.1:%u from %zu loopback addresses (%zu each); %zu round(s), "
        "each one entry in article %zu's live coverage\n",
        opt_.connections, static_cast<unsigned>(opt_.port),
        source_addresses(opt_.connections, opt_.addresses_per_ip), opt_.addresses_per_ip, opt_.events,
        opt_.article);
    std::fflush(stdout);

    // a) The streams, and what they cost the server.
    rss_before_ = pid_rss_kb(opt_.pid);
    const auto open_start = steady::now();
    co_await open_streams();
    if (opened_ == 0) {
        std::fprintf(stderr, "live_load: error: no stream opened (%s)\n", first_failure_.c_str());
        close_all();
        co_return 1;
    }
    open_seconds_ = ms_between(open_start, last_open_) / 1000;
    asio::steady_timer settle(executor_, std::chrono::seconds(1)); // let the server's allocator settle
    co_await settle.async_wait(asio::use_awaitable);
    rss_after_ = pid_rss_kb(opt_.pid);
    kb_per_connection_ = print_open("live_load", opened_, opt_.connections, open_seconds_, failures_,
                                    first_failure_, rss_before_, rss_after_);

    // b) Rounds: an entry posted, its event timed to every stream.
    const bool started = co_await run_rounds();
    if (!started) {
        close_all();
        co_return 1;
    }
    const int status = report_rounds();

    // c) Done: closing the sockets ends every coroutine, and io_context::run returns.
    close_all();
    co_return status;
}

// ---- streams ----------------------------------------------------------------------------------------------

asio::awaitable<void> load_run::open_streams() {
    listeners_.reserve(opt_.connections);
    for (std::size_t i = 0; i < opt_.connections; ++i) {
        co_await wait_for_handshakes(max_handshakes);
        listeners_.push_back(std::make_unique<listener>(executor_));
        ++connecting_;
        asio::co_spawn(executor_, stream_session(i), rethrow_errors{});
    }
    co_await wait_for_handshakes(1); // all of them
}

// Waits until fewer than `below` streams are being opened. Attempts that make no progress for the stall
// limit are given up: their sockets are closed, so that they fail.
asio::awaitable<void> load_run::wait_for_handshakes(std::size_t below) {
    while (connecting_ >= below) {
        const bool moved = co_await wake_.wait(stall_limit);
        if (!moved) {
            abandoned_ = true;
            for (auto& s : listeners_) {
                if (s->status == listener::state::connecting) {
                    boost::system::error_code ignored;
                    s->socket.close(ignored);
                }
            }
        }
    }
}

// One stream: connects from its own source address, sends the request, checks the answer's head, then reads
// events until the socket closes.
asio::awaitable<void> load_run::stream_session(std::size_t i) {
    listener& l = *listeners_[i];
    if (const auto ec = open_bound(l.socket, source_address(i, opt_.addresses_per_ip)); ec) {
        settled(l, false, "bind: " + ec.message());
        co_return;
    }
    auto [connect_ec] = co_await l.socket.async_connect(server_, asio::as_tuple(asio::use_awaitable));
    if (connect_ec) {
        settled(l, false, "connect: " + connect_ec.message());
        co_return;
    }
    auto [write_ec, written] =
        co_await asio::async_write(l.socket, asio::buffer(live_request), asio::as_tuple(asio::use_awaitable));
    if (write_ec) {
        settled(l, false, "request: " + write_ec.message());
        co_return;
    }
    std::string buffer;
    auto [head_ec, head_size] =
        co_await asio::async_read_until(l.socket, asio::dynamic_buffer(buffer, max_head_bytes), "\r\n\r\n",
                                        asio::as_tuple(asio::use_awaitable));
    if (head_ec) {
        settled(l, false, "no answer: " + head_ec.message());
        co_return;
    }
    if (auto wrong = head_problem(std::string_view(buffer).substr(0, head_size)); !wrong.empty()) {
        settled(l, false, wrong);
        co_return;
    }
    buffer.erase(0, head_size); // what follows is events ("retry: 5000" first)
    settled(l, true, "");
    take_frames(l, buffer);

    std::string why;
    for (;;) {
        if (buffer.size() > max_frame_bytes) {
            why = "an event of more than 1 MB";
            break;
        }
        const std::size_t had = buffer.size();
        buffer.resize(had + read_chunk);
        auto [read_ec, n] = co_await l.socket.async_read_some(asio::buffer(buffer.data() + had, read_chunk),
                                                              asio::as_tuple(asio::use_awaitable));
        buffer.resize(had + n);
        if (read_ec) {
            why =
                read_ec == asio::error::eof ? std::string("the server ended the stream") : read_ec.message();
            break;
        }
        take_frames(l, buffer);
    }
    stream_closed(l, why);
}

// A connection attempt has ended: the stream is open, or it failed (and its socket is closed).
void load_run::settled(listener& l, bool ok, const std::string& why) {
    --connecting_;
    if (ok) {
        l.status = listener::state::open;
        ++opened_;
        last_open_ = steady::now();
    } else {
        l.status = listener::state::closed;
        ++failures_;
        if (first_failure_.empty()) {
            first_failure_ = abandoned_ ? "no progress for 30 s (" + why + ")" : why;
        }
        boost::system::error_code ignored;
        l.socket.close(ignored);
    }
    wake_.notify();
}

// An open stream has ended: the server closed it, or close_all() did.
void load_run::stream_closed(listener& l, const std::string& why) {
    l.status = listener::state::closed;
    if (closing_) {
        return;
    }
    ++dropped_;
    if (first_drop_.empty()) {
        first_drop_ = why;
    }
    if (round_open_ && l.got_round < current_round_) {
        auto& rec = rounds_[current_round_ - 1];
        ++rec.gone;
        if (round_done(rec)) {
            wake_.notify();
        }
    }
}

// Takes the complete frames (each ends with an empty line) off the front of the buffer, and handles each.
void load_run::take_frames(listener& l, std::string& buffer) {
    std::size_t start = 0;
    for (;;) {
        const auto end = buffer.find("\n\n", start);
        if (end == std::string::npos) {
            break;
        }
        on_frame(l, std::string_view(buffer).substr(start, end - start));
        start = end + 2;
    }
    if (start > 0) {
        buffer.erase(0, start);
    }
}

// One frame: "event:" and "data:" lines (several data lines join with "\n"); comments (": keep-alive"),
// "id:" and "retry:" are of no interest here.
void load_run::on_frame(listener& l, std::string_view frame) {
    std::string_view event = "message";
    std::string data;
    bool has_data = false;
    while (!frame.empty()) {
        const auto eol = frame.find('\n');
        auto line = frame.substr(0, eol);
        frame = eol == std::string_view::npos ? std::string_view() : frame.substr(eol + 1);
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (line.empty() || line.front() == ':') {
            continue;
        }
        const auto colon = line.find(':');
        const auto field = line.substr(0, colon);
        auto value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
        if (value.starts_with(' ')) {
            value.remove_prefix(1);
        }
        if (field == "event") {
            event = value;
        } else if (field == "data") {
            if (has_data) {
                data.push_back('\n');
            }
            data.append(value);
            has_data = true;
        }
    }
    if (has_data && event == "update") {
        on_update(l, data);
    }
}

// An update event: when it is a bench entry's (its html holds "bench update <round>"), times its arrival.
void load_run::on_update(listener& l, std::string_view data) {
    const auto at = data.find(entry_text);
    if (at == std::string_view::npos) {
        return; // a status change, another article's coverage
    }
    const auto digits = data.substr(at + entry_text.size());
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (ec != std::errc() || n == 0 || n > rounds_.size() || n <= l.got_round) {
        return; // not one of this run's entries, or a repeat
    }
    l.got_round = n;
    if (n != current_round_ || !round_open_) {
        ++late_;
        return;
    }
    auto& rec = rounds_[n - 1];
    rec.latencies.push_back(ms_between(rec.posted, steady::now()));
    if (round_done(rec)) {
        wake_.notify();
    }
}

// ---- rounds -----------------------------------------------------------------------------------------------

// Every round: posts an entry, then waits until every stream open at the start has its event, or for the
// round's limit. False when the first entry was refused (nothing measured: the run could not start).
asio::awaitable<bool> load_run::run_rounds() {
    rounds_.assign(opt_.events, round_record{});
    asio::steady_timer gap(executor_);
    for (std::size_t n = 1; n <= opt_.events; ++n) {
        if (n > 1) {
            gap.expires_after(round_gap);
            co_await gap.async_wait(asio::use_awaitable);
        }
        auto& rec = rounds_[n - 1];
        rec.expected = static_cast<std::size_t>(
            std::count_if(listeners_.begin(), listeners_.end(), [](const std::unique_ptr<listener>& s) {
                return s->status == listener::state::open;
            }));
        current_round_ = n;
        round_open_ = true;
        std::string why;
        rec.accepted = co_await post_entry(rec, n, why);
        if (!rec.accepted) {
            round_open_ = false;
            std::fprintf(stderr, "live_load: error: round %zu: POST %s/entries: %s\n", n, live_path_.c_str(),
                         why.c_str());
            if (posted_ == 0) {
                co_return false;
            }
            break; // the rounds after it would fare no better
        }
        ++posted_;
        const auto deadline = rec.posted + round_limit;
        while (!round_done(rec)) {
            const auto now = steady::now();
            if (now >= deadline) {
                break;
            }
            co_await wake_.wait(deadline - now);
        }
        round_open_ = false;
        rec.missing = rec.expected - std::min(rec.expected, rec.latencies.size());
        report_round(n);
    }
    co_return true;
}

// Posts round n's entry ("bench update <n>") as the editor, over a connection of its own, as the newsroom's
// form would; records when the request was written. True when the server accepted it (303 back to the
// article's live coverage page); otherwise why says what happened.
asio::awaitable<bool> load_run::post_entry(round_record& rec, std::size_t n, std::string& why) {
    beast::tcp_stream stream(executor_);
    stream.expires_after(round_limit);
    auto [connect_ec] = co_await stream.async_connect(server_, asio::as_tuple(asio::use_awaitable));
    if (connect_ec) {
        why = "cannot connect: " + connect_ec.message();
        co_return false;
    }
    http::request<http::string_body> req(http::verb::post, live_path_ + "/entries", 11);
    req.set(http::field::host, server_host);
    req.set(http::field::cookie, opt_.cookie);
    req.set(http::field::content_type, "application/x-www-form-urlencoded");
    req.set(http::field::connection, "close");
    req.body() = "_csrf=" + form_escape(opt_.csrf) + "&body=bench+update+" + std::to_string(n);
    req.prepare_payload();
    rec.posted = steady::now();
    auto [write_ec, written] = co_await http::async_write(stream, req, asio::as_tuple(asio::use_awaitable));
    if (write_ec) {
        why = "sending it: " + write_ec.message();
        co_return false;
    }
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    auto [read_ec, got] = co_await http::async_read(stream, buffer, res, asio::as_tuple(asio::use_awaitable));
    rec.answer_ms = ms_between(rec.posted, steady::now());
    if (read_ec) {
        why = "no answer: " + read_ec.message();
        co_return false;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    rec.status = res.result_int();
    const auto location_field = res[http::field::location];
    const std::string location(location_field.data(), location_field.size());
    if (rec.status == 303 && location.find(live_path_) != std::string::npos) {
        co_return true;
    }
    why = "HTTP " + std::to_string(rec.status);
    switch (rec.status) {
    case 303:
        why += " to " + location + " (expected " + live_path_ + ")";
        break;
    case 401:
        why += " (signed out: is the cookie a signed-in session's?)";
        break;
    case 403:
        why += " (a wrong CSRF token, or a role that may not cover this article)";
        break;
    case 404:
        why += " (no such article)";
        break;
    case 422:
        why +=
            " (refused: is the article's live coverage started? POST " + live_path_ + " with action=start)";
        break;
    default:
        break;
    }
    co_return false;
}

// Every stream that was open at the round's start has the event, or has closed without it.
bool load_run::round_done(const round_record& rec) {
    return rec.latencies.size() + rec.gone >= rec.expected;
}

void load_run::report_round(std::size_t n) const {
    const auto& rec = rounds_[n - 1];
    std::vector<double> sorted = rec.latencies;
    std::sort(sorted.begin(), sorted.end());
    std::printf("round %zu: %zu of %zu streams had the entry: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
                "(the POST answered in %.2f ms)",
                n, sorted.size(), rec.expected, quantile(sorted, 0.5), quantile(sorted, 0.99),
                quantile(sorted, 1.0), rec.answer_ms);
    if (rec.missing > 0) {
        std::printf("; %zu missing", rec.missing);
        if (rec.gone > 0) {
            std::printf(" (%zu streams closed)", rec.gone);
        }
    }
    std::printf("\n");
    std::fflush(stdout);
}

// Prints the overall figures and the RESULT line; returns the exit status (0: every entry reached every
// stream, none failed).
int load_run::report_rounds() const {
    std::vector<double> all;
    std::size_t missing = 0, on_time = 0;
    for (const auto& rec : rounds_) {
        if (!rec.accepted) {
            continue; // not posted
        }
        all.insert(all.end(), rec.latencies.begin(), rec.latencies.end());
        missing += rec.missing;
        const bool slow =
            std::any_of(rec.latencies.begin(), rec.latencies.end(), [](double ms) { return ms > aim_ms; });
        if (rec.missing == 0 && !slow) {
            ++on_time;
        }
    }
    std::sort(all.begin(), all.end());
    std::printf(
        "events: %zu of %zu posted; %zu deliveries, %zu missing: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
        "(from writing the POST to each stream's receipt)\n",
        posted_, opt_.events, all.size(), missing, quantile(all, 0.5), quantile(all, 0.99),
        quantile(all, 1.0));
    std::printf("every open stream notified within %.0f ms: %zu of %zu events\n", aim_ms, on_time, posted_);
    if (late_ > 0) {
        std::printf("deliveries after their round had ended (%lld s): %zu\n",
                    static_cast<long long>(round_limit.count()), late_);
    }
    if (dropped_ > 0) {
        std::printf("streams closed by the server during the run: %zu (first: %s)\n", dropped_,
                    first_drop_.c_str());
    }

    const std::string none = "-";
    const std::string before_text = rss_before_ ? std::to_string(*rss_before_) : none;
    const std::string after_text = rss_after_ ? std::to_string(*rss_after_) : none;
    std::printf(
        "RESULT connections=%zu open_seconds=%s rss_kb_per_connection=%s events=%zu deliveries=%zu "
        "missing=%zu p50_ms=%s p99_ms=%s max_ms=%s failures=%zu dropped=%zu late=%zu on_time_events=%zu "
        "rss_kb_before=%s rss_kb_after=%s\n",
        opened_, decimal(open_seconds_, 2).c_str(), decimal(kb_per_connection_, 1).c_str(), posted_,
        all.size(), missing, decimal(quantile_of(all, 0.5), 2).c_str(),
        decimal(quantile_of(all, 0.99), 2).c_str(), decimal(quantile_of(all, 1.0), 2).c_str(), failures_,
        dropped_, late_, on_time, before_text.c_str(), after_text.c_str());
    std::fflush(stdout);

    const bool clean = failures_ == 0 && dropped_ == 0 && missing == 0 && posted_ == opt_.events;
    return clean ? 0 : 3;
}

// Closes every stream: their reads end with an error and their coroutines return.
void load_run::close_all() {
    closing_ = true;
    boost::system::error_code ignored;
    for (auto& s : listeners_) {
        s->socket.close(ignored);
    }
}

} // namespace

int main(int argc, char** argv) {
    if (wants_help(argc, argv)) {
        std::fputs(usage_text.data(), stdout);
        return 0;
    }
    std::string error;
    const auto opt = parse_options(argc, argv, error);
    if (!opt) {
        std::fprintf(stderr, "live_load: %s\n%s", error.c_str(), usage_text.data());
        return 1;
    }
    if (!raise_open_files("live_load", opt->connections)) {
        return 1;
    }
    asio::io_context ctx(1);
    load_run load(ctx.get_executor(), *opt);
    return run_to_end("live_load", ctx, load.run());
}
