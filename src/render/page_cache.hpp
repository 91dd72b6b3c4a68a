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
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace gazette::render {

struct cached_page {
    int status = 200;
    std::string content_type;
    http::shared_body body;
    http::shared_body gzip_body; // null when not worth compressing
    std::string etag;
    std::string gzip_etag;
    http::header_list headers; // Cache-Control and the like
};

class page_cache {
public:
    explicit page_cache(std::size_t max_bytes);

    using generation = std::uint64_t;

    // Read before gathering data for a page; pass to put().
    generation current_generation() const noexcept;

    std::optional<cached_page> get(std::string_view key);

    // Stores a page under key with its dependency tags. Ignored (returns false) when an invalidation
    // happened since gen, or when the page alone is larger than the cache.
    bool put(std::string key, cached_page page, std::vector<std::string> tags, generation gen);

    // Drops every page that lists any of these tags.
    void invalidate(const std::vector<std::string>& tags);
    void clear();

    std::size_t size() const;        // pages
    std::size_t bytes() const;       // body + gzip bytes held
    std::uint64_t hits() const noexcept { return hits_; }
    std::uint64_t misses() const noexcept { return misses_; }

    // Builds a cached page from a rendered body: computes the ETag and, for compressible types, the gzip
    // copy and its ETag.
    static cached_page make(int status, std::string content_type, std::string body, http::header_list headers = {});

private:
    struct entry {
        std::string key;
        cached_page page;
        std::vector<std::string> tags;
        std::size_t cost = 0;
    };
    void erase_locked(std::list<entry>::iterator it);

    const std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::list<entry> lru_; // front = most recently used
    std::unordered_map<std::string, std::list<entry>::iterator> index_;
    std::unordered_map<std::string, std::unordered_set<std::string>> by_tag_; // tag → keys
    std::size_t bytes_ = 0;
    std::atomic<generation> generation_{0};
    std::atomic<std::uint64_t> hits_{0};
    std::atomic<std::uint64_t> misses_{0};
};

// Turns a cached page into a response.
http::response to_response(const cached_page& page);

} // namespace gazette::render
