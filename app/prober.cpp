// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "prober.h"

#include <QDateTime>

namespace llmops {

std::optional<HttpRequest> buildProbeRequest(const Endpoint &endpoint, QString *problem)
{
    ChatParameters parameters;
    parameters.maxTokens = endpoint.maxTokens;
    return buildChatRequest(endpoint, {{QStringLiteral("user"), endpoint.probePrompt}}, parameters, problem);
}

ProbeOutcome runProbe(const Endpoint &endpoint, HttpClient &client, const std::atomic<bool> *cancelRequested)
{
    QString problem;
    const auto request = buildProbeRequest(endpoint, &problem);
    if (!request) {
        ProbeOutcome outcome;
        outcome.record.endpointId = endpoint.id;
        outcome.record.source = RequestSource::Probe;
        outcome.record.startedAtMs = QDateTime::currentMSecsSinceEpoch();
        outcome.record.status = RequestStatus::Error;
        outcome.record.errorClass = ErrorClass::Configuration;
        outcome.record.errorMessage = problem;
        return outcome;
    }
    return runChatCall(endpoint, *request, client, RequestSource::Probe, cancelRequested);
}

} // namespace llmops
