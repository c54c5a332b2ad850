// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QObject>
#include <QString>

#include <optional>
#include <vector>

class QAbstractItemModel;
class QChart;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace llmops {

/// Draws columns of a time-bucketed table model as lines over time. The only place that
/// knows both the item model and the charting library, so the library can be swapped
/// without touching models or pages. Reads the model's ValueRole (Qt::UserRole); the first
/// column holds the bucket start in milliseconds since the epoch. Buckets without a figure
/// are left out of that line.
class ChartModelAdapter : public QObject
{
    Q_OBJECT

public:
    struct Line {
        int column = 0;
        QString name;
    };
    /// Counts get whole-number ticks: half a request means nothing. Fractions (scores,
    /// shares) never reach past 1, and their axis starts at 0 whatever the figures.
    enum class Scale { Measure, Count, Fraction };

    ChartModelAdapter(QAbstractItemModel *model, QChart *chart, std::vector<Line> lines, const QString &unit,
                      Scale scale = Scale::Measure, QObject *parent = nullptr);

    /// The visible time range; the chart keeps it even where there is no data.
    void setTimeRange(qint64 fromMs, qint64 toMs);
    /// A vertical line at the time the mouse points at on any chart of a page, so that the
    /// charts read together; none when absent.
    void setCursor(std::optional<qint64> timeMs);
    /// Points of one line, and the top of the value axis: what the chart draws, for tests.
    int pointCount(int lineIndex) const;
    double valueAxisMaximum() const;

Q_SIGNALS:
    /// A point of a line was clicked; the time is where the click fell, in ms since the epoch.
    void timeClicked(qint64 timeMs);

private:
    void rebuild();

    QAbstractItemModel *m_model;
    QChart *m_chart;
    std::vector<Line> m_lines;
    Scale m_scale;
    std::vector<QLineSeries *> m_series;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_valueAxis;
    QLineSeries *m_cursor;
};

} // namespace llmops
