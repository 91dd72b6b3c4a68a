// Cookies and HTML form bodies: parsing what browsers send, building Set-Cookie.
#pragma once

#include "http/message.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette::http {

inline constexpr std::size_t max_form_fields = 200;

// The value of one cookie from a request's Cookie header; nullopt when absent.
std::optional<std::string> cookie(const request& req, std::string_view name);

struct cookie_options {
    std::string path = "/";
    std::int64_t max_age = -1; // seconds; -1: a session cookie; 0: delete
    bool http_only = true;
    bool secure = false;
    std::string same_site = "Lax";
};
// A Set-Cookie header value. The value must be a cookie-safe token (base64url, hex).
std::string set_cookie(std::string_view name, std::string_view value, const cookie_options& o);

// An application/x-www-form-urlencoded body as ordered name/value pairs (decoded). nullopt when it is
// malformed or has more than max_form_fields fields.
using form = std::vector<std::pair<std::string, std::string>>;
std::optional<form> parse_form(std::string_view body);
// The first value of a field; empty when absent.
std::string_view field(const form& f, std::string_view name) noexcept;

} // namespace gazette::http
