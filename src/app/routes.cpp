// The route table.
#include "app/routes.hpp"

#include "admin/comments.hpp"
#include "admin/editor.hpp"
#include "admin/import.hpp"
#include "admin/media.hpp"
#include "admin/pages.hpp"
#include "admin/sections.hpp"
#include "admin/static_pages.hpp"
#include "api/wp_json.hpp"
#include "articles/pages.hpp"
#include "articles/search.hpp"
#include "chat/agents.hpp"
#include "chat/visitor.hpp"
#include "feeds/feeds.hpp"
#include "feeds/metadata.hpp"
#include "feeds/sitemaps.hpp"
#include "live/coverage.hpp"
#include "live/events.hpp"
#include "comments/pages.hpp"
#include "http/static_files.hpp"

namespace gazette::app {
namespace {

using http::verb;

result<page> healthz(site& s, const http::request&) {
    // Healthy means the store answers.
    if (auto v = s.db().schema_version(); !v) {
        return v.error();
    }
    page p;
    p.content_type = "application/json";
    p.body = R"({"status":"ok"})";
    p.cacheable = false;
    p.headers.emplace_back("Cache-Control", "no-store");
    return p;
}

result<page> media(site& s, const http::request& req) {
    auto file = http::read_data_file(s.data_dir() / "media", req.param("path"));
    if (!file) {
        return file.error();
    }
    page p;
    p.content_type = file->content_type;
    p.body = std::move(file->bytes);
    p.cacheable = false;
    p.headers.emplace_back("Cache-Control", "public, max-age=31536000");
    return p;
}

const route table[] = {
    // Reader pages (WordPress-style URLs, so a migrated site keeps its links).
    {verb::get, "/", access::anyone, caching::page, articles::front_page},
    {verb::get, "/category/{slug}/", access::anyone, caching::page, articles::section_page},
    {verb::get, "/category/{slug}/page/{n:int}/", access::anyone, caching::page, articles::section_page},
    {verb::get, "/tag/{slug}/", access::anyone, caching::page, articles::tag_page},
    {verb::get, "/tag/{slug}/page/{n:int}/", access::anyone, caching::page, articles::tag_page},
    {verb::get, "/author/{slug}/", access::anyone, caching::page, articles::author_page},
    {verb::get, "/author/{slug}/page/{n:int}/", access::anyone, caching::page, articles::author_page},
    // Read-only JSON API in WordPress's REST shape.
    // Feeds at WordPress's addresses, sitemaps, robots.txt.
    {verb::get, "/feed/", access::anyone, caching::page, feeds::site_feed},
    {verb::get, "/feed/atom/", access::anyone, caching::page, feeds::site_feed},
    {verb::get, "/feed/json/", access::anyone, caching::page, feeds::site_feed},
    {verb::get, "/category/{slug}/feed/", access::anyone, caching::page, feeds::section_feed},
    {verb::get, "/category/{slug}/feed/atom/", access::anyone, caching::page, feeds::section_feed},
    {verb::get, "/category/{slug}/feed/json/", access::anyone, caching::page, feeds::section_feed},
    {verb::get, "/tag/{slug}/feed/", access::anyone, caching::page, feeds::tag_feed},
    {verb::get, "/tag/{slug}/feed/atom/", access::anyone, caching::page, feeds::tag_feed},
    {verb::get, "/tag/{slug}/feed/json/", access::anyone, caching::page, feeds::tag_feed},
    {verb::get, "/author/{slug}/feed/", access::anyone, caching::page, feeds::author_feed},
    {verb::get, "/author/{slug}/feed/atom/", access::anyone, caching::page, feeds::author_feed},
    {verb::get, "/author/{slug}/feed/json/", access::anyone, caching::page, feeds::author_feed},
    {verb::get, "/{year:int}/{month:int}/{day:int}/{slug}/feed/", access::anyone, caching::page, feeds::comments_feed},
    {verb::get, "/robots.txt", access::anyone, caching::page, feeds::robots},
    {verb::get, "/search", access::anyone, caching::none, articles::search_page},
    {verb::get, "/oembed", access::anyone, caching::none, feeds::oembed},
    {verb::get, "/sitemap.xml", access::anyone, caching::page, feeds::sitemap_index},
    {verb::get, "/sitemap-articles-{file}", access::anyone, caching::page, feeds::article_sitemap},
    {verb::get, "/sitemap-sections.xml", access::anyone, caching::page, feeds::section_sitemap},
    {verb::get, "/sitemap-tags.xml", access::anyone, caching::page, feeds::tag_sitemap},
    {verb::get, "/sitemap-authors.xml", access::anyone, caching::page, feeds::author_sitemap},
    {verb::get, "/sitemap-pages.xml", access::anyone, caching::page, feeds::page_sitemap},
    {verb::get, "/news-sitemap.xml", access::anyone, caching::page, feeds::news_sitemap},
    {verb::get, "/wp-json", access::anyone, caching::page, api::index},
    {verb::get, "/wp-json/wp/v2/posts", access::anyone, caching::page, api::posts},
    {verb::get, "/wp-json/wp/v2/search", access::anyone, caching::none, api::search},
    {verb::get, "/wp-json/wp/v2/pages", access::anyone, caching::none, api::pages},
    {verb::get, "/wp-json/wp/v2/pages/{id:int}", access::anyone, caching::none, api::page},
    {verb::get, "/wp-json/wp/v2/media", access::anyone, caching::none, api::media},
    {verb::get, "/wp-json/wp/v2/media/{id:int}", access::anyone, caching::none, api::media_item_json},
    {verb::get, "/wp-json/wp/v2/posts/{id:int}", access::anyone, caching::page, api::post},
    // Writes, with an application password (HTTP Basic); the handlers check it and the role.
    {verb::post, "/wp-json/wp/v2/posts", access::anyone, caching::none, api::create_post},
    {verb::post, "/wp-json/wp/v2/posts/{id:int}", access::anyone, caching::none, api::update_post},
    {verb::put, "/wp-json/wp/v2/posts/{id:int}", access::anyone, caching::none, api::update_post},
    {verb::patch, "/wp-json/wp/v2/posts/{id:int}", access::anyone, caching::none, api::update_post},
    {verb::delete_, "/wp-json/wp/v2/posts/{id:int}", access::anyone, caching::none, api::delete_post},
    {verb::post, "/wp-json/wp/v2/categories", access::anyone, caching::none, api::create_category},
    {verb::post, "/wp-json/wp/v2/categories/{id:int}", access::anyone, caching::none, api::update_category},
    {verb::put, "/wp-json/wp/v2/categories/{id:int}", access::anyone, caching::none, api::update_category},
    {verb::patch, "/wp-json/wp/v2/categories/{id:int}", access::anyone, caching::none, api::update_category},
    {verb::post, "/wp-json/wp/v2/tags", access::anyone, caching::none, api::create_tag},
    {verb::post, "/wp-json/wp/v2/tags/{id:int}", access::anyone, caching::none, api::update_tag},
    {verb::put, "/wp-json/wp/v2/tags/{id:int}", access::anyone, caching::none, api::update_tag},
    {verb::patch, "/wp-json/wp/v2/tags/{id:int}", access::anyone, caching::none, api::update_tag},
    {verb::delete_, "/wp-json/wp/v2/tags/{id:int}", access::anyone, caching::none, api::delete_tag},
    {verb::get, "/wp-json/wp/v2/categories", access::anyone, caching::page, api::categories},
    {verb::get, "/wp-json/wp/v2/categories/{id:int}", access::anyone, caching::page, api::category},
    {verb::get, "/wp-json/wp/v2/tags", access::anyone, caching::page, api::tags},
    {verb::get, "/wp-json/wp/v2/tags/{id:int}", access::anyone, caching::page, api::tag},
    {verb::get, "/wp-json/wp/v2/users", access::anyone, caching::page, api::users},
    {verb::get, "/wp-json/wp/v2/users/{id:int}", access::anyone, caching::page, api::user},
    {verb::get, "/wp-json/wp/v2/comments", access::anyone, caching::none, api::comments},
    {verb::post, "/wp-json/wp/v2/comments", access::anyone, caching::none, api::create_comment},
    {verb::get, "/wp-json/wp/v2/comments/{id:int}", access::anyone, caching::none, api::comment},
    // The newsroom.
    {verb::get, "/admin/login", access::anyone, caching::none, admin::login_form},
    {verb::post, "/admin/login", access::anyone, caching::none, admin::login_submit},
    {verb::post, "/admin/logout", access::staff, caching::none, admin::logout},
    {verb::post, "/admin/logout-everywhere", access::staff, caching::none, admin::logout_everywhere},
    {verb::get, "/admin/", access::staff, caching::none, admin::dashboard},
    {verb::get, "/admin/articles", access::staff, caching::none, admin::articles},
    {verb::post, "/admin/articles/bulk", access::editor, caching::none, admin::bulk_articles},
    {verb::get, "/admin/articles/new", access::staff, caching::none, admin::new_article},
    {verb::post, "/admin/articles/new", access::staff, caching::none, admin::create_article},
    {verb::get, "/admin/articles/{id:int}/edit", access::staff, caching::none, admin::edit_article},
    {verb::post, "/admin/articles/{id:int}/edit", access::staff, caching::none, admin::save_article},
    {verb::get, "/admin/articles/{id:int}/revisions", access::staff, caching::none, admin::revisions},
    {verb::get, "/admin/articles/{id:int}/revisions/{n:int}", access::staff, caching::none, admin::compare_revision},
    {verb::post, "/admin/articles/{id:int}/revisions/{n:int}/restore", access::staff, caching::none,
     admin::restore_revision},
    {verb::get, "/admin/comments", access::moderator, caching::none, admin::comment_queue},
    {verb::post, "/admin/comments/bulk", access::moderator, caching::none, admin::comment_bulk},
    {verb::get, "/admin/comments/bans", access::moderator, caching::none, admin::comment_bans},
    {verb::post, "/admin/comments/bans", access::moderator, caching::none, admin::add_comment_ban},
    {verb::post, "/admin/comments/bans/{id:int}/delete", access::moderator, caching::none, admin::delete_comment_ban},
    {verb::post, "/admin/comments/{id:int}/edit", access::moderator, caching::none, admin::comment_edit},
    {verb::post, "/admin/comments/{id:int}/reply", access::moderator, caching::none, admin::comment_reply},
    {verb::post, "/admin/comments/{id:int}/{action}", access::moderator, caching::none, admin::comment_action},
    {verb::post, "/admin/articles/{id:int}/comments", access::moderator, caching::none, admin::article_comments_open},
    {verb::get, "/admin/privacy", access::moderator, caching::none, admin::privacy_requests},
    {verb::post, "/admin/privacy/export", access::moderator, caching::none, admin::privacy_export},
    {verb::post, "/admin/privacy/erase", access::moderator, caching::none, admin::privacy_erase},
    {verb::post, "/admin/privacy/{id:int}/done", access::moderator, caching::none, admin::privacy_done},
    {verb::get, "/admin/api/comments/pending", access::moderator, caching::none, admin::pending_since},
    {verb::get, "/admin/api/comments/events", access::moderator, caching::none, admin::queue_events},
    {verb::get, "/admin/media", access::staff, caching::none, admin::media_library},
    // The newsroom's JSON API (401 JSON without a session instead of the sign-in redirect).
    {verb::get, "/admin/api/media", access::staff, caching::none, admin::media_api},
    {verb::post, "/admin/api/articles/{id:int}/presence", access::staff, caching::none, admin::editor_presence},
    {verb::post, "/admin/media", access::staff, caching::none, admin::upload_media},
    {verb::post, "/admin/media/{id:int}/delete", access::editor, caching::none, admin::delete_media},
    {verb::get, "/admin/sections", access::editor, caching::none, admin::sections},
    {verb::post, "/admin/sections", access::editor, caching::none, admin::create_section},
    {verb::get, "/admin/sections/{id:int}/edit", access::editor, caching::none, admin::edit_section},
    {verb::post, "/admin/sections/{id:int}/edit", access::editor, caching::none, admin::save_section},
    {verb::get, "/admin/account", access::staff, caching::none, admin::account},
    {verb::post, "/admin/account/password", access::staff, caching::none, admin::change_password},
    {verb::post, "/admin/account/app-passwords", access::staff, caching::none, admin::add_app_password},
    {verb::post, "/admin/account/app-passwords/{id:int}/revoke", access::staff, caching::none, admin::revoke_app_password},
    {verb::get, "/admin/tags", access::editor, caching::none, admin::tags},
    {verb::post, "/admin/tags/{id:int}/rename", access::editor, caching::none, admin::rename_tag},
    {verb::post, "/admin/tags/{id:int}/delete", access::editor, caching::none, admin::delete_tag},
    {verb::post, "/admin/tags/merge", access::editor, caching::none, admin::merge_tags},
    {verb::get, "/admin/articles/{id:int}/live", access::staff, caching::none, live::newsroom_page},
    {verb::post, "/admin/articles/{id:int}/live", access::staff, caching::none, live::set_status},
    {verb::post, "/admin/articles/{id:int}/live/entries", access::staff, caching::none, live::add_entry},
    {verb::post, "/admin/articles/{id:int}/live/entries/{entry:int}", access::staff, caching::none, live::edit_entry},
    {verb::post, "/admin/articles/{id:int}/live/entries/{entry:int}/delete", access::staff, caching::none,
     live::delete_entry},
    {verb::get, "/admin/chat", access::agent, caching::none, chat::inbox},
    {verb::get, "/admin/chat/ws", access::agent, caching::none, chat::agent_socket},
    {verb::get, "/admin/settings", access::admin, caching::none, admin::settings_form},
    {verb::post, "/admin/settings", access::admin, caching::none, admin::save_settings},
    {verb::get, "/admin/pages", access::editor, caching::none, admin::site_pages},
    {verb::get, "/admin/pages/new", access::editor, caching::none, admin::new_site_page},
    {verb::post, "/admin/pages/new", access::editor, caching::none, admin::create_site_page},
    {verb::get, "/admin/pages/{id:int}/edit", access::editor, caching::none, admin::edit_site_page},
    {verb::post, "/admin/pages/{id:int}/edit", access::editor, caching::none, admin::save_site_page},
    {verb::post, "/admin/pages/{id:int}/delete", access::editor, caching::none, admin::delete_site_page},
    {verb::get, "/admin/import", access::admin, caching::none, admin::import_form},
    {verb::post, "/admin/import", access::admin, caching::none, admin::run_import},
    // Reader comments, at WordPress's address.
    {verb::post, "/wp-comments-post.php", access::anyone, caching::none, comments::post},
    {verb::get, "/privacy/", access::anyone, caching::page, comments::privacy_page},
    {verb::post, "/privacy/", access::anyone, caching::none, comments::privacy_request},
    // Live chat (WebSocket; protocol in docs/chat-protocol.md).
    {verb::get, "/chat/ws", access::anyone, caching::none, chat::visitor_socket},
    // Breaking news and live coverage for open pages (server-sent events; docs/live.md).
    {verb::get, "/live", access::anyone, caching::none, live::stream},
    // Files and health.
    {verb::get, "/media/{path...}", access::anyone, caching::none, media},
    {verb::get, "/healthz", access::anyone, caching::none, healthz},
    // Articles: /yyyy/mm/dd/slug/.
    {verb::get, "/{year:int}/{month:int}/{day:int}/{slug}/", access::anyone, caching::page, articles::article_page},
    {verb::get, "/{year:int}/{month:int}/{day:int}/{slug}/comment-page-{cpage:int}/", access::anyone, caching::page,
     articles::article_page},
};

} // namespace

std::span<const route> routes() { return table; }

bool allowed(access who, role r) noexcept {
    if (r == role::admin) {
        return true;
    }
    switch (who) {
    case access::anyone:
    case access::staff: return true;
    case access::editor: return r == role::editor;
    case access::moderator: return r == role::moderator || r == role::editor;
    case access::agent: return r == role::agent || r == role::editor;
    case access::admin: return false;
    }
    return false;
}

} // namespace gazette::app
