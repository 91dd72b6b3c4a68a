// multipart/form-data bodies (file uploads): split into parts with their field name, file name and type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette::http {

inline constexpr std::size_t max_multipart_parts = 20;

struct part {
    std::string name;         // the form field
    std::string filename;     // empty for ordinary fields
    std::string content_type; // as the browser said; never trusted for files
    std::string data;
};

// The parts of a body whose Content-Type is multipart/form-data with a boundary. nullopt when the
// Content-Type has no boundary or the body is malformed or has too many parts.
std::optional<std::vector<part>> parse_multipart(std::string_view content_type, std::string_view body);

// The first part with this field name, or null.
const part* find_part(const std::vector<part>& parts, std::string_view name) noexcept;

} // namespace gazette::http
