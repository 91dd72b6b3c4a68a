// core/text: slugs, escaping, decoding.
#include "core/text.hpp"

#include <gtest/gtest.h>

namespace gazette::text {
namespace {

TEST(Slugify, Table) {
    const struct {
        std::string_view in, out;
    } cases[] = {
        {"Flood warning for the Linnet", "flood-warning-for-the-linnet"},
        {"  Council's £3m budget!  ", "councils-3m-budget"},
        {"Café culture in Ærø", "cafe-culture-in-aro"},
        {"---", ""},
        {"Rovers 2–1 Eastmoor", "rovers-2-1-eastmoor"},
        {"<script>alert(1)</script>", "script-alert-1-script"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(slugify(c.in), c.out) << c.in;
    }
    EXPECT_LE(slugify(std::string(500, 'a')).size(), 80u);
}

TEST(IsSlug, AcceptsOnlySlugs) {
    EXPECT_TRUE(is_slug("a-b-1"));
    EXPECT_FALSE(is_slug(""));
    EXPECT_FALSE(is_slug("-a"));
    EXPECT_FALSE(is_slug("A"));
    EXPECT_FALSE(is_slug("a/b"));
    EXPECT_FALSE(is_slug("a b"));
}

TEST(HtmlEscape, EscapesAllFive) { EXPECT_EQ(html_escape(R"(<a href="x">'&'</a>)"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"); }

TEST(StripTags, RemovesTagsAndDecodesEntities) { EXPECT_EQ(strip_tags("<p>A &amp; <b>B</b></p>"), "A & B"); }

TEST(UrlDecode, Table) {
    std::string out;
    EXPECT_TRUE(url_decode("a%20b+c", out, true));
    EXPECT_EQ(out, "a b c");
    EXPECT_TRUE(url_decode("a+b", out, false));
    EXPECT_EQ(out, "a+b");
    EXPECT_FALSE(url_decode("%zz", out, true));
    EXPECT_FALSE(url_decode("%4", out, true));
    EXPECT_FALSE(url_decode("%", out, true));
}

TEST(ToInt, WholeNumbersInRangeOnly) {
    EXPECT_EQ(to_int("42", 1, 100), 42);
    EXPECT_EQ(to_int("1", 1, 1), 1);
    for (const char* bad : {"", "0", "101", "4x", " 4", "4 ", "1e3", "99999999999999999999999"}) {
        EXPECT_EQ(to_int(bad, 1, 100), std::nullopt) << bad;
    }
    EXPECT_EQ(to_int("-5", -10, 10), -5);
}

TEST(TruncateWords, CutsAtWordBoundary) {
    EXPECT_EQ(truncate_words("short", 10), "short");
    EXPECT_EQ(truncate_words("the quick brown fox jumps", 12), "the quick…");
}

} // namespace
} // namespace gazette::text
