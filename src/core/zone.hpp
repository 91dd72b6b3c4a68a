// Time zones from the system's tz database (tzdata's TZif files), so a site can run in its own zone while the
// process, and every other site in it, stays in UTC. Immutable once loaded: share freely between threads.
//
// libstdc++ 12 has no std::chrono::tzdb, and the C library's zone (TZ, localtime_r) is one per process and
// not safe to change while other threads read it; so we read the TZif file (RFC 8536) ourselves: the
// transition table for the past and the POSIX TZ rule in its footer for times after the last transition.
#pragma once

#include "core/time.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

class time_zone {
public:
    struct info {
        std::int32_t offset = 0;       // seconds east of UTC
        std::string_view abbreviation; // "GMT", "BST", "+04"
        bool dst = false;
    };

    // The zone named like "Europe/London" from root (tzdata's directory); nullptr when the name is unknown,
    // malformed (only letters, digits, "_", "-", "+" and "/" between parts; no "..") or the file unreadable.
    static std::shared_ptr<const time_zone> load(std::string_view name,
                                                 const std::filesystem::path& root = default_root());
    static std::shared_ptr<const time_zone> utc();
    static const std::filesystem::path& default_root();

    const std::string& name() const noexcept { return name_; }
    info at(unix_time t) const noexcept;

    // The instant a wall-clock time in this zone means. A time skipped by a clock change is read with the
    // offset before the change (02:30 on the spring-forward night is 03:30); a time that happens twice
    // is the first of the two.
    unix_time from_local(int year, int month, int day, int hour, int minute, int second) const noexcept;

    // A TZ rule like "GMT0BST,M3.5.0/1,M10.5.0" alone (exposed for tests). nullptr when malformed.
    static std::shared_ptr<const time_zone> from_rule(std::string name, std::string_view rule);

    struct rule_date {
        char kind = 'M'; // 'M' (month.week.day), 'J' (Julian day 1..365, no 29 Feb), 'N' (day 0..365)
        int month = 0, week = 0, weekday = 0, day = 0;
        std::int32_t time = 7200; // seconds after local midnight
    };
    struct type {
        std::int32_t offset = 0;
        bool dst = false;
        std::string abbreviation;
    };

private:
    time_zone() = default;
    info from_rule_at(unix_time t) const noexcept;

    std::string name_;
    std::vector<std::int64_t> transitions_; // ascending UTC instants
    std::vector<std::uint8_t> type_of_;     // the type in force from each transition
    std::vector<type> types_;
    // The footer rule, for times after the last transition.
    type std_, dst_;
    bool has_dst_ = false;
    rule_date start_, end_;
};

// The zone names people pick from (tzdata's zone1970.tab, sorted, plus "UTC"); empty when tzdata is absent.
std::vector<std::string> known_zone_names(const std::filesystem::path& root = time_zone::default_root());

} // namespace gazette
