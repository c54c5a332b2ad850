// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QtGlobal>

#include <optional>
#include <string>
#include <vector>

namespace llmops {

/// OTLP's span status codes.
enum class SpanStatus { Unset = 0, Ok = 1, Error = 2 };

/// One span as the console keeps it: OTLP's fields plus the LLM figures read from its
/// attributes, whichever convention named them (OpenTelemetry GenAI, current or
/// deprecated, OpenInference, OpenLLMetry).
///
/// Text is UTF-8 in std::string, as it travels from the wire to SQLite without a detour
/// through UTF-16; it is always valid UTF-8 (repairs are listed in `warnings`). Ids are raw
/// bytes: 16 for a trace, 8 for a span. Times are nanoseconds since the Unix epoch.
struct SpanRecord {
    std::string traceId;
    std::string spanId;
    /// Empty for a root span.
    std::string parentSpanId;
    std::string name;
    /// OTLP's SpanKind number: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer.
    int kind = 0;
    qint64 startNs = 0;
    qint64 endNs = 0;
    SpanStatus status = SpanStatus::Unset;
    std::string statusMessage;

    std::string serviceName;
    std::string scopeName;

    /// What the span does in GenAI terms: chat, text_completion, embeddings, execute_tool,
    /// invoke_agent, retrieval...; empty when nothing says.
    std::string operation;
    std::string provider;
    std::string requestModel;
    std::string responseModel;

    /// Token counts as the GenAI conventions define them: cache reads and writes are part
    /// of the input tokens, reasoning tokens part of the output tokens.
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    std::optional<qint64> cacheReadTokens;
    std::optional<qint64> cacheWriteTokens;
    std::optional<qint64> reasoningTokens;
    /// Fixed when the span is taken in: reported by the span itself, or priced from the
    /// price table; absent when neither knows.
    std::optional<double> costUsd;
    /// Time to the first streamed chunk, from an attribute or a first-chunk event.
    std::optional<double> ttftMs;

    std::string conversationId;
    std::string agentName;
    std::string toolName;
    std::string errorType;

    /// JSON text: an array of finish reasons.
    std::string finishReasonsJson;
    /// JSON texts: the input and output messages in the GenAI shape ([{"role", "parts":
    /// [{"type": "text", "content"}...]}]); empty when absent. Not stored: they are read
    /// again from the attributes and events when a span is shown (deriveMessages()).
    std::string inputMessagesJson;
    std::string outputMessagesJson;

    /// Every attribute, event, link and resource attribute as received, as JSON objects and
    /// arrays; values JSON cannot hold (NaN, bytes, integers beyond 64 bits) are tagged.
    std::string attributesJson;
    std::string eventsJson;
    std::string linksJson;
    std::string resourceJson;
    /// What had to be repaired or guessed while reading the span, as a JSON array of texts.
    std::string warningsJson;

    /// The text full-text search finds the span by: its prompts, answers and tool calls.
    std::string searchText;

    qint64 durationNs() const { return endNs - startNs; }
    bool isRoot() const { return parentSpanId.empty(); }
    /// True for the spans that are one call of a model (chat, completion, embeddings, or no
    /// operation named but tokens of a model reported): their tokens and cost add up to the
    /// trace's, and each is measured as a request.
    bool isModelCall() const;
};

} // namespace llmops
