// The store: Gazette's one door to persistent data. Methods are named for intent; every backend keeps
// its SQL in one place behind this interface (store/sqlite/ now, store/postgres/ later), so handlers
// never change when the backend does.
//
// Threading: every method may be called from any worker thread concurrently; never from an I/O thread
// (they block). Errors: errc::not_found, errc::conflict (a unique slug or email taken), errc::busy,
// errc::internal (logged by the backend).
#pragma once

#include "core/error.hpp"
#include "store/model.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace gazette {

// Page views: (article id, views); (YYYY-MM-DD, views); (article, views).
using view_counts = std::vector<std::pair<id_t, std::int64_t>>;
using day_counts = std::vector<std::pair<std::string, std::int64_t>>;
using ranked_articles = std::vector<std::pair<article, std::int64_t>>;

// Stored settings as (key, value) pairs.
using setting_list = std::vector<std::pair<std::string, std::string>>;

class store {
public:
    virtual ~store() = default;

    // ---- articles --------------------------------------------------------------------------------
    // Published articles, newest first, with author, section and tags joined.
    virtual result<article_page> list_published(const article_query& q) = 0;
    // A published article by slug (with body).
    virtual result<article> find_published_by_slug(std::string_view slug) = 0;
    // Any article by id, whatever its status (with body).
    virtual result<article> find_article(id_t id) = 0;
    // Creates an article; returns its id. errc::conflict when the slug is taken. updated_at is normally
    // created_at; imports and demo content may give a later one.
    virtual result<id_t> insert_article(const article_input& in, unix_time created_at, unix_time updated_at) = 0;
    // Replaces an article's fields and tags and keeps a revision. updated_at becomes now when the text
    // changed. errc::stale when in.expected_revision is set and the article has moved on since;
    // errc::conflict when the slug is taken. A published article's old slug keeps redirecting.
    virtual result<void> update_article(id_t id, const article_input& in, unix_time now) = 0;
    // The article that used to have this slug, if any.
    virtual result<id_t> find_article_by_old_slug(std::string_view slug) = 0;
    // An article's revisions, newest first (with the saver's name).
    virtual result<std::vector<revision>> list_revisions(id_t article_id) = 0;
    // Scheduled articles whose time has come: their status becomes published. Returns their ids.
    virtual result<std::vector<id_t>> publish_due(unix_time now) = 0;
    // The earliest published_at among scheduled articles, if any.
    virtual result<std::optional<unix_time>> next_scheduled() = 0;
    // Articles of any status for the newsroom, most recently updated first (no bodies).
    virtual result<article_page> list_for_newsroom(const admin_article_query& q) = 0;
    virtual result<status_counts> count_by_status() = 0;

    // Deletes an article with its revisions, comments and live coverage. errc::not_found.
    virtual result<void> delete_article(id_t id) = 0;

    // ---- sections and tags -------------------------------------------------------------------------
    virtual result<std::vector<category>> list_categories() = 0; // in front-page order, with counts
    virtual result<category> find_category_by_slug(std::string_view slug) = 0;
    virtual result<category> find_category(id_t id) = 0;
    virtual result<id_t> insert_category(const category& c) = 0; // with its parent_id (0: top level)
    // Renames, re-slugs, re-describes, re-orders or moves (parent_id) a section. errc::conflict when the
    // slug is taken. The caller checks that the parent exists and is not the section or below it.
    virtual result<void> update_category(const category& c) = 0;
    virtual result<std::vector<tag>> list_tags() = 0; // by name, with counts of published articles
    virtual result<tag> find_tag_by_slug(std::string_view slug) = 0;
    virtual result<tag> find_tag(id_t id) = 0;
    // A new tag. errc::conflict when the slug is taken.
    virtual result<id_t> insert_tag(std::string_view slug, std::string_view name) = 0;
    // Renames a tag. errc::conflict when the slug is taken, errc::not_found.
    virtual result<void> update_tag(id_t id, std::string_view slug, std::string_view name) = 0;
    // How many articles (of any status) carry the tag.
    virtual result<std::int64_t> tag_uses(id_t id) = 0;
    virtual result<void> delete_tag(id_t id) = 0;
    // Every article with tag from gets tag into instead, and from is deleted; all or nothing.
    // errc::not_found when either is missing, errc::invalid when they are the same.
    virtual result<void> merge_tags(id_t from, id_t into) = 0;

    // ---- people ----------------------------------------------------------------------------------
    // Creates a user; errc::conflict when the email or slug is taken.
    virtual result<id_t> insert_user(const user& u, std::string_view password_hash) = 0;
    virtual result<user> find_user(id_t id) = 0;
    virtual result<user> find_user_by_slug(std::string_view slug) = 0;
    // Users who have at least one published article, by name.
    virtual result<std::vector<user>> list_authors() = 0;
    // Staff who can write (admins, editors, authors), by name: the editor's author list.
    virtual result<std::vector<user>> list_staff() = 0;
    // The user with this email (case-insensitive) and their password hash, for signing in.
    virtual result<std::pair<user, std::string>> find_login(std::string_view email) = 0;
    virtual result<void> set_password(id_t user_id, std::string_view password_hash) = 0;

    // ---- sessions --------------------------------------------------------------------------------
    virtual result<void> insert_session(const session& s) = 0;
    virtual result<session> find_session(std::string_view id) = 0;
    virtual result<void> touch_session(std::string_view id, unix_time now) = 0;
    virtual result<void> delete_session(std::string_view id) = 0;
    // Signs a user out everywhere; returns how many sessions ended.
    virtual result<std::int64_t> delete_sessions_of(id_t user_id) = 0;
    // Removes sessions idle since before idle_before or created before created_before.
    virtual result<std::int64_t> delete_expired_sessions(unix_time idle_before, unix_time created_before) = 0;

    // ---- media ---------------------------------------------------------------------------------------
    virtual result<id_t> insert_media(const media_item& m) = 0;
    virtual result<std::vector<media_item>> list_media(std::int64_t limit, std::int64_t offset) = 0; // newest first
    virtual result<media_item> find_media(id_t id) = 0;
    virtual result<std::int64_t> count_media() = 0;
    virtual result<media_item> find_media_by_path(std::string_view path) = 0;
    // How many articles use this path, as their image or in their text.
    virtual result<std::int64_t> media_uses(std::string_view path) = 0;
    virtual result<void> delete_media(id_t id) = 0;

    // ---- reader comments ------------------------------------------------------------------------------
    // Stores a batch of new comments in one transaction (one disk sync for many readers: see
    // comments/writer.hpp), each after the checks that need the database, in the pipeline's order:
    // article open, parent valid, duplicate, flood, then (unless written by staff) ban → the verdict
    // → a previously approved comment by the same email. One outcome per candidate, in order.
    virtual result<std::vector<comment_outcome>> add_comments(const std::vector<comment_candidate>& batch,
                                                              unix_time now) = 0;
    // An article's approved comments (erased ones with replies included), oldest first.
    virtual result<std::vector<comment>> approved_comments(id_t article_id) = 0;
    virtual result<comment> find_comment(id_t id) = 0;
    virtual result<comment_page> list_comments(const comment_query& q) = 0; // newest first
    virtual result<comment_counts> count_comments() = 0;
    // Changes the status of each comment that has another; returns the articles whose comments changed.
    virtual result<std::vector<id_t>> set_comment_status(const std::vector<id_t>& ids, comment_status st,
                                                         unix_time now) = 0;
    virtual result<id_t> update_comment_body(id_t id, std::string_view body) = 0; // → its article
    // Deletes one for good; its replies move up to its parent. → its article.
    virtual result<id_t> delete_comment(id_t id) = 0;
    virtual result<void> set_comments_closed(id_t article_id, bool closed) = 0;
    virtual result<std::int64_t> purge_trash(unix_time before) = 0;             // trashed before then
    virtual result<std::int64_t> forget_comment_addresses(unix_time before) = 0; // IPs and agents
    virtual result<std::vector<comment>> comments_by_email(std::string_view email) = 0;
    // Erases everything of an email's comments (kept as "[deleted]" where they have replies); → articles.
    virtual result<std::vector<id_t>> erase_comments_by_email(std::string_view email) = 0;
    virtual result<id_t> add_ban(const comment_ban& b, id_t by) = 0;
    virtual result<std::vector<comment_ban>> list_bans(unix_time now) = 0; // those in force
    virtual result<void> delete_ban(id_t id) = 0;

    // Readers' privacy requests.
    virtual result<id_t> add_privacy_request(const privacy_request& r) = 0;
    virtual result<std::vector<privacy_request>> open_privacy_requests() = 0; // oldest first
    virtual result<void> close_privacy_request(id_t id, id_t by, unix_time at) = 0;
    // How often this email asked for this kind since then (one request a day is plenty).
    virtual result<std::int64_t> privacy_requests_since(std::string_view email, std::string_view kind, unix_time since) = 0;

    // ---- search ---------------------------------------------------------------------------------------
    // Published articles matching the words (any of them; headlines weigh most), best first.
    virtual result<std::vector<article>> search_articles(const std::vector<std::string>& words, std::int64_t limit) = 0;
    // Site search: published articles with every word (stemmed), best first, newer first among equals.
    virtual result<search_page> search_published(const std::vector<std::string>& words, std::int64_t limit,
                                                 std::int64_t offset) = 0;

    // ---- live chat ----------------------------------------------------------------------------------
    virtual result<id_t> create_conversation(std::string_view token_hash, const chat_conversation& c) = 0;
    virtual result<chat_conversation> find_conversation_by_token(std::string_view token_hash) = 0;
    virtual result<chat_conversation> find_conversation(id_t id) = 0;
    // Conversations started from this address since then (a limit per address).
    virtual result<std::int64_t> conversations_from(std::string_view ip, unix_time since) = 0;
    // Stores a message unless the conversation already has one with this client_id (then that one is
    // returned unchanged, with stored = false): a resend is stored once.
    struct chat_added {
        chat_message message;
        bool stored = false;
    };
    virtual result<chat_added> add_chat_message(const chat_message& m) = 0;
    // Messages after after_id, oldest first, at most limit; notes only when with_notes.
    virtual result<std::vector<chat_message>> chat_messages_after(id_t conversation_id, id_t after_id, std::int64_t limit,
                                                                  bool with_notes) = 0;
    virtual result<void> mark_chat_read(id_t conversation_id, bool by_visitor, id_t up_to) = 0;
    virtual result<void> set_conversation_email(id_t conversation_id, std::string_view email) = 0;
    // The pre-chat form: the reader's name and (optional) email.
    virtual result<void> set_conversation_visitor(id_t conversation_id, std::string_view name, std::string_view email) = 0;
    // The page the reader is on now (a resumed conversation follows the reader around the site).
    virtual result<void> set_conversation_page(id_t conversation_id, std::string_view page, std::string_view referrer) = 0;
    // Take or transfer (agent_id 0: nobody), close or reopen. errc::not_found for an unknown conversation.
    virtual result<void> assign_conversation(id_t conversation_id, id_t agent_id) = 0;
    virtual result<void> set_conversation_open(id_t conversation_id, bool open) = 0;
    // The inbox: open conversations that have a message, the latest first; one conversation's summary;
    // past conversations (open or closed) whose messages, reader's name or email contain the phrase.
    virtual result<chat_summaries> open_conversations(std::int64_t limit) = 0;
    virtual result<chat_summary> conversation_summary(id_t conversation_id) = 0;
    virtual result<chat_summaries> search_conversations(std::string_view phrase, std::int64_t limit) = 0;
    // The conversations a reader's email is tied to (privacy export), and their erasure.
    virtual result<std::vector<chat_conversation>> conversations_by_email(std::string_view email) = 0;
    virtual result<std::int64_t> delete_conversations_by_email(std::string_view email) = 0;
    // Conversations with no message since then are deleted with their messages (the retention period).
    virtual result<std::int64_t> delete_conversations_before(unix_time before) = 0;

    // ---- application passwords (REST API) ------------------------------------------------------------
    virtual result<id_t> add_app_password(id_t user_id, std::string_view name, std::string_view secret_hash,
                                          unix_time now) = 0;
    // The password with this hash and its user. errc::not_found.
    virtual result<std::pair<app_password, user>> find_app_password(std::string_view secret_hash) = 0;
    virtual result<std::vector<app_password>> list_app_passwords(id_t user_id) = 0;
    // Revokes one of a user's passwords. errc::not_found when the user has no such password.
    virtual result<void> delete_app_password(id_t id, id_t user_id) = 0;
    virtual result<void> touch_app_password(id_t id, unix_time now) = 0;

    // ---- live coverage and the events open pages hear ------------------------------------------------
    // errc::not_found when the article has never been covered live.
    virtual result<live_coverage> find_live(id_t article_id) = 0;
    // Starts (or resumes) and ends coverage.
    virtual result<void> start_live(id_t article_id, unix_time now) = 0;
    virtual result<void> end_live(id_t article_id, unix_time now) = 0;
    // Live coverage quiet since before then (no entry, or started, after it): to end by itself.
    virtual result<std::vector<id_t>> quiet_live(unix_time before) = 0;
    // An article's entries, newest first, with their authors' names.
    virtual result<live_entries> list_live_entries(id_t article_id) = 0;
    virtual result<live_entry> find_live_entry(id_t id) = 0;
    // Adds an entry (and notes the time on the coverage); returns its id.
    virtual result<id_t> add_live_entry(const live_entry& e) = 0;
    // Changes body, image, key flag and updated_at. errc::not_found.
    virtual result<void> update_live_entry(const live_entry& e) = 0;
    virtual result<void> delete_live_entry(id_t id) = 0;
    // Records an event; returns its id (ascending, never reused).
    virtual result<id_t> add_live_event(std::string_view name, std::string_view data, unix_time now) = 0;
    // Events after an id and no older than not_before, oldest first, at most limit.
    virtual result<live_events> live_events_after(id_t after, unix_time not_before, std::int64_t limit) = 0;
    // The newest event's id (0 when there is none).
    virtual result<id_t> last_live_event() = 0;
    virtual result<std::int64_t> delete_live_events_before(unix_time before) = 0;

    // ---- pages, and moving a WordPress site over ------------------------------------------------------
    // A published page at this path ("/about/"). errc::not_found.
    virtual result<site_page> find_published_page(std::string_view path) = 0;
    virtual result<site_page> find_page(id_t id) = 0;
    // Pages by path (with bodies and their authors' names); drafts too unless published_only.
    virtual result<std::vector<site_page>> list_pages(bool published_only) = 0;
    // The newsroom's pages: errc::conflict when the path is taken; errc::not_found for an unknown id.
    // parent_id 0: none. Deleting a page keeps its children (they lose their parent).
    virtual result<id_t> insert_page(const site_page& p) = 0;
    virtual result<void> update_page(const site_page& p) = 0;
    virtual result<void> delete_page(id_t id) = 0;
    // What an old address names now: {article id, page id}, one of them 0. errc::not_found.
    virtual result<std::pair<id_t, id_t>> find_legacy_path(std::string_view path) = 0;
    // Applies a prepared import in one transaction: all of it or, on any error, nothing. What an earlier
    // import of the same source already brought is left as it is; sections, tags and users that exist
    // with the same slug (email for users) are used rather than duplicated. progress(done, total) is
    // called on the calling thread after each post or page.
    virtual result<wp_import_result> import_wordpress(const wp_import& in, unix_time now,
                                                      const std::function<void(std::size_t, std::size_t)>& progress) = 0;
    // Everything, for gazette export-wxr: every article (any status, with body and tags), oldest first;
    // every comment (any status, emails included), oldest first.
    virtual result<std::vector<article>> all_articles() = 0;
    virtual result<std::vector<comment>> all_comments() = 0;

    // ---- page views (counts only: which article, which day) ----------------------------------------
    // Adds counts to a day's totals, all or none. article id 0: pages that are not articles.
    virtual result<void> add_views(std::string_view day, const view_counts& counts) = 0;
    // Views of every page per day, for days in [from, to] (YYYY-MM-DD); days without views are absent.
    virtual result<day_counts> views_per_day(std::string_view from, std::string_view to) = 0;
    // The most-viewed published articles over days in [from, to], most first.
    virtual result<ranked_articles> most_viewed(std::string_view from, std::string_view to, std::int64_t limit) = 0;

    // ---- site settings ---------------------------------------------------------------------------
    virtual result<std::optional<std::string>> get_setting(std::string_view key) = 0;
    virtual result<void> put_setting(std::string_view key, std::string_view value) = 0;
    virtual result<setting_list> list_settings() = 0;
    // Several at once, all or none.
    virtual result<void> put_settings(const setting_list& values) = 0;

    // The schema version the database is at.
    virtual result<int> schema_version() = 0;
};

} // namespace gazette
