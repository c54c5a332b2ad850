// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evalsummary.h"
#include "evaluation.h"

#include <QByteArray>
#include <QString>

#include <nlohmann/json.hpp>

#include <vector>

namespace llmops {

/// A gate of a CI pipeline: the scorer's mean score must be at least `threshold`.
struct ScoreThreshold {
    QString scorer;
    double threshold = 0;
};

/// How a gate came out on a run.
struct ThresholdOutcome {
    ScoreThreshold threshold;
    std::optional<double> mean;
    bool held = false;
};

/// Each gate against the run's figures; a scorer with no score fails its gate.
std::vector<ThresholdOutcome> checkThresholds(const EvalRunFigures &figures,
                                              const std::vector<ScoreThreshold> &thresholds);

/// What `llmopsctl eval run --json` prints: the run, its figures with their intervals
/// (the method named), the gates, and an imported run's own metrics.
nlohmann::ordered_json evalRunReportJson(const EvalRunRecord &run, const EvalRunFigures &figures,
                                         const std::vector<ThresholdOutcome> &gates,
                                         const std::vector<EvalRunMetric> &metrics);

/// JUnit XML for CI systems: one <testsuite> for the run with a <testcase> per item and
/// repeat (a <failure> naming each scorer that failed it, an <error> for an answer that
/// never came), and a second <testsuite> with a <testcase> per gate.
/// A run that did not finish gets one more test case, an error saying so (`incomplete`),
/// so that a CI server never takes a partial report for a whole one.
QByteArray evalRunJUnitXml(const EvalRunRecord &run, const std::vector<EvalResultRecord> &results,
                           const std::vector<ThresholdOutcome> &gates, const QString &incomplete = {});

} // namespace llmops
