// The way in for a reader's comment: the form as typed (WordPress's field names), its checks field by
// field, and the verdict of the moderation rules that need no database. The rules that do (duplicate,
// flood, bans, a previously approved comment by the same email) run in the store, in the same
// transaction that stores the comment (store::add_comments). The order of all of them, first match wins:
//
//   duplicate (409) → flood (429; staff exempt) → banned sender (spam) → manual moderation (hold)
//   → too many links (hold) → moderation words (hold) → disallowed words (spam)
//   → honeypot filled or sent faster than a person could (spam) → known author (approve) or hold.
#pragma once

#include "app/settings.hpp"
#include "http/forms.hpp"
#include "store/model.hpp"

#include <string>
#include <vector>

namespace gazette::comments {

// WordPress's limits (wp-includes/comment.php), in characters.
inline constexpr std::size_t max_author = 245;
inline constexpr std::size_t max_email = 100;
inline constexpr std::size_t max_url = 200;
// A comment sent within this long of its page opening (measured by the page's script) is a robot's.
inline constexpr std::int64_t min_human_ms = 2500;

// The form as typed, kept whole so an error can show it again.
struct form {
    std::string post_id;  // comment_post_ID
    std::string parent;   // comment_parent
    std::string comment;
    std::string author;
    std::string email;
    std::string url;
    bool remember = false; // wp-comment-cookies-consent
    std::string honeypot;  // gz_hp: a field people never see
    std::string elapsed;   // gz_elapsed: milliseconds from page open to send, set by the page's script
};
form read_form(const http::form& posted);

struct field_error {
    std::string field; // comment, author, email, url
    std::string message;
};

// Checks every field; on success fills in's text fields (trimmed, email lower-cased, url with a scheme).
std::vector<field_error> check(const form& f, const app::site_settings& rules, comment& out);

// The rules that need no database, applied to a checked comment (with ip and user_agent filled in).
comment_verdict judge(const comment& c, const form& f, const app::site_settings& rules);

// Whether comments on an article are closed: by hand, or by age (comments.close_after_days).
bool closed(const article& a, const app::site_settings& rules, unix_time now);

} // namespace gazette::comments
