// For a client that is sent a catch-up (what it missed) while live frames keep arriving from the bus:
// frames that arrive before the catch-up is out wait here and go out after it, in order, without those
// the catch-up already had; after that, frames go straight through. Used by the chat's sockets and the
// /live event stream, which subscribe before they read their catch-up so that nothing falls in between.
#pragma once

#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace gazette {

class catch_up_gate {
public:
    // A live frame (from any thread): sent now, or held until the catch-up is out.
    template <class Send>
    void deliver(const std::string& frame, Send&& send) {
        std::lock_guard lock(mutex_);
        if (open_) {
            send(frame);
        } else {
            held_.push_back(frame);
        }
    }

    // Sends the catch-up (send_catch_up runs under the gate's lock, so no live frame overtakes it), then
    // the held frames that keep(frame) accepts; from then on frames go straight through.
    template <class CatchUp, class Keep, class Send>
    void open(CatchUp&& send_catch_up, Keep&& keep, Send&& send) {
        std::lock_guard lock(mutex_);
        send_catch_up();
        for (auto& f : held_) {
            if (keep(f)) {
                send(std::move(f));
            }
        }
        held_.clear();
        open_ = true;
    }

private:
    std::mutex mutex_;
    std::vector<std::string> held_;
    bool open_ = false;
};

} // namespace gazette
