// The reader's chat socket.
#include "chat/visitor.hpp"

#include "accounts/sessions.hpp"
#include "accounts/users.hpp"
#include "chat/bot.hpp"
#include "core/gate.hpp"
#include "core/text.hpp"

#include <boost/json.hpp>
#include <spdlog/spdlog.h>

#include <mutex>

namespace gazette::chat {

namespace json = boost::json;

namespace {

std::string clip(std::string_view s, std::size_t max) { return std::string(s.substr(0, max)); }

// The id of a message frame; 0 for other frames.
id_t frame_id(const std::string& frame) {
    boost::system::error_code ec;
    const auto v = json::parse(frame, ec);
    if (ec || !v.is_object()) {
        return 0;
    }
    const auto* type = v.as_object().if_contains("type");
    const auto* id = v.as_object().if_contains("id");
    return type && type->is_string() && type->as_string() == "message" && id && id->is_int64() ? id->as_int64() : 0;
}

class visitor_session final : public http::websocket_session, public std::enable_shared_from_this<visitor_session> {
public:
    visitor_session(app::site& s, const http::request& req)
        : site_(s), token_(req.query_param("conversation").value_or("")),
          after_(text::to_int(req.query_param("after").value_or("0"), 0, INT64_MAX).value_or(0)),
          page_(clip(req.query_param("page").value_or(""), 500)),
          referrer_(clip(req.query_param("referrer").value_or(""), 500)), ip_(req.remote_address),
          user_agent_(clip(req.header("User-Agent"), 512)) {}

    void on_open(std::shared_ptr<http::websocket_peer> peer) override {
        peer_ = peer;
        const auto now = site_.now();
        std::optional<chat_conversation> found;
        if (!token_.empty() && token_.size() < 200) {
            if (auto c = site_.db().find_conversation_by_token(accounts::token_id(token_)); c) {
                found = std::move(*c);
            } else if (c.error() != errc::not_found) {
                fail(peer, c.error());
                return;
            }
        }
        if (!found) {
            auto recent = site_.db().conversations_from(ip_, now - 3600);
            if (!recent) {
                fail(peer, recent.error());
                return;
            }
            if (*recent >= conversations_per_hour_per_address) {
                peer->send(error_frame("too_many_conversations",
                                       "Too many conversations from your connection just now. Please try again later."));
                peer->close();
                return;
            }
            token_ = accounts::new_token();
            chat_conversation c;
            c.page_url = page_;
            c.referrer = referrer_;
            c.ip = ip_;
            c.user_agent = user_agent_;
            c.created_at = now;
            auto id = site_.db().create_conversation(accounts::token_id(token_), c);
            if (!id) {
                fail(peer, id.error());
                return;
            }
            c.id = *id;
            found = std::move(c);
            after_ = 0;
            spdlog::info("chat conversation {} opened", c.id);
        }
        conversation_ = *found;
        if (!page_.empty() && (page_ != conversation_.page_url || referrer_ != conversation_.referrer)) {
            // The reader moved on: the newsroom sees the page they are on now.
            if (auto r = site_.db().set_conversation_page(conversation_.id, page_, referrer_); r) {
                conversation_.page_url = page_;
                conversation_.referrer = referrer_;
                if (conversation_.last_message_at > 0) {
                    publish_summary(site_, conversation_.id);
                }
            }
        }
        const auto st = site_.settings();
        peer->send(json::serialize(json::object{{"type", "hello"},
                                                {"conversation", token_},
                                                {"greeting", st->chat_greeting},
                                                {"agents_online", staffed(*st, now)}}));
        // Subscribed before the catch-up is read: a message stored in between arrives twice at worst,
        // and the widget keeps one per id; never zero times.
        // Live frames that arrive while the catch-up is read wait, so that everything goes out in order.
        std::weak_ptr<visitor_session> self = shared_from_this();
        const auto deliver = [self](const std::string& frame) {
            if (auto s = self.lock()) {
                s->deliver(frame);
            }
        };
        subscription_ = site_.chat().fanout().subscribe(hub::channel(conversation_.id), deliver);
        presence_ = site_.chat().fanout().subscribe(std::string(visitors_channel), deliver);
        auto missed = site_.db().chat_messages_after(conversation_.id, after_, max_catch_up, false);
        if (!missed) {
            fail(peer, missed.error());
            return;
        }
        id_t sent_up_to = after_;
        gate_.open(
            [&] {
                for (const auto& m : *missed) {
                    peer->send(message_frame(m));
                    sent_up_to = m.id;
                }
            },
            [&](const std::string& f) { // skip what the catch-up already had
                const auto id = frame_id(f);
                return id == 0 || id > sent_up_to;
            },
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
        if (!peer || conversation_.id == 0) {
            return;
        }
        boost::system::error_code ec;
        const auto v = json::parse(message, ec);
        if (ec || !v.is_object()) {
            peer->send(error_frame("bad_request", "Messages are JSON objects."));
            return;
        }
        const auto& o = v.as_object();
        const auto* type = o.if_contains("type");
        const std::string_view kind = type && type->is_string() ? std::string_view(type->as_string()) : "";
        if (kind == "message") {
            on_message(*peer, o);
        } else if (kind == "typing") {
            site_.chat().fanout().publish(hub::channel(conversation_.id),
                                          json::serialize(json::object{{"type", "typing"}, {"from", "visitor"}}));
            site_.chat().fanout().publish(
                std::string(agents_channel),
                json::serialize(json::object{{"type", "typing"}, {"conversation", conversation_.id}, {"from", "visitor"}}));
        } else if (kind == "read") {
            const auto* up_to = o.if_contains("up_to");
            if (up_to && up_to->is_int64() && up_to->as_int64() > 0) {
                if (auto r = site_.db().mark_chat_read(conversation_.id, true, up_to->as_int64()); r) {
                    json::object frame{{"type", "read"}, {"by", "visitor"}, {"up_to", up_to->as_int64()}};
                    site_.chat().fanout().publish(hub::channel(conversation_.id), json::serialize(frame));
                    frame["conversation"] = conversation_.id;
                    site_.chat().fanout().publish(std::string(agents_channel), json::serialize(frame));
                }
            }
        } else if (kind == "identify") {
            on_identify(*peer, o);
        } else if (kind == "end") {
            if (auto r = site_.db().set_conversation_open(conversation_.id, false); r) {
                publish_summary(site_, conversation_.id);
            }
        } else if (kind != "ping") {
            peer->send(error_frame("bad_request", "Unknown message type."));
        }
    }

    void on_close() noexcept override {
        subscription_.reset();
        presence_.reset();
    }

private:
    // Whether a person answers now (someone online, within opening hours); else the bot does.
    bool staffed(const app::site_settings& st, unix_time now) {
        return site_.chat().staffed(now, *site_.chat().hours(st.chat_hours), *st.zone);
    }

    // The pre-chat form: a name, and an email with consent.
    void on_identify(http::websocket_peer& peer, const json::object& o) {
        const auto field = [&](std::string_view key) {
            const auto* v = o.if_contains(key);
            return v && v->is_string() ? std::string(text::trim(std::string_view(v->as_string()))) : std::string();
        };
        const auto name = field("name");
        const auto email = field("email");
        const auto* consent = o.if_contains("consent");
        const auto name_check = check_text(name, {});
        if (!name_check.refusal.empty() || name.size() > 100 || name.find('\n') != std::string::npos) {
            peer.send(error_frame("bad_request", "Please give your name (up to 100 characters)."));
            return;
        }
        if (!email.empty() && (email.size() > 254 || !accounts::plausible_email(email))) {
            peer.send(error_frame("bad_request", "That email address does not look right."));
            return;
        }
        if (!email.empty() && !(consent && consent->is_bool() && consent->as_bool())) {
            peer.send(error_frame("bad_request", "Please agree to the privacy notice if you leave your email."));
            return;
        }
        if (auto r = site_.db().set_conversation_visitor(conversation_.id, name, email); !r) {
            peer.send(error_frame("unavailable", "Your details could not be saved. Please try again."));
            return;
        }
        conversation_.visitor_name = name;
        conversation_.visitor_email = email;
        peer.send(json::serialize(json::object{{"type", "identified"}, {"name", name}, {"email", email}}));
        if (conversation_.last_message_at > 0) {
            publish_summary(site_, conversation_.id);
        }
    }

    void on_message(http::websocket_peer& peer, const json::object& o) {
        const auto* cid = o.if_contains("client_id");
        const auto* txt = o.if_contains("text");
        const std::string client_id = cid && cid->is_string() ? std::string(cid->as_string()) : "";
        if (!valid_client_id(client_id) || !txt || !txt->is_string()) {
            peer.send(error_frame("bad_request", "A message needs a client_id and a text.", client_id));
            return;
        }
        auto checked = check_text(std::string_view(txt->as_string()), client_id);
        if (!checked.refusal.empty()) {
            peer.send(std::move(checked.refusal));
            return;
        }
        const std::string& body = checked.text;
        const auto now = site_.now();
        if (!site_.chat().per_conversation().allow(std::to_string(conversation_.id), now) ||
            !site_.chat().per_address().allow(ip_, now)) {
            peer.send(error_frame("rate_limited", "You are sending messages very fast. Please wait a moment.", client_id));
            return;
        }
        chat_message m;
        m.conversation_id = conversation_.id;
        m.sender = "visitor";
        m.name = conversation_.visitor_name.empty() ? "Reader" : conversation_.visitor_name;
        m.text = body;
        m.client_id = client_id;
        m.created_at = now;
        auto added = site_.db().add_chat_message(m);
        if (!added) {
            spdlog::error("chat message not stored: {}", added.error().message());
            peer.send(error_frame("unavailable", "Your message could not be saved. It will be sent again.", client_id));
            return;
        }
        // Stored: now (and only now) the sender hears it was received.
        peer.send(ack_frame(client_id, added->message.id));
        if (added->stored) {
            conversation_.last_message_at = now;
            publish_message(site_, added->message);
            publish_summary(site_, conversation_.id);
            if (!staffed(*site_.settings(), now)) {
                answer_with_bot(body, now);
            }
        }
    }

    // Nobody from the newsroom is online: the bot answers from the site's own content. The reader's email,
    // when a message holds one, is kept (privately) so the newsroom can write back.
    void answer_with_bot(const std::string& question, unix_time now) {
        const auto st = site_.settings();
        if (auto email = email_in(question); email && conversation_.visitor_email.empty()) {
            if (auto r = site_.db().set_conversation_email(conversation_.id, *email); r) {
                conversation_.visitor_email = *email;
            }
        }
        const bool offer = conversation_.visitor_email.empty() && !bot_offered_;
        auto text = reply(site_.db(), *st, question, offer);
        if (!text) {
            spdlog::error("chat bot: {}", text.error().message());
            return;
        }
        if (text->empty()) {
            return;
        }
        bot_offered_ = bot_offered_ || offer;
        chat_message m;
        m.conversation_id = conversation_.id;
        m.sender = "bot";
        m.name = st->chat_bot_name;
        m.text = std::move(*text);
        m.created_at = now;
        if (auto added = site_.db().add_chat_message(m); added) {
            publish_message(site_, added->message);
            publish_summary(site_, conversation_.id);
        } else {
            spdlog::error("chat bot reply not stored: {}", added.error().message());
        }
    }

    void fail(const std::shared_ptr<http::websocket_peer>& peer, std::error_code ec) {
        spdlog::error("chat: {}", ec.message());
        peer->send(error_frame("unavailable", "The chat is not available just now. Please try again."));
        peer->close();
    }

    app::site& site_;
    std::string token_;
    id_t after_ = 0;
    std::string page_, referrer_, ip_, user_agent_;
    std::weak_ptr<http::websocket_peer> peer_;
    chat_conversation conversation_;
    std::shared_ptr<void> subscription_, presence_;
    catch_up_gate gate_;
    bool bot_offered_ = false; // this connection's bot said how to leave a message
};

} // namespace

result<app::page> visitor_socket(app::site& s, const http::request& req) {
    app::page p;
    p.cacheable = false;
    p.websocket = std::make_shared<visitor_session>(s, req);
    return p;
}

} // namespace gazette::chat
