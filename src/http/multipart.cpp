// A strict multipart/form-data reader (RFC 7578): CRLF line ends, quoted parameters.
#include "http/multipart.hpp"

#include "core/text.hpp"

namespace gazette::http {
namespace {

// The value of param in a header like `form-data; name="x"; filename="y.png"`.
std::string param(std::string_view header, std::string_view name) {
    for (auto piece : text::split(header, ';')) {
        piece = text::trim(piece);
        const auto eq = piece.find('=');
        if (eq == std::string_view::npos || !text::iequals(text::trim(piece.substr(0, eq)), name)) {
            continue;
        }
        auto value = text::trim(piece.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
            value = value.substr(1, value.size() - 2);
        }
        return std::string(value);
    }
    return {};
}

} // namespace

std::optional<std::vector<part>> parse_multipart(std::string_view content_type, std::string_view body) {
    if (!text::trim(content_type.substr(0, content_type.find(';'))).starts_with("multipart/form-data")) {
        return std::nullopt;
    }
    const std::string boundary = param(content_type, "boundary");
    if (boundary.empty() || boundary.size() > 200) {
        return std::nullopt;
    }
    const std::string delimiter = "--" + boundary;
    std::size_t pos = body.find(delimiter);
    if (pos == std::string_view::npos) {
        return std::nullopt;
    }
    std::vector<part> parts;
    while (true) {
        pos += delimiter.size();
        if (body.substr(pos, 2) == "--") {
            return parts; // the closing delimiter
        }
        if (body.substr(pos, 2) != "\r\n") {
            return std::nullopt;
        }
        pos += 2;
        const auto header_end = body.find("\r\n\r\n", pos);
        if (header_end == std::string_view::npos) {
            return std::nullopt;
        }
        part p;
        for (const auto line : text::split(body.substr(pos, header_end - pos), '\n')) {
            const auto l = text::trim(line);
            const auto colon = l.find(':');
            if (colon == std::string_view::npos) {
                continue;
            }
            const auto key = text::trim(l.substr(0, colon));
            const auto value = text::trim(l.substr(colon + 1));
            if (text::iequals(key, "Content-Disposition")) {
                p.name = param(value, "name");
                p.filename = param(value, "filename");
            } else if (text::iequals(key, "Content-Type")) {
                p.content_type = std::string(value);
            }
        }
        const auto data_start = header_end + 4;
        const auto next = body.find("\r\n" + delimiter, data_start);
        if (next == std::string_view::npos || p.name.empty() || parts.size() >= max_multipart_parts) {
            return std::nullopt;
        }
        p.data = std::string(body.substr(data_start, next - data_start));
        parts.push_back(std::move(p));
        pos = next + 2;
    }
}

const part* find_part(const std::vector<part>& parts, std::string_view name) noexcept {
    for (const auto& p : parts) {
        if (p.name == name) {
            return &p;
        }
    }
    return nullptr;
}

} // namespace gazette::http
