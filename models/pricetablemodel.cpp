// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "pricetablemodel.h"

#include <QLocale>

#include <cmath>
#include <set>

namespace llmops {

namespace {

std::optional<double> *optionalPriceOf(ModelPrice &price, int column)
{
    switch (column) {
    case PriceTableModel::CachedInputColumn:
        return &price.cachedInputPerMillion;
    case PriceTableModel::CacheWriteColumn:
        return &price.cacheWritePerMillion;
    case PriceTableModel::ReasoningColumn:
        return &price.reasoningPerMillion;
    default:
        return nullptr;
    }
}

} // namespace

PriceTableModel::PriceTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void PriceTableModel::setTable(const PriceTable &table)
{
    beginResetModel();
    m_table = table;
    m_prices = table.prices();
    endResetModel();
}

PriceTable PriceTableModel::table() const
{
    PriceTable table = m_table;
    table.setPrices(m_prices);
    return table;
}

QString PriceTableModel::problem() const
{
    std::set<std::pair<QString, QString>> seen;
    for (size_t row = 0; row < m_prices.size(); ++row) {
        const ModelPrice &price = m_prices[row];
        if (price.model.empty())
            return tr("Row %1 names no model.").arg(row + 1);
        const auto key = std::pair{QString::fromStdString(price.provider).toLower(),
                                   QString::fromStdString(price.model).toLower()};
        if (!seen.insert(key).second)
            return tr("%1 is listed twice.").arg(QString::fromStdString(price.model));
    }
    if (m_prices.empty())
        return tr("The table lists no models.");
    return {};
}

void PriceTableModel::appendEmptyRow()
{
    const int row = int(m_prices.size());
    beginInsertRows({}, row, row);
    m_prices.push_back({});
    endInsertRows();
}

void PriceTableModel::removePriceRow(int row)
{
    if (row < 0 || row >= int(m_prices.size()))
        return;
    beginRemoveRows({}, row, row);
    m_prices.erase(m_prices.begin() + row);
    endRemoveRows();
}

int PriceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_prices.size());
}

int PriceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PriceTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::TextAlignmentRole && index.column() >= InputColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};

    ModelPrice price = m_prices[size_t(index.row())];
    switch (index.column()) {
    case ProviderColumn:
        return QString::fromStdString(price.provider);
    case ModelColumn:
        return QString::fromStdString(price.model);
    case InputColumn:
        return price.inputPerMillion;
    case OutputColumn:
        return price.outputPerMillion;
    default:
        break;
    }
    const std::optional<double> *optional = optionalPriceOf(price, index.column());
    if (!optional || !*optional)
        return role == Qt::EditRole ? QVariant(QString()) : QVariant();
    return **optional;
}

bool PriceTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    ModelPrice &price = m_prices[size_t(index.row())];
    const QString text = value.toString().trimmed();

    if (index.column() == ProviderColumn || index.column() == ModelColumn) {
        (index.column() == ProviderColumn ? price.provider : price.model) = text.toStdString();
    } else {
        // Prices are read in the user's locale or in C notation; an optional one may be cleared.
        bool ok = false;
        double amount = QLocale().toDouble(text, &ok);
        if (!ok)
            amount = text.toDouble(&ok);
        std::optional<double> *optional = optionalPriceOf(price, index.column());
        if (text.isEmpty() && optional) {
            optional->reset();
        } else if (!ok || amount < 0 || !std::isfinite(amount)) {
            return false;
        } else if (optional) {
            *optional = amount;
        } else {
            (index.column() == InputColumn ? price.inputPerMillion : price.outputPerMillion) = amount;
        }
    }
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole});
    return true;
}

Qt::ItemFlags PriceTableModel::flags(const QModelIndex &index) const
{
    return QAbstractTableModel::flags(index) | (index.isValid() ? Qt::ItemIsEditable : Qt::NoItemFlags);
}

QVariant PriceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ProviderColumn:
        return tr("Provider");
    case ModelColumn:
        return tr("Model");
    case InputColumn:
        return tr("Input $/M");
    case CachedInputColumn:
        return tr("Cached input $/M");
    case CacheWriteColumn:
        return tr("Cache write $/M");
    case OutputColumn:
        return tr("Output $/M");
    case ReasoningColumn:
        return tr("Reasoning $/M");
    }
    return {};
}

} // namespace llmops
