// Moving a WordPress site over: a WXR file, read by wxr/reader.hpp, becomes Gazette's users, sections,
// tags, articles, pages, comments and old-address redirects, in one store transaction (all or nothing),
// and importing the same file again changes nothing. `gazette import-wxr` and the newsroom's import page
// both use it.
#pragma once

#include "store/store.hpp"
#include "wxr/reader.hpp"

#include <filesystem>
#include <functional>
#include <string>
#include <variant>

namespace gazette::wxr {

struct import_options {
    // A copy of the old site's wp-content/uploads folder: files the posts use are copied into Gazette's
    // media (data/media/wp/...) and their addresses rewritten. Empty: addresses stay as they are.
    std::filesystem::path uploads;
    std::filesystem::path media_dir; // Gazette's data/media (needed with uploads)
    id_t imported_by = 0;            // who the copied media are recorded as uploaded by (0: the first author)
    std::function<void(std::size_t done, std::size_t total)> progress; // after each post or page
};

struct import_summary {
    wp_import_result stored;
    std::size_t skipped_items = 0;    // attachments, menu items, revisions and other types that are not content
    std::size_t page_comments = 0;    // comments on pages, which take none in Gazette (left out, counted)
    std::size_t files_copied = 0;     // with import_options::uploads
    std::size_t files_missing = 0;    // referenced uploads not found in that folder
};

// Turns what the reader read into what the store applies (no I/O): content sanitised (wxr/content.hpp),
// statuses and dates mapped, every author, section and tag a post names defined, old addresses listed.
// url_of (may be empty) maps uploads' addresses when their files are copied.
wp_import prepare(const site& s, const std::function<std::string(std::string_view)>& url_of = {});

// Reads, prepares and stores a file. The error carries the file's line where that is known; a store
// failure leaves nothing of the import behind.
std::variant<import_summary, error> import_file(store& db, const std::filesystem::path& file, const import_options& options,
                                                unix_time now);
std::variant<import_summary, error> import_site(store& db, const site& s, const import_options& options, unix_time now);

// One line for people: "12 posts, 3 pages, 40 comments, ... imported; 5 already there".
std::string describe(const import_summary& s);

} // namespace gazette::wxr
