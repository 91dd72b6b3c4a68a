// Times are Unix seconds (UTC) everywhere inside Gazette; these helpers format them for people and machines.
// Local-time functions take the site's time zone (core/zone.hpp); nothing reads the process's TZ.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace gazette {

class time_zone;

using unix_time = std::int64_t;

// Where "now" comes from: the system clock in production, a fixed value in golden tests.
using clock_fn = std::function<unix_time()>;
unix_time system_now() noexcept;

namespace timefmt {

std::string iso8601_utc(unix_time t);          // 2026-11-25T09:14:00Z
std::string iso8601_local(const time_zone& z, unix_time t);        // 2026-11-25T09:14:00+00:00 (site time zone, with offset)
std::string wp_local(const time_zone& z, unix_time t);             // 2026-11-25T09:14:00 (WordPress "date")
std::string wp_gmt(unix_time t);               // 2026-11-25T09:14:00 (WordPress "date_gmt")
std::string http_date(unix_time t);            // Wed, 25 Nov 2026 09:14:00 GMT
std::string human_date(const time_zone& z, unix_time t);           // 25 November 2026
std::string human_datetime(const time_zone& z, unix_time t);       // 25 November 2026, 09:14 UTC
std::string long_day(const time_zone& z, unix_time t);             // Wednesday 25 November 2026
std::string local_day(const time_zone& z, unix_time t);          // 2026-11-25 (the day in zone z)
std::string year(const time_zone& z, unix_time t);                 // 2026
std::string zone_name(const time_zone& z, unix_time t);            // UTC, GMT, CET... (the site time zone's abbreviation then)

// Parses "YYYY-MM-DDTHH:MM:SS" with "Z", "+HH:MM" or no zone (then UTC). nullopt when malformed.
std::optional<unix_time> parse_iso8601(std::string_view s);
// An HTTP date (IMF-fixdate, as http_date writes it); nullopt for anything else.
std::optional<unix_time> parse_http_date(std::string_view s);

// An <input type="datetime-local"> value ("YYYY-MM-DDTHH:MM", optionally ":SS") in zone z, and back.
std::optional<unix_time> parse_datetime_local(const time_zone& z, std::string_view s);
std::string datetime_local(const time_zone& z, unix_time t);

} // namespace timefmt
} // namespace gazette
