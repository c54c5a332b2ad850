// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "errorclass.h"

#include <QString>
#include <QtGlobal>

#include <optional>

namespace llmops {

/// Where a measured request came from.
enum class RequestSource { Probe, Playground, Trace, Eval };

enum class RequestStatus { Ok, Error, Cancelled };

/// Keys as stored: stable, ASCII. The char* forms let the store bind them without copies.
const char *requestSourceKeyLatin1(RequestSource source);
const char *requestStatusKeyLatin1(RequestStatus status);
QString requestSourceKey(RequestSource source);
std::optional<RequestSource> requestSourceFromKey(const QString &key);
QString requestStatusKey(RequestStatus status);
std::optional<RequestStatus> requestStatusFromKey(const QString &key);

/// One request to an LLM endpoint, as measured by the console. Times are wall-clock
/// milliseconds since the Unix epoch (UTC); durations are milliseconds.
struct RequestRecord {
    qint64 id = 0;
    qint64 endpointId = 0;
    qint64 startedAtMs = 0;
    RequestSource source = RequestSource::Probe;
    RequestStatus status = RequestStatus::Ok;

    std::optional<int> httpStatus;
    ErrorClass errorClass = ErrorClass::None;
    QString errorMessage;
    /// How long the server asked us to wait before trying again (Retry-After).
    std::optional<qint64> retryAfterMs;

    double latencyMs = 0;
    /// Time to the first content (text, reasoning or tool call) in the stream.
    std::optional<double> ttftMs;

    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    /// True when the token counts came from the server's usage report, false when the
    /// console counted them itself.
    bool tokensReported = false;
    /// Output tokens per second of decoding: output tokens after the first, over the time
    /// from the first content to the end of the stream.
    std::optional<double> tokensPerSecond;

    QString responseModel;
    QString finishReason;
};

} // namespace llmops
