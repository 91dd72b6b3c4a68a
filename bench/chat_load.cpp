// Load generator for the live chat: opens thousands of readers' sockets (/chat/ws) on a running Gazette,
// measures what they cost the server in memory, then sends messages through them and measures how fast
// they are stored and acknowledged, and how soon a newsroom agent (/admin/chat/ws) sees them.
//
// One process, one thread, Asio coroutines. bench/chat.sh sets up a server and an agent and runs it:
//
//   chat_load --port P [--connections N] [--messages K] [--window W] [--cookie "gz_session=..."]
//             [--pid PID] [--addresses-per-ip A]
//
// The last line of the output is "RESULT key=value ..." for scripts. Exit status: 0 for a clean run, 1 when
// the run could not start (bad arguments, open-files limit, no server, the agent refused), 3 when it ran
// but something failed (a connection, a message, a delivery).
#include "load_common.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <algorithm>
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
namespace bws = boost::beast::websocket;
namespace json = boost::json;
using ws_stream = bws::stream<tcp::socket>;

// The reader's page, as the widget would name it (URL-encoded http://127.0.0.1/bench/).
constexpr std::string_view reader_target = "/chat/ws?page=http%3A%2F%2F127.0.0.1%2Fbench%2F";
constexpr std::string_view agent_target = "/admin/chat/ws";
constexpr std::string_view agent_origin = "http://127.0.0.1"; // the agent socket wants the site's own Origin
constexpr std::string_view bench_prefix = "bench ";           // every message's text: "bench <seq>"

// The server's limits per client address (docs/chat-protocol.md): 20 new conversations an hour, 60
// messages a minute. Readers share an address A at a time and send K messages each: A <= 20, A * K <= 60.
constexpr std::size_t max_addresses_per_ip = 20;
constexpr std::size_t max_messages = 3;

struct options {
    std::uint16_t port = 0;
    std::size_t connections = 10000;
    std::size_t messages = 1; // per reader
    std::size_t window = 64;  // messages waiting for their ack, across all readers
    std::string cookie;       // the agent's "gz_session=..."; empty: no agent
    long pid = 0;             // the server's, for its memory; 0: not measured
    std::size_t addresses_per_ip = 16;
};

constexpr std::string_view usage_text =
    "usage: chat_load --port P [--connections N] [--messages K] [--window W]\n"
    "                 [--cookie \"gz_session=...\"] [--pid PID] [--addresses-per-ip A]\n"
    "  --port P              Gazette on 127.0.0.1:P (required)\n"
    "  --connections N       readers' sockets to /chat/ws (default 10000)\n"
    "  --messages K          messages each reader sends, 0 to 3 (default 1)\n"
    "  --window W            messages waiting for their ack at once, across all readers (default 64)\n"
    "  --cookie C            a newsroom session cookie: an agent connects to /admin/chat/ws first and\n"
    "                        the delivery of every message to it is timed\n"
    "  --pid PID             the server's process id: its memory (VmRSS) before and after is reported\n"
    "  --addresses-per-ip A  readers per loopback source address 127.0.X.Y, 1 to 20 (default 16)\n";

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
        } else if (name == "--messages") {
            if ((n = number(0, max_messages))) {
                o.messages = *n;
            }
        } else if (name == "--window") {
            if ((n = number(1, 1000000))) {
                o.window = *n;
            }
        } else if (name == "--cookie") {
            o.cookie = std::string(value);
            n = 0;
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
    if (!check_source_addresses(o.connections, o.addresses_per_ip, error)) {
        return std::nullopt;
    }
    return o;
}

// A frame as a JSON object; nullopt when it is not one.
std::optional<json::object> parse_object(std::string_view text) {
    boost::system::error_code ec;
    json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
    if (ec || !v.is_object()) {
        return std::nullopt;
    }
    return std::move(v.as_object());
}

// A string member of a frame; empty when it is missing or not a string.
std::string_view member(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(json::string_view(key.data(), key.size()));
    return v && v->is_string() ? std::string_view(v->as_string()) : std::string_view();
}

// The sequence number in a client_id "b-<seq>"; nullopt for other ids.
std::optional<std::size_t> seq_of_client_id(std::string_view id) {
    if (!id.starts_with("b-")) {
        return std::nullopt;
    }
    return to_number(id.substr(2), 0, SIZE_MAX);
}

std::string message_frame(std::size_t seq) {
    const std::string n = std::to_string(seq);
    return R"({"type":"message","client_id":"b-)" + n + R"(","text":"bench )" + n + R"("})";
}

// The text of the frame in a buffer (flat_buffer: one contiguous block).
std::string_view text_of(const beast::flat_buffer& b) {
    return {static_cast<const char*>(b.data().data()), b.data().size()};
}

// The agent's handshake carries its session cookie and the site's own Origin, as the browser's would.
void set_agent_headers(ws_stream& ws, const std::string& cookie) {
    ws.set_option(bws::stream_base::decorator([cookie](bws::request_type& req) {
        req.set(beast::http::field::cookie, cookie);
        req.set(beast::http::field::origin, agent_origin);
    }));
}

// One reader's connection.
struct reader {
    explicit reader(const asio::any_io_executor& ex) : ws(ex) {}
    enum class state : unsigned char { connecting, open, closed };
    ws_stream ws;
    state status = state::connecting;
};

// What became of one message, by its sequence number.
enum class outcome : unsigned char { unsent, pending, acked, refused };
struct message_record {
    steady::time_point sent{};
    double ack_ms = -1;     // send to ack
    double deliver_ms = -1; // send to the agent's copy
    outcome result = outcome::unsent;
};

class load_run {
public:
    load_run(const asio::any_io_executor& ex, options opt)
        : executor_(ex), opt_(std::move(opt)), server_(asio::ip::address_v4::loopback(), opt_.port),
          wake_(ex) {}

    // The whole run; the process's exit status.
    asio::awaitable<int> run();

private:
    asio::awaitable<bool> connect_agent();
    asio::awaitable<void> agent_session();
    asio::awaitable<void> open_readers();
    asio::awaitable<void> wait_for_handshakes(std::size_t below);
    asio::awaitable<void> reader_session(std::size_t i);
    asio::awaitable<void> send_messages();
    void settled(reader& r, bool ok, const std::string& why);
    void on_reader_frame(std::string_view text);
    void on_agent_frame(std::string_view text);
    bool all_answered() const;
    void report_open();
    int report_messages() const;
    void close_all();

    asio::any_io_executor executor_;
    options opt_;
    tcp::endpoint server_;
    wakeup wake_;
    bool closing_ = false; // close_all() was called: connections ending now are not the server's doing

    // The agent (with --cookie).
    std::unique_ptr<ws_stream> agent_;
    bool agent_open_ = false;
    bool agent_dropped_ = false;

    // Readers.
    std::vector<std::unique_ptr<reader>> readers_;
    std::size_t connecting_ = 0, opened_ = 0, failures_ = 0, dropped_ = 0;
    bool abandoned_ = false; // stalled handshakes were given up
    std::string first_failure_;
    steady::time_point last_open_{};
    double open_seconds_ = 0; // from the first connection attempt to the last hello
    std::optional<long> rss_before_, rss_after_;
    std::optional<double> kb_per_connection_;

    // Messages.
    std::vector<message_record> messages_;
    std::size_t in_flight_ = 0, sent_ = 0, acked_ = 0, refused_ = 0, delivered_ = 0, errors_ = 0;
    std::string first_error_;
    steady::time_point first_send_{}, last_ack_{};
    bool stalled_ = false;
};

asio::awaitable<int> load_run::run() {
    const std::size_t addresses = source_addresses(opt_.connections, opt_.addresses_per_ip);
    std::printf(
        "chat_load: %zu readers to 127.0.0.1:%u from %zu loopback addresses (%zu each); %zu message(s) "
        "each, at most %zu awaiting their ack; %s\n",
        opt_.connections, static_cast<unsigned>(opt_.port), addresses, opt_.addresses_per_ip, opt_.messages,
        opt_.window, opt_.cookie.empty() ? "no agent" : "an agent connected");
    std::fflush(stdout);

    // a) The agent first, so that a person is online (no bot answers) and every message is delivered to it.
    if (!opt_.cookie.empty()) {
        const bool ok = co_await connect_agent();
        if (!ok) {
            close_all();
            co_return 1;
        }
    }

    // b) Readers' connections, and what they cost the server.
    rss_before_ = pid_rss_kb(opt_.pid);
    const auto open_start = steady::now();
    co_await open_readers();
    if (opened_ == 0) {
        std::fprintf(stderr, "chat_load: error: no connection opened (%s)\n", first_failure_.c_str());
        close_all();
        co_return 1;
    }
    open_seconds_ = ms_between(open_start, last_open_) / 1000;
    asio::steady_timer settle(executor_, std::chrono::seconds(1)); // let the server's allocator settle
    co_await settle.async_wait(asio::use_awaitable);
    rss_after_ = pid_rss_kb(opt_.pid);
    report_open();

    // c) Messages: K per reader, at most W waiting for their ack.
    co_await send_messages();
    const int status = report_messages();

    // d) Done: closing the sockets ends every coroutine, and io_context::run returns.
    close_all();
    co_return status;
}

// Prints how long opening the readers' connections took, and what they cost the server in memory.
void load_run::report_open() {
    kb_per_connection_ = print_open("chat_load", opened_, opt_.connections, open_seconds_, failures_,
                                    first_failure_, rss_before_, rss_after_);
}

// Prints the messages' figures and the RESULT line; returns the exit status (0: everything went through).
int load_run::report_messages() const {
    std::vector<double> acks, deliveries;
    std::size_t undelivered = 0;
    for (const auto& m : messages_) {
        if (m.result == outcome::acked) {
            acks.push_back(m.ack_ms);
            if (m.deliver_ms < 0) {
                ++undelivered;
            }
        }
        if (m.deliver_ms >= 0) {
            deliveries.push_back(m.deliver_ms);
        }
    }
    std::sort(acks.begin(), acks.end());
    std::sort(deliveries.begin(), deliveries.end());
    const std::size_t unanswered = sent_ - acked_ - refused_;
    const std::size_t unsent = messages_.size() - sent_;
    const double elapsed = acked_ > 0 ? ms_between(first_send_, last_ack_) / 1000 : 0;
    const double rate = elapsed > 0 ? static_cast<double>(acked_) / elapsed : 0;
    const bool agent = !opt_.cookie.empty();

    if (messages_.empty()) {
        std::printf("messages: none sent\n");
    } else {
        std::printf(
            "messages: %zu sent, %zu acked in %.2f s: %.0f acked/s (each stored on disk before its ack)",
            sent_, acked_, elapsed, rate);
        if (refused_ > 0 || unanswered > 0 || unsent > 0) {
            std::printf("; %zu refused, %zu never answered, %zu not sent", refused_, unanswered, unsent);
        }
        std::printf("\n");
        if (errors_ > 0) {
            std::printf("error frames: %zu (first: %s)\n", errors_, first_error_.c_str());
        }
        std::printf("ack latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", quantile(acks, 0.5),
                    quantile(acks, 0.99), quantile(acks, 1.0));
        if (agent) {
            std::printf("delivery to the agent: p50 %.2f ms, p99 %.2f ms, max %.2f ms; %zu not delivered%s\n",
                        quantile(deliveries, 0.5), quantile(deliveries, 0.99), quantile(deliveries, 1.0),
                        undelivered, agent_dropped_ ? " (the server closed the agent's connection)" : "");
        }
        if (stalled_) {
            std::printf("stopped waiting: nothing arrived for %lld s\n",
                        static_cast<long long>(stall_limit.count()));
        }
    }
    if (dropped_ > 0) {
        std::printf("readers' connections closed by the server during the run: %zu\n", dropped_);
    }

    const std::string none = "-";
    const std::string undelivered_text = agent ? std::to_string(undelivered) : none;
    const std::string before_text = rss_before_ ? std::to_string(*rss_before_) : none;
    const std::string after_text = rss_after_ ? std::to_string(*rss_after_) : none;
    const std::string ack_p50 = decimal(quantile_of(acks, 0.5), 2);
    const std::string ack_p99 = decimal(quantile_of(acks, 0.99), 2);
    const std::string ack_max = decimal(quantile_of(acks, 1.0), 2);
    const std::string deliver_p50 = agent ? decimal(quantile_of(deliveries, 0.5), 2) : none;
    const std::string deliver_p99 = agent ? decimal(quantile_of(deliveries, 0.99), 2) : none;
    const std::string deliver_max = agent ? decimal(quantile_of(deliveries, 1.0), 2) : none;
    std::printf(
        "RESULT connections=%zu open_seconds=%s rss_kb_per_connection=%s messages=%zu msgs_per_s=%s "
        "ack_p50_ms=%s ack_p99_ms=%s deliver_p50_ms=%s deliver_p99_ms=%s deliver_max_ms=%s undelivered=%s "
        "failures=%zu refused=%zu unanswered=%zu dropped=%zu ack_max_ms=%s rss_kb_before=%s "
        "rss_kb_after=%s\n",
        opened_, decimal(open_seconds_, 2).c_str(), decimal(kb_per_connection_, 1).c_str(), acked_,
        decimal(rate, 0).c_str(), ack_p50.c_str(), ack_p99.c_str(), deliver_p50.c_str(), deliver_p99.c_str(),
        deliver_max.c_str(), undelivered_text.c_str(), failures_, refused_, unanswered, dropped_,
        ack_max.c_str(), before_text.c_str(), after_text.c_str());
    std::fflush(stdout);

    const bool clean = failures_ == 0 && dropped_ == 0 && refused_ == 0 && unanswered == 0 && unsent == 0 &&
                       !stalled_ && (!agent || (undelivered == 0 && !agent_dropped_));
    return clean ? 0 : 3;
}

// ---- the agent ------------------------------------------------------------------------------------------

asio::awaitable<bool> load_run::connect_agent() {
    agent_ = std::make_unique<ws_stream>(executor_);
    agent_->set_option(bws::stream_base::timeout::suggested(beast::role_type::client));
    set_agent_headers(*agent_, opt_.cookie);
    auto [connect_ec] =
        co_await agent_->next_layer().async_connect(server_, asio::as_tuple(asio::use_awaitable));
    if (connect_ec) {
        std::fprintf(stderr, "chat_load: error: cannot connect to 127.0.0.1:%u: %s\n",
                     static_cast<unsigned>(opt_.port), connect_ec.message().c_str());
        co_return false;
    }
    bws::response_type res;
    auto [handshake_ec] =
        co_await agent_->async_handshake(res, server_host, agent_target, asio::as_tuple(asio::use_awaitable));
    if (handshake_ec) {
        std::fprintf(stderr,
                     "chat_load: error: the agent's socket was refused (HTTP %u: %s); is the cookie a "
                     "signed-in agent's session?\n",
                     res.result_int(), handshake_ec.message().c_str());
        co_return false;
    }
    agent_->text(true);
    beast::flat_buffer buffer;
    auto [read_ec, n] = co_await agent_->async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (read_ec) {
        std::fprintf(stderr, "chat_load: error: no hello on the agent's socket: %s\n",
                     read_ec.message().c_str());
        co_return false;
    }
    const auto hello = parse_object(text_of(buffer));
    if (!hello || member(*hello, "type") != "hello") {
        std::fprintf(stderr, "chat_load: error: the agent's first frame is not a hello: %.200s\n",
                     std::string(text_of(buffer)).c_str());
        co_return false;
    }
    std::string name = "?";
    if (const auto* a = hello->if_contains("agent"); a && a->is_object()) {
        name = std::string(member(a->as_object(), "name"));
    }
    std::size_t open_conversations = 0;
    if (const auto* c = hello->if_contains("conversations"); c && c->is_array()) {
        open_conversations = c->as_array().size();
    }
    std::printf("agent: connected as %s, %zu open conversation(s) in the inbox\n", name.c_str(),
                open_conversations);
    agent_open_ = true;
    asio::co_spawn(executor_, agent_session(), rethrow_errors{});
    co_return true;
}

// Reads the agent's frames until the socket closes, timing the delivery of every reader's message.
asio::awaitable<void> load_run::agent_session() {
    beast::flat_buffer buffer;
    for (;;) {
        auto [ec, n] = co_await agent_->async_read(buffer, asio::as_tuple(asio::use_awaitable));
        if (ec) {
            break;
        }
        on_agent_frame(text_of(buffer));
        buffer.consume(buffer.size());
    }
    agent_open_ = false;
    if (!closing_) {
        agent_dropped_ = true;
        std::fprintf(stderr, "chat_load: the server closed the agent's connection\n");
    }
    wake_.notify();
}

void load_run::on_agent_frame(std::string_view text) {
    if (text.find(bench_prefix) == std::string_view::npos) {
        return; // not about a benchmark message: skip the parse (the hello, presence)
    }
    const auto frame = parse_object(text);
    if (!frame || member(*frame, "type") != "message" || member(*frame, "from") != "visitor") {
        return; // conversation summaries quote the last message too
    }
    const auto body = member(*frame, "text");
    if (!body.starts_with(bench_prefix)) {
        return;
    }
    const auto seq = to_number(body.substr(bench_prefix.size()), 0, SIZE_MAX);
    if (!seq || *seq >= messages_.size()) {
        return;
    }
    auto& m = messages_[*seq];
    if (m.result == outcome::unsent || m.deliver_ms >= 0) {
        return;
    }
    m.deliver_ms = ms_between(m.sent, steady::now());
    ++delivered_;
    wake_.notify();
}

// ---- readers --------------------------------------------------------------------------------------------

asio::awaitable<void> load_run::open_readers() {
    readers_.reserve(opt_.connections);
    for (std::size_t i = 0; i < opt_.connections; ++i) {
        co_await wait_for_handshakes(max_handshakes);
        readers_.push_back(std::make_unique<reader>(executor_));
        ++connecting_;
        asio::co_spawn(executor_, reader_session(i), rethrow_errors{});
    }
    co_await wait_for_handshakes(1); // all of them
}

// Waits until fewer than `below` connections are being opened. Attempts that make no progress for the stall
// limit are given up: their sockets are closed, so that they fail.
asio::awaitable<void> load_run::wait_for_handshakes(std::size_t below) {
    while (connecting_ >= below) {
        const bool moved = co_await wake_.wait(stall_limit);
        if (!moved) {
            abandoned_ = true;
            for (auto& r : readers_) {
                if (r->status == reader::state::connecting) {
                    boost::system::error_code ignored;
                    r->ws.next_layer().close(ignored);
                }
            }
        }
    }
}

// One reader: connects from its own source address, reads the hello, then reads frames until the socket
// closes (acks, and the echo of its own messages).
asio::awaitable<void> load_run::reader_session(std::size_t i) {
    reader& r = *readers_[i];
    auto& socket = r.ws.next_layer();
    if (const auto ec = open_bound(socket, source_address(i, opt_.addresses_per_ip)); ec) {
        settled(r, false, "bind: " + ec.message());
        co_return;
    }
    auto [connect_ec] = co_await socket.async_connect(server_, asio::as_tuple(asio::use_awaitable));
    if (connect_ec) {
        settled(r, false, "connect: " + connect_ec.message());
        co_return;
    }
    r.ws.set_option(bws::stream_base::timeout::suggested(beast::role_type::client));
    auto [handshake_ec] =
        co_await r.ws.async_handshake(server_host, reader_target, asio::as_tuple(asio::use_awaitable));
    if (handshake_ec) {
        settled(r, false, "handshake: " + handshake_ec.message());
        co_return;
    }
    r.ws.text(true);
    beast::flat_buffer buffer;
    auto [hello_ec, hello_n] = co_await r.ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
    if (hello_ec) {
        settled(r, false, "no hello: " + hello_ec.message());
        co_return;
    }
    if (const auto hello = parse_object(text_of(buffer)); !hello || member(*hello, "type") != "hello") {
        // The server says why in an error frame (too_many_conversations, unavailable), then closes.
        settled(r, false, "server: " + std::string(text_of(buffer).substr(0, 200)));
        co_return;
    }
    buffer.consume(buffer.size());
    settled(r, true, "");

    for (;;) {
        auto [read_ec, n] = co_await r.ws.async_read(buffer, asio::as_tuple(asio::use_awaitable));
        if (read_ec) {
            break;
        }
        on_reader_frame(text_of(buffer));
        buffer.consume(buffer.size());
    }
    r.status = reader::state::closed;
    if (!closing_) {
        ++dropped_;
    }
    wake_.notify();
}

// A connection attempt has ended: the reader is open, or it failed (and its socket is closed).
void load_run::settled(reader& r, bool ok, const std::string& why) {
    --connecting_;
    if (ok) {
        r.status = reader::state::open;
        ++opened_;
        last_open_ = steady::now();
    } else {
        r.status = reader::state::closed;
        ++failures_;
        if (first_failure_.empty()) {
            first_failure_ = abandoned_ ? "no progress for 30 s (" + why + ")" : why;
        }
        boost::system::error_code ignored;
        r.ws.next_layer().close(ignored);
    }
    wake_.notify();
}

void load_run::on_reader_frame(std::string_view text) {
    const auto frame = parse_object(text);
    if (!frame) {
        return;
    }
    const auto type = member(*frame, "type");
    if (type != "ack" && type != "error") {
        return; // the echo of its own message, presence
    }
    const auto seq = seq_of_client_id(member(*frame, "client_id"));
    if (type == "error") {
        ++errors_;
        if (first_error_.empty()) {
            first_error_ =
                std::string(member(*frame, "code")) + ": " + std::string(member(*frame, "message"));
        }
    }
    if (!seq || *seq >= messages_.size() || messages_[*seq].result != outcome::pending) {
        return; // not ours, or answered already
    }
    auto& m = messages_[*seq];
    --in_flight_;
    if (type == "ack") {
        const auto now = steady::now();
        m.result = outcome::acked;
        m.ack_ms = ms_between(m.sent, now);
        ++acked_;
        last_ack_ = now;
    } else {
        m.result = outcome::refused; // rate_limited, unavailable ...
        ++refused_;
    }
    wake_.notify();
}

// ---- messages -------------------------------------------------------------------------------------------

// Sends every message, round-robin over the open readers (message s from reader s mod R), keeping at most
// the window waiting for acks, then waits for the last acks and deliveries. One coroutine does every write,
// so no socket ever has two writes at once.
asio::awaitable<void> load_run::send_messages() {
    std::vector<std::size_t> live;
    for (std::size_t i = 0; i < readers_.size(); ++i) {
        if (readers_[i]->status == reader::state::open) {
            live.push_back(i);
        }
    }
    messages_.assign(live.size() * opt_.messages, message_record{});
    if (messages_.empty()) {
        co_return;
    }
    first_send_ = steady::now();
    for (std::size_t seq = 0; seq < messages_.size(); ++seq) {
        while (in_flight_ >= opt_.window) {
            const bool moved = co_await wake_.wait(stall_limit);
            if (!moved) {
                stalled_ = true;
                co_return;
            }
        }
        reader& r = *readers_[live[seq % live.size()]];
        if (r.status != reader::state::open) {
            continue; // closed by the server meanwhile: counted as not sent
        }
        const std::string frame = message_frame(seq);
        auto& m = messages_[seq];
        m.sent = steady::now();
        m.result = outcome::pending;
        ++in_flight_;
        ++sent_;
        auto [write_ec, n] =
            co_await r.ws.async_write(asio::buffer(frame), asio::as_tuple(asio::use_awaitable));
        if (write_ec && m.result == outcome::pending) {
            m.result = outcome::unsent;
            --in_flight_;
            --sent_;
        }
    }
    while (!all_answered()) {
        const bool moved = co_await wake_.wait(stall_limit);
        if (!moved) {
            stalled_ = true;
            break;
        }
    }
}

// Every message sent has its ack (or a refusal), and the agent, while connected, has all the stored ones.
bool load_run::all_answered() const {
    return acked_ + refused_ >= sent_ && (!agent_open_ || delivered_ >= acked_);
}

// ---- helpers --------------------------------------------------------------------------------------------

// Closes every socket: their reads end with an error and their coroutines return. Readers first, so that
// the server does not tell all of them that the agent left.
void load_run::close_all() {
    closing_ = true;
    boost::system::error_code ignored;
    for (auto& r : readers_) {
        r->ws.next_layer().close(ignored);
    }
    if (agent_) {
        agent_->next_layer().close(ignored);
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
        std::fprintf(stderr, "chat_load: %s\n%s", error.c_str(), usage_text.data());
        return 1;
    }
    if (!raise_open_files("chat_load", opt->connections)) {
        return 1;
    }
    asio::io_context ctx(1);
    load_run load(ctx.get_executor(), *opt);
    return run_to_end("chat_load", ctx, load.run());
}
