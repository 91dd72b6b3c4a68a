// Site search: /search?q= over published articles (stemmed, every word, ranked, snippets with the matches
// marked, pages), the query echoed safely, and the same search in the WordPress API.
#include "articles/service.hpp"
#include "core/text.hpp"
#include "support/http_client.hpp"
#include "support/test_site.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

namespace gazette::test {
namespace {

namespace json = boost::json;

struct Search : ::testing::Test {
    std::unique_ptr<test_site> site = std::make_unique<test_site>();
    reply search(const std::string& q, int page = 1) {
        return get(site->port(), fmt::format("/search?q={}&page={}", text::url_encode(q), page));
    }
};

TEST_F(Search, FindsPublishedArticlesByStemmedWordsWithMarkedSnippets) {
    const auto flood = site->db().find_published_by_slug("flood-warning-linnet-quay-street-barrier-raised").value();
    auto r = search("flooding barrier");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("Results for “flooding barrier”"), std::string::npos);
    const auto first = r.body.find("class=\"search-result\"");
    ASSERT_NE(first, std::string::npos);
    EXPECT_LT(r.body.find(flood.headline, first), r.body.find("class=\"search-result\"", first + 1))
        << "the flood warning, whose headline has both words, comes first";
    EXPECT_NE(r.body.find("<mark>"), std::string::npos) << "the matches are marked";
    EXPECT_EQ(r.header("x-robots-tag"), "noindex");
    // Every word must be there: one that no article has finds nothing, and says so.
    r = search("flood xylophone");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find("class=\"search-result\""), std::string::npos);
    EXPECT_NE(r.body.find("No stories match"), std::string::npos);
    // Drafts are not found.
    articles::draft d;
    d.headline = "Zanzibar quokka sighting";
    d.body_md = "Not yet.";
    d.author_id = flood.author_id;
    d.category_id = flood.category_id;
    std::string message;
    ASSERT_TRUE(site->service().create(d, message)) << message;
    EXPECT_NE(search("quokka").body.find("No stories match"), std::string::npos);
}

TEST_F(Search, TheQueryIsEchoedAsTextAndLimited) {
    const auto r = search("<script>alert(1)</script> \"flood");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos);
    EXPECT_NE(r.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
    const auto long_one = search(std::string(201, 'a'));
    EXPECT_EQ(long_one.status, 400);
    EXPECT_NE(long_one.body.find("at most 200 characters"), std::string::npos);
    EXPECT_EQ(search("").status, 200) << "an empty search is the search page";
    EXPECT_EQ(search("AND OR NOT * ( ) NEAR flood").status, 200) << "FTS syntax in a query is just words";
}

TEST_F(Search, ResultsComeInPages) {
    // "the" is in nearly every demo article: more than one page of ten.
    const auto r1 = search("the");
    const auto count = [](const std::string& html) {
        std::size_t n = 0;
        for (auto at = html.find("class=\"search-result\""); at != std::string::npos; at = html.find("class=\"search-result\"", at + 1)) {
            ++n;
        }
        return n;
    };
    EXPECT_EQ(count(r1.body), 10u);
    EXPECT_NE(r1.body.find("/search?q=the&amp;page=2"), std::string::npos);
    const auto r2 = search("the", 2);
    EXPECT_GT(count(r2.body), 0u);
    EXPECT_LT(count(r2.body), 10u);
    EXPECT_NE(r2.body.find("/search?q=the&amp;page=1"), std::string::npos);
}

TEST_F(Search, TheWordPressApiSearchesTheSameWay) {
    const auto flood = site->db().find_published_by_slug("flood-warning-linnet-quay-street-barrier-raised").value();
    auto r = get(site->port(), "/wp-json/wp/v2/search?search=flooding%20barrier");
    ASSERT_EQ(r.status, 200);
    auto arr = json::parse(r.body).as_array();
    ASSERT_FALSE(arr.empty());
    EXPECT_EQ(arr[0].at("id").as_int64(), flood.id);
    EXPECT_EQ(arr[0].at("title").as_string(), flood.headline);
    EXPECT_EQ(arr[0].at("type").as_string(), "post");
    EXPECT_EQ(arr[0].at("url").as_string(), "http://gazette.test" + site->article_path("flood-warning"));
    EXPECT_EQ(r.header("x-wp-total"), std::to_string(arr.size()));
    r = get(site->port(), "/wp-json/wp/v2/posts?search=flooding%20barrier");
    ASSERT_EQ(r.status, 200);
    arr = json::parse(r.body).as_array();
    ASSERT_FALSE(arr.empty());
    EXPECT_EQ(arr[0].at("id").as_int64(), flood.id);
    EXPECT_NE(std::string(arr[0].at("content").at("rendered").as_string()).find("<p>"), std::string::npos);
    EXPECT_EQ(get(site->port(), "/wp-json/wp/v2/posts?search=" + std::string(201, 'a')).status, 400);
}

} // namespace
} // namespace gazette::test
