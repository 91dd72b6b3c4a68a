// The chat's frames and the checks both sockets share.
#include "chat/frames.hpp"

#include "core/text.hpp"
#include "core/time.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace gazette::chat {

namespace json = boost::json;

namespace {

json::object message_object(const chat_message& m) {
    return {{"type", "message"},     {"id", m.id},     {"from", m.sender},
            {"name", m.name},        {"text", m.text}, {"at", timefmt::iso8601_utc(m.created_at)}};
}

json::object summary_object(const chat_summary& s) {
    const auto& c = s.conversation;
    json::object o{{"id", c.id},
                   {"status", c.open ? "open" : "closed"},
                   {"name", c.visitor_name},
                   {"email", c.visitor_email},
                   {"page", c.page_url},
                   {"referrer", c.referrer},
                   {"unread", s.unread},
                   {"created", timefmt::iso8601_utc(c.created_at)},
                   {"updated", timefmt::iso8601_utc(std::max(c.created_at, c.last_message_at))}};
    o["agent"] = c.agent_id ? json::value(json::object{{"id", c.agent_id}, {"name", s.agent_name}}) : json::value(nullptr);
    o["last"] = s.last_from.empty() ? json::value(nullptr)
                                    : json::value(json::object{{"from", s.last_from},
                                                               {"text", s.last_text},
                                                               {"at", timefmt::iso8601_utc(s.last_at)}});
    return o;
}

} // namespace

std::string error_frame(std::string_view code, std::string_view message, std::string_view client_id) {
    json::object o{{"type", "error"}, {"code", code}, {"message", message}};
    if (!client_id.empty()) {
        o["client_id"] = client_id;
    }
    return json::serialize(o);
}

bool valid_client_id(std::string_view id) {
    return !id.empty() && id.size() <= max_client_id && std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == ':';
    });
}

checked_text check_text(std::string_view raw, std::string_view client_id) {
    checked_text out{std::string(text::trim(raw)), {}};
    const auto chars = text::clean_text(out.text, true) ? std::optional(text::characters(out.text)) : std::nullopt;
    if (!chars || *chars == 0) {
        out.refusal = error_frame("bad_request", "The message is empty or has characters that cannot be shown.", client_id);
    } else if (*chars > max_message_chars) {
        out.refusal = error_frame(
            "too_long", fmt::format("Messages can be up to {} characters long.", max_message_chars), client_id);
    }
    return out;
}

std::string message_frame(const chat_message& m) { return json::serialize(message_object(m)); }

std::string agent_message_frame(const chat_message& m) {
    auto o = message_object(m);
    o["conversation"] = m.conversation_id;
    return json::serialize(o);
}

std::string ack_frame(std::string_view client_id, id_t id, id_t conversation) {
    json::object o{{"type", "ack"}, {"client_id", client_id}, {"id", id}};
    if (conversation) {
        o["conversation"] = conversation;
    }
    return json::serialize(o);
}

std::string conversation_frame(const chat_summary& s) {
    return json::serialize(json::object{{"type", "conversation"}, {"conversation", summary_object(s)}});
}

std::string summaries_json(const chat_summaries& list) {
    json::array a;
    for (const auto& s : list) {
        a.push_back(summary_object(s));
    }
    return json::serialize(a);
}

void publish_message(app::site& s, const chat_message& m) {
    if (m.sender != "note") {
        s.chat().fanout().publish(hub::channel(m.conversation_id), message_frame(m));
    }
    s.chat().fanout().publish(std::string(agents_channel), agent_message_frame(m));
}

void publish_summary(app::site& s, id_t conversation) {
    if (s.chat().fanout().subscribers(std::string(agents_channel)) == 0) {
        return; // nobody to tell: spare the query
    }
    if (auto summary = s.db().conversation_summary(conversation); summary) {
        s.chat().fanout().publish(std::string(agents_channel), conversation_frame(*summary));
    } else {
        spdlog::error("chat: conversation {} not summarised: {}", conversation, summary.error().message());
    }
}

} // namespace gazette::chat
