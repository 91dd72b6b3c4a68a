// Site settings: one table lists every setting (key, label, help, kind, limits). The newsroom's settings
// form and `gazette settings` both check and store values through it, so a value is checked the same way
// wherever it comes from, and a new setting is one row here plus a field in site_settings.
#pragma once

#include "core/error.hpp"
#include "core/zone.hpp"
#include "store/store.hpp"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace gazette::app {

// The settings a running site uses; replaced whole when any changes.
struct site_settings {
    std::string name = "Gazette";
    std::string tagline = "News, as it happens";
    std::string url = "http://127.0.0.1:8080"; // from the config, not stored: for canonical and API links
    std::string language = "en";               // BCP 47: <html lang>, feeds
    std::string timezone = "UTC";              // tz database name; zone is it loaded
    std::shared_ptr<const time_zone> zone = time_zone::utc();
    std::string logo;                          // a media library image's path, or empty for the name in type
    std::int64_t posts_per_page = 10;

    // Comments (WordPress's defaults where it has one).
    bool comments_moderation = false;       // hold every comment for a moderator
    bool comments_known_authors = true;     // approve authors with an approved comment; hold the rest
    std::int64_t comments_max_links = 2;    // hold a comment with this many links (0: never)
    std::string comments_moderation_words;  // one per line: hold
    std::string comments_disallowed_words;  // one per line: spam
    std::int64_t comments_flood_seconds = 15;
    std::int64_t comments_close_after_days = 0; // 0: never
    std::int64_t comments_thread_depth = 5;
    std::int64_t comments_per_page = 50;        // top-level comments per page
    std::int64_t comments_max_length = 65525;   // characters
    std::int64_t comments_retain_ip_days = 60;

    // Live chat.
    std::string chat_label = "Chat with us";
    std::string chat_greeting = "Hi there! How can I help you?";
    std::string chat_bot_name = "Newsroom bot";
    std::string chat_faq; // "question | answer" per line
    std::int64_t chat_retain_days = 180;
    std::string chat_colour = "#b2221a";  // the bubble and the reader's messages
    std::string chat_position = "right";  // the bottom corner: right or left
    bool chat_prechat = false;            // ask for a name (and an email) before the chat starts
    std::string chat_hours;               // weekly_hours lines; empty: always staffed when agents are online
    std::int64_t live_auto_end_hours = 24; // live coverage ends by itself after this long without an entry
    std::string chat_canned =             // "shortcut | text" per line: agents type /shortcut
        "thanks | Thank you for getting in touch. Is there anything else I can help you with?\n"
        "tip | Thank you for the tip. A reporter will look into it. May we write to you if we have questions?\n"
        "correction | Thank you for pointing this out. I have passed it to the editor responsible, and we will "
        "publish a correction if one is needed.";

    // Feeds.
    std::string websub_hub; // a WebSub hub: advertised in the feeds and told when they change; empty for none
};

inline constexpr std::int64_t max_posts_per_page = 50;

enum class setting_kind {
    text,     // max = longest length in bytes; min 1 = required
    integer,  // min..max
    language, // a BCP 47 tag
    zone,     // a tz database name
    image,    // a media library image path, or empty
    boolean,  // "1" or "0"
    lines,    // free text, one entry per line; max = longest length
    colour,   // "#rrggbb"
    choice,   // one of the setting's choices
    hours,    // weekly opening hours (core/hours.hpp)
    shortcuts, // "shortcut | text" lines; a shortcut is 1-32 of a-z 0-9 - _
    url,       // an http(s) address, or empty
};

struct setting {
    std::string_view group; // the settings page's heading: "The site", "Comments"
    std::string_view key;   // "site.name"
    std::string_view label;
    std::string_view help;
    setting_kind kind = setting_kind::text;
    std::int64_t min = 0, max = 0;
    // Where the value lives in site_settings: a string, or for integers a number.
    std::string site_settings::*text = nullptr;
    std::int64_t site_settings::*number = nullptr;
    bool site_settings::*flag = nullptr;
    std::string_view choices = {}; // for choice: "value=Label|value=Label"
};

std::span<const setting> all_settings();
const setting* find_setting(std::string_view key); // nullptr when there is no such setting

// A typed value checked: what to store (trimmed) or, when error is not empty, why it cannot be.
struct checked_value {
    std::string value;
    std::string error;
};
// db is asked whether an image exists in the media library.
checked_value check_setting(const setting& s, std::string_view input, store& db);

// The value of a setting in s, as stored and as the form shows it.
std::string setting_value(const setting& def, const site_settings& s);

// The stored settings over defaults. A stored value that no longer passes its check (say, a time zone
// removed from tzdata) is ignored with a warning; the site still starts.
result<site_settings> load_settings(store& db, site_settings defaults);

// Checks every (key, value) and stores them all or none. Errors by key when any fails (nothing stored).
struct settings_change {
    std::vector<std::pair<std::string, std::string>> errors; // key, message
};
result<settings_change> change_settings(store& db, const std::vector<std::pair<std::string, std::string>>& values);

// Whether two settings differ in anything stored (url and the loaded zone object are not compared).
bool same_stored(const site_settings& a, const site_settings& b);

} // namespace gazette::app
