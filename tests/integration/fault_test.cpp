// Fault injection: every reader page and API call with each store call failing in turn answers a clean
// 500 (never a crash, a hang or a half page), caches nothing wrong, and works again once the store does.
#include "articles/views.hpp"
#include "support/failing_store.hpp"
#include "support/test_site.hpp"

#include <gtest/gtest.h>

namespace gazette::test {
namespace {

// The body a response carries, prepared or not.
const std::string& body_of(const http::response& r) {
    static const std::string empty;
    const auto& b = r.prepared ? r.prepared->body : r.body;
    return b ? *b : empty;
}

int status_of(const http::response& r) { return r.prepared ? r.prepared->status : r.status; }

http::request make_get(const std::string& path) {
    http::request r;
    r.method = http::verb::get;
    r.target = path;
    r.path = path;
    return r;
}

TEST(Faults, EveryFailingStoreCallGivesACleanErrorAndNoCachedDamage) {
    test_site real;
    failing_store faulty(real.db());
    auto site = make_site(faulty, real.data_dir());
    const std::vector<std::string> paths{"/", real.article_path("council-approves-budget"), "/category/news/",
                                         "/tag/river-linnet/", "/author/maria-okafor/", "/wp-json/wp/v2/posts",
                                         "/wp-json/wp/v2/users", "/no-such-page/"};
    for (const auto& path : paths) {
        faulty.fail_call(-1);
        auto req = make_get(path);
        const auto good = site->handle(req);
        site->cache().clear();
        for (long n = 0;; ++n) {
            faulty.fail_call(n);
            auto r = make_get(path);
            const auto res = site->handle(r);
            if (!faulty.failed()) {
                EXPECT_EQ(status_of(res), status_of(good)) << path;
                EXPECT_EQ(body_of(res), body_of(good)) << path;
                break; // every call of this request has been failed once
            }
            // A clean 500, or for a page that was a 404 anyway, a plain 404 (its themed page needs the store).
            EXPECT_TRUE(status_of(res) == 500 || (status_of(good) == 404 && status_of(res) == 404))
                << path << " with store call " << n << " failing: " << status_of(res);
            ASSERT_FALSE(body_of(res).empty());
            EXPECT_FALSE(site->cache().get(path)) << path << " cached after a failure";
            ASSERT_LT(n, 100) << path;
        }
    }
}

TEST(Faults, AFailedWriteLeavesNothingHalfDone) {
    test_site real;
    failing_store faulty(real.db());
    auto site = make_site(faulty, real.data_dir());
    articles::service svc(faulty, &site->cache(), [] { return fixed_now; });
    auto a = real.db().find_published_by_slug("rowing-regatta-returns-to-the-linnet");
    ASSERT_TRUE(a);
    articles::draft d;
    d.headline = "Regatta postponed";
    d.slug = a->slug;
    d.body_md = "New text";
    d.author_id = a->author_id;
    d.category_id = a->category_id;
    d.status = a->status;
    d.published_at = a->published_at;
    d.tags = {"Rowing", "New tag"};
    for (long n = 0;; ++n) {
        faulty.fail_call(n);
        std::string message;
        const auto r = svc.update(a->id, d, message);
        if (!faulty.failed()) {
            ASSERT_TRUE(r) << message;
            break;
        }
        // Either the whole edit is there or none of it.
        const auto now = real.db().find_article(a->id);
        ASSERT_TRUE(now);
        if (now->headline == "Regatta postponed") {
            EXPECT_EQ(now->tags.size(), 2u);
            EXPECT_EQ(now->body_md, "New text");
        } else {
            EXPECT_EQ(now->headline, a->headline);
            EXPECT_EQ(now->tags.size(), a->tags.size());
        }
        ASSERT_LT(n, 50);
    }
    faulty.fail_call(-1);
    auto req = make_get(articles::article_path(*time_zone::utc(), *real.db().find_article(a->id)));
    const auto page = site->handle(req);
    EXPECT_NE(body_of(page).find("Regatta postponed"), std::string::npos);
}

} // namespace
} // namespace gazette::test
