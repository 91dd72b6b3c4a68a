// app/config: defaults < TOML file < environment < flags, and one-line messages for bad values.
#include "app/config.hpp"

#include "support/test_site.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

namespace gazette::app {
namespace {

struct Config : ::testing::Test {
    void SetUp() override {
        for (const char* v : {"GAZETTE_LISTEN", "GAZETTE_DATA", "GAZETTE_THREADS", "GAZETTE_CONFIG", "GAZETTE_SITE_URL",
                              "GAZETTE_ACCESS_LOG", "GAZETTE_LOG_LEVEL", "GAZETTE_TIMEZONE"}) {
            ::unsetenv(v);
        }
    }
    void TearDown() override { SetUp(); }
    test::temp_dir dir;
};

TEST_F(Config, Defaults) {
    std::string msg;
    auto c = load_config({}, msg);
    ASSERT_TRUE(c) << msg;
    EXPECT_EQ(c->host, "127.0.0.1");
    EXPECT_EQ(c->port, 8080);
    EXPECT_EQ(c->data, "./data");
    EXPECT_GE(c->threads, 1u);
}

TEST_F(Config, FlagsBeatEnvironmentBeatsFile) {
    const auto file = dir.path() / "gazette.toml";
    std::ofstream(file) << "listen = \"127.0.0.1:1111\"\ndata = \"/from/file\"\nthreads = 3\n";
    ::setenv("GAZETTE_DATA", "/from/env", 1);
    config_flags flags;
    flags.config_file = file.string();
    std::string msg;
    auto c = load_config(flags, msg);
    ASSERT_TRUE(c) << msg;
    EXPECT_EQ(c->port, 1111);
    EXPECT_EQ(c->data, "/from/env");
    EXPECT_EQ(c->threads, 3u);
    flags.data = "/from/flag";
    flags.listen = "0.0.0.0:0";
    c = load_config(flags, msg);
    ASSERT_TRUE(c) << msg;
    EXPECT_EQ(c->data, "/from/flag");
    EXPECT_EQ(c->host, "0.0.0.0");
    EXPECT_EQ(c->port, 0);
}

TEST_F(Config, BadValuesGetOneLineMessages) {
    auto with = [](auto set) {
        config_flags f;
        set(f);
        return f;
    };
    const struct {
        config_flags flags;
        std::string_view mentions;
    } cases[] = {
        {with([](auto& f) { f.listen = "8080"; }), "HOST:PORT"},
        {with([](auto& f) { f.listen = "127.0.0.1:70000"; }), "65535"},
        {with([](auto& f) { f.threads = 0u; }), "threads"},
        {with([](auto& f) { f.site_url = "example.com"; }), "http"},
        {with([](auto& f) { f.log_level = "loud"; }), "log_level"},
        {with([](auto& f) { f.timezone = "Mars/Olympus"; }), "time zone"},
        {with([](auto& f) { f.config_file = "/no/such/file.toml"; }), "config file"},
    };
    for (const auto& c : cases) {
        std::string msg;
        auto r = load_config(c.flags, msg);
        ASSERT_FALSE(r) << c.mentions;
        EXPECT_NE(msg.find(c.mentions), std::string::npos) << msg;
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
    }
}

TEST_F(Config, UnknownFileSettingsAreRefused) {
    const auto file = dir.path() / "bad.toml";
    std::ofstream(file) << "lisen = \"127.0.0.1:1\"\n";
    config_flags flags;
    flags.config_file = file.string();
    std::string msg;
    EXPECT_FALSE(load_config(flags, msg));
    EXPECT_NE(msg.find("unknown setting 'lisen'"), std::string::npos) << msg;
}

TEST_F(Config, ParseListenAcceptsIpv6) {
    std::string msg;
    auto hp = parse_listen("[::1]:9000", msg);
    ASSERT_TRUE(hp);
    EXPECT_EQ(hp->first, "::1");
    EXPECT_EQ(hp->second, 9000);
}

TEST_F(Config, WritableDirChecks) {
    std::string msg;
    EXPECT_TRUE(ensure_writable_dir(dir.path() / "a" / "b", msg));
    std::ofstream(dir.path() / "file") << "x";
    EXPECT_FALSE(ensure_writable_dir(dir.path() / "file" / "sub", msg));
    EXPECT_NE(msg.find("cannot create data directory"), std::string::npos) << msg;
}

} // namespace
} // namespace gazette::app
