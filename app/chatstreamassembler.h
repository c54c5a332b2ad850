// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "chatresult.h"
#include "ndjsondecoder.h"
#include "ssedecoder.h"

#include <QByteArrayView>

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace llmops {

/// How a streamed body is framed.
enum class StreamFormat { Sse, Ndjson };

/// Builds one ChatResult from a streamed chat response, read by read.
///
/// The dialect is recognised from each event's shape, so one assembler reads all three:
/// OpenAI `chat.completion.chunk` SSE (also what Azure, vLLM, llama.cpp, OpenRouter and
/// Ollama's compatible endpoint send), Anthropic Messages SSE, and Ollama's native
/// `/api/chat` (or `/api/generate`) NDJSON.
///
/// Rules for the awkward cases:
/// - Empty id, model or created never overwrite values already seen, and later chunks fill
///   values an early empty chunk left out. Azure's `prompt_filter_results` go to metadataJson.
/// - A null or empty `finish_reason` means "not finished"; a later chunk without one (such as
///   the usage-only chunk) never clears a reason already seen.
/// - Only choice 0 is assembled. Tool calls are merged by `index`; a fragment with a new `id`
///   at an index that already holds a different call starts a new call, for servers that send
///   every parallel call at index 0.
/// - `text` stays null until some content string arrives (an empty one included), so a
///   tool-call-only answer records null. Finish reasons keep the provider's own words
///   (`stop`, `end_turn`, `tool_use`).
/// - Anthropic usage is reported with OpenAI semantics: inputTokens includes cache reads and
///   cache writes, cachedInputTokens is the cache reads.
/// - An event whose JSON does not parse is counted in parseErrors and skipped; the first one
///   also sets failure {MalformedStream, "invalid_json", excerpt} unless a failure is set.
///   The text around it is kept. An error event from the provider (Anthropic `event: error`,
///   an OpenAI-style `{"error": ...}` chunk, Ollama's `{"error": "..."}` line) sets
///   failure {StreamError, its type, its message}, replacing a MalformedStream failure.
/// - At finish(), a stream without its end marker ([DONE], message_stop, done:true) still
///   counts as finished when a finish reason arrived and the transfer ended between events:
///   several OpenAI-compatible servers close the connection without [DONE]. Otherwise the
///   failure is {StreamCut, "stream_cut"} unless another failure was already recorded. A body
///   with bytes but not one recognisable event is {MalformedStream, "no_events"}. `finished`
///   says only that the end was reached: a stream with a failure is never a success.
class ChatStreamAssembler
{
public:
    /// Bytes one event (or NDJSON line) may grow to; beyond it the stream is malformed.
    static constexpr qsizetype kLongestEventBytes = 16 * 1024 * 1024;

    explicit ChatStreamAssembler(StreamFormat format);

    /// Takes one network read, of any size and split anywhere.
    void feed(QByteArrayView read);

    /// Ends the transfer: parses a final NDJSON line without newline and decides whether the
    /// stream was complete. Call once; feed() after finish() is ignored.
    void finish();

    const ChatResult &result() const { return m_result; }

    /// Some text, reasoning or tool-call fragment has arrived (the first token, for timing).
    bool hasContent() const { return m_result.contentEvents > 0; }

private:
    friend ChatResult parseChatCompletion(QByteArrayView body);

    void handleSseEvent(const SseEvent &event);
    /// Returns false when @p text is not a JSON object.
    bool handleJsonText(QByteArrayView text, QByteArrayView sseEventType);
    void handleObject(const nlohmann::ordered_json &object, QByteArrayView sseEventType);
    void handleOpenAiChunk(const nlohmann::ordered_json &chunk);
    void handleOpenAiToolCall(const nlohmann::ordered_json &fragment);
    void handleAnthropicEvent(std::string_view type, const nlohmann::ordered_json &event);
    void handleOllamaObject(const nlohmann::ordered_json &object);
    /// A whole (not streamed) Ollama answer, read as the stream's last line would be.
    static ChatResult parseOllamaAnswer(const nlohmann::ordered_json &object);

    void appendText(std::string_view text);
    void appendReasoning(std::string_view text);
    size_t toolCallFor(std::optional<qint64> providerIndex, const QString &id);
    size_t insertToolCall(int index);
    void recordParseError(QByteArrayView text);
    void stopIfAnEventNeverEnds();
    void recordProviderError(const QString &type, const QString &message);

    StreamFormat m_format;
    SseDecoder m_sse;
    NdjsonDecoder m_ndjson;
    std::vector<SseEvent> m_events; ///< reused between reads to spare allocations
    ChatResult m_result;

    /// Provider tool-call index (OpenAI) or content block index (Anthropic) → position in
    /// m_result.toolCalls of the call it currently continues.
    std::map<qint64, size_t> m_toolCallByIndex;
    std::optional<size_t> m_lastToolCall;
    bool m_eventCarriedContent = false;

    qint64 m_bytesSeen = 0;
    qint64 m_recognisedEvents = 0;
    bool m_sawEndMarker = false;
    bool m_overflowed = false; ///< an event outgrew kLongestEventBytes; the rest is ignored
    bool m_finished = false;
};

/// Reads a complete, non-streamed chat response: OpenAI `chat.completion`, Anthropic
/// `message` or Ollama `/api/chat` (stream:false). `text` stays null when the answer had
/// `content: null`, which differs from an empty string. Never throws; a body that is not JSON
/// gives failure {MalformedStream, "invalid_json"}, an error object {ServerError, type}.
ChatResult parseChatCompletion(QByteArrayView body);

} // namespace llmops
