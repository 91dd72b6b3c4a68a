// Expected failures as values: our error enum, its std::error_code category, and the result alias.
#pragma once

#include <boost/system/result.hpp>

#include <string_view>
#include <system_error>

namespace gazette {

enum class errc {
    ok = 0,
    not_found,     // the thing asked for does not exist (or is not visible)
    conflict,      // unique key taken, concurrent edit
    invalid,       // input failed validation
    busy,          // the store stayed locked past its busy timeout
    forbidden,     // the caller may not do this
    too_large,     // input over a limit
    internal,      // a bug or an environment failure; logged where it happens
    newer_schema,  // the database was written by a newer gazette
    corrupt,       // the database file is not a usable database
    stale,         // changed by someone else since it was read (optimistic concurrency)
};

const std::error_category& gazette_category() noexcept;
std::error_code make_error_code(errc e) noexcept;

// What every fallible domain and store function returns.
template <class T>
using result = boost::system::result<T, std::error_code>;

// The HTTP status an error maps to (the one place that does this mapping).
int http_status(std::error_code ec) noexcept;

} // namespace gazette

template <>
struct std::is_error_code_enum<gazette::errc> : std::true_type {};
