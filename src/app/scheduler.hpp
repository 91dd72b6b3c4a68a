// Background jobs of a running server: publish scheduled articles on time (also after a restart: the
// first pass runs at start), refresh pages that show today's date at midnight, remove expired sessions.
#pragma once

#include "articles/service.hpp"
#include "render/page_cache.hpp"
#include "store/store.hpp"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace gazette::app {

class scheduler {
public:
    scheduler(store& db, articles::service& svc, render::page_cache& cache, clock_fn clock);
    ~scheduler(); // stops and joins

    void start();
    void stop();
    // Runs a pass now (an article was just scheduled, perhaps sooner than the next planned pass).
    void wake();
    // One pass: publish what is due, refresh the date. Returns when the next pass should run.
    unix_time run_once();

private:
    store& db_;
    articles::service& svc_;
    render::page_cache& cache_;
    clock_fn clock_;
    std::string day_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool woken_ = false;
    std::thread thread_;
};

} // namespace gazette::app
