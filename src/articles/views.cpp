// View data for articles: cards, full articles, URLs.
#include "articles/views.hpp"

#include "core/text.hpp"
#include "core/time.hpp"

#include <boost/json.hpp>

#include <fmt/format.h>

#include <ctime>

namespace gazette::articles {

std::string article_path(const time_zone& z, const article& a) {
    const unix_time t = a.published_at != 0 ? a.published_at : a.created_at;
    std::tm tm{};
    const std::time_t local = static_cast<std::time_t>(t + z.at(t).offset);
    gmtime_r(&local, &tm);
    return fmt::format("/{:04}/{:02}/{:02}/{}/", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, a.slug);
}

std::string section_path(std::string_view slug) { return "/category/" + std::string(slug) + "/"; }
std::string tag_path(std::string_view slug) { return "/tag/" + std::string(slug) + "/"; }
std::string author_path(std::string_view slug) { return "/author/" + std::string(slug) + "/"; }

boost::json::object card(const time_zone& z, const article& a) {
    boost::json::object o;
    o["id"] = a.id;
    o["headline"] = a.headline;
    o["url"] = article_path(z, a);
    o["standfirst"] = a.standfirst;
    o["breaking"] = a.breaking;
    o["section"] = {{"name", a.category_name}, {"url", section_path(a.category_slug)}};
    o["author"] = {{"name", a.author_name}, {"url", author_path(a.author_slug)}};
    o["date_iso"] = timefmt::iso8601_local(z, a.published_at);
    o["date_human"] = timefmt::human_date(z, a.published_at);
    if (!a.image_url.empty()) {
        o["image"] = {{"url", a.image_url}, {"alt", a.image_alt}};
    }
    if (a.comment_count > 0) {
        o["comment_count"] = a.comment_count;
        o["comment_count_label"] = std::to_string(a.comment_count) + (a.comment_count == 1 ? " comment" : " comments");
    }
    return o;
}

boost::json::array cards(const time_zone& z, const std::vector<article>& items) {
    boost::json::array arr;
    arr.reserve(items.size());
    for (const auto& a : items) {
        arr.push_back(card(z, a));
    }
    return arr;
}

boost::json::object full(const time_zone& z, const article& a, const std::vector<render::heading>& sections) {
    boost::json::object o = card(z, a);
    o["published_iso"] = timefmt::iso8601_local(z, a.published_at);
    o["published_human"] = timefmt::human_datetime(z, a.published_at);
    // "Updated" only when the text changed after publication (a correction or a development).
    if (a.updated_at > a.published_at + 60) {
        o["updated"] = true;
        o["updated_iso"] = timefmt::iso8601_local(z, a.updated_at);
        o["updated_human"] = timefmt::human_datetime(z, a.updated_at);
    }
    if (!a.image_url.empty()) {
        boost::json::object img{{"url", a.image_url}, {"alt", a.image_alt}};
        if (!a.image_caption.empty()) {
            img["caption"] = a.image_caption;
        }
        o["image"] = std::move(img);
    }
    boost::json::array toc;
    for (const auto& h : sections) {
        toc.push_back({{"id", h.id}, {"text", h.text}});
    }
    if (!toc.empty()) {
        o["toc"] = std::move(toc);
    }
    o["body_html"] = a.body_html;
    boost::json::array tags;
    for (const auto& t : a.tags) {
        tags.push_back({{"name", t.name}, {"url", tag_path(t.slug)}});
    }
    if (!tags.empty()) {
        o["tags"] = std::move(tags);
    }
    return o;
}

std::vector<render::heading> headings_of(std::string_view html) {
    std::vector<render::heading> out;
    std::size_t pos = 0;
    static constexpr std::string_view open = "<h2 id=\"";
    while ((pos = html.find(open, pos)) != std::string_view::npos) {
        const auto id_start = pos + open.size();
        const auto id_end = html.find('"', id_start);
        const auto text_start = html.find('>', id_end);
        const auto close = html.find("</h2>", text_start);
        if (id_end == std::string_view::npos || text_start == std::string_view::npos ||
            close == std::string_view::npos) {
            break;
        }
        out.push_back({std::string(html.substr(id_start, id_end - id_start)),
                       std::string(text::trim(text::strip_tags(html.substr(text_start + 1, close - text_start - 1))))});
        pos = close;
    }
    return out;
}

std::string summary(const article& a, std::size_t max_bytes) {
    if (!a.standfirst.empty()) {
        return text::truncate_words(a.standfirst, max_bytes);
    }
    return text::truncate_words(text::trim(text::strip_tags(a.body_html)), max_bytes);
}

} // namespace gazette::articles
