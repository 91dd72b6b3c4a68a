// The news model: what the store keeps and the rest of Gazette works with. Plain values, no behaviour.
#pragma once

#include "core/time.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

using id_t = std::int64_t;

enum class role { admin, editor, author, moderator, agent };
std::string_view to_string(role r) noexcept;
std::optional<role> role_from_string(std::string_view s) noexcept;
// Roles whose Markdown may carry raw HTML (trusted staff).
bool may_use_raw_html(role r) noexcept;

struct user {
    id_t id = 0;
    std::string email; // never shown publicly
    std::string name;
    std::string slug;
    role role_ = role::author;
    std::string bio;
    unix_time created_at = 0;
};

struct category {
    id_t id = 0;
    std::string slug;
    std::string name;
    std::string description;
    int position = 0; // front-page order
    std::int64_t count = 0; // published articles (filled by listings that say so)
    id_t parent_id = 0;     // 0: a top-level section (the menu lists those)
};

struct tag {
    id_t id = 0;
    std::string slug;
    std::string name;
    std::int64_t count = 0;
};

// The newsroom's flow: draft → review → scheduled → published → unpublished (taken down; kept).
enum class article_status { draft, review, scheduled, published, unpublished };
std::string_view to_string(article_status s) noexcept;
std::optional<article_status> status_from_string(std::string_view s) noexcept;

struct article {
    id_t id = 0;
    std::string slug;
    std::string headline;
    std::string standfirst;
    std::string body_md;
    std::string body_html; // rendered from body_md at save time
    id_t author_id = 0;
    id_t category_id = 0;
    article_status status = article_status::draft;
    unix_time published_at = 0; // 0 while never published
    unix_time created_at = 0;
    unix_time updated_at = 0;   // last change of the text
    bool breaking = false;
    std::string image_url;
    std::string image_alt;
    std::string image_caption;
    std::int64_t revision = 1; // bumped by every save
    bool comments_closed = false;
    std::int64_t comment_count = 0; // approved comments, as readers see them

    // Joined for display by the store's read methods.
    std::string author_name;
    std::string author_slug;
    std::string category_name;
    std::string category_slug;
    std::vector<tag> tags;
};

// What a listing asks for. Public listings see published articles only.
struct article_query {
    std::optional<id_t> category_id;
    std::optional<id_t> tag_id;
    std::optional<id_t> author_id;
    std::optional<id_t> exclude_id;
    bool breaking_only = false;
    bool with_body = false; // the API needs bodies; pages need only cards
    std::int64_t limit = 10;
    std::int64_t offset = 0;
};

struct article_page {
    std::vector<article> items;
    std::int64_t total = 0; // matching articles, over all pages
};

// A signed-in staff session, as stored (the token itself is never stored, only its hash).
struct session {
    std::string id; // hex hash of the cookie token
    id_t user_id = 0;
    std::string csrf;
    unix_time created_at = 0;
    unix_time last_seen = 0;
};

// What the newsroom's article list asks for: any status, optional text search over headlines.
struct admin_article_query {
    std::optional<article_status> status;
    std::string search; // words in the headline or standfirst; empty for all
    std::optional<id_t> author_id;
    std::optional<id_t> category_id;
    enum class order { updated, published, headline } sort = order::updated; // newest first, or A–Z
    std::int64_t limit = 20;
    std::int64_t offset = 0;
};

struct status_counts {
    std::int64_t drafts = 0;
    std::int64_t review = 0;
    std::int64_t scheduled = 0;
    std::int64_t published = 0;
    std::int64_t unpublished = 0;
};

// An uploaded image in the media library.
struct media_item {
    id_t id = 0;
    std::string path; // URL path under /media/
    std::string filename;
    std::string mime;
    std::int64_t bytes = 0;
    std::string alt;
    id_t uploaded_by = 0;
    unix_time created_at = 0;
};

// A new or changed article as the service hands it to the store; tags by slug and name.
struct article_input {
    std::string slug;
    std::string headline;
    std::string standfirst;
    std::string body_md;
    std::string body_html;
    id_t author_id = 0;
    id_t category_id = 0;
    article_status status = article_status::draft;
    unix_time published_at = 0;
    bool breaking = false;
    std::string image_url;
    std::string image_alt;
    std::string image_caption;
    std::vector<std::pair<std::string, std::string>> tags; // {slug, name}
    id_t saved_by = 0;                    // who saves it (0: nobody in particular, e.g. demo or import)
    std::int64_t expected_revision = 0;   // update only: the revision the editor started from; 0 = any
};

// One saved state of an article's text.
struct revision {
    id_t id = 0;
    id_t article_id = 0;
    std::int64_t number = 0;
    id_t user_id = 0;
    std::string user_name;
    unix_time saved_at = 0;
    std::string headline;
    std::string standfirst;
    std::string body_md;
};

// ---- reader comments -------------------------------------------------------------------------------

enum class comment_status { pending, approved, spam, trash };
std::string_view to_string(comment_status s) noexcept;
std::optional<comment_status> comment_status_from_string(std::string_view s) noexcept;

struct comment {
    id_t id = 0;
    id_t article_id = 0;
    id_t parent_id = 0; // 0: a reply to the article
    int depth = 1;
    std::string author_name;
    std::string author_email; // private: never on a public page, feed, API answer or log line
    std::string author_url;
    std::string body;         // plain text as typed
    comment_status status = comment_status::pending;
    std::string reason;       // why it was held or marked spam
    std::string ip;           // empty once past the retention period
    std::string user_agent;
    id_t user_id = 0;         // staff who wrote it (shown with a staff badge), else 0
    bool erased = false;      // erased on its author's request, kept as "[deleted]" for its replies
    unix_time created_at = 0;
    unix_time status_at = 0;
    // Joined for the newsroom.
    std::string article_headline;
};

// How a new comment stands before the checks that need the database (see comments/pipeline.hpp).
struct comment_verdict {
    enum class kind { approve, hold, spam, approve_if_known } what = kind::approve_if_known;
    std::string reason;
};

// A comment on its way in: the comment, the verdict of the checks that need no database, and the
// rules for the ones that do (duplicate, flood, bans, a previously approved comment by the same email).
struct comment_candidate {
    comment c;
    comment_verdict verdict;
    std::int64_t flood_seconds = 0; // 0: no flood check (and staff are never checked)
    int max_depth = 5;
};

struct comment_outcome {
    enum class kind { stored, duplicate, flood, closed, bad_parent } what = kind::stored;
    id_t id = 0;
    comment_status status = comment_status::pending;
    std::string reason;
};

struct comment_query {
    std::optional<comment_status> status;
    std::string search; // in text, name, email or address
    std::optional<id_t> article_id;
    std::int64_t limit = 50;
    std::int64_t offset = 0;
};

struct comment_page {
    std::vector<comment> items;
    std::int64_t total = 0;
};

struct comment_counts {
    std::int64_t pending = 0;
    std::int64_t approved = 0;
    std::int64_t spam = 0;
    std::int64_t trash = 0;
};

struct comment_ban {
    id_t id = 0;
    std::string kind; // "email" or "ip"
    std::string value;
    unix_time expires_at = 0; // 0: never
    unix_time created_at = 0;
};

// A reader's request for their data, made on the site's privacy page.
struct privacy_request {
    id_t id = 0;
    std::string email;
    std::string kind; // "export" or "erase"
    std::string note;
    unix_time created_at = 0;
    unix_time done_at = 0; // 0 while open
};

// ---- live chat -------------------------------------------------------------------------------------

struct chat_conversation {
    id_t id = 0;
    std::string visitor_name;
    std::string visitor_email; // private
    std::string page_url;
    std::string referrer;
    std::string ip;
    std::string user_agent;
    bool open = true;
    id_t agent_id = 0;
    id_t visitor_read_to = 0;
    id_t agent_read_to = 0;
    unix_time created_at = 0;
    unix_time last_message_at = 0;
};

struct chat_message {
    id_t id = 0;
    id_t conversation_id = 0;
    std::string sender; // visitor, agent, bot, note (a note is for the newsroom only)
    id_t agent_id = 0;
    std::string name;
    std::string text;
    std::string client_id;
    unix_time created_at = 0;
};

// An application password for the REST API (the secret itself is never stored).
struct app_password {
    id_t id = 0;
    id_t user_id = 0;
    std::string name;
    unix_time created_at = 0;
    unix_time last_used_at = 0;
};

// A search result: the article (no body) and a snippet of its text around the matched words, with each
// match between the characters \x01 and \x02 (for the page to mark up after escaping).
struct search_hit {
    article a;
    std::string snippet;
};
struct search_page {
    std::vector<search_hit> items;
    std::int64_t total = 0;
};

// Live coverage of an article.
struct live_coverage {
    id_t article_id = 0;
    bool live = false; // false: ended
    unix_time started_at = 0;
    unix_time ended_at = 0;
    unix_time last_entry_at = 0;
};

struct live_entry {
    id_t id = 0;
    id_t article_id = 0;
    std::string body_md;
    std::string body_html;
    std::string image_url;
    std::string image_alt;
    id_t author_id = 0;
    std::string author_name; // read with the entry; empty when the author is gone
    std::string author_slug;
    bool key_event = false;
    unix_time created_at = 0;
    unix_time updated_at = 0;
};
using live_entries = std::vector<live_entry>;

// An event sent to open pages (/live), as kept for clients that reconnect.
struct live_event {
    id_t id = 0;
    std::string name;
    std::string data; // one line of JSON
    unix_time created_at = 0;
};
using live_events = std::vector<live_event>;

// A conversation as the newsroom's inbox lists it.
struct chat_summary {
    chat_conversation conversation;
    std::string agent_name;  // who has taken it; empty when nobody has
    std::int64_t unread = 0; // the reader's messages after the newsroom's read mark
    std::string last_from;   // the last message (notes aside); empty when there is none
    std::string last_text;
    unix_time last_at = 0;
};
using chat_summaries = std::vector<chat_summary>;

// A page that is not news (About, Contact), at its own address outside the article lists.
struct site_page {
    id_t id = 0;
    std::string path; // "/about/", "/about/team/"
    std::string title;
    std::string body_md;
    std::string body_html;
    id_t author_id = 0;
    id_t parent_id = 0;
    int menu_order = 0;
    bool published = false;
    unix_time published_at = 0;
    unix_time created_at = 0;
    unix_time updated_at = 0;
    std::string author_name; // read with the page
};

// ---- moving a WordPress site over (wxr/importer.cpp prepares it; the store applies it at once) ----
struct wp_import_user {
    std::string login; // the key: posts name their author by login
    std::string email, name, slug;
    std::int64_t wp_id = 0;
};
struct wp_import_term {
    std::string slug; // the key
    std::string name, description;
    std::string parent; // categories: the parent's slug; empty at the top
};
struct wp_import_comment {
    std::int64_t wp_id = 0;
    std::int64_t wp_parent = 0; // 0: on the article itself
    std::string author_name, author_email, author_url, body, ip;
    comment_status status = comment_status::pending;
    std::string user_login; // the newsroom user who wrote it, if any
    unix_time created_at = 0;
};
struct wp_import_post {
    std::int64_t wp_id = 0;
    bool is_page = false;
    std::string slug, title, standfirst, body_md, body_html;
    article_status status = article_status::draft; // pages: published or draft
    unix_time created_at = 0, updated_at = 0, published_at = 0;
    std::string author_login;
    std::string category; // slug (posts)
    std::vector<std::string> tags; // slugs (posts)
    std::string image_url, image_alt, image_caption;
    std::string path;               // pages: "/about/team/"
    std::int64_t wp_parent = 0;     // pages: the parent page's WordPress id
    int menu_order = 0;
    bool comments_closed = false;
    std::vector<std::string> legacy_paths; // old addresses that should answer with a 301
    std::vector<wp_import_comment> comments;
};
struct wp_import {
    std::string source; // the site it came from (its URL): the idempotency key's first part
    std::vector<wp_import_user> users;
    std::vector<wp_import_term> categories, tags;
    std::vector<wp_import_post> posts; // posts and pages
};
// What an import did: created (new rows) and existing (already there from an earlier import, or merged
// with a section, tag or user of the same slug or email).
struct wp_import_tally {
    std::int64_t created = 0, existing = 0;
};
struct wp_import_result {
    wp_import_tally users, categories, tags, posts, pages, comments;
    std::int64_t redirects = 0;
};

} // namespace gazette
