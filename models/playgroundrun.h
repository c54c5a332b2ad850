// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "prompt.h"
#include "requestrecord.h"

#include <QString>
#include <QtGlobal>

#include <optional>
#include <string>
#include <vector>

namespace llmops {

/// What one column of a playground run sent and got back.
struct PlaygroundAnswer {
    int column = 0;
    /// The endpoint it was sent to; 0 once that endpoint has been removed (its name stays).
    qint64 endpointId = 0;
    QString endpointName;
    QString model;
    ChatParameters parameters;
    /// The whole conversation sent: the rendered prompt, then the earlier turns of a
    /// follow-up.
    std::vector<ChatMessage> messages;

    /// The measurement, as for any request; its id is set once stored.
    RequestRecord request;
    /// Null when no content arrived at all (a tool-call-only answer, or an error before it).
    std::optional<QString> text;
    QString reasoning;
    /// The tool calls the model asked for, as a JSON array of {"index", "id", "name",
    /// "arguments"}; empty for none.
    QString toolCallsJson;
    std::optional<double> costUsd;
};

/// One press of Run in the playground (or one `llmopsctl run`): the prompt as written, the
/// values of its variables, and one answer per column. Follow-up turns are runs of their
/// own in the same conversation.
struct PlaygroundRun {
    qint64 id = 0;
    qint64 startedAtMs = 0;
    qint64 endedAtMs = 0;
    /// The raw 16 bytes of the run's trace id.
    std::string traceId;
    QString conversationId;
    /// The library prompt it ran, when it ran one.
    QString promptName;
    std::optional<int> promptVersion;
    /// The messages with their placeholders, before rendering.
    std::vector<ChatMessage> templateMessages;
    std::vector<PromptVariable> variables;
    std::vector<PlaygroundAnswer> answers;
};

/// One line of the playground's history.
struct PlaygroundRunSummary {
    qint64 id = 0;
    qint64 startedAtMs = 0;
    QString promptName;
    std::optional<int> promptVersion;
    /// The start of the first user turn, for telling runs apart.
    QString firstUserText;
    QStringList endpointNames;
    int failedAnswers = 0;
};

} // namespace llmops
