// Blocking WebSocket client for tests.
#include "support/ws_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <stdexcept>

namespace gazette::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bws = boost::beast::websocket;

struct ws_client::impl {
    asio::io_context ctx;
    bws::stream<asio::ip::tcp::socket> ws{ctx};
};

ws_client::ws_client(std::uint16_t port, const std::string& target,
                     const std::vector<std::pair<std::string, std::string>>& headers)
    : impl_(std::make_unique<impl>()) {
    impl_->ws.next_layer().connect({asio::ip::make_address("127.0.0.1"), port});
    impl_->ws.set_option(bws::stream_base::decorator([headers](bws::request_type& r) {
        for (const auto& [k, v] : headers) {
            r.set(k, v);
        }
    }));
    impl_->ws.handshake("127.0.0.1", target);
}

ws_client::~ws_client() {
    boost::system::error_code ec;
    impl_->ws.next_layer().close(ec);
}

void ws_client::send(const std::string& text) {
    impl_->ws.text(true);
    impl_->ws.write(asio::buffer(text));
}

std::optional<std::string> ws_client::read() {
    beast::flat_buffer b;
    boost::system::error_code ec;
    impl_->ws.read(b, ec);
    if (ec) {
        return std::nullopt;
    }
    return beast::buffers_to_string(b.data());
}

std::vector<std::string> ws_client::read_until(const std::string& needle) {
    std::vector<std::string> got;
    for (;;) {
        auto f = read();
        if (!f) {
            throw std::runtime_error("connection closed before \"" + needle + "\" arrived");
        }
        got.push_back(*f);
        if (f->find(needle) != std::string::npos) {
            return got;
        }
    }
}

void ws_client::close() {
    boost::system::error_code ec;
    impl_->ws.close(bws::close_code::normal, ec);
}

void ws_client::drop() {
    boost::system::error_code ec;
    impl_->ws.next_layer().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    impl_->ws.next_layer().close(ec);
}

} // namespace gazette::test
