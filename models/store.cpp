// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "store.h"

#include "sqlitestatement.h"
#include "statistics.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <array>
#include <map>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

// Each entry moves the schema from version i to i + 1. Applied entries never change:
// a new schema change is a new entry at the end.
const std::array<const char *, 1> kMigrations = {
    R"sql(
    CREATE TABLE endpoints (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('openai', 'ollama')),
        base_url TEXT NOT NULL,
        model TEXT NOT NULL,
        api_key_env TEXT NOT NULL DEFAULT '',
        headers_json TEXT NOT NULL DEFAULT '[]',
        environment TEXT NOT NULL DEFAULT '',
        probe_interval_s INTEGER NOT NULL CHECK (probe_interval_s >= 1),
        probe_prompt TEXT NOT NULL,
        max_tokens INTEGER NOT NULL CHECK (max_tokens >= 1),
        timeout_s INTEGER NOT NULL CHECK (timeout_s >= 1)
    );

    CREATE TABLE requests (
        id INTEGER PRIMARY KEY,
        endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        started_at_ms INTEGER NOT NULL,
        source TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cancelled')),
        http_status INTEGER,
        error_class TEXT NOT NULL DEFAULT 'none',
        error_message TEXT NOT NULL DEFAULT '',
        retry_after_ms INTEGER,
        latency_ms REAL NOT NULL,
        ttft_ms REAL,
        input_tokens INTEGER,
        output_tokens INTEGER,
        tokens_reported INTEGER NOT NULL DEFAULT 0,
        tokens_per_s REAL,
        response_model TEXT NOT NULL DEFAULT '',
        finish_reason TEXT NOT NULL DEFAULT ''
    );

    -- Covering indexes: aggregates read only the index, never the table.
    CREATE INDEX requests_by_endpoint_time ON requests
        (endpoint_id, started_at_ms, status, latency_ms, ttft_ms, tokens_per_s, output_tokens);
    CREATE INDEX requests_by_time ON requests
        (started_at_ms, status, latency_ms, ttft_ms, tokens_per_s, output_tokens);
    )sql",
};

QString headersToJson(const HeaderList &headers)
{
    auto array = nlohmann::json::array();
    for (const auto &[name, value] : headers)
        array.push_back({name.toStdString(), value.toStdString()});
    return QString::fromStdString(array.dump());
}

HeaderList headersFromJson(const QString &text)
{
    HeaderList headers;
    const auto array = nlohmann::json::parse(text.toStdString(), nullptr, false);
    if (!array.is_array())
        return headers;
    for (const auto &pair : array) {
        if (pair.is_array() && pair.size() == 2 && pair[0].is_string() && pair[1].is_string())
            headers.append({QString::fromStdString(pair[0].get<std::string>()),
                            QString::fromStdString(pair[1].get<std::string>())});
    }
    return headers;
}

constexpr const char *kEndpointColumns =
    "id, name, kind, base_url, model, api_key_env, headers_json, environment, probe_interval_s, "
    "probe_prompt, max_tokens, timeout_s";

Endpoint readEndpoint(const SqliteStatement &row)
{
    Endpoint endpoint;
    endpoint.id = row.int64(0);
    endpoint.name = row.text(1);
    endpoint.kind = endpointKindFromKey(row.text(2)).value_or(EndpointKind::OpenAiChat);
    endpoint.baseUrl = row.text(3);
    endpoint.model = row.text(4);
    endpoint.apiKeyEnv = row.text(5);
    endpoint.extraHeaders = headersFromJson(row.text(6));
    endpoint.environment = row.text(7);
    endpoint.probeIntervalS = int(row.int64(8));
    endpoint.probePrompt = row.text(9);
    endpoint.maxTokens = int(row.int64(10));
    endpoint.timeoutS = int(row.int64(11));
    return endpoint;
}

void bindEndpointFields(SqliteStatement &statement, const Endpoint &endpoint)
{
    statement.bind(1, endpoint.name);
    statement.bind(2, endpointKindKey(endpoint.kind));
    statement.bind(3, endpoint.baseUrl);
    statement.bind(4, endpoint.model);
    statement.bind(5, endpoint.apiKeyEnv);
    statement.bind(6, headersToJson(endpoint.extraHeaders));
    statement.bind(7, endpoint.environment);
    statement.bind(8, endpoint.probeIntervalS);
    statement.bind(9, endpoint.probePrompt);
    statement.bind(10, endpoint.maxTokens);
    statement.bind(11, endpoint.timeoutS);
}

constexpr const char *kInsertRequest =
    "INSERT INTO requests (endpoint_id, started_at_ms, source, status, http_status, error_class, "
    "error_message, retry_after_ms, latency_ms, ttft_ms, input_tokens, output_tokens, tokens_reported, "
    "tokens_per_s, response_model, finish_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

void bindRequest(SqliteStatement &statement, const RequestRecord &record)
{
    statement.bind(1, record.endpointId);
    statement.bind(2, record.startedAtMs);
    statement.bind(3, requestSourceKey(record.source));
    statement.bind(4, requestStatusKey(record.status));
    statement.bind(5, record.httpStatus);
    statement.bind(6, errorClassKey(record.errorClass));
    statement.bind(7, record.errorMessage);
    statement.bind(8, record.retryAfterMs);
    statement.bind(9, record.latencyMs);
    statement.bind(10, record.ttftMs);
    statement.bind(11, record.inputTokens);
    statement.bind(12, record.outputTokens);
    statement.bind(13, qint64(record.tokensReported ? 1 : 0));
    statement.bind(14, record.tokensPerSecond);
    statement.bind(15, record.responseModel);
    statement.bind(16, record.finishReason);
}

RequestRecord readRequest(const SqliteStatement &row)
{
    RequestRecord record;
    record.id = row.int64(0);
    record.endpointId = row.int64(1);
    record.startedAtMs = row.int64(2);
    record.source = requestSourceFromKey(row.text(3)).value_or(RequestSource::Probe);
    record.status = requestStatusFromKey(row.text(4)).value_or(RequestStatus::Error);
    if (const auto httpStatus = row.optionalInt64(5))
        record.httpStatus = int(*httpStatus);
    record.errorClass = errorClassFromKey(row.text(6)).value_or(ErrorClass::None);
    record.errorMessage = row.text(7);
    record.retryAfterMs = row.optionalInt64(8);
    record.latencyMs = row.real(9);
    record.ttftMs = row.optionalReal(10);
    record.inputTokens = row.optionalInt64(11);
    record.outputTokens = row.optionalInt64(12);
    record.tokensReported = row.int64(13) != 0;
    record.tokensPerSecond = row.optionalReal(14);
    record.responseModel = row.text(15);
    record.finishReason = row.text(16);
    return record;
}

/// Collects the per-request figures of one aggregate before the percentiles are taken.
struct AggregateAccumulator {
    RequestAggregate figures;
    std::vector<double> latencies;
    std::vector<double> ttfts;
    std::vector<double> decodeRates;

    void add(const SqliteStatement &row)
    {
        // Columns: status, latency_ms, ttft_ms, tokens_per_s, output_tokens.
        ++figures.count;
        const QString status = row.text(0);
        if (status == u"ok") {
            ++figures.okCount;
            latencies.push_back(row.real(1));
        } else if (status == u"error") {
            ++figures.errorCount;
        }
        if (!row.isNull(2))
            ttfts.push_back(row.real(2));
        if (!row.isNull(3))
            decodeRates.push_back(row.real(3));
        figures.outputTokens += row.int64(4);
    }

    RequestAggregate finish()
    {
        static constexpr std::array<double, 3> latencyQuantiles = {0.50, 0.95, 0.99};
        const auto latency = quantilesInPlace(latencies, latencyQuantiles);
        figures.latencyP50Ms = latency[0];
        figures.latencyP95Ms = latency[1];
        figures.latencyP99Ms = latency[2];

        static constexpr std::array<double, 2> ttftQuantiles = {0.50, 0.95};
        const auto ttft = quantilesInPlace(ttfts, ttftQuantiles);
        figures.ttftP50Ms = ttft[0];
        figures.ttftP95Ms = ttft[1];

        figures.tokensPerSecondMean = mean(decodeRates);
        return figures;
    }
};

/// Prepares the scan that both aggregate() and series() read, oldest request first.
/// Columns: status, latency_ms, ttft_ms, tokens_per_s, output_tokens, started_at_ms.
std::unique_ptr<SqliteStatement> prepareAggregateScan(sqlite3 *db, const AggregateQuery &query)
{
    const char *sql = query.endpointId
        ? "SELECT status, latency_ms, ttft_ms, tokens_per_s, output_tokens, started_at_ms FROM requests "
          "INDEXED BY requests_by_endpoint_time "
          "WHERE endpoint_id = ?3 AND started_at_ms >= ?1 AND started_at_ms < ?2 ORDER BY started_at_ms"
        : "SELECT status, latency_ms, ttft_ms, tokens_per_s, output_tokens, started_at_ms FROM requests "
          "INDEXED BY requests_by_time "
          "WHERE started_at_ms >= ?1 AND started_at_ms < ?2 ORDER BY started_at_ms";

    auto scan = std::make_unique<SqliteStatement>(db, sql);
    scan->bind(1, query.fromMs);
    scan->bind(2, query.toMs);
    if (query.endpointId)
        scan->bind(3, *query.endpointId);
    return scan;
}

qint64 bucketStart(qint64 timeMs, qint64 bucketMs)
{
    // Floor division, so that times before the epoch land in the right bucket too.
    const qint64 quotient = timeMs / bucketMs;
    return (timeMs % bucketMs < 0 ? quotient - 1 : quotient) * bucketMs;
}

} // namespace

StoreError::StoreError(Kind kind, const QString &message)
    : std::runtime_error(message.toStdString())
    , m_kind(kind)
{
}

std::unique_ptr<Store> Store::open(const QString &path)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath()))
        throw StoreError(StoreError::Kind::CannotOpen, u"Cannot create the folder %1"_s.arg(info.absolutePath()));

    // Create the file ourselves so that it is private from its first byte; SQLite gives the
    // -wal and -shm files the same permissions as the database file.
    if (!info.exists()) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            throw StoreError(StoreError::Kind::CannotOpen, u"Cannot create %1: %2"_s.arg(path, file.errorString()));
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    }

    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const QString reason = db ? QString::fromUtf8(sqlite3_errmsg(db)) : u"out of memory"_s;
        sqlite3_close(db);
        throw StoreError(StoreError::Kind::CannotOpen, u"Cannot open %1: %2"_s.arg(path, reason));
    }

    std::unique_ptr<Store> store(new Store(db, path));
    store->configureConnection();
    store->migrate();
    return store;
}

QString Store::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + u"/store.sqlite"_s;
}

int Store::currentSchemaVersion()
{
    return int(kMigrations.size());
}

Store::Store(sqlite3 *db, QString path)
    : m_db(db)
    , m_path(std::move(path))
{
}

Store::~Store()
{
    sqlite3_close_v2(m_db);
}

void Store::configureConnection()
{
    sqlite3_busy_timeout(m_db, 5000);
    sqlite3_extended_result_codes(m_db, 1);

    // WAL lets dashboards read while collectors write; synchronous=NORMAL in WAL mode keeps
    // every committed transaction across a process crash (only a power cut can lose the last).
    executeSql(m_db, "PRAGMA journal_mode = WAL");
    executeSql(m_db, "PRAGMA synchronous = NORMAL");
    executeSql(m_db, "PRAGMA foreign_keys = ON");

    SqliteStatement check(m_db, "PRAGMA journal_mode");
    if (!check.step() || check.text(0) != u"wal")
        throw StoreError(StoreError::Kind::CannotOpen, u"%1 cannot be put in WAL mode"_s.arg(m_path));
}

int Store::schemaVersion() const
{
    SqliteStatement version(m_db, "PRAGMA user_version");
    version.step();
    return int(version.int64(0));
}

void Store::migrate()
{
    SqliteTransaction transaction(m_db);

    const int from = schemaVersion();
    if (from > currentSchemaVersion()) {
        throw StoreError(StoreError::Kind::SchemaTooNew,
                         u"%1 has schema version %2; this program knows up to %3. Use a newer version."_s.arg(
                             m_path, QString::number(from), QString::number(currentSchemaVersion())));
    }

    for (int version = from; version < currentSchemaVersion(); ++version)
        executeSql(m_db, kMigrations[std::size_t(version)]);

    const QByteArray setVersion = "PRAGMA user_version = " + QByteArray::number(currentSchemaVersion());
    executeSql(m_db, setVersion.constData());
    transaction.commit();
}

std::vector<Endpoint> Store::endpoints() const
{
    SqliteStatement select(m_db, (std::string("SELECT ") + kEndpointColumns + " FROM endpoints ORDER BY name").c_str());
    std::vector<Endpoint> result;
    while (select.step())
        result.push_back(readEndpoint(select));
    return result;
}

std::optional<Endpoint> Store::endpoint(qint64 id) const
{
    SqliteStatement select(m_db, (std::string("SELECT ") + kEndpointColumns + " FROM endpoints WHERE id = ?").c_str());
    select.bind(1, id);
    if (!select.step())
        return std::nullopt;
    return readEndpoint(select);
}

std::optional<Endpoint> Store::endpointByName(const QString &name) const
{
    SqliteStatement select(m_db,
                           (std::string("SELECT ") + kEndpointColumns + " FROM endpoints WHERE name = ?").c_str());
    select.bind(1, name);
    if (!select.step())
        return std::nullopt;
    return readEndpoint(select);
}

qint64 Store::addEndpoint(const Endpoint &endpoint)
{
    SqliteStatement insert(m_db, "INSERT INTO endpoints (name, kind, base_url, model, api_key_env, headers_json, "
                                 "environment, probe_interval_s, probe_prompt, max_tokens, timeout_s) "
                                 "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
    bindEndpointFields(insert, endpoint);
    try {
        insert.execute();
    } catch (const StoreError &error) {
        if (error.kind() == StoreError::Kind::DuplicateName)
            throw StoreError(error.kind(), u"An endpoint named %1 already exists."_s.arg(endpoint.name));
        throw;
    }
    return sqlite3_last_insert_rowid(m_db);
}

void Store::updateEndpoint(const Endpoint &endpoint)
{
    SqliteStatement update(m_db, "UPDATE endpoints SET name = ?1, kind = ?2, base_url = ?3, model = ?4, "
                                 "api_key_env = ?5, headers_json = ?6, environment = ?7, probe_interval_s = ?8, "
                                 "probe_prompt = ?9, max_tokens = ?10, timeout_s = ?11 WHERE id = ?12");
    bindEndpointFields(update, endpoint);
    update.bind(12, endpoint.id);
    try {
        update.execute();
    } catch (const StoreError &error) {
        if (error.kind() == StoreError::Kind::DuplicateName)
            throw StoreError(error.kind(), u"An endpoint named %1 already exists."_s.arg(endpoint.name));
        throw;
    }
    if (sqlite3_changes(m_db) == 0)
        throw StoreError(StoreError::Kind::NotFound, u"There is no endpoint with id %1."_s.arg(endpoint.id));
}

bool Store::removeEndpoint(qint64 id)
{
    SqliteTransaction transaction(m_db);
    SqliteStatement remove(m_db, "DELETE FROM endpoints WHERE id = ?");
    remove.bind(1, id);
    remove.execute();
    const bool removed = sqlite3_changes(m_db) > 0;
    transaction.commit();
    return removed;
}

qint64 Store::addRequest(const RequestRecord &record)
{
    SqliteStatement insert(m_db, kInsertRequest);
    bindRequest(insert, record);
    insert.execute();
    return sqlite3_last_insert_rowid(m_db);
}

void Store::addRequests(std::span<const RequestRecord> records)
{
    SqliteTransaction transaction(m_db);
    SqliteStatement insert(m_db, kInsertRequest);
    for (const auto &record : records) {
        bindRequest(insert, record);
        insert.execute();
    }
    transaction.commit();
}

std::vector<RequestRecord> Store::recentRequests(std::optional<qint64> endpointId, int limit) const
{
    const char *sql = endpointId
        ? "SELECT id, endpoint_id, started_at_ms, source, status, http_status, error_class, error_message, "
          "retry_after_ms, latency_ms, ttft_ms, input_tokens, output_tokens, tokens_reported, tokens_per_s, "
          "response_model, finish_reason FROM requests WHERE endpoint_id = ?2 "
          "ORDER BY started_at_ms DESC, id DESC LIMIT ?1"
        : "SELECT id, endpoint_id, started_at_ms, source, status, http_status, error_class, error_message, "
          "retry_after_ms, latency_ms, ttft_ms, input_tokens, output_tokens, tokens_reported, tokens_per_s, "
          "response_model, finish_reason FROM requests ORDER BY started_at_ms DESC, id DESC LIMIT ?1";
    SqliteStatement select(m_db, sql);
    select.bind(1, limit);
    if (endpointId)
        select.bind(2, *endpointId);

    std::vector<RequestRecord> result;
    while (select.step())
        result.push_back(readRequest(select));
    return result;
}

qint64 Store::requestCount(std::optional<qint64> endpointId) const
{
    SqliteStatement count(m_db, endpointId ? "SELECT count(*) FROM requests WHERE endpoint_id = ?"
                                           : "SELECT count(*) FROM requests");
    if (endpointId)
        count.bind(1, *endpointId);
    count.step();
    return count.int64(0);
}

RequestAggregate Store::aggregate(const AggregateQuery &query) const
{
    const auto scan = prepareAggregateScan(m_db, query);
    AggregateAccumulator accumulator;
    while (scan->step())
        accumulator.add(*scan);
    return accumulator.finish();
}

std::vector<AggregateBucket> Store::series(const AggregateQuery &query, qint64 bucketMs) const
{
    Q_ASSERT(bucketMs > 0);
    const auto scan = prepareAggregateScan(m_db, query);

    // Rows arrive oldest first, so a bucket is complete as soon as a row of a later one comes.
    std::vector<AggregateBucket> buckets;
    std::optional<qint64> currentStart;
    AggregateAccumulator accumulator;
    while (scan->step()) {
        const qint64 start = bucketStart(scan->int64(5), bucketMs);
        if (currentStart && *currentStart != start) {
            buckets.push_back({*currentStart, accumulator.finish()});
            accumulator = {};
        }
        currentStart = start;
        accumulator.add(*scan);
    }
    if (currentStart)
        buckets.push_back({*currentStart, accumulator.finish()});
    return buckets;
}

} // namespace llmops
