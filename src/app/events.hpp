// Live events for open pages (server-sent events): the moderation queue hears of new comments now;
// breaking news and live coverage use the same hub later. Publishers (any thread, usually a worker
// right after a commit) hand the hub a finished frame; each subscriber (one per open event stream)
// queues frames until the server's I/O thread polls them. Nothing here touches the database.
#pragma once

#include "http/message.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gazette::app {

class event_hub {
public:
    // How many frames a slow subscriber may have waiting; past that its stream ends (the browser
    // reconnects and catches up from its Last-Event-ID).
    static constexpr std::size_t max_queued = 256;

    class stream;
    // A new stream on topic, for an http::response. Subscribe first, then push a catch-up (what happened
    // since the client's last event) to it: nothing published in between is missed (clients skip
    // events they already have, by id).
    std::shared_ptr<stream> subscribe(const std::string& topic);
    // Sends one event to every subscriber of topic: "id: <id>\nevent: <name>\ndata: <data>\n\n".
    // data must be one line (JSON is).
    void publish(const std::string& topic, std::string_view name, std::string_view data, std::string_view id = {});
    std::size_t subscribers(const std::string& topic);

    // The frame publish() would send.
    static std::string frame(std::string_view name, std::string_view data, std::string_view id = {});

private:
    std::mutex mutex_;
    std::map<std::string, std::vector<std::weak_ptr<stream>>> topics_;
};

class event_hub::stream final : public http::event_source {
public:
    void start(std::function<void()> wake) override;
    std::optional<std::string> poll() override;
    void stop() noexcept override;
    // Queues a frame (see event_hub::frame) for this stream alone.
    void push(const std::string& frame);
    bool stopped();

private:
    std::mutex mutex_;
    std::vector<std::string> frames_;
    std::function<void()> wake_;
    bool stopped_ = false;
    bool overflowed_ = false;
};

} // namespace gazette::app
