// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// How many answers a second each deterministic scorer gets through: 1,000 answers of about
// 600 characters (a paragraph, as a chat model writes one), each against an expected text
// of about 300, scored once per iteration.
#include "scorers.h"

#include <QRandomGenerator>
#include <QStringList>

#include <benchmark/benchmark.h>

#include <vector>

using namespace llmops;
using namespace Qt::StringLiterals;

namespace {

constexpr int kAnswers = 1000;

QString paragraph(QRandomGenerator &random, int words)
{
    static const QStringList vocabulary = {u"the"_s,     u"model"_s,  u"answer"_s, u"Paris"_s, u"is"_s,
                                           u"capital"_s, u"of"_s,     u"France"_s, u"city"_s,  u"river"_s,
                                           u"Seine"_s,   u"museum"_s, u"visit"_s,  u"2026"_s,  u"people"_s};
    QStringList picked;
    for (int i = 0; i < words; ++i)
        picked << vocabulary[int(random.bounded(vocabulary.size()))];
    return picked.join(u' ') + u'.';
}

const std::vector<ScoringInput> &answers()
{
    static const std::vector<ScoringInput> inputs = [] {
        QRandomGenerator random(7);
        std::vector<ScoringInput> made;
        for (int i = 0; i < kAnswers; ++i)
            made.push_back({{}, paragraph(random, 100), paragraph(random, 50), 300.0 + i, 0.0001 * i});
        return made;
    }();
    return inputs;
}

void scoreAll(benchmark::State &state, ScorerConfig scorer)
{
    const auto &inputs = answers();
    for (auto _ : state) {
        double total = 0;
        for (const auto &input : inputs)
            total += scoreAnswer(scorer, input).score;
        benchmark::DoNotOptimize(total);
    }
    state.SetItemsProcessed(qint64(state.iterations()) * kAnswers);
}

ScorerConfig configured(ScorerKind kind)
{
    ScorerConfig scorer{kind};
    scorer.values = {u"Paris"_s, u"Seine"_s, u"Louvre"_s};
    scorer.value = u"\\bcapital\\b.*\\bFrance\\b"_s;
    scorer.tolerance = 0.5;
    scorer.minimum = 100;
    scorer.maximum = 800;
    return scorer;
}

} // namespace

BENCHMARK_CAPTURE(scoreAll, exact, configured(ScorerKind::Exact));
BENCHMARK_CAPTURE(scoreAll, normalized, configured(ScorerKind::Normalized));
BENCHMARK_CAPTURE(scoreAll, contains_all, configured(ScorerKind::ContainsAll));
BENCHMARK_CAPTURE(scoreAll, regex, configured(ScorerKind::Regex));
BENCHMARK_CAPTURE(scoreAll, is_json, configured(ScorerKind::IsJson));
BENCHMARK_CAPTURE(scoreAll, numeric, configured(ScorerKind::Numeric));
BENCHMARK_CAPTURE(scoreAll, length, configured(ScorerKind::Length));
BENCHMARK_CAPTURE(scoreAll, levenshtein, configured(ScorerKind::Levenshtein));
BENCHMARK_CAPTURE(scoreAll, rouge_l, configured(ScorerKind::RougeL));
BENCHMARK_CAPTURE(scoreAll, refusal, configured(ScorerKind::Refusal));
BENCHMARK_CAPTURE(scoreAll, pii_leak, configured(ScorerKind::PiiLeak));
BENCHMARK_CAPTURE(scoreAll, latency, configured(ScorerKind::Latency));
BENCHMARK_MAIN();
