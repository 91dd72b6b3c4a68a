// Cookie and form parsing.
#include "http/forms.hpp"

#include "core/text.hpp"

namespace gazette::http {

std::optional<std::string> cookie(const request& req, std::string_view name) {
    for (const auto& [k, v] : req.headers) {
        if (!text::iequals(k, "Cookie")) {
            continue;
        }
        for (auto piece : text::split(v, ';')) {
            piece = text::trim(piece);
            const auto eq = piece.find('=');
            if (eq != std::string_view::npos && piece.substr(0, eq) == name) {
                auto value = piece.substr(eq + 1);
                if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
                    value = value.substr(1, value.size() - 2);
                }
                return std::string(value);
            }
        }
    }
    return std::nullopt;
}

std::string set_cookie(std::string_view name, std::string_view value, const cookie_options& o) {
    std::string c = std::string(name) + "=" + std::string(value) + "; Path=" + o.path;
    if (o.max_age >= 0) {
        c += "; Max-Age=" + std::to_string(o.max_age);
    }
    if (o.http_only) {
        c += "; HttpOnly";
    }
    if (o.secure) {
        c += "; Secure";
    }
    c += "; SameSite=" + o.same_site;
    return c;
}

std::optional<form> parse_form(std::string_view body) {
    form f;
    if (body.empty()) {
        return f;
    }
    for (const auto piece : text::split(body, '&')) {
        if (piece.empty()) {
            continue;
        }
        if (f.size() >= max_form_fields) {
            return std::nullopt;
        }
        const auto eq = piece.find('=');
        std::string name, value;
        if (!text::url_decode(piece.substr(0, eq), name, true) ||
            (eq != std::string_view::npos && !text::url_decode(piece.substr(eq + 1), value, true))) {
            return std::nullopt;
        }
        f.emplace_back(std::move(name), std::move(value));
    }
    return f;
}

std::string_view field(const form& f, std::string_view name) noexcept {
    for (const auto& [k, v] : f) {
        if (k == name) {
            return v;
        }
    }
    return {};
}

} // namespace gazette::http
