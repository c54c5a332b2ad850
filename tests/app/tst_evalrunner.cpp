// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalrunner.h"
#include "evalsummary.h"
#include "localendpoint.h"
#include "rategate.h"
#include "scriptedchatserver.h"
#include "store.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

namespace {

std::vector<DatasetItem> numberedItems(int count)
{
    std::vector<DatasetItem> items;
    for (int index = 1; index <= count; ++index) {
        DatasetItem item;
        item.key = u"q%1"_s.arg(index);
        item.inputs = {{u"topic"_s, u"topic %1"_s.arg(index)}};
        item.expected = u"answer to topic %1"_s.arg(index);
        items.push_back(item);
    }
    return items;
}

/// A suite over the dataset with a prompt of {{topic}} and the given scorers (JSON).
QString suiteJson(const QString &dataset, const QString &scorers, const QString &parameters = u"{}"_s)
{
    return u"{\"dataset\": \"%1\", \"messages\": [{\"role\": \"user\", \"content\": \"Tell me about {{topic}}\"}], "
           "\"parameters\": %2, \"scorers\": %3}"_s.arg(dataset, parameters, scorers);
}

/// Answers "answer to <the user's text minus the prompt>" so that even items pass the
/// exact scorer and odd ones do not.
ScriptedReply echoAnswer(const nlohmann::json &body)
{
    std::string topic = lastUserText(body);
    topic.erase(0, std::string("Tell me about ").size());
    const int number = std::stoi(topic.substr(topic.rfind(' ') + 1));
    return streamedAnswer(number % 2 == 0 ? "answer to " + topic : "no idea", 5, 3);
}

} // namespace

class TestEvalRunner : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<Store> openStore() { return Store::open(m_dir.filePath(u"eval-%1.db"_s.arg(++m_stores))); }

    Endpoint registerEndpoint(Store &store, const QString &name, const QString &baseUrl, const QString &model,
                              HeaderList headers = {})
    {
        Endpoint endpoint;
        endpoint.name = name;
        endpoint.baseUrl = baseUrl;
        endpoint.model = model;
        endpoint.timeoutS = 60;
        endpoint.extraHeaders = headers;
        endpoint.id = store.addEndpoint(endpoint);
        return endpoint;
    }

    /// The scripted server as endpoint `scripted`, `items` numbered topics as the dataset
    /// `numbers`, and the suite `echo` scoring them with `exact`.
    Endpoint prepareEchoSuite(Store &store, const ScriptedChatServer &server, int items)
    {
        const Endpoint endpoint = registerEndpoint(store, u"scripted"_s, server.baseUrl(), u"scripted-model"_s);
        store.saveDatasetVersion(u"numbers"_s, numberedItems(items), {});
        store.saveEvalSuite(u"echo"_s, suiteJson(u"numbers"_s, u"[{\"type\": \"exact\"}]"_s));
        return endpoint;
    }

    QTemporaryDir m_dir;
    int m_stores = 0;

private Q_SLOTS:
    void answersEveryItemAndRepeatOfTheLocalEndpoint()
    {
        LocalEndpoint local;
        QVERIFY2(local.start(), qPrintable(local.error()));
        auto store = openStore();
        const Endpoint endpoint = registerEndpoint(*store, u"local"_s, local.baseUrl(), u"stories260K"_s);
        store->saveDatasetVersion(u"topics"_s, numberedItems(4), {});
        store->saveEvalSuite(u"stories"_s,
                             suiteJson(u"topics"_s,
                                       u"[{\"type\": \"contains_any\", \"values\": [\"the\"], \"case_insensitive\": "
                                       "true}, {\"type\": \"length\", \"min\": 1}, {\"type\": \"exact\"}]"_s,
                                       u"{\"max_tokens\": 12, \"temperature\": 0}"_s));

        EvalRunner runner(*store);
        EvalRunLimits limits;
        limits.concurrency = 2;
        const EvalRunRecord run = runner.createRun(u"stories"_s, endpoint, 2, limits, EvalRunSource::Cli);
        QCOMPARE(run.itemCount, 4);
        QVERIFY(run.definitionJson.contains(u"\"topics@1\""_s));

        std::vector<EvalProgress> progress;
        QCOMPARE(runner.execute(run.id, nullptr, [&](const EvalProgress &now) { progress.push_back(now); }),
                 EvalRunStatus::Finished);
        QCOMPARE(progress.front().done, 0);
        QCOMPARE(progress.back().done, 8);
        QCOMPARE(progress.back().total, 8);
        QCOMPARE(store->evalRun(run.id)->status, EvalRunStatus::Finished);
        QVERIFY(store->evalRun(run.id)->finishedAtMs);

        const auto results = store->evalResults(run.id);
        QCOMPARE(results.size(), std::size_t(8));
        for (const EvalResultRecord &result : results) {
            QCOMPARE(result.errorClass, ErrorClass::None);
            QVERIFY(!result.output.isEmpty());
            QCOMPARE(result.expected, u"answer to topic %1"_s.arg(result.itemPosition + 1));
            QVERIFY(result.inputJson.contains(u"Tell me about topic %1"_s.arg(result.itemPosition + 1)));

            // The measurement is the request row of the answer itself.
            QVERIFY(result.requestId);
            const auto request = store->request(*result.requestId);
            QVERIFY(request);
            QCOMPARE(request->source, RequestSource::Eval);
            QCOMPARE(request->endpointId, endpoint.id);
            QCOMPARE(result.latencyMs, std::optional<double>(request->latencyMs));
            QCOMPARE(result.outputTokens, request->outputTokens);
            QVERIFY(*result.outputTokens >= 1 && *result.outputTokens <= 12);

            // Each verdict as the test works it out from the stored output.
            QCOMPARE(result.scores.size(), std::size_t(3));
            QCOMPARE(result.scores[0].scorer, u"contains_any"_s);
            const bool hasThe = result.output.contains(u"the"_s, Qt::CaseInsensitive);
            QCOMPARE(result.scores[0].score, std::optional<double>(hasThe ? 1.0 : 0.0));
            QCOMPARE(result.scores[0].passed, hasThe);
            QCOMPARE(result.scores[1].score, std::optional<double>(1.0));
            QCOMPARE(result.scores[2].score, std::optional<double>(result.output == *result.expected ? 1.0 : 0.0));
        }

        // The store's means for the trend chart are the summary's, scorer by scorer.
        const auto means = store->evalMeanScores(u"stories"_s).at(run.id);
        const EvalRunFigures figures = summarizeEvalResults(results, 2);
        QCOMPARE(means.size(), figures.scorers.size());
        for (std::size_t index = 0; index < means.size(); ++index) {
            QCOMPARE(means[index].first, figures.scorers[index].scorer);
            QVERIFY(std::abs(means[index].second - *figures.scorers[index].meanScore) < 1e-12);
        }

        // Temperature 0 answers the same item the same way in both repeats.
        QCOMPARE(results[0].repeat, 0);
        QCOMPARE(results[1].repeat, 1);
        QCOMPARE(results[0].output, results[1].output);
    }

    void theLocalEndpointJudgesAndEmbedsWithoutACrash()
    {
        LocalEndpoint local;
        QVERIFY2(local.start(), qPrintable(local.error()));
        auto store = openStore();
        const Endpoint endpoint = registerEndpoint(*store, u"local"_s, local.baseUrl(), u"stories260K"_s);
        store->saveDatasetVersion(u"topics"_s, numberedItems(3), {});
        store->saveEvalSuite(u"graded"_s,
                             suiteJson(u"topics"_s,
                                       u"[{\"name\": \"judge\", \"type\": \"llm_judge\", \"endpoint\": \"local\", "
                                       "\"rubric\": \"The story is about the topic.\"}, {\"name\": \"meaning\", "
                                       "\"type\": \"embedding_similarity\"}]"_s,
                                       u"{\"max_tokens\": 8, \"temperature\": 0}"_s));

        EvalRunner runner(*store);
        const EvalRunRecord run = runner.createRun(u"graded"_s, endpoint, 1, {}, EvalRunSource::Cli);
        QCOMPARE(runner.execute(run.id), EvalRunStatus::Finished);

        // The tiny model is a poor judge: each verdict is a parsed score, or unscorable
        // with the reason; never a zero made up for a judge that said nothing useful.
        const auto results = store->evalResults(run.id);
        QCOMPARE(results.size(), std::size_t(3));
        for (const auto &result : results) {
            QCOMPARE(result.errorClass, ErrorClass::None);
            const EvalScoreRecord &judge = result.scores.at(0);
            QCOMPARE(judge.scorer, u"judge"_s);
            QVERIFY(!judge.explanation.isEmpty());
            if (judge.score)
                QVERIFY(*judge.score >= 0 && *judge.score <= 1);
            else
                QVERIFY2(!judge.passed, qPrintable(judge.explanation));

            const EvalScoreRecord &meaning = result.scores.at(1);
            QVERIFY2(meaning.score && *meaning.score >= 0 && *meaning.score <= 1, qPrintable(meaning.explanation));
        }

        // Each judge and embeddings call is a request of the endpoint too: three answers,
        // three judgements and three embeddings.
        QCOMPARE(store->requestCount(endpoint.id), 9);
    }

    void cancelledHalfWayResumesWithoutAskingAgain()
    {
        ScriptedChatServer server([](const nlohmann::json &body, int) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
            return echoAnswer(body);
        });
        auto store = openStore();
        const Endpoint endpoint = prepareEchoSuite(*store, server, 40);

        EvalRunner runner(*store);
        EvalRunLimits limits;
        limits.concurrency = 4;
        const EvalRunRecord run = runner.createRun(u"echo"_s, endpoint, 3, limits, EvalRunSource::Cli);

        std::atomic<bool> cancel = false;
        const auto status = runner.execute(run.id, &cancel, [&](const EvalProgress &progress) {
            if (progress.done >= 60)
                cancel = true;
        });
        QCOMPARE(status, EvalRunStatus::Cancelled);
        QCOMPARE(store->evalRun(run.id)->status, EvalRunStatus::Cancelled);
        const std::size_t storedAtCancel = store->evalResults(run.id).size();
        QVERIFY2(storedAtCancel >= 60 && storedAtCancel < 120, qPrintable(QString::number(storedAtCancel)));
        const int askedBeforeResume = server.requests();
        // The requests cut off in flight are kept as cancelled ones: at most one a worker.
        const qint64 cutOff = store->requestCount(endpoint.id) - qint64(storedAtCancel);
        QVERIFY2(cutOff >= 0 && cutOff <= 4, qPrintable(QString::number(cutOff)));

        EvalProgress resumed;
        QCOMPARE(runner.execute(run.id, nullptr, [&](const EvalProgress &progress) { resumed = progress; }),
                 EvalRunStatus::Finished);
        QCOMPARE(resumed.resumedFrom, qint64(storedAtCancel));
        QCOMPARE(resumed.done, 120);

        // Every item and repeat once, and the resume asked only for what was missing.
        const auto results = store->evalResults(run.id);
        QCOMPARE(results.size(), std::size_t(120));
        std::set<std::pair<qint64, int>> seen;
        for (const auto &result : results)
            seen.emplace(result.itemPosition, result.repeat);
        QCOMPARE(seen.size(), std::size_t(120));
        QCOMPARE(server.requests() - askedBeforeResume, int(120 - storedAtCancel));

        // Even topics are answered exactly.
        for (const auto &result : results) {
            const bool even = (result.itemPosition + 1) % 2 == 0;
            QCOMPARE(result.scores.at(0).passed, even);
        }
    }

    void retriesHonourRetryAfter()
    {
        std::mutex mutex;
        std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> asked;
        ScriptedChatServer server([&](const nlohmann::json &body, int) {
            const std::string prompt = lastUserText(body);
            std::lock_guard lock(mutex);
            asked[prompt].push_back(std::chrono::steady_clock::now());
            if (asked[prompt].size() == 1) {
                ScriptedReply busy;
                busy.status = 429;
                busy.headers = {{"Retry-After", "1"}};
                busy.contentType = "application/json";
                busy.body = R"({"error": {"message": "slow down", "type": "rate_limit_error"}})";
                return busy;
            }
            return echoAnswer(body);
        });
        auto store = openStore();
        const Endpoint endpoint = prepareEchoSuite(*store, server, 3);

        EvalRunner runner(*store);
        const EvalRunRecord run = runner.createRun(u"echo"_s, endpoint, 1, {}, EvalRunSource::Cli);
        EvalProgress last;
        QCOMPARE(runner.execute(run.id, nullptr, [&](const EvalProgress &progress) { last = progress; }),
                 EvalRunStatus::Finished);
        QCOMPARE(last.retries, 3);

        for (const auto &result : store->evalResults(run.id)) {
            QCOMPARE(result.errorClass, ErrorClass::None);
            QCOMPARE(result.attempts, 2);
        }
        for (const auto &[prompt, times] : asked) {
            QCOMPARE(times.size(), std::size_t(2));
            const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(times[1] - times[0]).count();
            QVERIFY2(waited >= 1000, qPrintable(u"%1 ms"_s.arg(waited)));
        }

        // The refused tries are measured too: the dashboard counts them as rate limited.
        AggregateQuery query;
        query.fromMs = 0;
        query.toMs = QDateTime::currentMSecsSinceEpoch() + 1000;
        const auto failures = store->failureCounts(query);
        QCOMPARE(failures.size(), std::size_t(1));
        QCOMPARE(failures.front().errorClass, ErrorClass::RateLimited);
        QCOMPARE(failures.front().count, 3);
    }

    void aRetryAfterLongerThanTheRunWaitsEndsTheTries()
    {
        ScriptedChatServer server([](const nlohmann::json &, int) {
            ScriptedReply busy;
            busy.status = 429;
            busy.headers = {{"Retry-After", "90"}};
            busy.contentType = "application/json";
            busy.body = R"({"error": {"message": "come back later", "type": "rate_limit_error"}})";
            return busy;
        });
        auto store = openStore();
        const Endpoint endpoint = prepareEchoSuite(*store, server, 1);
        EvalRunner runner(*store);
        EvalRunLimits limits;
        limits.maxRetryWaitMs = 5000;
        const EvalRunRecord run = runner.createRun(u"echo"_s, endpoint, 1, limits, EvalRunSource::Cli);
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(runner.execute(run.id), EvalRunStatus::Finished);
        QVERIFY(clock.elapsed() < 3000);
        QCOMPARE(server.requests(), 1);
        const auto result = store->evalResults(run.id).at(0);
        QCOMPARE(result.errorClass, ErrorClass::RateLimited);
        QVERIFY2(result.errorMessage.endsWith(u"(the server asked to wait 90 s, longer than the run waits: 5 s)"_s),
                 qPrintable(result.errorMessage));
    }

    void anAnswerThatNeverCameFailsEveryScorer()
    {
        LocalEndpoint local;
        QVERIFY2(local.start(), qPrintable(local.error()));
        auto store = openStore();
        const Endpoint endpoint = registerEndpoint(*store, u"broken"_s, local.baseUrl(), u"stories260K"_s,
                                                   {{u"X-Llmops-Fault"_s, u"html-502"_s}});
        store->saveDatasetVersion(u"topics"_s, numberedItems(2), {});
        store->saveEvalSuite(
            u"stories"_s, suiteJson(u"topics"_s, u"[{\"type\": \"length\", \"min\": 1}, {\"type\": \"refusal\"}]"_s));

        EvalRunner runner(*store);
        EvalRunLimits limits;
        limits.maxAttempts = 2;
        limits.retryBackoffMs = 10;
        const EvalRunRecord run = runner.createRun(u"stories"_s, endpoint, 1, limits, EvalRunSource::Cli);
        QCOMPARE(runner.execute(run.id), EvalRunStatus::Finished);

        const auto results = store->evalResults(run.id);
        QCOMPARE(results.size(), std::size_t(2));
        for (const auto &result : results) {
            QCOMPARE(result.errorClass, ErrorClass::UpstreamGateway);
            QCOMPARE(result.attempts, 2);
            QVERIFY(result.output.isEmpty());
            for (const auto &score : result.scores) {
                QCOMPARE(score.score, std::optional<double>(0.0));
                QVERIFY(!score.passed);
                QVERIFY2(score.explanation.startsWith(u"No answer (upstream_gateway)"_s),
                         qPrintable(score.explanation));
            }
        }
        QCOMPARE(store->evalRuns().front().failedRequests, 2);

        // Once the endpoint is mended, resuming asks for the answers that never came.
        Endpoint mended = endpoint;
        mended.extraHeaders.clear();
        store->updateEndpoint(mended);
        EvalProgress resumed;
        QCOMPARE(runner.execute(run.id, nullptr, [&](const EvalProgress &progress) { resumed = progress; }),
                 EvalRunStatus::Finished);
        QCOMPARE(resumed.resumedFrom, 0);
        QCOMPARE(resumed.failedRequests, 0);
        const auto answered = store->evalResults(run.id);
        QCOMPARE(answered.size(), std::size_t(2));
        for (const auto &result : answered) {
            QCOMPARE(result.errorClass, ErrorClass::None);
            QVERIFY(!result.output.isEmpty());
            QCOMPARE(result.scores.at(0).score, std::optional<double>(1.0));
        }
        // The failed tries stay measured: four of them, and the two answers.
        QCOMPARE(store->requestCount(endpoint.id), 6);
    }

    void anEndpointRemovedMidRunKeepsTheAnswers()
    {
        ScriptedChatServer server([](const nlohmann::json &body, int) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            return echoAnswer(body);
        });
        auto store = openStore();
        const Endpoint endpoint = prepareEchoSuite(*store, server, 30);

        EvalRunner runner(*store);
        EvalRunLimits limits;
        limits.concurrency = 2;
        const EvalRunRecord run = runner.createRun(u"echo"_s, endpoint, 1, limits, EvalRunSource::Cli);
        // Another connection removes the endpoint while the run goes on, as llmopsctl would.
        auto other = Store::open(store->path());
        QCOMPARE(runner.execute(run.id, nullptr,
                                [&](const EvalProgress &progress) {
                                    if (progress.done >= 6 && other->endpointByName(u"scripted"_s))
                                        other->removeEndpoint(endpoint.id);
                                }),
                 EvalRunStatus::Finished);

        const auto results = store->evalResults(run.id);
        QCOMPARE(results.size(), std::size_t(30));
        QVERIFY(std::none_of(results.begin(), results.end(), [](const auto &result) { return result.requestId; }));
        QCOMPARE(store->requestCount(), 0);
        QCOMPARE(store->evalRun(run.id)->endpointId, 0);
        QVERIFY_THROWS_EXCEPTION(EvalRunError, runner.execute(run.id));
    }

    void aRunAnsweredElsewhereIsNotResumedHere()
    {
        ScriptedChatServer server([](const nlohmann::json &body, int) { return echoAnswer(body); });
        auto store = openStore();
        const Endpoint endpoint = prepareEchoSuite(*store, server, 4);
        EvalRunner runner(*store);
        const EvalRunRecord run = runner.createRun(u"echo"_s, endpoint, 1, {}, EvalRunSource::Cli);

        // Another process of this machine holds the run: refused while it lives.
        QProcess other;
        other.start(u"sleep"_s, {u"30"_s});
        QVERIFY(other.waitForStarted());
        const QString host = QSysInfo::machineHostName();
        QVERIFY(store->takeEvalRunClaim(run.id, {}, host, other.processId()));
        try {
            runner.execute(run.id);
            QFAIL("a run another process holds was resumed");
        } catch (const EvalRunError &error) {
            QCOMPARE(QString::fromUtf8(error.what()),
                     u"Run %1 is being answered by process %2 on %3; stop it there first."_s.arg(run.id)
                         .arg(other.processId())
                         .arg(host));
        }
        QVERIFY(store->evalResults(run.id).empty());

        // Once it is gone, the run is free at once, and the claim goes with the run's end.
        other.kill();
        other.waitForFinished();
        QCOMPARE(runner.execute(run.id), EvalRunStatus::Finished);
        QCOMPARE(store->evalRunClaim(run.id), EvalRunClaim{});

        // A process on another machine is trusted while its heartbeat is fresh.
        QVERIFY(store->takeEvalRunClaim(run.id, {}, u"elsewhere"_s, 4242));
        QVERIFY_THROWS_EXCEPTION(EvalRunError, runner.execute(run.id));
    }

    void requestRateSpacesTheStarts()
    {
        std::mutex mutex;
        std::vector<std::chrono::steady_clock::time_point> starts;
        ScriptedChatServer server([&](const nlohmann::json &body, int) {
            std::lock_guard lock(mutex);
            starts.push_back(std::chrono::steady_clock::now());
            return echoAnswer(body);
        });
        auto store = openStore();
        const Endpoint endpoint = prepareEchoSuite(*store, server, 6);

        EvalRunner runner(*store);
        EvalRunLimits limits;
        limits.concurrency = 6;
        limits.requestsPerSecond = 10;
        const EvalRunRecord run = runner.createRun(u"echo"_s, endpoint, 1, limits, EvalRunSource::Cli);
        QCOMPARE(runner.execute(run.id), EvalRunStatus::Finished);

        // Six workers at ten a second: the starts are at least 100 ms apart, less the
        // time between the gate and the server seeing the request.
        QCOMPARE(starts.size(), std::size_t(6));
        std::sort(starts.begin(), starts.end());
        const auto spread = std::chrono::duration_cast<std::chrono::milliseconds>(starts.back() - starts.front());
        QVERIFY2(spread.count() >= 450, qPrintable(u"%1 ms"_s.arg(spread.count())));
    }

    void tokenBudgetWaitsForTheOldestAnswerToLeaveTheWindow()
    {
        // Ten tokens per 300 ms: two answers of six tokens spend it, and the third request
        // waits until the first answer is 300 ms old.
        RateGate gate(0, 10, std::chrono::milliseconds(300));
        const std::atomic<bool> stop = false;
        QElapsedTimer clock;
        clock.start();
        QVERIFY(gate.acquire(stop));
        gate.recordTokens(6);
        QVERIFY(gate.acquire(stop));
        QVERIFY(clock.elapsed() < 100);
        gate.recordTokens(6);
        QVERIFY(gate.acquire(stop));
        QVERIFY2(clock.elapsed() >= 295, qPrintable(u"%1 ms"_s.arg(clock.elapsed())));

        // A pause holds every request back, and a stop ends the wait.
        gate.pauseFor(std::chrono::milliseconds(200));
        clock.restart();
        QVERIFY(gate.acquire(stop));
        QVERIFY2(clock.elapsed() >= 195, qPrintable(u"%1 ms"_s.arg(clock.elapsed())));
        gate.pauseFor(std::chrono::milliseconds(60000));
        std::atomic<bool> stopping = false;
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            stopping = true;
        });
        clock.restart();
        QVERIFY(!gate.acquire(stopping));
        stopper.join();
        QVERIFY(clock.elapsed() < 1000);
    }

    void suiteProblemsAreNamedBeforeAnyRun_data()
    {
        QTest::addColumn<QString>("scorer");
        QTest::addColumn<QString>("problem");
        QTest::newRow("unknown type") << u"{\"type\": \"vibes\"}"_s
                                      << u"suite.scorers[0].type: \"vibes\" is not a scorer."_s;
        QTest::newRow("bad pattern") << u"{\"type\": \"regex\", \"pattern\": \"([\"}"_s
                                     << u"suite.scorers[0].pattern is not a regular expression: missing terminating ] "
                                        "for character class (at 2)."_s;
        QTest::newRow("bad schema") << u"{\"type\": \"json_schema\", \"schema\": {\"type\": \"nonsense\"}}"_s
                                    << u"suite.scorers[0].schema cannot be used: The schema cannot be used: "
                                       "Unrecognised JSON type name 'nonsense'"_s;
        QTest::newRow("min over max") << u"{\"type\": \"length\", \"min\": 10, \"max\": 5}"_s
                                      << u"suite.scorers[0]: min is more than max."_s;
        QTest::newRow("misspelt field") << u"{\"type\": \"numeric\", \"tolerence\": 1}"_s
                                        << u"suite.scorers[0]: \"tolerence\" is not a scorer field (they are: type, "
                                           "name, threshold, case_insensitive, expect_refusal, tolerance, min, max, "
                                           "endpoint, model, rubric, value, pattern, schema, values)."_s;
        QTest::newRow("empty name") << u"{\"type\": \"exact\", \"name\": \" \"}"_s
                                    << u"suite.scorers[0].name must not be empty."_s;
        QTest::newRow("threshold") << u"{\"type\": \"exact\", \"threshold\": 7}"_s
                                   << u"suite.scorers[0].threshold must be from 0 to 1."_s;
        QTest::newRow("judge without rubric")
            << u"{\"type\": \"llm_judge\"}"_s << u"suite.scorers[0]: an llm_judge scorer needs a rubric."_s;
    }

    void suiteProblemsAreNamedBeforeAnyRun()
    {
        QFETCH(QString, scorer);
        QFETCH(QString, problem);
        QString found;
        const QByteArray suite = u"{\"dataset\": \"d\", \"scorers\": [%1]}"_s.arg(scorer).toUtf8();
        QVERIFY(!readSuiteDefinition(suite, &found));
        QCOMPARE(found, problem);
    }

    void aRunThatCannotStartSaysWhy()
    {
        auto store = openStore();
        const Endpoint endpoint = registerEndpoint(*store, u"local"_s, u"http://127.0.0.1:9/v1"_s, u"m"_s);
        store->saveDatasetVersion(u"topics"_s, numberedItems(2), {});
        EvalRunner runner(*store);

        const auto failure = [&](const QString &suite, int repeats = 1) -> QString {
            try {
                runner.createRun(suite, endpoint, repeats, {}, EvalRunSource::Cli);
            } catch (const EvalRunError &error) {
                return QString::fromUtf8(error.what());
            }
            return {};
        };
        QCOMPARE(failure(u"missing"_s), u"There is no suite named missing."_s);

        store->saveEvalSuite(u"holes"_s,
                             u"{\"dataset\": \"topics\", \"messages\": [{\"role\": \"user\", \"content\": "
                             "\"{{topic}} in {{city}}\"}], \"scorers\": [{\"type\": \"exact\"}]}"_s);
        QCOMPARE(failure(u"holes"_s),
                 u"The prompt cannot be filled in: item \"q1\" has no value for city; "
                 "item \"q2\" has no value for city."_s);

        store->saveEvalSuite(u"judged"_s,
                             suiteJson(u"topics"_s,
                                       u"[{\"type\": \"llm_judge\", \"endpoint\": \"judge\", "
                                       "\"rubric\": \"Is it right?\"}]"_s));
        QCOMPARE(failure(u"judged"_s),
                 u"The scorer \"llm_judge\" grades on the endpoint \"judge\", which is not registered."_s);

        store->saveEvalSuite(u"later"_s, suiteJson(u"topics@7"_s, u"[{\"type\": \"exact\"}]"_s));
        QCOMPARE(failure(u"later"_s), u"topics has no version 7."_s);
        store->saveEvalSuite(u"fine"_s, suiteJson(u"topics"_s, u"[{\"type\": \"exact\"}]"_s));
        QCOMPARE(failure(u"fine"_s, 0), u"Repeats must be from 1 to 100."_s);
        QVERIFY(store->evalRuns().empty());
    }
};

QTEST_GUILESS_MAIN(TestEvalRunner)
#include "tst_evalrunner.moc"
