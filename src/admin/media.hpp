// The media library: image uploads (type checked from the bytes, not the name), listing, deleting what no
// article uses. Files go to <data>/media/uploads/YYYY/MM/ and are served by /media/... with long caching.
#pragma once

#include "accounts/sessions.hpp"
#include "app/site.hpp"

#include <optional>
#include <string_view>

namespace gazette::admin {

inline constexpr std::size_t max_image_bytes = 10 * 1024 * 1024;

// The image type of these bytes from their signature: image/jpeg, image/png, image/webp, image/gif.
std::optional<std::string_view> sniff_image(std::string_view bytes) noexcept;

result<app::page> media_library(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> upload_media(app::site& s, const http::request& req, const accounts::signed_in& who);
result<app::page> delete_media(app::site& s, const http::request& req, const accounts::signed_in& who);
// GET /admin/api/media: the library as JSON for the editor's image picker.
result<app::page> media_api(app::site& s, const http::request& req, const accounts::signed_in& who);

} // namespace gazette::admin
