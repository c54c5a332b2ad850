// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "chartmodeladapter.h"
#include "timeseriesmodel.h"

#include <QApplication>
#include <QChart>
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
};

QTEST_MAIN(TestChartModelAdapter)
#include "tst_chartmodeladapter.moc"
