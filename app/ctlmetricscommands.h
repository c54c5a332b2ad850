// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QStringList>

namespace llmops {

/// `check metrics [FILE|-] [--json] [--strict]`: reads a Prometheus or OpenMetrics
/// exposition and reports its families and every problem with its line.
int checkCommand(const QStringList &arguments);

} // namespace llmops
