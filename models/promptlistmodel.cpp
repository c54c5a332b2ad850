// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "promptlistmodel.h"

#include <QDateTime>

namespace llmops {

PromptListModel::PromptListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PromptListModel::setPrompts(std::vector<PromptSummary> prompts)
{
    beginResetModel();
    m_prompts = std::move(prompts);
    endResetModel();
}

int PromptListModel::rowOfName(const QString &name) const
{
    const auto found = std::find_if(m_prompts.begin(), m_prompts.end(),
                                    [&name](const PromptSummary &prompt) { return prompt.name == name; });
    return found == m_prompts.end() ? -1 : int(found - m_prompts.begin());
}

int PromptListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_prompts.size());
}

int PromptListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PromptListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PromptSummary &prompt = m_prompts[size_t(index.row())];

    switch (role) {
    case NameRole:
        return prompt.name;
    case Qt::TextAlignmentRole:
        if (index.column() == VersionColumn || index.column() == VersionCountColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case VersionColumn:
            return prompt.latestVersion;
        case VersionCountColumn:
            return prompt.versionCount;
        case UpdatedColumn:
            return prompt.updatedAtMs;
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (index.column()) {
    case NameColumn:
        return prompt.name;
    case VersionColumn:
        return QString::number(prompt.latestVersion);
    case VersionCountColumn:
        return QString::number(prompt.versionCount);
    case LabelsColumn: {
        QStringList labels;
        for (const auto &[label, version] : prompt.labels)
            labels << tr("%1 → %2").arg(label).arg(version);
        return labels.join(QStringLiteral(", "));
    }
    case UpdatedColumn:
        return QDateTime::fromMSecsSinceEpoch(prompt.updatedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    case MessageColumn:
        return prompt.latestCommitMessage;
    }
    return {};
}

QVariant PromptListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Prompt");
    case VersionColumn:
        return tr("Latest");
    case VersionCountColumn:
        return tr("Versions");
    case LabelsColumn:
        return tr("Labels");
    case UpdatedColumn:
        return tr("Updated");
    case MessageColumn:
        return tr("Last change");
    }
    return {};
}

} // namespace llmops
