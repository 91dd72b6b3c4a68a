// LCS line diff: O(n·m) table, fine for article-sized texts (capped at max_lines).
#include "core/diff.hpp"

#include "core/text.hpp"

#include <cstdint>

namespace gazette::diff {

std::vector<line> lines(std::string_view a, std::string_view b) {
    const auto x = text::split(a, '\n');
    const auto y = text::split(b, '\n');
    std::vector<line> out;
    if (x.size() > max_lines || y.size() > max_lines) {
        for (const auto l : x) {
            out.push_back({line::kind::removed, std::string(l)});
        }
        for (const auto l : y) {
            out.push_back({line::kind::added, std::string(l)});
        }
        return out;
    }
    const std::size_t n = x.size(), m = y.size();
    // lcs[i][j]: length of the LCS of x[i..] and y[j..].
    std::vector<std::uint16_t> lcs((n + 1) * (m + 1), 0);
    auto at = [&](std::size_t i, std::size_t j) -> std::uint16_t& { return lcs[i * (m + 1) + j]; };
    for (std::size_t i = n; i-- > 0;) {
        for (std::size_t j = m; j-- > 0;) {
            at(i, j) = x[i] == y[j] ? static_cast<std::uint16_t>(at(i + 1, j + 1) + 1)
                                    : std::max(at(i + 1, j), at(i, j + 1));
        }
    }
    std::size_t i = 0, j = 0;
    while (i < n && j < m) {
        if (x[i] == y[j]) {
            out.push_back({line::kind::same, std::string(x[i])});
            ++i;
            ++j;
        } else if (at(i + 1, j) >= at(i, j + 1)) {
            out.push_back({line::kind::removed, std::string(x[i++])});
        } else {
            out.push_back({line::kind::added, std::string(y[j++])});
        }
    }
    for (; i < n; ++i) {
        out.push_back({line::kind::removed, std::string(x[i])});
    }
    for (; j < m; ++j) {
        out.push_back({line::kind::added, std::string(y[j])});
    }
    return out;
}

} // namespace gazette::diff
