// Sign-in throttling: failed attempts are counted per account and per client address, in memory, over a
// sliding window. Past the limit, further attempts are refused (429) until the window has moved on, so a
// password cannot be guessed quickly and one address cannot try many accounts. Bounded in memory.
#pragma once

#include "core/time.hpp"

#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace gazette::accounts {

inline constexpr unix_time throttle_window_seconds = 15 * 60;
inline constexpr std::size_t max_failures_per_account = 5;
inline constexpr std::size_t max_failures_per_address = 20;
inline constexpr std::size_t throttle_max_keys = 100000;

class login_throttle {
public:
    explicit login_throttle(clock_fn clock);

    // Seconds until this account and address may try again; 0 when they may now. Thread-safe.
    unix_time retry_after(std::string_view account, std::string_view address);
    void failed(std::string_view account, std::string_view address);
    // A successful sign-in clears the account's failures (not the address's).
    void succeeded(std::string_view account);

private:
    unix_time wait_for(const std::string& key, std::size_t limit, unix_time now);
    void record(std::string key, unix_time now);

    clock_fn clock_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::deque<unix_time>> failures_;
};

} // namespace gazette::accounts
