// The reader site over HTTP: pages, the page cache and its invalidation, the wp/v2 API, privacy.
#include "articles/views.hpp"
#include "support/http_client.hpp"
#include "support/test_site.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace gazette::test {
namespace {

namespace json = boost::json;

struct Site : ::testing::Test {
    std::unique_ptr<test_site> site = std::make_unique<test_site>();
    std::uint16_t port() const { return site->port(); }
};

TEST_F(Site, FrontPageShowsBreakingTopStoryLatestAndSections) {
    const auto r = get(port(), "/");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
    EXPECT_NE(r.body.find("The Riverton Gazette"), std::string::npos);
    EXPECT_NE(r.body.find("Flood warning for the Linnet"), std::string::npos);
    for (const char* section : {"/category/news/", "/category/council/", "/category/business/", "/category/culture/",
                                "/category/sport/"}) {
        EXPECT_NE(r.body.find(section), std::string::npos) << section;
    }
}

TEST_F(Site, EveryLinkedReaderPageAnswers200) {
    const auto front = get(port(), "/").body;
    std::set<std::string> links;
    const std::regex href(R"re(href="(/[^"#]*)")re");
    for (auto it = std::sregex_iterator(front.begin(), front.end(), href); it != std::sregex_iterator(); ++it) {
        links.insert((*it)[1]);
    }
    ASSERT_GT(links.size(), 20u);
    for (const auto& l : links) {
        EXPECT_EQ(get(port(), l).status, 200) << l;
    }
}

TEST_F(Site, ArticleWithTheWrongDateRedirectsToItsAddress) {
    const auto path = site->article_path("council-approves-budget");
    const auto slug = path.substr(12); // after /yyyy/mm/dd/
    const auto r = get(port(), "/1999/01/01/" + slug);
    EXPECT_EQ(r.status, 301);
    EXPECT_EQ(r.header("location"), path);
}

TEST_F(Site, ListingsPaginate) {
    const auto r = get(port(), "/author/maria-okafor/");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(get(port(), "/category/news/page/99/").status, 404);
    EXPECT_EQ(get(port(), "/category/news/page/abc/").status, 404);
    EXPECT_EQ(get(port(), "/category/news/page/0/").status, 404);
    EXPECT_EQ(get(port(), "/category/news/page/1/").status, 301);
    EXPECT_EQ(get(port(), "/category/nope/").status, 404);
    EXPECT_EQ(get(port(), "/tag/river-linnet/").status, 200);
}

TEST_F(Site, StaffWithoutBylinesHaveNoPublicPage) {
    user u;
    u.email = "mod@example.com";
    u.name = "Quiet Moderator";
    u.slug = "quiet-moderator";
    u.role_ = role::moderator;
    ASSERT_TRUE(site->db().insert_user(u, "x"));
    EXPECT_EQ(get(port(), "/author/quiet-moderator/").status, 404);
    EXPECT_EQ(get(port(), "/wp-json/wp/v2/users").body.find("Quiet Moderator"), std::string::npos);
}

TEST_F(Site, CachedPagesAreServedWithoutTheStoreAndInvalidatedOnEdit) {
    const auto path = site->article_path("council-approves-budget");
    const auto other = site->article_path("rowing-regatta");
    ASSERT_EQ(get(port(), path).status, 200);
    ASSERT_EQ(get(port(), other).status, 200);
    ASSERT_EQ(get(port(), "/").status, 200);
    const auto hits = site->site().cache().hits();
    EXPECT_EQ(get(port(), path).status, 200);
    EXPECT_EQ(site->site().cache().hits(), hits + 1);

    // An editor changes the headline: the article and the pages listing it change, others stay cached.
    auto a = site->db().find_published_by_slug("council-approves-budget-with-extra-3m-for-roads-and-bridges");
    ASSERT_TRUE(a);
    articles::draft d;
    d.headline = "Council approves revised budget";
    d.slug = a->slug;
    d.standfirst = a->standfirst;
    d.body_md = a->body_md;
    d.author_id = a->author_id;
    d.category_id = a->category_id;
    d.status = a->status;
    d.published_at = a->published_at;
    for (const auto& t : a->tags) {
        d.tags.push_back(t.name);
    }
    std::string message;
    ASSERT_TRUE(site->service().update(a->id, d, message)) << message;

    EXPECT_FALSE(site->site().cache().get(path));
    EXPECT_FALSE(site->site().cache().get("/"));
    EXPECT_TRUE(site->site().cache().get(other)); // shows nothing that changed
    EXPECT_NE(get(port(), path).body.find("Council approves revised budget"), std::string::npos);
    EXPECT_NE(get(port(), "/").body.find("Council approves revised budget"), std::string::npos);
}

TEST_F(Site, PublishingANewArticleRefreshesTheFrontPage) {
    ASSERT_EQ(get(port(), "/").body.find("Night market"), std::string::npos);
    auto cat = site->db().find_category_by_slug("business");
    auto author = site->db().find_user_by_slug("maria-okafor");
    ASSERT_TRUE(cat && author);
    articles::draft d;
    d.headline = "Night market opens on the quay";
    d.standfirst = "Stalls stay open until midnight.";
    d.body_md = "Text.\n\n## Details\n\nMore.";
    d.author_id = author->id;
    d.category_id = cat->id;
    d.status = article_status::published;
    std::string message;
    ASSERT_TRUE(site->service().create(d, message)) << message;
    const auto front = get(port(), "/").body;
    EXPECT_NE(front.find("Night market opens on the quay"), std::string::npos);
    EXPECT_NE(get(port(), "/category/business/").body.find("Night market"), std::string::npos);
}

TEST_F(Site, ScheduledArticlesAppearWhenPublished) {
    auto cat = site->db().find_category_by_slug("news");
    auto author = site->db().find_user_by_slug("maria-okafor");
    articles::draft d;
    d.headline = "Scheduled story";
    d.author_id = author->id;
    d.category_id = cat->id;
    d.status = article_status::scheduled;
    d.published_at = fixed_now - 1; // due already
    std::string message;
    ASSERT_TRUE(site->service().create(d, message)) << message;
    EXPECT_EQ(get(port(), "/").body.find("Scheduled story"), std::string::npos);
    ASSERT_EQ(*site->service().publish_due(), 1u);
    EXPECT_NE(get(port(), "/").body.find("Scheduled story"), std::string::npos);
}

TEST_F(Site, ThemeAssetsAreFingerprintedAndImmutable) {
    const auto front = get(port(), "/").body;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(front, m, std::regex(R"(/static/style\.[0-9a-f]{10}\.css)")));
    const auto css = get(port(), m[0]);
    EXPECT_EQ(css.status, 200);
    EXPECT_EQ(css.header("content-type"), "text/css; charset=utf-8");
    EXPECT_NE(css.header("cache-control").find("immutable"), std::string::npos);
    EXPECT_EQ(get(port(), "/static/nope.css").status, 404);
}

TEST_F(Site, MediaFromTheDataDirectoryAndNoWayOut) {
    const auto img = get(port(), "/media/harbour-ferry.svg");
    EXPECT_EQ(img.status, 200);
    EXPECT_EQ(img.header("content-type"), "image/svg+xml");
    for (const std::string bad : {"/media/../gazette.db", "/media/%2e%2e/gazette.db", "/media/.hidden",
                                  "/media/..%2fgazette.db"}) {
        EXPECT_EQ(get(port(), bad).status == 200, false) << bad;
    }
}

TEST_F(Site, ApiPostsInWordPressShape) {
    const auto r = get(port(), "/wp-json/wp/v2/posts?per_page=5&page=2");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("x-wp-total"), "16");
    EXPECT_EQ(r.header("x-wp-totalpages"), "4");
    const auto arr = json::parse(r.body).as_array();
    ASSERT_EQ(arr.size(), 5u);
    const auto& p = arr[0].as_object();
    for (const char* k : {"id", "date", "date_gmt", "modified", "slug", "status", "link", "title", "excerpt", "content",
                          "author", "categories", "tags", "breaking"}) {
        EXPECT_TRUE(p.contains(k)) << k;
    }
    EXPECT_EQ(p.at("status").as_string(), "publish");
    EXPECT_TRUE(p.at("title").as_object().contains("rendered"));
    EXPECT_TRUE(p.at("content").as_object().at("rendered").as_string().starts_with("<p>"));
    const auto id = p.at("id").as_int64();
    const auto one = get(port(), "/wp-json/wp/v2/posts/" + std::to_string(id));
    ASSERT_EQ(one.status, 200);
    EXPECT_EQ(json::parse(one.body).at("id").as_int64(), id);
}

TEST_F(Site, ApiErrorsInWordPressShape) {
    auto r = get(port(), "/wp-json/wp/v2/posts/99999");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(json::parse(r.body).at("code").as_string(), "rest_post_invalid_id");
    r = get(port(), "/wp-json/wp/v2/posts?per_page=500");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(json::parse(r.body).at("code").as_string(), "rest_invalid_param");
    r = get(port(), "/wp-json/wp/v2/posts?page=50");
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(json::parse(r.body).at("code").as_string(), "rest_post_invalid_page_number");
}

TEST_F(Site, ApiTaxonomiesAndUsers) {
    auto cats = json::parse(get(port(), "/wp-json/wp/v2/categories").body).as_array();
    ASSERT_EQ(cats.size(), 5u);
    EXPECT_EQ(cats[0].at("slug").as_string(), "news");
    EXPECT_GT(cats[0].at("count").as_int64(), 0);
    auto news_posts = get(port(), "/wp-json/wp/v2/posts?categories=" + std::to_string(cats[0].at("id").as_int64()));
    EXPECT_EQ(news_posts.header("x-wp-total"), std::to_string(cats[0].at("count").as_int64()));
    EXPECT_FALSE(json::parse(get(port(), "/wp-json/wp/v2/tags?per_page=100").body).as_array().empty());
    const auto users = json::parse(get(port(), "/wp-json/wp/v2/users").body).as_array();
    ASSERT_EQ(users.size(), 4u);
    for (const auto& u : users) {
        EXPECT_FALSE(u.as_object().contains("email"));
        EXPECT_FALSE(u.as_object().contains("role"));
        EXPECT_FALSE(u.as_object().contains("roles"));
    }
}

TEST_F(Site, StaffEmailsAppearInNoPublicResponse) {
    std::vector<std::string> paths{"/", "/wp-json", "/wp-json/wp/v2/posts?per_page=100", "/wp-json/wp/v2/users",
                                   "/category/news/", "/tag/river-linnet/"};
    article_query q;
    q.limit = 100;
    const auto published = site->db().list_published(q);
    ASSERT_TRUE(published);
    for (const auto& a : published->items) {
        paths.push_back(articles::article_path(*time_zone::utc(), a));
        paths.push_back("/author/" + a.author_slug + "/");
        paths.push_back("/wp-json/wp/v2/users/" + std::to_string(a.author_id));
    }
    for (const auto& p : paths) {
        const auto r = get(port(), p);
        ASSERT_EQ(r.status, 200) << p;
        EXPECT_EQ(r.body.find("@riverton-gazette.example"), std::string::npos) << p;
    }
}

} // namespace
} // namespace gazette::test
