// The live event hub.
#include "app/events.hpp"

#include <algorithm>

namespace gazette::app {

void event_hub::stream::start(std::function<void()> wake) {
    std::lock_guard lock(mutex_);
    wake_ = std::move(wake);
    if (!frames_.empty()) {
        wake_();
    }
}

std::optional<std::string> event_hub::stream::poll() {
    std::lock_guard lock(mutex_);
    if (overflowed_ || stopped_) {
        return std::nullopt;
    }
    std::string out;
    for (auto& f : frames_) {
        out += f;
    }
    frames_.clear();
    return out;
}

void event_hub::stream::stop() noexcept {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    wake_ = nullptr;
    frames_.clear();
}

void event_hub::stream::push(const std::string& frame) {
    std::lock_guard lock(mutex_);
    if (stopped_) {
        return;
    }
    if (frames_.size() >= max_queued) {
        overflowed_ = true; // too slow: end the stream rather than grow without bound
    } else {
        frames_.push_back(frame);
    }
    if (wake_) {
        wake_();
    }
}

bool event_hub::stream::stopped() {
    std::lock_guard lock(mutex_);
    return stopped_;
}

std::shared_ptr<event_hub::stream> event_hub::subscribe(const std::string& topic) {
    auto sub = std::make_shared<stream>();
    std::lock_guard lock(mutex_);
    auto& list = topics_[topic];
    std::erase_if(list, [](const std::weak_ptr<stream>& w) {
        auto s = w.lock();
        return !s || s->stopped();
    });
    list.push_back(sub);
    return sub;
}

std::string event_hub::frame(std::string_view name, std::string_view data, std::string_view id) {
    std::string f;
    if (!id.empty()) {
        f += "id: ";
        f += id;
        f += '\n';
    }
    if (!name.empty()) {
        f += "event: ";
        f += name;
        f += '\n';
    }
    f += "data: ";
    f += data;
    f += "\n\n";
    return f;
}

void event_hub::publish(const std::string& topic, std::string_view name, std::string_view data, std::string_view id) {
    const std::string f = frame(name, data, id);
    std::vector<std::shared_ptr<stream>> live;
    {
        std::lock_guard lock(mutex_);
        const auto it = topics_.find(topic);
        if (it == topics_.end()) {
            return;
        }
        for (const auto& w : it->second) {
            if (auto s = w.lock()) {
                live.push_back(std::move(s));
            }
        }
    }
    for (auto& s : live) {
        s->push(f);
    }
}

std::size_t event_hub::subscribers(const std::string& topic) {
    std::lock_guard lock(mutex_);
    const auto it = topics_.find(topic);
    if (it == topics_.end()) {
        return 0;
    }
    return static_cast<std::size_t>(std::count_if(it->second.begin(), it->second.end(), [](const auto& w) {
        auto s = w.lock();
        return s && !s->stopped();
    }));
}

} // namespace gazette::app
