// Weekly opening hours, as staff type them into a setting: one line per span of days, like
//   Mon-Fri 09:00-17:30
//   Sat 10:00-14:00
//   Sun closed          (ignored: a day without a line is closed anyway)
// in the site's time zone. No lines at all means always open. A span may end at 24:00; a span whose end
// is before its start runs past midnight ("Fri 22:00-02:00" is open until 2 on Saturday morning).
#pragma once

#include "core/time.hpp"
#include "core/zone.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gazette {

class weekly_hours {
public:
    // The hours in text, or why they cannot be read (naming the line).
    struct parsed;
    static parsed parse(std::string_view lines);

    bool always_open() const noexcept { return spans_.empty(); }
    bool open_at(unix_time t, const time_zone& zone) const noexcept;

private:
    // [start, end) in minutes since Monday 00:00, local time; end may pass the week's end.
    std::vector<std::pair<int, int>> spans_;
};

struct weekly_hours::parsed {
    std::optional<weekly_hours> hours;
    std::string error;
};

} // namespace gazette
