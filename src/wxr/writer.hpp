// Writing WordPress's export format (WXR 1.2) from a Gazette site: `gazette export-wxr`. WordPress's
// importer reads it; so does ours (export, then import elsewhere, gives the same site).
#pragma once

#include "core/zone.hpp"
#include "store/store.hpp"

#include <ostream>
#include <string>

namespace gazette::wxr {

struct export_info {
    std::string title, description, language = "en";
    std::string url; // the site's address, e.g. https://news.example (no trailing slash)
    const time_zone* zone = nullptr; // the site's zone: article addresses and WordPress's local dates
};

// Every user who wrote something, every section (with parents) and tag, every article (any status, as
// posts: body as HTML, standfirst as excerpt, image as an attachment and featured image, tags and
// section as terms) and page, and every comment (any status, with emails, threading and dates).
// Item ids: articles keep theirs, pages and attachments follow the highest article id. Errors are the
// store's.
result<void> write_site(store& db, const export_info& info, std::ostream& out);

} // namespace gazette::wxr
