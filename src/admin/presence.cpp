// The editor's presence board.
#include "admin/presence.hpp"

#include <algorithm>

namespace gazette::admin {

void presence_board::prune_locked(unix_time now) {
    for (auto it = by_article_.begin(); it != by_article_.end();) {
        auto& visits = it->second;
        std::erase_if(visits, [&](const visit& v) { return v.last + ttl_seconds < now; });
        it = visits.empty() ? by_article_.erase(it) : std::next(it);
    }
}

std::vector<std::string> presence_board::seen(id_t article, id_t user, const std::string& name, unix_time now) {
    std::lock_guard lock(mutex_);
    prune_locked(now);
    auto& visits = by_article_[article];
    auto me = std::find_if(visits.begin(), visits.end(), [&](const visit& v) { return v.user == user; });
    if (me == visits.end()) {
        visits.push_back({user, name, now, now});
    } else {
        me->last = now;
        me->name = name;
    }
    std::vector<visit> others;
    std::copy_if(visits.begin(), visits.end(), std::back_inserter(others), [&](const visit& v) { return v.user != user; });
    std::sort(others.begin(), others.end(), [](const visit& a, const visit& b) { return a.first < b.first; });
    std::vector<std::string> names;
    for (const auto& v : others) {
        names.push_back(v.name);
    }
    return names;
}

void presence_board::left(id_t article, id_t user) {
    std::lock_guard lock(mutex_);
    const auto it = by_article_.find(article);
    if (it == by_article_.end()) {
        return;
    }
    std::erase_if(it->second, [&](const visit& v) { return v.user == user; });
    if (it->second.empty()) {
        by_article_.erase(it);
    }
}

} // namespace gazette::admin
