// The in-process chat bus.
#include "chat/bus.hpp"

#include <algorithm>

namespace gazette::chat {

std::shared_ptr<void> local_bus::subscribe(const std::string& channel, deliver_fn deliver) {
    auto e = std::make_shared<entry>(entry{std::move(deliver)});
    std::lock_guard lock(mutex_);
    auto& list = channels_[channel];
    std::erase_if(list, [](const std::weak_ptr<entry>& w) { return w.expired(); });
    list.push_back(e);
    return e;
}

void local_bus::publish(const std::string& channel, const std::string& frame) {
    std::vector<std::shared_ptr<entry>> live;
    {
        std::lock_guard lock(mutex_);
        const auto it = channels_.find(channel);
        if (it == channels_.end()) {
            return;
        }
        for (const auto& w : it->second) {
            if (auto e = w.lock()) {
                live.push_back(std::move(e));
            }
        }
        if (live.empty()) {
            channels_.erase(it);
        }
    }
    for (const auto& e : live) {
        e->deliver(frame);
    }
}

std::size_t local_bus::subscribers(const std::string& channel) {
    std::lock_guard lock(mutex_);
    const auto it = channels_.find(channel);
    return it == channels_.end()
               ? 0
               : static_cast<std::size_t>(std::count_if(it->second.begin(), it->second.end(),
                                                        [](const auto& w) { return !w.expired(); }));
}

} // namespace gazette::chat
