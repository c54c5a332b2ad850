// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "tracequery.h"

#include <QWidget>

#include <optional>
#include <string>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace llmops {

class TraceListModel;
class TraceView;
struct TraceDetail;

/// The trace explorer: a filtered, searchable list of every trace in the store beside the
/// selected trace. Reads nothing itself; it asks through its signals and is answered through
/// its slots.
class TracesPage : public QWidget
{
    Q_OBJECT

public:
    explicit TracesPage(QWidget *parent = nullptr);

    TraceListModel *listModel() const { return m_list; }
    QTableView *listView() const { return m_table; }
    TraceView *traceView() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }

    /// The filter as the controls set it, with relative ranges ending now.
    TraceFilter currentFilter() const;

public Q_SLOTS:
    void appendPage(quint64 generation, const std::vector<llmops::TraceSummary> &traces);
    void showTrace(const llmops::TraceDetail &detail);
    void setChoices(const std::vector<std::string> &services, const std::vector<std::string> &models);
    /// Shows the traces of [fromMs, toMs), as a dashboard point asks.
    void showTimeRange(qint64 fromMs, qint64 toMs);
    /// Shows the traces of one conversation, oldest first.
    void showSession(const QString &conversationId);
    /// Reads the list again from its first page.
    void reload();
    /// New spans arrived: the list is read again when its top is in view, so that nobody
    /// loses their place in it.
    void noteSpansArrived();

Q_SIGNALS:
    void pageWanted(quint64 generation, const llmops::TraceFilter &filter, llmops::TraceOrder order,
                    std::optional<llmops::TraceCursor> after, int limit);
    void traceWanted(quint64 generation, const std::string &traceId);
    void choicesWanted();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void applyFilter();
    void selectTrace(int row);
    void updateCountLabel();

    TraceListModel *m_list;
    QTableView *m_table;
    TraceView *m_view;
    QComboBox *m_range;
    QComboBox *m_service;
    QComboBox *m_model;
    QComboBox *m_status;
    QSpinBox *m_minDuration;
    QDoubleSpinBox *m_minCost;
    QLineEdit *m_search;
    QPushButton *m_sessionButton;
    QLabel *m_sessionLabel;
    QLabel *m_count;
    QTimer *m_filterCoalescer;
    /// A range picked from a dashboard, which the range box then names.
    std::optional<std::pair<qint64, qint64>> m_fixedRangeMs;
    QString m_session;
    /// Spans arrived while the list could not be read again (hidden, or scrolled down).
    bool m_stale = false;
    quint64 m_traceGeneration = 0;
};

} // namespace llmops
