// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "spantreemodel.h"

#include <QLocale>

#include <algorithm>
#include <unordered_map>

namespace llmops {

namespace {

QString formatMs(double ms)
{
    return QLocale().toString(ms, 'f', ms < 10 ? 2 : 1) + QStringLiteral(" ms");
}

/// Spans that name each other as parents (a broken exporter can send that) would hang
/// below each other and never be shown: each loop is cut at one span, which then stands at
/// the top level.
void breakCycles(std::vector<int> &parentOf)
{
    enum State : char { Unseen, OnPath, Done };
    std::vector<State> state(parentOf.size(), Unseen);
    std::vector<int> path;
    for (int start = 0; start < int(parentOf.size()); ++start) {
        path.clear();
        int at = start;
        while (at >= 0 && state[size_t(at)] == Unseen) {
            state[size_t(at)] = OnPath;
            path.push_back(at);
            at = parentOf[size_t(at)];
        }
        if (at >= 0 && state[size_t(at)] == OnPath)
            parentOf[size_t(path.back())] = -1;
        for (const int visited : path)
            state[size_t(visited)] = Done;
    }
}

} // namespace

SpanTreeModel::SpanTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
}

void SpanTreeModel::setSpans(std::vector<SpanRecord> spans)
{
    beginResetModel();
    // Time order within each parent: stable, so spans that start together keep their order.
    std::stable_sort(spans.begin(), spans.end(),
                     [](const SpanRecord &a, const SpanRecord &b) { return a.startNs < b.startNs; });
    m_spans = std::move(spans);
    m_nodes.assign(m_spans.size(), Node());
    m_topLevel.clear();

    std::unordered_map<std::string, int> positionOfId;
    for (int i = 0; i < int(m_spans.size()); ++i)
        positionOfId.emplace(m_spans[size_t(i)].spanId, i);

    // Each span's parent position, -1 when it has none or it is not in the trace.
    const int count = int(m_spans.size());
    std::vector<int> parentOf(size_t(count), -1);
    for (int i = 0; i < count; ++i) {
        const SpanRecord &span = m_spans[size_t(i)];
        if (const auto found = positionOfId.find(span.parentSpanId); !span.isRoot() && found != positionOfId.end())
            parentOf[size_t(i)] = found->second;
    }
    breakCycles(parentOf);

    m_startNs = m_spans.empty() ? 0 : m_spans.front().startNs;
    m_endNs = m_startNs;
    for (int i = 0; i < count; ++i) {
        const SpanRecord &span = m_spans[size_t(i)];
        m_endNs = std::max(m_endNs, span.endNs);
        Node &node = m_nodes[size_t(i)];
        node.parent = parentOf[size_t(i)];
        if (node.parent >= 0) {
            node.row = int(m_nodes[size_t(node.parent)].children.size());
            m_nodes[size_t(node.parent)].children.push_back(i);
        } else {
            node.parentMissing = !span.isRoot();
            node.row = int(m_topLevel.size());
            m_topLevel.push_back(i);
        }
    }
    endResetModel();
}

const SpanRecord *SpanTreeModel::spanAt(const QModelIndex &index) const
{
    if (!index.isValid() || index.model() != this)
        return nullptr;
    return &m_spans[size_t(index.internalId() - 1)];
}

QModelIndex SpanTreeModel::indexOfSpan(int position) const
{
    if (position < 0 || position >= int(m_spans.size()))
        return {};
    return createIndex(m_nodes[size_t(position)].row, 0, quintptr(position + 1));
}

const std::vector<int> &SpanTreeModel::childrenOf(const QModelIndex &parent) const
{
    return parent.isValid() ? m_nodes[size_t(parent.internalId() - 1)].children : m_topLevel;
}

QModelIndex SpanTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    return createIndex(row, column, quintptr(childrenOf(parent)[size_t(row)] + 1));
}

QModelIndex SpanTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const int parentPosition = m_nodes[size_t(child.internalId() - 1)].parent;
    if (parentPosition < 0)
        return {};
    return createIndex(m_nodes[size_t(parentPosition)].row, 0, quintptr(parentPosition + 1));
}

int SpanTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(childrenOf(parent).size());
}

int SpanTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant SpanTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int position = int(index.internalId() - 1);
    const SpanRecord &span = m_spans[size_t(position)];
    const Node &node = m_nodes[size_t(position)];
    const double traceNs = double(std::max<qint64>(1, m_endNs - m_startNs));

    switch (role) {
    case TimelineStartRole:
        return double(span.startNs - m_startNs) / traceNs;
    case TimelineEndRole:
        return double(span.endNs - m_startNs) / traceNs;
    case ParentMissingRole:
        return node.parentMissing;
    case FailedRole:
        return span.status == SpanStatus::Error;
    case SpanIndexRole:
        return position;
    case Qt::ToolTipRole:
        if (node.parentMissing)
            return tr("The parent of this span has not been received.");
        return span.status == SpanStatus::Error ? QString::fromStdString(span.statusMessage) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() == NameColumn || index.column() == TimelineColumn
            ? QVariant()
            : QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }

    switch (index.column()) {
    case NameColumn:
        return node.parentMissing ? tr("%1 (parent missing)").arg(QString::fromStdString(span.name))
                                  : QString::fromStdString(span.name);
    case StartColumn:
        return formatMs(double(span.startNs - m_startNs) / 1e6);
    case DurationColumn:
        return formatMs(double(span.durationNs()) / 1e6);
    case TokensColumn:
        if (!span.inputTokens && !span.outputTokens)
            return QString();
        return tr("%1 in / %2 out").arg(span.inputTokens.value_or(0)).arg(span.outputTokens.value_or(0));
    case CostColumn:
        return span.costUsd ? QStringLiteral("$") + QLocale().toString(*span.costUsd, 'f', 6) : QString();
    case TimelineColumn:
        return QString();
    }
    return {};
}

QVariant SpanTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Span");
    case StartColumn:
        return tr("Start");
    case DurationColumn:
        return tr("Duration");
    case TokensColumn:
        return tr("Tokens");
    case CostColumn:
        return tr("Cost");
    case TimelineColumn:
        return tr("Timeline");
    }
    return {};
}

} // namespace llmops
