// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "chatresult.h"
#include "endpoint.h"
#include "httpclient.h"
#include "requestrecord.h"

#include <QByteArray>
#include <QString>

#include <atomic>
#include <functional>

namespace llmops {

/// The outcome of one probe: the row to store and the answer it was measured on.
struct ProbeOutcome {
    RequestRecord record;
    ChatResult answer;
};

/// The streaming chat request a probe sends to the endpoint. The API key is read from its
/// environment variable here and only here, so it never travels further than the headers.
/// Returns std::nullopt and sets `problem` when the request cannot be built.
std::optional<HttpRequest> buildProbeRequest(const Endpoint &endpoint, QString *problem);

/// Sends one streaming chat request with the endpoint's probe prompt and measures it: time
/// to the first content, total latency, tokens (from the server's usage when it reports
/// it, else counted), decode rate, finish reason and a typed error. Blocks the calling
/// thread until the transfer ends, times out or `cancelRequested` becomes true.
ProbeOutcome runProbe(const Endpoint &endpoint, HttpClient &client, const std::atomic<bool> *cancelRequested = nullptr);

/// The decode rate of an answer: output tokens after the first over the time from the first
/// content to the end. Ollama measures this itself (eval_count over eval_duration), and
/// its own figure wins when present. Empty when there is nothing to divide.
std::optional<double> decodeTokensPerSecond(const ChatResult &answer, std::optional<qint64> outputTokens,
                                            std::optional<double> ttftMs, double latencyMs);

} // namespace llmops
