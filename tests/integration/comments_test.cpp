// Reader comments over HTTP: the form, the checks, every moderation rule in its order, threads and
// pages, the JSON answers for the page's script, durability under concurrent posters, the email that is
// never public, both XSS corpora through every field, and the moderation queue with its live events.
#include "accounts/users.hpp"
#include "app/scheduler.hpp"
#include "app/settings.hpp"
#include "articles/views.hpp"
#include "core/text.hpp"
#include "support/html_scan.hpp"
#include "support/http_client.hpp"
#include "support/test_site.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <thread>

namespace gazette::test {
namespace {

constexpr const char* password = "a long enough passphrase";

std::string encode(std::string_view s) { return text::url_encode(s); }

using fields_t = std::vector<std::pair<std::string, std::string>>;

// The "html" of a JSON answer.
std::string boost_json_html(const std::string& body) {
    const auto v = boost::json::parse(body);
    return std::string(v.at("html").as_string());
}

std::string form_body(const fields_t& f) {
    std::string body;
    for (const auto& [k, v] : f) {
        body += (body.empty() ? "" : "&") + k + "=" + encode(v);
    }
    return body;
}

struct Comments : ::testing::Test {
    std::unique_ptr<test_site> site = std::make_unique<test_site>();
    article regatta;
    std::string path;

    void SetUp() override {
        set({{"comments.flood_seconds", "0"}}); // tests post many comments from one address
        regatta = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet").value();
        path = site->article_path("rowing-regatta");
    }

    void set(const setting_list& values) {
        auto r = app::change_settings(site->db(), values);
        ASSERT_TRUE(r);
        ASSERT_TRUE(r->errors.empty()) << r->errors.front().second;
        ASSERT_TRUE(site->site().reload_settings());
    }

    fields_t fields(std::string text, std::string author = "Jo Reader", std::string email = "jo@example.com",
                    std::string url = "", id_t parent = 0) const {
        return {{"comment_post_ID", std::to_string(regatta.id)},
                {"comment_parent", std::to_string(parent)},
                {"comment", std::move(text)},
                {"author", std::move(author)},
                {"email", std::move(email)},
                {"url", std::move(url)}};
    }

    reply post(const fields_t& f, bool json = false, std::vector<std::pair<std::string, std::string>> headers = {}) {
        headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
        if (json) {
            headers.emplace_back("Accept", "application/json");
        }
        return request(site->port(), "POST", "/wp-comments-post.php", headers, form_body(f));
    }

    // The newest comment stored.
    comment newest() {
        comment_query q;
        q.limit = 1;
        auto page = site->db().list_comments(q).value();
        EXPECT_FALSE(page.items.empty());
        return page.items.empty() ? comment{} : page.items.front();
    }

    std::string page() { return get(site->port(), path).body; }

    // A signed-in newsroom session: the cookie token and the CSRF token.
    struct staff {
        std::string token, csrf;
    };
    staff sign_in(const std::string& email, const std::string& role) {
        std::string message;
        EXPECT_TRUE(accounts::add_user(site->db(), {email, "Mia Moderator", role, password, ""}, fixed_now, message))
            << message;
        const auto form = get(site->port(), "/admin/login");
        const auto login_csrf = form_value(form.body, "_csrf");
        const auto r = request(site->port(), "POST", "/admin/login",
                               {{"Cookie", "gz_login=" + login_csrf}, {"Content-Type", "application/x-www-form-urlencoded"}},
                               "_csrf=" + login_csrf + "&email=" + encode(email) + "&password=" + encode(password));
        EXPECT_EQ(r.status, 303);
        const auto c = r.header("set-cookie");
        staff s{c.substr(c.find('=') + 1, c.find(';') - c.find('=') - 1), ""};
        s.csrf = form_value(request(site->port(), "GET", "/admin/", {{"Cookie", "gz_session=" + s.token}}).body, "_csrf");
        return s;
    }
    reply as(const staff& who, const std::string& method, const std::string& target, const std::string& body = {},
             bool json = false) {
        std::vector<std::pair<std::string, std::string>> h{{"Cookie", "gz_session=" + who.token},
                                                           {"Content-Type", "application/x-www-form-urlencoded"}};
        if (json) {
            h.emplace_back("Accept", "application/json");
            h.emplace_back("X-CSRF-Token", who.csrf);
        }
        return request(site->port(), method, target, h, body);
    }
};

TEST_F(Comments, TheFormIsUnderEveryArticleWithWordPressNames) {
    const auto html = page();
    EXPECT_NE(html.find("Submit a Comment"), std::string::npos);
    EXPECT_NE(html.find("Your email address will not be published."), std::string::npos);
    EXPECT_NE(html.find("Required fields are marked"), std::string::npos);
    EXPECT_NE(html.find("action=\"/wp-comments-post.php\""), std::string::npos);
    EXPECT_EQ(form_value(html, "comment_post_ID"), std::to_string(regatta.id));
    EXPECT_EQ(form_value(html, "comment_parent"), "0");
    const auto tags = scan_tags(html);
    auto field = [&](const std::string& name) -> const html_tag* {
        for (const auto& t : tags) {
            for (const auto& [k, v] : t.attributes) {
                if (k == "name" && v == name && (t.name == "input" || t.name == "textarea")) {
                    return &t;
                }
            }
        }
        return nullptr;
    };
    auto required = [](const html_tag* t) {
        return std::any_of(t->attributes.begin(), t->attributes.end(), [](const auto& a) { return a.first == "required"; });
    };
    for (const char* name : {"comment", "author", "email"}) {
        ASSERT_TRUE(field(name)) << name;
        EXPECT_TRUE(required(field(name))) << name;
    }
    ASSERT_TRUE(field("url"));
    EXPECT_FALSE(required(field("url")));
    EXPECT_TRUE(field("wp-comment-cookies-consent"));
    EXPECT_TRUE(field("gz_hp")) << "the honeypot";
    EXPECT_NE(html.find("No comments yet"), std::string::npos);
}

TEST_F(Comments, AFirstCommentWaitsAndTheNextFromTheSameEmailIsPublishedAtOnce) {
    ASSERT_NE(page().find("No comments yet"), std::string::npos); // cached now
    const auto first = post(fields("What a race that was.\n\nThe women's eight deserved it."));
    ASSERT_EQ(first.status, 303);
    EXPECT_EQ(first.header("location"), path + "?held=1#respond");
    const auto held = newest();
    EXPECT_EQ(held.status, comment_status::pending);
    EXPECT_EQ(held.reason, "The first comment from this email address.");
    EXPECT_EQ(held.ip, "127.0.0.1");
    EXPECT_EQ(page().find("What a race"), std::string::npos) << "not shown until approved";
    EXPECT_NE(get(site->port(), path + "?held=1").body.find("waiting for a moderator"), std::string::npos);

    const auto mod = sign_in("mia@example.com", "moderator");
    const auto other = site->article_path("flood-warning");
    ASSERT_EQ(get(site->port(), other).status, 200); // cached now
    ASSERT_TRUE(site->site().cache().get(other));
    const auto approved = as(mod, "POST", "/admin/comments/" + std::to_string(held.id) + "/approve", "", true);
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_FALSE(site->site().cache().get(path)) << "the article's page is dropped";
    EXPECT_TRUE(site->site().cache().get(other)) << "and only the pages that show it";
    auto html = page();
    EXPECT_NE(html.find("<p>What a race that was.</p>\n<p>The women&#39;s eight deserved it.</p>"), std::string::npos);
    EXPECT_NE(html.find("1 comment"), std::string::npos);
    EXPECT_NE(html.find("id=\"comment-" + std::to_string(held.id) + "\""), std::string::npos);

    const auto second = post(fields("And the weather held."));
    ASSERT_EQ(second.status, 303);
    const auto shown = newest();
    EXPECT_EQ(shown.status, comment_status::approved);
    EXPECT_EQ(second.header("location"), path + "#comment-" + std::to_string(shown.id));
    html = page();
    EXPECT_NE(html.find("And the weather held."), std::string::npos);
    EXPECT_NE(html.find("2 comments"), std::string::npos);
    // Lists that show the article's card show its comment count.
    EXPECT_NE(get(site->port(), "/category/sport/").body.find("2 comments"), std::string::npos);
}

TEST_F(Comments, FieldsAreCheckedAndWhatWasTypedIsKept) {
    const auto empty = post(fields("", "", "", ""));
    ASSERT_EQ(empty.status, 422);
    EXPECT_NE(empty.body.find("Please write a comment."), std::string::npos);
    EXPECT_NE(empty.body.find("Please give your name."), std::string::npos);
    EXPECT_NE(empty.body.find("Please give your email address."), std::string::npos);
    EXPECT_EQ(empty.header("cache-control"), "no-store");

    const auto bad = post(fields("Kept, every word.", "Jo Reader", "jo-at-example", "javascript:alert(1)"));
    ASSERT_EQ(bad.status, 422);
    EXPECT_NE(bad.body.find("Please give an email address like name@example.com."), std::string::npos);
    EXPECT_NE(bad.body.find("Please give a web address like https://example.com"), std::string::npos);
    EXPECT_NE(bad.body.find("Kept, every word."), std::string::npos);
    EXPECT_EQ(form_value(bad.body, "author"), "Jo Reader");
    EXPECT_EQ(form_value(bad.body, "email"), "jo-at-example");

    // WordPress's limits, and the site's own for the text.
    set({{"comments.max_length", "100"}});
    struct {
        fields_t f;
        std::string message;
    } const cases[] = {
        {fields("ok", std::string(246, 'n')), "Please keep your name under 245 characters."},
        {fields("ok", "Jo", std::string(95, 'e') + "@x.com"), "Please give an email address like name@example.com."},
        {fields("ok", "Jo", "jo@example.com", "https://example.com/" + std::string(190, 'p')), "Please give a web address"},
        {fields(std::string(101, 'c')), "Please keep your comment under 100 characters (it has 101)."},
        {fields("ok", "Jo\x01"), "Please give your name."},
    };
    for (const auto& c : cases) {
        const auto r = post(c.f);
        EXPECT_EQ(r.status, 422) << c.message;
        EXPECT_NE(r.body.find(c.message), std::string::npos) << c.message;
        const auto j = post(c.f, true);
        EXPECT_EQ(j.status, 422);
        EXPECT_NE(j.body.find("\"errors\":{"), std::string::npos) << j.body;
    }
    EXPECT_EQ(post(fields(std::string(100, 'c'))).status, 303) << "the limit itself is allowed";
    // A website without its scheme is completed; the stored address is http(s) only.
    ASSERT_EQ(post(fields("With a site", "Jo", "jo@example.com", "example.org/about")).status, 303);
    EXPECT_EQ(newest().author_url, "http://example.org/about");
    EXPECT_EQ(newest().author_email, "jo@example.com");
    ASSERT_EQ(post(fields("Upper case", "Jo", "Jo.Reader@Example.COM")).status, 303);
    EXPECT_EQ(newest().author_email, "jo.reader@example.com");
}

TEST_F(Comments, DuplicatesAndFloodsAreRefusedWithAClearMessage) {
    ASSERT_EQ(post(fields("Said once.")).status, 303);
    const auto again = post(fields("Said once."));
    EXPECT_EQ(again.status, 409);
    EXPECT_NE(again.body.find("You have already posted that comment here."), std::string::npos);
    EXPECT_EQ(post(fields("Said once."), true).status, 409);

    set({{"comments.flood_seconds", "15"}});
    const auto flood = post(fields("Said twice, too fast.", "Other", "other@example.com"));
    EXPECT_EQ(flood.status, 429) << "same address within 15 s";
    EXPECT_NE(flood.body.find("You are posting comments too quickly. Please wait 15 seconds"), std::string::npos);
    const auto flood_json = post(fields("Still too fast.", "Other", "other@example.com"), true);
    EXPECT_EQ(flood_json.status, 429);
    EXPECT_EQ(flood_json.header("retry-after"), "15");
    comment_query q;
    EXPECT_EQ(site->db().list_comments(q)->total, 1) << "nothing refused was stored";

    // Staff are exempt.
    const auto mod = sign_in("mia@example.com", "moderator");
    for (const char* text : {"Staff note one.", "Staff note two."}) {
        const auto r = request(site->port(), "POST", "/wp-comments-post.php",
                               {{"Cookie", "gz_session=" + mod.token}, {"Content-Type", "application/x-www-form-urlencoded"}},
                               form_body(fields(text, "Mia", "mia@example.com")));
        EXPECT_EQ(r.status, 303) << text;
        EXPECT_EQ(newest().status, comment_status::approved);
        EXPECT_NE(newest().user_id, 0);
    }
    EXPECT_NE(page().find("comment__badge"), std::string::npos) << "staff comments carry a badge";
}

TEST_F(Comments, TheModerationRulesApplyInTheirOrder) {
    // A known author (one approved comment) so that only the rule under test can hold a comment.
    ASSERT_EQ(post(fields("First.")).status, 303);
    ASSERT_TRUE(site->db().set_comment_status({newest().id}, comment_status::approved, fixed_now));
    auto status_of = [&](const fields_t& f, std::vector<std::pair<std::string, std::string>> headers = {}) {
        const auto r = post(f, false, std::move(headers));
        EXPECT_EQ(r.status, 303) << r.body.substr(0, 300);
        return newest();
    };
    int n = 0;
    auto text = [&](std::string t) { return t + " (" + std::to_string(++n) + ")"; };

    EXPECT_EQ(status_of(fields(text("Known author, clean text."))).status, comment_status::approved);

    set({{"comments.moderation", "1"}});
    auto c = status_of(fields(text("Held by hand.")));
    EXPECT_EQ(c.status, comment_status::pending);
    EXPECT_EQ(c.reason, "Every comment is held for moderation.");
    set({{"comments.moderation", "0"}});

    c = status_of(fields(text("Two links: https://a.example/x and www.b.example")));
    EXPECT_EQ(c.status, comment_status::pending);
    EXPECT_EQ(c.reason, "It has 2 links.");
    EXPECT_EQ(status_of(fields(text("One link: https://a.example/x"))).status, comment_status::approved);

    set({{"comments.moderation_words", "casino\nfree money"}, {"comments.disallowed_words", "viagra\n203.0.113.9"}});
    c = status_of(fields(text("Nice regatta"), "Casino Carl"));
    EXPECT_EQ(c.status, comment_status::pending);
    EXPECT_EQ(c.reason, "It contains “casino”, a word on the moderation list.");
    c = status_of(fields(text("Nice"), "Jo Reader", "jo@example.com", "https://viagra.example"));
    EXPECT_EQ(c.status, comment_status::spam);
    EXPECT_EQ(c.reason, "It contains “viagra”, a disallowed word.");
    c = status_of(fields(text("Nice")), {{"User-Agent", "Mozilla/5.0 VIAGRA-bot"}});
    EXPECT_EQ(c.status, comment_status::spam) << "matched in the user agent, in any case";
    c = status_of(fields(text("Free money and viagra")));
    EXPECT_EQ(c.status, comment_status::pending) << "the moderation list comes first";
    set({{"comments.moderation_words", ""}, {"comments.disallowed_words", ""}});

    auto hp = fields(text("Robot"));
    hp.emplace_back("gz_hp", "http://spam.example");
    c = status_of(hp);
    EXPECT_EQ(c.status, comment_status::spam);
    EXPECT_EQ(c.reason, "A field only robots can see was filled in.");
    auto fast = fields(text("Too quick"));
    fast.emplace_back("gz_elapsed", "900");
    EXPECT_EQ(status_of(fast).status, comment_status::spam);
    auto human = fields(text("Typed by a person"));
    human.emplace_back("gz_elapsed", "48000");
    EXPECT_EQ(status_of(human).status, comment_status::approved);

    // Bans: by email, by address, and not once expired.
    ASSERT_TRUE(site->db().add_ban({0, "email", "jo@example.com", 0, fixed_now}, 0));
    c = status_of(fields(text("Banned")));
    EXPECT_EQ(c.status, comment_status::spam);
    EXPECT_EQ(c.reason, "The sender is banned.");
    ASSERT_TRUE(site->db().add_ban({0, "ip", "127.0.0.1", fixed_now - 1, fixed_now - 100}, 0));
    EXPECT_EQ(status_of(fields(text("Expired ban"), "Al", "al@example.com")).status, comment_status::pending)
        << "an expired address ban does not apply; a first comment waits";
    ASSERT_TRUE(site->db().add_ban({0, "ip", "127.0.0.1", 0, fixed_now}, 0));
    EXPECT_EQ(status_of(fields(text("Banned address"), "Bo", "bo@example.com")).status, comment_status::spam);
}

TEST_F(Comments, WithoutKnownAuthorsCleanCommentsArePublishedAtOnce) {
    set({{"comments.known_authors", "0"}});
    ASSERT_EQ(post(fields("Straight on.", "New Person", "new@example.com")).status, 303);
    EXPECT_EQ(newest().status, comment_status::approved);
}

TEST_F(Comments, ClosedArticlesTakeNoComments) {
    const auto mod = sign_in("mia@example.com", "moderator");
    const std::string toggle = "/admin/articles/" + std::to_string(regatta.id) + "/comments";
    EXPECT_EQ(as(mod, "POST", toggle, "open=0").status, 403) << "no CSRF token";
    ASSERT_EQ(as(mod, "POST", toggle, "open=0", true).status, 200);
    auto html = page();
    EXPECT_NE(html.find("Comments are closed."), std::string::npos);
    EXPECT_EQ(html.find("id=\"commentform\""), std::string::npos);
    const auto refused = post(fields("Too late."));
    EXPECT_EQ(refused.status, 403);
    EXPECT_NE(refused.body.find("Comments are closed"), std::string::npos);
    ASSERT_EQ(as(mod, "POST", toggle, "open=1", true).status, 200);
    EXPECT_NE(page().find("id=\"commentform\""), std::string::npos);

    // After N days: the demo's articles are hours to days old at the fixed clock.
    set({{"comments.close_after_days", "1"}});
    article_query q;
    q.limit = 100;
    int open_seen = 0, closed_seen = 0;
    const auto published = site->db().list_published(q).value();
    for (const auto& a : published.items) {
        auto f = fields("Is this one open? " + a.slug);
        f[0].second = std::to_string(a.id);
        const bool young = fixed_now - a.published_at <= 86400;
        EXPECT_EQ(post(f).status, young ? 303 : 403) << a.slug;
        (young ? open_seen : closed_seen)++;
    }
    EXPECT_GT(open_seen, 0);
    EXPECT_GT(closed_seen, 0);
}

TEST_F(Comments, ThePageScriptGetsJson) {
    set({{"comments.known_authors", "0"}});
    const auto ok = post(fields("Posted inline <b>bold?</b> https://example.com/x"), true);
    ASSERT_EQ(ok.status, 201) << ok.body;
    EXPECT_EQ(ok.header("content-type"), "application/json; charset=utf-8");
    EXPECT_NE(ok.body.find("\"status\":\"approved\""), std::string::npos);
    EXPECT_NE(ok.body.find("\"count_label\":\"1 comment\""), std::string::npos);
    EXPECT_NE(ok.body.find("&lt;b&gt;bold?&lt;/b&gt;"), std::string::npos) << "escaped in the html";
    EXPECT_NE(ok.body.find("rel=\\\"nofollow ugc noopener\\\""), std::string::npos) << ok.body;
    set({{"comments.known_authors", "1"}});
    const auto held = post(fields("Held inline.", "Someone New", "new@example.com"), true);
    ASSERT_EQ(held.status, 202);
    EXPECT_NE(held.body.find("\"status\":\"pending\""), std::string::npos);
    EXPECT_NE(held.body.find("waiting for a moderator"), std::string::npos);
}

TEST_F(Comments, RepliesNestAndLongThreadsPaginate) {
    set({{"comments.known_authors", "0"}, {"comments.thread_depth", "2"}, {"comments.per_page", "5"}});
    ASSERT_EQ(post(fields("Top.")).status, 303);
    const id_t top = newest().id;
    ASSERT_EQ(post(fields("Reply.", "Sam", "sam@example.com", "", top)).status, 303);
    const id_t reply_id = newest().id;
    EXPECT_EQ(newest().depth, 2);
    ASSERT_EQ(post(fields("Deeper.", "Ann", "ann@example.com", "", reply_id)).status, 303);
    EXPECT_EQ(newest().depth, 2) << "capped at the thread depth";
    auto html = page();
    const auto top_at = html.find("id=\"comment-" + std::to_string(top) + "\"");
    const auto reply_at = html.find("id=\"comment-" + std::to_string(reply_id) + "\"");
    const auto children_at = html.find("<ol class=\"children\">", top_at);
    ASSERT_NE(top_at, std::string::npos);
    EXPECT_LT(children_at, reply_at) << "the reply is inside the first comment's children";
    EXPECT_NE(html.find("?replytocom=" + std::to_string(top) + "#respond"), std::string::npos);
    EXPECT_EQ(html.find("?replytocom=" + std::to_string(reply_id) + "#respond"), std::string::npos)
        << "no reply link at the deepest level";
    // A reader cannot answer a comment that is not published.
    set({{"comments.moderation", "1"}});
    ASSERT_EQ(post(fields("Held parent.")).status, 303);
    const id_t held = newest().id;
    const auto orphan = post(fields("To a held one.", "Sam", "sam@example.com", "", held));
    EXPECT_EQ(orphan.status, 422);
    EXPECT_NE(orphan.body.find("The comment you replied to is no longer there."), std::string::npos);
    set({{"comments.moderation", "0"}});
    // Without the script, ?replytocom renders the form answering that comment.
    EXPECT_EQ(form_value(get(site->port(), path + "?replytocom=" + std::to_string(top)).body, "comment_parent"),
              std::to_string(top));

    for (int i = 0; i < 6; ++i) { // 7 threads at 5 a page: two pages
        ASSERT_EQ(post(fields("Thread " + std::to_string(i))).status, 303);
    }
    EXPECT_NE(page().find("comment-page-2/#comments"), std::string::npos);
    const auto second = get(site->port(), path + "comment-page-2/");
    ASSERT_EQ(second.status, 200);
    EXPECT_NE(second.body.find("Thread 5"), std::string::npos);
    EXPECT_EQ(second.body.find("Thread 0"), std::string::npos);
    EXPECT_EQ(get(site->port(), path + "comment-page-3/").status, 404);
    const auto first = get(site->port(), path + "comment-page-1/");
    EXPECT_EQ(first.status, 301);
    EXPECT_EQ(first.header("location"), path);
}

TEST_F(Comments, FiftyConcurrentPostersLoseAndDuplicateNothing) {
    set({{"comments.known_authors", "0"}});
    constexpr int posters = 50;
    std::vector<int> statuses(posters);
    std::vector<std::thread> threads;
    for (int i = 0; i < posters; ++i) {
        threads.emplace_back([&, i] {
            statuses[static_cast<std::size_t>(i)] =
                post(fields("Comment number " + std::to_string(i), "Poster " + std::to_string(i),
                            "poster" + std::to_string(i) + "@example.com"))
                    .status;
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (int i = 0; i < posters; ++i) {
        EXPECT_EQ(statuses[static_cast<std::size_t>(i)], 303) << i;
    }
    comment_query q;
    q.limit = 200;
    const auto stored = site->db().list_comments(q).value();
    EXPECT_EQ(stored.total, posters);
    std::set<std::string> bodies;
    for (const auto& c : stored.items) {
        bodies.insert(c.body);
    }
    EXPECT_EQ(bodies.size(), static_cast<std::size_t>(posters));
    EXPECT_EQ(site->db().find_article(regatta.id)->comment_count, posters);
    // The same comment sent 20 times at once is stored once.
    std::vector<int> dup(20);
    threads.clear();
    for (int i = 0; i < 20; ++i) {
        threads.emplace_back([&, i] { dup[static_cast<std::size_t>(i)] = post(fields("Same words, same time.")).status; });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(std::count(dup.begin(), dup.end(), 303), 1);
    EXPECT_EQ(std::count(dup.begin(), dup.end(), 409), 19);
}

TEST_F(Comments, TheEmailIsOnNoPublicPage) {
    set({{"comments.known_authors", "0"}});
    const std::string email = "very.private.reader@example.net";
    ASSERT_EQ(post(fields("Public words, private address.", "Pat Private", email, "https://pat.example")).status, 303);
    const auto mod = sign_in("mia@example.com", "moderator");
    const auto queue = as(mod, "GET", "/admin/comments?status=approved");
    EXPECT_NE(queue.body.find(email), std::string::npos) << "moderators see it";
    const auto stored_id = newest().id;
    std::vector<std::string> pages{"/", path, path + "?held=1", "/category/sport/", "/author/owen-marsh/", "/tag/rowing/",
                                   "/wp-json/wp/v2/posts", "/wp-json/wp/v2/posts/" + std::to_string(regatta.id),
                                   "/wp-json/wp/v2/users", "/wp-json/wp/v2/comments",
                                   "/wp-json/wp/v2/comments?post=" + std::to_string(regatta.id),
                                   "/wp-json/wp/v2/comments/" + std::to_string(stored_id), "/privacy/"};
    for (const auto& p : pages) {
        const auto r = get(site->port(), p);
        EXPECT_EQ(r.status, 200) << p;
        EXPECT_EQ(r.body.find(email), std::string::npos) << p;
        EXPECT_EQ(r.body.find("very.private"), std::string::npos) << p;
    }
    EXPECT_NE(page().find("Public words, private address."), std::string::npos);
    EXPECT_NE(get(site->port(), "/wp-json/wp/v2/comments").body.find("Public words, private address."), std::string::npos);
    // The JSON answer to the poster carries the comment, not the address.
    const auto j = post(fields("Again, privately.", "Pat Private", email), true);
    EXPECT_EQ(j.body.find(email), std::string::npos);
}

TEST_F(Comments, TheModerationQueueIsForModeratorsAndEveryActionIsOneRequest) {
    ASSERT_EQ(post(fields("Waiting one.", "Wendy", "wendy@example.com")).status, 303);
    const id_t first = newest().id;
    ASSERT_EQ(post(fields("Waiting two, with casino words.", "Will", "will@example.com")).status, 303);
    const id_t second = newest().id;
    ASSERT_EQ(post(fields("Waiting three.", "Wes", "wes@example.com")).status, 303);
    const id_t third = newest().id;

    // Who may see it.
    const auto author = sign_in("arthur@example.com", "author");
    EXPECT_EQ(as(author, "GET", "/admin/comments").status, 403);
    EXPECT_EQ(as(author, "POST", "/admin/comments/" + std::to_string(first) + "/approve", "_csrf=" + author.csrf).status, 403);
    EXPECT_EQ(request(site->port(), "GET", "/admin/comments").status, 303) << "no session: to the sign-in page";
    const auto mod = sign_in("mia@example.com", "moderator");
    const auto queue = as(mod, "GET", "/admin/comments");
    ASSERT_EQ(queue.status, 200);
    for (const char* text : {"Waiting one.", "Waiting two", "Waiting three.", "wendy@example.com", "127.0.0.1",
                             "The first comment from this email address."}) {
        EXPECT_NE(queue.body.find(text), std::string::npos) << text;
    }
    EXPECT_NE(queue.body.find("data-nav-count>3<"), std::string::npos) << "the menu counts what waits";
    EXPECT_NE(as(mod, "GET", "/admin/").body.find("Comments waiting"), std::string::npos);
    // Search by text, email, address; filter by article.
    EXPECT_EQ(as(mod, "GET", "/admin/comments?q=casino").body.find("Waiting one."), std::string::npos);
    EXPECT_NE(as(mod, "GET", "/admin/comments?q=casino").body.find("Waiting two"), std::string::npos);
    EXPECT_NE(as(mod, "GET", "/admin/comments?q=wes%40example.com").body.find("Waiting three."), std::string::npos);
    EXPECT_EQ(as(mod, "GET", "/admin/comments?q=wes%40example.com").body.find("Waiting one."), std::string::npos);
    const auto other_article = as(mod, "GET", "/admin/comments?article=1");
    EXPECT_EQ(other_article.body.find("Waiting one."), std::string::npos);

    // Without the token nothing changes.
    EXPECT_EQ(as(mod, "POST", "/admin/comments/" + std::to_string(first) + "/approve", "").status, 403);
    EXPECT_EQ(site->db().find_comment(first)->status, comment_status::pending);

    // A plain form: 303 back to the queue with a message.
    const auto form = as(mod, "POST", "/admin/comments/" + std::to_string(first) + "/approve",
                         "_csrf=" + mod.csrf + "&back=" + encode("/admin/comments?status=pending"));
    ASSERT_EQ(form.status, 303);
    EXPECT_TRUE(form.header("location").starts_with("/admin/comments?status=pending&done=")) << form.header("location");
    EXPECT_EQ(site->db().find_comment(first)->status, comment_status::approved);
    EXPECT_NE(page().find("Waiting one."), std::string::npos) << "approved: on the article at once";
    // The page's script: JSON with the new counts.
    const auto spam = as(mod, "POST", "/admin/comments/" + std::to_string(second) + "/spam", "", true);
    ASSERT_EQ(spam.status, 200);
    EXPECT_NE(spam.body.find("\"status\":\"spam\""), std::string::npos);
    EXPECT_NE(spam.body.find("\"counts\":{\"pending\":1,\"approved\":1,\"spam\":1,\"trash\":0}"), std::string::npos)
        << spam.body;
    for (const auto& [action, status] : {std::pair{"notspam", comment_status::pending}, std::pair{"trash", comment_status::trash},
                                         std::pair{"restore", comment_status::pending}, std::pair{"approve", comment_status::approved},
                                         std::pair{"unapprove", comment_status::pending}}) {
        ASSERT_EQ(as(mod, "POST", "/admin/comments/" + std::to_string(second) + "/" + action, "", true).status, 200) << action;
        EXPECT_EQ(site->db().find_comment(second)->status, status) << action;
    }
    EXPECT_EQ(page().find("casino words"), std::string::npos) << "unapproved: gone from the article";
    EXPECT_EQ(as(mod, "POST", "/admin/comments/" + std::to_string(second) + "/frobnicate", "", true).status, 404);
    EXPECT_EQ(as(mod, "POST", "/admin/comments/999999/approve", "", true).status, 404);

    // Bulk.
    const auto bulk = as(mod, "POST", "/admin/comments/bulk",
                         "action=trash&ids=" + std::to_string(second) + "&ids=" + std::to_string(third), true);
    ASSERT_EQ(bulk.status, 200) << bulk.body;
    EXPECT_EQ(site->db().find_comment(second)->status, comment_status::trash);
    EXPECT_EQ(site->db().find_comment(third)->status, comment_status::trash);
    EXPECT_EQ(as(mod, "POST", "/admin/comments/bulk", "action=delete&ids=" + std::to_string(third), true).status, 200);
    EXPECT_EQ(site->db().find_comment(third).error(), errc::not_found) << "deleted forever";

    // Edit the text of a published comment: the article follows.
    ASSERT_EQ(as(mod, "POST", "/admin/comments/" + std::to_string(first) + "/edit", "body=" + encode("Waiting one, edited."),
                 true)
                  .status,
              200);
    EXPECT_NE(page().find("Waiting one, edited."), std::string::npos);
    EXPECT_EQ(as(mod, "POST", "/admin/comments/" + std::to_string(first) + "/edit", "body=", true).status, 422);

    // Reply as staff: published with a badge, under the comment.
    ASSERT_EQ(as(mod, "POST", "/admin/comments/" + std::to_string(first) + "/reply", "body=" + encode("Thanks, Wendy."), true)
                  .status,
              200);
    const auto reply = newest();
    EXPECT_EQ(reply.parent_id, first);
    EXPECT_EQ(reply.status, comment_status::approved);
    EXPECT_NE(reply.user_id, 0);
    const auto html = page();
    EXPECT_NE(html.find("Thanks, Wendy."), std::string::npos);
    EXPECT_NE(html.find("comment__badge"), std::string::npos);
    // Replying to one that waits publishes it too.
    ASSERT_EQ(post(fields("Waiting four.", "Wanda", "wanda@example.com")).status, 303);
    const id_t fourth = newest().id;
    ASSERT_EQ(as(mod, "POST", "/admin/comments/" + std::to_string(fourth) + "/reply", "body=" + encode("Noted."), true).status,
              200);
    EXPECT_EQ(site->db().find_comment(fourth)->status, comment_status::approved);

    // Ban an email: its next comment goes to spam; the bans page lists it; lift it.
    ASSERT_EQ(as(mod, "POST", "/admin/comments/bans", "kind=email&value=Wendy%40Example.com&days=0", true).status, 200);
    ASSERT_EQ(post(fields("Back again.", "Wendy", "wendy@example.com")).status, 303);
    EXPECT_EQ(newest().status, comment_status::spam);
    const auto bans = as(mod, "GET", "/admin/comments/bans");
    EXPECT_NE(bans.body.find("wendy@example.com"), std::string::npos);
    const auto ban_id = site->db().list_bans(fixed_now)->front().id;
    EXPECT_EQ(as(mod, "POST", "/admin/comments/bans", "kind=phone&value=1", true).status, 422);
    ASSERT_EQ(as(mod, "POST", "/admin/comments/bans/" + std::to_string(ban_id) + "/delete", "_csrf=" + mod.csrf).status, 303);
    EXPECT_TRUE(site->db().list_bans(fixed_now)->empty());
}

TEST_F(Comments, AnOpenQueueHearsOfNewCommentsAtOnce) {
    EXPECT_EQ(request(site->port(), "GET", "/admin/api/comments/events").status, 401);
    const auto mod = sign_in("mia@example.com", "moderator");
    ASSERT_EQ(post(fields("Before the queue opened.", "Early", "early@example.com")).status, 303);
    const id_t early = newest().id;

    connection stream(site->port());
    stream.send("GET /admin/api/comments/events?after=" + std::to_string(early - 1) +
                " HTTP/1.1\r\nHost: x\r\nCookie: gz_session=" + mod.token + "\r\nAccept: text/event-stream\r\n\r\n");
    // The catch-up first: what arrived after the page was drawn.
    auto got = stream.read_until("Before the queue opened.");
    EXPECT_NE(got.find("Content-Type: text/event-stream"), std::string::npos) << got.substr(0, 400);
    EXPECT_NE(got.find("id: " + std::to_string(early)), std::string::npos);
    // Then each new comment as it is stored.
    ASSERT_EQ(post(fields("Arrived while watching.", "Late", "late@example.com")).status, 303);
    const id_t late = newest().id;
    got = stream.read_until("Arrived while watching.");
    EXPECT_NE(got.find("id: " + std::to_string(late) + "\n"), std::string::npos);
    EXPECT_NE(got.find("\"pending\":2"), std::string::npos);
    // Approving elsewhere sends the new counts.
    ASSERT_EQ(as(mod, "POST", "/admin/comments/" + std::to_string(late) + "/approve", "", true).status, 200);
    got = stream.read_until("\"pending\":1");
    EXPECT_NE(got.find("\"approved\":1"), std::string::npos);
    // The server's shutdown ends the stream (the test site's destructor would hang otherwise).
    site->server().shutdown();
    EXPECT_TRUE(stream.wait_closed());
}

TEST_F(Comments, ReadersAskForTheirDataAndStaffExportOrEraseIt) {
    set({{"comments.known_authors", "0"}});
    ASSERT_EQ(post(fields("Mine, answered.", "Rita", "rita@example.com")).status, 303);
    const id_t answered = newest().id;
    ASSERT_EQ(post(fields("A reply to her.", "Other", "other@example.com", "", answered)).status, 303);
    ASSERT_EQ(post(fields("Mine, alone.", "Rita", "rita@example.com")).status, 303);
    ASSERT_NE(page().find("Mine, alone."), std::string::npos); // cached now

    // The reader's side: the link in the form area, the page, the request.
    EXPECT_NE(page().find("href=\"/privacy/#comments\""), std::string::npos);
    const auto privacy = get(site->port(), "/privacy/");
    ASSERT_EQ(privacy.status, 200);
    EXPECT_NE(privacy.body.find("erased after 60 days"), std::string::npos);
    const auto bad = request(site->port(), "POST", "/privacy/", {{"Content-Type", "application/x-www-form-urlencoded"}},
                             "email=rita&kind=steal");
    EXPECT_EQ(bad.status, 422);
    EXPECT_NE(bad.body.find("Please give an email address like name@example.com."), std::string::npos);
    EXPECT_NE(bad.body.find("Please choose a copy or erasure."), std::string::npos);
    const auto sent = request(site->port(), "POST", "/privacy/", {{"Content-Type", "application/x-www-form-urlencoded"}},
                              "email=Rita%40example.com&kind=erase&note=Please");
    ASSERT_EQ(sent.status, 303);
    EXPECT_EQ(sent.header("location"), "/privacy/?sent=1#request");
    const auto requests = site->db().open_privacy_requests().value();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests.front().email, "rita@example.com");

    // The newsroom's side.
    const auto mod = sign_in("mia@example.com", "moderator");
    const auto list = as(mod, "GET", "/admin/privacy");
    ASSERT_EQ(list.status, 200);
    EXPECT_NE(list.body.find("rita@example.com"), std::string::npos);
    const auto copy = as(mod, "POST", "/admin/privacy/export", "_csrf=" + mod.csrf + "&email=rita%40example.com");
    ASSERT_EQ(copy.status, 200);
    EXPECT_NE(copy.header("content-disposition").find("attachment"), std::string::npos);
    const auto data = boost::json::parse(copy.body);
    ASSERT_EQ(data.at("comments").as_array().size(), 2u);
    EXPECT_EQ(data.at("comments").as_array()[0].at("text").as_string(), "Mine, answered.");
    EXPECT_EQ(data.at("comments").as_array()[0].at("ip_address").as_string(), "127.0.0.1");
    EXPECT_NE(copy.body.find("\n  \"comments\": ["), std::string::npos) << "indented for people";

    ASSERT_EQ(as(mod, "POST", "/admin/privacy/erase", "_csrf=" + mod.csrf + "&email=rita%40example.com").status, 303);
    const auto html = page();
    EXPECT_EQ(html.find("Mine, alone."), std::string::npos);
    EXPECT_EQ(html.find("Mine, answered."), std::string::npos);
    EXPECT_EQ(html.find("Rita"), std::string::npos);
    EXPECT_NE(html.find("[deleted]"), std::string::npos) << "the answered one stays as [deleted]";
    EXPECT_NE(html.find("A reply to her."), std::string::npos) << "and its reply still reads";
    EXPECT_TRUE(boost::json::parse(as(mod, "POST", "/admin/privacy/export", "_csrf=" + mod.csrf + "&email=rita%40example.com").body)
                    .at("comments")
                    .as_array()
                    .empty())
        << "nothing tied to the address is left";
    EXPECT_TRUE(site->db().comments_by_email("rita@example.com")->empty());
    ASSERT_EQ(as(mod, "POST", "/admin/privacy/" + std::to_string(requests.front().id) + "/done", "_csrf=" + mod.csrf).status,
              303);
    EXPECT_TRUE(site->db().open_privacy_requests()->empty());
}

TEST_F(Comments, AddressesAreErasedAfterTheRetentionPeriodAndTheTrashEmpties) {
    // Comments written 61 and 10 days ago; one trashed 31 days ago.
    auto add = [&](const char* text, unix_time at) {
        comment_candidate c;
        c.c.article_id = regatta.id;
        c.c.author_name = "Old";
        c.c.author_email = "old@example.com";
        c.c.body = text;
        c.c.ip = "192.0.2.1";
        c.c.user_agent = "Browser/1";
        c.verdict = {comment_verdict::kind::approve, ""};
        return site->db().add_comments({c}, at).value().front().id;
    };
    const id_t old = add("Long ago.", fixed_now - 61 * 86400);
    const id_t recent = add("Not so long ago.", fixed_now - 10 * 86400);
    const id_t binned = add("Binned.", fixed_now - 40 * 86400);
    ASSERT_TRUE(site->db().set_comment_status({binned}, comment_status::trash, fixed_now - 31 * 86400));
    app::scheduler jobs(site->site(), site->service(), [] { return fixed_now; });
    jobs.run_once();
    EXPECT_EQ(site->db().find_comment(old)->ip, "");
    EXPECT_EQ(site->db().find_comment(old)->user_agent, "");
    EXPECT_EQ(site->db().find_comment(old)->body, "Long ago.") << "the comment itself stays";
    EXPECT_EQ(site->db().find_comment(recent)->ip, "192.0.2.1");
    EXPECT_EQ(site->db().find_comment(binned).error(), errc::not_found);
    // The retention is a setting.
    set({{"comments.retain_ip_days", "5"}});
    app::scheduler again(site->site(), site->service(), [] { return fixed_now; });
    again.run_once();
    EXPECT_EQ(site->db().find_comment(recent)->ip, "");
}

TEST_F(Comments, TheApiListsPublishedCommentsInWordPressShape) {
    ASSERT_EQ(post(fields("Waiting, not public.", "Hal", "hal@example.com")).status, 303);
    const id_t waiting = newest().id;
    set({{"comments.known_authors", "0"}});
    ASSERT_EQ(post(fields("Public one.", "Pia", "pia@example.com", "https://pia.example")).status, 303);
    const id_t shown = newest().id;
    const auto list = get(site->port(), "/wp-json/wp/v2/comments?post=" + std::to_string(regatta.id));
    ASSERT_EQ(list.status, 200);
    EXPECT_EQ(list.header("x-wp-total"), "1");
    const auto arr = boost::json::parse(list.body).as_array();
    ASSERT_EQ(arr.size(), 1u);
    const auto& c = arr.front().as_object();
    EXPECT_EQ(c.at("id").as_int64(), shown);
    EXPECT_EQ(c.at("post").as_int64(), regatta.id);
    EXPECT_EQ(c.at("author_name").as_string(), "Pia");
    EXPECT_EQ(c.at("author_url").as_string(), "https://pia.example");
    EXPECT_EQ(c.at("content").at("rendered").as_string(), "<p>Public one.</p>\n");
    EXPECT_EQ(c.at("link").as_string(), "http://gazette.test" + path + "#comment-" + std::to_string(shown));
    EXPECT_EQ(get(site->port(), "/wp-json/wp/v2/comments/" + std::to_string(shown)).status, 200);
    const auto hidden = get(site->port(), "/wp-json/wp/v2/comments/" + std::to_string(waiting));
    EXPECT_EQ(hidden.status, 404);
    EXPECT_NE(hidden.body.find("rest_comment_invalid_id"), std::string::npos);
    EXPECT_EQ(get(site->port(), "/wp-json/wp/v2/comments?post=999999").status, 404);
    EXPECT_EQ(get(site->port(), "/wp-json/wp/v2/comments?per_page=0").status, 400);
}

// Each payload of a corpus as the comment, the name and the website: the page showing the error (what
// was typed, in the form), the JSON for the page's script, and the article page itself stay inert.
void run_corpus(Comments& t, const std::string& file) {
    std::ifstream in(file);
    ASSERT_TRUE(in) << file;
    std::vector<std::string> payloads;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.size() < 2000) {
            payloads.push_back(line);
        }
    }
    ASSERT_GT(payloads.size(), 50u);
    t.set({{"comments.known_authors", "0"}, {"comments.max_links", "0"}, {"comments.per_page", "500"}});
    // Error pages come from another article, which never gets a comment, so their baseline holds.
    const auto other = t.site->db().find_published_by_slug("flood-warning-linnet-quay-street-barrier-raised").value();
    auto on_other = [&](fields_t f) {
        f[0].second = std::to_string(other.id);
        return f;
    };
    const auto baseline_error = t.post(on_other(t.fields("harmless words", "harmless words", "not-an-email", ""))).body;
    const auto baseline_one = t.post(t.fields("harmless words", "harmless words", "h@example.com"), true).body;
    std::size_t n = 0, stored = 0;
    for (const auto& payload : payloads) {
        std::string email = "p";
        email += std::to_string(++n);
        email += "@example.com";
        // With an address that fails its check: the form comes back holding the payload everywhere.
        const auto error_page = t.post(on_other(t.fields(payload, payload, "not-an-email", payload)));
        ASSERT_EQ(error_page.status, 422);
        auto findings = xss_findings(error_page.body, baseline_error);
        ASSERT_TRUE(findings.empty()) << "error page, payload: " << payload << "\n" << findings.front();
        // Stored and shown: as the comment and the name (and the website when it passes its check).
        auto r = t.post(t.fields(payload, payload, email, payload), true);
        if (r.status == 422) {
            r = t.post(t.fields(payload, payload, email, ""), true);
        }
        if (r.status == 409 || r.status == 422) {
            continue; // a payload that trims to nothing, or repeats an earlier one
        }
        ASSERT_EQ(r.status, 201) << payload << "\n" << r.body;
        ++stored;
        const auto html = boost_json_html(r.body);
        findings = xss_findings(html, boost_json_html(baseline_one));
        ASSERT_TRUE(findings.empty()) << "comment html, payload: " << payload << "\n" << findings.front();
    }
    EXPECT_GT(stored, payloads.size() * 9 / 10) << "most payloads were stored and shown, not just refused";
    // The whole page with every payload on it: no handler attributes, no script URLs anywhere.
    const auto full = get(t.site->port(), t.path).body;
    const auto findings = xss_findings(full, full);
    EXPECT_TRUE(findings.empty()) << findings.front();
    const auto mod = t.sign_in("mia@example.com", "moderator");
    const auto queue = t.as(mod, "GET", "/admin/comments?status=approved");
    const auto queue_findings = xss_findings(queue.body, queue.body);
    EXPECT_TRUE(queue_findings.empty()) << queue_findings.front();
    // The API: every comment's rendered HTML, as a client would insert it.
    std::size_t listed = 0;
    for (int page_no = 1;; ++page_no) {
        const auto r = get(t.site->port(), "/wp-json/wp/v2/comments?post=" + std::to_string(t.regatta.id) +
                                               "&per_page=100&page=" + std::to_string(page_no));
        ASSERT_EQ(r.status, 200);
        const auto arr = boost::json::parse(r.body).as_array();
        if (arr.empty()) {
            break;
        }
        std::string rendered;
        for (const auto& c : arr) {
            rendered += std::string(c.at("content").at("rendered").as_string());
            ASSERT_FALSE(c.as_object().contains("author_email"));
        }
        const auto api_findings = xss_findings(rendered, rendered);
        ASSERT_TRUE(api_findings.empty()) << api_findings.front();
        listed += arr.size();
    }
    EXPECT_EQ(listed, stored + 1); // and the harmless baseline comment
}

TEST_F(Comments, PayloadBoxCorpusNeverRuns) {
    run_corpus(*this, std::string(GAZETTE_TESTDATA) + "/xss-payloadbox/xss-payload-list.txt");
}

TEST_F(Comments, Html5SecCorpusNeverRuns) {
    run_corpus(*this, std::string(GAZETTE_TESTDATA) + "/xss-html5sec/vectors.txt");
}

} // namespace
} // namespace gazette::test
