// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "localendpoint.h"
#include "store.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <map>
#include <random>
#include <set>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

namespace {

struct CtlRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

/// The Wilson score interval written out from its formula, 95%.
std::pair<double, double> referenceWilson(double successes, double trials)
{
    const double z = 1.959963984540054;
    const double p = successes / trials;
    const double denominator = 1 + z * z / trials;
    const double centre = (p + z * z / (2 * trials)) / denominator;
    const double half = z / denominator * std::sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials));
    return {centre - half, centre + half};
}

/// A bootstrap of its own over items (another generator, ten times the resamples), for
/// checking the console's interval within Monte Carlo error.
std::pair<double, double> referenceBootstrap(const std::vector<std::vector<double>> &items)
{
    std::minstd_rand random(7);
    std::vector<double> means;
    for (int resample = 0; resample < 20000; ++resample) {
        double sum = 0;
        double count = 0;
        for (std::size_t draw = 0; draw < items.size(); ++draw) {
            const auto &item = items[random() % items.size()];
            for (double score : item)
                sum += score;
            count += double(item.size());
        }
        means.push_back(sum / count);
    }
    std::sort(means.begin(), means.end());
    const auto at = [&](double q) {
        const double position = q * double(means.size() - 1);
        const auto below = std::size_t(std::floor(position));
        const double fraction = position - double(below);
        return means[below] + fraction * (means[std::min(below + 1, means.size() - 1)] - means[below]);
    };
    return {at(0.025), at(0.975)};
}

} // namespace

/// `llmopsctl eval` as a CI pipeline uses it, against the bundled local endpoint.
class TestEvalCli : public QObject
{
    Q_OBJECT

private:
    CtlRun ctl(const QStringList &arguments)
    {
        QProcess process;
        process.start(QStringLiteral(LLMOPSCTL_PATH), QStringList{u"--db"_s, m_db} + arguments);
        process.waitForFinished(120000);
        return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
    }

    QString writeFile(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes);
        return path;
    }

    /// Fifty story topics, the suite over them with three scorers, and the local endpoint
    /// registered as `local` (slowed by `delay` so that a run can be caught half-way).
    void prepareSuite(const QString &delay = {})
    {
        QStringList endpoint = {u"endpoint"_s,        u"add"_s,     u"local"_s,      u"--url"_s,
                                m_endpoint.baseUrl(), u"--model"_s, u"stories260K"_s};
        if (!delay.isEmpty())
            endpoint += {u"--header"_s, u"X-Llmops-Fault: delay-first-token; ms="_s + delay};
        QCOMPARE(ctl(endpoint).exitCode, 0);

        QByteArray lines;
        for (int index = 1; index <= 50; ++index) {
            lines += QJsonDocument(
                         QJsonObject{{u"id"_s, u"t%1"_s.arg(index)},
                                     {u"input"_s, QJsonObject{{u"topic"_s, u"a dog called Rex %1"_s.arg(index)}}},
                                     {u"expected"_s, u"Once upon a time there was a dog"_s}})
                         .toJson(QJsonDocument::Compact)
                + '\n';
        }
        QCOMPARE(ctl({u"dataset"_s, u"import"_s, u"stories"_s, writeFile(u"stories.jsonl"_s, lines)}).exitCode, 0);

        const QByteArray suite = "{\"dataset\": \"stories\", \"messages\": [{\"role\": \"user\", \"content\": "
                                 "\"Tell a story about {{topic}}\"}], \"parameters\": {\"max_tokens\": 10}, "
                                 "\"scorers\": [{\"type\": \"contains_any\", \"values\": [\"the\", \"was\"], "
                                 "\"case_insensitive\": true}, {\"name\": \"overlap\", \"type\": \"rouge_l\", "
                                 "\"threshold\": 0.2}, {\"type\": \"pii_leak\"}]}";
        const CtlRun saved = ctl({u"eval"_s, u"suite"_s, u"save"_s, u"tales"_s, writeFile(u"suite.json"_s, suite)});
        QCOMPARE(saved.out, QByteArray("saved suite tales (3 scorers over stories)\n"));
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

    void killedHalfWayAndResumedAnswersEachItemOnce()
    {
        prepareSuite(u"40"_s);

        QProcess run;
        run.start(QStringLiteral(LLMOPSCTL_PATH),
                  {u"--db"_s, m_db, u"eval"_s, u"run"_s, u"tales"_s, u"--endpoint"_s, u"local"_s, u"--repeats"_s,
                   u"3"_s, u"--concurrency"_s, u"2"_s});
        QVERIFY(run.waitForStarted());

        // Watch the store from outside, as the console would, and kill the run mid-way.
        auto store = Store::open(m_db);
        QDeadlineTimer deadline(60000);
        qint64 runId = 0;
        std::size_t storedAtKill = 0;
        while (!deadline.hasExpired()) {
            QTest::qWait(20);
            const auto runs = store->evalRuns();
            if (runs.empty())
                continue;
            runId = runs.front().run.id;
            if (runs.front().resultCount >= 60) {
                ::kill(pid_t(run.processId()), SIGKILL);
                run.waitForFinished();
                storedAtKill = store->evalResults(runId).size();
                break;
            }
        }
        QVERIFY2(storedAtKill >= 60 && storedAtKill < 150, qPrintable(QString::number(storedAtKill)));
        QCOMPARE(store->evalRun(runId)->status, EvalRunStatus::Running);
        const qint64 requestsAtKill = store->requestCount();

        const CtlRun resumed = ctl(
            {u"eval"_s, u"resume"_s, QString::number(runId), u"--concurrency"_s, u"3"_s, u"--json"_s});
        QCOMPARE(resumed.exitCode, 0);
        QVERIFY2(store->evalRun(runId)->limitsJson.contains(u"\"concurrency\":3"_s),
                 qPrintable(store->evalRun(runId)->limitsJson));
        QVERIFY2(resumed.err.contains(QByteArray(QByteArray::number(qint64(storedAtKill)) + " from before")),
                 resumed.err);

        // Every item and repeat once; the resume asked only for the missing ones.
        const auto results = store->evalResults(runId);
        QCOMPARE(results.size(), std::size_t(150));
        std::set<std::pair<qint64, int>> answered;
        for (const auto &result : results) {
            answered.emplace(result.itemPosition, result.repeat);
            QCOMPARE(result.errorClass, ErrorClass::None);
        }
        QCOMPARE(answered.size(), std::size_t(150));
        QCOMPARE(store->requestCount() - requestsAtKill, qint64(150 - storedAtKill));
        QCOMPARE(store->evalRun(runId)->status, EvalRunStatus::Finished);

        // The summary's figures against the test's own arithmetic on the stored scores.
        const QJsonObject report = resumed.json();
        QCOMPARE(report[u"results"_s].toInt(), 150);
        QCOMPARE(report[u"answered"_s].toInt(), 150);
        const QJsonArray scorers = report[u"scorers"_s].toArray();
        QCOMPARE(scorers.size(), 3);
        for (int index = 0; index < 3; ++index) {
            const QJsonObject scorer = scorers[index].toObject();
            std::map<qint64, std::vector<double>> byItem;
            double sum = 0;
            int passed = 0;
            for (const auto &result : results) {
                const auto &verdict = result.scores.at(std::size_t(index));
                QCOMPARE(verdict.scorer, scorer[u"name"_s].toString());
                byItem[result.itemPosition].push_back(*verdict.score);
                sum += *verdict.score;
                passed += verdict.passed ? 1 : 0;
            }
            QVERIFY(std::abs(scorer[u"mean"_s].toDouble() - sum / 150) < 1e-9);
            QCOMPARE(scorer[u"passed"_s].toInt(), passed);

            const auto [wilsonLow, wilsonHigh] = referenceWilson(passed, 150);
            const QJsonArray passInterval = scorer[u"pass_rate_ci95"_s].toArray();
            QVERIFY(std::abs(passInterval[0].toDouble() - wilsonLow) < 1e-9);
            QVERIFY(std::abs(passInterval[1].toDouble() - wilsonHigh) < 1e-9);

            std::vector<std::vector<double>> items;
            for (const auto &[position, scores] : byItem)
                items.push_back(scores);
            const auto [bootLow, bootHigh] = referenceBootstrap(items);
            const QJsonArray meanInterval = scorer[u"mean_ci95"_s].toArray();
            QVERIFY2(std::abs(meanInterval[0].toDouble() - bootLow) < 0.03,
                     qPrintable(u"%1 against %2"_s.arg(meanInterval[0].toDouble()).arg(bootLow)));
            QVERIFY2(std::abs(meanInterval[1].toDouble() - bootHigh) < 0.03,
                     qPrintable(u"%1 against %2"_s.arg(meanInterval[1].toDouble()).arg(bootHigh)));
        }
    }

    void anInterruptedRunReportsItselfIncomplete()
    {
        prepareSuite(u"50"_s);
        const QString junit = m_dir.filePath(u"partial.xml"_s);
        QProcess run;
        run.start(QStringLiteral(LLMOPSCTL_PATH),
                  {u"--db"_s, m_db, u"eval"_s, u"run"_s, u"tales"_s, u"--endpoint"_s, u"local"_s, u"--junit"_s, junit,
                   u"--json"_s});
        QVERIFY(run.waitForStarted());
        auto store = Store::open(m_db);
        QDeadlineTimer deadline(60000);
        while (!deadline.hasExpired() && (store->evalRuns().empty() || store->evalRuns().front().resultCount < 5))
            QTest::qWait(20);
        ::kill(pid_t(run.processId()), SIGINT);
        QVERIFY(run.waitForFinished(10000));
        QCOMPARE(run.exitCode(), 2);

        const auto summary = store->evalRuns().front();
        QCOMPARE(summary.run.status, EvalRunStatus::Cancelled);
        QVERIFY(summary.resultCount >= 5 && summary.resultCount < 50);
        QCOMPARE(QJsonDocument::fromJson(run.readAllStandardOutput()).object()[u"run"_s].toObject()[u"status"_s],
                 QJsonValue(u"cancelled"_s));
        QFile report(junit);
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QByteArray xml = report.readAll();
        QVERIFY2(xml.contains("type=\"incomplete\""), xml.left(400));
        QVERIFY(xml.contains("llmopsctl eval resume"));
    }

    void aFailedThresholdExitsOneWithJUnitAParserReads()
    {
        prepareSuite();
        const QString junit = m_dir.filePath(u"report.xml"_s);
        const CtlRun run = ctl({u"eval"_s, u"run"_s, u"tales"_s, u"--endpoint"_s, u"local"_s, u"--repeats"_s, u"2"_s,
                                u"--fail-under"_s, u"overlap=0.9"_s, u"--fail-under"_s, u"pii_leak=0.5"_s, u"--junit"_s,
                                junit});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("threshold overlap >= 0.9: FAILED"), run.out);
        QVERIFY2(run.out.contains("threshold pii_leak >= 0.5: held"), run.out);

        // Count what the JUnit file should say from the store.
        auto store = Store::open(m_db);
        const qint64 runId = store->evalRuns().front().run.id;
        int failedAnswers = 0;
        for (const auto &result : store->evalResults(runId)) {
            failedAnswers += std::any_of(result.scores.begin(), result.scores.end(),
                                         [](const EvalScoreRecord &score) { return !score.passed; });
        }

        // Debian's junitparser, the reader CI plugins are modelled on, reads it back.
        QProcess parser;
        parser.start(u"/usr/bin/python3"_s,
                     {u"-c"_s,
                      u"import sys, junitparser\n"
                      "xml = junitparser.JUnitXml.fromfile(sys.argv[1])\n"
                      "suites = list(xml)\n"
                      "cases = [case for suite in suites for case in suite]\n"
                      "failed = [case for case in cases if case.result and "
                      "isinstance(case.result[0], junitparser.Failure)]\n"
                      "print(len(suites), xml.tests, xml.failures, xml.errors, len(cases), len(failed))\n"_s,
                      junit});
        QVERIFY(parser.waitForFinished(30000));
        QCOMPARE(parser.exitCode(), 0);
        const QByteArray expected = "2 102 " + QByteArray::number(failedAnswers + 1) + " 0 102 "
            + QByteArray::number(failedAnswers + 1) + "\n";
        QCOMPARE(parser.readAllStandardOutput(), expected);

        // The same gates hold when they are lower, read back from the store.
        const CtlRun show = ctl({u"eval"_s, u"show"_s, QString::number(runId), u"--fail-under"_s, u"pii_leak=1"_s});
        QCOMPARE(show.exitCode, 0);
    }

    void callsThatHappenedBecomeARegressionSuite()
    {
        QCOMPARE(
            ctl({u"endpoint"_s, u"add"_s, u"local"_s, u"--url"_s, m_endpoint.baseUrl(), u"--model"_s, u"stories260K"_s})
                .exitCode,
            0);
        for (const QString &topic : {u"a red fox"_s, u"a tall tree"_s}) {
            const CtlRun run = ctl({u"run"_s, u"--message"_s, u"Tell a story about "_s + topic, u"--endpoint"_s,
                                    u"local"_s, u"--max-tokens"_s, u"12"_s, u"--temperature"_s, u"0"_s});
            QCOMPARE(run.exitCode, 0);
        }

        // The playground's runs and the traces they left give the same two cases.
        const CtlRun fromRuns = ctl({u"dataset"_s, u"add-playground"_s, u"tried"_s});
        QCOMPARE(fromRuns.out, QByteArray("added 2 items: saved 2 items as tried@1\n"));
        const CtlRun fromTraces = ctl({u"dataset"_s, u"add-traces"_s, u"seen"_s, u"--service"_s, u"playground"_s});
        QCOMPARE(fromTraces.out, QByteArray("added 2 items: saved 2 items as seen@1\n"));
        QCOMPARE(ctl({u"dataset"_s, u"add-traces"_s, u"seen"_s, u"--service"_s, u"nothing-here"_s}).exitCode, 2);
        // Gathering again adds nothing twice.
        const CtlRun again = ctl({u"dataset"_s, u"add-playground"_s, u"tried"_s});
        QCOMPARE(again.exitCode, 2);
        QCOMPARE(again.err, QByteArray("llmopsctl: Every matching call is in tried already; it is unchanged.\n"));

        auto store = Store::open(m_db);
        const auto tried = store->datasetItems(u"tried"_s);
        const auto seen = store->datasetItems(u"seen"_s);
        QCOMPARE(tried.size(), std::size_t(2));
        QCOMPARE(seen.size(), std::size_t(2));
        std::set<QString> triedQuestions;
        std::set<QString> seenQuestions;
        for (std::size_t index = 0; index < 2; ++index) {
            QVERIFY(tried[index].expected && !tried[index].expected->isEmpty());
            QCOMPARE(tried[index].messages.back().content.left(19), u"Tell a story about "_s);
            triedQuestions.insert(tried[index].messages.back().content + u" -> "_s + *tried[index].expected);
            seenQuestions.insert(seen[index].messages.back().content + u" -> "_s
                                 + seen[index].expected.value_or(u""_s));
            QVERIFY2(seen[index].metadataJson.contains(u"\"source\":\"trace\""_s),
                     qPrintable(seen[index].metadataJson));
        }
        QVERIFY(triedQuestions == seenQuestions);

        // Asked again the same way, the endpoint gives the answers it gave then.
        const QByteArray suite = "{\"dataset\": \"seen\", \"parameters\": {\"max_tokens\": 12, \"temperature\": 0}, "
                                 "\"scorers\": [{\"type\": \"exact\"}]}";
        QCOMPARE(ctl({u"eval"_s, u"suite"_s, u"save"_s, u"replay"_s, writeFile(u"replay.json"_s, suite)}).exitCode, 0);
        const CtlRun replay = ctl({u"eval"_s, u"run"_s, u"replay"_s, u"--endpoint"_s, u"local"_s, u"--fail-under"_s,
                                   u"exact=1"_s, u"--json"_s});
        QCOMPARE(replay.exitCode, 0);
        QCOMPARE(replay.json()[u"scorers"_s].toArray()[0].toObject()[u"passed"_s].toInt(), 2);
    }

    void otherToolsResultsImportAsRuns()
    {
        const QString data = QStringLiteral(LLMOPS_EVAL_IMPORT_DIR);
        const CtlRun promptfoo = ctl({u"eval"_s, u"import"_s, data + u"/promptfoo-v3.json"_s, u"--json"_s,
                                      u"--fail-under"_s, u"contains=0.8"_s});
        QCOMPARE(promptfoo.exitCode, 1);
        QVERIFY2(promptfoo.err.contains("answers replayed from promptfoo's cache keep no latency"), promptfoo.err);
        const QJsonObject report = promptfoo.json();
        QCOMPARE(report[u"run"_s].toObject()[u"source"_s].toString(), u"promptfoo"_s);
        QCOMPARE(report[u"results"_s].toInt(), 6);
        QCOMPARE(report[u"answered"_s].toInt(), 5);
        QCOMPARE(report[u"failed_requests"_s].toInt(), 1);
        const QJsonObject contains = report[u"scorers"_s].toArray()[1].toObject();
        QCOMPARE(contains[u"name"_s].toString(), u"contains"_s);
        QCOMPARE(contains[u"mean"_s].toDouble(), 0.75);
        const auto [low, high] = referenceWilson(3, 4);
        QVERIFY(std::abs(contains[u"pass_rate_ci95"_s].toArray()[0].toDouble() - low) < 1e-9);
        QVERIFY(std::abs(contains[u"pass_rate_ci95"_s].toArray()[1].toDouble() - high) < 1e-9);

        const CtlRun harness = ctl({u"eval"_s, u"import"_s, data + u"/lm-eval-results.json"_s, u"--json"_s});
        QCOMPARE(harness.exitCode, 0);
        const QJsonArray metrics = harness.json()[u"metrics"_s].toArray();
        QCOMPARE(metrics.size(), 10);
        QCOMPARE(metrics[0].toObject()[u"task"_s].toString(), u"arc_easy"_s);
        QCOMPARE(metrics[0].toObject()[u"stderr"_s], QJsonValue(QJsonValue::Null));

        QCOMPARE(ctl({u"eval"_s, u"import"_s, writeFile(u"other.json"_s, "{\"hello\": 1}")}).exitCode, 2);
        const CtlRun runs = ctl({u"eval"_s, u"runs"_s, u"--json"_s});
        QCOMPARE(QJsonDocument::fromJson(runs.out).array().size(), 2);
    }

    void usageErrorsExitTwo()
    {
        prepareSuite();
        const auto failure = [&](const QStringList &arguments) -> QByteArray {
            const CtlRun run = ctl(arguments);
            return run.exitCode == 2 ? run.err.trimmed() : "exit " + QByteArray::number(run.exitCode);
        };
        QCOMPARE(failure({u"eval"_s, u"run"_s, u"tales"_s}), "llmopsctl: eval run needs --endpoint NAME.");
        QCOMPARE(failure({u"eval"_s, u"run"_s, u"nope"_s, u"--endpoint"_s, u"local"_s}),
                 "llmopsctl: There is no suite named nope.");
        QCOMPARE(failure({u"eval"_s, u"run"_s, u"tales"_s, u"--endpoint"_s, u"elsewhere"_s}),
                 "llmopsctl: There is no endpoint named elsewhere.");
        QCOMPARE(failure({u"eval"_s, u"run"_s, u"tales"_s, u"--endpoint"_s, u"local"_s, u"--repeats"_s, u"0"_s}),
                 "llmopsctl: --repeats takes a whole number from 1 to 100.");
        QCOMPARE(failure({u"eval"_s, u"run"_s, u"tales"_s, u"--endpoint"_s, u"local"_s, u"--fail-under"_s, u"x"_s}),
                 "llmopsctl: --fail-under takes SCORER=THRESHOLD with a threshold from 0 to 1, not \"x\".");
        QCOMPARE(failure({u"eval"_s, u"run"_s, u"tales"_s, u"--endpoint"_s, u"local"_s, u"--concurrency"_s, u"0"_s}),
                 "llmopsctl: The concurrency must be from 1 to 256.");
        QCOMPARE(failure({u"eval"_s, u"suite"_s, u"save"_s, u"bad"_s, writeFile(u"bad.json"_s, "{\"dataset\": 3}")}),
                 "llmopsctl: " + m_dir.filePath(u"bad.json"_s).toUtf8() + ": suite.dataset must be text.");
        QCOMPARE(failure({u"eval"_s, u"show"_s, u"99"_s}), "llmopsctl: There is no evaluation run 99.");

        // Mistakes of the report are found before any request is spent.
        QCOMPARE(
            failure({u"eval"_s, u"run"_s, u"tales"_s, u"--endpoint"_s, u"local"_s, u"--fail-under"_s, u"nope=0.5"_s}),
            "llmopsctl: --fail-under: the run has no scorer \"nope\" (it has: contains_any, overlap, pii_leak).");
        QCOMPARE(failure({u"eval"_s, u"run"_s, u"tales"_s, u"--endpoint"_s, u"local"_s, u"--junit"_s,
                          u"/nonexistent/report.xml"_s}),
                 "llmopsctl: --junit: /nonexistent/report.xml cannot be written.");
        QCOMPARE(Store::open(m_db)->evalRuns().size(), std::size_t(0));

        // A gate naming a scorer the run does not have is a typo, not a pass.
        QCOMPARE(ctl({u"eval"_s, u"run"_s, u"tales"_s, u"--endpoint"_s, u"local"_s}).exitCode, 0);
        QCOMPARE(failure({u"eval"_s, u"show"_s, u"1"_s, u"--fail-under"_s, u"exactly=1"_s}),
                 "llmopsctl: --fail-under: the run has no scorer \"exactly\" (it has: contains_any, overlap, "
                 "pii_leak).");
    }
};

QTEST_GUILESS_MAIN(TestEvalCli)
#include "tst_evalcli.moc"
