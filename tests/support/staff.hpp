// A newsroom member signed in over HTTP, as a browser would: for tests that act as staff.
#pragma once

#include "accounts/users.hpp"
#include "core/text.hpp"
#include "support/http_client.hpp"
#include "support/test_site.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gazette::test {

inline constexpr const char* staff_password = "a long enough passphrase";

struct staff_session {
    id_t id = 0;
    std::string token, csrf;
    std::string cookie() const { return "gz_session=" + token; }
};

// Adds the user and signs in through /admin/login.
inline staff_session sign_in_as(test_site& site, const std::string& email, const std::string& name,
                                const std::string& role) {
    std::string message;
    const auto id = accounts::add_user(site.db(), {email, name, role, staff_password, ""}, fixed_now, message);
    EXPECT_TRUE(id) << message;
    const auto form = get(site.port(), "/admin/login");
    const auto login_csrf = form_value(form.body, "_csrf");
    const auto r = request(site.port(), "POST", "/admin/login",
                           {{"Cookie", "gz_login=" + login_csrf}, {"Content-Type", "application/x-www-form-urlencoded"}},
                           "_csrf=" + login_csrf + "&email=" + text::url_encode(email) + "&password=" + text::url_encode(staff_password));
    EXPECT_EQ(r.status, 303);
    const auto c = r.header("set-cookie");
    staff_session s{id ? *id : 0, c.substr(c.find('=') + 1, c.find(';') - c.find('=') - 1), ""};
    s.csrf = form_value(get(site.port(), "/admin/", {{"Cookie", s.cookie()}}).body, "_csrf");
    return s;
}

} // namespace gazette::test
