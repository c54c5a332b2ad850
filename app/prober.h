// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "chatcall.h"
#include "endpoint.h"
#include "httpclient.h"

#include <atomic>

namespace llmops {

/// The outcome of one probe: the row to store and the answer it was measured on.
using ProbeOutcome = ChatCallOutcome;

/// The streaming chat request a probe sends: the endpoint's probe prompt as one user turn,
/// answered in at most its probe's max tokens. See buildChatRequest().
std::optional<HttpRequest> buildProbeRequest(const Endpoint &endpoint, QString *problem);

/// Sends one probe and measures it (see runChatCall()). Blocks the calling thread until the
/// transfer ends, times out or `cancelRequested` becomes true.
ProbeOutcome runProbe(const Endpoint &endpoint, HttpClient &client, const std::atomic<bool> *cancelRequested = nullptr);

} // namespace llmops
