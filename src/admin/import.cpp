// Import from WordPress in the newsroom.
#include "admin/import.hpp"

#include "admin/pages.hpp"
#include "http/multipart.hpp"
#include "wxr/importer.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace gazette::admin {
namespace json = boost::json;
namespace {

app::page render_import(app::site& s, const accounts::signed_in& who, json::object extra, int status) {
    auto ctx = base_context(s, "Import from WordPress", &who, "/admin/import");
    for (auto& [k, v] : extra) {
        ctx[k] = v;
    }
    ctx["max_size"] = fmt::format("{} MB", max_wxr_bytes / (1024 * 1024));
    return render_admin(s, "import", ctx, status);
}

json::object tally(std::string_view what, const wp_import_tally& t) {
    return {{"what", what}, {"total", t.created + t.existing}, {"created", t.created}, {"existing", t.existing}};
}

} // namespace

result<app::page> import_form(app::site& s, const http::request&, const accounts::signed_in& who) {
    return render_import(s, who, {}, 200);
}

result<app::page> run_import(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto parts = http::parse_multipart(req.header("Content-Type"), req.body);
    const auto* file = parts ? http::find_part(*parts, "file") : nullptr;
    if (!file || file->data.empty()) {
        json::object e;
        put_errors(e, {{"file", "Choose the export file WordPress made (Tools › Export › All content)."}});
        return render_import(s, who, std::move(e), 422);
    }
    auto read = wxr::read_string(file->data);
    if (auto* bad = std::get_if<wxr::error>(&read)) {
        json::object e;
        put_errors(e, {{"file", bad->line != 0 ? fmt::format("Line {}: {}. Nothing was imported.", bad->line, bad->message)
                                               : fmt::format("{}. Nothing was imported.", bad->message)}});
        return render_import(s, who, std::move(e), 422);
    }
    wxr::import_options options;
    options.imported_by = who.who.id;
    auto done = wxr::import_site(s.db(), std::get<wxr::site>(read), options, s.now());
    if (auto* bad = std::get_if<wxr::error>(&done)) {
        spdlog::error("import by user {} failed: {}", who.who.id, bad->message);
        json::object e;
        put_errors(e, {{"file", "The import could not be stored, and nothing of it was kept. Please try again."}});
        return render_import(s, who, std::move(e), 500);
    }
    const auto& summary = std::get<wxr::import_summary>(done);
    s.cache().clear(); // sections, menus, lists and old addresses: everything may show it
    spdlog::info("user {} imported a WordPress export: {}", who.who.id, wxr::describe(summary));
    const auto& r = summary.stored;
    json::array rows{tally("Posts", r.posts), tally("Pages", r.pages), tally("Comments", r.comments),
                     tally("Authors", r.users), tally("Sections", r.categories), tally("Tags", r.tags)};
    json::object result{{"rows", std::move(rows)}, {"redirects", r.redirects}, {"file", file->filename}};
    if (summary.page_comments != 0) {
        result["page_comments"] = summary.page_comments;
    }
    if (summary.skipped_items != 0) {
        result["skipped"] = summary.skipped_items;
    }
    return render_import(s, who, {{"result", std::move(result)}}, 200);
}

} // namespace gazette::admin
