// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalrunner.h"

#include "chatcall.h"
#include "httpclient.h"
#include "modelgradedscorers.h"
#include "rategate.h"
#include "store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSysInfo>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <utility>

using namespace Qt::StringLiterals;
using Json = nlohmann::ordered_json;

namespace llmops {

namespace {

using Clock = std::chrono::steady_clock;

/// How often waiting code looks at the cancel flag, and how often the coordinator stores
/// what has been answered: small enough that Stop feels immediate.
constexpr auto kPollInterval = std::chrono::milliseconds(50);

/// Sleeps, waking early when `stop` is set; false then.
bool sleepUnlessStopped(std::chrono::milliseconds wait, const std::atomic<bool> &stop)
{
    const auto until = Clock::now() + wait;
    while (!stop) {
        const auto now = Clock::now();
        if (now >= until)
            return true;
        std::this_thread::sleep_for(std::min<Clock::duration>(until - now, kPollInterval));
    }
    return false;
}

/// What a run answers, read once from its pinned definition.
struct RunPlan {
    EvalRunRecord run;
    SuiteDefinition suite;
    Endpoint endpoint;
    std::vector<DatasetItem> items;
    /// The rendered messages of each item, by position.
    std::vector<std::vector<ChatMessage>> messages;
    std::map<QString, Endpoint> gradingEndpoints;
    PriceTable prices;
};

QString messagesToJson(const std::vector<ChatMessage> &messages)
{
    Json array = Json::array();
    for (const ChatMessage &message : messages)
        array.push_back({{"role", message.role.toStdString()}, {"content", message.content.toStdString()}});
    return QString::fromStdString(array.dump());
}

/// The text a judge reads as the question: every turn, the roles named.
QString conversationText(const std::vector<ChatMessage> &messages)
{
    QStringList turns;
    for (const ChatMessage &message : messages)
        turns.append(messages.size() == 1 ? message.content : message.role + u": "_s + message.content);
    return turns.join(u"\n\n"_s);
}

/// The suite's parameters laid over the prompt version's: what the suite sets wins.
ChatParameters overlaid(ChatParameters base, const ChatParameters &over)
{
    if (over.temperature)
        base.temperature = over.temperature;
    if (over.topP)
        base.topP = over.topP;
    if (over.maxTokens)
        base.maxTokens = over.maxTokens;
    if (!over.stopSequences.isEmpty())
        base.stopSequences = over.stopSequences;
    if (over.seed)
        base.seed = over.seed;
    if (over.responseFormat != ResponseFormat::Text) {
        base.responseFormat = over.responseFormat;
        base.jsonSchema = over.jsonSchema;
    }
    if (!over.toolsJson.isEmpty())
        base.toolsJson = over.toolsJson;
    return base;
}

std::vector<std::vector<ChatMessage>> renderItems(const SuiteDefinition &suite, const std::vector<DatasetItem> &items)
{
    std::vector<std::vector<ChatMessage>> rendered;
    QStringList problems;
    for (std::size_t position = 0; position < items.size(); ++position) {
        RenderedMessages messages = messagesForItem(suite.messages, items[position]);
        if (!messages.missing.isEmpty() && problems.size() < 5) {
            const QString item = items[position].key.isEmpty() ? u"at position %1"_s.arg(position + 1)
                                                               : u"\"%1\""_s.arg(items[position].key);
            problems.append(u"item %1 has no value for %2"_s.arg(item, messages.missing.join(u", "_s)));
        }
        rendered.push_back(std::move(messages.messages));
    }
    if (!problems.isEmpty())
        throw EvalRunError(u"The prompt cannot be filled in: %1."_s.arg(problems.join(u"; "_s)).toStdString());
    return rendered;
}

std::map<QString, Endpoint> resolveGradingEndpoints(const Store &store, const SuiteDefinition &suite,
                                                    const Endpoint &runEndpoint)
{
    std::map<QString, Endpoint> endpoints;
    for (const SuiteScorer &scorer : suite.scorers) {
        if (!isModelGraded(scorer.config.kind))
            continue;
        const QString name = scorer.config.gradingEndpoint;
        if (name.isEmpty()) {
            endpoints.emplace(name, runEndpoint);
            continue;
        }
        const auto endpoint = store.endpointByName(name);
        if (!endpoint) {
            throw EvalRunError(
                u"The scorer \"%1\" grades on the endpoint \"%2\", which is not registered."_s.arg(scorer.name, name)
                    .toStdString());
        }
        endpoints.emplace(name, *endpoint);
    }
    return endpoints;
}

std::vector<DatasetItem> readItems(const Store &store, const QString &dataset, std::optional<int> version)
{
    try {
        return store.datasetItems(dataset, version);
    } catch (const StoreError &error) {
        if (error.kind() == StoreError::Kind::NotFound)
            throw EvalRunError(error.what());
        throw;
    }
}

std::optional<double> costOfAnswer(const PriceTable &prices, const QString &model, const RequestRecord &request)
{
    const QString priced = request.responseModel.isEmpty() ? model : request.responseModel;
    const ModelPrice *price = prices.find({}, priced.toStdString());
    if (!price || (!request.inputTokens && !request.outputTokens))
        return std::nullopt;
    return costOf(*price, {request.inputTokens.value_or(0), request.outputTokens.value_or(0), 0, 0, 0});
}

/// Asks a model-graded scorer's endpoint for one verdict (with its tries again), on the
/// worker's thread.
using GradeFunction = std::function<ModelGradedOutcome(const SuiteScorer &scorer, const ScoringInput &input)>;

/// Every scorer's verdict on an answer. An answer that never came is a failure of every
/// scorer: the model did not do what the item asks. Model-graded scorers go through
/// `grade`, which is empty when the answer cannot be graded by a model.
std::vector<EvalScoreRecord> scoreResult(const RunPlan &plan, const EvalResultRecord &result,
                                         const std::vector<ChatMessage> &messages, const GradeFunction &grade)
{
    std::vector<EvalScoreRecord> scores;
    if (result.errorClass != ErrorClass::None) {
        const QString why = u"No answer (%1): %2"_s.arg(errorClassKey(result.errorClass), result.errorMessage);
        for (const SuiteScorer &scorer : plan.suite.scorers)
            scores.push_back({scorer.name, 0.0, false, why});
        return scores;
    }

    const ScoringInput input{result.output, result.expected, result.latencyMs, result.costUsd,
                             conversationText(messages)};
    for (const SuiteScorer &scorer : plan.suite.scorers) {
        const ScoreResult verdict = isModelGraded(scorer.config.kind) && grade ? grade(scorer, input).result
                                                                               : scoreAnswer(scorer.config, input);
        scores.push_back({scorer.name, verdict.scorable ? std::optional<double>(verdict.score) : std::nullopt,
                          verdict.scorable && verdict.passed, verdict.explanation});
    }
    return scores;
}

/// The work of a run's worker threads and what they hand to the coordinator.
class RunWork
{
public:
    RunWork(const RunPlan &plan, std::deque<std::pair<qint64, int>> pending)
        : m_plan(plan)
        , m_limits(evalRunLimitsFromJson(plan.run.limitsJson))
        , m_gate(m_limits.requestsPerSecond, m_limits.tokensPerMinute)
        , m_pending(std::move(pending))
    {
    }

    void work()
    {
        HttpClient client;
        while (auto job = nextJob()) {
            if (auto answered = answer(client, job->first, job->second))
                deliver(std::move(*answered));
        }
        std::lock_guard lock(m_mutex);
        --m_workersRunning;
        m_delivered.notify_all();
    }

    void startWorkers(int count)
    {
        m_workersRunning = count;
        for (int index = 0; index < count; ++index)
            m_threads.emplace_back([this] { work(); });
    }

    void stop() { m_stop = true; }

    void join()
    {
        for (std::thread &thread : m_threads)
            thread.join();
        m_threads.clear();
    }

    /// The requests of answers a stop cut off, once the workers are done.
    std::vector<RequestRecord> takeCancelledRequests()
    {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_cancelledRequests, {});
    }

    /// Waits a little for answers; true while any worker still runs.
    bool takeAnswers(std::vector<EvalAnswer> &answers, qint64 &retries)
    {
        std::unique_lock lock(m_mutex);
        m_delivered.wait_for(lock, kPollInterval, [this] { return !m_answers.empty() || m_workersRunning == 0; });
        answers.insert(answers.end(), std::make_move_iterator(m_answers.begin()),
                       std::make_move_iterator(m_answers.end()));
        m_answers.clear();
        retries = m_retries;
        return m_workersRunning > 0;
    }

private:
    std::optional<std::pair<qint64, int>> nextJob()
    {
        std::lock_guard lock(m_mutex);
        if (m_stop || m_pending.empty())
            return std::nullopt;
        auto job = m_pending.front();
        m_pending.pop_front();
        return job;
    }

    void deliver(EvalAnswer answer)
    {
        std::lock_guard lock(m_mutex);
        m_answers.push_back(std::move(answer));
        m_delivered.notify_all();
    }

    /// Asks for one item and repeat, trying again as the limits allow, and scores what
    /// came back. Nothing when the run stopped before the answer was complete.
    std::optional<EvalAnswer> answer(HttpClient &client, qint64 position, int repeat)
    {
        const DatasetItem &item = m_plan.items[std::size_t(position)];
        const std::vector<ChatMessage> &messages = m_plan.messages[std::size_t(position)];

        EvalAnswer answer;
        EvalResultRecord &result = answer.result;
        result.runId = m_plan.run.id;
        result.itemPosition = position;
        result.itemKey = item.key;
        result.repeat = repeat;
        result.inputJson = messagesToJson(messages);
        result.expected = item.expected;

        QString problem;
        const auto request = buildChatRequest(m_plan.endpoint, messages, m_plan.suite.parameters, &problem);
        if (!request) {
            result.errorClass = ErrorClass::Configuration;
            result.errorMessage = problem;
            result.scores = scoreResult(m_plan, result, messages, {});
            return answer;
        }

        std::mt19937 jitter(std::random_device{}());
        for (int attempt = 1;; ++attempt) {
            if (!m_gate.acquire(m_stop))
                return std::nullopt;
            ChatCallOutcome outcome = runChatCall(m_plan.endpoint, *request, client, RequestSource::Eval, &m_stop);
            if (m_stop && outcome.record.status == RequestStatus::Cancelled) {
                // The answer is asked again on resume; the cut-off request is still traffic
                // the endpoint saw, kept as a cancelled request like any other.
                std::lock_guard lock(m_mutex);
                m_cancelledRequests.push_back(outcome.record);
                m_cancelledRequests.insert(m_cancelledRequests.end(), answer.retriedAttempts.begin(),
                                           answer.retriedAttempts.end());
                return std::nullopt;
            }
            m_gate.recordTokens(outcome.record.inputTokens.value_or(0) + outcome.record.outputTokens.value_or(0));

            const bool failed = outcome.record.status != RequestStatus::Ok;
            if (failed && isRetryable(outcome.record.errorClass) && attempt < m_limits.maxAttempts) {
                const auto wait = retryWait(outcome.record, attempt, jitter);
                if (wait) {
                    if (outcome.record.retryAfterMs)
                        m_gate.pauseFor(*wait);
                    answer.retriedAttempts.push_back(outcome.record);
                    countRetry();
                    if (!sleepUnlessStopped(*wait, m_stop))
                        return std::nullopt;
                    continue;
                }
                outcome.record.errorMessage += tooLongAWait(outcome.record);
            }

            result.attempts = attempt;
            result.output = outcome.answer.text.value_or(QString());
            result.errorClass = failed ? outcome.record.errorClass : ErrorClass::None;
            result.errorMessage = outcome.record.errorMessage;
            result.latencyMs = outcome.record.latencyMs;
            result.inputTokens = outcome.record.inputTokens;
            result.outputTokens = outcome.record.outputTokens;
            result.costUsd = costOfAnswer(m_plan.prices, m_plan.endpoint.model, outcome.record);
            answer.request = outcome.record;
            break;
        }
        const GradeFunction grade = [&](const SuiteScorer &scorer, const ScoringInput &input) {
            return gradeWithRetries(client, scorer, input, jitter, answer.gradingRequests);
        };
        result.scores = scoreResult(m_plan, result, messages, grade);
        // A stop while a judge was asked leaves that verdict unknown: the item is asked again
        // on resume, and what was measured on the way is kept as requests.
        const bool gradingCut = std::any_of(
            answer.gradingRequests.begin(), answer.gradingRequests.end(),
            [](const RequestRecord &request) { return request.status == RequestStatus::Cancelled; });
        if (gradingCut) {
            std::lock_guard lock(m_mutex);
            m_cancelledRequests.push_back(*answer.request);
            m_cancelledRequests.insert(m_cancelledRequests.end(), answer.retriedAttempts.begin(),
                                       answer.retriedAttempts.end());
            m_cancelledRequests.insert(m_cancelledRequests.end(), answer.gradingRequests.begin(),
                                       answer.gradingRequests.end());
            return std::nullopt;
        }
        return answer;
    }

    /// Asks the scorer's endpoint, trying again as the answer's own request would: a judge
    /// that is briefly overloaded must not shrink the judge's sample. Every call is kept as
    /// a request of the grading endpoint.
    ModelGradedOutcome gradeWithRetries(HttpClient &client, const SuiteScorer &scorer, const ScoringInput &input,
                                        std::mt19937 &jitter, std::vector<RequestRecord> &gradingRequests)
    {
        const Endpoint &grader = m_plan.gradingEndpoints.at(scorer.config.gradingEndpoint);
        for (int attempt = 1;; ++attempt) {
            ModelGradedOutcome graded = scoreModelGraded(scorer.config, input, grader, client, &m_stop);
            if (graded.request && grader.id > 0) {
                graded.request->endpointId = grader.id;
                gradingRequests.push_back(*graded.request);
            }
            const bool retry = graded.request && graded.request->status == RequestStatus::Error
                && isRetryable(graded.request->errorClass) && attempt < m_limits.maxAttempts && !m_stop;
            const auto wait = retry ? retryWait(*graded.request, attempt, jitter) : std::nullopt;
            if (!wait || !sleepUnlessStopped(*wait, m_stop))
                return graded;
            countRetry();
        }
    }

    void countRetry()
    {
        std::lock_guard lock(m_mutex);
        ++m_retries;
    }

    /// The server's Retry-After when it sent one, else a doubling backoff with ±20%
    /// jitter so that workers that failed together do not retry together, at most
    /// maxRetryWaitMs. Nothing when the server asks for a longer wait than that: retrying
    /// sooner would only be refused again, so the try counts as the last.
    std::optional<std::chrono::milliseconds> retryWait(const RequestRecord &record, int attempt,
                                                       std::mt19937 &jitter) const
    {
        if (record.retryAfterMs) {
            if (*record.retryAfterMs > m_limits.maxRetryWaitMs)
                return std::nullopt;
            return std::chrono::milliseconds(std::max<qint64>(*record.retryAfterMs, 0));
        }
        const double backoff = double(m_limits.retryBackoffMs) * double(qint64(1) << std::min(attempt - 1, 20));
        const auto waitMs = qint64(backoff * std::uniform_real_distribution<double>(0.8, 1.2)(jitter));
        return std::chrono::milliseconds(std::clamp<qint64>(waitMs, 0, m_limits.maxRetryWaitMs));
    }

    QString tooLongAWait(const RequestRecord &record) const
    {
        if (!record.retryAfterMs)
            return {};
        return u" (the server asked to wait %1 s, longer than the run waits: %2 s)"_s
            .arg(double(*record.retryAfterMs) / 1000.0)
            .arg(double(m_limits.maxRetryWaitMs) / 1000.0);
    }

    const RunPlan &m_plan;
    const EvalRunLimits m_limits;
    RateGate m_gate;
    std::atomic<bool> m_stop = false;

    std::mutex m_mutex;
    std::condition_variable m_delivered;
    std::deque<std::pair<qint64, int>> m_pending;
    std::vector<EvalAnswer> m_answers;
    std::vector<RequestRecord> m_cancelledRequests;
    qint64 m_retries = 0;
    int m_workersRunning = 0;
    std::vector<std::thread> m_threads;
};

/// Stores a batch of answers: the tries that were repeated and the graders' calls as
/// requests of their own, then the results with the measurement of the try that counted.
void storeAnswers(Store &store, std::vector<EvalAnswer> &answers)
{
    std::vector<RequestRecord> sideRequests;
    std::vector<EvalResultRecord> results;
    std::vector<std::optional<RequestRecord>> requests;
    for (EvalAnswer &answer : answers) {
        sideRequests.insert(sideRequests.end(), answer.retriedAttempts.begin(), answer.retriedAttempts.end());
        sideRequests.insert(sideRequests.end(), answer.gradingRequests.begin(), answer.gradingRequests.end());
        results.push_back(std::move(answer.result));
        requests.push_back(std::move(answer.request));
    }
    store.addEvalSideRequests(sideRequests);
    store.addEvalResults(results, requests);
}

/// A claim older than this is let go: its process died without saying so.
constexpr qint64 kStaleClaimMs = 30'000;
/// How often a running run says it is alive.
constexpr qint64 kHeartbeatIntervalMs = 2'000;

/// Whether the process that claims a run still answers it. On this machine the process
/// table says so at once (a run killed a moment ago is free); elsewhere only the heartbeat.
bool claimIsAlive(const EvalRunClaim &claim)
{
    if (!claim.pid)
        return false;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!claim.heartbeatMs || now - *claim.heartbeatMs > kStaleClaimMs)
        return false;
    if (claim.host != QSysInfo::machineHostName())
        return true;
    return ::kill(pid_t(*claim.pid), 0) == 0 || errno == EPERM;
}

/// Takes the run for this process, or says who has it.
void claimRun(Store &store, qint64 runId)
{
    const EvalRunClaim claim = store.evalRunClaim(runId);
    const QString host = QSysInfo::machineHostName();
    const qint64 pid = QCoreApplication::applicationPid();
    if (claimIsAlive(claim) && !(claim.host == host && claim.pid == pid)) {
        throw EvalRunError(u"Run %1 is being answered by process %2 on %3; stop it there first."_s.arg(runId)
                               .arg(*claim.pid)
                               .arg(claim.host)
                               .toStdString());
    }
    if (!store.takeEvalRunClaim(runId, claim, host, pid))
        throw EvalRunError(u"Run %1 was taken by another process just now."_s.arg(runId).toStdString());
}

RunPlan planRun(const Store &store, const EvalRunRecord &run)
{
    RunPlan plan;
    plan.run = run;
    QString problem;
    const auto suite = readSuiteDefinition(run.definitionJson.toUtf8(), &problem);
    if (!suite)
        throw EvalRunError(u"The run's suite cannot be read: %1"_s.arg(problem).toStdString());
    plan.suite = *suite;

    const auto endpoint = run.endpointId > 0 ? store.endpoint(run.endpointId) : std::nullopt;
    if (!endpoint) {
        throw EvalRunError(
            u"The run's endpoint \"%1\" is no longer registered; start a new run."_s.arg(run.endpointName)
                .toStdString());
    }
    plan.endpoint = *endpoint;
    plan.items = readItems(store, plan.suite.datasetName, plan.suite.datasetVersion);
    if (qint64(plan.items.size()) != run.itemCount)
        throw EvalRunError("The run's dataset version does not hold the items it started with.");
    plan.messages = renderItems(plan.suite, plan.items);
    plan.gradingEndpoints = resolveGradingEndpoints(store, plan.suite, plan.endpoint);
    plan.prices = store.priceTable();
    return plan;
}

} // namespace

QString evalRunLimitsToJson(const EvalRunLimits &limits)
{
    const Json json = {{"concurrency", limits.concurrency},           {"requests_per_second", limits.requestsPerSecond},
                       {"tokens_per_minute", limits.tokensPerMinute}, {"max_attempts", limits.maxAttempts},
                       {"retry_backoff_ms", limits.retryBackoffMs},   {"max_retry_wait_ms", limits.maxRetryWaitMs}};
    return QString::fromStdString(json.dump());
}

EvalRunLimits evalRunLimitsFromJson(const QString &text)
{
    EvalRunLimits limits;
    const Json json = Json::parse(text.toStdString(), nullptr, false);
    if (!json.is_object())
        return limits;
    limits.concurrency = json.value("concurrency", limits.concurrency);
    limits.requestsPerSecond = json.value("requests_per_second", limits.requestsPerSecond);
    limits.tokensPerMinute = json.value("tokens_per_minute", limits.tokensPerMinute);
    limits.maxAttempts = json.value("max_attempts", limits.maxAttempts);
    limits.retryBackoffMs = json.value("retry_backoff_ms", limits.retryBackoffMs);
    limits.maxRetryWaitMs = json.value("max_retry_wait_ms", limits.maxRetryWaitMs);
    return limits;
}

QString evalRunLimitsProblem(const EvalRunLimits &limits)
{
    if (limits.concurrency < 1 || limits.concurrency > kMaxEvalConcurrency)
        return u"The concurrency must be from 1 to %1."_s.arg(kMaxEvalConcurrency);
    if (!(limits.requestsPerSecond >= 0) || !(limits.tokensPerMinute >= 0))
        return u"Rate limits must be 0 (none) or more."_s;
    if (limits.maxAttempts < 1 || limits.maxAttempts > 20)
        return u"The attempts per answer must be from 1 to 20."_s;
    if (limits.retryBackoffMs < 0 || limits.maxRetryWaitMs < 0)
        return u"Retry waits must be 0 or more."_s;
    return {};
}

EvalRunner::EvalRunner(Store &store)
    : m_store(store)
{
}

EvalRunRecord EvalRunner::createRun(const QString &suiteName, const Endpoint &endpoint, int repeats,
                                    const EvalRunLimits &limits, EvalRunSource source)
{
    if (repeats < 1 || repeats > kMaxEvalRepeats)
        throw EvalRunError(u"Repeats must be from 1 to %1."_s.arg(kMaxEvalRepeats).toStdString());
    if (const QString problem = evalRunLimitsProblem(limits); !problem.isEmpty())
        throw EvalRunError(problem.toStdString());

    EvalSuiteRecord stored;
    try {
        stored = m_store.evalSuite(suiteName);
    } catch (const StoreError &error) {
        if (error.kind() == StoreError::Kind::NotFound)
            throw EvalRunError(error.what());
        throw;
    }
    QString problem;
    auto suite = readSuiteDefinition(stored.definitionJson.toUtf8(), &problem);
    if (!suite)
        throw EvalRunError(u"The suite %1 cannot be read: %2"_s.arg(suiteName, problem).toStdString());

    // Pin what "latest" and labels mean now, so a resume answers the same questions.
    if (!suite->datasetVersion) {
        for (const DatasetVersionSummary &version : m_store.datasetVersions()) {
            if (version.name == suite->datasetName) {
                suite->datasetVersion = version.version;
                break;
            }
        }
        if (!suite->datasetVersion)
            throw EvalRunError(u"There is no dataset named %1."_s.arg(suite->datasetName).toStdString());
    }
    const std::vector<DatasetItem> items = readItems(m_store, suite->datasetName, suite->datasetVersion);
    if (suite->prompt && !suite->promptVersion) {
        try {
            const PromptVersion version = m_store.promptVersion(*suite->prompt);
            suite->promptVersion = version.version;
            suite->messages = version.content.messages;
            suite->parameters = overlaid(version.content.parameters, suite->parameters);
        } catch (const StoreError &error) {
            if (error.kind() == StoreError::Kind::NotFound)
                throw EvalRunError(error.what());
            throw;
        }
    }
    renderItems(*suite, items);
    resolveGradingEndpoints(m_store, *suite, endpoint);

    EvalRunRecord run;
    run.suiteName = suiteName;
    run.definitionJson = QString::fromUtf8(writeSuiteDefinition(*suite));
    run.endpointId = endpoint.id;
    run.endpointName = endpoint.name;
    run.model = endpoint.model;
    run.source = source;
    run.status = EvalRunStatus::Running;
    run.repeats = repeats;
    run.itemCount = qint64(items.size());
    run.limitsJson = evalRunLimitsToJson(limits);
    run.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    m_store.addEvalRun(run);
    return run;
}

EvalRunStatus EvalRunner::execute(qint64 runId, const std::atomic<bool> *cancelRequested,
                                  const EvalProgressCallback &onProgress)
{
    const auto run = m_store.evalRun(runId);
    if (!run)
        throw EvalRunError(u"There is no evaluation run %1."_s.arg(runId).toStdString());
    if (run->source == EvalRunSource::Promptfoo || run->source == EvalRunSource::LmEval)
        throw EvalRunError("An imported run has nothing to answer.");
    const RunPlan plan = planRun(m_store, *run);
    claimRun(m_store, runId);
    // However the run ends, its claim goes with it.
    const auto release = qScopeGuard([&] {
        try {
            m_store.releaseEvalRunClaim(runId);
        } catch (const StoreError &) {
            // A stale claim is let go by the next run after kStaleClaimMs anyway.
        }
    });

    // An answer that never came is asked for again: the endpoint may be back.
    m_store.removeFailedEvalResults(runId);
    const auto finished = m_store.finishedEvalAnswers(runId);
    std::deque<std::pair<qint64, int>> pending;
    for (qint64 position = 0; position < run->itemCount; ++position) {
        for (int repeat = 0; repeat < run->repeats; ++repeat) {
            if (!finished.contains({position, repeat}))
                pending.emplace_back(position, repeat);
        }
    }

    EvalProgress progress;
    progress.total = run->itemCount * run->repeats;
    progress.done = qint64(finished.size());
    progress.resumedFrom = progress.done;
    m_store.setEvalRunStatus(runId, EvalRunStatus::Running);
    if (onProgress)
        onProgress(progress);

    const int workers = int(
        std::min<std::size_t>(pending.size(), std::size_t(evalRunLimitsFromJson(run->limitsJson).concurrency)));
    RunWork work(plan, std::move(pending));
    work.startWorkers(workers);

    // The coordinator stores what the workers answered, a batch a turn, until they are done.
    QString failure;
    bool running = true;
    QElapsedTimer sinceHeartbeat;
    sinceHeartbeat.start();
    while (running) {
        if (cancelRequested && *cancelRequested)
            work.stop();
        if (sinceHeartbeat.elapsed() >= kHeartbeatIntervalMs && failure.isEmpty()) {
            try {
                m_store.touchEvalRunClaim(runId);
            } catch (const StoreError &) {
                // A busy store misses one beat; the claim stays good for kStaleClaimMs.
            }
            sinceHeartbeat.restart();
        }
        std::vector<EvalAnswer> answers;
        running = work.takeAnswers(answers, progress.retries);
        if (answers.empty() || !failure.isEmpty())
            continue;
        try {
            storeAnswers(m_store, answers);
        } catch (const StoreError &error) {
            failure = QString::fromUtf8(error.what());
            work.stop();
            continue;
        }
        progress.done += qint64(answers.size());
        for (const EvalAnswer &answer : answers)
            progress.failedRequests += answer.result.errorClass != ErrorClass::None ? 1 : 0;
        if (onProgress)
            onProgress(progress);
    }
    work.join();
    if (failure.isEmpty()) {
        try {
            m_store.addEvalSideRequests(work.takeCancelledRequests());
        } catch (const StoreError &error) {
            failure = QString::fromUtf8(error.what());
        }
    }

    if (!failure.isEmpty()) {
        m_store.setEvalRunStatus(runId, EvalRunStatus::Failed, failure);
        throw EvalRunError(u"Results could not be stored: %1"_s.arg(failure).toStdString());
    }
    const EvalRunStatus status = progress.done >= progress.total ? EvalRunStatus::Finished : EvalRunStatus::Cancelled;
    m_store.setEvalRunStatus(runId, status);
    return status;
}

} // namespace llmops
