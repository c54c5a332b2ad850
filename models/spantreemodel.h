// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "spanrecord.h"

#include <QAbstractItemModel>

#include <vector>

namespace llmops {

/// The spans of one trace as a tree: children under their parents in time order. A span
/// whose parent has not arrived stands at the top level beside the root, marked, rather
/// than being dropped. Changes by full reset only.
class SpanTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, TimelineColumn, DurationColumn, StartColumn, TokensColumn, CostColumn, ColumnCount };
    enum Role {
        /// Where the span starts and ends on the trace's time line, as fractions 0..1.
        TimelineStartRole = Qt::UserRole + 1,
        TimelineEndRole,
        /// True for a span whose parent is not in the trace.
        ParentMissingRole,
        FailedRole,
        /// The span's position in spans(), for views that show its details.
        SpanIndexRole,
    };

    explicit SpanTreeModel(QObject *parent = nullptr);

    void setSpans(std::vector<SpanRecord> spans);
    const std::vector<SpanRecord> &spans() const { return m_spans; }
    const SpanRecord *spanAt(const QModelIndex &index) const;
    /// The index of the span at spans()[position], in column 0.
    QModelIndex indexOfSpan(int position) const;
    qint64 traceStartNs() const { return m_startNs; }
    qint64 traceEndNs() const { return m_endNs; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    /// One node per span; the internal id of an index is its position + 1 (0 is the root).
    struct Node {
        int parent = -1; ///< position of the parent span, -1 at the top level
        int row = 0;     ///< row under its parent
        std::vector<int> children;
        bool parentMissing = false;
    };

    const std::vector<int> &childrenOf(const QModelIndex &parent) const;

    std::vector<SpanRecord> m_spans;
    std::vector<Node> m_nodes;
    std::vector<int> m_topLevel;
    qint64 m_startNs = 0;
    qint64 m_endNs = 0;
};

} // namespace llmops
