// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "metricsbrowser.h"

#include "chartmodeladapter.h"
#include "seriestablemodel.h"

#include <QChart>
#include <QChartView>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

namespace llmops {

namespace {

enum FamilyColumn { NameColumn, TypeColumn, SeriesColumn, HelpColumn };

} // namespace

MetricsBrowser::MetricsBrowser(const QString &endpointName, QWidget *parent)
    : QDialog(parent)
    , m_families(new QStandardItemModel(0, 4, this))
    , m_filtered(new QSortFilterProxyModel(this))
    , m_filter(new QLineEdit(this))
    , m_table(new QTableView(this))
    , m_caption(new QLabel(this))
    , m_chartView(new QChartView(new QChart, this))
    , m_chartSeries(new SeriesTableModel(this))
{
    setWindowTitle(tr("Server metrics of %1").arg(endpointName));
    m_families->setHorizontalHeaderLabels({tr("Family"), tr("Type"), tr("Series"), tr("Help")});

    m_filter->setPlaceholderText(tr("Filter families"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setAccessibleName(tr("Filter families"));
    m_filtered->setSourceModel(m_families);
    m_filtered->setFilterKeyColumn(NameColumn);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    connect(m_filter, &QLineEdit::textChanged, m_filtered, &QSortFilterProxyModel::setFilterFixedString);

    m_table->setModel(m_filtered);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(NameColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAccessibleName(tr("Metric families"));
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &MetricsBrowser::familySelected);

    m_caption->setText(tr("Select a family to chart it."));
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(260);
    m_chartView->setAccessibleName(tr("Chart of the selected family"));

    auto *chartBox = new QWidget(this);
    auto *chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    chartLayout->addWidget(m_caption);
    chartLayout->addWidget(m_chartView, 1);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(chartBox);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filter);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    resize(900, 700);
}

void MetricsBrowser::setFamilies(const std::vector<MetricFamilySummary> &families)
{
    m_families->removeRows(0, m_families->rowCount());
    for (const MetricFamilySummary &family : families) {
        auto *series = new QStandardItem;
        series->setData(qlonglong(family.series), Qt::DisplayRole);
        m_families->appendRow({new QStandardItem(QString::fromStdString(family.family)),
                               new QStandardItem(QString::fromStdString(family.type)), series,
                               new QStandardItem(QString::fromStdString(family.help))});
    }
    m_table->resizeColumnsToContents();
    if (families.empty())
        m_caption->setText(tr("No scrape of this endpoint has shown metrics yet."));
}

bool MetricsBrowser::selectFamily(const QString &family)
{
    const QModelIndexList found = m_filtered->match(m_filtered->index(0, NameColumn), Qt::DisplayRole, family, 1,
                                                    Qt::MatchExactly);
    if (found.isEmpty())
        return false;
    m_table->setCurrentIndex(found.first());
    return true;
}

void MetricsBrowser::familySelected()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return;
    const QString family = m_filtered->index(current.row(), NameColumn).data().toString();
    m_caption->setText(tr("%1: loading…").arg(family));
    Q_EMIT chartRequested(family.toStdString());
}

void MetricsBrowser::setChart(const ServerPanel &panel, qint64 fromMs, qint64 toMs, qint64 bucketMs)
{
    // A new chart for each family: its lines differ in number and name.
    delete m_adapter;
    auto *chart = new QChart;
    chart->setTitle(panel.title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QChart *old = m_chartView->chart();
    m_chartView->setChart(chart);
    delete old;

    QStringList names;
    std::vector<std::vector<std::optional<double>>> columns;
    std::vector<ChartModelAdapter::Line> lines;
    for (const ServerPanelLine &line : panel.lines) {
        names << line.label;
        columns.push_back(line.values);
        lines.push_back({int(names.size()), line.label});
    }
    m_chartSeries->setSeries(names, fromMs, bucketMs, std::move(columns));
    m_adapter = new ChartModelAdapter(m_chartSeries, chart, std::move(lines), panel.unit,
                                      ChartModelAdapter::Scale::Measure, this);
    m_adapter->setTimeRange(fromMs, toMs);
    m_caption->setText(panel.lines.size() == size_t(kMaxChartedSeries)
                           ? tr("%1: the first %2 series").arg(panel.title).arg(kMaxChartedSeries)
                           : panel.title);
}

} // namespace llmops
