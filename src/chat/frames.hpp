// What the reader's and the newsroom's chat sockets share: the JSON frames (docs/chat-protocol.md), the
// checks on a message's text and client id, and publishing a stored message or a changed conversation
// on the bus.
#pragma once

#include "app/site.hpp"
#include "chat/hub.hpp"
#include "store/model.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace gazette::chat {

inline constexpr std::size_t max_message_chars = 4000;
inline constexpr std::size_t max_client_id = 64;

std::string error_frame(std::string_view code, std::string_view message, std::string_view client_id = {});
bool valid_client_id(std::string_view id);

// A message's text trimmed, or the error frame refusing it (empty, control characters, too long).
struct checked_text {
    std::string text;
    std::string refusal; // an error frame; empty when the text is fine
};
checked_text check_text(std::string_view raw, std::string_view client_id);

// The frame a conversation's readers get for a message, and the one agents get (naming the conversation).
std::string message_frame(const chat_message& m);
std::string agent_message_frame(const chat_message& m);
std::string ack_frame(std::string_view client_id, id_t id, id_t conversation = 0);
// {"type":"conversation","conversation":SUMMARY}
std::string conversation_frame(const chat_summary& s);
// SUMMARY objects, serialized into a JSON array: "[{...},{...}]".
std::string summaries_json(const chat_summaries& list);

// A stored message to everyone who should see it: the readers (unless it is a note) and the agents.
void publish_message(app::site& s, const chat_message& m);
// The conversation's summary, fresh from the store, to the agents (after any change to it).
void publish_summary(app::site& s, id_t conversation);

} // namespace gazette::chat
