// Writing articles: validation, Markdown rendering, unique slugs, publishing, and telling the page cache
// exactly which pages changed. Every write path (demo content, newsroom, API, scheduler) goes through here.
#pragma once

#include "core/error.hpp"
#include "core/time.hpp"
#include "render/page_cache.hpp"
#include "store/store.hpp"

#include <functional>
#include <string>
#include <vector>

namespace gazette::articles {

inline constexpr std::size_t max_headline_bytes = 300;
inline constexpr std::size_t max_standfirst_bytes = 1000;
inline constexpr std::size_t max_body_bytes = 512 * 1024;
inline constexpr std::size_t max_tags = 20;

struct draft {
    std::string headline;
    std::string slug; // empty: made from the headline
    std::string standfirst;
    std::string body_md;
    id_t author_id = 0;
    id_t category_id = 0;
    article_status status = article_status::draft;
    unix_time published_at = 0; // 0 with status published: now
    bool breaking = false;
    std::string image_url;
    std::string image_alt;
    std::string image_caption;
    std::vector<std::string> tags; // names; slugs are made from them
    unix_time updated_at = 0;      // create only: a last-update time after publication (imports, demo)
    id_t saved_by = 0;             // who saves (kept with the revision); 0 for demo and imports
    std::int64_t expected_revision = 0; // update only: the revision the editor started from; 0 = any
};

// A draft that reproduces an article as it is now (to change one thing: its status, its text...).
draft draft_of(const article& a);

// What is wrong with a draft, field by field ("headline", "slug", "section", ...).
struct field_error {
    std::string field;
    std::string message;
};
using field_errors = std::vector<field_error>;

// The page-cache tags a page showing this article depends on (for its cards and its page).
std::string article_tag(id_t id);
std::string section_list_tag(id_t id);
std::string tag_list_tag(id_t id);
std::string author_list_tag(id_t id);
inline constexpr const char* all_lists_tag = "list:all"; // any listing of published articles
inline constexpr const char* nav_tag = "nav";            // what every page shows: sections, breaking banner

// The tags to invalidate when an article goes from before to after (either may be absent: created).
std::vector<std::string> invalidation_tags(const article* before, const article& after);

// Told after every change that was stored (before may be null: created), e.g. to tell open pages.
using change_fn = std::function<void(const article* before, const article& after)>;

class service {
public:
    service(store& db, render::page_cache* cache, clock_fn clock, change_fn on_change = {});

    // Creates an article. errc::invalid with errors filled (a taken slug is a field error too).
    result<id_t> create(const draft& d, field_errors& errors);
    // Replaces an article's content and state. errc::invalid with errors filled; errc::stale when the
    // article changed since d.expected_revision (nothing is written); errc::not_found.
    result<void> update(id_t id, const draft& d, field_errors& errors);
    // The same, with the errors joined into one line ("field: message; ...").
    result<id_t> create(const draft& d, std::string& message);
    result<void> update(id_t id, const draft& d, std::string& message);
    // Deletes an article for good (its revisions, comments and live coverage too). errc::not_found.
    result<void> remove(id_t id);
    // Publishes scheduled articles whose time has come; returns how many.
    result<std::size_t> publish_due();

private:
    result<article_input> prepare(const draft& d, field_errors& errors);

    store& db_;
    render::page_cache* cache_;
    clock_fn clock_;
    change_fn on_change_;
};

} // namespace gazette::articles
