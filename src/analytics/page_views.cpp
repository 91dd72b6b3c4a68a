// Private page-view counting.
#include "analytics/page_views.hpp"

#include "core/text.hpp"

#include <array>
#include <atomic>

namespace gazette::analytics {

view_counter::shard& view_counter::mine() noexcept {
    static std::atomic<std::size_t> next{0};
    thread_local const std::size_t index = next.fetch_add(1) % shard_count;
    return shards_[index];
}

void view_counter::count(id_t article_id) noexcept {
    try {
        auto& s = mine();
        std::lock_guard lock(s.mutex);
        ++s.counts[article_id];
    } catch (...) { // out of memory: a view uncounted is better than a page unserved
    }
}

view_counts view_counter::take() {
    std::unordered_map<id_t, std::int64_t> all;
    for (auto& s : shards_) {
        std::unordered_map<id_t, std::int64_t> taken;
        {
            std::lock_guard lock(s.mutex);
            taken.swap(s.counts);
        }
        for (const auto& [id, n] : taken) {
            all[id] += n;
        }
    }
    return {all.begin(), all.end()};
}

void view_counter::give_back(const view_counts& counts) noexcept {
    try {
        auto& s = mine();
        std::lock_guard lock(s.mutex);
        for (const auto& [id, n] : counts) {
            s.counts[id] += n;
        }
    } catch (...) {
    }
}

bool is_reader_view(const http::request& req) noexcept {
    if (req.method != http::verb::get) {
        return false;
    }
    // Chromium sends Sec-Purpose: prefetch (and the older Purpose: prefetch); Firefox X-Moz: prefetch.
    if (text::icontains(req.prefetch, "prefetch")) {
        return false;
    }
    const auto agent = req.user_agent;
    static constexpr std::array robots{"bot", "crawl", "spider", "slurp", "facebookexternalhit", "preview",
                                       "feedfetcher", "headless"};
    for (const auto* r : robots) {
        if (text::icontains(agent, r)) {
            return false;
        }
    }
    return true;
}

result<void> flush(view_counter& counter, store& db, std::string_view day) {
    auto counts = counter.take();
    if (counts.empty()) {
        return {};
    }
    if (auto r = db.add_views(day, counts); !r) {
        counter.give_back(counts);
        return r.error();
    }
    return {};
}

} // namespace gazette::analytics
