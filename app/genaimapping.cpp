// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "genaimapping.h"

#include "jsonreading.h"

#include <charconv>
#include <cmath>
#include <map>

namespace llmops {

namespace {

using nlohmann::json;

/// Token counts above this are taken as garbage rather than as a real call.
constexpr double kMostTokensBelievable = 1e12;

class Attributes
{
public:
    explicit Attributes(const json &object)
        : m_object(object)
    {
    }

    const json *find(std::string_view key) const
    {
        const auto found = m_object.find(key);
        return found == m_object.end() || found->is_null() ? nullptr : &*found;
    }

    /// The first of the keys that holds text (a number is taken as its text).
    std::string text(std::initializer_list<std::string_view> keys) const
    {
        for (const auto key : keys) {
            const json *value = find(key);
            if (value && value->is_string() && !value->get_ref<const std::string &>().empty())
                return value->get<std::string>();
            if (value && value->is_number())
                return value->dump();
        }
        return {};
    }

    /// The first of the keys that holds a believable token count, sent as a number or text.
    std::optional<qint64> count(std::initializer_list<std::string_view> keys) const
    {
        for (const auto key : keys) {
            if (const json *value = find(key)) {
                if (const auto number = asCount(*value))
                    return number;
            }
        }
        return std::nullopt;
    }

    std::optional<double> real(std::initializer_list<std::string_view> keys) const
    {
        for (const auto key : keys) {
            if (const json *value = find(key); value) {
                if (const auto number = asReal(*value))
                    return number;
            }
        }
        return std::nullopt;
    }

    const json &object() const { return m_object; }

    static std::optional<double> asReal(const json &value)
    {
        double number = 0;
        if (value.is_number()) {
            number = value.get<double>();
        } else if (value.is_string()) {
            const auto &text = value.get_ref<const std::string &>();
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
            if (error != std::errc() || end != text.data() + text.size())
                return std::nullopt;
        } else {
            return std::nullopt;
        }
        return std::isfinite(number) ? std::optional(number) : std::nullopt;
    }

    static std::optional<qint64> asCount(const json &value)
    {
        const auto number = asReal(value);
        if (!number || *number < 0 || *number > kMostTokensBelievable || std::floor(*number) != *number)
            return std::nullopt;
        return qint64(*number);
    }

private:
    const json &m_object;
};

std::string textOf(const json &value)
{
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_null())
        return {};
    return value.dump();
}

// ---------------------------------------------------------------------------------------
// Messages, brought into the GenAI shape: [{"role", "parts": [{"type": "text", "content"}]}]

json textPart(const json &content)
{
    return {{"type", "text"}, {"content", textOf(content)}};
}

/// A message in any of the shapes seen: GenAI parts, OpenAI-style content and tool_calls,
/// or bare text.
json normalizedMessage(const json &message, const char *defaultRole)
{
    if (!message.is_object())
        return {{"role", defaultRole}, {"parts", json::array({textPart(message)})}};

    json normalized = {{"role", message.value("role", std::string(defaultRole))}};
    if (const auto parts = message.find("parts"); parts != message.end() && parts->is_array()) {
        normalized["parts"] = *parts;
    } else {
        json newParts = json::array();
        if (const auto content = message.find("content"); content != message.end() && !content->is_null()) {
            if (content->is_array()) {
                for (const auto &piece : *content)
                    newParts.push_back(piece.is_object() && piece.contains("text") ? textPart(piece["text"])
                                                                                   : textPart(piece));
            } else {
                newParts.push_back(textPart(*content));
            }
        }
        if (const auto calls = message.find("tool_calls"); calls != message.end() && calls->is_array()) {
            for (const auto &call : *calls) {
                const json function = call.value("function", json::object());
                newParts.push_back(
                    {{"type", "tool_call"},
                     {"id", call.value("id", std::string())},
                     {"name", function.value("name", call.value("name", std::string()))},
                     {"arguments", textOf(function.value("arguments", call.value("arguments", json())))}});
            }
        }
        normalized["parts"] = std::move(newParts);
    }
    if (const auto reason = message.find("finish_reason"); reason != message.end() && reason->is_string())
        normalized["finish_reason"] = *reason;
    return normalized;
}

/// A messages attribute: JSON text or an array value holding messages, or plain text.
json messagesFrom(const json &value, const char *defaultRole)
{
    json parsed = value;
    if (value.is_string())
        parsed = parseBoundedJson(value.get_ref<const std::string &>());
    if (parsed.is_discarded() || (!parsed.is_array() && !parsed.is_object()))
        return json::array({normalizedMessage(value, defaultRole)});

    json messages = json::array();
    if (parsed.is_object()) {
        messages.push_back(normalizedMessage(parsed, defaultRole));
        return messages;
    }
    for (const auto &message : parsed)
        messages.push_back(normalizedMessage(message, defaultRole));
    return messages;
}

/// Flattened indexed attributes ("gen_ai.prompt.0.role", "llm.input_messages.1.message.content")
/// gathered per index: index -> (rest of the key -> value).
std::map<int, std::map<std::string, json>> indexedGroups(const json &attributes, std::string_view prefix)
{
    std::map<int, std::map<std::string, json>> groups;
    const auto &object = attributes.get_ref<const json::object_t &>();
    for (auto it = object.lower_bound(std::string(prefix)); it != object.end(); ++it) {
        const std::string &key = it->first;
        if (key.compare(0, prefix.size(), prefix) != 0)
            break;
        int index = 0;
        const char *begin = key.data() + prefix.size();
        const auto [end, error] = std::from_chars(begin, key.data() + key.size(), index);
        if (error != std::errc() || end == begin || *end != '.')
            continue;
        groups[index][std::string(end + 1)] = it->second;
    }
    return groups;
}

/// Messages spread over indexed attributes, as OpenInference and OpenLLMetry write them;
/// `field` prefixes each message's own keys ("message." for OpenInference, "" otherwise).
json indexedMessages(const json &attributes, std::string_view prefix, const std::string &field)
{
    json messages = json::array();
    for (const auto &[index, group] : indexedGroups(attributes, prefix)) {
        json message = json::object();
        const auto value = [&](const std::string &name) {
            const auto found = group.find(field + name);
            return found == group.end() ? json() : found->second;
        };
        if (!value("role").is_null())
            message["role"] = textOf(value("role"));
        if (!value("content").is_null())
            message["content"] = value("content");
        if (!value("finish_reason").is_null())
            message["finish_reason"] = textOf(value("finish_reason"));

        // Tool calls: "<field>tool_calls.<j>.tool_call.function.name" (OpenInference) or
        // "tool_calls.<j>.name" (OpenLLMetry).
        json toolCallAttributes = json::object();
        for (const auto &[rest, callValue] : group)
            toolCallAttributes[rest] = callValue;
        json calls = json::array();
        for (const auto &[callIndex, call] : indexedGroups(toolCallAttributes, field + "tool_calls.")) {
            const auto callField = [&](std::initializer_list<const char *> names) {
                for (const char *name : names) {
                    if (const auto found = call.find(name); found != call.end())
                        return textOf(found->second);
                }
                return std::string();
            };
            calls.push_back({{"id", callField({"tool_call.id", "id"})},
                             {"name", callField({"tool_call.function.name", "name"})},
                             {"arguments", callField({"tool_call.function.arguments", "arguments"})}});
        }
        if (!calls.empty())
            message["tool_calls"] = calls;
        if (!message.empty())
            messages.push_back(normalizedMessage(message, "user"));
    }
    return messages;
}

/// The deprecated per-message events: gen_ai.{system,user,assistant,tool}.message for the
/// input, gen_ai.choice for the output.
void messagesFromEvents(const json &events, json &input, json &output)
{
    for (const auto &event : events) {
        const std::string name = event.value("name", std::string());
        const json attributes = event.value("attributes", json::object());
        const auto content = [&]() {
            for (const char *key : {"content", "gen_ai.event.content", "message"}) {
                if (const auto found = attributes.find(key); found != attributes.end())
                    return *found;
            }
            return json();
        };
        if (name == "gen_ai.system.message" || name == "gen_ai.user.message" || name == "gen_ai.assistant.message"
            || name == "gen_ai.tool.message") {
            const std::string role = name.substr(7, name.size() - 7 - 8);
            json message = content();
            if (message.is_string()) {
                const json parsed = parseBoundedJson(message.get<std::string>());
                if (parsed.is_object())
                    message = parsed;
            }
            json normalized = normalizedMessage(message.is_object() ? message : json{{"content", message}}, "user");
            normalized["role"] = attributes.value("role", role);
            input.push_back(std::move(normalized));
        } else if (name == "gen_ai.choice") {
            json message = content();
            if (message.is_string()) {
                const json parsed = parseBoundedJson(message.get<std::string>());
                if (parsed.is_object())
                    message = parsed;
            }
            json normalized = normalizedMessage(message.is_object() ? message : json{{"content", message}},
                                                "assistant");
            if (const auto reason = attributes.find("finish_reason"); reason != attributes.end())
                normalized["finish_reason"] = textOf(*reason);
            output.push_back(std::move(normalized));
        }
    }
}

/// OpenInference's retrieved documents, shown as such in the transcript.
json retrievedDocuments(const json &attributes)
{
    json parts = json::array();
    for (const auto &[index, group] : indexedGroups(attributes, "retrieval.documents.")) {
        json part = {{"type", "retrieved_document"}};
        for (const char *field : {"id", "content", "score"}) {
            if (const auto found = group.find(std::string("document.") + field); found != group.end())
                part[field] = found->second;
        }
        parts.push_back(std::move(part));
    }
    return parts;
}

struct Messages {
    json input = json::array();
    json output = json::array();
};

Messages readMessages(const Attributes &attributes, const json &events, const std::string &toolName)
{
    Messages messages;
    json &input = messages.input;
    json &output = messages.output;

    if (const json *system = attributes.find("gen_ai.system_instructions")) {
        json parts = system->is_string() ? parseBoundedJson(system->get<std::string>()) : *system;
        if (parts.is_discarded() || !parts.is_array())
            parts = json::array({textPart(*system)});
        input.push_back({{"role", "system"}, {"parts", parts}});
    }

    if (const json *messages = attributes.find("gen_ai.input.messages")) {
        for (auto &message : messagesFrom(*messages, "user"))
            input.push_back(std::move(message));
    } else if (const json *prompt = attributes.find("gen_ai.prompt"); prompt && !prompt->is_object()) {
        for (auto &message : messagesFrom(*prompt, "user"))
            input.push_back(std::move(message));
    } else if (json indexed = indexedMessages(attributes.object(), "llm.input_messages.", "message.");
               !indexed.empty()) {
        input.insert(input.end(), indexed.begin(), indexed.end());
    } else if (json flattened = indexedMessages(attributes.object(), "gen_ai.prompt.", ""); !flattened.empty()) {
        input.insert(input.end(), flattened.begin(), flattened.end());
    } else if (const json *value = attributes.find("input.value")) {
        input.push_back(normalizedMessage(json{{"content", *value}}, "user"));
    }

    if (const json *messages = attributes.find("gen_ai.output.messages")) {
        output = messagesFrom(*messages, "assistant");
    } else if (const json *completion = attributes.find("gen_ai.completion")) {
        output = messagesFrom(*completion, "assistant");
    } else if (json indexed = indexedMessages(attributes.object(), "llm.output_messages.", "message.");
               !indexed.empty()) {
        output = std::move(indexed);
    } else if (json flattened = indexedMessages(attributes.object(), "gen_ai.completion.", ""); !flattened.empty()) {
        output = std::move(flattened);
    } else if (const json *value = attributes.find("output.value")) {
        output.push_back(normalizedMessage(json{{"content", *value}}, "assistant"));
    }
    messagesFromEvents(events, input, output);

    // A tool span's call and result read as one turn each way.
    if (const json *arguments = attributes.find("gen_ai.tool.call.arguments")) {
        input.push_back({{"role", "assistant"},
                         {"parts",
                          json::array({{{"type", "tool_call"},
                                        {"id", attributes.text({"gen_ai.tool.call.id"})},
                                        {"name", toolName},
                                        {"arguments", textOf(*arguments)}}})}});
    }
    if (const json *result = attributes.find("gen_ai.tool.call.result")) {
        output.push_back({{"role", "tool"},
                          {"parts",
                           json::array({{{"type", "tool_call_response"},
                                         {"id", attributes.text({"gen_ai.tool.call.id"})},
                                         {"response", textOf(*result)}}})}});
    }
    if (json documents = retrievedDocuments(attributes.object()); !documents.empty())
        output.push_back({{"role", "retriever"}, {"parts", std::move(documents)}});

    return messages;
}

/// The words search finds a span by: those of its messages and tool calls.
std::string searchTextOf(const Messages &messages)
{
    std::string search;
    for (const json *list : {&messages.input, &messages.output}) {
        for (const auto &message : *list) {
            for (const auto &part : message.value("parts", json::array())) {
                for (const char *field : {"content", "name", "arguments", "response"}) {
                    if (const auto found = part.find(field); found != part.end() && !found->is_null()) {
                        search += textOf(*found);
                        search += '\n';
                    }
                }
            }
        }
    }
    return search;
}

// ---------------------------------------------------------------------------------------
// Operation, models, tokens

/// OpenInference span kinds and OpenLLMetry's request types, as GenAI operation names.
std::string operationOf(const Attributes &attributes)
{
    if (std::string operation = attributes.text({"gen_ai.operation.name"}); !operation.empty())
        return operation;

    static const std::map<std::string, std::string, std::less<>> openInferenceKinds = {
        {"LLM", "chat"},           {"EMBEDDING", "embeddings"}, {"TOOL", "execute_tool"},
        {"AGENT", "invoke_agent"}, {"RETRIEVER", "retrieval"},  {"CHAIN", "invoke_workflow"},
        {"RERANKER", "rerank"},    {"GUARDRAIL", "guardrail"},  {"EVALUATOR", "evaluate"}};
    std::string kind = attributes.text({"openinference.span.kind"});
    std::transform(kind.begin(), kind.end(), kind.begin(), [](char c) { return char(std::toupper(uchar(c))); });
    if (const auto found = openInferenceKinds.find(kind); found != openInferenceKinds.end())
        return found->second;

    static const std::map<std::string, std::string, std::less<>> openLlmetryTypes = {{"chat", "chat"},
                                                                                     {"completion", "text_completion"},
                                                                                     {"embedding", "embeddings"},
                                                                                     {"workflow", "invoke_workflow"},
                                                                                     {"agent", "invoke_agent"},
                                                                                     {"tool", "execute_tool"},
                                                                                     {"task", "task"}};
    for (const auto key : {"llm.request.type", "traceloop.span.kind"}) {
        if (const auto found = openLlmetryTypes.find(attributes.text({key})); found != openLlmetryTypes.end())
            return found->second;
    }
    return {};
}

json finishReasonsOf(const Attributes &attributes, const json &outputMessages)
{
    json reasons = json::array();
    if (const json *value = attributes.find("gen_ai.response.finish_reasons")) {
        if (value->is_array()) {
            for (const auto &reason : *value)
                reasons.push_back(textOf(reason));
        } else {
            reasons.push_back(textOf(*value));
        }
        return reasons;
    }
    if (const std::string single = attributes.text({"llm.response.finish_reason"}); !single.empty())
        return json::array({single});
    for (const auto &message : outputMessages) {
        if (const auto reason = message.find("finish_reason"); reason != message.end())
            reasons.push_back(textOf(*reason));
    }
    return reasons;
}

/// Time to the first chunk: an attribute in seconds, or a first-chunk event's offset.
std::optional<double> ttftOf(const Attributes &attributes, const OtlpSpan &span)
{
    for (auto it = attributes.object().begin(); it != attributes.object().end(); ++it) {
        const std::string &key = it.key();
        const bool namesTtft = key.ends_with("time_to_first_chunk") || key.ends_with("time_to_first_token");
        if (namesTtft) {
            if (const auto seconds = Attributes::asReal(it.value()); seconds && *seconds >= 0)
                return *seconds * 1000.0;
        }
    }
    for (const auto &event : span.events) {
        const std::string name = event.value("name", std::string());
        if (name.find("first_chunk") != std::string::npos || name.find("first_token") != std::string::npos) {
            const qint64 at = event.value("time_ns", qint64(0));
            if (at >= span.startNs)
                return double(at - span.startNs) / 1e6;
        }
    }
    return std::nullopt;
}

void readFigures(const Attributes &attributes, SpanRecord &record)
{
    record.provider = attributes.text({"gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system"});
    record.requestModel = attributes.text({"gen_ai.request.model", "llm.request.model", "llm.model_name"});
    record.responseModel = attributes.text({"gen_ai.response.model", "llm.response.model", "llm.model_name"});

    record.inputTokens = attributes.count({"gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens",
                                           "llm.token_count.prompt", "llm.usage.prompt_tokens"});
    record.outputTokens = attributes.count({"gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens",
                                            "llm.token_count.completion", "llm.usage.completion_tokens"});
    record.cacheReadTokens = attributes.count({"gen_ai.usage.cache_read.input_tokens",
                                               "llm.token_count.prompt_details.cache_read",
                                               "gen_ai.usage.cache_read_input_tokens"});
    record.cacheWriteTokens = attributes.count({"gen_ai.usage.cache_creation.input_tokens",
                                                "llm.token_count.prompt_details.cache_write",
                                                "gen_ai.usage.cache_creation_input_tokens"});
    record.reasoningTokens = attributes.count({"gen_ai.usage.reasoning.output_tokens",
                                               "llm.token_count.completion_details.reasoning",
                                               "gen_ai.usage.reasoning_tokens"});

    record.conversationId = attributes.text(
        {"gen_ai.conversation.id", "session.id", "traceloop.association.properties.session_id"});
    record.agentName = attributes.text({"gen_ai.agent.name", "agent.name"});
    record.toolName = attributes.text({"gen_ai.tool.name", "tool.name"});
    record.errorType = attributes.text({"error.type", "exception.type"});
}

void priceSpan(const Attributes &attributes, const PriceTable &prices, SpanRecord &record)
{
    if (const auto reported = attributes.real({"gen_ai.usage.cost", "llm.cost.total", "gen_ai.cost.total_usd"});
        reported && *reported >= 0) {
        record.costUsd = *reported;
        return;
    }
    if (!record.inputTokens && !record.outputTokens)
        return;
    const std::string &model = record.responseModel.empty() ? record.requestModel : record.responseModel;
    const ModelPrice *price = prices.find(record.provider, model);
    if (!price && model != record.requestModel)
        price = prices.find(record.provider, record.requestModel);
    if (!price)
        return;
    record.costUsd = costOf(*price,
                            {record.inputTokens.value_or(0), record.outputTokens.value_or(0),
                             record.cacheReadTokens.value_or(0), record.cacheWriteTokens.value_or(0),
                             record.reasoningTokens.value_or(0)});
}

} // namespace

SpanRecord spanRecordFrom(OtlpSpan &&span, const PriceTable &prices)
{
    SpanRecord record;
    record.traceId = std::move(span.traceId);
    record.spanId = std::move(span.spanId);
    record.parentSpanId = std::move(span.parentSpanId);
    record.name = std::move(span.name);
    record.kind = span.kind;
    record.startNs = span.startNs;
    record.endNs = span.endNs;
    record.status = span.statusCode == 1 ? SpanStatus::Ok
        : span.statusCode == 2           ? SpanStatus::Error
                                         : SpanStatus::Unset;
    record.statusMessage = std::move(span.statusMessage);
    record.serviceName = std::move(span.serviceName);
    record.scopeName = std::move(span.scopeName);

    const Attributes attributes(span.attributes);
    record.operation = operationOf(attributes);
    readFigures(attributes, record);
    record.ttftMs = ttftOf(attributes, span);
    // The messages are not kept (deriveMessages() reads them again when a span is shown);
    // search and the finish reasons need them now.
    const Messages messages = readMessages(attributes, span.events, record.toolName);
    record.searchText = searchTextOf(messages);
    record.finishReasonsJson = finishReasonsOf(attributes, messages.output).dump();
    priceSpan(attributes, prices, record);

    record.attributesJson = span.attributes.dump();
    record.eventsJson = span.events.dump();
    record.linksJson = span.links.dump();
    record.resourceJson = span.resourceJson ? *span.resourceJson : std::string("{}");
    record.warningsJson = json(span.warnings).dump();
    return record;
}

void deriveMessages(SpanRecord &span)
{
    const json attributes = parseJsonText(span.attributesJson);
    const json events = parseJsonText(span.eventsJson);
    if (!attributes.is_object())
        return;
    const Messages messages = readMessages(Attributes(attributes), events.is_array() ? events : json::array(),
                                           span.toolName);
    span.inputMessagesJson = messages.input.empty() ? std::string() : messages.input.dump();
    span.outputMessagesJson = messages.output.empty() ? std::string() : messages.output.dump();
}

} // namespace llmops
