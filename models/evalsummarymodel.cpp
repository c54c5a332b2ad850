// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalsummarymodel.h"

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

QString percent(double share)
{
    return QString::number(share * 100.0, 'f', 1);
}

QVariant optionalValue(std::optional<double> value)
{
    return value ? QVariant(*value) : QVariant();
}

} // namespace

EvalSummaryModel::EvalSummaryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void EvalSummaryModel::setFigures(EvalRunFigures figures, int repeats)
{
    beginResetModel();
    m_figures = std::move(figures);
    m_repeats = repeats;
    endResetModel();
}

int EvalSummaryModel::rowOfScorer(const QString &scorer) const
{
    for (std::size_t row = 0; row < m_figures.scorers.size(); ++row) {
        if (m_figures.scorers[row].scorer == scorer)
            return int(row);
    }
    return -1;
}

QString EvalSummaryModel::meanText(std::optional<double> mean, std::optional<ConfidenceInterval> interval)
{
    if (!mean)
        return u"–"_s;
    QString text = QString::number(*mean, 'f', 3);
    if (interval)
        text += u" [%1–%2]"_s.arg(QString::number(interval->low, 'f', 3), QString::number(interval->high, 'f', 3));
    return text;
}

QString EvalSummaryModel::rateText(std::optional<double> rate, std::optional<ConfidenceInterval> interval)
{
    if (!rate)
        return u"–"_s;
    QString text = percent(*rate) + u" %"_s;
    if (interval)
        text += u" [%1–%2 %]"_s.arg(percent(interval->low), percent(interval->high));
    return text;
}

int EvalSummaryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_figures.scorers.size());
}

int EvalSummaryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EvalSummaryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ScorerFigures &scorer = m_figures.scorers[std::size_t(index.row())];

    switch (role) {
    case IntervalLowRole:
    case IntervalHighRole: {
        const auto interval = index.column() == MeanColumn ? scorer.meanInterval
            : index.column() == PassRateColumn             ? scorer.passRateInterval
                                                           : std::nullopt;
        if (!interval)
            return {};
        return role == IntervalLowRole ? interval->low : interval->high;
    }
    case SortRole:
        switch (index.column()) {
        case ScorerColumn:
            return scorer.scorer;
        case MeanColumn:
            return optionalValue(scorer.meanScore);
        case PassRateColumn:
            return optionalValue(scorer.passRate);
        case PassEveryRepeatColumn:
            return optionalValue(scorer.passEveryRepeatRate);
        case SpreadColumn:
            return optionalValue(scorer.meanRepeatSpread);
        case UnscorableColumn:
            return scorer.unscorableAnswers;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == ScorerColumn ? QVariant() : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::ToolTipRole:
        if (index.column() == PassRateColumn)
            return tr("%1 of %2 scored answers passed").arg(scorer.passedAnswers).arg(scorer.scoredAnswers);
        if (index.column() == PassEveryRepeatColumn)
            return tr("Of the %n item(s) scored in every repeat", nullptr, int(scorer.itemsScoredEveryRepeat));
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (index.column()) {
    case ScorerColumn:
        return scorer.scorer;
    case MeanColumn:
        return meanText(scorer.meanScore, scorer.meanInterval);
    case PassRateColumn:
        return rateText(scorer.passRate, scorer.passRateInterval);
    case PassEveryRepeatColumn:
        return rateText(scorer.passEveryRepeatRate, std::nullopt);
    case SpreadColumn:
        return scorer.meanRepeatSpread ? QString::number(*scorer.meanRepeatSpread, 'f', 3) : u"–"_s;
    case UnscorableColumn:
        return QString::number(scorer.unscorableAnswers);
    }
    return {};
}

QVariant EvalSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case MeanColumn:
            return tr("Mean score with its 95% interval, bootstrapped over items (an item's repeats are drawn "
                      "together)");
        case PassRateColumn:
            return tr("Share of scored answers that passed, with its Wilson 95% interval");
        case PassEveryRepeatColumn:
            return tr("Share of items that passed in all %n repeat(s)", nullptr, m_repeats);
        case SpreadColumn:
            return tr("Mean over items of the highest minus the lowest score across repeats");
        case UnscorableColumn:
            return tr("Answers the scorer could not score, left out of its figures");
        }
        return {};
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ScorerColumn:
        return tr("Scorer");
    case MeanColumn:
        return tr("Mean [95% CI]");
    case PassRateColumn:
        return tr("Pass rate [95% CI]");
    case PassEveryRepeatColumn:
        return tr("pass^%1").arg(m_repeats);
    case SpreadColumn:
        return tr("Spread");
    case UnscorableColumn:
        return tr("Unscorable");
    }
    return {};
}

} // namespace llmops
