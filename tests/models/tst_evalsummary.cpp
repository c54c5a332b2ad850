// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalsummary.h"
#include "referencestatistics.h"

#include <QTest>

#include <numeric>

using namespace llmops;
using namespace Qt::StringLiterals;

namespace {

EvalResultRecord answer(qint64 position, int repeat, std::vector<EvalScoreRecord> scores, double latencyMs = 100)
{
    EvalResultRecord result;
    result.itemPosition = position;
    result.repeat = repeat;
    result.latencyMs = latencyMs;
    result.scores = std::move(scores);
    return result;
}

/// Every ordered draw of n items from n, each as likely: the bootstrap distribution of the
/// mean itself, which resampling only approximates.
std::vector<double> exactBootstrapMeans(const std::vector<std::vector<double>> &items)
{
    const std::size_t n = items.size();
    std::vector<std::size_t> draw(n, 0);
    std::vector<double> means;
    while (true) {
        double sum = 0;
        double count = 0;
        for (std::size_t index : draw) {
            sum += std::accumulate(items[index].begin(), items[index].end(), 0.0);
            count += double(items[index].size());
        }
        means.push_back(sum / count);
        std::size_t digit = 0;
        while (digit < n && ++draw[digit] == n)
            draw[digit++] = 0;
        if (digit == n)
            break;
    }
    return means;
}

} // namespace

class TestEvalSummary : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wilsonIntervalMatchesPublishedValues_data()
    {
        QTest::addColumn<qint64>("successes");
        QTest::addColumn<qint64>("trials");
        QTest::addColumn<double>("low");
        QTest::addColumn<double>("high");
        // Newcombe (1998), "Two-sided confidence intervals for the single proportion",
        // Statistics in Medicine 17, Table I, method 3 (score interval without correction).
        QTest::newRow("81/263") << qint64(81) << qint64(263) << 0.2553 << 0.3662;
        QTest::newRow("15/148") << qint64(15) << qint64(148) << 0.0624 << 0.1605;
        QTest::newRow("0/20") << qint64(0) << qint64(20) << 0.0 << 0.1611;
        QTest::newRow("1/29") << qint64(1) << qint64(29) << 0.0061 << 0.1718;
    }

    void wilsonIntervalMatchesPublishedValues()
    {
        QFETCH(qint64, successes);
        QFETCH(qint64, trials);
        QFETCH(double, low);
        QFETCH(double, high);
        const auto interval = wilsonInterval(successes, trials);
        QVERIFY(interval);
        QVERIFY2(std::abs(interval->low - low) < 0.00005, qPrintable(QString::number(interval->low, 'f', 6)));
        QVERIFY2(std::abs(interval->high - high) < 0.00005, qPrintable(QString::number(interval->high, 'f', 6)));
    }

    void wilsonIntervalOfNothingIsNothing()
    {
        QVERIFY(!wilsonInterval(0, 0));
        QVERIFY(!wilsonInterval(3, 2));
        const auto all = wilsonInterval(20, 20);
        QCOMPARE(all->high, 1.0);
        QVERIFY(all->low > 0.83 && all->low < 0.84);
    }

    void bootstrapApproachesTheExactBootstrapDistribution()
    {
        // Six items, some with repeats that disagree.
        const std::vector<std::vector<double>> items = {{1, 1, 0},   {0, 0, 0}, {1, 1, 1},
                                                        {0.5, 1, 0}, {1},       {0.25, 0.75}};
        const std::vector<double> exact = exactBootstrapMeans(items);
        QCOMPARE(exact.size(), std::size_t(46656));
        const double low = *testing::referenceQuantile(exact, 0.025);
        const double high = *testing::referenceQuantile(exact, 0.975);

        const auto interval = bootstrapMeanInterval(items, 20000);
        QVERIFY(interval);
        QVERIFY2(std::abs(interval->low - low) < 0.02, qPrintable(u"%1 against %2"_s.arg(interval->low).arg(low)));
        QVERIFY2(std::abs(interval->high - high) < 0.02, qPrintable(u"%1 against %2"_s.arg(interval->high).arg(high)));

        // The same scores give the same interval every time.
        const auto again = bootstrapMeanInterval(items, 20000);
        QCOMPARE(again->low, interval->low);
        QCOMPARE(again->high, interval->high);
    }

    void bootstrapOfOneValueIsThatValue()
    {
        const auto interval = bootstrapMeanInterval({{0.5, 0.5}, {0.5}});
        QCOMPARE(interval->low, 0.5);
        QCOMPARE(interval->high, 0.5);
        QVERIFY(!bootstrapMeanInterval({}));
        QVERIFY(!bootstrapMeanInterval({{}, {}}));
    }

    void summaryFiguresWorkedOutByHand()
    {
        // Three items, two repeats, two scorers; item 2's second answer failed, and the
        // judge could not score item 1's first answer.
        std::vector<EvalResultRecord> results = {
            answer(0, 0, {{u"exact"_s, 1.0, true, {}}, {u"judge"_s, 0.8, true, {}}}, 100),
            answer(0, 1, {{u"exact"_s, 1.0, true, {}}, {u"judge"_s, 0.6, true, {}}}, 300),
            answer(1, 0, {{u"exact"_s, 0.0, false, {}}, {u"judge"_s, std::nullopt, false, {}}}, 200),
            answer(1, 1, {{u"exact"_s, 1.0, true, {}}, {u"judge"_s, 0.2, false, {}}}, 400),
            answer(2, 0, {{u"exact"_s, 0.0, false, {}}, {u"judge"_s, 0.4, false, {}}}, 500),
            answer(2, 1, {{u"exact"_s, 0.0, false, {}}, {u"judge"_s, 0.0, false, {}}}, 9000),
        };
        results[5].errorClass = ErrorClass::Timeout;
        results[0].costUsd = 0.25;
        results[3].costUsd = 0.5;
        results[1].inputTokens = 7;
        results[1].outputTokens = 3;

        const EvalRunFigures figures = summarizeEvalResults(results, 2);
        QCOMPARE(figures.answers, 6);
        QCOMPARE(figures.failedRequests, 1);
        QCOMPARE(figures.totalCostUsd, 0.75);
        QCOMPARE(figures.pricedAnswers, 2);
        QCOMPARE(figures.inputTokens, 7);
        QCOMPARE(figures.outputTokens, 3);
        // Latencies of the answers that came: 100 200 300 400 500; p95 at rank 3.8.
        QCOMPARE(*figures.latencyP50Ms, 300.0);
        QCOMPARE(*figures.latencyP95Ms, 480.0);

        QCOMPARE(figures.scorers.size(), std::size_t(2));
        const ScorerFigures &exact = figures.scorers[0];
        QCOMPARE(exact.scorer, u"exact"_s);
        QCOMPARE(exact.scoredAnswers, 6);
        QCOMPARE(exact.unscorableAnswers, 0);
        QCOMPARE(exact.passedAnswers, 3);
        QCOMPARE(*exact.meanScore, 0.5);
        QCOMPARE(*exact.passRate, 0.5);
        QCOMPARE(exact.passRateInterval->low, wilsonInterval(3, 6)->low);
        QCOMPARE(exact.itemsScoredEveryRepeat, 3);
        QCOMPARE(*exact.passEveryRepeatRate, 1.0 / 3.0); // item 0 only
        QCOMPARE(*exact.meanRepeatSpread, 1.0 / 3.0);    // 0, 1 and 0
        QVERIFY(exact.meanInterval->low <= 0.5 && exact.meanInterval->high >= 0.5);

        const ScorerFigures &judge = figures.scorers[1];
        QCOMPARE(judge.scoredAnswers, 5);
        QCOMPARE(judge.unscorableAnswers, 1);
        QCOMPARE(judge.passedAnswers, 2);
        QVERIFY(std::abs(*judge.meanScore - 2.0 / 5.0) < 1e-12);
        QCOMPARE(judge.itemsScoredEveryRepeat, 2); // item 1 lacks a score
        QCOMPARE(*judge.passEveryRepeatRate, 0.5);
        // Spreads: item 0 0.2, item 2 0.4; item 1 has one score.
        QVERIFY(std::abs(*judge.meanRepeatSpread - 0.3) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestEvalSummary)
#include "tst_evalsummary.moc"
