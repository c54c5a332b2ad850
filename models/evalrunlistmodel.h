// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evaluation.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace llmops {

/// Evaluation runs, newest first as the store lists them: suite, endpoint, model, status,
/// progress (answers stored of items × repeats) and start time. The display role is
/// formatted text, SortRole the raw value, RunIdRole the run's id in every column. Changes
/// by full reset, and a running run's progress in place.
class EvalRunListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SuiteColumn, EndpointColumn, ModelColumn, StatusColumn, ProgressColumn, StartedColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole, RunIdRole };

    explicit EvalRunListModel(QObject *parent = nullptr);

    void setRuns(std::vector<EvalRunSummary> runs);
    const std::vector<EvalRunSummary> &runs() const { return m_runs; }
    const EvalRunSummary &run(int row) const { return m_runs.at(std::size_t(row)); }
    std::optional<EvalRunSummary> runById(qint64 runId) const;
    /// The row of the run, or -1.
    int rowOfRun(qint64 runId) const;
    /// A run going now: its answers stored so far, and that it runs.
    void setProgress(qint64 runId, qint64 answersStored, qint64 failedRequests);
    void setStatus(qint64 runId, EvalRunStatus status);

    static QString statusText(EvalRunStatus status);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<EvalRunSummary> m_runs;
};

} // namespace llmops
