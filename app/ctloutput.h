// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "aggregate.h"
#include "endpoint.h"
#include "requestrecord.h"
#include "spanrecord.h"
#include "tracequery.h"

#include <QString>

#include <nlohmann/json.hpp>

#include <vector>

namespace llmops {

/// What llmopsctl prints, as JSON for scripts and as one-line text for people. Absent
/// figures are JSON null, never zero.
nlohmann::json endpointsToJson(const std::vector<Endpoint> &endpoints);
nlohmann::json requestToJson(const RequestRecord &record, const QString &endpointName);
nlohmann::json aggregateToJson(const RequestAggregate &aggregate, const AggregateQuery &query);

/// A trace list row, and a span with every field the console read from it. Ids are hex.
nlohmann::json traceSummaryToJson(const TraceSummary &trace);
/// `parentMissing`: the span names a parent that is not (yet) in the store.
nlohmann::json spanToJson(const SpanRecord &span, bool parentMissing);

QString describeProbe(const RequestRecord &record, const QString &endpointName);
QString describeAggregate(const RequestAggregate &aggregate, const QString &endpointName, const QString &range);

} // namespace llmops
