// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "prompt.h"

#include <QAbstractTableModel>

#include <vector>

namespace llmops {

/// The versions of one prompt, newest first as the store gives them, each with the labels
/// that point at it. Changes by full reset only.
class PromptVersionModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { VersionColumn, LabelsColumn, MessageColumn, AuthorColumn, TimeColumn, ColumnCount };
    enum Role {
        /// The raw value a column sorts by: the number, the text, milliseconds since 1970.
        SortRole = Qt::UserRole,
        /// The version number, whatever the column.
        VersionRole,
    };

    explicit PromptVersionModel(QObject *parent = nullptr);

    void setVersions(std::vector<PromptVersion> versions);
    const std::vector<PromptVersion> &versions() const { return m_versions; }
    const PromptVersion &version(int row) const { return m_versions.at(size_t(row)); }
    /// The row of the version with this number, or -1.
    int rowOfVersion(int number) const;
    /// The name of the prompt whose versions these are; empty when there are none.
    QString promptName() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<PromptVersion> m_versions;
};

} // namespace llmops
