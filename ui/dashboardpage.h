// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "chartmodeladapter.h"
#include "dashboardrange.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTableView;

namespace llmops {

class FailureListModel;
class MetricTile;
class TimeSeriesModel;
struct DashboardSnapshot;

/// Health of one endpoint (or all of them) over a chosen range: headline tiles, charts of
/// latency percentiles, time to first token, decode rate, requests and errors, and the
/// range's failures with their types.
class DashboardPage : public QWidget
{
    Q_OBJECT

public:
    explicit DashboardPage(QWidget *parent = nullptr);

    DashboardRange range() const;
    void setRange(DashboardRange range);
    /// Shows a snapshot; the title names what it covers.
    void showSnapshot(const DashboardSnapshot &snapshot, const QString &title);

    TimeSeriesModel *seriesModel() const { return m_series; }
    FailureListModel *failureModel() const { return m_failures; }
    /// "rate_limited 3 · timeout 1": the range's failures by type.
    QString failureSummary() const;
    MetricTile *tile(int index) const { return m_tiles.at(index); }

    /// The bucket a chart click at `timeMs` falls in: the one whose point is nearest.
    std::pair<qint64, qint64> bucketAt(qint64 timeMs) const;

Q_SIGNALS:
    void rangeChanged(llmops::DashboardRange range);
    /// A chart point was clicked: the traces of [fromMs, toMs) are wanted.
    void bucketActivated(qint64 fromMs, qint64 toMs);

private:
    QWidget *createChart(const QString &title, std::vector<std::pair<int, QString>> lines, const QString &unit,
                         ChartModelAdapter::Scale scale = ChartModelAdapter::Scale::Measure);
    QWidget *createFailureList();
    void showFailures(const DashboardSnapshot &snapshot);

    TimeSeriesModel *m_series;
    FailureListModel *m_failures;
    QLabel *m_failureSummary;
    QTableView *m_failureTable;
    QLabel *m_title;
    QLabel *m_updated;
    QComboBox *m_range;
    QList<MetricTile *> m_tiles;
    QList<ChartModelAdapter *> m_charts;
    qint64 m_chartFromMs = 0;
    qint64 m_bucketMs = 60'000;
};

} // namespace llmops
