// The moderation queue (moderators, editors, admins): Pending (with why each was held), Approved,
// Spam, Trash; search and a filter by article; one-click actions that answer JSON to the page's script
// (no reload) and 303 to a plain form; bulk actions; editing; replying as staff; closing an article's
// comments; bans by email or address; privacy requests (export and erase by email).
#pragma once

#include "accounts/sessions.hpp"
#include "app/site.hpp"

namespace gazette::admin {

result<app::page> comment_queue(app::site& s, const http::request& req, const accounts::signed_in& who);
// POST /admin/comments/{id}/{action}: approve, unapprove, spam, notspam, trash, restore, delete.
result<app::page> comment_action(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> comment_bulk(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> comment_edit(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> comment_reply(app::site& s, const http::request& req, const accounts::signed_in& who);
// POST /admin/articles/{id}/comments: open=1 or open=0.
result<app::page> article_comments_open(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> comment_bans(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> add_comment_ban(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> delete_comment_ban(app::site& s, const http::request& req, const accounts::signed_in& who);
// The privacy page: readers' open requests, and export / erase by email (moderators and up).
result<app::page> privacy_requests(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> privacy_export(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> privacy_erase(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> privacy_done(app::site& s, const http::request& req, const accounts::signed_in& who);

// GET /admin/api/comments/pending?after=ID: comments newer than ID waiting in the queue (the live view
// without EventSource).
result<app::page> pending_since(app::site& s, const http::request& req, const accounts::signed_in& who);
// GET /admin/api/comments/events?after=ID: the same as server-sent events, as comments arrive.
result<app::page> queue_events(app::site& s, const http::request& req, const accounts::signed_in& who);
// The data of one live event: {"comments": [rows], "counts": {...}}.
result<std::string> queue_event(app::site& s, const std::vector<comment>& fresh);

} // namespace gazette::admin
