// Look-ups over the embedded file table.
#include "resources/resources.hpp"

namespace gazette::resources {

std::optional<std::string_view> find(std::string_view path) noexcept {
    for (const auto& e : all()) {
        if (e.path == path) {
            return e.data;
        }
    }
    return std::nullopt;
}

std::vector<entry> under(std::string_view prefix) {
    std::vector<entry> out;
    for (const auto& e : all()) {
        if (e.path.starts_with(prefix)) {
            out.push_back(e);
        }
    }
    return out;
}

} // namespace gazette::resources
