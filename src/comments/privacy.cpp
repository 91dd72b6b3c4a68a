// Export and erasure by email.
#include "comments/privacy.hpp"

#include "core/text.hpp"

#include <boost/json.hpp>

#include <cctype>

namespace gazette::comments {

namespace json = boost::json;

namespace {

// Boost.JSON prints compactly; people read exports, so indent them.
void pretty(std::string& out, const json::value& v, int indent) {
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    const std::string inner(static_cast<std::size_t>(indent + 1) * 2, ' ');
    if (v.is_object()) {
        const auto& o = v.as_object();
        if (o.empty()) {
            out += "{}";
            return;
        }
        out += "{\n";
        bool first = true;
        for (const auto& [k, x] : o) {
            out += first ? "" : ",\n";
            first = false;
            out += inner + json::serialize(json::string(k)) + ": ";
            pretty(out, x, indent + 1);
        }
        out += "\n" + pad + "}";
    } else if (v.is_array()) {
        const auto& a = v.as_array();
        if (a.empty()) {
            out += "[]";
            return;
        }
        out += "[\n";
        for (std::size_t i = 0; i < a.size(); ++i) {
            out += i ? ",\n" : "";
            out += inner;
            pretty(out, a[i], indent + 1);
        }
        out += "\n" + pad + "]";
    } else {
        out += json::serialize(v);
    }
}

} // namespace

std::string normal_email(std::string_view email) {
    std::string e(text::trim(email));
    for (auto& c : e) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return e;
}

result<std::string> export_data(store& db, std::string_view email, const time_zone& zone, unix_time now) {
    const auto e = normal_email(email);
    auto list = db.comments_by_email(e);
    if (!list) {
        return list.error();
    }
    json::array comments;
    for (const auto& c : *list) {
        json::object o{{"id", c.id},
                       {"article", c.article_headline},
                       {"article_id", c.article_id},
                       {"in_reply_to", c.parent_id == 0 ? json::value(nullptr) : json::value(c.parent_id)},
                       {"name", c.author_name},
                       {"email", c.author_email},
                       {"website", c.author_url},
                       {"text", c.body},
                       {"status", to_string(c.status)},
                       {"written", timefmt::iso8601_local(zone, c.created_at)},
                       {"ip_address", c.ip.empty() ? json::value(nullptr) : json::value(c.ip)},
                       {"browser", c.user_agent.empty() ? json::value(nullptr) : json::value(c.user_agent)}};
        comments.push_back(std::move(o));
    }
    auto conversations = db.conversations_by_email(e);
    if (!conversations) {
        return conversations.error();
    }
    json::array transcripts;
    for (const auto& c : *conversations) {
        auto messages = db.chat_messages_after(c.id, 0, 100000, false); // the newsroom's private notes stay out
        if (!messages) {
            return messages.error();
        }
        json::array lines;
        for (const auto& m : *messages) {
            lines.push_back(json::object{{"from", m.sender},
                                         {"name", m.name},
                                         {"text", m.text},
                                         {"at", timefmt::iso8601_local(zone, m.created_at)}});
        }
        transcripts.push_back(json::object{{"started", timefmt::iso8601_local(zone, c.created_at)},
                                           {"page", c.page_url},
                                           {"ip_address", c.ip.empty() ? json::value(nullptr) : json::value(c.ip)},
                                           {"messages", std::move(lines)}});
    }
    json::object doc{{"email", e},
                     {"exported", timefmt::iso8601_local(zone, now)},
                     {"comments", std::move(comments)},
                     {"chat_transcripts", std::move(transcripts)}};
    std::string out;
    pretty(out, doc, 0);
    out += "\n";
    return out;
}

result<erasure> erase_data(store& db, std::string_view email) {
    const auto e = normal_email(email);
    auto before = db.comments_by_email(e);
    if (!before) {
        return before.error();
    }
    auto articles = db.erase_comments_by_email(e);
    if (!articles) {
        return articles.error();
    }
    auto conversations = db.delete_conversations_by_email(e);
    if (!conversations) {
        return conversations.error();
    }
    return erasure{before->size(), std::move(*articles), static_cast<std::size_t>(*conversations)};
}

} // namespace gazette::comments
