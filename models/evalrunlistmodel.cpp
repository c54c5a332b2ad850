// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalrunlistmodel.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

qint64 answersWanted(const EvalRunRecord &run)
{
    return run.itemCount * run.repeats;
}

} // namespace

EvalRunListModel::EvalRunListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EvalRunListModel::setRuns(std::vector<EvalRunSummary> runs)
{
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

std::optional<EvalRunSummary> EvalRunListModel::runById(qint64 runId) const
{
    const int row = rowOfRun(runId);
    return row < 0 ? std::nullopt : std::optional(m_runs[std::size_t(row)]);
}

int EvalRunListModel::rowOfRun(qint64 runId) const
{
    for (std::size_t row = 0; row < m_runs.size(); ++row) {
        if (m_runs[row].run.id == runId)
            return int(row);
    }
    return -1;
}

void EvalRunListModel::setProgress(qint64 runId, qint64 answersStored, qint64 failedRequests)
{
    const int row = rowOfRun(runId);
    if (row < 0)
        return;
    EvalRunSummary &summary = m_runs[std::size_t(row)];
    summary.resultCount = answersStored;
    summary.failedRequests = failedRequests;
    summary.run.status = EvalRunStatus::Running;
    Q_EMIT dataChanged(index(row, StatusColumn), index(row, ProgressColumn));
}

void EvalRunListModel::setStatus(qint64 runId, EvalRunStatus status)
{
    const int row = rowOfRun(runId);
    if (row < 0)
        return;
    m_runs[std::size_t(row)].run.status = status;
    Q_EMIT dataChanged(index(row, StatusColumn), index(row, StatusColumn));
}

QString EvalRunListModel::statusText(EvalRunStatus status)
{
    switch (status) {
    case EvalRunStatus::Running:
        return tr("running");
    case EvalRunStatus::Finished:
        return tr("finished");
    case EvalRunStatus::Cancelled:
        return tr("cancelled");
    case EvalRunStatus::Failed:
        return tr("failed");
    }
    return {};
}

int EvalRunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int EvalRunListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EvalRunListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EvalRunSummary &summary = m_runs[std::size_t(index.row())];
    const EvalRunRecord &run = summary.run;
    const qint64 wanted = answersWanted(run);

    switch (role) {
    case RunIdRole:
        return run.id;
    case SortRole:
        switch (index.column()) {
        case StatusColumn:
            return int(run.status);
        case ProgressColumn:
            return wanted > 0 ? double(summary.resultCount) / double(wanted) : 0.0;
        case StartedColumn:
            return run.startedAtMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::ToolTipRole:
        if (index.column() == StartedColumn)
            return QDateTime::fromMSecsSinceEpoch(run.startedAtMs).toString(u"yyyy-MM-dd HH:mm:ss"_s);
        if (index.column() == StatusColumn && !run.error.isEmpty())
            return run.error;
        if (index.column() == ProgressColumn && summary.failedRequests > 0)
            return tr("%n answer(s) without a response", nullptr, int(summary.failedRequests));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == ProgressColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (index.column()) {
    case SuiteColumn:
        return run.suiteName;
    case EndpointColumn:
        return run.endpointName;
    case ModelColumn:
        return run.model;
    case StatusColumn:
        return statusText(run.status);
    case ProgressColumn:
        return u"%1/%2"_s.arg(summary.resultCount).arg(wanted);
    case StartedColumn:
        // The year is in the tooltip; the column stays narrow enough for the list beside it.
        return QDateTime::fromMSecsSinceEpoch(run.startedAtMs).toString(u"MM-dd HH:mm"_s);
    }
    return {};
}

QVariant EvalRunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SuiteColumn:
        return tr("Suite");
    case EndpointColumn:
        return tr("Endpoint");
    case ModelColumn:
        return tr("Model");
    case StatusColumn:
        return tr("Status");
    case ProgressColumn:
        return tr("Progress");
    case StartedColumn:
        return tr("Started");
    }
    return {};
}

} // namespace llmops
