// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QSortFilterProxyModel>

namespace llmops {

class EvalResultModel;

/// The results of a run sorted by their raw values and filtered by verdict: of one scorer,
/// or of every scorer together.
///
/// With a scorer: Passed is an answer it passed, Failed one it scored below its threshold,
/// Unscorable one it could not score. With every scorer (an empty name): Passed is an answer
/// every scorer passed, Failed any other, Unscorable one that some scorer could not score.
class EvalResultFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class Verdict { Any, Passed, Failed, Unscorable };

    explicit EvalResultFilterModel(EvalResultModel *results, QObject *parent = nullptr);

    void setScorer(const QString &scorer);
    QString scorer() const { return m_scorer; }
    void setVerdict(Verdict verdict);
    Verdict verdict() const { return m_verdict; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    EvalResultModel *m_results;
    QString m_scorer;
    Verdict m_verdict = Verdict::Any;
};

} // namespace llmops
