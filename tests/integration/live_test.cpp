// Breaking news and live coverage pushed to open pages (/live, server-sent events; docs/live.md): events
// on publication, resuming with Last-Event-ID without gaps, live entries in order with edits and
// deletions, the page rendered whole without JavaScript, LiveBlogPosting JSON-LD, coverage ending by
// itself.
#include "app/scheduler.hpp"
#include "app/settings.hpp"
#include "core/text.hpp"
#include "support/http_client.hpp"
#include "support/staff.hpp"
#include "support/test_site.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

namespace gazette::test {
namespace {

namespace json = boost::json;

struct event {
    std::int64_t id = 0;
    std::string name;
    json::object data;
};

// The events in a stream's text so far (complete ones: ending with a blank line).
std::vector<event> parse(const std::string& raw) {
    std::vector<event> out;
    std::size_t at = 0;
    for (;;) {
        const auto end = raw.find("\n\n", at);
        if (end == std::string::npos) {
            break;
        }
        event e;
        for (const auto line : text::split(std::string_view(raw).substr(at, end - at), '\n')) {
            if (line.starts_with("id: ")) {
                e.id = text::to_int(line.substr(4), 0, INT64_MAX).value_or(0);
            } else if (line.starts_with("event: ")) {
                e.name = std::string(line.substr(7));
            } else if (line.starts_with("data: ")) {
                e.data = json::parse(line.substr(6)).as_object();
            }
        }
        if (!e.name.empty()) {
            out.push_back(std::move(e));
        }
        at = end + 2;
    }
    return out;
}

// An open /live stream.
struct stream {
    connection c;
    std::string raw;
    stream(std::uint16_t port, const std::string& extra = "") : c(port) {
        c.send("GET /live HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n");
        raw = c.read_until("retry: ");
    }
    // Reads until there are at least n events; returns them all.
    std::vector<event> events(std::size_t n) {
        for (;;) {
            auto all = parse(raw.substr(raw.find("\r\n\r\n") + 4));
            if (all.size() >= n) {
                return all;
            }
            const auto more = c.read_until("\n"); // whatever comes next (events are lines)
            if (more.empty()) {
                return all; // closed
            }
            raw += more;
        }
    }
};

struct Live : ::testing::Test {
    std::unique_ptr<test_site> site = std::make_unique<test_site>();

    // A published (or not) article in the demo's first article's section, by its author.
    id_t publish(const std::string& headline, bool breaking, article_status status = article_status::published) {
        const auto model = site->db().find_published_by_slug("mill-lane-bakery-marks-75-years-with-riverside-cafe");
        EXPECT_TRUE(model);
        articles::draft d;
        d.headline = headline;
        d.body_md = "First paragraph.";
        d.author_id = model->author_id;
        d.category_id = model->category_id;
        d.status = status;
        d.breaking = breaking;
        std::string message;
        auto id = site->service().create(d, message);
        EXPECT_TRUE(id) << message;
        return id ? *id : 0;
    }
};

TEST_F(Live, BreakingNewsAndNewStoriesReachOpenPages) {
    stream s(site->port());
    EXPECT_NE(s.raw.find("Content-Type: text/event-stream"), std::string::npos);
    EXPECT_NE(s.raw.find("retry: 5000"), std::string::npos);
    const auto id = publish("Ferry aground at Linnet Quay", true);
    auto events = s.events(2);
    ASSERT_GE(events.size(), 2u);
    EXPECT_EQ(events[0].name, "published");
    EXPECT_EQ(events[1].name, "breaking");
    EXPECT_LT(events[0].id, events[1].id);
    const auto& b = events[1].data;
    EXPECT_EQ(b.at("id").as_int64(), id);
    EXPECT_EQ(b.at("headline").as_string(), "Ferry aground at Linnet Quay");
    EXPECT_TRUE(std::string(b.at("url").as_string()).ends_with("/ferry-aground-at-linnet-quay/"));
    EXPECT_TRUE(b.at("active").as_bool());
    // Every page starts its stream at the newest event.
    EXPECT_NE(get(site->port(), "/").body.find(fmt::format("data-since=\"{}\"", events[1].id)), std::string::npos);
    // Not breaking any more: the banner goes.
    auto d = articles::draft_of(site->db().find_article(id).value());
    d.breaking = false;
    std::string message;
    ASSERT_TRUE(site->service().update(id, d, message)) << message;
    events = s.events(3);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[2].name, "breaking");
    EXPECT_FALSE(events[2].data.at("active").as_bool());
    // A draft is nobody's news.
    publish("Draft about the ferry", true, article_status::draft);
    publish("Quiet story", false);
    events = s.events(4);
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[3].name, "published") << "the draft said nothing";
    EXPECT_EQ(events[3].data.at("headline").as_string(), "Quiet story");
}

TEST_F(Live, AReconnectingClientGetsEverythingItMissedAndNothingElse) {
    std::int64_t seen = 0;
    {
        stream s(site->port());
        publish("One", false);
        const auto events = s.events(1);
        ASSERT_EQ(events.size(), 1u);
        seen = events[0].id;
    } // the connection drops
    publish("Two", false);
    publish("Three", true);
    stream back(site->port(), fmt::format("Last-Event-ID: {}\r\n", seen));
    const auto events = back.events(3);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].data.at("headline").as_string(), "Two");
    EXPECT_EQ(events[1].data.at("headline").as_string(), "Three");
    EXPECT_EQ(events[1].name, "published");
    EXPECT_EQ(events[2].name, "breaking");
    EXPECT_GT(events[0].id, seen);
    // ?since= does the same for a page's first connection (the header wins when both are there).
    connection c(site->port());
    c.send(fmt::format("GET /live?since={} HTTP/1.1\r\nHost: t\r\n\r\n", seen));
    const auto raw = c.read_until("\"Three\"");
    EXPECT_NE(raw.find("\"Two\""), std::string::npos);
    EXPECT_EQ(raw.find("\"One\""), std::string::npos);
}

TEST_F(Live, APagesFirstConnectionReplaysMinutesNotHours) {
    // An hour-old event (say, an update to another article's live blog): a page rendered before it and
    // still served from the cache did not need it, and its first connection does not get it; a client
    // reconnecting with Last-Event-ID does.
    const auto before = site->db().last_live_event().value();
    const auto old = site->db().add_live_event("update", R"({"article_id":1,"action":"delete","entry_id":7})",
                                               fixed_now - 3600);
    ASSERT_TRUE(old);
    publish("Fresh", false);
    connection first(site->port());
    first.send(fmt::format("GET /live?since={} HTTP/1.1\r\nHost: t\r\n\r\n", before));
    const auto raw = first.read_until("\"Fresh\"");
    EXPECT_EQ(raw.find("\"entry_id\":7"), std::string::npos);
    connection again(site->port());
    again.send(fmt::format("GET /live HTTP/1.1\r\nHost: t\r\nLast-Event-ID: {}\r\n\r\n", before));
    const auto all = again.read_until("\"Fresh\"");
    EXPECT_NE(all.find("\"entry_id\":7"), std::string::npos);
}

struct LiveCoverage : Live {
    staff_session edna = sign_in_as(*site, "edna@example.com", "Edna Editor", "editor");
    id_t article = 0;
    std::string path, base;
    void SetUp() override {
        article = site->db().find_published_by_slug("mill-lane-bakery-marks-75-years-with-riverside-cafe").value().id;
        path = site->article_path("mill-lane-bakery");
        base = fmt::format("/admin/articles/{}/live", article);
    }
    reply post(const std::string& target, const std::string& body, const staff_session& who) {
        return request(site->port(), "POST", target,
                       {{"Cookie", who.cookie()}, {"Content-Type", "application/x-www-form-urlencoded"}},
                       "_csrf=" + who.csrf + "&" + body);
    }
    id_t entry_id(const event& e) { return e.data.at("entry_id").as_int64(); }
};

TEST_F(LiveCoverage, EntriesArriveInOrderEditsAndDeletionsFollowAndThePageShowsThemWithoutJavaScript) {
    EXPECT_EQ(post(base + "/entries", "body=Too+early", edna).status, 422) << "not live yet";
    stream s(site->port());
    EXPECT_EQ(post(base, "action=start", edna).status, 303);
    for (const char* text : {"Crowds+gather+at+the+new+cafe.", "**The+ribbon+is+cut.**&key=1", "Free+buns+run+out."}) {
        EXPECT_EQ(post(base + "/entries", std::string("body=") + text, edna).status, 303);
    }
    auto events = s.events(4);
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0].data.at("action").as_string(), "status");
    EXPECT_EQ(events[0].data.at("status").as_string(), "live");
    std::vector<id_t> entries;
    for (std::size_t i = 1; i < 4; ++i) {
        EXPECT_EQ(events[i].name, "update");
        EXPECT_EQ(events[i].data.at("article_id").as_int64(), article);
        EXPECT_EQ(events[i].data.at("action").as_string(), "add");
        entries.push_back(entry_id(events[i]));
    }
    EXPECT_TRUE(std::is_sorted(entries.begin(), entries.end()));
    EXPECT_NE(std::string(events[2].data.at("html").as_string()).find("<strong>The ribbon is cut.</strong>"),
              std::string::npos);
    EXPECT_TRUE(events[2].data.at("key").as_bool());
    // The page, as a reader without JavaScript (or a crawler) gets it: newest first, labelled live.
    auto page = get(site->port(), path).body;
    const auto first = page.find("Crowds gather"), second = page.find("The ribbon is cut"), third = page.find("Free buns");
    ASSERT_NE(first, std::string::npos);
    EXPECT_LT(third, second);
    EXPECT_LT(second, first);
    EXPECT_NE(page.find("live-label--live"), std::string::npos);
    EXPECT_NE(page.find(fmt::format("href=\"#update-{}\"", entries[1])), std::string::npos) << "in the key events";
    // An edit and a deletion reach open pages, and the page.
    EXPECT_EQ(post(fmt::format("{}/entries/{}", base, entries[2]), "body=Free+buns+are+back.", edna).status, 303);
    EXPECT_EQ(post(fmt::format("{}/entries/{}/delete", base, entries[0]), "", edna).status, 303);
    events = s.events(6);
    ASSERT_EQ(events.size(), 6u);
    EXPECT_EQ(events[4].data.at("action").as_string(), "edit");
    EXPECT_EQ(entry_id(events[4]), entries[2]);
    EXPECT_NE(std::string(events[4].data.at("html").as_string()).find("Free buns are back."), std::string::npos);
    EXPECT_EQ(events[5].data.at("action").as_string(), "delete");
    EXPECT_EQ(entry_id(events[5]), entries[0]);
    page = get(site->port(), path).body;
    EXPECT_EQ(page.find("Crowds gather"), std::string::npos);
    EXPECT_NE(page.find("Free buns are back."), std::string::npos);
    // Ending it: labelled so, announced.
    EXPECT_EQ(post(base, "action=end", edna).status, 303);
    events = s.events(7);
    ASSERT_EQ(events.size(), 7u);
    EXPECT_EQ(events[6].data.at("status").as_string(), "ended");
    EXPECT_NE(get(site->port(), path).body.find("live-label--ended"), std::string::npos);
}

TEST_F(LiveCoverage, TheNewsroomChecksWhatIsPostedAndWhoPostsIt) {
    EXPECT_EQ(post(base, "action=start", edna).status, 303);
    auto r = post(base + "/entries", "body=", edna);
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("Write the update."), std::string::npos);
    r = post(base + "/entries", "body=Picture&image_url=javascript:alert(1)", edna);
    EXPECT_EQ(r.status, 422);
    r = post(base + "/entries", "body=" + std::string(20001, 'x'), edna);
    EXPECT_EQ(r.status, 422);
    // Without the token: refused, nothing stored.
    r = request(site->port(), "POST", base + "/entries",
                {{"Cookie", edna.cookie()}, {"Content-Type", "application/x-www-form-urlencoded"}}, "body=Sneaky");
    EXPECT_EQ(r.status, 403);
    // An author may cover only their own articles; readers not at all.
    const auto amy = sign_in_as(*site, "amy@example.com", "Amy Author", "author");
    EXPECT_EQ(post(base + "/entries", "body=Not+mine", amy).status, 403);
    EXPECT_EQ(request(site->port(), "POST", base + "/entries", {{"Content-Type", "application/x-www-form-urlencoded"}},
                      "body=Anonymous")
                  .status,
              401);
    EXPECT_TRUE(site->db().list_live_entries(article)->empty());
    // Markdown is escaped: no raw HTML from an entry.
    EXPECT_EQ(post(base + "/entries", "body=" + text::url_encode("<script>alert(1)</script> hi"), edna).status, 303);
    EXPECT_EQ(get(site->port(), path).body.find("<script>alert(1)"), std::string::npos);
}

TEST_F(LiveCoverage, ThePageCarriesLiveBlogPostingJsonLd) {
    EXPECT_EQ(post(base, "action=start", edna).status, 303);
    EXPECT_EQ(post(base + "/entries", "body=" + text::url_encode("Doors open at nine.\nQueue round the block."), edna).status, 303);
    EXPECT_EQ(post(base + "/entries", "key=1&body=" + text::url_encode("</script><script>alert(1)</script> Ribbon cut"), edna).status,
              303);
    const auto page = get(site->port(), path).body;
    const std::string open = "<script type=\"application/ld+json\">";
    const auto at = page.find(open);
    ASSERT_NE(at, std::string::npos);
    const auto end = page.find("</script>", at);
    const auto ld = json::parse(page.substr(at + open.size(), end - at - open.size())).as_object();
    EXPECT_EQ(ld.at("@context").as_string(), "https://schema.org");
    EXPECT_EQ(ld.at("@type").as_string(), "LiveBlogPosting");
    EXPECT_EQ(ld.at("headline").as_string(), site->db().find_article(article)->headline);
    EXPECT_TRUE(ld.at("coverageStartTime").as_string().ends_with("+00:00"));
    EXPECT_FALSE(ld.contains("coverageEndTime"));
    const auto& updates = ld.at("liveBlogUpdate").as_array();
    ASSERT_EQ(updates.size(), 2u);
    for (const auto& u : updates) {
        EXPECT_EQ(u.at("@type").as_string(), "BlogPosting");
        EXPECT_FALSE(u.at("headline").as_string().empty());
        EXPECT_FALSE(u.at("datePublished").as_string().empty());
        EXPECT_FALSE(u.at("articleBody").as_string().empty());
        EXPECT_TRUE(std::string(u.at("url").as_string()).find("#update-") != std::string::npos);
    }
    EXPECT_EQ(updates[1].at("headline").as_string(), "Doors open at nine.");
    EXPECT_NE(std::string(updates[0].at("articleBody").as_string()).find("</script><script>"), std::string::npos)
        << "carried as text inside the JSON";
    EXPECT_EQ(page.find("</script><script>alert(1)"), std::string::npos) << "but it cannot end the script element";
    EXPECT_EQ(ld.at("author").at("@type").as_string(), "Person");
    EXPECT_EQ(ld.at("publisher").at("name").as_string(), site->site().settings()->name);
    // Ended: the end time is there.
    EXPECT_EQ(post(base, "action=end", edna).status, 303);
    const auto ended = get(site->port(), path).body;
    EXPECT_NE(ended.find("\"coverageEndTime\""), std::string::npos);
}

TEST_F(LiveCoverage, CoverageEndsByItselfAfterHoursWithoutAnUpdate) {
    EXPECT_EQ(post(base, "action=start", edna).status, 303);
    stream s(site->port());
    app::scheduler soon(site->site(), site->service(), [] { return fixed_now + 23 * 3600; });
    soon.run_once();
    EXPECT_TRUE(site->db().find_live(article)->live) << "23 hours: still live";
    app::scheduler later(site->site(), site->service(), [] { return fixed_now + 25 * 3600; });
    later.run_once();
    EXPECT_FALSE(site->db().find_live(article)->live);
    const auto events = s.events(1);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].data.at("status").as_string(), "ended");
    const auto changed = app::change_settings(site->db(), {{"live.auto_end_hours", "0"}});
    ASSERT_TRUE(changed);
    EXPECT_EQ(changed->errors.size(), 1u) << "at least an hour";
}

} // namespace
} // namespace gazette::test
