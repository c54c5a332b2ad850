// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "chatcall.h"

#include "chatstreamassembler.h"
#include "endpointrequest.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

/// JSON text a parameter holds (tools, a schema), or a problem naming the parameter.
std::optional<nlohmann::json> parameterJson(const QString &text, const QString &what, bool mustBeArray,
                                            QString *problem)
{
    auto json = nlohmann::json::parse(text.toStdString(), nullptr, false);
    const bool rightShape = mustBeArray ? json.is_array() : json.is_object();
    if (json.is_discarded() || !rightShape) {
        *problem = mustBeArray ? u"The %1 must be a JSON array."_s.arg(what)
                               : u"The %1 must be a JSON object."_s.arg(what);
        return std::nullopt;
    }
    return json;
}

nlohmann::json messagesJson(const std::vector<ChatMessage> &messages)
{
    nlohmann::json json = nlohmann::json::array();
    for (const auto &message : messages)
        json.push_back({{"role", message.role.toStdString()}, {"content", message.content.toStdString()}});
    return json;
}

nlohmann::json stopJson(const QStringList &stops)
{
    nlohmann::json json = nlohmann::json::array();
    for (const auto &stop : stops)
        json.push_back(stop.toStdString());
    return json;
}

/// The sampling values that are set, under OpenAI's names but for the length, whose name
/// differs between the protocols.
void addSampling(nlohmann::json &into, const ChatParameters &parameters, const char *maxTokensKey)
{
    if (parameters.maxTokens)
        into[maxTokensKey] = *parameters.maxTokens;
    if (parameters.temperature)
        into["temperature"] = *parameters.temperature;
    if (parameters.topP)
        into["top_p"] = *parameters.topP;
    if (parameters.seed)
        into["seed"] = *parameters.seed;
    if (!parameters.stopSequences.isEmpty())
        into["stop"] = stopJson(parameters.stopSequences);
}

/// Both protocols take OpenAI's tool definitions as they are.
bool addTools(nlohmann::json &body, const ChatParameters &parameters, QString *problem)
{
    if (parameters.toolsJson.trimmed().isEmpty())
        return true;
    const auto tools = parameterJson(parameters.toolsJson, u"tools"_s, true, problem);
    if (tools)
        body["tools"] = *tools;
    return tools.has_value();
}

/// OpenAI's body; OpenAI-compatible servers read the same fields.
std::optional<QByteArray> openAiBody(const Endpoint &endpoint, const std::vector<ChatMessage> &messages,
                                     const ChatParameters &parameters, QString *problem)
{
    nlohmann::json body;
    body["model"] = endpoint.model.toStdString();
    body["messages"] = messagesJson(messages);
    body["stream"] = true;
    body["stream_options"] = {{"include_usage", true}};
    addSampling(body, parameters, "max_tokens");

    if (parameters.responseFormat == ResponseFormat::JsonObject) {
        body["response_format"] = {{"type", "json_object"}};
    } else if (parameters.responseFormat == ResponseFormat::JsonSchema) {
        const auto schema = parameterJson(parameters.jsonSchema, u"JSON schema"_s, false, problem);
        if (!schema)
            return std::nullopt;
        body["response_format"] = {{"type", "json_schema"},
                                   {"json_schema", {{"name", "answer"}, {"schema", *schema}, {"strict", true}}}};
    }
    if (!addTools(body, parameters, problem))
        return std::nullopt;
    return QByteArray::fromStdString(body.dump());
}

/// Ollama's native body: sampling parameters go into `options`, the output shape into `format`.
std::optional<QByteArray> ollamaBody(const Endpoint &endpoint, const std::vector<ChatMessage> &messages,
                                     const ChatParameters &parameters, QString *problem)
{
    nlohmann::json body;
    body["model"] = endpoint.model.toStdString();
    body["messages"] = messagesJson(messages);
    body["stream"] = true;
    nlohmann::json options = nlohmann::json::object();
    addSampling(options, parameters, "num_predict");
    if (!options.empty())
        body["options"] = options;

    if (parameters.responseFormat == ResponseFormat::JsonObject) {
        body["format"] = "json";
    } else if (parameters.responseFormat == ResponseFormat::JsonSchema) {
        const auto schema = parameterJson(parameters.jsonSchema, u"JSON schema"_s, false, problem);
        if (!schema)
            return std::nullopt;
        body["format"] = *schema;
    }
    if (!addTools(body, parameters, problem))
        return std::nullopt;
    return QByteArray::fromStdString(body.dump());
}

/// Feeds a 2xx body into the stream assembler and notes when the first content arrives;
/// keeps the start of any other body for the error report.
class ChatResponseHandler : public HttpResponseHandler
{
public:
    ChatResponseHandler(StreamFormat format, const QElapsedTimer &clock, const ChatProgress &onProgress)
        : m_assembler(format)
        , m_clock(clock)
        , m_onProgress(onProgress)
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
        const qint64 eventsBefore = m_assembler.result().contentEvents;
        m_assembler.feed(bytes);
        if (!m_firstContentMs && m_assembler.hasContent())
            m_firstContentMs = double(m_clock.nsecsElapsed()) / 1e6;
        if (m_onProgress && m_assembler.result().contentEvents != eventsBefore)
            m_onProgress(m_assembler.result(), m_firstContentMs);
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
    const ChatProgress &m_onProgress;
    int m_status = 0;
    HttpHeaders m_headers;
    QByteArray m_errorBody;
    std::optional<double> m_firstContentMs;
};

void recordAnswer(RequestRecord &record, const ChatResult &answer, std::optional<double> firstContentMs)
{
    record.ttftMs = firstContentMs;
    record.responseModel = answer.responseModel;
    record.finishReason = answer.finishReason;
    record.inputTokens = answer.usage.inputTokens;
    record.outputTokens = outputTokensSoFar(answer);
    record.tokensReported = answer.usage.outputTokens.has_value();
    record.tokensPerSecond = decodeTokensPerSecond(answer, record.outputTokens, record.ttftMs, record.latencyMs);

    if (answer.failure) {
        const QString type = answer.failure->type.isEmpty() ? QString() : answer.failure->type % u": "_s;
        recordFailure(record, answer.failure->errorClass, type % answer.failure->message);
    }
}

ChatCallOutcome call(const Endpoint &endpoint, const HttpRequest &request, HttpClient &client, RequestSource source,
                     const std::atomic<bool> *cancelRequested, const ChatProgress &onProgress)
{
    ChatCallOutcome outcome;
    RequestRecord &record = outcome.record;
    record.endpointId = endpoint.id;
    record.source = source;
    record.startedAtMs = QDateTime::currentMSecsSinceEpoch();

    QElapsedTimer clock;
    clock.start();
    const StreamFormat format = endpoint.kind == EndpointKind::OllamaChat ? StreamFormat::Ndjson : StreamFormat::Sse;
    ChatResponseHandler handler(format, clock, onProgress);
    const TransportResult transport = client.perform(request, handler, cancelRequested);
    record.latencyMs = double(clock.nsecsElapsed()) / 1e6;
    record.httpStatus = transport.httpStatus;

    // An error status is judged on its body, whatever happened to the transfer after it.
    if (transport.responseStarted && !handler.isSuccess()) {
        recordHttpError(record, handler.status(), handler.headers(), handler.errorBody(), request);
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

    redactRequestKey(record, request);
    return outcome;
}

} // namespace

std::optional<HttpRequest> buildChatRequest(const Endpoint &endpoint, const std::vector<ChatMessage> &messages,
                                            const ChatParameters &parameters, QString *problem)
{
    const bool ollama = endpoint.kind == EndpointKind::OllamaChat;
    auto request = ollama ? buildEndpointRequest(endpoint, u"/api/chat", "application/x-ndjson", problem)
                          : buildEndpointRequest(endpoint, u"/chat/completions", "text/event-stream", problem);
    if (!request)
        return std::nullopt;

    const auto body = ollama ? ollamaBody(endpoint, messages, parameters, problem)
                             : openAiBody(endpoint, messages, parameters, problem);
    if (!body)
        return std::nullopt;
    request->body = *body;
    return request;
}

ChatCallOutcome runChatCall(const Endpoint &endpoint, const HttpRequest &request, HttpClient &client,
                            RequestSource source, const std::atomic<bool> *cancelRequested,
                            const ChatProgress &onProgress)
{
    // Calls run on pool threads; nothing may escape into the thread pool or a connected slot.
    try {
        return call(endpoint, request, client, source, cancelRequested, onProgress);
    } catch (const std::exception &error) {
        ChatCallOutcome outcome;
        outcome.record = internalFailureRecord(endpoint, source, error);
        return outcome;
    }
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

qint64 outputTokensSoFar(const ChatResult &answer)
{
    return answer.usage.outputTokens.value_or(answer.contentEvents);
}

} // namespace llmops
