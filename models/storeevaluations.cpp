// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Evaluation suites, runs, their scored answers and imported results.
#include "sqlitestatement.h"
#include "store.h"

#include <QDateTime>

#include <sqlite3.h>

#include <map>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

struct SourceKey {
    EvalRunSource source;
    const char *key;
};

constexpr SourceKey kSourceKeys[] = {
    {EvalRunSource::Console, "console"},
    {EvalRunSource::Cli, "llmopsctl"},
    {EvalRunSource::Promptfoo, "promptfoo"},
    {EvalRunSource::LmEval, "lm-eval"},
};

struct StatusKey {
    EvalRunStatus status;
    const char *key;
};

constexpr StatusKey kStatusKeys[] = {
    {EvalRunStatus::Running, "running"},
    {EvalRunStatus::Finished, "finished"},
    {EvalRunStatus::Cancelled, "cancelled"},
    {EvalRunStatus::Failed, "failed"},
};

constexpr const char *kRunColumns =
    "r.id, r.suite_name, r.definition_json, COALESCE(r.endpoint_id, 0), r.endpoint_name, r.model, r.source, "
    "r.status, r.repeats, r.item_count, r.limits_json, r.started_at_ms, r.finished_at_ms, r.error";

EvalRunRecord readRun(const SqliteStatement &row)
{
    EvalRunRecord run;
    run.id = row.int64(0);
    run.suiteName = row.text(1);
    run.definitionJson = row.text(2);
    run.endpointId = row.int64(3);
    run.endpointName = row.text(4);
    run.model = row.text(5);
    run.source = evalRunSourceFromKey(row.text(6)).value_or(EvalRunSource::Console);
    run.status = evalRunStatusFromKey(row.text(7)).value_or(EvalRunStatus::Failed);
    run.repeats = int(row.int64(8));
    run.itemCount = row.int64(9);
    run.limitsJson = row.text(10);
    run.startedAtMs = row.int64(11);
    run.finishedAtMs = row.optionalInt64(12);
    run.error = row.text(13);
    return run;
}

void insertRun(sqlite3 *db, EvalRunRecord &run)
{
    SqliteStatement insert(db,
                           "INSERT INTO eval_runs (suite_name, definition_json, endpoint_id, endpoint_name, model, "
                           "source, status, repeats, item_count, limits_json, started_at_ms, finished_at_ms, error) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
    insert.bind(1, run.suiteName);
    insert.bind(2, run.definitionJson);
    insert.bind(3, run.endpointId > 0 ? std::optional<qint64>(run.endpointId) : std::nullopt);
    insert.bind(4, run.endpointName);
    insert.bind(5, run.model);
    insert.bind(6, evalRunSourceKey(run.source));
    insert.bind(7, evalRunStatusKey(run.status));
    insert.bind(8, run.repeats);
    insert.bind(9, run.itemCount);
    insert.bind(10, run.limitsJson);
    insert.bind(11, run.startedAtMs);
    insert.bind(12, run.finishedAtMs);
    insert.bind(13, run.error);
    insert.execute();
    run.id = sqlite3_last_insert_rowid(db);
}

/// Adds the results and their scores inside the caller's transaction.
void insertResults(sqlite3 *db, qint64 runId, std::span<EvalResultRecord> results)
{
    SqliteStatement result(db,
                           "INSERT INTO eval_results (run_id, item_position, item_key, repeat, request_id, input_json, "
                           "expected, output, error_class, error_message, attempts, latency_ms, cost_usd, "
                           "input_tokens, output_tokens) "
                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    SqliteStatement score(db,
                          "INSERT INTO eval_scores (result_id, scorer, position, score, passed, explanation) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (EvalResultRecord &answer : results) {
        answer.runId = runId;
        result.reset();
        result.bind(1, runId);
        result.bind(2, answer.itemPosition);
        result.bind(3, answer.itemKey);
        result.bind(4, answer.repeat);
        result.bind(5, answer.requestId);
        result.bind(6, answer.inputJson);
        result.bind(7, answer.expected);
        result.bind(8, answer.output);
        result.bindStaticText(9, errorClassKeyLatin1(answer.errorClass));
        result.bind(10, answer.errorMessage);
        result.bind(11, answer.attempts);
        result.bind(12, answer.latencyMs);
        result.bind(13, answer.costUsd);
        result.bind(14, answer.inputTokens);
        result.bind(15, answer.outputTokens);
        result.execute();
        answer.id = sqlite3_last_insert_rowid(db);

        for (std::size_t position = 0; position < answer.scores.size(); ++position) {
            const EvalScoreRecord &verdict = answer.scores[position];
            score.reset();
            score.bind(1, answer.id);
            score.bind(2, verdict.scorer);
            score.bind(3, qint64(position));
            score.bind(4, verdict.score);
            score.bind(5, verdict.passed ? 1 : 0);
            score.bind(6, verdict.explanation);
            score.execute();
        }
    }
}

/// Whether the endpoint is still registered: one removed while a run went on takes its
/// requests with it, and an answer measured on it just then is kept without its row.
bool endpointExists(sqlite3 *db, qint64 endpointId)
{
    SqliteStatement select(db, "SELECT 1 FROM endpoints WHERE id = ?1");
    select.bind(1, endpointId);
    return select.step();
}

} // namespace

QString evalRunSourceKey(EvalRunSource source)
{
    for (const auto &entry : kSourceKeys) {
        if (entry.source == source)
            return QString::fromLatin1(entry.key);
    }
    return {};
}

std::optional<EvalRunSource> evalRunSourceFromKey(const QString &key)
{
    for (const auto &entry : kSourceKeys) {
        if (key == QLatin1StringView(entry.key))
            return entry.source;
    }
    return std::nullopt;
}

QString evalRunStatusKey(EvalRunStatus status)
{
    for (const auto &entry : kStatusKeys) {
        if (entry.status == status)
            return QString::fromLatin1(entry.key);
    }
    return {};
}

std::optional<EvalRunStatus> evalRunStatusFromKey(const QString &key)
{
    for (const auto &entry : kStatusKeys) {
        if (key == QLatin1StringView(entry.key))
            return entry.status;
    }
    return std::nullopt;
}

EvalSuiteRecord Store::saveEvalSuite(const QString &name, const QString &definitionJson)
{
    if (!isValidPromptName(name)) {
        throw StoreError(
            StoreError::Kind::Invalid,
            u"\"%1\" is not a suite name: use 1 to 64 letters, digits, \"-\", \"_\" and \".\"."_s.arg(name));
    }

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    SqliteStatement upsert(m_db,
                           "INSERT INTO eval_suites (name, definition_json, created_at_ms, updated_at_ms) "
                           "VALUES (?1, ?2, ?3, ?3) ON CONFLICT (name) DO UPDATE SET "
                           "definition_json = excluded.definition_json, updated_at_ms = excluded.updated_at_ms");
    upsert.bind(1, name);
    upsert.bind(2, definitionJson);
    upsert.bind(3, now);
    upsert.execute();
    return evalSuite(name);
}

std::vector<EvalSuiteRecord> Store::evalSuites() const
{
    SqliteStatement select(
        m_db, "SELECT id, name, definition_json, created_at_ms, updated_at_ms FROM eval_suites ORDER BY name");
    std::vector<EvalSuiteRecord> suites;
    while (select.step())
        suites.push_back({select.int64(0), select.text(1), select.text(2), select.int64(3), select.int64(4)});
    return suites;
}

EvalSuiteRecord Store::evalSuite(const QString &name) const
{
    SqliteStatement select(
        m_db, "SELECT id, name, definition_json, created_at_ms, updated_at_ms FROM eval_suites WHERE name = ?1");
    select.bind(1, name);
    if (!select.step())
        throw StoreError(StoreError::Kind::NotFound, u"There is no suite named %1."_s.arg(name));
    return {select.int64(0), select.text(1), select.text(2), select.int64(3), select.int64(4)};
}

void Store::removeEvalSuite(const QString &name)
{
    SqliteStatement remove(m_db, "DELETE FROM eval_suites WHERE name = ?1");
    remove.bind(1, name);
    remove.execute();
    if (sqlite3_changes(m_db) == 0)
        throw StoreError(StoreError::Kind::NotFound, u"There is no suite named %1."_s.arg(name));
}

void Store::addEvalRun(EvalRunRecord &run)
{
    insertRun(m_db, run);
}

void Store::setEvalRunStatus(qint64 runId, EvalRunStatus status, const QString &error)
{
    SqliteStatement update(m_db, "UPDATE eval_runs SET status = ?2, error = ?3, finished_at_ms = ?4 WHERE id = ?1");
    update.bind(1, runId);
    update.bind(2, evalRunStatusKey(status));
    update.bind(3, error);
    update.bind(4,
                status == EvalRunStatus::Running ? std::nullopt
                                                 : std::optional<qint64>(QDateTime::currentMSecsSinceEpoch()));
    update.execute();
    if (sqlite3_changes(m_db) == 0)
        throw StoreError(StoreError::Kind::NotFound, u"There is no evaluation run %1."_s.arg(runId));
}

void Store::setEvalRunLimits(qint64 runId, const QString &limitsJson)
{
    SqliteStatement update(m_db, "UPDATE eval_runs SET limits_json = ?2 WHERE id = ?1");
    update.bind(1, runId);
    update.bind(2, limitsJson);
    update.execute();
}

EvalRunClaim Store::evalRunClaim(qint64 runId) const
{
    SqliteStatement select(m_db, "SELECT runner_host, runner_pid, heartbeat_ms FROM eval_runs WHERE id = ?1");
    select.bind(1, runId);
    if (!select.step())
        throw StoreError(StoreError::Kind::NotFound, u"There is no evaluation run %1."_s.arg(runId));
    return {select.text(0), select.optionalInt64(1), select.optionalInt64(2)};
}

bool Store::takeEvalRunClaim(qint64 runId, const EvalRunClaim &expected, const QString &host, qint64 pid)
{
    SqliteStatement update(m_db,
                           "UPDATE eval_runs SET runner_host = ?2, runner_pid = ?3, heartbeat_ms = ?4 "
                           "WHERE id = ?1 AND runner_host = ?5 AND runner_pid IS ?6 AND heartbeat_ms IS ?7");
    update.bind(1, runId);
    update.bind(2, host);
    update.bind(3, pid);
    update.bind(4, QDateTime::currentMSecsSinceEpoch());
    update.bind(5, expected.host);
    update.bind(6, expected.pid);
    update.bind(7, expected.heartbeatMs);
    update.execute();
    return sqlite3_changes(m_db) == 1;
}

void Store::touchEvalRunClaim(qint64 runId)
{
    SqliteStatement update(m_db, "UPDATE eval_runs SET heartbeat_ms = ?2 WHERE id = ?1");
    update.bind(1, runId);
    update.bind(2, QDateTime::currentMSecsSinceEpoch());
    update.execute();
}

void Store::releaseEvalRunClaim(qint64 runId)
{
    SqliteStatement update(
        m_db, "UPDATE eval_runs SET runner_host = '', runner_pid = NULL, heartbeat_ms = NULL WHERE id = ?1");
    update.bind(1, runId);
    update.execute();
}

void Store::addEvalResults(std::span<EvalResultRecord> results, std::span<const std::optional<RequestRecord>> requests)
{
    if (results.empty())
        return;

    SqliteTransaction transaction(m_db);
    std::vector<RequestRecord> measured;
    std::vector<std::size_t> measuredResult;
    std::map<qint64, bool> registered;
    for (std::size_t index = 0; index < results.size() && index < requests.size(); ++index) {
        if (!requests[index])
            continue;
        const qint64 endpointId = requests[index]->endpointId;
        if (!registered.contains(endpointId))
            registered[endpointId] = endpointExists(m_db, endpointId);
        if (registered[endpointId]) {
            measured.push_back(*requests[index]);
            measuredResult.push_back(index);
        }
    }
    const std::vector<qint64> requestIds = insertRequests(measured);
    for (std::size_t index = 0; index < requestIds.size(); ++index)
        results[measuredResult[index]].requestId = requestIds[index];

    insertResults(m_db, results.front().runId, results);
    transaction.commit();
}

void Store::addEvalSideRequests(std::span<const RequestRecord> requests)
{
    if (requests.empty())
        return;
    SqliteTransaction transaction(m_db);
    std::vector<RequestRecord> kept;
    std::map<qint64, bool> registered;
    for (const RequestRecord &request : requests) {
        if (!registered.contains(request.endpointId))
            registered[request.endpointId] = endpointExists(m_db, request.endpointId);
        if (registered[request.endpointId])
            kept.push_back(request);
    }
    insertRequests(kept);
    transaction.commit();
}

std::vector<EvalRunSummary> Store::evalRuns(const QString &suiteName) const
{
    const QByteArray sql = QByteArray("SELECT ") + kRunColumns
        + ", (SELECT COUNT(*) FROM eval_results e WHERE e.run_id = r.id), "
          "(SELECT COUNT(*) FROM eval_results e WHERE e.run_id = r.id AND e.error_class != 'none') "
          "FROM eval_runs r WHERE ?1 IS NULL OR r.suite_name = ?1 ORDER BY r.started_at_ms DESC, r.id DESC";
    SqliteStatement select(m_db, sql.constData());
    select.bind(1, suiteName.isEmpty() ? std::nullopt : std::optional<QString>(suiteName));
    std::vector<EvalRunSummary> runs;
    while (select.step())
        runs.push_back({readRun(select), select.int64(14), select.int64(15)});
    return runs;
}

std::optional<EvalRunRecord> Store::evalRun(qint64 runId) const
{
    const QByteArray sql = QByteArray("SELECT ") + kRunColumns + " FROM eval_runs r WHERE r.id = ?1";
    SqliteStatement select(m_db, sql.constData());
    select.bind(1, runId);
    if (!select.step())
        return std::nullopt;
    return readRun(select);
}

std::vector<EvalResultRecord> Store::evalResults(qint64 runId) const
{
    SqliteStatement select(m_db,
                           "SELECT id, item_position, item_key, repeat, request_id, input_json, expected, "
                           "output, error_class, error_message, attempts, latency_ms, cost_usd, input_tokens, "
                           "output_tokens FROM eval_results WHERE run_id = ?1 ORDER BY item_position, repeat");
    select.bind(1, runId);
    std::vector<EvalResultRecord> results;
    std::unordered_map<qint64, std::size_t> indexById;
    while (select.step()) {
        EvalResultRecord result;
        result.id = select.int64(0);
        result.runId = runId;
        result.itemPosition = select.int64(1);
        result.itemKey = select.text(2);
        result.repeat = int(select.int64(3));
        result.requestId = select.optionalInt64(4);
        result.inputJson = select.text(5);
        if (!select.isNull(6))
            result.expected = select.text(6);
        result.output = select.text(7);
        result.errorClass = errorClassFromKey(select.text(8)).value_or(ErrorClass::Internal);
        result.errorMessage = select.text(9);
        result.attempts = int(select.int64(10));
        result.latencyMs = select.optionalReal(11);
        result.costUsd = select.optionalReal(12);
        result.inputTokens = select.optionalInt64(13);
        result.outputTokens = select.optionalInt64(14);
        indexById.emplace(result.id, results.size());
        results.push_back(std::move(result));
    }

    SqliteStatement scores(m_db,
                           "SELECT s.result_id, s.scorer, s.score, s.passed, s.explanation FROM eval_scores s "
                           "JOIN eval_results e ON e.id = s.result_id WHERE e.run_id = ?1 "
                           "ORDER BY s.result_id, s.position");
    scores.bind(1, runId);
    while (scores.step()) {
        const auto found = indexById.find(scores.int64(0));
        if (found == indexById.end())
            continue;
        results[found->second].scores.push_back(
            {scores.text(1), scores.optionalReal(2), scores.int64(3) != 0, scores.text(4)});
    }
    return results;
}

qint64 Store::removeFailedEvalResults(qint64 runId)
{
    SqliteStatement remove(m_db, "DELETE FROM eval_results WHERE run_id = ?1 AND error_class != 'none'");
    remove.bind(1, runId);
    remove.execute();
    return sqlite3_changes(m_db);
}

std::set<std::pair<qint64, int>> Store::finishedEvalAnswers(qint64 runId) const
{
    SqliteStatement select(m_db, "SELECT item_position, repeat FROM eval_results WHERE run_id = ?1");
    select.bind(1, runId);
    std::set<std::pair<qint64, int>> finished;
    while (select.step())
        finished.emplace(select.int64(0), int(select.int64(1)));
    return finished;
}

std::vector<EvalRunMetric> Store::evalRunMetrics(qint64 runId) const
{
    SqliteStatement select(m_db,
                           "SELECT task, metric, value, standard_error, sample_count FROM eval_run_metrics "
                           "WHERE run_id = ?1 ORDER BY task, metric");
    select.bind(1, runId);
    std::vector<EvalRunMetric> metrics;
    while (select.step()) {
        metrics.push_back(
            {select.text(0), select.text(1), select.real(2), select.optionalReal(3), select.optionalInt64(4)});
    }
    return metrics;
}

std::map<qint64, std::vector<std::pair<QString, double>>> Store::evalMeanScores(const QString &suiteName) const
{
    SqliteStatement select(m_db,
                           "SELECT r.id, s.scorer, AVG(s.score) FROM eval_runs r "
                           "JOIN eval_results e ON e.run_id = r.id JOIN eval_scores s ON s.result_id = e.id "
                           "WHERE r.suite_name = ?1 AND r.status = 'finished' AND s.score IS NOT NULL "
                           "GROUP BY r.id, s.scorer ORDER BY r.id, MIN(s.position)");
    select.bind(1, suiteName);
    std::map<qint64, std::vector<std::pair<QString, double>>> means;
    while (select.step())
        means[select.int64(0)].emplace_back(select.text(1), select.real(2));
    return means;
}

void Store::addImportedEvaluation(ImportedEvaluation &imported)
{
    SqliteTransaction transaction(m_db);
    insertRun(m_db, imported.run);
    insertResults(m_db, imported.run.id, imported.results);

    SqliteStatement metric(m_db,
                           "INSERT INTO eval_run_metrics (run_id, task, metric, value, standard_error, "
                           "sample_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const EvalRunMetric &figure : imported.metrics) {
        metric.reset();
        metric.bind(1, imported.run.id);
        metric.bind(2, figure.task);
        metric.bind(3, figure.metric);
        metric.bind(4, figure.value);
        metric.bind(5, figure.standardError);
        metric.bind(6, figure.sampleCount);
        metric.execute();
    }
    transaction.commit();
}

void Store::removeEvalRun(qint64 runId)
{
    SqliteStatement remove(m_db, "DELETE FROM eval_runs WHERE id = ?1");
    remove.bind(1, runId);
    remove.execute();
    if (sqlite3_changes(m_db) == 0)
        throw StoreError(StoreError::Kind::NotFound, u"There is no evaluation run %1."_s.arg(runId));
}

} // namespace llmops
