// Weekly opening hours.
#include "core/hours.hpp"

#include "core/text.hpp"

#include <array>

namespace gazette {

namespace {

constexpr int minutes_per_day = 24 * 60;
constexpr int minutes_per_week = 7 * minutes_per_day;
constexpr std::array<std::string_view, 7> day_names{"monday", "tuesday", "wednesday", "thursday",
                                                    "friday", "saturday", "sunday"};

std::optional<int> day_index(std::string_view s) {
    for (std::size_t i = 0; i < day_names.size(); ++i) { // "Mon" or "Monday"
        if (text::iequals(s, day_names[i].substr(0, 3)) || text::iequals(s, day_names[i])) {
            return static_cast<int>(i);
        }
    }
    return std::nullopt;
}

// "9:00", "09:30", "24:00" → minutes since midnight.
std::optional<int> clock_minutes(std::string_view s) {
    const auto colon = s.find(':');
    if (colon == std::string_view::npos) {
        return std::nullopt;
    }
    const auto h = text::to_int(s.substr(0, colon), 0, 24);
    const auto m = s.size() - colon - 1 == 2 ? text::to_int(s.substr(colon + 1), 0, 59) : std::nullopt;
    if (!h || !m || (*h == 24 && *m != 0)) {
        return std::nullopt;
    }
    return static_cast<int>(*h * 60 + *m);
}

} // namespace

weekly_hours::parsed weekly_hours::parse(std::string_view lines) {
    weekly_hours out;
    int number = 0;
    for (const auto raw : text::split(lines, '\n')) {
        ++number;
        const auto line = text::trim(raw);
        if (line.empty()) {
            continue;
        }
        const auto fail = [&] {
            return parsed{std::nullopt, "Line " + std::to_string(number) + " (\"" + std::string(line) +
                                            "\"): write days and hours like \"Mon-Fri 09:00-17:30\" or \"Sat 10:00-14:00\"."};
        };
        const auto space = line.find_first_of(" \t");
        if (space == std::string_view::npos) {
            return fail();
        }
        const auto days = line.substr(0, space);
        const auto times = text::trim(line.substr(space + 1));
        // Days: "Mon", "Mon-Fri", "Mon,Wed,Fri" (and ranges in lists).
        std::array<bool, 7> on{};
        for (const auto part : text::split(days, ',')) {
            const auto dash = part.find('-');
            const auto first = day_index(part.substr(0, dash));
            const auto last = dash == std::string_view::npos ? first : day_index(part.substr(dash + 1));
            if (!first || !last) {
                return fail();
            }
            for (int d = *first;; d = (d + 1) % 7) {
                on[static_cast<std::size_t>(d)] = true;
                if (d == *last) {
                    break;
                }
            }
        }
        if (text::iequals(times, "closed")) {
            continue;
        }
        const auto dash = times.find('-');
        const auto from = dash == std::string_view::npos ? std::nullopt : clock_minutes(text::trim(times.substr(0, dash)));
        const auto to = dash == std::string_view::npos ? std::nullopt : clock_minutes(text::trim(times.substr(dash + 1)));
        if (!from || !to || *from == *to || *from == minutes_per_day) {
            return fail();
        }
        for (int d = 0; d < 7; ++d) {
            if (on[static_cast<std::size_t>(d)]) {
                const int start = d * minutes_per_day + *from;
                const int end = d * minutes_per_day + *to + (*to < *from ? minutes_per_day : 0);
                out.spans_.emplace_back(start, end);
            }
        }
    }
    if (out.spans_.empty() && number > 0 && !text::trim(lines).empty()) {
        out.spans_.emplace_back(0, 0); // every line said "closed": never open (an empty span, not "always")
    }
    return {std::move(out), {}};
}

bool weekly_hours::open_at(unix_time t, const time_zone& zone) const noexcept {
    if (spans_.empty()) {
        return true;
    }
    const std::int64_t local = t + zone.at(t).offset;
    const std::int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    const int weekday = static_cast<int>(((days + 3) % 7 + 7) % 7); // 1970-01-01 was a Thursday; Monday is 0
    const int minute = static_cast<int>((local - days * 86400) / 60);
    const int now = weekday * minutes_per_day + minute;
    for (const auto& [start, end] : spans_) {
        // A span that runs past Sunday midnight goes on into Monday.
        if ((now >= start && now < end) || (end > minutes_per_week && now < end - minutes_per_week)) {
            return true;
        }
    }
    return false;
}

} // namespace gazette
