// Reads demo/site.toml and demo/articles/*.md (TOML front matter between +++ lines, then Markdown).
#include "app/demo.hpp"

#include "core/zone.hpp"

#include "accounts/users.hpp"
#include "articles/service.hpp"
#include "resources/resources.hpp"

#include <sodium.h>
#include <toml++/toml.h>

#include <fstream>
#include <map>

namespace gazette::app {
namespace {

std::string random_password() {
    unsigned char bytes[24];
    randombytes_buf(bytes, sizeof bytes);
    char hex[sizeof bytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    return hex;
}

template <class View>
std::string str(const View& n) {
    return n.value_or(std::string());
}

} // namespace

namespace {

// Thirty days of made-up readership, so the demo's newsroom dashboard has a chart to show: each article
// is read most on its first day and less each day after; the other pages have a steady weekly rhythm.
result<void> add_demo_readership(store& db, const std::vector<std::tuple<id_t, unix_time, bool>>& published,
                                 unix_time now) {
    for (int ago = 29; ago >= 0; --ago) {
        const unix_time day_start = now - ago * 86400;
        view_counts counts;
        std::int64_t article_views = 0;
        for (const auto& [id, at, breaking] : published) {
            if (at > day_start) {
                continue;
            }
            const auto age = (day_start - at) / 86400;
            const std::int64_t peak = (breaking ? 900 : 140) + (id * 7919) % 380;
            const auto n = static_cast<std::int64_t>(static_cast<double>(peak) / static_cast<double>(1 + age * age) + 4);
            counts.emplace_back(id, n);
            article_views += n;
        }
        const std::int64_t weekday_lift = (ago % 7 == 1 || ago % 7 == 2) ? 60 : 160; // quieter weekends
        counts.emplace_back(0, 220 + weekday_lift + (ago * 37) % 90 + article_views / 3);
        if (auto r = db.add_views(timefmt::local_day(*time_zone::utc(), day_start), counts); !r) {
            return r.error();
        }
    }
    return {};
}

} // namespace

result<demo_summary> load_demo(store& db, const std::filesystem::path& data_dir, unix_time now, std::string& message) {
    if (auto loaded = db.get_setting("demo_loaded"); loaded && *loaded) {
        message = "demo content is already loaded";
        return std::error_code(errc::conflict);
    }
    const auto site_toml = resources::find("demo/site.toml");
    if (!site_toml) {
        message = "this build has no demo content";
        return std::error_code(errc::invalid);
    }
    toml::table site;
    try {
        site = toml::parse(*site_toml, std::string_view("demo/site.toml"));
    } catch (const toml::parse_error& e) {
        message = "demo/site.toml: " + std::string(e.description());
        return std::error_code(errc::invalid);
    }
    demo_summary summary;
    for (const auto& [key, value] : {std::pair{"site.name", str(site["site"]["name"])},
                                     std::pair{"site.tagline", str(site["site"]["tagline"])}}) {
        if (auto r = db.put_setting(key, value); !r) {
            message = std::string("cannot save setting ") + key + ": " + r.error().message();
            return r.error();
        }
    }

    std::map<std::string, id_t> sections;
    int position = 0;
    if (auto arr = site["section"].as_array()) {
        for (const auto& node : *arr) {
            const auto& t = *node.as_table();
            category c;
            c.slug = t["slug"].value_or(std::string());
            c.name = t["name"].value_or(std::string());
            c.description = t["description"].value_or(std::string());
            c.position = position++;
            auto id = db.insert_category(c);
            if (!id) {
                message = "demo section " + c.slug + ": " + id.error().message();
                return id.error();
            }
            sections[c.slug] = *id;
            ++summary.sections;
        }
    }
    std::map<std::string, id_t> authors;
    if (auto arr = site["author"].as_array()) {
        for (const auto& node : *arr) {
            const auto& t = *node.as_table();
            accounts::new_user u;
            u.email = t["email"].value_or(std::string());
            u.name = t["name"].value_or(std::string());
            u.role = t["role"].value_or(std::string("author"));
            u.bio = t["bio"].value_or(std::string());
            u.password = random_password(); // demo staff sign in only after `gazette user passwd`
            auto id = accounts::add_user(db, u, now, message);
            if (!id) {
                message = "demo author " + u.name + ": " + message;
                return id.error();
            }
            authors[t["slug"].value_or(std::string())] = *id;
            ++summary.authors;
        }
    }

    std::error_code ec;
    std::filesystem::create_directories(data_dir / "media", ec);
    for (const auto& img : resources::under("demo/images/")) {
        const auto name = std::string(img.path.substr(std::string_view("demo/images/").size()));
        std::ofstream out(data_dir / "media" / name, std::ios::binary | std::ios::trunc);
        out.write(img.data.data(), static_cast<std::streamsize>(img.data.size()));
        if (!out) {
            message = "cannot write " + (data_dir / "media" / name).string();
            return std::error_code(errc::internal);
        }
    }

    articles::service svc(db, nullptr, [now] { return now; });
    std::vector<std::tuple<id_t, unix_time, bool>> published;
    for (const auto& file : resources::under("demo/articles/")) {
        const std::string_view text = file.data;
        if (!text.starts_with("+++\n")) {
            message = std::string(file.path) + ": must start with a +++ front matter line";
            return std::error_code(errc::invalid);
        }
        const auto end = text.find("\n+++\n", 4);
        if (end == std::string_view::npos) {
            message = std::string(file.path) + ": front matter is not closed with +++";
            return std::error_code(errc::invalid);
        }
        toml::table fm;
        try {
            fm = toml::parse(text.substr(4, end - 4), std::string_view(file.path));
        } catch (const toml::parse_error& e) {
            message = std::string(file.path) + ": " + std::string(e.description());
            return std::error_code(errc::invalid);
        }
        articles::draft d;
        d.headline = str(fm["headline"]);
        d.slug = str(fm["slug"]);
        d.standfirst = str(fm["standfirst"]);
        d.body_md = std::string(text.substr(end + 5));
        const auto sec = sections.find(str(fm["section"]));
        const auto au = authors.find(str(fm["author"]));
        if (sec == sections.end() || au == authors.end()) {
            message = std::string(file.path) + ": unknown section or author";
            return std::error_code(errc::invalid);
        }
        d.category_id = sec->second;
        d.author_id = au->second;
        d.status = article_status::published;
        d.published_at = now - fm["age_hours"].value_or(std::int64_t{1}) * 3600;
        if (auto upd = fm["updated_hours"].value<std::int64_t>()) {
            d.updated_at = now - *upd * 3600;
        }
        d.breaking = fm["breaking"].value_or(false);
        if (auto image = fm["image"].value<std::string>()) {
            d.image_url = "/media/" + *image;
        }
        d.image_alt = str(fm["image_alt"]);
        d.image_caption = str(fm["image_caption"]);
        if (auto tags = fm["tags"].as_array()) {
            for (const auto& t : *tags) {
                std::string slug = t.value_or(std::string());
                // Demo tags are slugs; show them as words ("river-linnet" → "River Linnet").
                std::string name;
                bool up = true;
                for (const char c : slug) {
                    name.push_back(c == '-' ? ' ' : up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
                    up = c == '-';
                }
                d.tags.push_back(name);
            }
        }
        auto id = svc.create(d, message);
        if (!id) {
            message = std::string(file.path) + ": " + message;
            return id.error();
        }
        ++summary.articles;
        published.emplace_back(*id, d.published_at, d.breaking);
    }
    if (auto r = add_demo_readership(db, published, now); !r) {
        message = "cannot record the demo's page views: " + r.error().message();
        return r.error();
    }
    if (auto r = db.put_setting("demo_loaded", "1"); !r) {
        message = "cannot record that the demo is loaded: " + r.error().message();
        return r.error();
    }
    return summary;
}

} // namespace gazette::app
