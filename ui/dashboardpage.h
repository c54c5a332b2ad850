// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dashboardrange.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace llmops {

class ChartModelAdapter;
class MetricTile;
class TimeSeriesModel;
struct DashboardSnapshot;

/// Health of one endpoint (or all of them) over a chosen range: headline tiles and charts
/// of latency percentiles, time to first token, decode rate, requests and errors.
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
    MetricTile *tile(int index) const { return m_tiles.at(index); }

Q_SIGNALS:
    void rangeChanged(llmops::DashboardRange range);

private:
    QWidget *createChart(const QString &title, std::vector<std::pair<int, QString>> lines, const QString &unit);

    TimeSeriesModel *m_series;
    QLabel *m_title;
    QLabel *m_updated;
    QComboBox *m_range;
    QList<MetricTile *> m_tiles;
    QList<ChartModelAdapter *> m_charts;
};

} // namespace llmops
