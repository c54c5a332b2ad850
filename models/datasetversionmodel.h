// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dataset.h"

#include <QAbstractTableModel>

#include <optional>
#include <vector>

namespace llmops {

/// Every version of every dataset as the store lists them (by name, newest version first):
/// `name@version`, its item count and when it was saved. The display role is formatted
/// text, SortRole the raw value; NameRole and VersionRole name the version in every column.
/// Changes by full reset only.
class DatasetVersionModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { DatasetColumn, ItemsColumn, SavedColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole, NameRole, VersionRole };

    explicit DatasetVersionModel(QObject *parent = nullptr);

    void setVersions(std::vector<DatasetVersionSummary> versions);
    const std::vector<DatasetVersionSummary> &versions() const { return m_versions; }
    const DatasetVersionSummary &version(int row) const { return m_versions.at(std::size_t(row)); }
    /// The row of the version, or -1; the newest version of the name when none is given.
    int rowOf(const QString &name, std::optional<int> version = std::nullopt) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<DatasetVersionSummary> m_versions;
};

} // namespace llmops
