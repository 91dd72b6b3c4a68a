// Validation and creation of staff accounts.
#include "accounts/users.hpp"

#include "accounts/password.hpp"
#include "core/text.hpp"

namespace gazette::accounts {

bool plausible_email(std::string_view email) noexcept {
    if (email.size() < 3 || email.size() > 254) {
        return false;
    }
    const auto at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    const auto domain = email.substr(at + 1);
    const auto dot = domain.find('.');
    if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') {
        return false;
    }
    for (const char c : email) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == '<' || c == '>' || c == '"' || c == ',') {
            return false;
        }
    }
    return true;
}

result<id_t> add_user(store& db, const new_user& in, unix_time now, std::string& message) {
    const auto email = std::string(text::trim(in.email));
    const auto name = std::string(text::trim(in.name));
    if (!plausible_email(email)) {
        message = "not a valid email address: " + email;
        return std::error_code(errc::invalid);
    }
    if (name.empty() || name.size() > 200) {
        message = "the name must be 1 to 200 characters";
        return std::error_code(errc::invalid);
    }
    const auto r = role_from_string(in.role);
    if (!r) {
        message = "unknown role '" + in.role + "' (use admin, editor, author, moderator or agent)";
        return std::error_code(errc::invalid);
    }
    if (in.password.size() < min_password_length || in.password.size() > max_password_length) {
        message = "the password must be " + std::to_string(min_password_length) + " to " +
                  std::to_string(max_password_length) + " characters";
        return std::error_code(errc::invalid);
    }
    user u;
    u.email = email;
    u.name = name;
    u.role_ = *r;
    u.bio = in.bio;
    u.created_at = now;
    std::string base = text::slugify(name);
    if (base.empty()) {
        base = "user";
    }
    const std::string hash = hash_password(in.password);
    // Slugs are unique; try name, name-2, name-3... An email conflict is reported as such.
    for (int n = 1; n < 100; ++n) {
        u.slug = n == 1 ? base : base + "-" + std::to_string(n);
        auto id = db.insert_user(u, hash);
        if (id) {
            return id;
        }
        if (id.error() != errc::conflict) {
            message = "could not save the user: " + id.error().message();
            return id.error();
        }
        if (auto taken = db.find_user_by_slug(u.slug); !taken) {
            message = "a user with the email " + email + " already exists";
            return std::error_code(errc::conflict);
        }
    }
    message = "could not find a free profile slug for " + name;
    return std::error_code(errc::conflict);
}

} // namespace gazette::accounts
