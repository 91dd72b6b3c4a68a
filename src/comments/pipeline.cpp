// Comment checks and the moderation rules that need no database.
#include "comments/pipeline.hpp"

#include "comments/text.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>

namespace gazette::comments {

namespace {

using text::characters;
using text::clean_text;

bool valid_email(std::string_view e) {
    const auto at = e.find('@');
    if (at == std::string_view::npos || at == 0 || e.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    const auto domain = e.substr(at + 1);
    const auto dot = domain.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 2 > domain.size() || domain.starts_with('-') ||
        domain.find("..") != std::string_view::npos) {
        return false;
    }
    return std::none_of(e.begin(), e.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u <= ' ' || c == '<' || c == '>' || c == '"' || c == '(' || c == ')' || c == ',' || c == ';' ||
               c == '\\' || c == '[' || c == ']';
    });
}

// "example.com/x" → "http://example.com/x"; nullopt unless an http(s) address with a sensible host.
std::optional<std::string> normal_url(std::string_view u) {
    std::string url(u);
    const auto lower = [&] {
        std::string l = url;
        std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return l;
    };
    if (url.find("://") == std::string::npos) {
        url = "http://" + url;
    }
    const std::string l = lower();
    std::size_t host_start = 0;
    if (l.starts_with("http://")) {
        host_start = 7;
    } else if (l.starts_with("https://")) {
        host_start = 8;
    } else {
        return std::nullopt; // javascript:, data:, ftp: and the rest
    }
    const auto host_end = std::min(url.find_first_of("/?#", host_start), url.size());
    const auto host = std::string_view(url).substr(host_start, host_end - host_start);
    if (host.empty() || host.find('.') == std::string_view::npos || host.front() == '.' || host.front() == '-') {
        return std::nullopt;
    }
    const bool host_ok = std::all_of(host.begin(), host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':' ||
               static_cast<unsigned char>(c) >= 0x80;
    });
    const bool rest_ok = std::none_of(url.begin(), url.end(), [](char c) {
        const auto uc = static_cast<unsigned char>(c);
        return uc <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`';
    });
    if (!host_ok || !rest_ok) {
        return std::nullopt;
    }
    return url;
}

// The first line of a word list found (case-insensitively) in any of the comment's fields.
std::optional<std::string> match_words(std::string_view words, const comment& c) {
    for (const auto w : text::split(words, '\n')) {
        const auto word = text::trim(w);
        if (word.empty()) {
            continue;
        }
        for (const std::string_view field : {std::string_view(c.author_name), std::string_view(c.author_email),
                                             std::string_view(c.author_url), std::string_view(c.body),
                                             std::string_view(c.ip), std::string_view(c.user_agent)}) {
            if (text::icontains(field, word)) {
                return std::string(word);
            }
        }
    }
    return std::nullopt;
}

} // namespace

form read_form(const http::form& p) {
    form f;
    f.post_id = std::string(http::field(p, "comment_post_ID"));
    f.parent = std::string(http::field(p, "comment_parent"));
    f.comment = std::string(http::field(p, "comment"));
    f.author = std::string(http::field(p, "author"));
    f.email = std::string(http::field(p, "email"));
    f.url = std::string(http::field(p, "url"));
    f.remember = http::field(p, "wp-comment-cookies-consent") == "yes";
    f.honeypot = std::string(http::field(p, "gz_hp"));
    f.elapsed = std::string(http::field(p, "gz_elapsed"));
    return f;
}

std::vector<field_error> check(const form& f, const app::site_settings& rules, comment& out) {
    std::vector<field_error> errors;
    const auto body = text::trim(f.comment);
    const auto author = text::trim(f.author);
    const auto email = text::trim(f.email);
    const auto url = text::trim(f.url);
    const auto max_body = static_cast<std::size_t>(rules.comments_max_length);
    if (!clean_text(f.comment, true)) {
        errors.push_back({"comment", "The comment has characters that cannot be shown; please retype it."});
    } else if (body.empty()) {
        errors.push_back({"comment", "Please write a comment."});
    } else if (characters(body) > max_body) {
        errors.push_back({"comment", "Please keep your comment under " + std::to_string(max_body) + " characters (it has " +
                                         std::to_string(characters(body)) + ")."});
    }
    if (!clean_text(f.author, false) || author.empty()) {
        errors.push_back({"author", "Please give your name."});
    } else if (characters(author) > max_author) {
        errors.push_back({"author", "Please keep your name under " + std::to_string(max_author) + " characters."});
    }
    if (email.empty()) {
        errors.push_back({"email", "Please give your email address. It is never published."});
    } else if (email.size() > max_email || !clean_text(email, false) || !valid_email(email)) {
        errors.push_back({"email", "Please give an email address like name@example.com."});
    }
    std::optional<std::string> site;
    if (!url.empty()) {
        site = normal_url(url);
        if (url.size() > max_url || !site || site->size() > max_url) {
            errors.push_back({"url", "Please give a web address like https://example.com, or leave it empty."});
        }
    }
    if (errors.empty()) {
        out.body = std::string(body);
        out.author_name = std::string(author);
        out.author_email.clear();
        for (const char c : email) {
            out.author_email.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        }
        out.author_url = site.value_or("");
    }
    return errors;
}

comment_verdict judge(const comment& c, const form& f, const app::site_settings& rules) {
    using v = comment_verdict::kind;
    if (rules.comments_moderation) {
        return {v::hold, "Every comment is held for moderation."};
    }
    if (const auto links = count_links(c.body);
        rules.comments_max_links > 0 && links >= static_cast<std::size_t>(rules.comments_max_links)) {
        return {v::hold, "It has " + std::to_string(links) + " links."};
    }
    if (const auto word = match_words(rules.comments_moderation_words, c)) {
        return {v::hold, "It contains “" + *word + "”, a word on the moderation list."};
    }
    if (const auto word = match_words(rules.comments_disallowed_words, c)) {
        return {v::spam, "It contains “" + *word + "”, a disallowed word."};
    }
    if (!f.honeypot.empty()) {
        return {v::spam, "A field only robots can see was filled in."};
    }
    if (const auto ms = text::to_int(f.elapsed, 0, INT64_MAX); ms && *ms < min_human_ms) {
        return {v::spam, "It was sent " + std::to_string(*ms) + " ms after the page opened, faster than a person types."};
    }
    return {rules.comments_known_authors ? v::approve_if_known : v::approve, ""};
}

bool closed(const article& a, const app::site_settings& rules, unix_time now) {
    if (a.comments_closed || a.status != article_status::published) {
        return true;
    }
    return rules.comments_close_after_days > 0 && now - a.published_at > rules.comments_close_after_days * 86400;
}

} // namespace gazette::comments
