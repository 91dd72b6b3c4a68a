// The newsroom's side of the live chat: the inbox page (/admin/chat) and its WebSocket
// (/admin/chat/ws; protocol in docs/chat-protocol.md). Agents, editors and admins see every open
// conversation live, read and answer them, take or transfer them, leave private notes, close them and
// search old transcripts. Their presence decides whether a person or the bot answers readers.
#pragma once

#include "accounts/sessions.hpp"
#include "app/site.hpp"

namespace gazette::chat {

inline constexpr std::int64_t inbox_conversations = 200; // listed on connecting
inline constexpr std::int64_t search_results = 50;
inline constexpr std::size_t max_search_chars = 200;

// GET /admin/chat
result<app::page> inbox(app::site& s, const http::request& req, const accounts::signed_in& who);
// GET /admin/chat/ws
result<app::page> agent_socket(app::site& s, const http::request& req, const accounts::signed_in& who);

// The canned responses of a chat.canned setting ("shortcut | text" lines), in order.
std::vector<std::pair<std::string, std::string>> canned_responses(std::string_view setting);

} // namespace gazette::chat
