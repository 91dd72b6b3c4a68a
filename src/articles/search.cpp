// The site search page.
#include "articles/search.hpp"

#include "articles/service.hpp"
#include "articles/views.hpp"
#include "core/text.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>

namespace gazette::articles {

namespace json = boost::json;

std::vector<std::string> search_words(std::string_view q) {
    std::vector<std::string> out;
    std::string word;
    auto flush = [&] {
        if (!word.empty() && out.size() < max_query_words &&
            std::find(out.begin(), out.end(), word) == out.end()) {
            out.push_back(word);
        }
        word.clear();
    };
    for (const char c : q) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80) {
            word.push_back(static_cast<char>(std::tolower(u)));
        } else {
            flush();
        }
    }
    flush();
    return out;
}

std::string snippet_html(std::string_view snippet) {
    std::string out;
    bool open = false;
    for (const char c : snippet) {
        switch (c) {
        case '\x01':
            if (!open) {
                out += "<mark>";
                open = true;
            }
            break;
        case '\x02':
            if (open) {
                out += "</mark>";
                open = false;
            }
            break;
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '#':
        case '*':
        case '`': break; // Markdown's markers: the text is what readers read
        case '\n': out += ' '; break;
        default: out.push_back(c);
        }
    }
    if (open) {
        out += "</mark>";
    }
    return out;
}

result<app::page> search_page(app::site& s, const http::request& req) {
    const auto st = s.settings();
    const std::string q(text::trim(req.query_param("q").value_or("")));
    const auto page_no = text::to_int(req.query_param("page").value_or("1"), 1, 1000).value_or(1);
    json::object search;
    int status = 200;
    std::optional<gazette::search_page> found;
    if (q.size() > max_query_bytes) {
        search["error"] = fmt::format("Search for at most {} characters.", max_query_bytes);
        status = 400;
    } else if (!text::clean_text(q, false)) {
        search["error"] = "The search has characters that cannot be searched for.";
        status = 400;
    } else if (!q.empty()) {
        search["q"] = q;
        auto r = s.db().search_published(search_words(q), search_per_page, (page_no - 1) * search_per_page);
        if (!r) {
            return r.error();
        }
        found = std::move(*r);
    }
    const std::string title = q.empty() || status != 200 ? "Search" : fmt::format("Results for “{}”", q);
    std::vector<std::string> deps; // not cached: query strings never are
    auto ctx = s.base_context(title + " | " + st->name, "", "/search", deps);
    if (!ctx) {
        return ctx.error();
    }
    if (found) {
        json::array results;
        for (const auto& hit : found->items) {
            const auto& a = hit.a;
            results.push_back({{"url", article_path(*st->zone, a)},
                               {"headline", a.headline},
                               {"snippet_html", snippet_html(hit.snippet)},
                               {"section", {{"name", a.category_name}, {"url", section_path(a.category_slug)}}},
                               {"author", a.author_name},
                               {"published_iso", timefmt::iso8601_local(*st->zone, a.published_at)},
                               {"published_human", timefmt::human_date(*st->zone, a.published_at)}});
        }
        search["total"] = found->total;
        search["total_label"] = found->total == 1 ? std::string("1 story") : fmt::format("{} stories", found->total);
        if (found->total == 0) {
            search["none"] = true;
        }
        search["results"] = std::move(results);
        const auto pages = (found->total + search_per_page - 1) / search_per_page;
        if (pages > 1) {
            const auto link = [&](std::int64_t n) { return fmt::format("/search?q={}&page={}", text::url_encode(q), n); };
            json::object pg{{"page", page_no}, {"pages", pages}};
            if (page_no > 1) {
                pg["prev_url"] = link(page_no - 1);
            }
            if (page_no < pages) {
                pg["next_url"] = link(page_no + 1);
            }
            (*ctx)["pagination"] = std::move(pg);
        }
    }
    (*ctx)["search"] = std::move(search);
    app::page p;
    p.status = status;
    p.cacheable = false;
    p.body = s.templates().render("search", *ctx);
    p.headers.emplace_back("Cache-Control", "no-store");
    p.headers.emplace_back("X-Robots-Tag", "noindex");
    return p;
}

} // namespace gazette::articles
