// Files embedded into the binary at build time (theme, migrations, demo content): see cmake/embed.cmake.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace gazette::resources {

struct entry {
    std::string_view path; // relative to the source tree, e.g. "themes/default/static/style.css"
    std::string_view data;
};

// Every embedded file, sorted by path.
std::span<const entry> all() noexcept;

// The file at exactly this path, if embedded.
std::optional<std::string_view> find(std::string_view path) noexcept;

// The files whose path starts with prefix, sorted by path.
std::vector<entry> under(std::string_view prefix);

} // namespace gazette::resources
