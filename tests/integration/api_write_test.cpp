// The WordPress REST API's writes: application passwords over HTTP Basic, each role's limits, WordPress's
// error codes, posts created, updated and deleted through the same checks as the newsroom, and terms.
#include "accounts/app_passwords.hpp"
#include "accounts/users.hpp"
#include "core/text.hpp"
#include "support/http_client.hpp"
#include "support/staff.hpp"
#include "support/test_site.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sodium.h>

namespace gazette::test {
namespace {

namespace json = boost::json;

std::string base64(std::string_view s) {
    std::string out(sodium_base64_ENCODED_LEN(s.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(s.data()), s.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

struct person {
    id_t id = 0;
    std::string email, password;
    std::string basic() const { return "Basic " + base64(email + ":" + password); }
};

struct ApiWrite : ::testing::Test {
    std::unique_ptr<test_site> site = std::make_unique<test_site>();
    id_t news = site->db().find_category_by_slug("news").value().id;

    person staff(const std::string& email, const std::string& role) {
        std::string message;
        auto id = accounts::add_user(site->db(), {email, "Staff " + role, role, "a long enough passphrase", ""}, fixed_now,
                                     message);
        EXPECT_TRUE(id) << message;
        auto made = accounts::create_app_password(site->db(), *id, "tests", fixed_now, message);
        EXPECT_TRUE(made) << message;
        return {*id, email, made->second};
    }
    reply call(const std::string& method, const std::string& path, const json::value& body, const std::string& auth) {
        std::vector<std::pair<std::string, std::string>> h{{"Content-Type", "application/json"}};
        if (!auth.empty()) {
            h.emplace_back("Authorization", auth);
        }
        return request(site->port(), method, path, h, body.is_null() ? std::string() : json::serialize(body));
    }
    static json::object obj(const reply& r) { return json::parse(r.body).as_object(); }
};

TEST_F(ApiWrite, AnEditorWritesPostsWithAnApplicationPassword) {
    const auto edna = staff("edna@example.com", "editor");
    EXPECT_EQ(edna.password.size(), 29u) << "24 characters in groups of four";
    // Nobody, or a wrong password: WordPress's answers.
    auto r = call("POST", "/wp-json/wp/v2/posts", json::object{{"title", "x"}}, "");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(obj(r).at("code").as_string(), "rest_cannot_create");
    r = call("POST", "/wp-json/wp/v2/posts", json::object{{"title", "x"}},
             "Basic " + base64(edna.email + ":aaaa bbbb cccc dddd eeee ffff"));
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(obj(r).at("code").as_string(), "incorrect_password");
    // A draft: created, not public.
    r = call("POST", "/wp-json/wp/v2/posts",
             json::object{{"title", "Quay Street reopens"}, {"content", "The road is **open**."}, {"excerpt", "At last."},
                          {"categories", json::array{news}}, {"status", "draft"}},
             edna.basic());
    ASSERT_EQ(r.status, 201) << r.body;
    auto post = obj(r);
    const auto id = post.at("id").as_int64();
    EXPECT_EQ(post.at("status").as_string(), "draft");
    EXPECT_EQ(r.header("location"), fmt::format("http://gazette.test/wp-json/wp/v2/posts/{}", id));
    EXPECT_EQ(site->db().find_article(id)->author_id, edna.id);
    EXPECT_EQ(get(site->port(), fmt::format("/wp-json/wp/v2/posts/{}", id)).status, 404);
    // Published and breaking: on the site at once (the cache follows).
    EXPECT_EQ(get(site->port(), "/").body.find("Quay Street reopens"), std::string::npos);
    r = call("POST", fmt::format("/wp-json/wp/v2/posts/{}", id), json::object{{"status", "publish"}, {"breaking", true}},
             edna.basic());
    ASSERT_EQ(r.status, 200) << r.body;
    post = obj(r);
    EXPECT_EQ(post.at("status").as_string(), "publish");
    EXPECT_TRUE(post.at("breaking").as_bool());
    EXPECT_NE(std::string(post.at("content").at("rendered").as_string()).find("<strong>open</strong>"), std::string::npos);
    EXPECT_NE(get(site->port(), "/").body.find("Quay Street reopens"), std::string::npos);
    // PUT and PATCH too; the username may be the slug; form fields as well as JSON.
    r = call("PATCH", fmt::format("/wp-json/wp/v2/posts/{}", id), json::object{{"title", {{"raw", "Quay Street reopens to traffic"}}}},
             "Basic " + base64("staff-editor:" + edna.password));
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(site->db().find_article(id)->headline, "Quay Street reopens to traffic");
    r = request(site->port(), "POST", "/wp-json/wp/v2/posts",
                {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", edna.basic()}},
                fmt::format("title=Form+post&content=Body&categories={}&status=draft", news));
    EXPECT_EQ(r.status, 201) << r.body;
    // Bad input, in WordPress's words.
    EXPECT_EQ(obj(call("POST", "/wp-json/wp/v2/posts", json::object{{"title", "x"}, {"status", "sideways"}}, edna.basic()))
                  .at("code").as_string(), "rest_invalid_param");
    r = call("POST", "/wp-json/wp/v2/posts", json::object{{"content", "no title"}}, edna.basic());
    EXPECT_EQ(r.status, 400);
    EXPECT_TRUE(obj(r).at("data").at("params").as_object().contains("title")) << r.body;
    r = request(site->port(), "POST", "/wp-json/wp/v2/posts", {{"Content-Type", "application/json"}, {"Authorization", edna.basic()}},
                "{not json");
    EXPECT_EQ(obj(r).at("code").as_string(), "rest_invalid_json");
    EXPECT_EQ(call("POST", "/wp-json/wp/v2/posts/999999", json::object{{"title", "x"}}, edna.basic()).status, 404);
    // Deleting: only for good (no trash), then gone.
    r = call("DELETE", fmt::format("/wp-json/wp/v2/posts/{}", id), nullptr, edna.basic());
    EXPECT_EQ(r.status, 501);
    EXPECT_EQ(obj(r).at("code").as_string(), "rest_trash_not_supported");
    r = call("DELETE", fmt::format("/wp-json/wp/v2/posts/{}?force=true", id), nullptr, edna.basic());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(obj(r).at("deleted").as_bool());
    EXPECT_EQ(get(site->port(), fmt::format("/wp-json/wp/v2/posts/{}", id)).status, 404);
    EXPECT_EQ(get(site->port(), "/").body.find("Quay Street reopens"), std::string::npos);
    // Revoked: refused.
    const auto list = site->db().list_app_passwords(edna.id).value();
    ASSERT_EQ(list.size(), 1u);
    ASSERT_TRUE(site->db().delete_app_password(list[0].id, edna.id));
    EXPECT_EQ(call("POST", "/wp-json/wp/v2/posts", json::object{{"title", "x"}}, edna.basic()).status, 401);
}

TEST_F(ApiWrite, EachRoleStaysWithinItsLimits) {
    const auto amy = staff("amy@example.com", "author");
    const auto ed = staff("ed@example.com", "editor");
    const auto mo = staff("mo@example.com", "moderator");
    auto r = call("POST", "/wp-json/wp/v2/posts", json::object{{"title", "Mine"}, {"content", "x"}, {"status", "publish"}}, amy.basic());
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(obj(r).at("code").as_string(), "rest_cannot_publish");
    r = call("POST", "/wp-json/wp/v2/posts", json::object{{"title", "Mine"}, {"content", "x"}, {"status", "pending"}}, amy.basic());
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(obj(r).at("status").as_string(), "pending");
    const auto mine = obj(r).at("id").as_int64();
    r = call("POST", "/wp-json/wp/v2/posts", json::object{{"title", "Posing"}, {"content", "x"}, {"author", ed.id}}, amy.basic());
    EXPECT_EQ(obj(r).at("code").as_string(), "rest_cannot_edit_others");
    // Someone else's story: not hers to edit.
    const auto theirs = site->db().find_published_by_slug("flood-warning-linnet-quay-street-barrier-raised").value().id;
    r = call("POST", fmt::format("/wp-json/wp/v2/posts/{}", theirs), json::object{{"title", "Changed"}}, amy.basic());
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(obj(r).at("code").as_string(), "rest_cannot_edit");
    EXPECT_EQ(call("DELETE", fmt::format("/wp-json/wp/v2/posts/{}?force=true", theirs), nullptr, amy.basic()).status, 403);
    // A moderator writes no posts; terms are for editors.
    EXPECT_EQ(obj(call("POST", "/wp-json/wp/v2/posts", json::object{{"title", "x"}}, mo.basic())).at("code").as_string(),
              "rest_cannot_create");
    EXPECT_EQ(call("POST", "/wp-json/wp/v2/tags", json::object{{"name", "Harbour"}}, amy.basic()).status, 403);
    // The editor publishes the author's story.
    r = call("PUT", fmt::format("/wp-json/wp/v2/posts/{}", mine), json::object{{"status", "publish"}}, ed.basic());
    EXPECT_EQ(r.status, 200) << r.body;
    // One person's password does not work under another's name.
    EXPECT_EQ(call("POST", "/wp-json/wp/v2/posts", json::object{{"title", "x"}}, "Basic " + base64(ed.email + ":" + amy.password))
                  .status,
              401);
}

TEST_F(ApiWrite, FailedPasswordsAreThrottled) {
    const auto edna = staff("edna@example.com", "editor");
    const auto wrong = "Basic " + base64(edna.email + ":aaaa bbbb cccc dddd eeee ffff");
    int refused = 0;
    for (int i = 0; i < 8; ++i) {
        const auto r = call("POST", "/wp-json/wp/v2/posts", json::object{{"title", "x"}}, wrong);
        if (r.status == 429) {
            EXPECT_FALSE(r.header("retry-after").empty());
            ++refused;
        }
    }
    EXPECT_GT(refused, 0) << "after five failures the account is held back";
}

TEST_F(ApiWrite, EditorsManageSectionsAndTags) {
    const auto ed = staff("ed@example.com", "editor");
    auto r = call("POST", "/wp-json/wp/v2/categories", json::object{{"name", "Weather"}, {"description", "Forecasts."}}, ed.basic());
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(obj(r).at("slug").as_string(), "weather");
    const auto cat = obj(r).at("id").as_int64();
    EXPECT_NE(get(site->port(), "/").body.find("/category/weather/"), std::string::npos) << "in the menu at once";
    r = call("POST", "/wp-json/wp/v2/categories", json::object{{"name", "Weather"}}, ed.basic());
    EXPECT_EQ(obj(r).at("code").as_string(), "term_exists");
    r = call("POST", fmt::format("/wp-json/wp/v2/categories/{}", cat), json::object{{"name", "Weather & tides"}}, ed.basic());
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(site->db().find_category(cat)->name, "Weather & tides");
    // Hierarchy, as WordPress's categories have it: a parent that exists, and never a loop.
    r = call("POST", "/wp-json/wp/v2/categories", json::object{{"name", "Storms"}, {"parent", cat}}, ed.basic());
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(obj(r).at("parent").as_int64(), cat);
    const auto storms = obj(r).at("id").as_int64();
    r = call("POST", "/wp-json/wp/v2/categories", json::object{{"name", "Orphan"}, {"parent", 999999}}, ed.basic());
    EXPECT_EQ(r.status, 400);
    EXPECT_EQ(obj(r).at("code").as_string(), "rest_term_invalid");
    r = call("POST", fmt::format("/wp-json/wp/v2/categories/{}", cat), json::object{{"parent", storms}}, ed.basic());
    EXPECT_EQ(r.status, 400) << "a section under its own subsection";
    r = call("POST", fmt::format("/wp-json/wp/v2/categories/{}", storms), json::object{{"parent", 0}}, ed.basic());
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(site->db().find_category(storms)->parent_id, 0);
    r = call("POST", "/wp-json/wp/v2/tags", json::object{{"name", "Tides"}}, ed.basic());
    ASSERT_EQ(r.status, 201) << r.body;
    const auto tag = obj(r).at("id").as_int64();
    r = call("POST", "/wp-json/wp/v2/posts",
             json::object{{"title", "High tide tonight"}, {"content", "x"}, {"categories", json::array{cat}}, {"tags", json::array{tag}},
                          {"status", "publish"}},
             ed.basic());
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(obj(r).at("tags").as_array().at(0).as_int64(), tag);
    EXPECT_EQ(call("DELETE", fmt::format("/wp-json/wp/v2/tags/{}", tag), nullptr, ed.basic()).status, 501);
    EXPECT_EQ(call("DELETE", fmt::format("/wp-json/wp/v2/tags/{}?force=true", tag), nullptr, ed.basic()).status, 200);
    EXPECT_EQ(site->db().find_tag(tag).error(), errc::not_found);
    EXPECT_EQ(call("POST", "/wp-json/wp/v2/tags", json::object{{"name", ""}}, ed.basic()).status, 400);
}

TEST_F(ApiWrite, TheNewsroomCreatesShowsOnceAndRevokesApplicationPasswords) {
    const auto edna = sign_in_as(*site, "edna@example.com", "Edna Editor", "editor");
    const auto form = [&](const std::string& path, const std::string& body, bool csrf = true) {
        return request(site->port(), "POST", path, {{"Cookie", edna.cookie()}, {"Content-Type", "application/x-www-form-urlencoded"}},
                       (csrf ? "_csrf=" + edna.csrf + "&" : std::string()) + body);
    };
    EXPECT_EQ(form("/admin/account/app-passwords", "name=Desk+app", false).status, 403) << "no CSRF token";
    auto r = form("/admin/account/app-passwords", "name=");
    EXPECT_EQ(r.status, 422);
    r = form("/admin/account/app-passwords", "name=Desk+app");
    ASSERT_EQ(r.status, 200);
    const std::string open = "<code class=\"app-passwords__secret\" id=\"new-app-password\">";
    const auto at = r.body.find(open);
    ASSERT_NE(at, std::string::npos);
    const auto password = r.body.substr(at + open.size(), 29);
    // It works for the API, and the account page never shows it again.
    const auto auth = "Basic " + base64("edna@example.com:" + password);
    EXPECT_EQ(call("POST", "/wp-json/wp/v2/tags", json::object{{"name", "Ferries"}}, auth).status, 201);
    const auto id = site->db().list_app_passwords(edna.id).value().at(0).id;
    const auto page = get(site->port(), "/admin/account", {{"Cookie", edna.cookie()}}).body;
    EXPECT_EQ(page.find(password), std::string::npos);
    const auto row = page.find(fmt::format("<tr data-app-password=\"{}\">", id));
    ASSERT_NE(row, std::string::npos) << "listed";
    EXPECT_NE(page.find("<td>Desk app</td>", row), std::string::npos);
    // Another person cannot revoke it; its owner can.
    const auto other = sign_in_as(*site, "mo@example.com", "Mo Moderator", "moderator");
    EXPECT_EQ(request(site->port(), "POST", fmt::format("/admin/account/app-passwords/{}/revoke", id),
                      {{"Cookie", other.cookie()}, {"Content-Type", "application/x-www-form-urlencoded"}}, "_csrf=" + other.csrf)
                  .status,
              404);
    EXPECT_EQ(form(fmt::format("/admin/account/app-passwords/{}/revoke", id), "").status, 303);
    EXPECT_EQ(call("POST", "/wp-json/wp/v2/tags", json::object{{"name", "Buses"}}, auth).status, 401);
}

TEST_F(ApiWrite, ClientsFindAuthorsTermsMediaAndPagesWhereWordPressPutsThem) {
    const auto flood = site->db().find_published_by_slug("flood-warning-linnet-quay-street-barrier-raised").value();
    auto r = get(site->port(), fmt::format("/wp-json/wp/v2/posts/{}?_embed", flood.id));
    ASSERT_EQ(r.status, 200);
    auto post = obj(r);
    EXPECT_EQ(post.at("_links").at("author").as_array()[0].at("href").as_string(),
              fmt::format("http://gazette.test/wp-json/wp/v2/users/{}", flood.author_id));
    const auto& embedded = post.at("_embedded").as_object();
    EXPECT_EQ(embedded.at("author").as_array()[0].at("name").as_string(), "Maria Okafor");
    EXPECT_FALSE(embedded.at("author").as_array()[0].as_object().contains("email")) << "public fields only";
    EXPECT_EQ(embedded.at("wp:term").as_array()[0].as_array()[0].at("slug").as_string(), "news");
    EXPECT_EQ(embedded.at("wp:term").as_array()[1].as_array().size(), flood.tags.size());
    // Without _embed: no embedded objects (and that answer may be cached).
    EXPECT_FALSE(obj(get(site->port(), fmt::format("/wp-json/wp/v2/posts/{}", flood.id))).contains("_embedded"));
    const auto list = json::parse(get(site->port(), "/wp-json/wp/v2/posts?_embed&per_page=3").body).as_array();
    ASSERT_EQ(list.size(), 3u);
    for (const auto& p : list) {
        EXPECT_TRUE(p.as_object().contains("_embedded"));
    }
    // Pages: none, answered as WordPress does for a site without any.
    r = get(site->port(), "/wp-json/wp/v2/pages");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "[]");
    EXPECT_EQ(r.header("x-wp-total"), "0");
    EXPECT_EQ(get(site->port(), "/wp-json/wp/v2/pages/1").status, 404);
    // Media: the library.
    r = get(site->port(), "/wp-json/wp/v2/media?per_page=2");
    EXPECT_EQ(r.status, 200);
    const auto media = json::parse(r.body).as_array();
    EXPECT_EQ(r.header("x-wp-total"), std::to_string(site->db().count_media().value()));
    for (const auto& m : media) {
        EXPECT_EQ(m.at("type").as_string(), "attachment");
        EXPECT_TRUE(std::string(m.at("source_url").as_string()).starts_with("http://gazette.test/media/"));
        EXPECT_EQ(obj(get(site->port(), fmt::format("/wp-json/wp/v2/media/{}", m.at("id").as_int64()))).at("id"), m.at("id"));
    }
    EXPECT_EQ(get(site->port(), "/wp-json/wp/v2/media/999999").status, 404);
    // The index names the routes, with the methods they take.
    const auto index = obj(get(site->port(), "/wp-json"));
    const auto& posts = index.at("routes").at("/wp/v2/posts").at("methods").as_array();
    EXPECT_NE(std::find(posts.begin(), posts.end(), json::value("POST")), posts.end());
}

TEST_F(ApiWrite, ACommentPostedThroughTheApiMeetsTheSameModerationAsTheForm) {
    const auto a = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet").value();
    const auto comment = [&](const std::string& text, const std::string& email) {
        return call("POST", "/wp-json/wp/v2/comments",
                    json::object{{"post", a.id}, {"author_name", "Jo Reader"}, {"author_email", email}, {"content", text}}, "");
    };
    // A first comment from an address waits for a moderator, as from the form.
    auto r = comment("What time does the first race start?", "jo@example.com");
    ASSERT_EQ(r.status, 201) << r.body;
    auto c = obj(r);
    EXPECT_EQ(c.at("status").as_string(), "hold");
    EXPECT_FALSE(c.contains("author_email")) << "never the email";
    const auto id = c.at("id").as_int64();
    EXPECT_EQ(site->db().find_comment(id)->status, comment_status::pending);
    EXPECT_FALSE(site->db().find_comment(id)->reason.empty()) << "held with its reason";
    // The same again: a duplicate; too fast: the flood rule.
    EXPECT_EQ(obj(comment("What time does the first race start?", "jo@example.com")).at("code").as_string(), "comment_duplicate");
    EXPECT_EQ(obj(comment("And the last one?", "jo@example.com")).at("code").as_string(), "comment_flood");
    // Checks: no content, no email; a draft or unknown post; closed comments.
    EXPECT_EQ(obj(comment("", "other@example.com")).at("code").as_string(), "rest_comment_content_invalid");
    EXPECT_EQ(obj(comment("Hello", "")).at("code").as_string(), "rest_comment_author_data_required");
    r = call("POST", "/wp-json/wp/v2/comments", json::object{{"post", 999999}, {"author_name", "X"}, {"author_email", "x@example.com"},
                                                             {"content", "Hi"}}, "");
    EXPECT_EQ(obj(r).at("code").as_string(), "rest_comment_invalid_post_id");
    EXPECT_EQ(site->db().list_comments({comment_status::pending, "", a.id, 50, 0})->items.size(), 1u) << "only the first was stored";
}

} // namespace
} // namespace gazette::test
