// Feeds, sitemaps and robots.txt, checked by third-party validators from Debian: Atom against RFC 4287's
// RELAX NG schema (jing), JSON Feed against the 1.1 JSON Schema (python3-jsonschema), sitemaps against
// sitemaps.org's and Google News's XSDs (xmllint); RSS 2.0 (no schema exists) by its required elements.
// Also: comment feeds carry approved comments only, never an email, and no markup from readers.
#include "app/settings.hpp"
#include "articles/views.hpp"
#include "feeds/websub.hpp"
#include "http/client.hpp"
#include "http/server.hpp"
#include "core/text.hpp"
#include "support/html_scan.hpp"
#include "support/command.hpp"
#include "support/http_client.hpp"
#include "support/test_site.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <optional>
#include <fstream>

namespace gazette::test {
namespace {

namespace json = boost::json;

const std::string testdata = GAZETTE_TESTDATA;

struct Feeds : ::testing::Test {
    std::unique_ptr<test_site> site = std::make_unique<test_site>();
    temp_dir dir;

    // Fetches a path into a file; the reply too.
    std::pair<std::string, reply> fetch(const std::string& path, const std::string& name) {
        auto r = get(site->port(), path);
        const auto file = (dir.path() / name).string();
        std::ofstream(file, std::ios::binary) << r.body;
        return {file, r};
    }
    void valid_atom(const std::string& path) {
        auto [file, r] = fetch(path, "feed.atom");
        ASSERT_EQ(r.status, 200) << path;
        EXPECT_EQ(r.header("content-type"), "application/atom+xml; charset=utf-8");
        const auto [status, out] = run_command(fmt::format("jing -c {}/atom-rnc/atom.rnc {}", testdata, file));
        EXPECT_EQ(status, 0) << path << ": " << out;
    }
    void valid_json_feed(const std::string& path) {
        auto [file, r] = fetch(path, "feed.json");
        ASSERT_EQ(r.status, 200) << path;
        EXPECT_EQ(r.header("content-type"), "application/feed+json; charset=utf-8");
        const auto [status, out] = run_command(fmt::format(
            "python3 -c 'import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), "
            "json.load(open(sys.argv[2])))' {} {}/jsonfeed-1.1/schema-v1.1.json",
            file, testdata));
        EXPECT_EQ(status, 0) << path << ": " << out;
    }
    // RSS 2.0's required elements: channel title, link, description; each item a title or a description;
    // and what we promise: guid, pubDate, full content, the self link.
    pugi::xml_document valid_rss(const std::string& path) {
        auto r = get(site->port(), path);
        EXPECT_EQ(r.status, 200) << path;
        EXPECT_EQ(r.header("content-type"), "application/rss+xml; charset=utf-8");
        pugi::xml_document doc;
        EXPECT_TRUE(doc.load_string(r.body.c_str())) << path;
        auto rss = doc.child("rss");
        EXPECT_STREQ(rss.attribute("version").value(), "2.0");
        auto ch = rss.child("channel");
        for (const char* name : {"title", "link", "description"}) {
            EXPECT_TRUE(ch.child(name)) << path << " channel/" << name;
        }
        EXPECT_STREQ(ch.child("atom:link").attribute("rel").value(), "self");
        EXPECT_EQ(std::string(ch.child("atom:link").attribute("href").value()), "http://gazette.test" + path);
        for (auto item : ch.children("item")) {
            EXPECT_TRUE(item.child("title") || item.child("description"));
            EXPECT_TRUE(item.child("guid")) << path;
            EXPECT_TRUE(timefmt::parse_http_date(item.child_value("pubDate"))) << item.child_value("pubDate");
            EXPECT_TRUE(item.child("content:encoded")) << path;
        }
        return doc;
    }
    void valid_xml(const std::string& path, const std::string& schema) {
        auto [file, r] = fetch(path, "sitemap.xml");
        ASSERT_EQ(r.status, 200) << path;
        EXPECT_EQ(r.header("content-type"), "application/xml; charset=utf-8");
        const auto [status, out] = run_command(fmt::format("xmllint --noout --schema {} {}", schema, file));
        EXPECT_EQ(status, 0) << path << ": " << out;
    }
};

TEST_F(Feeds, RssAtomAndJsonFeedOfTheSiteAndOfEachSectionTagAndAuthorValidate) {
    const auto doc = valid_rss("/feed/");
    const auto items = doc.child("rss").child("channel").children("item");
    const auto count = std::distance(items.begin(), items.end());
    EXPECT_EQ(count, 16) << "every demo article";
    // Full content, as the page has it.
    const auto flood = site->db().find_published_by_slug("flood-warning-linnet-quay-street-barrier-raised").value();
    bool found = false;
    for (auto item : items) {
        if (std::string(item.child_value("title")) == flood.headline) {
            found = true;
            EXPECT_EQ(std::string(item.child_value("content:encoded")), flood.body_html);
            EXPECT_EQ(std::string(item.child_value("guid")), fmt::format("http://gazette.test/?p={}", flood.id));
            EXPECT_EQ(std::string(item.child_value("link")), "http://gazette.test" + site->article_path("flood-warning"));
        }
    }
    EXPECT_TRUE(found);
    valid_atom("/feed/atom/");
    valid_json_feed("/feed/json/");
    const auto jf = json::parse(get(site->port(), "/feed/json/").body).as_object();
    EXPECT_EQ(jf.at("items").as_array().size(), 16u);
    for (const std::string base : {"/category/news/", "/tag/flooding/", "/author/maria-okafor/"}) {
        const auto page = get(site->port(), base);
        ASSERT_EQ(page.status, 200) << base;
        EXPECT_NE(page.body.find(fmt::format("href=\"http://gazette.test{}feed/\"", base)), std::string::npos)
            << base << ": its feed is discoverable";
        valid_rss(base + "feed/");
        valid_atom(base + "feed/atom/");
        valid_json_feed(base + "feed/json/");
    }
    EXPECT_EQ(get(site->port(), "/category/no-such-section/feed/").status, 404);
    // Every page names the site's feeds in its head.
    const auto front = get(site->port(), "/").body;
    for (const char* type : {"application/rss+xml", "application/atom+xml", "application/feed+json"}) {
        EXPECT_NE(front.find(fmt::format("<link rel=\"alternate\" type=\"{}\"", type)), std::string::npos) << type;
    }
}

TEST_F(Feeds, FeedsAnswerConditionalRequests) {
    const auto first = get(site->port(), "/feed/");
    ASSERT_EQ(first.status, 200);
    ASSERT_FALSE(first.header("etag").empty());
    EXPECT_TRUE(timefmt::parse_http_date(first.header("last-modified")));
    EXPECT_EQ(get(site->port(), "/feed/", {{"If-None-Match", first.header("etag")}}).status, 304);
}

TEST_F(Feeds, AnArticlesCommentFeedHasItsApprovedCommentsAndNeverAnEmailOrMarkup) {
    auto r = app::change_settings(site->db(), {{"comments.flood_seconds", "0"}});
    ASSERT_TRUE(r && r->errors.empty());
    ASSERT_TRUE(site->site().reload_settings());
    const auto a = site->db().find_published_by_slug("rowing-regatta-returns-to-the-linnet").value();
    const auto path = site->article_path("rowing-regatta");
    // Payloads from the corpus as comments (the first 100), then all approved but one.
    std::ifstream corpus(testdata + "/xss-payloadbox/xss-payload-list.txt");
    std::string line;
    int posted = 0;
    while (posted < 100 && std::getline(corpus, line)) {
        if (text::trim(line).empty()) {
            continue;
        }
        const auto body = fmt::format("comment_post_ID={}&comment={}&author={}&email={}", a.id, text::url_encode(line),
                                      text::url_encode("Reader " + std::to_string(posted)),
                                      text::url_encode(fmt::format("secret{}@example.com", posted)));
        const auto answer = request(site->port(), "POST", "/wp-comments-post.php",
                                    {{"Content-Type", "application/x-www-form-urlencoded"}}, body);
        if (answer.status == 303) {
            ++posted;
        }
    }
    comment_query q;
    q.article_id = a.id;
    q.limit = 500;
    auto all = site->db().list_comments(q).value();
    std::vector<id_t> ids;
    for (const auto& c : all.items) {
        ids.push_back(c.id);
    }
    ASSERT_GT(ids.size(), 50u);
    const id_t held = ids.back();
    ids.pop_back();
    ASSERT_TRUE(site->db().set_comment_status(ids, comment_status::approved, fixed_now));
    site->site().cache().clear();
    const auto doc = valid_rss(path + "feed/");
    const auto body = get(site->port(), path + "feed/").body;
    EXPECT_EQ(body.find("@example.com"), std::string::npos) << "no email in a comment feed";
    std::size_t items = 0;
    for (auto item : doc.child("rss").child("channel").children("item")) {
        ++items;
        // Only what comment text becomes (paragraphs, line breaks, links to http(s) addresses), and nothing
        // the scanner calls dangerous.
        const std::string html = item.child_value("content:encoded");
        for (const auto& tag : scan_tags(html)) {
            EXPECT_TRUE(tag.name == "p" || tag.name == "br" || tag.name == "a") << tag.name << " in " << html;
        }
        EXPECT_TRUE(xss_findings(html, "").empty()) << html;
        EXPECT_FALSE(std::string(item.child_value("link")).ends_with(fmt::format("#comment-{}", held)))
            << "the held comment is not in the feed";
    }
    EXPECT_EQ(items, std::min<std::size_t>(ids.size(), 50));
    // Its date must be the article's own.
    EXPECT_EQ(get(site->port(), "/2020/01/01/rowing-regatta-returns-to-the-linnet/feed/").status, 404);
}

TEST_F(Feeds, SitemapsAndRobotsValidateAndListEveryPublicPage) {
    const auto schemas = testdata + "/sitemap-schemas";
    valid_xml("/sitemap.xml", schemas + "/siteindex.xsd");
    const auto index = get(site->port(), "/sitemap.xml").body;
    for (const char* child : {"/sitemap-articles-1.xml", "/sitemap-sections.xml", "/sitemap-tags.xml", "/sitemap-authors.xml"}) {
        EXPECT_NE(index.find(std::string("http://gazette.test") + child), std::string::npos) << child;
        valid_xml(child, schemas + "/sitemap.xsd");
    }
    const auto articles = get(site->port(), "/sitemap-articles-1.xml").body;
    std::size_t locs = 0;
    for (auto at = articles.find("<loc>"); at != std::string::npos; at = articles.find("<loc>", at + 1)) {
        ++locs;
    }
    EXPECT_EQ(locs, 16u);
    EXPECT_NE(articles.find("<lastmod>"), std::string::npos);
    EXPECT_EQ(get(site->port(), "/sitemap-articles-2.xml").status, 404);
    EXPECT_EQ(get(site->port(), "/sitemap-articles-x.xml").status, 404);
    // No pages (the demo has none): no pages sitemap, which would have to list at least one address.
    EXPECT_EQ(index.find("sitemap-pages"), std::string::npos);
    EXPECT_EQ(get(site->port(), "/sitemap-pages.xml").status, 404);
    // The News sitemap: its own namespace, validated with both schemas.
    const auto wrapper = (dir.path() / "news-wrapper.xsd").string();
    std::ofstream(wrapper) << fmt::format(
        "<xsd:schema xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
        "<xsd:import namespace=\"http://www.sitemaps.org/schemas/sitemap/0.9\" schemaLocation=\"{0}/sitemap.xsd\"/>"
        "<xsd:import namespace=\"http://www.google.com/schemas/sitemap-news/0.9\" schemaLocation=\"{0}/sitemap-news.xsd\"/>"
        "</xsd:schema>",
        schemas);
    valid_xml("/news-sitemap.xml", wrapper);
    const auto news = get(site->port(), "/news-sitemap.xml").body;
    EXPECT_NE(news.find("<news:title>"), std::string::npos) << "the demo has articles from the last two days";
    const auto robots = get(site->port(), "/robots.txt");
    EXPECT_EQ(robots.header("content-type"), "text/plain; charset=utf-8");
    EXPECT_NE(robots.body.find("Sitemap: http://gazette.test/sitemap.xml"), std::string::npos);
    EXPECT_NE(robots.body.find("Sitemap: http://gazette.test/news-sitemap.xml"), std::string::npos);
    EXPECT_NE(robots.body.find("Disallow: /admin/"), std::string::npos);
}

// The content attribute of <meta property|name="key" content="..."> in a page (first one); empty if absent.
std::string meta(const std::string& html, const std::string& attr, const std::string& key) {
    const auto at = html.find(fmt::format("<meta {}=\"{}\" content=\"", attr, key));
    if (at == std::string::npos) {
        return {};
    }
    const auto start = html.find("content=\"", at) + 9;
    return html.substr(start, html.find('"', start) - start);
}

TEST_F(Feeds, AnArticlesHeadHasOpenGraphTwitterAndNewsArticleForCrawlers) {
    const auto a = site->db().find_published_by_slug("flood-warning-linnet-quay-street-barrier-raised").value();
    const auto url = "http://gazette.test" + site->article_path("flood-warning");
    const auto html = get(site->port(), site->article_path("flood-warning")).body;
    EXPECT_NE(html.find(fmt::format("<link rel=\"canonical\" href=\"{}\">", url)), std::string::npos);
    EXPECT_EQ(meta(html, "property", "og:type"), "article");
    EXPECT_EQ(meta(html, "property", "og:url"), url);
    EXPECT_EQ(meta(html, "property", "og:site_name"), site->site().settings()->name);
    EXPECT_EQ(meta(html, "property", "og:image"), "http://gazette.test" + a.image_url);
    EXPECT_FALSE(meta(html, "property", "og:description").empty());
    EXPECT_TRUE(meta(html, "property", "article:published_time").ends_with("+00:00"));
    EXPECT_TRUE(meta(html, "property", "article:modified_time").ends_with("+00:00"));
    EXPECT_EQ(meta(html, "property", "article:author"), "http://gazette.test/author/maria-okafor/");
    EXPECT_EQ(meta(html, "property", "article:section"), "News");
    EXPECT_NE(html.find("<meta property=\"article:tag\" content=\""), std::string::npos);
    EXPECT_EQ(meta(html, "name", "twitter:card"), "summary_large_image");
    EXPECT_FALSE(meta(html, "name", "description").empty());
    // NewsArticle JSON-LD with what Google asks for.
    const std::string open = "<script type=\"application/ld+json\">";
    std::optional<json::object> news;
    for (auto at = html.find(open); at != std::string::npos; at = html.find(open, at + 1)) {
        const auto start = at + open.size();
        auto v = json::parse(html.substr(start, html.find("</script>", start) - start)).as_object();
        if (v.at("@type").as_string() == "NewsArticle") {
            news = std::move(v);
        }
    }
    ASSERT_TRUE(news);
    EXPECT_EQ(news->at("@context").as_string(), "https://schema.org");
    EXPECT_EQ(news->at("headline").as_string(), a.headline);
    EXPECT_EQ(news->at("image").as_array()[0].as_string(), "http://gazette.test" + a.image_url);
    EXPECT_TRUE(news->at("datePublished").as_string().ends_with("+00:00"));
    EXPECT_TRUE(news->at("dateModified").as_string().ends_with("+00:00"));
    EXPECT_EQ(news->at("author").as_array()[0].at("name").as_string(), "Maria Okafor");
    EXPECT_EQ(news->at("author").as_array()[0].at("url").as_string(), "http://gazette.test/author/maria-okafor/");
    EXPECT_EQ(news->at("publisher").at("name").as_string(), site->site().settings()->name);
    EXPECT_FALSE(news->at("publisher").at("logo").at("url").as_string().empty());
    EXPECT_EQ(news->at("mainEntityOfPage").at("@id").as_string(), url);
    EXPECT_EQ(news->at("articleSection").as_string(), "News");
}

TEST_F(Feeds, OtherSitesEmbedOurArticlesThroughOEmbed) {
    const auto path = site->article_path("flood-warning");
    const auto url = "http://gazette.test" + path;
    const auto html = get(site->port(), path).body;
    const auto discovery = fmt::format("<link rel=\"alternate\" type=\"application/json+oembed\" href=\"http://gazette.test/oembed?url={}\"",
                                       text::url_encode(url));
    EXPECT_NE(html.find(discovery), std::string::npos);
    const auto r = get(site->port(), "/oembed?url=" + text::url_encode(url));
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
    const auto o = json::parse(r.body).as_object();
    EXPECT_EQ(o.at("version").as_string(), "1.0");
    EXPECT_EQ(o.at("type").as_string(), "rich");
    EXPECT_EQ(o.at("provider_name").as_string(), site->site().settings()->name);
    EXPECT_GT(o.at("width").as_int64(), 0);
    EXPECT_GT(o.at("height").as_int64(), 0);
    const std::string embed(o.at("html").as_string());
    EXPECT_NE(embed.find(fmt::format("<a href=\"{}\">", url)), std::string::npos);
    EXPECT_EQ(get(site->port(), "/oembed?url=" + text::url_encode(url) + "&format=xml").status, 501);
    EXPECT_EQ(get(site->port(), "/oembed").status, 400);
    EXPECT_EQ(get(site->port(), "/oembed?url=" + text::url_encode("http://elsewhere.example" + path)).status, 404);
    EXPECT_EQ(get(site->port(), "/oembed?url=" + text::url_encode("http://gazette.test/2020/01/01/nothing/")).status, 404);
    EXPECT_EQ(get(site->port(), "/oembed?url=" + text::url_encode("javascript:alert(1)")).status, 404);
}

} // namespace
} // namespace gazette::test

namespace gazette::test {
namespace {

// A WebSub hub on 127.0.0.1:0 for the publisher to ping: it keeps each request's body and answers 202.
class recording_hub final : public http::handler {
public:
    std::optional<http::response> try_fast(const http::request&) noexcept override { return std::nullopt; }
    http::response handle(http::request& req) override {
        {
            std::lock_guard lock(mutex_);
            bodies_.push_back(req.method == http::verb::post ? req.body : "(not a POST)");
            types_.push_back(std::string(req.header("Content-Type")));
        }
        arrived_.notify_all();
        return http::make_text(202, "");
    }
    http::response internal_error(const http::request&) noexcept override { return http::make_text(500, ""); }

    // Waits for the nth ping (a deadline only so that a broken publisher fails the test, not hangs it).
    std::optional<std::pair<std::string, std::string>> ping(std::size_t n) {
        std::unique_lock lock(mutex_);
        if (!arrived_.wait_for(lock, std::chrono::seconds(30), [&] { return bodies_.size() > n; })) {
            return std::nullopt;
        }
        return std::pair{bodies_[n], types_[n]};
    }
    std::size_t count() {
        std::lock_guard lock(mutex_);
        return bodies_.size();
    }

private:
    std::mutex mutex_;
    std::condition_variable arrived_;
    std::vector<std::string> bodies_, types_;
};

struct WebSub : Feeds {
    recording_hub hub;
    std::unique_ptr<http::server> hub_server;
    std::thread hub_thread;
    std::string hub_url;

    void SetUp() override {
        http::server_options so;
        so.port = 0;
        so.access_log = false;
        hub_server = std::make_unique<http::server>(so, hub);
        hub_server->listen();
        hub_thread = std::thread([this] { hub_server->run(); });
        hub_url = fmt::format("http://127.0.0.1:{}/hub", hub_server->port());
        auto changed = app::change_settings(site->db(), {{"feeds.websub_hub", hub_url}});
        ASSERT_TRUE(changed && changed->errors.empty());
        ASSERT_TRUE(site->site().reload_settings());
    }
    void TearDown() override {
        site.reset(); // the publisher's thread first
        hub_server->shutdown();
        hub_thread.join();
    }
};

TEST_F(WebSub, FeedsNameTheHubAndStayValid) {
    auto r = get(site->port(), "/feed/");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.header("link"), fmt::format("<{}>; rel=\"hub\", <{}/feed/>; rel=\"self\"", hub_url,
                                            site->site().settings()->url));
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(r.body.c_str()));
    EXPECT_TRUE(doc.select_node(fmt::format("/rss/channel/atom:link[@rel='hub'][@href='{}']", hub_url).c_str()));
    auto atom = get(site->port(), "/feed/atom/");
    EXPECT_NE(atom.body.find(fmt::format("<link rel=\"hub\" href=\"{}\"", hub_url)), std::string::npos);
    auto feed = json::parse(get(site->port(), "/feed/json/").body).as_object();
    EXPECT_EQ(feed.at("hubs").at(0).at("type"), "WebSub");
    EXPECT_EQ(feed.at("hubs").at(0).at("url").as_string(), hub_url);
    valid_atom("/feed/atom/");
    valid_json_feed("/feed/json/");
    valid_rss("/category/news/feed/");

    // A bad hub address is refused with a clear message; none set: no hub named anywhere.
    auto bad = app::change_settings(site->db(), {{"feeds.websub_hub", "javascript:alert(1)"}});
    ASSERT_TRUE(bad);
    ASSERT_EQ(bad->errors.size(), 1u);
    EXPECT_EQ(bad->errors[0].second, "Use a web address starting with https:// (or http://).");
    ASSERT_TRUE(app::change_settings(site->db(), {{"feeds.websub_hub", ""}}));
    ASSERT_TRUE(site->site().reload_settings());
    r = get(site->port(), "/feed/");
    EXPECT_EQ(r.header("link"), "");
    EXPECT_EQ(r.body.find("rel=\"hub\""), std::string::npos);
}

TEST_F(WebSub, PublishingAnArticleTellsTheHubWhichFeedsChanged) {
    const auto model = site->db().find_published_by_slug("mill-lane-bakery-marks-75-years-with-riverside-cafe");
    ASSERT_TRUE(model);
    articles::draft d;
    d.headline = "Ferry service resumes at Linnet Quay";
    d.body_md = "The first crossing left at seven.";
    d.author_id = model->author_id;
    d.category_id = model->category_id;
    d.status = article_status::draft;
    std::string message;
    auto id = site->service().create(d, message);
    ASSERT_TRUE(id) << message;
    EXPECT_EQ(hub.count(), 0u) << "a draft changes no feed";

    d.status = article_status::published;
    ASSERT_TRUE(site->service().update(*id, d, message)) << message;
    const auto ping = hub.ping(0);
    ASSERT_TRUE(ping) << "the hub heard nothing";
    EXPECT_EQ(ping->second, "application/x-www-form-urlencoded");
    const auto& body = ping->first;
    EXPECT_TRUE(body.starts_with("hub.mode=publish&")) << body;
    const std::string site_url = site->site().settings()->url;
    const std::vector<std::string> feeds{"/feed/", "/feed/atom/", "/feed/json/",
                                         articles::section_path(model->category_slug) + "feed/",
                                         articles::author_path(model->author_slug) + "feed/"};
    for (const auto& feed : feeds) {
        EXPECT_NE(body.find("hub.url=" + text::url_encode(site_url + feed)), std::string::npos) << feed << " in " << body;
    }

    // Unpublishing changes the feeds too.
    d.status = article_status::unpublished;
    ASSERT_TRUE(site->service().update(*id, d, message)) << message;
    ASSERT_TRUE(hub.ping(1));
}

TEST_F(WebSub, TheClientSaysWhyAPingCouldNotBeSent) {
    using http::post_form;
    const auto why = [](std::variant<http::client_reply, std::string> r) {
        return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string("(an answer)");
    };
    EXPECT_EQ(why(post_form("not a url", "", std::chrono::seconds(5))), "not an absolute URL");
    EXPECT_EQ(why(post_form("ftp://127.0.0.1/", "", std::chrono::seconds(5))), "only http and https addresses are supported");
    // TLS to a server that speaks plain HTTP: the handshake fails, and says so.
    const auto tls = why(post_form(fmt::format("https://127.0.0.1:{}/hub", hub_server->port()), "x", std::chrono::seconds(5)));
    EXPECT_NE(tls, "(an answer)");
    EXPECT_NE(tls.find("no answer within"), 0u) << tls;
    // Plain HTTP to the hub: its answer.
    auto ok = post_form(hub_url, "hub.mode=publish&hub.url=x", std::chrono::seconds(5));
    ASSERT_TRUE(std::holds_alternative<http::client_reply>(ok)) << std::get<std::string>(ok);
    EXPECT_EQ(std::get<http::client_reply>(ok).status, 202);
}

} // namespace
} // namespace gazette::test
