// The settings table and the checks behind both the newsroom form and `gazette settings`.
#include "app/settings.hpp"

#include "core/hours.hpp"
#include "core/text.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>

namespace gazette::app {

namespace {

using k = setting_kind;

constexpr std::string_view site_group = "The site";
constexpr std::string_view comments_group = "Comments";
constexpr std::string_view chat_group = "Live chat";
constexpr std::string_view live_group = "Live coverage";
constexpr std::string_view feeds_group = "Feeds";

const std::array table{
    setting{site_group, "site.name", "Site name", "Shown in the masthead, in page titles and to search engines.",
            k::text, 1, 100, &site_settings::name},
    setting{site_group, "site.tagline", "Tagline", "A line under the name.", k::text, 0, 200, &site_settings::tagline},
    setting{site_group, "site.language", "Language",
            "The language articles are written in, as a tag like en, en-GB or cy: browsers, screen readers and "
            "search engines read it.",
            k::language, 0, 35, &site_settings::language},
    setting{site_group, "site.timezone", "Time zone",
            "Dates on the site, the dates in article addresses and scheduled publishing follow it.", k::zone, 0, 64,
            &site_settings::timezone},
    setting{site_group, "site.logo", "Logo",
            "An image from the media library shown in the masthead instead of the name in type; empty for the name.",
            k::image, 0, 300, &site_settings::logo},
    setting{site_group, "site.posts_per_page", "Articles per page",
            "How many articles section, tag and author pages list at a time.", k::integer, 1, max_posts_per_page,
            nullptr, &site_settings::posts_per_page},
    setting{comments_group, "comments.moderation", "Hold every comment",
            "Every comment waits for a moderator before it is shown.", k::boolean, 0, 1, nullptr, nullptr,
            &site_settings::comments_moderation},
    setting{comments_group, "comments.known_authors", "Trust known commenters",
            "Show a comment at once when its author already has an approved comment; hold first comments. "
            "Off: comments that pass every other check are shown at once.",
            k::boolean, 0, 1, nullptr, nullptr, &site_settings::comments_known_authors},
    setting{comments_group, "comments.max_links", "Hold comments with this many links",
            "Spam is mostly links. 0 never holds a comment for its links.", k::integer, 0, 100, nullptr,
            &site_settings::comments_max_links},
    setting{comments_group, "comments.moderation_words", "Hold comments containing",
            "One word, phrase or address per line, matched in the name, email, website, text, IP address and "
            "browser of a comment. A match waits for a moderator.",
            k::lines, 0, 20000, &site_settings::comments_moderation_words},
    setting{comments_group, "comments.disallowed_words", "Treat as spam comments containing",
            "One per line, matched like the list above. A match goes to spam.", k::lines, 0, 20000,
            &site_settings::comments_disallowed_words},
    setting{comments_group, "comments.flood_seconds", "Seconds between comments",
            "One address or email may comment once in this many seconds; staff are exempt. 0 turns it off.",
            k::integer, 0, 3600, nullptr, &site_settings::comments_flood_seconds},
    setting{comments_group, "comments.close_after_days", "Close comments after (days)",
            "Articles older than this take no new comments. 0 keeps them open.", k::integer, 0, 36500, nullptr,
            &site_settings::comments_close_after_days},
    setting{comments_group, "comments.thread_depth", "Reply depth",
            "How deeply replies nest; replies deeper than this line up under the last level.", k::integer, 1, 10,
            nullptr, &site_settings::comments_thread_depth},
    setting{comments_group, "comments.per_page", "Comments per page",
            "Threads (a comment with its replies) per page under an article.", k::integer, 5, 500, nullptr,
            &site_settings::comments_per_page},
    setting{comments_group, "comments.max_length", "Longest comment (characters)",
            "WordPress's limit is 65,525.", k::integer, 100, 65525, nullptr, &site_settings::comments_max_length},
    setting{comments_group, "comments.retain_ip_days", "Keep addresses for (days)",
            "Commenters' IP addresses and browsers are erased after this many days.", k::integer, 1, 3650, nullptr,
            &site_settings::comments_retain_ip_days},
    setting{chat_group, "chat.label", "Chat button", "The words on the chat bubble on every page.", k::text, 1, 40,
            &site_settings::chat_label},
    setting{chat_group, "chat.greeting", "Greeting", "The first thing a reader sees in the chat, before typing anything.",
            k::text, 1, 300, &site_settings::chat_greeting},
    setting{chat_group, "chat.bot_name", "Bot's name",
            "When nobody is online, a bot answers from the site's articles and the questions below, under this name.",
            k::text, 1, 60, &site_settings::chat_bot_name},
    setting{chat_group, "chat.faq", "Questions the bot answers",
            "One per line: the question, a |, the answer. For example: How do I subscribe? | Visit our subscriptions "
            "page or call 01234 567890.",
            k::lines, 0, 20000, &site_settings::chat_faq},
    setting{chat_group, "chat.retain_days", "Keep transcripts for (days)",
            "Conversations with no message for this long are deleted.", k::integer, 1, 3650, nullptr,
            &site_settings::chat_retain_days},
    setting{chat_group, "chat.colour", "Colour", "The chat bubble's colour, and the reader's own messages.", k::colour, 7,
            7, &site_settings::chat_colour},
    setting{chat_group, "chat.position", "Position", "Which bottom corner of the page the bubble sits in.", k::choice,
            0, 10, &site_settings::chat_position, nullptr, nullptr, "right=Bottom right|left=Bottom left"},
    setting{chat_group, "chat.prechat", "Ask for a name first",
            "Before the chat starts, readers give a name and, if they like, an email address (with their consent).",
            k::boolean, 0, 1, nullptr, nullptr, &site_settings::chat_prechat},
    setting{chat_group, "chat.hours", "Opening hours",
            "When the newsroom answers chats, in the site's time zone, one line per span of days, like "
            "\"Mon-Fri 09:00-17:30\". Outside these hours the bot answers. Empty: whenever someone is online.",
            k::hours, 0, 2000, &site_settings::chat_hours},
    setting{chat_group, "chat.canned", "Canned responses",
            "One per line, as \"shortcut | text\": in the chat inbox, typing /shortcut sends the text.", k::shortcuts, 0,
            20000, &site_settings::chat_canned},
    setting{live_group, "live.auto_end_hours", "End coverage after (hours without an update)",
            "Live coverage of a story ends by itself when nobody has posted an update for this long.", k::integer, 1,
            720, nullptr, &site_settings::live_auto_end_hours},
    setting{feeds_group, "feeds.websub_hub", "WebSub hub",
            "A hub that pushes new articles to feed readers the moment they are published (for example "
            "https://pubsubhubbub.appspot.com/). The feeds name it, and it is told of every new article. Empty: none.",
            k::url, 0, 500, &site_settings::websub_hub},
};

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }
bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// BCP 47's shape (RFC 5646): a 2-3 letter language, then subtags of 1-8 letters or digits.
bool language_tag(std::string_view tag) {
    std::size_t i = 0;
    bool first = true;
    while (i <= tag.size()) {
        const auto dash = std::min(tag.find('-', i), tag.size());
        const auto part = tag.substr(i, dash - i);
        if (first ? (part.size() < 2 || part.size() > 3 || !std::all_of(part.begin(), part.end(), alpha))
                  : (part.empty() || part.size() > 8 || !std::all_of(part.begin(), part.end(), alnum))) {
            return false;
        }
        first = false;
        i = dash + 1;
    }
    return true;
}

} // namespace

std::span<const setting> all_settings() { return table; }

const setting* find_setting(std::string_view key) {
    const auto it = std::find_if(table.begin(), table.end(), [&](const setting& s) { return s.key == key; });
    return it == table.end() ? nullptr : &*it;
}

checked_value check_setting(const setting& s, std::string_view input, store& db) {
    checked_value out{std::string(text::trim(input)), {}};
    const auto& v = out.value;
    const auto max = std::to_string(s.max);
    switch (s.kind) {
    case k::text:
        if (s.min > 0 && v.empty()) {
            out.error = "This cannot be empty.";
        } else if (v.size() > static_cast<std::size_t>(s.max)) {
            out.error = "Use at most " + max + " characters.";
        }
        break;
    case k::integer:
        if (const auto n = text::to_int(v, s.min, s.max)) {
            out.value = std::to_string(*n);
        } else {
            out.error = "Use a whole number from " + std::to_string(s.min) + " to " + max + ".";
        }
        break;
    case k::url:
        if (v.size() > static_cast<std::size_t>(s.max)) {
            out.error = "Use at most " + max + " characters.";
        } else if (!v.empty() && ((!v.starts_with("https://") && !v.starts_with("http://")) ||
                                  v.find_first_of(" \t\r\n\"<>") != std::string::npos ||
                                  v.find("://") + 3 >= v.size())) {
            out.error = "Use a web address starting with https:// (or http://).";
        }
        break;
    case k::language:
        if (v.size() > static_cast<std::size_t>(s.max) || !language_tag(v)) {
            out.error = "Use a language tag like en, en-GB or pt-BR.";
        }
        break;
    case k::zone:
        if (!time_zone::load(v)) {
            out.error = "Use a time zone name from the list, like Europe/London or America/New_York.";
        }
        break;
    case k::boolean:
        if (v == "1" || v == "on" || v == "true" || v == "yes") {
            out.value = "1";
        } else if (v == "0" || v == "off" || v == "false" || v == "no" || v.empty()) {
            out.value = "0";
        } else {
            out.error = "Use 1 (on) or 0 (off).";
        }
        break;
    case k::colour:
        if (v.size() != 7 || v[0] != '#' ||
            !std::all_of(v.begin() + 1, v.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); })) {
            out.error = "Use a colour like #b2221a.";
        } else {
            std::transform(out.value.begin(), out.value.end(), out.value.begin(),
                           [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
        }
        break;
    case k::choice: {
        bool known = false;
        for (const auto option : text::split(s.choices, '|')) {
            known = known || option.substr(0, option.find('=')) == v;
        }
        if (!known) {
            std::string names;
            for (const auto option : text::split(s.choices, '|')) {
                names += (names.empty() ? "" : " or ") + std::string(option.substr(0, option.find('=')));
            }
            out.error = "Use " + names + ".";
        }
        break;
    }
    case k::lines:
    case k::hours:
    case k::shortcuts: {
        // One entry per line, trimmed, blank lines dropped (as typed into a textarea: \r\n or \n).
        std::string lines;
        for (const auto line : text::split(v, '\n')) {
            const auto t = text::trim(line);
            if (!t.empty()) {
                lines += (lines.empty() ? "" : "\n") + std::string(t);
            }
        }
        out.value = std::move(lines);
        if (out.value.size() > static_cast<std::size_t>(s.max)) {
            out.error = "Use at most " + max + " characters.";
        } else if (s.kind == k::hours) {
            out.error = weekly_hours::parse(out.value).error;
        } else if (s.kind == k::shortcuts) {
            int number = 0;
            for (const auto line : text::split(out.value, '\n')) {
                ++number;
                const auto bar = line.find('|');
                const auto name = text::trim(line.substr(0, bar));
                if (bar == std::string_view::npos || name.empty() || name.size() > 32 ||
                    text::trim(line.substr(bar + 1)).empty() ||
                    !std::all_of(name.begin(), name.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                    })) {
                    out.error = "Line " + std::to_string(number) +
                                ": write \"shortcut | text\", the shortcut in lower-case letters, digits, - and _.";
                    break;
                }
            }
        }
        break;
    }
    case k::image:
        if (!v.empty()) {
            if (v.size() > static_cast<std::size_t>(s.max) || !v.starts_with("/media/")) {
                out.error = "Choose an image from the media library.";
            } else if (auto m = db.find_media_by_path(v); !m) {
                out.error = m.error() == errc::not_found ? "That image is not in the media library."
                                                         : "The media library could not be read; try again.";
            }
        }
        break;
    }
    return out;
}

std::string setting_value(const setting& def, const site_settings& s) {
    if (def.flag) {
        return s.*def.flag ? "1" : "0";
    }
    return def.number ? std::to_string(s.*def.number) : s.*def.text;
}

namespace {

void apply(const setting& def, site_settings& s, const std::string& value) {
    if (def.flag) {
        s.*def.flag = value == "1";
    } else if (def.number) {
        s.*def.number = text::to_int(value, def.min, def.max).value_or(s.*def.number);
    } else {
        s.*def.text = value;
    }
}

} // namespace

result<site_settings> load_settings(store& db, site_settings s) {
    auto stored = db.list_settings();
    if (!stored) {
        return stored.error();
    }
    for (const auto& [key, value] : *stored) {
        const setting* def = find_setting(key);
        if (!def) {
            continue; // not a site setting (demo_loaded and the like)
        }
        // Checked again: a zone can leave tzdata, an image the library. Only cheap checks here; the
        // image was checked when it was set, and media still used by the logo cannot be deleted.
        if (def->kind != k::image) {
            if (auto c = check_setting(*def, value, db); !c.error.empty()) {
                spdlog::warn("ignoring the stored setting {}: {}", key, c.error);
                continue;
            }
        }
        apply(*def, s, value);
    }
    if (auto z = time_zone::load(s.timezone)) {
        s.zone = std::move(z);
    } else {
        spdlog::warn("unknown time zone {}; using UTC", s.timezone);
        s.timezone = "UTC";
        s.zone = time_zone::utc();
    }
    return s;
}

result<settings_change> change_settings(store& db, const std::vector<std::pair<std::string, std::string>>& values) {
    settings_change change;
    setting_list checked;
    for (const auto& [key, value] : values) {
        const setting* def = find_setting(key);
        if (!def) {
            change.errors.emplace_back(key, "There is no setting called " + key + ".");
            continue;
        }
        auto c = check_setting(*def, value, db);
        if (!c.error.empty()) {
            change.errors.emplace_back(key, std::move(c.error));
        } else {
            checked.emplace_back(key, std::move(c.value));
        }
    }
    if (!change.errors.empty()) {
        return change;
    }
    if (auto r = db.put_settings(checked); !r) {
        return r.error();
    }
    return change;
}

bool same_stored(const site_settings& a, const site_settings& b) {
    return std::all_of(table.begin(), table.end(),
                       [&](const setting& def) { return setting_value(def, a) == setting_value(def, b); });
}

} // namespace gazette::app
