// The WebSub publisher's thread.
#include "feeds/websub.hpp"

#include "core/text.hpp"
#include "http/client.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

namespace gazette::feeds {
namespace {

constexpr std::chrono::milliseconds ping_timeout{10'000};
constexpr std::chrono::seconds retry_after[] = {std::chrono::seconds(2), std::chrono::seconds(10)};

int post_with_client(const std::string& hub, const std::string& body, std::string& error) {
    auto r = http::post_form(hub, body, ping_timeout);
    if (auto* why = std::get_if<std::string>(&r)) {
        error = *why;
        return 0;
    }
    return std::get<http::client_reply>(r).status;
}

} // namespace

std::string publish_body(const std::vector<std::string>& feed_urls) {
    std::string body = "hub.mode=publish";
    for (const auto& u : feed_urls) {
        body += "&hub.url=" + text::url_encode(u);
    }
    return body;
}

websub_publisher::websub_publisher(sender post)
    : post_(post ? std::move(post) : sender(post_with_client)), thread_([this] { run(); }) {}

websub_publisher::~websub_publisher() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void websub_publisher::changed(const std::string& hub, std::vector<std::string> feed_urls) {
    if (hub.empty() || feed_urls.empty()) {
        return;
    }
    {
        std::lock_guard lock(mutex_);
        queue_.push_back({hub, std::move(feed_urls)});
    }
    wake_.notify_one();
}

std::size_t websub_publisher::delivered() const {
    std::lock_guard lock(mutex_);
    return delivered_;
}

void websub_publisher::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (stopping_) {
            return;
        }
        ping p = std::move(queue_.front());
        queue_.pop_front();
        const std::string body = publish_body(p.topics);
        for (std::size_t attempt = 0;; ++attempt) {
            lock.unlock();
            std::string error;
            const int status = post_(p.hub, body, error);
            lock.lock();
            if (status >= 200 && status < 300) {
                ++delivered_;
                spdlog::info("websub: {} told of {} changed feed(s)", p.hub, p.topics.size());
                break;
            }
            const std::string why = status != 0 ? "status " + std::to_string(status) : error;
            if (attempt == std::size(retry_after) || stopping_) {
                spdlog::warn("websub: {} did not take the ping ({}); giving up on it", p.hub, why);
                break;
            }
            spdlog::warn("websub: {} did not take the ping ({}); trying again", p.hub, why);
            // Waits for the retry time, or less if the server is stopping.
            if (wake_.wait_for(lock, retry_after[attempt], [&] { return stopping_; })) {
                return;
            }
        }
    }
}

} // namespace gazette::feeds
