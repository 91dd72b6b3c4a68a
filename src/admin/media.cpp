// Media library handlers.
#include "admin/media.hpp"

#include "admin/pages.hpp"
#include "core/text.hpp"
#include "http/multipart.hpp"

#include <boost/json.hpp>
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <ctime>
#include <fstream>

namespace gazette::admin {
namespace {

namespace json = boost::json;

std::string_view extension_for(std::string_view mime) {
    if (mime == "image/jpeg") return "jpg";
    if (mime == "image/png") return "png";
    if (mime == "image/webp") return "webp";
    return "gif";
}

constexpr std::int64_t max_listed = 200;

std::string human_size(std::int64_t bytes) {
    if (bytes < 1024) {
        return std::to_string(bytes) + " B";
    }
    if (bytes < 1024 * 1024) {
        return std::to_string((bytes + 512) / 1024) + " KB";
    }
    return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

result<app::page> render_library(app::site& s, const accounts::signed_in& who, std::string error, std::string alt,
                                 std::string flash, int status) {
    auto items = s.db().list_media(max_listed, 0);
    if (!items) {
        return items.error();
    }
    auto ctx = base_context(s, "Media", &who, "/admin/media");
    json::array list;
    const bool may_delete = who.who.role_ == role::admin || who.who.role_ == role::editor;
    for (const auto& m : *items) {
        json::object o{{"url", m.path},
                       {"filename", m.filename},
                       {"size", human_size(m.bytes)},
                       {"uploaded_human", timefmt::human_datetime(*s.zone(), m.created_at)}};
        if (!m.alt.empty()) {
            o["alt"] = m.alt;
        }
        if (may_delete) {
            o["delete_action"] = "/admin/media/" + std::to_string(m.id) + "/delete";
        }
        list.push_back(std::move(o));
    }
    if (!list.empty()) {
        ctx["media"] = std::move(list);
    }
    if (!error.empty()) {
        put_errors(ctx, {{"file", error}});
    }
    if (!alt.empty()) {
        ctx["form"] = {{"alt", alt}};
    }
    if (!flash.empty()) {
        ctx["flash"] = {{"kind", "ok"}, {"text", flash}};
    }
    ctx["max_size"] = human_size(max_image_bytes);
    return render_admin(s, "media", ctx, status);
}

} // namespace

std::optional<std::string_view> sniff_image(std::string_view b) noexcept {
    if (b.size() >= 3 && b.substr(0, 3) == std::string_view("\xFF\xD8\xFF", 3)) {
        return "image/jpeg";
    }
    if (b.size() >= 8 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8)) {
        return "image/png";
    }
    if (b.size() >= 6 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a")) {
        return "image/gif";
    }
    if (b.size() >= 12 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") {
        return "image/webp";
    }
    return std::nullopt;
}

result<app::page> media_library(app::site& s, const http::request& req, const accounts::signed_in& who) {
    return render_library(s, who, "", "", req.query_param("uploaded") ? "Uploaded. Copy its address into an article."
                                          : req.query_param("deleted") ? "Deleted."
                                                                       : "",
                          200);
}

result<app::page> upload_media(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto parts = http::parse_multipart(req.header("Content-Type"), req.body);
    if (!parts) {
        return render_library(s, who, "The upload could not be read. Please choose the file again.", "", "", 400);
    }
    const auto* file = http::find_part(*parts, "file");
    const auto* alt_part = http::find_part(*parts, "alt");
    const std::string alt = alt_part ? std::string(text::trim(alt_part->data)).substr(0, 300) : std::string();
    if (!file || file->data.empty()) {
        return render_library(s, who, "Choose an image to upload.", alt, "", 422);
    }
    if (file->data.size() > max_image_bytes) {
        return render_library(s, who, "That file is too large: images can be up to 10 MB.", alt, "", 413);
    }
    const auto mime = sniff_image(file->data);
    if (!mime) {
        return render_library(s, who, "That file is not a JPEG, PNG, WebP or GIF image (whatever its name says).",
                              alt, "", 415);
    }
    // uploads/YYYY/MM/<random>-<name>.<ext>: unguessable, readable, and never one that already exists.
    std::tm tm{};
    const std::time_t now = static_cast<std::time_t>(s.now());
    gmtime_r(&now, &tm);
    unsigned char random[4];
    randombytes_buf(random, sizeof random);
    char hex[sizeof random * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, random, sizeof random);
    std::string stem = file->filename.substr(0, file->filename.rfind('.'));
    stem = text::slugify(stem, 60);
    if (stem.empty()) {
        stem = "image";
    }
    const std::string relative = fmt::format("uploads/{:04}/{:02}/{}-{}.{}", tm.tm_year + 1900, tm.tm_mon + 1, hex,
                                             stem, extension_for(*mime));
    const auto path = s.data_dir() / "media" / relative;
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    const auto temp = path.string() + ".part";
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(file->data.data(), static_cast<std::streamsize>(file->data.size()));
        out.flush();
        if (!out) {
            spdlog::error("cannot write upload {}", temp);
            std::filesystem::remove(temp, ec);
            return std::error_code(errc::internal);
        }
    }
    std::filesystem::rename(temp, path, ec);
    if (ec) {
        std::filesystem::remove(temp, ec);
        return std::error_code(errc::internal);
    }
    media_item m;
    m.path = "/media/" + relative;
    m.filename = file->filename.substr(0, 200);
    m.mime = std::string(*mime);
    m.bytes = static_cast<std::int64_t>(file->data.size());
    m.alt = alt;
    m.uploaded_by = who.who.id;
    m.created_at = s.now();
    auto id = s.db().insert_media(m);
    if (!id) {
        std::filesystem::remove(path, ec); // no orphan file for a row that was not written
        return id.error();
    }
    spdlog::info("user {} uploaded {} ({} bytes)", who.who.id, m.path, m.bytes);
    return redirect_to("/admin/media?uploaded=" + std::to_string(*id));
}

result<app::page> delete_media(app::site& s, const http::request& req, const accounts::signed_in& who) {
    const auto id = text::to_int(req.param("id"), 1, INT64_MAX);
    auto m = id ? s.db().find_media(*id) : result<media_item>(std::error_code(errc::not_found));
    if (!m) {
        return m.error();
    }
    auto uses = s.db().media_uses(m->path);
    if (!uses) {
        return uses.error();
    }
    if (m->path == s.settings()->logo) {
        return error_page(s, 409, "Still in use",
                          m->filename + " is the site's logo, so it stays. Choose another logo in Settings first.",
                          &who);
    }
    if (*uses > 0) {
        return error_page(s, 409, "Still in use",
                          m->filename + " is used by " + std::to_string(*uses) +
                              (*uses == 1 ? " article" : " articles") + ", so it stays. Remove it from them first.",
                          &who);
    }
    if (auto r = s.db().delete_media(m->id); !r) {
        return r.error();
    }
    std::error_code ec;
    std::filesystem::remove(s.data_dir() / m->path.substr(1), ec); // "/media/uploads/..." under the data dir
    spdlog::info("user {} deleted {}", who.who.id, m->path);
    return redirect_to("/admin/media?deleted=1");
}

result<app::page> media_api(app::site& s, const http::request&, const accounts::signed_in&) {
    auto items = s.db().list_media(max_listed, 0);
    if (!items) {
        return items.error();
    }
    json::array list;
    for (const auto& m : *items) {
        list.push_back({{"url", m.path}, {"filename", m.filename}, {"alt", m.alt}, {"size", human_size(m.bytes)}});
    }
    return json_reply(json::object{{"items", std::move(list)}});
}

} // namespace gazette::admin
