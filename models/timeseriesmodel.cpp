// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "timeseriesmodel.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace llmops {

void TimeSeriesModel::setBuckets(std::vector<AggregateBucket> buckets, qint64 bucketMs)
{
    beginResetModel();
    m_buckets = std::move(buckets);
    m_bucketMs = bucketMs;
    endResetModel();
}

std::optional<double> TimeSeriesModel::value(int row, Column column) const
{
    if (row < 0 || row >= int(m_buckets.size()))
        return std::nullopt;
    const AggregateBucket &bucket = m_buckets[std::size_t(row)];
    const RequestAggregate &figures = bucket.aggregate;

    switch (column) {
    case BucketStartColumn:
        return double(bucket.startMs);
    case LatencyP50Column:
        return figures.latencyP50Ms;
    case LatencyP95Column:
        return figures.latencyP95Ms;
    case LatencyP99Column:
        return figures.latencyP99Ms;
    case TtftP50Column:
        return figures.ttftP50Ms;
    case TtftP95Column:
        return figures.ttftP95Ms;
    case TokensPerSecondColumn:
        return figures.tokensPerSecondMean;
    case RequestsColumn:
        return double(figures.count);
    case ErrorsColumn:
        return double(figures.errorCount);
    case ColumnCount:
        break;
    }
    return std::nullopt;
}

int TimeSeriesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_buckets.size());
}

int TimeSeriesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimeSeriesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto column = Column(index.column());
    const std::optional<double> raw = value(index.row(), column);

    if (role == ValueRole)
        return raw ? QVariant(*raw) : QVariant();
    if (role != Qt::DisplayRole)
        return {};

    if (!raw)
        return u"–"_s;
    switch (column) {
    case BucketStartColumn:
        return QDateTime::fromMSecsSinceEpoch(qint64(*raw)).toString(u"yyyy-MM-dd HH:mm:ss"_s);
    case RequestsColumn:
    case ErrorsColumn:
        return QString::number(qint64(*raw));
    case TokensPerSecondColumn:
        return QString::number(*raw, 'f', 1);
    default:
        return QString(QString::number(*raw, 'f', 1) + u" ms"_s);
    }
}

QVariant TimeSeriesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);

    switch (Column(section)) {
    case BucketStartColumn:
        return tr("Time");
    case LatencyP50Column:
        return tr("Latency p50");
    case LatencyP95Column:
        return tr("Latency p95");
    case LatencyP99Column:
        return tr("Latency p99");
    case TtftP50Column:
        return tr("TTFT p50");
    case TtftP95Column:
        return tr("TTFT p95");
    case TokensPerSecondColumn:
        return tr("Tokens/s");
    case RequestsColumn:
        return tr("Requests");
    case ErrorsColumn:
        return tr("Errors");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace llmops
