// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evaltrendmodel.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace llmops {

EvalTrendModel::EvalTrendModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EvalTrendModel::setPoints(const std::vector<EvalTrendPoint> &points, const QString &scorer)
{
    beginResetModel();
    m_scorer = scorer;
    m_seriesNames.clear();
    m_rows.clear();
    for (const EvalTrendPoint &point : points) {
        for (const auto &[name, mean] : point.meanScores) {
            if (name != scorer)
                continue;
            const QString series = point.endpointName + u" · "_s + point.model;
            if (!m_seriesNames.contains(series))
                m_seriesNames.append(series);
            m_rows.push_back({point.finishedAtMs, int(m_seriesNames.indexOf(series)), mean});
        }
    }
    endResetModel();
}

QStringList EvalTrendModel::scorersOf(const std::vector<EvalTrendPoint> &points)
{
    QStringList scorers;
    for (const EvalTrendPoint &point : points) {
        for (const auto &entry : point.meanScores) {
            if (!scorers.contains(entry.first))
                scorers.append(entry.first);
        }
    }
    return scorers;
}

qint64 EvalTrendModel::firstTimeMs() const
{
    return m_rows.empty() ? 0 : m_rows.front().timeMs;
}

qint64 EvalTrendModel::lastTimeMs() const
{
    return m_rows.empty() ? 0 : m_rows.back().timeMs;
}

int EvalTrendModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int EvalTrendModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_seriesNames.size()) + 1;
}

QVariant EvalTrendModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    if (index.column() == 0) {
        if (role == ValueRole)
            return row.timeMs;
        if (role == Qt::DisplayRole)
            return QDateTime::fromMSecsSinceEpoch(row.timeMs).toString(u"yyyy-MM-dd HH:mm"_s);
        return {};
    }
    if (index.column() - 1 != row.series)
        return {};
    if (role == ValueRole)
        return row.mean;
    if (role == Qt::DisplayRole)
        return QString::number(row.mean, 'f', 3);
    return {};
}

QVariant EvalTrendModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == 0)
        return tr("Finished");
    return m_seriesNames.value(section - 1);
}

} // namespace llmops
