// The newsroom's pages (About, Contact, ...: not news, at their own addresses; editors and admins): list,
// write, edit, publish or unpublish, delete. Imported WordPress pages are edited here too.
#pragma once

#include "app/site.hpp"

namespace gazette::admin {

result<app::page> site_pages(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> new_site_page(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> create_site_page(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> edit_site_page(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> save_site_page(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> delete_site_page(app::site& s, const http::request& req, const accounts::signed_in& who);

// Whether a path may be a page's: "/a/" or "/a/b/", segments of lowercase letters, digits and hyphens,
// and not one of the site's own addresses (/admin/, /category/, /feed/, a year, ...). Why not, or "".
std::string page_path_problem(std::string_view path);

} // namespace gazette::admin
