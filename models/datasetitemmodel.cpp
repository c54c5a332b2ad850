// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "datasetitemmodel.h"

#include <QFont>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

/// A table cell shows one line; the tooltip has the whole text.
QString oneLine(const QString &text)
{
    QString line = text.simplified();
    return line.size() > 160 ? line.first(159) + u'…' : line;
}

} // namespace

DatasetItemModel::DatasetItemModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void DatasetItemModel::setItems(const QString &datasetName, int version, std::vector<DatasetItem> items)
{
    beginResetModel();
    m_datasetName = datasetName;
    m_version = version;
    m_items = std::move(items);
    m_edited.clear();
    endResetModel();
}

void DatasetItemModel::clear()
{
    setItems({}, 0, {});
}

void DatasetItemModel::replaceItem(int row, const DatasetItem &item)
{
    if (row < 0 || row >= rowCount() || m_items[std::size_t(row)] == item)
        return;
    m_items[std::size_t(row)] = item;
    m_edited.insert(row);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString DatasetItemModel::inputsText(const DatasetItem &item)
{
    QStringList parts;
    for (const PromptVariable &variable : item.inputs)
        parts << variable.name + u": "_s + variable.value;
    for (const ChatMessage &message : item.messages)
        parts << message.role + u": "_s + message.content;
    return parts.join(u" · "_s);
}

int DatasetItemModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int DatasetItemModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DatasetItemModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DatasetItem &item = m_items[std::size_t(index.row())];
    QString text;
    switch (index.column()) {
    case IdColumn:
        text = item.key.isEmpty() ? u"#%1"_s.arg(index.row() + 1) : item.key;
        break;
    case InputsColumn:
        text = inputsText(item);
        break;
    case ExpectedColumn:
        text = item.expected.value_or(QString());
        break;
    }

    switch (role) {
    case Qt::DisplayRole:
        return oneLine(text);
    case Qt::ToolTipRole:
        if (index.column() == IdColumn && m_edited.contains(index.row()))
            return tr("Edited; save the items as a new version to keep the change");
        return text.size() > 40 ? QVariant(text) : QVariant();
    case SortRole:
        return index.column() == IdColumn ? QVariant(index.row()) : QVariant(text);
    case Qt::FontRole:
        if (m_edited.contains(index.row())) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    default:
        return {};
    }
}

QVariant DatasetItemModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Id");
    case InputsColumn:
        return tr("Inputs");
    case ExpectedColumn:
        return tr("Expected");
    }
    return {};
}

} // namespace llmops
