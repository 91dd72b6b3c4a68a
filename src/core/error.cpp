// The gazette error category and the error → HTTP status mapping.
#include "core/error.hpp"

#include <string>

namespace gazette {
namespace {

class category final : public std::error_category {
public:
    const char* name() const noexcept override { return "gazette"; }
    std::string message(int v) const override {
        switch (static_cast<errc>(v)) {
        case errc::ok: return "ok";
        case errc::not_found: return "not found";
        case errc::conflict: return "conflict";
        case errc::invalid: return "invalid input";
        case errc::busy: return "the database is busy";
        case errc::forbidden: return "forbidden";
        case errc::too_large: return "too large";
        case errc::internal: return "internal error";
        case errc::newer_schema: return "the database was written by a newer version of gazette";
        case errc::corrupt: return "the database file is corrupt or not a gazette database";
        case errc::stale: return "changed by someone else in the meantime";
        }
        return "unknown error";
    }
};

} // namespace

const std::error_category& gazette_category() noexcept {
    static const category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), gazette_category()}; }

int http_status(std::error_code ec) noexcept {
    if (ec.category() != gazette_category()) {
        return 500;
    }
    switch (static_cast<errc>(ec.value())) {
    case errc::ok: return 200;
    case errc::not_found: return 404;
    case errc::conflict:
    case errc::stale: return 409;
    case errc::invalid: return 400;
    case errc::busy: return 503;
    case errc::forbidden: return 403;
    case errc::too_large: return 413;
    default: return 500;
    }
}

} // namespace gazette
