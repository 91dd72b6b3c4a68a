// The reader's side of the live chat: the WebSocket at /chat/ws (protocol: docs/chat-protocol.md).
//
// A connection opens or resumes a conversation (?conversation=<token>&after=<last id>), is greeted, gets
// every message it missed in order, and then sends messages that are stored before they are
// acknowledged ({"type":"ack"}) and passed on to everyone in the conversation. A message sent again
// with the same client_id (after a lost connection) is acknowledged again and stored once.
#pragma once

#include "app/site.hpp"
#include "chat/frames.hpp"
#include "chat/hub.hpp"

namespace gazette::chat {

inline constexpr std::int64_t conversations_per_hour_per_address = 20;
inline constexpr std::int64_t max_catch_up = 1000; // messages sent on resume

// GET /chat/ws
result<app::page> visitor_socket(app::site& s, const http::request& req);

} // namespace gazette::chat
