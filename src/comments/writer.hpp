// Group commit for comments. A comment the reader is told was received must be on disk first, and a
// disk sync costs a few milliseconds; so one thread takes every comment waiting at that moment and
// stores them in one transaction (one sync), and each sender gets its own outcome. Under load the
// batches grow and the syncs per comment shrink; alone, a comment waits for nothing but its own sync.
// The duplicate and flood checks run inside that transaction, so two identical comments sent at the
// same instant still find each other.
#pragma once

#include "store/store.hpp"

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

namespace gazette::comments {

class writer {
public:
    static constexpr std::size_t max_batch = 128;

    writer(store& db, clock_fn clock);
    ~writer(); // finishes what is queued, then stops
    writer(const writer&) = delete;
    writer& operator=(const writer&) = delete;

    // Stores one comment; returns once its transaction committed (or failed: then nothing was stored).
    result<comment_outcome> submit(comment_candidate c);

private:
    struct job {
        comment_candidate candidate;
        std::promise<result<comment_outcome>> done;
    };
    void run();

    store& db_;
    clock_fn clock_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<job*> queue_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace gazette::comments
