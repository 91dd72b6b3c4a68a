// Fan-out for live chat: publish a frame on a channel ("conversation:12", "agents"), and every
// subscriber of that channel gets it. Behind an interface so that several servers can share one bus
// (Redis) later; local_bus is the in-process one. Deliveries run on the publisher's thread and must not
// block (a WebSocket peer's send() only queues).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gazette::chat {

class bus {
public:
    using deliver_fn = std::function<void(const std::string& frame)>;
    virtual ~bus() = default;
    // Subscribed while the returned handle lives.
    virtual std::shared_ptr<void> subscribe(const std::string& channel, deliver_fn deliver) = 0;
    virtual void publish(const std::string& channel, const std::string& frame) = 0;
    virtual std::size_t subscribers(const std::string& channel) = 0;
};

class local_bus final : public bus {
public:
    std::shared_ptr<void> subscribe(const std::string& channel, deliver_fn deliver) override;
    void publish(const std::string& channel, const std::string& frame) override;
    std::size_t subscribers(const std::string& channel) override;

private:
    struct entry {
        deliver_fn deliver;
    };
    std::mutex mutex_;
    std::map<std::string, std::vector<std::weak_ptr<entry>>> channels_;
};

} // namespace gazette::chat
