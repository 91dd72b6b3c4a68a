// Article metadata for crawlers and the oEmbed provider.
#include "feeds/metadata.hpp"

#include "articles/views.hpp"
#include "core/text.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>

namespace gazette::feeds {

namespace json = boost::json;

namespace {

std::string absolute(const app::site_settings& st, std::string_view url) {
    return url.starts_with("/") ? st.url + std::string(url) : std::string(url);
}

std::string escape_html(std::string_view s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

} // namespace

json::object article_meta(app::site& s, const article& a, const std::string& url) {
    const auto st = s.settings();
    const auto& z = *st->zone;
    const auto published = timefmt::iso8601_local(z, a.published_at);
    const auto modified = timefmt::iso8601_local(z, std::max(a.published_at, a.updated_at));
    const auto author_url = st->url + articles::author_path(a.author_slug);
    json::object meta{{"title", a.headline},
                      {"published_iso", published},
                      {"modified_iso", modified},
                      {"author_url", author_url},
                      {"twitter_card", a.image_url.empty() ? "summary" : "summary_large_image"},
                      {"oembed", st->url + "/oembed?url=" + text::url_encode(url)}};
    // Explicit false for what may be missing: kainjow's sections fall through to outer keys otherwise.
    meta["image"] = a.image_url.empty() ? json::value(false) : json::value(absolute(*st, a.image_url));
    meta["section"] = a.category_name.empty() ? json::value(false) : json::value(a.category_name);
    meta["description"] = a.standfirst.empty() ? json::value(false) : json::value(a.standfirst);
    json::array tags, keywords;
    for (const auto& t : a.tags) {
        tags.push_back(json::object{{"name", t.name}});
        keywords.push_back(json::value(t.name));
    }
    meta["tags"] = std::move(tags);

    json::object publisher{{"@type", "Organization"}, {"name", st->name}, {"url", st->url + "/"}};
    publisher["logo"] = {{"@type", "ImageObject"},
                         {"url", st->logo.empty() ? absolute(*st, s.asset_url("favicon.svg")) : absolute(*st, st->logo)}};
    json::object ld{{"@context", "https://schema.org"},
                    {"@type", "NewsArticle"},
                    {"headline", a.headline},
                    {"datePublished", published},
                    {"dateModified", modified},
                    {"author", json::array{{{"@type", "Person"}, {"name", a.author_name}, {"url", author_url}}}},
                    {"publisher", std::move(publisher)},
                    {"mainEntityOfPage", {{"@type", "WebPage"}, {"@id", url}}},
                    {"url", url},
                    {"isAccessibleForFree", true}};
    if (!a.standfirst.empty()) {
        ld["description"] = a.standfirst;
    }
    if (!a.image_url.empty()) {
        ld["image"] = json::array{json::value(absolute(*st, a.image_url))};
    }
    if (!a.category_name.empty()) {
        ld["articleSection"] = a.category_name;
    }
    if (!keywords.empty()) {
        ld["keywords"] = std::move(keywords);
    }
    meta["jsonld"] = text::script_safe_json(json::serialize(ld));
    return meta;
}

result<app::page> oembed(app::site& s, const http::request& req) {
    const auto st = s.settings();
    const auto bad = [](int status, std::string_view message) {
        app::page p;
        p.status = status;
        p.cacheable = false;
        p.content_type = "application/json; charset=utf-8";
        p.body = json::serialize(json::object{{"code", status == 404 ? "not_found" : "invalid"}, {"message", message}});
        return p;
    };
    const auto format = req.query_param("format").value_or("json");
    if (format != "json") {
        return bad(501, "Only format=json is available.");
    }
    const auto target = req.query_param("url").value_or("");
    const auto parsed = boost::urls::parse_absolute_uri(target);
    if (target.empty() || target.size() > 2000 || !parsed) {
        return bad(400, "Give the address of an article as url=.");
    }
    // Only this site's articles: same scheme, host and port as its address.
    const auto site_url = boost::urls::parse_absolute_uri(st->url);
    if (!site_url || parsed->scheme() != site_url->scheme() || parsed->encoded_host_and_port() != site_url->encoded_host_and_port()) {
        return bad(404, "That address is not an article on this site.");
    }
    const std::string path(parsed->encoded_path());
    const auto parts = text::split(path, '/'); // "", yyyy, mm, dd, slug, ""
    if (parts.size() != 6 || !parts[5].empty()) {
        return bad(404, "That address is not an article on this site.");
    }
    auto a = s.db().find_published_by_slug(parts[4]);
    if (!a) {
        if (a.error() == errc::not_found) {
            return bad(404, "That address is not an article on this site.");
        }
        return a.error();
    }
    const auto canonical = articles::article_path(*st->zone, *a);
    if (canonical != path) {
        return bad(404, "That address is not an article on this site.");
    }
    const auto url = st->url + canonical;
    const auto width = std::min<std::int64_t>(oembed_width,
                                               text::to_int(req.query_param("maxwidth").value_or(""), 200, 2000).value_or(oembed_width));
    const auto html = fmt::format("<blockquote class=\"gazette-embed\" cite=\"{0}\"><p><a href=\"{0}\">{1}</a></p>"
                                  "{2}<footer>{3}, {4}</footer></blockquote>",
                                  escape_html(url), escape_html(a->headline),
                                  a->standfirst.empty() ? "" : "<p>" + escape_html(a->standfirst) + "</p>",
                                  escape_html(a->author_name), escape_html(st->name));
    json::object o{{"version", "1.0"},
                   {"type", "rich"},
                   {"title", a->headline},
                   {"author_name", a->author_name},
                   {"author_url", st->url + articles::author_path(a->author_slug)},
                   {"provider_name", st->name},
                   {"provider_url", st->url + "/"},
                   {"cache_age", 3600},
                   {"html", html},
                   {"width", width},
                   {"height", 200}}; // an estimate: the quote grows with its text
    if (!a->image_url.empty()) {
        o["thumbnail_url"] = absolute(*st, a->image_url);
    }
    app::page p;
    p.cacheable = false; // the query string is the key: not for the page cache
    p.content_type = "application/json; charset=utf-8";
    p.body = json::serialize(o);
    p.headers.emplace_back("Cache-Control", "public, max-age=3600");
    p.headers.emplace_back("Access-Control-Allow-Origin", "*");
    return p;
}

} // namespace gazette::feeds
