// Running a command line from a test (validators such as jing and xmllint, the gazette binary).
#pragma once

#include <cstdio>
#include <string>
#include <sys/wait.h>
#include <utility>

namespace gazette::test {

// Runs command through the shell; its exit status (-1 when it did not exit normally) and what it printed
// on stdout and stderr together.
inline std::pair<int, std::string> run_command(const std::string& command) {
    std::string out;
    FILE* p = ::popen((command + " 2>&1").c_str(), "r");
    if (!p) {
        return {-1, "popen failed"};
    }
    char buf[4096];
    while (const auto n = std::fread(buf, 1, sizeof buf, p)) {
        out.append(buf, n);
    }
    const int status = ::pclose(p);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

} // namespace gazette::test
