// The newsroom at /admin/: signing in and out, the dashboard, the article list. Rendered with the admin
// templates (themes/admin/), never cached, never shown to anyone without a session.
#pragma once

#include "accounts/sessions.hpp"
#include "app/site.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <utility>
#include <vector>

namespace gazette::admin {

inline constexpr std::string_view login_csrf_cookie = "gz_login"; // double-submit token for the sign-in form
inline constexpr std::size_t max_email_bytes = 254;
inline constexpr std::int64_t articles_per_page = 25;

// Public (no session needed).
result<app::page> login_form(app::site& s, const http::request& req);
result<app::page> login_submit(app::site& s, const http::request& req);

// Staff (the site has checked the session, the role and, for POST, the CSRF token).
result<app::page> logout(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> logout_everywhere(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> dashboard(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> articles(app::site& s, const http::request& req, const accounts::signed_in& who);
// Editors: one status change for many articles (publish, unpublish, drafts, review).
result<app::page> bulk_articles(app::site& s, const http::request& req, const accounts::signed_in& who);

// The context every newsroom page gets: site, page, assets and, when signed in, user, csrf and the menu
// (current marks the menu entry to highlight).
boost::json::object base_context(app::site& s, std::string_view title, const accounts::signed_in* who,
                                 std::string_view current);
// Field errors for a form template: errors (field → first message), error_list, has_errors.
void put_errors(boost::json::object& ctx, const std::vector<std::pair<std::string, std::string>>& errors);
// Renders a newsroom template as an uncached page.
app::page render_admin(app::site& s, std::string_view tmpl, const boost::json::object& ctx, int status = 200);
// 303 See Other.
app::page redirect_to(std::string location);
using app::json_reply;

// The signed-in person's own account: change the password (signs out every other session).
result<app::page> account(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> change_password(app::site& s, const http::request& req, const accounts::signed_in& who);
// Application passwords for the REST API: create one (shown once, in this answer) and revoke one's own.
result<app::page> add_app_password(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> revoke_app_password(app::site& s, const http::request& req, const accounts::signed_in& who);

// Site settings (admins): name, tagline, posts per page. Changes apply at once, without a restart.
result<app::page> settings_form(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> save_settings(app::site& s, const http::request& req, const accounts::signed_in& who);

// A themed newsroom error page (403, 404, 429...).
app::page error_page(app::site& s, int status, std::string_view title, std::string_view message,
                     const accounts::signed_in* who);

// Where to go after signing in: next when it is a newsroom path, else the dashboard.
std::string safe_next(std::string_view next);

} // namespace gazette::admin
