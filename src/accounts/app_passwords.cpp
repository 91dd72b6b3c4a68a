// Application passwords.
#include "accounts/app_passwords.hpp"

#include "accounts/sessions.hpp"
#include "core/text.hpp"

#include <sodium.h>

namespace gazette::accounts {

std::string new_app_password() {
    static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    for (std::size_t i = 0; i < app_password_chars; ++i) {
        if (i > 0 && i % 4 == 0) {
            out.push_back(' ');
        }
        out.push_back(alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))]);
    }
    return out;
}

std::string normal_app_password(std::string_view typed) {
    std::string out;
    for (const char c : typed) {
        if (c != ' ') {
            out.push_back(c);
        }
    }
    return out;
}

result<std::pair<id_t, std::string>> create_app_password(store& db, id_t user_id, std::string_view name,
                                                         unix_time now, std::string& message) {
    const auto n = text::trim(name);
    if (n.empty() || n.size() > max_app_password_name || !text::clean_text(n, false)) {
        message = "Name the password after the app that will use it (up to 100 characters).";
        return std::error_code(errc::invalid);
    }
    auto existing = db.list_app_passwords(user_id);
    if (!existing) {
        return existing.error();
    }
    if (existing->size() >= max_app_passwords) {
        message = "You have 50 application passwords; revoke one you no longer use first.";
        return std::error_code(errc::invalid);
    }
    for (const auto& p : *existing) {
        if (text::iequals(p.name, n)) {
            message = "You already have an application password with that name.";
            return std::error_code(errc::invalid);
        }
    }
    const auto password = new_app_password();
    auto id = db.add_app_password(user_id, n, token_id(normal_app_password(password)), now);
    if (!id) {
        return id.error();
    }
    return std::pair{*id, password};
}

result<user> check_basic(store& db, std::string_view authorization, unix_time now, std::string& account) {
    if (authorization.size() < 7 || !text::iequals(authorization.substr(0, 6), "Basic ") || authorization.size() > 1024) {
        return std::error_code(errc::not_found);
    }
    const auto encoded = text::trim(authorization.substr(6));
    std::string decoded(encoded.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(decoded.data()), decoded.size(), encoded.data(),
                          encoded.size(), nullptr, &length, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
        return std::error_code(errc::not_found);
    }
    decoded.resize(length);
    const auto colon = decoded.find(':');
    if (colon == std::string::npos) {
        return std::error_code(errc::not_found);
    }
    account = text::trim(std::string_view(decoded).substr(0, colon));
    const auto password = normal_app_password(std::string_view(decoded).substr(colon + 1));
    if (password.size() != app_password_chars) {
        return std::error_code(errc::forbidden);
    }
    auto found = db.find_app_password(token_id(password));
    if (!found) {
        return found.error() == errc::not_found ? std::error_code(errc::forbidden) : found.error();
    }
    auto& [p, u] = *found;
    if (!text::iequals(account, u.email) && !text::iequals(account, u.slug)) {
        return std::error_code(errc::forbidden); // someone else's password
    }
    if (now - p.last_used_at > 60) {
        (void)db.touch_app_password(p.id, now);
    }
    return std::move(u);
}

} // namespace gazette::accounts
