// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>
#include <QtGlobal>

#include <utility>
#include <vector>

namespace llmops {

class Store;

/// One finished run of a suite as its trend chart shows it: when it finished, where it ran
/// and each scorer's mean score over the answers it could score.
struct EvalTrendPoint {
    qint64 runId = 0;
    qint64 finishedAtMs = 0;
    QString endpointName;
    QString model;
    /// Scorer name and mean score, in the order the scorers first appear in the results.
    std::vector<std::pair<QString, double>> meanScores;
};

/// The finished runs of the suite, oldest first, each with its mean scores as
/// summarizeEvalResults() computes them. Runs not finished (running, cancelled, failed) are
/// left out: their means cover only part of the dataset. Throws StoreError.
std::vector<EvalTrendPoint> evalScoreTrend(const Store &store, const QString &suiteName);

} // namespace llmops
