// The SQLite backend of the store: WAL, foreign keys, a busy timeout, synchronous=FULL so a committed
// write survives a crash or power loss, a small pool of connections (one per concurrent caller),
// prepared statements cached per connection. All of its SQL lives in sqlite_store.cpp.
#pragma once

#include "store/store.hpp"

#include <filesystem>
#include <memory>

namespace gazette::sqlite {

struct open_options {
    std::filesystem::path file;
    unsigned connections = 4;   // the most callers served at once; others wait for a free connection
    bool create = true;         // create the file when missing
};

// Opens (and migrates) the database. Errors: errc::corrupt (not a database), errc::newer_schema (written
// by a newer gazette), errc::internal (cannot open or create the file: see the log line).
result<std::unique_ptr<store>> open(const open_options& options);

// The schema version this build's migrations reach.
int latest_schema_version();

} // namespace gazette::sqlite
