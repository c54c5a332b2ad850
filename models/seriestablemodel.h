// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QAbstractTableModel>
#include <QStringList>

#include <optional>
#include <vector>

namespace llmops {

/// Named series over equal time steps, one row a step: column 0 is the step's start in
/// milliseconds since the epoch, each further column one series. The display role is the
/// figure as text, ValueRole (Qt::UserRole) the raw number or an invalid QVariant where the
/// step has none, as chart adapters read it.
class SeriesTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role { ValueRole = Qt::UserRole };

    using QAbstractTableModel::QAbstractTableModel;

    /// Replaces everything; each of `columns` holds one value per step (missing ones are absent).
    void setSeries(const QStringList &names, qint64 fromMs, qint64 stepMs,
                   std::vector<std::vector<std::optional<double>>> columns);
    /// The value of a series (1-based, as its column) at the step holding `timeMs`.
    std::optional<double> valueAt(int column, qint64 timeMs) const;
    qint64 stepStart(int row) const { return m_fromMs + qint64(row) * m_stepMs; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QStringList m_names;
    qint64 m_fromMs = 0;
    qint64 m_stepMs = 60000;
    int m_rows = 0;
    std::vector<std::vector<std::optional<double>>> m_columns;
};

} // namespace llmops
