// The newsroom's WordPress import page (admins only): upload a WXR file, see what it brought. The same
// import as `gazette import-wxr`: one transaction, idempotent, old addresses redirected.
#pragma once

#include "app/site.hpp"

namespace gazette::admin {

// Largest export the upload form takes (the command line has no limit).
inline constexpr std::size_t max_wxr_bytes = 32 * 1024 * 1024 - 64 * 1024;

result<app::page> import_form(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> run_import(app::site& s, const http::request& req, const accounts::signed_in& who);

} // namespace gazette::admin
