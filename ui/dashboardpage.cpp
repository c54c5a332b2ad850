// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "dashboardpage.h"

#include "chartmodeladapter.h"
#include "failurelistmodel.h"
#include "metrictile.h"
#include "storeworker.h"
#include "timeseriesmodel.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <cmath>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

enum TileIndex { AvailabilityTile, LatencyTile, TtftTile, ErrorRateTile, TokensPerSecondTile };

QString percent(std::optional<double> share)
{
    return share ? QString::number(*share * 100.0, 'f', 1) + u" %"_s : QString();
}

QString milliseconds(std::optional<double> ms)
{
    return ms ? QString::number(*ms, 'f', *ms < 10 ? 1 : 0) + u" ms"_s : QString();
}

} // namespace

DashboardPage::DashboardPage(QWidget *parent)
    : QWidget(parent)
    , m_series(new TimeSeriesModel(this))
    , m_failures(new FailureListModel(this))
    , m_failureSummary(new QLabel(this))
    , m_failureTable(new QTableView(this))
    , m_title(new QLabel(this))
    , m_updated(new QLabel(this))
    , m_range(new QComboBox(this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_updated->setForegroundRole(QPalette::PlaceholderText);

    for (auto range : kDashboardRanges)
        m_range->addItem(rangeLabel(range), rangeKey(range));
    m_range->setAccessibleName(tr("Time range"));
    auto *rangeLabelWidget = new QLabel(tr("&Range:"), this);
    rangeLabelWidget->setBuddy(m_range);
    connect(m_range, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT rangeChanged(range()); });

    auto *header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_updated);
    header->addSpacing(12);
    header->addWidget(rangeLabelWidget);
    header->addWidget(m_range);

    auto *tiles = new QHBoxLayout;
    for (const QString &caption : {tr("Availability"), tr("Latency p95"), tr("Time to first token p95"),
                                   tr("Error rate"), tr("Decode tokens/s")}) {
        auto *tile = new MetricTile(caption, this);
        m_tiles.append(tile);
        tiles->addWidget(tile);
    }

    using C = TimeSeriesModel::Column;
    auto *charts = new QGridLayout;
    charts->addWidget(
        createChart(tr("Latency"),
                    {{C::LatencyP50Column, u"p50"_s}, {C::LatencyP95Column, u"p95"_s}, {C::LatencyP99Column, u"p99"_s}},
                    tr("ms")),
        0, 0);
    charts->addWidget(
        createChart(tr("Time to first token"), {{C::TtftP50Column, u"p50"_s}, {C::TtftP95Column, u"p95"_s}}, tr("ms")),
        0, 1);
    charts->addWidget(createChart(tr("Decode rate"), {{C::TokensPerSecondColumn, tr("mean")}}, tr("tokens/s")), 1, 0);
    charts->addWidget(createChart(tr("Requests and errors"),
                                  {{C::RequestsColumn, tr("requests")}, {C::ErrorsColumn, tr("errors")}}, tr("count"),
                                  ChartModelAdapter::Scale::Count),
                      1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(tiles);
    layout->addLayout(charts, 1);
    layout->addWidget(createFailureList());
}

QWidget *DashboardPage::createFailureList()
{
    auto *sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(m_failures);
    sorted->setSortRole(FailureListModel::SortRole);

    m_failureTable->setModel(sorted);
    m_failureTable->setSortingEnabled(true);
    m_failureTable->sortByColumn(FailureListModel::TimeColumn, Qt::DescendingOrder);
    m_failureTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_failureTable->setAlternatingRowColors(true);
    m_failureTable->setWordWrap(false);
    m_failureTable->verticalHeader()->hide();
    m_failureTable->horizontalHeader()->setStretchLastSection(true);
    m_failureTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_failureTable->horizontalHeader()->setSectionResizeMode(FailureListModel::MessageColumn, QHeaderView::Stretch);
    m_failureTable->setAccessibleName(tr("Failures"));
    m_failureTable->setMinimumHeight(90);
    m_failureTable->setMaximumHeight(160);

    auto *caption = new QLabel(tr("<b>Failures</b>"), this);
    caption->setBuddy(m_failureTable);
    auto *captionRow = new QHBoxLayout;
    captionRow->addWidget(caption);
    captionRow->addWidget(m_failureSummary, 1);

    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(captionRow);
    layout->addWidget(m_failureTable);
    return box;
}

QString DashboardPage::failureSummary() const
{
    return m_failureSummary->text();
}

QWidget *DashboardPage::createChart(const QString &title, std::vector<std::pair<int, QString>> lines,
                                    const QString &unit, ChartModelAdapter::Scale scale)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));

    std::vector<ChartModelAdapter::Line> chartLines;
    for (auto &[column, name] : lines)
        chartLines.push_back({column, name});
    auto *adapter = new ChartModelAdapter(m_series, chart, std::move(chartLines), unit, scale, this);
    connect(adapter, &ChartModelAdapter::timeClicked, this, [this](qint64 timeMs) {
        const auto [from, to] = bucketAt(timeMs);
        Q_EMIT bucketActivated(from, to);
    });
    m_charts.append(adapter);

    auto *view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    // Partial updates leave fragments of moved point markers at the plot's edge.
    view->setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    view->setMinimumHeight(180);
    view->setAccessibleName(title);
    return view;
}

std::pair<qint64, qint64> DashboardPage::bucketAt(qint64 timeMs) const
{
    // Points stand at their bucket's start: a click just left of one means that bucket.
    const qint64 offset = timeMs - m_chartFromMs;
    const qint64 index = qint64(std::floor((double(offset) + double(m_bucketMs) / 2) / double(m_bucketMs)));
    const qint64 start = m_chartFromMs + index * m_bucketMs;
    return {start, start + m_bucketMs};
}

DashboardRange DashboardPage::range() const
{
    return rangeFromKey(m_range->currentData().toString()).value_or(DashboardRange::Last15Minutes);
}

void DashboardPage::setRange(DashboardRange range)
{
    m_range->setCurrentIndex(m_range->findData(rangeKey(range)));
}

void DashboardPage::showFailures(const DashboardSnapshot &snapshot)
{
    QStringList kinds;
    for (const ErrorClassCount &kind : snapshot.failureCounts)
        kinds << u"%1 %2"_s.arg(errorClassKey(kind.errorClass)).arg(kind.count);
    const qint64 total = snapshot.summary.errorCount;
    if (kinds.isEmpty())
        m_failureSummary->setText(tr("none in this range"));
    else if (total > qint64(snapshot.failures.size()))
        m_failureSummary->setText(
            tr("%1 (the newest %2 listed)").arg(kinds.join(u" · "_s)).arg(snapshot.failures.size()));
    else
        m_failureSummary->setText(kinds.join(u" · "_s));

    QHash<qint64, QString> names;
    for (const EndpointStatus &status : snapshot.endpoints)
        names.insert(status.endpoint.id, status.endpoint.name);
    m_failures->setFailures(snapshot.failures, names);
}

void DashboardPage::showSnapshot(const DashboardSnapshot &snapshot, const QString &title)
{
    m_title->setText(title);
    m_updated->setText(tr("Updated %1").arg(QDateTime::currentDateTime().toString(u"HH:mm:ss"_s)));

    const RequestAggregate &summary = snapshot.summary;
    const QString requests = tr("%n request(s)", nullptr, int(summary.count));
    m_tiles[AvailabilityTile]->setValue(percent(summary.availability()), requests);
    m_tiles[LatencyTile]->setValue(milliseconds(summary.latencyP95Ms),
                                   summary.latencyP50Ms ? tr("p50 %1").arg(milliseconds(summary.latencyP50Ms))
                                                        : QString());
    m_tiles[TtftTile]->setValue(milliseconds(summary.ttftP95Ms),
                                summary.ttftP50Ms ? tr("p50 %1").arg(milliseconds(summary.ttftP50Ms)) : QString());
    m_tiles[ErrorRateTile]->setValue(percent(summary.errorRate()), tr("%n error(s)", nullptr, int(summary.errorCount)));
    m_tiles[TokensPerSecondTile]->setValue(
        summary.tokensPerSecondMean ? QString::number(*summary.tokensPerSecondMean, 'f', 0) : QString(),
        tr("%n output token(s)", nullptr, int(summary.outputTokens)));

    // The axis moves first: points of a new bucket drawn against the old range would land
    // beyond its edge.
    for (ChartModelAdapter *chart : std::as_const(m_charts))
        chart->setTimeRange(snapshot.chartFromMs, snapshot.toMs);
    m_chartFromMs = snapshot.chartFromMs;
    m_bucketMs = snapshot.bucketMs;
    m_series->setBuckets(snapshot.buckets, snapshot.bucketMs);
    showFailures(snapshot);
}

} // namespace llmops
