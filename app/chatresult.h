// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "errorclass.h"
#include "pricetable.h"

#include <QString>
#include <QtGlobal>

#include <optional>
#include <vector>

namespace llmops {

/// One tool call the model asked for, assembled from its streamed fragments.
struct ToolCall {
    int index = 0;
    QString id;
    QString name;
    QString arguments; ///< the JSON text of the arguments, as the model wrote it
};

/// Token counts as the server reported them; absent when it did not.
struct TokenUsage {
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    std::optional<qint64> totalTokens;
    std::optional<qint64> cachedInputTokens; ///< included in inputTokens (OpenAI semantics)
    std::optional<qint64> reasoningTokens;   ///< included in outputTokens
    /// Prompt tokens written to the provider's cache (Anthropic), included in inputTokens;
    /// they are billed above the plain input rate.
    std::optional<qint64> cacheWriteInputTokens;
};

/// The counts a price applies to. Both kinds of usage already count cache reads and writes
/// inside the input and reasoning inside the output.
inline BilledTokens billedTokens(const TokenUsage &usage)
{
    return {usage.inputTokens.value_or(0), usage.outputTokens.value_or(0), usage.cachedInputTokens.value_or(0),
            usage.cacheWriteInputTokens.value_or(0), usage.reasoningTokens.value_or(0)};
}

/// Why a response that started could not be read to its end.
struct StreamFailure {
    ErrorClass errorClass = ErrorClass::MalformedStream;
    QString type; ///< the provider's own error type, such as `overloaded_error`
    QString message;
};

/// Everything the console records of one chat response, streamed or not.
struct ChatResult {
    /// Null when the answer carried no content at all (a tool-call-only answer), which
    /// differs from an empty text.
    std::optional<QString> text;
    QString reasoning;
    std::vector<ToolCall> toolCalls; ///< in index order
    QString finishReason;
    QString responseId;
    QString responseModel;
    qint64 created = 0;
    TokenUsage usage;

    /// The stream reached its end marker ([DONE], message_stop, or done:true).
    bool finished = false;
    /// Events that carried content (text, reasoning or a tool-call fragment). Most servers
    /// send one token per event, so this is the token count when no usage is reported.
    qint64 contentEvents = 0;
    /// Events whose JSON could not be parsed; they are skipped and the stream goes on.
    qint64 parseErrors = 0;
    std::optional<StreamFailure> failure;

    /// Ollama's own timings, in nanoseconds.
    std::optional<qint64> totalDurationNs;
    std::optional<qint64> promptEvalDurationNs;
    std::optional<qint64> evalDurationNs;

    /// Provider metadata kept as JSON text, such as Azure's prompt_filter_results.
    QString metadataJson;
};

} // namespace llmops
