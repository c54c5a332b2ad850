// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dashboardrange.h"
#include "metricseries.h"
#include "serverdashboard.h"

#include <QDialog>

class QChartView;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;

namespace llmops {

class ChartModelAdapter;
class SeriesTableModel;

/// The raw view of an endpoint's server metrics: every family its scrapes have shown, with
/// type, series count and help, and a chart of the one selected over the dashboard's range.
/// It asks for what it shows through requests and fills when the answers come.
class MetricsBrowser : public QDialog
{
    Q_OBJECT

public:
    MetricsBrowser(const QString &endpointName, QWidget *parent = nullptr);

    void setFamilies(const std::vector<MetricFamilySummary> &families);
    void setChart(const ServerPanel &panel, qint64 fromMs, qint64 toMs, qint64 bucketMs);

    QStandardItemModel *familyModel() const { return m_families; }
    SeriesTableModel *chartModel() const { return m_chartSeries; }
    /// Selects the family by name, as a click on its row does.
    bool selectFamily(const QString &family);

Q_SIGNALS:
    void chartRequested(const std::string &family);

private:
    void familySelected();

    QStandardItemModel *m_families;
    QSortFilterProxyModel *m_filtered;
    QLineEdit *m_filter;
    QTableView *m_table;
    QLabel *m_caption;
    QChartView *m_chartView;
    SeriesTableModel *m_chartSeries;
    ChartModelAdapter *m_adapter = nullptr;
};

} // namespace llmops
