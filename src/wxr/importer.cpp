// WXR → Gazette: mapping WordPress's objects onto ours, then one store transaction.
#include "wxr/importer.hpp"

#include "core/text.hpp"
#include "core/time.hpp"
#include "render/markdown.hpp"
#include "wxr/content.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <system_error>
#include <unordered_map>

namespace gazette::wxr {
namespace {

constexpr std::size_t max_headline_chars = 500;
constexpr std::size_t max_name_chars = 200;
constexpr std::size_t max_page_path = 590; // the pages table takes 600, and a "-2" may be added
constexpr std::string_view uploads_marker = "/wp-content/uploads/";

// At most n characters of valid UTF-8, cut at a character boundary.
std::string clip(std::string_view s, std::size_t n) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
            if (chars == n) {
                return std::string(s.substr(0, i));
            }
            ++chars;
        }
    }
    return std::string(s);
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// "YYYY-MM-DD HH:MM:SS" (UTC, or the site's time when that is all there is); nullopt for WordPress's
// "0000-00-00 00:00:00" (a draft that was never dated) and anything malformed.
std::optional<unix_time> wp_time(std::string_view s) {
    s = text::trim(s);
    if (s.size() < 19 || s.starts_with("0000")) {
        return std::nullopt;
    }
    std::string iso(s.substr(0, 19));
    iso[10] = 'T';
    return timefmt::parse_iso8601(iso);
}

// A slug as Gazette keeps them, from WordPress's (which may be percent-encoded UTF-8) or the title.
std::string slug_from(std::string_view wp_slug, std::string_view title, std::string_view fallback) {
    std::string decoded;
    if (!text::url_decode(wp_slug, decoded, false)) {
        decoded = std::string(wp_slug);
    }
    std::string slug = text::slugify(decoded, 190);
    if (slug.empty()) {
        slug = text::slugify(title, 190);
    }
    return slug.empty() ? std::string(fallback) : slug;
}

// The path of an address on the old site ("https://old.example/2019/03/07/x/" → "/2019/03/07/x/"), with
// its query when it has one; empty for another site's address or none.
std::string path_on(std::string_view url, std::string_view site) {
    url = text::trim(url);
    if (url.empty()) {
        return {};
    }
    auto host_of = [](std::string_view u) -> std::string_view {
        const auto scheme = u.find("://");
        if (scheme == std::string_view::npos) {
            return {};
        }
        u.remove_prefix(scheme + 3);
        return u.substr(0, u.find_first_of("/?#"));
    };
    const auto host = host_of(url);
    if (host.empty() || lower(host) != lower(host_of(site))) {
        return {};
    }
    std::string_view rest = url.substr(url.find(host) + host.size());
    rest = rest.substr(0, rest.find('#'));
    std::string path(rest.empty() ? "/" : rest);
    if (path.front() != '/') {
        path.insert(path.begin(), '/');
    }
    std::string decoded;
    const auto q = path.find('?');
    if (text::url_decode(std::string_view(path).substr(0, q), decoded, false)) {
        return q == std::string::npos ? decoded : decoded + path.substr(q);
    }
    return path;
}

bool worth_redirecting(const std::string& path) {
    return path.size() > 1 && !path.starts_with("/wp-admin") && !path.starts_with("/wp-json") &&
           !path.starts_with("/admin/") && !path.starts_with("/feed/");
}

article_status post_status(std::string_view s) {
    if (s == "publish") {
        return article_status::published;
    }
    if (s == "future") {
        return article_status::scheduled;
    }
    if (s == "pending") {
        return article_status::review;
    }
    if (s == "private" || s == "trash") {
        return article_status::unpublished; // kept, but not public
    }
    return article_status::draft;
}

comment_status status_of(const comment& c) {
    if (c.approved == "1" || c.approved == "approve") {
        return comment_status::approved;
    }
    if (c.approved == "spam") {
        return comment_status::spam;
    }
    if (c.approved == "trash" || c.approved == "post-trashed") {
        return comment_status::trash;
    }
    return comment_status::pending;
}

bool valid_email(std::string_view e) {
    const auto at = e.find('@');
    return e.size() >= 3 && e.size() <= 254 && at != std::string_view::npos && at > 0 && at + 1 < e.size() &&
           e.find_first_of(" \t\r\n<>\"") == std::string_view::npos;
}

class builder {
public:
    builder(const site& s, const std::function<std::string(std::string_view)>& url_of) : s_(s), url_of_(url_of) {
        base_ = !s.base_blog_url.empty() ? s.base_blog_url : !s.link.empty() ? s.link : s.base_site_url;
        while (base_.ends_with('/')) {
            base_.pop_back();
        }
    }

    wp_import build() {
        out_.source = base_.empty() ? "(unknown site: " + s_.title + ")" : base_;
        for (const auto& a : s_.authors) {
            add_user(a.login, a.email, a.display_name, a.id);
        }
        for (const auto& c : s_.categories) {
            add_term(out_.categories, categories_, c.slug, c.name, c.description, c.parent);
        }
        for (const auto& t : s_.tags) {
            add_term(out_.tags, tags_, t.slug, t.name, t.description, "");
        }
        for (const auto& it : s_.items) {
            if (it.type == "attachment") {
                attachments_[it.id] = &it;
            }
        }
        for (const auto& it : s_.items) {
            if (it.type == "page") {
                pages_[it.id] = &it;
            }
        }
        for (const auto& it : s_.items) {
            if (it.type == "post" || it.type == "page") {
                add_post(it);
            }
        }
        return std::move(out_);
    }

private:
    const std::string& add_user(std::string_view login_in, std::string_view email_in, std::string_view name_in,
                                std::int64_t wp_id) {
        std::string login(text::trim(login_in));
        if (login.empty()) {
            login = "wordpress";
        }
        if (const auto it = user_logins_.find(login); it != user_logins_.end()) {
            return it->first;
        }
        wp_import_user u;
        u.login = login;
        u.wp_id = wp_id;
        u.email = lower(text::trim(email_in));
        if (!valid_email(u.email) || emails_.contains(u.email)) {
            // WordPress allows an author without one; Gazette's users have one. The person sets a real
            // one (and a password) in the newsroom.
            u.email = clip(text::slugify(login, 60).empty() ? "author" : text::slugify(login, 60), 60) + "@users.invalid";
            for (int n = 2; emails_.contains(u.email); ++n) {
                u.email = fmt::format("{}-{}@users.invalid", text::slugify(login, 60), n);
            }
        }
        emails_.insert(u.email);
        u.name = clip(text::trim(text::strip_tags(name_in)), max_name_chars);
        if (u.name.empty()) {
            u.name = clip(login, max_name_chars);
        }
        u.slug = slug_from(login, u.name, "author");
        out_.users.push_back(std::move(u));
        return user_logins_.emplace(login, out_.users.size() - 1).first->first;
    }

    // A term the file defines, or one an item names without the file defining it (WXR 1.0 files).
    std::string add_term(std::vector<wp_import_term>& list, std::map<std::string, std::size_t>& index,
                         std::string_view slug_in, std::string_view name_in, std::string_view description,
                         std::string_view parent) {
        std::string name = clip(text::trim(text::strip_tags(name_in)), max_name_chars);
        std::string slug = slug_from(slug_in, name, "");
        if (slug.empty()) {
            return {};
        }
        if (index.contains(slug)) {
            return slug;
        }
        if (name.empty()) {
            name = slug;
        }
        std::string parent_slug = parent.empty() ? std::string() : slug_from(parent, "", "");
        list.push_back({slug, name, std::string(text::trim(description)), parent_slug});
        index.emplace(slug, list.size() - 1);
        return slug;
    }

    std::string page_path(const item& it, std::string_view slug) {
        if (auto p = path_on(it.link, base_);
            !p.empty() && p.find('?') == std::string::npos && p != "/" && p.size() < max_page_path) {
            if (!p.ends_with('/')) {
                p.push_back('/');
            }
            return p;
        }
        // No usable permalink (a draft, "?page_id="): the parents' slugs, as WordPress builds it.
        std::vector<std::string> parts{std::string(slug)};
        std::set<std::int64_t> seen{it.id};
        for (auto parent = it.parent; parent != 0 && !seen.contains(parent);) {
            seen.insert(parent);
            const auto found = pages_.find(parent);
            if (found == pages_.end()) {
                break;
            }
            parts.push_back(slug_from(found->second->slug, found->second->title, fmt::format("page-{}", parent)));
            parent = found->second->parent;
        }
        std::string path = "/";
        for (auto i = parts.rbegin(); i != parts.rend(); ++i) {
            path += *i + "/";
        }
        return path.size() < max_page_path ? path : fmt::format("/page-{}/", it.id);
    }

    std::string map_url(std::string_view url) const { return url_of_ ? url_of_(url) : std::string(url); }

    void add_post(const item& it) {
        wp_import_post p;
        p.wp_id = it.id;
        p.is_page = it.type == "page";
        p.title = clip(text::trim(it.title), max_headline_chars);
        if (p.title.empty()) {
            p.title = "(no title)";
        }
        p.slug = slug_from(it.slug, p.title, fmt::format("{}-{}", it.type, it.id));
        p.status = post_status(it.status);
        if (p.is_page && p.status != article_status::published) {
            p.status = article_status::draft;
        }
        const auto when = wp_time(it.date_gmt).value_or(wp_time(it.date).value_or(0));
        p.created_at = when;
        p.updated_at = when;
        if (p.status == article_status::published || p.status == article_status::scheduled) {
            p.published_at = when;
        }
        p.author_login = add_user(it.creator, "", it.creator, 0);
        p.standfirst = plain_text(it.excerpt);
        content_options co;
        co.base_url = base_;
        if (url_of_) {
            co.rewrite_url = url_of_;
        }
        p.body_md = clean_post_html(it.content, co);
        p.body_html = render::render_markdown(p.body_md, render::html_policy::allow).html;
        p.menu_order = it.menu_order;
        p.comments_closed = it.comment_status == "closed";
        for (const auto& [key, value] : it.meta) {
            if (key != "_thumbnail_id") {
                continue;
            }
            const auto id = text::to_int(text::trim(value), 1, INT64_MAX);
            if (const auto a = id ? attachments_.find(*id) : attachments_.end(); a != attachments_.end()) {
                p.image_url = map_url(!a->second->attachment_url.empty() ? a->second->attachment_url : a->second->guid);
                p.image_caption = plain_text(a->second->excerpt);
                for (const auto& [k, v] : a->second->meta) {
                    if (k == "_wp_attachment_image_alt") {
                        p.image_alt = v;
                    }
                }
            }
        }
        if (p.is_page) {
            p.path = page_path(it, p.slug);
            p.wp_parent = it.parent;
            p.legacy_paths.push_back(fmt::format("/?page_id={}", it.id));
            page_comments += it.comments.size();
        } else {
            // The first category is the section (Gazette's articles have one); "Uncategorized" only when
            // there is no other. Further categories become tags, so nothing a post was filed under is lost.
            std::vector<std::string> cats;
            for (const auto& t : it.terms) {
                if (t.domain == "category") {
                    if (auto slug = add_term(out_.categories, categories_, t.slug, t.name, "", ""); !slug.empty()) {
                        cats.push_back(slug);
                    }
                } else if (t.domain == "post_tag") {
                    if (auto slug = add_term(out_.tags, tags_, t.slug, t.name, "", ""); !slug.empty()) {
                        p.tags.push_back(slug);
                    }
                }
            }
            const auto primary = std::find_if(cats.begin(), cats.end(), [](const auto& c) { return c != "uncategorized"; });
            if (primary != cats.end()) {
                p.category = *primary;
            } else {
                p.category = add_term(out_.categories, categories_, "uncategorized", "Uncategorized", "", "");
            }
            for (const auto& c : cats) {
                if (c != p.category) {
                    const auto& term = out_.categories[categories_.at(c)];
                    p.tags.push_back(add_term(out_.tags, tags_, term.slug, term.name, "", ""));
                }
            }
            std::sort(p.tags.begin(), p.tags.end());
            p.tags.erase(std::unique(p.tags.begin(), p.tags.end()), p.tags.end());
            p.legacy_paths.push_back(fmt::format("/?p={}", it.id));
            // WordPress's date permalink, in the site's time as WordPress wrote it.
            if (it.date.size() >= 10 && !it.date.starts_with("0000") && !it.slug.empty()) {
                std::string decoded;
                if (!text::url_decode(it.slug, decoded, false)) {
                    decoded = it.slug;
                }
                p.legacy_paths.push_back(fmt::format("/{}/{}/{}/{}/", it.date.substr(0, 4), it.date.substr(5, 2),
                                                     it.date.substr(8, 2), decoded));
            }
            for (const auto& c : it.comments) {
                p.comments.push_back(to_comment(c));
            }
        }
        if (auto link = path_on(it.link, base_); worth_redirecting(link)) {
            p.legacy_paths.push_back(link);
        }
        if (auto guid = path_on(it.guid, base_); worth_redirecting(guid)) {
            p.legacy_paths.push_back(guid);
        }
        std::sort(p.legacy_paths.begin(), p.legacy_paths.end());
        p.legacy_paths.erase(std::unique(p.legacy_paths.begin(), p.legacy_paths.end()), p.legacy_paths.end());
        out_.posts.push_back(std::move(p));
    }

    wp_import_comment to_comment(const comment& c) {
        wp_import_comment m;
        m.wp_id = c.id;
        m.wp_parent = c.parent;
        m.author_name = clip(text::trim(text::strip_tags(c.author)), max_name_chars);
        if (m.author_name.empty()) {
            m.author_name = "Anonymous";
        }
        m.author_email = lower(text::trim(c.email));
        const auto url = text::trim(c.url);
        if (url.starts_with("http://") || url.starts_with("https://")) {
            m.author_url = std::string(url);
        }
        m.body = plain_text(c.content);
        m.ip = std::string(text::trim(c.ip));
        m.status = status_of(c);
        m.created_at = wp_time(c.date_gmt).value_or(0);
        if (c.user_id != 0) {
            for (const auto& a : s_.authors) {
                if (a.id == c.user_id) {
                    m.user_login = std::string(text::trim(a.login));
                }
            }
        }
        return m;
    }

public:
    std::size_t page_comments = 0;

private:
    const site& s_;
    const std::function<std::string(std::string_view)>& url_of_;
    std::string base_;
    wp_import out_;
    std::map<std::string, std::size_t> user_logins_, categories_, tags_;
    std::set<std::string> emails_;
    std::unordered_map<std::int64_t, const item*> attachments_, pages_;
};

// Copies the uploads posts use into data/media/wp/, remembering what it copied.
class upload_copier {
public:
    upload_copier(const import_options& o) : o_(o) {}

    std::string operator()(std::string_view url) {
        const auto at = url.find(uploads_marker);
        if (o_.uploads.empty() || at == std::string_view::npos) {
            return std::string(url);
        }
        std::string rel(url.substr(at + uploads_marker.size()));
        rel = rel.substr(0, rel.find_first_of("?#"));
        std::string decoded;
        if (!text::url_decode(rel, decoded, false) || decoded.empty()) {
            return std::string(url);
        }
        const std::filesystem::path relative(decoded);
        for (const auto& part : relative) {
            if (part == ".." || part == "." || part.string().empty()) {
                return std::string(url);
            }
        }
        if (relative.is_absolute()) {
            return std::string(url);
        }
        const std::string address = "/media/wp/" + text::url_encode(relative.generic_string(), true);
        if (done_.contains(address)) {
            return address;
        }
        std::error_code ec;
        const auto from = o_.uploads / relative;
        if (!std::filesystem::is_regular_file(from, ec)) {
            missing_.insert(address);
            return std::string(url);
        }
        const auto to = o_.media_dir / "wp" / relative;
        std::filesystem::create_directories(to.parent_path(), ec);
        if (ec || !std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing, ec) || ec) {
            missing_.insert(address);
            return std::string(url);
        }
        media_item m;
        m.path = address;
        m.filename = relative.filename().string();
        m.bytes = static_cast<std::int64_t>(std::filesystem::file_size(to, ec));
        m.mime = mime_of(relative.extension().string());
        done_.emplace(address, std::move(m));
        return address;
    }

    std::map<std::string, media_item>& copied() { return done_; }
    std::size_t missing() const { return missing_.size(); }

private:
    static std::string mime_of(std::string ext) {
        ext = lower(ext);
        static const std::map<std::string, std::string, std::less<>> types{
            {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".png", "image/png"}, {".gif", "image/gif"},
            {".webp", "image/webp"}, {".avif", "image/avif"}, {".svg", "image/svg+xml"}, {".pdf", "application/pdf"},
            {".mp3", "audio/mpeg"}, {".mp4", "video/mp4"}};
        const auto it = types.find(ext);
        return it == types.end() ? "application/octet-stream" : it->second;
    }

    const import_options& o_;
    std::map<std::string, media_item> done_;
    std::set<std::string> missing_;
};

} // namespace

wp_import prepare(const site& s, const std::function<std::string(std::string_view)>& url_of) {
    return builder(s, url_of).build();
}

std::variant<import_summary, error> import_site(store& db, const site& s, const import_options& options, unix_time now) {
    upload_copier copier(options);
    std::function<std::string(std::string_view)> url_of;
    if (!options.uploads.empty()) {
        url_of = [&](std::string_view u) { return copier(u); };
    }
    builder b(s, url_of);
    const wp_import plan = b.build();
    import_summary summary;
    summary.page_comments = b.page_comments;
    for (const auto& it : s.items) {
        if (it.type != "post" && it.type != "page") {
            ++summary.skipped_items;
        }
    }
    auto stored = db.import_wordpress(plan, now, options.progress);
    if (!stored) {
        return error{"the import was not stored (nothing of it was kept): " + stored.error().message(), 0};
    }
    summary.stored = *stored;
    id_t recorded_as = options.imported_by;
    if (recorded_as == 0 && !copier.copied().empty()) {
        if (auto staff = db.list_staff(); staff && !staff->empty()) {
            recorded_as = staff->front().id; // the import's own authors, when nobody else is there
        }
    }
    for (auto& [path, m] : copier.copied()) {
        if (auto known = db.find_media_by_path(path); known) {
            continue; // an earlier import copied it
        }
        m.created_at = now;
        m.uploaded_by = recorded_as;
        if (m.uploaded_by == 0) {
            continue; // nobody to record it under: the file is served all the same
        }
        if (db.insert_media(m)) {
            ++summary.files_copied;
        }
    }
    summary.files_missing = copier.missing();
    return summary;
}

std::variant<import_summary, error> import_file(store& db, const std::filesystem::path& file, const import_options& options,
                                                unix_time now) {
    auto read = read_file(file);
    if (auto* e = std::get_if<error>(&read)) {
        return *e;
    }
    return import_site(db, std::get<site>(read), options, now);
}

std::string describe(const import_summary& s) {
    const auto& r = s.stored;
    auto part = [](std::string_view what, const wp_import_tally& t) {
        return fmt::format("{} {} ({} new, {} already there)", t.created + t.existing, what, t.created, t.existing);
    };
    std::string out = fmt::format("{}; {}; {}; {}; {}; {}; {} old addresses redirected", part("posts", r.posts),
                                  part("pages", r.pages), part("comments", r.comments), part("authors", r.users),
                                  part("sections", r.categories), part("tags", r.tags), r.redirects);
    if (s.page_comments != 0) {
        out += fmt::format("; {} comments on pages left out (Gazette's pages take no comments)", s.page_comments);
    }
    if (s.skipped_items != 0) {
        out += fmt::format("; {} attachments, menu items and other entries not imported as content", s.skipped_items);
    }
    if (s.files_copied != 0 || s.files_missing != 0) {
        out += fmt::format("; {} uploads copied, {} not found in the uploads folder", s.files_copied, s.files_missing);
    }
    return out;
}

} // namespace gazette::wxr
