// Names of roles and statuses, as stored and as shown.
#include "store/model.hpp"

namespace gazette {

std::string_view to_string(role r) noexcept {
    switch (r) {
    case role::admin: return "admin";
    case role::editor: return "editor";
    case role::author: return "author";
    case role::moderator: return "moderator";
    case role::agent: return "agent";
    }
    return "author";
}

std::optional<role> role_from_string(std::string_view s) noexcept {
    for (const role r : {role::admin, role::editor, role::author, role::moderator, role::agent}) {
        if (to_string(r) == s) {
            return r;
        }
    }
    return std::nullopt;
}

bool may_use_raw_html(role r) noexcept { return r == role::admin || r == role::editor; }

std::string_view to_string(article_status s) noexcept {
    switch (s) {
    case article_status::draft: return "draft";
    case article_status::review: return "review";
    case article_status::scheduled: return "scheduled";
    case article_status::published: return "published";
    case article_status::unpublished: return "unpublished";
    }
    return "draft";
}

std::optional<article_status> status_from_string(std::string_view s) noexcept {
    for (const auto st : {article_status::draft, article_status::review, article_status::scheduled,
                          article_status::published, article_status::unpublished}) {
        if (to_string(st) == s) {
            return st;
        }
    }
    return std::nullopt;
}

std::string_view to_string(comment_status s) noexcept {
    switch (s) {
    case comment_status::pending: return "pending";
    case comment_status::approved: return "approved";
    case comment_status::spam: return "spam";
    case comment_status::trash: return "trash";
    }
    return "pending";
}

std::optional<comment_status> comment_status_from_string(std::string_view s) noexcept {
    for (const auto st : {comment_status::pending, comment_status::approved, comment_status::spam, comment_status::trash}) {
        if (to_string(st) == s) {
            return st;
        }
    }
    return std::nullopt;
}

} // namespace gazette
