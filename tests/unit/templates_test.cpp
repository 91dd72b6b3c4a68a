// The theme's templates: golden pages with a fixed clock, escaping of every value, and the XSS corpora
// from ../shared/testdata through every field an author controls.
#include "articles/pages.hpp"
#include "articles/views.hpp"
#include "render/markdown.hpp"
#include "render/templates.hpp"
#include "store/sqlite/sqlite_store.hpp"

#include "support/files.hpp"
#include "support/html_scan.hpp"
#include "support/test_site.hpp"

#include "app/demo.hpp"
#include "core/text.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace gazette {
namespace {

struct Theme : ::testing::Test {
    static inline std::unique_ptr<test::temp_dir> dir;
    static inline std::unique_ptr<store> db;
    static inline std::unique_ptr<app::site> site;

    static void SetUpTestSuite() {
        dir = std::make_unique<test::temp_dir>();
        db = std::move(*sqlite::open({dir->path() / "g.db", 2, true}));
        std::string message;
        ASSERT_TRUE(app::load_demo(*db, dir->path(), test::fixed_now, message)) << message;
        site = test::make_site(*db, dir->path());
    }
    static void TearDownTestSuite() {
        site.reset();
        db.reset();
        dir.reset();
    }

    static std::string render_page(result<app::page> (*handler)(app::site&, const http::request&), std::string path,
                                   std::vector<std::pair<std::string, std::string>> params = {}) {
        http::request req;
        req.path = std::move(path);
        req.params = std::move(params);
        auto p = handler(*site, req);
        EXPECT_TRUE(p) << req.path;
        return p ? p->body : std::string();
    }

    static void check_golden(const std::string& name, const std::string& html) {
        const auto path = std::filesystem::path(GAZETTE_SOURCE_DIR) / "tests" / "golden" / name;
        if (std::getenv("GAZETTE_UPDATE_GOLDEN") != nullptr) {
            std::filesystem::create_directories(path.parent_path());
            std::ofstream(path, std::ios::binary) << html;
        }
        const auto expected = test::file_text(path);
        ASSERT_FALSE(expected.empty()) << "missing golden file " << path
                                       << " (create with GAZETTE_UPDATE_GOLDEN=1)";
        EXPECT_EQ(html, expected) << "rendered " << name
                                  << " differs from its golden file; if the change is intended, run the test with "
                                     "GAZETTE_UPDATE_GOLDEN=1 and review the diff";
    }
};

TEST_F(Theme, FrontPageMatchesGolden) { check_golden("front.html", render_page(articles::front_page, "/")); }

TEST_F(Theme, ArticlePageMatchesGolden) {
    auto a = db->find_published_by_slug("council-approves-budget-with-extra-3m-for-roads-and-bridges");
    ASSERT_TRUE(a);
    check_golden("article.html", render_page(articles::article_page, articles::article_path(*time_zone::utc(), *a), {{"slug", a->slug}}));
}

TEST_F(Theme, SectionPageMatchesGolden) {
    check_golden("section.html", render_page(articles::section_page, "/category/news/", {{"slug", "news"}}));
}

TEST_F(Theme, ArticlePageShowsItsParts) {
    auto a = db->find_published_by_slug("flood-warning-linnet-quay-street-barrier-raised");
    ASSERT_TRUE(a);
    ASSERT_TRUE(a->breaking);
    const auto html = render_page(articles::article_page, articles::article_path(*time_zone::utc(), *a), {{"slug", a->slug}});
    EXPECT_NE(html.find("Breaking News"), std::string::npos);
    EXPECT_NE(html.find(text::html_escape(a->headline)), std::string::npos);
    EXPECT_NE(html.find("<h1"), std::string::npos);
    EXPECT_NE(html.find("<h2 id=\""), std::string::npos);
    EXPECT_NE(html.find("id=\"comments\""), std::string::npos);
    EXPECT_NE(html.find("id=\"chat-root\""), std::string::npos);
    EXPECT_NE(html.find("datetime=\"2026-11-25T08:00:00+00:00\""), std::string::npos); // published 2 h before now
    EXPECT_NE(html.find("Maria Okafor"), std::string::npos);
    EXPECT_EQ(html.find("@riverton-gazette.example"), std::string::npos); // staff emails are never shown
}

TEST_F(Theme, TemplatesEscapeEveryValue) {
    http::request req;
    req.path = "/";
    std::vector<std::string> deps;
    auto benign = site->base_context("Title", "Description", "/", deps);
    ASSERT_TRUE(benign);
    (*benign)["error"] = {{"status", 404}, {"title", "Not found"}, {"message", "Gone"}};
    const auto baseline = site->templates().render("error", *benign);
    auto ctx = site->base_context("<script>alert(1)</script>", "\" onmouseover=\"alert(1)", "/", deps);
    ASSERT_TRUE(ctx);
    (*ctx)["error"] = {{"status", 404}, {"title", "<img src=x onerror=alert(1)>"}, {"message", "'><svg onload=1>"}};
    const auto html = site->templates().render("error", *ctx);
    EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
    EXPECT_EQ(html.find("<img src=x"), std::string::npos);
    EXPECT_NE(html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
    EXPECT_TRUE(test::xss_findings(html, baseline).empty());
}

// Each payload as headline, standfirst, Markdown body, image caption and tag of an article by an
// author (untrusted: raw HTML escaped), rendered as the article page and as a card on a listing.
void run_corpus(const std::filesystem::path& file, Theme& t) {
    const auto payloads = test::file_lines(file);
    ASSERT_GT(payloads.size(), 50u) << file;
    auto& db = Theme::db;
    auto& site = Theme::site;
    auto base = db->find_published_by_slug("council-approves-budget-with-extra-3m-for-roads-and-bridges");
    ASSERT_TRUE(base);
    std::size_t checked = 0;
    std::string baseline;
    auto render_with = [&](const std::string& payload) {
        article a = *base;
        a.headline = payload;
        a.standfirst = payload;
        a.body_md = "Intro\n\n## " + payload + "\n\n" + payload + "\n\n[link](" + payload + ")\n";
        a.body_html = render::render_markdown(a.body_md, render::html_policy::escape).html;
        a.image_alt = payload;
        a.image_caption = payload;
        a.author_name = payload;
        a.tags = {tag{1, "x", payload, 0}};
        std::vector<std::string> deps;
        auto ctx = site->base_context(payload, payload, "/", deps).value();
        auto view = articles::full(*time_zone::utc(), a, articles::headings_of(a.body_html));
        view["author"] = {{"name", payload}, {"url", "/author/x/"}, {"bio", payload}};
        ctx["article"] = std::move(view);
        ctx["related"] = articles::cards(*time_zone::utc(), {a});
        return site->templates().render("article", ctx);
    };
    baseline = render_with("harmless words");
    for (const auto& payload : payloads) {
        const auto findings = test::xss_findings(render_with(payload), baseline);
        ASSERT_TRUE(findings.empty()) << "payload: " << payload << "\nfinding: " << findings.front();
        ++checked;
    }
    EXPECT_EQ(checked, payloads.size());
    (void)t;
}

TEST_F(Theme, PayloadBoxCorpusNeverRuns) {
    run_corpus(std::filesystem::path(GAZETTE_TESTDATA) / "xss-payloadbox" / "xss-payload-list.txt", *this);
}

TEST_F(Theme, Html5SecCorpusNeverRuns) {
    run_corpus(std::filesystem::path(GAZETTE_TESTDATA) / "xss-html5sec" / "vectors.txt", *this);
}

} // namespace
} // namespace gazette
