// Line diff (longest common subsequence) for comparing article revisions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gazette::diff {

inline constexpr std::size_t max_lines = 4000; // longer texts are compared as removed + added wholesale

struct line {
    enum class kind { same, removed, added } what;
    std::string text;
};

// The lines of a (old) and b (new), in order, each marked same, removed or added.
std::vector<line> lines(std::string_view a, std::string_view b);

} // namespace gazette::diff
