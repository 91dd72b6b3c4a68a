// The newsroom's article editor over HTTP: create and publish, validation that keeps what was typed,
// what authors may not do, preview, revisions, conflicts between two editors, and slug changes.
#include "accounts/users.hpp"
#include "admin/presence.hpp"
#include "app/settings.hpp"
#include "articles/views.hpp"
#include "core/text.hpp"
#include "support/http_client.hpp"
#include "support/test_site.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>

namespace gazette::test {
namespace {

constexpr const char* password = "a long enough passphrase";

std::string encode(std::string_view s) { return text::url_encode(s); }


struct Editor : ::testing::Test {
    std::unique_ptr<test_site> site = std::make_unique<test_site>();
    id_t news = 0, editor = 0, author = 0;

    void SetUp() override {
        std::string message;
        editor = *accounts::add_user(site->db(), {"ed@example.com", "Edna Editor", "editor", password, ""}, fixed_now,
                                     message);
        author = *accounts::add_user(site->db(), {"au@example.com", "Arthur Author", "author", password, ""},
                                     fixed_now, message);
        news = site->db().find_category_by_slug("news")->id;
    }

    std::string sign_in(const std::string& email) {
        const auto form = get(site->port(), "/admin/login");
        const auto csrf = form_value(form.body, "_csrf");
        const auto r = request(site->port(), "POST", "/admin/login",
                               {{"Cookie", "gz_login=" + csrf}, {"Content-Type", "application/x-www-form-urlencoded"}},
                               "_csrf=" + csrf + "&email=" + encode(email) + "&password=" + encode(password));
        EXPECT_EQ(r.status, 303);
        const auto c = r.header("set-cookie");
        return c.substr(c.find('=') + 1, c.find(';') - c.find('=') - 1);
    }

    struct session {
        Editor& t;
        std::string token;
        std::string csrf;
        reply get(const std::string& target) {
            return request(t.site->port(), "GET", target, {{"Cookie", "gz_session=" + token}});
        }
        reply post(const std::string& target, std::vector<std::pair<std::string, std::string>> fields) {
            std::string body = "_csrf=" + csrf;
            for (const auto& [k, v] : fields) {
                body += "&" + k + "=" + encode(v);
            }
            return request(t.site->port(), "POST", target,
                           {{"Cookie", "gz_session=" + token}, {"Content-Type", "application/x-www-form-urlencoded"}},
                           body);
        }
    };

    session as(const std::string& email) {
        session s{*this, sign_in(email), {}};
        s.csrf = form_value(s.get("/admin/").body, "_csrf");
        return s;
    }

    std::vector<std::pair<std::string, std::string>> fields(std::string headline, std::string status,
                                                            std::string body = "Opening.\n\n## Details\n\nMore.") {
        return {{"headline", headline}, {"standfirst", "A short summary."}, {"body", body},
                {"section", std::to_string(news)}, {"author", std::to_string(editor)}, {"tags", "Harbour, Night life"},
                {"status", status}, {"action", "save"}};
    }
};

TEST_F(Editor, AnEditorWritesAndPublishesAndReadersSeeItAtOnce) {
    auto ed = as("ed@example.com");
    ASSERT_EQ(get(site->port(), "/").status, 200); // the front page is cached now
    EXPECT_EQ(ed.get("/admin/articles/new").status, 200);
    const auto r = ed.post("/admin/articles/new", fields("Night ferry starts on Friday", "published"));
    ASSERT_EQ(r.status, 303) << r.body;
    EXPECT_TRUE(std::regex_match(r.header("location"), std::regex(R"(/admin/articles/\d+/edit\?saved=1)")));
    const auto front = get(site->port(), "/").body;
    EXPECT_NE(front.find("Night ferry starts on Friday"), std::string::npos);
    auto a = site->db().find_published_by_slug("night-ferry-starts-on-friday");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->tags.size(), 2u);
    EXPECT_EQ(get(site->port(), articles::article_path(*time_zone::utc(), *a)).status, 200);
    const auto edit = ed.get(r.header("location"));
    EXPECT_EQ(edit.status, 200);
    EXPECT_NE(edit.body.find("Saved."), std::string::npos);
}

TEST_F(Editor, ValidationKeepsEverythingTyped) {
    auto ed = as("ed@example.com");
    const auto count = site->db().count_by_status()->drafts;
    const auto r = ed.post("/admin/articles/new", fields("", "draft", "My carefully written paragraph."));
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("A headline is needed."), std::string::npos);
    EXPECT_NE(r.body.find("My carefully written paragraph."), std::string::npos);
    EXPECT_NE(r.body.find("Harbour, Night life"), std::string::npos);
    EXPECT_EQ(site->db().count_by_status()->drafts, count);
    const auto bad_time = ed.post("/admin/articles/new", [&] {
        auto f = fields("Timed", "scheduled");
        f.emplace_back("publish_at", "tomorrow-ish");
        return f;
    }());
    EXPECT_EQ(bad_time.status, 422);
    EXPECT_NE(bad_time.body.find("2026-11-25T14:30"), std::string::npos) << "the message shows the expected format";
}

TEST_F(Editor, AuthorsSaveDraftsButCannotPublish) {
    auto au = as("au@example.com");
    const auto refused = au.post("/admin/articles/new", fields("An author's scoop", "published"));
    EXPECT_EQ(refused.status, 422);
    EXPECT_NE(refused.body.find("Only editors can publish"), std::string::npos);
    EXPECT_EQ(site->db().find_published_by_slug("an-authors-scoop").error(), errc::not_found);
    const auto draft = au.post("/admin/articles/new", fields("An author's scoop", "draft"));
    ASSERT_EQ(draft.status, 303) << draft.body;
    // The draft is the author's own, whatever author field was sent.
    admin_article_query q;
    q.search = "scoop";
    const auto found = site->db().list_for_newsroom(q);
    ASSERT_EQ(found->items.size(), 1u);
    EXPECT_EQ(found->items[0].author_id, author);
    // An author cannot open someone else's article.
    const auto other = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet");
    EXPECT_EQ(au.get("/admin/articles/" + std::to_string(other->id) + "/edit").status, 403);
}

TEST_F(Editor, PreviewRendersWithoutSaving) {
    auto au = as("au@example.com"); // an author: raw HTML in the body is shown as text
    auto f = fields("Preview me", "draft", "Intro\n\n## A subheading\n\n<script>alert(1)</script>");
    f.back() = {"action", "preview"};
    const auto r = au.post("/admin/articles/new", f);
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("<h2 id=\"a-subheading\">A subheading</h2>"), std::string::npos);
    EXPECT_EQ(r.body.find("<script>alert(1)"), std::string::npos);
    EXPECT_NE(r.body.find("&lt;script&gt;alert(1)"), std::string::npos);
    admin_article_query q;
    q.search = "Preview me";
    EXPECT_EQ(site->db().list_for_newsroom(q)->total, 0);
}

TEST_F(Editor, TwoEditorsSavingTheSameArticleKeepBothTexts) {
    auto first = as("ed@example.com");
    auto second = as("ed@example.com");
    auto a = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet");
    ASSERT_TRUE(a);
    const std::string edit = "/admin/articles/" + std::to_string(a->id) + "/edit";
    const auto revision = form_value(second.get(edit).body, "revision");
    ASSERT_EQ(revision, std::to_string(a->revision));
    auto save = [&](session& who, std::string headline, std::string body, std::string rev) {
        auto f = fields(std::move(headline), "published", std::move(body));
        f.emplace_back("revision", std::move(rev));
        f.emplace_back("slug", a->slug);
        return who.post(edit, f);
    };
    ASSERT_EQ(save(first, "Regatta moved to Sunday", "The first editor wrote this.", revision).status, 303);

    const auto conflict = save(second, "Regatta cancelled", "The second editor wrote this.", revision);
    EXPECT_EQ(conflict.status, 409);
    EXPECT_NE(conflict.body.find("The first editor wrote this."), std::string::npos);  // theirs, to merge from
    EXPECT_NE(conflict.body.find("The second editor wrote this."), std::string::npos); // ours, still in the form
    EXPECT_EQ(site->db().find_article(a->id)->headline, "Regatta moved to Sunday");   // nothing overwritten
    // Having seen the other version, saving again is a deliberate choice and goes through.
    const auto current = form_value(conflict.body, "revision");
    EXPECT_NE(current, revision);
    ASSERT_EQ(save(second, "Regatta cancelled", "The second editor wrote this.", current).status, 303);
    EXPECT_EQ(site->db().find_article(a->id)->headline, "Regatta cancelled");
    EXPECT_EQ(site->db().list_revisions(a->id)->size(), 3u); // the original and two saves
}

TEST_F(Editor, RevisionsCanBeComparedAndRestored) {
    auto ed = as("ed@example.com");
    auto a = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet");
    ASSERT_TRUE(a);
    const std::string base = "/admin/articles/" + std::to_string(a->id);
    auto f = fields("Regatta moved to Sunday", "published", a->body_md + "\nA late change of plan.");
    f.emplace_back("revision", std::to_string(a->revision));
    f.emplace_back("slug", a->slug);
    ASSERT_EQ(ed.post(base + "/edit", f).status, 303);

    const auto list = ed.get(base + "/revisions");
    ASSERT_EQ(list.status, 200);
    EXPECT_NE(list.body.find("Regatta moved to Sunday"), std::string::npos);
    EXPECT_NE(list.body.find(a->headline), std::string::npos);

    const auto compare = ed.get(base + "/revisions/1");
    ASSERT_EQ(compare.status, 200);
    EXPECT_NE(compare.body.find("diff__line--added"), std::string::npos);
    EXPECT_NE(compare.body.find("A late change of plan."), std::string::npos);
    EXPECT_EQ(ed.get(base + "/revisions/99").status, 404);

    EXPECT_EQ(request(site->port(), "POST", base + "/revisions/1/restore", {{"Cookie", "gz_session=" + ed.token}}).status,
              403); // no token, no change
    const auto restored = ed.post(base + "/revisions/1/restore", {});
    ASSERT_EQ(restored.status, 303);
    EXPECT_EQ(restored.header("location"), base + "/edit?restored=1");
    const auto now = site->db().find_article(a->id);
    EXPECT_EQ(now->headline, a->headline);
    EXPECT_EQ(now->body_md, a->body_md);
    EXPECT_EQ(site->db().list_revisions(a->id)->size(), 3u); // restoring is a revision too
    EXPECT_NE(get(site->port(), articles::article_path(*time_zone::utc(), *now)).body.find(text::html_escape(a->headline)),
              std::string::npos); // readers see the restored text at once
}

TEST_F(Editor, AChangedSlugKeepsTheOldAddressWorking) {
    auto ed = as("ed@example.com");
    auto a = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet");
    ASSERT_TRUE(a);
    const auto old_path = articles::article_path(*time_zone::utc(), *a);
    auto f = fields(a->headline, "published", a->body_md);
    f.emplace_back("revision", std::to_string(a->revision));
    f.emplace_back("slug", "regatta-returns");
    ASSERT_EQ(ed.post("/admin/articles/" + std::to_string(a->id) + "/edit", f).status, 303);
    const auto moved = get(site->port(), old_path);
    EXPECT_EQ(moved.status, 301);
    EXPECT_TRUE(moved.header("location").ends_with("/regatta-returns/")) << moved.header("location");
    EXPECT_EQ(get(site->port(), moved.header("location")).status, 200);
}

TEST_F(Editor, TheArticleListFiltersSortsAndChangesManyAtOnce) {
    auto ed = as("ed@example.com");
    const auto business = site->db().find_category_by_slug("business")->id;
    const auto listed = ed.get("/admin/articles?section=" + std::to_string(business) + "&sort=headline");
    ASSERT_EQ(listed.status, 200);
    EXPECT_NE(listed.body.find("3 articles"), std::string::npos);
    const auto first = listed.body.find("Harbour container terminal");
    const auto second = listed.body.find("Mill Lane bakery");
    ASSERT_NE(first, std::string::npos);
    ASSERT_NE(second, std::string::npos);
    EXPECT_LT(first, second); // A–Z

    admin_article_query q;
    q.category_id = business;
    const auto items = site->db().list_for_newsroom(q)->items;
    ASSERT_EQ(items.size(), 3u);
    const auto path = articles::article_path(*time_zone::utc(), items[0]);
    ASSERT_EQ(get(site->port(), path).status, 200);
    auto au = as("au@example.com");
    EXPECT_EQ(au.post("/admin/articles/bulk", {{"bulk", "unpublished"}, {"ids", std::to_string(items[0].id)}}).status,
              403); // authors cannot
    const auto r = ed.post("/admin/articles/bulk", {{"bulk", "unpublished"},
                                                    {"ids", std::to_string(items[0].id)},
                                                    {"ids", std::to_string(items[1].id)}});
    ASSERT_EQ(r.status, 303);
    EXPECT_EQ(r.header("location"), "/admin/articles?bulk_done=2");
    EXPECT_EQ(site->db().find_article(items[0].id)->status, article_status::unpublished);
    EXPECT_EQ(site->db().find_article(items[2].id)->status, article_status::published);
    EXPECT_EQ(get(site->port(), path).status, 404); // gone from the site at once
    EXPECT_EQ(ed.post("/admin/articles/bulk", {{"bulk", "published"}, {"ids", std::to_string(items[0].id)}}).status,
              303);
    EXPECT_EQ(get(site->port(), path).status, 200); // and back, at its old address
}

std::string multipart(const std::string& csrf, const std::string& filename, const std::string& bytes) {
    std::string b;
    if (!csrf.empty()) {
        b += "--XB\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n";
    }
    b += "--XB\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nThe quay at night\r\n";
    b += "--XB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
         "\"\r\nContent-Type: image/png\r\n\r\n" + bytes + "\r\n--XB--\r\n";
    return b;
}

TEST_F(Editor, MediaUploadsAreCheckedStoredServedAndDeletedOnlyWhenUnused) {
    auto ed = as("ed@example.com");
    const std::string png = std::string("\x89PNG\r\n\x1A\n", 8) + std::string(300, '\x01');
    auto upload = [&](const std::string& csrf, const std::string& name, const std::string& bytes) {
        return request(site->port(), "POST", "/admin/media",
                       {{"Cookie", "gz_session=" + ed.token}, {"Content-Type", "multipart/form-data; boundary=XB"}},
                       multipart(csrf, name, bytes));
    };
    EXPECT_EQ(upload("", "quay.png", png).status, 403); // no token
    const auto fake = upload(ed.csrf, "looks-like.png", "just some text, not an image at all");
    EXPECT_EQ(fake.status, 415);
    EXPECT_NE(fake.body.find("not a JPEG, PNG, WebP or GIF"), std::string::npos);
    EXPECT_TRUE(site->db().list_media(10, 0)->empty());

    const auto ok = upload(ed.csrf, "Quay at night.png", png);
    ASSERT_EQ(ok.status, 303) << ok.body;
    const auto items = *site->db().list_media(10, 0);
    ASSERT_EQ(items.size(), 1u);
    EXPECT_TRUE(items[0].path.starts_with("/media/uploads/")) << items[0].path;
    EXPECT_TRUE(items[0].path.ends_with("-quay-at-night.png")) << items[0].path;
    EXPECT_EQ(items[0].alt, "The quay at night");
    const auto served = get(site->port(), items[0].path);
    EXPECT_EQ(served.status, 200);
    EXPECT_EQ(served.header("content-type"), "image/png");
    EXPECT_EQ(served.body, png);
    EXPECT_NE(served.header("cache-control").find("max-age=31536000"), std::string::npos);
    EXPECT_NE(ed.get("/admin/media").body.find(items[0].path), std::string::npos);

    // Used by an article: it stays.
    auto a = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet");
    auto f = fields(a->headline, "published", a->body_md);
    f.emplace_back("revision", std::to_string(a->revision));
    f.emplace_back("slug", a->slug);
    f.emplace_back("image_url", items[0].path);
    ASSERT_EQ(ed.post("/admin/articles/" + std::to_string(a->id) + "/edit", f).status, 303);
    const std::string del = "/admin/media/" + std::to_string(items[0].id) + "/delete";
    EXPECT_EQ(ed.post(del, {}).status, 409);
    EXPECT_EQ(get(site->port(), items[0].path).status, 200);
    // The site's logo: shown in every masthead, and it stays too.
    ASSERT_TRUE(app::change_settings(site->db(), {{"site.logo", items[0].path}})->errors.empty());
    ASSERT_TRUE(*site->site().reload_settings());
    EXPECT_NE(get(site->port(), "/").body.find("<img class=\"masthead__logo-image\" src=\"" + items[0].path +
                                               "\" alt=\"The Riverton Gazette\">"),
              std::string::npos);
    const auto refused = ed.post(del, {});
    EXPECT_EQ(refused.status, 409);
    EXPECT_NE(refused.body.find("s logo, so it stays"), std::string::npos) << refused.body;
    ASSERT_TRUE(app::change_settings(site->db(), {{"site.logo", ""}})->errors.empty());
    ASSERT_TRUE(*site->site().reload_settings());
    EXPECT_FALSE(*site->site().reload_settings()); // nothing changed since
    // Unused again: deleted, file and all.
    f.back() = {"image_url", ""};
    f[f.size() - 3] = {"revision", std::to_string(site->db().find_article(a->id)->revision)};
    ASSERT_EQ(ed.post("/admin/articles/" + std::to_string(a->id) + "/edit", f).status, 303);
    EXPECT_EQ(ed.post(del, {}).status, 303);
    EXPECT_EQ(get(site->port(), items[0].path).status, 404);
    EXPECT_TRUE(site->db().list_media(10, 0)->empty());
}

TEST_F(Editor, TheNewsroomApiNeedsASessionAndAToken) {
    const auto regatta = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet").value();
    const std::string presence = "/admin/api/articles/" + std::to_string(regatta.id) + "/presence";
    // No session: 401 with a JSON reason, never the sign-in redirect meant for pages.
    for (const auto& [method, target] : {std::pair{"GET", "/admin/api/media"}, std::pair{"POST", presence.c_str()}}) {
        const auto r = request(site->port(), method, target);
        EXPECT_EQ(r.status, 401) << target;
        EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
        EXPECT_NE(r.body.find("\"code\":\"unauthorized\""), std::string::npos) << r.body;
    }
    auto ed = as("ed@example.com");
    const auto media = ed.get("/admin/api/media");
    ASSERT_EQ(media.status, 200);
    EXPECT_EQ(media.body, "{\"items\":[]}");
    EXPECT_EQ(media.header("cache-control"), "no-store");
    // A state-changing call without the token: 403, and nobody is recorded as editing.
    const auto forged = request(site->port(), "POST", presence, {{"Cookie", "gz_session=" + ed.token}});
    EXPECT_EQ(forged.status, 403);
    EXPECT_NE(forged.body.find("\"code\":\"forbidden\""), std::string::npos) << forged.body;
    EXPECT_TRUE(site->site().presence().seen(regatta.id, 999, "probe", fixed_now).empty());
    site->site().presence().left(regatta.id, 999);
    // A missing article is a JSON 404.
    const auto missing = request(site->port(), "POST", "/admin/api/articles/99999/presence",
                                 {{"Cookie", "gz_session=" + ed.token}, {"X-CSRF-Token", ed.csrf}});
    EXPECT_EQ(missing.status, 404);
    EXPECT_NE(missing.body.find("\"code\":\"not_found\""), std::string::npos) << missing.body;
}

TEST_F(Editor, TwoPeopleOnOneArticleSeeEachOther) {
    std::string message;
    ASSERT_TRUE(accounts::add_user(site->db(), {"mo@example.com", "Mo Desk", "editor", password, ""}, fixed_now, message));
    auto ed = as("ed@example.com");
    auto mo = as("mo@example.com");
    const auto a = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet").value();
    const std::string url = "/admin/api/articles/" + std::to_string(a.id) + "/presence";
    auto ping = [&](Editor::session& who) {
        return request(site->port(), "POST", url, {{"Cookie", "gz_session=" + who.token}, {"X-CSRF-Token", who.csrf}});
    };
    const auto alone = ping(ed);
    ASSERT_EQ(alone.status, 200) << alone.body;
    EXPECT_NE(alone.body.find("\"others\":[]"), std::string::npos) << alone.body;
    EXPECT_NE(alone.body.find("\"revision\":" + std::to_string(a.revision)), std::string::npos) << alone.body;

    const auto second = ping(mo);
    EXPECT_NE(second.body.find("\"others\":[{\"name\":\"Edna Editor\"}]"), std::string::npos) << second.body;
    EXPECT_NE(ping(ed).body.find("\"others\":[{\"name\":\"Mo Desk\"}]"), std::string::npos);

    // Mo saves: Edna's next ping learns of the newer revision and who saved it.
    auto f = fields(a.headline, "published", a.body_md + "\n\nA late result.");
    f.emplace_back("revision", std::to_string(a.revision));
    f.emplace_back("slug", a.slug);
    ASSERT_EQ(mo.post("/admin/articles/" + std::to_string(a.id) + "/edit", f).status, 303);
    const auto after = ping(ed).body;
    EXPECT_NE(after.find("\"revision\":" + std::to_string(a.revision + 1)), std::string::npos) << after;
    EXPECT_NE(after.find("\"saved_by\":\"Mo Desk\""), std::string::npos) << after;

    // Mo closes the tab (the beacon carries the token in the form): Edna is alone again.
    ASSERT_EQ(mo.post(url, {{"leaving", "1"}}).status, 200);
    EXPECT_NE(ping(ed).body.find("\"others\":[]"), std::string::npos);
    // Silence for longer than the time-to-live counts as gone too.
    auto& board = site->site().presence();
    board.seen(a.id, 77, "Quiet Quentin", fixed_now - admin::presence_board::ttl_seconds - 1);
    EXPECT_TRUE(board.seen(a.id, editor, "Edna Editor", fixed_now).empty());

    // An author cannot watch (or learn about) an article that is not theirs.
    auto au = as("au@example.com");
    const auto refused = ping(au);
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(refused.body.find("Edna"), std::string::npos);
}

TEST_F(Editor, UploadsOverTheLimitAreRefusedBeforeTheyArrive) {
    auto ed = as("ed@example.com");
    connection c(site->port());
    c.send("POST /admin/media HTTP/1.1\r\nHost: x\r\nCookie: gz_session=" + ed.token +
           "\r\nContent-Type: multipart/form-data; boundary=XB\r\nContent-Length: 20000000\r\n\r\n");
    EXPECT_EQ(c.read().status, 413);
    // Other routes keep the small default limit.
    connection d(site->port());
    d.send("POST /admin/articles/new HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\n\r\n");
    EXPECT_EQ(d.read().status, 413);
}

TEST_F(Editor, SavingWithoutTheCsrfTokenChangesNothing) {
    auto ed = as("ed@example.com");
    ed.csrf = "forged";
    EXPECT_EQ(ed.post("/admin/articles/new", fields("Forged", "published")).status, 403);
    EXPECT_EQ(site->db().find_published_by_slug("forged").error(), errc::not_found);
}

} // namespace
} // namespace gazette::test
