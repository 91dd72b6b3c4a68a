// Session tokens and their lifecycle.
#include "accounts/sessions.hpp"

#include <sodium.h>

namespace gazette::accounts {

std::string new_token() {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char out[sodium_base64_ENCODED_LEN(sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
    sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

std::string token_id(std::string_view token) {
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                       nullptr, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

bool same_token(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

sessions::sessions(store& db, clock_fn clock) : db_(db), clock_(std::move(clock)) {}

result<std::string> sessions::open(id_t user_id) {
    const unix_time now = clock_();
    std::string token = new_token();
    session s{token_id(token), user_id, new_token(), now, now};
    if (auto r = db_.insert_session(s); !r) {
        return r.error();
    }
    return token;
}

result<signed_in> sessions::resume(std::string_view token) {
    if (token.size() != 43) {
        return std::error_code(errc::not_found);
    }
    const auto id = token_id(token);
    auto s = db_.find_session(id);
    if (!s) {
        return s.error();
    }
    const unix_time now = clock_();
    if (s->last_seen + session_idle_seconds < now || s->created_at + session_max_seconds < now) {
        (void)db_.delete_session(id);
        return std::error_code(errc::not_found);
    }
    auto u = db_.find_user(s->user_id);
    if (!u) {
        return u.error();
    }
    if (now - s->last_seen >= session_touch_seconds) {
        if (auto r = db_.touch_session(id, now); !r && r.error() != errc::not_found) {
            return r.error();
        }
        s->last_seen = now;
    }
    return signed_in{std::move(*u), std::move(*s)};
}

result<void> sessions::close(std::string_view token) {
    if (token.empty()) {
        return {};
    }
    return db_.delete_session(token_id(token));
}

result<std::int64_t> sessions::close_all(id_t user_id) { return db_.delete_sessions_of(user_id); }

} // namespace gazette::accounts
