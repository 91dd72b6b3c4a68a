// The tag scanner.
#include "support/html_scan.hpp"

#include <algorithm>
#include <cctype>
#include <map>

namespace gazette::test {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.';
}

// Decodes the entities that matter for a scheme check and drops whitespace/control characters.
std::string normalise_url(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == '&') {
            const auto semi = v.find(';', i);
            if (semi != std::string_view::npos && semi - i < 10) {
                const auto ent = v.substr(i + 1, semi - i - 1);
                char c = 0;
                if (ent == "colon") c = ':';
                else if (ent == "Tab" || ent == "NewLine") c = ' ';
                else if (ent.starts_with("#x") || ent.starts_with("#X")) c = static_cast<char>(std::strtol(std::string(ent.substr(2)).c_str(), nullptr, 16));
                else if (ent.starts_with("#")) c = static_cast<char>(std::strtol(std::string(ent.substr(1)).c_str(), nullptr, 10));
                if (c != 0) {
                    if (static_cast<unsigned char>(c) > 0x20) {
                        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
                    }
                    i = semi;
                    continue;
                }
            }
        }
        if (static_cast<unsigned char>(v[i]) > 0x20) {
            out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(v[i]))));
        }
    }
    return out;
}

} // namespace

std::vector<html_tag> scan_tags(std::string_view html) {
    std::vector<html_tag> tags;
    std::size_t i = 0;
    while ((i = html.find('<', i)) != std::string_view::npos) {
        ++i;
        if (i < html.size() && html[i] == '!') { // comment or doctype
            const auto end = html.substr(i).starts_with("!--") ? html.find("-->", i) : html.find('>', i);
            i = end == std::string_view::npos ? html.size() : end + 1;
            continue;
        }
        if (i >= html.size() || !std::isalpha(static_cast<unsigned char>(html[i]))) {
            continue; // end tag or stray '<' (which a browser also treats as text)
        }
        html_tag t;
        const auto name_start = i;
        while (i < html.size() && is_name_char(html[i])) {
            ++i;
        }
        t.name = lower(html.substr(name_start, i - name_start));
        while (i < html.size() && html[i] != '>') {
            if (std::isspace(static_cast<unsigned char>(html[i])) || html[i] == '/') {
                ++i;
                continue;
            }
            const auto an = i;
            while (i < html.size() && !std::isspace(static_cast<unsigned char>(html[i])) && html[i] != '=' &&
                   html[i] != '>' && html[i] != '/') {
                ++i;
            }
            std::string name = lower(html.substr(an, i - an));
            std::string value;
            while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i]))) {
                ++i;
            }
            if (i < html.size() && html[i] == '=') {
                ++i;
                while (i < html.size() && std::isspace(static_cast<unsigned char>(html[i]))) {
                    ++i;
                }
                if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
                    const char q = html[i++];
                    const auto end = html.find(q, i);
                    value = std::string(html.substr(i, (end == std::string_view::npos ? html.size() : end) - i));
                    i = end == std::string_view::npos ? html.size() : end + 1;
                } else {
                    const auto vs = i;
                    while (i < html.size() && !std::isspace(static_cast<unsigned char>(html[i])) && html[i] != '>') {
                        ++i;
                    }
                    value = std::string(html.substr(vs, i - vs));
                }
            }
            if (!name.empty()) {
                t.attributes.emplace_back(std::move(name), std::move(value));
            }
        }
        tags.push_back(std::move(t));
    }
    return tags;
}

std::vector<std::string> xss_findings(std::string_view html, std::string_view baseline) {
    std::vector<std::string> findings;
    static const char* forbidden[] = {"script", "link", "meta", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
                                      "svg", "math", "form", "input", "button", "textarea", "select", "style",
                                      "xss", "isindex", "marquee", "video", "audio", "source", "details"};
    std::map<std::string, int> allowed;
    for (const auto& t : scan_tags(baseline)) {
        ++allowed[t.name];
    }
    std::map<std::string, int> seen;
    for (const auto& t : scan_tags(html)) {
        ++seen[t.name];
        for (const char* f : forbidden) {
            if (t.name == f && seen[t.name] > allowed[t.name]) {
                findings.push_back("unexpected tag <" + t.name + ">");
            }
        }
        for (const auto& [name, value] : t.attributes) {
            if (name.starts_with("on")) {
                findings.push_back("event handler " + name + " on <" + t.name + ">");
            }
            if (name == "href" || name == "src" || name == "action" || name == "formaction" || name == "xlink:href" ||
                name == "srcdoc" || name == "data" || name == "poster" || name == "background") {
                const auto v = normalise_url(value);
                for (const char* scheme : {"javascript:", "vbscript:", "data:", "livescript:"}) {
                    if (v.starts_with(scheme)) {
                        findings.push_back(std::string(scheme) + " URL in " + name + " of <" + t.name + ">");
                    }
                }
            }
            if (name == "style" && lower(value).find("expression") != std::string::npos) {
                findings.push_back("style expression on <" + t.name + ">");
            }
        }
    }
    return findings;
}

} // namespace gazette::test
