// LRU by bytes with a tag index for invalidation.
#include "render/page_cache.hpp"

#include "http/gzip.hpp"
#include "http/limits.hpp"

namespace gazette::render {

page_cache::page_cache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

page_cache::generation page_cache::current_generation() const noexcept { return generation_.load(); }

std::optional<cached_page> page_cache::get(std::string_view key) {
    std::lock_guard lock(mutex_);
    const auto it = index_.find(std::string(key));
    if (it == index_.end()) {
        ++misses_;
        return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    ++hits_;
    return it->second->page;
}

bool page_cache::put(std::string key, cached_page page, std::vector<std::string> tags, generation gen) {
    const std::size_t cost = key.size() + (page.body ? page.body->size() : 0) +
                             (page.gzip_body ? page.gzip_body->size() : 0) + 256;
    if (cost > max_bytes_) {
        return false;
    }
    std::lock_guard lock(mutex_);
    if (gen != generation_.load()) {
        return false;
    }
    if (const auto it = index_.find(key); it != index_.end()) {
        erase_locked(it->second);
    }
    while (bytes_ + cost > max_bytes_ && !lru_.empty()) {
        erase_locked(std::prev(lru_.end()));
    }
    lru_.push_front(entry{key, std::move(page), std::move(tags), cost});
    index_.emplace(key, lru_.begin());
    for (const auto& t : lru_.front().tags) {
        by_tag_[t].insert(key);
    }
    bytes_ += cost;
    return true;
}

void page_cache::erase_locked(std::list<entry>::iterator it) {
    for (const auto& t : it->tags) {
        if (auto bt = by_tag_.find(t); bt != by_tag_.end()) {
            bt->second.erase(it->key);
            if (bt->second.empty()) {
                by_tag_.erase(bt);
            }
        }
    }
    bytes_ -= it->cost;
    index_.erase(it->key);
    lru_.erase(it);
}

void page_cache::invalidate(const std::vector<std::string>& tags) {
    std::lock_guard lock(mutex_);
    ++generation_;
    for (const auto& t : tags) {
        const auto bt = by_tag_.find(t);
        if (bt == by_tag_.end()) {
            continue;
        }
        const std::vector<std::string> keys(bt->second.begin(), bt->second.end());
        for (const auto& k : keys) {
            if (const auto it = index_.find(k); it != index_.end()) {
                erase_locked(it->second);
            }
        }
    }
}

void page_cache::clear() {
    std::lock_guard lock(mutex_);
    ++generation_;
    lru_.clear();
    index_.clear();
    by_tag_.clear();
    bytes_ = 0;
}

std::size_t page_cache::size() const {
    std::lock_guard lock(mutex_);
    return index_.size();
}

std::size_t page_cache::bytes() const {
    std::lock_guard lock(mutex_);
    return bytes_;
}

cached_page page_cache::make(int status, std::string content_type, std::string body, http::header_list headers) {
    cached_page p;
    p.status = status;
    p.etag = http::make_etag(body);
    if (http::is_compressible(content_type) && body.size() >= http::limits::gzip_min_bytes) {
        p.gzip_body = std::make_shared<const std::string>(http::gzip_compress(body, 9));
        p.gzip_etag = p.etag.substr(0, p.etag.size() - 1) + "-gz\"";
    }
    p.content_type = std::move(content_type);
    p.body = std::make_shared<const std::string>(std::move(body));
    p.headers = std::move(headers);
    return p;
}

http::response to_response(const cached_page& page) {
    http::response r;
    r.status = page.status;
    r.content_type = page.content_type;
    r.body = page.body;
    r.gzip_body = page.gzip_body;
    r.etag = page.etag;
    r.gzip_etag = page.gzip_etag;
    r.headers = page.headers;
    return r;
}

} // namespace gazette::render
