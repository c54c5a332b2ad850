// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evaluation.h"

#include <QString>
#include <QtGlobal>

#include <optional>
#include <vector>

namespace llmops {

/// A two-sided 95% confidence interval.
struct ConfidenceInterval {
    double low = 0;
    double high = 0;
};

/// The Wilson score interval of a proportion (without continuity correction): honest near
/// 0 and 1 and for few trials, where the normal approximation gives bounds outside [0, 1].
/// Empty for no trials.
std::optional<ConfidenceInterval> wilsonInterval(qint64 successes, qint64 trials);

inline constexpr int kDefaultBootstrapResamples = 2000;

/// The percentile bootstrap interval of the mean score, resampling items rather than
/// answers: the repeats of one item are not independent draws, so an item's answers are
/// drawn together. Each resample draws as many items as there are, with replacement, and
/// takes the mean of all their scores; the bounds are the 2.5th and 97.5th percentiles of
/// those means. The same scores always give the same interval (a fixed seed). Empty when no
/// item has a score.
std::optional<ConfidenceInterval> bootstrapMeanInterval(const std::vector<std::vector<double>> &scoresByItem,
                                                        int resamples = kDefaultBootstrapResamples);

/// One scorer's figures over a run.
struct ScorerFigures {
    QString scorer;
    /// Answers with a score, and those the scorer could not score (left out of the rest).
    qint64 scoredAnswers = 0;
    qint64 unscorableAnswers = 0;
    qint64 passedAnswers = 0;
    std::optional<double> meanScore;
    /// Bootstrap over items, as bootstrapMeanInterval().
    std::optional<ConfidenceInterval> meanInterval;
    /// Passed over scored answers, with its Wilson interval.
    std::optional<double> passRate;
    std::optional<ConfidenceInterval> passRateInterval;
    /// pass^N: of the items scored in every one of the run's N repeats, the share that
    /// passed in all of them. The same as the pass rate per item when N is 1.
    qint64 itemsScoredEveryRepeat = 0;
    std::optional<double> passEveryRepeatRate;
    /// The spread across repeats: the mean, over items with two or more scored repeats, of
    /// their highest score minus their lowest. Empty for a single repeat.
    std::optional<double> meanRepeatSpread;
};

/// What a run's summary shows.
struct EvalRunFigures {
    qint64 answers = 0;
    /// Answers whose request failed after every try (scored as failures by every scorer).
    qint64 failedRequests = 0;
    std::optional<double> latencyP50Ms;
    std::optional<double> latencyP95Ms;
    /// The sum over answers that have a cost; `pricedAnswers` says how many had one.
    double totalCostUsd = 0;
    qint64 pricedAnswers = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    /// In the order the scorers first appear in the results.
    std::vector<ScorerFigures> scorers;
};

EvalRunFigures summarizeEvalResults(const std::vector<EvalResultRecord> &results, int repeats,
                                    int bootstrapResamples = kDefaultBootstrapResamples);

} // namespace llmops
