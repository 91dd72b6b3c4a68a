// Blocking Beast/Asio client for tests.
#include "support/http_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <regex>

namespace gazette::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

struct connection::impl {
    asio::io_context ctx;
    asio::ip::tcp::socket socket{ctx};
    beast::flat_buffer buffer;
};

connection::connection(std::uint16_t port) : impl_(std::make_unique<impl>()) {
    impl_->socket.connect({asio::ip::make_address("127.0.0.1"), port});
}

connection::~connection() = default;

void connection::send(const std::string& bytes) { asio::write(impl_->socket, asio::buffer(bytes)); }

reply connection::read(bool head) {
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    bhttp::read(impl_->socket, impl_->buffer, parser);
    auto& msg = parser.get();
    reply r;
    r.status = static_cast<int>(msg.result_int());
    for (const auto& f : msg) {
        r.headers[lower(std::string(f.name_string()))] = std::string(f.value());
    }
    r.body = msg.body();
    r.keep_alive = msg.keep_alive();
    return r;
}

std::string connection::read_until(const std::string& needle) {
    std::string got(static_cast<const char*>(impl_->buffer.data().data()), impl_->buffer.size());
    impl_->buffer.consume(impl_->buffer.size());
    char chunk[4096];
    while (got.find(needle) == std::string::npos) {
        boost::system::error_code ec;
        const auto n = impl_->socket.read_some(asio::buffer(chunk), ec);
        if (ec) {
            break;
        }
        got.append(chunk, n);
    }
    return got;
}

bool connection::wait_closed() {
    char c;
    boost::system::error_code ec;
    if (impl_->buffer.size() > 0) {
        return false;
    }
    const auto n = impl_->socket.read_some(asio::buffer(&c, 1), ec);
    return n == 0 && (ec == asio::error::eof || ec == asio::error::connection_reset);
}

std::string form_value(const std::string& html, const std::string& name) {
    std::smatch m;
    if (std::regex_search(html, m, std::regex("name=\"" + name + "\"[^>]*value=\"([^\"]*)\"")) ||
        std::regex_search(html, m, std::regex("value=\"([^\"]*)\"[^>]*name=\"" + name + "\""))) {
        return m[1];
    }
    return {};
}

reply request(std::uint16_t port, const std::string& method, const std::string& target,
              const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) {
    connection c(port);
    std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    for (const auto& [k, v] : headers) {
        raw += k + ": " + v + "\r\n";
    }
    if (!body.empty() || method == "POST") {
        raw += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    raw += "\r\n" + body;
    c.send(raw);
    return c.read(method == "HEAD");
}

} // namespace gazette::test
