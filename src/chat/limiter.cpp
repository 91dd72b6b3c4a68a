// Sliding-window limits.
#include "chat/limiter.hpp"

namespace gazette::chat {

bool limiter::allow(const std::string& key, unix_time now) {
    std::lock_guard lock(mutex_);
    if (now - last_sweep_ > window_) { // forget keys that have gone quiet, so the map stays small
        for (auto it = events_.begin(); it != events_.end();) {
            it = !it->second.empty() && it->second.back() > now - window_ ? std::next(it) : events_.erase(it);
        }
        last_sweep_ = now;
    }
    auto& q = events_[key];
    while (!q.empty() && q.front() <= now - window_) {
        q.pop_front();
    }
    if (q.size() >= max_) {
        return false;
    }
    q.push_back(now);
    return true;
}

} // namespace gazette::chat
