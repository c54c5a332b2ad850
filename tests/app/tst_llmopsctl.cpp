// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "localendpoint.h"
#include "referencestatistics.h"
#include "store.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <csignal>

using namespace llmops::testing;
using namespace Qt::StringLiterals;

namespace {

struct CtlRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
};

} // namespace

/// llmopsctl as a script would use it: the real binary, its output and its exit codes.
class TestLlmopsctl : public QObject
{
    Q_OBJECT

private:
    CtlRun ctl(const QStringList &arguments, const QString &db = {})
    {
        QProcess process;
        QStringList all = arguments;
        if (!db.isEmpty() || !arguments.contains(u"replay"_s))
            all = QStringList{u"--db"_s, db.isEmpty() ? m_db : db} + arguments;
        process.start(QStringLiteral(LLMOPSCTL_PATH), all);
        process.waitForFinished(60'000);
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    QString fieldCase(const QString &name) const { return QStringLiteral(LLMOPS_FIELD_CASES_DIR) + u'/' + name; }

    /// llmopsctl with `input` on its standard input.
    CtlRun ctlWithInput(const QStringList &arguments, const QByteArray &input)
    {
        QProcess process;
        process.start(QStringLiteral(LLMOPSCTL_PATH), QStringList{u"--db"_s, m_db} + arguments);
        process.write(input);
        process.closeWriteChannel();
        process.waitForFinished(60'000);
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    /// A prompt's content file, as `prompt save --file` reads it.
    QString contentFile(const QString &name, const QString &question, double temperature)
    {
        const QString path = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u'-' + name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        const QJsonObject content{{u"messages"_s,
                                   QJsonArray{QJsonObject{{u"role"_s, u"system"_s}, {u"content"_s, u"One word."_s}},
                                              QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, question}}}},
                                  {u"variables"_s, QJsonObject{{u"country"_s, u"France"_s}}},
                                  {u"parameters"_s, QJsonObject{{u"temperature"_s, temperature}}}};
        file.write(QJsonDocument(content).toJson());
        return path;
    }

    /// Saves capital twice: the question changed and the temperature raised.
    void saveTwoVersionsOfCapital()
    {
        QCOMPARE(ctl({u"prompt"_s, u"save"_s, u"capital"_s, u"--file"_s,
                      contentFile(u"v1.json"_s, u"Capital of {{country}}?"_s, 0.2), u"--message"_s, u"First"_s,
                      u"--author"_s, u"ada"_s})
                     .out,
                 "saved capital@1\n");
        QFile second(contentFile(u"v2.json"_s, u"Capital city of {{country}}?"_s, 0.7));
        QVERIFY(second.open(QIODevice::ReadOnly));
        QCOMPARE(
            ctlWithInput({u"prompt"_s, u"save"_s, u"capital"_s, u"--file"_s, u"-"_s, u"--message"_s, u"Say city"_s},
                         second.readAll())
                .out,
            "saved capital@2\n");
    }

    LocalEndpoint m_endpoint;
    QTemporaryDir m_dir;
    QString m_db;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_endpoint.start(), qPrintable(m_endpoint.error()));
    }

    void init() { m_db = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u".sqlite"_s); }

    void probeOnceThenStatsGivesCountOne()
    {
        const CtlRun add = ctl(
            {u"endpoint"_s, u"add"_s, u"local"_s, u"--url"_s, m_endpoint.baseUrl(), u"--model"_s, u"stories260K"_s});
        QCOMPARE(add.exitCode, 0);

        const CtlRun probe = ctl({u"probe"_s, u"--once"_s, u"--json"_s});
        QCOMPARE(probe.exitCode, 0);
        const QJsonObject record = probe.json().array().at(0).toObject();
        QCOMPARE(record.value(u"status"_s).toString(), u"ok"_s);
        QVERIFY(record.value(u"id"_s).toInteger() > 0);

        const CtlRun stats = ctl({u"stats"_s, u"--endpoint"_s, u"local"_s, u"--since"_s, u"1h"_s, u"--json"_s});
        QCOMPARE(stats.exitCode, 0);
        const QJsonObject figures = stats.json().object();
        QCOMPARE(figures.value(u"count"_s).toInt(), 1);
        QCOMPARE(figures.value(u"error_count"_s).toInt(), 0);

        // With one request every percentile is that request's own figure.
        const double latency = record.value(u"latency_ms"_s).toDouble();
        const QJsonObject latencies = figures.value(u"latency_ms"_s).toObject();
        for (const QString &key : {u"p50"_s, u"p95"_s, u"p99"_s})
            QCOMPARE(latencies.value(key).toDouble(), latency);
        QCOMPARE(figures.value(u"ttft_ms"_s).toObject().value(u"p95"_s).toDouble(),
                 record.value(u"ttft_ms"_s).toDouble());
        QCOMPARE(figures.value(u"tokens_per_s"_s).toObject().value(u"mean"_s).toDouble(),
                 record.value(u"tokens_per_s"_s).toDouble());
    }

    void statsMatchAnIndependentComputationOverSeveralProbes()
    {
        ctl({u"endpoint"_s, u"add"_s, u"local"_s, u"--url"_s, m_endpoint.baseUrl(), u"--model"_s, u"stories260K"_s});
        ctl({u"endpoint"_s, u"add"_s, u"broken"_s, u"--url"_s, m_endpoint.baseUrl(), u"--model"_s, u"stories260K"_s,
             u"--header"_s, u"X-Llmops-Fault: html-502"_s});

        std::vector<double> latencies;
        std::vector<double> ttfts;
        for (int i = 0; i < 7; ++i) {
            const CtlRun probe = ctl({u"probe"_s, u"--once"_s, u"--endpoint"_s, u"local"_s, u"--json"_s});
            QCOMPARE(probe.exitCode, 0);
            const QJsonObject record = probe.json().array().at(0).toObject();
            latencies.push_back(record.value(u"latency_ms"_s).toDouble());
            ttfts.push_back(record.value(u"ttft_ms"_s).toDouble());
        }
        const CtlRun failed = ctl({u"probe"_s, u"--once"_s, u"--endpoint"_s, u"broken"_s});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY(failed.out.contains("upstream_gateway"));

        const QJsonObject figures = ctl({u"stats"_s, u"--endpoint"_s, u"local"_s, u"--json"_s}).json().object();
        QCOMPARE(figures.value(u"count"_s).toInt(), 7);
        QVERIFY(nearlyEqual(figures[u"latency_ms"_s][u"p50"_s].toDouble(), referenceQuantile(latencies, 0.5)));
        QVERIFY(nearlyEqual(figures[u"latency_ms"_s][u"p95"_s].toDouble(), referenceQuantile(latencies, 0.95)));
        QVERIFY(nearlyEqual(figures[u"latency_ms"_s][u"p99"_s].toDouble(), referenceQuantile(latencies, 0.99)));
        QVERIFY(nearlyEqual(figures[u"ttft_ms"_s][u"p95"_s].toDouble(), referenceQuantile(ttfts, 0.95)));

        const QJsonObject everything = ctl({u"stats"_s, u"--json"_s}).json().object();
        QCOMPARE(everything.value(u"count"_s).toInt(), 8);
        QCOMPARE(everything.value(u"error_count"_s).toInt(), 1);
        QCOMPARE(everything.value(u"availability"_s).toDouble(), 7.0 / 8.0);
    }

    void killingWatchLosesNoAcknowledgedProbe()
    {
        ctl({u"endpoint"_s, u"add"_s, u"local"_s, u"--url"_s, m_endpoint.baseUrl(), u"--model"_s, u"stories260K"_s,
             u"--interval"_s, u"1"_s});
        ctl({u"endpoint"_s, u"add"_s, u"flaky"_s, u"--url"_s, m_endpoint.baseUrl(), u"--model"_s, u"stories260K"_s,
             u"--interval"_s, u"1"_s, u"--header"_s, u"X-Llmops-Fault: cut-stream"_s});

        // watch prints a line once a probe is stored: that line is the acknowledgement.
        QProcess watch;
        watch.start(QStringLiteral(LLMOPSCTL_PATH), {u"--db"_s, m_db, u"watch"_s});
        QVERIFY(watch.waitForStarted());
        QByteArray printed;
        QDeadlineTimer deadline(20'000);
        while (printed.count('\n') < 6 && !deadline.hasExpired())
            if (watch.waitForReadyRead(500))
                printed += watch.readAllStandardOutput();
        ::kill(pid_t(watch.processId()), SIGKILL);
        watch.waitForFinished();
        printed += watch.readAllStandardOutput();
        const auto acknowledged = printed.count('\n');
        QVERIFY2(acknowledged >= 6, printed.constData());

        const auto store = llmops::Store::open(m_db);
        QVERIFY(store->requestCount() >= acknowledged);
        QCOMPARE(ctl({u"stats"_s, u"--json"_s}).json()[u"count"_s].toInt(), store->requestCount());

        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(m_db.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt *check = nullptr;
        sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr);
        QCOMPARE(sqlite3_step(check), SQLITE_ROW);
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(check, 0))), QByteArray("ok"));
        sqlite3_finalize(check);
        sqlite3_close(db);
    }

    void endpointsAreListedAndRemoved()
    {
        QCOMPARE(ctl({u"endpoint"_s, u"add"_s, u"a"_s, u"--url"_s, u"http://127.0.0.1:9"_s, u"--model"_s, u"m"_s,
                      u"--kind"_s, u"ollama"_s, u"--api-key-env"_s, u"A_KEY"_s, u"--interval"_s, u"15"_s})
                     .exitCode,
                 0);
        const QJsonArray listed = ctl({u"endpoint"_s, u"list"_s, u"--json"_s}).json().array();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed[0][u"kind"_s].toString(), u"ollama"_s);
        QCOMPARE(listed[0][u"api_key_env"_s].toString(), u"A_KEY"_s);
        QCOMPARE(listed[0][u"probe_interval_s"_s].toInt(), 15);

        QCOMPARE(ctl({u"endpoint"_s, u"set"_s, u"a"_s, u"--interval"_s, u"30"_s}).exitCode, 0);
        QCOMPARE(ctl({u"endpoint"_s, u"list"_s, u"--json"_s}).json().array()[0][u"probe_interval_s"_s].toInt(), 30);

        QCOMPARE(ctl({u"endpoint"_s, u"remove"_s, u"a"_s}).exitCode, 0);
        QCOMPARE(ctl({u"endpoint"_s, u"list"_s, u"--json"_s}).json().array().size(), 0);
    }

    void badInputIsAUsageError_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");

        QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << u"unknown command"_s;
        QTest::newRow("duplicate endpoint")
            << QStringList{u"endpoint"_s, u"add"_s, u"dup"_s, u"--url"_s, u"http://127.0.0.1:9/v1"_s,
                           u"--model"_s,  u"m"_s}
            << u"already exists"_s;
        QTest::newRow("key instead of variable") << QStringList{u"endpoint"_s, u"add"_s,           u"k"_s,
                                                                u"--url"_s,    u"http://h/v1"_s,   u"--model"_s,
                                                                u"m"_s,        u"--api-key-env"_s, u"sk-live-123"_s}
                                                 << u"environment variable"_s;
        QTest::newRow("bad url") << QStringList{u"endpoint"_s,  u"add"_s,     u"u"_s, u"--url"_s,
                                                u"not a url"_s, u"--model"_s, u"m"_s}
                                 << u"base URL"_s;
        QTest::newRow("stats of unknown endpoint")
            << QStringList{u"stats"_s, u"--endpoint"_s, u"nobody"_s} << u"no endpoint named nobody"_s;
        QTest::newRow("bad duration") << QStringList{u"stats"_s, u"--since"_s, u"yesterday"_s} << u"duration"_s;
        QTest::newRow("probe without once") << QStringList{u"probe"_s} << u"--once"_s;
        QTest::newRow("stray argument") << QStringList{u"probe"_s, u"--once"_s, u"extra"_s} << u"unexpected argument"_s;
        QTest::newRow("stray argument to list")
            << QStringList{u"endpoint"_s, u"list"_s, u"extra"_s} << u"unexpected argument \"extra\""_s;
        QTest::newRow("--db without a path") << QStringList{u"endpoint"_s, u"list"_s, u"--db"_s} << u"needs a PATH"_s;
        QTest::newRow("--db twice") << QStringList{u"--db"_s, u"other.sqlite"_s, u"endpoint"_s, u"list"_s}
                                    << u"given twice"_s;
        QTest::newRow("duration without a unit") << QStringList{u"stats"_s, u"--since"_s, u"60"_s} << u"duration"_s;
        QTest::newRow("duration of zero") << QStringList{u"stats"_s, u"--since"_s, u"0h"_s} << u"duration"_s;
        const QStringList addHeader{u"endpoint"_s,    u"add"_s,     u"h"_s, u"--url"_s,
                                    u"http://h/v1"_s, u"--model"_s, u"m"_s, u"--header"_s};
        QTest::newRow("header with a line break")
            << addHeader + QStringList{u"X-A: a\r\nAuthorization: Bearer sk-sneaky"_s} << u"line break"_s;
        QTest::newRow("framing header") << addHeader + QStringList{u"Content-Length: 5"_s} << u"set by the console"_s;
        QTest::newRow("Ollama URL with /v1")
            << QStringList{u"endpoint"_s, u"add"_s, u"o"_s,      u"--url"_s, u"http://h:11434/v1"_s,
                           u"--model"_s,  u"m"_s,   u"--kind"_s, u"ollama"_s}
            << u"server root"_s;
        QTest::newRow("missing replay file")
            << QStringList{u"replay"_s, u"/nonexistent/file.sse"_s} << u"Cannot read"_s;
    }

    void badInputIsAUsageError()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);

        ctl({u"endpoint"_s, u"add"_s, u"dup"_s, u"--url"_s, u"http://127.0.0.1:9/v1"_s, u"--model"_s, u"m"_s});
        const CtlRun run = ctl(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString::fromUtf8(run.err).contains(message, Qt::CaseInsensitive), run.err.constData());
    }

    void storeIsNeverCreatedByMistake()
    {
        // A folder that does not exist is a typo: no store, no folder.
        const QString missing = m_dir.filePath(u"no-such-folder/store.sqlite"_s);
        const CtlRun list = ctl({u"endpoint"_s, u"list"_s}, missing);
        QCOMPARE(list.exitCode, 2);
        QVERIFY2(list.err.contains("does not exist"), list.err.constData());
        QVERIFY(!QFileInfo::exists(m_dir.filePath(u"no-such-folder"_s)));

        // Nor does a mistyped command, or one with wrong arguments, create the store it names.
        const QString untouched = m_dir.filePath(u"untouched.sqlite"_s);
        for (const QStringList &mistyped :
             {QStringList{u"frobnicate"_s}, QStringList{u"endpoint"_s, u"frob"_s}, QStringList{u"probe"_s},
              QStringList{u"stats"_s, u"--since"_s, u"60"_s}, QStringList{u"endpoint"_s, u"list"_s, u"--bogus"_s}}) {
            QCOMPARE(ctl(mistyped, untouched).exitCode, 2);
            QVERIFY2(!QFileInfo::exists(untouched), qPrintable(mistyped.join(u' ')));
        }
    }

    void endpointNamesAreNormalized()
    {
        QCOMPARE(ctl({u"endpoint"_s, u"add"_s, u"Zu\u0308rich "_s, u"--url"_s, u"http://127.0.0.1:9/v1"_s, u"--model"_s,
                      u"m"_s})
                     .exitCode,
                 0);
        const CtlRun again = ctl(
            {u"endpoint"_s, u"add"_s, u"Z\u00FCrich"_s, u"--url"_s, u"http://127.0.0.1:9/v1"_s, u"--model"_s, u"m"_s});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains("already exists"), again.err.constData());
        QCOMPARE(ctl({u"endpoint"_s, u"list"_s, u"--json"_s}).json().array()[0][u"name"_s].toString(),
                 u"Z\u00FCrich"_s);
        QCOMPARE(ctl({u"endpoint"_s, u"remove"_s, u" Zu\u0308rich"_s}).exitCode, 0);
    }

    void storeThatIsNotADatabaseIsReported()
    {
        const QString path = m_dir.filePath(u"not-a-db.sqlite"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'z'));
        file.close();
        const CtlRun run = ctl({u"endpoint"_s, u"list"_s}, path);
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.err.contains("not a database"));
    }

    void checkMetricsListsFamiliesAndProblems()
    {
        const CtlRun histogram = ctl({u"check"_s, u"metrics"_s, fieldCase(u"FC-19.prom"_s)});
        QCOMPARE(histogram.exitCode, 0);
        QVERIFY(histogram.err.isEmpty());
        const QList<QByteArray> lines = histogram.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 6);
        QCOMPARE(lines[3], QByteArray("vllm:time_to_first_token_seconds\thistogram\t13 series"));

        // Warnings are reported with their lines; only --strict fails on them.
        const CtlRun repeated = ctl({u"check"_s, u"metrics"_s, fieldCase(u"FC-23.prom"_s)});
        QCOMPARE(repeated.exitCode, 0);
        QVERIFY2(repeated.err.contains("FC-23.prom:4: warning: a second # HELP"), repeated.err.constData());
        QCOMPARE(ctl({u"check"_s, u"metrics"_s, u"--strict"_s, fieldCase(u"FC-23.prom"_s)}).exitCode, 1);

        const CtlRun openMetrics = ctl({u"check"_s, u"metrics"_s, u"--json"_s, fieldCase(u"FC-25.om.txt"_s)});
        QCOMPARE(openMetrics.exitCode, 0);
        const QJsonObject parsed = openMetrics.json().object();
        QCOMPARE(parsed[u"format"_s].toString(), u"openmetrics"_s);
        const QJsonArray families = parsed[u"families"_s].toArray();
        QCOMPARE(families.size(), 2);
        const QJsonObject counter = families[0].toObject();
        QCOMPARE(counter[u"name"_s].toString(), u"llm_gateway_requests"_s);
        QCOMPARE(counter[u"type"_s].toString(), u"counter"_s);
        QCOMPARE(counter[u"samples"_s].toArray()[0].toObject()[u"value"_s].toDouble(), 120.0);
        QCOMPARE(counter[u"samples"_s].toArray()[0].toObject()[u"created_s"_s].toDouble(), 1718000000.25);
        const QJsonObject exemplar =
            families[1].toObject()[u"samples"_s].toArray()[0].toObject()[u"exemplar"_s].toObject();
        QCOMPARE(exemplar[u"labels"_s].toObject()[u"trace_id"_s].toString(), u"5f2a9c4e1b7d3a60c8e4f10293ab7d11"_s);
        QCOMPARE(exemplar[u"value"_s].toDouble(), 0.043);
        const QJsonObject problem = parsed[u"problems"_s].toArray()[0].toObject();
        QCOMPARE(problem[u"line"_s].toInt(), 16);
        QCOMPARE(problem[u"severity"_s].toString(), u"warning"_s);

        // NaN and infinities cannot be JSON numbers: they are written as the exposition does.
        const QJsonArray special = ctl({u"check"_s, u"metrics"_s, u"--json"_s, fieldCase(u"FC-22.prom"_s)})
                                       .json()
                                       .object()[u"families"_s]
                                       .toArray();
        QCOMPARE(special[0].toObject()[u"samples"_s].toArray()[0].toObject()[u"value"_s].toString(), u"NaN"_s);
        QCOMPARE(special[1].toObject()[u"samples"_s].toArray()[0].toObject()[u"value"_s].toString(), u"+Inf"_s);
        QCOMPARE(special[1].toObject()[u"samples"_s].toArray()[1].toObject()[u"value"_s].toString(), u"-Inf"_s);
        QCOMPARE(special[1].toObject()[u"samples"_s].toArray()[2].toObject()[u"value"_s].toDouble(), 12.5);

        QCOMPARE(ctl({u"check"_s, u"metrics"_s, m_dir.filePath(u"missing.prom"_s)}).exitCode, 2);
        QCOMPARE(ctl({u"check"_s, u"exposition"_s}).exitCode, 2);
    }

    void checkMetricsReadsStandardInput()
    {
        QProcess process;
        process.start(QStringLiteral(LLMOPSCTL_PATH), {u"check"_s, u"metrics"_s, u"-"_s});
        process.write("# TYPE up gauge\nup 1\nup{job=\"x\" 2\ndown 0\n");
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 1);
        QCOMPARE(process.readAllStandardOutput(), QByteArray("up\tgauge\t1 series\ndown\tuntyped\t1 series\n"));
        QVERIFY(process.readAllStandardError().startsWith("stdin:3: error: "));
    }

    void replayExplainsABrokenStream_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("chunks");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected");

        QTest::newRow("FC-12 error mid-stream")
            << u"FC-12.sse"_s << QString() << u"error.type"_s << u"overloaded_error"_s;
        QTest::newRow("FC-09 split characters")
            << u"FC-09.sse"_s << u"FC-09.chunks.json"_s << u"text"_s << u"你好世界 🌍 использовать"_s;
        QTest::newRow("FC-05 Ollama") << u"FC-05.ndjson"_s << u"FC-05.chunks.json"_s << u"text"_s << u"Hello, world"_s;
        QTest::newRow("FC-16 gateway page")
            << u"FC-16.http"_s << QString() << u"error.class"_s << u"upstream_gateway"_s;
        QTest::newRow("FC-10 tool calls") << u"FC-10.sse"_s << QString() << u"finish_reason"_s << u"tool_calls"_s;
    }

    void replayExplainsABrokenStream()
    {
        QFETCH(QString, file);
        QFETCH(QString, chunks);
        QFETCH(QString, key);
        QFETCH(QString, expected);

        QStringList arguments{u"replay"_s, fieldCase(file), u"--json"_s};
        if (!chunks.isEmpty())
            arguments << u"--chunks"_s << fieldCase(chunks);
        const CtlRun run = ctl(arguments);
        QCOMPARE(run.exitCode, 0);

        QJsonValue value = run.json().object();
        for (const QString &part : key.split(u'.'))
            value = value.toObject().value(part);
        QCOMPARE(value.toString(), expected);
    }

    void promptSavedChangedAndSavedAgainHasTwoVersionsAndTheirDiff()
    {
        saveTwoVersionsOfCapital();

        const QJsonArray listed = ctl({u"prompt"_s, u"list"_s, u"--json"_s}).json().array();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed[0][u"name"_s].toString(), u"capital"_s);
        QCOMPARE(listed[0][u"version_count"_s].toInt(), 2);
        QCOMPARE(listed[0][u"latest_commit_message"_s].toString(), u"Say city"_s);

        const QJsonObject first = ctl({u"prompt"_s, u"show"_s, u"capital@1"_s, u"--json"_s}).json().object();
        QCOMPARE(first[u"author"_s].toString(), u"ada"_s);
        QCOMPARE(first[u"messages"_s][1][u"content"_s].toString(), u"Capital of {{country}}?"_s);
        QCOMPARE(first[u"parameters"_s][u"temperature"_s].toDouble(), 0.2);
        // Without --author the login name is the author.
        QVERIFY(!ctl({u"prompt"_s, u"show"_s, u"capital"_s, u"--json"_s}).json()[u"author"_s].toString().isEmpty());

        const CtlRun diff = ctl({u"prompt"_s, u"diff"_s, u"capital@1"_s, u"2"_s});
        QCOMPARE(diff.exitCode, 0);
        QByteArrayList changed;
        for (const QByteArray &line : diff.out.split('\n')) {
            if ((line.startsWith('-') || line.startsWith('+')) && !line.startsWith("---") && !line.startsWith("+++"))
                changed << line;
        }
        QCOMPARE(changed,
                 (QByteArrayList{"-Capital of {{country}}?", "+Capital city of {{country}}?", "-  \"temperature\": 0.2",
                                 "+  \"temperature\": 0.7"}));
        QVERIFY(diff.out.startsWith("--- capital@1\n+++ capital@2\n@@ "));
        QCOMPARE(ctl({u"prompt"_s, u"diff"_s, u"capital@2"_s, u"capital@2"_s}).out, QByteArray());
    }

    void movingProductionChangesTheVersionItNames()
    {
        saveTwoVersionsOfCapital();
        QCOMPARE(ctl({u"prompt"_s, u"label"_s, u"capital@1"_s, u"production"_s}).out,
                 "production of capital points at version 1\n");
        QCOMPARE(ctl({u"prompt"_s, u"show"_s, u"capital@production"_s, u"--json"_s}).json()[u"version"_s].toInt(), 1);

        QCOMPARE(ctl({u"prompt"_s, u"label"_s, u"capital@2"_s, u"production"_s}).out,
                 "production of capital points at version 2 (was 1)\n");
        const QJsonObject production =
            ctl({u"prompt"_s, u"show"_s, u"capital@production"_s, u"--json"_s}).json().object();
        QCOMPARE(production[u"version"_s].toInt(), 2);
        QCOMPARE(production[u"messages"_s][1][u"content"_s].toString(), u"Capital city of {{country}}?"_s);
        QCOMPARE(production[u"labels"_s].toArray(), QJsonArray{u"production"_s});

        const CtlRun text = ctl({u"prompt"_s, u"show"_s, u"capital@production"_s});
        QVERIFY2(text.out.startsWith("capital@2 (production)\n"), text.out.constData());
        QVERIFY(text.out.contains("\n## user\nCapital city of {{country}}?\n"));
    }

    void exportThenImportIntoAnEmptyStoreGivesTheSameLibrary()
    {
        saveTwoVersionsOfCapital();
        ctl({u"prompt"_s, u"label"_s, u"capital@1"_s, u"production"_s});
        ctl({u"prompt"_s, u"label"_s, u"capital@2"_s, u"staging"_s});
        const CtlRun exported = ctl({u"prompt"_s, u"export"_s});
        QCOMPARE(exported.exitCode, 0);
        QCOMPARE(exported.json()[u"format"_s].toString(), u"llmops-prompts/v1"_s);

        const QString file = m_dir.filePath(u"exported-library.json"_s);
        QCOMPARE(ctl({u"prompt"_s, u"export"_s, u"capital"_s, u"--output"_s, file}).out,
                 "exported 1 prompt to " + file.toUtf8() + "\n");
        const QString empty = m_dir.filePath(u"imported-library.sqlite"_s);
        const CtlRun imported = ctl({u"prompt"_s, u"import"_s, file}, empty);
        QCOMPARE(imported.exitCode, 0);
        QCOMPARE(imported.out, "imported capital: added versions 1, 2; labels production=1, staging=2\n");

        QCOMPARE(ctl({u"prompt"_s, u"export"_s}, empty).out, exported.out);
        QCOMPARE(ctl({u"prompt"_s, u"import"_s, file}, empty).out,
                 "updated capital: no new versions; already there: 1, 2; labels production=1, staging=2\n");
    }

    void aBadImportSaysWhereAndKeepsTheGoodPrompts()
    {
        const QByteArray archive = R"({"format": "llmops-prompts/v1", "prompts": [
            {"name": "first", "versions": [{"version": 1, "messages": [{"role": "user", "content": "Hi"}]}]},
            {"name": "broken", "versions": [{"version": 1, "messages": [{"role": "robot", "content": "Hi"}]}]},
            {"name": "third", "labels": {"production": 1},
             "versions": [{"version": 1, "messages": [{"role": "user", "content": "Bye"}]}]}]})";
        const CtlRun run = ctlWithInput({u"prompt"_s, u"import"_s, u"-"_s}, archive);
        QCOMPARE(run.exitCode, 1);
        QCOMPARE(run.err,
                 "stdin: prompts[1].versions[0]: messages[0] has the role \"robot\"; use system, user, "
                 "assistant or tool.\n");
        QCOMPARE(run.out, "imported first: added version 1\nimported third: added version 1; labels production=1\n");

        const QJsonArray listed = ctl({u"prompt"_s, u"list"_s, u"--json"_s}).json().array();
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed[0][u"name"_s].toString(), u"first"_s);
        QCOMPARE(listed[1][u"labels"_s][u"production"_s].toInt(), 1);

        const CtlRun notJson = ctlWithInput({u"prompt"_s, u"import"_s, u"-"_s}, "{\"format\": \n [");
        QCOMPARE(notJson.exitCode, 2);
        QVERIFY2(notJson.err.startsWith("stdin: The file is not JSON: parse error at line 2"), notJson.err.constData());
    }

    void badPromptArgumentsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");

        const QString prompt = u"prompt"_s;
        QTest::newRow("no action") << QStringList{prompt} << u"prompt needs list, show"_s;
        QTest::newRow("empty version") << QStringList{prompt, u"show"_s, u"capital@"_s}
                                       << u"\"capital@\" is not a prompt reference"_s;
        QTest::newRow("version zero") << QStringList{prompt, u"show"_s, u"capital@0"_s} << u"not a prompt reference"_s;
        QTest::newRow("two @") << QStringList{prompt, u"show"_s, u"capital@1@2"_s} << u"not a prompt reference"_s;
        QTest::newRow("unknown prompt") << QStringList{prompt, u"show"_s, u"nobody"_s}
                                        << u"There is no prompt named nobody."_s;
        QTest::newRow("unknown version") << QStringList{prompt, u"show"_s, u"capital@7"_s}
                                         << u"capital has no version 7."_s;
        QTest::newRow("unknown label") << QStringList{prompt, u"diff"_s, u"capital@1"_s, u"production"_s}
                                       << u"capital has no label production."_s;
        QTest::newRow("diff of one") << QStringList{prompt, u"diff"_s, u"capital@1"_s} << u"two versions"_s;
        QTest::newRow("label without a version")
            << QStringList{prompt, u"label"_s, u"capital"_s, u"production"_s} << u"NAME@VERSION"_s;
        QTest::newRow("label that is a number")
            << QStringList{prompt, u"label"_s, u"capital@1"_s, u"2"_s} << u"\"2\" is not a label"_s;
        QTest::newRow("save without a file") << QStringList{prompt, u"save"_s, u"capital"_s} << u"--file"_s;
        QTest::newRow("save of a missing file")
            << QStringList{prompt, u"save"_s, u"capital"_s, u"--file"_s, u"/nonexistent.json"_s} << u"Cannot read"_s;
        QTest::newRow("save under a bad name")
            << QStringList{prompt, u"save"_s, u"a@b"_s, u"--file"_s, u"-"_s} << u"\"a@b\" is not a prompt name"_s;
        QTest::newRow("export of an unknown prompt")
            << QStringList{prompt, u"export"_s, u"nobody"_s} << u"There is no prompt named nobody."_s;
        QTest::newRow("import of a missing file")
            << QStringList{prompt, u"import"_s, u"/nonexistent.json"_s} << u"Cannot read"_s;
    }

    void badPromptArgumentsAreUsageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);

        // Each row starts from a store of its own holding capital@1.
        m_db = m_dir.filePath(u"bad-prompt-arguments-"_s + QString::fromLatin1(QTest::currentDataTag()) + u".sqlite"_s);
        ctl({u"prompt"_s, u"save"_s, u"capital"_s, u"--file"_s, contentFile(u"v1.json"_s, u"Capital?"_s, 0.2)});
        const CtlRun run = ctlWithInput(arguments, R"({"messages": [{"role": "user", "content": "Hi"}]})");
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString::fromUtf8(run.err).contains(message), run.err.constData());
        const QJsonArray listed = ctl({u"prompt"_s, u"list"_s, u"--json"_s}).json().array();
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed[0][u"version_count"_s].toInt(), 1);
    }

    void controlCharactersOfAnImportAreNotSentToTheTerminal()
    {
        const QJsonObject version{
            {u"version"_s, 1},
            {u"commit_message"_s, u"\x1b]0;pwned\x07title"_s},
            {u"author"_s, u"a\nb"_s},
            {u"created_at_ms"_s, 1700000000000.0},
            {u"messages"_s, QJsonArray{QJsonObject{{u"role"_s, u"user"_s}, {u"content"_s, u"red \x1b[31mtext\r"_s}}}}};
        const QJsonObject prompt{
            {u"name"_s, u"ctrl"_s}, {u"labels"_s, QJsonObject{}}, {u"versions"_s, QJsonArray{version}}};
        const QByteArray archive = QJsonDocument(QJsonObject{{u"format"_s, u"llmops-prompts/v1"_s},
                                                             {u"prompts"_s, QJsonArray{prompt}}})
                                       .toJson();
        QCOMPARE(ctlWithInput({u"prompt"_s, u"import"_s, u"-"_s}, archive).exitCode, 0);

        const CtlRun shown = ctl({u"prompt"_s, u"show"_s, u"ctrl@1"_s});
        QCOMPARE(shown.exitCode, 0);
        QVERIFY2(!shown.out.contains('\x1b') && !shown.out.contains('\a') && !shown.out.contains('\r'),
                 shown.out.constData());
        QVERIFY(shown.out.contains("\nAuthor: a\xef\xbf\xbd"
                                   "b\n"));
        QVERIFY(shown.out.contains("\nMessage: \xef\xbf\xbd]0;pwned\xef\xbf\xbdtitle\n"));
        // JSON keeps the text as it is: JSON escapes it.
        QCOMPARE(ctl({u"prompt"_s, u"show"_s, u"ctrl@1"_s, u"--json"_s}).json()[u"author"_s].toString(), u"a\nb"_s);
    }

    void datasetImportKeepsTheGoodLinesAndExportsBothFormats()
    {
        const CtlRun imported = ctl(
            {u"dataset"_s, u"import"_s, u"qa"_s, fieldCase(u"FC-35.jsonl"_s), u"--message"_s, u"field case"_s});
        QCOMPARE(imported.exitCode, 1);
        QCOMPARE(imported.out, "saved 4 items as qa@1 (1 line left out)\n");
        const QByteArray where = fieldCase(u"FC-35.jsonl"_s).toUtf8() + ":5: not JSON: parse error at column";
        QVERIFY2(imported.err.startsWith(where), imported.err.constData());

        // Out as CSV, in again as the next version: the same items.
        const QString csv = m_dir.filePath(u"qa.csv"_s);
        const QByteArray exported = "exported 4 items to " + csv.toUtf8() + "\n";
        QCOMPARE(ctl({u"dataset"_s, u"export"_s, u"qa@1"_s, u"--output"_s, csv}).out, exported);
        QCOMPARE(ctl({u"dataset"_s, u"import"_s, u"qa"_s, csv}).out, "saved 4 items as qa@2\n");
        const CtlRun first = ctl({u"dataset"_s, u"export"_s, u"qa@1"_s});
        const CtlRun second = ctl({u"dataset"_s, u"export"_s, u"qa@2"_s});
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(second.out, first.out);
        QCOMPARE(first.out.count('\n'), 4);

        const QJsonArray listed = ctl({u"dataset"_s, u"list"_s, u"--json"_s}).json().array();
        QCOMPARE(listed.size(), 2);
        QCOMPARE(listed[1][u"message"_s].toString(), u"field case"_s);
        QCOMPARE(listed[0][u"items"_s].toInt(), 4);

        QCOMPARE(ctl({u"dataset"_s, u"export"_s, u"qa@9"_s}).exitCode, 2);
        QCOMPARE(ctl({u"dataset"_s, u"import"_s, u"empty"_s, u"/dev/null"_s}).exitCode, 2);
        QCOMPARE(ctl({u"dataset"_s, u"import"_s, u"qa"_s, csv, u"--format"_s, u"xml"_s}).exitCode, 2);
    }

    void runUsesTheVersionProductionPointsAt()
    {
        saveTwoVersionsOfCapital();
        QCOMPARE(
            ctl({u"endpoint"_s, u"add"_s, u"local"_s, u"--url"_s, m_endpoint.baseUrl(), u"--model"_s, u"stories260K"_s})
                .exitCode,
            0);
        const QStringList run = {
            u"run"_s,        u"--prompt"_s, u"capital@production"_s, u"--var"_s, u"country=Spain"_s,
            u"--endpoint"_s, u"local"_s,    u"--max-tokens"_s,       u"8"_s,     u"--json"_s};

        QCOMPARE(ctl({u"prompt"_s, u"label"_s, u"capital@1"_s, u"production"_s}).exitCode, 0);
        const CtlRun first = ctl(run);
        QCOMPARE(first.exitCode, 0);
        const QJsonObject firstRun = first.json().object();
        QCOMPARE(firstRun[u"prompt_version"_s].toInt(), 1);
        QCOMPARE(firstRun[u"status"_s].toString(), u"ok"_s);
        QCOMPARE(firstRun[u"source"_s].toString(), u"playground"_s);
        QCOMPARE(firstRun[u"output_tokens"_s].toInt(), 8);

        QCOMPARE(ctl({u"prompt"_s, u"label"_s, u"capital@2"_s, u"production"_s}).exitCode, 0);
        const QJsonObject secondRun = ctl(run).json().object();
        QCOMPARE(secondRun[u"prompt_version"_s].toInt(), 2);

        // What each run sent: its version's question with the variable given, and its
        // version's temperature.
        const auto store = llmops::Store::open(m_db);
        const auto sentFirst = store->playgroundRun(firstRun[u"run_id"_s].toInteger());
        const auto sentSecond = store->playgroundRun(secondRun[u"run_id"_s].toInteger());
        QCOMPARE(sentFirst->answers.at(0).messages.at(1).content, u"Capital of Spain?"_s);
        QCOMPARE(sentFirst->answers.at(0).parameters.temperature, 0.2);
        QCOMPARE(sentSecond->answers.at(0).messages.at(1).content, u"Capital city of Spain?"_s);
        QCOMPARE(sentSecond->answers.at(0).parameters.temperature, 0.7);
        QCOMPARE(sentSecond->promptName, u"capital"_s);
        QCOMPARE(store->recentRequests(std::nullopt, 10, llmops::RequestSource::Playground).size(), std::size_t(2));
        llmops::TraceFilter playground;
        playground.service = "playground";
        QCOMPARE(store->traces(playground, llmops::TraceOrder::Newest, 10).size(), std::size_t(2));
    }

    void runStreamsTheAnswerToTheTerminalAndStoresIt()
    {
        QCOMPARE(
            ctl({u"endpoint"_s, u"add"_s, u"local"_s, u"--url"_s, m_endpoint.baseUrl(), u"--model"_s, u"stories260K"_s})
                .exitCode,
            0);
        const CtlRun run = ctl(
            {u"run"_s, u"--message"_s, u"Once upon a time"_s, u"--endpoint"_s, u"local"_s, u"--max-tokens"_s, u"16"_s});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.err.contains("local: ok") && run.err.contains("16 tokens"), run.err.constData());

        const auto store = llmops::Store::open(m_db);
        const auto runs = store->playgroundRuns(5);
        QCOMPARE(runs.size(), std::size_t(1));
        const auto stored = store->playgroundRun(runs[0].id);
        QCOMPARE(QString::fromUtf8(run.out), stored->answers.at(0).text.value_or(QString()) + u'\n');
    }

    void runFailuresAreTypedAndStored()
    {
        QCOMPARE(ctl({u"endpoint"_s, u"add"_s, u"gateway"_s, u"--url"_s, m_endpoint.baseUrl(), u"--model"_s,
                      u"stories260K"_s, u"--header"_s, u"X-Llmops-Fault: html-502"_s})
                     .exitCode,
                 0);
        const CtlRun failed = ctl({u"run"_s, u"--message"_s, u"Hi"_s, u"--endpoint"_s, u"gateway"_s, u"--json"_s});
        QCOMPARE(failed.exitCode, 1);
        QCOMPARE(failed.json()[u"error_class"_s].toString(), u"upstream_gateway"_s);
        QCOMPARE(failed.json()[u"http_status"_s].toInt(), 502);

        const CtlRun missing = ctl({u"run"_s, u"--message"_s, u"Hi {{name}}"_s, u"--endpoint"_s, u"gateway"_s});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("give these variables a value with --var: name"), missing.err.constData());
        QCOMPARE(ctl({u"run"_s, u"--message"_s, u"Hi"_s}).exitCode, 2);
        QCOMPARE(ctl({u"run"_s, u"--prompt"_s, u"nobody"_s, u"--endpoint"_s, u"gateway"_s}).exitCode, 2);

        const auto store = llmops::Store::open(m_db);
        QCOMPARE(store->playgroundRuns(10).size(), std::size_t(1));
    }

    void runStoppedBySigtermKeepsThePartialAnswer()
    {
        QCOMPARE(
            ctl({u"endpoint"_s, u"add"_s, u"local"_s, u"--url"_s, m_endpoint.baseUrl(), u"--model"_s, u"stories260K"_s})
                .exitCode,
            0);
        QProcess process;
        process.start(QStringLiteral(LLMOPSCTL_PATH),
                      {u"--db"_s, m_db, u"run"_s, u"--message"_s, u"Once upon a time"_s, u"--endpoint"_s, u"local"_s,
                       u"--max-tokens"_s, u"1000"_s});
        QVERIFY(process.waitForStarted(10000));
        QByteArray printed;
        QDeadlineTimer deadline(20000);
        while (printed.size() < 40 && !deadline.hasExpired() && process.state() == QProcess::Running) {
            process.waitForReadyRead(100);
            printed += process.readAllStandardOutput();
        }
        QVERIFY(printed.size() >= 40);
        process.terminate();
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 1);

        const auto store = llmops::Store::open(m_db);
        const auto runs = store->playgroundRuns(5);
        QCOMPARE(runs.size(), std::size_t(1));
        const auto stored = store->playgroundRun(runs[0].id);
        QCOMPARE(stored->answers.at(0).request.status, llmops::RequestStatus::Cancelled);
        QVERIFY(stored->answers.at(0).request.outputTokens.value_or(0) < 1000);
        QVERIFY(stored->answers.at(0).text.value_or(QString()).toUtf8().startsWith(printed.trimmed().left(20)));
    }
};

QTEST_GUILESS_MAIN(TestLlmopsctl)
#include "tst_llmopsctl.moc"
