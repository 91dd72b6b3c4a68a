// Weekly opening hours (chat.hours): reading what staff type, and open or closed at an instant in the
// site's zone.
#include "core/hours.hpp"

#include <gtest/gtest.h>

namespace gazette {
namespace {

// Wednesday 2026-11-25 10:00 UTC.
constexpr unix_time wednesday_10 = 1795600800;
constexpr unix_time hour = 3600, day = 86400;

weekly_hours hours(std::string_view text) {
    auto p = weekly_hours::parse(text);
    EXPECT_TRUE(p.error.empty()) << p.error;
    return p.hours.value_or(weekly_hours{});
}

TEST(Hours, NoLinesMeansAlwaysOpen) {
    const auto h = hours("");
    EXPECT_TRUE(h.always_open());
    EXPECT_TRUE(h.open_at(wednesday_10, *time_zone::utc()));
}

TEST(Hours, WeekdaysInTheSitesZone) {
    const auto utc = time_zone::utc();
    const auto h = hours("Mon-Fri 09:00-17:30\nSat 10:00-14:00\nSun closed");
    EXPECT_TRUE(h.open_at(wednesday_10, *utc));
    EXPECT_TRUE(h.open_at(wednesday_10 + 7 * hour + 29 * 60, *utc)) << "17:29";
    EXPECT_FALSE(h.open_at(wednesday_10 + 7 * hour + 30 * 60, *utc)) << "17:30 is closing time";
    EXPECT_FALSE(h.open_at(wednesday_10 - hour - 1, *utc)) << "08:59:59";
    EXPECT_TRUE(h.open_at(wednesday_10 + 3 * day, *utc)) << "Saturday 10:00";
    EXPECT_FALSE(h.open_at(wednesday_10 + 3 * day + 4 * hour, *utc)) << "Saturday 14:00";
    EXPECT_FALSE(h.open_at(wednesday_10 + 4 * day, *utc)) << "Sunday";
    // 10:00 UTC is 05:00 in New York: closed there.
    const auto ny = time_zone::load("America/New_York");
    ASSERT_TRUE(ny);
    EXPECT_FALSE(h.open_at(wednesday_10, *ny));
    EXPECT_TRUE(h.open_at(wednesday_10 + 5 * hour, *ny)) << "10:00 in New York";
}

TEST(Hours, ListsAndSpansPastMidnight) {
    const auto utc = time_zone::utc();
    const auto h = hours("mon,wed,friday 09:00-12:00\nSun 22:00-02:00");
    EXPECT_TRUE(h.open_at(wednesday_10, *utc));
    EXPECT_FALSE(h.open_at(wednesday_10 + day, *utc)) << "Thursday";
    EXPECT_TRUE(h.open_at(wednesday_10 + 4 * day + 13 * hour, *utc)) << "Sunday 23:00";
    EXPECT_TRUE(h.open_at(wednesday_10 + 5 * day - 9 * hour, *utc)) << "Monday 01:00, the span goes on past the week's end";
    EXPECT_FALSE(h.open_at(wednesday_10 + 5 * day - 7 * hour, *utc)) << "Monday 03:00";
    EXPECT_TRUE(hours("Mon-Sun 00:00-24:00").open_at(wednesday_10, *utc));
    EXPECT_FALSE(hours("Mon-Sun closed").open_at(wednesday_10, *utc)) << "closed every day is never open";
}

TEST(Hours, WhatCannotBeReadIsNamedByLine) {
    for (const char* bad : {"Mon-Fri", "Mon-Fri 9-5", "Funday 09:00-17:00", "Mon 09:00-09:00", "Mon 25:00-26:00",
                            "Mon 09:00-17:3", "Mon-Fri 09:00-17:00\nTue 10:00"}) {
        const auto p = weekly_hours::parse(bad);
        EXPECT_FALSE(p.hours) << bad;
        EXPECT_TRUE(p.error.starts_with("Line ")) << bad << ": " << p.error;
    }
    EXPECT_NE(weekly_hours::parse("Mon-Fri 09:00-17:00\nTue 10:00").error.find("Line 2"), std::string::npos);
}

} // namespace
} // namespace gazette
