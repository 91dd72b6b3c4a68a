// The scheduler thread.
#include "app/scheduler.hpp"

#include "accounts/sessions.hpp"
#include "app/site.hpp"
#include "chat/hub.hpp"
#include "live/coverage.hpp"
#include "live/events.hpp"

#include <spdlog/spdlog.h>

namespace gazette::app {

scheduler::scheduler(site& s, articles::service& svc, clock_fn clock)
    : site_(s), svc_(svc), clock_(std::move(clock)), day_(timefmt::human_date(*s.zone(), clock_())) {}

scheduler::~scheduler() { stop(); }

unix_time scheduler::run_once() {
    const unix_time now = clock_();
    if (auto n = svc_.publish_due(); !n) {
        spdlog::error("scheduled publishing failed: {}", n.error().message());
    } else if (*n > 0) {
        spdlog::info("published {} scheduled article(s)", *n);
    }
    if (auto r = site_.reload_settings(); !r) {
        spdlog::error("reading the settings failed: {}", r.error().message());
    }
    {
        const auto st = site_.settings();
        site_.chat().set_open_hours(site_.chat().hours(st->chat_hours)->open_at(now, *st->zone));
    }
    live::end_quiet(site_, now);
    if (auto r = site_.flush_views(); !r) {
        spdlog::error("storing page views failed (kept for the next try): {}", r.error().message());
    }
    auto& db = site_.db();
    if (auto n = db.delete_expired_sessions(now - accounts::session_idle_seconds, now - accounts::session_max_seconds);
        !n) {
        spdlog::error("removing expired sessions failed: {}", n.error().message());
    }
    if (now >= next_housekeeping_) {
        next_housekeeping_ = now + housekeeping_seconds;
        const auto st = site_.settings();
        if (auto n = db.forget_comment_addresses(now - st->comments_retain_ip_days * 86400); !n) {
            spdlog::error("erasing old commenter addresses failed: {}", n.error().message());
        } else if (*n > 0) {
            spdlog::info("erased the address and browser of {} comment(s) past {} days", *n, st->comments_retain_ip_days);
        }
        if (auto n = db.delete_conversations_before(now - st->chat_retain_days * 86400); !n) {
            spdlog::error("deleting old chat transcripts failed: {}", n.error().message());
        } else if (*n > 0) {
            spdlog::info("deleted {} chat conversation(s) quiet for more than {} days", *n, st->chat_retain_days);
        }
        if (auto n = db.delete_live_events_before(now - live::keep_events_seconds); !n) {
            spdlog::error("forgetting old live events failed: {}", n.error().message());
        }
        if (auto n = db.purge_trash(now - trash_days * 86400); !n) {
            spdlog::error("emptying the comment trash failed: {}", n.error().message());
        } else if (*n > 0) {
            spdlog::info("deleted {} comment(s) trashed more than {} days ago", *n, trash_days);
        }
    }
    if (const auto today = timefmt::human_date(*site_.zone(), now); today != day_) {
        day_ = today;
        site_.cache().invalidate({"day"});
    }
    unix_time next = now + settings_poll_seconds;
    if (auto due = db.next_scheduled(); due && *due) {
        next = std::clamp(**due, now + 1, next);
    }
    return next;
}

void scheduler::start() {
    thread_ = std::thread([this] {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            lock.unlock();
            const unix_time next = run_once();
            lock.lock();
            wake_.wait_until(lock, std::chrono::system_clock::time_point(std::chrono::seconds(next)),
                             [this] { return stopping_ || woken_; });
            woken_ = false;
        }
    });
}

void scheduler::wake() {
    {
        std::lock_guard lock(mutex_);
        woken_ = true;
    }
    wake_.notify_all();
}

void scheduler::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

} // namespace gazette::app
