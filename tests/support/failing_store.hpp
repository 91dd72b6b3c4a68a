// A store decorator that fails one chosen call (SQLite's own fault-injection discipline): loop the failing
// call number over 0, 1, 2 ... and check that every request answers cleanly and nothing half-written stays.
#pragma once

#include "store/store.hpp"

#include <atomic>

namespace gazette::test {

class failing_store final : public store {
public:
    explicit failing_store(store& inner) : inner_(inner) {}

    // Fail the nth call from now (0 = the next one) with errc::internal; -1 = never.
    void fail_call(long n) {
        calls_ = 0;
        fail_at_ = n;
        failed_ = false;
    }
    long calls() const { return calls_; }
    bool failed() const { return failed_; }

using app_password_user = std::pair<app_password, user>;
using legacy_target = std::pair<id_t, id_t>;

#define GZ_FORWARD(ret, name, params, args)                                                                    \
    ret name params override {                                                                                 \
        if (tick()) {                                                                                          \
            return std::error_code(errc::internal);                                                            \
        }                                                                                                      \
        return inner_.name args;                                                                               \
    }
    GZ_FORWARD(result<article_page>, list_published, (const article_query& q), (q))
    GZ_FORWARD(result<article>, find_published_by_slug, (std::string_view s), (s))
    GZ_FORWARD(result<article>, find_article, (id_t id), (id))
    GZ_FORWARD(result<id_t>, insert_article, (const article_input& in, unix_time c, unix_time u), (in, c, u))
    GZ_FORWARD(result<void>, update_article, (id_t id, const article_input& in, unix_time now), (id, in, now))
    GZ_FORWARD(result<std::vector<id_t>>, publish_due, (unix_time now), (now))
    GZ_FORWARD(result<id_t>, find_article_by_old_slug, (std::string_view s), (s))
    GZ_FORWARD(result<std::vector<revision>>, list_revisions, (id_t id), (id))
    GZ_FORWARD(result<std::optional<unix_time>>, next_scheduled, (), ())
    GZ_FORWARD(result<article_page>, list_for_newsroom, (const admin_article_query& q), (q))
    GZ_FORWARD(result<status_counts>, count_by_status, (), ())
    using login_result = result<std::pair<user, std::string>>;
    GZ_FORWARD(login_result, find_login, (std::string_view e), (e))
    GZ_FORWARD(result<void>, set_password, (id_t id, std::string_view h), (id, h))
    GZ_FORWARD(result<void>, insert_session, (const session& s), (s))
    GZ_FORWARD(result<session>, find_session, (std::string_view id), (id))
    GZ_FORWARD(result<void>, touch_session, (std::string_view id, unix_time now), (id, now))
    GZ_FORWARD(result<void>, delete_session, (std::string_view id), (id))
    GZ_FORWARD(result<std::int64_t>, delete_sessions_of, (id_t id), (id))
    GZ_FORWARD(result<std::int64_t>, delete_expired_sessions, (unix_time a, unix_time b), (a, b))
    GZ_FORWARD(result<std::vector<category>>, list_categories, (), ())
    GZ_FORWARD(result<category>, find_category_by_slug, (std::string_view s), (s))
    GZ_FORWARD(result<category>, find_category, (id_t id), (id))
    GZ_FORWARD(result<id_t>, insert_category, (const category& c), (c))
    GZ_FORWARD(result<void>, update_category, (const category& c), (c))
    GZ_FORWARD(result<std::vector<tag>>, list_tags, (), ())
    GZ_FORWARD(result<tag>, find_tag_by_slug, (std::string_view s), (s))
    GZ_FORWARD(result<void>, update_tag, (id_t id, std::string_view s, std::string_view n), (id, s, n))
    GZ_FORWARD(result<std::int64_t>, tag_uses, (id_t id), (id))
    GZ_FORWARD(result<void>, delete_tag, (id_t id), (id))
    GZ_FORWARD(result<void>, merge_tags, (id_t f, id_t i), (f, i))
    GZ_FORWARD(result<id_t>, insert_user, (const user& u, std::string_view h), (u, h))
    GZ_FORWARD(result<user>, find_user, (id_t id), (id))
    GZ_FORWARD(result<user>, find_user_by_slug, (std::string_view s), (s))
    GZ_FORWARD(result<std::vector<user>>, list_authors, (), ())
    GZ_FORWARD(result<std::vector<user>>, list_staff, (), ())
    GZ_FORWARD(result<id_t>, insert_media, (const media_item& m), (m))
    GZ_FORWARD(result<std::vector<media_item>>, list_media, (std::int64_t l, std::int64_t o), (l, o))
    GZ_FORWARD(result<media_item>, find_media, (id_t id), (id))
    GZ_FORWARD(result<media_item>, find_media_by_path, (std::string_view p), (p))
    GZ_FORWARD(result<std::int64_t>, media_uses, (std::string_view p), (p))
    GZ_FORWARD(result<void>, delete_media, (id_t id), (id))
    GZ_FORWARD(result<std::optional<std::string>>, get_setting, (std::string_view k), (k))
    GZ_FORWARD(result<std::vector<comment_outcome>>, add_comments, (const std::vector<comment_candidate>& b, unix_time n), (b, n))
    GZ_FORWARD(result<std::vector<comment>>, approved_comments, (id_t a), (a))
    GZ_FORWARD(result<comment>, find_comment, (id_t id), (id))
    GZ_FORWARD(result<comment_page>, list_comments, (const comment_query& q), (q))
    GZ_FORWARD(result<comment_counts>, count_comments, (), ())
    GZ_FORWARD(result<std::vector<id_t>>, set_comment_status, (const std::vector<id_t>& ids, comment_status st, unix_time n), (ids, st, n))
    GZ_FORWARD(result<id_t>, update_comment_body, (id_t id, std::string_view b), (id, b))
    GZ_FORWARD(result<id_t>, delete_comment, (id_t id), (id))
    GZ_FORWARD(result<void>, set_comments_closed, (id_t a, bool c), (a, c))
    GZ_FORWARD(result<std::int64_t>, purge_trash, (unix_time t), (t))
    GZ_FORWARD(result<std::int64_t>, forget_comment_addresses, (unix_time t), (t))
    GZ_FORWARD(result<std::vector<comment>>, comments_by_email, (std::string_view e), (e))
    GZ_FORWARD(result<std::vector<id_t>>, erase_comments_by_email, (std::string_view e), (e))
    GZ_FORWARD(result<id_t>, add_ban, (const comment_ban& b, id_t by), (b, by))
    GZ_FORWARD(result<std::vector<comment_ban>>, list_bans, (unix_time n), (n))
    GZ_FORWARD(result<void>, delete_ban, (id_t id), (id))
    GZ_FORWARD(result<id_t>, add_privacy_request, (const privacy_request& r), (r))
    GZ_FORWARD(result<std::vector<privacy_request>>, open_privacy_requests, (), ())
    GZ_FORWARD(result<void>, close_privacy_request, (id_t id, id_t by, unix_time at), (id, by, at))
    GZ_FORWARD(result<std::int64_t>, privacy_requests_since, (std::string_view e, std::string_view k, unix_time s), (e, k, s))
    GZ_FORWARD(result<std::vector<article>>, search_articles, (const std::vector<std::string>& w, std::int64_t l), (w, l))
    GZ_FORWARD(result<std::vector<chat_conversation>>, conversations_by_email, (std::string_view e), (e))
    GZ_FORWARD(result<std::int64_t>, delete_conversations_by_email, (std::string_view e), (e))
    GZ_FORWARD(result<std::int64_t>, delete_conversations_before, (unix_time t), (t))
    GZ_FORWARD(result<void>, set_conversation_email, (id_t c, std::string_view e), (c, e))
    GZ_FORWARD(result<tag>, find_tag, (id_t id), (id))
    GZ_FORWARD(result<std::int64_t>, count_media, (), ())
    GZ_FORWARD(result<id_t>, insert_tag, (std::string_view s, std::string_view n), (s, n))
    GZ_FORWARD(result<void>, delete_article, (id_t id), (id))
    GZ_FORWARD(result<search_page>, search_published, (const std::vector<std::string>& w, std::int64_t n, std::int64_t o),
               (w, n, o))
    GZ_FORWARD(result<id_t>, add_app_password, (id_t u, std::string_view n, std::string_view h, unix_time t), (u, n, h, t))
    GZ_FORWARD(result<app_password_user>, find_app_password, (std::string_view h), (h))
    GZ_FORWARD(result<std::vector<app_password>>, list_app_passwords, (id_t u), (u))
    GZ_FORWARD(result<void>, delete_app_password, (id_t id, id_t u), (id, u))
    GZ_FORWARD(result<void>, touch_app_password, (id_t id, unix_time t), (id, t))
    GZ_FORWARD(result<live_coverage>, find_live, (id_t a), (a))
    GZ_FORWARD(result<void>, start_live, (id_t a, unix_time t), (a, t))
    GZ_FORWARD(result<void>, end_live, (id_t a, unix_time t), (a, t))
    GZ_FORWARD(result<std::vector<id_t>>, quiet_live, (unix_time t), (t))
    GZ_FORWARD(result<live_entries>, list_live_entries, (id_t a), (a))
    GZ_FORWARD(result<live_entry>, find_live_entry, (id_t id), (id))
    GZ_FORWARD(result<id_t>, add_live_entry, (const live_entry& e), (e))
    GZ_FORWARD(result<void>, update_live_entry, (const live_entry& e), (e))
    GZ_FORWARD(result<void>, delete_live_entry, (id_t id), (id))
    GZ_FORWARD(result<id_t>, add_live_event, (std::string_view n, std::string_view d, unix_time t), (n, d, t))
    GZ_FORWARD(result<live_events>, live_events_after, (id_t a, unix_time t, std::int64_t n), (a, t, n))
    GZ_FORWARD(result<id_t>, last_live_event, (), ())
    GZ_FORWARD(result<std::int64_t>, delete_live_events_before, (unix_time t), (t))
    GZ_FORWARD(result<void>, set_conversation_visitor, (id_t c, std::string_view n, std::string_view e), (c, n, e))
    GZ_FORWARD(result<void>, set_conversation_page, (id_t c, std::string_view p, std::string_view r), (c, p, r))
    GZ_FORWARD(result<void>, assign_conversation, (id_t c, id_t a), (c, a))
    GZ_FORWARD(result<void>, set_conversation_open, (id_t c, bool o), (c, o))
    GZ_FORWARD(result<chat_summaries>, open_conversations, (std::int64_t n), (n))
    GZ_FORWARD(result<chat_summary>, conversation_summary, (id_t c), (c))
    GZ_FORWARD(result<chat_summaries>, search_conversations, (std::string_view p, std::int64_t n), (p, n))
    GZ_FORWARD(result<id_t>, create_conversation, (std::string_view h, const chat_conversation& c), (h, c))
    GZ_FORWARD(result<chat_conversation>, find_conversation_by_token, (std::string_view h), (h))
    GZ_FORWARD(result<chat_conversation>, find_conversation, (id_t id), (id))
    GZ_FORWARD(result<std::int64_t>, conversations_from, (std::string_view ip, unix_time s), (ip, s))
    GZ_FORWARD(result<chat_added>, add_chat_message, (const chat_message& m), (m))
    GZ_FORWARD(result<std::vector<chat_message>>, chat_messages_after, (id_t c, id_t a, std::int64_t l, bool n), (c, a, l, n))
    GZ_FORWARD(result<void>, mark_chat_read, (id_t c, bool v, id_t u), (c, v, u))
    GZ_FORWARD(result<void>, add_views, (std::string_view d, const view_counts& c), (d, c))
    GZ_FORWARD(result<day_counts>, views_per_day, (std::string_view f, std::string_view t), (f, t))
    GZ_FORWARD(result<ranked_articles>, most_viewed, (std::string_view f, std::string_view t, std::int64_t n), (f, t, n))
    GZ_FORWARD(result<void>, put_setting, (std::string_view k, std::string_view v), (k, v))
    GZ_FORWARD(result<setting_list>, list_settings, (), ())
    GZ_FORWARD(result<void>, put_settings, (const setting_list& v), (v))
    GZ_FORWARD(result<site_page>, find_published_page, (std::string_view p), (p))
    GZ_FORWARD(result<site_page>, find_page, (id_t id), (id))
    GZ_FORWARD(result<std::vector<site_page>>, list_pages, (bool published_only), (published_only))
    GZ_FORWARD(result<id_t>, insert_page, (const site_page& p), (p))
    GZ_FORWARD(result<void>, update_page, (const site_page& p), (p))
    GZ_FORWARD(result<void>, delete_page, (id_t id), (id))
    GZ_FORWARD(result<legacy_target>, find_legacy_path, (std::string_view p), (p))
    GZ_FORWARD(result<wp_import_result>, import_wordpress,
               (const wp_import& in, unix_time now, const std::function<void(std::size_t, std::size_t)>& progress),
               (in, now, progress))
    GZ_FORWARD(result<std::vector<article>>, all_articles, (), ())
    GZ_FORWARD(result<std::vector<comment>>, all_comments, (), ())
    GZ_FORWARD(result<int>, schema_version, (), ())
#undef GZ_FORWARD

private:
    bool tick() {
        const long n = calls_++;
        if (n == fail_at_) {
            failed_ = true;
            return true;
        }
        return false;
    }
    store& inner_;
    std::atomic<long> calls_{0};
    std::atomic<long> fail_at_{-1};
    std::atomic<bool> failed_{false};
};

} // namespace gazette::test
