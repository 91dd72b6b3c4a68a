// Password hashing: argon2id via libsodium (crypto_pwhash_str_alg), parameters in the stored string.
#pragma once

#include <string>
#include <string_view>

namespace gazette::accounts {

inline constexpr std::size_t min_password_length = 10;
inline constexpr std::size_t max_password_length = 1024;

// Hashes a password with argon2id (libsodium's "interactive" limits). Throws std::runtime_error when
// memory for the hash cannot be had.
std::string hash_password(std::string_view password);

// True when password matches a stored hash.
bool verify_password(std::string_view stored_hash, std::string_view password);

} // namespace gazette::accounts
