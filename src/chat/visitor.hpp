// The reader's side of the live chat: the WebSocket at /chat/ws (protocol: docs/chat-protocol.md).
//
// A connection opens or resumes a conversation (?conversation=<token>&after=<last id>), is greeted, gets
// every message it missed in order, and then sends messages that are stored before they are
// acknowledged ({"type":"ack"}) and passed on to everyone in the conversation. A message sent again
// with the same client_id (after a lost connection) is acknowledged again and stored once.
#pragma once

#include "app/site.hpp"
#include "chat/bus.hpp"
#include "chat/limiter.hpp"

#include <atomic>

namespace gazette::chat {

inline constexpr std::size_t max_message_chars = 4000;
inline constexpr std::size_t max_client_id = 64;
inline constexpr std::size_t messages_per_minute = 20;          // per conversation
inline constexpr std::size_t messages_per_minute_per_address = 60;
inline constexpr std::int64_t conversations_per_hour_per_address = 20;
inline constexpr std::int64_t max_catch_up = 1000;              // messages sent on resume

// What every chat connection shares: the fan-out and the limits.
class hub {
public:
    explicit hub(std::unique_ptr<bus> b) : bus_(std::move(b)) {}
    bus& fanout() noexcept { return *bus_; }
    limiter& per_conversation() noexcept { return per_conversation_; }
    limiter& per_address() noexcept { return per_address_; }
    static std::string channel(id_t conversation) { return "conversation:" + std::to_string(conversation); }
    // Other limits than the defaults (tests, and settings later).
    void set_limits(std::size_t per_conversation, std::size_t per_address) {
        per_conversation_.set_max(per_conversation);
        per_address_.set_max(per_address);
    }
    // Agents connected now (their inbox sockets); the bot answers when there are none.
    std::atomic<int> agents_online{0};

private:
    std::unique_ptr<bus> bus_;
    limiter per_conversation_{messages_per_minute, 60};
    limiter per_address_{messages_per_minute_per_address, 60};
};

// GET /chat/ws
result<app::page> visitor_socket(app::site& s, const http::request& req);

// The frame everyone in a conversation gets for a message.
std::string message_frame(const chat_message& m);

} // namespace gazette::chat
