// Template loading and rendering over kainjow mustache, with JSON → mustache data conversion.
#include "render/templates.hpp"

#include "core/text.hpp"
#include "resources/resources.hpp"

#include <kainjow/mustache.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <mutex>
#include <stdexcept>

namespace gazette::render {
namespace {

namespace km = kainjow::mustache;

km::data to_data(const boost::json::value& v) {
    switch (v.kind()) {
    case boost::json::kind::object: {
        km::data d{km::data::type::object};
        for (const auto& [k, child] : v.get_object()) {
            d.set(std::string(k), to_data(child));
        }
        return d;
    }
    case boost::json::kind::array: {
        km::data d{km::data::type::list};
        for (const auto& child : v.get_array()) {
            d.push_back(to_data(child));
        }
        return d;
    }
    case boost::json::kind::string: return km::data{std::string(v.get_string())};
    case boost::json::kind::bool_: return km::data{v.get_bool() ? km::data::type::bool_true : km::data::type::bool_false};
    case boost::json::kind::int64: return km::data{std::to_string(v.get_int64())};
    case boost::json::kind::uint64: return km::data{std::to_string(v.get_uint64())};
    case boost::json::kind::double_: return km::data{std::to_string(v.get_double())};
    case boost::json::kind::null: return km::data{km::data::type::bool_false};
    }
    return km::data{km::data::type::bool_false};
}

} // namespace

struct templates::impl {
    struct compiled {
        std::string source;
        std::unique_ptr<km::mustache> tmpl;
        std::mutex mutex; // kainjow's render keeps state in the object
    };
    std::map<std::string, std::unique_ptr<compiled>, std::less<>> pages;
    std::vector<std::string> partial_names; // templates some template includes with {{> name}}
};

templates::templates(std::map<std::string, std::string> sources) : impl_(std::make_unique<impl>()) {
    for (auto& [name, source] : sources) {
        auto c = std::make_unique<impl::compiled>();
        c->source = std::move(source);
        c->tmpl = std::make_unique<km::mustache>(c->source);
        if (!c->tmpl->is_valid()) {
            throw std::runtime_error("template " + name + ": " + c->tmpl->error_message());
        }
        impl_->pages.emplace(name, std::move(c));
    }
    // Only templates that are used as partials are offered as partials: kainjow finds partials in the
    // context by name, so offering every template would shadow context keys such as "article" or "error".
    for (const auto& [name, c] : impl_->pages) {
        for (std::size_t pos = 0; (pos = c->source.find("{{>", pos)) != std::string::npos;) {
            const auto end = c->source.find("}}", pos);
            if (end == std::string::npos) {
                break;
            }
            const std::string partial(text::trim(std::string_view(c->source).substr(pos + 3, end - pos - 3)));
            if (impl_->pages.contains(partial) &&
                std::find(impl_->partial_names.begin(), impl_->partial_names.end(), partial) ==
                    impl_->partial_names.end()) {
                impl_->partial_names.push_back(partial);
            }
            pos = end;
        }
    }
}

templates::~templates() = default;
templates::templates(templates&&) noexcept = default;
templates& templates::operator=(templates&&) noexcept = default;

templates templates::embedded(std::string_view theme) {
    const std::string prefix = "themes/" + std::string(theme) + "/templates/";
    std::map<std::string, std::string> sources;
    for (const auto& e : resources::under(prefix)) {
        std::string_view name = e.path.substr(prefix.size());
        if (!name.ends_with(".mustache")) {
            continue;
        }
        name.remove_suffix(std::string_view(".mustache").size());
        sources.emplace(std::string(name), std::string(e.data));
    }
    if (sources.empty()) {
        throw std::runtime_error("theme " + std::string(theme) + " has no templates");
    }
    return templates(std::move(sources));
}

bool templates::has(std::string_view name) const { return impl_->pages.find(name) != impl_->pages.end(); }

std::string templates::render(std::string_view name, const boost::json::value& context) const {
    const auto it = impl_->pages.find(name);
    if (it == impl_->pages.end()) {
        throw std::out_of_range("no template " + std::string(name));
    }
    km::data data = to_data(context);
    if (!data.is_object()) {
        throw std::invalid_argument("template context must be an object");
    }
    // kainjow looks partials up in the context; a context key of the same name would win.
    for (const auto& partial_name : impl_->partial_names) {
        if (data.get(partial_name) != nullptr) {
            throw std::invalid_argument("template context key '" + partial_name + "' shadows the partial of that name");
        }
        const std::string* src = &impl_->pages.find(partial_name)->second->source;
        data.set(partial_name, km::data{km::partial{[src] { return *src; }}});
    }
    auto& page = *it->second;
    std::lock_guard lock(page.mutex);
    std::string out = page.tmpl->render(data);
    if (!page.tmpl->error_message().empty()) {
        throw std::runtime_error("template " + std::string(name) + ": " + page.tmpl->error_message());
    }
    return out;
}

} // namespace gazette::render
