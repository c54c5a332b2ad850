// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "referencestatistics.h"
#include "statistics.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace llmops;
using llmops::testing::referenceQuantile;

class TestStatistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quantileByHand_data()
    {
        QTest::addColumn<std::vector<double>>("values");
        QTest::addColumn<double>("q");
        QTest::addColumn<double>("expected");

        // Expected values as numpy.percentile(values, 100*q) gives them.
        QTest::newRow("median of even count") << std::vector<double>{4, 1, 3, 2} << 0.5 << 2.5;
        QTest::newRow("p95 of four") << std::vector<double>{1, 2, 3, 4} << 0.95 << 3.85;
        QTest::newRow("p40 of five") << std::vector<double>{50, 15, 40, 20, 35} << 0.4 << 29.0;
        QTest::newRow("p99 of ten") << std::vector<double>{10, 9, 8, 7, 6, 5, 4, 3, 2, 1} << 0.99 << 9.91;
        QTest::newRow("minimum") << std::vector<double>{7, 3, 9} << 0.0 << 3.0;
        QTest::newRow("maximum") << std::vector<double>{7, 3, 9} << 1.0 << 9.0;
        QTest::newRow("single value") << std::vector<double>{42} << 0.95 << 42.0;
        QTest::newRow("ties") << std::vector<double>{5, 5, 5, 1} << 0.5 << 5.0;
    }

    void quantileByHand()
    {
        QFETCH(std::vector<double>, values);
        QFETCH(double, q);
        QFETCH(double, expected);

        const auto result = quantileInPlace(values, q);
        QVERIFY(result.has_value());
        QVERIFY2(std::abs(*result - expected) < 1e-9, qPrintable(QString::number(*result, 'g', 17)));
    }

    void emptyInputHasNoQuantile()
    {
        std::vector<double> none;
        QVERIFY(!quantileInPlace(none, 0.5).has_value());
        QVERIFY(!mean(none).has_value());
    }

    void matchesSortingReferenceOnRandomData()
    {
        QRandomGenerator random(20261203);
        for (int round = 0; round < 200; ++round) {
            const int size = 1 + int(random.bounded(500));
            std::vector<double> values(std::size_t(size), 0.0);
            for (double &value : values)
                value = std::exp(random.generateDouble() * 8.0); // long-tailed, like latencies

            for (double q : {0.5, 0.9, 0.95, 0.99, 0.999}) {
                std::vector<double> scratch = values;
                const double expected = *referenceQuantile(values, q);
                const double actual = *quantileInPlace(scratch, q);
                QVERIFY2(std::abs(actual - expected) <= 1e-9 * std::max(1.0, std::abs(expected)),
                         qPrintable(QStringLiteral("size %1 q %2").arg(size).arg(q)));
            }
        }
    }

    void severalQuantilesOfTheSameValues()
    {
        std::vector<double> values{9, 1, 8, 2, 7, 3, 6, 4, 5, 10};
        const std::array<double, 3> qs{0.5, 0.95, 0.99};
        const auto results = quantilesInPlace(values, qs);
        QCOMPARE(results.size(), std::size_t(3));
        QCOMPARE(*results[0], 5.5);
        QVERIFY(std::abs(*results[1] - 9.55) < 1e-9);
        QVERIFY(std::abs(*results[2] - 9.91) < 1e-9);
    }
};

QTEST_GUILESS_MAIN(TestStatistics)
#include "tst_statistics.moc"
