// Time zones read from tzdata: offsets, clock changes both ways, times past the file's table (the POSIX
// rule in its footer), wall-clock input, bad names; and agreement with the C library over many instants.
#include "core/time.hpp"
#include "core/zone.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace gazette {
namespace {

unix_time utc(int y, int mo, int d, int h, int mi = 0) { return time_zone::utc()->from_local(y, mo, d, h, mi, 0); }

TEST(Zone, SummerAndWinterInLondon) {
    const auto london = time_zone::load("Europe/London");
    ASSERT_TRUE(london);
    EXPECT_EQ(london->name(), "Europe/London");
    EXPECT_EQ(london->at(utc(2026, 1, 15, 12)).offset, 0);
    EXPECT_EQ(london->at(utc(2026, 1, 15, 12)).abbreviation, "GMT");
    EXPECT_EQ(london->at(utc(2026, 7, 1, 12)).offset, 3600);
    EXPECT_EQ(london->at(utc(2026, 7, 1, 12)).abbreviation, "BST");
    EXPECT_TRUE(london->at(utc(2026, 7, 1, 12)).dst);
    // Clocks go forward at 01:00 UTC on the last Sunday of March (29 March 2026).
    const unix_time change = utc(2026, 3, 29, 1);
    EXPECT_EQ(london->at(change - 1).offset, 0);
    EXPECT_EQ(london->at(change).offset, 3600);
}

TEST(Zone, PastTheTableTheFooterRuleGoesOn) {
    const auto london = time_zone::load("Europe/London");
    const auto sydney = time_zone::load("Australia/Sydney");
    ASSERT_TRUE(london && sydney);
    EXPECT_EQ(london->at(utc(2061, 7, 1, 12)).abbreviation, "BST");
    EXPECT_EQ(london->at(utc(2061, 12, 1, 12)).abbreviation, "GMT");
    // Southern hemisphere: summer time spans the new year.
    EXPECT_EQ(sydney->at(utc(2061, 1, 10, 0)).offset, 11 * 3600);
    EXPECT_EQ(sydney->at(utc(2061, 7, 10, 0)).offset, 10 * 3600);
    EXPECT_EQ(sydney->at(utc(2026, 1, 10, 0)).abbreviation, "AEDT");
}

TEST(Zone, HistoryComesFromTheTable) {
    const auto moscow = time_zone::load("Europe/Moscow");
    ASSERT_TRUE(moscow);
    EXPECT_EQ(moscow->at(utc(2013, 1, 1, 0)).offset, 4 * 3600); // 2011-2014: UTC+4 all year
    EXPECT_EQ(moscow->at(utc(2026, 1, 1, 0)).offset, 3 * 3600);
}

TEST(Zone, WallClockTimesToInstants) {
    const auto london = time_zone::load("Europe/London");
    ASSERT_TRUE(london);
    EXPECT_EQ(london->from_local(2026, 7, 1, 13, 0, 0), utc(2026, 7, 1, 12));
    EXPECT_EQ(london->from_local(2026, 1, 15, 12, 0, 0), utc(2026, 1, 15, 12));
    // 01:30 on 29 March 2026 never happens in London: read with GMT, it is 02:30 BST.
    EXPECT_EQ(london->from_local(2026, 3, 29, 1, 30, 0), utc(2026, 3, 29, 1, 30));
    // 01:30 on 25 October 2026 happens twice: the first, still BST.
    EXPECT_EQ(london->from_local(2026, 10, 25, 1, 30, 0), utc(2026, 10, 25, 0, 30));
}

TEST(Zone, PosixRules) {
    const auto gulf = time_zone::from_rule("Asia/Dubai", "<+04>-4");
    ASSERT_TRUE(gulf);
    EXPECT_EQ(gulf->at(0).offset, 4 * 3600);
    EXPECT_EQ(gulf->at(0).abbreviation, "+04");
    const auto ny = time_zone::from_rule("America/New_York", "EST5EDT,M3.2.0,M11.1.0");
    ASSERT_TRUE(ny);
    EXPECT_EQ(ny->at(utc(2030, 3, 10, 6, 59)).offset, -5 * 3600); // 01:59 EST on the second Sunday of March
    EXPECT_EQ(ny->at(utc(2030, 3, 10, 7)).offset, -4 * 3600);     // 02:00 EST is 03:00 EDT
    EXPECT_EQ(ny->at(utc(2030, 11, 3, 5, 59)).offset, -4 * 3600); // 01:59 EDT on the first Sunday of November
    EXPECT_EQ(ny->at(utc(2030, 11, 3, 6)).offset, -5 * 3600);
    const auto julian = time_zone::from_rule("X", "AAA-1BBB,J60/0,J300/0");
    ASSERT_TRUE(julian);
    EXPECT_EQ(julian->at(utc(2028, 3, 1, 0)).abbreviation, "BBB"); // J60 is 1 March even in a leap year
    EXPECT_EQ(julian->at(utc(2028, 2, 29, 12)).abbreviation, "AAA");
    for (const char* bad : {"", "X5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2.0", "EST5EDT,M3.6.0,M11.1.0",
                            "<+04", "EST5EDT,M3.2.0,M11.1.0,extra", "EST5EDT,J0,J1"}) {
        EXPECT_FALSE(time_zone::from_rule("X", bad)) << bad;
    }
}

TEST(Zone, OnlyNamesFromTheDatabase) {
    for (const char* bad : {"", "../../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd", "Mars/Olympus_Mons",
                            "Europe/London/", "Europe//London", "Europe/London;rm"}) {
        EXPECT_FALSE(time_zone::load(bad)) << bad;
    }
    EXPECT_TRUE(time_zone::load("UTC"));
    const auto names = known_zone_names();
    EXPECT_NE(std::find(names.begin(), names.end(), "Europe/London"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "UTC"), names.end());
    EXPECT_GT(names.size(), 300u);
    EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

TEST(Zone, FormatsInTheZone) {
    const auto london = time_zone::load("Europe/London");
    ASSERT_TRUE(london);
    const unix_time t = utc(2026, 7, 1, 23, 30);
    EXPECT_EQ(timefmt::iso8601_local(*london, t), "2026-07-02T00:30:00+01:00");
    EXPECT_EQ(timefmt::human_date(*london, t), "2 July 2026");
    EXPECT_EQ(timefmt::human_datetime(*london, t), "2 July 2026, 00:30 BST");
    EXPECT_EQ(timefmt::human_date(*time_zone::utc(), t), "1 July 2026");
    EXPECT_EQ(timefmt::zone_name(*london, t), "BST");
}

// The C library reads the same files: over sixty years of instants, in zones on every continent, both
// must agree on the offset and the abbreviation.
TEST(Zone, AgreesWithTheCLibrary) {
    for (const char* name : {"Europe/London", "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe",
                             "Asia/Kolkata", "Africa/Casablanca", "Pacific/Chatham", "America/Santiago",
                             "Europe/Dublin", "Asia/Tehran"}) {
        const auto zone = time_zone::load(name);
        ASSERT_TRUE(zone) << name;
        ::setenv("TZ", name, 1);
        ::tzset();
        int mismatches = 0;
        for (unix_time t = utc(1995, 1, 1, 0); t < utc(2055, 1, 1, 0) && mismatches < 5; t += 7 * 3600 + 1234) {
            std::tm tm{};
            const std::time_t tt = static_cast<std::time_t>(t);
            localtime_r(&tt, &tm);
            const auto i = zone->at(t);
            if (i.offset != tm.tm_gmtoff || i.abbreviation != tm.tm_zone) {
                ++mismatches;
                ADD_FAILURE() << name << " at " << timefmt::iso8601_utc(t) << ": ours " << i.offset << " "
                              << i.abbreviation << ", libc " << tm.tm_gmtoff << " " << tm.tm_zone;
            }
        }
    }
    ::setenv("TZ", "UTC", 1);
    ::tzset();
}

} // namespace
} // namespace gazette
