// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalresultmodel.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace llmops {

EvalResultModel::EvalResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EvalResultModel::setResults(std::vector<EvalResultRecord> results)
{
    beginResetModel();
    m_results = std::move(results);
    m_scorers.clear();
    for (const EvalResultRecord &result : m_results) {
        for (const EvalScoreRecord &score : result.scores) {
            if (!m_scorers.contains(score.scorer))
                m_scorers.append(score.scorer);
        }
    }
    endResetModel();
}

const EvalScoreRecord *EvalResultModel::verdict(int row, const QString &scorer) const
{
    const auto &scores = m_results.at(std::size_t(row)).scores;
    const auto found = std::find_if(scores.begin(), scores.end(),
                                    [&](const EvalScoreRecord &score) { return score.scorer == scorer; });
    return found == scores.end() ? nullptr : &*found;
}

bool EvalResultModel::passedEveryScorer(const EvalResultRecord &result)
{
    return !result.scores.empty()
        && std::all_of(result.scores.begin(), result.scores.end(),
                       [](const EvalScoreRecord &score) { return score.passed; });
}

QString EvalResultModel::itemLabel(const EvalResultRecord &result)
{
    return result.itemKey.isEmpty() ? u"#%1"_s.arg(result.itemPosition + 1) : result.itemKey;
}

int EvalResultModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_results.size());
}

int EvalResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : latencyColumn() + 1;
}

QVariant EvalResultModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EvalResultRecord &result = m_results[std::size_t(index.row())];
    const int column = index.column();
    const bool scoreColumn = column >= FirstScorerColumn && column < passColumn();
    const EvalScoreRecord *score = scoreColumn ? verdict(index.row(), m_scorers[column - FirstScorerColumn]) : nullptr;

    switch (role) {
    case ResultIndexRole:
        return index.row();
    case SortRole:
        if (column == ItemColumn)
            return result.itemPosition;
        if (column == RepeatColumn)
            return result.repeat;
        if (scoreColumn)
            return score && score->score ? QVariant(*score->score) : QVariant();
        if (column == passColumn())
            return passedEveryScorer(result);
        return result.latencyMs ? QVariant(*result.latencyMs) : QVariant();
    case Qt::TextAlignmentRole:
        return column == ItemColumn ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::ToolTipRole:
        if (score)
            return score->explanation;
        if (column == passColumn() && result.errorClass != ErrorClass::None)
            return tr("No answer (%1): %2").arg(errorClassKey(result.errorClass), result.errorMessage);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    if (column == ItemColumn)
        return itemLabel(result);
    if (column == RepeatColumn)
        return QString::number(result.repeat + 1);
    if (scoreColumn) {
        if (!score || !score->score)
            return tr("n/a");
        return QString(QString::number(*score->score, 'f', 2) + (score->passed ? u" ✓"_s : u" ✗"_s));
    }
    if (column == passColumn()) {
        if (result.errorClass != ErrorClass::None)
            return tr("error");
        return passedEveryScorer(result) ? tr("pass") : tr("fail");
    }
    return result.latencyMs ? tr("%1 ms").arg(*result.latencyMs, 0, 'f', 0) : QString();
}

QVariant EvalResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == passColumn())
        return tr("Pass when every scorer passed the answer");
    if (role != Qt::DisplayRole)
        return {};
    if (section == ItemColumn)
        return tr("Item");
    if (section == RepeatColumn)
        return tr("Repeat");
    if (section >= FirstScorerColumn && section < passColumn())
        return m_scorers[section - FirstScorerColumn];
    if (section == passColumn())
        return tr("Verdict");
    if (section == latencyColumn())
        return tr("Latency");
    return {};
}

} // namespace llmops
