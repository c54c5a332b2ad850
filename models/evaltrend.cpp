// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evaltrend.h"

#include "evalsummary.h"
#include "store.h"

#include <algorithm>

namespace llmops {

std::vector<EvalTrendPoint> evalScoreTrend(const Store &store, const QString &suiteName)
{
    std::vector<EvalTrendPoint> points;
    for (const EvalRunSummary &summary : store.evalRuns(suiteName)) {
        const EvalRunRecord &run = summary.run;
        if (run.status != EvalRunStatus::Finished || !run.finishedAtMs)
            continue;

        // Without resamples the summary skips the bootstrap: the chart needs only the means.
        const EvalRunFigures figures = summarizeEvalResults(store.evalResults(run.id), run.repeats, 0);
        EvalTrendPoint point;
        point.runId = run.id;
        point.finishedAtMs = *run.finishedAtMs;
        point.endpointName = run.endpointName;
        point.model = run.model;
        for (const ScorerFigures &scorer : figures.scorers) {
            if (scorer.meanScore)
                point.meanScores.emplace_back(scorer.scorer, *scorer.meanScore);
        }
        points.push_back(std::move(point));
    }
    std::sort(points.begin(), points.end(), [](const EvalTrendPoint &a, const EvalTrendPoint &b) {
        return std::pair(a.finishedAtMs, a.runId) < std::pair(b.finishedAtMs, b.runId);
    });
    return points;
}

} // namespace llmops
