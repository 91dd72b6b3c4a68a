// The route table: every URL Gazette answers, with the access it needs and whether its pages are cached.
// One table in one file (routes.cpp): grep it to see the whole surface.
#pragma once

#include "app/site.hpp"
#include "http/message.hpp"

#include <span>
#include <string_view>

namespace gazette::app {

// Who may use a route. Staff roles arrive with the newsroom; until then everything is public.
enum class access { anyone, staff };

enum class caching {
    page, // 200 responses are cached in the page cache (key: path; query strings are not cached)
    none, // never cached
};

struct route {
    http::verb method;
    std::string_view pattern; // see http::router::add
    access who;
    caching cache;
    page_handler handler;
};

std::span<const route> routes();

} // namespace gazette::app
