// The newsroom's chat inbox and its socket.
#include "chat/agents.hpp"

#include "admin/pages.hpp"
#include "chat/frames.hpp"
#include "chat/visitor.hpp"
#include "core/gate.hpp"
#include "core/text.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <mutex>

namespace gazette::chat {

namespace json = boost::json;

namespace {

// A WebSocket is not covered by CSRF tokens or CORS: a page on another site could open one with the
// agent's cookie. The browser always names the page's origin; it must be this site.
bool same_origin(const http::request& req) {
    auto origin = req.header("Origin");
    if (origin.empty()) {
        return true; // not a browser (browsers always send it on a WebSocket handshake)
    }
    for (const std::string_view scheme : {"https://", "http://"}) {
        if (origin.starts_with(scheme)) {
            return text::iequals(origin.substr(scheme.size()), req.header("Host"));
        }
    }
    return false;
}

class agent_session final : public http::websocket_session, public std::enable_shared_from_this<agent_session> {
public:
    agent_session(app::site& s, const accounts::signed_in& who)
        : site_(s), me_(who.who.id), name_(who.who.name), session_id_(who.s.id) {}

    void on_open(std::shared_ptr<http::websocket_peer> peer) override {
        peer_ = peer;
        std::weak_ptr<agent_session> self = shared_from_this();
        // Subscribed before the list is read, and what arrives meanwhile waits until the hello is out.
        subscription_ = site_.chat().fanout().subscribe(std::string(agents_channel), [self](const std::string& frame) {
            if (auto s = self.lock()) {
                s->deliver(frame);
            }
        });
        // Signing out (here or everywhere) closes the inbox at once.
        signed_out_ = site_.chat().fanout().subscribe(hub::staff_channel(me_), [self](const std::string& session) {
            if (auto s = self.lock(); s && (session.empty() || session == s->session_id_)) {
                if (auto p = s->peer_.lock()) {
                    p->send(error_frame("signed_out", "You have signed out. Sign in again to answer chats."));
                    p->close();
                }
            }
        });
        site_.chat().agent_connected(me_, name_);
        connected_ = true;
        auto list = site_.db().open_conversations(inbox_conversations);
        if (!list) {
            spdlog::error("chat inbox: {}", list.error().message());
            peer->send(error_frame("unavailable", "The conversations could not be read. Reload to try again."));
            peer->close();
            return;
        }
        const auto st = site_.settings();
        json::array canned;
        for (const auto& [shortcut, response] : canned_responses(st->chat_canned)) {
            canned.push_back({{"shortcut", shortcut}, {"text", response}});
        }
        json::array agents;
        for (const auto& a : site_.chat().agents()) {
            agents.push_back({{"id", a.id}, {"name", a.name}, {"status", a.away ? "away" : "online"}});
        }
        const json::object hello{
            {"type", "hello"},
            {"agent", {{"id", me_}, {"name", name_}}},
            {"status", "online"},
            {"conversations", json::parse(summaries_json(*list))},
            {"agents", std::move(agents)},
            {"canned", std::move(canned)},
            {"open_hours", site_.chat().hours(st->chat_hours)->open_at(site_.now(), *st->zone)}};
        gate_.open([&] { peer->send(json::serialize(hello)); }, [](const std::string&) { return true; },
                   [&](std::string f) { peer->send(std::move(f)); });
    }

    void deliver(const std::string& frame) {
        gate_.deliver(frame, [this](const std::string& f) {
            if (auto p = peer_.lock()) {
                p->send(f);
            }
        });
    }

    void on_text(std::string message) override {
        auto peer = peer_.lock();
        if (!peer) {
            return;
        }
        boost::system::error_code ec;
        const auto v = json::parse(message, ec);
        if (ec || !v.is_object()) {
            peer->send(error_frame("bad_request", "Messages are JSON objects."));
            return;
        }
        const auto& o = v.as_object();
        const auto kind = string_field(o, "type");
        if (kind == "status") {
            const auto status = string_field(o, "status");
            if (status != "online" && status != "away") {
                peer->send(error_frame("bad_request", "The status is online or away."));
                return;
            }
            site_.chat().set_away(me_, status == "away");
            return;
        }
        if (kind == "search") {
            search(*peer, text::trim(string_field(o, "q")));
            return;
        }
        if (kind == "ping") {
            return;
        }
        // Everything else names a conversation.
        const auto* c = o.if_contains("conversation");
        const id_t id = c && c->is_int64() ? c->as_int64() : 0;
        if (kind != "open" && kind != "message" && kind != "note" && kind != "typing" && kind != "read" &&
            kind != "take" && kind != "transfer" && kind != "close") {
            peer->send(error_frame("bad_request", "Unknown message type."));
            return;
        }
        auto conversation = site_.db().find_conversation(id);
        if (!conversation) {
            peer->send(conversation.error() == errc::not_found
                           ? error_frame("not_found", "There is no such conversation.", string_field(o, "client_id"))
                           : error_frame("unavailable", "The conversation could not be read. Try again.",
                                         string_field(o, "client_id")));
            return;
        }
        if (kind == "open") {
            open(*peer, id, o);
        } else if (kind == "message" || kind == "note") {
            send_message(*peer, *conversation, o, kind == "note");
        } else if (kind == "typing") {
            site_.chat().fanout().publish(hub::channel(id),
                                          json::serialize(json::object{{"type", "typing"}, {"from", "agent"}, {"name", name_}}));
            site_.chat().fanout().publish(std::string(agents_channel),
                                          json::serialize(json::object{{"type", "typing"},
                                                                       {"conversation", id},
                                                                       {"from", "agent"},
                                                                       {"agent", me_},
                                                                       {"name", name_}}));
        } else if (kind == "read") {
            const auto* up_to = o.if_contains("up_to");
            if (!up_to || !up_to->is_int64() || up_to->as_int64() <= 0) {
                peer->send(error_frame("bad_request", "read needs up_to, a message id."));
                return;
            }
            if (auto r = site_.db().mark_chat_read(id, false, up_to->as_int64()); r) {
                site_.chat().fanout().publish(
                    hub::channel(id),
                    json::serialize(json::object{{"type", "read"}, {"by", "agent"}, {"up_to", up_to->as_int64()}}));
                publish_summary(site_, id);
            }
        } else if (kind == "take") {
            assign(*peer, id, me_, name_);
        } else if (kind == "transfer") {
            const auto* to = o.if_contains("agent");
            const id_t target = to && to->is_int64() ? to->as_int64() : 0;
            const auto agents = site_.chat().agents();
            const auto it = std::find_if(agents.begin(), agents.end(), [&](const auto& a) { return a.id == target; });
            if (it == agents.end()) {
                peer->send(error_frame("not_found", "That person is not in the chat inbox now."));
                return;
            }
            assign(*peer, id, it->id, it->name);
        } else if (kind == "close") {
            if (auto r = site_.db().set_conversation_open(id, false); !r) {
                peer->send(error_frame("unavailable", "The conversation could not be closed. Try again."));
                return;
            }
            site_.chat().fanout().publish(hub::channel(id), R"({"type":"closed"})");
            publish_summary(site_, id);
        }
    }

    void on_close() noexcept override {
        subscription_.reset();
        signed_out_.reset();
        if (connected_) {
            site_.chat().agent_disconnected(me_);
        }
    }

private:
    static std::string string_field(const json::object& o, std::string_view key) {
        const auto* v = o.if_contains(key);
        return v && v->is_string() ? std::string(v->as_string()) : std::string();
    }

    void open(http::websocket_peer& peer, id_t id, const json::object& o) {
        const auto* after = o.if_contains("after");
        const id_t from = after && after->is_int64() && after->as_int64() > 0 ? after->as_int64() : 0;
        auto messages = site_.db().chat_messages_after(id, from, max_catch_up, true);
        if (!messages) {
            peer.send(error_frame("unavailable", "The conversation could not be read. Try again."));
            return;
        }
        json::array list;
        for (const auto& m : *messages) {
            list.push_back(json::parse(message_frame(m)));
        }
        peer.send(json::serialize(json::object{{"type", "history"}, {"conversation", id}, {"messages", std::move(list)}}));
    }

    void send_message(http::websocket_peer& peer, const chat_conversation& c, const json::object& o, bool note) {
        const auto client_id = string_field(o, "client_id");
        const auto* txt = o.if_contains("text");
        if (!valid_client_id(client_id) || !txt || !txt->is_string()) {
            peer.send(error_frame("bad_request", "A message needs a client_id and a text.", client_id));
            return;
        }
        auto checked = check_text(std::string_view(txt->as_string()), client_id);
        if (!checked.refusal.empty()) {
            peer.send(std::move(checked.refusal));
            return;
        }
        if (!note && checked.text.starts_with('/')) { // a canned response by its shortcut
            for (auto& [shortcut, response] : canned_responses(site_.settings()->chat_canned)) {
                if (checked.text.substr(1) == shortcut) {
                    checked.text = std::move(response);
                    break;
                }
            }
        }
        chat_message m;
        m.conversation_id = c.id;
        m.sender = note ? "note" : "agent";
        m.agent_id = me_;
        m.name = name_;
        m.text = std::move(checked.text);
        m.client_id = client_id;
        m.created_at = site_.now();
        auto added = site_.db().add_chat_message(m);
        if (!added) {
            spdlog::error("chat message not stored: {}", added.error().message());
            peer.send(error_frame("unavailable", "The message could not be saved. It will be sent again.", client_id));
            return;
        }
        peer.send(ack_frame(client_id, added->message.id, c.id));
        if (!added->stored) {
            return;
        }
        publish_message(site_, added->message);
        if (!note) {
            // Answering is reading: the reader's messages so far count as seen, and an unassigned
            // conversation becomes the one who answered it.
            (void)site_.db().mark_chat_read(c.id, false, added->message.id);
            if (c.agent_id == 0 && site_.db().assign_conversation(c.id, me_)) {
                site_.chat().fanout().publish(hub::channel(c.id),
                                              json::serialize(json::object{{"type", "agent"}, {"name", name_}}));
            }
        }
        publish_summary(site_, c.id);
    }

    void assign(http::websocket_peer& peer, id_t id, id_t agent, const std::string& name) {
        if (auto r = site_.db().assign_conversation(id, agent); !r) {
            peer.send(error_frame("unavailable", "The conversation could not be assigned. Try again."));
            return;
        }
        site_.chat().fanout().publish(hub::channel(id), json::serialize(json::object{{"type", "agent"}, {"name", name}}));
        publish_summary(site_, id);
    }

    void search(http::websocket_peer& peer, std::string_view q) {
        if (q.empty() || q.size() > max_search_chars) {
            peer.send(error_frame("bad_request", "Search for 1 to 200 characters."));
            return;
        }
        auto found = site_.db().search_conversations(q, search_results);
        if (!found) {
            peer.send(error_frame("unavailable", "The search failed. Try again."));
            return;
        }
        peer.send(json::serialize(
            json::object{{"type", "results"}, {"q", q}, {"conversations", json::parse(summaries_json(*found))}}));
    }

    app::site& site_;
    id_t me_;
    std::string name_;
    std::weak_ptr<http::websocket_peer> peer_;
    std::string session_id_;
    std::shared_ptr<void> subscription_, signed_out_;
    bool connected_ = false;
    catch_up_gate gate_;
};

} // namespace

std::vector<std::pair<std::string, std::string>> canned_responses(std::string_view setting) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto line : text::split(setting, '\n')) {
        const auto bar = line.find('|');
        if (bar != std::string_view::npos) {
            out.emplace_back(text::trim(line.substr(0, bar)), text::trim(line.substr(bar + 1)));
        }
    }
    return out;
}

result<app::page> inbox(app::site& s, const http::request&, const accounts::signed_in& who) {
    auto ctx = admin::base_context(s, "Chat", &who, "/admin/chat");
    ctx["chat"] = {{"ws", "/admin/chat/ws"}, {"agent_id", who.who.id}};
    ctx["page_js"] = s.asset_url("admin/chat-inbox.js");
    return admin::render_admin(s, "chat", ctx);
}

result<app::page> agent_socket(app::site& s, const http::request& req, const accounts::signed_in& who) {
    if (!same_origin(req)) {
        spdlog::warn("chat inbox socket refused: Origin is another site (user {})", who.who.id);
        return std::error_code(errc::forbidden);
    }
    app::page p;
    p.cacheable = false;
    p.websocket = std::make_shared<agent_session>(s, who);
    return p;
}

} // namespace gazette::chat
