// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "localendpoint.h"
#include "prober.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTest>
#include <QThread>

#include <thread>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

namespace {

/// Collects a whole response body, for reading the endpoint's own /metrics.
class BodyCollector : public HttpResponseHandler
{
public:
    void onResponseStarted(int, const HttpHeaders &) override {}
    void onBodyRead(QByteArrayView bytes) override { body.append(bytes); }
    QByteArray body;
};

} // namespace

class TestProber : public QObject
{
    Q_OBJECT

private:
    Endpoint endpointWithFault(const QString &fault, int timeoutS = 20,
                               EndpointKind kind = EndpointKind::OpenAiChat) const
    {
        Endpoint endpoint;
        endpoint.id = 1;
        endpoint.name = u"local"_s;
        endpoint.kind = kind;
        // Ollama's routes start at the server root, OpenAI's below /v1.
        endpoint.baseUrl = kind == EndpointKind::OllamaChat ? m_endpoint.url() : m_endpoint.baseUrl();
        endpoint.model = u"stories260K"_s;
        endpoint.maxTokens = 24;
        endpoint.timeoutS = timeoutS;
        endpoint.probePrompt = u"Once upon a time"_s;
        if (!fault.isEmpty())
            endpoint.extraHeaders = {{u"X-Llmops-Fault"_s, fault}};
        return endpoint;
    }

    /// The endpoint's own count of generated tokens, from its Prometheus exposition.
    qint64 tokensPredictedByServer()
    {
        HttpClient client;
        HttpRequest request;
        request.method = "GET";
        request.url = QUrl(m_endpoint.url() + u"/metrics"_s);
        BodyCollector collector;
        client.perform(request, collector);
        static const QRegularExpression counter(u"^llamacpp:tokens_predicted_total (\\d+)"_s,
                                                QRegularExpression::MultilineOption);
        const auto match = counter.match(QString::fromUtf8(collector.body));
        return match.hasMatch() ? match.captured(1).toLongLong() : -1;
    }

    LocalEndpoint m_endpoint;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_endpoint.start(), qPrintable(m_endpoint.error())); }

    void measuresAStreamingAnswer()
    {
        const qint64 tokensBefore = tokensPredictedByServer();
        QVERIFY(tokensBefore >= 0);

        HttpClient client;
        const ProbeOutcome outcome = runProbe(endpointWithFault({}), client);
        const RequestRecord &record = outcome.record;

        QCOMPARE(record.status, RequestStatus::Ok);
        QCOMPARE(record.httpStatus, std::optional<int>(200));
        QCOMPARE(record.errorClass, ErrorClass::None);
        QVERIFY(record.ttftMs && *record.ttftMs > 0);
        QVERIFY2(*record.ttftMs < record.latencyMs,
                 qPrintable(u"ttft %1 latency %2"_s.arg(*record.ttftMs).arg(record.latencyMs)));
        QVERIFY(record.tokensReported);
        QVERIFY(record.outputTokens && *record.outputTokens > 0 && *record.outputTokens <= 24);
        QVERIFY(record.inputTokens && *record.inputTokens > 0);
        QCOMPARE(record.responseModel, u"stories260K"_s);
        QVERIFY(record.finishReason == u"length" || record.finishReason == u"stop");

        // The server's own counter moved by exactly the tokens the probe recorded.
        QCOMPARE(tokensPredictedByServer() - tokensBefore, *record.outputTokens);

        // Decode rate as defined: tokens after the first over the time after the first.
        QVERIFY(record.tokensPerSecond);
        const double expectedRate = double(*record.outputTokens - 1) / ((record.latencyMs - *record.ttftMs) / 1000.0);
        QVERIFY(std::abs(*record.tokensPerSecond - expectedRate) < 1e-6 * expectedRate);
        QVERIFY(outcome.answer.text && !outcome.answer.text->isEmpty());
    }

    void measuresAnOllamaAnswer()
    {
        const qint64 tokensBefore = tokensPredictedByServer();
        QVERIFY(tokensBefore >= 0);

        HttpClient client;
        const ProbeOutcome outcome = runProbe(endpointWithFault({}, 20, EndpointKind::OllamaChat), client);
        const RequestRecord &record = outcome.record;

        QCOMPARE(record.status, RequestStatus::Ok);
        QCOMPARE(record.httpStatus, std::optional<int>(200));
        QVERIFY(record.ttftMs && *record.ttftMs > 0 && *record.ttftMs < record.latencyMs);
        QVERIFY(record.tokensReported);
        QVERIFY(record.outputTokens && *record.outputTokens > 0 && *record.outputTokens <= 24);
        QCOMPARE(tokensPredictedByServer() - tokensBefore, *record.outputTokens);
        QCOMPARE(record.responseModel, u"stories260K"_s);
        QVERIFY(record.finishReason == u"length" || record.finishReason == u"stop");

        // Ollama reports its own decode time; the rate comes from it, not from the client's clock.
        QVERIFY(outcome.answer.evalDurationNs && *outcome.answer.evalDurationNs > 0);
        const double expectedRate = double(*record.outputTokens) / (double(*outcome.answer.evalDurationNs) / 1e9);
        QVERIFY(record.tokensPerSecond);
        QVERIFY(std::abs(*record.tokensPerSecond - expectedRate) < 1e-6 * expectedRate);
    }

    void recordsEachFault_data()
    {
        QTest::addColumn<EndpointKind>("kind");
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("errorClass");
        QTest::addColumn<int>("httpStatus");      // 0: no response
        QTest::addColumn<qint64>("retryAfterMs"); // -1: none

        for (const EndpointKind kind : {EndpointKind::OpenAiChat, EndpointKind::OllamaChat}) {
            const char *api = kind == EndpointKind::OllamaChat ? "Ollama" : "OpenAI";
            const auto row = [api](const char *scenario) -> QTestData & {
                return QTest::addRow("%s: %s", api, scenario);
            };
            row("429 with seconds") << kind << u"status-429;retry-after=3"_s << u"rate_limited"_s << 429
                                    << qint64(3000);
            row("503 with seconds") << kind << u"status-503;retry-after=2"_s << u"server_error"_s << 503
                                    << qint64(2000);
            row("HTML 502 page") << kind << u"html-502"_s << u"upstream_gateway"_s << 502 << qint64(-1);
            row("error event mid-stream") << kind << u"error-mid-stream"_s << u"stream_error"_s << 200 << qint64(-1);
            row("stream cut") << kind << u"cut-stream"_s << u"stream_cut"_s << 200 << qint64(-1);
            row("invalid JSON chunk") << kind << u"invalid-json-chunk"_s << u"malformed_stream"_s << 200 << qint64(-1);
        }
    }

    void recordsEachFault()
    {
        QFETCH(EndpointKind, kind);
        QFETCH(QString, fault);
        QFETCH(QString, errorClass);
        QFETCH(int, httpStatus);
        QFETCH(qint64, retryAfterMs);

        HttpClient client;
        const RequestRecord record = runProbe(endpointWithFault(fault, 20, kind), client).record;
        QCOMPARE(record.status, RequestStatus::Error);
        QCOMPARE(errorClassKey(record.errorClass), errorClass);
        QCOMPARE(record.httpStatus.value_or(0), httpStatus);
        QCOMPARE(record.retryAfterMs.value_or(-1), retryAfterMs);
        QVERIFY(!record.errorMessage.isEmpty());
        QVERIFY2(!record.errorMessage.contains(u"<html"_s, Qt::CaseInsensitive), qPrintable(record.errorMessage));
    }

    void retryAfterAsAnHttpDate()
    {
        HttpClient client;
        const RequestRecord record = runProbe(endpointWithFault(u"status-429-date;retry-after=5"_s), client).record;
        QCOMPARE(record.errorClass, ErrorClass::RateLimited);
        QVERIFY(record.retryAfterMs);
        // An HTTP date has whole seconds, so the wait is between four and five seconds.
        QVERIFY2(*record.retryAfterMs > 3500 && *record.retryAfterMs <= 5000,
                 qPrintable(QString::number(*record.retryAfterMs)));
    }

    void delayedFirstTokenShowsInTtft()
    {
        HttpClient client;
        const RequestRecord record = runProbe(endpointWithFault(u"delay-first-token;ms=400"_s), client).record;
        QCOMPARE(record.status, RequestStatus::Ok);
        QVERIFY(*record.ttftMs >= 400);
        QVERIFY(record.latencyMs > *record.ttftMs);
    }

    void transportFailures_data()
    {
        QTest::addColumn<QString>("baseUrl");
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("errorClass");

        QTest::newRow("timeout while the server hangs") << QString() << u"hang"_s << u"timeout"_s;
        QTest::newRow("connection refused") << u"http://127.0.0.1:1/v1"_s << QString() << u"connection_refused"_s;
        QTest::newRow("unknown host") << u"http://no-such-host.invalid/v1"_s << QString() << u"dns"_s;
        QTest::newRow("TLS to a plain HTTP port") << u"https+local"_s << QString() << u"tls"_s;
    }

    void transportFailures()
    {
        QFETCH(QString, baseUrl);
        QFETCH(QString, fault);
        QFETCH(QString, errorClass);

        Endpoint endpoint = endpointWithFault(fault, 1);
        if (baseUrl == u"https+local")
            endpoint.baseUrl = m_endpoint.baseUrl().replace(u"http://"_s, u"https://"_s);
        else if (!baseUrl.isEmpty())
            endpoint.baseUrl = baseUrl;

        HttpClient client;
        const RequestRecord record = runProbe(endpoint, client).record;
        QCOMPARE(record.status, RequestStatus::Error);
        QCOMPARE(errorClassKey(record.errorClass), errorClass);
        QVERIFY(!record.httpStatus);
        QVERIFY(!record.ttftMs);
    }

    void cancellingEndsAHungTransferAtOnce()
    {
        std::atomic<bool> cancel = false;
        std::thread canceller([&cancel] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            cancel = true;
        });

        QElapsedTimer clock;
        clock.start();
        HttpClient client;
        const RequestRecord record = runProbe(endpointWithFault(u"hang"_s, 30), client, &cancel).record;
        canceller.join();

        QCOMPARE(record.status, RequestStatus::Cancelled);
        QCOMPARE(record.errorClass, ErrorClass::Cancelled);
        QVERIFY2(clock.elapsed() < 1500, qPrintable(QString::number(clock.elapsed())));
    }

    void missingApiKeyVariableIsAConfigurationError()
    {
        Endpoint endpoint = endpointWithFault({});
        endpoint.apiKeyEnv = u"LLMOPS_TEST_KEY_THAT_IS_NOT_SET"_s;
        qunsetenv("LLMOPS_TEST_KEY_THAT_IS_NOT_SET");
        HttpClient client;
        const RequestRecord record = runProbe(endpoint, client).record;
        QCOMPARE(record.errorClass, ErrorClass::Configuration);
        QVERIFY(record.errorMessage.contains(u"LLMOPS_TEST_KEY_THAT_IS_NOT_SET"_s));
    }

    void apiKeyTravelsOnlyInTheHeader()
    {
        Endpoint endpoint = endpointWithFault({});
        endpoint.apiKeyEnv = u"LLMOPS_TEST_KEY"_s;
        qputenv("LLMOPS_TEST_KEY", "sk-test-secret-value");
        QString problem;
        const auto request = buildProbeRequest(endpoint, &problem);
        QVERIFY(request);
        QVERIFY(!request->body.contains("sk-test-secret-value"));
        QCOMPARE(HttpClient::headerValue(request->headers, "authorization"),
                 QByteArrayView("Bearer sk-test-secret-value"));
    }

    void keyEchoedByTheServerIsNotRecorded_data()
    {
        QTest::addColumn<EndpointKind>("kind");
        QTest::newRow("OpenAI") << EndpointKind::OpenAiChat;
        QTest::newRow("Ollama") << EndpointKind::OllamaChat;
    }

    void keyEchoedByTheServerIsNotRecorded()
    {
        QFETCH(EndpointKind, kind);
        Endpoint endpoint = endpointWithFault(u"status-401-echo-key"_s, 20, kind);
        endpoint.apiKeyEnv = u"LLMOPS_TEST_KEY"_s;
        qputenv("LLMOPS_TEST_KEY", "sk-test-secret-value-0123456789");

        HttpClient client;
        const RequestRecord record = runProbe(endpoint, client).record;
        QCOMPARE(record.errorClass, ErrorClass::HttpClientError);
        QCOMPARE(record.httpStatus, std::optional<int>(401));
        QVERIFY2(record.errorMessage.contains(u"Incorrect API key provided: ***"_s), qPrintable(record.errorMessage));
        QVERIFY2(!record.errorMessage.contains(u"secret-value"_s), qPrintable(record.errorMessage));
    }
};

QTEST_GUILESS_MAIN(TestProber)
#include "tst_prober.moc"
