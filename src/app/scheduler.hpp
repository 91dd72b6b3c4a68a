// Background jobs of a running server: publish scheduled articles on time (also after a restart: the
// first pass runs at start), refresh pages that show today's date at midnight, remove expired sessions,
// pick up settings changed outside this process (`gazette settings set`) within a few seconds, and keep
// comments tidy: commenters' addresses erased after the retention period, the trash emptied after 30 days.
#pragma once

#include "articles/service.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace gazette::app {

class site;

// How often settings are compared with the store's (SIGHUP wakes the scheduler at once).
inline constexpr unix_time settings_poll_seconds = 3;
// Comment housekeeping (addresses past their retention, the trash past trash_days) runs at start and then
// this often.
inline constexpr unix_time housekeeping_seconds = 3600;
inline constexpr unix_time trash_days = 30;

class scheduler {
public:
    scheduler(site& s, articles::service& svc, clock_fn clock);
    ~scheduler(); // stops and joins

    void start();
    void stop();
    // Runs a pass now (an article was just scheduled, or SIGHUP asked to re-read the settings).
    void wake();
    // One pass: publish what is due, re-read settings, refresh the date. Returns when the next pass is due.
    unix_time run_once();

private:
    site& site_;
    articles::service& svc_;
    clock_fn clock_;
    std::string day_;
    unix_time next_housekeeping_ = 0;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool woken_ = false;
    std::thread thread_;
};

} // namespace gazette::app
