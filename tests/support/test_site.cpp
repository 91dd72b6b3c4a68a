// The in-process test site.
#include "support/test_site.hpp"

#include "app/demo.hpp"
#include "articles/views.hpp"
#include "render/templates.hpp"
#include "store/sqlite/sqlite_store.hpp"

#include <cstdlib>
#include <stdexcept>

namespace gazette::test {

temp_dir::temp_dir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gazette-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    path_ = tmpl;
}

temp_dir::~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::unique_ptr<app::site> make_site(store& db, const std::filesystem::path& data_dir) {
    auto settings = app::load_settings(db, {}).value();
    settings.url = "http://gazette.test";
    app::site_options o;
    o.data_dir = data_dir;
    o.clock = [] { return fixed_now; };
    return std::make_unique<app::site>(db, settings, render::templates::embedded(), o);
}

test_site::test_site(test_site_options options) {
    auto db = sqlite::open({dir_.path() / "gazette.db", 6, true});
    if (!db) {
        throw std::runtime_error("cannot open test database: " + db.error().message());
    }
    db_ = std::move(*db);
    if (options.demo) {
        std::string message;
        if (auto r = app::load_demo(*db_, dir_.path(), fixed_now, message); !r) {
            throw std::runtime_error("demo: " + message);
        }
    }
    site_ = make_site(*db_, dir_.path());
    service_ = std::make_unique<articles::service>(*db_, &site_->cache(), [] { return fixed_now; }, site_->article_observer());
    http::server_options so;
    so.port = 0;
    so.threads = options.threads;
    so.workers = 2;
    so.header_timeout = options.header_timeout;
    so.idle_timeout = options.idle_timeout;
    so.max_body_bytes = options.max_body_bytes;
    so.access_log = false;
    server_ = std::make_unique<http::server>(so, *site_);
    server_->listen();
    thread_ = std::thread([this] { server_->run(); });
}

test_site::~test_site() {
    server_->shutdown();
    thread_.join();
}

std::string test_site::article_path(std::string_view fragment) {
    article_query q;
    q.limit = 100;
    auto page = db_->list_published(q);
    if (page) {
        for (const auto& a : page->items) {
            if (a.slug.find(fragment) != std::string::npos) {
                return articles::article_path(*site_->zone(), a); // in the site's zone
            }
        }
    }
    throw std::runtime_error("no article like " + std::string(fragment));
}

} // namespace gazette::test
