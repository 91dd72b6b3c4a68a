// Who has which article open in the editor right now, so the editor can warn "Edna is also editing
// this". In memory only: a ping every few seconds keeps a name on the board, silence for ttl_seconds
// takes it off, and a closing tab says goodbye. Saving stays safe without it (a stale save is a conflict
// that keeps both texts); this only says so before anyone types.
#pragma once

#include "core/time.hpp"
#include "store/model.hpp"

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace gazette::admin {

class presence_board {
public:
    static constexpr unix_time ttl_seconds = 45;

    // user is on the article's editor at now. Returns the names of the others there, longest first.
    std::vector<std::string> seen(id_t article, id_t user, const std::string& name, unix_time now);
    void left(id_t article, id_t user);

private:
    struct visit {
        id_t user = 0;
        std::string name;
        unix_time first = 0, last = 0;
    };
    void prune_locked(unix_time now);

    std::mutex mutex_;
    std::map<id_t, std::vector<visit>> by_article_;
};

} // namespace gazette::admin
