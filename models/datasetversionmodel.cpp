// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "datasetversionmodel.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace llmops {

DatasetVersionModel::DatasetVersionModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void DatasetVersionModel::setVersions(std::vector<DatasetVersionSummary> versions)
{
    beginResetModel();
    m_versions = std::move(versions);
    endResetModel();
}

int DatasetVersionModel::rowOf(const QString &name, std::optional<int> version) const
{
    int newest = -1;
    for (std::size_t row = 0; row < m_versions.size(); ++row) {
        const DatasetVersionSummary &candidate = m_versions[row];
        if (candidate.name != name)
            continue;
        if (version && candidate.version == *version)
            return int(row);
        if (!version && (newest < 0 || candidate.version > m_versions[std::size_t(newest)].version))
            newest = int(row);
    }
    return newest;
}

int DatasetVersionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_versions.size());
}

int DatasetVersionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DatasetVersionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DatasetVersionSummary &version = m_versions[std::size_t(index.row())];

    switch (role) {
    case NameRole:
        return version.name;
    case VersionRole:
        return version.version;
    case SortRole:
        switch (index.column()) {
        case DatasetColumn:
            // By name, then newest version first, as the store lists them.
            return u"%1@%2"_s.arg(version.name).arg(99999 - version.version, 5, 10, QChar(u'0'));
        case ItemsColumn:
            return version.itemCount;
        case SavedColumn:
            return version.createdAtMs;
        }
        return {};
    case Qt::ToolTipRole:
        return version.message.isEmpty() ? QVariant() : QVariant(version.message);
    case Qt::TextAlignmentRole:
        if (index.column() == ItemsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (index.column()) {
    case DatasetColumn:
        return u"%1@%2"_s.arg(version.name).arg(version.version);
    case ItemsColumn:
        return QString::number(version.itemCount);
    case SavedColumn:
        return QDateTime::fromMSecsSinceEpoch(version.createdAtMs).toString(u"yyyy-MM-dd HH:mm"_s);
    }
    return {};
}

QVariant DatasetVersionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case DatasetColumn:
        return tr("Dataset");
    case ItemsColumn:
        return tr("Items");
    case SavedColumn:
        return tr("Saved");
    }
    return {};
}

} // namespace llmops
