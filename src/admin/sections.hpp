// Sections (categories) and tags in the newsroom, for editors. Sections: list, create, edit (name, slug, description,
// front-page order). Every page shows the sections, so a change refreshes every cached page.
#pragma once

#include "accounts/sessions.hpp"
#include "app/site.hpp"

namespace gazette::admin {

result<app::page> sections(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> create_section(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> edit_section(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> save_section(app::site& s, const http::request& req, const accounts::signed_in& who);

// Tags, for editors: list with use counts, rename (name and slug), delete when no article carries it.
result<app::page> tags(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> rename_tag(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> delete_tag(app::site& s, const http::request& req, const accounts::signed_in& who);
// Moves every article from one tag to another and deletes the first (two spellings of one subject).
result<app::page> merge_tags(app::site& s, const http::request& req, const accounts::signed_in& who);

} // namespace gazette::admin
