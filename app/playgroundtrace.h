// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "chatcall.h"
#include "playgroundrun.h"
#include "pricetable.h"
#include "spanrecord.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace llmops {

/// The service name of the playground's traces, by which the trace explorer filters them.
inline constexpr const char *kPlaygroundService = "playground";

/// A new random trace id (16 bytes) for a run, and a conversation id for a new conversation.
std::string newPlaygroundTraceId();
QString newConversationId();

/// What a column of a run keeps of a finished chat call: the measurement (as a playground
/// request) and the answer's text, reasoning and tool calls.
void takeOutcome(PlaygroundAnswer &answer, const ChatCallOutcome &outcome);

/// The trace of a run, as an instrumented application would have sent it: a root span
/// `playground run` with one `chat MODEL` span per answer, carrying the OpenTelemetry
/// GenAI attributes (model, parameters, usage, finish reasons, input and output messages,
/// conversation id, time to first chunk, error type). Prices each answer from the table
/// (sets its costUsd), as trace intake prices a traced call.
std::vector<SpanRecord> playgroundTrace(PlaygroundRun &run, const PriceTable &prices);

/// What "Open in playground" takes from a traced model call.
struct PlaygroundSeed {
    std::vector<ChatMessage> messages;
    ChatParameters parameters;
    QString model;
    /// The endpoint a playground span was sent to; empty for other traces.
    QString endpointName;
};

/// The messages (system instructions, then the input turns; text parts only) and request
/// parameters of a model-call span, whichever convention recorded them. Nothing when the
/// span holds no input messages.
std::optional<PlaygroundSeed> playgroundSeedFromSpan(const SpanRecord &span);

/// The text of a model-call span's answer (its output messages' text parts); nothing when
/// the span recorded no answer text.
std::optional<QString> answerTextFromSpan(const SpanRecord &span);

} // namespace llmops
