// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "pricetable.h"

#include <QAbstractTableModel>

namespace llmops {

/// The price table for editing: one row per model, prices in dollars per million tokens.
/// An empty optional price cell means "as the plain input or output price".
class PriceTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        ProviderColumn,
        ModelColumn,
        InputColumn,
        CachedInputColumn,
        CacheWriteColumn,
        OutputColumn,
        ReasoningColumn,
        ColumnCount
    };

    explicit PriceTableModel(QObject *parent = nullptr);

    void setTable(const PriceTable &table);
    /// The table as edited, with the date and sources it came with.
    PriceTable table() const;
    /// Why the table cannot be saved as it is (a row without a model, a model twice), or
    /// empty when it can.
    QString problem() const;

    void appendEmptyRow();
    void removePriceRow(int row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    PriceTable m_table;
    std::vector<ModelPrice> m_prices;
};

} // namespace llmops
