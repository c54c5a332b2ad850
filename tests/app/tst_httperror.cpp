// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "fieldcases.h"
#include "httperror.h"

#include <QFile>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace llmops::testing;
using llmops::ErrorClass;

Q_DECLARE_METATYPE(ErrorClass)

namespace {

/// The moment every relative expectation below is measured from.
QDateTime testNow()
{
    return QDateTime(QDate(2024, 6, 10), QTime(6, 13, 20), QTimeZone::utc());
}

QByteArray fc16Body()
{
    const QByteArray response = fieldCase("FC-16.http");
    return response.sliced(response.indexOf("\r\n\r\n") + 4);
}

} // namespace

class TestHttpError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retryAfter_data();
    void retryAfter();
    void classify_data();
    void classify();
    void fc16LongExcerpt();
    void neverThrowsOnGarbage();
};

void TestHttpError::retryAfter_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<std::optional<qint64>>("expected");

    const std::optional<qint64> none;
    QTest::newRow("seconds") << "120"_ba << std::optional<qint64>(120'000);
    QTest::newRow("zero seconds") << "0"_ba << std::optional<qint64>(0);
    QTest::newRow("seconds with spaces") << "  7 "_ba << std::optional<qint64>(7'000);
    QTest::newRow("huge seconds are capped at a day")
        << "99999999999999999999999"_ba << std::optional<qint64>(86'400'000);
    QTest::newRow("a day and a second is capped") << "86401"_ba << std::optional<qint64>(86'400'000);
    QTest::newRow("date years ahead is capped")
        << "Fri, 31 Dec 9999 23:59:59 GMT"_ba << std::optional<qint64>(86'400'000);
    QTest::newRow("IMF-fixdate") << "Mon, 10 Jun 2024 06:13:50 GMT"_ba << std::optional<qint64>(30'000);
    QTest::newRow("IMF-fixdate next day") << "Tue, 11 Jun 2024 06:13:20 GMT"_ba << std::optional<qint64>(86'400'000);
    QTest::newRow("RFC 850") << "Monday, 10-Jun-24 06:14:20 GMT"_ba << std::optional<qint64>(60'000);
    QTest::newRow("RFC 850 year read as past century")
        << "Thursday, 10-Jun-99 06:13:20 GMT"_ba << std::optional<qint64>(0);
    // Read as 2030, six years ahead (the cap), not as 1930 (which would give 0).
    QTest::newRow("RFC 850 near future year")
        << "Monday, 10-Jun-30 06:13:20 GMT"_ba << std::optional<qint64>(86'400'000);
    QTest::newRow("asctime") << "Mon Jun 10 06:15:20 2024"_ba << std::optional<qint64>(120'000);
    QTest::newRow("asctime with padded day") << "Sat Jun  1 06:13:20 2024"_ba << std::optional<qint64>(0);
    QTest::newRow("date in the past") << "Sun, 06 Nov 1994 08:49:37 GMT"_ba << std::optional<qint64>(0);
    QTest::newRow("garbage") << "soon"_ba << none;
    QTest::newRow("empty") << QByteArray() << none;
    QTest::newRow("negative") << "-5"_ba << none;
    QTest::newRow("fraction") << "1.5"_ba << none;
    QTest::newRow("impossible date") << "Fri, 31 Feb 2024 06:13:20 GMT"_ba << none;
    QTest::newRow("zone other than GMT") << "Mon, 10 Jun 2024 06:13:50 CET"_ba << none;
    QTest::newRow("bad time") << "Mon, 10 Jun 2024 25:13:50 GMT"_ba << none;
    QTest::newRow("unknown month") << "Mon, 10 Foo 2024 06:13:50 GMT"_ba << none;
}

void TestHttpError::retryAfter()
{
    QFETCH(QByteArray, header);
    QFETCH(std::optional<qint64>, expected);

    QCOMPARE(llmops::parseRetryAfterMs(header, testNow()), expected);
}

void TestHttpError::classify_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("retryAfter");
    QTest::addColumn<ErrorClass>("errorClass");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("providerType");
    QTest::addColumn<std::optional<qint64>>("retryAfterMs");
    QTest::addColumn<bool>("retryable");

    const std::optional<qint64> none;
    const QByteArray json = "application/json"_ba;
    const QByteArray html = "text/html; charset=UTF-8"_ba;

    QTest::newRow("FC-16 HTML 502 from a CDN")
        << 502 << html << fc16Body() << QByteArray() << ErrorClass::UpstreamGateway
        << u"llm-gw.example.net | 502: Bad gateway"_s << QString() << none << true;
    QTest::newRow("HTML without title")
        << 504 << html
        << "<html><body><h1>504 Gateway Time-out</h1>\n<p>The server didn't respond &amp; gave up.</p>"
           "<script>var x = '<b>';</script></body></html>"_ba
        << QByteArray() << ErrorClass::UpstreamGateway << u"504 Gateway Time-out The server didn't respond & gave up."_s
        << QString() << none << true;
    QTest::newRow("HTML without content type")
        << 502 << QByteArray() << "<html><title>Bad &#8212; gateway</title>"_ba << QByteArray()
        << ErrorClass::UpstreamGateway << u"Bad — gateway"_s << QString() << none << true;
    QTest::newRow("plain text from a proxy")
        << 503 << "text/plain"_ba
        << "upstream connect error or disconnect/reset before headers"_ba << QByteArray() << ErrorClass::UpstreamGateway
        << u"upstream connect error or disconnect/reset before headers"_s << QString() << none << true;
    QTest::newRow("empty 503 with Retry-After")
        << 503 << QByteArray() << QByteArray() << "30"_ba << ErrorClass::UpstreamGateway
        << u"HTTP 503 Service Unavailable"_s << QString() << std::optional<qint64>(30'000) << true;
    QTest::newRow("OpenAI 401")
        << 401 << json
        << R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error","param":null,)"
           R"("code":"invalid_api_key"}})"_ba
        << QByteArray() << ErrorClass::HttpClientError << u"Incorrect API key provided"_s << u"invalid_request_error"_s
        << none << false;
    QTest::newRow("OpenAI 429 with Retry-After seconds")
        << 429 << json
        << R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})"_ba
        << "20"_ba << ErrorClass::RateLimited << u"Rate limit reached"_s << u"requests"_s
        << std::optional<qint64>(20'000) << true;
    QTest::newRow("429 with an HTTP-date")
        << 429 << QByteArray() << QByteArray() << "Mon, 10 Jun 2024 06:14:20 GMT"_ba << ErrorClass::RateLimited
        << u"HTTP 429 Too Many Requests"_s << QString() << std::optional<qint64>(60'000) << true;
    QTest::newRow("error code without type")
        << 500 << json << R"({"error":{"message":"boom","type":null,"code":"internal_error"}})"_ba << QByteArray()
        << ErrorClass::ServerError << u"boom"_s << u"internal_error"_s << none << true;
    QTest::newRow("Anthropic 529 overloaded")
        << 529 << json << R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"_ba
        << QByteArray() << ErrorClass::ServerError << u"Overloaded"_s << u"overloaded_error"_s << none << true;
    QTest::newRow("Ollama 404 plain error string")
        << 404 << json << R"({"error":"model \"tiny\" not found, try pulling it first"})"_ba << QByteArray()
        << ErrorClass::HttpClientError << u"model \"tiny\" not found, try pulling it first"_s << QString() << none
        << false;
    QTest::newRow("vLLM 400")
        << 400 << json
        << R"({"object":"error","message":"max_tokens is too large","type":"BadRequestError","code":400})"_ba
        << QByteArray() << ErrorClass::HttpClientError << u"max_tokens is too large"_s << u"BadRequestError"_s << none
        << false;
    QTest::newRow("FastAPI detail") << 404 << json << R"({"detail":"Not Found"})"_ba << QByteArray()
                                    << ErrorClass::HttpClientError << u"Not Found"_s << QString() << none << false;
    QTest::newRow("4xx HTML page stays a client error")
        << 413 << html << "<html><head><title>413 Request Entity Too Large</title></head></html>"_ba << QByteArray()
        << ErrorClass::HttpClientError << u"413 Request Entity Too Large"_s << QString() << none << false;
    QTest::newRow("408 is worth a retry")
        << 408 << QByteArray() << QByteArray() << QByteArray() << ErrorClass::HttpClientError
        << u"HTTP 408 Request Timeout"_s << QString() << none << true;
    QTest::newRow("500 JSON without error object")
        << 500 << json << R"({"status":"failed"})"_ba << QByteArray() << ErrorClass::ServerError
        << u"HTTP 500 Internal Server Error"_s << QString() << none << true;
    QTest::newRow("501 is not retried") << 501 << json << R"({"error":"not implemented"})"_ba << QByteArray()
                                        << ErrorClass::ServerError << u"not implemented"_s << QString() << none
                                        << false;
}

void TestHttpError::classify()
{
    QFETCH(int, status);
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, retryAfter);
    QFETCH(ErrorClass, errorClass);
    QFETCH(QString, message);
    QFETCH(QString, providerType);
    QFETCH(std::optional<qint64>, retryAfterMs);
    QFETCH(bool, retryable);

    const llmops::HttpErrorInfo info = llmops::classifyHttpError(status, contentType, body, retryAfter, testNow());
    QCOMPARE(llmops::errorClassKey(info.errorClass), llmops::errorClassKey(errorClass));
    QCOMPARE(info.message, message);
    QCOMPARE(info.providerType, providerType);
    QCOMPARE(info.retryAfterMs, retryAfterMs);
    QCOMPARE(info.retryable, retryable);
    QVERIFY(info.bodyExcerpt.size() <= 500);
    QVERIFY2(!info.bodyExcerpt.contains(u"<html"), qPrintable(info.bodyExcerpt));
    QVERIFY(!info.message.contains(u'<'));
}

void TestHttpError::fc16LongExcerpt()
{
    const llmops::HttpErrorInfo fc16 = llmops::classifyHttpError(502, "text/html", fc16Body(), {}, testNow());
    QVERIFY(fc16.bodyExcerpt.startsWith(u"llm-gw.example.net | 502: Bad gateway Bad gateway Error code 502"));

    // A page far longer than the limits: the message stops at 200, the excerpt at 500.
    QByteArray page = "<html><body><p>"_ba;
    for (int i = 0; i < 400; ++i)
        page += "word" + QByteArray::number(i) + ' ';
    page += "</p></body></html>";
    const llmops::HttpErrorInfo info = llmops::classifyHttpError(502, "text/html", page, {}, testNow());
    QVERIFY(info.message.size() <= 200 && info.message.size() > 190);
    QVERIFY(info.bodyExcerpt.size() <= 500 && info.bodyExcerpt.size() > 490);
    QVERIFY(info.message.startsWith(u"word0 word1 word2"));
}

void TestHttpError::neverThrowsOnGarbage()
{
    const QByteArray inputs[] = {
        "\xFF\xFE\x00\x01"_ba,
        "{\"error\":"_ba,
        "<title>"_ba,
        "<title>x"_ba,
        "&#x110000; &#xD800; &#;"_ba,
        "<!-- open comment"_ba,
        "<script>never closed"_ba,
        "[1,2,3]"_ba,
        "\"just a string\""_ba,
        R"({"error":{"message":42,"type":["a"]}})"_ba,
        R"({"detail":[{"loc":["body"],"msg":"field required"}]})"_ba,
    };
    for (const QByteArray &body : inputs) {
        const auto info = llmops::classifyHttpError(500, "text/html", body, "Mon, 99 Jun 2024", testNow());
        QVERIFY(info.errorClass != ErrorClass::None);
        QVERIFY(!info.message.isEmpty());
        QVERIFY(!info.retryAfterMs);
    }
    QCOMPARE(llmops::classifyHttpError(422, {}, R"({"detail":[{"msg":"field required"}]})", {}, testNow()).message,
             u"field required"_s);
}

QTEST_GUILESS_MAIN(TestHttpError)
#include "tst_httperror.moc"
