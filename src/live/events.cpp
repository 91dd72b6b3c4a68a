// The /live stream and announcing events.
#include "live/events.hpp"

#include "app/events.hpp"
#include "chat/hub.hpp"
#include "core/gate.hpp"
#include "core/text.hpp"

#include <spdlog/spdlog.h>

#include <mutex>

namespace gazette::live {

namespace {

// One open /live stream: subscribed to the bus before its catch-up is read; frames that arrive during
// the catch-up wait and are dropped when the catch-up already had them.
class live_stream : public std::enable_shared_from_this<live_stream> {
public:
    explicit live_stream(std::shared_ptr<app::event_hub::stream> out) : out_(std::move(out)) {}

    void subscribe(chat::bus& bus) {
        std::weak_ptr<live_stream> self = shared_from_this();
        subscription_ = bus.subscribe(std::string(channel), [self](const std::string& f) {
            if (auto s = self.lock()) {
                s->deliver(f);
            }
        });
    }

    void deliver(const std::string& f) {
        gate_.deliver(f, [this](const std::string& frame) { out_->push(frame); });
    }

    // Sends the catch-up, then what arrived meanwhile (the ids after it), and goes live.
    void catch_up(const std::string& frames, id_t sent_up_to) {
        gate_.open(
            [&] {
                if (!frames.empty()) {
                    out_->push(frames);
                }
            },
            [&](const std::string& f) { return id_of(f) > sent_up_to; },
            [this](const std::string& frame) { out_->push(frame); });
    }

private:
    static id_t id_of(const std::string& f) {
        return f.starts_with("id: ") ? text::to_int(std::string_view(f).substr(4, f.find('\n') - 4), 0, INT64_MAX).value_or(0)
                                     : 0;
    }

    std::shared_ptr<app::event_hub::stream> out_;
    std::shared_ptr<void> subscription_;
    catch_up_gate gate_;
};

// The stream keeps its subscription alive: an event_source that owns the live_stream.
class owning_source final : public http::event_source {
public:
    owning_source(std::shared_ptr<app::event_hub::stream> out, std::shared_ptr<live_stream> keep)
        : out_(std::move(out)), keep_(std::move(keep)) {}
    void start(std::function<void()> wake) override { out_->start(std::move(wake)); }
    std::optional<std::string> poll() override { return out_->poll(); }
    void stop() noexcept override {
        out_->stop();
        keep_.reset();
    }

private:
    std::shared_ptr<app::event_hub::stream> out_;
    std::shared_ptr<live_stream> keep_;
};

} // namespace

std::string frame(id_t id, std::string_view name, std::string_view data) {
    return fmt::format("id: {}\nevent: {}\ndata: {}\n\n", id, name, data);
}

id_t announce(app::site& s, std::string_view name, const std::string& data) {
    // In id order on the bus: a client that reconnects with the last id it saw must not skip one that
    // was stored earlier but published later.
    std::lock_guard order(s.live_order());
    auto id = s.db().add_live_event(name, data, s.now());
    if (!id) {
        spdlog::error("live event {} not stored: {}", name, id.error().message());
        return 0;
    }
    s.set_last_live_event(*id);
    s.chat().fanout().publish(std::string(channel), frame(*id, name, data));
    return *id;
}

result<app::page> stream(app::site& s, const http::request& req) {
    // A reconnecting client (Last-Event-ID) gets every event it missed. A page's first connection
    // (?since=, the newest id when the page was rendered) gets only the last few minutes': any older event
    // that mattered to the page dropped it from the cache, so the page itself is newer than that; what
    // it can miss is what happened between its rendering and now. (A page cached for hours while a busy
    // live blog elsewhere posted thousands of updates must not replay them all to every new reader.)
    std::string last(req.header("Last-Event-ID"));
    unix_time not_before = 0;
    if (last.empty()) {
        last = req.query_param("since").value_or("");
        not_before = s.now() - page_catch_up_seconds;
    }
    // No id (a client that never had one): from now on.
    const auto given = text::to_int(text::trim(last), 0, INT64_MAX);
    id_t after = given.value_or(s.last_live_event());

    auto out = std::make_shared<app::event_hub::stream>();
    auto ls = std::make_shared<live_stream>(out);
    ls->subscribe(s.chat().fanout());
    std::string frames = fmt::format("retry: {}\n\n", retry_ms);
    for (;;) {
        auto batch = s.db().live_events_after(after, not_before, catch_up_batch);
        if (!batch) {
            return batch.error();
        }
        for (const auto& e : *batch) {
            frames += frame(e.id, e.name, e.data);
            after = e.id;
        }
        if (static_cast<std::int64_t>(batch->size()) < catch_up_batch) {
            break;
        }
    }
    ls->catch_up(frames, after);
    app::page p;
    p.cacheable = false;
    p.events = std::make_shared<owning_source>(out, ls);
    p.headers.emplace_back("Cache-Control", "no-store");
    return p;
}

} // namespace gazette::live
