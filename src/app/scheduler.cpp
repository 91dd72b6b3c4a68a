// The scheduler thread.
#include "app/scheduler.hpp"

#include "accounts/sessions.hpp"

#include <spdlog/spdlog.h>

namespace gazette::app {

namespace {
constexpr unix_time max_sleep_seconds = 30;
}

scheduler::scheduler(store& db, articles::service& svc, render::page_cache& cache, clock_fn clock)
    : db_(db), svc_(svc), cache_(cache), clock_(std::move(clock)), day_(timefmt::human_date(clock_())) {}

scheduler::~scheduler() { stop(); }

unix_time scheduler::run_once() {
    const unix_time now = clock_();
    if (auto n = svc_.publish_due(); !n) {
        spdlog::error("scheduled publishing failed: {}", n.error().message());
    } else if (*n > 0) {
        spdlog::info("published {} scheduled article(s)", *n);
    }
    if (auto n = db_.delete_expired_sessions(now - accounts::session_idle_seconds, now - accounts::session_max_seconds);
        !n) {
        spdlog::error("removing expired sessions failed: {}", n.error().message());
    }
    if (const auto today = timefmt::human_date(now); today != day_) {
        day_ = today;
        cache_.invalidate({"day"});
    }
    unix_time next = now + max_sleep_seconds;
    if (auto due = db_.next_scheduled(); due && *due) {
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
