// Events for open pages: breaking news, newly published stories and live coverage, sent as server-sent
// events on GET /live (docs/live.md). An event is stored first (its id ascends and is never reused, so a
// client that reconnects with the last id it has gets everything after it, across restarts), then
// published on the site's bus (channel "live"), to which every open stream is subscribed.
#pragma once

#include "app/site.hpp"

#include <string>
#include <string_view>

namespace gazette::live {

inline constexpr std::string_view channel = "live";
inline constexpr unix_time keep_events_seconds = 7 * 86400; // older events are forgotten (housekeeping)
inline constexpr std::int64_t catch_up_batch = 500;
inline constexpr int retry_ms = 5000; // the reconnection delay browsers are told
inline constexpr unix_time page_catch_up_seconds = 300; // a page's first connection: events this recent

// Stores the event and sends it to every open page; returns its id (0 when it could not be stored,
// which is logged: open pages then miss it, as they would with no stream at all).
id_t announce(app::site& s, std::string_view name, const std::string& data);

// "id: 12\nevent: breaking\ndata: {...}\n\n"
std::string frame(id_t id, std::string_view name, std::string_view data);

// GET /live (?since=<id>; the Last-Event-ID header wins when both are given).
result<app::page> stream(app::site& s, const http::request& req);

} // namespace gazette::live
