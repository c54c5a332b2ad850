// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "aggregate.h"

#include <QAbstractTableModel>

#include <vector>

namespace llmops {

/// Request figures per time bucket, one row a bucket, oldest first: what dashboard charts
/// and their tables read. The display role is formatted text; ValueRole is the raw number
/// (milliseconds since the epoch for the bucket column) or an invalid QVariant where a
/// bucket has no such figure.
class TimeSeriesModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        BucketStartColumn,
        LatencyP50Column,
        LatencyP95Column,
        LatencyP99Column,
        TtftP50Column,
        TtftP95Column,
        TokensPerSecondColumn,
        RequestsColumn,
        ErrorsColumn,
        ColumnCount
    };
    enum Role { ValueRole = Qt::UserRole };

    using QAbstractTableModel::QAbstractTableModel;

    void setBuckets(std::vector<AggregateBucket> buckets, qint64 bucketMs);
    qint64 bucketMs() const { return m_bucketMs; }
    /// The raw figure, as ValueRole gives it.
    std::optional<double> value(int row, Column column) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<AggregateBucket> m_buckets;
    qint64 m_bucketMs = 60'000;
};

} // namespace llmops
