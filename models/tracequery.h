// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QtGlobal>

#include <optional>
#include <string>

namespace llmops {

/// One trace as the trace list shows it, kept up to date as its spans arrive.
struct TraceSummary {
    /// The row's id in the store: the tie-breaker of every order and the list's cursor.
    qint64 rowId = 0;
    std::string traceId;
    qint64 startNs = 0;
    qint64 endNs = 0;
    /// The root span's name, or the earliest span's while the root has not arrived.
    std::string name;
    bool hasRoot = false;
    std::string service;
    /// The model of the trace's first model call.
    std::string model;
    qint64 spanCount = 0;
    qint64 errorCount = 0;
    /// Summed over the trace's model calls only, so an agent span that repeats its
    /// children's totals does not count them twice.
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    std::optional<double> costUsd;
    std::string conversationId;

    qint64 durationNs() const { return endNs - startNs; }
};

enum class TraceOrder { Newest, Oldest, Longest, Costliest, MostTokens };

enum class TraceStatusFilter { Any, Ok, Error };

/// Which traces a list shows. Empty texts and absent values do not filter.
struct TraceFilter {
    std::optional<qint64> fromNs;
    std::optional<qint64> toNs;
    std::string service;
    std::string model;
    TraceStatusFilter status = TraceStatusFilter::Any;
    std::optional<qint64> minDurationNs;
    std::optional<double> minCostUsd;
    std::string conversationId;
    /// FTS5 query over prompts, answers and tool calls; plain words are matched as words.
    std::string search;
};

/// Where a page of the trace list continues: after the last row shown, in the list's order.
struct TraceCursor {
    /// The cursor that continues a list after `trace`, in `order`.
    static TraceCursor after(const TraceSummary &trace, TraceOrder order);

    /// The last row's sort key: times, durations and tokens are exact integers (nanoseconds
    /// overflow a double's 53 bits), costs are dollars.
    qint64 integerKey = 0;
    double realKey = 0;
    qint64 rowId = 0;
    /// Asks for the rows just before the cursor's row instead of after it (still in the
    /// list's order), for a list that has let go of its first pages and scrolls back up.
    bool before = false;
};

} // namespace llmops
