// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// What an endpoint's dashboard shows of its server: catalogs that map the metric families
// of vLLM, TGI, llama.cpp and SGLang onto panels, and the panels' figures over time.
#pragma once

#include "metricseries.h"

#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace llmops {

class Store;

/// One line of a server panel, over the dashboard's buckets.
struct ServerPanelLine {
    QString label;
    /// One entry per bucket from the chart's start; absent where there is no data.
    std::vector<std::optional<double>> values;
};

struct ServerPanel {
    QString title;
    QString unit;
    std::vector<ServerPanelLine> lines;
};

/// "vLLM", "TGI", "llama.cpp", "SGLang" for a scrape's server kind; empty when unknown.
QString serverKindLabel(const std::string &kind);

/// The panels of the server kind's catalog that the endpoint's metrics can fill, with their
/// figures in buckets of `bucketMs` from `fromMs` to `toMs`: gauges as each bucket's mean
/// (added up over label sets), counters as rates per second, histograms as p50 and p95.
/// Panels whose families the server does not export are left out.
std::vector<ServerPanel> serverPanels(const Store &store, qint64 endpointId, const std::string &kind, qint64 fromMs,
                                      qint64 toMs, qint64 bucketMs);

/// How many series of one family the raw view charts; the rest are left out (and said so).
constexpr int kMaxChartedSeries = 12;

/// Any one family of the endpoint's as a panel, for the raw view: each series a line (its
/// labels naming it), as means for gauges, rates for counters, and p50, p95 and p99 of all
/// its label sets together for histograms. At most kMaxChartedSeries lines.
ServerPanel familyPanel(const Store &store, qint64 endpointId, const std::string &family, qint64 fromMs, qint64 toMs,
                        qint64 bucketMs);

} // namespace llmops
