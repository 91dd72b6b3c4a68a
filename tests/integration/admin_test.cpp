// The newsroom's doors: sign-in with CSRF and throttling, sessions, sign-out (here and everywhere), and
// the rule that no /admin route answers or changes anything without a valid session and token.
#include "accounts/sessions.hpp"
#include "accounts/users.hpp"
#include "analytics/page_views.hpp"
#include "admin/editor.hpp"
#include "admin/pages.hpp"
#include "app/routes.hpp"
#include "core/text.hpp"
#include "core/zone.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/failing_store.hpp"
#include "support/http_client.hpp"
#include "support/test_site.hpp"

#include <gtest/gtest.h>

#include <fmt/format.h>

#include <regex>

namespace gazette::test {
namespace {

constexpr const char* password = "a long enough passphrase";


// "name=value; Path=..." → "value".
std::string cookie_value(const std::string& set_cookie) {
    const auto eq = set_cookie.find('=');
    return set_cookie.substr(eq + 1, set_cookie.find(';') - eq - 1);
}

std::string encode(std::string_view s) { return text::url_encode(s); }

struct Admin : ::testing::Test {
    std::unique_ptr<test_site> site = std::make_unique<test_site>();
    std::uint16_t port() const { return site->port(); }

    void SetUp() override {
        std::string message;
        ASSERT_TRUE(accounts::add_user(site->db(), {"ed@example.com", "Edna Editor", "editor", password, ""},
                                       fixed_now, message))
            << message;
    }

    // A sign-in attempt from a fresh browser: fetch the form (and its CSRF cookie), post it.
    reply sign_in(const std::string& email, const std::string& pass, const std::string& next = {}) {
        const auto form = get(port(), "/admin/login");
        EXPECT_EQ(form.status, 200);
        const auto csrf_cookie = cookie_value(form.header("set-cookie"));
        const auto csrf = form_value(form.body, "_csrf");
        EXPECT_EQ(csrf, csrf_cookie);
        std::string body = "_csrf=" + csrf + "&email=" + encode(email) + "&password=" + encode(pass);
        if (!next.empty()) {
            body += "&next=" + encode(next);
        }
        return request(port(), "POST", "/admin/login",
                       {{"Cookie", "gz_login=" + csrf_cookie}, {"Content-Type", "application/x-www-form-urlencoded"}},
                       body);
    }

    std::string session_of(const reply& r) {
        const auto c = r.header("set-cookie");
        EXPECT_TRUE(c.starts_with("gz_session=")) << c;
        return cookie_value(c);
    }

    reply as(const std::string& session, const std::string& method, const std::string& target,
             const std::string& body = {}) {
        return request(port(), method, target,
                       {{"Cookie", "gz_session=" + session}, {"Content-Type", "application/x-www-form-urlencoded"}},
                       body);
    }

    std::string csrf_for(const std::string& session) { return form_value(as(session, "GET", "/admin/").body, "_csrf"); }
};

TEST_F(Admin, EveryNewsroomRouteNeedsASession) {
    auto r = get(port(), "/admin/");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.header("location"), "/admin/login?next=/admin/");
    r = get(port(), "/admin/articles?status=draft");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.header("location"), "/admin/login?next=/admin/articles%3Fstatus%3Ddraft");
    EXPECT_EQ(request(port(), "POST", "/admin/logout").status, 401);
    EXPECT_EQ(as("not-a-real-session-token-at-all-0000000000", "GET", "/admin/").status, 303);
    for (const auto& rt : app::routes()) {
        if (rt.who == app::access::anyone) {
            EXPECT_FALSE(rt.pattern.starts_with("/admin/") && rt.pattern != "/admin/login") << rt.pattern;
        }
    }
}

TEST_F(Admin, SignInOutAndBackToTheDashboard) {
    const auto r = sign_in("ed@example.com", password, "/admin/articles");
    ASSERT_EQ(r.status, 303) << r.body;
    EXPECT_EQ(r.header("location"), "/admin/articles");
    const auto cookie = r.header("set-cookie");
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
    const auto session = session_of(r);
    EXPECT_EQ(session.size(), 43u);

    auto dash = as(session, "GET", "/admin/");
    ASSERT_EQ(dash.status, 200);
    EXPECT_NE(dash.body.find("Edna Editor"), std::string::npos);
    EXPECT_EQ(dash.header("cache-control"), "no-store");
    EXPECT_EQ(as(session, "GET", "/admin/articles").status, 200);
    // The database holds only a hash of the token.
    EXPECT_EQ(site->db().find_session(session).error(), errc::not_found);
    EXPECT_TRUE(site->db().find_session(accounts::token_id(session)));

    const auto out = as(session, "POST", "/admin/logout", "_csrf=" + csrf_for(session));
    EXPECT_EQ(out.status, 303);
    EXPECT_EQ(out.header("location"), "/admin/login?signed_out=1");
    EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
    EXPECT_EQ(as(session, "GET", "/admin/").status, 303); // the session is gone
}

TEST_F(Admin, WrongPasswordAndUnknownAccountLookTheSame) {
    const auto wrong = sign_in("ed@example.com", "not the password");
    const auto unknown = sign_in("nobody@example.com", "not the password");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(unknown.status, 401);
    EXPECT_NE(wrong.body.find("Email or password is incorrect."), std::string::npos);
    EXPECT_NE(unknown.body.find("Email or password is incorrect."), std::string::npos);
    EXPECT_EQ(form_value(wrong.body, "email"), "ed@example.com"); // what was typed is kept
    EXPECT_TRUE(wrong.header("set-cookie").find("gz_session") == std::string::npos);
}

TEST_F(Admin, SignInWithoutTheFormsTokenIsRefused) {
    const auto r = request(port(), "POST", "/admin/login", {{"Content-Type", "application/x-www-form-urlencoded"}},
                           "email=ed%40example.com&password=" + encode(password));
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.header("set-cookie").find("gz_session"), std::string::npos);
}

TEST_F(Admin, RepeatedFailuresAreThrottled) {
    for (std::size_t i = 0; i < accounts::max_failures_per_account; ++i) {
        ASSERT_EQ(sign_in("ed@example.com", "guess " + std::to_string(i)).status, 401);
    }
    const auto r = sign_in("ed@example.com", password); // even the right password waits now
    EXPECT_EQ(r.status, 429);
    EXPECT_FALSE(r.header("retry-after").empty());
    EXPECT_NE(r.body.find("Too many failed sign-ins"), std::string::npos);
}

TEST_F(Admin, StateChangesWithoutTheCsrfTokenChangeNothing) {
    const auto session = session_of(sign_in("ed@example.com", password));
    EXPECT_EQ(as(session, "POST", "/admin/logout").status, 403);
    EXPECT_EQ(as(session, "POST", "/admin/logout", "_csrf=wrong").status, 403);
    EXPECT_EQ(as(session, "POST", "/admin/logout-everywhere", "_csrf=").status, 403);
    EXPECT_EQ(as(session, "GET", "/admin/").status, 200); // still signed in
}

TEST_F(Admin, SignOutEverywhereEndsEverySession) {
    const auto first = session_of(sign_in("ed@example.com", password));
    const auto second = session_of(sign_in("ed@example.com", password));
    EXPECT_EQ(as(second, "POST", "/admin/logout-everywhere", "_csrf=" + csrf_for(second)).status, 303);
    EXPECT_EQ(as(first, "GET", "/admin/").status, 303);
    EXPECT_EQ(as(second, "GET", "/admin/").status, 303);
}

TEST_F(Admin, NewsroomPagesAreNeverCached) {
    const auto session = session_of(sign_in("ed@example.com", password));
    const auto before = site->site().cache().size();
    ASSERT_EQ(as(session, "GET", "/admin/").status, 200);
    ASSERT_EQ(as(session, "GET", "/admin/articles").status, 200);
    EXPECT_EQ(site->site().cache().size(), before);
    EXPECT_EQ(get(port(), "/admin/").status, 303); // a reader after the editor sees no cached dashboard
}

TEST_F(Admin, OnlyAdminsChangeSettingsAndTheSiteShowsThemAtOnce) {
    const auto editor = session_of(sign_in("ed@example.com", password));
    const auto editor_csrf = csrf_for(editor);
    EXPECT_EQ(as(editor, "GET", "/admin/settings").status, 403);
    EXPECT_EQ(
        as(editor, "POST", "/admin/settings", "_csrf=" + editor_csrf + "&site.name=Hijacked&site.posts_per_page=5").status,
        403);
    EXPECT_EQ(site->site().settings()->name, "The Riverton Gazette");

    std::string message;
    ASSERT_TRUE(accounts::add_user(site->db(), {"boss@example.com", "Ada Admin", "admin", password, ""}, fixed_now,
                                   message));
    const auto admin = session_of(sign_in("boss@example.com", password));
    const auto csrf = csrf_for(admin);
    const auto form = as(admin, "GET", "/admin/settings");
    ASSERT_EQ(form.status, 200);
    EXPECT_EQ(form_value(form.body, "site.name"), "The Riverton Gazette");
    EXPECT_NE(form.body.find("<option selected>UTC</option>"), std::string::npos);
    EXPECT_NE(form.body.find("<option>Europe/London</option>"), std::string::npos);
    ASSERT_NE(get(port(), "/").body.find("The Riverton Gazette"), std::string::npos); // cached now
    EXPECT_EQ(as(admin, "POST", "/admin/settings", "site.name=No+token&site.posts_per_page=5").status, 403);

    // Every bad value is named beside its field; what was typed stays; nothing is stored.
    const auto bad = as(admin, "POST", "/admin/settings",
                        "_csrf=" + csrf +
                            "&site.name=Riverton+Evening+Post&site.posts_per_page=0&site.timezone=Mars%2FOlympus"
                            "&site.language=english!&site.logo=%2Fmedia%2Fuploads%2Fnope.png");
    EXPECT_EQ(bad.status, 422);
    EXPECT_EQ(form_value(bad.body, "site.name"), "Riverton Evening Post");
    EXPECT_EQ(form_value(bad.body, "site.language"), "english!");
    EXPECT_NE(bad.body.find("Use a whole number from 1 to 50."), std::string::npos);
    EXPECT_NE(bad.body.find("Use a time zone name from the list"), std::string::npos);
    EXPECT_NE(bad.body.find("Use a language tag like en"), std::string::npos);
    EXPECT_NE(bad.body.find("That image is not in the media library."), std::string::npos);
    EXPECT_EQ(site->site().settings()->name, "The Riverton Gazette");
    EXPECT_FALSE(*site->db().get_setting("site.posts_per_page"));

    const auto ok = as(admin, "POST", "/admin/settings",
                       "_csrf=" + csrf +
                           "&site.name=Riverton+Evening+Post&site.tagline=Since+1887&site.posts_per_page=2"
                           "&site.language=en-GB&site.timezone=Pacific%2FKiritimati&site.logo=");
    ASSERT_EQ(ok.status, 303);
    const auto front = get(port(), "/").body;
    EXPECT_NE(front.find("Riverton Evening Post"), std::string::npos);
    EXPECT_NE(front.find("Since 1887"), std::string::npos);
    EXPECT_NE(front.find("<html lang=\"en-GB\">"), std::string::npos);
    EXPECT_EQ(**site->db().get_setting("site.posts_per_page"), "2");
    // Two per page: Maria Okafor's five articles now need three pages.
    EXPECT_NE(get(port(), "/author/maria-okafor/").body.find("/author/maria-okafor/page/2/"), std::string::npos);
    // Dates follow the zone: 10:00 UTC on Wednesday 25 November is midnight on the 26th on Kiritimati (UTC+14).
    EXPECT_NE(front.find("Thursday 26 November 2026"), std::string::npos);
    const auto page = get(port(), site->article_path("rowing-regatta"));
    ASSERT_EQ(page.status, 200);
    const auto regatta = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet");
    ASSERT_TRUE(regatta);
    const auto kiritimati = time_zone::load("Pacific/Kiritimati");
    EXPECT_NE(page.body.find(timefmt::human_datetime(*kiritimati, regatta->published_at)), std::string::npos);
    EXPECT_NE(timefmt::human_datetime(*kiritimati, regatta->published_at).find(" +14"), std::string::npos);
    EXPECT_NE(page.body.find("+14:00\""), std::string::npos) << "machine-readable times carry the offset";
}

TEST_F(Admin, EditorsManageSectionsAndEveryPageFollows) {
    std::string message;
    ASSERT_TRUE(accounts::add_user(site->db(), {"au@example.com", "Arthur Author", "author", password, ""}, fixed_now,
                                   message));
    const auto author = session_of(sign_in("au@example.com", password));
    EXPECT_EQ(as(author, "GET", "/admin/sections").status, 403); // the wrong role
    EXPECT_EQ(as(author, "POST", "/admin/sections", "_csrf=" + csrf_for(author) + "&name=Weather&position=9").status,
              403);
    EXPECT_EQ(site->db().find_category_by_slug("weather").error(), errc::not_found);

    const auto editor = session_of(sign_in("ed@example.com", password));
    const auto csrf = csrf_for(editor);
    ASSERT_EQ(as(editor, "GET", "/admin/sections").status, 200);
    const auto article_path = site->article_path("rowing-regatta");
    ASSERT_EQ(get(port(), article_path).body.find("/category/weather/"), std::string::npos); // cached now

    const auto taken = as(editor, "POST", "/admin/sections", "_csrf=" + csrf + "&name=Weather&slug=news&position=9");
    EXPECT_EQ(taken.status, 422);
    EXPECT_NE(taken.body.find("already uses the slug"), std::string::npos);
    EXPECT_EQ(form_value(taken.body, "name"), "Weather");

    ASSERT_EQ(as(editor, "POST", "/admin/sections", "_csrf=" + csrf + "&name=Weather&position=0").status, 303);
    EXPECT_NE(get(port(), article_path).body.find("/category/weather/"), std::string::npos); // in every nav at once
    EXPECT_EQ(get(port(), "/category/weather/").status, 200);
    auto cats = site->db().list_categories();
    ASSERT_GE(cats->size(), 2u);
    EXPECT_EQ(cats->at(1).slug, "weather"); // order 0, after News (also 0) by name, before Council (1)

    const auto id = site->db().find_category_by_slug("weather")->id;
    ASSERT_EQ(as(editor, "POST", "/admin/sections/" + std::to_string(id) + "/edit",
                 "_csrf=" + csrf + "&name=Weather+%26+climate&slug=weather&position=99")
                  .status,
              303);
    EXPECT_EQ(site->db().list_categories()->back().name, "Weather & climate");
    EXPECT_NE(get(port(), "/").body.find("Weather &amp; climate"), std::string::npos);

    // A subsection: its own page, not in the menu; a section cannot go under its own subsection.
    ASSERT_EQ(as(editor, "POST", "/admin/sections",
                 "_csrf=" + csrf + "&name=Tides&position=5&parent=" + std::to_string(id)).status,
              303);
    const auto tides = site->db().find_category_by_slug("tides");
    ASSERT_TRUE(tides);
    EXPECT_EQ(tides->parent_id, id);
    EXPECT_EQ(get(port(), "/category/tides/").status, 200);
    const auto front = get(port(), "/").body;
    const auto nav = front.substr(0, front.find("</nav>"));
    EXPECT_NE(nav.find("/category/weather/"), std::string::npos) << "the menu is where the test looks";
    EXPECT_EQ(nav.find("/category/tides/"), std::string::npos) << "the menu lists top-level sections";
    const auto cycle = as(editor, "POST", "/admin/sections/" + std::to_string(id) + "/edit",
                          "_csrf=" + csrf + "&name=Weather&slug=weather&position=9&parent=" + std::to_string(tides->id));
    EXPECT_EQ(cycle.status, 422);
    EXPECT_NE(cycle.body.find("cannot sit under itself or one of its own subsections"), std::string::npos);
    EXPECT_EQ(as(editor, "POST", "/admin/sections", "_csrf=" + csrf + "&name=Nowhere&position=5&parent=99999").status,
              422);
}

TEST_F(Admin, ChangingYourPasswordSignsOutEverywhereElse) {
    const auto other = session_of(sign_in("ed@example.com", password));
    const auto mine = session_of(sign_in("ed@example.com", password));
    const auto csrf = csrf_for(mine);
    ASSERT_EQ(as(mine, "GET", "/admin/account").status, 200);
    const auto wrong = as(mine, "POST", "/admin/account/password",
                          "_csrf=" + csrf + "&current=not+it&password=brand+new+phrase&password_again=brand+new+phrase");
    EXPECT_EQ(wrong.status, 422);
    EXPECT_NE(wrong.body.find("not your current password"), std::string::npos);
    EXPECT_EQ(wrong.body.find("brand new phrase"), std::string::npos); // passwords are never shown back
    const auto mismatch = as(mine, "POST", "/admin/account/password",
                             "_csrf=" + csrf + "&current=" + encode(password) +
                                 "&password=brand+new+phrase&password_again=brand+new+phrasf");
    EXPECT_EQ(mismatch.status, 422);
    EXPECT_EQ(as(mine, "POST", "/admin/account/password",
                 "current=" + encode(password) + "&password=brand+new+phrase&password_again=brand+new+phrase")
                  .status,
              403); // no token
    const auto ok = as(mine, "POST", "/admin/account/password",
                       "_csrf=" + csrf + "&current=" + encode(password) +
                           "&password=brand+new+phrase&password_again=brand+new+phrase");
    ASSERT_EQ(ok.status, 303);
    const auto renewed = session_of(ok);
    EXPECT_EQ(as(renewed, "GET", "/admin/").status, 200); // this browser stays signed in
    EXPECT_EQ(as(other, "GET", "/admin/").status, 303);   // the others do not
    EXPECT_EQ(as(mine, "GET", "/admin/").status, 303);
    EXPECT_EQ(sign_in("ed@example.com", password).status, 401);
    EXPECT_EQ(sign_in("ed@example.com", "brand new phrase").status, 303);
}

TEST_F(Admin, EditorsRenameMergeAndDeleteTags) {
    const auto editor = session_of(sign_in("ed@example.com", password));
    const auto csrf = csrf_for(editor);
    ASSERT_EQ(as(editor, "GET", "/admin/tags").status, 200);
    const auto article = site->article_path("flood-warning");
    ASSERT_NE(get(port(), article).body.find("River Linnet"), std::string::npos); // cached now
    const auto tag = site->db().find_tag_by_slug("river-linnet");
    ASSERT_TRUE(tag);
    const std::string base = "/admin/tags/" + std::to_string(tag->id);
    EXPECT_EQ(as(editor, "POST", base + "/rename", "name=The+Linnet&slug=linnet").status, 403); // no token
    const auto taken = as(editor, "POST", base + "/rename", "_csrf=" + csrf + "&name=Flooding&slug=flooding");
    EXPECT_EQ(taken.status, 422);
    ASSERT_EQ(as(editor, "POST", base + "/rename", "_csrf=" + csrf + "&name=The+Linnet&slug=linnet").status, 303);
    EXPECT_NE(get(port(), article).body.find("The Linnet"), std::string::npos); // every page follows
    EXPECT_EQ(get(port(), "/tag/linnet/").status, 200);
    EXPECT_EQ(get(port(), "/tag/river-linnet/").status, 404);
    EXPECT_EQ(as(editor, "POST", base + "/delete", "_csrf=" + csrf).status, 409); // articles carry it

    // A tag left on no article can go.
    articles::draft d;
    d.headline = "Tagged draft";
    d.author_id = site->db().find_user_by_slug("maria-okafor")->id;
    d.category_id = site->db().find_category_by_slug("news")->id;
    d.tags = {"Orphan tag"};
    std::string message;
    const auto id = site->service().create(d, message);
    ASSERT_TRUE(id) << message;
    d.tags.clear();
    d.expected_revision = 1;
    ASSERT_TRUE(site->service().update(*id, d, message)) << message;
    const auto orphan = site->db().find_tag_by_slug("orphan-tag");
    ASSERT_TRUE(orphan);
    EXPECT_EQ(as(editor, "POST", "/admin/tags/" + std::to_string(orphan->id) + "/delete", "_csrf=" + csrf).status, 303);
    EXPECT_EQ(site->db().find_tag_by_slug("orphan-tag").error(), errc::not_found);

    // Two tags for one subject become one: every article that had either has the one kept.
    const auto flooding = site->db().find_tag_by_slug("flooding").value();
    const auto linnet = site->db().find_tag_by_slug("linnet").value();
    auto carrying = [&](id_t tag_id) {
        article_query q;
        q.tag_id = tag_id;
        q.limit = 100;
        return site->db().list_published(q).value().items.size();
    };
    const auto with_flooding = carrying(flooding.id);
    const auto with_linnet = carrying(linnet.id);
    ASSERT_GT(with_flooding, 0u);
    const auto tags_page = as(editor, "GET", "/admin/tags").body;
    EXPECT_NE(tags_page.find("<option value=\"" + std::to_string(flooding.id) + "\">"), std::string::npos);
    EXPECT_EQ(as(editor, "POST", "/admin/tags/merge",
                 "from=" + std::to_string(flooding.id) + "&into=" + std::to_string(linnet.id))
                  .status,
              403); // no token
    const auto same = as(editor, "POST", "/admin/tags/merge",
                         "_csrf=" + csrf + "&from=" + std::to_string(linnet.id) + "&into=" + std::to_string(linnet.id));
    EXPECT_EQ(same.status, 422);
    EXPECT_NE(same.body.find("Choose two different tags."), std::string::npos);
    const auto flood_article = site->article_path("flood-warning");
    ASSERT_NE(get(port(), flood_article).body.find(">Flooding<"), std::string::npos); // cached with the old tag
    ASSERT_EQ(as(editor, "POST", "/admin/tags/merge",
                 "_csrf=" + csrf + "&from=" + std::to_string(flooding.id) + "&into=" + std::to_string(linnet.id))
                  .status,
              303);
    EXPECT_EQ(site->db().find_tag_by_slug("flooding").error(), errc::not_found);
    EXPECT_GE(carrying(linnet.id), with_linnet);
    EXPECT_LE(carrying(linnet.id), with_linnet + with_flooding); // articles with both keep one
    EXPECT_EQ(get(port(), "/tag/flooding/").status, 404);
    EXPECT_EQ(get(port(), flood_article).body.find(">Flooding<"), std::string::npos);
    const auto gone = as(editor, "POST", "/admin/tags/merge",
                         "_csrf=" + csrf + "&from=" + std::to_string(flooding.id) + "&into=" + std::to_string(linnet.id));
    EXPECT_EQ(gone.status, 422);
}

TEST(AdminRules, RolesAndAccess) {
    using app::access;
    EXPECT_TRUE(app::allowed(access::staff, role::author));
    EXPECT_TRUE(app::allowed(access::editor, role::editor));
    EXPECT_FALSE(app::allowed(access::editor, role::author));
    EXPECT_FALSE(app::allowed(access::editor, role::moderator));
    EXPECT_TRUE(app::allowed(access::moderator, role::moderator));
    EXPECT_FALSE(app::allowed(access::moderator, role::agent));
    EXPECT_TRUE(app::allowed(access::agent, role::agent));
    EXPECT_FALSE(app::allowed(access::admin, role::editor));
    EXPECT_TRUE(app::allowed(access::admin, role::admin));
}

TEST_F(Admin, PageViewsAreCountedPrivatelyAndChartedOnTheDashboard) {
    const std::string today = timefmt::local_day(*time_zone::utc(), fixed_now);
    auto views_today = [&] {
        EXPECT_TRUE(site->site().flush_views());
        const auto days = site->db().views_per_day(today, today).value();
        return days.empty() ? std::int64_t{0} : days.front().second;
    };
    auto views_of = [&](id_t id) {
        for (const auto& [a, n] : site->db().most_viewed(today, today, 100).value()) {
            if (a.id == id) {
                return n;
            }
        }
        return std::int64_t{0};
    };
    const auto regatta = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet").value();
    const auto path = site->article_path("rowing-regatta");
    const std::int64_t before = views_today();
    const std::int64_t regatta_before = views_of(regatta.id);
    const std::vector<std::pair<std::string, std::string>> browser{
        {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120 Safari/537.36"}};

    const auto first = get(port(), path, browser); // rendered
    ASSERT_EQ(first.status, 200);
    EXPECT_EQ(first.header("set-cookie"), "") << "counting needs no cookie";
    ASSERT_EQ(get(port(), path, browser).status, 200); // from the cache
    ASSERT_EQ(get(port(), "/", browser).status, 200);  // a page that is not an article
    // Not readers: a HEAD, a robot, a prefetch, a missing page, the newsroom.
    connection head(port());
    head.send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(head.read(true).status, 200);
    EXPECT_EQ(get(port(), path, {{"User-Agent", "Mozilla/5.0 (compatible; Googlebot/2.1)"}}).status, 200);
    EXPECT_EQ(get(port(), path, {{"Sec-Purpose", "prefetch"}}).status, 200);
    EXPECT_EQ(get(port(), "/no-such-page/", browser).status, 404);
    EXPECT_EQ(get(port(), "/admin/login", browser).status, 200);

    EXPECT_EQ(views_today() - before, 3);
    EXPECT_EQ(views_of(regatta.id) - regatta_before, 2);
    EXPECT_EQ(views_today() - before, 3) << "a flush stores each view once";

    // The dashboard: inline SVG drawn on the server, most-read list, nothing from elsewhere.
    const auto editor = session_of(sign_in("ed@example.com", password));
    ASSERT_EQ(get(port(), path, browser).status, 200); // counted, not yet stored: the dashboard stores it first
    const auto dash = as(editor, "GET", "/admin/");
    ASSERT_EQ(dash.status, 200);
    EXPECT_NE(dash.body.find("<svg class=\"chart__svg\""), std::string::npos);
    std::size_t bars = 0;
    for (auto at = dash.body.find("<rect class=\"chart__bar\""); at != std::string::npos;
         at = dash.body.find("<rect class=\"chart__bar\"", at + 1)) {
        ++bars;
    }
    EXPECT_EQ(bars, 30u);
    const auto today_views = site->db().views_per_day(today, today).value().front().second;
    EXPECT_EQ(today_views - before, 4);
    std::string shown = std::to_string(today_views); // as the dashboard writes it: 1,234
    for (int i = static_cast<int>(shown.size()) - 3; i > 0; i -= 3) {
        shown = shown.substr(0, static_cast<std::size_t>(i)) + "," + shown.substr(static_cast<std::size_t>(i));
    }
    EXPECT_NE(dash.body.find("<strong>" + shown + "</strong> today"), std::string::npos) << shown;
    EXPECT_NE(dash.body.find("Most read, last 30 days"), std::string::npos);
    const auto thirty_days_ago = timefmt::local_day(*time_zone::utc(), fixed_now - 29 * 86400);
    const auto top = site->db().most_viewed(thirty_days_ago, today, 5).value();
    ASSERT_EQ(top.size(), 5u);
    for (const auto& [a, n] : top) {
        EXPECT_NE(dash.body.find(text::html_escape(a.headline)), std::string::npos) << a.headline;
    }
    EXPECT_EQ(dash.body.find("<script src=\"http"), std::string::npos);
}

TEST(AdminRules, UnstoredViewsWaitForTheNextFlush) {
    temp_dir dir;
    auto db = std::move(*sqlite::open({dir.path() / "g.db", 2, true}));
    failing_store failing(*db);
    analytics::view_counter counter;
    counter.count(7);
    counter.count(7);
    counter.count(0);
    failing.fail_call(0);
    EXPECT_FALSE(analytics::flush(counter, failing, "2026-11-25"));
    EXPECT_TRUE(db->views_per_day("2026-11-25", "2026-11-25")->empty());
    counter.count(7);
    EXPECT_TRUE(analytics::flush(counter, failing, "2026-11-25")); // fails once only
    const auto days = db->views_per_day("2026-11-25", "2026-11-25").value();
    ASSERT_EQ(days.size(), 1u);
    EXPECT_EQ(days.front().second, 4);
    EXPECT_TRUE(counter.take().empty());
}

TEST(AdminRules, PublishTimesFromTheForm) {
    const auto& utc = *time_zone::utc();
    EXPECT_EQ(timefmt::parse_datetime_local(utc, "2026-11-25T10:00"), fixed_now);
    EXPECT_EQ(timefmt::parse_datetime_local(utc, "2026-11-25T10:00:15"), fixed_now + 15);
    EXPECT_EQ(timefmt::datetime_local(utc, fixed_now), "2026-11-25T10:00");
    for (const char* bad : {"2026-02-31T10:00", "2026-11-25 10:00", "2026-11-25T25:00", "tomorrow", "2026-11-25T10:00:61",
                            "2026-11-25T10:00:1"}) {
        EXPECT_FALSE(timefmt::parse_datetime_local(utc, bad)) << bad;
    }
    // In the site's zone: 10:00 in New York in November is 15:00 UTC.
    const auto ny = time_zone::load("America/New_York");
    ASSERT_TRUE(ny);
    EXPECT_EQ(timefmt::parse_datetime_local(*ny, "2026-11-25T10:00"), fixed_now + 5 * 3600);
    EXPECT_EQ(timefmt::datetime_local(*ny, fixed_now), "2026-11-25T05:00");
}

TEST(AdminRules, NextStaysInsideTheNewsroom) {
    EXPECT_EQ(admin::safe_next("/admin/articles?status=draft"), "/admin/articles?status=draft");
    for (const char* bad : {"https://evil.example/", "//evil.example/admin/", "/admin//evil", "/\\evil", "/", "/admin",
                            "javascript:alert(1)"}) {
        EXPECT_EQ(admin::safe_next(bad), "/admin/") << bad;
    }
}

TEST(Sessions, ExpireWhenIdleAndAtTheirAbsoluteAge) {
    test_site s;
    std::string message;
    auto id = accounts::add_user(s.db(), {"a@example.com", "A", "author", password, ""}, fixed_now, message);
    ASSERT_TRUE(id) << message;
    unix_time now = fixed_now;
    accounts::sessions sessions(s.db(), [&] { return now; });
    const auto token = *sessions.open(*id);
    now += accounts::session_idle_seconds - 10;
    ASSERT_TRUE(sessions.resume(token)); // used: last_seen moves on
    now += accounts::session_idle_seconds - 10;
    ASSERT_TRUE(sessions.resume(token));
    now += accounts::session_idle_seconds + 1; // idle too long
    EXPECT_EQ(sessions.resume(token).error(), errc::not_found);

    const auto busy = *sessions.open(*id);
    const unix_time opened = now;
    while (now + accounts::session_idle_seconds / 2 < opened + accounts::session_max_seconds) {
        now += accounts::session_idle_seconds / 2;
        ASSERT_TRUE(sessions.resume(busy));
    }
    now = opened + accounts::session_max_seconds + 1;
    EXPECT_EQ(sessions.resume(busy).error(), errc::not_found); // past the absolute age, however busy
}

} // namespace
} // namespace gazette::test
