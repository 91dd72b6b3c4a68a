// What the load generators (chat_load, live_load) share: the command line, the open-files limit, the
// loopback source addresses, the server's memory, latency figures, and running one io_context to the end.
//
// Header only, everything inline: each tool is one translation unit.
#pragma once

#include <boost/asio.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using steady = std::chrono::steady_clock;

constexpr std::string_view server_host = "127.0.0.1";
constexpr std::size_t max_handshakes = 256; // connections being opened at once (the listen backlog)
constexpr auto stall_limit = std::chrono::seconds(30); // give up on what makes no progress for this long
constexpr std::size_t spare_files = 100;               // descriptors besides the connections

// ---- the command line -------------------------------------------------------------------------------------

// A whole decimal number in [min, max]; nullopt otherwise.
inline std::optional<std::size_t> to_number(std::string_view s, std::size_t min, std::size_t max) {
    std::size_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size() || v < min || v > max) {
        return std::nullopt;
    }
    return v;
}

// True for "tool --help" and "tool -h".
inline bool wants_help(int argc, char** argv) {
    return argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h");
}

// Reads the command line as "--name value" pairs, calling on_option(name, value) for each in order. False
// when a value is missing (error says so) or when on_option returned false (it sets error).
template <class OnOption>
bool for_each_option(int argc, char** argv, std::string& error, OnOption&& on_option) {
    for (int i = 1; i < argc; i += 2) {
        const std::string_view name = argv[i];
        if (i + 1 >= argc) {
            error = "missing value after " + std::string(name);
            return false;
        }
        if (!on_option(name, std::string_view(argv[i + 1]))) {
            return false;
        }
    }
    return true;
}

// An option's value as a whole decimal number in [min, max]; nullopt (with why in error) otherwise.
inline std::optional<std::size_t> number_option(std::string_view name, std::string_view value,
                                                std::size_t min, std::size_t max, std::string& error) {
    auto parsed = to_number(value, min, max);
    if (!parsed) {
        error = std::string(name) + " wants a number from " + std::to_string(min) + " to " +
                std::to_string(max) + ", not \"" + std::string(value) + "\"";
    }
    return parsed;
}

// ---- descriptors and addresses ----------------------------------------------------------------------------

// Raises the open-files limit to the hard limit; false (with a message) when `connections` and the spare
// descriptors do not fit even so.
inline bool raise_open_files(const char* tool, std::size_t connections) {
    const std::size_t needed = connections + spare_files;
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
        std::perror((std::string(tool) + ": getrlimit").c_str());
        return false;
    }
    if (lim.rlim_cur != lim.rlim_max) {
        rlimit raised = lim;
        raised.rlim_cur = lim.rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0) {
            lim = raised;
        }
    }
    if (lim.rlim_cur != RLIM_INFINITY && needed > lim.rlim_cur) {
        std::fprintf(
            stderr,
            "%s: error: %zu connections need about %zu open files, but the limit is %llu (hard "
            "limit %llu).\nRaise the hard limit (limits.conf, LimitNOFILE=, or ulimit -Hn as root) or "
            "open fewer --connections.\n",
            tool, connections, needed, static_cast<unsigned long long>(lim.rlim_cur),
            static_cast<unsigned long long>(lim.rlim_max));
        return false;
    }
    return true;
}

// Connection i's source address: 127.0.X.Y, one per addresses_per_ip connections (127.0.1.1 ...
// 127.0.1.250, 127.0.2.1 ...), so that no address runs into a per-address limit of the server or out of
// ephemeral ports.
inline asio::ip::address_v4 source_address(std::size_t i, std::size_t addresses_per_ip) {
    const std::size_t index = i / addresses_per_ip;
    const auto x = static_cast<unsigned char>(1 + index / 250);
    const auto y = static_cast<unsigned char>(1 + index % 250);
    return asio::ip::address_v4(asio::ip::address_v4::bytes_type{127, 0, x, y});
}

// The count of source addresses that many connections use.
inline std::size_t source_addresses(std::size_t connections, std::size_t addresses_per_ip) {
    return (connections + addresses_per_ip - 1) / addresses_per_ip;
}

// False (with why in error) when the connections need more source addresses than 127.0.1-255.1-250: the
// third byte must stay a byte.
inline bool check_source_addresses(std::size_t connections, std::size_t addresses_per_ip,
                                   std::string& error) {
    if ((connections - 1) / addresses_per_ip / 250 + 1 > 255) {
        error = "too many connections for the loopback addresses; raise --addresses-per-ip";
        return false;
    }
    return true;
}

// Opens an IPv4 socket bound to the source address (any port); the error, if any.
inline boost::system::error_code open_bound(tcp::socket& socket, const asio::ip::address_v4& source) {
    boost::system::error_code ec;
    socket.open(tcp::v4(), ec);
    if (!ec) {
        socket.bind(tcp::endpoint(source, 0), ec);
    }
    return ec;
}

// ---- memory -----------------------------------------------------------------------------------------------

// VmRSS in kB from a /proc/.../status file; nullopt when it cannot be read.
inline std::optional<long> rss_kb(const std::string& status_file) {
    std::ifstream in(status_file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("VmRSS:")) {
            const char* start = line.c_str() + 6;
            char* end = nullptr;
            const long kb = std::strtol(start, &end, 10);
            if (end != start) {
                return kb;
            }
        }
    }
    return std::nullopt;
}

// A process's VmRSS in kB; nullopt for pid 0 (not measured) or when it cannot be read.
inline std::optional<long> pid_rss_kb(long pid) {
    if (pid == 0) {
        return std::nullopt;
    }
    return rss_kb("/proc/" + std::to_string(pid) + "/status");
}

// ---- figures ----------------------------------------------------------------------------------------------

inline double ms_between(steady::time_point from, steady::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// The q-quantile (0 < q <= 1) of sorted values, by the nearest-rank method; 0 when there are none.
inline double quantile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) {
        return 0;
    }
    const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

// The same, or nothing when there are no values (for the RESULT line).
inline std::optional<double> quantile_of(const std::vector<double>& sorted, double q) {
    return sorted.empty() ? std::nullopt : std::optional<double>(quantile(sorted, q));
}

// A number with a fixed count of decimals, or "-" when there is none (for the RESULT line).
inline std::string decimal(std::optional<double> v, int decimals) {
    if (!v) {
        return "-";
    }
    char out[64];
    const auto [end, ec] = std::to_chars(out, out + sizeof out, *v, std::chars_format::fixed, decimals);
    return ec == std::errc() ? std::string(out, end) : std::string("-");
}

// Prints how long opening the connections took, and what they cost the server in memory (VmRSS before and
// after) and the tool itself; returns the kB per connection when both of the server's figures are known.
inline std::optional<double> print_open(const char* tool, std::size_t opened, std::size_t attempted,
                                        double open_seconds, std::size_t failures,
                                        const std::string& first_failure, std::optional<long> rss_before,
                                        std::optional<long> rss_after) {
    std::optional<double> kb_per_connection;
    std::printf("open: %zu of %zu connections in %.2f s (%.0f/s)", opened, attempted, open_seconds,
                open_seconds > 0 ? static_cast<double>(opened) / open_seconds : 0.0);
    if (failures > 0) {
        std::printf("; %zu failed (first: %s)", failures, first_failure.c_str());
    }
    std::printf("\n");
    if (rss_before && rss_after) {
        const long grown = *rss_after - *rss_before;
        kb_per_connection = static_cast<double>(grown) / static_cast<double>(opened);
        std::printf("server memory (VmRSS): %ld kB before, %ld kB after: %+ld kB, %.1f kB per connection\n",
                    *rss_before, *rss_after, grown, *kb_per_connection);
    }
    if (const auto mine = rss_kb("/proc/self/status")) {
        std::printf("%s itself: %ld kB\n", tool, *mine);
    }
    std::fflush(stdout);
    return kb_per_connection;
}

// ---- coroutines -------------------------------------------------------------------------------------------

// Completion of a spawned coroutine: an exception (a bug in the tool) ends the run, out of io_context::run.
struct rethrow_errors {
    void operator()(const std::exception_ptr& e) const {
        if (e) {
            std::rethrow_exception(e);
        }
    }
};

// Wakes the one coroutine that waits for progress (connections opened, answers, deliveries). Everything runs
// on one thread, so the waiter checks its condition and starts waiting with nothing in between: no wake-up
// is lost, and a notify() with nobody waiting does nothing.
class wakeup {
public:
    explicit wakeup(const asio::any_io_executor& ex) : timer_(ex) {}
    void notify() { timer_.cancel(); }
    // True when notified; false when nothing happened for `limit`.
    asio::awaitable<bool> wait(steady::duration limit) {
        timer_.expires_after(limit);
        auto [ec] = co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
        co_return ec == asio::error::operation_aborted;
    }

private:
    asio::steady_timer timer_;
};

// Runs a tool's whole run (a coroutine that returns the exit status) on its one-thread io_context. An
// exception (a bug in the tool) is reported and ends the process with status 1.
inline int run_to_end(const char* tool, asio::io_context& ctx, asio::awaitable<int> whole) {
    int status = 1;
    asio::co_spawn(ctx, std::move(whole), [&status](const std::exception_ptr& e, int rc) {
        if (e) {
            std::rethrow_exception(e);
        }
        status = rc;
    });
    try {
        ctx.run();
    } catch (const std::exception& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "%s: error: %s\n", tool, e.what());
        std::_Exit(1); // coroutines are still suspended on the sockets: no orderly teardown
    }
    return status;
}

} // namespace bench
