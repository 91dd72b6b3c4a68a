// Reading test inputs (corpora, golden pages, specs) whole or by line.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace gazette::test {

// The file's bytes ("" when it cannot be read: the test's own checks then fail on the empty input).
inline std::string file_text(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The file's non-empty lines (one XSS payload per line, in the corpora).
inline std::vector<std::string> file_lines(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    return lines;
}

} // namespace gazette::test
