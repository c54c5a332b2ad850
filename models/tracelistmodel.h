// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "tracequery.h"

#include <QAbstractTableModel>

#include <algorithm>
#include <optional>
#include <vector>

namespace llmops {

/// The trace list, loaded a page at a time as the view scrolls, so that it opens at once
/// however many traces the store holds. It holds a window of at most maxRows() rows: pages
/// scrolled far past are let go and asked for again when the view comes back to them. The
/// model never reads the store: it asks for pages with pageWanted() and is given them with
/// appendPage(), answers to an older query being dropped by their generation.
class TraceListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        NameColumn,
        ServiceColumn,
        ModelColumn,
        DurationColumn,
        TokensColumn,
        CostColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role {
        /// The raw value a column sorts by.
        SortRole = Qt::UserRole + 1,
        /// The trace id, raw bytes in a QByteArray.
        TraceIdRole,
        ConversationRole,
        /// True when the trace holds a failed span.
        FailedRole,
    };

    static constexpr int kPageSize = 200;
    static constexpr int kDefaultMaxRows = 10 * kPageSize;

    explicit TraceListModel(QObject *parent = nullptr);

    /// Starts over with another filter or order; the first page is asked for at once.
    void setQuery(const TraceFilter &filter, TraceOrder order);
    /// Asks for the first page again, to show what arrived since.
    void reload();
    /// Takes the answer to the last request: rows after the window, or before it.
    void appendPage(quint64 generation, const std::vector<TraceSummary> &traces);
    /// Asks for the page before the first row held, when earlier rows were let go.
    void fetchPrevious();
    bool hasRowsBefore() const { return m_hasBefore; }
    int maxRows() const { return m_maxRows; }
    void setMaxRows(int rows) { m_maxRows = std::max(rows, 2 * kPageSize); }

    const TraceFilter &filter() const { return m_filter; }
    TraceOrder order() const { return m_order; }
    const TraceSummary &trace(int row) const { return m_traces.at(size_t(row)); }
    /// True while the answer to the last request has not arrived.
    bool isLoading() const { return m_loading; }
    bool isComplete() const { return m_atEnd; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    /// Time, duration, cost and tokens sort (in the store, over every trace); the other
    /// columns keep the current order.
    void sort(int column, Qt::SortOrder order) override;

    /// The column a list order sorts by, and the direction a header shows for it.
    static int columnOfOrder(TraceOrder order);
    static Qt::SortOrder directionOfOrder(TraceOrder order);

Q_SIGNALS:
    void pageWanted(quint64 generation, const llmops::TraceFilter &filter, llmops::TraceOrder order,
                    std::optional<llmops::TraceCursor> after);

private:
    void requestPage();

    TraceFilter m_filter;
    TraceOrder m_order = TraceOrder::Newest;
    std::vector<TraceSummary> m_traces;
    quint64 m_generation = 0;
    bool m_loading = false;
    bool m_atEnd = false;
    /// Rows before the first one held were let go.
    bool m_hasBefore = false;
    bool m_awaitingBefore = false;
    int m_maxRows = kDefaultMaxRows;
};

} // namespace llmops
