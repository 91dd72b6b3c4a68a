// Reading WordPress's export format (WXR 1.0, 1.1 and 1.2): the first half of `gazette import-wxr`
// (wxr/importer.hpp does the rest). The file is parsed as
// XML (pugixml), strictly: a file that is not well-formed is refused with the line where it goes wrong,
// rather than guessed at. Elements are matched by namespace URI, not by prefix, so a document that
// rebinds "wp:" to something else (or binds another prefix to WordPress's namespace) is read as what it
// says.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gazette::wxr {

struct author {
    std::int64_t id = 0;
    std::string login, email, display_name;
};

// A category, tag or other term. parent is the parent's slug (categories only; empty at the top).
struct term {
    std::int64_t id = 0;
    std::string slug, name, parent, description;
};

struct comment {
    std::int64_t id = 0;
    std::int64_t parent = 0; // 0: a reply to the post
    std::string author, email, url, ip;
    std::string date_gmt;    // "YYYY-MM-DD HH:MM:SS"
    std::string content;
    std::string approved;    // "1", "0" (held), "spam", "trash"
    std::string type;        // "" or "comment"; "pingback", "trackback"
    std::int64_t user_id = 0;
};

struct item {
    std::int64_t id = 0;
    std::string type;   // post, page, attachment, nav_menu_item, ...
    std::string title, link, creator, guid;
    std::string content, excerpt;
    std::string date, date_gmt; // "YYYY-MM-DD HH:MM:SS" (site time, and UTC)
    std::string slug, status;   // publish, draft, pending, future, private, inherit, trash
    std::int64_t parent = 0;
    std::string attachment_url;
    struct item_term {
        std::string domain; // category, post_tag, post_format, ...
        std::string slug, name;
    };
    std::vector<item_term> terms;
    std::string comment_status; // open or closed
    int menu_order = 0;
    std::vector<std::pair<std::string, std::string>> meta;  // (key, value)
    std::vector<comment> comments;
};

struct site {
    std::string version; // 1.0, 1.1 or 1.2
    std::string title, link, base_site_url, base_blog_url;
    std::vector<author> authors;
    std::vector<term> categories, tags, terms;
    std::vector<item> items;
};

// Why a file could not be read; line is 0 when the problem is not at one place.
struct error {
    std::string message;
    std::size_t line = 0;
};

std::variant<site, error> read_file(const std::filesystem::path& file);
std::variant<site, error> read_string(std::string_view xml);

} // namespace gazette::wxr
