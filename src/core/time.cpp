// Formatting and parsing of Unix times.
#include "core/time.hpp"

#include "core/zone.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace gazette {

unix_time system_now() noexcept {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

namespace timefmt {
namespace {

std::tm utc_tm(unix_time t) {
    std::tm tm{};
    const std::time_t tt = static_cast<std::time_t>(t);
    gmtime_r(&tt, &tm);
    return tm;
}

// The broken-down wall-clock time in z; tm_zone points into z, which outlives the call that formats it.
std::tm local_tm(const time_zone& z, unix_time t) {
    const auto i = z.at(t);
    std::tm tm = utc_tm(t + i.offset);
    tm.tm_gmtoff = i.offset;
    tm.tm_isdst = i.dst ? 1 : 0;
    tm.tm_zone = i.abbreviation.data(); // NUL-terminated: it views a std::string
    return tm;
}

std::string format(const std::tm& tm, const char* fmt) {
    char buf[128];
    const std::size_t n = std::strftime(buf, sizeof buf, fmt, &tm);
    return std::string(buf, n);
}

// strftime's %e pads with a space; newspapers print "5 November", not " 5 November".
std::string day_month_year(const std::tm& tm) {
    return std::to_string(tm.tm_mday) + format(tm, " %B %Y");
}

} // namespace

std::string iso8601_utc(unix_time t) { return format(utc_tm(t), "%Y-%m-%dT%H:%M:%SZ"); }

std::string iso8601_local(const time_zone& z, unix_time t) {
    const std::tm tm = local_tm(z, t);
    const long off = tm.tm_gmtoff;
    const long h = (off < 0 ? -off : off) / 3600;
    const long m = ((off < 0 ? -off : off) % 3600) / 60;
    char zone[32];
    std::snprintf(zone, sizeof zone, "%c%02ld:%02ld", off < 0 ? '-' : '+', h % 100, m);
    return format(tm, "%Y-%m-%dT%H:%M:%S") + zone;
}

std::string wp_local(const time_zone& z, unix_time t) { return format(local_tm(z, t), "%Y-%m-%dT%H:%M:%S"); }
std::string wp_gmt(unix_time t) { return format(utc_tm(t), "%Y-%m-%dT%H:%M:%S"); }
std::string http_date(unix_time t) { return format(utc_tm(t), "%a, %d %b %Y %H:%M:%S GMT"); }
std::string human_date(const time_zone& z, unix_time t) { return day_month_year(local_tm(z, t)); }

std::string human_datetime(const time_zone& z, unix_time t) {
    const std::tm tm = local_tm(z, t);
    return day_month_year(tm) + format(tm, ", %H:%M %Z");
}

std::string long_day(const time_zone& z, unix_time t) {
    const std::tm tm = local_tm(z, t);
    return format(tm, "%A ") + day_month_year(tm);
}

std::string local_day(const time_zone& z, unix_time t) { return format(local_tm(z, t), "%Y-%m-%d"); }
std::string year(const time_zone& z, unix_time t) { return format(local_tm(z, t), "%Y"); }
std::string zone_name(const time_zone& z, unix_time t) { return format(local_tm(z, t), "%Z"); }

std::optional<unix_time> parse_iso8601(std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (s.size() < 19) {
        return std::nullopt;
    }
    const std::string head(s.substr(0, 19));
    char t = 0;
    if (std::sscanf(head.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &t, &h, &mi, &sec) != 7 ||
        (t != 'T' && t != ' ') || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) {
        return std::nullopt;
    }
    long offset = 0;
    std::string_view zone = s.substr(19);
    if (!zone.empty() && zone.front() == '.') { // fractional seconds: ignored
        std::size_t i = 1;
        while (i < zone.size() && zone[i] >= '0' && zone[i] <= '9') {
            ++i;
        }
        zone.remove_prefix(i);
    }
    if (zone == "Z" || zone.empty()) {
        offset = 0;
    } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
        int zh = 0, zm = 0;
        const std::string z(zone.substr(1));
        if (std::sscanf(z.c_str(), "%2d:%2d", &zh, &zm) != 2) {
            return std::nullopt;
        }
        offset = (zh * 3600L + zm * 60L) * (zone[0] == '-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    return static_cast<unix_time>(timegm(&tm)) - offset;
}

std::optional<unix_time> parse_http_date(std::string_view s) {
    // IMF-fixdate, the form HTTP senders must use: "Wed, 25 Nov 2026 09:14:00 GMT".
    static constexpr std::string_view months = "JanFebMarAprMayJunJulAugSepOctNovDec";
    if (s.size() != 29 || s[3] != ',' || !s.ends_with(" GMT")) {
        return std::nullopt;
    }
    int d = 0, y = 0, h = 0, mi = 0, sec = 0;
    char mon[4] = {};
    const std::string str(s.substr(5));
    if (std::sscanf(str.c_str(), "%2d %3c %4d %2d:%2d:%2d", &d, mon, &y, &h, &mi, &sec) != 6) {
        return std::nullopt;
    }
    const auto m = months.find(std::string_view(mon, 3));
    if (m == std::string_view::npos || m % 3 != 0 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = static_cast<int>(m / 3);
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    return static_cast<unix_time>(timegm(&tm));
}

std::optional<unix_time> parse_datetime_local(const time_zone& z, std::string_view s) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    const std::string str(s);
    // "YYYY-MM-DDTHH:MM", or with ":SS" (browsers send seconds when the input has step="1").
    const int got = std::sscanf(str.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &sec);
    if ((s.size() != 16 || got != 5) && (s.size() != 19 || got != 6)) {
        return std::nullopt;
    }
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || sec < 0 || sec > 59 ||
        !std::chrono::year_month_day{std::chrono::year{y} / mo / d}.ok()) { // 31 February and the like
        return std::nullopt;
    }
    return z.from_local(y, mo, d, h, mi, sec);
}

std::string datetime_local(const time_zone& z, unix_time t) { return format(local_tm(z, t), "%Y-%m-%dT%H:%M"); }

} // namespace timefmt
} // namespace gazette
