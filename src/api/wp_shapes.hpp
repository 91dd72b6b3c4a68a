// The WordPress JSON shapes and answers the wp/v2 read handlers (wp_json.cpp) and write handlers
// (wp_write.cpp) share. Internal to api/.
#pragma once

#include "api/wp_json.hpp"
#include "app/site.hpp"

#include <boost/json.hpp>

namespace gazette::api::detail {

namespace json = boost::json;

app::page json_page(const json::value& v, std::vector<std::string> deps, int status = 200);
// WordPress's error shape: {"code": ..., "message": ..., "data": {"status": N}}.
app::page wp_error(int status, std::string_view code, std::string_view message, json::object extra = {});
std::optional<std::int64_t> int_param(const http::request& req, std::string_view name, std::int64_t lo,
                                      std::int64_t hi, std::optional<app::page>& err);
json::object post_json(const app::site& s, const article& a);
json::object category_json(const app::site& s, const gazette::category& c);
json::object tag_json(const app::site& s, const gazette::tag& t);
json::object comment_json(const app::site& s, const gazette::comment& c, const article* a);
void paging_headers(app::page& p, std::int64_t total, std::int64_t per_page);

} // namespace gazette::api::detail
