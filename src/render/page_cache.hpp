// The page cache: rendered responses (with their gzip copies and ETags) kept in memory, bounded in bytes
// (least recently used goes first), and invalidated by dependency tags: every cached page lists what it
// shows ("article:12", "list:section:3", "nav", ...) and a change invalidates exactly the pages that list
// the tags it touches. A hit does no store and no template work.
//
// Thread-safe. A page rendered from data read before an invalidation is refused on put() (the
// generation check), so a slow render can never put stale content back.
#pragma once

#include "http/message.hpp"

#include <cstdint>
#include <atomic>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gazette::render {

class page_cache {
public:
    explicit page_cache(std::size_t max_bytes);

    using generation = std::uint64_t;

    // Read before gathering data for a page; pass to put().
    generation current_generation() const noexcept;

    // The cached page, or null.
    http::prepared_ptr get(std::string_view key);

    // Stores a page under key with its dependency tags. Ignored (returns false) when an invalidation
    // happened since gen, or when the page alone is larger than the cache.
    bool put(std::string key, http::prepared_ptr page, std::vector<std::string> tags, generation gen);

    // Drops every page that lists any of these tags.
    void invalidate(const std::vector<std::string>& tags);
    void clear();

    std::size_t size() const;        // pages
    std::size_t bytes() const;       // body + gzip bytes held
    std::uint64_t hits() const noexcept { return hits_; }
    std::uint64_t misses() const noexcept { return misses_; }

private:
    struct entry {
        std::string key;
        http::prepared_ptr page;
        std::vector<std::string> tags;
        std::size_t cost = 0;
    };
    void erase_locked(std::list<entry>::iterator it);

    const std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::list<entry> lru_; // front = most recently used
    struct string_hash {
        using is_transparent = void; // look up by string_view without building a std::string
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::list<entry>::iterator, string_hash, std::equal_to<>> index_;
    std::unordered_map<std::string, std::unordered_set<std::string>> by_tag_; // tag → keys
    std::size_t bytes_ = 0;
    std::atomic<generation> generation_{0};
    std::atomic<std::uint64_t> hits_{0};
    std::atomic<std::uint64_t> misses_{0};
};

} // namespace gazette::render
