// Creating staff accounts (the command line's `gazette user add`; the newsroom later).
#pragma once

#include "core/error.hpp"
#include "store/store.hpp"

#include <string>
#include <string_view>

namespace gazette::accounts {

struct new_user {
    std::string email;
    std::string name;
    std::string role; // admin|editor|author|moderator|agent
    std::string password;
    std::string bio;
};

// Validates and creates a user: email syntax, name length, known role, password length, unique email.
// On errc::invalid or errc::conflict, message says why in one line.
result<id_t> add_user(store& db, const new_user& in, unix_time now, std::string& message);

// A light syntax check for email addresses: one @, a dot in the domain, no spaces, at most 254 bytes.
bool plausible_email(std::string_view email) noexcept;

} // namespace gazette::accounts
