// The newsroom's article editor: new, edit, save with validation, preview, and conflict detection.
#pragma once

#include "accounts/sessions.hpp"
#include "app/site.hpp"

namespace gazette::admin {

result<app::page> new_article(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> create_article(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> edit_article(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> save_article(app::site& s, const http::request& req, const accounts::signed_in& who);

// Revisions: the list, one compared with the current text, and restoring one (a new revision).
result<app::page> revisions(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> compare_revision(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> restore_revision(app::site& s, const http::request& req, const accounts::signed_in& who);
// POST /admin/api/articles/{id}/presence: "I have this article open" (or, with leaving=1, "no longer");
// answers who else has it open and the latest saved revision, for the editor's live warning.
result<app::page> editor_presence(app::site& s, const http::request& req, const accounts::signed_in& who);

// Who may publish or schedule (authors save drafts; editors and admins publish).
bool may_publish(role r) noexcept;
// Whether this role may give an article this status (authors: draft and review only).
bool may_set(role r, article_status st) noexcept;


} // namespace gazette::admin
