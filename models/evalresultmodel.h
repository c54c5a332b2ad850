// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evaluation.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace llmops {

/// The scored answers of one run, a row for each item and repeat: the item, the repeat (from
/// 1), a column for each scorer with its score, whether the answer passed every scorer, and
/// its latency. The display role is formatted text, SortRole the raw value (an invalid
/// QVariant for a score the scorer could not give). Changes by full reset only.
class EvalResultModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role {
        SortRole = Qt::UserRole,
        /// The row's place in results(), whatever the column.
        ResultIndexRole,
    };
    enum FixedColumn { ItemColumn, RepeatColumn, FirstScorerColumn };

    explicit EvalResultModel(QObject *parent = nullptr);

    void setResults(std::vector<EvalResultRecord> results);
    const std::vector<EvalResultRecord> &results() const { return m_results; }
    const EvalResultRecord &result(int row) const { return m_results.at(std::size_t(row)); }
    /// In the order the scorers first appear in the results, as the summary lists them.
    const QStringList &scorers() const { return m_scorers; }
    int passColumn() const { return FirstScorerColumn + int(m_scorers.size()); }
    int latencyColumn() const { return passColumn() + 1; }

    /// The verdict of the named scorer on the row's answer; null when it gave none.
    const EvalScoreRecord *verdict(int row, const QString &scorer) const;
    /// An answer passes when every scorer passed it; one that could not be scored does not.
    static bool passedEveryScorer(const EvalResultRecord &result);
    /// "capital-fr", or "#3" for an item without an id of its own (positions from 1).
    static QString itemLabel(const EvalResultRecord &result);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<EvalResultRecord> m_results;
    QStringList m_scorers;
};

} // namespace llmops
