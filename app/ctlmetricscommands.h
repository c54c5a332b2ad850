// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QStringList>

namespace llmops {

/// `check metrics [FILE|-] [--json] [--strict]`: reads a Prometheus or OpenMetrics
/// exposition and reports its families and every problem with its line.
int checkCommand(const QStringList &arguments);

class LazyStore;

/// `scrape [--once] [--endpoint NAME] [--json]`: scrapes the endpoints' metrics and stores
/// them, once (exit 1 when a scrape failed) or on their intervals until SIGINT or SIGTERM.
int scrapeCommand(LazyStore &store, const QStringList &arguments);
/// `metrics query --endpoint NAME --metric FAMILY [--quantile Q | --rate] [--since 1h]
/// [--step 1m] [--json]`, `metrics list --endpoint NAME [--json]` and `metrics retention
/// [--raw DURATION] [--rollups DURATION] [--json]`.
int metricsCommand(LazyStore &store, const QStringList &arguments);

} // namespace llmops
