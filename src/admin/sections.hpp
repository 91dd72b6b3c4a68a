// Sections (categories) and tags in the newsroom, for editors. Sections: list, create, edit (name, slug, description,
// front-page order, parent section). Every page shows the sections, so a change refreshes every cached page.
#pragma once

#include "accounts/sessions.hpp"
#include "app/site.hpp"

namespace gazette::admin {

result<app::page> sections(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> create_section(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> edit_section(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> save_section(app::site& s, const http::request& req, const accounts::signed_in& who);

// Why parent cannot hold section self (0 for a new section), or "" when it can: it must exist and must
// not be the section itself or below it. parent 0 (the top level) always can.
std::string section_parent_problem(const std::vector<category>& all, id_t self, id_t parent);

// Tags, for editors: list with use counts, rename (name and slug), delete when no article carries it.
result<app::page> tags(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> rename_tag(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> delete_tag(app::site& s, const http::request& req, const accounts::signed_in& who);
// Moves every article from one tag to another and deletes the first (two spellings of one subject).
result<app::page> merge_tags(app::site& s, const http::request& req, const accounts::signed_in& who);

} // namespace gazette::admin
