// Path matching for the route table. Knows HTTP methods and paths, nothing about what the routes do:
// the table itself, with handlers and roles, lives in app/routes.cpp.
#pragma once

#include "http/message.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gazette::http {

class router {
public:
    // Adds a route. Pattern segments are literals, "{name}" (one segment), "{name:int}" (one segment of
    // digits) or "{name...}" (the rest of the path, last segment only); "{name}" and "{name:int}" may
    // follow a literal prefix in their segment ("comment-page-{n:int}", WordPress's comment pages). A pattern ending in '/' wants a trailing slash (WordPress-style pages);
    // one without does not. Returns the route's index, in insertion order. Throws on a malformed pattern.
    std::size_t add(verb method, std::string_view pattern);

    struct match {
        enum class kind { found, not_found, method_not_allowed, redirect } outcome = kind::not_found;
        std::size_t index = 0;                                  // found: the route
        std::vector<std::pair<std::string, std::string>> params; // found: decoded parameters
        std::string allow;                                       // method_not_allowed: the Allow header
        std::string location;                                    // redirect: where the canonical path is
    };

    // Finds the first route (in insertion order) whose pattern matches path. HEAD matches GET routes.
    // A GET/HEAD whose path differs from a route only by the trailing slash gets a redirect.
    match find(verb method, std::string_view path) const;

private:
    struct segment {
        enum class kind { literal, param, digits, rest } type;
        std::string text;   // literal text or parameter name
        std::string prefix; // literal text before the parameter in its segment
    };
    struct route {
        verb method;
        std::vector<segment> segments;
        bool trailing_slash;
    };

    static bool matches(const route& r, const std::vector<std::string_view>& parts,
                        std::vector<std::pair<std::string, std::string>>* params);

    std::vector<route> routes_;
};

} // namespace gazette::http
