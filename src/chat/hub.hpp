// What every chat connection of a site shares: the fan-out (chat::bus), the limits, and who in the
// newsroom is connected (presence), from which the reader's widget learns whether a person or the bot
// answers.
//
// Channels on the bus:
//   "conversation:<id>"  frames for the reader(s) of one conversation (never notes);
//   "agents"             frames for every connected agent: all conversations' messages (notes too),
//                        conversation summaries, typing, read marks and presence;
//   "visitors"           frames for every connected reader: presence;
//   "staff:<user id>"    a newsroom member's sessions ended (the session id, or empty for all of them):
//                        their open inboxes close.
#pragma once

#include "chat/bus.hpp"
#include "chat/limiter.hpp"
#include "core/hours.hpp"
#include "store/model.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace gazette::chat {

inline constexpr std::size_t messages_per_minute = 20; // per conversation
inline constexpr std::size_t messages_per_minute_per_address = 60;

inline constexpr std::string_view agents_channel = "agents";
inline constexpr std::string_view visitors_channel = "visitors";

struct agent_presence {
    id_t id = 0;
    std::string name;
    bool away = false;
};

class hub {
public:
    explicit hub(std::unique_ptr<bus> b) : bus_(std::move(b)) {}
    bus& fanout() noexcept { return *bus_; }
    limiter& per_conversation() noexcept { return per_conversation_; }
    limiter& per_address() noexcept { return per_address_; }
    static std::string channel(id_t conversation) { return "conversation:" + std::to_string(conversation); }
    static std::string staff_channel(id_t user) { return "staff:" + std::to_string(user); }
    // A session ended (signing out), or every session of the user (empty id): their inboxes close.
    void signed_out(id_t user, const std::string& session_id) { bus_->publish(staff_channel(user), session_id); }
    // Other limits than the defaults (tests).
    void set_limits(std::size_t per_conversation, std::size_t per_address) {
        per_conversation_.set_max(per_conversation);
        per_address_.set_max(per_address);
    }

    // Presence: an agent's connections (several tabs count once) and their online/away status. Each
    // change is published to the agents and, when whether anyone is online changes, to the readers.
    void agent_connected(id_t id, const std::string& name);
    void agent_disconnected(id_t id);
    void set_away(id_t id, bool away);
    std::vector<agent_presence> agents() const;
    // Someone is online and not away.
    bool anyone_online() const;
    // A person answers now: someone is online, within the opening hours (when there are any).
    bool staffed(unix_time now, const weekly_hours& hours, const time_zone& zone) const {
        return anyone_online() && hours.open_at(now, zone);
    }
    // Whether it is within opening hours now (the scheduler says, every few seconds): readers hear when
    // a person starts or stops answering because the hours began or ended.
    void set_open_hours(bool open);
    // The presence frames, as sent to agents and readers.
    std::string agents_frame() const;

    // Opening hours, parsed once per settings text.
    std::shared_ptr<const weekly_hours> hours(const std::string& text);

private:
    void changed();
    void announce(); // tells the readers when whether a person answers has changed

    std::unique_ptr<bus> bus_;
    limiter per_conversation_{messages_per_minute, 60};
    limiter per_address_{messages_per_minute_per_address, 60};

    struct agent_entry {
        std::string name;
        int connections = 0;
        bool away = false;
    };
    mutable std::mutex mutex_;
    std::mutex announce_mutex_;
    std::map<id_t, agent_entry> agents_;
    bool open_hours_ = true;
    bool announced_ = false; // what the readers were last told: a person answers
    std::string hours_text_;
    std::shared_ptr<const weekly_hours> hours_ = std::make_shared<weekly_hours>();
};

} // namespace gazette::chat
