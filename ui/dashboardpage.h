// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "chartmodeladapter.h"
#include "dashboardrange.h"

#include <QWidget>

class QChartView;
class QComboBox;
class QGridLayout;
class QLabel;
class QTableView;

namespace llmops {

class FailureListModel;
class MetricTile;
class SeriesTableModel;
class TimeSeriesModel;
struct DashboardSnapshot;

/// Health of one endpoint (or all of them) over a chosen range: headline tiles, charts of
/// latency percentiles, time to first token, decode rate, requests and errors, and the
/// range's failures with their types. For one endpoint whose server metrics are scraped,
/// the server's panels follow on the same time axis, with a readout of every figure at the
/// time under the mouse.
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
    /// The server panels' series (one column a line, in panel order) and their titles.
    SeriesTableModel *serverModel() const { return m_serverSeries; }
    QStringList serverPanelTitles() const { return m_serverPanelTitles; }
    /// "llama.cpp · up · 9 samples · 1.2 ms at 14:03:05", or why the last scrape failed.
    QString scrapeHealth() const;
    /// What the readout says at `timeMs`, as hovering a chart there shows it.
    QString readoutAt(qint64 timeMs) const;

    /// The bucket a chart click at `timeMs` falls in: the one whose point is nearest.
    std::pair<qint64, qint64> bucketAt(qint64 timeMs) const;

Q_SIGNALS:
    void rangeChanged(llmops::DashboardRange range);
    /// A chart point was clicked: the traces of [fromMs, toMs) are wanted.
    void bucketActivated(qint64 fromMs, qint64 toMs);

private:
    QChartView *createChart(QAbstractItemModel *model, const QString &title, std::vector<std::pair<int, QString>> lines,
                            const QString &unit, ChartModelAdapter::Scale scale = ChartModelAdapter::Scale::Measure);
    void showServerPanels(const DashboardSnapshot &snapshot);
    bool eventFilter(QObject *watched, QEvent *event) override;
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
    SeriesTableModel *m_serverSeries;
    QLabel *m_serverHeading;
    QLabel *m_readout;
    QGridLayout *m_serverCharts;
    QList<QChartView *> m_serverViews;
    QList<ChartModelAdapter *> m_serverAdapters;
    /// Each panel's title and line names, to know when the charts must be made again.
    QStringList m_serverPanelTitles;
    QStringList m_serverLayout;
    QStringList m_serverLineNames;
    qint64 m_chartFromMs = 0;
    qint64 m_bucketMs = 60'000;
};

} // namespace llmops
