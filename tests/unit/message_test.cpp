// http/message: ETags, content negotiation, query parameters.
#include "http/gzip.hpp"
#include "http/message.hpp"
#include "http/multipart.hpp"

#include <gtest/gtest.h>

namespace gazette::http {
namespace {

TEST(Etag, StableAndContentDependent) {
    EXPECT_EQ(make_etag("abc"), make_etag("abc"));
    EXPECT_NE(make_etag("abc"), make_etag("abd"));
    EXPECT_EQ(make_etag("abc").front(), '"');
}

TEST(Etag, IfNoneMatch) {
    const std::string e = "\"123\"";
    EXPECT_TRUE(etag_matches("\"123\"", e));
    EXPECT_TRUE(etag_matches("\"x\", W/\"123\"", e));
    EXPECT_TRUE(etag_matches("*", e));
    EXPECT_FALSE(etag_matches("\"12\"", e));
    EXPECT_FALSE(etag_matches("", e));
    EXPECT_FALSE(etag_matches("\"123\"", ""));
}

TEST(AcceptEncoding, Table) {
    EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
    EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
    EXPECT_TRUE(accepts_gzip("*"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0"));
    EXPECT_FALSE(accepts_gzip("gzip;q=0.000"));
    EXPECT_FALSE(accepts_gzip("identity"));
    EXPECT_FALSE(accepts_gzip(""));
}

TEST(Request, QueryParams) {
    request r;
    r.query = "a=1&b=hello+world&c=%E2%82%AC&flag&bad=%zz";
    EXPECT_EQ(r.query_param("a"), "1");
    EXPECT_EQ(r.query_param("b"), "hello world");
    EXPECT_EQ(r.query_param("c"), "€");
    EXPECT_EQ(r.query_param("flag"), "");
    EXPECT_EQ(r.query_param("bad"), std::nullopt);
    EXPECT_EQ(r.query_param("missing"), std::nullopt);
}

TEST(Gzip, RoundTrips) {
    const std::string text(10000, 'x');
    const auto z = gzip_compress(text);
    EXPECT_LT(z.size(), text.size() / 10);
    EXPECT_EQ(gzip_decompress(z), text);
    EXPECT_THROW(gzip_decompress("not gzip"), std::runtime_error);
}

} // namespace
} // namespace gazette::http

namespace gazette::http {
namespace {

TEST(Multipart, ReadsFieldsAndFiles) {
    const std::string body = "--b\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nA quay\r\n"
                             "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"q.png\"\r\n"
                             "Content-Type: image/png\r\n\r\nline one\r\nline two\r\n--b--\r\n";
    const auto parts = parse_multipart("multipart/form-data; boundary=b", body);
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ(find_part(*parts, "alt")->data, "A quay");
    EXPECT_EQ(find_part(*parts, "file")->filename, "q.png");
    EXPECT_EQ(find_part(*parts, "file")->data, "line one\r\nline two"); // CRLF inside the data is kept
    EXPECT_FALSE(parse_multipart("multipart/form-data", body));                // no boundary
    EXPECT_FALSE(parse_multipart("text/plain; boundary=b", body));             // not multipart
    EXPECT_FALSE(parse_multipart("multipart/form-data; boundary=b", "--b\r\nno end")); // truncated
}

TEST(Prepared, HeaderValuesCannotSplitTheResponse) {
    const auto p = prepare_response(200, "text/plain", "x", {{"X-Test", "a\r\nSet-Cookie: evil=1"}});
    EXPECT_EQ(p->head.find("\r\nSet-Cookie"), std::string::npos);
    EXPECT_NE(p->head.find("X-Test: a  Set-Cookie: evil=1\r\n"), std::string::npos);
}

} // namespace
} // namespace gazette::http
