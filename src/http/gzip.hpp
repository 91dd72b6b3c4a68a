// gzip compression (zlib) for text responses.
#pragma once

#include <string>
#include <string_view>

namespace gazette::http {

// Compresses bytes into a gzip member. level 1..9; 6 is zlib's default, 9 for bodies compressed once and cached.
std::string gzip_compress(std::string_view bytes, int level = 6);

// Decompresses a gzip member (used by tests and by clients of the test helpers). Throws on corrupt input.
std::string gzip_decompress(std::string_view bytes);

// True for content types worth compressing (text, JSON, JS, SVG, XML).
bool is_compressible(std::string_view content_type) noexcept;

} // namespace gazette::http
