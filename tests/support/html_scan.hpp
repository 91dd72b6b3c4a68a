// A small HTML tag scanner for security assertions in tests: finds every start tag with its attributes,
// honouring quoted attribute values, so "text that looks like onerror=" inside a value is not a tag.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gazette::test {

struct html_tag {
    std::string name; // lowercase
    std::vector<std::pair<std::string, std::string>> attributes; // names lowercase, values raw
};

std::vector<html_tag> scan_tags(std::string_view html);

// Problems an attacker-controlled value could cause in a page: event-handler attributes, script-like
// URLs in href/src/action/..., and more <script>, <iframe>, <form>, <svg>... tags than the same page shows
// with harmless values (baseline). Empty when the page is clean.
std::vector<std::string> xss_findings(std::string_view html, std::string_view baseline);

} // namespace gazette::test
