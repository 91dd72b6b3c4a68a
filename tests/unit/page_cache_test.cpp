// render/page_cache and the invalidation rules of articles/service: exactly the pages that show a change go.
#include "render/page_cache.hpp"

#include "articles/service.hpp"
#include "http/gzip.hpp"
#include "http/message.hpp"

#include <gtest/gtest.h>

namespace gazette::render {
namespace {

http::prepared_ptr page_of(std::string body) {
    return http::prepare_response(200, "text/html; charset=utf-8", std::move(body));
}

TEST(PageCache, StoresGzipAndEtag) {
    const auto p = page_of(std::string(5000, 'a'));
    ASSERT_TRUE(p->gzip_body);
    EXPECT_EQ(http::gzip_decompress(*p->gzip_body), *p->body);
    EXPECT_NE(p->etag, p->gzip_etag);
    EXPECT_NE(p->gzip_head.find("Content-Encoding: gzip\r\n"), std::string::npos);
    EXPECT_NE(p->head.find("ETag: " + p->etag + "\r\n"), std::string::npos);
    EXPECT_FALSE(page_of("tiny")->gzip_body); // not worth compressing
}

TEST(PageCache, InvalidatesExactlyTheTaggedPages) {
    page_cache c(1 << 20);
    const auto g = c.current_generation();
    ASSERT_TRUE(c.put("/a/", page_of("A"), {"article:1", "nav"}, g));
    ASSERT_TRUE(c.put("/b/", page_of("B"), {"article:2", "nav"}, g));
    ASSERT_TRUE(c.put("/", page_of("F"), {"article:1", "article:2", "list:all", "nav"}, g));
    c.invalidate({"article:1"});
    EXPECT_FALSE(c.get("/a/"));
    EXPECT_FALSE(c.get("/"));
    ASSERT_TRUE(c.get("/b/"));
    EXPECT_EQ(*c.get("/b/")->body, "B");
    c.invalidate({"nav"});
    EXPECT_EQ(c.size(), 0u);
}

TEST(PageCache, RefusesPagesRenderedBeforeAnInvalidation) {
    page_cache c(1 << 20);
    const auto before = c.current_generation();
    c.invalidate({"article:9"});
    EXPECT_FALSE(c.put("/stale/", page_of("old"), {"article:9"}, before));
    EXPECT_FALSE(c.get("/stale/"));
}

TEST(PageCache, EvictsLeastRecentlyUsedWithinTheByteBound) {
    const std::size_t one = 1000 + 256 + 2 + http::prepare_response(200, "image/png", std::string(1000, 'x'))->head.size();
    page_cache c(3 * one);
    const auto g = c.current_generation();
    for (const char* k : {"/1", "/2", "/3"}) {
        ASSERT_TRUE(c.put(k, http::prepare_response(200, "image/png", std::string(1000, 'x')), {}, g));
    }
    EXPECT_TRUE(c.get("/1")); // /2 is now the least recently used
    ASSERT_TRUE(c.put("/4", http::prepare_response(200, "image/png", std::string(1000, 'y')), {}, g));
    EXPECT_TRUE(c.get("/1"));
    EXPECT_FALSE(c.get("/2"));
    EXPECT_TRUE(c.get("/3"));
    EXPECT_TRUE(c.get("/4"));
    EXPECT_LE(c.bytes(), 3 * one);
    EXPECT_FALSE(c.put("/huge", http::prepare_response(200, "image/png", std::string(10000, 'z')), {}, g));
}

article make(id_t id, id_t cat, bool published, bool breaking = false) {
    article a;
    a.id = id;
    a.category_id = cat;
    a.author_id = 7;
    a.status = published ? article_status::published : article_status::draft;
    a.published_at = 100;
    a.breaking = breaking;
    a.headline = "H";
    a.tags = {tag{3, "t", "T", 0}};
    return a;
}

TEST(InvalidationTags, ATextEditTouchesOnlyTheArticle) {
    const auto before = make(1, 2, true);
    auto after = before;
    after.body_md = "new text";
    EXPECT_EQ(articles::invalidation_tags(&before, after), std::vector<std::string>{"article:1"});
}

TEST(InvalidationTags, PublishingTouchesEveryListItJoins) {
    const auto before = make(1, 2, false);
    const auto after = make(1, 2, true);
    const auto tags = articles::invalidation_tags(&before, after);
    for (const char* t : {"article:1", "list:all", "list:section:2", "list:author:7", "list:tag:3"}) {
        EXPECT_NE(std::find(tags.begin(), tags.end(), t), tags.end()) << t;
    }
    EXPECT_EQ(std::find(tags.begin(), tags.end(), "nav"), tags.end());
}

TEST(InvalidationTags, MovingSectionTouchesBothSections) {
    const auto before = make(1, 2, true);
    const auto after = make(1, 5, true);
    const auto tags = articles::invalidation_tags(&before, after);
    EXPECT_NE(std::find(tags.begin(), tags.end(), "list:section:2"), tags.end());
    EXPECT_NE(std::find(tags.begin(), tags.end(), "list:section:5"), tags.end());
}

TEST(InvalidationTags, BreakingChangesTouchEveryPage) {
    const auto before = make(1, 2, true, false);
    const auto after = make(1, 2, true, true);
    const auto tags = articles::invalidation_tags(&before, after);
    EXPECT_NE(std::find(tags.begin(), tags.end(), "nav"), tags.end());
    const auto created = articles::invalidation_tags(nullptr, make(4, 2, false, true)); // a breaking draft
    EXPECT_EQ(std::find(created.begin(), created.end(), "nav"), created.end());
}

} // namespace
} // namespace gazette::render
