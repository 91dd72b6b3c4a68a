// The chat's bot, for when nobody from the newsroom is online: it answers from the site's own content
// (a FAQ answer from the settings, or up to three published articles found by full-text search), then
// offers to take a message with an email address for the newsroom. No external service is asked.
#pragma once

#include "app/settings.hpp"
#include "store/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace gazette::chat {

// Words worth searching for: letters and digits, 3 or more characters, the commonest English words dropped.
std::vector<std::string> keywords(std::string_view text);

// The FAQ (settings: "question | answer" per line) answer whose question shares most of its keywords with
// the reader's (at least half of the FAQ question's, and at least one).
std::optional<std::string> faq_answer(std::string_view faq, std::string_view question);

// An email address in a message (the reader leaving a way to be answered), lower-cased.
std::optional<std::string> email_in(std::string_view text);

// The bot's reply to a reader's message (article links are absolute: they are read as text); empty when
// it has nothing to add (nothing found, and the reader was already told how to reach the newsroom).
// offer: end with how to leave a message for the newsroom.
result<std::string> reply(store& db, const app::site_settings& st, std::string_view question, bool offer);

} // namespace gazette::chat
