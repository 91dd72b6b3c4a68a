// Staff sessions: a random 256-bit token in an HttpOnly cookie; the database keeps only its hash, the
// user, a per-session CSRF token and two times. Sessions end after an idle period and at an absolute age.
#pragma once

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

#include <string>
#include <string_view>

namespace gazette::accounts {

inline constexpr unix_time session_idle_seconds = 12 * 3600;        // unused for 12 hours: signed out
inline constexpr unix_time session_max_seconds = 14 * 24 * 3600;    // and after 14 days whatever happens
inline constexpr unix_time session_touch_seconds = 60;              // last_seen is written at most this often
inline constexpr std::string_view session_cookie = "gz_session";

// A fresh random token: 32 bytes from libsodium, base64url without padding (43 characters).
std::string new_token();
// The stored id of a token: hex BLAKE2b-256.
std::string token_id(std::string_view token);
// Constant-time comparison of two tokens.
bool same_token(std::string_view a, std::string_view b) noexcept;

struct signed_in {
    user who;
    session s;
};

class sessions {
public:
    sessions(store& db, clock_fn clock);

    // Opens a session for a user; returns the token for the cookie.
    result<std::string> open(id_t user_id);
    // The signed-in person for a cookie token. errc::not_found for an unknown, malformed or expired token
    // (an expired session is deleted). Refreshes last_seen at most once a minute.
    result<signed_in> resume(std::string_view token);
    // Ends one session (signing out); ending an unknown one is not an error.
    result<void> close(std::string_view token);
    // Ends every session of a user ("sign out everywhere", password change); returns how many.
    result<std::int64_t> close_all(id_t user_id);

private:
    store& db_;
    clock_fn clock_;
};

} // namespace gazette::accounts
