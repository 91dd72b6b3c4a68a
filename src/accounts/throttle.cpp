// The sliding-window counters.
#include "accounts/throttle.hpp"

#include "core/text.hpp"

#include <algorithm>

namespace gazette::accounts {
namespace {

std::string account_key(std::string_view account) {
    std::string k = "a:";
    for (const char c : account) {
        k.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return k;
}

std::string address_key(std::string_view address) { return "ip:" + std::string(address); }

} // namespace

login_throttle::login_throttle(clock_fn clock) : clock_(std::move(clock)) {}

unix_time login_throttle::wait_for(const std::string& key, std::size_t limit, unix_time now) {
    const auto it = failures_.find(key);
    if (it == failures_.end()) {
        return 0;
    }
    auto& times = it->second;
    while (!times.empty() && times.front() + throttle_window_seconds <= now) {
        times.pop_front();
    }
    if (times.empty()) {
        failures_.erase(it);
        return 0;
    }
    if (times.size() < limit) {
        return 0;
    }
    // Allowed again once enough old failures have left the window.
    return times[times.size() - limit] + throttle_window_seconds - now;
}

unix_time login_throttle::retry_after(std::string_view account, std::string_view address) {
    std::lock_guard lock(mutex_);
    const unix_time now = clock_();
    return std::max(wait_for(account_key(account), max_failures_per_account, now),
                    wait_for(address_key(address), max_failures_per_address, now));
}

void login_throttle::record(std::string key, unix_time now) {
    if (failures_.size() >= throttle_max_keys && !failures_.contains(key)) {
        // Full: forget the keys whose latest failure is oldest (cheap enough at this size, and rare).
        for (auto it = failures_.begin(); it != failures_.end();) {
            it = (it->second.empty() || it->second.back() + throttle_window_seconds <= now) ? failures_.erase(it)
                                                                                           : std::next(it);
        }
        if (failures_.size() >= throttle_max_keys) {
            failures_.erase(failures_.begin());
        }
    }
    auto& times = failures_[std::move(key)];
    times.push_back(now);
    while (times.size() > max_failures_per_address) {
        times.pop_front();
    }
}

void login_throttle::failed(std::string_view account, std::string_view address) {
    std::lock_guard lock(mutex_);
    const unix_time now = clock_();
    record(account_key(account), now);
    record(address_key(address), now);
}

void login_throttle::succeeded(std::string_view account) {
    std::lock_guard lock(mutex_);
    failures_.erase(account_key(account));
}

} // namespace gazette::accounts
