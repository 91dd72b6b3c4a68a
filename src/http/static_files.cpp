// Data-directory files: path checks and content types.
#include "http/static_files.hpp"

#include "core/text.hpp"

#include <fstream>

namespace gazette::http {

std::string_view content_type_for(std::string_view name) noexcept {
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos) {
        return "application/octet-stream";
    }
    const auto ext = name.substr(dot + 1);
    struct {
        std::string_view ext, type;
    } static constexpr types[] = {
        {"html", "text/html; charset=utf-8"}, {"css", "text/css; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"}, {"json", "application/json"},
        {"svg", "image/svg+xml"}, {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},
        {"gif", "image/gif"}, {"webp", "image/webp"}, {"ico", "image/x-icon"}, {"txt", "text/plain; charset=utf-8"},
        {"xml", "application/xml"}, {"woff2", "font/woff2"},
    };
    for (const auto& t : types) {
        if (text::iequals(t.ext, ext)) {
            return t.type;
        }
    }
    return "application/octet-stream";
}

result<file_content> read_data_file(const std::filesystem::path& root, std::string_view relative) {
    if (relative.empty() || relative.size() > 512) {
        return std::error_code(errc::not_found);
    }
    for (const auto seg : text::split(relative, '/')) {
        if (seg.empty() || seg.front() == '.') {
            return std::error_code(errc::not_found);
        }
        for (const char c : seg) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                            c == '_' || c == '-';
            if (!ok) {
                return std::error_code(errc::not_found);
            }
        }
    }
    const auto path = root / std::filesystem::path(std::string(relative));
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return std::error_code(errc::not_found);
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (ec || size > max_data_file_bytes) {
        return std::error_code(errc::not_found);
    }
    std::ifstream in(path, std::ios::binary);
    file_content out;
    out.bytes.resize(size);
    if (!in.read(out.bytes.data(), static_cast<std::streamsize>(size))) {
        return std::error_code(errc::internal);
    }
    out.content_type = std::string(content_type_for(relative));
    return out;
}

} // namespace gazette::http
