// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "seriestablemodel.h"

#include <QDateTime>

#include <algorithm>

namespace llmops {

void SeriesTableModel::setSeries(const QStringList &names, qint64 fromMs, qint64 stepMs,
                                 std::vector<std::vector<std::optional<double>>> columns)
{
    beginResetModel();
    m_names = names;
    m_fromMs = fromMs;
    m_stepMs = std::max<qint64>(1, stepMs);
    m_columns = std::move(columns);
    m_columns.resize(size_t(names.size()));
    m_rows = 0;
    for (const auto &column : m_columns)
        m_rows = std::max(m_rows, int(column.size()));
    endResetModel();
}

std::optional<double> SeriesTableModel::valueAt(int column, qint64 timeMs) const
{
    if (column < 1 || column > int(m_columns.size()) || timeMs < m_fromMs)
        return std::nullopt;
    const auto row = size_t((timeMs - m_fromMs) / m_stepMs);
    const auto &values = m_columns[size_t(column - 1)];
    return row < values.size() ? values[row] : std::nullopt;
}

int SeriesTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int SeriesTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_names.size()) + 1;
}

QVariant SeriesTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || (role != Qt::DisplayRole && role != ValueRole))
        return {};
    if (index.column() == 0) {
        const qint64 start = stepStart(index.row());
        if (role == ValueRole)
            return start;
        return QDateTime::fromMSecsSinceEpoch(start).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    const auto &values = m_columns[size_t(index.column() - 1)];
    const size_t row = size_t(index.row());
    if (row >= values.size() || !values[row])
        return {};
    if (role == ValueRole)
        return *values[row];
    return QString::number(*values[row], 'g', 4);
}

QVariant SeriesTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    if (section == 0)
        return tr("Time");
    return m_names.value(section - 1);
}

} // namespace llmops
