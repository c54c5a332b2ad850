// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The OTLP/HTTP receiver over a real socket: the answers the OTLP specification asks for,
// the field cases posted as an exporter would, and the OpenTelemetry JS SDK as the client.
#include "fieldcases.h"
#include "genaimapping.h"
#include "httppost.h"
#include "otlp/otlp_trace.pb.h"
#include "otlpdecoder.h"
#include "otlpreceiver.h"
#include "store.h"
#include "traceintake.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <future>

using namespace llmops;
using nlohmann::json;

namespace {

const std::string kJson = "Content-Type: application/json";
const std::string kProtobuf = "Content-Type: application/x-protobuf";

std::string caseText(const char *name)
{
    return testing::fieldCase(QString::fromLatin1(name)).toStdString();
}

std::string rawId(const char *hex)
{
    return QByteArray::fromHex(hex).toStdString();
}

std::string gzipped(const std::string &data)
{
    z_stream stream{};
    // 16 + 15 window bits: a gzip header rather than zlib's.
    deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 16 + 15, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&stream, uLong(data.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return out;
}

/// A protobuf request of `count` chat spans in one trace, and one span with a bad trace id.
std::string protobufRequest(int count, bool withBadSpan,
                            const std::string &traceId = rawId("abcdef00112233445566778899aabbcc"))
{
    otlp::ExportTraceServiceRequest request;
    auto *resourceSpans = request.add_resource_spans();
    auto *service = resourceSpans->mutable_resource()->add_attributes();
    service->set_key("service.name");
    service->mutable_value()->set_string_value("proto-svc");
    auto *scope = resourceSpans->add_scope_spans();
    for (int i = 0; i < count; ++i) {
        auto *span = scope->add_spans();
        span->set_trace_id(traceId);
        const quint64 spanNumber = 0x1000 + quint64(i);
        std::string spanId(8, '\0');
        for (int b = 0; b < 8; ++b)
            spanId[size_t(7 - b)] = char((spanNumber >> (8 * b)) & 0xff);
        span->set_span_id(spanId);
        span->set_name("chat");
        span->set_start_time_unix_nano(1750000000000000000ULL + quint64(i) * 1000);
        span->set_end_time_unix_nano(1750000000000000000ULL + quint64(i) * 1000 + 500);
        auto *tokens = span->add_attributes();
        tokens->set_key("gen_ai.usage.input_tokens");
        tokens->mutable_value()->set_int_value(10);
        auto *operation = span->add_attributes();
        operation->set_key("gen_ai.operation.name");
        operation->mutable_value()->set_string_value("chat");
    }
    if (withBadSpan) {
        auto *bad = scope->add_spans();
        bad->set_trace_id("short");
        bad->set_span_id(rawId("0102030405060708"));
        bad->set_name("bad");
    }
    return request.SerializeAsString();
}

} // namespace

class TestOtlpReceiver : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_directory;
    QString m_storePath;
    std::unique_ptr<TraceIntake> m_intake;
    std::unique_ptr<OtlpReceiver> m_receiver;
    std::string m_url;

    void startReceiver(OtlpReceiver::Options options = {}, TraceIntake::Limits limits = {})
    {
        m_receiver.reset();
        m_intake.reset();
        static int storeNumber = 0;
        m_storePath = m_directory.filePath(QStringLiteral("store-%1.sqlite").arg(++storeNumber));
        m_intake = std::make_unique<TraceIntake>(m_storePath, limits);
        QString error;
        QVERIFY2(m_intake->start(&error), qPrintable(error));
        options.port = 0;
        m_receiver = std::make_unique<OtlpReceiver>(*m_intake, options);
        QVERIFY2(m_receiver->start(&error), qPrintable(error));
        m_url = m_receiver->url().toStdString();
    }

    std::unique_ptr<Store> openStore() { return Store::open(m_storePath); }

private Q_SLOTS:
    void init() { startReceiver(); }

    void cleanup()
    {
        m_receiver.reset();
        m_intake.reset();
    }

    void listensOnLocalhostByDefault()
    {
        QCOMPARE(OtlpReceiver::Options().host, QStringLiteral("127.0.0.1"));
        QCOMPARE(OtlpReceiver::Options().port, 4318);
        QVERIFY(OtlpReceiver::isLoopback(QStringLiteral("127.0.0.1")));
        QVERIFY(OtlpReceiver::isLoopback(QStringLiteral("::1")));
        QVERIFY(OtlpReceiver::isLoopback(QStringLiteral("localhost")));
        QVERIFY(!OtlpReceiver::isLoopback(QStringLiteral("0.0.0.0")));
        QVERIFY(!OtlpReceiver::isLoopback(QStringLiteral("192.168.1.5")));
    }

    void fieldCasesPostedAsJsonAreStored()
    {
        for (const char *name : {"FC-27.otlp.json", "FC-29.otlp.json", "FC-33.otlp.json"}) {
            const auto answer = testing::post(m_url, caseText(name), {kJson});
            QCOMPARE(answer.status, 200L);
            QVERIFY(json::parse(answer.body) == json::object());
        }
        const auto store = openStore();
        const auto spans = store->traceSpans(rawId("5f2a9c4e1b7d3a60c8e4f10293ab7d11"));
        QCOMPARE(spans.size(), size_t(5));

        const auto byName = [&](const char *name) {
            return *std::find_if(spans.begin(), spans.end(), [&](const SpanRecord &span) { return span.name == name; });
        };
        QCOMPARE(byName("chat number-times").durationNs(), qint64(998));
        QCOMPARE(byName("chat string-times").startNs, qint64(1718000000123456789));
        const auto fc33 = json::parse(spans.back().attributesJson);
        QCOMPARE(fc33["app.big_counter"].get<std::string>(), std::string("9223372036854775808"));

        // FC-27's two spans: 25/7 and 31/9, so the trace holds 56 input and 16 output tokens
        // from chat spans that reported any.
        const auto trace = store->trace(rawId("5f2a9c4e1b7d3a60c8e4f10293ab7d11"));
        QVERIFY(trace);
        QCOMPARE(trace->inputTokens, qint64(56));
        QCOMPARE(trace->outputTokens, qint64(16));
        QCOMPARE(trace->spanCount, qint64(5));

        // The chat spans are measured as calls of their service and model: FC-27's of 500
        // and 250 ms, FC-29's of 500 ms and 998 ns (FC-33's span names no operation).
        const auto endpoint = store->endpointByName(QStringLiteral("chat-gateway \u00b7 tiny-chat-8b"));
        QVERIFY(endpoint);
        QVERIFY(endpoint->traced);
        AggregateQuery all;
        all.endpointId = endpoint->id;
        all.toMs = std::numeric_limits<qint64>::max() / 2;
        const RequestAggregate calls = store->aggregate(all);
        QCOMPARE(calls.count, qint64(4));
        QCOMPARE(calls.errorCount, qint64(0));
        // Linear interpolation over 0.000998, 250, 500, 500 ms, as numpy computes it.
        QCOMPARE(*calls.latencyP50Ms, 375.0);
        QCOMPARE(calls.outputTokens, qint64(16));

        // llmopsctl reads them as any endpoint's, and does not probe them.
        QProcess ctl;
        ctl.start(QStringLiteral(LLMOPSCTL_PATH),
                  {QStringLiteral("--db"), m_storePath, QStringLiteral("stats"), QStringLiteral("--endpoint"),
                   endpoint->name, QStringLiteral("--since"), QStringLiteral("100000d"), QStringLiteral("--json")});
        QVERIFY(ctl.waitForFinished(20000));
        QCOMPARE(ctl.exitCode(), 0);
        QCOMPARE(json::parse(ctl.readAllStandardOutput().toStdString())["count"].get<qint64>(), qint64(4));
        ctl.start(QStringLiteral(LLMOPSCTL_PATH),
                  {QStringLiteral("--db"), m_storePath, QStringLiteral("probe"), QStringLiteral("--once"),
                   QStringLiteral("--endpoint"), endpoint->name});
        QVERIFY(ctl.waitForFinished(20000));
        QCOMPARE(ctl.exitCode(), 2);
        QVERIFY(ctl.readAllStandardError().contains("measured from traces"));
    }

    void invalidUtf8InProtobufIsStoredRepaired()
    {
        // FC-34, posted as an exporter would.
        const auto answer = testing::post(m_url, caseText("FC-34.otlp.pb"), {kProtobuf});
        QCOMPARE(answer.status, 200L);
        otlp::ExportTraceServiceResponse response;
        QVERIFY(response.ParseFromString(answer.body));
        QCOMPARE(response.partial_success().rejected_spans(), qint64(0));

        const auto spans = openStore()->traceSpans(rawId("c0ffee00112233445566778899aabbcc"));
        QCOMPARE(spans.size(), size_t(2));
        QCOMPARE(spans[0].spanId, rawId("3434343434343401"));
        QCOMPARE(spans[0].durationNs(), qint64(400000000));
        QCOMPARE(spans[0].inputTokens, std::optional<qint64>(40));
        QCOMPARE(spans[0].outputTokens, std::optional<qint64>(12));
        QCOMPARE(spans[0].status, SpanStatus::Ok);
        QCOMPARE(json::parse(spans[0].attributesJson)["app.user_comment"].get<std::string>(),
                 std::string("caf\xEF\xBF\xBD cr\xEF\xBF\xBDme \xEF\xBF\xBD\xEF\xBF\xBD end"));
        QVERIFY(spans[0].warningsJson.find("app.user_comment") != std::string::npos);
        QCOMPARE(spans[1].parentSpanId, spans[0].spanId);
        QCOMPARE(spans[1].durationNs(), qint64(100000000));
    }

    void childrenBeforeParentsMakeOneTree_data()
    {
        QTest::addColumn<bool>("parentsFirst");
        QTest::newRow("children first") << false;
        QTest::newRow("parents first") << true;
    }

    void childrenBeforeParentsMakeOneTree()
    {
        // FC-31: after the first batch both spans are there; after the second the tree is
        // whole, and "retrieve docs" stays as an orphan whatever the order.
        QFETCH(bool, parentsFirst);
        const std::string first = caseText(parentsFirst ? "FC-31.batch2.otlp.json" : "FC-31.batch1.otlp.json");
        const std::string second = caseText(parentsFirst ? "FC-31.batch1.otlp.json" : "FC-31.batch2.otlp.json");
        const std::string traceId = rawId("9d1e5c7a3b2f4e6d8c0a1b2c3d4e5f60");

        QCOMPARE(testing::post(m_url, first, {kJson}).status, 200L);
        {
            const auto store = openStore();
            QCOMPARE(store->traceSpans(traceId).size(), size_t(2));
            const auto trace = store->trace(traceId);
            QVERIFY(trace);
            QCOMPARE(trace->hasRoot, parentsFirst);
        }

        QCOMPARE(testing::post(m_url, second, {kJson}).status, 200L);
        const auto store = openStore();
        const auto spans = store->traceSpans(traceId);
        QCOMPARE(spans.size(), size_t(4));
        std::map<std::string, const SpanRecord *> byId;
        for (const auto &span : spans)
            byId[span.spanId] = &span;

        const SpanRecord &chat = *byId.at(rawId("4100000000000003"));
        const SpanRecord &plan = *byId.at(chat.parentSpanId);
        QCOMPARE(plan.name, std::string("plan step"));
        const SpanRecord &root = *byId.at(plan.parentSpanId);
        QCOMPARE(root.name, std::string("agent run"));
        QVERIFY(root.isRoot());
        const SpanRecord &orphan = *byId.at(rawId("4100000000000005"));
        QCOMPARE(orphan.name, std::string("retrieve docs"));
        QVERIFY(!byId.contains(orphan.parentSpanId));

        const auto trace = store->trace(traceId);
        QCOMPARE(trace->name, std::string("agent run"));
        QVERIFY(trace->hasRoot);
        QCOMPARE(trace->durationNs(), qint64(100000000));
        QCOMPARE(trace->spanCount, qint64(4));
    }

    void theSameSpansSentTwiceAreStoredOnce()
    {
        const std::string body = caseText("FC-27.otlp.json");
        QCOMPARE(testing::post(m_url, body, {kJson}).status, 200L);
        QCOMPARE(testing::post(m_url, body, {kJson}).status, 200L);
        const auto store = openStore();
        QCOMPARE(store->spanCount(), qint64(2));
        const auto trace = store->trace(rawId("5f2a9c4e1b7d3a60c8e4f10293ab7d11"));
        QCOMPARE(trace->spanCount, qint64(2));
        QCOMPARE(trace->inputTokens, qint64(56));
        QCOMPARE(m_intake->counters().duplicates, qint64(2));
        QCOMPARE(store->requestCount(), qint64(2));
    }

    void gzipBodiesAreRead()
    {
        const auto answer = testing::post(m_url, gzipped(caseText("FC-27.otlp.json")),
                                          {kJson, "Content-Encoding: gzip"});
        QCOMPARE(answer.status, 200L);
        QCOMPARE(openStore()->spanCount(), qint64(2));
    }

    void badSpansGiveAPartialSuccess()
    {
        const auto protobufAnswer = testing::post(m_url, protobufRequest(3, true), {kProtobuf});
        QCOMPARE(protobufAnswer.status, 200L);
        QCOMPARE(protobufAnswer.header("Content-Type"), std::string("application/x-protobuf"));
        otlp::ExportTraceServiceResponse response;
        QVERIFY(response.ParseFromString(protobufAnswer.body));
        QCOMPARE(response.partial_success().rejected_spans(), qint64(1));
        QVERIFY(response.partial_success().error_message().find("trace id") != std::string::npos);
        QCOMPARE(openStore()->spanCount(), qint64(3));

        const std::string jsonBody =
            R"({"resourceSpans":[{"scopeSpans":[{"spans":[)"
            R"({"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"1112131415161718","name":"ok"},)"
            R"({"traceId":"","spanId":"1112131415161719","name":"bad"}]}]}]})";
        const auto jsonAnswer = testing::post(m_url, jsonBody, {kJson});
        QCOMPARE(jsonAnswer.status, 200L);
        const json partial = json::parse(jsonAnswer.body)["partialSuccess"];
        QCOMPARE(partial["rejectedSpans"].get<std::string>(), std::string("1"));
        QVERIFY(!partial["errorMessage"].get<std::string>().empty());
    }

    void refusalsHaveTheirStatusCodes_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<long>("status");
        QTest::newRow("not JSON") << QByteArray("{\"resourceSpans\": [") << QByteArray("application/json") << 400L;
        QTest::newRow("not protobuf") << QByteArray("\xff\xff\xff\xff\x0f") << QByteArray("application/x-protobuf")
                                      << 400L;
        QTest::newRow("text/plain") << QByteArray("{}") << QByteArray("text/plain") << 415L;
        QTest::newRow("no content type") << QByteArray("{}") << QByteArray() << 415L;
        QTest::newRow("JSON with charset") << QByteArray("{}") << QByteArray("application/json; charset=utf-8") << 200L;
    }

    void refusalsHaveTheirStatusCodes()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(long, status);
        std::vector<std::string> headers;
        headers.push_back(contentType.isEmpty() ? "Content-Type:" : "Content-Type: " + contentType.toStdString());
        const auto answer = testing::post(m_url, body.toStdString(), headers);
        QCOMPARE(answer.status, status);
        if (status != 200 && contentType == "application/x-protobuf") {
            otlp::RpcStatus error;
            QVERIFY(error.ParseFromString(answer.body));
            QVERIFY(!error.message().empty());
        } else if (status != 200) {
            QVERIFY(!json::parse(answer.body)["message"].get<std::string>().empty());
        }
        // Nothing was stored, and the receiver still serves.
        QCOMPARE(openStore()->spanCount(), qint64(0));
        QCOMPARE(testing::post(m_url, caseText("FC-27.otlp.json"), {kJson}).status, 200L);
    }

    void bodiesOverTheLimitAreRefused()
    {
        OtlpReceiver::Options options;
        options.maxBodyBytes = 64 * 1024;
        startReceiver(options);
        const std::string large = "{\"resourceSpans\":[],\"padding\":\"" + std::string(100 * 1024, 'x') + "\"}";

        QCOMPARE(testing::post(m_url, large, {kJson}).status, 413L);
        QCOMPARE(testing::post(m_url, large, {kJson}, true).status, 413L);
        // A small gzip body that unpacks beyond the limit (a gzip bomb) is refused too.
        const std::string bomb = gzipped(large);
        QVERIFY(bomb.size() < size_t(options.maxBodyBytes));
        QCOMPARE(testing::post(m_url, bomb, {kJson, "Content-Encoding: gzip"}).status, 413L);
        // A body within the limit still passes afterwards.
        QCOMPARE(testing::post(m_url, caseText("FC-27.otlp.json"), {kJson}).status, 200L);
    }

    void aRefusedBodyIsNeverReadAsTheNextRequest_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<int>("status");
        QTest::newRow("wrong content type") << QByteArray("Content-Type: text/plain\r\n") << 415;
        QTest::newRow("unknown encoding")
            << QByteArray("Content-Type: application/json\r\nContent-Encoding: zstd\r\n") << 415;
    }

    void aRefusedBodyIsNeverReadAsTheNextRequest()
    {
        // A body that hides a second request: refused, it must be read and dropped whole.
        QFETCH(QByteArray, headers);
        QFETCH(int, status);
        const QByteArray hidden =
            R"({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d5d",)"
            R"("spanId":"5d5d5d5d5d5d5d5d","name":"hidden","startTimeUnixNano":"1"}]}]}]})";
        const QByteArray inner = QByteArray("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
                                     .append("Content-Length: " + QByteArray::number(hidden.size()) + "\r\n\r\n")
                                     .append(hidden);
        const QByteArray outer = QByteArray("POST /v1/traces HTTP/1.1\r\nHost: x\r\n")
                                     .append(headers)
                                     .append("Content-Length: " + QByteArray::number(inner.size()) + "\r\n\r\n")
                                     .append(inner);

        const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(quint16(m_receiver->port()));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        QCOMPARE(::connect(socket, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
        QCOMPARE(::send(socket, outer.constData(), size_t(outer.size()), 0), ssize_t(outer.size()));
        QByteArray answers;
        char buffer[4096];
        timeval timeout{1, 0};
        ::setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
        for (ssize_t got; (got = ::recv(socket, buffer, sizeof(buffer), 0)) > 0;)
            answers.append(buffer, got);
        ::close(socket);

        const QByteArray statusLine = QByteArray("HTTP/1.1 ").append(QByteArray::number(status));
        QVERIFY2(answers.startsWith(statusLine), answers.constData());
        QCOMPARE(answers.count("HTTP/1.1 "), 1);
        QCOMPARE(openStore()->spanCount(), qint64(0));
    }

    void otherMethodsAreNotAllowed()
    {
        OtlpReceiver::Options options;
        QString error;
        // The port is this receiver's alone: a second one cannot share it.
        options.port = m_receiver->port();
        OtlpReceiver second(*m_intake, options);
        QVERIFY(!second.start(&error));
        QVERIFY(error.contains(QString::number(m_receiver->port())));

        CURL *curl = curl_easy_init();
        curl_easy_setopt(curl, CURLOPT_URL, m_url.c_str());
        curl_easy_setopt(curl, CURLOPT_NOBODY, 0L);
        curl_easy_setopt(
            curl, CURLOPT_WRITEFUNCTION, +[](char *, size_t size, size_t count, void *) { return size * count; });
        QCOMPARE(curl_easy_perform(curl), CURLE_OK);
        long status = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_cleanup(curl);
        QCOMPARE(status, 405L);
    }

    void aBearerTokenIsRequiredWhenSet()
    {
        OtlpReceiver::Options options;
        options.bearerToken = QStringLiteral("s3cret-token");
        startReceiver(options);
        const std::string body = caseText("FC-27.otlp.json");
        QCOMPARE(testing::post(m_url, body, {kJson}).status, 401L);
        QCOMPARE(testing::post(m_url, body, {kJson, "Authorization: Bearer wrong"}).status, 401L);
        QCOMPARE(openStore()->spanCount(), qint64(0));
        QCOMPARE(testing::post(m_url, body, {kJson, "Authorization: Bearer s3cret-token"}).status, 200L);
        QCOMPARE(openStore()->spanCount(), qint64(2));
    }

    void aFullIntakeAsksToRetryLater()
    {
        TraceIntake::Limits limits;
        limits.maxQueuedSpans = 2;
        startReceiver({}, limits);

        // Another connection holds the write lock, so the writer waits and the queue fills.
        sqlite3 *blocker = nullptr;
        QCOMPARE(sqlite3_open(m_storePath.toUtf8().constData(), &blocker), SQLITE_OK);
        QCOMPARE(sqlite3_exec(blocker, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

        auto waiting = std::async(std::launch::async,
                                  [&] { return testing::post(m_url, caseText("FC-27.otlp.json"), {kJson}); });
        QTRY_COMPARE(m_intake->counters().queuedSpans, qint64(2));

        const auto refused = testing::post(m_url, caseText("FC-29.otlp.json"), {kJson});
        QCOMPARE(refused.status, 503L);
        QCOMPARE(refused.header("Retry-After"), std::string("1"));

        sqlite3_exec(blocker, "COMMIT", nullptr, nullptr, nullptr);
        sqlite3_close(blocker);
        QCOMPARE(waiting.get().status, 200L);
        QCOMPARE(openStore()->spanCount(), qint64(2));
    }

    void theOpenTelemetryJsSdkIsAClient_data()
    {
        QTest::addColumn<QString>("protocol");
        QTest::newRow("http/protobuf") << QStringLiteral("protobuf");
        QTest::newRow("http/json") << QStringLiteral("json");
    }

    void theOpenTelemetryJsSdkIsAClient()
    {
        QFETCH(QString, protocol);
        OtlpReceiver::Options options;
        options.bearerToken = QStringLiteral("sdk-token");
        startReceiver(options);

        QProcess client;
        client.setWorkingDirectory(QStringLiteral(LLMOPS_OTEL_CLIENT_DIR));
        client.start(QStringLiteral("node"),
                     {QStringLiteral("send-genai-spans.mjs"), QStringLiteral("--url"), QString::fromStdString(m_url),
                      QStringLiteral("--protocol"), protocol, QStringLiteral("--token"), QStringLiteral("sdk-token"),
                      QStringLiteral("--service"), QStringLiteral("trip-service")});
        QVERIFY(client.waitForFinished(30000));
        QVERIFY2(client.exitCode() == 0, client.readAllStandardError().constData());
        const json sent = json::parse(client.readAllStandardOutput().toStdString());
        const std::string traceId = QByteArray::fromHex(QByteArray::fromStdString(sent["trace_id"])).toStdString();
        const auto idOf = [&](const char *which) {
            return QByteArray::fromHex(QByteArray::fromStdString(sent["spans"][which])).toStdString();
        };

        const auto store = openStore();
        auto spans = store->traceSpans(traceId);
        QCOMPARE(spans.size(), size_t(3));
        for (auto &span : spans)
            deriveMessages(span);
        std::map<std::string, const SpanRecord *> byId;
        for (const auto &span : spans)
            byId[span.spanId] = &span;

        const SpanRecord &root = *byId.at(idOf("root"));
        QVERIFY(root.isRoot());
        QCOMPARE(root.name, std::string("invoke_agent trip-planner"));
        QCOMPARE(root.operation, std::string("invoke_agent"));
        QCOMPARE(root.agentName, std::string("trip-planner"));
        QCOMPARE(root.conversationId, std::string("conv-42"));
        QCOMPARE(root.serviceName, std::string("trip-service"));
        QCOMPARE(root.startNs, qint64(1750000000000000000));
        QCOMPARE(root.endNs, qint64(1750000001000000000));
        QCOMPARE(root.kind, 1);

        const SpanRecord &chat = *byId.at(idOf("chat"));
        QCOMPARE(chat.parentSpanId, root.spanId);
        QCOMPARE(chat.kind, 3);
        QCOMPARE(chat.startNs, qint64(1750000000100000000));
        QCOMPARE(chat.endNs, qint64(1750000000500000000));
        QCOMPARE(chat.status, SpanStatus::Ok);
        QCOMPARE(chat.operation, std::string("chat"));
        QCOMPARE(chat.provider, std::string("openai"));
        QCOMPARE(chat.requestModel, std::string("tiny-chat-8b"));
        QCOMPARE(chat.responseModel, std::string("tiny-chat-8b-0613"));
        QCOMPARE(chat.inputTokens, std::optional<qint64>(120));
        QCOMPARE(chat.outputTokens, std::optional<qint64>(30));
        QCOMPARE(chat.cacheReadTokens, std::optional<qint64>(64));
        QCOMPARE(chat.cacheWriteTokens, std::optional<qint64>(8));
        QCOMPARE(chat.reasoningTokens, std::optional<qint64>(5));
        QCOMPARE(chat.conversationId, std::string("conv-42"));
        QCOMPARE(chat.finishReasonsJson, std::string(R"(["stop"])"));
        QVERIFY(!chat.costUsd); // no price for the tiny model
        const json input = json::parse(chat.inputMessagesJson);
        QCOMPARE(input.size(), size_t(2));
        QCOMPARE(input[0]["role"].get<std::string>(), std::string("system"));
        QCOMPARE(input[0]["parts"][0]["content"].get<std::string>(), std::string("You are a travel agent."));
        QCOMPARE(input[1]["parts"][0]["content"].get<std::string>(), std::string("Plan a trip to Lisbon"));
        const json output = json::parse(chat.outputMessagesJson);
        QCOMPARE(output[0]["parts"][0]["content"].get<std::string>(), std::string("Day 1: Alfama."));
        const json attributes = json::parse(chat.attributesJson);
        QCOMPARE(attributes["gen_ai.request.temperature"].get<double>(), 0.25);
        QCOMPARE(attributes["gen_ai.request.max_tokens"].get<qint64>(), qint64(128));
        QCOMPARE(attributes["gen_ai.request.seed"].get<qint64>(), qint64(7));
        QCOMPARE(attributes["gen_ai.response.id"].get<std::string>(), std::string("resp-1"));
        QCOMPARE(attributes["server.address"].get<std::string>(), std::string("127.0.0.1"));
        QVERIFY(attributes["gen_ai.request.stop_sequences"] == json({"END"}));
        const json events = json::parse(chat.eventsJson);
        QCOMPARE(events.size(), size_t(1));
        QCOMPARE(events[0]["name"].get<std::string>(), std::string("gen_ai.evaluation.result"));
        QCOMPARE(events[0]["time_ns"].get<qint64>(), qint64(1750000000300000000));
        QCOMPARE(events[0]["attributes"]["gen_ai.evaluation.score.value"].get<double>(), 0.8);
        QCOMPARE(events[0]["attributes"]["gen_ai.evaluation.explanation"].get<std::string>(), std::string("on topic"));

        const SpanRecord &tool = *byId.at(idOf("tool"));
        QCOMPARE(tool.parentSpanId, root.spanId);
        QCOMPARE(tool.operation, std::string("execute_tool"));
        QCOMPARE(tool.toolName, std::string("get_weather"));
        QCOMPARE(tool.status, SpanStatus::Error);
        QCOMPARE(tool.statusMessage, std::string("tool timed out"));
        QCOMPARE(tool.errorType, std::string("timeout"));
        QCOMPARE(tool.durationNs(), qint64(200000000));
        const json call = json::parse(tool.inputMessagesJson)[0]["parts"][0];
        QCOMPARE(call["type"].get<std::string>(), std::string("tool_call"));
        QCOMPARE(call["id"].get<std::string>(), std::string("call-1"));
        QCOMPARE(call["arguments"].get<std::string>(), std::string(R"({"city":"Lisbon"})"));
        QCOMPARE(json::parse(tool.outputMessagesJson)[0]["parts"][0]["response"].get<std::string>(),
                 std::string(R"({"temp_c":21})"));

        // The chat span is a measured call of its service and model; the agent and tool are not.
        const auto endpoint = store->endpointByName(QStringLiteral("trip-service \u00b7 tiny-chat-8b-0613"));
        QVERIFY(endpoint && endpoint->traced);
        const auto calls = store->recentRequests(endpoint->id, 10);
        QCOMPARE(calls.size(), size_t(1));
        QCOMPARE(calls[0].source, RequestSource::Trace);
        QCOMPARE(calls[0].status, RequestStatus::Ok);
        QCOMPARE(calls[0].startedAtMs, qint64(1750000000100));
        QCOMPARE(calls[0].latencyMs, 400.0);
        QCOMPARE(calls[0].inputTokens, std::optional<qint64>(120));
        QCOMPARE(calls[0].outputTokens, std::optional<qint64>(30));
        QCOMPARE(calls[0].finishReason, QStringLiteral("stop"));
        QCOMPARE(store->requestCount(), qint64(1));

        const auto trace = store->trace(traceId);
        QCOMPARE(trace->name, std::string("invoke_agent trip-planner"));
        QCOMPARE(trace->service, std::string("trip-service"));
        QCOMPARE(trace->model, std::string("tiny-chat-8b-0613"));
        QCOMPARE(trace->inputTokens, qint64(120));
        QCOMPARE(trace->outputTokens, qint64(30));
        QCOMPARE(trace->errorCount, qint64(1));
        QCOMPARE(trace->conversationId, std::string("conv-42"));
        QCOMPARE(trace->durationNs(), qint64(1000000000));
    }
};

QTEST_GUILESS_MAIN(TestOtlpReceiver)
#include "tst_otlpreceiver.moc"
