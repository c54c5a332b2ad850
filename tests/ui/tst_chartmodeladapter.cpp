// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "chartmodeladapter.h"
#include "seriestablemodel.h"
#include "timeseriesmodel.h"

#include <QApplication>
#include <QChart>
#include <QLineSeries>
#include <QTest>
#include <QValueAxis>

#include <cmath>

using namespace llmops;

namespace {

AggregateBucket bucket(qint64 startMs, qint64 requests, std::optional<double> latencyP50Ms)
{
    AggregateBucket result;
    result.startMs = startMs;
    result.aggregate.count = requests;
    result.aggregate.latencyP50Ms = latencyP50Ms;
    return result;
}

} // namespace

class TestChartModelAdapter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void drawsOnlyTheBucketsThatHaveAFigure()
    {
        TimeSeriesModel model;
        QChart chart;
        const ChartModelAdapter latency(&model, &chart, {{TimeSeriesModel::LatencyP50Column, QStringLiteral("p50")}},
                                        QStringLiteral("ms"));

        model.setBuckets({bucket(0, 2, 40.0), bucket(15'000, 0, std::nullopt), bucket(30'000, 1, 90.0)}, 15'000);
        QCOMPARE(latency.pointCount(0), 2);
        QVERIFY(latency.valueAxisMaximum() >= 90.0);

        // A reset replaces what was drawn.
        model.setBuckets({bucket(0, 1, 5.0)}, 15'000);
        QCOMPARE(latency.pointCount(0), 1);
    }

    void infinitiesAreLeftOffTheAxis()
    {
        // A budget gauge at +Inf (FC-22) beside finite figures: the axis stays readable.
        SeriesTableModel model;
        QChart chart;
        const ChartModelAdapter gauge(&model, &chart, {{1, QStringLiteral("budget")}}, QStringLiteral("USD"));
        model.setSeries({QStringLiteral("budget")}, 0, 60000,
                        {{12.5, std::numeric_limits<double>::infinity(), std::nullopt, 20.0}});
        QCOMPARE(gauge.pointCount(0), 2);
        QVERIFY(std::isfinite(gauge.valueAxisMaximum()));
        QVERIFY(gauge.valueAxisMaximum() >= 20.0);
    }

    void theCursorIsAVerticalLineAtTheTimePointedAt()
    {
        SeriesTableModel model;
        QChart chart;
        ChartModelAdapter adapter(&model, &chart, {{1, QStringLiteral("running")}}, QStringLiteral("requests"));
        model.setSeries({QStringLiteral("running")}, 0, 60000, {{1.0, 3.0, 2.0}});
        QLineSeries *cursor = nullptr;
        for (QAbstractSeries *series : chart.series()) {
            if (series->name().isEmpty())
                cursor = qobject_cast<QLineSeries *>(series);
        }
        QVERIFY(cursor);
        QCOMPARE(cursor->count(), 0);
        adapter.setCursor(90000);
        QCOMPARE(cursor->count(), 2);
        QCOMPARE(cursor->at(0).x(), 90000.0);
        QCOMPARE(cursor->at(1).x(), 90000.0);
        QVERIFY(cursor->at(1).y() > cursor->at(0).y());
        adapter.setCursor(std::nullopt);
        QCOMPARE(cursor->count(), 0);
        // The cursor is no line of data.
        QCOMPARE(adapter.pointCount(0), 3);
    }

    void countsGetWholeNumberTicks_data()
    {
        QTest::addColumn<qint64>("requests");
        QTest::newRow("one request") << qint64(1);
        QTest::newRow("three requests") << qint64(3);
        QTest::newRow("none") << qint64(0);
    }

    void countsGetWholeNumberTicks()
    {
        QFETCH(qint64, requests);
        TimeSeriesModel model;
        QChart chart;
        const ChartModelAdapter counts(&model, &chart, {{TimeSeriesModel::RequestsColumn, QStringLiteral("requests")}},
                                       QStringLiteral("count"), ChartModelAdapter::Scale::Count);
        model.setBuckets({bucket(0, requests, std::nullopt)}, 15'000);

        // Every tick between 0 and the top falls on a whole number.
        const double top = counts.valueAxisMaximum();
        QVERIFY(top >= 4.0);
        const auto *axis = qobject_cast<QValueAxis *>(chart.axes(Qt::Vertical).constFirst());
        QVERIFY(axis);
        const double step = top / (axis->tickCount() - 1);
        QCOMPARE(step, std::round(step));
    }

    void fractionsStopAtOne()
    {
        TimeSeriesModel model;
        QChart chart;
        const ChartModelAdapter scores(&model, &chart, {{TimeSeriesModel::LatencyP50Column, QStringLiteral("mean")}},
                                       QStringLiteral("score"), ChartModelAdapter::Scale::Fraction);
        QCOMPARE(scores.valueAxisMaximum(), 1.0);
        // Scores near 0.1, as a small model gets them, still read apart.
        model.setBuckets({bucket(0, 1, 0.09), bucket(15'000, 1, 0.13)}, 15'000);
        QCOMPARE(scores.pointCount(0), 2);
        QVERIFY(qFuzzyCompare(scores.valueAxisMaximum(), 0.2));
        // Perfect scores reach the top and no further; all zero is drawn on 0 to 1.
        model.setBuckets({bucket(0, 1, 1.0)}, 15'000);
        QCOMPARE(scores.valueAxisMaximum(), 1.0);
        model.setBuckets({bucket(0, 1, 0.0)}, 15'000);
        QCOMPARE(scores.valueAxisMaximum(), 1.0);
    }
};

QTEST_MAIN(TestChartModelAdapter)
#include "tst_chartmodeladapter.moc"
