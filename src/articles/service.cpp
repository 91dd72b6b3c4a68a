// Article writes and the cache invalidation they cause.
#include "articles/service.hpp"

#include "core/text.hpp"
#include "render/markdown.hpp"

#include <set>

namespace gazette::articles {

std::string article_tag(id_t id) { return "article:" + std::to_string(id); }
std::string section_list_tag(id_t id) { return "list:section:" + std::to_string(id); }
std::string tag_list_tag(id_t id) { return "list:tag:" + std::to_string(id); }
std::string author_list_tag(id_t id) { return "list:author:" + std::to_string(id); }

namespace {

bool visible(const article* a) { return a && a->status == article_status::published; }

void add_list_tags(const article& a, std::set<std::string>& out) {
    out.insert(section_list_tag(a.category_id));
    out.insert(author_list_tag(a.author_id));
    for (const auto& t : a.tags) {
        out.insert(tag_list_tag(t.id));
    }
}

} // namespace

std::vector<std::string> invalidation_tags(const article* before, const article& after) {
    std::set<std::string> out{article_tag(after.id)};
    const bool was = visible(before);
    const bool is = visible(&after);
    auto tag_ids = [](const article& a) {
        std::set<id_t> ids;
        for (const auto& t : a.tags) {
            ids.insert(t.id);
        }
        return ids;
    };
    // Lists change when an article enters or leaves them, or moves within them.
    const bool lists_change = was != is ||
                              (is && (before->published_at != after.published_at ||
                                      before->category_id != after.category_id ||
                                      before->author_id != after.author_id || tag_ids(*before) != tag_ids(after)));
    if (lists_change) {
        out.insert(all_lists_tag);
        if (was) {
            add_list_tags(*before, out);
        }
        if (is) {
            add_list_tags(after, out);
        }
    }
    // The breaking banner is on every page.
    if ((was && before->breaking) || (is && after.breaking)) {
        if (was != is || before->breaking != after.breaking || (is && before->headline != after.headline) ||
            (is && before->slug != after.slug)) {
            out.insert(nav_tag);
        }
    }
    return {out.begin(), out.end()};
}

service::service(store& db, render::page_cache* cache, clock_fn clock)
    : db_(db), cache_(cache), clock_(std::move(clock)) {}

result<article_input> service::prepare(const draft& d, std::string& message) {
    article_input in;
    in.headline = std::string(text::trim(d.headline));
    if (in.headline.empty() || in.headline.size() > max_headline_bytes) {
        message = "headline: required, at most " + std::to_string(max_headline_bytes) + " bytes";
        return std::error_code(errc::invalid);
    }
    in.standfirst = std::string(text::trim(d.standfirst));
    if (in.standfirst.size() > max_standfirst_bytes) {
        message = "standfirst: at most " + std::to_string(max_standfirst_bytes) + " bytes";
        return std::error_code(errc::invalid);
    }
    if (d.body_md.size() > max_body_bytes) {
        message = "body: at most " + std::to_string(max_body_bytes) + " bytes";
        return std::error_code(errc::invalid);
    }
    in.slug = d.slug.empty() ? text::slugify(in.headline) : d.slug;
    if (!text::is_slug(in.slug)) {
        message = "slug: lowercase letters, digits and hyphens only";
        return std::error_code(errc::invalid);
    }
    auto author = db_.find_user(d.author_id);
    if (!author) {
        message = "author: no such user";
        return std::error_code(errc::invalid);
    }
    if (auto cat = db_.find_category(d.category_id); !cat) {
        message = "section: no such section";
        return std::error_code(errc::invalid);
    }
    if (d.tags.size() > max_tags) {
        message = "tags: at most " + std::to_string(max_tags);
        return std::error_code(errc::invalid);
    }
    for (const auto& name : d.tags) {
        const auto trimmed = std::string(text::trim(name));
        const auto slug = text::slugify(trimmed);
        if (slug.empty() || trimmed.size() > 100) {
            message = "tags: '" + trimmed + "' is not a usable tag";
            return std::error_code(errc::invalid);
        }
        in.tags.emplace_back(slug, trimmed);
    }
    in.body_md = d.body_md;
    const auto policy = may_use_raw_html(author->role_) ? render::html_policy::allow : render::html_policy::escape;
    in.body_html = render::render_markdown(d.body_md, policy).html;
    in.author_id = d.author_id;
    in.category_id = d.category_id;
    in.status = d.status;
    in.published_at = d.published_at;
    if (in.status == article_status::published && in.published_at == 0) {
        in.published_at = clock_();
    }
    if (in.status == article_status::scheduled && in.published_at <= 0) {
        message = "a scheduled article needs a publication time";
        return std::error_code(errc::invalid);
    }
    in.breaking = d.breaking;
    in.image_url = d.image_url;
    in.image_alt = d.image_alt;
    in.image_caption = d.image_caption;
    return in;
}

result<id_t> service::create(const draft& d, std::string& message) {
    auto in = prepare(d, message);
    if (!in) {
        return in.error();
    }
    const unix_time now = clock_();
    const unix_time created = in->published_at == 0 ? now : std::min(now, in->published_at);
    auto id = db_.insert_article(*in, created, std::max(created, d.updated_at));
    if (!id) {
        if (id.error() == errc::conflict) {
            message = "slug: '" + in->slug + "' is already used by another article";
        }
        return id.error();
    }
    if (cache_) {
        if (auto after = db_.find_article(*id)) {
            cache_->invalidate(invalidation_tags(nullptr, *after));
        } else {
            cache_->clear();
        }
    }
    return id;
}

result<void> service::update(id_t id, const draft& d, std::string& message) {
    auto before = db_.find_article(id);
    if (!before) {
        return before.error();
    }
    auto in = prepare(d, message);
    if (!in) {
        return in.error();
    }
    if (auto r = db_.update_article(id, *in, clock_()); !r) {
        if (r.error() == errc::conflict) {
            message = "slug: '" + in->slug + "' is already used by another article";
        }
        return r.error();
    }
    if (cache_) {
        if (auto after = db_.find_article(id)) {
            cache_->invalidate(invalidation_tags(&*before, *after));
        } else {
            cache_->clear();
        }
    }
    return {};
}

result<std::size_t> service::publish_due() {
    auto ids = db_.publish_due(clock_());
    if (!ids) {
        return ids.error();
    }
    for (const id_t id : *ids) {
        if (!cache_) {
            break;
        }
        auto after = db_.find_article(id);
        if (!after) {
            cache_->clear();
            continue;
        }
        article before = *after;
        before.status = article_status::scheduled;
        cache_->invalidate(invalidation_tags(&before, *after));
    }
    return ids->size();
}

} // namespace gazette::articles
