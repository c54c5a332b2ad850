// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalresultfiltermodel.h"

#include "evalresultmodel.h"

#include <algorithm>

namespace llmops {

EvalResultFilterModel::EvalResultFilterModel(EvalResultModel *results, QObject *parent)
    : QSortFilterProxyModel(parent)
    , m_results(results)
{
    setSourceModel(results);
    setSortRole(EvalResultModel::SortRole);
}

void EvalResultFilterModel::setScorer(const QString &scorer)
{
    if (scorer == m_scorer)
        return;
    m_scorer = scorer;
    invalidateFilter();
}

void EvalResultFilterModel::setVerdict(Verdict verdict)
{
    if (verdict == m_verdict)
        return;
    m_verdict = verdict;
    invalidateFilter();
}

bool EvalResultFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || m_verdict == Verdict::Any)
        return true;

    if (!m_scorer.isEmpty()) {
        const EvalScoreRecord *verdict = m_results->verdict(sourceRow, m_scorer);
        switch (m_verdict) {
        case Verdict::Passed:
            return verdict && verdict->scorable() && verdict->passed;
        case Verdict::Failed:
            return verdict && verdict->scorable() && !verdict->passed;
        case Verdict::Unscorable:
            return !verdict || !verdict->scorable();
        case Verdict::Any:
            break;
        }
        return true;
    }

    const EvalResultRecord &result = m_results->result(sourceRow);
    switch (m_verdict) {
    case Verdict::Passed:
        return EvalResultModel::passedEveryScorer(result);
    case Verdict::Failed:
        return !EvalResultModel::passedEveryScorer(result);
    case Verdict::Unscorable:
        return std::any_of(result.scores.begin(), result.scores.end(),
                           [](const EvalScoreRecord &score) { return !score.scorable(); });
    case Verdict::Any:
        break;
    }
    return true;
}

} // namespace llmops
