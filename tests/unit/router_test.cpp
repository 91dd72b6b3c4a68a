// http::router: literal and parameter segments, trailing slashes, 405 and HEAD.
#include "http/router.hpp"

#include <gtest/gtest.h>

namespace gazette::http {
namespace {

using kind = router::match::kind;

router make() {
    router r;
    r.add(verb::get, "/");                          // 0
    r.add(verb::get, "/category/{slug}/");          // 1
    r.add(verb::get, "/category/{slug}/page/{n}/"); // 2
    r.add(verb::get, "/wp-json/wp/v2/posts");       // 3
    r.add(verb::post, "/wp-json/wp/v2/posts");      // 4
    r.add(verb::get, "/media/{path...}");           // 5
    r.add(verb::get, "/{y:int}/{m:int}/{d:int}/{slug}/"); // 6
    return r;
}

TEST(Router, MatchesInTableOrderWithParams) {
    const auto r = make();
    const struct {
        std::string_view path;
        std::size_t index;
    } cases[] = {
        {"/", 0}, {"/category/news/", 1}, {"/category/news/page/2/", 2}, {"/wp-json/wp/v2/posts", 3},
        {"/media/a/b.png", 5}, {"/2026/11/25/some-slug/", 6},
    };
    for (const auto& c : cases) {
        const auto m = r.find(verb::get, c.path);
        ASSERT_EQ(m.outcome, kind::found) << c.path;
        EXPECT_EQ(m.index, c.index) << c.path;
    }
    const auto m = r.find(verb::get, "/category/news/page/3/");
    ASSERT_EQ(m.params.size(), 2u);
    EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"slug", "news"}));
    EXPECT_EQ(m.params[1], (std::pair<std::string, std::string>{"n", "3"}));
    EXPECT_EQ(r.find(verb::get, "/media/x/y/z.svg").params[0].second, "x/y/z.svg");
}

TEST(Router, RedirectsToTheCanonicalTrailingSlash) {
    const auto r = make();
    auto m = r.find(verb::get, "/category/news");
    EXPECT_EQ(m.outcome, kind::redirect);
    EXPECT_EQ(m.location, "/category/news/");
    m = r.find(verb::get, "/wp-json/wp/v2/posts/");
    EXPECT_EQ(m.outcome, kind::redirect);
    EXPECT_EQ(m.location, "/wp-json/wp/v2/posts");
}

TEST(Router, MethodNotAllowedListsAllowedMethods) {
    const auto r = make();
    auto m = r.find(verb::delete_, "/wp-json/wp/v2/posts");
    EXPECT_EQ(m.outcome, kind::method_not_allowed);
    EXPECT_EQ(m.allow, "GET, HEAD, POST");
    m = r.find(verb::post, "/");
    EXPECT_EQ(m.outcome, kind::method_not_allowed);
    EXPECT_EQ(m.allow, "GET, HEAD");
}

TEST(Router, IntSegmentsMatchDigitsOnly) {
    const auto r = make();
    EXPECT_EQ(r.find(verb::get, "/2026/11/25/x/").outcome, kind::found);
    EXPECT_EQ(r.find(verb::get, "/20x6/11/25/x/").outcome, kind::not_found);
    EXPECT_EQ(r.find(verb::get, "/a/b/c/d/").outcome, kind::not_found);
}

TEST(Router, HeadMatchesGet) { EXPECT_EQ(make().find(verb::head, "/").outcome, kind::found); }

TEST(Router, UnknownPathsAreNotFound) {
    const auto r = make();
    EXPECT_EQ(r.find(verb::get, "/nope/").outcome, kind::not_found);
    EXPECT_EQ(r.find(verb::get, "/category/").outcome, kind::not_found);
    EXPECT_EQ(r.find(verb::get, "/media/").outcome, kind::not_found);
}

TEST(Router, RejectsMalformedPatterns) {
    router r;
    EXPECT_THROW(r.add(verb::get, "no-slash"), std::invalid_argument);
    EXPECT_THROW(r.add(verb::get, "/{rest...}/more"), std::invalid_argument);
}

TEST(Router, ParametersMayFollowALiteralPrefix) {
    http::router r;
    r.add(http::verb::get, "/{slug}/comment-page-{n:int}/");
    auto m = r.find(http::verb::get, "/story/comment-page-12/");
    ASSERT_EQ(m.outcome, http::router::match::kind::found);
    EXPECT_EQ(m.params, (std::vector<std::pair<std::string, std::string>>{{"slug", "story"}, {"n", "12"}}));
    EXPECT_EQ(r.find(http::verb::get, "/story/comment-page-/").outcome, http::router::match::kind::not_found);
    EXPECT_EQ(r.find(http::verb::get, "/story/comment-page-x/").outcome, http::router::match::kind::not_found);
    EXPECT_EQ(r.find(http::verb::get, "/story/page-2/").outcome, http::router::match::kind::not_found);
    EXPECT_THROW(r.add(http::verb::get, "/a/x{rest...}"), std::invalid_argument);
}

} // namespace
} // namespace gazette::http
