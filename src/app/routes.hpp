// The route table: every URL Gazette answers, with the access it needs and whether its pages are cached.
// One table in one file (routes.cpp): grep it to see the whole surface.
#pragma once

#include "app/site.hpp"
#include "http/message.hpp"

#include <span>
#include <variant>
#include <string_view>

namespace gazette::app {

// Who may use a route. Admins may use every route.
enum class access {
    anyone,    // readers, no session needed
    staff,     // any signed-in staff member
    editor,    // editors and admins
    moderator, // moderators, editors and admins
    agent,     // chat agents, editors and admins
    admin,     // admins only
};

// True when a signed-in person with this role may use a route with this access.
bool allowed(access who, role r) noexcept;

enum class caching {
    page, // 200 responses are cached in the page cache (key: path; query strings are not cached)
    none, // never cached
};

struct route {
    http::verb method;
    std::string_view pattern; // see http::router::add
    access who;
    caching cache;
    std::variant<page_handler, staff_handler> handler; // staff_handler exactly when who != anyone
};

std::span<const route> routes();

} // namespace gazette::app
