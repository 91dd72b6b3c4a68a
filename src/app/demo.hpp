// Demo content for `gazette init --demo`: sections, authors, articles and images embedded from demo/.
#pragma once

#include "core/error.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

#include <filesystem>
#include <string>

namespace gazette::app {

struct demo_summary {
    std::size_t sections = 0;
    std::size_t authors = 0;
    std::size_t articles = 0;
};

// Loads the embedded demo site into an empty store, copying images to data_dir/media/. Article times
// are relative to now ("published 3 hours ago"). errc::conflict when demo content was loaded already;
// errc::invalid when the embedded files are malformed (message says where).
result<demo_summary> load_demo(store& db, const std::filesystem::path& data_dir, unix_time now, std::string& message);

} // namespace gazette::app
