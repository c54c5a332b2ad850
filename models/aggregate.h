// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "errorclass.h"

#include <QtGlobal>

#include <optional>
#include <vector>

namespace llmops {

/// Which requests an aggregate covers: a half-open time range [fromMs, toMs) in
/// milliseconds since the epoch, on one endpoint or on all of them.
struct AggregateQuery {
    std::optional<qint64> endpointId;
    qint64 fromMs = 0;
    qint64 toMs = 0;
};

/// Figures over a set of requests. Percentiles follow quantileInPlace() (linear
/// interpolation, Hyndman–Fan 7). Latency percentiles cover successful requests only, so a
/// burst of fast failures cannot make an endpoint look quick; TTFT covers the requests that
/// produced content; tokens/s the requests with a decode rate.
struct RequestAggregate {
    qint64 count = 0; ///< every request, whatever its status
    qint64 okCount = 0;
    qint64 errorCount = 0; ///< cancelled requests are neither ok nor errors
    std::optional<double> latencyP50Ms;
    std::optional<double> latencyP95Ms;
    std::optional<double> latencyP99Ms;
    std::optional<double> ttftP50Ms;
    std::optional<double> ttftP95Ms;
    std::optional<double> tokensPerSecondMean;
    qint64 outputTokens = 0;

    /// Share of finished requests (ok or error) that succeeded, in [0, 1].
    std::optional<double> availability() const;
    /// Share of finished requests that failed, in [0, 1].
    std::optional<double> errorRate() const;
};

struct AggregateBucket {
    qint64 startMs = 0; ///< bucket covers [startMs, startMs + bucket size)
    RequestAggregate aggregate;
};

/// How often one kind of failure happened.
struct ErrorClassCount {
    ErrorClass errorClass = ErrorClass::None;
    qint64 count = 0;

    bool operator==(const ErrorClassCount &other) const = default;
};

/// The start of the step of `stepMs` that holds `timeMs`: buckets and rollups begin on
/// multiples of their size since the epoch, times before it included.
qint64 floorToStep(qint64 timeMs, qint64 stepMs);

} // namespace llmops
