// The HTTP server end to end over real sockets: keep-alive, pipelining, validators, compression, HEAD,
// error statuses at the edge, timeouts, concurrency.
#include "http/gzip.hpp"
#include "support/http_client.hpp"
#include "support/test_site.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace gazette::test {
namespace {

struct Server : ::testing::Test {
    static inline std::unique_ptr<test_site> site;
    static void SetUpTestSuite() { site = std::make_unique<test_site>(); }
    static void TearDownTestSuite() { site.reset(); }
    std::uint16_t port() const { return site->port(); }
};

TEST_F(Server, KeepAliveServesSeveralRequestsOnOneConnection) {
    connection c(port());
    for (int i = 0; i < 3; ++i) {
        c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto r = c.read();
        EXPECT_EQ(r.status, 200);
        EXPECT_EQ(r.body, R"({"status":"ok"})");
        EXPECT_TRUE(r.keep_alive);
    }
}

TEST_F(Server, PipelinedRequestsAreAnsweredInOrder) {
    connection c(port());
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
           "GET /no-such-page/ HTTP/1.1\r\nHost: x\r\n\r\n"
           "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
           "GET /category/news/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(c.read().status, 200);
    EXPECT_EQ(c.read().status, 404);
    const auto head = c.read(true);
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.body.empty());
    const auto last = c.read();
    EXPECT_EQ(last.status, 200);
    EXPECT_NE(last.body.find("News"), std::string::npos);
    EXPECT_FALSE(last.keep_alive);
    EXPECT_TRUE(c.wait_closed());
}

TEST_F(Server, EtagGivesNotModified) {
    const auto first = get(port(), "/");
    ASSERT_EQ(first.status, 200);
    const auto etag = first.header("etag");
    ASSERT_FALSE(etag.empty());
    const auto second = get(port(), "/", {{"If-None-Match", etag}});
    EXPECT_EQ(second.status, 304);
    EXPECT_TRUE(second.body.empty());
    EXPECT_EQ(second.header("etag"), etag);
    EXPECT_EQ(get(port(), "/", {{"If-None-Match", "\"other\""}}).status, 200);
}

TEST_F(Server, GzipWhenAcceptedAndTheSameBytesInside) {
    const auto plain = get(port(), "/");
    const auto zipped = get(port(), "/", {{"Accept-Encoding", "gzip, deflate"}});
    ASSERT_EQ(zipped.status, 200);
    EXPECT_EQ(zipped.header("content-encoding"), "gzip");
    EXPECT_EQ(zipped.header("vary"), "Accept-Encoding");
    EXPECT_LT(zipped.body.size(), plain.body.size());
    EXPECT_EQ(http::gzip_decompress(zipped.body), plain.body);
    EXPECT_NE(zipped.header("etag"), plain.header("etag"));
    EXPECT_EQ(get(port(), "/", {{"Accept-Encoding", "gzip"}, {"If-None-Match", zipped.header("etag")}}).status, 304);
    EXPECT_TRUE(plain.header("content-encoding").empty());
}

TEST_F(Server, HeadSendsHeadersOnly) {
    const auto g = get(port(), "/category/news/");
    const auto h = request(port(), "HEAD", "/category/news/");
    EXPECT_EQ(h.status, 200);
    EXPECT_TRUE(h.body.empty());
    EXPECT_EQ(h.header("content-length"), std::to_string(g.body.size()));
    EXPECT_EQ(h.header("etag"), g.header("etag"));
}

TEST_F(Server, NotFoundIsAThemedPage) {
    const auto r = get(port(), "/no-such-page/");
    EXPECT_EQ(r.status, 404);
    EXPECT_NE(r.body.find("<html"), std::string::npos);
    EXPECT_NE(r.body.find("href=\"/\""), std::string::npos);
}

TEST_F(Server, MethodNotAllowedSaysWhatIs) {
    const auto r = request(port(), "POST", "/", {}, "x=1");
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.header("allow"), "GET, HEAD");
    EXPECT_EQ(request(port(), "DELETE", "/category/news/").status, 405);
}

TEST_F(Server, OversizedBodyGets413) {
    connection c(port());
    c.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n");
    EXPECT_EQ(c.read().status, 413);
    EXPECT_TRUE(c.wait_closed());
}

TEST_F(Server, OversizedHeaderGets431) {
    connection c(port());
    c.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(64 * 1024, 'a') + "\r\n\r\n");
    EXPECT_EQ(c.read().status, 431);
}

TEST_F(Server, MalformedRequestsGet400AndTheServerLivesOn) {
    for (const std::string bad : {"GARBAGE\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                                  "GET / HTTP/1.1\r\nBad Header\r\n\r\n", "GET nonsense HTTP/1.1\r\nHost: x\r\n\r\n"}) {
        connection c(port());
        c.send(bad);
        EXPECT_EQ(c.read().status, 400) << bad;
    }
    EXPECT_EQ(get(port(), "/healthz").status, 200);
}

TEST_F(Server, TrailingSlashRedirectKeepsTheQuery) {
    const auto r = get(port(), "/category/news?x=1");
    EXPECT_EQ(r.status, 301);
    EXPECT_EQ(r.header("location"), "/category/news/?x=1");
}

TEST_F(Server, SecurityHeadersOnEveryResponse) {
    for (const std::string path : {"/", "/no-such-page/", "/wp-json/wp/v2/posts", "/healthz"}) {
        const auto r = get(port(), path);
        EXPECT_NE(r.header("content-security-policy").find("script-src 'self'"), std::string::npos) << path;
        EXPECT_EQ(r.header("content-security-policy").find("unsafe-inline"), std::string::npos) << path;
        EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << path;
        EXPECT_FALSE(r.header("referrer-policy").empty()) << path;
    }
}

TEST_F(Server, FiftyConcurrentClients) {
    const auto expected = get(port(), "/").body;
    std::atomic<int> ok{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < 50; ++i) {
        clients.emplace_back([&] {
            connection c(port());
            for (int j = 0; j < 10; ++j) {
                c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                const auto r = c.read();
                if (r.status == 200 && r.body == expected) {
                    ++ok;
                }
            }
        });
    }
    for (auto& t : clients) {
        t.join();
    }
    EXPECT_EQ(ok.load(), 500);
}

TEST(ServerTimeouts, ASlowClientIsDisconnected) {
    test_site_options o;
    o.header_timeout = std::chrono::milliseconds(200);
    o.idle_timeout = std::chrono::milliseconds(200);
    test_site s(o);
    connection slow(s.port());
    slow.send("GET / HTTP/1.1\r\nHost: x\r\n"); // never finishes its header
    EXPECT_TRUE(slow.wait_closed());
    connection idle(s.port()); // says nothing at all
    EXPECT_TRUE(idle.wait_closed());
    EXPECT_EQ(get(s.port(), "/healthz").status, 200); // others are still served
}

TEST(ServerShutdown, FinishesTheRequestInFlight) {
    auto s = std::make_unique<test_site>();
    connection c(s->port());
    c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"); // make sure the connection is established and served
    ASSERT_EQ(c.read().status, 200);
    while (s->server().busy_connections() != 0) { // until c's session is back to waiting for a request
        std::this_thread::yield();
    }
    connection busy(s->port());
    busy.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhalf-");
    while (s->server().busy_connections() == 0) { // wait until the server is inside that request
        std::this_thread::yield();
    }
    // Begin shutdown while the body is still arriving; the idle connection is closed at once.
    s->server().shutdown();
    EXPECT_TRUE(c.wait_closed());
    busy.send("done!");
    const auto r = busy.read();
    EXPECT_EQ(r.status, 405); // answered in full, not cut off
    EXPECT_FALSE(r.keep_alive);
    EXPECT_TRUE(busy.wait_closed());
    s.reset(); // the server thread ends
}

} // namespace
} // namespace gazette::test
