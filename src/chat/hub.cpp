// Presence and opening hours for the chat.
#include "chat/hub.hpp"

#include <boost/json.hpp>

namespace gazette::chat {

namespace json = boost::json;

void hub::agent_connected(id_t id, const std::string& name) {
    {
        std::lock_guard lock(mutex_);
        auto& a = agents_[id];
        a.name = name;
        ++a.connections;
    }
    changed();
}

void hub::agent_disconnected(id_t id) {
    {
        std::lock_guard lock(mutex_);
        if (const auto it = agents_.find(id); it != agents_.end() && --it->second.connections <= 0) {
            agents_.erase(it);
        }
    }
    changed();
}

void hub::set_away(id_t id, bool away) {
    {
        std::lock_guard lock(mutex_);
        const auto it = agents_.find(id);
        if (it == agents_.end()) {
            return;
        }
        it->second.away = away;
    }
    changed();
}

std::vector<agent_presence> hub::agents() const {
    std::lock_guard lock(mutex_);
    std::vector<agent_presence> out;
    for (const auto& [id, a] : agents_) {
        out.push_back({id, a.name, a.away});
    }
    return out;
}

bool hub::anyone_online() const {
    std::lock_guard lock(mutex_);
    return std::any_of(agents_.begin(), agents_.end(), [](const auto& a) { return !a.second.away; });
}

std::string hub::agents_frame() const {
    json::array list;
    for (const auto& a : agents()) {
        list.push_back({{"id", a.id}, {"name", a.name}, {"status", a.away ? "away" : "online"}});
    }
    return json::serialize(json::object{{"type", "presence"}, {"agents", std::move(list)}, {"agents_online", anyone_online()}});
}

void hub::changed() {
    bus_->publish(std::string(agents_channel), agents_frame());
    announce();
}

void hub::set_open_hours(bool open) {
    {
        std::lock_guard lock(mutex_);
        open_hours_ = open;
    }
    announce();
}

void hub::announce() {
    // One announcement at a time, so that the last one published is the state now.
    std::lock_guard order(announce_mutex_);
    bool now = false;
    {
        std::lock_guard lock(mutex_);
        now = open_hours_ && std::any_of(agents_.begin(), agents_.end(), [](const auto& a) { return !a.second.away; });
        if (now == announced_) {
            return;
        }
        announced_ = now;
    }
    bus_->publish(std::string(visitors_channel), json::serialize(json::object{{"type", "presence"}, {"agents_online", now}}));
}

std::shared_ptr<const weekly_hours> hub::hours(const std::string& text) {
    std::lock_guard lock(mutex_);
    if (text != hours_text_) {
        auto parsed = weekly_hours::parse(text);
        hours_ = parsed.hours ? std::make_shared<const weekly_hours>(std::move(*parsed.hours))
                              : std::make_shared<const weekly_hours>(); // checked when stored; never here
        hours_text_ = text;
    }
    return hours_;
}

} // namespace gazette::chat
