// LRU by bytes with a tag index for invalidation.
#include "render/page_cache.hpp"


namespace gazette::render {

page_cache::page_cache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

page_cache::generation page_cache::current_generation() const noexcept { return generation_.load(); }

http::prepared_ptr page_cache::get(std::string_view key) {
    std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end()) {
        ++misses_;
        return nullptr;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    ++hits_;
    return it->second->page;
}

bool page_cache::put(std::string key, http::prepared_ptr page, std::vector<std::string> tags, generation gen) {
    if (!page) {
        return false;
    }
    const std::size_t cost = key.size() + (page->body ? page->body->size() : 0) +
                             (page->gzip_body ? page->gzip_body->size() : 0) + page->head.size() +
                             page->gzip_head.size() + 256;
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

} // namespace gazette::render
