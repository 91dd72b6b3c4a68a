// Route matching: split the path into segments, try each route in table order.
#include "http/router.hpp"

#include "core/text.hpp"

#include <stdexcept>

namespace gazette::http {
namespace {

// "/a/b/" → {"a", "b"}; "/" → {}.
std::vector<std::string_view> path_parts(std::string_view path) {
    std::vector<std::string_view> parts;
    if (path.starts_with('/')) {
        path.remove_prefix(1);
    }
    if (path.ends_with('/')) {
        path.remove_suffix(1);
    }
    if (path.empty()) {
        return parts;
    }
    return text::split(path, '/');
}

} // namespace

std::size_t router::add(verb method, std::string_view pattern) {
    if (!pattern.starts_with('/')) {
        throw std::invalid_argument("route pattern must start with '/': " + std::string(pattern));
    }
    route r{method, {}, pattern.size() > 1 && pattern.ends_with('/')};
    const auto parts = path_parts(pattern);
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto p = parts[i];
        const auto open = p.find('{');
        if (open != std::string_view::npos && p.ends_with('}')) {
            const auto prefix = p.substr(0, open);
            auto name = p.substr(open + 1, p.size() - open - 2);
            if (!prefix.empty() && name.ends_with("...")) {
                throw std::invalid_argument("{name...} takes a whole segment: " + std::string(pattern));
            }
            if (name.ends_with("...")) {
                if (i + 1 != parts.size()) {
                    throw std::invalid_argument("{name...} must be last: " + std::string(pattern));
                }
                name.remove_suffix(3);
                r.segments.push_back({segment::kind::rest, std::string(name), {}});
            } else if (name.ends_with(":int")) {
                name.remove_suffix(4);
                r.segments.push_back({segment::kind::digits, std::string(name), std::string(prefix)});
            } else {
                r.segments.push_back({segment::kind::param, std::string(name), std::string(prefix)});
            }
        } else {
            r.segments.push_back({segment::kind::literal, std::string(p), {}});
        }
    }
    routes_.push_back(std::move(r));
    return routes_.size() - 1;
}

bool router::matches(const route& r, const std::vector<std::string_view>& parts,
                     std::vector<std::pair<std::string, std::string>>* params) {
    const bool has_rest = !r.segments.empty() && r.segments.back().type == segment::kind::rest;
    if (has_rest ? parts.size() < r.segments.size() : parts.size() != r.segments.size()) {
        return false;
    }
    for (std::size_t i = 0; i < r.segments.size(); ++i) {
        const auto& s = r.segments[i];
        std::string_view part = parts[i];
        if (s.type == segment::kind::digits || s.type == segment::kind::param) {
            if (!part.starts_with(s.prefix)) {
                return false;
            }
            part.remove_prefix(s.prefix.size());
        }
        switch (s.type) {
        case segment::kind::literal:
            if (parts[i] != s.text) {
                return false;
            }
            break;
        case segment::kind::digits:
            if (part.empty() || part.size() > 18 || part.find_first_not_of("0123456789") != std::string_view::npos) {
                return false;
            }
            if (params) {
                params->emplace_back(s.text, std::string(part));
            }
            break;
        case segment::kind::param:
            if (part.empty()) {
                return false;
            }
            if (params) {
                params->emplace_back(s.text, std::string(part));
            }
            break;
        case segment::kind::rest: {
            std::string rest;
            for (std::size_t j = i; j < parts.size(); ++j) {
                if (parts[j].empty()) {
                    return false;
                }
                if (j > i) {
                    rest.push_back('/');
                }
                rest.append(parts[j]);
            }
            if (params) {
                params->emplace_back(s.text, std::move(rest));
            }
            break;
        }
        }
    }
    return true;
}

router::match router::find(verb method, std::string_view path) const {
    match m;
    const auto parts = path_parts(path);
    const bool has_slash = path.size() > 1 && path.ends_with('/');
    const bool is_get = method == verb::get || method == verb::head;
    std::string allow;
    std::optional<std::size_t> slash_candidate;

    for (std::size_t i = 0; i < routes_.size(); ++i) {
        const auto& r = routes_[i];
        if (!matches(r, parts, nullptr)) {
            continue;
        }
        const bool slash_ok = parts.empty() || r.trailing_slash == has_slash ||
                              (!r.segments.empty() && r.segments.back().type == segment::kind::rest);
        const bool method_ok = r.method == method || (method == verb::head && r.method == verb::get);
        if (method_ok && slash_ok) {
            m.outcome = match::kind::found;
            m.index = i;
            matches(r, parts, &m.params);
            return m;
        }
        if (method_ok && !slash_ok && !slash_candidate) {
            slash_candidate = i;
        }
        if (slash_ok) {
            const auto name = std::string(to_string(r.method));
            if (allow.find(name) == std::string::npos) {
                allow += allow.empty() ? name : ", " + name;
                if (r.method == verb::get) {
                    allow += ", HEAD";
                }
            }
        }
    }
    if (slash_candidate && is_get) {
        m.outcome = match::kind::redirect;
        m.location = std::string(path);
        if (has_slash) {
            m.location.pop_back();
        } else {
            m.location.push_back('/');
        }
        return m;
    }
    if (!allow.empty()) {
        m.outcome = match::kind::method_not_allowed;
        m.allow = std::move(allow);
        return m;
    }
    return m;
}

} // namespace gazette::http
