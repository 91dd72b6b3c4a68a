// Live chat over real WebSockets: the greeting, send/ack/broadcast, resuming with nothing missed, a
// resent message stored once, the limits, XSS payloads carried as inert text, and the plain-HTTP refusal.
#include "app/scheduler.hpp"
#include "app/settings.hpp"
#include "comments/privacy.hpp"
#include "core/zone.hpp"
#include "chat/bot.hpp"
#include "chat/agents.hpp"
#include "chat/visitor.hpp"
#include "core/text.hpp"
#include "accounts/sessions.hpp"
#include "support/http_client.hpp"
#include "support/staff.hpp"
#include "support/test_site.hpp"
#include "support/ws_client.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <fstream>

namespace gazette::test {
namespace {

namespace json = boost::json;

json::object frame(const std::string& text) { return json::parse(text).as_object(); }

std::string message(const std::string& client_id, const std::string& text) {
    return json::serialize(json::object{{"type", "message"}, {"client_id", client_id}, {"text", text}});
}

struct Chat : ::testing::Test {
    std::unique_ptr<test_site> site = std::make_unique<test_site>();

    // A new conversation: the socket and its token.
    std::pair<std::unique_ptr<ws_client>, std::string> open(const std::string& query = "") {
        auto ws = std::make_unique<ws_client>(site->port(), "/chat/ws" + query);
        const auto hello = frame(ws->read().value());
        EXPECT_EQ(hello.at("type").as_string(), "hello");
        return {std::move(ws), std::string(hello.at("conversation").as_string())};
    }
    std::unique_ptr<ws_client> resume(const std::string& token, id_t after = 0) {
        auto ws = std::make_unique<ws_client>(site->port(), "/chat/ws?conversation=" + token + "&after=" + std::to_string(after));
        const auto hello = frame(ws->read().value());
        EXPECT_EQ(hello.at("conversation").as_string(), token) << "the same conversation";
        return ws;
    }
    // A newsroom member's inbox socket, after its hello.
    std::pair<std::unique_ptr<ws_client>, json::object> agent(const staff_session& who) {
        auto ws = std::make_unique<ws_client>(site->port(), "/admin/chat/ws",
                                              std::vector<std::pair<std::string, std::string>>{
                                                  {"Cookie", who.cookie()}, {"Origin", "http://127.0.0.1"}});
        auto hello = frame(ws->read().value());
        EXPECT_EQ(hello.at("type").as_string(), "hello");
        return {std::move(ws), std::move(hello)};
    }
    id_t conversation_id(const std::string& token) {
        return site->db().find_conversation_by_token(accounts::token_id(token)).value().id;
    }
    void set(const std::string& key, const std::string& value) {
        const auto changed = app::change_settings(site->db(), {{key, value}});
        ASSERT_TRUE(changed && changed->errors.empty()) << key;
        ASSERT_TRUE(site->site().reload_settings());
    }
};

// Frames until one has this type (returned); the ones before it are in skipped when given.
json::object next_of(ws_client& ws, std::string_view type, std::vector<json::object>* skipped = nullptr) {
    for (;;) {
        auto f = frame(ws.read().value());
        if (f.at("type").as_string() == type) {
            return f;
        }
        if (skipped) {
            skipped->push_back(std::move(f));
        }
    }
}

TEST_F(Chat, OpeningGreetsBeforeTheReaderTypesAnything) {
    ws_client ws(site->port(), "/chat/ws?page=%2F2026%2F11%2F24%2Fstory%2F");
    const auto hello = frame(ws.read().value());
    EXPECT_EQ(hello.at("type").as_string(), "hello");
    EXPECT_EQ(hello.at("greeting").as_string(), "Hi there! How can I help you?");
    EXPECT_FALSE(hello.at("agents_online").as_bool());
    EXPECT_EQ(hello.at("conversation").as_string().size(), 43u) << "a 256-bit token";
    // A plain GET is refused with a clear message.
    const auto plain = get(site->port(), "/chat/ws");
    EXPECT_EQ(plain.status, 400);
    EXPECT_NE(plain.body.find("WebSocket"), std::string::npos);
}

TEST_F(Chat, AMessageIsStoredThenAcknowledgedThenSentToEveryoneInTheConversation) {
    auto [reader, token] = open();
    auto second_tab = resume(token);
    reader->send(message("c-1", "Is the Quay Street barrier up tonight?"));
    const auto got = reader->read_until("\"type\":\"message\"");
    const auto ack = frame(got.front());
    ASSERT_EQ(ack.at("type").as_string(), "ack") << "the ack comes first";
    EXPECT_EQ(ack.at("client_id").as_string(), "c-1");
    const auto id = ack.at("id").as_int64();
    const auto msg = frame(got.back());
    EXPECT_EQ(msg.at("id").as_int64(), id);
    EXPECT_EQ(msg.at("from").as_string(), "visitor");
    EXPECT_EQ(msg.at("text").as_string(), "Is the Quay Street barrier up tonight?");
    EXPECT_TRUE(msg.at("at").as_string().ends_with("Z"));
    // The other tab of the same conversation gets it too.
    const auto other = frame(second_tab->read_until("Quay Street").back());
    EXPECT_EQ(other.at("id").as_int64(), id);
    // And it is in the database.
    const auto conv = site->db().find_conversation_by_token(accounts::token_id(token)).value();
    const auto stored = site->db().chat_messages_after(conv.id, 0, 100, true).value();
    ASSERT_FALSE(stored.empty());
    EXPECT_EQ(stored.front().text, "Is the Quay Street barrier up tonight?");
    EXPECT_EQ(stored.front().sender, "visitor");
}

TEST_F(Chat, AResentMessageIsAcknowledgedAgainAndStoredOnce) {
    auto [reader, token] = open();
    reader->send(message("same-id", "First try."));
    const auto first = frame(reader->read_until("\"type\":\"ack\"").back());
    reader->send(message("same-id", "First try."));
    const auto again = frame(reader->read_until("\"type\":\"ack\"").back());
    EXPECT_EQ(again.at("id").as_int64(), first.at("id").as_int64());
    const auto conv = site->db().find_conversation_by_token(accounts::token_id(token)).value();
    const auto stored = site->db().chat_messages_after(conv.id, 0, 100, true).value();
    EXPECT_EQ(std::count_if(stored.begin(), stored.end(), [](const chat_message& m) { return m.sender == "visitor"; }), 1);
}

TEST_F(Chat, AReconnectingReaderGetsEverythingItMissedInOrder) {
    auto [reader, token] = open();
    reader->send(message("m1", "One."));
    const auto seen = frame(reader->read_until("\"type\":\"message\"").back()).at("id").as_int64();
    reader->drop(); // the network goes
    auto other = resume(token);
    for (const char* text : {"Two.", "Three.", "Four."}) {
        other->send(message(std::string("o-") + text, text));
        other->read_until(text);
    }
    auto back = resume(token, seen);
    std::vector<std::string> texts; // the reader's own missed messages, among the bot's answers
    std::int64_t last = seen;
    while (texts.size() < 3) {
        const auto f = frame(back->read().value());
        ASSERT_EQ(f.at("type").as_string(), "message");
        EXPECT_GT(f.at("id").as_int64(), last) << "in order";
        last = f.at("id").as_int64();
        if (f.at("from").as_string() == "visitor") {
            texts.emplace_back(f.at("text").as_string());
        }
    }
    EXPECT_EQ(texts, (std::vector<std::string>{"Two.", "Three.", "Four."}));
    // A token nobody issued starts a new conversation rather than reaching someone else's.
    ws_client stranger(site->port(), "/chat/ws?conversation=not-a-real-token&after=0");
    const auto hello = frame(stranger.read().value());
    EXPECT_NE(hello.at("conversation").as_string(), token);
    EXPECT_NE(hello.at("conversation").as_string(), "not-a-real-token");
}

TEST_F(Chat, LimitsAreEnforcedWithAClearNotice) {
    auto [reader, token] = open();
    reader->send(message("long", std::string(chat::max_message_chars + 1, 'x')));
    auto f = frame(reader->read().value());
    EXPECT_EQ(f.at("type").as_string(), "error");
    EXPECT_EQ(f.at("code").as_string(), "too_long");
    EXPECT_EQ(f.at("client_id").as_string(), "long");
    reader->send(message("exact", std::string(chat::max_message_chars, 'x')));
    EXPECT_EQ(frame(reader->read_until("\"type\":\"ack\"").back()).at("client_id").as_string(), "exact");
    reader->send("not json");
    EXPECT_EQ(frame(reader->read_until("\"type\":\"error\"").back()).at("code").as_string(), "bad_request");
    reader->send(message("", "no id"));
    EXPECT_EQ(frame(reader->read_until("\"type\":\"error\"").back()).at("code").as_string(), "bad_request");
    // Messages per minute per conversation.
    std::size_t acked = 1, limited = 0;
    for (std::size_t i = 0; i < chat::messages_per_minute + 3; ++i) {
        reader->send(message(fmt::format("r{}", i), fmt::format("Quick {}", i)));
        const auto g = frame(reader->read_until("client_id").back());
        (g.at("type").as_string() == "ack" ? acked : limited)++;
        if (g.at("type").as_string() == "error") {
            EXPECT_EQ(g.at("code").as_string(), "rate_limited");
        }
    }
    EXPECT_EQ(acked, chat::messages_per_minute);
    EXPECT_EQ(limited, 4u);
    // Conversations per address per hour.
    int refused = 0;
    for (int i = 0; i < chat::conversations_per_hour_per_address + 1; ++i) {
        ws_client ws(site->port(), "/chat/ws");
        const auto first = frame(ws.read().value());
        if (first.at("type").as_string() == "error") {
            EXPECT_EQ(first.at("code").as_string(), "too_many_conversations");
            EXPECT_FALSE(ws.read()) << "and the connection is closed";
            ++refused;
        }
    }
    EXPECT_EQ(refused, 2) << "20 an hour: this test had opened one already";
}

TEST_F(Chat, MessageTextIsCarriedAsTextWhateverItHolds) {
    std::ifstream in(std::string(GAZETTE_TESTDATA) + "/xss-html5sec/vectors.txt");
    std::vector<std::string> payloads;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.size() <= chat::max_message_chars) {
            payloads.push_back(line);
        }
    }
    ASSERT_GT(payloads.size(), 50u);
    site->site().chat().set_limits(100000, 100000); // every payload from one conversation
    auto ws = open().first;
    std::size_t n = 0, checked = 0;
    for (const auto& p : payloads) {
        const std::string trimmed(text::trim(p));
        ws->send(message(fmt::format("x{}", ++n), p));
        const auto got = ws->read_until(fmt::format("\"client_id\":\"x{}\"", n));
        if (trimmed.empty()) {
            continue; // an empty message is refused
        }
        const auto ack = frame(got.back());
        if (ack.at("type").as_string() == "error") {
            EXPECT_EQ(ack.at("code").as_string(), "bad_request") << p; // control characters
            continue;
        }
        const auto f = frame(ws->read_until("\"type\":\"message\"").back());
        EXPECT_EQ(f.at("text").as_string(), trimmed) << "exactly the text, as a JSON string";
        ++checked;
    }
    EXPECT_GT(checked, payloads.size() * 9 / 10);
}

TEST_F(Chat, WithNobodyOnlineTheBotAnswersFromTheSitesOwnArticles) {
    auto [reader, token] = open();
    reader->send(message("q1", "Is the flood barrier on Quay Street up?"));
    const auto got = reader->read_until("\"from\":\"bot\"");
    const auto bot = frame(got.back());
    EXPECT_EQ(bot.at("name").as_string(), "Newsroom bot");
    const std::string text(bot.at("text").as_string());
    const auto flood = site->db().find_published_by_slug("flood-warning-linnet-quay-street-barrier-raised").value();
    EXPECT_NE(text.find(flood.headline), std::string::npos) << text;
    EXPECT_NE(text.find("http://gazette.test" + site->article_path("flood-warning")), std::string::npos) << text;
    EXPECT_NE(text.find("Leave your email address"), std::string::npos);
    // The reader leaves an address: kept for the newsroom (never shown to anyone else), and thanked.
    reader->send(message("q2", "Please write to me: Jo.Reader@Example.com"));
    const auto thanks = frame(reader->read_until("\"from\":\"bot\"").back());
    EXPECT_NE(std::string(thanks.at("text").as_string()).find("someone will write back"), std::string::npos);
    EXPECT_EQ(site->db().find_conversation_by_token(accounts::token_id(token))->visitor_email, "jo.reader@example.com");
    // A question from the FAQ gets its answer.
    ASSERT_TRUE(app::change_settings(site->db(), {{"chat.faq", "How do I subscribe to the paper? | Call 01234 567890."}})
                    ->errors.empty());
    ASSERT_TRUE(site->site().reload_settings());
    reader->send(message("q3", "how can I subscribe?"));
    const auto faq = frame(reader->read_until("\"from\":\"bot\"").back());
    EXPECT_TRUE(std::string(faq.at("text").as_string()).starts_with("Call 01234 567890.")) << faq.at("text").as_string();
    // Nothing found: it says so (once, with how to reach the newsroom; after that it keeps quiet).
    auto fresh = open().first;
    fresh->send(message("q4", "zebra xylophone quasar"));
    const auto none = frame(fresh->read_until("\"from\":\"bot\"").back());
    EXPECT_NE(std::string(none.at("text").as_string()).find("could not find"), std::string::npos);
    EXPECT_NE(std::string(none.at("text").as_string()).find("Leave your email address"), std::string::npos);
}

TEST_F(Chat, TranscriptsAreInThePrivacyExportAndGoWithErasureOrAge) {
    auto [reader, token] = open();
    reader->send(message("p1", "My address is pat@example.com, please call back about the ferry."));
    reader->read_until("\"from\":\"bot\"");
    const auto exported = comments::export_data(site->db(), "Pat@Example.com", *time_zone::utc(), fixed_now).value();
    const auto doc = json::parse(exported);
    const auto& transcripts = doc.at("chat_transcripts").as_array();
    ASSERT_EQ(transcripts.size(), 1u);
    const auto& lines = transcripts.front().at("messages").as_array();
    ASSERT_GE(lines.size(), 2u);
    EXPECT_EQ(lines[0].at("from").as_string(), "visitor");
    EXPECT_NE(std::string(lines[0].at("text").as_string()).find("about the ferry"), std::string::npos);
    EXPECT_EQ(lines[1].at("from").as_string(), "bot");
    // Erasure takes the whole conversation.
    const auto erased = comments::erase_data(site->db(), "pat@example.com").value();
    EXPECT_EQ(erased.conversations, 1u);
    EXPECT_EQ(site->db().find_conversation_by_token(accounts::token_id(token)).error(), errc::not_found);
    // Age: a conversation quiet for longer than the retention period is deleted by the housekeeping.
    auto [old_reader, old_token] = open();
    old_reader->send(message("o1", "An old question."));
    old_reader->read_until("\"type\":\"ack\"");
    app::scheduler later(site->site(), site->service(), [] { return fixed_now + 181 * 86400; });
    later.run_once();
    EXPECT_EQ(site->db().find_conversation_by_token(accounts::token_id(old_token)).error(), errc::not_found);
}

TEST(ChatBot, KeywordsAndFaq) {
    EXPECT_EQ(chat::keywords("Is the flood barrier on Quay-Street up?"),
              (std::vector<std::string>{"flood", "barrier", "quay", "street"}));
    EXPECT_EQ(chat::faq_answer("How do I subscribe? | Call us.\nWhere is the office? | Mill Lane.", "where's your office"),
              std::optional<std::string>("Mill Lane."));
    EXPECT_FALSE(chat::faq_answer("How do I subscribe to the weekly paper edition? | Call us.", "weekly"));
    EXPECT_EQ(chat::email_in("mail me at <Sam@Example.org>, thanks"), std::optional<std::string>("sam@example.org"));
    EXPECT_FALSE(chat::email_in("no address @ here."));
}

} // namespace
} // namespace gazette::test

namespace gazette::test {
namespace {

TEST_F(Chat, TheInboxNeedsASessionAnAgentsRoleAndTheSitesOwnPage) {
    const std::vector<std::pair<std::string, std::string>> upgrade{{"Upgrade", "websocket"}, {"Connection", "Upgrade"}};
    auto anonymous = request(site->port(), "GET", "/admin/chat/ws", upgrade);
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_NE(anonymous.body.find("\"code\":\"unauthorized\""), std::string::npos) << anonymous.body;
    EXPECT_THROW(ws_client(site->port(), "/admin/chat/ws"), std::exception);
    const auto author = sign_in_as(*site, "amy@example.com", "Amy Author", "author");
    auto h = upgrade;
    h.emplace_back("Cookie", author.cookie());
    EXPECT_EQ(request(site->port(), "GET", "/admin/chat/ws", h).status, 403);
    EXPECT_EQ(get(site->port(), "/admin/chat", {{"Cookie", author.cookie()}}).status, 403);
    // An agent, but the handshake comes from a page on another site (cross-site WebSocket hijacking).
    const auto ali = sign_in_as(*site, "ali@example.com", "Ali Agent", "agent");
    EXPECT_THROW(ws_client(site->port(), "/admin/chat/ws", {{"Cookie", ali.cookie()}, {"Origin", "https://evil.example"}}),
                 std::exception);
    EXPECT_EQ(site->site().chat().agents().size(), 0u) << "nobody came online";
    // From the newsroom's own page: in. The inbox page is there too, with the menu entry.
    auto [ws, hello] = agent(ali);
    EXPECT_EQ(hello.at("agent").at("name").as_string(), "Ali Agent");
    EXPECT_EQ(hello.at("agents").as_array().size(), 1u);
    EXPECT_TRUE(hello.at("conversations").as_array().empty());
    EXPECT_GE(hello.at("canned").as_array().size(), 1u);
    const auto page = get(site->port(), "/admin/chat", {{"Cookie", ali.cookie()}});
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("id=\"chat-inbox\""), std::string::npos);
    EXPECT_NE(page.body.find("href=\"/admin/chat\""), std::string::npos);
    // Signing out closes the open inbox at once.
    const auto out = request(site->port(), "POST", "/admin/logout",
                             {{"Cookie", ali.cookie()}, {"Content-Type", "application/x-www-form-urlencoded"}},
                             "_csrf=" + ali.csrf);
    EXPECT_EQ(out.status, 303);
    EXPECT_EQ(next_of(*ws, "error").at("code").as_string(), "signed_out");
    EXPECT_FALSE(ws->read()) << "closed";
}

TEST_F(Chat, AnAgentSeesAConversationLiveAndAnswersIt) {
    const auto ali = sign_in_as(*site, "ali@example.com", "Ali Agent", "agent");
    auto [inbox, hello] = agent(ali);
    auto [reader, token] = open("?page=http%3A%2F%2Fgazette.test%2Fa%2F&referrer=https%3A%2F%2Fsearch.example%2F");
    const auto id = conversation_id(token);
    reader->send(message("r1", "Is the ferry running <b>today</b>?"));
    reader->read_until("\"type\":\"ack\"");
    // The agent gets the message, naming the conversation, and its summary with one unread.
    const auto m = next_of(*inbox, "message");
    EXPECT_EQ(m.at("conversation").as_int64(), id);
    EXPECT_EQ(m.at("text").as_string(), "Is the ferry running <b>today</b>?");
    const auto summary = next_of(*inbox, "conversation").at("conversation").as_object();
    EXPECT_EQ(summary.at("id").as_int64(), id);
    EXPECT_EQ(summary.at("unread").as_int64(), 1);
    EXPECT_EQ(summary.at("page").as_string(), "http://gazette.test/a/");
    EXPECT_EQ(summary.at("referrer").as_string(), "https://search.example/");
    EXPECT_TRUE(summary.at("agent").is_null());
    // Someone is online, so the bot keeps quiet: the reader's typing reaches the agent next, nothing else.
    reader->send(R"({"type":"typing"})");
    const auto typing = next_of(*inbox, "typing");
    EXPECT_EQ(typing.at("conversation").as_int64(), id);
    // History, notes included.
    inbox->send(fmt::format(R"({{"type":"open","conversation":{},"after":0}})", id));
    const auto history = next_of(*inbox, "history");
    ASSERT_EQ(history.at("messages").as_array().size(), 1u);
    EXPECT_EQ(history.at("messages").as_array()[0].at("from").as_string(), "visitor");
    // A private note: the agents see it, the reader never does.
    inbox->send(fmt::format(R"({{"type":"note","conversation":{},"client_id":"n1","text":"Regular reader, lives on the island."}})", id));
    EXPECT_EQ(next_of(*inbox, "ack").at("conversation").as_int64(), id);
    EXPECT_EQ(next_of(*inbox, "message").at("from").as_string(), "note");
    // The reply: canned by its shortcut, acknowledged, passed to the reader with the agent's name; the
    // unassigned conversation becomes Ali's, and the reader hears so.
    inbox->send(fmt::format(R"({{"type":"message","conversation":{},"client_id":"a1","text":"/thanks"}})", id));
    const auto ack = next_of(*inbox, "ack");
    EXPECT_EQ(ack.at("client_id").as_string(), "a1");
    std::vector<json::object> before;
    auto reply = next_of(*reader, "message", &before);
    while (reply.at("from").as_string() == "visitor") { // the reader's own, echoed
        reply = next_of(*reader, "message", &before);
    }
    for (const auto& f : before) {
        EXPECT_EQ(json::serialize(f).find("island"), std::string::npos) << "a note reached the reader";
    }
    EXPECT_EQ(reply.at("from").as_string(), "agent");
    EXPECT_EQ(reply.at("name").as_string(), "Ali Agent");
    EXPECT_EQ(reply.at("id").as_int64(), ack.at("id").as_int64());
    EXPECT_EQ(reply.at("text").as_string(), chat::canned_responses(site->site().settings()->chat_canned).front().second);
    EXPECT_EQ(next_of(*reader, "agent").at("name").as_string(), "Ali Agent");
    const auto taken = site->db().conversation_summary(id).value();
    EXPECT_EQ(taken.conversation.agent_id, ali.id);
    EXPECT_EQ(taken.unread, 0) << "answering is reading";
    // Read marks travel both ways.
    inbox->send(fmt::format(R"({{"type":"read","conversation":{},"up_to":{}}})", id, reply.at("id").as_int64()));
    EXPECT_EQ(next_of(*reader, "read").at("by").as_string(), "agent");
    reader->send(fmt::format(R"({{"type":"read","up_to":{}}})", reply.at("id").as_int64()));
    const auto seen = next_of(*inbox, "read");
    EXPECT_EQ(seen.at("by").as_string(), "visitor");
    EXPECT_EQ(seen.at("conversation").as_int64(), id);
    // Unknown conversations are refused by name.
    inbox->send(R"({"type":"message","conversation":999999,"client_id":"x","text":"hello"})");
    EXPECT_EQ(next_of(*inbox, "error").at("code").as_string(), "not_found");
    // A reconnecting agent finds the conversation in its hello.
    auto [again, hello2] = agent(ali);
    ASSERT_EQ(hello2.at("conversations").as_array().size(), 1u);
    EXPECT_EQ(hello2.at("conversations").as_array()[0].at("agent").at("name").as_string(), "Ali Agent");
}

TEST_F(Chat, PresenceAndOpeningHoursDecideWhetherAPersonOrTheBotAnswers) {
    const auto ali = sign_in_as(*site, "ali@example.com", "Ali Agent", "agent");
    auto [reader, token] = open();
    {
        auto [inbox, hello] = agent(ali);
        EXPECT_TRUE(next_of(*reader, "presence").at("agents_online").as_bool());
        ws_client fresh(site->port(), "/chat/ws");
        EXPECT_TRUE(frame(fresh.read().value()).at("agents_online").as_bool());
        // Away: readers hear the newsroom went, and the bot answers.
        inbox->send(R"({"type":"status","status":"away"})");
        EXPECT_FALSE(next_of(*reader, "presence").at("agents_online").as_bool());
        auto presence = next_of(*inbox, "presence"); // the first: Ali's own arrival
        if (presence.at("agents").as_array()[0].at("status").as_string() == "online") {
            presence = next_of(*inbox, "presence");
        }
        EXPECT_EQ(presence.at("agents").as_array()[0].at("status").as_string(), "away");
        reader->send(message("q1", "Is the flood barrier on Quay Street up?"));
        EXPECT_EQ(next_of(*reader, "message").at("from").as_string(), "visitor");
        EXPECT_EQ(next_of(*reader, "message").at("from").as_string(), "bot");
        // Back online: the next question waits for a person.
        inbox->send(R"({"type":"status","status":"online"})");
        EXPECT_TRUE(next_of(*reader, "presence").at("agents_online").as_bool());
        reader->send(message("q2", "And tomorrow?"));
        EXPECT_EQ(next_of(*reader, "ack").at("client_id").as_string(), "q2");
        // Frames are handled in order: once this one's echo is back, q2's handling has finished.
        reader->send(R"({"type":"read","up_to":1})");
        next_of(*reader, "read");
        const auto stored = site->db().chat_messages_after(conversation_id(token), 0, 100, true).value();
        EXPECT_EQ(stored.back().text, "And tomorrow?") << "no bot answer after it";
        // Outside opening hours (the site's clock says Wednesday 10:00 UTC) the bot answers though Ali is online.
        set("chat.hours", "Mon-Fri 14:00-18:00");
        ws_client after_hours(site->port(), "/chat/ws");
        EXPECT_FALSE(frame(after_hours.read().value()).at("agents_online").as_bool());
        reader->send(message("q3", "Anyone there about the ferry?"));
        EXPECT_EQ(next_of(*reader, "message").at("from").as_string(), "visitor");
        EXPECT_EQ(next_of(*reader, "message").at("from").as_string(), "bot");
        // The hours end while readers are connected: the scheduler notices, and they are told.
        app::scheduler clock(site->site(), site->service(), [] { return fixed_now; });
        clock.run_once();
        EXPECT_FALSE(next_of(*reader, "presence").at("agents_online").as_bool());
        set("chat.hours", "Mon-Fri 09:00-18:00");
        clock.run_once();
        EXPECT_TRUE(next_of(*reader, "presence").at("agents_online").as_bool());
        set("chat.hours", "");
    }
    // The agent's socket closed: nobody is online any more.
    EXPECT_FALSE(next_of(*reader, "presence").at("agents_online").as_bool());
    EXPECT_TRUE(site->site().chat().agents().empty());
}

TEST_F(Chat, AgentsTakeTransferCloseAndSearchConversations) {
    const auto ali = sign_in_as(*site, "ali@example.com", "Ali Agent", "agent");
    const auto eda = sign_in_as(*site, "eda@example.com", "Eda Editor", "editor");
    auto [a, ha] = agent(ali);
    auto [e, he] = agent(eda);
    auto [reader, token] = open();
    const auto id = conversation_id(token);
    reader->send(message("r1", "A correction about the regatta results."));
    next_of(*a, "conversation");
    a->send(fmt::format(R"({{"type":"take","conversation":{}}})", id));
    EXPECT_EQ(next_of(*reader, "agent").at("name").as_string(), "Ali Agent");
    a->send(fmt::format(R"({{"type":"transfer","conversation":{},"agent":{}}})", id, eda.id));
    EXPECT_EQ(next_of(*reader, "agent").at("name").as_string(), "Eda Editor");
    EXPECT_EQ(site->db().find_conversation(id)->agent_id, eda.id);
    a->send(fmt::format(R"({{"type":"transfer","conversation":{},"agent":424242}})", id));
    EXPECT_EQ(next_of(*a, "error").at("code").as_string(), "not_found");
    // Closing: the reader is told, the conversation leaves the open list; writing again reopens it.
    e->send(fmt::format(R"({{"type":"close","conversation":{}}})", id));
    next_of(*reader, "closed");
    for (;;) {
        const auto c = next_of(*a, "conversation").at("conversation").as_object();
        if (c.at("status").as_string() == "closed") {
            break;
        }
    }
    EXPECT_TRUE(site->db().open_conversations(10)->empty());
    // Search finds it by a word of its messages (closed ones too), and not by words it does not have.
    a->send(R"({"type":"search","q":"regatta"})");
    auto results = next_of(*a, "results");
    ASSERT_EQ(results.at("conversations").as_array().size(), 1u);
    EXPECT_EQ(results.at("conversations").as_array()[0].at("id").as_int64(), id);
    a->send(R"({"type":"search","q":"100%_"})");
    EXPECT_TRUE(next_of(*a, "results").at("conversations").as_array().empty()) << "LIKE wildcards are literal";
    a->send(R"({"type":"search","q":""})");
    EXPECT_EQ(next_of(*a, "error").at("code").as_string(), "bad_request");
    reader->send(message("r2", "One more thing."));
    reader->read_until("\"type\":\"ack\"");
    EXPECT_EQ(site->db().open_conversations(10)->size(), 1u);
}

TEST_F(Chat, ThePreChatFormNamesTheReaderForTheNewsroom) {
    const auto ali = sign_in_as(*site, "ali@example.com", "Ali Agent", "agent");
    auto [inbox, hello] = agent(ali);
    auto [reader, token] = open();
    reader->send(R"({"type":"identify","name":"","email":""})");
    EXPECT_EQ(next_of(*reader, "error").at("code").as_string(), "bad_request");
    reader->send(R"({"type":"identify","name":"Maria","email":"maria@example.org","consent":false})");
    EXPECT_NE(std::string(next_of(*reader, "error").at("message").as_string()).find("privacy"), std::string::npos);
    reader->send(R"({"type":"identify","name":"Maria","email":"not an email","consent":true})");
    EXPECT_EQ(next_of(*reader, "error").at("code").as_string(), "bad_request");
    reader->send(R"({"type":"identify","name":"Maria <i>R</i>","email":"maria@example.org","consent":true})");
    EXPECT_EQ(next_of(*reader, "identified").at("name").as_string(), "Maria <i>R</i>");
    reader->send(message("r1", "Hello from Maria."));
    EXPECT_EQ(next_of(*reader, "message").at("name").as_string(), "Maria <i>R</i>");
    const auto summary = next_of(*inbox, "conversation").at("conversation").as_object();
    EXPECT_EQ(summary.at("name").as_string(), "Maria <i>R</i>");
    EXPECT_EQ(summary.at("email").as_string(), "maria@example.org");
    inbox->send(R"({"type":"search","q":"maria@example"})");
    EXPECT_EQ(next_of(*inbox, "results").at("conversations").as_array().size(), 1u);
}

TEST(ChatSettings, NewSettingsAreChecked) {
    test_site site;
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"chat.colour", "red"}, {"chat.colour", "#12345g"}, {"chat.position", "top"},
             {"chat.hours", "Weekdays 9-5"}, {"chat.canned", "no bar here"}, {"chat.canned", "Bad Name | text"}}) {
        const auto changed = app::change_settings(site.db(), {{key, value}});
        ASSERT_TRUE(changed);
        EXPECT_EQ(changed->errors.size(), 1u) << key << " = " << value;
    }
    const auto ok = app::change_settings(site.db(), {{"chat.colour", "#1A5FB4"}, {"chat.position", "left"},
                                                     {"chat.hours", "Mon-Fri 09:00-17:30"}, {"chat.prechat", "1"},
                                                     {"chat.canned", "hi | Hello!\n\nbye | Goodbye."}});
    ASSERT_TRUE(ok && ok->errors.empty());
    ASSERT_TRUE(site.site().reload_settings());
    const auto st = site.site().settings();
    EXPECT_EQ(st->chat_colour, "#1a5fb4");
    EXPECT_EQ(st->chat_position, "left");
    EXPECT_TRUE(st->chat_prechat);
    EXPECT_EQ(chat::canned_responses(st->chat_canned).size(), 2u);
    // The widget gets them from every page.
    const auto html = get(site.port(), "/").body;
    EXPECT_NE(html.find("data-chat-colour=\"#1a5fb4\""), std::string::npos);
    EXPECT_NE(html.find("data-chat-position=\"left\""), std::string::npos);
    EXPECT_NE(html.find("data-chat-prechat=\"1\""), std::string::npos);
}

} // namespace
} // namespace gazette::test
