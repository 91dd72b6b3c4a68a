// Request/response helpers: header lookup, query parsing, ETags, content negotiation.
#include "http/message.hpp"

#include "core/text.hpp"
#include "http/gzip.hpp"
#include "http/limits.hpp"

#include <sodium.h>

#include <algorithm>

namespace gazette::http {

std::string_view to_string(verb v) noexcept {
    switch (v) {
    case verb::get: return "GET";
    case verb::head: return "HEAD";
    case verb::post: return "POST";
    case verb::put: return "PUT";
    case verb::patch: return "PATCH";
    case verb::delete_: return "DELETE";
    case verb::options: return "OPTIONS";
    case verb::other: return "OTHER";
    }
    return "OTHER";
}

verb verb_from_string(std::string_view s) noexcept {
    if (s == "GET") return verb::get;
    if (s == "HEAD") return verb::head;
    if (s == "POST") return verb::post;
    if (s == "PUT") return verb::put;
    if (s == "PATCH") return verb::patch;
    if (s == "DELETE") return verb::delete_;
    if (s == "OPTIONS") return verb::options;
    return verb::other;
}

std::string_view request::header(std::string_view name) const noexcept {
    for (const auto& [k, v] : headers) {
        if (text::iequals(k, name)) {
            return v;
        }
    }
    return {};
}

std::string_view request::param(std::string_view name) const noexcept {
    for (const auto& [k, v] : params) {
        if (k == name) {
            return v;
        }
    }
    return {};
}

std::optional<std::string> request::query_param(std::string_view name) const {
    for (const auto piece : text::split(query, '&')) {
        const auto eq = piece.find('=');
        std::string key;
        if (!text::url_decode(piece.substr(0, eq), key, true) || key != name) {
            continue;
        }
        std::string value;
        if (eq == std::string_view::npos) {
            return value;
        }
        if (!text::url_decode(piece.substr(eq + 1), value, true)) {
            return std::nullopt;
        }
        return value;
    }
    return std::nullopt;
}

void response::set_header(std::string name, std::string value) {
    for (auto& [k, v] : headers) {
        if (text::iequals(k, name)) {
            v = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

std::string_view response::header(std::string_view name) const noexcept {
    for (const auto& [k, v] : headers) {
        if (text::iequals(k, name)) {
            return v;
        }
    }
    return {};
}

response make_text(int status, std::string text, std::string content_type) {
    response r;
    r.status = status;
    r.content_type = std::move(content_type);
    r.body = std::make_shared<const std::string>(std::move(text));
    return r;
}

response make_redirect(int status, std::string location) {
    response r = make_text(status, "Moved to " + location + "\n");
    r.set_header("Location", std::move(location));
    return r;
}

prepared_ptr prepare_response(int status, std::string content_type, std::string body, header_list headers,
                              std::int64_t view_of) {
    auto p = std::make_shared<prepared_response>();
    p->status = status;
    p->view_of = view_of;
    p->etag = make_etag(body);
    const bool compress = is_compressible(content_type) && body.size() >= limits::gzip_min_bytes;
    if (compress) {
        p->gzip_body = std::make_shared<const std::string>(gzip_compress(body, 9));
        p->gzip_etag = p->etag.substr(0, p->etag.size() - 1) + "-gz\"";
    }
    p->content_type = std::move(content_type);
    p->body = std::make_shared<const std::string>(std::move(body));
    p->headers = std::move(headers);
    auto block = [&](const std::string& etag, bool gzip) {
        std::string h = "Content-Type: " + p->content_type + "\r\nETag: " + etag + "\r\n";
        if (compress) {
            h += "Vary: Accept-Encoding\r\n";
        }
        if (gzip) {
            h += "Content-Encoding: gzip\r\n";
        }
        for (const auto& [k, v] : p->headers) {
            // Never let a value end the header block early (response splitting).
            std::string line = k + ": " + v;
            std::replace_if(line.begin(), line.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
            h += line + "\r\n";
        }
        return h;
    };
    p->head = block(p->etag, false);
    if (compress) {
        p->gzip_head = block(p->gzip_etag, true);
    }
    return p;
}

std::string make_etag(std::string_view bytes) {
    unsigned char digest[8];
    crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                       nullptr, 0);
    char hex[sizeof digest * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return std::string("\"") + hex + "\"";
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) noexcept {
    if (etag.empty()) {
        return false;
    }
    for (auto candidate : text::split(if_none_match, ',')) {
        candidate = text::trim(candidate);
        if (candidate == "*") {
            return true;
        }
        if (candidate.starts_with("W/")) { // weak comparison is what If-None-Match uses
            candidate.remove_prefix(2);
        }
        if (candidate == etag) {
            return true;
        }
    }
    return false;
}

bool accepts_gzip(std::string_view accept_encoding) noexcept {
    for (auto coding : text::split(accept_encoding, ',')) {
        coding = text::trim(coding);
        const auto semi = coding.find(';');
        const auto name = text::trim(coding.substr(0, semi));
        if (!text::iequals(name, "gzip") && name != "*") {
            continue;
        }
        if (semi == std::string_view::npos) {
            return true;
        }
        auto q = text::trim(coding.substr(semi + 1));
        if (q.starts_with("q=")) {
            q.remove_prefix(2);
            // q=0, q=0.0, q=0.000 refuse; anything else accepts.
            return q.find_first_not_of("0.") != std::string_view::npos;
        }
        return true;
    }
    return false;
}

std::string_view reason(int status) noexcept {
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Unknown";
    }
}

} // namespace gazette::http
