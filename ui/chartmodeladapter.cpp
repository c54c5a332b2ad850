// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "chartmodeladapter.h"

#include <QAbstractItemModel>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace llmops {

ChartModelAdapter::ChartModelAdapter(QAbstractItemModel *model, QChart *chart, std::vector<Line> lines,
                                     const QString &unit, Scale scale, QObject *parent)
    : QObject(parent)
    , m_model(model)
    , m_chart(chart)
    , m_lines(std::move(lines))
    , m_scale(scale)
    , m_timeAxis(new QDateTimeAxis(chart))
    , m_valueAxis(new QValueAxis(chart))
    , m_cursor(new QLineSeries(chart))
{
    m_timeAxis->setFormat(QStringLiteral("HH:mm"));
    m_timeAxis->setTickCount(6);
    m_valueAxis->setTitleText(unit);
    // Qt Charts sizes the label column before the range is known and would then show "…"
    // for labels that grew wider ("0.5" to "100").
    m_valueAxis->setTruncateLabels(false);
    m_timeAxis->setTruncateLabels(false);
    m_valueAxis->setLabelFormat(scale == Scale::Count ? QStringLiteral("%.0f") : QStringLiteral("%g"));
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_chart->addAxis(m_valueAxis, Qt::AlignLeft);

    for (const Line &line : m_lines) {
        auto *series = new QLineSeries(chart);
        series->setName(line.name);
        series->setPointsVisible(true);
        m_chart->addSeries(series);
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_valueAxis);
        connect(series, &QLineSeries::clicked, this,
                [this](const QPointF &point) { Q_EMIT timeClicked(qint64(point.x())); });
        m_series.push_back(series);
    }

    // The cursor is drawn like a grid line and has no place in the legend.
    m_cursor->setPen(QPen(chart->palette().color(QPalette::Mid), 1, Qt::DashLine));
    m_chart->addSeries(m_cursor);
    m_cursor->attachAxis(m_timeAxis);
    m_cursor->attachAxis(m_valueAxis);
    for (QLegendMarker *marker : m_chart->legend()->markers(m_cursor))
        marker->setVisible(false);

    connect(m_model, &QAbstractItemModel::modelReset, this, &ChartModelAdapter::rebuild);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ChartModelAdapter::rebuild);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &ChartModelAdapter::rebuild);
    rebuild();
}

void ChartModelAdapter::setTimeRange(qint64 fromMs, qint64 toMs)
{
    // Over several days the hour says little and makes the labels too wide to fit; over a
    // few minutes the ticks would repeat a minute without their seconds.
    const qint64 span = toMs - fromMs;
    if (span > 2 * 24 * 3600 * 1000LL)
        m_timeAxis->setFormat(QStringLiteral("MMM d"));
    else if (span < 10 * 60 * 1000LL)
        m_timeAxis->setFormat(QStringLiteral("HH:mm:ss"));
    else
        m_timeAxis->setFormat(QStringLiteral("HH:mm"));
    m_timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(fromMs), QDateTime::fromMSecsSinceEpoch(toMs));
}

void ChartModelAdapter::setCursor(std::optional<qint64> timeMs)
{
    if (!timeMs) {
        m_cursor->clear();
        return;
    }
    const double x = double(*timeMs);
    m_cursor->replace({QPointF(x, m_valueAxis->min()), QPointF(x, m_valueAxis->max())});
}

int ChartModelAdapter::pointCount(int lineIndex) const
{
    return int(m_series.at(std::size_t(lineIndex))->count());
}

void ChartModelAdapter::rebuild()
{
    double maximum = 0;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        QList<QPointF> points;
        points.reserve(m_model->rowCount());
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const QVariant time = m_model->index(row, 0).data(Qt::UserRole);
            const QVariant value = m_model->index(row, m_lines[i].column).data(Qt::UserRole);
            // Infinities (a budget gauge at +Inf) have no place on an axis.
            if (!time.isValid() || !value.isValid() || !std::isfinite(value.toDouble()))
                continue;
            points.append({time.toDouble(), value.toDouble()});
            maximum = std::max(maximum, value.toDouble());
        }
        // replace() repaints once, where appending point by point repaints every time.
        m_series[i]->replace(points);
    }
    if (m_scale == Scale::Fraction) {
        // A tenth above the highest figure, so that scores near 0.1 still read apart; 0 to 1
        // for none.
        const double top = maximum > 0 ? std::min(1.0, std::ceil(maximum * 1.2 * 10) / 10) : 1.0;
        m_valueAxis->setRange(0, top);
        m_valueAxis->setTickCount(5);
        return;
    }
    // An empty chart still gets a readable scale rather than 0 to 1 in whole numbers. Counts
    // reach at least 4, so that nice numbers never put a tick between two whole ones.
    double top = maximum > 0 ? maximum * 1.1 : 10.0;
    if (m_scale == Scale::Count)
        top = std::max(4.0, std::ceil(top));
    m_valueAxis->setRange(0, top);
    m_valueAxis->applyNiceNumbers();
}

double ChartModelAdapter::valueAxisMaximum() const
{
    return m_valueAxis->max();
}

} // namespace llmops
