// Article writes and the cache invalidation they cause.
#include "articles/service.hpp"

#include "core/text.hpp"
#include "render/markdown.hpp"

#include <algorithm>
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

draft draft_of(const article& a) {
    draft d;
    d.headline = a.headline;
    d.slug = a.slug;
    d.standfirst = a.standfirst;
    d.body_md = a.body_md;
    d.author_id = a.author_id;
    d.category_id = a.category_id;
    d.status = a.status;
    d.published_at = a.published_at;
    d.breaking = a.breaking;
    d.image_url = a.image_url;
    d.image_alt = a.image_alt;
    d.image_caption = a.image_caption;
    for (const auto& t : a.tags) {
        d.tags.push_back(t.name);
    }
    d.expected_revision = a.revision;
    return d;
}

service::service(store& db, render::page_cache* cache, clock_fn clock, change_fn on_change)
    : db_(db), cache_(cache), clock_(std::move(clock)), on_change_(std::move(on_change)) {}

result<article_input> service::prepare(const draft& d, field_errors& errors) {
    auto fail = [&](std::string field, std::string message) { errors.push_back({std::move(field), std::move(message)}); };
    article_input in;
    in.headline = std::string(text::trim(d.headline));
    if (in.headline.empty()) {
        fail("headline", "A headline is needed.");
    } else if (in.headline.size() > max_headline_bytes) {
        fail("headline", "The headline is too long (at most " + std::to_string(max_headline_bytes) + " bytes).");
    }
    in.standfirst = std::string(text::trim(d.standfirst));
    if (in.standfirst.size() > max_standfirst_bytes) {
        fail("standfirst", "The standfirst is too long (at most " + std::to_string(max_standfirst_bytes) + " bytes).");
    }
    if (d.body_md.size() > max_body_bytes) {
        fail("body", "The text is too long (at most " + std::to_string(max_body_bytes / 1024) + " KiB).");
    }
    const auto slug = std::string(text::trim(d.slug));
    in.slug = slug.empty() ? text::slugify(in.headline) : slug;
    if (!in.headline.empty() && !text::is_slug(in.slug)) {
        fail("slug", slug.empty() ? "Make a slug by hand: the headline has no letters or digits to make one from."
                                  : "Use lowercase letters, digits and hyphens only.");
    }
    auto author = db_.find_user(d.author_id);
    if (!author && author.error() != errc::not_found) {
        return author.error();
    }
    if (!author) {
        fail("author", "Choose an author.");
    }
    if (auto cat = db_.find_category(d.category_id); !cat) {
        if (cat.error() != errc::not_found) {
            return cat.error();
        }
        fail("section", "Choose a section.");
    }
    if (d.tags.size() > max_tags) {
        fail("tags", "At most " + std::to_string(max_tags) + " tags.");
    }
    for (const auto& name : d.tags) {
        const auto trimmed = std::string(text::trim(name));
        const auto tag_slug = text::slugify(trimmed);
        if (tag_slug.empty() || trimmed.size() > 100) {
            fail("tags", "“" + trimmed + "” cannot be a tag: use letters or digits, at most 100 characters.");
            break;
        }
        if (std::none_of(in.tags.begin(), in.tags.end(), [&](const auto& t) { return t.first == tag_slug; })) {
            in.tags.emplace_back(tag_slug, trimmed);
        }
    }
    if (!d.image_url.empty() && !d.image_url.starts_with("/") && !d.image_url.starts_with("https://") &&
        !d.image_url.starts_with("http://")) {
        fail("image_url", "Use a path on this site (/media/...) or an http(s) address.");
    } else if (d.image_url.starts_with("//") || d.image_url.find_first_of(" \"<>") != std::string::npos) {
        fail("image_url", "That is not a usable image address.");
    }
    in.status = d.status;
    in.published_at = d.published_at;
    if (in.status == article_status::published && in.published_at == 0) {
        in.published_at = clock_();
    }
    if (in.status == article_status::scheduled && in.published_at <= 0) {
        fail("publish_at", "A scheduled article needs a time to be published.");
    }
    if (!errors.empty()) {
        return std::error_code(errc::invalid);
    }
    in.body_md = d.body_md;
    const auto policy = may_use_raw_html(author->role_) ? render::html_policy::allow : render::html_policy::escape;
    in.body_html = render::render_markdown(d.body_md, policy).html;
    in.author_id = d.author_id;
    in.category_id = d.category_id;
    in.breaking = d.breaking;
    in.image_url = d.image_url;
    in.image_alt = d.image_alt;
    in.image_caption = d.image_caption;
    in.saved_by = d.saved_by;
    in.expected_revision = d.expected_revision;
    return in;
}

namespace {

std::string join(const field_errors& errors) {
    std::string out;
    for (const auto& e : errors) {
        out += (out.empty() ? "" : "; ") + e.field + ": " + e.message;
    }
    return out;
}

} // namespace

result<id_t> service::create(const draft& d, std::string& message) {
    field_errors errors;
    auto r = create(d, errors);
    message = join(errors);
    return r;
}

result<void> service::update(id_t id, const draft& d, std::string& message) {
    field_errors errors;
    auto r = update(id, d, errors);
    message = join(errors);
    return r;
}

result<id_t> service::create(const draft& d, field_errors& errors) {
    auto in = prepare(d, errors);
    if (!in) {
        return in.error();
    }
    const unix_time now = clock_();
    const unix_time created = in->published_at == 0 ? now : std::min(now, in->published_at);
    auto id = db_.insert_article(*in, created, std::max(created, d.updated_at));
    if (!id) {
        if (id.error() == errc::conflict) {
            errors.push_back({"slug", "The slug “" + in->slug + "” is already used by another article."});
            return std::error_code(errc::invalid);
        }
        return id.error();
    }
    if (cache_ || on_change_) {
        auto after = db_.find_article(*id);
        if (cache_) {
            if (after) {
                cache_->invalidate(invalidation_tags(nullptr, *after));
            } else {
                cache_->clear();
            }
        }
        if (after && on_change_) {
            on_change_(nullptr, *after);
        }
    }
    return id;
}

result<void> service::update(id_t id, const draft& d, field_errors& errors) {
    auto before = db_.find_article(id);
    if (!before) {
        return before.error();
    }
    auto in = prepare(d, errors);
    if (!in) {
        return in.error();
    }
    if (auto r = db_.update_article(id, *in, clock_()); !r) {
        if (r.error() == errc::conflict) {
            errors.push_back({"slug", "The slug “" + in->slug + "” is already used by another article."});
            return std::error_code(errc::invalid);
        }
        return r.error();
    }
    if (cache_ || on_change_) {
        auto after = db_.find_article(id);
        if (cache_) {
            if (after) {
                cache_->invalidate(invalidation_tags(&*before, *after)); // links to it are on pages tagged with it
            } else {
                cache_->clear();
            }
        }
        if (after && on_change_) {
            on_change_(&*before, *after);
        }
    }
    return {};
}

result<void> service::remove(id_t id) {
    auto before = db_.find_article(id);
    if (!before) {
        return before.error();
    }
    if (auto r = db_.delete_article(id); !r) {
        return r;
    }
    article gone = *before; // as if unpublished: the lists it was on change, open pages hear of it
    gone.status = article_status::unpublished;
    if (cache_) {
        auto tags = invalidation_tags(&*before, gone);
        tags.push_back(article_tag(id));
        cache_->invalidate(tags);
    }
    if (on_change_) {
        on_change_(&*before, gone);
    }
    return {};
}

result<std::size_t> service::publish_due() {
    auto ids = db_.publish_due(clock_());
    if (!ids) {
        return ids.error();
    }
    for (const id_t id : *ids) {
        if (!cache_ && !on_change_) {
            break;
        }
        auto after = db_.find_article(id);
        if (!after) {
            if (cache_) {
                cache_->clear();
            }
            continue;
        }
        article before = *after;
        before.status = article_status::scheduled;
        if (cache_) {
            cache_->invalidate(invalidation_tags(&before, *after));
        }
        if (on_change_) {
            on_change_(&before, *after);
        }
    }
    return ids->size();
}

} // namespace gazette::articles
