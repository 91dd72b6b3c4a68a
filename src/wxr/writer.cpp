// WXR 1.2 out of the store, through pugixml (which escapes text and splits "]]>" inside CDATA).
#include "wxr/writer.hpp"

#include "articles/views.hpp"
#include "core/text.hpp"
#include "core/time.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <map>

namespace gazette::wxr {
namespace {

constexpr const char* wp_ns = "http://wordpress.org/export/1.2/";

// WordPress's "YYYY-MM-DD HH:MM:SS".
std::string wp_date(std::string iso) {
    if (iso.size() > 19) {
        iso.resize(19);
    }
    if (iso.size() == 19) {
        iso[10] = ' ';
    }
    return iso;
}

void text(pugi::xml_node parent, const char* name, std::string_view value) {
    parent.append_child(name).text().set(std::string(value).c_str());
}

void cdata(pugi::xml_node parent, const char* name, std::string_view value) {
    parent.append_child(name).append_child(pugi::node_cdata).set_value(std::string(value).c_str());
}

std::string_view wp_status(article_status s) {
    switch (s) {
    case article_status::published: return "publish";
    case article_status::scheduled: return "future";
    case article_status::review: return "pending";
    case article_status::unpublished: return "private";
    case article_status::draft: break;
    }
    return "draft";
}

std::string_view wp_approved(comment_status s) {
    switch (s) {
    case comment_status::approved: return "1";
    case comment_status::spam: return "spam";
    case comment_status::trash: return "trash";
    case comment_status::pending: break;
    }
    return "0";
}

} // namespace

result<void> write_site(store& db, const export_info& info, std::ostream& out) {
    const auto utc = time_zone::utc();
    const time_zone& zone = info.zone ? *info.zone : *utc;
    auto articles = db.all_articles();
    if (!articles) {
        return articles.error();
    }
    auto pages = db.list_pages(false);
    if (!pages) {
        return pages.error();
    }
    auto comments = db.all_comments();
    if (!comments) {
        return comments.error();
    }
    auto categories = db.list_categories();
    if (!categories) {
        return categories.error();
    }
    auto tags = db.list_tags();
    if (!tags) {
        return tags.error();
    }
    std::map<id_t, user> authors;
    auto author = [&](id_t id) -> result<const user*> {
        if (auto it = authors.find(id); it != authors.end()) {
            return &it->second;
        }
        auto u = db.find_user(id);
        if (!u) {
            return u.error();
        }
        return &authors.emplace(id, std::move(*u)).first->second;
    };
    for (const auto& a : *articles) {
        if (auto u = author(a.author_id); !u) {
            return u.error();
        }
    }
    for (const auto& p : *pages) {
        if (auto u = author(p.author_id); !u) {
            return u.error();
        }
    }
    std::map<id_t, std::vector<const comment*>> by_article;
    for (const auto& c : *comments) {
        by_article[c.article_id].push_back(&c);
    }
    std::map<id_t, const category*> category_by_id;
    for (const auto& c : *categories) {
        category_by_id[c.id] = &c;
    }

    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    doc.append_child(pugi::node_comment)
        .set_value(" A WordPress eXtended RSS (WXR 1.2) export of a Gazette site: WordPress's importer and "
                   "`gazette import-wxr` read it. ");
    auto rss = doc.append_child("rss");
    rss.append_attribute("version") = "2.0";
    rss.append_attribute("xmlns:excerpt") = "http://wordpress.org/export/1.2/excerpt/";
    rss.append_attribute("xmlns:content") = "http://purl.org/rss/1.0/modules/content/";
    rss.append_attribute("xmlns:wfw") = "http://wellformedweb.org/CommentAPI/";
    rss.append_attribute("xmlns:dc") = "http://purl.org/dc/elements/1.1/";
    rss.append_attribute("xmlns:wp") = wp_ns;
    auto channel = rss.append_child("channel");
    text(channel, "title", info.title);
    text(channel, "link", info.url);
    text(channel, "description", info.description);
    text(channel, "language", info.language);
    text(channel, "wp:wxr_version", "1.2");
    text(channel, "wp:base_site_url", info.url);
    text(channel, "wp:base_blog_url", info.url);

    for (const auto& [id, u] : authors) {
        auto a = channel.append_child("wp:author");
        text(a, "wp:author_id", std::to_string(u.id));
        cdata(a, "wp:author_login", u.slug);
        cdata(a, "wp:author_email", u.email);
        cdata(a, "wp:author_display_name", u.name);
        cdata(a, "wp:author_first_name", "");
        cdata(a, "wp:author_last_name", "");
    }
    for (const auto& c : *categories) {
        auto n = channel.append_child("wp:category");
        text(n, "wp:term_id", std::to_string(c.id));
        cdata(n, "wp:category_nicename", c.slug);
        const auto parent = category_by_id.find(c.parent_id);
        cdata(n, "wp:category_parent", parent == category_by_id.end() ? "" : parent->second->slug);
        cdata(n, "wp:cat_name", c.name);
        cdata(n, "wp:category_description", c.description);
    }
    for (const auto& t : *tags) {
        auto n = channel.append_child("wp:tag");
        text(n, "wp:term_id", std::to_string(t.id));
        cdata(n, "wp:tag_slug", t.slug);
        cdata(n, "wp:tag_name", t.name);
    }

    id_t next_id = 1;
    for (const auto& a : *articles) {
        next_id = std::max(next_id, a.id + 1);
    }
    auto dates = [&](pugi::xml_node item, unix_time t) {
        text(item, "pubDate", timefmt::http_date(t));
        text(item, "wp:post_date", wp_date(timefmt::wp_local(zone, t)));
        text(item, "wp:post_date_gmt", wp_date(timefmt::wp_gmt(t)));
    };

    for (const auto& a : *articles) {
        const auto& u = authors.at(a.author_id);
        const unix_time when = a.published_at != 0 ? a.published_at : a.created_at;
        const std::string link = info.url + articles::article_path(zone, a);
        auto item = channel.append_child("item");
        text(item, "title", a.headline);
        text(item, "link", link);
        dates(item, when);
        cdata(item, "dc:creator", u.slug);
        auto guid = item.append_child("guid");
        guid.append_attribute("isPermaLink") = "false";
        guid.text().set(fmt::format("{}/?p={}", info.url, a.id).c_str());
        text(item, "description", "");
        cdata(item, "content:encoded", a.body_html);
        cdata(item, "excerpt:encoded", a.standfirst);
        text(item, "wp:post_id", std::to_string(a.id));
        text(item, "wp:post_modified", wp_date(timefmt::wp_local(zone, a.updated_at)));
        text(item, "wp:post_modified_gmt", wp_date(timefmt::wp_gmt(a.updated_at)));
        cdata(item, "wp:comment_status", a.comments_closed ? "closed" : "open");
        cdata(item, "wp:ping_status", "closed");
        cdata(item, "wp:post_name", a.slug);
        cdata(item, "wp:status", wp_status(a.status));
        text(item, "wp:post_parent", "0");
        text(item, "wp:menu_order", "0");
        cdata(item, "wp:post_type", "post");
        cdata(item, "wp:post_password", "");
        text(item, "wp:is_sticky", a.breaking ? "1" : "0");
        auto term = [&](const char* domain, std::string_view slug, std::string_view name) {
            auto c = item.append_child("category");
            c.append_attribute("domain") = domain;
            c.append_attribute("nicename") = std::string(slug).c_str();
            c.append_child(pugi::node_cdata).set_value(std::string(name).c_str());
        };
        term("category", a.category_slug, a.category_name);
        for (const auto& t : a.tags) {
            term("post_tag", t.slug, t.name);
        }
        if (!a.image_url.empty()) {
            const id_t image_id = next_id++;
            auto meta = item.append_child("wp:postmeta");
            cdata(meta, "wp:meta_key", "_thumbnail_id");
            cdata(meta, "wp:meta_value", std::to_string(image_id));
            // The image itself, as WordPress keeps it: an attachment item whose parent is the post.
            const std::string url = a.image_url.starts_with("/") ? info.url + a.image_url : a.image_url;
            auto att = channel.append_child("item");
            text(att, "title", a.image_alt.empty() ? a.headline : a.image_alt);
            text(att, "link", url);
            dates(att, when);
            cdata(att, "dc:creator", u.slug);
            auto ag = att.append_child("guid");
            ag.append_attribute("isPermaLink") = "false";
            ag.text().set(url.c_str());
            cdata(att, "content:encoded", "");
            cdata(att, "excerpt:encoded", a.image_caption);
            text(att, "wp:post_id", std::to_string(image_id));
            cdata(att, "wp:post_name", fmt::format("{}-image", a.slug));
            cdata(att, "wp:status", "inherit");
            text(att, "wp:post_parent", std::to_string(a.id));
            cdata(att, "wp:post_type", "attachment");
            cdata(att, "wp:attachment_url", url);
            auto alt = att.append_child("wp:postmeta");
            cdata(alt, "wp:meta_key", "_wp_attachment_image_alt");
            cdata(alt, "wp:meta_value", a.image_alt);
        }
        for (const auto* c : by_article[a.id]) {
            auto n = item.append_child("wp:comment");
            text(n, "wp:comment_id", std::to_string(c->id));
            cdata(n, "wp:comment_author", c->author_name);
            cdata(n, "wp:comment_author_email", c->author_email);
            text(n, "wp:comment_author_url", c->author_url);
            text(n, "wp:comment_author_IP", c->ip);
            text(n, "wp:comment_date", wp_date(timefmt::wp_local(zone, c->created_at)));
            text(n, "wp:comment_date_gmt", wp_date(timefmt::wp_gmt(c->created_at)));
            // WordPress keeps a comment as the HTML it shows (newlines become paragraphs there); Gazette
            // keeps the text as typed: escaped, it reads the same in both.
            cdata(n, "wp:comment_content", text::html_escape(c->body));
            cdata(n, "wp:comment_approved", wp_approved(c->status));
            cdata(n, "wp:comment_type", "comment");
            text(n, "wp:comment_parent", std::to_string(c->parent_id));
            text(n, "wp:comment_user_id", std::to_string(c->user_id));
        }
    }

    std::map<id_t, id_t> page_ids;
    for (const auto& p : *pages) {
        page_ids[p.id] = next_id++;
    }
    for (const auto& p : *pages) {
        const auto& u = authors.at(p.author_id);
        const unix_time when = p.published_at != 0 ? p.published_at : p.created_at;
        std::string_view path(p.path);
        path.remove_suffix(1);
        const auto slug = path.substr(path.rfind('/') + 1);
        auto item = channel.append_child("item");
        text(item, "title", p.title);
        text(item, "link", info.url + p.path);
        dates(item, when);
        cdata(item, "dc:creator", u.slug);
        auto guid = item.append_child("guid");
        guid.append_attribute("isPermaLink") = "false";
        guid.text().set(fmt::format("{}/?page_id={}", info.url, page_ids[p.id]).c_str());
        text(item, "description", "");
        cdata(item, "content:encoded", p.body_html);
        cdata(item, "excerpt:encoded", "");
        text(item, "wp:post_id", std::to_string(page_ids[p.id]));
        cdata(item, "wp:comment_status", "closed");
        cdata(item, "wp:ping_status", "closed");
        cdata(item, "wp:post_name", slug);
        cdata(item, "wp:status", p.published ? "publish" : "draft");
        text(item, "wp:post_parent", std::to_string(p.parent_id == 0 ? 0 : page_ids[p.parent_id]));
        text(item, "wp:menu_order", std::to_string(p.menu_order));
        cdata(item, "wp:post_type", "page");
        cdata(item, "wp:post_password", "");
        text(item, "wp:is_sticky", "0");
    }
    doc.save(out, "\t", pugi::format_default, pugi::encoding_utf8);
    if (!out) {
        return std::error_code(errc::internal);
    }
    return {};
}

} // namespace gazette::wxr
