// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "prompt.h"

#include <QAbstractTableModel>

#include <vector>

namespace llmops {

/// The prompts of the library, one row each, as the store listed them (by name). Changes by
/// full reset only: the list is short and comes back whole with every search.
class PromptListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        VersionColumn,
        VersionCountColumn,
        LabelsColumn,
        UpdatedColumn,
        MessageColumn,
        ColumnCount
    };
    enum Role {
        /// The raw value a column sorts by: the name, a number, milliseconds since 1970.
        SortRole = Qt::UserRole,
        NameRole,
    };

    explicit PromptListModel(QObject *parent = nullptr);

    void setPrompts(std::vector<PromptSummary> prompts);
    const PromptSummary &prompt(int row) const { return m_prompts.at(size_t(row)); }
    /// The row of the prompt with this name, or -1.
    int rowOfName(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<PromptSummary> m_prompts;
};

} // namespace llmops
