// The chat bot.
#include "chat/bot.hpp"

#include "articles/views.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

namespace gazette::chat {

namespace {

constexpr std::array stopwords{"the", "and", "for", "are", "but", "not", "you", "all", "any", "can", "had", "her",
                               "was", "one", "our", "out", "has", "have", "his", "how", "its", "may", "new", "now",
                               "old", "see", "two", "who", "did", "get", "let", "say", "she", "too", "use", "what",
                               "when", "where", "which", "with", "will", "would", "there", "their", "this", "that",
                               "from", "they", "been", "were", "about", "into", "than", "then", "them", "these",
                               "those", "your", "yours", "hello", "hi", "please", "thanks", "thank", "could", "does",
                               "why", "tell", "know", "want", "like", "just", "some", "more", "much", "very"};

} // namespace

std::vector<std::string> keywords(std::string_view text) {
    std::vector<std::string> out;
    std::set<std::string> seen;
    std::string word;
    auto flush = [&] {
        if (word.size() >= 3 && std::find(stopwords.begin(), stopwords.end(), word) == stopwords.end() &&
            seen.insert(word).second && out.size() < 12) {
            out.push_back(word);
        }
        word.clear();
    };
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || u >= 0x80) {
            word.push_back(static_cast<char>(std::tolower(u)));
        } else {
            flush();
        }
    }
    flush();
    return out;
}

std::optional<std::string> faq_answer(std::string_view faq, std::string_view question) {
    const auto asked = keywords(question);
    const std::set<std::string> asked_set(asked.begin(), asked.end());
    std::optional<std::string> best;
    std::size_t best_score = 0;
    for (const auto line : text::split(faq, '\n')) {
        const auto bar = line.find('|');
        if (bar == std::string_view::npos) {
            continue;
        }
        const auto q = keywords(line.substr(0, bar));
        const auto answer = text::trim(line.substr(bar + 1));
        if (q.empty() || answer.empty()) {
            continue;
        }
        const auto score = static_cast<std::size_t>(
            std::count_if(q.begin(), q.end(), [&](const std::string& w) { return asked_set.contains(w); }));
        if (score > best_score && score * 2 >= q.size()) {
            best_score = score;
            best = std::string(answer);
        }
    }
    return best;
}

std::optional<std::string> email_in(std::string_view text) {
    for (const auto piece : text::split(text, ' ')) {
        std::string w(text::trim(piece));
        while (!w.empty() && std::string_view(".,;:!?)(<>\"'").find(w.back()) != std::string_view::npos) {
            w.pop_back();
        }
        while (!w.empty() && std::string_view("(<\"'").find(w.front()) != std::string_view::npos) {
            w.erase(w.begin());
        }
        const auto at = w.find('@');
        if (at != std::string::npos && at > 0 && w.find('.', at) != std::string::npos && w.size() <= 100 &&
            w.find('@', at + 1) == std::string::npos && w.back() != '.') {
            std::transform(w.begin(), w.end(), w.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            return w;
        }
    }
    return std::nullopt;
}

result<std::string> reply(store& db, const app::site_settings& st, std::string_view question, bool offer) {
    if (email_in(question)) {
        return std::string("Thank you. Your message and address are with the newsroom; someone will write back to you.");
    }
    std::string text;
    if (auto faq = faq_answer(st.chat_faq, question)) {
        text = *faq;
    } else {
        auto found = db.search_articles(keywords(question), 3);
        if (!found) {
            return found.error();
        }
        if (!found->empty()) {
            text = "Here is what we have published on that:";
            for (const auto& a : *found) {
                text += "\n• " + a.headline + " — " + st.url + articles::article_path(*st.zone, a);
            }
        } else if (offer) {
            text = "I could not find anything we have published about that.";
        } else {
            return std::string(); // said once already: no need to say it after every message
        }
    }
    if (offer) {
        text += "\n\nNobody from the newsroom is online right now. Leave your email address with your message and "
                "we will write back.";
    }
    return text;
}

} // namespace gazette::chat
