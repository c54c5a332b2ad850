// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evaltrend.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <optional>
#include <vector>

namespace llmops {

/// One scorer's mean score over a suite's finished runs, for its trend chart: a row a run,
/// oldest first; column 0 the time it finished (milliseconds since the epoch), then a
/// column for each endpoint and model the suite ran on ("local · stories260K"), holding the
/// run's mean in its own column only. The display role is formatted text; ValueRole
/// (Qt::UserRole) the raw number, or an invalid QVariant, as chart adapters read it.
/// Changes by full reset only.
class EvalTrendModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role { ValueRole = Qt::UserRole };

    explicit EvalTrendModel(QObject *parent = nullptr);

    /// Keeps the runs that have a mean for the scorer.
    void setPoints(const std::vector<EvalTrendPoint> &points, const QString &scorer);
    QString scorer() const { return m_scorer; }
    /// Every scorer any of the points has a mean for, in first-seen order.
    static QStringList scorersOf(const std::vector<EvalTrendPoint> &points);
    /// The endpoint and model lines, in the order of their columns (from 1).
    const QStringList &seriesNames() const { return m_seriesNames; }
    qint64 firstTimeMs() const;
    qint64 lastTimeMs() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        qint64 timeMs = 0;
        int series = 0;
        double mean = 0;
    };

    QString m_scorer;
    QStringList m_seriesNames;
    std::vector<Row> m_rows;
};

} // namespace llmops
