// The SQLite store: migrations, schema checks, reads, writes, conflicts. Runs against a temp file.
#include "store/sqlite/sqlite_store.hpp"

#include "resources/resources.hpp"
#include "support/test_site.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>

namespace gazette {
namespace {

using test::temp_dir;

struct Store : ::testing::Test {
    temp_dir dir;
    std::unique_ptr<store> db;
    id_t cat = 0, author = 0;

    void SetUp() override {
        auto r = sqlite::open({dir.path() / "g.db", 2, true});
        ASSERT_TRUE(r) << r.error().message();
        db = std::move(*r);
        cat = *db->insert_category({0, "news", "News", "All the news", 0, 0});
        user u;
        u.email = "a@example.com";
        u.name = "A Writer";
        u.slug = "a-writer";
        author = *db->insert_user(u, "hash");
    }

    article_input input(std::string slug, unix_time published, article_status st = article_status::published) {
        article_input in;
        in.slug = slug;
        in.headline = "Headline " + slug;
        in.author_id = author;
        in.category_id = cat;
        in.status = st;
        in.published_at = published;
        in.tags = {{"river", "River"}, {"council", "Council"}};
        return in;
    }
};

TEST_F(Store, MigratesToTheLatestSchema) {
    EXPECT_EQ(*db->schema_version(), sqlite::latest_schema_version());
    EXPECT_GE(sqlite::latest_schema_version(), 1);
}

TEST_F(Store, ListsPublishedArticlesNewestFirstWithTagsAndCounts) {
    ASSERT_TRUE(db->insert_article(input("old", 100), 100, 100));
    ASSERT_TRUE(db->insert_article(input("new", 200), 200, 200));
    ASSERT_TRUE(db->insert_article(input("draft", 0, article_status::draft), 300, 300));
    article_query q;
    q.limit = 1;
    auto page = db->list_published(q);
    ASSERT_TRUE(page);
    EXPECT_EQ(page->total, 2);
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].slug, "new");
    EXPECT_EQ(page->items[0].author_name, "A Writer");
    EXPECT_EQ(page->items[0].category_slug, "news");
    ASSERT_EQ(page->items[0].tags.size(), 2u);
    EXPECT_EQ(page->items[0].tags[0].slug, "river");
    EXPECT_TRUE(page->items[0].body_md.empty()); // cards carry no body
    q.offset = 1;
    EXPECT_EQ(db->list_published(q)->items.at(0).slug, "old");

    auto tag = db->find_tag_by_slug("council");
    ASSERT_TRUE(tag);
    article_query tq;
    tq.tag_id = tag->id;
    EXPECT_EQ(db->list_published(tq)->total, 2);
    auto tags = db->list_tags();
    ASSERT_TRUE(tags);
    EXPECT_EQ(tags->size(), 2u);
    EXPECT_EQ(tags->at(0).count, 2);
    EXPECT_EQ(db->list_categories()->at(0).count, 2);
}

TEST_F(Store, DraftsAreInvisibleToPublicReads) {
    auto id = db->insert_article(input("secret", 0, article_status::draft), 1, 1);
    ASSERT_TRUE(id);
    EXPECT_EQ(db->find_published_by_slug("secret").error(), errc::not_found);
    EXPECT_TRUE(db->find_article(*id)); // the newsroom sees it
    EXPECT_TRUE(db->list_authors()->empty());
}

TEST_F(Store, DuplicateSlugOrEmailIsAConflict) {
    ASSERT_TRUE(db->insert_article(input("same", 1), 1, 1));
    EXPECT_EQ(db->insert_article(input("same", 2), 2, 2).error(), errc::conflict);
    user u;
    u.email = "A@example.com"; // emails are case-insensitive
    u.name = "Other";
    u.slug = "other";
    EXPECT_EQ(db->insert_user(u, "h").error(), errc::conflict);
}

TEST_F(Store, UpdateTouchesUpdatedAtOnlyWhenTheTextChanges) {
    auto id = *db->insert_article(input("a", 100), 100, 100);
    auto in = input("a", 100);
    in.breaking = true;
    ASSERT_TRUE(db->update_article(id, in, 500));
    EXPECT_EQ(db->find_article(id)->updated_at, 100);
    EXPECT_TRUE(db->find_article(id)->breaking);
    in.headline = "Changed";
    in.tags = {{"new-tag", "New tag"}};
    ASSERT_TRUE(db->update_article(id, in, 600));
    const auto a = *db->find_article(id);
    EXPECT_EQ(a.updated_at, 600);
    ASSERT_EQ(a.tags.size(), 1u);
    EXPECT_EQ(a.tags[0].slug, "new-tag");
    EXPECT_EQ(db->update_article(9999, in, 1).error(), errc::not_found);
}

TEST_F(Store, ScheduledArticlesPublishWhenDue) {
    auto id = *db->insert_article(input("later", 1000, article_status::scheduled), 10, 10);
    EXPECT_EQ(**db->next_scheduled(), 1000);
    EXPECT_TRUE(db->publish_due(999)->empty());
    EXPECT_EQ(*db->publish_due(1000), std::vector<id_t>{id});
    EXPECT_TRUE(db->find_published_by_slug("later"));
    EXPECT_FALSE(*db->next_scheduled());
}

TEST_F(Store, Settings) {
    EXPECT_FALSE(*db->get_setting("site.name"));
    ASSERT_TRUE(db->put_setting("site.name", "A"));
    ASSERT_TRUE(db->put_setting("site.name", "B"));
    EXPECT_EQ(**db->get_setting("site.name"), "B");
}

TEST_F(Store, CommittedWritesSurviveReopening) {
    ASSERT_TRUE(db->insert_article(input("kept", 5), 5, 5));
    db.reset();
    auto again = sqlite::open({dir.path() / "g.db", 1, false});
    ASSERT_TRUE(again);
    EXPECT_TRUE((*again)->find_published_by_slug("kept"));
}

// A database written by the first release, with content, migrates to the latest schema without losing
// anything (migration 4 rebuilds the articles table under foreign keys).
TEST(StoreOpen, MigratesAPopulatedOldDatabase) {
    temp_dir dir;
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir.path() / "g.db").c_str(), &raw), SQLITE_OK);
    const auto v1 = resources::find("db/migrations/sqlite/001_initial.sql");
    ASSERT_TRUE(v1);
    const std::string setup = std::string(*v1) + R"(
        PRAGMA user_version = 1;
        INSERT INTO users (id, email, name, slug, role, password_hash, created_at)
            VALUES (1, 'a@example.com', 'A', 'a', 'editor', 'x', 1);
        INSERT INTO categories (id, slug, name) VALUES (1, 'news', 'News');
        INSERT INTO articles (id, slug, headline, author_id, category_id, status, published_at, created_at, updated_at)
            VALUES (7, 'old-story', 'Old story', 1, 1, 'published', 100, 100, 100);
        INSERT INTO tags (id, slug, name) VALUES (3, 'river', 'River');
        INSERT INTO article_tags (article_id, tag_id) VALUES (7, 3);
    )";
    ASSERT_EQ(sqlite3_exec(raw, setup.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
    sqlite3_close(raw);

    auto db = sqlite::open({dir.path() / "g.db", 1, false});
    ASSERT_TRUE(db) << db.error().message();
    EXPECT_EQ(*(*db)->schema_version(), sqlite::latest_schema_version());
    auto a = (*db)->find_published_by_slug("old-story");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->id, 7);
    ASSERT_EQ(a->tags.size(), 1u);
    EXPECT_EQ(a->tags[0].slug, "river");
    EXPECT_EQ((*db)->list_revisions(7)->size(), 1u); // its first revision was recorded
    // Foreign keys are enforced again afterwards.
    article_input bad;
    bad.slug = "orphan";
    bad.headline = "Orphan";
    bad.author_id = 999;
    bad.category_id = 1;
    EXPECT_FALSE((*db)->insert_article(bad, 1, 1));
}

TEST(StoreOpen, RefusesAFileThatIsNotADatabase) {
    temp_dir dir;
    std::ofstream(dir.path() / "g.db") << "this is not a database, just some text that is long enough to matter";
    auto r = sqlite::open({dir.path() / "g.db", 1, true});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), errc::corrupt);
}

TEST(StoreOpen, RefusesADatabaseFromANewerGazette) {
    temp_dir dir;
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir.path() / "g.db").c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw, "PRAGMA user_version = 999", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(raw);
    auto r = sqlite::open({dir.path() / "g.db", 1, true});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error(), errc::newer_schema);
}

} // namespace
} // namespace gazette
