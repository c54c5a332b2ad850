// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "playgroundtrace.h"

#include "genaimapping.h"
#include "jsonreading.h"
#include "otlpdecoder.h"

#include <QRandomGenerator>
#include <QUrl>
#include <QUuid>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

using json = nlohmann::json;

std::string randomBytes(int count)
{
    std::string bytes(size_t(count), '\0');
    for (auto &byte : bytes)
        byte = char(QRandomGenerator::global()->bounded(256));
    // An id of all zeros is invalid in OTLP.
    if (std::all_of(bytes.begin(), bytes.end(), [](char byte) { return byte == 0; }))
        bytes.back() = 1;
    return bytes;
}

/// GenAI input messages: [{"role", "parts": [{"type": "text", "content"}]}].
json genAiMessages(const std::vector<ChatMessage> &messages)
{
    json result = json::array();
    for (const auto &message : messages) {
        result.push_back({{"role", message.role.toStdString()},
                          {"parts", json::array({{{"type", "text"}, {"content", message.content.toStdString()}}})}});
    }
    return result;
}

/// The answer as one GenAI output message: reasoning, text and tool calls as parts.
json genAiOutput(const PlaygroundAnswer &answer)
{
    json parts = json::array();
    if (!answer.reasoning.isEmpty())
        parts.push_back({{"type", "reasoning"}, {"content", answer.reasoning.toStdString()}});
    if (answer.text)
        parts.push_back({{"type", "text"}, {"content", answer.text->toStdString()}});

    const json calls = parseJsonText(answer.toolCallsJson.toStdString());
    if (calls.is_array()) {
        for (const auto &call : calls) {
            parts.push_back({{"type", "tool_call"},
                             {"id", call.value("id", std::string())},
                             {"name", call.value("name", std::string())},
                             {"arguments", call.value("arguments", std::string())}});
        }
    }
    json message = {{"role", "assistant"}, {"parts", parts}};
    if (!answer.request.finishReason.isEmpty())
        message["finish_reason"] = answer.request.finishReason.toStdString();
    return json::array({message});
}

void addParameters(json &attributes, const ChatParameters &parameters)
{
    if (parameters.temperature)
        attributes["gen_ai.request.temperature"] = *parameters.temperature;
    if (parameters.topP)
        attributes["gen_ai.request.top_p"] = *parameters.topP;
    if (parameters.maxTokens)
        attributes["gen_ai.request.max_tokens"] = *parameters.maxTokens;
    if (parameters.seed)
        attributes["gen_ai.request.seed"] = *parameters.seed;
    if (!parameters.stopSequences.isEmpty()) {
        json stops = json::array();
        for (const auto &stop : parameters.stopSequences)
            stops.push_back(stop.toStdString());
        attributes["gen_ai.request.stop_sequences"] = stops;
    }
    if (parameters.responseFormat != ResponseFormat::Text)
        attributes["gen_ai.output.type"] = "json";
    if (!parameters.toolsJson.trimmed().isEmpty())
        attributes["gen_ai.tool.definitions"] = parameters.toolsJson.toStdString();
}

json chatAttributes(const PlaygroundRun &run, const PlaygroundAnswer &answer)
{
    const RequestRecord &request = answer.request;
    json attributes = json::object();
    attributes["gen_ai.operation.name"] = "chat";
    attributes["gen_ai.request.model"] = answer.model.toStdString();
    if (!request.responseModel.isEmpty())
        attributes["gen_ai.response.model"] = request.responseModel.toStdString();
    addParameters(attributes, answer.parameters);

    if (request.inputTokens)
        attributes["gen_ai.usage.input_tokens"] = *request.inputTokens;
    if (request.outputTokens)
        attributes["gen_ai.usage.output_tokens"] = *request.outputTokens;
    if (!request.finishReason.isEmpty())
        attributes["gen_ai.response.finish_reasons"] = json::array({request.finishReason.toStdString()});
    if (request.ttftMs)
        attributes["gen_ai.client.operation.time_to_first_chunk"] = *request.ttftMs / 1000.0;
    if (request.status != RequestStatus::Ok)
        attributes["error.type"] = errorClassKey(request.errorClass).toStdString();

    attributes["gen_ai.conversation.id"] = run.conversationId.toStdString();
    attributes["gen_ai.input.messages"] = genAiMessages(answer.messages).dump();
    attributes["gen_ai.output.messages"] = genAiOutput(answer).dump();
    attributes["llmops.endpoint.name"] = answer.endpointName.toStdString();
    attributes["llmops.playground.column"] = answer.column;
    attributes["llmops.request.status"] = requestStatusKey(request.status).toStdString();
    return attributes;
}

OtlpSpan playgroundSpan(const PlaygroundRun &run, std::string name, std::string spanId,
                        const std::shared_ptr<const std::string> &resource)
{
    OtlpSpan span;
    span.traceId = run.traceId;
    span.spanId = std::move(spanId);
    span.name = std::move(name);
    span.serviceName = kPlaygroundService;
    span.scopeName = "llmops-console";
    span.resourceJson = resource;
    return span;
}

} // namespace

std::string newPlaygroundTraceId()
{
    return randomBytes(16);
}

QString newConversationId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void takeOutcome(PlaygroundAnswer &answer, const ChatCallOutcome &outcome)
{
    answer.request = outcome.record;
    answer.request.source = RequestSource::Playground;
    answer.text = outcome.answer.text;
    answer.reasoning = outcome.answer.reasoning;
    answer.toolCallsJson.clear();
    if (!outcome.answer.toolCalls.empty()) {
        json calls = json::array();
        for (const auto &call : outcome.answer.toolCalls) {
            calls.push_back({{"index", call.index},
                             {"id", call.id.toStdString()},
                             {"name", call.name.toStdString()},
                             {"arguments", call.arguments.toStdString()}});
        }
        answer.toolCallsJson = QString::fromStdString(calls.dump());
    }
}

std::vector<SpanRecord> playgroundTrace(PlaygroundRun &run, const PriceTable &prices)
{
    const auto resource = std::make_shared<const std::string>(
        json{{"service.name", kPlaygroundService}, {"telemetry.sdk.name", "llmops-console"}}.dump());
    const std::string rootId = randomBytes(8);

    std::vector<SpanRecord> spans;
    qint64 startNs = run.startedAtMs * 1'000'000;
    qint64 endNs = std::max(run.endedAtMs, run.startedAtMs) * 1'000'000;
    int errors = 0;
    for (auto &answer : run.answers) {
        OtlpSpan span = playgroundSpan(run, "chat " + answer.model.toStdString(), randomBytes(8), resource);
        span.parentSpanId = rootId;
        span.kind = 3; // client
        span.startNs = answer.request.startedAtMs * 1'000'000;
        span.endNs = span.startNs + qint64(answer.request.latencyMs * 1e6);
        if (answer.request.status == RequestStatus::Error) {
            span.statusCode = 2;
            span.statusMessage = answer.request.errorMessage.toStdString();
            ++errors;
        }
        span.attributes = chatAttributes(run, answer);
        startNs = std::min(startNs, span.startNs);
        endNs = std::max(endNs, span.endNs);

        SpanRecord record = spanRecordFrom(std::move(span), prices);
        answer.costUsd = record.costUsd;
        spans.push_back(std::move(record));
    }

    OtlpSpan root = playgroundSpan(run, "playground run", rootId, resource);
    root.kind = 1; // internal
    root.startNs = startNs;
    root.endNs = endNs;
    root.statusCode = errors > 0 ? 2 : 0;
    root.attributes = {{"gen_ai.conversation.id", run.conversationId.toStdString()},
                       {"llmops.playground.columns", int(run.answers.size())}};
    if (!run.promptName.isEmpty()) {
        root.attributes["llmops.prompt.name"] = run.promptName.toStdString();
        if (run.promptVersion)
            root.attributes["llmops.prompt.version"] = *run.promptVersion;
    }
    spans.insert(spans.begin(), spanRecordFrom(std::move(root), prices));
    return spans;
}

namespace {

QString textOfParts(const json &parts)
{
    QString text;
    if (!parts.is_array())
        return text;
    for (const auto &part : parts) {
        if (part.is_object() && part.value("type", std::string()) == "text")
            text += QString::fromStdString(part.value("content", std::string()));
    }
    return text;
}

std::optional<double> realAttribute(const json &attributes, const char *key)
{
    const auto found = attributes.find(key);
    if (found == attributes.end())
        return std::nullopt;
    if (found->is_number())
        return found->get<double>();
    return std::nullopt;
}

/// gen_ai.request.* first; OpenInference keeps them as one JSON text instead.
ChatParameters parametersOf(const json &attributes)
{
    json invocation = json::object();
    if (const auto found = attributes.find("llm.invocation_parameters");
        found != attributes.end() && found->is_string()) {
        invocation = parseJsonText(found->get<std::string>());
        if (!invocation.is_object())
            invocation = json::object();
    }
    auto number = [&](const char *genAiKey, const char *invocationKey) {
        if (const auto value = realAttribute(attributes, genAiKey))
            return value;
        return realAttribute(invocation, invocationKey);
    };

    ChatParameters parameters;
    parameters.temperature = number("gen_ai.request.temperature", "temperature");
    parameters.topP = number("gen_ai.request.top_p", "top_p");
    if (const auto maxTokens = number("gen_ai.request.max_tokens", "max_tokens"); maxTokens && *maxTokens >= 1)
        parameters.maxTokens = int(std::min(*maxTokens, double(kMaxTokens)));
    if (const auto seed = number("gen_ai.request.seed", "seed"))
        parameters.seed = qint64(*seed);

    const auto stops = attributes.find("gen_ai.request.stop_sequences");
    if (stops != attributes.end() && stops->is_array()) {
        for (const auto &stop : *stops) {
            if (stop.is_string())
                parameters.stopSequences.append(QString::fromStdString(stop.get<std::string>()));
        }
    }
    return parameters;
}

} // namespace

std::optional<PlaygroundSeed> playgroundSeedFromSpan(const SpanRecord &span)
{
    SpanRecord withMessages = span;
    deriveMessages(withMessages);
    const json input = parseJsonText(withMessages.inputMessagesJson);
    if (!input.is_array() || input.empty())
        return std::nullopt;

    PlaygroundSeed seed;
    for (const auto &message : input) {
        if (!message.is_object())
            continue;
        QString role = QString::fromStdString(message.value("role", std::string("user")));
        if (role != "system"_L1 && role != "assistant"_L1 && role != "tool"_L1)
            role = u"user"_s;
        seed.messages.push_back({role, textOfParts(message.value("parts", json::array()))});
    }

    const json attributes = parseJsonText(span.attributesJson);
    if (attributes.is_object()) {
        seed.parameters = parametersOf(attributes);
        if (const auto endpoint = attributes.find("llmops.endpoint.name");
            endpoint != attributes.end() && endpoint->is_string())
            seed.endpointName = QString::fromStdString(endpoint->get<std::string>());
    }
    seed.model = QString::fromStdString(span.requestModel.empty() ? span.responseModel : span.requestModel);
    return seed;
}

std::optional<QString> answerTextFromSpan(const SpanRecord &span)
{
    SpanRecord withMessages = span;
    deriveMessages(withMessages);
    const json output = parseJsonText(withMessages.outputMessagesJson);
    if (!output.is_array())
        return std::nullopt;
    std::optional<QString> text;
    for (const auto &message : output) {
        if (message.is_object() && message.contains("parts")) {
            const QString part = textOfParts(message["parts"]);
            if (!part.isEmpty())
                text = text.value_or(QString()) + part;
        }
    }
    return text;
}

} // namespace llmops
