// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dataset.h"

#include <QAbstractTableModel>

#include <set>
#include <vector>

namespace llmops {

/// The items of one dataset version: id, inputs (variables, or the item's own messages) and
/// expected answer. Versions are immutable, so an edited item is held here, marked, until
/// the items are saved as a new version. The display role is one line of text, SortRole the
/// raw value (the position for the id column). Changes by full reset, and an edited item in
/// place.
class DatasetItemModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { IdColumn, InputsColumn, ExpectedColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole };

    explicit DatasetItemModel(QObject *parent = nullptr);

    void setItems(const QString &datasetName, int version, std::vector<DatasetItem> items);
    void clear();
    QString datasetName() const { return m_datasetName; }
    int version() const { return m_version; }
    const std::vector<DatasetItem> &items() const { return m_items; }
    const DatasetItem &item(int row) const { return m_items.at(std::size_t(row)); }
    /// Replaces an item with its edited form; a change to nothing is no edit.
    void replaceItem(int row, const DatasetItem &item);
    bool isModified() const { return !m_edited.empty(); }
    int editedCount() const { return int(m_edited.size()); }

    /// "country: France · tone: short", or the turns of the item's own messages.
    static QString inputsText(const DatasetItem &item);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString m_datasetName;
    int m_version = 0;
    std::vector<DatasetItem> m_items;
    std::set<int> m_edited;
};

} // namespace llmops
