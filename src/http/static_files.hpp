// Files served from the data directory (media uploads): safe path resolution and content types.
#pragma once

#include "core/error.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace gazette::http {

inline constexpr std::size_t max_data_file_bytes = 32 * 1024 * 1024;

struct file_content {
    std::string content_type;
    std::string bytes;
};

// The content type for a file name's extension; application/octet-stream when unknown.
std::string_view content_type_for(std::string_view filename) noexcept;

// Reads root/relative where relative is one or more segments of [A-Za-z0-9._-], none starting with '.'
// (so no "..", no hidden files, no absolute paths). errc::not_found for anything else or a missing file.
result<file_content> read_data_file(const std::filesystem::path& root, std::string_view relative);

} // namespace gazette::http
