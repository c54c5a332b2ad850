// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "aggregate.h"

namespace llmops {

std::optional<double> RequestAggregate::availability() const
{
    const qint64 finished = okCount + errorCount;
    if (finished == 0)
        return std::nullopt;
    return double(okCount) / double(finished);
}

std::optional<double> RequestAggregate::errorRate() const
{
    const qint64 finished = okCount + errorCount;
    if (finished == 0)
        return std::nullopt;
    return double(errorCount) / double(finished);
}

qint64 floorToStep(qint64 timeMs, qint64 stepMs)
{
    // Floor division: C++ division truncates towards zero.
    const qint64 quotient = timeMs / stepMs;
    return (timeMs % stepMs < 0 ? quotient - 1 : quotient) * stepMs;
}

} // namespace llmops
