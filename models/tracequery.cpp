// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "tracequery.h"

namespace llmops {

TraceCursor TraceCursor::after(const TraceSummary &trace, TraceOrder order)
{
    TraceCursor cursor;
    cursor.rowId = trace.rowId;
    switch (order) {
    case TraceOrder::Newest:
    case TraceOrder::Oldest:
        cursor.integerKey = trace.startNs;
        break;
    case TraceOrder::Longest:
        cursor.integerKey = trace.durationNs();
        break;
    case TraceOrder::Costliest:
        cursor.realKey = trace.costUsd.value_or(-1);
        break;
    case TraceOrder::MostTokens:
        cursor.integerKey = trace.inputTokens + trace.outputTokens;
        break;
    }
    return cursor;
}

} // namespace llmops
