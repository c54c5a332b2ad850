// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evalsummary.h"

#include <QAbstractTableModel>

namespace llmops {

/// A run's figures, a row for each scorer: the mean score with its bootstrap interval, the
/// pass rate with its Wilson interval, pass^N over the run's N repeats, the spread across
/// repeats and how many answers it could not score. The display role is formatted text;
/// SortRole the raw figure (an invalid QVariant where there is none), and the interval
/// roles the bounds of the mean's and the pass rate's intervals. Changes by full reset only.
class EvalSummaryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        ScorerColumn,
        MeanColumn,
        PassRateColumn,
        PassEveryRepeatColumn,
        SpreadColumn,
        UnscorableColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole, IntervalLowRole, IntervalHighRole };

    explicit EvalSummaryModel(QObject *parent = nullptr);

    void setFigures(EvalRunFigures figures, int repeats);
    const EvalRunFigures &figures() const { return m_figures; }
    int repeats() const { return m_repeats; }
    /// The row of the named scorer, or -1.
    int rowOfScorer(const QString &scorer) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// How the figures are written: "0.421 [0.310–0.552]" and "45.0 % [35.1–55.3 %]".
    static QString meanText(std::optional<double> mean, std::optional<ConfidenceInterval> interval);
    static QString rateText(std::optional<double> rate, std::optional<ConfidenceInterval> interval);

private:
    EvalRunFigures m_figures;
    int m_repeats = 1;
};

} // namespace llmops
