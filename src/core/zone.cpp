// TZif (RFC 8536) and POSIX TZ rules. See zone.hpp for why this is ours and not the C library's.
#include "core/zone.hpp"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <sstream>

namespace gazette {

namespace {

constexpr std::size_t max_file_bytes = 1 << 20;
constexpr std::uint32_t max_transitions = 20000;
constexpr std::uint32_t max_chars = 4096;

// Big-endian reads over the file's bytes; any read past the end clears ok.
struct reader {
    std::string_view bytes;
    std::size_t pos = 0;
    bool ok = true;

    bool have(std::size_t n) {
        ok = ok && bytes.size() - pos >= n;
        return ok;
    }
    std::uint64_t be(std::size_t n) {
        if (!have(n)) {
            return 0;
        }
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < n; ++i) {
            v = (v << 8) | static_cast<unsigned char>(bytes[pos + i]);
        }
        pos += n;
        return v;
    }
    void skip(std::uint64_t n) {
        if (have(n)) {
            pos += n;
        }
    }
};

struct header {
    char version = 0;
    std::uint32_t isut = 0, isstd = 0, leap = 0, time = 0, type = 0, chars = 0;
};

bool read_header(reader& r, header& h) {
    if (!r.have(44) || r.bytes.substr(r.pos, 4) != "TZif") {
        return false;
    }
    h.version = r.bytes[r.pos + 4];
    r.skip(20);
    h.isut = static_cast<std::uint32_t>(r.be(4));
    h.isstd = static_cast<std::uint32_t>(r.be(4));
    h.leap = static_cast<std::uint32_t>(r.be(4));
    h.time = static_cast<std::uint32_t>(r.be(4));
    h.type = static_cast<std::uint32_t>(r.be(4));
    h.chars = static_cast<std::uint32_t>(r.be(4));
    return r.ok && h.type >= 1 && h.type <= 256 && h.time <= max_transitions && h.chars <= max_chars &&
           (h.isut == 0 || h.isut == h.type) && (h.isstd == 0 || h.isstd == h.type);
}

std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
    using namespace std::chrono;
    return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count();
}

bool is_leap(int y) { return std::chrono::year{y}.is_leap(); }

// A POSIX TZ rule's pieces, consumed from the front of s.
bool parse_name(std::string_view& s, std::string& out) {
    if (!s.empty() && s.front() == '<') {
        const auto close = s.find('>');
        if (close == std::string_view::npos || close < 2) {
            return false;
        }
        out = std::string(s.substr(1, close - 1));
        s.remove_prefix(close + 1);
        return true;
    }
    std::size_t n = 0;
    while (n < s.size() && ((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z'))) {
        ++n;
    }
    if (n < 3) {
        return false;
    }
    out = std::string(s.substr(0, n));
    s.remove_prefix(n);
    return true;
}

bool parse_number(std::string_view& s, int max, int& out) {
    std::size_t n = 0;
    out = 0;
    while (n < s.size() && n < 3 && s[n] >= '0' && s[n] <= '9') {
        out = out * 10 + (s[n] - '0');
        ++n;
    }
    s.remove_prefix(n);
    return n > 0 && out <= max;
}

// [+-]hh[:mm[:ss]] in seconds. Hours up to 167 (RFC 8536's extension for rule times).
bool parse_hms(std::string_view& s, std::int32_t& out) {
    int sign = 1;
    if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
        sign = s.front() == '-' ? -1 : 1;
        s.remove_prefix(1);
    }
    int h = 0, m = 0, sec = 0;
    if (!parse_number(s, 167, h)) {
        return false;
    }
    if (!s.empty() && s.front() == ':') {
        s.remove_prefix(1);
        if (!parse_number(s, 59, m)) {
            return false;
        }
        if (!s.empty() && s.front() == ':') {
            s.remove_prefix(1);
            if (!parse_number(s, 59, sec)) {
                return false;
            }
        }
    }
    out = sign * (h * 3600 + m * 60 + sec);
    return true;
}

bool parse_date(std::string_view& s, time_zone::rule_date& d) {
    if (s.empty()) {
        return false;
    }
    if (s.front() == 'M') {
        s.remove_prefix(1);
        d.kind = 'M';
        if (!parse_number(s, 12, d.month) || d.month < 1 || s.empty() || s.front() != '.') {
            return false;
        }
        s.remove_prefix(1);
        if (!parse_number(s, 5, d.week) || d.week < 1 || s.empty() || s.front() != '.') {
            return false;
        }
        s.remove_prefix(1);
        if (!parse_number(s, 6, d.weekday)) {
            return false;
        }
    } else if (s.front() == 'J') {
        s.remove_prefix(1);
        d.kind = 'J';
        if (!parse_number(s, 365, d.day) || d.day < 1) {
            return false;
        }
    } else {
        d.kind = 'N';
        if (!parse_number(s, 365, d.day)) {
            return false;
        }
    }
    d.time = 7200;
    if (!s.empty() && s.front() == '/') {
        s.remove_prefix(1);
        return parse_hms(s, d.time);
    }
    return true;
}

// Days since the epoch of a rule's date in a year.
std::int64_t rule_day(int y, const time_zone::rule_date& d) {
    using namespace std::chrono;
    switch (d.kind) {
    case 'J':
        return days_from_civil(y, 1, 1) + d.day - 1 + (is_leap(y) && d.day >= 60 ? 1 : 0);
    case 'N':
        return days_from_civil(y, 1, 1) + d.day;
    default: {
        const auto m = month{static_cast<unsigned>(d.month)};
        const auto wd = weekday{static_cast<unsigned>(d.weekday)};
        const sys_days day = d.week == 5 ? sys_days{year{y} / m / wd[last]}
                                         : sys_days{year{y} / m / wd[static_cast<unsigned>(d.week)]};
        return day.time_since_epoch().count();
    }
    }
}

int year_of(unix_time t) {
    using namespace std::chrono;
    const auto days = sys_days{} + std::chrono::days{static_cast<long>(t >= 0 ? t / 86400 : (t - 86399) / 86400)};
    return static_cast<int>(year_month_day{days}.year());
}

bool valid_name(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.back() == '/' ||
        name.find("..") != std::string_view::npos || name.find("//") != std::string_view::npos) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == '+' || c == '/';
    });
}

} // namespace

const std::filesystem::path& time_zone::default_root() {
    static const std::filesystem::path root = "/usr/share/zoneinfo";
    return root;
}

std::shared_ptr<const time_zone> time_zone::utc() {
    static const std::shared_ptr<const time_zone> z = [] {
        auto p = std::shared_ptr<time_zone>(new time_zone());
        p->name_ = "UTC";
        p->types_.push_back(type{0, false, "UTC"});
        p->std_ = p->types_.front();
        return p;
    }();
    return z;
}

std::shared_ptr<const time_zone> time_zone::from_rule(std::string name, std::string_view rule) {
    auto z = std::shared_ptr<time_zone>(new time_zone());
    z->name_ = std::move(name);
    std::string_view s = rule;
    std::int32_t west = 0;
    if (!parse_name(s, z->std_.abbreviation) || !parse_hms(s, west)) {
        return nullptr;
    }
    z->std_.offset = -west;
    if (!s.empty()) {
        z->has_dst_ = true;
        z->dst_.dst = true;
        if (!parse_name(s, z->dst_.abbreviation)) {
            return nullptr;
        }
        z->dst_.offset = z->std_.offset + 3600;
        if (!s.empty() && s.front() != ',') {
            if (!parse_hms(s, west)) {
                return nullptr;
            }
            z->dst_.offset = -west;
        }
        if (s.empty()) { // no rule given: POSIX leaves it to us; tzcode uses the US rule
            s = ",M3.2.0,M11.1.0";
        }
        if (s.front() != ',') {
            return nullptr;
        }
        s.remove_prefix(1);
        if (!parse_date(s, z->start_) || s.empty() || s.front() != ',') {
            return nullptr;
        }
        s.remove_prefix(1);
        if (!parse_date(s, z->end_)) {
            return nullptr;
        }
    }
    if (!s.empty()) {
        return nullptr;
    }
    z->types_.push_back(z->std_);
    return z;
}

std::shared_ptr<const time_zone> time_zone::load(std::string_view name, const std::filesystem::path& root) {
    if (!valid_name(name)) {
        return nullptr;
    }
    std::ifstream in(root / std::string(name), std::ios::binary);
    if (!in) {
        return name == "UTC" ? utc() : nullptr;
    }
    std::string bytes;
    bytes.resize(max_file_bytes + 1);
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > max_file_bytes) {
        return nullptr;
    }

    reader r{bytes};
    header h;
    if (!read_header(r, h)) {
        return nullptr;
    }
    std::size_t time_size = 4;
    if (h.version >= '2') { // skip the 32-bit block; read the 64-bit one after it
        r.skip(std::uint64_t{h.time} * 5 + std::uint64_t{h.type} * 6 + h.chars + std::uint64_t{h.leap} * 8 + h.isstd +
               h.isut);
        if (!read_header(r, h)) {
            return nullptr;
        }
        time_size = 8;
    }
    auto z = std::shared_ptr<time_zone>(new time_zone());
    z->name_ = std::string(name);
    z->transitions_.reserve(h.time);
    for (std::uint32_t i = 0; i < h.time; ++i) {
        const std::uint64_t v = r.be(time_size);
        z->transitions_.push_back(time_size == 8 ? static_cast<std::int64_t>(v)
                                                 : static_cast<std::int64_t>(static_cast<std::int32_t>(v)));
    }
    for (std::uint32_t i = 0; i < h.time; ++i) {
        z->type_of_.push_back(static_cast<std::uint8_t>(r.be(1)));
    }
    std::vector<std::uint8_t> abbr_index;
    for (std::uint32_t i = 0; i < h.type; ++i) {
        type t;
        t.offset = static_cast<std::int32_t>(static_cast<std::uint32_t>(r.be(4)));
        t.dst = r.be(1) != 0;
        abbr_index.push_back(static_cast<std::uint8_t>(r.be(1)));
        z->types_.push_back(std::move(t));
    }
    if (!r.have(h.chars)) {
        return nullptr;
    }
    const std::string_view chars = std::string_view(bytes).substr(r.pos, h.chars);
    r.skip(h.chars);
    for (std::uint32_t i = 0; i < h.type; ++i) {
        if (abbr_index[i] >= chars.size()) {
            return nullptr;
        }
        const auto rest = chars.substr(abbr_index[i]);
        z->types_[i].abbreviation = std::string(rest.substr(0, rest.find('\0')));
    }
    r.skip(std::uint64_t{h.leap} * (time_size + 4) + h.isstd + h.isut);
    if (!r.ok || !std::is_sorted(z->transitions_.begin(), z->transitions_.end()) ||
        std::any_of(z->type_of_.begin(), z->type_of_.end(), [&](std::uint8_t t) { return t >= h.type; })) {
        return nullptr;
    }
    // The footer: "\n<POSIX TZ rule>\n", for instants after the last transition.
    if (h.version >= '2' && r.pos < bytes.size() && bytes[r.pos] == '\n') {
        const auto end = bytes.find('\n', r.pos + 1);
        if (end != std::string::npos && end > r.pos + 1) {
            const auto rule = from_rule(z->name_, std::string_view(bytes).substr(r.pos + 1, end - r.pos - 1));
            if (!rule) {
                return nullptr;
            }
            z->std_ = rule->std_;
            z->dst_ = rule->dst_;
            z->has_dst_ = rule->has_dst_;
            z->start_ = rule->start_;
            z->end_ = rule->end_;
            return z;
        }
    }
    // No footer (version 1): the last type in force goes on.
    z->std_ = z->types_[z->type_of_.empty() ? 0 : z->type_of_.back()];
    return z;
}

time_zone::info time_zone::from_rule_at(unix_time t) const noexcept {
    if (!has_dst_) {
        return {std_.offset, std_.abbreviation, false};
    }
    const int y = year_of(t + std_.offset);
    const auto start = rule_day(y, start_) * 86400 + start_.time - std_.offset;
    const auto end = rule_day(y, end_) * 86400 + end_.time - dst_.offset;
    const bool in_dst = start < end ? (t >= start && t < end) : (t < end || t >= start);
    const type& ty = in_dst ? dst_ : std_;
    return {ty.offset, ty.abbreviation, in_dst};
}

time_zone::info time_zone::at(unix_time t) const noexcept {
    if (transitions_.empty()) {
        return from_rule_at(t);
    }
    if (t < transitions_.front()) {
        const type& ty = types_.front();
        return {ty.offset, ty.abbreviation, ty.dst};
    }
    const auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t);
    if (it == transitions_.end()) {
        return from_rule_at(t);
    }
    const type& ty = types_[type_of_[static_cast<std::size_t>(std::distance(transitions_.begin(), it) - 1)]];
    return {ty.offset, ty.abbreviation, ty.dst};
}

unix_time time_zone::from_local(int year, int month, int day, int hour, int minute, int second) const noexcept {
    const unix_time local = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                            hour * 3600 + minute * 60 + second;
    // Clock changes are months apart: the offsets a day either side are the only candidates.
    const std::int32_t before = at(local - 86400).offset;
    const std::int32_t after = at(local + 86400).offset;
    for (const std::int32_t off : {before, after}) {
        if (at(local - off).offset == off) {
            return local - off;
        }
    }
    return local - before; // in a gap: read with the offset before the change
}

std::vector<std::string> known_zone_names(const std::filesystem::path& root) {
    std::vector<std::string> names;
    std::ifstream in(root / "zone1970.tab");
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line.front() == '#') {
            continue;
        }
        std::istringstream fields(line);
        std::string codes, coordinates, name;
        if (std::getline(fields, codes, '\t') && std::getline(fields, coordinates, '\t') &&
            std::getline(fields, name, '\t') && valid_name(name)) {
            names.push_back(name);
        }
    }
    if (!names.empty()) {
        names.emplace_back("UTC");
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

} // namespace gazette
