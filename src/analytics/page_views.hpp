// Page views, counted privately: a number per article per day and nothing about the reader (no cookie
// is set, no address or user agent kept). Counting is a locked increment in memory, cheap enough for
// the cached-page fast path; the scheduler hands the counts to the store every few seconds, and the
// server once more as it stops, so no counted view is lost to a restart.
#pragma once

#include "http/message.hpp"
#include "store/store.hpp"

#include <array>
#include <mutex>
#include <unordered_map>

namespace gazette::analytics {

class view_counter {
public:
    // One view of an article (id > 0) or of another page (0).
    void count(id_t article_id) noexcept;
    // The counts so far, emptied.
    view_counts take();
    // Puts counts back (the store refused them; the next flush tries again).
    void give_back(const view_counts& counts) noexcept;

private:
    // Sharded by thread, so that the I/O threads, which count on the cached-page fast path, never
    // wait for each other; take() visits every shard.
    static constexpr std::size_t shard_count = 16;
    struct alignas(64) shard {
        std::mutex mutex;
        std::unordered_map<id_t, std::int64_t> counts;
    };
    shard& mine() noexcept;
    std::array<shard, shard_count> shards_;
};

// Whether a request is a person reading: a GET (not HEAD), not a browser's speculative prefetch, and not
// a robot that says it is one (search engines, feed fetchers and link previewers name themselves).
bool is_reader_view(const http::request& req) noexcept;

// Stores the counts under the day (YYYY-MM-DD); on failure they go back into the counter.
result<void> flush(view_counter& counter, store& db, std::string_view day);

} // namespace gazette::analytics
