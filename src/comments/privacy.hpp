// A reader's data, on request: a copy of everything tied to an email (every comment, in any status,
// with the address and browser while they are kept), or its erasure (comments that have replies stay as
// "[deleted]" so the conversation still reads; the others are removed). Used by `gazette privacy` and
// by the newsroom's privacy page. Chat conversations tied to the email (the reader gave it in the chat)
// are exported as transcripts and erased whole.
#pragma once

#include "core/zone.hpp"
#include "store/store.hpp"

#include <string>

namespace gazette::comments {

// The export, as pretty-printed JSON.
result<std::string> export_data(store& db, std::string_view email, const time_zone& zone, unix_time now);

struct erasure {
    std::size_t comments = 0;      // tied to the email before
    std::vector<id_t> articles;    // whose public comments changed (for the page cache)
    std::size_t conversations = 0; // chat conversations deleted with their messages
};
result<erasure> erase_data(store& db, std::string_view email);

// The email as stored: trimmed and lower-cased.
std::string normal_email(std::string_view email);

} // namespace gazette::comments
