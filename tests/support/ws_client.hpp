// A blocking WebSocket client for tests (Beast), speaking text frames to a server on 127.0.0.1.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gazette::test {

class ws_client {
public:
    // Connects and completes the handshake; throws on failure (the test fails with the message).
    ws_client(std::uint16_t port, const std::string& target,
              const std::vector<std::pair<std::string, std::string>>& headers = {});
    ~ws_client();
    ws_client(const ws_client&) = delete;
    ws_client& operator=(const ws_client&) = delete;

    void send(const std::string& text);
    // The next text frame; nullopt when the connection closed.
    std::optional<std::string> read();
    // Frames until one contains needle (returned last); throws if the connection closes first.
    std::vector<std::string> read_until(const std::string& needle);
    void close();
    // Drops the TCP connection without a closing handshake (a lost network).
    void drop();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace gazette::test
