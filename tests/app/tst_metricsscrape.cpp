// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Scraping a real exposition: prom-client (pinned in tests/prom-exporter) serves vLLM-named
// families with known observations, llmopsctl scrapes and stores them, and the rates and
// quantiles it answers are checked against values computed by hand from those
// observations. Also a counter reset (the exporter restarted) and a server that is down.
#include "fieldcases.h"
#include "httppost.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include <httplib.h>

#include <cmath>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

/// The exporter, started on a port of its own choosing (or the one given).
class Exporter
{
public:
    ~Exporter() { stop(); }

    bool start(int port = 0)
    {
        m_process.setWorkingDirectory(QStringLiteral(LLMOPS_PROM_EXPORTER_DIR));
        m_process.start(u"node"_s, {u"vllm-exporter.mjs"_s, u"--port"_s, QString::number(port)});
        if (!m_process.waitForReadyRead(20000))
            return false;
        const QByteArray line = m_process.readLine().trimmed();
        if (!line.startsWith("listening on "))
            return false;
        m_port = line.mid(13).toInt();
        return m_port > 0;
    }

    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.kill();
        m_process.waitForFinished(5000);
    }

    int port() const { return m_port; }

    bool advance() const
    {
        const auto answer = llmops::testing::post("http://127.0.0.1:" + std::to_string(m_port) + "/advance", "", {});
        return answer.status == 200;
    }

private:
    QProcess m_process;
    int m_port = 0;
};

struct CtlRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

bool near(double actual, double expected)
{
    return std::abs(actual - expected) <= 1e-9 * std::max(1.0, std::abs(expected));
}

} // namespace

class TestMetricsScrape : public QObject
{
    Q_OBJECT

private:
    CtlRun ctl(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(LLMOPSCTL_PATH), QStringList{u"--db"_s, m_db} + arguments);
        process.waitForFinished(60000);
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    /// Scrapes the endpoint once; the scrape's JSON record.
    QJsonObject scrape()
    {
        const CtlRun run = ctl({u"scrape"_s, u"--once"_s, u"--endpoint"_s, u"vllm"_s, u"--json"_s});
        return QJsonDocument::fromJson(run.out).array().at(0).toObject();
    }

    QJsonObject query(const QStringList &figure, const char *metric)
    {
        const CtlRun run = ctl(QStringList{u"metrics"_s, u"query"_s, u"--endpoint"_s, u"vllm"_s, u"--metric"_s,
                                           QString::fromLatin1(metric), u"--since"_s, u"1h"_s, u"--json"_s}
                               + figure);
        if (run.exitCode != 0)
            qWarning("metrics query: %s", run.err.constData());
        return QJsonDocument::fromJson(run.out).object();
    }

    static double windowValue(const QJsonObject &result)
    {
        return result[u"series"_s].toArray().at(0).toObject()[u"value"_s].toDouble(std::nan(""));
    }

    QTemporaryDir m_dir;
    QString m_db;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(u"scrape.sqlite"_s);
    }

    void ratesAndQuantilesMatchTheObservations()
    {
        Exporter exporter;
        QVERIFY(exporter.start());
        const QString url = u"http://127.0.0.1:%1/v1"_s.arg(exporter.port());
        QCOMPARE(
            ctl({u"endpoint"_s, u"add"_s, u"vllm"_s, u"--url"_s, url, u"--model"_s, u"acme/tiny-chat-8b"_s}).exitCode,
            0);

        const QJsonObject first = scrape();
        QVERIFY2(first[u"up"_s].toBool(), qPrintable(first[u"error_message"_s].toString()));
        QCOMPARE(first[u"server_kind"_s].toString(), u"vllm"_s);
        // Three gauges, two counters, and a histogram of 8 buckets with its sum and count.
        QCOMPARE(first[u"samples"_s].toInt(), 15);
        QCOMPARE(first[u"problems"_s].toInt(), 0);

        QVERIFY(exporter.advance());
        QTest::qWait(20);
        const QJsonObject second = scrape();
        QVERIFY(second[u"up"_s].toBool());
        const double secondsApart = (second[u"at_ms"_s].toDouble() - first[u"at_ms"_s].toDouble()) / 1000.0;
        QVERIFY(secondsApart > 0);

        // Phase 1 added 600 prompt and 300 generation tokens between the two scrapes.
        const QJsonObject prompt = query({u"--rate"_s}, "vllm:prompt_tokens_total");
        QCOMPARE(prompt[u"figure"_s].toString(), u"rate"_s);
        QVERIFY2(near(windowValue(prompt), 600.0 / secondsApart), qPrintable(QString::number(windowValue(prompt))));
        QVERIFY(near(windowValue(query({u"--rate"_s}, "vllm:generation_tokens_total")), 300.0 / secondsApart));

        // Phase 1's ten TTFTs (0.03 ×4, 0.07 ×4, 0.2 ×2) are what the buckets gained:
        // ≤0.05: 4, ≤0.1: 8, ≤0.25: 10. p50 at rank 5: 0.05 + 0.05·1/4; p95 at rank 9.5:
        // 0.1 + 0.15·1.5/2. The cumulative buckets (phase 0's 0.02 ×10 too) would give others.
        const QJsonObject p50 = query({u"--quantile"_s, u"0.5"_s}, "vllm:time_to_first_token_seconds");
        QCOMPARE(p50[u"figure"_s].toString(), u"quantile"_s);
        QVERIFY2(near(windowValue(p50), 0.0625), qPrintable(QString::number(windowValue(p50))));
        QVERIFY(near(windowValue(query({u"--quantile"_s, u"0.95"_s}, "vllm:time_to_first_token_seconds")), 0.2125));
        // The histogram's count as a rate: ten observations between the scrapes.
        const QJsonArray counted = query({u"--rate"_s}, "vllm:time_to_first_token_seconds")[u"series"_s].toArray();
        bool sawCount = false;
        for (const auto &series : counted) {
            if (series.toObject()[u"name"_s].toString() == u"vllm:time_to_first_token_seconds_count") {
                QVERIFY(near(series.toObject()[u"value"_s].toDouble(), 10.0 / secondsApart));
                sawCount = true;
            }
        }
        QVERIFY(sawCount);

        // A gauge: its last value.
        QCOMPARE(windowValue(query({}, "vllm:kv_cache_usage_perc")), 0.5);
        QCOMPARE(windowValue(query({}, "vllm:num_requests_running")), 5.0);

        // The exporter restarts and counts from zero: its 1000 prompt tokens are an increase.
        const int port = exporter.port();
        exporter.stop();
        QVERIFY(exporter.start(port));
        QTest::qWait(20);
        const QJsonObject third = scrape();
        QVERIFY(third[u"up"_s].toBool());
        const double secondsInAll = (third[u"at_ms"_s].toDouble() - first[u"at_ms"_s].toDouble()) / 1000.0;
        QVERIFY(near(windowValue(query({u"--rate"_s}, "vllm:prompt_tokens_total")), (600.0 + 1000.0) / secondsInAll));

        // A server that is down: the scrape is recorded as such, and the command says so.
        exporter.stop();
        const CtlRun down = ctl({u"scrape"_s, u"--once"_s, u"--json"_s});
        QCOMPARE(down.exitCode, 1);
        const QJsonObject failed = QJsonDocument::fromJson(down.out).array().at(0).toObject();
        QCOMPARE(failed[u"up"_s].toBool(), false);
        QCOMPARE(failed[u"error_class"_s].toString(), u"connection_refused"_s);
        QCOMPARE(failed[u"samples"_s].toInt(), 0);
    }

    void fieldCasesPassThroughScraping_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("samples");
        QTest::addColumn<int>("problems");
        QTest::addColumn<QString>("kind");
        QTest::newRow("FC-19") << u"FC-19.prom"_s << 18 << 0 << u"vllm"_s;
        QTest::newRow("FC-20") << u"FC-20.prom"_s << 4 << 0 << QString();
        QTest::newRow("FC-22") << u"FC-22.prom"_s << 7 << 0 << QString();
        QTest::newRow("FC-23") << u"FC-23.prom"_s << 3 << 2 << QString();
        // The created time belongs to its series and the line after # EOF is left out.
        QTest::newRow("FC-25") << u"FC-25.om.txt"_s << 7 << 1 << QString();
    }

    void fieldCasesPassThroughScraping()
    {
        QFETCH(QString, file);
        QFETCH(int, samples);
        QFETCH(int, problems);
        QFETCH(QString, kind);

        // The field case as a server would serve it, OpenMetrics with its content type.
        httplib::Server server;
        const QByteArray body = llmops::testing::fieldCase(file);
        const std::string contentType = file.endsWith(u".om.txt") ? "application/openmetrics-text; version=1.0.0"
                                                                  : "text/plain; version=0.0.4";
        server.Get("/metrics", [&](const httplib::Request &, httplib::Response &response) {
            response.set_content(body.toStdString(), contentType);
        });
        const int port = server.bind_to_any_port("127.0.0.1");
        std::thread serving([&] { server.listen_after_bind(); });
        const auto stopServing = qScopeGuard([&] {
            server.stop();
            serving.join();
        });

        const QString name = file.section(u'.', 0, 0);
        QCOMPARE(ctl({u"endpoint"_s, u"add"_s, name, u"--url"_s, u"http://127.0.0.1:%1/v1"_s.arg(port), u"--model"_s,
                      u"m"_s})
                     .exitCode,
                 0);
        const CtlRun run = ctl({u"scrape"_s, u"--once"_s, u"--endpoint"_s, name, u"--json"_s});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject scrape = QJsonDocument::fromJson(run.out).array().at(0).toObject();
        QVERIFY(scrape[u"up"_s].toBool());
        QCOMPARE(scrape[u"samples"_s].toInt(), samples);
        QCOMPARE(scrape[u"problems"_s].toInt(), problems);
        QCOMPARE(scrape[u"server_kind"_s].toString(), kind);

        // What the store answers for them: NaN as no data, infinities and values as sent.
        const auto value = [&](const char *metric, const char *label) -> QJsonValue {
            const CtlRun query = ctl({u"metrics"_s, u"query"_s, u"--endpoint"_s, name, u"--metric"_s,
                                      QString::fromLatin1(metric), u"--since"_s, u"1h"_s, u"--json"_s});
            for (const auto &series : QJsonDocument::fromJson(query.out).object()[u"series"_s].toArray()) {
                if (QJsonDocument(series.toObject()[u"labels"_s].toObject()).toJson().contains(label))
                    return series.toObject()[u"value"_s];
            }
            return QJsonValue(QJsonValue::Undefined);
        };
        if (file == u"FC-22.prom") {
            QVERIFY(value("llm_proxy_upstream_latency_seconds", "0.99").isNull());
            QCOMPARE(value("llm_proxy_budget_remaining_usd", "research").toString(), u"+Inf"_s);
            QCOMPARE(value("llm_proxy_budget_remaining_usd", "eval").toDouble(), 12.5);
        } else if (file == u"FC-25.om.txt") {
            QCOMPARE(value("llm_gateway_requests", "chat").toDouble(), 120.0);
        } else if (file == u"FC-20.prom") {
            QCOMPARE(value("llm_route_requests_total", "models\\\\").toDouble(), 2.0);
        }
    }

    void retentionIsShownAndSet()
    {
        const CtlRun shown = ctl({u"metrics"_s, u"retention"_s, u"--json"_s});
        QCOMPARE(shown.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(shown.out).object()[u"raw_ms"_s].toDouble(), 6 * 3600 * 1000.0);
        QCOMPARE(ctl({u"metrics"_s, u"retention"_s, u"--raw"_s, u"2h"_s, u"--rollups"_s, u"7d"_s}).exitCode, 0);
        const QJsonObject set = QJsonDocument::fromJson(ctl({u"metrics"_s, u"retention"_s, u"--json"_s}).out).object();
        QCOMPARE(set[u"raw_ms"_s].toDouble(), 2 * 3600 * 1000.0);
        QCOMPARE(set[u"rollups_ms"_s].toDouble(), 7 * 86400 * 1000.0);
        QCOMPARE(ctl({u"metrics"_s, u"retention"_s, u"--raw"_s, u"1m"_s}).exitCode, 2);
        QCOMPARE(ctl({u"metrics"_s, u"retention"_s, u"--raw"_s, u"30d"_s, u"--rollups"_s, u"1d"_s}).exitCode, 2);
    }

    void scrapesOnScheduleUntilStopped()
    {
        Exporter exporter;
        QVERIFY(exporter.start());
        QCOMPARE(
            ctl({u"endpoint"_s, u"add"_s, u"scheduled"_s, u"--url"_s, u"http://127.0.0.1:%1/v1"_s.arg(exporter.port()),
                 u"--model"_s, u"m"_s, u"--metrics-interval"_s, u"1"_s})
                .exitCode,
            0);
        QProcess watch;
        watch.start(QStringLiteral(LLMOPSCTL_PATH),
                    {u"--db"_s, m_db, u"scrape"_s, u"--endpoint"_s, u"scheduled"_s, u"--json"_s});
        // A scrape at once, then one a second: three lines within a few seconds.
        QByteArray lines;
        QTRY_VERIFY_WITH_TIMEOUT((lines += watch.readAllStandardOutput()).count('\n') >= 3, 15000);
        watch.terminate();
        QVERIFY(watch.waitForFinished(10000));
        QCOMPARE(watch.exitStatus(), QProcess::NormalExit);
        QCOMPARE(watch.exitCode(), 0);
        for (const QByteArray &line : lines.trimmed().split('\n')) {
            const QJsonObject scrape = QJsonDocument::fromJson(line).object();
            QCOMPARE(scrape[u"endpoint"_s].toString(), u"scheduled"_s);
            QVERIFY(scrape[u"up"_s].toBool());
            QCOMPARE(scrape[u"samples"_s].toInt(), 15);
        }
        const QJsonArray families =
            QJsonDocument::fromJson(ctl({u"metrics"_s, u"list"_s, u"--endpoint"_s, u"scheduled"_s, u"--json"_s}).out)
                .array();
        QCOMPARE(families.size(), 6);
        QCOMPARE(ctl({u"endpoint"_s, u"remove"_s, u"scheduled"_s}).exitCode, 0);
    }

    void usageErrorsAreTyped()
    {
        QCOMPARE(ctl({u"scrape"_s, u"--once"_s, u"--endpoint"_s, u"nobody"_s}).exitCode, 2);
        QCOMPARE(ctl({u"metrics"_s, u"query"_s, u"--endpoint"_s, u"vllm"_s}).exitCode, 2);
        QCOMPARE(ctl({u"metrics"_s, u"query"_s, u"--endpoint"_s, u"nobody"_s, u"--metric"_s, u"x"_s}).exitCode, 2);
        QCOMPARE(
            ctl({u"metrics"_s, u"query"_s, u"--endpoint"_s, u"vllm"_s, u"--metric"_s, u"no_such_family"_s}).exitCode,
            2);
        const CtlRun notHistogram = ctl({u"metrics"_s, u"query"_s, u"--endpoint"_s, u"vllm"_s, u"--metric"_s,
                                         u"vllm:kv_cache_usage_perc"_s, u"--quantile"_s, u"0.5"_s});
        QCOMPARE(notHistogram.exitCode, 2);
        QVERIFY(notHistogram.err.contains("histogram"));
        QCOMPARE(ctl({u"metrics"_s, u"query"_s, u"--endpoint"_s, u"vllm"_s, u"--metric"_s,
                      u"vllm:time_to_first_token_seconds"_s, u"--quantile"_s, u"1.5"_s})
                     .exitCode,
                 2);
        QCOMPARE(ctl({u"endpoint"_s, u"set"_s, u"vllm"_s, u"--metrics-url"_s, u"ftp://x/metrics"_s}).exitCode, 2);
        QCOMPARE(ctl({u"endpoint"_s, u"set"_s, u"vllm"_s, u"--metrics-token-env"_s, u"sk-live-123"_s}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestMetricsScrape)
#include "tst_metricsscrape.moc"
