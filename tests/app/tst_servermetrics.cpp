// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The figures derived from scraped server metrics, against values computed by hand:
// histogram quantiles as Prometheus's histogram_quantile() gives them, counter rates with
// resets, gauge means.
#include "fieldcases.h"
#include "metricscraper.h"
#include "metricseries.h"
#include "promexposition.h"
#include "store.h"

#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <cmath>

using namespace llmops;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

bool near(std::optional<double> actual, double expected)
{
    return actual && std::abs(*actual - expected) < 1e-9;
}

QString shown(std::optional<double> value)
{
    return value ? QString::number(*value, 'g', 12) : QStringLiteral("absent");
}

MetricPoint at(qint64 ms, std::optional<double> value, std::optional<double> increase = std::nullopt)
{
    return {ms, value, increase};
}

qint64 addScrapedEndpoint(Store &store)
{
    Endpoint endpoint;
    endpoint.name = QStringLiteral("server");
    endpoint.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
    endpoint.model = QStringLiteral("m");
    return store.addEndpoint(endpoint);
}

ScrapeRecord scrapeAt(qint64 endpointId, qint64 atMs, qint64 samples = 0)
{
    ScrapeRecord scrape;
    scrape.endpointId = endpointId;
    scrape.atMs = atMs;
    scrape.up = true;
    scrape.samples = samples;
    return scrape;
}

std::vector<ScrapedSample> samplesOfText(const QByteArray &text)
{
    return scrapedSamplesOf(parseExposition(std::string_view(text.constData(), size_t(text.size()))));
}

const MetricSeries *seriesWithLabel(const std::vector<MetricSeries> &series, const std::string &name,
                                    const std::string &labelText)
{
    for (const auto &one : series) {
        if (one.name == name && one.labelsJson.find(labelText) != std::string::npos)
            return &one;
    }
    return nullptr;
}

} // namespace

class TestServerMetrics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quantilesInterpolateInsideTheirBucket_data()
    {
        QTest::addColumn<double>("q");
        QTest::addColumn<double>("expected");
        // Buckets 0.1: 10, 0.5: 30, 1: 40, +Inf: 40. Rank q·40.
        QTest::newRow("p10, in the lowest bucket, from 0") << 0.1 << 0.04; // 0 + 0.1·4/10
        QTest::newRow("p50") << 0.5 << 0.3;                                // 0.1 + 0.4·10/20
        QTest::newRow("p95") << 0.95 << 0.9;                               // 0.5 + 0.5·8/10
        QTest::newRow("p100, the last finite bucket full") << 1.0 << 1.0;  // 0.5 + 0.5·10/10
        QTest::newRow("p0") << 0.0 << 0.0;
    }

    void quantilesInterpolateInsideTheirBucket()
    {
        QFETCH(double, q);
        QFETCH(double, expected);
        const auto actual = histogramQuantile(q, {{1.0, 40}, {0.1, 10}, {kInf, 40}, {0.5, 30}});
        QVERIFY2(near(actual, expected), qPrintable(shown(actual)));
    }

    void quantilesFollowPrometheusAtTheEdges()
    {
        // A rank among the +Inf bucket's observations: the highest finite bound, never Inf.
        QVERIFY(near(histogramQuantile(0.99, {{0.1, 10}, {0.5, 20}, {kInf, 40}}), 0.5));
        // Counts that went down are made monotonic first: 0.5 counts 10, not 8.
        QVERIFY(near(histogramQuantile(0.5, {{0.1, 10}, {0.5, 8}, {1.0, 40}, {kInf, 40}}), 0.5 + 0.5 * 10.0 / 30.0));
        // A lowest bound at or below zero is the answer for ranks in that bucket.
        QVERIFY(near(histogramQuantile(0.2, {{-1.0, 5}, {0.0, 5}, {kInf, 10}}), -1.0));
        // No +Inf bucket, fewer than two buckets, or nothing observed: no answer.
        QVERIFY(!histogramQuantile(0.5, {{0.1, 10}, {0.5, 20}}));
        QVERIFY(!histogramQuantile(0.5, {{kInf, 20}}));
        QVERIFY(!histogramQuantile(0.5, {{0.1, 0}, {kInf, 0}}));
        QVERIFY(!histogramQuantile(std::nan(""), {{0.1, 1}, {kInf, 1}}));
        QCOMPARE(*histogramQuantile(-0.5, {{0.1, 1}, {kInf, 1}}), -kInf);
        QCOMPARE(*histogramQuantile(1.5, {{0.1, 1}, {kInf, 1}}), kInf);
    }

    void fc19QuantilesOfAScrapedHistogram()
    {
        const QByteArray text = testing::fieldCase(u"FC-19.prom");
        const Exposition exposition = parseExposition(std::string_view(text.constData(), size_t(text.size())));
        const MetricFamily *ttft = exposition.family("vllm:time_to_first_token_seconds");
        QVERIFY(ttft);
        std::vector<HistogramBucket> buckets;
        double sum = 0;
        double count = 0;
        for (const auto &sample : ttft->samples) {
            if (sample.name.ends_with("_bucket"))
                buckets.push_back(
                    {std::stod(*sample.label("le") == "+Inf" ? "inf" : *sample.label("le")), sample.value});
            else if (sample.name.ends_with("_sum"))
                sum = sample.value;
            else if (sample.name.ends_with("_count"))
                count = sample.value;
        }
        QCOMPARE(buckets.size(), size_t(11));
        QCOMPARE(count, 52.0);
        QVERIFY(std::abs(sum / count - 0.046154) < 1e-6);
        // Rank 26 in (0.02, 0.04]: 0.02 + 0.02·16/20. Rank 46.8 in (0.06, 0.08]: 0.06 + 0.02·1.8/3.
        QVERIFY2(near(histogramQuantile(0.5, buckets), 0.036), qPrintable(shown(histogramQuantile(0.5, buckets))));
        QVERIFY2(near(histogramQuantile(0.9, buckets), 0.072), qPrintable(shown(histogramQuantile(0.9, buckets))));
        // Rank 51.48 falls in +Inf: the highest finite bound.
        QVERIFY(near(histogramQuantile(0.99, buckets), 0.5));
    }

    void countersResetToZero()
    {
        QCOMPARE(counterIncrease(5, 8), 3.0);
        QCOMPARE(counterIncrease(5, 3), 3.0);
        QCOMPARE(counterIncrease(5, 5), 0.0);
        QVERIFY(isCumulativeSeries("counter", "x", "x_total"));
        QVERIFY(isCumulativeSeries("histogram", "h", "h_bucket"));
        QVERIFY(isCumulativeSeries("summary", "s", "s_count"));
        QVERIFY(!isCumulativeSeries("summary", "s", "s"));
        QVERIFY(!isCumulativeSeries("gauge", "g", "g"));
    }

    void ratesCountIncreasesOverTheTimeBetweenSamples()
    {
        // Every 15 s: 100, 130, 190, then a restart: 10, 40.
        const std::vector<MetricPoint> points = {at(15000, 100), at(30000, 130, 30), at(45000, 190, 60),
                                                 at(60000, 10, 10), at(75000, 40, 30)};
        const SeriesFigures figures = rateOf(points, 0, 75000, 30000);
        QCOMPARE(figures.steps.size(), size_t(3));
        // (0, 30 s]: the sample at 15 s starts the count; 30 over 15 s.
        QVERIFY2(near(figures.steps[0], 2.0), qPrintable(shown(figures.steps[0])));
        // (30, 60 s]: 60 + 10 over 30 s.
        QVERIFY2(near(figures.steps[1], 70.0 / 30.0), qPrintable(shown(figures.steps[1])));
        QVERIFY2(near(figures.steps[2], 2.0), qPrintable(shown(figures.steps[2])));
        QVERIFY2(near(figures.window, 130.0 / 60.0), qPrintable(shown(figures.window)));

        // A window that starts later starts counting at its first sample.
        QVERIFY(near(rateOf(points, 15000, 75000, 60000).window, 100.0 / 45.0));
        // One sample is no rate.
        QVERIFY(!rateOf({at(15000, 100, 5)}, 0, 30000, 30000).window);
    }

    void gaugesAverageEachStep()
    {
        const std::vector<MetricPoint> points = {at(10000, 2), at(20000, 4), at(40000, std::nullopt), at(50000, 9)};
        const SeriesFigures figures = meanOf(points, 0, 60000, 30000);
        QCOMPARE(figures.steps.size(), size_t(2));
        QVERIFY(near(figures.steps[0], 3.0));
        QVERIFY(near(figures.steps[1], 9.0));
        QVERIFY(near(figures.window, 9.0));
        QVERIFY(!meanOf({at(40000, std::nullopt)}, 0, 60000, 30000).steps[1]);
    }

    void quantilesOverAWindowUseBucketIncreases()
    {
        // Two scrapes 10 s apart; the buckets gain 10, 20 and 22 observations between them.
        const std::vector<BucketSeries> buckets = {
            {0.1, {at(10000, 5), at(20000, 15, 10)}},
            {0.5, {at(10000, 10), at(20000, 30, 20)}},
            {kInf, {at(10000, 10), at(20000, 32, 22)}},
        };
        const SeriesFigures p50 = quantileOf(0.5, buckets, 5000, 20000, 15000);
        // Rank 11 in (0.1, 0.5]: 0.1 + 0.4·1/10. The cumulative counts (5, 10, 10) would say 0.1.
        QVERIFY2(near(p50.window, 0.14), qPrintable(shown(p50.window)));
        QCOMPARE(p50.steps.size(), size_t(1));
        QVERIFY(near(p50.steps[0], 0.14));
        QVERIFY(near(quantileOf(0.99, buckets, 5000, 20000, 15000).window, 0.5));
        // Nothing observed in the window: no quantile.
        QVERIFY(!quantileOf(0.5, buckets, 15000, 20000, 5000).window);
    }

    void fc22NanAndInfinitiesSurviveTheStore()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("store.sqlite")));
        const qint64 endpointId = addScrapedEndpoint(*store);
        const qint64 at = 1718000000000;
        store->addScrape(scrapeAt(endpointId, at, 7), samplesOfText(testing::fieldCase(u"FC-22.prom")));

        const auto latency = store->metricSeries(endpointId, "llm_proxy_upstream_latency_seconds");
        QCOMPARE(latency.size(), size_t(4));
        const MetricSeries *median = seriesWithLabel(latency, "llm_proxy_upstream_latency_seconds", "\"0.5\"");
        QVERIFY(median);
        const auto medianPoints = store->metricPoints(median->id, at - 1, at);
        // NaN is a sample without a value: "no data", never 0.
        QCOMPARE(medianPoints.size(), size_t(1));
        QVERIFY(!medianPoints[0].value);
        const auto count = seriesWithLabel(latency, "llm_proxy_upstream_latency_seconds_count", "primary");
        QCOMPARE(store->metricPoints(count->id, at - 1, at).at(0).value, std::optional<double>(0.0));

        const auto budget = store->metricSeries(endpointId, "llm_proxy_budget_remaining_usd");
        QCOMPARE(
            store->metricPoints(seriesWithLabel(budget, "llm_proxy_budget_remaining_usd", "research")->id, at - 1, at)
                .at(0)
                .value,
            std::optional<double>(kInf));
        QCOMPARE(store->metricPoints(seriesWithLabel(budget, "llm_proxy_budget_remaining_usd", "ops")->id, at - 1, at)
                     .at(0)
                     .value,
                 std::optional<double>(-kInf));
        QCOMPARE(store->latestScrape(endpointId)->samples, 7);
        QCOMPARE(store->metricFamilies(endpointId).size(), size_t(2));
    }

    void seriesMayComeAndGoBetweenScrapes()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("store.sqlite")));
        const qint64 endpointId = addScrapedEndpoint(*store);
        const qint64 at = 1718000000000;
        store->addScrape(scrapeAt(endpointId, at), samplesOfText("# TYPE a_total counter\na_total 5\n"));
        store->addScrape(scrapeAt(endpointId, at + 15000),
                         samplesOfText("# TYPE a_total counter\na_total 8\n# TYPE b_total counter\nb_total 100\n"));
        store->addScrape(scrapeAt(endpointId, at + 30000),
                         samplesOfText("# TYPE b_total counter\nb_total 40\n# TYPE a_total counter\na_total 9\n"));
        store->addScrape(scrapeAt(endpointId, at + 45000), samplesOfText("# TYPE b_total counter\nb_total 50\n"));

        const qint64 a = store->metricSeries(endpointId, "a_total").at(0).id;
        const qint64 b = store->metricSeries(endpointId, "b_total").at(0).id;
        const auto points = store->metricPoints(std::vector<qint64>{b, a, b}, at - 1, at + 60000);
        QCOMPARE(points.size(), size_t(3));
        // a: 5, 8 (+3), 9 (+1), then gone.
        QCOMPARE(points[1].size(), size_t(3));
        QCOMPARE(points[1][2].value, std::optional<double>(9.0));
        QCOMPARE(points[1][2].increase, std::optional<double>(1.0));
        // b: 100, then 40 (a restart: +40), 50 (+10), in another order of series.
        QCOMPARE(points[0].size(), size_t(3));
        QVERIFY(!points[0][0].increase);
        QCOMPARE(points[0][1].increase, std::optional<double>(40.0));
        QCOMPARE(points[0][2].increase, std::optional<double>(10.0));
        QCOMPARE(points[2].size(), size_t(3));
        // A window that starts after the first scrape still has the increase into it.
        QCOMPARE(store->metricPoints(a, at + 1, at + 60000).at(0).increase, std::optional<double>(3.0));
    }

    void largeScrapesAreStoredCompressedAndReadBackExactly()
    {
        // 600 counters and 300 gauges with arbitrary digits: compressed rows hold them exactly.
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("store.sqlite")));
        const qint64 endpointId = addScrapedEndpoint(*store);
        const qint64 at = 1718000000000;
        const auto textOfRound = [](int round) {
            QByteArray text = "# TYPE requests_total counter\n# TYPE load gauge\n";
            for (int i = 0; i < 600; ++i)
                text += "requests_total{shard=\"" + QByteArray::number(i) + "\"} "
                    + QByteArray::number(1000 * i + round * (i % 7)) + "\n";
            for (int i = 0; i < 300; ++i)
                text += "load{shard=\"" + QByteArray::number(i) + "\"} "
                    + QByteArray::number(0.1 * i + round / 3.0, 'g', 17) + "\n";
            return text;
        };
        for (int round = 0; round < 3; ++round)
            store->addScrape(scrapeAt(endpointId, at + round * 15000), samplesOfText(textOfRound(round)));

        const auto counters = store->metricSeries(endpointId, "requests_total");
        const auto gauges = store->metricSeries(endpointId, "load");
        QCOMPARE(counters.size(), size_t(600));
        QCOMPARE(gauges.size(), size_t(300));
        const MetricSeries *shard = seriesWithLabel(counters, "requests_total", "\"599\"");
        const auto points = store->metricPoints(shard->id, at - 1, at + 30000);
        QCOMPARE(points.size(), size_t(3));
        QCOMPARE(points[2].value, std::optional<double>(1000.0 * 599 + 2 * (599 % 7)));
        QCOMPARE(points[2].increase, std::optional<double>(599 % 7));
        // They were compressed: the case this test is for.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(qPrintable(dir.filePath(QStringLiteral("store.sqlite"))), &db, SQLITE_OPEN_READONLY,
                                 nullptr),
                 SQLITE_OK);
        sqlite3_stmt *compressed = nullptr;
        sqlite3_prepare_v2(db, "SELECT count(*) FROM metric_values WHERE encoding = 1", -1, &compressed, nullptr);
        QCOMPARE(sqlite3_step(compressed), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(compressed, 0), 3);
        sqlite3_finalize(compressed);
        sqlite3_close(db);

        const MetricSeries *load = seriesWithLabel(gauges, "load", "\"123\"");
        QCOMPARE(store->metricPoints(load->id, at - 1, at + 30000).at(1).value,
                 std::optional<double>(QByteArray::number(0.1 * 123 + 1 / 3.0, 'g', 17).toDouble()));
    }

    void rollupsStandInForSamplesPastTheRetention()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("store.sqlite")));
        const qint64 endpointId = addScrapedEndpoint(*store);
        store->setMetricRetention({10 * 60 * 1000, 24 * 3600 * 1000LL});
        QCOMPARE(store->metricRetention().rawMs, 10 * 60 * 1000);

        // A counter scraped every minute for 40 minutes, 100 more each time, and a gauge.
        const qint64 start = 1718000100000 - 1718000100000 % kMetricRollupMs;
        for (int minute = 0; minute <= 40; ++minute) {
            const QByteArray text = "# TYPE tokens_total counter\ntokens_total " + QByteArray::number(100 * minute)
                + "\n# TYPE queue gauge\nqueue " + QByteArray::number(minute % 2 == 0 ? 2 : 4) + "\n";
            store->addScrape(scrapeAt(endpointId, start + minute * 60000LL), samplesOfText(text));
        }
        const auto series = store->metricSeries(endpointId, "tokens_total");
        QCOMPARE(series.size(), size_t(1));
        const auto points = store->metricPoints(series[0].id, start - 1, start + 40 * 60000LL);
        // The first minutes are rollups now (at the ends of their five-minute steps), the
        // last ones still raw samples a minute apart.
        QVERIFY2(points.size() < 41, qPrintable(QString::number(points.size())));
        QCOMPARE(points.front().atMs, start + kMetricRollupMs);
        QCOMPARE(points.back().atMs, start + 40 * 60000LL);
        double increase = 0;
        for (const auto &point : points)
            increase += point.increase.value_or(0);
        QCOMPARE(increase, 4000.0);
        // The first rollup holds the increases of minutes 1 to 4 (minute 0 had none); a
        // counter's rollup keeps its increase only.
        QCOMPARE(points.front().increase, std::optional<double>(400.0));
        QVERIFY(!points.front().value);

        // A rate over the whole window, from rollups and raw samples alike.
        const SeriesFigures rate = rateOf(points, start - 1, start + 40 * 60000LL, 10 * 60000LL);
        QVERIFY(rate.window && std::abs(*rate.window - 100.0 / 60.0) < 0.2);
        const auto queue = store->metricSeries(endpointId, "queue");
        const auto queuePoints = store->metricPoints(queue[0].id, start - 1, start + 40 * 60000LL);
        QVERIFY(std::abs(*queuePoints.front().value - 3.0) < 0.5); // the mean of 2, 4, 2, 4, 2
        QVERIFY(!queuePoints.front().increase);
    }
};

QTEST_GUILESS_MAIN(TestServerMetrics)
#include "tst_servermetrics.moc"
