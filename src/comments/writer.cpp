// The comment writer thread.
#include "comments/writer.hpp"

#include <spdlog/spdlog.h>

namespace gazette::comments {

writer::writer(store& db, clock_fn clock) : db_(db), clock_(std::move(clock)) {
    thread_ = std::thread([this] { run(); });
}

writer::~writer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

result<comment_outcome> writer::submit(comment_candidate c) {
    job j{std::move(c), {}};
    auto done = j.done.get_future();
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            return std::error_code(errc::busy);
        }
        queue_.push_back(&j);
    }
    wake_.notify_one();
    return done.get(); // j lives until the writer has answered it
}

void writer::run() {
    std::unique_lock lock(mutex_);
    while (true) {
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) {
            return; // stopping, and nothing left to store
        }
        std::vector<job*> batch;
        while (!queue_.empty() && batch.size() < max_batch) {
            batch.push_back(queue_.front());
            queue_.pop_front();
        }
        lock.unlock();
        std::vector<comment_candidate> candidates;
        candidates.reserve(batch.size());
        for (auto* j : batch) {
            candidates.push_back(j->candidate);
        }
        result<std::vector<comment_outcome>> outcomes = std::error_code(errc::internal);
        try {
            outcomes = db_.add_comments(candidates, clock_());
        } catch (const std::exception& e) { // every waiting sender must get an answer, whatever happens here
            spdlog::error("comment batch failed: {}", e.what());
        }
        if (outcomes && outcomes->size() != batch.size()) {
            spdlog::error("comment batch: {} outcomes for {} comments", outcomes->size(), batch.size());
            outcomes = std::error_code(errc::internal);
        }
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (outcomes) {
                batch[i]->done.set_value((*outcomes)[i]);
            } else {
                batch[i]->done.set_value(outcomes.error());
            }
        }
        lock.lock();
    }
}

} // namespace gazette::comments
