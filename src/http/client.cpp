// A small HTTP/1.1 client on Beast: one request per connection, TLS by OpenSSL through Asio.
#include "http/client.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include <optional>

namespace gazette::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t max_reply_bytes = 64 * 1024;

template <class Stream>
asio::awaitable<client_reply> round_trip(Stream& stream, const bhttp::request<bhttp::string_body>& req) {
    co_await bhttp::async_write(stream, req, asio::use_awaitable);
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(max_reply_bytes);
    co_await bhttp::async_read(stream, buffer, parser, asio::use_awaitable);
    co_return client_reply{static_cast<int>(parser.get().result_int()), std::move(parser.get().body())};
}

} // namespace

std::variant<client_reply, std::string> post_form(std::string_view url, std::string_view body,
                                                  std::chrono::milliseconds timeout) {
    const auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) {
        return std::string("not an absolute URL");
    }
    const bool tls = parsed->scheme() == "https";
    if (!tls && parsed->scheme() != "http") {
        return std::string("only http and https addresses are supported");
    }
    const std::string host = parsed->encoded_host().decode();
    if (host.empty()) {
        return std::string("the address has no host");
    }
    const std::string port = parsed->has_port() ? std::string(parsed->port()) : tls ? "443" : "80";
    std::string target = parsed->encoded_path().empty() ? "/" : std::string(parsed->encoded_path());
    if (parsed->has_query()) {
        target += "?" + std::string(parsed->encoded_query());
    }

    bhttp::request<bhttp::string_body> req{bhttp::verb::post, target, 11};
    req.set(bhttp::field::host, parsed->has_port() ? host + ":" + port : host);
    req.set(bhttp::field::user_agent, "Gazette (WebSub publisher)");
    req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
    req.set(bhttp::field::connection, "close");
    req.body() = std::string(body);
    req.prepare_payload();

    asio::io_context ioc;
    asio::ssl::context ssl(asio::ssl::context::tls_client);
    std::optional<std::variant<client_reply, std::string>> outcome;
    auto run = [&]() -> asio::awaitable<void> {
        try {
            tcp::resolver resolver(ioc);
            const auto endpoints = co_await resolver.async_resolve(host, port, asio::use_awaitable);
            if (tls) {
                ssl.set_default_verify_paths();
                ssl.set_verify_mode(asio::ssl::verify_peer);
                beast::ssl_stream<beast::tcp_stream> stream(ioc, ssl);
                if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) {
                    outcome = std::string("cannot set the TLS server name");
                    co_return;
                }
                stream.set_verify_callback(asio::ssl::host_name_verification(host));
                co_await beast::get_lowest_layer(stream).async_connect(endpoints, asio::use_awaitable);
                co_await stream.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
                outcome = co_await round_trip(stream, req);
            } else {
                beast::tcp_stream stream(ioc);
                co_await stream.async_connect(endpoints, asio::use_awaitable);
                outcome = co_await round_trip(stream, req);
            }
        } catch (const boost::system::system_error& e) {
            outcome = e.code().message();
        }
    };
    asio::co_spawn(ioc, run, asio::detached);
    ioc.run_for(timeout);
    if (!outcome) {
        return std::string("no answer within ") + std::to_string(timeout.count()) + " ms";
    }
    return std::move(*outcome);
}

} // namespace gazette::http
