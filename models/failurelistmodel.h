// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "requestrecord.h"

#include <QAbstractTableModel>
#include <QHash>

#include <vector>

namespace llmops {

/// The failed requests of a dashboard's range, newest first: what an analyst reads to see
/// why an endpoint went red. The display role is formatted text; SortRole is the raw value
/// (milliseconds since the epoch for the time, the key text for the error class).
class FailureListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        EndpointColumn,
        SourceColumn, ///< probe, playground, trace or eval: what sent the request
        ErrorClassColumn,
        HttpStatusColumn,
        RetryAfterColumn,
        MessageColumn,
        ColumnCount
    };
    enum Role { SortRole = Qt::UserRole };

    using QAbstractTableModel::QAbstractTableModel;

    /// Replaces the list; `endpointNames` names the endpoints by id.
    void setFailures(std::vector<RequestRecord> failures, QHash<qint64, QString> endpointNames);
    const std::vector<RequestRecord> &failures() const { return m_failures; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant sortValue(const RequestRecord &failure, Column column) const;
    QString displayText(const RequestRecord &failure, Column column) const;

    std::vector<RequestRecord> m_failures;
    QHash<qint64, QString> m_endpointNames;
};

} // namespace llmops
