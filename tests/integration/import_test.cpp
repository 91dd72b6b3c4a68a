// Moving a WordPress site over: every WXR file in ../shared/testdata imports with the counts the file
// has (posts, pages, terms, comments, threading), malformed ones fail with their line and leave nothing
// behind, a second import changes nothing, old addresses answer with 301s, pages are served, and export
// then import gives the same site. The CLI is checked through the real binary. Also: the newsroom's
// pages (written, published, edited, deleted by editors).
#include "admin/static_pages.hpp"
#include "articles/views.hpp"
#include "core/text.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/command.hpp"
#include "support/http_client.hpp"
#include "support/staff.hpp"
#include "support/test_site.hpp"
#include "wxr/importer.hpp"
#include "wxr/writer.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace gazette::test {
namespace {

const std::filesystem::path testdata = GAZETTE_TESTDATA;
const std::filesystem::path theme_unit_test = testdata / "wxr-theme-unit-test" / "themeunittestdata.wordpress.xml";

std::unique_ptr<store> fresh_store(const temp_dir& dir) {
    auto db = sqlite::open({dir.path() / "gazette.db", 2, true});
    if (!db) {
        throw std::runtime_error("cannot open the store");
    }
    return std::move(*db);
}

wxr::site read(const std::filesystem::path& file) {
    auto r = wxr::read_file(file);
    if (auto* e = std::get_if<wxr::error>(&r)) {
        throw std::runtime_error(file.string() + ": " + e->message);
    }
    return std::get<wxr::site>(std::move(r));
}

wxr::import_summary import_ok(store& db, const std::filesystem::path& file) {
    auto r = wxr::import_file(db, file, {}, fixed_now);
    if (auto* e = std::get_if<wxr::error>(&r)) {
        ADD_FAILURE() << file << ": " << e->message;
        return {};
    }
    return std::get<wxr::import_summary>(r);
}

std::size_t count_items(const wxr::site& s, std::string_view type) {
    return static_cast<std::size_t>(
        std::count_if(s.items.begin(), s.items.end(), [&](const wxr::item& i) { return i.type == type; }));
}

// Each comment's depth (1: on the post), following its parents within the post, sorted.
std::vector<int> depths_in_file(const wxr::site& s) {
    std::vector<int> out;
    for (const auto& it : s.items) {
        if (it.type != "post") {
            continue;
        }
        std::map<std::int64_t, std::int64_t> parent;
        for (const auto& c : it.comments) {
            parent[c.id] = c.parent;
        }
        for (const auto& c : it.comments) {
            int d = 1;
            std::set<std::int64_t> seen{c.id};
            for (auto p = c.parent; p != 0 && parent.contains(p) && !seen.contains(p); p = parent[p]) {
                seen.insert(p);
                ++d;
            }
            out.push_back(d);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<int> depths_in_store(store& db) {
    std::vector<int> out;
    for (const auto& c : *db.all_comments()) {
        out.push_back(c.depth);
    }
    std::sort(out.begin(), out.end());
    return out;
}

// What the file holds, as Gazette stores it, next to what the store holds.
void expect_counts_match(store& db, const wxr::site& s, const std::string& name) {
    auto articles = db.all_articles();
    ASSERT_TRUE(articles) << name;
    EXPECT_EQ(articles->size(), count_items(s, "post")) << name << ": posts";
    EXPECT_EQ(db.list_pages(false)->size(), count_items(s, "page")) << name << ": pages";
    EXPECT_EQ(depths_in_store(db), depths_in_file(s)) << name << ": comments and their threading";
    std::set<std::string> tag_slugs;
    for (const auto& t : s.tags) {
        tag_slugs.insert(text::slugify(t.slug, 190));
    }
    for (const auto& t : tag_slugs) {
        EXPECT_TRUE(db.find_tag_by_slug(t)) << name << ": tag " << t;
    }
    for (const auto& c : s.categories) {
        auto cat = db.find_category_by_slug(text::slugify(c.slug, 190));
        ASSERT_TRUE(cat) << name << ": category " << c.slug;
        if (!c.parent.empty()) {
            auto parent = db.find_category_by_slug(text::slugify(c.parent, 190));
            ASSERT_TRUE(parent) << name << ": parent of " << c.slug;
            EXPECT_EQ(cat->parent_id, parent->id) << name << ": " << c.slug << " sits under " << c.parent;
        }
    }
}

TEST(Import, TheThemeUnitTestDataArrivesWhole) {
    temp_dir dir;
    auto db = fresh_store(dir);
    const auto file = read(theme_unit_test);
    const auto summary = import_ok(*db, theme_unit_test);
    expect_counts_match(*db, file, "theme unit test");

    EXPECT_EQ(summary.stored.posts.created, 58);
    EXPECT_EQ(summary.stored.pages.created, 21);
    EXPECT_EQ(summary.stored.comments.created, 28);
    EXPECT_EQ(summary.page_comments, 5u) << "comments on pages are counted, not dropped silently";
    EXPECT_EQ(depths_in_store(*db).back(), 10) << "the ten-deep thread keeps its depth";

    // Statuses: 56 published, 1 scheduled, 1 draft.
    auto counts = db->count_by_status();
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->published, 56);
    EXPECT_EQ(counts->scheduled, 1);
    EXPECT_EQ(counts->drafts, 1);

    // Comment statuses, emails (kept, private) and authors come through.
    auto comments = *db->all_comments();
    const auto approved = std::count_if(comments.begin(), comments.end(),
                                        [](const comment& c) { return c.status == comment_status::approved; });
    std::size_t approved_in_file = 0;
    for (const auto& it : file.items) {
        if (it.type == "post") {
            for (const auto& c : it.comments) {
                approved_in_file += c.approved == "1" ? 1 : 0;
            }
        }
    }
    EXPECT_EQ(static_cast<std::size_t>(approved), approved_in_file);
    EXPECT_TRUE(std::any_of(comments.begin(), comments.end(), [](const comment& c) { return !c.author_email.empty(); }));

    // Authors became users without a password: they cannot sign in until they set one.
    auto login = db->find_login("themedemos@gmail.com");
    if (login) {
        EXPECT_EQ(login->second, "");
        EXPECT_EQ(login->first.role_, role::author);
    }

    // Bodies are sanitised: no script, no inline handlers, no iframes; featured images kept.
    bool any_image = false;
    for (const auto& a : *db->all_articles()) {
        EXPECT_EQ(a.body_html.find("<script"), std::string::npos) << a.slug;
        EXPECT_EQ(a.body_html.find("<iframe"), std::string::npos) << a.slug;
        EXPECT_EQ(a.body_html.find(" onclick="), std::string::npos) << a.slug;
        any_image = any_image || !a.image_url.empty();
    }
    EXPECT_TRUE(any_image) << "featured images come through as the article's image";
}

TEST(Import, EveryImporterFixtureImportsWithItsCountsOrFailsCleanly) {
    std::size_t imported = 0, refused = 0;
    for (const auto& e : std::filesystem::directory_iterator(testdata / "wxr-importer-fixtures")) {
        if (e.path().extension() != ".xml") {
            continue;
        }
        const auto name = e.path().filename().string();
        temp_dir dir;
        auto db = fresh_store(dir);
        auto readable = wxr::read_file(e.path());
        auto r = wxr::import_file(*db, e.path(), {}, fixed_now);
        if (auto* bad = std::get_if<wxr::error>(&readable)) {
            ++refused;
            ASSERT_TRUE(std::holds_alternative<wxr::error>(r)) << name;
            EXPECT_EQ(std::get<wxr::error>(r).message, bad->message) << name;
            EXPECT_TRUE(db->all_articles()->empty()) << name << ": nothing half-imported";
            EXPECT_TRUE(db->list_categories()->empty()) << name << ": nothing half-imported";
            continue;
        }
        ++imported;
        ASSERT_TRUE(std::holds_alternative<wxr::import_summary>(r)) << name << ": " << std::get<wxr::error>(r).message;
        expect_counts_match(*db, std::get<wxr::site>(readable), name);
    }
    EXPECT_EQ(imported, 28u);
    EXPECT_EQ(refused, 5u); // malformed, malformed-simple, crazy-cdata, missing and invalid version
}

TEST(Import, ASecondImportOfTheSameFileChangesNothing) {
    temp_dir dir;
    auto db = fresh_store(dir);
    import_ok(*db, theme_unit_test);
    const auto articles = db->all_articles()->size();
    const auto comments = db->all_comments()->size();
    const auto categories = db->list_categories()->size();
    const auto again = import_ok(*db, theme_unit_test);
    EXPECT_EQ(again.stored.posts.created, 0);
    EXPECT_EQ(again.stored.pages.created, 0);
    EXPECT_EQ(again.stored.comments.created, 0);
    EXPECT_EQ(again.stored.users.created, 0);
    EXPECT_EQ(again.stored.categories.created, 0);
    EXPECT_EQ(again.stored.tags.created, 0);
    EXPECT_EQ(again.stored.redirects, 0);
    EXPECT_EQ(again.stored.posts.existing, 58);
    EXPECT_EQ(db->all_articles()->size(), articles);
    EXPECT_EQ(db->all_comments()->size(), comments);
    EXPECT_EQ(db->list_categories()->size(), categories);
}

TEST(Import, AFailureMidwayLeavesNothingBehind) {
    temp_dir dir;
    auto db = fresh_store(dir);
    auto plan = wxr::prepare(read(theme_unit_test));
    ASSERT_GT(plan.posts.size(), 10u);
    plan.posts[10].author_login = "nobody-the-file-names"; // the store refuses it after ten posts
    auto r = db->import_wordpress(plan, fixed_now, {});
    ASSERT_FALSE(r);
    EXPECT_TRUE(db->all_articles()->empty());
    EXPECT_TRUE(db->all_comments()->empty());
    EXPECT_TRUE(db->list_categories()->empty());
    EXPECT_TRUE(db->list_tags()->empty());
    EXPECT_TRUE(db->list_pages(false)->empty());
}

TEST(Import, ExportThenImportGivesTheSameSite) {
    temp_dir a_dir, b_dir;
    auto a = fresh_store(a_dir);
    import_ok(*a, theme_unit_test);
    std::ostringstream out;
    wxr::export_info info;
    info.title = "Round trip";
    info.url = "https://news.example";
    ASSERT_TRUE(wxr::write_site(*a, info, out));
    auto parsed = wxr::read_string(out.str());
    ASSERT_TRUE(std::holds_alternative<wxr::site>(parsed)) << std::get<wxr::error>(parsed).message;
    const auto& exported = std::get<wxr::site>(parsed);
    EXPECT_EQ(exported.version, "1.2");

    auto b = fresh_store(b_dir);
    auto r = wxr::import_site(*b, exported, {}, fixed_now);
    ASSERT_TRUE(std::holds_alternative<wxr::import_summary>(r)) << std::get<wxr::error>(r).message;

    auto key = [](const article& x) {
        std::vector<std::string> tags;
        for (const auto& t : x.tags) {
            tags.push_back(t.slug);
        }
        std::sort(tags.begin(), tags.end());
        return fmt::format("{}|{}|{}|{}|{}|{}|{}|{}", x.slug, x.headline, x.standfirst, to_string(x.status),
                           x.category_slug, fmt::join(tags, ","), x.published_at, x.image_url);
    };
    std::vector<std::string> before, after;
    for (const auto& x : *a->all_articles()) {
        before.push_back(key(x));
    }
    for (const auto& x : *b->all_articles()) {
        after.push_back(key(x));
    }
    std::sort(before.begin(), before.end());
    std::sort(after.begin(), after.end());
    EXPECT_EQ(before, after);

    std::map<std::string, std::string> bodies_a, bodies_b;
    for (const auto& x : *a->all_articles()) {
        bodies_a[x.slug] = x.body_html;
    }
    for (const auto& x : *b->all_articles()) {
        bodies_b[x.slug] = x.body_html;
    }
    EXPECT_EQ(bodies_a, bodies_b);

    auto comment_key = [](const comment& c) {
        return fmt::format("{}|{}|{}|{}|{}|{}", c.author_name, c.author_email, c.body, to_string(c.status), c.depth,
                           c.created_at);
    };
    std::multiset<std::string> ca, cb;
    for (const auto& c : *a->all_comments()) {
        ca.insert(comment_key(c));
    }
    for (const auto& c : *b->all_comments()) {
        cb.insert(comment_key(c));
    }
    std::vector<std::string> only_a, only_b;
    std::set_difference(ca.begin(), ca.end(), cb.begin(), cb.end(), std::back_inserter(only_a));
    std::set_difference(cb.begin(), cb.end(), ca.begin(), ca.end(), std::back_inserter(only_b));
    EXPECT_EQ(only_a, only_b) << "comments that changed on the way";

    auto page_key = [](const site_page& p) { return fmt::format("{}|{}|{}", p.path, p.title, p.published); };
    std::vector<std::string> pa, pb;
    for (const auto& p : *a->list_pages(false)) {
        pa.push_back(page_key(p));
    }
    for (const auto& p : *b->list_pages(false)) {
        pb.push_back(page_key(p));
    }
    EXPECT_EQ(pa, pb);

    std::map<std::string, std::string> parents_a, parents_b;
    for (auto [db, parents] : {std::pair{a.get(), &parents_a}, std::pair{b.get(), &parents_b}}) {
        const auto cats = *db->list_categories();
        for (const auto& c : cats) {
            std::string parent;
            for (const auto& p : cats) {
                if (p.id == c.parent_id) {
                    parent = p.slug;
                }
            }
            (*parents)[c.slug] = parent;
        }
    }
    EXPECT_EQ(parents_a, parents_b);
}

TEST(Import, UploadsAreCopiedIntoTheMediaLibraryWhenTheFolderIsGiven) {
    temp_dir dir;
    auto db = fresh_store(dir);
    const auto uploads = dir.path() / "uploads";
    std::filesystem::create_directories(uploads / "2020" / "01");
    const std::string png("\x89PNG\r\n\x1A\n-not-a-real-image", 25);
    std::ofstream(uploads / "2020" / "01" / "quay.png", std::ios::binary) << png;
    std::ofstream(dir.path() / "secret.txt") << "outside the uploads folder";
    const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
     xmlns:wp="http://wordpress.org/export/1.2/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
<channel><title>Old</title><link>https://old.example</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example</wp:base_site_url><wp:base_blog_url>https://old.example</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>ed</wp:author_login><wp:author_email>ed@old.example</wp:author_email><wp:author_display_name>Ed</wp:author_display_name></wp:author>
<item><title>Quay photo</title><wp:post_id>9</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<wp:attachment_url>https://old.example/wp-content/uploads/2020/01/quay.png</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>The quay at dawn</wp:meta_value></wp:postmeta></item>
<item><title>The quay</title><link>https://old.example/2020/01/05/the-quay/</link><dc:creator>ed</dc:creator>
<content:encoded><![CDATA[<img src="https://old.example/wp-content/uploads/2020/01/quay.png" alt="Quay"> and <img src="/wp-content/uploads/2020/01/gone.png" alt="Gone"> <img src="https://old.example/wp-content/uploads/2020/%2E%2E/%2E%2E/secret.txt" alt="">]]></content:encoded>
<wp:post_id>10</wp:post_id><wp:post_date>2020-01-05 08:00:00</wp:post_date><wp:post_date_gmt>2020-01-05 08:00:00</wp:post_date_gmt>
<wp:post_name>the-quay</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="harbour"><![CDATA[Harbour]]></category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta></item>
</channel></rss>)";
    const auto file = dir.path() / "old.xml";
    std::ofstream(file) << xml;
    wxr::import_options options;
    options.uploads = uploads;
    options.media_dir = dir.path() / "media";
    auto r = wxr::import_file(*db, file, options, fixed_now);
    ASSERT_TRUE(std::holds_alternative<wxr::import_summary>(r)) << std::get<wxr::error>(r).message;
    const auto& summary = std::get<wxr::import_summary>(r);
    EXPECT_EQ(summary.files_copied, 1u);
    EXPECT_EQ(summary.files_missing, 1u);
    auto a = db->find_published_by_slug("the-quay");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->image_url, "/media/wp/2020/01/quay.png");
    EXPECT_EQ(a->image_alt, "The quay at dawn");
    EXPECT_NE(a->body_html.find("src=\"/media/wp/2020/01/quay.png\""), std::string::npos) << a->body_html;
    EXPECT_NE(a->body_html.find("src=\"https://old.example/wp-content/uploads/2020/01/gone.png\""), std::string::npos)
        << "a file that is not in the folder keeps its old (absolute) address: " << a->body_html;
    std::ifstream copied(dir.path() / "media" / "wp" / "2020" / "01" / "quay.png", std::ios::binary);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(copied), {}), png);
    auto m = db->find_media_by_path("/media/wp/2020/01/quay.png");
    ASSERT_TRUE(m) << "the copy is in the media library";
    EXPECT_EQ(m->mime, "image/png");
    EXPECT_EQ(m->bytes, 25);
    // An address that tries to climb out of the uploads folder copies nothing.
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "media" / "secret.txt"));
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "media" / "wp" / "secret.txt"));
}

TEST(Import, OldAddressesRedirectAndPagesAreServed) {
    test_site_options o;
    o.demo = false;
    test_site site(o);
    import_ok(site.db(), theme_unit_test);
    site.site().cache().clear();

    // "Hello world!"-style checks on a known post of the theme unit test: its id and its permalink.
    auto file = read(theme_unit_test);
    const wxr::item* post = nullptr;
    for (const auto& it : file.items) {
        if (it.type == "post" && it.status == "publish" && it.slug == "markup-html-tags-and-formatting") {
            post = &it;
        }
    }
    ASSERT_NE(post, nullptr);
    auto a = site.db().find_published_by_slug("markup-html-tags-and-formatting");
    ASSERT_TRUE(a);
    const std::string now_at = articles::article_path(*site.site().zone(), *a);

    auto r = get(site.port(), fmt::format("/?p={}", post->id));
    EXPECT_EQ(r.status, 301);
    EXPECT_EQ(r.header("location"), now_at);

    const std::string old_link = post->link.substr(post->link.find('/', 8));
    r = get(site.port(), old_link);
    if (old_link != now_at) {
        EXPECT_EQ(r.status, 301) << old_link;
        EXPECT_EQ(r.header("location"), now_at);
    } else {
        EXPECT_EQ(r.status, 200);
    }
    r = get(site.port(), now_at);
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("Markup: HTML Tags and Formatting"), std::string::npos);

    // A draft's old address does not give it away.
    for (const auto& it : file.items) {
        if (it.type == "post" && it.status == "draft") {
            EXPECT_EQ(get(site.port(), fmt::format("/?p={}", it.id)).status, 404);
        }
    }
    EXPECT_EQ(get(site.port(), "/?p=999999").status, 404);
    EXPECT_EQ(get(site.port(), "/no/such/old/address/").status, 404);

    // Pages: at their old path, with their parent and children; /?page_id= redirects there.
    const wxr::item* child = nullptr;
    for (const auto& it : file.items) {
        if (it.type == "page" && it.parent != 0 && it.status == "publish") {
            child = &it;
            break;
        }
    }
    ASSERT_NE(child, nullptr);
    const std::string page_path = child->link.substr(child->link.find('/', 8));
    r = get(site.port(), page_path);
    EXPECT_EQ(r.status, 200) << page_path;
    EXPECT_NE(r.body.find("static-page__title"), std::string::npos);
    EXPECT_NE(r.body.find("static-page__parent"), std::string::npos);
    r = get(site.port(), fmt::format("/?page_id={}", child->id));
    EXPECT_EQ(r.status, 301);
    EXPECT_EQ(r.header("location"), page_path);

    // The sitemap index names a pages sitemap, valid against sitemaps.org's schema.
    EXPECT_NE(get(site.port(), "/sitemap.xml").body.find("/sitemap-pages.xml"), std::string::npos);
    r = get(site.port(), "/sitemap-pages.xml");
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find(page_path + "</loc>"), std::string::npos);
    temp_dir xml_dir;
    const auto sitemap_file = (xml_dir.path() / "pages.xml").string();
    std::ofstream(sitemap_file) << r.body;
    const auto [lint_status, lint_out] =
        run_command(fmt::format("xmllint --noout --schema {}/sitemap-schemas/sitemap.xsd {}", testdata.string(), sitemap_file));
    EXPECT_EQ(lint_status, 0) << lint_out;

    // The REST API lists the pages.
    r = get(site.port(), "/wp-json/wp/v2/pages?per_page=100");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.header("x-wp-total"), "21");
}

TEST(Import, TheCommandLineImportsExportsAndRefusesMalformedFilesByLine) {
    temp_dir dir;
    const std::string bin = GAZETTE_BINARY;
    const std::string data = (dir.path() / "data").string();
    auto [init_status, init_out] = run_command(fmt::format("{} init --data {}", bin, data));
    ASSERT_EQ(init_status, 0) << init_out;

    auto [bad_status, bad_out] =
        run_command(fmt::format("{} import-wxr --data {} {}", bin, data, (testdata / "wxr-importer-fixtures" / "malformed.xml").string()));
    EXPECT_NE(bad_status, 0);
    EXPECT_NE(bad_out.find("malformed.xml:"), std::string::npos) << bad_out;
    EXPECT_NE(bad_out.find("not well-formed XML"), std::string::npos) << bad_out;

    auto [status, out] = run_command(fmt::format("{} import-wxr --data {} {}", bin, data, theme_unit_test.string()));
    ASSERT_EQ(status, 0) << out;
    EXPECT_NE(out.find("58 posts (58 new, 0 already there)"), std::string::npos) << out;
    EXPECT_NE(out.find("21 pages"), std::string::npos) << out;

    auto [again_status, again_out] = run_command(fmt::format("{} import-wxr --data {} {}", bin, data, theme_unit_test.string()));
    ASSERT_EQ(again_status, 0) << again_out;
    EXPECT_NE(again_out.find("58 posts (0 new, 58 already there)"), std::string::npos) << again_out;

    const auto exported = (dir.path() / "site.xml").string();
    auto [ex_status, ex_out] =
        run_command(fmt::format("{} export-wxr --data {} --url https://news.example > {}", bin, data, exported));
    ASSERT_EQ(ex_status, 0) << ex_out;
    const auto back = wxr::read_file(exported);
    ASSERT_TRUE(std::holds_alternative<wxr::site>(back)) << std::get<wxr::error>(back).message;
    EXPECT_EQ(count_items(std::get<wxr::site>(back), "post"), 58u);
    EXPECT_EQ(count_items(std::get<wxr::site>(back), "page"), 21u);
    // xmllint agrees it is well-formed XML.
    auto [lint_status, lint_out] = run_command("xmllint --noout " + exported);
    EXPECT_EQ(lint_status, 0) << lint_out;
}

TEST(Pages, EditorsWritePublishEditAndDeletePagesInTheNewsroom) {
    test_site site;
    const auto editor = sign_in_as(site, "ed@example.com", "Ed Itor", "editor");
    const auto author = sign_in_as(site, "au@example.com", "Au Thor", "author");
    auto post = [&](const staff_session& who, const std::string& path, const std::string& form) {
        return request(site.port(), "POST", path,
                       {{"Cookie", who.cookie()}, {"Content-Type", "application/x-www-form-urlencoded"}},
                       "_csrf=" + who.csrf + "&" + form);
    };
    // Authors do not manage pages.
    EXPECT_EQ(get(site.port(), "/admin/pages", {{"Cookie", author.cookie()}}).status, 403);
    EXPECT_EQ(post(author, "/admin/pages/new", "title=X&path=&body=&status=published&order=0&parent=0").status, 403);

    // Bad input: each field says what is wrong, nothing is stored.
    auto r = post(editor, "/admin/pages/new", "title=&path=%2Fadmin%2Fx%2F&body=&status=maybe&order=x&parent=999");
    EXPECT_EQ(r.status, 422);
    for (const char* field : {"error-title", "error-path", "error-status", "error-order", "error-parent"}) {
        EXPECT_NE(r.body.find(field), std::string::npos) << field;
    }
    EXPECT_NE(r.body.find("That address belongs to the site itself"), std::string::npos);
    EXPECT_TRUE(site.db().list_pages(false)->empty());

    // A published page at the address made from its title, and a draft under it.
    r = post(editor, "/admin/pages/new", "title=About+us&path=&body=We+report+on+%2A%2ARiverton%2A%2A.&status=published&order=0&parent=0");
    ASSERT_EQ(r.status, 303);
    auto about = site.db().find_published_page("/about-us/");
    ASSERT_TRUE(about);
    r = get(site.port(), "/about-us/");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("<strong>Riverton</strong>"), std::string::npos);
    r = post(editor, "/admin/pages/new",
             fmt::format("title=The+team&path=%2Fabout-us%2Fteam%2F&body=Names.&status=draft&order=1&parent={}", about->id));
    ASSERT_EQ(r.status, 303);
    EXPECT_EQ(get(site.port(), "/about-us/team/").status, 404) << "a draft is not public";
    // The same address twice is refused.
    r = post(editor, "/admin/pages/new", "title=Again&path=%2Fabout-us%2F&body=&status=draft&order=0&parent=0");
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("Another page already has the address /about-us/."), std::string::npos);

    // Publishing the draft: it appears, listed under its parent (whose cached page is dropped).
    auto pages = *site.db().list_pages(false);
    ASSERT_EQ(pages.size(), 2u);
    const auto team = pages[0].path == "/about-us/team/" ? pages[0] : pages[1];
    r = post(editor, fmt::format("/admin/pages/{}/edit", team.id),
             fmt::format("title=Our+team&path=%2Fabout-us%2Fteam%2F&body=Names.&status=published&order=1&parent={}", about->id));
    ASSERT_EQ(r.status, 303);
    EXPECT_EQ(get(site.port(), "/about-us/team/").status, 200);
    EXPECT_NE(get(site.port(), "/about-us/").body.find("Our team"), std::string::npos);
    // A page cannot sit under its own subpage.
    r = post(editor, fmt::format("/admin/pages/{}/edit", about->id),
             fmt::format("title=About+us&path=%2Fabout-us%2F&body=x&status=published&order=0&parent={}", team.id));
    EXPECT_EQ(r.status, 422);

    // Deleting: gone from the site; its child stays, at the top.
    ASSERT_EQ(post(editor, fmt::format("/admin/pages/{}/delete", about->id), "").status, 303);
    EXPECT_EQ(get(site.port(), "/about-us/").status, 404);
    auto left = site.db().find_page(team.id);
    ASSERT_TRUE(left);
    EXPECT_EQ(left->parent_id, 0);
    EXPECT_EQ(post(editor, "/admin/pages/99999/delete", "").status, 404);
}

TEST(Pages, PageAddressesStayClearOfTheSitesOwn) {
    EXPECT_EQ(admin::page_path_problem("/about/"), "");
    EXPECT_EQ(admin::page_path_problem("/about/team/"), "");
    for (const char* bad : {"/", "about", "/About/", "/a b/", "/admin/x/", "/feed/", "/2024/", "/category/x/",
                            "/wp-json/", "/a/b/c/d/e/f/", "/../", "/%2e/"}) {
        EXPECT_NE(admin::page_path_problem(bad), "") << bad;
    }
}

} // namespace
} // namespace gazette::test
