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

} // namespace llmops
