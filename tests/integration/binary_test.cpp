// The gazette binary as an operator meets it: commands, flags, one-line errors and exit codes, serving on
// port 0, SIGTERM.
#include "support/http_client.hpp"
#include "support/test_site.hpp"
#include "support/ws_client.hpp"

#include "core/text.hpp"
#include "store/sqlite/sqlite_store.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <boost/asio.hpp>

#include <csignal>
#include <fstream>
#include <sstream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace gazette::test {
namespace {

// A child process with pipes on stdin, stdout and stderr.
class process {
public:
    explicit process(std::vector<std::string> args, std::vector<std::string> env_extra = {}) {
        int in[2], out[2], err[2];
        EXPECT_EQ(::pipe(in), 0);
        EXPECT_EQ(::pipe(out), 0);
        EXPECT_EQ(::pipe(err), 0);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_adddup2(&fa, in[0], 0);
        posix_spawn_file_actions_adddup2(&fa, out[1], 1);
        posix_spawn_file_actions_adddup2(&fa, err[1], 2);
        for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) {
            posix_spawn_file_actions_addclose(&fa, fd);
        }
        std::vector<char*> argv;
        args.insert(args.begin(), GAZETTE_BINARY);
        for (auto& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        std::vector<std::string> env_strings;
        for (char** e = environ; *e; ++e) {
            if (std::string_view(*e).starts_with("GAZETTE_")) {
                continue;
            }
            env_strings.emplace_back(*e);
        }
        for (auto& e : env_extra) {
            env_strings.push_back(e);
        }
        std::vector<char*> envp;
        for (auto& e : env_strings) {
            envp.push_back(e.data());
        }
        envp.push_back(nullptr);
        EXPECT_EQ(posix_spawn(&pid_, GAZETTE_BINARY, &fa, nullptr, argv.data(), envp.data()), 0);
        posix_spawn_file_actions_destroy(&fa);
        ::close(in[0]);
        ::close(out[1]);
        ::close(err[1]);
        in_ = in[1];
        out_ = out[0];
        err_ = err[0];
    }
    ~process() {
        if (pid_ > 0 && !exited_) {
            ::kill(pid_, SIGKILL);
            wait();
        }
        for (int fd : {in_, out_, err_}) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
    }
    void write_stdin(const std::string& s) {
        EXPECT_EQ(::write(in_, s.data(), s.size()), static_cast<ssize_t>(s.size()));
        ::close(in_);
        in_ = -1;
    }
    std::string read_line() {
        std::string line;
        char c;
        while (::read(out_, &c, 1) == 1 && c != '\n') {
            line.push_back(c);
        }
        return line;
    }
    // The next line the process writes to stderr (its log), or "" at end of file.
    std::string read_err_line() {
        std::string line;
        char c;
        while (::read(err_, &c, 1) == 1 && c != '\n') {
            line.push_back(c);
        }
        return line;
    }
    static std::string drain(int fd) {
        std::string s;
        char buf[4096];
        ssize_t n;
        while ((n = ::read(fd, buf, sizeof buf)) > 0) {
            s.append(buf, static_cast<std::size_t>(n));
        }
        return s;
    }
    // Waits for exit; returns the exit code (128 + signal when killed).
    int wait() {
        int status = 0;
        ::waitpid(pid_, &status, 0);
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::string out() { return drain(out_); }
    std::string err() { return drain(err_); }
    pid_t pid() const { return pid_; }

private:
    pid_t pid_ = -1;
    int in_ = -1, out_ = -1, err_ = -1;
    bool exited_ = false;
};

struct run_result {
    int code;
    std::string out, err;
};

run_result run(std::vector<std::string> args, const std::string& input = {}, std::vector<std::string> env = {}) {
    process p(std::move(args), std::move(env));
    p.write_stdin(input);
    auto out = p.out();
    auto err = p.err();
    return {p.wait(), out, err};
}

// The stored password hash of a user, read straight from the database file.
std::string stored_hash(const std::filesystem::path& db, const std::string& email) {
    sqlite3* raw = nullptr;
    std::string hash;
    if (sqlite3_open(db.c_str(), &raw) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(raw, "SELECT password_hash FROM users WHERE email = ?1", -1, &st, nullptr);
        sqlite3_bind_text(st, 1, email.c_str(), -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            hash = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(raw);
    return hash;
}

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

// The error a command printed: its last stderr line, which must be the only one starting "gazette: ".
std::string error_line(const std::string& err) {
    std::size_t count = 0;
    std::string last;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("gazette: ")) {
            ++count;
            last = line;
        }
    }
    return count == 1 && err.ends_with(last + "\n") ? last : std::string("(not exactly one error line) ") + err;
}

TEST(Binary, VersionAndHelp) {
    auto r = run({"--version"});
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("gazette "), std::string::npos);
    r = run({"--help"});
    EXPECT_EQ(r.code, 0);
    for (const char* cmd : {"serve", "init", "user"}) {
        EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
    }
    r = run({"serve", "--help"});
    EXPECT_NE(r.out.find("--listen"), std::string::npos);
    EXPECT_NE(r.out.find("GAZETTE_LISTEN"), std::string::npos);
}

TEST(Binary, BadFlagsFailWithOneLine) {
    for (const auto& args : {std::vector<std::string>{"serve", "--bogus"},
                                                std::vector<std::string>{"serve", "--listen", "nonsense"},
                                                std::vector<std::string>{"serve", "--threads", "zero"},
                                                std::vector<std::string>{"frobnicate"}}) {
        const auto r = run(args);
        EXPECT_NE(r.code, 0) << args.back();
        EXPECT_EQ(lines(r.err), 1u) << r.err;
        EXPECT_TRUE(r.err.starts_with("gazette: ")) << r.err;
    }
}

TEST(Binary, InitServeAndStopOnSigterm) {
    temp_dir dir;
    const auto data = (dir.path() / "data").string();
    auto init = run({"init", "--data", data, "--demo"});
    ASSERT_EQ(init.code, 0) << init.err;
    EXPECT_NE(init.out.find("16 articles"), std::string::npos) << init.out;
    EXPECT_EQ(run({"init", "--data", data, "--demo"}).code, 0); // twice is harmless

    process server({"serve", "--data", data, "--listen", "127.0.0.1:0", "--access-log", "off"});
    const auto first = server.read_line();
    ASSERT_TRUE(first.starts_with("listening on http://127.0.0.1:")) << first;
    const auto port = static_cast<std::uint16_t>(std::stoi(first.substr(first.rfind(':') + 1)));
    const auto r = get(port, "/");
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("The Riverton Gazette"), std::string::npos);
    EXPECT_EQ(::kill(server.pid(), SIGTERM), 0);
    EXPECT_EQ(server.wait(), 0);
}

TEST(Binary, SettingsFromEnvironmentAndConfigFile) {
    temp_dir dir;
    const auto data = (dir.path() / "data").string();
    ASSERT_EQ(run({"init", "--data", data}).code, 0);
    const auto cfg = dir.path() / "gazette.toml";
    std::ofstream(cfg) << "listen = \"127.0.0.1:1\"\naccess_log = \"off\"\n"; // the env's listen wins over it
    process server({"serve", "--config", cfg.string()}, {"GAZETTE_DATA=" + data, "GAZETTE_LISTEN=127.0.0.1:0"});
    const auto first = server.read_line();
    ASSERT_TRUE(first.starts_with("listening on http://127.0.0.1:")) << first;
    const auto port = static_cast<std::uint16_t>(std::stoi(first.substr(first.rfind(':') + 1)));
    EXPECT_EQ(get(port, "/healthz").status, 200);
    ::kill(server.pid(), SIGINT);
    EXPECT_EQ(server.wait(), 0);
}

TEST(Binary, AccessLogHasOneLinePerRequestWithoutQueryStrings) {
    temp_dir dir;
    const auto data = (dir.path() / "data").string();
    ASSERT_EQ(run({"init", "--data", data}).code, 0);
    const auto log = dir.path() / "access.log";
    process server({"serve", "--data", data, "--listen", "127.0.0.1:0", "--access-log", log.string()});
    const auto first = server.read_line();
    ASSERT_TRUE(first.starts_with("listening on ")) << first;
    const auto port = static_cast<std::uint16_t>(std::stoi(first.substr(first.rfind(':') + 1)));
    ASSERT_EQ(get(port, "/healthz?token=secret-value").status, 200);
    ASSERT_EQ(get(port, "/no-such-page/").status, 404);
    ::kill(server.pid(), SIGTERM);
    ASSERT_EQ(server.wait(), 0); // the log is flushed on exit
    std::ifstream in(log);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_NE(lines[0].find("127.0.0.1 \"GET /healthz\" 200 15 "), std::string::npos) << lines[0];
    EXPECT_TRUE(lines[0].ends_with("us")) << lines[0];
    EXPECT_EQ(lines[0].find("secret-value"), std::string::npos) << lines[0];
    EXPECT_NE(lines[1].find("\"GET /no-such-page/\" 404 "), std::string::npos) << lines[1];
}

TEST(Binary, PortInUseIsAClearError) {
    boost::asio::io_context ctx;
    boost::asio::ip::tcp::acceptor taken(ctx, {boost::asio::ip::make_address("127.0.0.1"), 0});
    temp_dir dir;
    const auto r = run({"serve", "--data", dir.path().string(), "--listen",
                        "127.0.0.1:" + std::to_string(taken.local_endpoint().port())});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(error_line(r.err).find("ddress already in use"), std::string::npos) << r.err;
}

TEST(Binary, UnusableDataDirectoryIsAClearError) {
    temp_dir dir;
    std::ofstream(dir.path() / "file") << "x";
    const auto r = run({"serve", "--data", (dir.path() / "file" / "data").string(), "--listen", "127.0.0.1:0"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(lines(r.err), 1u) << r.err;
    EXPECT_NE(r.err.find("data directory"), std::string::npos) << r.err;
}

TEST(Binary, CorruptDatabaseIsAClearError) {
    temp_dir dir;
    std::ofstream(dir.path() / "gazette.db") << std::string(4096, 'x');
    const auto r = run({"serve", "--data", dir.path().string(), "--listen", "127.0.0.1:0"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(error_line(r.err).find("corrupt"), std::string::npos) << r.err;
}

TEST(Binary, DatabaseFromANewerVersionIsAClearError) {
    temp_dir dir;
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir.path() / "gazette.db").c_str(), &raw), SQLITE_OK);
    sqlite3_exec(raw, "PRAGMA user_version = 999", nullptr, nullptr, nullptr);
    sqlite3_close(raw);
    const auto r = run({"serve", "--data", dir.path().string(), "--listen", "127.0.0.1:0"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(error_line(r.err).find("newer version"), std::string::npos) << r.err;
}

TEST(Binary, UserAddHashesWithArgon2idAndRefusesBadInput) {
    temp_dir dir;
    const auto data = dir.path().string();
    ASSERT_EQ(run({"init", "--data", data}).code, 0);
    auto r = run({"user", "add", "--data", data, "--email", "ed@example.com", "--name", "Ed Itor", "--role", "editor"},
                 "correct horse battery staple\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.find("correct horse"), std::string::npos); // the password is never echoed

    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir.path() / "gazette.db").c_str(), &raw), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "SELECT password_hash, role FROM users WHERE email = 'ed@example.com'", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    const std::string hash = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    EXPECT_TRUE(hash.starts_with("$argon2id$")) << hash;
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 1))), "editor");
    sqlite3_finalize(st);
    sqlite3_close(raw);

    const struct {
        std::vector<std::string> args;
        std::string password, mentions;
    } bad[] = {
        {{"--email", "ed@example.com", "--name", "Again", "--role", "editor"}, "another long password", "already exists"},
        {{"--email", "not-an-email", "--name", "X", "--role", "editor"}, "another long password", "email"},
        {{"--email", "x@example.com", "--name", "X", "--role", "overlord"}, "another long password", "role"},
        {{"--email", "y@example.com", "--name", "Y", "--role", "agent"}, "short", "password"},
    };
    for (const auto& b : bad) {
        std::vector<std::string> args{"user", "add", "--data", data};
        args.insert(args.end(), b.args.begin(), b.args.end());
        r = run(args, b.password + "\n");
        EXPECT_EQ(r.code, 1) << b.mentions;
        EXPECT_NE(r.err.find(b.mentions), std::string::npos) << r.err;
        EXPECT_EQ(lines(r.err), 1u) << r.err;
    }
}

TEST(Binary, SettingsListGetSetAndARunningServerFollows) {
    temp_dir dir;
    const auto data = (dir.path() / "data").string();
    ASSERT_EQ(run({"init", "--data", data, "--demo"}).code, 0);

    const auto list = run({"settings", "list", "--data", data});
    ASSERT_EQ(list.code, 0) << list.err;
    // One line per setting: the key, spaces, the value (nothing after an empty key).
    auto listed = [&](const std::string& key) -> std::optional<std::string> {
        std::istringstream lines(list.out);
        for (std::string line; std::getline(lines, line);) {
            if (line == key) {
                return "";
            }
            if (line.starts_with(key + " ")) {
                return std::string(text::trim(line.substr(key.size())));
            }
        }
        return std::nullopt;
    };
    EXPECT_EQ(listed("site.name"), "The Riverton Gazette") << list.out;
    EXPECT_EQ(listed("site.timezone"), "UTC");
    EXPECT_EQ(listed("site.logo"), "");
    EXPECT_EQ(listed("site.posts_per_page"), "10");
    EXPECT_EQ(listed("comments.flood_seconds"), "15");
    EXPECT_EQ(listed("comments.moderation"), "0");
    EXPECT_EQ(run({"settings", "get", "--data", data, "site.name"}).out, "The Riverton Gazette\n");

    // Checked as in the newsroom: one clear line, non-zero exit, nothing stored.
    const auto bad = run({"settings", "set", "--data", data, "site.timezone", "Mars/Olympus"});
    EXPECT_EQ(bad.code, 1);
    EXPECT_EQ(error_line(bad.err), "gazette: site.timezone: Use a time zone name from the list, like Europe/London or "
                                   "America/New_York.");
    const auto unknown = run({"settings", "set", "--data", data, "site.colour", "red"});
    EXPECT_EQ(unknown.code, 1);
    EXPECT_NE(unknown.err.find("there is no setting site.colour (settings: site.name, "), std::string::npos)
        << unknown.err;
    EXPECT_EQ(run({"settings", "set", "--data", data, "site.posts_per_page", "0"}).code, 1);
    EXPECT_EQ(run({"settings", "get", "--data", data, "site.timezone"}).out, "UTC\n");

    ASSERT_EQ(run({"settings", "set", "--data", data, "site.timezone", "Asia/Tokyo"}).code, 0);
    EXPECT_EQ(run({"settings", "get", "--data", data, "site.timezone"}).out, "Asia/Tokyo\n");

    process server({"serve", "--data", data, "--listen", "127.0.0.1:0", "--access-log", "off"});
    const auto first = server.read_line();
    ASSERT_TRUE(first.starts_with("listening on http://127.0.0.1:")) << first;
    const auto port = static_cast<std::uint16_t>(std::stoi(first.substr(first.rfind(':') + 1)));
    EXPECT_NE(get(port, "/").body.find("The Riverton Gazette"), std::string::npos);

    // Changed while it runs: SIGHUP makes the server read the settings again (it also looks every few seconds).
    const auto set = run({"settings", "set", "--data", data, "site.name", "The Linnet Evening Post"});
    ASSERT_EQ(set.code, 0) << set.err;
    ASSERT_EQ(::kill(server.pid(), SIGHUP), 0);
    for (std::string line = server.read_err_line(); line.find("site settings changed") == std::string::npos;
         line = server.read_err_line()) {
        ASSERT_FALSE(line.empty()) << "the server's log ended before it saw the change";
    }
    const auto front = get(port, "/").body;
    EXPECT_NE(front.find("The Linnet Evening Post"), std::string::npos);
    EXPECT_EQ(front.find("The Riverton Gazette"), std::string::npos);
    ASSERT_EQ(::kill(server.pid(), SIGTERM), 0);
    EXPECT_EQ(server.wait(), 0);
}

TEST(Binary, PrivacyExportAndEraseByEmail) {
    temp_dir dir;
    const auto data = (dir.path() / "data").string();
    ASSERT_EQ(run({"init", "--data", data, "--demo"}).code, 0);
    {
        auto db = std::move(*sqlite::open({dir.path() / "data" / "gazette.db", 1, false}));
        const auto a = db->find_published_by_slug("rowing-regatta-returns-to-the-linnet").value();
        comment_candidate c;
        c.c.article_id = a.id;
        c.c.author_name = "Rita";
        c.c.author_email = "rita@example.com";
        c.c.body = "A comment to take back.";
        c.c.ip = "192.0.2.7";
        c.verdict = {comment_verdict::kind::approve, ""};
        ASSERT_TRUE(db->add_comments({c}, 1795600800));
    }
    const auto exported = run({"privacy", "export", "--data", data, "--email", "Rita@Example.com"});
    ASSERT_EQ(exported.code, 0) << exported.err;
    EXPECT_NE(exported.out.find("\"text\": \"A comment to take back.\""), std::string::npos) << exported.out;
    EXPECT_NE(exported.out.find("\"ip_address\": \"192.0.2.7\""), std::string::npos);
    EXPECT_NE(exported.out.find("\"chat_transcripts\": []"), std::string::npos);

    const auto bad = run({"privacy", "erase", "--data", data, "--email", "nobody"});
    EXPECT_EQ(bad.code, 1);
    EXPECT_EQ(error_line(bad.err), "gazette: give the email address the data is tied to (--email)");
    const auto erased = run({"privacy", "erase", "--data", data, "--email", "rita@example.com"});
    ASSERT_EQ(erased.code, 0) << erased.err;
    EXPECT_EQ(erased.out, "erased 1 comment(s) and 0 chat conversation(s) tied to that address; 1 article page(s) change\n");
    const auto after = run({"privacy", "export", "--data", data, "--email", "rita@example.com"});
    EXPECT_NE(after.out.find("\"comments\": []"), std::string::npos) << after.out;
}

TEST(Binary, ACommentersEmailIsInNoLogLine) {
    temp_dir dir;
    const auto data = (dir.path() / "data").string();
    ASSERT_EQ(run({"init", "--data", data, "--demo"}).code, 0);
    const auto access_log = dir.path() / "access.log";
    process server({"serve", "--data", data, "--listen", "127.0.0.1:0", "--access-log", access_log.string(),
                    "--log-level", "debug"});
    const auto first = server.read_line();
    ASSERT_TRUE(first.starts_with("listening on http://127.0.0.1:")) << first;
    const auto port = static_cast<std::uint16_t>(std::stoi(first.substr(first.rfind(':') + 1)));
    const std::string email = "secret.commenter@example.org";
    const auto r = request(port, "POST", "/wp-comments-post.php", {{"Content-Type", "application/x-www-form-urlencoded"}},
                           "comment_post_ID=1&comment_parent=0&author=Sam&comment=Logged%3F&email=" + text::url_encode(email));
    ASSERT_EQ(r.status, 303) << r.body;
    const auto bad = request(port, "POST", "/wp-comments-post.php", {{"Content-Type", "application/x-www-form-urlencoded"}},
                             "comment_post_ID=1&comment_parent=0&author=Sam&comment=Again&email=" + text::url_encode(email) +
                                 "&url=javascript%3Aalert(1)");
    ASSERT_EQ(bad.status, 422);
    ASSERT_EQ(::kill(server.pid(), SIGTERM), 0);
    const auto log = server.err();
    ASSERT_EQ(server.wait(), 0);
    EXPECT_NE(log.find("comment 1 on article 1: pending"), std::string::npos) << log;
    EXPECT_EQ(log.find(email), std::string::npos);
    EXPECT_EQ(log.find("secret.commenter"), std::string::npos);
    std::ifstream in(access_log);
    const std::string access((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(access.find("POST /wp-comments-post.php"), std::string::npos);
    EXPECT_EQ(access.find("secret.commenter"), std::string::npos);
}

TEST(Binary, ARestartInTheMiddleOfAConversationLosesNothing) {
    temp_dir dir;
    const auto data = (dir.path() / "data").string();
    ASSERT_EQ(run({"init", "--data", data}).code, 0);
    auto start = [&](std::unique_ptr<process>& server) {
        server = std::make_unique<process>(
            std::vector<std::string>{"serve", "--data", data, "--listen", "127.0.0.1:0", "--access-log", "off"});
        const auto first = server->read_line();
        EXPECT_TRUE(first.starts_with("listening on http://127.0.0.1:")) << first;
        return static_cast<std::uint16_t>(std::stoi(first.substr(first.rfind(':') + 1)));
    };
    std::unique_ptr<process> server;
    auto port = start(server);
    std::string token;
    std::int64_t id = 0;
    {
        ws_client reader(port, "/chat/ws");
        token = std::string(boost::json::parse(reader.read().value()).at("conversation").as_string());
        reader.send(R"({"type":"message","client_id":"before-restart","text":"Sent before the restart."})");
        const auto ack = boost::json::parse(reader.read_until("\"type\":\"ack\"").back());
        id = ack.at("id").as_int64();
        // The server stops while the reader is connected.
        ASSERT_EQ(::kill(server->pid(), SIGTERM), 0);
        EXPECT_EQ(server->wait(), 0);
        while (auto f = reader.read()) { // what was queued, then the end of the connection with the server
            EXPECT_NE(f->find("Sent before the restart."), std::string::npos) << *f;
        }
    }
    port = start(server);
    ws_client back(port, "/chat/ws?conversation=" + token + "&after=0");
    const auto hello = boost::json::parse(back.read().value());
    EXPECT_EQ(hello.at("conversation").as_string(), token);
    const auto kept = boost::json::parse(back.read().value());
    EXPECT_EQ(kept.at("id").as_int64(), id);
    EXPECT_EQ(kept.at("text").as_string(), "Sent before the restart.");
    // The client was not sure it got through (no ack seen): it sends it again, and it is stored once.
    back.send(R"({"type":"message","client_id":"before-restart","text":"Sent before the restart."})");
    EXPECT_EQ(boost::json::parse(back.read_until("\"type\":\"ack\"").back()).at("id").as_int64(), id);
    ASSERT_EQ(::kill(server->pid(), SIGTERM), 0);
    EXPECT_EQ(server->wait(), 0);
}

TEST(Binary, UserPasswdChangesThePasswordAndEndsSessions) {
    temp_dir dir;
    const auto data = dir.path().string();
    ASSERT_EQ(run({"init", "--data", data}).code, 0);
    ASSERT_EQ(run({"user", "add", "--data", data, "--email", "ad@example.com", "--name", "Ad Min", "--role", "admin"},
                  "first password here\n")
                  .code,
              0);
    const auto before = stored_hash(dir.path() / "gazette.db", "ad@example.com");
    auto r = run({"user", "passwd", "--data", data, "--email", "ad@example.com"}, "second password here\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("password changed"), std::string::npos);
    const auto after = stored_hash(dir.path() / "gazette.db", "ad@example.com");
    EXPECT_TRUE(after.starts_with("$argon2id$")) << after;
    EXPECT_NE(after, before);
    r = run({"user", "passwd", "--data", data, "--email", "nobody@example.com"}, "second password here\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(error_line(r.err).find("no user"), std::string::npos) << r.err;
    r = run({"user", "passwd", "--data", data, "--email", "ad@example.com"}, "short\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(error_line(r.err).find("password"), std::string::npos) << r.err;
}

} // namespace
} // namespace gazette::test

namespace gazette::test {
namespace {

TEST(Binary, AppPasswordsAreShownOnceStoredHashedListedAndRevoked) {
    temp_dir dir;
    const auto data = dir.path().string();
    ASSERT_EQ(run({"init", "--data", data}).code, 0);
    ASSERT_EQ(run({"user", "add", "--data", data, "--email", "ed@example.com", "--name", "Ed Itor", "--role", "editor"},
                  "correct horse battery staple\n")
                  .code,
              0);
    auto r = run({"app-password", "add", "--data", data, "--email", "ed@example.com", "--name", "Desk app"});
    ASSERT_EQ(r.code, 0) << r.err;
    std::string password = r.out;
    ASSERT_TRUE(password.ends_with("\n"));
    password.pop_back();
    EXPECT_EQ(password.size(), 29u) << password;
    EXPECT_NE(r.err.find("not shown again"), std::string::npos);
    // Only a hash is stored.
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open((dir.path() / "gazette.db").c_str(), &raw), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw, "SELECT secret_hash FROM app_passwords", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    const std::string hash = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(raw);
    EXPECT_EQ(hash.find(password.substr(0, 4)), std::string::npos);
    EXPECT_EQ(hash.size(), 64u);
    // Listed (never the password), then revoked.
    r = run({"app-password", "list", "--data", data, "--email", "ed@example.com"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("Desk app"), std::string::npos);
    EXPECT_NE(r.out.find("never"), std::string::npos);
    EXPECT_EQ(r.out.find(password), std::string::npos);
    const auto id = r.out.substr(0, r.out.find('\t'));
    EXPECT_EQ(run({"app-password", "add", "--data", data, "--email", "ed@example.com", "--name", "desk APP"}).code, 1)
        << "names are unique per person";
    EXPECT_NE(error_line(run({"app-password", "add", "--data", data, "--email", "nobody@example.com", "--name", "X"}).err)
                  .find("no user with the email"),
              std::string::npos);
    r = run({"app-password", "revoke", "--data", data, "--email", "ed@example.com", "--id", id});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(run({"app-password", "list", "--data", data, "--email", "ed@example.com"}).out, "");
    EXPECT_EQ(run({"app-password", "revoke", "--data", data, "--email", "ed@example.com", "--id", id}).code, 1);
}

} // namespace
} // namespace gazette::test
