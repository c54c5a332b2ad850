// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evaltrend.h"

#include "store.h"

#include <algorithm>

namespace llmops {

std::vector<EvalTrendPoint> evalScoreTrend(const Store &store, const QString &suiteName)
{
    std::vector<EvalTrendPoint> points;
    // The store averages the scores: the chart needs only the means, not every answer.
    auto means = store.evalMeanScores(suiteName);
    for (const EvalRunSummary &summary : store.evalRuns(suiteName)) {
        const EvalRunRecord &run = summary.run;
        if (run.status != EvalRunStatus::Finished || !run.finishedAtMs)
            continue;

        EvalTrendPoint point;
        point.runId = run.id;
        point.finishedAtMs = *run.finishedAtMs;
        point.endpointName = run.endpointName;
        point.model = run.model;
        if (const auto found = means.find(run.id); found != means.end())
            point.meanScores = std::move(found->second);
        points.push_back(std::move(point));
    }
    std::sort(points.begin(), points.end(), [](const EvalTrendPoint &a, const EvalTrendPoint &b) {
        return std::pair(a.finishedAtMs, a.runId) < std::pair(b.finishedAtMs, b.runId);
    });
    return points;
}

} // namespace llmops
