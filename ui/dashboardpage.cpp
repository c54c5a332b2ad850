// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "dashboardpage.h"

#include "chartmodeladapter.h"
#include "failurelistmodel.h"
#include "metrictile.h"
#include "seriestablemodel.h"
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
#include <QMouseEvent>
#include <QScrollArea>
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
    , m_serverSeries(new SeriesTableModel(this))
    , m_serverHeading(new QLabel(this))
    , m_readout(new QLabel(this))
    , m_serverCharts(new QGridLayout)
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
        createChart(m_series, tr("Latency"),
                    {{C::LatencyP50Column, u"p50"_s}, {C::LatencyP95Column, u"p95"_s}, {C::LatencyP99Column, u"p99"_s}},
                    tr("ms")),
        0, 0);
    charts->addWidget(createChart(m_series, tr("Time to first token"),
                                  {{C::TtftP50Column, u"p50"_s}, {C::TtftP95Column, u"p95"_s}}, tr("ms")),
                      0, 1);
    charts->addWidget(
        createChart(m_series, tr("Decode rate"), {{C::TokensPerSecondColumn, tr("mean")}}, tr("tokens/s")), 1, 0);
    charts->addWidget(createChart(m_series, tr("Requests and errors"),
                                  {{C::RequestsColumn, tr("requests")}, {C::ErrorsColumn, tr("errors")}}, tr("count"),
                                  ChartModelAdapter::Scale::Count),
                      1, 1);

    // The server's panels follow the client's charts, on the same time axis; the readout
    // names every figure at the time under the mouse.
    m_serverHeading->setTextFormat(Qt::RichText);
    m_serverHeading->hide();
    m_readout->setForegroundRole(QPalette::PlaceholderText);
    m_readout->setWordWrap(true);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setAccessibleName(tr("Readout at the cursor"));
    m_readout->setText(tr("Point at a chart to read every figure at that time."));
    auto *content = new QWidget(this);
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(charts);
    contentLayout->addWidget(m_serverHeading);
    contentLayout->addLayout(m_serverCharts);
    contentLayout->addStretch(1);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(tiles);
    layout->addWidget(m_readout);
    layout->addWidget(scroll, 1);
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

QChartView *DashboardPage::createChart(QAbstractItemModel *model, const QString &title,
                                       std::vector<std::pair<int, QString>> lines, const QString &unit,
                                       ChartModelAdapter::Scale scale)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));

    std::vector<ChartModelAdapter::Line> chartLines;
    for (auto &[column, name] : lines)
        chartLines.push_back({column, name});
    auto *adapter = new ChartModelAdapter(model, chart, std::move(chartLines), unit, scale, this);
    connect(adapter, &ChartModelAdapter::timeClicked, this, [this](qint64 timeMs) {
        const auto [from, to] = bucketAt(timeMs);
        Q_EMIT bucketActivated(from, to);
    });
    (model == m_series ? m_charts : m_serverAdapters).append(adapter);

    auto *view = new QChartView(chart, this);
    view->viewport()->setMouseTracking(true);
    view->viewport()->installEventFilter(this);
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
    showServerPanels(snapshot);
    showFailures(snapshot);
}

void DashboardPage::showServerPanels(const DashboardSnapshot &snapshot)
{
    QStringList layout;
    QStringList titles;
    QStringList lineNames;
    std::vector<std::vector<std::optional<double>>> columns;
    for (const ServerPanel &panel : snapshot.serverPanels) {
        titles << panel.title;
        layout << panel.title + u'|' + panel.unit;
        for (const ServerPanelLine &line : panel.lines) {
            layout.last() += u'|' + line.label;
            // Percentiles need their panel's name to say what they are of.
            const bool percentile = line.label.size() > 1 && line.label[0] == u'p' && line.label[1].isDigit();
            lineNames << (percentile ? panel.title + u" "_s + line.label : line.label) + u" ("_s + panel.unit + u')';
            columns.push_back(line.values);
        }
    }

    // The charts are made again only when the panels change (another server, or a family
    // that appeared); otherwise their model's new rows redraw them.
    if (layout != m_serverLayout) {
        for (ChartModelAdapter *adapter : std::as_const(m_serverAdapters))
            adapter->deleteLater();
        for (QChartView *view : std::as_const(m_serverViews))
            view->deleteLater();
        m_serverAdapters.clear();
        m_serverViews.clear();
        int column = 1;
        for (const ServerPanel &panel : snapshot.serverPanels) {
            std::vector<std::pair<int, QString>> lines;
            for (const ServerPanelLine &line : panel.lines)
                lines.emplace_back(column++, line.label);
            QChartView *view = createChart(m_serverSeries, panel.title, std::move(lines), panel.unit);
            const int index = int(m_serverViews.size());
            m_serverCharts->addWidget(view, index / 2, index % 2);
            m_serverViews.append(view);
        }
        m_serverCharts->setColumnStretch(0, 1);
        m_serverCharts->setColumnStretch(1, 1);
        m_serverLayout = layout;
    }
    m_serverPanelTitles = titles;
    m_serverLineNames = lineNames;
    for (ChartModelAdapter *chart : std::as_const(m_serverAdapters))
        chart->setTimeRange(snapshot.chartFromMs, snapshot.toMs);
    m_serverSeries->setSeries(lineNames, snapshot.chartFromMs, snapshot.bucketMs, std::move(columns));

    if (!snapshot.latestScrape) {
        m_serverHeading->setProperty("health", QString());
        m_serverHeading->hide();
        return;
    }
    const ScrapeRecord &scrape = *snapshot.latestScrape;
    const QString kind = serverKindLabel(scrape.serverKind);
    const QString at = QDateTime::fromMSecsSinceEpoch(scrape.atMs).toString(u"HH:mm:ss"_s);
    QString health;
    if (scrape.up) {
        health = tr("up · %n sample(s) · %1 ms at %2", nullptr, int(scrape.samples))
                     .arg(QString::number(scrape.durationMs, 'f', 1), at);
        if (scrape.problems > 0)
            health += tr(" · %n problem(s) in the exposition", nullptr, int(scrape.problems));
    } else {
        health = tr("down at %1: %2").arg(at, QString::fromStdString(scrape.errorMessage).toHtmlEscaped());
    }
    m_serverHeading->setText(
        tr("<b>Server%1</b> — metrics %2").arg(kind.isEmpty() ? QString() : u" · "_s + kind, health));
    m_serverHeading->setProperty("health", kind.isEmpty() ? health : kind + u" · "_s + health);
    m_serverHeading->show();
}

QString DashboardPage::scrapeHealth() const
{
    return m_serverHeading->property("health").toString();
}

QString DashboardPage::readoutAt(qint64 timeMs) const
{
    // The bucket under the cursor, as a click would pick it.
    const qint64 bucketStart = bucketAt(timeMs).first;
    QStringList parts{QDateTime::fromMSecsSinceEpoch(bucketStart).toString(u"HH:mm"_s)};
    const auto row = (bucketStart - m_chartFromMs) / std::max<qint64>(1, m_bucketMs);
    if (row >= 0 && row < m_series->rowCount()) {
        if (const auto p95 = m_series->value(int(row), TimeSeriesModel::LatencyP95Column))
            parts << tr("latency p95 %1").arg(milliseconds(p95));
        if (const auto ttft = m_series->value(int(row), TimeSeriesModel::TtftP95Column))
            parts << tr("TTFT p95 %1").arg(milliseconds(ttft));
    }
    for (int column = 1; column <= m_serverLineNames.size(); ++column) {
        if (const auto value = m_serverSeries->valueAt(column, bucketStart))
            parts << u"%1 %2"_s.arg(m_serverLineNames[column - 1], QString::number(*value, 'f', *value < 10 ? 2 : 0));
    }
    return parts.join(u" · "_s);
}

bool DashboardPage::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::MouseMove) {
        for (QChartView *view : findChildren<QChartView *>()) {
            if (view->viewport() != watched)
                continue;
            const auto *move = static_cast<QMouseEvent *>(event);
            const QPointF scene = view->mapToScene(move->position().toPoint());
            const QPointF value = view->chart()->mapToValue(view->chart()->mapFromScene(scene));
            m_readout->setText(readoutAt(qint64(value.x())));
            for (ChartModelAdapter *chart : std::as_const(m_charts) + std::as_const(m_serverAdapters))
                chart->setCursor(qint64(value.x()));
            break;
        }
    } else if (event->type() == QEvent::Leave) {
        for (ChartModelAdapter *chart : std::as_const(m_charts) + std::as_const(m_serverAdapters))
            chart->setCursor(std::nullopt);
        m_readout->setText(tr("Point at a chart to read every figure at that time."));
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace llmops
