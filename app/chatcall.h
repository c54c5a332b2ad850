// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "chatresult.h"
#include "endpoint.h"
#include "httpclient.h"
#include "prompt.h"
#include "requestrecord.h"

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace llmops {

/// What one chat call gives: the row to store and the answer it was measured on. When the
/// call failed or was cancelled midway, `answer` holds what had arrived by then.
struct ChatCallOutcome {
    RequestRecord record;
    ChatResult answer;
};

/// The streaming chat request for the endpoint's protocol: OpenAI's body (with usage in
/// the stream) or Ollama's, carrying every parameter that is set and leaving the others
/// to the server, on the URL, headers and API key buildEndpointRequest() gives. Returns
/// std::nullopt and sets `problem` when the endpoint is invalid, its key is missing, or the
/// tools or schema are no JSON.
std::optional<HttpRequest> buildChatRequest(const Endpoint &endpoint, const std::vector<ChatMessage> &messages,
                                            const ChatParameters &parameters, QString *problem);

/// Called on the calling thread after each network read that moved the answer on, with
/// the answer so far and the time to its first content (empty until it arrives).
using ChatProgress = std::function<void(const ChatResult &partial, std::optional<double> ttftMs)>;

/// Sends one streaming chat request and measures it: time to the first content, total
/// latency, tokens (the server's usage when it reports it, else counted), decode rate,
/// finish reason and a typed error. Blocks until the transfer ends, times out or
/// `cancelRequested` becomes true (then the record's status is Cancelled). Never throws.
ChatCallOutcome runChatCall(const Endpoint &endpoint, const HttpRequest &request, HttpClient &client,
                            RequestSource source, const std::atomic<bool> *cancelRequested = nullptr,
                            const ChatProgress &onProgress = {});

/// The decode rate of an answer: output tokens after the first over the time from the first
/// content to the end. Ollama measures this itself (eval_count over eval_duration), and
/// its own figure wins when present. Empty when there is nothing to divide.
std::optional<double> decodeTokensPerSecond(const ChatResult &answer, std::optional<qint64> outputTokens,
                                            std::optional<double> ttftMs, double latencyMs);

/// The output tokens of an answer so far: the server's count once it reports one, else the
/// content events counted.
qint64 outputTokensSoFar(const ChatResult &answer);

} // namespace llmops
