// Outbound HTTP: Gazette as a client (telling a WebSub hub that a feed changed). Knows HTTP, nothing
// about news; Beast, Asio and OpenSSL stay in client.cpp.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <variant>

namespace gazette::http {

struct client_reply {
    int status = 0;
    std::string body; // at most 64 KiB of it
};

// POSTs an application/x-www-form-urlencoded body to an http:// or https:// URL and reads the answer.
// HTTPS verifies the server's certificate against the system's trusted authorities and its name (SNI
// sent). The whole exchange (resolve, connect, handshake, write, read) must end within timeout. Returns
// the reply, or why there is none (one line, for the log). Blocks: call it from a worker thread.
std::variant<client_reply, std::string> post_form(std::string_view url, std::string_view body,
                                                  std::chrono::milliseconds timeout);

} // namespace gazette::http
