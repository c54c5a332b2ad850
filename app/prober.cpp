// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "prober.h"

#include "chatstreamassembler.h"
#include "httperror.h"
#include "secretredaction.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

/// Any error body beyond this is of no use for classifying the error.
constexpr qsizetype kErrorBodyLimit = 64 * 1024;

QByteArray probeBody(const Endpoint &endpoint)
{
    const nlohmann::json messages = nlohmann::json::array(
        {{{"role", "user"}, {"content", endpoint.probePrompt.toStdString()}}});

    nlohmann::json body;
    body["model"] = endpoint.model.toStdString();
    body["messages"] = messages;
    body["stream"] = true;
    if (endpoint.kind == EndpointKind::OllamaChat) {
        body["options"] = {{"num_predict", endpoint.maxTokens}};
    } else {
        body["max_tokens"] = endpoint.maxTokens;
        body["stream_options"] = {{"include_usage", true}};
    }
    return QByteArray::fromStdString(body.dump());
}

QUrl probeUrl(const Endpoint &endpoint)
{
    QString base = endpoint.baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    const QString path = endpoint.kind == EndpointKind::OllamaChat ? u"/api/chat"_s : u"/chat/completions"_s;
    return QUrl(base + path, QUrl::StrictMode);
}

/// Feeds a 2xx body into the stream assembler and notes when the first content arrives;
/// keeps the start of any other body for the error report.
class ProbeResponseHandler : public HttpResponseHandler
{
public:
    ProbeResponseHandler(StreamFormat format, const QElapsedTimer &clock)
        : m_assembler(format)
        , m_clock(clock)
    {
    }

    void onResponseStarted(int status, const HttpHeaders &headers) override
    {
        m_status = status;
        m_headers = headers;
    }

    void onBodyRead(QByteArrayView bytes) override
    {
        if (!isSuccess()) {
            if (m_errorBody.size() < kErrorBodyLimit)
                m_errorBody.append(bytes.first(std::min(bytes.size(), kErrorBodyLimit - m_errorBody.size())));
            return;
        }
        m_assembler.feed(bytes);
        if (!m_firstContentMs && m_assembler.hasContent())
            m_firstContentMs = double(m_clock.nsecsElapsed()) / 1e6;
    }

    bool isSuccess() const { return m_status >= 200 && m_status < 300; }
    int status() const { return m_status; }
    const HttpHeaders &headers() const { return m_headers; }
    const QByteArray &errorBody() const { return m_errorBody; }
    std::optional<double> firstContentMs() const { return m_firstContentMs; }
    ChatStreamAssembler &assembler() { return m_assembler; }

private:
    ChatStreamAssembler m_assembler;
    const QElapsedTimer &m_clock;
    int m_status = 0;
    HttpHeaders m_headers;
    QByteArray m_errorBody;
    std::optional<double> m_firstContentMs;
};

void recordFailure(RequestRecord &record, ErrorClass errorClass, const QString &message)
{
    record.status = errorClass == ErrorClass::Cancelled ? RequestStatus::Cancelled : RequestStatus::Error;
    record.errorClass = errorClass;
    record.errorMessage = message;
}

void recordAnswer(RequestRecord &record, const ChatResult &answer, std::optional<double> firstContentMs)
{
    record.ttftMs = firstContentMs;
    record.responseModel = answer.responseModel;
    record.finishReason = answer.finishReason;
    record.inputTokens = answer.usage.inputTokens;
    if (answer.usage.outputTokens) {
        record.outputTokens = answer.usage.outputTokens;
        record.tokensReported = true;
    } else {
        record.outputTokens = answer.contentEvents;
        record.tokensReported = false;
    }
    record.tokensPerSecond = decodeTokensPerSecond(answer, record.outputTokens, record.ttftMs, record.latencyMs);

    if (answer.failure) {
        const QString type = answer.failure->type.isEmpty() ? QString() : answer.failure->type % u": "_s;
        recordFailure(record, answer.failure->errorClass, type % answer.failure->message);
    }
}

QByteArray bearerKey(const HttpRequest &request)
{
    const QByteArrayView authorization = HttpClient::headerValue(request.headers, "authorization");
    return authorization.startsWith("Bearer ") ? authorization.sliced(7).toByteArray() : QByteArray();
}

/// Some gateways repeat the request's key in their error text; it must not be stored or shown.
void redactKey(RequestRecord &record, const HttpRequest &request)
{
    record.errorMessage = redactSecret(record.errorMessage, QString::fromUtf8(bearerKey(request)));
}

} // namespace

std::optional<HttpRequest> buildProbeRequest(const Endpoint &endpoint, QString *problem)
{
    // A store written by another program, or by an older version, may hold what the
    // editors refuse; nothing of it goes on the wire.
    if (const QStringList problems = validateEndpoint(endpoint); !problems.isEmpty()) {
        *problem = problems.join(u' ');
        return std::nullopt;
    }

    HttpRequest request;
    request.url = probeUrl(endpoint);
    request.body = probeBody(endpoint);
    request.totalTimeoutMs = endpoint.timeoutS * 1000;
    request.connectTimeoutMs = std::min(request.totalTimeoutMs, 10'000);
    const QByteArray accept = endpoint.kind == EndpointKind::OllamaChat ? "application/x-ndjson" : "text/event-stream";
    request.headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
    request.headers.append({QByteArray("Accept"), accept});

    if (!endpoint.apiKeyEnv.isEmpty()) {
        const QByteArray key = qgetenv(endpoint.apiKeyEnv.toLocal8Bit().constData());
        if (key.isEmpty()) {
            *problem = u"The environment variable %1, which should hold the API key, is not set."_s.arg(
                endpoint.apiKeyEnv);
            return std::nullopt;
        }
        request.headers.append({QByteArray("Authorization"), "Bearer " + key});
    }
    for (const auto &[name, value] : endpoint.extraHeaders)
        request.headers.append({name.toUtf8(), value.toUtf8()});
    return request;
}

std::optional<double> decodeTokensPerSecond(const ChatResult &answer, std::optional<qint64> outputTokens,
                                            std::optional<double> ttftMs, double latencyMs)
{
    if (answer.evalDurationNs && *answer.evalDurationNs > 0 && outputTokens && *outputTokens > 0)
        return double(*outputTokens) / (double(*answer.evalDurationNs) / 1e9);

    // The first token's time belongs to the prefill, so it is not part of the decode rate.
    if (!outputTokens || *outputTokens < 2 || !ttftMs || latencyMs <= *ttftMs)
        return std::nullopt;
    return double(*outputTokens - 1) / ((latencyMs - *ttftMs) / 1000.0);
}

namespace {

void recordHttpError(RequestRecord &record, const ProbeResponseHandler &handler, const HttpRequest &request)
{
    // The key goes before the body is cut to an excerpt, which could leave part of it.
    QByteArray body = handler.errorBody();
    if (const QByteArray key = bearerKey(request); !key.isEmpty())
        body.replace(key, "***");

    const HttpErrorInfo error = classifyHttpError(
        handler.status(), HttpClient::headerValue(handler.headers(), "content-type"), body,
        HttpClient::headerValue(handler.headers(), "retry-after"), QDateTime::currentDateTimeUtc());
    QString message = error.message;
    const QByteArrayView location = HttpClient::headerValue(handler.headers(), "location");
    if (handler.status() >= 300 && handler.status() < 400 && !location.isEmpty())
        message += u" (redirects to "_s % QString::fromUtf8(location) % u"; correct the base URL)"_s;

    recordFailure(record, error.errorClass, message);
    record.retryAfterMs = error.retryAfterMs;
    redactKey(record, request);
}

ProbeOutcome probe(const Endpoint &endpoint, HttpClient &client, const std::atomic<bool> *cancelRequested)
{
    ProbeOutcome outcome;
    RequestRecord &record = outcome.record;
    record.endpointId = endpoint.id;
    record.source = RequestSource::Probe;
    record.startedAtMs = QDateTime::currentMSecsSinceEpoch();

    QString problem;
    const auto request = buildProbeRequest(endpoint, &problem);
    if (!request) {
        recordFailure(record, ErrorClass::Configuration, problem);
        return outcome;
    }

    QElapsedTimer clock;
    clock.start();
    const StreamFormat format = endpoint.kind == EndpointKind::OllamaChat ? StreamFormat::Ndjson : StreamFormat::Sse;
    ProbeResponseHandler handler(format, clock);
    const TransportResult transport = client.perform(*request, handler, cancelRequested);
    record.latencyMs = double(clock.nsecsElapsed()) / 1e6;
    record.httpStatus = transport.httpStatus;

    // An error status is judged on its body, whatever happened to the transfer after it.
    if (transport.responseStarted && !handler.isSuccess()) {
        recordHttpError(record, handler, *request);
        return outcome;
    }

    handler.assembler().finish();
    outcome.answer = handler.assembler().result();
    if (transport.responseStarted)
        recordAnswer(record, outcome.answer, handler.firstContentMs());

    // A transport failure outranks what the stream said: the stream ends where the transfer did.
    if (transport.errorClass != ErrorClass::None)
        recordFailure(record, transport.errorClass, transport.message);
    else if (!transport.responseStarted)
        recordFailure(record, ErrorClass::Network, u"The server sent no response."_s);

    redactKey(record, *request);
    return outcome;
}

} // namespace

ProbeOutcome runProbe(const Endpoint &endpoint, HttpClient &client, const std::atomic<bool> *cancelRequested)
{
    // Probes run on pool threads; nothing may escape into the thread pool or a connected slot.
    try {
        return probe(endpoint, client, cancelRequested);
    } catch (const std::exception &error) {
        ProbeOutcome outcome;
        outcome.record.endpointId = endpoint.id;
        outcome.record.source = RequestSource::Probe;
        outcome.record.startedAtMs = QDateTime::currentMSecsSinceEpoch();
        recordFailure(outcome.record, ErrorClass::Internal,
                      u"The console could not complete the probe: "_s % QString::fromUtf8(error.what()));
        return outcome;
    }
}

} // namespace llmops
