// Reading WordPress exports (WXR) with every file of the two third-party fixture sets: the theme unit test
// data (a realistic whole site) and the WordPress importer's edge cases (malformed files, missing or
// invalid versions, namespace tricks, CDATA, UTF-8).
#include "wxr/reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

namespace gazette::wxr {
namespace {

const std::filesystem::path testdata = GAZETTE_TESTDATA;
const auto fixtures = testdata / "wxr-importer-fixtures";

site read_ok(const std::filesystem::path& file) {
    auto r = read_file(file);
    if (auto* e = std::get_if<error>(&r)) {
        ADD_FAILURE() << file << ": " << e->message << " (line " << e->line << ")";
        return {};
    }
    return std::get<site>(std::move(r));
}

error read_bad(const std::filesystem::path& file) {
    auto r = read_file(file);
    EXPECT_TRUE(std::holds_alternative<error>(r)) << file << " was read";
    return std::holds_alternative<error>(r) ? std::get<error>(r) : error{};
}

std::size_t count_type(const site& s, std::string_view type) {
    return static_cast<std::size_t>(
        std::count_if(s.items.begin(), s.items.end(), [&](const item& i) { return i.type == type; }));
}

TEST(Wxr, TheThemeUnitTestDataIsReadWhole) {
    const auto s = read_ok(testdata / "wxr-theme-unit-test" / "themeunittestdata.wordpress.xml");
    EXPECT_EQ(s.version, "1.2");
    EXPECT_EQ(s.authors.size(), 2u);
    EXPECT_EQ(s.categories.size(), 68u);
    EXPECT_EQ(s.tags.size(), 110u);
    EXPECT_EQ(count_type(s, "post"), 58u);
    EXPECT_EQ(count_type(s, "page"), 21u);
    EXPECT_EQ(count_type(s, "attachment"), 37u);
    std::size_t comments = 0;
    std::map<std::int64_t, std::int64_t> parent_of;
    for (const auto& i : s.items) {
        comments += i.comments.size();
        for (const auto& c : i.comments) {
            parent_of[c.id] = c.parent;
        }
    }
    EXPECT_EQ(comments, 33u);
    // Threads nine levels deep: a comment and nine levels of replies below it.
    std::size_t deepest = 0;
    for (const auto& [id, parent] : parent_of) {
        std::size_t depth = 1;
        for (auto p = parent; p != 0 && parent_of.contains(p) && depth < 100; p = parent_of[p]) {
            ++depth;
        }
        deepest = std::max(deepest, depth);
    }
    EXPECT_EQ(deepest, 10u);
    // Hierarchy: some categories have parents, named by slug, and every parent exists.
    std::size_t children = 0;
    for (const auto& c : s.categories) {
        if (!c.parent.empty()) {
            ++children;
            EXPECT_TRUE(std::any_of(s.categories.begin(), s.categories.end(), [&](const term& p) { return p.slug == c.parent; }))
                << c.slug << "'s parent " << c.parent;
        }
    }
    EXPECT_GT(children, 0u);
}

TEST(Wxr, MalformedFilesAndMissingOrInvalidVersionsAreRefusedClearly) {
    for (const char* name : {"malformed.xml", "malformed-simple.xml", "crazy-cdata.xml"}) {
        const auto e = read_bad(fixtures / name);
        EXPECT_TRUE(e.message.starts_with("not well-formed XML")) << name << ": " << e.message;
        EXPECT_GT(e.line, 0u) << name << ": the line where it goes wrong";
    }
    EXPECT_TRUE(read_bad(fixtures / "missing-version-tag.xml").message.starts_with("missing WXR version number"));
    EXPECT_TRUE(read_bad(fixtures / "invalid-version-tag.xml").message.starts_with("invalid WXR version number"));
    EXPECT_EQ(std::get<error>(read_string("")).message.substr(0, 19), "not well-formed XML");
    EXPECT_EQ(std::get<error>(read_string("<html></html>")).message, "not a WordPress export: the document is not an RSS feed");
    EXPECT_TRUE(std::get<error>(read_file(fixtures / "no-such-file.xml")).message.starts_with("cannot read"));
}

TEST(Wxr, EveryOtherFixtureIsRead) {
    const std::vector<std::string> refused{"malformed.xml", "malformed-simple.xml", "crazy-cdata.xml",
                                           "missing-version-tag.xml", "invalid-version-tag.xml"};
    std::size_t read = 0;
    for (const auto& entry : std::filesystem::directory_iterator(fixtures)) {
        const auto name = entry.path().filename().string();
        if (entry.path().extension() != ".xml" || std::find(refused.begin(), refused.end(), name) != refused.end()) {
            continue;
        }
        const auto s = read_ok(entry.path());
        EXPECT_FALSE(s.version.empty()) << name;
        ++read;
    }
    EXPECT_EQ(read, 28u);
}

TEST(Wxr, ElementsAreMatchedByNamespaceNotPrefix) {
    const auto s = read_ok(fixtures / "namespace-edge-cases.xml");
    std::vector<std::string> logins;
    for (const auto& a : s.authors) {
        logins.push_back(a.login);
    }
    // wp: rebound to a fake namespace, and custom: authors, are not WordPress's; wp2: (1.1) is.
    EXPECT_EQ(logins, (std::vector<std::string>{"real_user", "version_conflict"}));
    ASSERT_FALSE(s.items.empty());
    EXPECT_EQ(s.items[0].id, 1);
    for (const auto& [key, value] : s.items[0].meta) {
        EXPECT_NE(key, "malicious_key");
    }
}

TEST(Wxr, TextComesThroughExactly) {
    const auto small = read_ok(fixtures / "small-export.xml");
    EXPECT_EQ(small.items.size(), 11u);
    EXPECT_EQ(small.authors.size(), 3u);
    std::size_t comments = 0;
    for (const auto& i : small.items) {
        comments += i.comments.size();
    }
    EXPECT_EQ(comments, 1u);
    const auto cdata = read_ok(fixtures / "cdata-edge.xml");
    ASSERT_FALSE(cdata.items.empty());
    EXPECT_TRUE(cdata.items[0].content.ends_with("]] >")) << cdata.items[0].content;
    const auto split = read_ok(fixtures / "crazy-cdata-escaped.xml");
    ASSERT_FALSE(split.items.empty());
    EXPECT_NE(split.items[0].content.find("]]>"), std::string::npos) << "CDATA split across sections, joined";
    const auto utf8 = read_ok(fixtures / "wxr-utf-8-challenges.xml");
    ASSERT_FALSE(utf8.items.empty());
    bool non_ascii = false;
    for (const auto& i : utf8.items) {
        non_ascii = non_ascii || std::any_of(i.title.begin(), i.title.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    }
    EXPECT_TRUE(non_ascii);
    const auto authors = read_ok(fixtures / "large-authors.xml");
    EXPECT_EQ(authors.authors.size(), 300u);
}

} // namespace
} // namespace gazette::wxr
