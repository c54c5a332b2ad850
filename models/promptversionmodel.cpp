// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "promptversionmodel.h"

#include <QDateTime>

namespace llmops {

PromptVersionModel::PromptVersionModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PromptVersionModel::setVersions(std::vector<PromptVersion> versions)
{
    beginResetModel();
    m_versions = std::move(versions);
    endResetModel();
}

int PromptVersionModel::rowOfVersion(int number) const
{
    const auto found = std::find_if(m_versions.begin(), m_versions.end(),
                                    [number](const PromptVersion &version) { return version.version == number; });
    return found == m_versions.end() ? -1 : int(found - m_versions.begin());
}

QString PromptVersionModel::promptName() const
{
    return m_versions.empty() ? QString() : m_versions.front().name;
}

int PromptVersionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_versions.size());
}

int PromptVersionModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PromptVersionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PromptVersion &version = m_versions[size_t(index.row())];

    switch (role) {
    case VersionRole:
        return version.version;
    case Qt::TextAlignmentRole:
        if (index.column() == VersionColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case VersionColumn:
            return version.version;
        case TimeColumn:
            return version.createdAtMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (index.column()) {
    case VersionColumn:
        return QString::number(version.version);
    case LabelsColumn:
        return version.labels.join(QStringLiteral(", "));
    case MessageColumn:
        return version.commitMessage;
    case AuthorColumn:
        return version.author;
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(version.createdAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    }
    return {};
}

QVariant PromptVersionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case VersionColumn:
        return tr("Version");
    case LabelsColumn:
        return tr("Labels");
    case MessageColumn:
        return tr("Commit message");
    case AuthorColumn:
        return tr("Author");
    case TimeColumn:
        return tr("Saved");
    }
    return {};
}

} // namespace llmops
