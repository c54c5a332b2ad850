// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "fieldcases.h"
#include "replay.h"

#include <QFile>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;
using namespace llmops::testing;
using llmops::ReplayFormat;
using Json = nlohmann::json;

Q_DECLARE_METATYPE(ReplayFormat)

namespace {

void compareSubset(const Json &actual, const Json &expected, const std::string &path = {})
{
    for (const auto &[key, value] : expected.items()) {
        const std::string name = path + key;
        QVERIFY2(actual.contains(key), name.c_str());
        if (value.is_object()) {
            compareSubset(actual.at(key), value, name + ".");
        } else {
            QCOMPARE(QString::fromStdString(name + '=' + actual.at(key).dump()),
                     QString::fromStdString(name + '=' + value.dump()));
        }
    }
}

} // namespace

class TestReplay : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatNames_data();
    void formatNames();
    void guessFormat_data();
    void guessFormat();
    void recordedChunks_data();
    void recordedChunks();
    void invalidRecordings_data();
    void invalidRecordings();
    void replay_data();
    void replay();
    void recordShape();
};

void TestReplay::formatNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<std::optional<ReplayFormat>>("format");

    QTest::newRow("sse") << u"sse"_s << std::optional(ReplayFormat::Sse);
    QTest::newRow("upper case") << u"SSE"_s << std::optional(ReplayFormat::Sse);
    QTest::newRow("ndjson") << u"ndjson"_s << std::optional(ReplayFormat::Ndjson);
    QTest::newRow("jsonl") << u"jsonl"_s << std::optional(ReplayFormat::Ndjson);
    QTest::newRow("http") << u"http"_s << std::optional(ReplayFormat::Http);
    QTest::newRow("json") << u"json"_s << std::optional(ReplayFormat::Json);
    QTest::newRow("unknown") << u"xml"_s << std::optional<ReplayFormat>();
    QTest::newRow("empty") << QString() << std::optional<ReplayFormat>();
}

void TestReplay::formatNames()
{
    QFETCH(QString, name);
    QFETCH(std::optional<ReplayFormat>, format);

    QCOMPARE(llmops::replayFormatFromName(name), format);
    if (format)
        QCOMPARE(llmops::replayFormatFromName(llmops::replayFormatName(*format)), format);
}

void TestReplay::guessFormat_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<ReplayFormat>("format");

    QTest::newRow("FC-01.sse") << u"FC-01.sse"_s << fieldCase("FC-01.sse") << ReplayFormat::Sse;
    QTest::newRow("FC-05.ndjson") << u"FC-05.ndjson"_s << fieldCase("FC-05.ndjson") << ReplayFormat::Ndjson;
    QTest::newRow("FC-15.json") << u"FC-15.json"_s << fieldCase("FC-15.json") << ReplayFormat::Json;
    QTest::newRow("FC-16.http") << u"FC-16.http"_s << fieldCase("FC-16.http") << ReplayFormat::Http;
    QTest::newRow("HTTP by content") << u"capture.txt"_s << fieldCase("FC-16.http") << ReplayFormat::Http;
    QTest::newRow("SSE by content") << u"capture.txt"_s << fieldCase("FC-12.sse") << ReplayFormat::Sse;
    QTest::newRow("comment-first SSE by content") << u"capture"_s << fieldCase("FC-06.sse") << ReplayFormat::Sse;
    QTest::newRow("NDJSON by content") << u"capture.txt"_s << fieldCase("FC-05.ndjson") << ReplayFormat::Ndjson;
    QTest::newRow("JSON by content") << u"capture.txt"_s << fieldCase("FC-15.json") << ReplayFormat::Json;
    QTest::newRow("JSON after BOM") << u"capture"_s << "\xEF\xBB\xBF {\"a\":1}"_ba << ReplayFormat::Json;
}

void TestReplay::guessFormat()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(ReplayFormat, format);

    QCOMPARE(llmops::replayFormatName(llmops::guessReplayFormat(fileName, content)), llmops::replayFormatName(format));
}

void TestReplay::recordedChunks_data()
{
    QTest::addColumn<QByteArray>("chunksFile");
    QTest::addColumn<QByteArray>("bodyFile");
    QTest::addColumn<int>("reads");

    QTest::newRow("FC-04") << "FC-04.chunks.json"_ba
                           << "FC-04.sse"_ba << 6;
    QTest::newRow("FC-05") << "FC-05.chunks.json"_ba
                           << "FC-05.ndjson"_ba << 2;
    QTest::newRow("FC-08") << "FC-08.chunks.json"_ba
                           << "FC-08.sse"_ba << 3;
    QTest::newRow("FC-09") << "FC-09.chunks.json"_ba
                           << "FC-09.sse"_ba << 4;
}

void TestReplay::recordedChunks()
{
    QFETCH(QByteArray, chunksFile);
    QFETCH(QByteArray, bodyFile);
    QFETCH(int, reads);

    const auto chunks = llmops::readRecordedChunks(fieldCase(chunksFile));
    QVERIFY(chunks);
    QCOMPARE(int(chunks->size()), reads);

    QByteArray joined;
    for (const QByteArray &chunk : *chunks)
        joined += chunk;
    QCOMPARE(joined, fieldCase(bodyFile));
}

void TestReplay::invalidRecordings_data()
{
    QTest::addColumn<QByteArray>("recording");

    QTest::newRow("not JSON") << "chunks"_ba;
    QTest::newRow("not an object") << "[\"ZGF0YQ==\"]"_ba;
    QTest::newRow("unknown format") << R"({"format":"byte-chunks/v2","encoding":"base64","chunks":[]})"_ba;
    QTest::newRow("unknown encoding") << R"({"format":"byte-chunks/v1","encoding":"hex","chunks":[]})"_ba;
    QTest::newRow("chunks not a list") << R"({"format":"byte-chunks/v1","encoding":"base64","chunks":"x"})"_ba;
    QTest::newRow("chunk not a string") << R"({"format":"byte-chunks/v1","encoding":"base64","chunks":[1]})"_ba;
    QTest::newRow("bad base64") << R"({"format":"byte-chunks/v1","encoding":"base64","chunks":["@@@"]})"_ba;
}

void TestReplay::invalidRecordings()
{
    QFETCH(QByteArray, recording);
    QVERIFY(!llmops::readRecordedChunks(recording));
}

void TestReplay::replay_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<ReplayFormat>("format");
    QTest::addColumn<QByteArray>("chunksFile");
    QTest::addColumn<QByteArray>("expected");

    const QByteArray none;
    QTest::newRow("FC-16 HTML 502") << fieldCase("FC-16.http") << ReplayFormat::Http << none << R"({
        "format": "http", "http_status": 502, "content_type": "text/html; charset=UTF-8", "text": null,
        "finished": false, "tool_calls": [],
        "error": {"class": "upstream_gateway", "type": null, "message": "llm-gw.example.net | 502: Bad gateway",
                  "retryable": true, "retry_after_ms": null}
    })"_ba;
    QTest::newRow("FC-15 JSON") << fieldCase("FC-15.json") << ReplayFormat::Json << none << R"({
        "format": "json", "text": null, "finish_reason": "tool_calls", "finished": true, "error": null,
        "usage": {"input_tokens": 85, "output_tokens": 18, "total_tokens": 103}
    })"_ba;
    QTest::newRow("FC-04 SSE") << fieldCase("FC-04.sse") << ReplayFormat::Sse << "FC-04.chunks.json"_ba
                               << R"({
        "format": "sse", "finished": true, "parse_errors": 0, "finish_reason": "stop"
    })"_ba;
    QTest::newRow("FC-05 NDJSON") << fieldCase("FC-05.ndjson") << ReplayFormat::Ndjson << "FC-05.chunks.json"_ba
                                  << R"({
        "format": "ndjson", "text": "Hello, world", "finished": true,
        "usage": {"input_tokens": 26, "output_tokens": 5},
        "durations_ns": {"total": 412345678}
    })"_ba;
    QTest::newRow("FC-08 SSE") << fieldCase("FC-08.sse") << ReplayFormat::Sse << "FC-08.chunks.json"_ba
                               << R"({"text": "Line endings ok", "finished": true})"_ba;
    QTest::newRow("FC-09 SSE") << fieldCase("FC-09.sse") << ReplayFormat::Sse << "FC-09.chunks.json"_ba
                               << R"({"text": "你好世界 🌍 использовать", "finished": true})"_ba;
    QTest::newRow("FC-12 SSE") << fieldCase("FC-12.sse") << ReplayFormat::Sse << none << R"({
        "text": "Partial", "finished": false, "usage": {"input_tokens": 12},
        "error": {"class": "stream_error", "type": "overloaded_error", "message": "Overloaded"}
    })"_ba;

    QTest::newRow("HTTP 200 chunked event stream")
        << "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
           "1e\r\ndata: {\"choices\":[{\"delta\":{\"c\r\n"
           "37\r\nontent\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n\r\n0\r\n\r\n"_ba
        << ReplayFormat::Http << none << R"({
        "http_status": 200, "text": "Hi", "finish_reason": "stop", "finished": true, "error": null
    })"_ba;
    QTest::newRow("HTTP 100 Continue then 200 JSON")
        << "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
           R"({"choices":[{"message":{"content":"Yes"},"finish_reason":"stop"}]})"_ba
        << ReplayFormat::Http << none << R"({"http_status": 200, "text": "Yes", "finished": true, "error": null})"_ba;
    QTest::newRow("HTTP 200 NDJSON with LF-only head")
        << "HTTP/1.1 200 OK\nContent-Type: application/x-ndjson\n\n"
           R"({"model":"q","message":{"content":"Hi"},"done":true,"done_reason":"stop"})"_ba
        << ReplayFormat::Http << none << R"({"http_status": 200, "text": "Hi", "finished": true})"_ba;
    QTest::newRow("HTTP 429 Retry-After measured from Date")
        << "HTTP/1.1 429 Too Many Requests\r\nDate: Mon, 10 Jun 2024 06:13:20 GMT\r\n"
           "Retry-After: Mon, 10 Jun 2024 06:13:45 GMT\r\nContent-Type: application/json\r\n\r\n"
           R"({"error":{"message":"Slow down","type":"rate_limit_error"}})"_ba
        << ReplayFormat::Http << none << R"({
        "http_status": 429, "text": null,
        "error": {"class": "rate_limited", "type": "rate_limit_error", "message": "Slow down", "retryable": true,
                  "retry_after_ms": 25000}
    })"_ba;
    QTest::newRow("HTTP 200 with an HTML page")
        << "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>Sign in</title></html>"_ba
        << ReplayFormat::Http << none << R"({
        "http_status": 200, "text": null, "error": {"class": "upstream_gateway", "message": "Sign in"}
    })"_ba;
    QTest::newRow("not an HTTP response") << "hello"_ba << ReplayFormat::Http << none << R"({
        "http_status": null, "error": {"class": "malformed_stream", "type": "invalid_http"}
    })"_ba;
}

void TestReplay::replay()
{
    QFETCH(QByteArray, input);
    QFETCH(ReplayFormat, format);
    QFETCH(QByteArray, chunksFile);
    QFETCH(QByteArray, expected);

    const Json expectation = Json::parse(expected.constData(), nullptr, false);
    QVERIFY2(!expectation.is_discarded(), "the expectation is not JSON");
    const Json whole = llmops::replayResponse(input, format);
    compareSubset(whole, expectation);

    if (!chunksFile.isEmpty()) {
        const auto reads = llmops::readRecordedChunks(fieldCase(chunksFile));
        QVERIFY(reads);
        QCOMPARE(QString::fromStdString(llmops::replayReads(*reads, format).dump()),
                 QString::fromStdString(whole.dump()));
    }
}

void TestReplay::recordShape()
{
    // Every record has the same members, so a script can read any of them without checks.
    const Json record = llmops::replayResponse(fieldCase("FC-03.sse"), ReplayFormat::Sse);
    for (const char *key : {"text", "reasoning", "tool_calls", "finish_reason", "response_id", "model", "created",
                            "usage", "finished", "content_events", "parse_errors", "error", "metadata"})
        QVERIFY2(record.contains(key), key);
    for (const char *key : {"input_tokens", "output_tokens", "total_tokens", "cached_input_tokens", "reasoning_tokens"})
        QVERIFY2(record.at("usage").contains(key), key);

    QCOMPARE(QString::fromStdString(record.at("usage").dump()),
             uR"({"cache_write_input_tokens":null,"cached_input_tokens":0,"input_tokens":17,"output_tokens":3,)"
             uR"("reasoning_tokens":0,"total_tokens":20})"_s);
    QVERIFY(record.at("reasoning").is_null());
    QVERIFY(record.at("metadata").is_null());
}

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
