// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "tracelistmodel.h"

#include <QDateTime>
#include <QLocale>

namespace llmops {

namespace {

QString formatDurationNs(qint64 ns)
{
    const double ms = double(ns) / 1e6;
    if (ms >= 10'000)
        return QLocale().toString(ms / 1000, 'f', 1) + QStringLiteral(" s");
    return QLocale().toString(ms, 'f', ms < 10 ? 2 : 0) + QStringLiteral(" ms");
}

} // namespace

TraceListModel::TraceListModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TraceListModel::setQuery(const TraceFilter &filter, TraceOrder order)
{
    beginResetModel();
    m_filter = filter;
    m_order = order;
    m_traces.clear();
    m_atEnd = false;
    m_hasBefore = false;
    m_awaitingBefore = false;
    ++m_generation;
    endResetModel();
    requestPage();
}

void TraceListModel::reload()
{
    setQuery(m_filter, m_order);
}

void TraceListModel::requestPage()
{
    m_loading = true;
    std::optional<TraceCursor> after;
    if (!m_traces.empty())
        after = TraceCursor::after(m_traces.back(), m_order);
    Q_EMIT pageWanted(m_generation, m_filter, m_order, after);
}

void TraceListModel::fetchPrevious()
{
    if (!m_hasBefore || m_loading || m_traces.empty())
        return;
    m_loading = true;
    m_awaitingBefore = true;
    TraceCursor before = TraceCursor::after(m_traces.front(), m_order);
    before.before = true;
    Q_EMIT pageWanted(m_generation, m_filter, m_order, before);
}

void TraceListModel::appendPage(quint64 generation, const std::vector<TraceSummary> &traces)
{
    if (generation != m_generation)
        return;
    // Still "loading" while the rows go in: a view that asks for more as they arrive must
    // wait until they are all in, or it would ask from the wrong place.
    const bool full = traces.size() >= size_t(kPageSize);
    if (m_awaitingBefore) {
        m_awaitingBefore = false;
        if (!traces.empty()) {
            beginInsertRows({}, 0, int(traces.size()) - 1);
            m_traces.insert(m_traces.begin(), traces.begin(), traces.end());
            endInsertRows();
        }
        m_hasBefore = full;
        // The far end of the window goes; it is fetched again when scrolled to.
        if (int(m_traces.size()) > m_maxRows) {
            beginRemoveRows({}, m_maxRows, int(m_traces.size()) - 1);
            m_traces.resize(size_t(m_maxRows));
            endRemoveRows();
            m_atEnd = false;
        }
    } else {
        if (!traces.empty()) {
            const int first = int(m_traces.size());
            beginInsertRows({}, first, first + int(traces.size()) - 1);
            m_traces.insert(m_traces.end(), traces.begin(), traces.end());
            endInsertRows();
        }
        m_atEnd = !full;
        if (int(m_traces.size()) > m_maxRows) {
            const int surplus = int(m_traces.size()) - m_maxRows;
            beginRemoveRows({}, 0, surplus - 1);
            m_traces.erase(m_traces.begin(), m_traces.begin() + surplus);
            endRemoveRows();
            m_hasBefore = true;
        }
    }
    m_loading = false;
}

int TraceListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_traces.size());
}

int TraceListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TraceListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TraceSummary &trace = m_traces[size_t(index.row())];

    switch (role) {
    case TraceIdRole:
        return QByteArray(trace.traceId.data(), qsizetype(trace.traceId.size()));
    case ConversationRole:
        return QString::fromStdString(trace.conversationId);
    case FailedRole:
        return trace.errorCount > 0;
    case Qt::ToolTipRole:
        if (!trace.hasRoot)
            return tr("The root span of this trace has not arrived yet.");
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == DurationColumn || index.column() == TokensColumn || index.column() == CostColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case SortRole:
        switch (index.column()) {
        case TimeColumn:
            return trace.startNs;
        case DurationColumn:
            return trace.durationNs();
        case TokensColumn:
            return trace.inputTokens + trace.outputTokens;
        case CostColumn:
            return trace.costUsd ? QVariant(*trace.costUsd) : QVariant();
        default:
            return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (index.column()) {
    case TimeColumn:
        return QDateTime::fromMSecsSinceEpoch(trace.startNs / 1'000'000)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case NameColumn:
        return trace.hasRoot ? QString::fromStdString(trace.name)
                             : tr("%1 (root missing)").arg(QString::fromStdString(trace.name));
    case ServiceColumn:
        return QString::fromStdString(trace.service);
    case ModelColumn:
        return QString::fromStdString(trace.model);
    case DurationColumn:
        return formatDurationNs(trace.durationNs());
    case TokensColumn:
        return QLocale().toString(trace.inputTokens + trace.outputTokens);
    case CostColumn:
        return trace.costUsd ? QStringLiteral("$") + QLocale().toString(*trace.costUsd, 'f', 4) : QStringLiteral("–");
    case StatusColumn:
        return trace.errorCount > 0 ? tr("%n error(s)", nullptr, int(trace.errorCount)) : tr("OK");
    }
    return {};
}

QVariant TraceListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case NameColumn:
        return tr("Trace");
    case ServiceColumn:
        return tr("Service");
    case ModelColumn:
        return tr("Model");
    case DurationColumn:
        return tr("Duration");
    case TokensColumn:
        return tr("Tokens");
    case CostColumn:
        return tr("Cost");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

bool TraceListModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_loading;
}

void TraceListModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        requestPage();
}

void TraceListModel::sort(int column, Qt::SortOrder order)
{
    std::optional<TraceOrder> wanted;
    switch (column) {
    case TimeColumn:
        wanted = order == Qt::AscendingOrder ? TraceOrder::Oldest : TraceOrder::Newest;
        break;
    case DurationColumn:
        wanted = TraceOrder::Longest;
        break;
    case CostColumn:
        wanted = TraceOrder::Costliest;
        break;
    case TokensColumn:
        wanted = TraceOrder::MostTokens;
        break;
    default:
        break;
    }
    if (wanted && *wanted != m_order)
        setQuery(m_filter, *wanted);
}

int TraceListModel::columnOfOrder(TraceOrder order)
{
    switch (order) {
    case TraceOrder::Newest:
    case TraceOrder::Oldest:
        return TimeColumn;
    case TraceOrder::Longest:
        return DurationColumn;
    case TraceOrder::Costliest:
        return CostColumn;
    case TraceOrder::MostTokens:
        return TokensColumn;
    }
    return TimeColumn;
}

Qt::SortOrder TraceListModel::directionOfOrder(TraceOrder order)
{
    return order == TraceOrder::Oldest ? Qt::AscendingOrder : Qt::DescendingOrder;
}

} // namespace llmops
