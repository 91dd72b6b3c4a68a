// Application passwords for the WordPress REST API, as WordPress 5.6+ has them: a staff member creates one
// per client (named), it is shown once (24 characters, in groups of four), stored only as a hash, and can
// be revoked; clients send it with HTTP Basic ("Authorization: Basic base64(username:password)"), the
// username being the account's email or slug. It never signs anyone into the newsroom.
#pragma once

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

#include <string>
#include <string_view>
#include <utility>

namespace gazette::accounts {

inline constexpr std::size_t app_password_chars = 24;
inline constexpr std::size_t max_app_password_name = 100;
inline constexpr std::size_t max_app_passwords = 50; // per person

// A new password, grouped for reading: "abcd EFGH 1234 ijkl MNOP 5678".
std::string new_app_password();
// As a client sends it: the spaces WordPress shows are not part of it.
std::string normal_app_password(std::string_view typed);

// Creates one: its id and the password (to show once). errc::invalid with message for a bad or taken
// name or too many passwords.
result<std::pair<id_t, std::string>> create_app_password(store& db, id_t user_id, std::string_view name,
                                                         unix_time now, std::string& message);

// The person an Authorization header's Basic credentials name, when the password is one of theirs.
// errc::not_found (no or malformed Basic credentials: anonymous), errc::forbidden (wrong user or
// password); the account in account (what the throttle counts).
result<user> check_basic(store& db, std::string_view authorization, unix_time now, std::string& account);

} // namespace gazette::accounts
