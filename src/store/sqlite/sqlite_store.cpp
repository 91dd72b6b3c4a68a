// The SQLite store: connection pool, statement cache, migrations, and every SQL statement Gazette runs.
#include "store/sqlite/sqlite_store.hpp"

#include "resources/resources.hpp"

#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

namespace gazette::sqlite {
namespace {

// ---- statements: all of the backend's SQL, named -------------------------------------------------

#define GZ_ARTICLE_SELECT                                                                                   \
    "SELECT a.id, a.slug, a.headline, a.standfirst,"                                                        \
    " CASE WHEN ?100 THEN a.body_md ELSE '' END, CASE WHEN ?100 THEN a.body_html ELSE '' END,"              \
    " a.author_id, a.category_id, a.status, a.published_at, a.created_at, a.updated_at, a.breaking,"         \
    " a.image_url, a.image_alt, a.image_caption, u.name, u.slug, c.name, c.slug, a.revision,"                \
    " a.comments_closed, a.comment_count"                                                                    \
    " FROM articles a JOIN users u ON u.id = a.author_id JOIN categories c ON c.id = a.category_id "

#define GZ_PUBLISHED_FILTER                                                                                 \
    " WHERE a.status = 'published'"                                                                         \
    " AND (?1 IS NULL OR a.category_id = ?1)"                                                               \
    " AND (?2 IS NULL OR a.author_id = ?2)"                                                                 \
    " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM article_tags x WHERE x.article_id = a.id AND x.tag_id = ?3))" \
    " AND (?4 IS NULL OR a.id <> ?4)"                                                                       \
    " AND (?5 = 0 OR a.breaking = 1)"

constexpr const char* sql_list_published =
    GZ_ARTICLE_SELECT GZ_PUBLISHED_FILTER " ORDER BY a.published_at DESC, a.id DESC LIMIT ?6 OFFSET ?7";
constexpr const char* sql_count_published = "SELECT count(*) FROM articles a" GZ_PUBLISHED_FILTER;
constexpr const char* sql_find_published_by_slug =
    GZ_ARTICLE_SELECT " WHERE a.slug = ?1 AND a.status = 'published'";
constexpr const char* sql_find_article = GZ_ARTICLE_SELECT " WHERE a.id = ?1";
constexpr const char* sql_tags_of_articles =
    "SELECT at.article_id, t.id, t.slug, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id"
    " WHERE at.article_id IN (SELECT value FROM json_each(?1)) ORDER BY at.article_id, at.position";
constexpr const char* sql_insert_article =
    "INSERT INTO articles (slug, headline, standfirst, body_md, body_html, author_id, category_id, status,"
    " published_at, created_at, updated_at, breaking, image_url, image_alt, image_caption)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?15, ?11, ?12, ?13, ?14)";
constexpr const char* sql_update_article =
    "UPDATE articles SET slug = ?2, headline = ?3, standfirst = ?4, body_md = ?5, body_html = ?6,"
    " author_id = ?7, category_id = ?8, status = ?9, published_at = ?10,"
    " updated_at = CASE WHEN headline <> ?3 OR standfirst <> ?4 OR body_md <> ?5 THEN ?11 ELSE updated_at END,"
    " breaking = ?12, image_url = ?13, image_alt = ?14, image_caption = ?15, revision = revision + 1"
    " WHERE id = ?1 RETURNING revision";
constexpr const char* sql_article_state = "SELECT revision, slug, status FROM articles WHERE id = ?1";
constexpr const char* sql_insert_revision =
    "INSERT INTO revisions (article_id, revision, user_id, saved_at, headline, standfirst, body_md)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* sql_remember_old_slug =
    "INSERT INTO old_slugs (slug, article_id) VALUES (?1, ?2)"
    " ON CONFLICT (slug) DO UPDATE SET article_id = excluded.article_id";
constexpr const char* sql_forget_old_slug = "DELETE FROM old_slugs WHERE slug = ?1";
constexpr const char* sql_find_by_old_slug = "SELECT article_id FROM old_slugs WHERE slug = ?1";
constexpr const char* sql_list_revisions =
    "SELECT r.id, r.article_id, r.revision, coalesce(r.user_id, 0), coalesce(u.name, ''), r.saved_at, r.headline,"
    " r.standfirst, r.body_md FROM revisions r LEFT JOIN users u ON u.id = r.user_id"
    " WHERE r.article_id = ?1 ORDER BY r.revision DESC";
constexpr const char* sql_delete_article_tags = "DELETE FROM article_tags WHERE article_id = ?1";
constexpr const char* sql_ensure_tag = "INSERT INTO tags (slug, name) VALUES (?1, ?2) ON CONFLICT (slug) DO NOTHING";
constexpr const char* sql_tag_id_by_slug = "SELECT id FROM tags WHERE slug = ?1";
constexpr const char* sql_insert_article_tag =
    "INSERT OR IGNORE INTO article_tags (article_id, tag_id, position) VALUES (?1, ?2, ?3)";
constexpr const char* sql_publish_due =
    "UPDATE articles SET status = 'published' WHERE status = 'scheduled' AND published_at <= ?1 RETURNING id";
constexpr const char* sql_next_scheduled = "SELECT min(published_at) FROM articles WHERE status = 'scheduled'";

constexpr const char* sql_list_categories =
    "SELECT c.id, c.slug, c.name, c.description, c.position,"
    " (SELECT count(*) FROM articles a WHERE a.category_id = c.id AND a.status = 'published'), c.parent_id"
    " FROM categories c ORDER BY c.position, c.name";
constexpr const char* sql_find_category_by_slug =
    "SELECT id, slug, name, description, position, 0, parent_id FROM categories WHERE slug = ?1";
constexpr const char* sql_find_category =
    "SELECT id, slug, name, description, position, 0, parent_id FROM categories WHERE id = ?1";
constexpr const char* sql_insert_category =
    "INSERT INTO categories (slug, name, description, position, parent_id) VALUES (?1, ?2, ?3, ?4, nullif(?5, 0))";
constexpr const char* sql_update_category =
    "UPDATE categories SET slug = ?2, name = ?3, description = ?4, position = ?5, parent_id = nullif(?6, 0)"
    " WHERE id = ?1";
constexpr const char* sql_list_tags =
    "SELECT t.id, t.slug, t.name, (SELECT count(*) FROM article_tags x JOIN articles a ON a.id = x.article_id"
    " WHERE x.tag_id = t.id AND a.status = 'published') FROM tags t ORDER BY t.name";
constexpr const char* sql_update_tag = "UPDATE tags SET slug = ?2, name = ?3 WHERE id = ?1";
constexpr const char* sql_tag_uses = "SELECT count(*) FROM article_tags WHERE tag_id = ?1";
constexpr const char* sql_delete_tag = "DELETE FROM tags WHERE id = ?1";
constexpr const char* sql_find_tag = "SELECT id, slug, name, 0 FROM tags WHERE id = ?1";
constexpr const char* sql_insert_tag = "INSERT INTO tags (slug, name) VALUES (?1, ?2)";
constexpr const char* sql_delete_article = "DELETE FROM articles WHERE id = ?1";
constexpr const char* sql_retag =
    "INSERT OR IGNORE INTO article_tags (article_id, tag_id, position)"
    " SELECT article_id, ?2, position FROM article_tags WHERE tag_id = ?1";
constexpr const char* sql_tag_exists = "SELECT 1 FROM tags WHERE id = ?1";
constexpr const char* sql_find_tag_by_slug = "SELECT id, slug, name, 0 FROM tags WHERE slug = ?1";

constexpr const char* sql_insert_user =
    "INSERT INTO users (email, name, slug, role, bio, password_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
#define GZ_USER_SELECT "SELECT id, email, name, slug, role, bio, created_at FROM users "
constexpr const char* sql_find_user = GZ_USER_SELECT "WHERE id = ?1";
constexpr const char* sql_find_user_by_slug = GZ_USER_SELECT "WHERE slug = ?1";
constexpr const char* sql_list_authors =
    GZ_USER_SELECT "WHERE EXISTS (SELECT 1 FROM articles a WHERE a.author_id = users.id AND a.status = 'published')"
                   " ORDER BY name";

#define GZ_NEWSROOM_FILTER                                                                                  \
    " WHERE (?1 IS NULL OR a.status = ?1) AND (?5 IS NULL OR a.author_id = ?5)"                            \
    " AND (?6 IS NULL OR a.category_id = ?6)"                                                              \
    " AND (?2 = '' OR instr(lower(a.headline), lower(?2)) > 0 OR instr(lower(a.standfirst), lower(?2)) > 0)"
constexpr const char* sql_list_for_newsroom =
    GZ_ARTICLE_SELECT GZ_NEWSROOM_FILTER
    " ORDER BY CASE WHEN ?7 = 'headline' THEN a.headline COLLATE NOCASE END ASC,"
    " CASE WHEN ?7 = 'published' THEN a.published_at END DESC, a.updated_at DESC, a.id DESC LIMIT ?3 OFFSET ?4";
constexpr const char* sql_count_for_newsroom = "SELECT count(*) FROM articles a" GZ_NEWSROOM_FILTER;
#undef GZ_NEWSROOM_FILTER
constexpr const char* sql_count_by_status = "SELECT status, count(*) FROM articles GROUP BY status";
constexpr const char* sql_find_login =
    "SELECT id, email, name, slug, role, bio, created_at, password_hash FROM users WHERE email = ?1";
constexpr const char* sql_set_password = "UPDATE users SET password_hash = ?2 WHERE id = ?1";
constexpr const char* sql_add_app_password =
    "INSERT INTO app_passwords (user_id, name, secret_hash, created_at) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* sql_find_app_password =
    "SELECT p.id, p.user_id, p.name, p.created_at, p.last_used_at,"
    " u.id, u.email, u.name, u.slug, u.role, u.bio, u.created_at"
    " FROM app_passwords p JOIN users u ON u.id = p.user_id WHERE p.secret_hash = ?1";
constexpr const char* sql_list_app_passwords =
    "SELECT id, user_id, name, created_at, last_used_at FROM app_passwords WHERE user_id = ?1 ORDER BY id";
constexpr const char* sql_delete_app_password = "DELETE FROM app_passwords WHERE id = ?1 AND user_id = ?2";
constexpr const char* sql_touch_app_password = "UPDATE app_passwords SET last_used_at = ?2 WHERE id = ?1";
constexpr const char* sql_insert_session =
    "INSERT INTO sessions (id, user_id, csrf, created_at, last_seen) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* sql_find_session = "SELECT id, user_id, csrf, created_at, last_seen FROM sessions WHERE id = ?1";
constexpr const char* sql_touch_session = "UPDATE sessions SET last_seen = ?2 WHERE id = ?1";
constexpr const char* sql_delete_session = "DELETE FROM sessions WHERE id = ?1";
constexpr const char* sql_delete_sessions_of = "DELETE FROM sessions WHERE user_id = ?1";
constexpr const char* sql_delete_expired_sessions = "DELETE FROM sessions WHERE last_seen < ?1 OR created_at < ?2";

constexpr const char* sql_list_staff =
    "SELECT id, email, name, slug, role, bio, created_at FROM users WHERE role IN ('admin', 'editor', 'author')"
    " ORDER BY name";
constexpr const char* sql_insert_media =
    "INSERT INTO media (path, filename, mime, bytes, alt, uploaded_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
#define GZ_MEDIA_SELECT "SELECT id, path, filename, mime, bytes, alt, coalesce(uploaded_by, 0), created_at FROM media "
constexpr const char* sql_count_media = "SELECT count(*) FROM media";
constexpr const char* sql_list_media = GZ_MEDIA_SELECT "ORDER BY created_at DESC, id DESC LIMIT ?1 OFFSET ?2";
constexpr const char* sql_find_media = GZ_MEDIA_SELECT "WHERE id = ?1";
constexpr const char* sql_find_media_by_path = GZ_MEDIA_SELECT "WHERE path = ?1";
#undef GZ_MEDIA_SELECT
constexpr const char* sql_media_uses =
    "SELECT count(*) FROM articles WHERE image_url = ?1 OR instr(body_md, ?1) > 0";
constexpr const char* sql_delete_media = "DELETE FROM media WHERE id = ?1";
constexpr const char* sql_get_setting = "SELECT value FROM settings WHERE key = ?1";
// Comments.
#define GZ_COMMENT_SELECT                                                                                   \
    "SELECT m.id, m.article_id, coalesce(m.parent_id, 0), m.depth, m.author_name, m.author_email,"          \
    " m.author_url, m.body, m.status, m.reason, coalesce(m.ip, ''), coalesce(m.user_agent, ''),"             \
    " coalesce(m.user_id, 0), m.erased, m.created_at, m.status_at, a.headline"                              \
    " FROM comments m JOIN articles a ON a.id = m.article_id "
constexpr const char* sql_comment_article_state = "SELECT status, comments_closed FROM articles WHERE id = ?1";
constexpr const char* sql_comment_parent = "SELECT article_id, depth, status FROM comments WHERE id = ?1";
constexpr const char* sql_comment_duplicate =
    "SELECT 1 FROM comments WHERE article_id = ?1 AND coalesce(parent_id, 0) = ?2 AND author_email = ?3"
    " AND body = ?4 AND status <> 'trash' LIMIT 1";
constexpr const char* sql_comment_flood =
    "SELECT 1 FROM comments WHERE (ip = ?1 OR author_email = ?2) AND created_at > ?3 LIMIT 1";
constexpr const char* sql_comment_banned =
    "SELECT 1 FROM comment_bans WHERE ((kind = 'email' AND value = ?1) OR (kind = 'ip' AND value = ?2))"
    " AND (expires_at = 0 OR expires_at > ?3) LIMIT 1";
constexpr const char* sql_comment_known_author =
    "SELECT 1 FROM comments WHERE author_email = ?1 AND status = 'approved' AND erased = 0 LIMIT 1";
constexpr const char* sql_insert_comment =
    "INSERT INTO comments (article_id, parent_id, depth, author_name, author_email, author_url, body, status,"
    " reason, ip, user_agent, user_id, created_at, status_at)"
    " VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7, ?8, ?9, nullif(?10, ''), nullif(?11, ''), nullif(?12, 0), ?13, ?13)";
constexpr const char* sql_count_one_more = "UPDATE articles SET comment_count = comment_count + 1 WHERE id = ?1";
constexpr const char* sql_recount_comments =
    "UPDATE articles SET comment_count = (SELECT count(*) FROM comments WHERE article_id = ?1"
    " AND status = 'approved' AND erased = 0) WHERE id = ?1";
constexpr const char* sql_approved_comments = GZ_COMMENT_SELECT "WHERE m.article_id = ?1 AND m.status = 'approved' ORDER BY m.id";
constexpr const char* sql_find_comment = GZ_COMMENT_SELECT "WHERE m.id = ?1";
constexpr const char* sql_all_comments = GZ_COMMENT_SELECT "ORDER BY m.id";
#define GZ_COMMENT_FILTER                                                                                   \
    " WHERE (?1 IS NULL OR m.status = ?1) AND (?2 IS NULL OR m.article_id = ?2)"                            \
    " AND (?3 = '' OR instr(lower(m.body), lower(?3)) > 0 OR instr(lower(m.author_name), lower(?3)) > 0"      \
    " OR instr(m.author_email, lower(?3)) > 0 OR m.ip = ?3)"
constexpr const char* sql_list_comments = GZ_COMMENT_SELECT GZ_COMMENT_FILTER " ORDER BY m.id DESC LIMIT ?4 OFFSET ?5";
constexpr const char* sql_count_comments_filtered = "SELECT count(*) FROM comments m" GZ_COMMENT_FILTER;
#undef GZ_COMMENT_FILTER
constexpr const char* sql_count_comments = "SELECT status, count(*) FROM comments GROUP BY status";
constexpr const char* sql_set_comment_status =
    "UPDATE comments SET status = ?2, status_at = ?3, reason = CASE WHEN ?2 = 'approved' THEN '' ELSE reason END"
    " WHERE id = ?1 AND status <> ?2 RETURNING article_id";
constexpr const char* sql_update_comment_body = "UPDATE comments SET body = ?2 WHERE id = ?1 AND erased = 0 RETURNING article_id";
constexpr const char* sql_comment_article = "SELECT article_id, coalesce(parent_id, 0) FROM comments WHERE id = ?1";
constexpr const char* sql_reparent_replies = "UPDATE comments SET parent_id = nullif(?2, 0) WHERE parent_id = ?1";
constexpr const char* sql_delete_comment = "DELETE FROM comments WHERE id = ?1";
constexpr const char* sql_set_comments_closed = "UPDATE articles SET comments_closed = ?2 WHERE id = ?1";
constexpr const char* sql_purge_trash = "DELETE FROM comments WHERE status = 'trash' AND status_at < ?1"
                                        " AND NOT EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = comments.id)";
constexpr const char* sql_forget_addresses =
    "UPDATE comments SET ip = NULL, user_agent = NULL WHERE created_at < ?1 AND (ip IS NOT NULL OR user_agent IS NOT NULL)";
constexpr const char* sql_comments_by_email = GZ_COMMENT_SELECT "WHERE m.author_email = ?1 ORDER BY m.id";
constexpr const char* sql_articles_of_email = "SELECT DISTINCT article_id FROM comments WHERE author_email = ?1";
constexpr const char* sql_erase_with_replies =
    "UPDATE comments SET erased = 1, author_name = '', author_email = '', author_url = '', body = '', ip = NULL,"
    " user_agent = NULL WHERE author_email = ?1 AND EXISTS (SELECT 1 FROM comments r WHERE r.parent_id = comments.id)";
constexpr const char* sql_erase_without_replies = "DELETE FROM comments WHERE author_email = ?1";
constexpr const char* sql_insert_ban =
    "INSERT INTO comment_bans (kind, value, expires_at, created_by, created_at) VALUES (?1, ?2, ?3, nullif(?4, 0), ?5)"
    " ON CONFLICT (kind, value) DO UPDATE SET expires_at = excluded.expires_at RETURNING id";
constexpr const char* sql_list_bans =
    "SELECT id, kind, value, expires_at, created_at FROM comment_bans WHERE expires_at = 0 OR expires_at > ?1"
    " ORDER BY created_at DESC, id DESC";
constexpr const char* sql_delete_ban = "DELETE FROM comment_bans WHERE id = ?1";
#undef GZ_COMMENT_SELECT
constexpr const char* sql_add_privacy_request =
    "INSERT INTO privacy_requests (email, kind, note, created_at) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* sql_open_privacy_requests =
    "SELECT id, email, kind, note, created_at, done_at FROM privacy_requests WHERE done_at = 0 ORDER BY id";
constexpr const char* sql_close_privacy_request =
    "UPDATE privacy_requests SET done_at = ?3, done_by = nullif(?2, 0) WHERE id = ?1 AND done_at = 0";
constexpr const char* sql_privacy_request_since =
    "SELECT count(*) FROM privacy_requests WHERE email = ?1 AND kind = ?2 AND created_at >= ?3";
#define GZ_CONVERSATION_SELECT                                                                              \
    "SELECT id, visitor_name, visitor_email, page_url, referrer, coalesce(ip, ''), coalesce(user_agent, ''),"     \
    " status, coalesce(agent_id, 0), visitor_read_to, agent_read_to, created_at, last_message_at"                 \
    " FROM chat_conversations "
constexpr const char* sql_create_conversation =
    "INSERT INTO chat_conversations (token_hash, visitor_name, visitor_email, page_url, referrer, ip, user_agent,"
    " created_at) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, ''), nullif(?7, ''), ?8)";
constexpr const char* sql_conversation_by_token = GZ_CONVERSATION_SELECT "WHERE token_hash = ?1";
constexpr const char* sql_conversation_by_id = GZ_CONVERSATION_SELECT "WHERE id = ?1";
#undef GZ_CONVERSATION_SELECT
constexpr const char* sql_conversations_by_email =
    "SELECT id, visitor_name, visitor_email, page_url, referrer, coalesce(ip, ''), coalesce(user_agent, ''),"
    " status, coalesce(agent_id, 0), visitor_read_to, agent_read_to, created_at, last_message_at"
    " FROM chat_conversations WHERE visitor_email = ?1 ORDER BY id";
constexpr const char* sql_delete_conversations_by_email = "DELETE FROM chat_conversations WHERE visitor_email = ?1";
constexpr const char* sql_delete_conversations_before =
    "DELETE FROM chat_conversations WHERE max(created_at, last_message_at) < ?1";
constexpr const char* sql_conversations_from = "SELECT count(*) FROM chat_conversations WHERE ip = ?1 AND created_at >= ?2";
#define GZ_CHAT_MESSAGE_SELECT \
    "SELECT id, conversation_id, sender, coalesce(agent_id, 0), name, text, coalesce(client_id, ''), created_at FROM chat_messages "
constexpr const char* sql_insert_chat_message =
    "INSERT INTO chat_messages (conversation_id, sender, agent_id, name, text, client_id, created_at)"
    " VALUES (?1, ?2, nullif(?3, 0), ?4, ?5, nullif(?6, ''), ?7) ON CONFLICT (conversation_id, client_id) DO NOTHING";
constexpr const char* sql_chat_message_by_client = GZ_CHAT_MESSAGE_SELECT "WHERE conversation_id = ?1 AND client_id = ?2";
constexpr const char* sql_chat_message_by_id = GZ_CHAT_MESSAGE_SELECT "WHERE id = ?1";
constexpr const char* sql_chat_messages_after =
    GZ_CHAT_MESSAGE_SELECT "WHERE conversation_id = ?1 AND id > ?2 AND (?4 OR sender <> 'note') ORDER BY id LIMIT ?3";
#undef GZ_CHAT_MESSAGE_SELECT
constexpr const char* sql_touch_conversation =
    "UPDATE chat_conversations SET last_message_at = ?2, status = 'open' WHERE id = ?1";
constexpr const char* sql_mark_read_visitor =
    "UPDATE chat_conversations SET visitor_read_to = max(visitor_read_to, ?2) WHERE id = ?1";
constexpr const char* sql_mark_read_agent =
    "UPDATE chat_conversations SET agent_read_to = max(agent_read_to, ?2) WHERE id = ?1";
constexpr const char* sql_search_articles =
    GZ_ARTICLE_SELECT "JOIN articles_fts ON articles_fts.rowid = a.id WHERE articles_fts MATCH ?1 AND a.status = 'published'"
    " ORDER BY bm25(articles_fts, 10.0, 4.0, 1.0) LIMIT ?2";
constexpr const char* sql_search_published =
    GZ_ARTICLE_SELECT "JOIN articles_fts ON articles_fts.rowid = a.id WHERE articles_fts MATCH ?1 AND a.status = 'published'"
    " ORDER BY bm25(articles_fts, 10.0, 4.0, 1.0), a.published_at DESC, a.id DESC LIMIT ?2 OFFSET ?3";
constexpr const char* sql_search_snippet =
    "SELECT snippet(articles_fts, -1, char(1), char(2), '…', 28) FROM articles_fts WHERE articles_fts MATCH ?1"
    " AND rowid = ?2";
constexpr const char* sql_search_count =
    "SELECT count(*) FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
    " WHERE articles_fts MATCH ?1 AND a.status = 'published'";
constexpr const char* sql_set_conversation_email = "UPDATE chat_conversations SET visitor_email = ?2 WHERE id = ?1";
constexpr const char* sql_set_conversation_visitor =
    "UPDATE chat_conversations SET visitor_name = ?2, visitor_email = ?3 WHERE id = ?1";
constexpr const char* sql_set_conversation_page =
    "UPDATE chat_conversations SET page_url = ?2, referrer = ?3 WHERE id = ?1";
constexpr const char* sql_assign_conversation =
    "UPDATE chat_conversations SET agent_id = nullif(?2, 0) WHERE id = ?1";
constexpr const char* sql_set_conversation_status = "UPDATE chat_conversations SET status = ?2 WHERE id = ?1";
// A summary: the conversation, who has it, the reader's unread messages and the last message (notes aside).
#define GZ_CHAT_SUMMARY_SELECT                                                                                     \
    "SELECT c.id, c.visitor_name, c.visitor_email, c.page_url, c.referrer, coalesce(c.ip, ''),"                    \
    " coalesce(c.user_agent, ''), c.status, coalesce(c.agent_id, 0), c.visitor_read_to, c.agent_read_to,"          \
    " c.created_at, c.last_message_at, coalesce(u.name, ''),"                                                      \
    " (SELECT count(*) FROM chat_messages m WHERE m.conversation_id = c.id AND m.sender = 'visitor'"               \
    "  AND m.id > c.agent_read_to),"                                                                               \
    " coalesce(l.sender, ''), coalesce(l.text, ''), coalesce(l.created_at, 0)"                                     \
    " FROM chat_conversations c LEFT JOIN users u ON u.id = c.agent_id"                                            \
    " LEFT JOIN chat_messages l ON l.id = (SELECT max(id) FROM chat_messages WHERE conversation_id = c.id"         \
    "  AND sender <> 'note') "
constexpr const char* sql_open_conversations =
    GZ_CHAT_SUMMARY_SELECT "WHERE c.status = 'open' AND c.last_message_at > 0 ORDER BY c.last_message_at DESC, c.id DESC"
                           " LIMIT ?1";
constexpr const char* sql_conversation_summary = GZ_CHAT_SUMMARY_SELECT "WHERE c.id = ?1";
constexpr const char* sql_search_conversations =
    GZ_CHAT_SUMMARY_SELECT "WHERE c.last_message_at > 0 AND (c.visitor_name LIKE ?1 ESCAPE '\\'"
                           " OR c.visitor_email LIKE ?1 ESCAPE '\\' OR c.id IN (SELECT conversation_id FROM chat_messages"
                           " WHERE text LIKE ?1 ESCAPE '\\')) ORDER BY c.last_message_at DESC, c.id DESC LIMIT ?2";
#undef GZ_CHAT_SUMMARY_SELECT
constexpr const char* sql_find_live =
    "SELECT article_id, status, started_at, ended_at, last_entry_at FROM live_coverage WHERE article_id = ?1";
constexpr const char* sql_start_live =
    "INSERT INTO live_coverage (article_id, status, started_at) VALUES (?1, 'live', ?2)"
    " ON CONFLICT (article_id) DO UPDATE SET status = 'live', ended_at = 0,"
    " last_entry_at = CASE WHEN status = 'ended' THEN ?2 ELSE last_entry_at END";
constexpr const char* sql_end_live =
    "UPDATE live_coverage SET status = 'ended', ended_at = ?2 WHERE article_id = ?1 AND status = 'live'";
constexpr const char* sql_quiet_live =
    "SELECT article_id FROM live_coverage WHERE status = 'live' AND max(started_at, last_entry_at) < ?1";
#define GZ_LIVE_ENTRY_SELECT                                                                                      \
    "SELECT e.id, e.article_id, e.body_md, e.body_html, e.image_url, e.image_alt, coalesce(e.author_id, 0),"       \
    " coalesce(u.name, ''), coalesce(u.slug, ''), e.key_event, e.created_at, e.updated_at"                       \
    " FROM live_entries e LEFT JOIN users u ON u.id = e.author_id "
constexpr const char* sql_live_entries = GZ_LIVE_ENTRY_SELECT "WHERE e.article_id = ?1 ORDER BY e.id DESC";
constexpr const char* sql_live_entry = GZ_LIVE_ENTRY_SELECT "WHERE e.id = ?1";
#undef GZ_LIVE_ENTRY_SELECT
constexpr const char* sql_add_live_entry =
    "INSERT INTO live_entries (article_id, body_md, body_html, image_url, image_alt, author_id, key_event,"
    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0), ?7, ?8, ?8)";
constexpr const char* sql_touch_live = "UPDATE live_coverage SET last_entry_at = ?2 WHERE article_id = ?1";
constexpr const char* sql_update_live_entry =
    "UPDATE live_entries SET body_md = ?2, body_html = ?3, image_url = ?4, image_alt = ?5, key_event = ?6,"
    " updated_at = ?7 WHERE id = ?1";
constexpr const char* sql_delete_live_entry = "DELETE FROM live_entries WHERE id = ?1";
constexpr const char* sql_add_live_event = "INSERT INTO live_events (name, data, created_at) VALUES (?1, ?2, ?3)";
constexpr const char* sql_live_events_after =
    "SELECT id, name, data, created_at FROM live_events WHERE id > ?1 AND created_at >= ?3 ORDER BY id LIMIT ?2";
// The newest id ever given (sqlite_sequence remembers it even when the events themselves are gone).
constexpr const char* sql_last_live_event = "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'live_events'";
constexpr const char* sql_delete_live_events_before = "DELETE FROM live_events WHERE created_at < ?1";
// Pages and WordPress imports.
#define GZ_PAGE_SELECT                                                                                      \
    "SELECT p.id, p.path, p.title, p.body_md, p.body_html, p.author_id, coalesce(p.parent_id, 0),"           \
    " p.menu_order, p.status, p.published_at, p.created_at, p.updated_at, u.name"                           \
    " FROM pages p JOIN users u ON u.id = p.author_id "
constexpr const char* sql_find_published_page = GZ_PAGE_SELECT "WHERE p.path = ?1 AND p.status = 'published'";
constexpr const char* sql_find_page = GZ_PAGE_SELECT "WHERE p.id = ?1";
constexpr const char* sql_list_pages = GZ_PAGE_SELECT "WHERE (?1 = 0 OR p.status = 'published') ORDER BY p.path";
constexpr const char* sql_find_legacy_path =
    "SELECT coalesce(article_id, 0), coalesce(page_id, 0) FROM legacy_paths WHERE path = ?1";
constexpr const char* sql_all_articles = GZ_ARTICLE_SELECT " ORDER BY a.created_at, a.id";
constexpr const char* sql_wp_imported =
    "SELECT local_id FROM wp_imported WHERE source = ?1 AND kind = ?2 AND wp_key = ?3";
constexpr const char* sql_remember_wp_import =
    "INSERT INTO wp_imported (source, kind, wp_key, local_id) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* sql_user_by_email = "SELECT id FROM users WHERE email = ?1";
constexpr const char* sql_user_slug_taken = "SELECT 1 FROM users WHERE slug = ?1";
constexpr const char* sql_category_id_by_slug = "SELECT id FROM categories WHERE slug = ?1";
constexpr const char* sql_next_category_position = "SELECT coalesce(max(position) + 1, 0) FROM categories";
constexpr const char* sql_set_category_parent = "UPDATE categories SET parent_id = ?2 WHERE id = ?1";
constexpr const char* sql_article_slug_taken = "SELECT 1 FROM articles WHERE slug = ?1";
constexpr const char* sql_set_comments_closed_import = "UPDATE articles SET comments_closed = ?2 WHERE id = ?1";
constexpr const char* sql_page_path_taken = "SELECT 1 FROM pages WHERE path = ?1";
constexpr const char* sql_insert_page =
    "INSERT INTO pages (path, title, body_md, body_html, author_id, menu_order, status, published_at, created_at,"
    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr const char* sql_set_page_parent = "UPDATE pages SET parent_id = ?2 WHERE id = ?1";
constexpr const char* sql_insert_newsroom_page =
    "INSERT INTO pages (path, title, body_md, body_html, author_id, parent_id, menu_order, status, published_at,"
    " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0), ?7, ?8, ?9, ?10, ?10)";
constexpr const char* sql_update_page =
    "UPDATE pages SET path = ?1, title = ?2, body_md = ?3, body_html = ?4, parent_id = nullif(?6, 0),"
    " menu_order = ?7, status = ?8, published_at = ?9, updated_at = ?10 WHERE id = ?11";
constexpr const char* sql_delete_page = "DELETE FROM pages WHERE id = ?1";
constexpr const char* sql_add_legacy_path =
    "INSERT INTO legacy_paths (path, article_id, page_id) VALUES (?1, nullif(?2, 0), nullif(?3, 0))"
    " ON CONFLICT (path) DO NOTHING";
constexpr const char* sql_add_views =
    "INSERT INTO page_views (day, article_id, views) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (day, article_id) DO UPDATE SET views = views + excluded.views";
constexpr const char* sql_views_per_day =
    "SELECT day, sum(views) FROM page_views WHERE day BETWEEN ?1 AND ?2 GROUP BY day ORDER BY day";
constexpr const char* sql_most_viewed =
    "SELECT v.article_id, sum(v.views) AS n FROM page_views v JOIN articles a ON a.id = v.article_id"
    " WHERE v.day BETWEEN ?1 AND ?2 AND v.article_id > 0 AND a.status = 'published'"
    " GROUP BY v.article_id ORDER BY n DESC, v.article_id LIMIT ?3";
constexpr const char* sql_list_settings = "SELECT key, value FROM settings ORDER BY key";
constexpr const char* sql_put_setting =
    "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
constexpr const char* sql_user_version = "PRAGMA user_version";
constexpr const char* sql_foreign_key_check = "PRAGMA foreign_key_check";

#undef GZ_ARTICLE_SELECT
#undef GZ_PUBLISHED_FILTER
#undef GZ_USER_SELECT
#undef GZ_PAGE_SELECT

// ---- connection and statement plumbing -----------------------------------------------------------

std::error_code map_rc(int rc) {
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: return errc::conflict;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return errc::busy;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return errc::corrupt;
    default: return errc::internal;
    }
}

class connection {
public:
    explicit connection(sqlite3* db) : db_(db) {}
    ~connection() {
        for (auto& [sql, st] : statements_) {
            sqlite3_finalize(st);
        }
        sqlite3_close_v2(db_);
    }
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    sqlite3* db() const noexcept { return db_; }

    // Shared by the pool's connections: write transactions take turns here, in the process, rather than
    // in SQLite's busy handler, which sleeps and retries (up to 100 ms a time) and so can leave one
    // writer waiting for seconds while others keep taking the lock (seen in bench/chat.sh).
    std::shared_ptr<std::mutex> writes = std::make_shared<std::mutex>();

    // The cached prepared statement for this SQL constant (keyed by its address).
    sqlite3_stmt* prepare(const char* sql) {
        if (auto it = statements_.find(sql); it != statements_.end()) {
            return it->second;
        }
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) != SQLITE_OK) {
            throw std::runtime_error(std::string("prepare failed: ") + sqlite3_errmsg(db_));
        }
        statements_.emplace(sql, st);
        return st;
    }

private:
    sqlite3* db_;
    std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

// A bound, running statement; resets and clears bindings when it goes out of scope.
class query {
public:
    query(connection& c, const char* sql) : conn_(c), st_(c.prepare(sql)) {}
    ~query() {
        sqlite3_reset(st_);
        sqlite3_clear_bindings(st_);
    }
    query(const query&) = delete;
    query& operator=(const query&) = delete;

    query& bind(int i, std::int64_t v) { return check(sqlite3_bind_int64(st_, i, v)); }
    query& bind(int i, int v) { return check(sqlite3_bind_int64(st_, i, v)); }
    query& bind(int i, bool v) { return check(sqlite3_bind_int(st_, i, v ? 1 : 0)); }
    query& bind(int i, std::string_view v) {
        return check(sqlite3_bind_text64(st_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    }
    query& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
    query& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
    template <class T>
    query& bind(int i, const std::optional<T>& v) {
        return v ? bind(i, *v) : check(sqlite3_bind_null(st_, i));
    }

    // Steps once: true when a row is ready, false when done. Errors are remembered in error().
    bool step() {
        const int rc = sqlite3_step(st_);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            rc_ = rc;
            const auto ec = map_rc(rc);
            if (ec != errc::conflict) {
                spdlog::error("sqlite: {} (in: {:.60})", sqlite3_errmsg(conn_.db()), sqlite3_sql(st_));
            }
        }
        return false;
    }
    // Runs to completion; the error, if any.
    std::error_code exec() {
        while (step()) {
        }
        return error();
    }
    std::error_code error() const { return rc_ == SQLITE_OK ? std::error_code() : map_rc(rc_); }

    std::int64_t i64(int col) const { return sqlite3_column_int64(st_, col); }
    bool is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
    std::string text(int col) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
        return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(st_, col))) : std::string();
    }

private:
    query& check(int rc) {
        if (rc != SQLITE_OK) {
            throw std::runtime_error(std::string("bind failed: ") + sqlite3_errmsg(conn_.db()));
        }
        return *this;
    }
    connection& conn_;
    sqlite3_stmt* st_;
    int rc_ = SQLITE_OK;
};

std::error_code exec_script(sqlite3* db, const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        spdlog::error("sqlite: {}", err ? err : sqlite3_errstr(rc));
        sqlite3_free(err);
        return map_rc(rc);
    }
    return {};
}

// A write transaction (BEGIN IMMEDIATE, so two writers queue on the busy timeout instead of deadlocking).
class transaction {
public:
    explicit transaction(connection& c) : c_(c), turn_(*c.writes) { ec_ = exec_script(c.db(), "BEGIN IMMEDIATE"); }
    ~transaction() {
        if (!done_ && !ec_) {
            exec_script(c_.db(), "ROLLBACK");
        }
    }
    std::error_code begun() const { return ec_; }
    std::error_code commit() {
        done_ = true;
        auto ec = exec_script(c_.db(), "COMMIT");
        turn_.unlock();
        return ec;
    }

private:
    connection& c_;
    std::unique_lock<std::mutex> turn_; // this process's writers, one at a time
    std::error_code ec_;
    bool done_ = false;
};

struct migration {
    int version;
    std::string_view sql;
};

std::vector<migration> migrations() {
    std::vector<migration> out;
    for (const auto& e : resources::under("db/migrations/sqlite/")) {
        const auto name = e.path.substr(e.path.rfind('/') + 1);
        out.push_back({std::atoi(std::string(name.substr(0, 3)).c_str()), e.data});
    }
    return out;
}

comment read_comment(const query& q) {
    comment m;
    m.id = q.i64(0);
    m.article_id = q.i64(1);
    m.parent_id = q.i64(2);
    m.depth = static_cast<int>(q.i64(3));
    m.author_name = q.text(4);
    m.author_email = q.text(5);
    m.author_url = q.text(6);
    m.body = q.text(7);
    m.status = comment_status_from_string(q.text(8)).value_or(comment_status::pending);
    m.reason = q.text(9);
    m.ip = q.text(10);
    m.user_agent = q.text(11);
    m.user_id = q.i64(12);
    m.erased = q.i64(13) != 0;
    m.created_at = q.i64(14);
    m.status_at = q.i64(15);
    m.article_headline = q.text(16);
    return m;
}

chat_conversation read_conversation(const query& q) {
    chat_conversation c;
    c.id = q.i64(0);
    c.visitor_name = q.text(1);
    c.visitor_email = q.text(2);
    c.page_url = q.text(3);
    c.referrer = q.text(4);
    c.ip = q.text(5);
    c.user_agent = q.text(6);
    c.open = q.text(7) == "open";
    c.agent_id = q.i64(8);
    c.visitor_read_to = q.i64(9);
    c.agent_read_to = q.i64(10);
    c.created_at = q.i64(11);
    c.last_message_at = q.i64(12);
    return c;
}

live_entry read_live_entry(const query& q) {
    live_entry e;
    e.id = q.i64(0);
    e.article_id = q.i64(1);
    e.body_md = q.text(2);
    e.body_html = q.text(3);
    e.image_url = q.text(4);
    e.image_alt = q.text(5);
    e.author_id = q.i64(6);
    e.author_name = q.text(7);
    e.author_slug = q.text(8);
    e.key_event = q.i64(9) != 0;
    e.created_at = q.i64(10);
    e.updated_at = q.i64(11);
    return e;
}

chat_summary read_chat_summary(const query& q) {
    chat_summary s;
    s.conversation = read_conversation(q);
    s.agent_name = q.text(13);
    s.unread = q.i64(14);
    s.last_from = q.text(15);
    s.last_text = q.text(16);
    s.last_at = q.i64(17);
    return s;
}

chat_message read_chat_message(const query& q) {
    return {q.i64(0), q.i64(1), q.text(2), q.i64(3), q.text(4), q.text(5), q.text(6), q.i64(7)};
}

article read_article(const query& q) {
    article a;
    a.id = q.i64(0);
    a.slug = q.text(1);
    a.headline = q.text(2);
    a.standfirst = q.text(3);
    a.body_md = q.text(4);
    a.body_html = q.text(5);
    a.author_id = q.i64(6);
    a.category_id = q.i64(7);
    a.status = status_from_string(q.text(8)).value_or(article_status::draft);
    a.published_at = q.i64(9);
    a.created_at = q.i64(10);
    a.updated_at = q.i64(11);
    a.breaking = q.i64(12) != 0;
    a.image_url = q.text(13);
    a.image_alt = q.text(14);
    a.image_caption = q.text(15);
    a.author_name = q.text(16);
    a.author_slug = q.text(17);
    a.category_name = q.text(18);
    a.category_slug = q.text(19);
    a.revision = q.i64(20);
    a.comments_closed = q.i64(21) != 0;
    a.comment_count = q.i64(22);
    return a;
}

category read_category(const query& q) {
    return category{q.i64(0), q.text(1), q.text(2), q.text(3), static_cast<int>(q.i64(4)), q.i64(5), q.i64(6)};
}

user read_user(const query& q) {
    user u;
    u.id = q.i64(0);
    u.email = q.text(1);
    u.name = q.text(2);
    u.slug = q.text(3);
    u.role_ = role_from_string(q.text(4)).value_or(role::author);
    u.bio = q.text(5);
    u.created_at = q.i64(6);
    return u;
}

// ---- the store ---------------------------------------------------------------------------------------

class sqlite_store final : public store {
public:
    explicit sqlite_store(std::vector<std::unique_ptr<connection>> pool) : pool_(std::move(pool)) {
        for (auto& c : pool_) {
            free_.push_back(c.get());
        }
    }

    // A connection borrowed from the pool for one call.
    class lease {
    public:
        explicit lease(sqlite_store& s) : s_(s) {
            std::unique_lock lock(s_.mutex_);
            s_.available_.wait(lock, [&] { return !s_.free_.empty(); });
            c_ = s_.free_.back();
            s_.free_.pop_back();
        }
        ~lease() {
            {
                std::lock_guard lock(s_.mutex_);
                s_.free_.push_back(c_);
            }
            s_.available_.notify_one();
        }
        lease(const lease&) = delete;
        lease& operator=(const lease&) = delete;
        connection& operator*() const { return *c_; }

    private:
        sqlite_store& s_;
        connection* c_;
    };

    result<article_page> list_published(const article_query& aq) override {
        lease c(*this);
        article_page page;
        {
            query q(*c, sql_list_published);
            bind_filter(q, aq);
            q.bind(6, aq.limit).bind(7, aq.offset).bind(100, aq.with_body);
            while (q.step()) {
                page.items.push_back(read_article(q));
            }
            if (auto ec = q.error()) {
                return ec;
            }
        }
        {
            query q(*c, sql_count_published);
            bind_filter(q, aq);
            if (q.step()) {
                page.total = q.i64(0);
            }
            if (auto ec = q.error()) {
                return ec;
            }
        }
        if (auto ec = attach_tags(*c, page.items)) {
            return ec;
        }
        return page;
    }

    result<article> find_published_by_slug(std::string_view slug) override {
        lease c(*this);
        return find_one(*c, sql_find_published_by_slug, [&](query& q) { q.bind(1, slug); });
    }

    result<article> find_article(id_t id) override {
        lease c(*this);
        return find_one(*c, sql_find_article, [&](query& q) { q.bind(1, id); });
    }

    result<id_t> insert_article(const article_input& in, unix_time created_at, unix_time updated_at) override {
        lease c(*this);
        transaction tx(*c);
        if (auto ec = tx.begun()) {
            return ec;
        }
        id_t id = 0;
        {
            query q(*c, sql_insert_article);
            q.bind(1, in.slug).bind(2, in.headline).bind(3, in.standfirst).bind(4, in.body_md).bind(5, in.body_html);
            q.bind(6, in.author_id).bind(7, in.category_id).bind(8, to_string(in.status)).bind(9, in.published_at);
            q.bind(10, created_at).bind(11, in.breaking).bind(12, in.image_url).bind(13, in.image_alt);
            q.bind(14, in.image_caption).bind(15, std::max(created_at, updated_at));
            if (auto ec = q.exec()) {
                return ec;
            }
            id = sqlite3_last_insert_rowid((*c).db());
        }
        if (auto ec = write_tags(*c, id, in.tags)) {
            return ec;
        }
        if (auto ec = write_revision(*c, id, 1, in, std::max(created_at, updated_at))) {
            return ec;
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return id;
    }

    result<void> update_article(id_t id, const article_input& in, unix_time now) override {
        lease c(*this);
        transaction tx(*c);
        if (auto ec = tx.begun()) {
            return ec;
        }
        std::int64_t current = 0;
        std::string old_slug;
        bool was_published = false;
        {
            query q(*c, sql_article_state);
            q.bind(1, id);
            if (!q.step()) {
                return q.error() ? q.error() : std::error_code(errc::not_found);
            }
            current = q.i64(0);
            old_slug = q.text(1);
            was_published = q.text(2) == "published";
        }
        if (in.expected_revision != 0 && in.expected_revision != current) {
            return std::error_code(errc::stale);
        }
        std::int64_t revision = 0;
        {
            query q(*c, sql_update_article);
            q.bind(1, id).bind(2, in.slug).bind(3, in.headline).bind(4, in.standfirst).bind(5, in.body_md);
            q.bind(6, in.body_html).bind(7, in.author_id).bind(8, in.category_id).bind(9, to_string(in.status));
            q.bind(10, in.published_at).bind(11, now).bind(12, in.breaking).bind(13, in.image_url);
            q.bind(14, in.image_alt).bind(15, in.image_caption);
            if (q.step()) {
                revision = q.i64(0);
            }
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        if (auto ec = write_revision(*c, id, revision, in, now)) {
            return ec;
        }
        if (old_slug != in.slug) {
            if (was_published) { // readers and search engines know the old address
                query q(*c, sql_remember_old_slug);
                if (auto ec = q.bind(1, old_slug).bind(2, id).exec()) {
                    return ec;
                }
            }
            query q(*c, sql_forget_old_slug);
            if (auto ec = q.bind(1, in.slug).exec()) {
                return ec;
            }
        }
        {
            query q(*c, sql_delete_article_tags);
            if (auto ec = q.bind(1, id).exec()) {
                return ec;
            }
        }
        if (auto ec = write_tags(*c, id, in.tags)) {
            return ec;
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return {};
    }

    result<id_t> find_article_by_old_slug(std::string_view slug) override {
        lease c(*this);
        query q(*c, sql_find_by_old_slug);
        q.bind(1, slug);
        return one(q, [](const query& r) { return static_cast<id_t>(r.i64(0)); });
    }

    result<std::vector<revision>> list_revisions(id_t article_id) override {
        lease c(*this);
        std::vector<revision> out;
        query q(*c, sql_list_revisions);
        q.bind(1, article_id);
        while (q.step()) {
            out.push_back(revision{q.i64(0), q.i64(1), q.i64(2), q.i64(3), q.text(4), q.i64(5), q.text(6), q.text(7),
                                   q.text(8)});
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return out;
    }

    result<std::vector<id_t>> publish_due(unix_time now) override {
        lease c(*this);
        std::vector<id_t> ids;
        query q(*c, sql_publish_due);
        q.bind(1, now);
        while (q.step()) {
            ids.push_back(q.i64(0));
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return ids;
    }

    result<std::optional<unix_time>> next_scheduled() override {
        lease c(*this);
        query q(*c, sql_next_scheduled);
        std::optional<unix_time> t;
        if (q.step() && !q.is_null(0)) {
            t = q.i64(0);
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return t;
    }

    result<article_page> list_for_newsroom(const admin_article_query& aq) override {
        lease c(*this);
        article_page page;
        const auto status = aq.status ? std::optional<std::string>(std::string(to_string(*aq.status))) : std::nullopt;
        {
            query q(*c, sql_list_for_newsroom);
            q.bind(1, status).bind(2, aq.search).bind(3, aq.limit).bind(4, aq.offset).bind(5, aq.author_id);
            q.bind(6, aq.category_id).bind(100, false);
            q.bind(7, aq.sort == admin_article_query::order::headline    ? "headline"
                      : aq.sort == admin_article_query::order::published ? "published"
                                                                         : "updated");
            while (q.step()) {
                page.items.push_back(read_article(q));
            }
            if (auto ec = q.error()) {
                return ec;
            }
        }
        {
            query q(*c, sql_count_for_newsroom);
            q.bind(1, status).bind(2, aq.search).bind(5, aq.author_id).bind(6, aq.category_id);
            if (q.step()) {
                page.total = q.i64(0);
            }
            if (auto ec = q.error()) {
                return ec;
            }
        }
        return page;
    }

    result<status_counts> count_by_status() override {
        lease c(*this);
        status_counts counts;
        query q(*c, sql_count_by_status);
        while (q.step()) {
            const auto st = status_from_string(q.text(0));
            const auto n = q.i64(1);
            if (st == article_status::draft) counts.drafts = n;
            else if (st == article_status::review) counts.review = n;
            else if (st == article_status::scheduled) counts.scheduled = n;
            else if (st == article_status::published) counts.published = n;
            else if (st == article_status::unpublished) counts.unpublished = n;
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return counts;
    }

    result<std::vector<category>> list_categories() override {
        lease c(*this);
        std::vector<category> out;
        query q(*c, sql_list_categories);
        while (q.step()) {
            out.push_back(read_category(q));
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return out;
    }

    result<category> find_category_by_slug(std::string_view slug) override {
        lease c(*this);
        query q(*c, sql_find_category_by_slug);
        q.bind(1, slug);
        return one(q, read_category);
    }

    result<category> find_category(id_t id) override {
        lease c(*this);
        query q(*c, sql_find_category);
        q.bind(1, id);
        return one(q, read_category);
    }

    result<id_t> insert_category(const category& cat) override {
        lease c(*this);
        query q(*c, sql_insert_category);
        q.bind(1, cat.slug).bind(2, cat.name).bind(3, cat.description).bind(4, cat.position).bind(5, cat.parent_id);
        if (auto ec = q.exec()) {
            return ec;
        }
        return static_cast<id_t>(sqlite3_last_insert_rowid((*c).db()));
    }

    result<void> update_category(const category& cat) override {
        return exec_changing(sql_update_category, [&](query& q) {
            q.bind(1, cat.id).bind(2, cat.slug).bind(3, cat.name).bind(4, cat.description).bind(5, cat.position);
            q.bind(6, cat.parent_id);
        });
    }

    result<std::vector<tag>> list_tags() override {
        lease c(*this);
        std::vector<tag> out;
        query q(*c, sql_list_tags);
        while (q.step()) {
            out.push_back(tag{q.i64(0), q.text(1), q.text(2), q.i64(3)});
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return out;
    }

    result<tag> find_tag_by_slug(std::string_view slug) override {
        lease c(*this);
        query q(*c, sql_find_tag_by_slug);
        q.bind(1, slug);
        return one(q, [](const query& r) { return tag{r.i64(0), r.text(1), r.text(2), r.i64(3)}; });
    }

    result<void> update_tag(id_t id, std::string_view slug, std::string_view name) override {
        return exec_changing(sql_update_tag, [&](query& q) { q.bind(1, id).bind(2, slug).bind(3, name); });
    }

    result<std::int64_t> tag_uses(id_t id) override {
        lease c(*this);
        query q(*c, sql_tag_uses);
        q.bind(1, id);
        return one(q, [](const query& r) { return r.i64(0); });
    }

    result<tag> find_tag(id_t id) override {
        lease c(*this);
        query q(*c, sql_find_tag);
        q.bind(1, id);
        return one(q, [](const query& r) { return tag{r.i64(0), r.text(1), r.text(2), r.i64(3)}; });
    }

    result<id_t> insert_tag(std::string_view slug, std::string_view name) override {
        lease c(*this);
        query q(*c, sql_insert_tag);
        q.bind(1, slug).bind(2, name);
        if (auto ec = q.exec()) {
            return ec;
        }
        return static_cast<id_t>(sqlite3_last_insert_rowid((*c).db()));
    }

    result<std::int64_t> count_media() override {
        lease c(*this);
        query q(*c, sql_count_media);
        std::int64_t n = 0;
        if (q.step()) {
            n = q.i64(0);
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return n;
    }

    result<void> delete_article(id_t id) override {
        return exec_changing(sql_delete_article, [&](query& q) { q.bind(1, id); });
    }

    result<void> delete_tag(id_t id) override {
        return exec_changing(sql_delete_tag, [&](query& q) { q.bind(1, id); });
    }

    result<void> merge_tags(id_t from, id_t into) override {
        if (from == into) {
            return std::error_code(errc::invalid);
        }
        lease c(*this);
        transaction tx(*c);
        if (auto ec = tx.begun()) {
            return ec;
        }
        for (const id_t id : {from, into}) {
            query q(*c, sql_tag_exists);
            q.bind(1, id);
            if (!q.step()) {
                return q.error() ? q.error() : std::error_code(errc::not_found);
            }
        }
        {
            query q(*c, sql_retag);
            q.bind(1, from).bind(2, into);
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        {
            query q(*c, sql_delete_tag); // its article_tags rows go with it (ON DELETE CASCADE)
            q.bind(1, from);
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return {};
    }

    result<id_t> insert_user(const user& u, std::string_view password_hash) override {
        lease c(*this);
        query q(*c, sql_insert_user);
        q.bind(1, u.email).bind(2, u.name).bind(3, u.slug).bind(4, to_string(u.role_)).bind(5, u.bio);
        q.bind(6, password_hash).bind(7, u.created_at);
        if (auto ec = q.exec()) {
            return ec;
        }
        return static_cast<id_t>(sqlite3_last_insert_rowid((*c).db()));
    }

    result<user> find_user(id_t id) override {
        lease c(*this);
        query q(*c, sql_find_user);
        q.bind(1, id);
        return one(q, read_user);
    }

    result<user> find_user_by_slug(std::string_view slug) override {
        lease c(*this);
        query q(*c, sql_find_user_by_slug);
        q.bind(1, slug);
        return one(q, read_user);
    }

    result<std::vector<user>> list_authors() override {
        lease c(*this);
        std::vector<user> out;
        query q(*c, sql_list_authors);
        while (q.step()) {
            out.push_back(read_user(q));
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return out;
    }

    result<std::vector<user>> list_staff() override {
        lease c(*this);
        std::vector<user> out;
        query q(*c, sql_list_staff);
        while (q.step()) {
            out.push_back(read_user(q));
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return out;
    }

    result<std::pair<user, std::string>> find_login(std::string_view email) override {
        lease c(*this);
        query q(*c, sql_find_login);
        q.bind(1, email);
        return one(q, [](const query& r) { return std::pair<user, std::string>{read_user(r), r.text(7)}; });
    }

    result<void> set_password(id_t user_id, std::string_view password_hash) override {
        return exec_changing(sql_set_password, [&](query& q) { q.bind(1, user_id).bind(2, password_hash); });
    }

    result<void> insert_session(const session& s) override {
        lease c(*this);
        query q(*c, sql_insert_session);
        q.bind(1, s.id).bind(2, s.user_id).bind(3, s.csrf).bind(4, s.created_at).bind(5, s.last_seen);
        if (auto ec = q.exec()) {
            return ec;
        }
        return {};
    }

    result<session> find_session(std::string_view id) override {
        lease c(*this);
        query q(*c, sql_find_session);
        q.bind(1, id);
        return one(q, [](const query& r) { return session{r.text(0), r.i64(1), r.text(2), r.i64(3), r.i64(4)}; });
    }

    result<void> touch_session(std::string_view id, unix_time now) override {
        return exec_changing(sql_touch_session, [&](query& q) { q.bind(1, id).bind(2, now); });
    }

    result<void> delete_session(std::string_view id) override {
        lease c(*this);
        query q(*c, sql_delete_session);
        if (auto ec = q.bind(1, id).exec()) {
            return ec;
        }
        return {};
    }

    result<std::int64_t> delete_sessions_of(id_t user_id) override {
        lease c(*this);
        query q(*c, sql_delete_sessions_of);
        if (auto ec = q.bind(1, user_id).exec()) {
            return ec;
        }
        return static_cast<std::int64_t>(sqlite3_changes((*c).db()));
    }

    result<std::int64_t> delete_expired_sessions(unix_time idle_before, unix_time created_before) override {
        lease c(*this);
        query q(*c, sql_delete_expired_sessions);
        if (auto ec = q.bind(1, idle_before).bind(2, created_before).exec()) {
            return ec;
        }
        return static_cast<std::int64_t>(sqlite3_changes((*c).db()));
    }

    result<id_t> insert_media(const media_item& m) override {
        lease c(*this);
        query q(*c, sql_insert_media);
        q.bind(1, m.path).bind(2, m.filename).bind(3, m.mime).bind(4, m.bytes).bind(5, m.alt);
        q.bind(6, m.uploaded_by == 0 ? std::optional<id_t>() : std::optional<id_t>(m.uploaded_by)).bind(7, m.created_at);
        if (auto ec = q.exec()) {
            return ec;
        }
        return static_cast<id_t>(sqlite3_last_insert_rowid((*c).db()));
    }

    static media_item read_media(const query& q) {
        return media_item{q.i64(0), q.text(1), q.text(2), q.text(3), q.i64(4), q.text(5), q.i64(6), q.i64(7)};
    }

    result<std::vector<media_item>> list_media(std::int64_t limit, std::int64_t offset) override {
        lease c(*this);
        query q(*c, sql_list_media);
        q.bind(1, limit).bind(2, offset);
        return many(q, read_media);
    }

    result<media_item> find_media(id_t id) override {
        lease c(*this);
        query q(*c, sql_find_media);
        q.bind(1, id);
        return one(q, read_media);
    }

    result<media_item> find_media_by_path(std::string_view path) override {
        lease c(*this);
        query q(*c, sql_find_media_by_path);
        q.bind(1, path);
        return one(q, read_media);
    }

    result<std::int64_t> media_uses(std::string_view path) override {
        lease c(*this);
        query q(*c, sql_media_uses);
        q.bind(1, path);
        return one(q, [](const query& r) { return r.i64(0); });
    }

    result<void> delete_media(id_t id) override {
        return exec_changing(sql_delete_media, [&](query& q) { q.bind(1, id); });
    }

    result<std::optional<std::string>> get_setting(std::string_view key) override {
        lease c(*this);
        query q(*c, sql_get_setting);
        q.bind(1, key);
        std::optional<std::string> v;
        if (q.step()) {
            v = q.text(0);
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return v;
    }

    result<void> put_setting(std::string_view key, std::string_view value) override {
        lease c(*this);
        query q(*c, sql_put_setting);
        q.bind(1, key).bind(2, value);
        if (auto ec = q.exec()) {
            return ec;
        }
        return {};
    }

    // ---- comments ------------------------------------------------------------------------------------

    result<std::vector<comment_outcome>> add_comments(const std::vector<comment_candidate>& batch,
                                                      unix_time now) override {
        lease c(*this);
        transaction tx(*c);
        if (auto ec = tx.begun()) {
            return ec;
        }
        std::vector<comment_outcome> out;
        std::vector<id_t> recount;
        for (const auto& cand : batch) {
            auto one = add_one_comment(*c, cand, now);
            if (!one) {
                return one.error();
            }
            if (one->what == comment_outcome::kind::stored && one->status == comment_status::approved) {
                recount.push_back(cand.c.article_id);
            }
            out.push_back(std::move(*one));
        }
        for (const id_t id : recount) { // a new approved comment: one more (no count over all of them)
            query q(*c, sql_count_one_more);
            q.bind(1, id);
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return out;
    }

    static bool exists(connection& c, const char* sql, const std::function<void(query&)>& bind, std::error_code& ec) {
        query q(c, sql);
        bind(q);
        const bool found = q.step();
        ec = q.error();
        return found;
    }

    // One comment of a batch, inside its transaction: the checks that need the database, in the order
    // the comments pipeline defines, then the insert.
    static result<comment_outcome> add_one_comment(connection& c, const comment_candidate& cand, unix_time now) {
        const comment& m = cand.c;
        comment_outcome o;
        std::error_code ec;
        {
            query q(c, sql_comment_article_state);
            q.bind(1, m.article_id);
            const bool found = q.step();
            if (auto e = q.error()) {
                return e;
            }
            if (!found || q.text(0) != "published" || q.i64(1) != 0) {
                o.what = comment_outcome::kind::closed;
                return o;
            }
        }
        int depth = 1;
        if (m.parent_id != 0) {
            query q(c, sql_comment_parent);
            q.bind(1, m.parent_id);
            const bool found = q.step();
            if (auto e = q.error()) {
                return e;
            }
            const auto st = found ? q.text(2) : std::string();
            // Readers answer published comments; staff may also answer one still waiting (from the queue).
            if (!found || q.i64(0) != m.article_id || (st != "approved" && !(m.user_id != 0 && st == "pending"))) {
                o.what = comment_outcome::kind::bad_parent;
                return o;
            }
            depth = std::min(static_cast<int>(q.i64(1)) + 1, std::max(1, cand.max_depth));
        }
        if (exists(c, sql_comment_duplicate, [&](query& q) {
                q.bind(1, m.article_id).bind(2, m.parent_id).bind(3, m.author_email).bind(4, m.body);
            }, ec)) {
            o.what = comment_outcome::kind::duplicate;
            return o;
        }
        if (ec) {
            return ec;
        }
        if (m.user_id == 0 && cand.flood_seconds > 0) {
            if (exists(c, sql_comment_flood, [&](query& q) {
                    q.bind(1, m.ip).bind(2, m.author_email).bind(3, now - cand.flood_seconds);
                }, ec)) {
                o.what = comment_outcome::kind::flood;
                return o;
            }
            if (ec) {
                return ec;
            }
        }
        using verdict = comment_verdict::kind;
        if (m.user_id != 0) {
            o.status = comment_status::approved;
        } else if (exists(c, sql_comment_banned, [&](query& q) { q.bind(1, m.author_email).bind(2, m.ip).bind(3, now); }, ec)) {
            o.status = comment_status::spam;
            o.reason = "The sender is banned.";
        } else if (ec) {
            return ec;
        } else if (cand.verdict.what == verdict::approve) {
            o.status = comment_status::approved;
        } else if (cand.verdict.what == verdict::hold || cand.verdict.what == verdict::spam) {
            o.status = cand.verdict.what == verdict::hold ? comment_status::pending : comment_status::spam;
            o.reason = cand.verdict.reason;
        } else if (exists(c, sql_comment_known_author, [&](query& q) { q.bind(1, m.author_email); }, ec)) {
            o.status = comment_status::approved;
        } else if (ec) {
            return ec;
        } else {
            o.status = comment_status::pending;
            o.reason = "The first comment from this email address.";
        }
        query q(c, sql_insert_comment);
        q.bind(1, m.article_id).bind(2, m.parent_id).bind(3, depth).bind(4, m.author_name).bind(5, m.author_email);
        q.bind(6, m.author_url).bind(7, m.body).bind(8, to_string(o.status)).bind(9, o.reason).bind(10, m.ip);
        q.bind(11, m.user_agent).bind(12, m.user_id).bind(13, now);
        if (auto e = q.exec()) {
            return e;
        }
        o.id = sqlite3_last_insert_rowid(c.db());
        return o;
    }

    result<std::vector<comment>> approved_comments(id_t article_id) override {
        return comment_list(sql_approved_comments, [&](query& q) { q.bind(1, article_id); });
    }

    result<comment> find_comment(id_t id) override {
        auto list = comment_list(sql_find_comment, [&](query& q) { q.bind(1, id); });
        if (!list) {
            return list.error();
        }
        if (list->empty()) {
            return std::error_code(errc::not_found);
        }
        return std::move(list->front());
    }

    result<comment_page> list_comments(const comment_query& cq) override {
        std::optional<std::string> status;
        if (cq.status) {
            status = std::string(to_string(*cq.status));
        }
        auto bind = [&](query& q) { q.bind(1, status).bind(2, cq.article_id).bind(3, cq.search); };
        auto items = comment_list(sql_list_comments, [&](query& q) {
            bind(q);
            q.bind(4, cq.limit).bind(5, cq.offset);
        });
        if (!items) {
            return items.error();
        }
        comment_page page;
        page.items = std::move(*items);
        lease c(*this);
        query q(*c, sql_count_comments_filtered);
        bind(q);
        if (q.step()) {
            page.total = q.i64(0);
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return page;
    }

    result<comment_counts> count_comments() override {
        lease c(*this);
        comment_counts counts;
        query q(*c, sql_count_comments);
        while (q.step()) {
            const auto st = comment_status_from_string(q.text(0));
            const auto n = q.i64(1);
            if (st == comment_status::pending) counts.pending = n;
            else if (st == comment_status::approved) counts.approved = n;
            else if (st == comment_status::spam) counts.spam = n;
            else if (st == comment_status::trash) counts.trash = n;
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return counts;
    }

    result<std::vector<id_t>> set_comment_status(const std::vector<id_t>& ids, comment_status st,
                                                 unix_time now) override {
        lease c(*this);
        transaction tx(*c);
        if (auto ec = tx.begun()) {
            return ec;
        }
        std::vector<id_t> articles;
        for (const id_t id : ids) {
            query q(*c, sql_set_comment_status);
            q.bind(1, id).bind(2, to_string(st)).bind(3, now);
            while (q.step()) {
                articles.push_back(q.i64(0));
            }
            if (auto ec = q.error()) {
                return ec;
            }
        }
        std::sort(articles.begin(), articles.end());
        articles.erase(std::unique(articles.begin(), articles.end()), articles.end());
        if (auto ec = recount_comments(*c, articles)) {
            return ec;
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return articles;
    }

    result<id_t> update_comment_body(id_t id, std::string_view body) override {
        lease c(*this);
        query q(*c, sql_update_comment_body);
        q.bind(1, id).bind(2, body);
        if (!q.step()) {
            return q.error() ? q.error() : std::error_code(errc::not_found);
        }
        const id_t article_id = q.i64(0);
        while (q.step()) {
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return article_id;
    }

    result<id_t> delete_comment(id_t id) override {
        lease c(*this);
        transaction tx(*c);
        if (auto ec = tx.begun()) {
            return ec;
        }
        id_t article_id = 0, parent_id = 0;
        {
            query q(*c, sql_comment_article);
            q.bind(1, id);
            if (!q.step()) {
                return q.error() ? q.error() : std::error_code(errc::not_found);
            }
            article_id = q.i64(0);
            parent_id = q.i64(1);
        }
        for (const auto* sql : {sql_reparent_replies, sql_delete_comment}) {
            query q(*c, sql);
            q.bind(1, id);
            if (sql == sql_reparent_replies) {
                q.bind(2, parent_id); // its replies move up a level rather than vanish with it
            }
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        if (auto ec = recount_comments(*c, {article_id})) {
            return ec;
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return article_id;
    }

    result<void> set_comments_closed(id_t article_id, bool closed) override {
        return exec_changing(sql_set_comments_closed, [&](query& q) { q.bind(1, article_id).bind(2, closed); });
    }

    result<std::int64_t> purge_trash(unix_time before) override {
        return count_changes(sql_purge_trash, [&](query& q) { q.bind(1, before); });
    }

    result<std::int64_t> forget_comment_addresses(unix_time before) override {
        return count_changes(sql_forget_addresses, [&](query& q) { q.bind(1, before); });
    }

    result<std::vector<comment>> comments_by_email(std::string_view email) override {
        return comment_list(sql_comments_by_email, [&](query& q) { q.bind(1, email); });
    }

    result<std::vector<id_t>> erase_comments_by_email(std::string_view email) override {
        lease c(*this);
        transaction tx(*c);
        if (auto ec = tx.begun()) {
            return ec;
        }
        std::vector<id_t> articles;
        {
            query q(*c, sql_articles_of_email);
            q.bind(1, email);
            while (q.step()) {
                articles.push_back(q.i64(0));
            }
            if (auto ec = q.error()) {
                return ec;
            }
        }
        // Comments with replies stay as "[deleted]" (nothing of their author left); the rest go.
        for (const auto* sql : {sql_erase_with_replies, sql_erase_without_replies}) {
            query q(*c, sql);
            q.bind(1, email);
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        if (auto ec = recount_comments(*c, articles)) {
            return ec;
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return articles;
    }

    result<id_t> add_ban(const comment_ban& b, id_t by) override {
        lease c(*this);
        query q(*c, sql_insert_ban);
        q.bind(1, b.kind).bind(2, b.value).bind(3, b.expires_at).bind(4, by).bind(5, b.created_at);
        if (!q.step()) {
            return q.error() ? q.error() : std::error_code(errc::internal);
        }
        const id_t id = q.i64(0);
        while (q.step()) {
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return id;
    }

    result<std::vector<comment_ban>> list_bans(unix_time now) override {
        lease c(*this);
        query q(*c, sql_list_bans);
        q.bind(1, now);
        std::vector<comment_ban> out;
        while (q.step()) {
            out.push_back({q.i64(0), q.text(1), q.text(2), q.i64(3), q.i64(4)});
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return out;
    }

    result<void> delete_ban(id_t id) override {
        return exec_changing(sql_delete_ban, [&](query& q) { q.bind(1, id); });
    }

    template <class Bind>
    result<std::vector<comment>> comment_list(const char* sql, Bind bind) {
        lease c(*this);
        query q(*c, sql);
        bind(q);
        std::vector<comment> out;
        while (q.step()) {
            out.push_back(read_comment(q));
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return out;
    }

    template <class Bind>
    result<std::int64_t> count_changes(const char* sql, Bind bind) {
        lease c(*this);
        query q(*c, sql);
        bind(q);
        if (auto ec = q.exec()) {
            return ec;
        }
        return static_cast<std::int64_t>(sqlite3_changes((*c).db()));
    }

    static std::error_code recount_comments(connection& c, const std::vector<id_t>& articles) {
        for (const id_t id : articles) {
            query q(c, sql_recount_comments);
            q.bind(1, id);
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        return {};
    }

    // ---- live chat -----------------------------------------------------------------------------------

    result<id_t> create_conversation(std::string_view token_hash, const chat_conversation& c) override {
        lease l(*this);
        query q(*l, sql_create_conversation);
        q.bind(1, token_hash).bind(2, c.visitor_name).bind(3, c.visitor_email).bind(4, c.page_url).bind(5, c.referrer);
        q.bind(6, c.ip).bind(7, c.user_agent).bind(8, c.created_at);
        if (auto ec = q.exec()) {
            return ec;
        }
        return static_cast<id_t>(sqlite3_last_insert_rowid((*l).db()));
    }

    result<chat_conversation> find_conversation_by_token(std::string_view token_hash) override {
        return one_conversation(sql_conversation_by_token, [&](query& q) { q.bind(1, token_hash); });
    }

    result<chat_conversation> find_conversation(id_t id) override {
        return one_conversation(sql_conversation_by_id, [&](query& q) { q.bind(1, id); });
    }

    template <class Bind>
    result<chat_conversation> one_conversation(const char* sql, Bind bind) {
        lease l(*this);
        query q(*l, sql);
        bind(q);
        return one(q, read_conversation);
    }

    result<std::int64_t> conversations_from(std::string_view ip, unix_time since) override {
        lease l(*this);
        query q(*l, sql_conversations_from);
        q.bind(1, ip).bind(2, since);
        std::int64_t n = 0;
        if (q.step()) {
            n = q.i64(0);
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return n;
    }

    result<chat_added> add_chat_message(const chat_message& m) override {
        lease l(*this);
        transaction tx(*l);
        if (auto ec = tx.begun()) {
            return ec;
        }
        chat_added out;
        {
            query q(*l, sql_insert_chat_message);
            q.bind(1, m.conversation_id).bind(2, m.sender).bind(3, m.agent_id).bind(4, m.name).bind(5, m.text);
            q.bind(6, m.client_id).bind(7, m.created_at);
            if (auto ec = q.exec()) {
                return ec;
            }
            out.stored = sqlite3_changes((*l).db()) > 0;
        }
        {
            const bool by_client = !out.stored;
            query q(*l, by_client ? sql_chat_message_by_client : sql_chat_message_by_id);
            if (by_client) {
                q.bind(1, m.conversation_id).bind(2, m.client_id);
            } else {
                q.bind(1, static_cast<id_t>(sqlite3_last_insert_rowid((*l).db())));
            }
            if (!q.step()) {
                return q.error() ? q.error() : std::error_code(errc::internal);
            }
            out.message = read_chat_message(q);
            while (q.step()) {
            }
        }
        if (out.stored) {
            query q(*l, sql_touch_conversation);
            q.bind(1, m.conversation_id).bind(2, m.created_at);
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return out;
    }

    result<std::vector<chat_message>> chat_messages_after(id_t conversation_id, id_t after_id, std::int64_t limit,
                                                          bool with_notes) override {
        lease l(*this);
        query q(*l, sql_chat_messages_after);
        q.bind(1, conversation_id).bind(2, after_id).bind(3, limit).bind(4, with_notes);
        return many(q, read_chat_message);
    }

    result<void> mark_chat_read(id_t conversation_id, bool by_visitor, id_t up_to) override {
        lease l(*this);
        query q(*l, by_visitor ? sql_mark_read_visitor : sql_mark_read_agent);
        q.bind(1, conversation_id).bind(2, up_to);
        if (auto ec = q.exec()) {
            return ec;
        }
        return {};
    }

    // An FTS5 query from words: each quoted (FTS5 syntax in a reader's words is just text), joined by
    // " OR " (any) or " " (all).
    static std::string fts_match(const std::vector<std::string>& words, std::string_view join) {
        std::string match;
        for (const auto& w : words) {
            std::string quoted = "\"";
            for (const char c : w) {
                if (c != '"') {
                    quoted.push_back(c);
                }
            }
            quoted += '"';
            if (quoted.size() > 2) {
                match += (match.empty() ? "" : std::string(join)) + quoted;
            }
        }
        return match;
    }

    result<search_page> search_published(const std::vector<std::string>& words, std::int64_t limit,
                                         std::int64_t offset) override {
        const auto match = fts_match(words, " ");
        search_page out;
        if (match.empty()) {
            return out;
        }
        lease l(*this);
        {
            query q(*l, sql_search_count);
            q.bind(1, match);
            if (q.step()) {
                out.total = q.i64(0);
            }
            if (auto ec = q.error()) {
                return ec;
            }
        }
        {
            query q(*l, sql_search_published);
            q.bind(1, match).bind(2, limit).bind(3, offset).bind(100, false);
            while (q.step()) {
                out.items.push_back({read_article(q), {}});
            }
            if (auto ec = q.error()) {
                return ec;
            }
        }
        for (auto& hit : out.items) {
            query q(*l, sql_search_snippet);
            q.bind(1, match).bind(2, hit.a.id);
            if (q.step()) {
                hit.snippet = q.text(0);
            }
            while (q.step()) {
            }
            if (auto ec = q.error()) {
                return ec;
            }
        }
        return out;
    }

    result<std::vector<article>> search_articles(const std::vector<std::string>& words, std::int64_t limit) override {
        const auto match = fts_match(words, " OR ");
        if (match.empty()) {
            return std::vector<article>{};
        }
        lease l(*this);
        query q(*l, sql_search_articles);
        q.bind(1, match).bind(2, limit).bind(100, false);
        std::vector<article> out;
        while (q.step()) {
            out.push_back(read_article(q));
        }
        if (auto ec = q.error()) {
            return ec;
        }
        if (auto ec = attach_tags(*l, out)) {
            return ec;
        }
        return out;
    }

    result<std::vector<chat_conversation>> conversations_by_email(std::string_view email) override {
        lease l(*this);
        query q(*l, sql_conversations_by_email);
        q.bind(1, email);
        return many(q, read_conversation);
    }

    result<std::int64_t> delete_conversations_by_email(std::string_view email) override {
        return count_changes(sql_delete_conversations_by_email, [&](query& q) { q.bind(1, email); });
    }

    result<std::int64_t> delete_conversations_before(unix_time before) override {
        return count_changes(sql_delete_conversations_before, [&](query& q) { q.bind(1, before); });
    }

    result<void> set_conversation_email(id_t conversation_id, std::string_view email) override {
        return exec_changing(sql_set_conversation_email, [&](query& q) { q.bind(1, conversation_id).bind(2, email); });
    }

    result<void> set_conversation_visitor(id_t conversation_id, std::string_view name, std::string_view email) override {
        return exec_changing(sql_set_conversation_visitor,
                             [&](query& q) { q.bind(1, conversation_id).bind(2, name).bind(3, email); });
    }

    result<void> set_conversation_page(id_t conversation_id, std::string_view page, std::string_view referrer) override {
        return exec_changing(sql_set_conversation_page,
                             [&](query& q) { q.bind(1, conversation_id).bind(2, page).bind(3, referrer); });
    }

    result<void> assign_conversation(id_t conversation_id, id_t agent_id) override {
        return exec_changing(sql_assign_conversation, [&](query& q) { q.bind(1, conversation_id).bind(2, agent_id); });
    }

    result<void> set_conversation_open(id_t conversation_id, bool open) override {
        return exec_changing(sql_set_conversation_status,
                             [&](query& q) { q.bind(1, conversation_id).bind(2, open ? "open" : "closed"); });
    }

    result<chat_summaries> open_conversations(std::int64_t limit) override {
        return chat_summary_list(sql_open_conversations, [&](query& q) { q.bind(1, limit); });
    }

    result<chat_summary> conversation_summary(id_t conversation_id) override {
        auto list = chat_summary_list(sql_conversation_summary, [&](query& q) { q.bind(1, conversation_id); });
        if (!list) {
            return list.error();
        }
        if (list->empty()) {
            return std::error_code(errc::not_found);
        }
        return std::move(list->front());
    }

    result<chat_summaries> search_conversations(std::string_view phrase, std::int64_t limit) override {
        std::string like = "%";
        for (const char c : phrase) {
            if (c == '%' || c == '_' || c == '\\') {
                like += '\\';
            }
            like += c;
        }
        like += '%';
        return chat_summary_list(sql_search_conversations, [&](query& q) { q.bind(1, like).bind(2, limit); });
    }

    template <class Bind>
    result<chat_summaries> chat_summary_list(const char* sql, Bind bind) {
        lease l(*this);
        query q(*l, sql);
        bind(q);
        return many(q, read_chat_summary);
    }

    // ---- application passwords ------------------------------------------------------------------------

    result<id_t> add_app_password(id_t user_id, std::string_view name, std::string_view secret_hash,
                                  unix_time now) override {
        lease l(*this);
        query q(*l, sql_add_app_password);
        q.bind(1, user_id).bind(2, name).bind(3, secret_hash).bind(4, now);
        if (auto ec = q.exec()) {
            return ec;
        }
        return static_cast<id_t>(sqlite3_last_insert_rowid((*l).db()));
    }

    result<std::pair<app_password, user>> find_app_password(std::string_view secret_hash) override {
        lease l(*this);
        query q(*l, sql_find_app_password);
        q.bind(1, secret_hash);
        if (!q.step()) {
            return q.error() ? q.error() : std::error_code(errc::not_found);
        }
        app_password p{q.i64(0), q.i64(1), q.text(2), q.i64(3), q.i64(4)};
        user u;
        u.id = q.i64(5);
        u.email = q.text(6);
        u.name = q.text(7);
        u.slug = q.text(8);
        u.role_ = role_from_string(q.text(9)).value_or(role::author);
        u.bio = q.text(10);
        u.created_at = q.i64(11);
        while (q.step()) {
        }
        return std::pair{std::move(p), std::move(u)};
    }

    result<std::vector<app_password>> list_app_passwords(id_t user_id) override {
        lease l(*this);
        query q(*l, sql_list_app_passwords);
        q.bind(1, user_id);
        return many(q, [](const query& r) { return app_password{r.i64(0), r.i64(1), r.text(2), r.i64(3), r.i64(4)}; });
    }

    result<void> delete_app_password(id_t id, id_t user_id) override {
        return exec_changing(sql_delete_app_password, [&](query& q) { q.bind(1, id).bind(2, user_id); });
    }

    result<void> touch_app_password(id_t id, unix_time now) override {
        return exec_changing(sql_touch_app_password, [&](query& q) { q.bind(1, id).bind(2, now); });
    }

    // ---- live coverage --------------------------------------------------------------------------------

    result<live_coverage> find_live(id_t article_id) override {
        lease l(*this);
        query q(*l, sql_find_live);
        q.bind(1, article_id);
        return one(q, [](const query& r) {
            return live_coverage{r.i64(0), r.text(1) == "live", r.i64(2), r.i64(3), r.i64(4)};
        });
    }

    result<void> start_live(id_t article_id, unix_time now) override {
        return exec_changing(sql_start_live, [&](query& q) { q.bind(1, article_id).bind(2, now); });
    }

    result<void> end_live(id_t article_id, unix_time now) override {
        return exec_changing(sql_end_live, [&](query& q) { q.bind(1, article_id).bind(2, now); });
    }

    result<std::vector<id_t>> quiet_live(unix_time before) override {
        lease l(*this);
        query q(*l, sql_quiet_live);
        q.bind(1, before);
        return many(q, [](const query& r) -> id_t { return r.i64(0); });
    }

    result<live_entries> list_live_entries(id_t article_id) override {
        lease l(*this);
        query q(*l, sql_live_entries);
        q.bind(1, article_id);
        return many(q, read_live_entry);
    }

    result<live_entry> find_live_entry(id_t id) override {
        lease l(*this);
        query q(*l, sql_live_entry);
        q.bind(1, id);
        return one(q, read_live_entry);
    }

    result<id_t> add_live_entry(const live_entry& e) override {
        lease l(*this);
        transaction tx(*l);
        if (auto ec = tx.begun()) {
            return ec;
        }
        id_t id = 0;
        {
            query q(*l, sql_add_live_entry);
            q.bind(1, e.article_id).bind(2, e.body_md).bind(3, e.body_html).bind(4, e.image_url).bind(5, e.image_alt);
            q.bind(6, e.author_id).bind(7, e.key_event).bind(8, e.created_at);
            if (auto ec = q.exec()) {
                return ec;
            }
            id = static_cast<id_t>(sqlite3_last_insert_rowid((*l).db()));
        }
        {
            query q(*l, sql_touch_live);
            q.bind(1, e.article_id).bind(2, e.created_at);
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return id;
    }

    result<void> update_live_entry(const live_entry& e) override {
        return exec_changing(sql_update_live_entry, [&](query& q) {
            q.bind(1, e.id).bind(2, e.body_md).bind(3, e.body_html).bind(4, e.image_url).bind(5, e.image_alt);
            q.bind(6, e.key_event).bind(7, e.updated_at);
        });
    }

    result<void> delete_live_entry(id_t id) override {
        return exec_changing(sql_delete_live_entry, [&](query& q) { q.bind(1, id); });
    }

    result<id_t> add_live_event(std::string_view name, std::string_view data, unix_time now) override {
        lease l(*this);
        query q(*l, sql_add_live_event);
        q.bind(1, name).bind(2, data).bind(3, now);
        if (auto ec = q.exec()) {
            return ec;
        }
        return static_cast<id_t>(sqlite3_last_insert_rowid((*l).db()));
    }

    result<live_events> live_events_after(id_t after, unix_time not_before, std::int64_t limit) override {
        lease l(*this);
        query q(*l, sql_live_events_after);
        q.bind(1, after).bind(2, limit).bind(3, not_before);
        return many(q, [](const query& r) { return live_event{r.i64(0), r.text(1), r.text(2), r.i64(3)}; });
    }

    result<id_t> last_live_event() override {
        lease l(*this);
        query q(*l, sql_last_live_event);
        id_t id = 0;
        if (q.step()) {
            id = q.i64(0);
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return id;
    }

    result<std::int64_t> delete_live_events_before(unix_time before) override {
        return count_changes(sql_delete_live_events_before, [&](query& q) { q.bind(1, before); });
    }

    result<id_t> add_privacy_request(const privacy_request& r) override {
        lease c(*this);
        query q(*c, sql_add_privacy_request);
        q.bind(1, r.email).bind(2, r.kind).bind(3, r.note).bind(4, r.created_at);
        if (auto ec = q.exec()) {
            return ec;
        }
        return static_cast<id_t>(sqlite3_last_insert_rowid((*c).db()));
    }

    result<std::vector<privacy_request>> open_privacy_requests() override {
        lease c(*this);
        query q(*c, sql_open_privacy_requests);
        std::vector<privacy_request> out;
        while (q.step()) {
            out.push_back({q.i64(0), q.text(1), q.text(2), q.text(3), q.i64(4), q.i64(5)});
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return out;
    }

    result<void> close_privacy_request(id_t id, id_t by, unix_time at) override {
        return exec_changing(sql_close_privacy_request, [&](query& q) { q.bind(1, id).bind(2, by).bind(3, at); });
    }

    result<std::int64_t> privacy_requests_since(std::string_view email, std::string_view kind, unix_time since) override {
        lease c(*this);
        query q(*c, sql_privacy_request_since);
        q.bind(1, email).bind(2, kind).bind(3, since);
        std::int64_t n = 0;
        if (q.step()) {
            n = q.i64(0);
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return n;
    }

    // ---- pages and WordPress imports ----------------------------------------------------------------

    static site_page read_page(const query& q) {
        site_page p;
        p.id = q.i64(0);
        p.path = q.text(1);
        p.title = q.text(2);
        p.body_md = q.text(3);
        p.body_html = q.text(4);
        p.author_id = q.i64(5);
        p.parent_id = q.i64(6);
        p.menu_order = static_cast<int>(q.i64(7));
        p.published = q.text(8) == "published";
        p.published_at = q.i64(9);
        p.created_at = q.i64(10);
        p.updated_at = q.i64(11);
        p.author_name = q.text(12);
        return p;
    }

    result<site_page> find_published_page(std::string_view path) override {
        lease c(*this);
        query q(*c, sql_find_published_page);
        q.bind(1, path);
        return one(q, read_page);
    }

    result<site_page> find_page(id_t id) override {
        lease c(*this);
        query q(*c, sql_find_page);
        q.bind(1, id);
        return one(q, read_page);
    }

    result<std::vector<site_page>> list_pages(bool published_only) override {
        lease c(*this);
        query q(*c, sql_list_pages);
        q.bind(1, published_only);
        return many(q, read_page);
    }

    // The columns a page's form sets, numbered alike in sql_insert_newsroom_page and sql_update_page
    // (?1 path and ?5 author are bound by the caller; the update's ?11 is the id).
    static void bind_page(query& q, const site_page& p) {
        q.bind(2, p.title).bind(3, p.body_md).bind(4, p.body_html).bind(6, p.parent_id).bind(7, p.menu_order);
        q.bind(8, p.published ? "published" : "draft").bind(9, p.published_at).bind(10, p.updated_at);
    }

    result<id_t> insert_page(const site_page& p) override {
        lease c(*this);
        transaction tx(*c);
        if (auto ec = tx.begun()) {
            return ec;
        }
        {
            query q(*c, sql_insert_newsroom_page);
            bind_page(q, p);
            q.bind(1, p.path).bind(5, p.author_id);
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        const id_t id = sqlite3_last_insert_rowid((*c).db());
        if (auto ec = tx.commit()) {
            return ec;
        }
        return id;
    }

    result<void> update_page(const site_page& p) override {
        lease c(*this);
        query q(*c, sql_update_page);
        bind_page(q, p);
        q.bind(1, p.path).bind(11, p.id);
        if (auto ec = q.exec()) {
            return ec;
        }
        if (sqlite3_changes((*c).db()) == 0) {
            return std::error_code(errc::not_found);
        }
        return {};
    }

    result<void> delete_page(id_t id) override {
        lease c(*this);
        query q(*c, sql_delete_page);
        q.bind(1, id);
        if (auto ec = q.exec()) {
            return ec;
        }
        if (sqlite3_changes((*c).db()) == 0) {
            return std::error_code(errc::not_found);
        }
        return {};
    }

    result<std::pair<id_t, id_t>> find_legacy_path(std::string_view path) override {
        lease c(*this);
        query q(*c, sql_find_legacy_path);
        q.bind(1, path);
        return one(q, [](const query& r) { return std::pair<id_t, id_t>(r.i64(0), r.i64(1)); });
    }

    result<std::vector<article>> all_articles() override {
        lease c(*this);
        std::vector<article> out;
        {
            query q(*c, sql_all_articles);
            q.bind(100, true);
            auto rows = many(q, read_article);
            if (!rows) {
                return rows.error();
            }
            out = std::move(*rows);
        }
        if (auto ec = attach_tags(*c, out)) {
            return ec;
        }
        return out;
    }

    result<std::vector<comment>> all_comments() override {
        return comment_list(sql_all_comments, [](query&) {});
    }

    result<wp_import_result> import_wordpress(const wp_import& in, unix_time now,
                                              const std::function<void(std::size_t, std::size_t)>& progress) override {
        lease c(*this);
        transaction tx(*c);
        if (auto ec = tx.begun()) {
            return ec;
        }
        wp_importer run(*c, in.source);
        auto out = run.apply(in, now, progress);
        if (!out) {
            return out.error(); // the transaction rolls back: nothing of it stays
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return out;
    }

    // One import, inside its transaction. Every lookup and insert is a prepared statement; a failure
    // anywhere returns its error and the caller's transaction rolls everything back.
    class wp_importer {
    public:
        wp_importer(connection& c, std::string_view source) : c_(c), source_(source) {}

        result<wp_import_result> apply(const wp_import& in, unix_time now,
                                       const std::function<void(std::size_t, std::size_t)>& progress) {
            wp_import_result out;
            if (auto ec = users(in.users, now, out.users)) {
                return ec;
            }
            if (auto ec = categories(in.categories, out.categories)) {
                return ec;
            }
            if (auto ec = tags(in.tags, out.tags)) {
                return ec;
            }
            std::size_t done = 0;
            std::vector<std::pair<id_t, std::int64_t>> page_parents; // new page → its parent's WordPress id
            for (const auto& p : in.posts) {
                if (auto ec = post(p, out, page_parents)) {
                    return ec;
                }
                if (progress) {
                    progress(++done, in.posts.size());
                }
            }
            for (const auto& [page_id, wp_parent] : page_parents) {
                auto parent = imported("page", std::to_string(wp_parent));
                if (!parent) {
                    return parent.error();
                }
                if (*parent != 0) {
                    query q(c_, sql_set_page_parent);
                    q.bind(1, page_id).bind(2, *parent);
                    if (auto ec = q.exec()) {
                        return ec;
                    }
                }
            }
            return out;
        }

    private:
        // The id in the first column of the query's row; 0 when there is no row.
        static result<id_t> id_or_zero(query& q) {
            auto id = one(q, [](const query& r) { return r.i64(0); });
            if (!id && id.error() == errc::not_found) {
                return id_t{0};
            }
            return id;
        }

        // The local id an earlier import gave this WordPress object; 0 when there is none.
        result<id_t> imported(std::string_view kind, std::string_view key) {
            query q(c_, sql_wp_imported);
            q.bind(1, source_).bind(2, kind).bind(3, key);
            return id_or_zero(q);
        }

        std::error_code remember(std::string_view kind, std::string_view key, id_t local) {
            query q(c_, sql_remember_wp_import);
            q.bind(1, source_).bind(2, kind).bind(3, key).bind(4, local);
            return q.exec();
        }

        // The id of the row a lookup finds, or 0.
        result<id_t> find_id(const char* sql, std::string_view value) {
            query q(c_, sql);
            q.bind(1, value);
            return id_or_zero(q);
        }

        // base, base-2, base-3 ...: the first one the lookup does not find. Slugs stay within 200 characters.
        result<std::string> free_name(const char* sql, const std::string& base, std::string_view suffix = "") {
            for (int n = 1;; ++n) {
                std::string candidate = base;
                if (n > 1) {
                    const std::string tail = "-" + std::to_string(n);
                    candidate = base.substr(0, std::min(base.size(), 200 - tail.size() - suffix.size())) + tail;
                }
                candidate += suffix;
                auto taken = find_id(sql, candidate);
                if (!taken) {
                    return taken.error();
                }
                if (*taken == 0) {
                    return candidate;
                }
            }
        }

        std::error_code users(const std::vector<wp_import_user>& list, unix_time now, wp_import_tally& tally) {
            for (const auto& u : list) {
                auto known = imported("user", u.login);
                if (!known) {
                    return known.error();
                }
                id_t id = *known;
                if (id == 0) {
                    auto same = find_id(sql_user_by_email, u.email);
                    if (!same) {
                        return same.error();
                    }
                    id = *same;
                    if (id == 0) {
                        auto slug = free_name(sql_user_slug_taken, u.slug);
                        if (!slug) {
                            return slug.error();
                        }
                        // No password: the person sets one through a reset before signing in.
                        query q(c_, sql_insert_user);
                        q.bind(1, u.email).bind(2, u.name).bind(3, *slug).bind(4, "author").bind(5, "");
                        q.bind(6, "").bind(7, now);
                        if (auto ec = q.exec()) {
                            return ec;
                        }
                        id = sqlite3_last_insert_rowid(c_.db());
                        ++tally.created;
                    } else {
                        ++tally.existing;
                    }
                    if (auto ec = remember("user", u.login, id)) {
                        return ec;
                    }
                } else {
                    ++tally.existing;
                }
                users_[u.login] = id;
                if (u.wp_id != 0) {
                    users_by_wp_id_[u.wp_id] = id;
                }
            }
            return {};
        }

        std::error_code categories(const std::vector<wp_import_term>& list, wp_import_tally& tally) {
            std::int64_t position = 0;
            {
                query q(c_, sql_next_category_position);
                auto next = id_or_zero(q); // max(position) + 1 (a number, not an id; 0 with no sections)
                if (!next) {
                    return next.error();
                }
                position = *next;
            }
            std::vector<std::pair<id_t, std::string>> parents; // new section → its parent's slug
            for (const auto& t : list) {
                auto known = imported("category", t.slug);
                if (!known) {
                    return known.error();
                }
                id_t id = *known;
                if (id == 0) {
                    auto same = find_id(sql_category_id_by_slug, t.slug);
                    if (!same) {
                        return same.error();
                    }
                    id = *same;
                    if (id == 0) {
                        query q(c_, sql_insert_category);
                        q.bind(1, t.slug).bind(2, t.name).bind(3, t.description).bind(4, std::min<std::int64_t>(position++, 1000));
                        if (auto ec = q.exec()) {
                            return ec;
                        }
                        id = sqlite3_last_insert_rowid(c_.db());
                        ++tally.created;
                        if (!t.parent.empty()) {
                            parents.emplace_back(id, t.parent);
                        }
                    } else {
                        ++tally.existing;
                    }
                    if (auto ec = remember("category", t.slug, id)) {
                        return ec;
                    }
                } else {
                    ++tally.existing;
                }
                categories_[t.slug] = id;
            }
            for (const auto& [id, parent_slug] : parents) {
                const auto it = categories_.find(parent_slug);
                if (it == categories_.end() || it->second == id) {
                    continue; // a parent the file does not define: the section stays at the top
                }
                query q(c_, sql_set_category_parent);
                q.bind(1, id).bind(2, it->second);
                if (auto ec = q.exec()) {
                    return ec;
                }
            }
            return {};
        }

        std::error_code tags(const std::vector<wp_import_term>& list, wp_import_tally& tally) {
            for (const auto& t : list) {
                auto known = imported("tag", t.slug);
                if (!known) {
                    return known.error();
                }
                id_t id = *known;
                if (id == 0) {
                    auto same = find_id(sql_tag_id_by_slug, t.slug);
                    if (!same) {
                        return same.error();
                    }
                    id = *same;
                    if (id == 0) {
                        query q(c_, sql_insert_tag);
                        q.bind(1, t.slug).bind(2, t.name);
                        if (auto ec = q.exec()) {
                            return ec;
                        }
                        id = sqlite3_last_insert_rowid(c_.db());
                        ++tally.created;
                    } else {
                        ++tally.existing;
                    }
                    if (auto ec = remember("tag", t.slug, id)) {
                        return ec;
                    }
                } else {
                    ++tally.existing;
                }
                tags_[t.slug] = id;
            }
            return {};
        }

        std::error_code post(const wp_import_post& p, wp_import_result& out,
                             std::vector<std::pair<id_t, std::int64_t>>& page_parents) {
            const char* kind = p.is_page ? "page" : "post";
            auto& tally = p.is_page ? out.pages : out.posts;
            const auto key = std::to_string(p.wp_id);
            auto known = imported(kind, key);
            if (!known) {
                return known.error();
            }
            if (*known != 0) {
                ++tally.existing;
                out.comments.existing += static_cast<std::int64_t>(p.is_page ? 0 : p.comments.size());
                return {};
            }
            const auto author = users_.find(p.author_login);
            if (author == users_.end()) {
                return std::error_code(errc::invalid); // the importer names every author it refers to
            }
            id_t id = 0;
            if (p.is_page) {
                auto path = free_name(sql_page_path_taken, p.path.substr(0, p.path.size() - 1), "/");
                if (!path) {
                    return path.error();
                }
                query q(c_, sql_insert_page);
                q.bind(1, *path).bind(2, p.title).bind(3, p.body_md).bind(4, p.body_html).bind(5, author->second);
                q.bind(6, p.menu_order).bind(7, p.status == article_status::published ? "published" : "draft");
                q.bind(8, p.published_at).bind(9, p.created_at).bind(10, std::max(p.created_at, p.updated_at));
                if (auto ec = q.exec()) {
                    return ec;
                }
                id = sqlite3_last_insert_rowid(c_.db());
                if (p.wp_parent != 0) {
                    page_parents.emplace_back(id, p.wp_parent);
                }
            } else {
                const auto cat = categories_.find(p.category);
                if (cat == categories_.end()) {
                    return std::error_code(errc::invalid); // the importer names every section it refers to
                }
                auto slug = free_name(sql_article_slug_taken, p.slug);
                if (!slug) {
                    return slug.error();
                }
                article_input a;
                a.slug = *slug;
                a.headline = p.title;
                a.standfirst = p.standfirst;
                a.body_md = p.body_md;
                a.body_html = p.body_html;
                a.author_id = author->second;
                a.category_id = cat->second;
                a.status = p.status;
                a.published_at = p.published_at;
                a.image_url = p.image_url;
                a.image_alt = p.image_alt;
                a.image_caption = p.image_caption;
                for (const auto& t : p.tags) {
                    a.tags.emplace_back(t, "");
                }
                const unix_time updated = std::max(p.created_at, p.updated_at);
                {
                    query q(c_, sql_insert_article);
                    q.bind(1, a.slug).bind(2, a.headline).bind(3, a.standfirst).bind(4, a.body_md).bind(5, a.body_html);
                    q.bind(6, a.author_id).bind(7, a.category_id).bind(8, to_string(a.status)).bind(9, a.published_at);
                    q.bind(10, p.created_at).bind(11, false).bind(12, a.image_url).bind(13, a.image_alt);
                    q.bind(14, a.image_caption).bind(15, updated);
                    if (auto ec = q.exec()) {
                        return ec;
                    }
                    id = sqlite3_last_insert_rowid(c_.db());
                }
                if (auto ec = tag_article(id, p.tags)) {
                    return ec;
                }
                if (auto ec = write_revision(c_, id, 1, a, updated)) {
                    return ec;
                }
                if (p.comments_closed) {
                    query q(c_, sql_set_comments_closed_import);
                    q.bind(1, id).bind(2, true);
                    if (auto ec = q.exec()) {
                        return ec;
                    }
                }
                if (auto ec = comments(id, p.comments, out.comments)) {
                    return ec;
                }
            }
            ++tally.created;
            if (auto ec = remember(kind, key, id)) {
                return ec;
            }
            for (const auto& path : p.legacy_paths) {
                query q(c_, sql_add_legacy_path);
                q.bind(1, path).bind(2, p.is_page ? 0 : id).bind(3, p.is_page ? id : 0);
                if (auto ec = q.exec()) {
                    return ec;
                }
                out.redirects += sqlite3_changes(c_.db());
            }
            return {};
        }

        std::error_code tag_article(id_t article_id, const std::vector<std::string>& slugs) {
            int position = 0;
            for (const auto& slug : slugs) {
                const auto it = tags_.find(slug);
                if (it == tags_.end()) {
                    continue;
                }
                query q(c_, sql_insert_article_tag);
                q.bind(1, article_id).bind(2, it->second).bind(3, position++);
                if (auto ec = q.exec()) {
                    return ec;
                }
            }
            return {};
        }

        // A post's comments, parents before their replies, so each reply knows its parent's row and
        // depth. A reply whose parent is not in the file becomes a comment on the article.
        std::error_code comments(id_t article_id, const std::vector<wp_import_comment>& list, wp_import_tally& tally) {
            std::unordered_map<std::int64_t, std::pair<id_t, int>> placed; // WordPress id → (row, depth)
            std::unordered_set<std::int64_t> in_file;
            for (const auto& m : list) {
                in_file.insert(m.wp_id);
            }
            std::vector<const wp_import_comment*> waiting;
            for (const auto& m : list) {
                waiting.push_back(&m);
            }
            while (!waiting.empty()) {
                std::vector<const wp_import_comment*> later;
                for (const auto* m : waiting) {
                    id_t parent = 0;
                    int depth = 1;
                    if (m->wp_parent != 0 && m->wp_parent != m->wp_id && in_file.contains(m->wp_parent)) {
                        const auto it = placed.find(m->wp_parent);
                        if (it == placed.end()) {
                            later.push_back(m);
                            continue;
                        }
                        parent = it->second.first;
                        depth = it->second.second + 1;
                    }
                    auto row = comment(article_id, *m, parent, depth, tally);
                    if (!row) {
                        return row.error();
                    }
                    placed[m->wp_id] = {*row, depth};
                }
                if (later.size() == waiting.size()) {
                    // A cycle in the file's parents: what is left goes on the article itself.
                    for (const auto* m : later) {
                        in_file.erase(m->wp_parent);
                    }
                }
                waiting = std::move(later);
            }
            query q(c_, sql_recount_comments);
            q.bind(1, article_id);
            return q.exec();
        }

        result<id_t> comment(id_t article_id, const wp_import_comment& m, id_t parent, int depth, wp_import_tally& tally) {
            const auto key = std::to_string(m.wp_id);
            auto known = imported("comment", key);
            if (!known) {
                return known.error();
            }
            if (*known != 0) {
                ++tally.existing;
                return *known;
            }
            id_t user_id = 0;
            if (!m.user_login.empty()) {
                if (const auto it = users_.find(m.user_login); it != users_.end()) {
                    user_id = it->second;
                }
            }
            query q(c_, sql_insert_comment);
            q.bind(1, article_id).bind(2, parent).bind(3, depth).bind(4, m.author_name).bind(5, m.author_email);
            q.bind(6, m.author_url).bind(7, m.body).bind(8, to_string(m.status)).bind(9, "").bind(10, m.ip);
            q.bind(11, "").bind(12, user_id).bind(13, m.created_at);
            if (auto ec = q.exec()) {
                return ec;
            }
            const id_t id = sqlite3_last_insert_rowid(c_.db());
            if (auto ec = remember("comment", key, id)) {
                return ec;
            }
            ++tally.created;
            return id;
        }

        connection& c_;
        std::string source_;
        std::unordered_map<std::string, id_t> users_, categories_, tags_;
        std::unordered_map<std::int64_t, id_t> users_by_wp_id_;
    };

    result<void> add_views(std::string_view day, const view_counts& counts) override {
        lease c(*this);
        transaction tx(*c);
        if (auto ec = tx.begun()) {
            return ec;
        }
        for (const auto& [id, n] : counts) {
            query q(*c, sql_add_views);
            q.bind(1, day).bind(2, id).bind(3, n);
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return {};
    }

    result<day_counts> views_per_day(std::string_view from, std::string_view to) override {
        lease c(*this);
        query q(*c, sql_views_per_day);
        q.bind(1, from).bind(2, to);
        day_counts out;
        while (q.step()) {
            out.emplace_back(q.text(0), q.i64(1));
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return out;
    }

    result<ranked_articles> most_viewed(std::string_view from, std::string_view to, std::int64_t limit) override {
        std::vector<std::pair<id_t, std::int64_t>> ranked;
        {
            lease c(*this);
            query q(*c, sql_most_viewed);
            q.bind(1, from).bind(2, to).bind(3, limit);
            while (q.step()) {
                ranked.emplace_back(q.i64(0), q.i64(1));
            }
            if (auto ec = q.error()) {
                return ec;
            }
        }
        ranked_articles out;
        for (const auto& [id, n] : ranked) {
            auto a = find_article(id);
            if (!a) {
                if (a.error() == errc::not_found) {
                    continue; // deleted since
                }
                return a.error();
            }
            out.emplace_back(std::move(*a), n);
        }
        return out;
    }

    result<setting_list> list_settings() override {
        lease c(*this);
        query q(*c, sql_list_settings);
        setting_list out;
        while (q.step()) {
            out.emplace_back(q.text(0), q.text(1));
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return out;
    }

    result<void> put_settings(const setting_list& values) override {
        lease c(*this);
        transaction tx(*c);
        if (auto ec = tx.begun()) {
            return ec;
        }
        for (const auto& [key, value] : values) {
            query q(*c, sql_put_setting);
            q.bind(1, key).bind(2, value);
            if (auto ec = q.exec()) {
                return ec;
            }
        }
        if (auto ec = tx.commit()) {
            return ec;
        }
        return {};
    }

    result<int> schema_version() override {
        lease c(*this);
        query q(*c, sql_user_version);
        if (!q.step()) {
            return q.error() ? q.error() : std::error_code(errc::internal);
        }
        return static_cast<int>(q.i64(0));
    }

private:
    // Runs a statement that must change a row: errc::not_found when it changed none.
    template <class Bind>
    result<void> exec_changing(const char* sql, Bind bind) {
        lease c(*this);
        query q(*c, sql);
        bind(q);
        if (auto ec = q.exec()) {
            return ec;
        }
        if (sqlite3_changes((*c).db()) == 0) {
            return std::error_code(errc::not_found);
        }
        return {};
    }

    static void bind_filter(query& q, const article_query& aq) {
        q.bind(1, aq.category_id).bind(2, aq.author_id).bind(3, aq.tag_id).bind(4, aq.exclude_id);
        q.bind(5, aq.breaking_only);
    }

    // Every row, read by read.
    template <class Read>
    static auto many(query& q, Read read) -> result<std::vector<decltype(read(q))>> {
        std::vector<decltype(read(q))> out;
        while (q.step()) {
            out.push_back(read(q));
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return out;
    }

    template <class Read>
    static auto one(query& q, Read read) -> result<decltype(read(q))> {
        if (q.step()) {
            return read(q);
        }
        if (auto ec = q.error()) {
            return ec;
        }
        return std::error_code(errc::not_found);
    }

    template <class Bind>
    result<article> find_one(connection& c, const char* sql, Bind bind) {
        std::vector<article> items;
        {
            query q(c, sql);
            bind(q);
            q.bind(100, true);
            if (q.step()) {
                items.push_back(read_article(q));
            }
            if (auto ec = q.error()) {
                return ec;
            }
        }
        if (items.empty()) {
            return std::error_code(errc::not_found);
        }
        if (auto ec = attach_tags(c, items)) {
            return ec;
        }
        return std::move(items.front());
    }

    static std::error_code attach_tags(connection& c, std::vector<article>& items) {
        if (items.empty()) {
            return {};
        }
        std::string ids = "[";
        for (const auto& a : items) {
            if (ids.size() > 1) {
                ids.push_back(',');
            }
            ids.append(std::to_string(a.id));
        }
        ids += "]";
        query q(c, sql_tags_of_articles);
        q.bind(1, ids);
        while (q.step()) {
            const id_t article_id = q.i64(0);
            for (auto& a : items) {
                if (a.id == article_id) {
                    a.tags.push_back(tag{q.i64(1), q.text(2), q.text(3), 0});
                }
            }
        }
        return q.error();
    }

    static std::error_code write_revision(connection& c, id_t article_id, std::int64_t number, const article_input& in,
                                          unix_time at) {
        query q(c, sql_insert_revision);
        q.bind(1, article_id).bind(2, number).bind(4, at).bind(5, in.headline).bind(6, in.standfirst);
        q.bind(7, in.body_md);
        q.bind(3, in.saved_by == 0 ? std::optional<id_t>() : std::optional<id_t>(in.saved_by));
        return q.exec();
    }

    static std::error_code write_tags(connection& c, id_t article_id,
                                      const std::vector<std::pair<std::string, std::string>>& tags) {
        int position = 0;
        for (const auto& [slug, name] : tags) {
            {
                query q(c, sql_ensure_tag);
                if (auto ec = q.bind(1, slug).bind(2, name).exec()) {
                    return ec;
                }
            }
            id_t tag_id = 0;
            {
                query q(c, sql_tag_id_by_slug);
                q.bind(1, slug);
                if (!q.step()) {
                    return q.error() ? q.error() : std::error_code(errc::internal);
                }
                tag_id = q.i64(0);
            }
            query q(c, sql_insert_article_tag);
            if (auto ec = q.bind(1, article_id).bind(2, tag_id).bind(3, position++).exec()) {
                return ec;
            }
        }
        return {};
    }

    std::vector<std::unique_ptr<connection>> pool_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<connection*> free_;
};

result<std::unique_ptr<connection>> open_connection(const open_options& o, bool first) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (o.create && first ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(o.file.c_str(), &db, flags, nullptr);
    auto conn = std::make_unique<connection>(db); // closes db even when open failed
    if (rc != SQLITE_OK) {
        spdlog::error("sqlite: cannot open {}: {}", o.file.string(), sqlite3_errstr(rc));
        return std::error_code(errc::internal);
    }
    sqlite3_extended_result_codes(db, 1);
    // The first statement is where a file that is not a database shows itself.
    if (auto ec = exec_script(db, "PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;"
                                  " PRAGMA synchronous = FULL; PRAGMA journal_mode = WAL;")) {
        return ec;
    }
    return conn;
}

} // namespace

int latest_schema_version() {
    int v = 0;
    for (const auto& m : migrations()) {
        v = std::max(v, m.version);
    }
    return v;
}

result<std::unique_ptr<store>> open(const open_options& o) {
    const unsigned n = std::max(1u, o.connections);
    std::vector<std::unique_ptr<connection>> pool;
    const auto writes = std::make_shared<std::mutex>();
    for (unsigned i = 0; i < n; ++i) {
        auto c = open_connection(o, i == 0);
        if (!c) {
            return c.error();
        }
        (*c)->writes = writes;
        if (i == 0) {
            // Check the schema and migrate before anyone else uses the database.
            connection& first = **c;
            int version = 0;
            {
                query q(first, sql_user_version);
                if (!q.step()) {
                    return q.error() ? q.error() : std::error_code(errc::internal);
                }
                version = static_cast<int>(q.i64(0));
            }
            const int latest = latest_schema_version();
            if (version > latest) {
                spdlog::error("sqlite: {} is at schema version {}, this gazette knows up to {}", o.file.string(),
                              version, latest);
                return std::error_code(errc::newer_schema);
            }
            // Foreign keys stay off while migrations rebuild tables (SQLite's documented procedure); they
            // are checked before being turned back on.
            if (auto ec = exec_script(first.db(), "PRAGMA foreign_keys = OFF")) {
                return ec;
            }
            for (const auto& m : migrations()) {
                if (m.version <= version) {
                    continue;
                }
                const std::string script = "BEGIN IMMEDIATE;\n" + std::string(m.sql) +
                                           "\nPRAGMA user_version = " + std::to_string(m.version) + ";\nCOMMIT;";
                if (auto ec = exec_script(first.db(), script)) {
                    exec_script(first.db(), "ROLLBACK");
                    return ec;
                }
                spdlog::info("database migrated to schema version {}", m.version);
            }
            {
                query q(first, sql_foreign_key_check);
                if (q.step()) {
                    spdlog::error("sqlite: {} has rows that break foreign keys (table {})", o.file.string(), q.text(0));
                    return std::error_code(errc::corrupt);
                }
                if (auto ec = q.error()) {
                    return ec;
                }
            }
            if (auto ec = exec_script(first.db(), "PRAGMA foreign_keys = ON")) {
                return ec;
            }
        }
        pool.push_back(std::move(*c));
    }
    return std::unique_ptr<store>(std::make_unique<sqlite_store>(std::move(pool)));
}

} // namespace gazette::sqlite
