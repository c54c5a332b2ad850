// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "failurelistmodel.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace llmops {

void FailureListModel::setFailures(std::vector<RequestRecord> failures, QHash<qint64, QString> endpointNames)
{
    beginResetModel();
    m_failures = std::move(failures);
    m_endpointNames = std::move(endpointNames);
    endResetModel();
}

int FailureListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_failures.size());
}

int FailureListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FailureListModel::sortValue(const RequestRecord &failure, Column column) const
{
    switch (column) {
    case TimeColumn:
        return failure.startedAtMs;
    case EndpointColumn:
        return m_endpointNames.value(failure.endpointId);
    case SourceColumn:
        return requestSourceKey(failure.source);
    case ErrorClassColumn:
        return errorClassKey(failure.errorClass);
    case HttpStatusColumn:
        return failure.httpStatus ? QVariant(*failure.httpStatus) : QVariant();
    case RetryAfterColumn:
        return failure.retryAfterMs ? QVariant(*failure.retryAfterMs) : QVariant();
    case MessageColumn:
        return failure.errorMessage;
    case ColumnCount:
        break;
    }
    return {};
}

QString FailureListModel::displayText(const RequestRecord &failure, Column column) const
{
    switch (column) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(failure.startedAtMs).toString(u"yyyy-MM-dd HH:mm:ss"_s);
    case HttpStatusColumn:
        return failure.httpStatus ? QString::number(*failure.httpStatus) : u"–"_s;
    case RetryAfterColumn:
        return failure.retryAfterMs ? tr("%1 s").arg(double(*failure.retryAfterMs) / 1000.0, 0, 'f', 1) : u"–"_s;
    case MessageColumn:
        // One line a failure: a multi-line gateway message would make rows of uneven height.
        return failure.errorMessage.simplified();
    default:
        return sortValue(failure, column).toString();
    }
}

QVariant FailureListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RequestRecord &failure = m_failures[std::size_t(index.row())];
    const auto column = Column(index.column());

    switch (role) {
    case Qt::DisplayRole:
        return displayText(failure, column);
    case Qt::ToolTipRole:
        return column == MessageColumn ? QVariant(failure.errorMessage) : QVariant();
    case SortRole:
        return sortValue(failure, column);
    default:
        return {};
    }
}

QVariant FailureListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case TimeColumn:
        return tr("Time");
    case EndpointColumn:
        return tr("Endpoint");
    case SourceColumn:
        return tr("Source");
    case ErrorClassColumn:
        return tr("Error");
    case HttpStatusColumn:
        return tr("HTTP");
    case RetryAfterColumn:
        return tr("Retry after");
    case MessageColumn:
        return tr("Message");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace llmops
