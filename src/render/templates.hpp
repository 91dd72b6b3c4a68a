// The theme's Mustache templates (kainjow mustache). Every {{value}} is HTML-escaped; {{{raw}}} is kept
// for HTML Gazette rendered and sanitised itself (article bodies). The context is a Boost.JSON value,
// so the same view data can be rendered as a page or inspected in tests.
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace gazette::render {

class templates {
public:
    // Loads every "<name>.mustache" in the map (name → source). Pages are the templates; every template is
    // also available to the others as the partial {{> name}}. Throws std::runtime_error naming the
    // template when one does not parse.
    explicit templates(std::map<std::string, std::string> sources);
    ~templates();
    templates(templates&&) noexcept;
    templates& operator=(templates&&) noexcept;

    // Loads the embedded theme "themes/<theme>/templates/".
    static templates embedded(std::string_view theme = "default");

    // Renders template name with context. Throws std::out_of_range for an unknown template.
    // Thread-safe.
    std::string render(std::string_view name, const boost::json::value& context) const;

    bool has(std::string_view name) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace gazette::render
