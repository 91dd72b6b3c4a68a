// Test helpers that speak HTTP to a server on 127.0.0.1: one-shot requests and raw connections (for
// keep-alive, pipelining, malformed requests and slow clients). Blocking; for tests only.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace gazette::test {

struct reply {
    int status = 0;
    std::map<std::string, std::string> headers; // names lowercased
    std::string body;
    bool keep_alive = true;
    std::string header(const std::string& name) const {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    }
};

// The value attribute of the input named name in a page (either attribute order); empty when absent.
std::string form_value(const std::string& html, const std::string& name);

// GET (or another method) with Connection: close. Extra headers as {name, value}.
reply request(std::uint16_t port, const std::string& method, const std::string& target,
              const std::vector<std::pair<std::string, std::string>>& headers = {}, const std::string& body = {});
inline reply get(std::uint16_t port, const std::string& target,
                 const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    return request(port, "GET", target, headers);
}

// A raw TCP connection.
class connection {
public:
    explicit connection(std::uint16_t port);
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    void send(const std::string& bytes);
    // Reads one response (for a HEAD request pass head = true: no body follows the headers).
    reply read(bool head = false);
    // Blocks until the server closes the connection; true when it did (EOF or reset) with no more data.
    bool wait_closed();
    // Reads raw bytes until needle has arrived (an event stream); returns everything read so far, which
    // ends at or after needle, or what there was when the server closed the connection.
    std::string read_until(const std::string& needle);

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace gazette::test
