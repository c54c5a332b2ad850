// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "chatstreamassembler.h"

#include "httperror.h"

#include <QDateTime>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace llmops {

using Json = nlohmann::ordered_json;

namespace {

constexpr qsizetype kExcerptLength = 120;

// Typed lookups that answer "absent" for a missing member or one of another type, so that
// no nlohmann type_error can come out of a server's surprising JSON.

const Json *member(const Json &object, const char *key)
{
    if (!object.is_object())
        return nullptr;
    const auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
}

std::optional<std::string_view> stringMember(const Json &object, const char *key)
{
    const Json *value = member(object, key);
    if (!value || !value->is_string())
        return std::nullopt;
    return std::string_view(value->get_ref<const std::string &>());
}

std::optional<qint64> integerMember(const Json &object, const char *key)
{
    const Json *value = member(object, key);
    if (!value)
        return std::nullopt;
    if (value->is_number_unsigned())
        return qint64(std::min<quint64>(value->get<quint64>(), quint64(std::numeric_limits<qint64>::max())));
    if (value->is_number_integer())
        return value->get<qint64>();
    if (value->is_number_float()) {
        const double number = value->get<double>();
        if (std::isfinite(number) && std::abs(number) < 9.0e18)
            return qint64(number);
    }
    return std::nullopt;
}

/// A token count as a server reports it: a non-negative integer within JSON's safe range
/// (2^53), so that a sum of a few never overflows. Anything else is treated as absent.
std::optional<qint64> countMember(const Json &object, const char *key)
{
    constexpr qint64 kLargestCount = qint64(1) << 53;
    const auto value = integerMember(object, key);
    return value && *value >= 0 && *value <= kLargestCount ? value : std::nullopt;
}

/// A position in a list (a tool call's index). Values no real response uses count as
/// absent, which also keeps the narrowing to int safe.
std::optional<qint64> indexMember(const Json &object, const char *key)
{
    constexpr qint64 kLargestIndex = 1 << 20;
    const auto value = integerMember(object, key);
    return value && *value >= 0 && *value <= kLargestIndex ? value : std::nullopt;
}

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

bool isAnthropicType(std::string_view type)
{
    return type == "message_start" || type == "content_block_start" || type == "content_block_delta"
        || type == "content_block_stop" || type == "message_delta" || type == "message_stop" || type == "ping";
}

QByteArrayView trimmed(QByteArrayView bytes)
{
    while (!bytes.isEmpty() && (bytes.front() == ' ' || bytes.front() == '\t' || bytes.front() == '\r'))
        bytes = bytes.sliced(1);
    while (!bytes.isEmpty() && (bytes.back() == ' ' || bytes.back() == '\t' || bytes.back() == '\r'))
        bytes.chop(1);
    return bytes;
}

QString excerpt(QByteArrayView bytes)
{
    QString text = QString::fromUtf8(bytes.first(std::min(bytes.size(), kExcerptLength * 4)));
    if (text.size() > kExcerptLength)
        text = text.left(kExcerptLength) + u'…';
    return text.simplified();
}

/// Ollama's created_at has up to nine fraction digits, more than Qt::ISODate reads, and the
/// console only keeps whole seconds anyway.
qint64 epochSecondsFromIso(std::string_view text)
{
    QString iso = toQString(text);
    const qsizetype dot = iso.indexOf(u'.');
    if (dot > 0) {
        qsizetype end = dot + 1;
        while (end < iso.size() && iso.at(end).isDigit())
            ++end;
        iso.remove(dot, end - dot);
    }

    const QDateTime time = QDateTime::fromString(iso, Qt::ISODate);
    return time.isValid() ? time.toSecsSinceEpoch() : 0;
}

/// OpenAI usage, also in the input/output spelling of newer APIs and some gateways.
void readOpenAiUsage(const Json &usage, TokenUsage &out)
{
    if (!usage.is_object())
        return;

    if (const auto value = countMember(usage, "prompt_tokens"))
        out.inputTokens = value;
    else if (const auto input = countMember(usage, "input_tokens"))
        out.inputTokens = input;
    if (const auto value = countMember(usage, "completion_tokens"))
        out.outputTokens = value;
    else if (const auto output = countMember(usage, "output_tokens"))
        out.outputTokens = output;
    if (const auto value = countMember(usage, "total_tokens"))
        out.totalTokens = value;

    for (const char *details : {"prompt_tokens_details", "input_tokens_details"}) {
        if (const Json *object = member(usage, details)) {
            if (const auto cached = countMember(*object, "cached_tokens"))
                out.cachedInputTokens = cached;
        }
    }
    for (const char *details : {"completion_tokens_details", "output_tokens_details"}) {
        if (const Json *object = member(usage, details)) {
            if (const auto reasoning = countMember(*object, "reasoning_tokens"))
                out.reasoningTokens = reasoning;
        }
    }
}

/// Anthropic counts cache reads and writes apart from input_tokens; the console stores
/// OpenAI semantics, where the cached part is included in the input.
void readAnthropicUsage(const Json &usage, TokenUsage &out)
{
    if (!usage.is_object())
        return;

    const auto input = countMember(usage, "input_tokens");
    const auto cacheRead = countMember(usage, "cache_read_input_tokens");
    const auto cacheWrite = countMember(usage, "cache_creation_input_tokens");
    if (input)
        out.inputTokens = *input + cacheRead.value_or(0) + cacheWrite.value_or(0);
    if (cacheRead)
        out.cachedInputTokens = cacheRead;
    if (cacheWrite)
        out.cacheWriteInputTokens = cacheWrite;
    if (const auto output = countMember(usage, "output_tokens"))
        out.outputTokens = output;

    if (out.inputTokens && out.outputTokens)
        out.totalTokens = *out.inputTokens + *out.outputTokens;
}

void readOllamaUsage(const Json &object, ChatResult &result)
{
    if (const auto prompt = countMember(object, "prompt_eval_count"))
        result.usage.inputTokens = prompt;
    if (const auto eval = countMember(object, "eval_count"))
        result.usage.outputTokens = eval;
    if (result.usage.inputTokens && result.usage.outputTokens)
        result.usage.totalTokens = *result.usage.inputTokens + *result.usage.outputTokens;

    if (const auto total = integerMember(object, "total_duration"))
        result.totalDurationNs = total;
    if (const auto prompt = integerMember(object, "prompt_eval_duration"))
        result.promptEvalDurationNs = prompt;
    if (const auto eval = integerMember(object, "eval_duration"))
        result.evalDurationNs = eval;
}

/// Tool-call arguments are JSON text in OpenAI's format but an object in Ollama's.
QString argumentsText(const Json &arguments)
{
    if (arguments.is_string())
        return toQString(arguments.get_ref<const std::string &>());
    if (arguments.is_null())
        return {};
    return QString::fromStdString(arguments.dump());
}

/// OpenAI content is a string, null, or (in newer and compatible servers) a list of parts.
std::optional<QString> contentText(const Json *content)
{
    if (!content)
        return std::nullopt;
    if (content->is_string())
        return toQString(content->get_ref<const std::string &>());
    if (!content->is_array())
        return std::nullopt;

    QString text;
    for (const Json &part : *content) {
        if (const auto piece = stringMember(part, "text"))
            text += toQString(*piece);
    }
    return text;
}

void setIdentity(const Json &object, ChatResult &result)
{
    // An empty id or model (Azure's filter-results chunk) is no value and never overwrites one.
    if (result.responseId.isEmpty()) {
        if (const auto id = stringMember(object, "id"); id && !id->empty())
            result.responseId = toQString(*id);
    }
    if (result.responseModel.isEmpty()) {
        if (const auto model = stringMember(object, "model"); model && !model->empty())
            result.responseModel = toQString(*model);
    }
    if (result.created == 0) {
        if (const auto created = integerMember(object, "created"); created && *created > 0)
            result.created = *created;
    }
}

void keepMetadata(const char *key, const Json &value, ChatResult &result)
{
    Json metadata = Json::object();
    if (!result.metadataJson.isEmpty())
        metadata = Json::parse(result.metadataJson.toStdString(), nullptr, false);
    if (!metadata.is_object())
        metadata = Json::object();

    metadata[key] = value;
    result.metadataJson = QString::fromStdString(metadata.dump());
}

} // namespace

ChatStreamAssembler::ChatStreamAssembler(StreamFormat format)
    : m_format(format)
{
}

void ChatStreamAssembler::feed(QByteArrayView read)
{
    if (m_finished || m_overflowed || read.isEmpty())
        return;
    m_bytesSeen += read.size();

    if (m_format == StreamFormat::Ndjson) {
        for (const QByteArray &line : m_ndjson.feed(read)) {
            if (!handleJsonText(line, {}))
                recordParseError(line);
        }
    } else {
        m_events.clear();
        m_sse.feed(read, m_events);
        for (const SseEvent &event : m_events)
            handleSseEvent(event);
    }
    stopIfAnEventNeverEnds();
}

void ChatStreamAssembler::stopIfAnEventNeverEnds()
{
    // A server that never ends a line would otherwise grow the buffer until the timeout.
    const qsizetype buffered = m_format == StreamFormat::Ndjson ? m_ndjson.bufferedBytes() : m_sse.bufferedBytes();
    if (buffered <= kLongestEventBytes)
        return;
    m_overflowed = true;
    m_result.failure = StreamFailure{ErrorClass::MalformedStream, u"event_too_long"_s,
                                     u"An event grew beyond %1 MiB without ending"_s.arg(kLongestEventBytes >> 20)};
}

void ChatStreamAssembler::finish()
{
    if (m_finished)
        return;
    m_finished = true;

    bool cutInsideEvent = false;
    if (m_format == StreamFormat::Sse) {
        cutInsideEvent = m_sse.finish();
    } else if (const auto lastLine = m_ndjson.finish()) {
        // A final object without newline is normal for Ollama; one that does not parse was
        // cut in the middle, which is a cut stream rather than a malformed one.
        if (!handleJsonText(*lastLine, {})) {
            ++m_result.parseErrors;
            cutInsideEvent = true;
        }
    }

    if (m_sawEndMarker) {
        m_result.finished = true;
        return;
    }
    if (m_result.failure)
        return;

    if (m_recognisedEvents == 0 && m_bytesSeen > 0 && !cutInsideEvent) {
        m_result.failure = StreamFailure{ErrorClass::MalformedStream, u"no_events"_s,
                                         u"The body held no event of a known chat stream format"_s};
        return;
    }
    if (!m_result.finishReason.isEmpty() && !cutInsideEvent) {
        m_result.finished = true;
        return;
    }
    m_result.failure = StreamFailure{ErrorClass::StreamCut, u"stream_cut"_s,
                                     u"The stream ended before its end marker"_s};
}

void ChatStreamAssembler::handleSseEvent(const SseEvent &event)
{
    const QByteArrayView data = trimmed(event.data);
    if (data.isEmpty())
        return;

    if (data == "[DONE]") {
        m_sawEndMarker = true;
        ++m_recognisedEvents;
        return;
    }
    if (!handleJsonText(data, event.event))
        recordParseError(data);
}

bool ChatStreamAssembler::handleJsonText(QByteArrayView text, QByteArrayView sseEventType)
{
    const Json object = Json::parse(text.begin(), text.end(), nullptr, false);
    if (object.is_discarded() || !object.is_object())
        return false;

    // The accessors check types, so only a bug or an exhausted allocator can throw here; the
    // event is then counted as unreadable and the stream goes on.
    try {
        m_eventCarriedContent = false;
        handleObject(object, sseEventType);
        if (m_eventCarriedContent)
            ++m_result.contentEvents;
    } catch (...) {
        return false;
    }
    return true;
}

void ChatStreamAssembler::handleObject(const Json &object, QByteArrayView sseEventType)
{
    std::string_view type = sseEventType.isEmpty() ? std::string_view()
                                                   : std::string_view(sseEventType.data(), size_t(sseEventType.size()));
    if (const auto jsonType = stringMember(object, "type"); jsonType && (type.empty() || type == "message"))
        type = *jsonType;

    if (const auto error = readProviderError(object); error || type == "error") {
        ++m_recognisedEvents;
        recordProviderError(error ? error->type : QString(), error ? error->message : u"Unknown error"_s);
        return;
    }

    if (isAnthropicType(type)) {
        ++m_recognisedEvents;
        handleAnthropicEvent(type, object);
    } else if (member(object, "choices") || member(object, "usage")) {
        ++m_recognisedEvents;
        handleOpenAiChunk(object);
    } else if (member(object, "message") || member(object, "done") || member(object, "response")) {
        ++m_recognisedEvents;
        handleOllamaObject(object);
    }
}

void ChatStreamAssembler::handleOpenAiChunk(const Json &chunk)
{
    setIdentity(chunk, m_result);
    if (const Json *filters = member(chunk, "prompt_filter_results"))
        keepMetadata("prompt_filter_results", *filters, m_result);
    if (const Json *usage = member(chunk, "usage"))
        readOpenAiUsage(*usage, m_result.usage);

    const Json *choices = member(chunk, "choices");
    if (!choices || !choices->is_array())
        return;

    for (const Json &choice : *choices) {
        if (integerMember(choice, "index").value_or(0) != 0)
            continue;

        if (const Json *delta = member(choice, "delta")) {
            if (const auto content = stringMember(*delta, "content"))
                appendText(*content);
            if (const auto reasoning = stringMember(*delta, "reasoning_content"))
                appendReasoning(*reasoning);
            else if (const auto other = stringMember(*delta, "reasoning"))
                appendReasoning(*other);

            const Json *toolCalls = member(*delta, "tool_calls");
            if (toolCalls && toolCalls->is_array()) {
                for (const Json &fragment : *toolCalls)
                    handleOpenAiToolCall(fragment);
            }
        }

        // Some servers send "" instead of null on every chunk that does not end the answer.
        if (const auto reason = stringMember(choice, "finish_reason"); reason && !reason->empty())
            m_result.finishReason = toQString(*reason);
    }
}

void ChatStreamAssembler::handleOpenAiToolCall(const Json &fragment)
{
    if (!fragment.is_object())
        return;
    m_eventCarriedContent = true;

    const auto id = stringMember(fragment, "id");
    const QString idText = id ? toQString(*id) : QString();
    ToolCall &call = m_result.toolCalls[toolCallFor(indexMember(fragment, "index"), idText)];
    if (call.id.isEmpty())
        call.id = idText;

    const Json *function = member(fragment, "function");
    if (!function)
        return;
    if (const auto name = stringMember(*function, "name"); name && call.name.isEmpty())
        call.name = toQString(*name);
    if (const Json *arguments = member(*function, "arguments")) {
        if (arguments->is_string())
            call.arguments += toQString(arguments->get_ref<const std::string &>());
        else
            call.arguments = argumentsText(*arguments);
    }
}

void ChatStreamAssembler::handleAnthropicEvent(std::string_view type, const Json &event)
{
    if (type == "content_block_delta") {
        const Json *delta = member(event, "delta");
        if (!delta)
            return;
        const auto deltaType = stringMember(*delta, "type").value_or("");
        if (deltaType == "text_delta") {
            appendText(stringMember(*delta, "text").value_or(""));
        } else if (deltaType == "thinking_delta") {
            appendReasoning(stringMember(*delta, "thinking").value_or(""));
        } else if (deltaType == "input_json_delta") {
            m_eventCarriedContent = true;
            const auto blockIndex = integerMember(event, "index");
            const auto found = m_toolCallByIndex.find(blockIndex.value_or(-1));
            const size_t position = found != m_toolCallByIndex.end() ? found->second : toolCallFor(blockIndex, {});
            m_result.toolCalls[position].arguments += toQString(stringMember(*delta, "partial_json").value_or(""));
        }
        return;
    }

    if (type == "content_block_start") {
        const Json *block = member(event, "content_block");
        if (!block)
            return;
        const auto blockType = stringMember(*block, "type").value_or("");
        if (blockType == "text") {
            appendText(stringMember(*block, "text").value_or(""));
        } else if (blockType == "thinking") {
            appendReasoning(stringMember(*block, "thinking").value_or(""));
        } else if (blockType == "tool_use" || blockType == "server_tool_use") {
            // Anthropic numbers content blocks, not tool calls: calls are numbered in order.
            m_eventCarriedContent = true;
            const size_t position = insertToolCall(int(m_result.toolCalls.size()));
            m_toolCallByIndex[integerMember(event, "index").value_or(-1)] = position;
            ToolCall &call = m_result.toolCalls[position];
            call.id = toQString(stringMember(*block, "id").value_or(""));
            call.name = toQString(stringMember(*block, "name").value_or(""));
            if (const Json *input = member(*block, "input"); input && input->is_object() && !input->empty())
                call.arguments = argumentsText(*input);
        }
        return;
    }

    if (type == "message_start") {
        if (const Json *message = member(event, "message")) {
            setIdentity(*message, m_result);
            if (const Json *usage = member(*message, "usage"))
                readAnthropicUsage(*usage, m_result.usage);
        }
    } else if (type == "message_delta") {
        if (const Json *delta = member(event, "delta")) {
            if (const auto reason = stringMember(*delta, "stop_reason"); reason && !reason->empty())
                m_result.finishReason = toQString(*reason);
        }
        if (const Json *usage = member(event, "usage"))
            readAnthropicUsage(*usage, m_result.usage);
    } else if (type == "message_stop") {
        m_sawEndMarker = true;
    }
}

void ChatStreamAssembler::handleOllamaObject(const Json &object)
{
    if (m_result.responseModel.isEmpty()) {
        if (const auto model = stringMember(object, "model"))
            m_result.responseModel = toQString(*model);
    }
    if (m_result.created == 0) {
        if (const auto createdAt = stringMember(object, "created_at"))
            m_result.created = epochSecondsFromIso(*createdAt);
    }

    // /api/chat nests the answer in "message"; /api/generate puts it at the top level.
    const Json *message = member(object, "message");
    const Json &answer = message ? *message : object;
    if (const auto content = stringMember(answer, message ? "content" : "response"))
        appendText(*content);
    if (const auto thinking = stringMember(answer, "thinking"))
        appendReasoning(*thinking);

    // Ollama sends each tool call whole, in one object, with arguments as a JSON object.
    if (const Json *toolCalls = member(answer, "tool_calls"); toolCalls && toolCalls->is_array()) {
        for (const Json &entry : *toolCalls) {
            const Json *function = member(entry, "function");
            if (!function)
                continue;
            m_eventCarriedContent = true;
            const auto index = indexMember(*function, "index");
            const size_t position = insertToolCall(int(index.value_or(qint64(m_result.toolCalls.size()))));
            ToolCall &call = m_result.toolCalls[position];
            call.id = toQString(stringMember(entry, "id").value_or(""));
            call.name = toQString(stringMember(*function, "name").value_or(""));
            if (const Json *arguments = member(*function, "arguments"))
                call.arguments = argumentsText(*arguments);
        }
    }

    const Json *done = member(object, "done");
    if (done && done->is_boolean() && done->get<bool>()) {
        m_sawEndMarker = true;
        if (const auto reason = stringMember(object, "done_reason"); reason && !reason->empty())
            m_result.finishReason = toQString(*reason);
        readOllamaUsage(object, m_result);
    }
}

void ChatStreamAssembler::appendText(std::string_view text)
{
    if (!m_result.text)
        m_result.text = QString();
    if (text.empty())
        return;
    m_result.text->append(toQString(text));
    m_eventCarriedContent = true;
}

void ChatStreamAssembler::appendReasoning(std::string_view text)
{
    if (text.empty())
        return;
    m_result.reasoning.append(toQString(text));
    m_eventCarriedContent = true;
}

size_t ChatStreamAssembler::toolCallFor(std::optional<qint64> providerIndex, const QString &id)
{
    std::vector<ToolCall> &calls = m_result.toolCalls;
    const auto nextFreeIndex = [&calls] {
        int next = 0;
        for (const ToolCall &call : calls)
            next = std::max(next, call.index + 1);
        return next;
    };

    if (providerIndex) {
        const auto found = m_toolCallByIndex.find(*providerIndex);
        if (found == m_toolCallByIndex.end()) {
            const auto hasIndex = [&](const ToolCall &call) { return call.index == *providerIndex; };
            const bool taken = std::any_of(calls.begin(), calls.end(), hasIndex);
            const size_t position = insertToolCall(taken ? nextFreeIndex() : int(*providerIndex));
            m_toolCallByIndex[*providerIndex] = position;
            return position;
        }

        // A new id at an index in use: the server numbers every parallel call 0.
        const ToolCall &current = calls[found->second];
        if (!id.isEmpty() && !current.id.isEmpty() && current.id != id) {
            const size_t position = insertToolCall(nextFreeIndex());
            m_toolCallByIndex[*providerIndex] = position;
            return position;
        }
        m_lastToolCall = found->second;
        return found->second;
    }

    // Without an index, an id names the call; a fragment with neither continues the last one.
    if (!id.isEmpty()) {
        const auto hasId = [&](const ToolCall &call) { return call.id == id; };
        const auto byId = std::find_if(calls.begin(), calls.end(), hasId);
        if (byId == calls.end())
            return insertToolCall(nextFreeIndex());
        m_lastToolCall = size_t(byId - calls.begin());
        return *m_lastToolCall;
    }
    if (m_lastToolCall)
        return *m_lastToolCall;
    return insertToolCall(nextFreeIndex());
}

size_t ChatStreamAssembler::insertToolCall(int index)
{
    std::vector<ToolCall> &calls = m_result.toolCalls;
    const auto at = std::upper_bound(calls.begin(), calls.end(), index,
                                     [](int value, const ToolCall &call) { return value < call.index; });
    const size_t position = size_t(at - calls.begin());
    calls.insert(at, ToolCall{index, {}, {}, {}});

    // Calls after the new one moved one place on; so do the positions that name them.
    for (auto &[key, mapped] : m_toolCallByIndex) {
        if (mapped >= position)
            ++mapped;
    }
    m_lastToolCall = position;
    return position;
}

void ChatStreamAssembler::recordParseError(QByteArrayView text)
{
    ++m_result.parseErrors;
    if (!m_result.failure)
        m_result.failure = StreamFailure{ErrorClass::MalformedStream, u"invalid_json"_s, excerpt(text)};
}

void ChatStreamAssembler::recordProviderError(const QString &type, const QString &message)
{
    // The provider's own error says more than an unreadable chunk before it did.
    if (m_result.failure && m_result.failure->errorClass == ErrorClass::StreamError)
        return;
    m_result.failure = StreamFailure{ErrorClass::StreamError, type, message};
}

namespace {

std::vector<ToolCall> readOpenAiToolCalls(const Json &toolCalls)
{
    std::vector<ToolCall> calls;
    int position = 0;
    for (const Json &entry : toolCalls) {
        ToolCall call;
        call.index = int(indexMember(entry, "index").value_or(position++));
        call.id = toQString(stringMember(entry, "id").value_or(""));
        if (const Json *function = member(entry, "function")) {
            call.name = toQString(stringMember(*function, "name").value_or(""));
            if (const Json *arguments = member(*function, "arguments"))
                call.arguments = argumentsText(*arguments);
        }
        calls.push_back(call);
    }
    std::stable_sort(calls.begin(), calls.end(),
                     [](const ToolCall &a, const ToolCall &b) { return a.index < b.index; });
    return calls;
}

/// A chat.completion object (or a legacy text completion): the first choice is the answer.
void readOpenAiCompletion(const Json &object, const Json &choices, ChatResult &result)
{
    setIdentity(object, result);
    if (const Json *usage = member(object, "usage"))
        readOpenAiUsage(*usage, result.usage);
    if (const Json *filters = member(object, "prompt_filter_results"))
        keepMetadata("prompt_filter_results", *filters, result);

    if (choices.empty())
        return;
    const Json &choice = choices.front();
    if (const auto reason = stringMember(choice, "finish_reason"); reason && !reason->empty())
        result.finishReason = toQString(*reason);

    const Json *message = member(choice, "message");
    if (!message) {
        // The legacy completions API puts plain text in the choice.
        if (const auto text = stringMember(choice, "text"))
            result.text = toQString(*text);
        return;
    }

    result.text = contentText(member(*message, "content"));
    if (const auto reasoning = stringMember(*message, "reasoning_content"))
        result.reasoning = toQString(*reasoning);
    else if (const auto other = stringMember(*message, "reasoning"))
        result.reasoning = toQString(*other);
    if (const Json *toolCalls = member(*message, "tool_calls"); toolCalls && toolCalls->is_array())
        result.toolCalls = readOpenAiToolCalls(*toolCalls);
}

/// An Anthropic message: content blocks of text, thinking and tool use, in order.
void readAnthropicMessage(const Json &object, ChatResult &result)
{
    setIdentity(object, result);
    if (const Json *usage = member(object, "usage"))
        readAnthropicUsage(*usage, result.usage);
    if (const auto reason = stringMember(object, "stop_reason"))
        result.finishReason = toQString(*reason);

    const Json *content = member(object, "content");
    if (!content || !content->is_array())
        return;
    for (const Json &block : *content) {
        const auto type = stringMember(block, "type").value_or("");
        if (type == "text") {
            result.text = result.text.value_or(QString()) + toQString(stringMember(block, "text").value_or(""));
        } else if (type == "thinking") {
            result.reasoning += toQString(stringMember(block, "thinking").value_or(""));
        } else if (type == "tool_use") {
            ToolCall call;
            call.index = int(result.toolCalls.size());
            call.id = toQString(stringMember(block, "id").value_or(""));
            call.name = toQString(stringMember(block, "name").value_or(""));
            if (const Json *input = member(block, "input"))
                call.arguments = argumentsText(*input);
            result.toolCalls.push_back(call);
        }
    }
}

} // namespace

ChatResult ChatStreamAssembler::parseOllamaAnswer(const Json &object)
{
    // Ollama's whole answer has the shape of its last streamed line.
    ChatStreamAssembler assembler(StreamFormat::Ndjson);
    assembler.handleOllamaObject(object);
    return assembler.m_result;
}

ChatResult parseChatCompletion(QByteArrayView body)
{
    ChatResult result;
    try {
        const Json object = Json::parse(body.begin(), body.end(), nullptr, false);
        if (object.is_discarded() || !object.is_object()) {
            result.parseErrors = 1;
            result.failure = StreamFailure{ErrorClass::MalformedStream, u"invalid_json"_s, excerpt(body)};
            return result;
        }

        if (const auto error = readProviderError(object)) {
            result.failure = StreamFailure{ErrorClass::ServerError, error->type, error->message};
            return result;
        }

        if (const Json *choices = member(object, "choices"); choices && choices->is_array()) {
            readOpenAiCompletion(object, *choices, result);
        } else if (stringMember(object, "type").value_or("") == "message") {
            readAnthropicMessage(object, result);
        } else if (member(object, "message") || member(object, "response")) {
            result = ChatStreamAssembler::parseOllamaAnswer(object);
        } else {
            result.failure = StreamFailure{ErrorClass::MalformedStream, u"unknown_body"_s, excerpt(body)};
            return result;
        }
    } catch (...) {
        result.failure = StreamFailure{ErrorClass::MalformedStream, u"invalid_json"_s, excerpt(body)};
        return result;
    }

    const bool hasContent = (result.text && !result.text->isEmpty()) || !result.reasoning.isEmpty()
        || !result.toolCalls.empty();
    result.contentEvents = hasContent ? 1 : 0;
    result.finished = !result.failure;
    return result;
}

} // namespace llmops
