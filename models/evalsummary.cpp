// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalsummary.h"

#include "statistics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace llmops {

namespace {

/// The 97.5th percentile of the standard normal distribution.
constexpr double kZ95 = 1.959963984540054;

/// Any fixed number: the same scores give the same interval on every machine.
constexpr std::uint64_t kBootstrapSeed = 20261204;

struct ItemScores {
    std::vector<double> scores;
    std::vector<bool> passes;
};

} // namespace

std::optional<ConfidenceInterval> wilsonInterval(qint64 successes, qint64 trials)
{
    if (trials <= 0 || successes < 0 || successes > trials)
        return std::nullopt;

    const double n = double(trials);
    const double p = double(successes) / n;
    const double z2 = kZ95 * kZ95;
    const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const double halfWidth = kZ95 / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    return ConfidenceInterval{std::max(0.0, centre - halfWidth), std::min(1.0, centre + halfWidth)};
}

std::optional<ConfidenceInterval> bootstrapMeanInterval(const std::vector<std::vector<double>> &scoresByItem,
                                                        int resamples)
{
    // Each item as its sum and count, so that a resample costs one draw per item.
    std::vector<std::pair<double, double>> items;
    for (const auto &scores : scoresByItem) {
        if (!scores.empty()) {
            double sum = 0;
            for (double score : scores)
                sum += score;
            items.emplace_back(sum, double(scores.size()));
        }
    }
    if (items.empty() || resamples < 1)
        return std::nullopt;

    std::mt19937_64 random(kBootstrapSeed);
    std::uniform_int_distribution<std::size_t> pick(0, items.size() - 1);
    std::vector<double> means;
    means.reserve(std::size_t(resamples));
    for (int resample = 0; resample < resamples; ++resample) {
        double sum = 0;
        double count = 0;
        for (std::size_t draw = 0; draw < items.size(); ++draw) {
            const auto &[itemSum, itemCount] = items[pick(random)];
            sum += itemSum;
            count += itemCount;
        }
        means.push_back(sum / count);
    }

    const double bounds[] = {0.025, 0.975};
    const auto quantiles = quantilesInPlace(means, bounds);
    return ConfidenceInterval{*quantiles[0], *quantiles[1]};
}

EvalRunFigures summarizeEvalResults(const std::vector<EvalResultRecord> &results, int repeats, int bootstrapResamples)
{
    EvalRunFigures figures;
    figures.answers = qint64(results.size());

    std::vector<double> latencies;
    std::vector<QString> scorerOrder;
    std::map<QString, std::map<qint64, ItemScores>> byScorer;
    std::map<QString, qint64> unscorable;
    for (const EvalResultRecord &result : results) {
        if (result.errorClass != ErrorClass::None)
            ++figures.failedRequests;
        else if (result.latencyMs)
            latencies.push_back(*result.latencyMs);
        if (result.costUsd) {
            figures.totalCostUsd += *result.costUsd;
            ++figures.pricedAnswers;
        }
        figures.inputTokens += result.inputTokens.value_or(0);
        figures.outputTokens += result.outputTokens.value_or(0);

        for (const EvalScoreRecord &verdict : result.scores) {
            if (!byScorer.contains(verdict.scorer) && !unscorable.contains(verdict.scorer))
                scorerOrder.push_back(verdict.scorer);
            if (!verdict.score) {
                ++unscorable[verdict.scorer];
                continue;
            }
            ItemScores &item = byScorer[verdict.scorer][result.itemPosition];
            item.scores.push_back(*verdict.score);
            item.passes.push_back(verdict.passed);
        }
    }

    const double bounds[] = {0.5, 0.95};
    const auto latencyQuantiles = quantilesInPlace(latencies, bounds);
    figures.latencyP50Ms = latencyQuantiles[0];
    figures.latencyP95Ms = latencyQuantiles[1];

    for (const QString &name : scorerOrder) {
        ScorerFigures scorer;
        scorer.scorer = name;
        scorer.unscorableAnswers = unscorable.contains(name) ? unscorable.at(name) : 0;

        std::vector<std::vector<double>> scoresByItem;
        double sum = 0;
        double spreadSum = 0;
        qint64 itemsWithSpread = 0;
        qint64 itemsPassingEveryRepeat = 0;
        const auto items = byScorer.find(name);
        if (items != byScorer.end()) {
            for (const auto &[position, item] : items->second) {
                scoresByItem.push_back(item.scores);
                for (std::size_t index = 0; index < item.scores.size(); ++index) {
                    sum += item.scores[index];
                    ++scorer.scoredAnswers;
                    scorer.passedAnswers += item.passes[index] ? 1 : 0;
                }
                if (item.scores.size() >= 2) {
                    const auto [lowest, highest] = std::minmax_element(item.scores.begin(), item.scores.end());
                    spreadSum += *highest - *lowest;
                    ++itemsWithSpread;
                }
                if (int(item.scores.size()) >= repeats) {
                    ++scorer.itemsScoredEveryRepeat;
                    if (std::all_of(item.passes.begin(), item.passes.end(), [](bool passed) { return passed; }))
                        ++itemsPassingEveryRepeat;
                }
            }
        }

        if (scorer.scoredAnswers > 0) {
            scorer.meanScore = sum / double(scorer.scoredAnswers);
            scorer.meanInterval = bootstrapMeanInterval(scoresByItem, bootstrapResamples);
            scorer.passRate = double(scorer.passedAnswers) / double(scorer.scoredAnswers);
            scorer.passRateInterval = wilsonInterval(scorer.passedAnswers, scorer.scoredAnswers);
        }
        if (scorer.itemsScoredEveryRepeat > 0)
            scorer.passEveryRepeatRate = double(itemsPassingEveryRepeat) / double(scorer.itemsScoredEveryRepeat);
        if (itemsWithSpread > 0)
            scorer.meanRepeatSpread = spreadSum / double(itemsWithSpread);
        figures.scorers.push_back(std::move(scorer));
    }
    return figures;
}

} // namespace llmops
