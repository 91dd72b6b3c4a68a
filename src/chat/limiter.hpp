// Sliding-window counters for chat limits (messages per minute per conversation and per address).
// In memory, per process: a restart forgives, which is fine for limits of a minute.
#pragma once

#include "core/time.hpp"

#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace gazette::chat {

class limiter {
public:
    limiter(std::size_t max, unix_time window_seconds) : max_(max), window_(window_seconds) {}
    // Counts one event for key at now; false (and not counted) when key is at its limit.
    bool allow(const std::string& key, unix_time now);
    void set_max(std::size_t max) {
        std::lock_guard lock(mutex_);
        max_ = max;
    }

private:
    std::size_t max_;
    unix_time window_;
    std::mutex mutex_;
    std::map<std::string, std::deque<unix_time>> events_;
    unix_time last_sweep_ = 0;
};

} // namespace gazette::chat
