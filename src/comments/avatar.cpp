// Identicons from libsodium's BLAKE2b.
#include "comments/avatar.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <array>
#include <cctype>

namespace gazette::comments {

std::string identicon(std::string_view email, std::string_view salt) {
    std::string key(salt.substr(0, crypto_generichash_KEYBYTES_MAX));
    std::string normal;
    for (const char c : email) {
        normal.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    std::array<unsigned char, 16> h{};
    crypto_generichash(h.data(), h.size(), reinterpret_cast<const unsigned char*>(normal.data()), normal.size(),
                       key.empty() ? nullptr : reinterpret_cast<const unsigned char*>(key.data()), key.size());
    const int hue = (h[0] << 8 | h[1]) % 360;
    std::string path;
    for (int row = 0; row < 5; ++row) {
        for (int col = 0; col < 3; ++col) {
            const int bit = row * 3 + col; // 15 bits decide the left half; the right mirrors it
            if ((h[2 + bit / 8] >> (bit % 8)) & 1) {
                path += fmt::format("M{} {}h1v1h-1z", col, row);
                if (col < 2) {
                    path += fmt::format("M{} {}h1v1h-1z", 4 - col, row);
                }
            }
        }
    }
    if (path.empty()) {
        path = "M2 2h1v1h-1z"; // never a blank square
    }
    return fmt::format("<svg class=\"avatar\" viewBox=\"-0.5 -0.5 6 6\" width=\"40\" height=\"40\" aria-hidden=\"true\" "
                       "focusable=\"false\"><rect x=\"-0.5\" y=\"-0.5\" width=\"6\" height=\"6\" fill=\"hsl({} 45% 93%)\"/>"
                       "<path fill=\"hsl({} 55% 38%)\" d=\"{}\"/></svg>",
                       hue, hue, path);
}

std::string new_avatar_salt() {
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::string hex(bytes.size() * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
    hex.pop_back();
    return hex;
}

} // namespace gazette::comments
