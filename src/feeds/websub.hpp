// WebSub (W3C Recommendation), the publisher's half: when a feed changes, tell the hub the site names in
// its settings, which fetches the feed and pushes it to every subscriber at once. Pings go out from one
// background thread, in order, each retried (after 2 s, then 10 s) when the hub does not answer 2xx;
// a request thread only queues them. Failures are logged, never shown to anyone.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gazette::feeds {

class websub_publisher {
public:
    // post(hub, form body) sends one ping and returns the hub's status, or 0 with why in error. Tests
    // may pass their own; the default is http::post_form with a 10-second limit.
    using sender = std::function<int(const std::string& hub, const std::string& body, std::string& error)>;
    explicit websub_publisher(sender post = {});
    ~websub_publisher(); // sends nothing more; waits for a ping in flight
    websub_publisher(const websub_publisher&) = delete;
    websub_publisher& operator=(const websub_publisher&) = delete;

    // Queues "these feeds changed" for the hub (no-op when hub is empty). Any thread.
    void changed(const std::string& hub, std::vector<std::string> feed_urls);

    // Pings sent and answered 2xx so far (for tests and the log).
    std::size_t delivered() const;

private:
    struct ping {
        std::string hub;
        std::vector<std::string> topics;
    };
    void run();

    sender post_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<ping> queue_;
    bool stopping_ = false;
    std::size_t delivered_ = 0;
    std::thread thread_;
};

// The form body of a publish ping: hub.mode=publish and one hub.url per feed, percent-encoded.
std::string publish_body(const std::vector<std::string>& feed_urls);

} // namespace gazette::feeds
