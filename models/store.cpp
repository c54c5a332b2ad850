// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "store.h"

#include "requestfigures.h"
#include "sqlitestatement.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QThread>

#include <nlohmann/json.hpp>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <map>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

// Each entry moves the schema from version i to i + 1. Applied entries never change:
// a new schema change is a new entry at the end.
const std::array<const char *, 12> kMigrations = {
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
        -- OR rather than IN: an IN list builds a temporary index on every insert.
        status TEXT NOT NULL CHECK (status = 'ok' OR status = 'error' OR status = 'cancelled'),
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

    CREATE INDEX requests_by_endpoint_time ON requests (endpoint_id, started_at_ms);
    CREATE INDEX requests_by_time ON requests (started_at_ms);

    -- One row per endpoint and minute with every figure of that minute's requests, kept in
    -- step with the requests table in the same transaction. Dashboards read a day as 1,440
    -- rows instead of every request, and the percentiles stay exact.
    CREATE TABLE request_minutes (
        endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        minute_ms INTEGER NOT NULL,
        count INTEGER NOT NULL,
        ok_count INTEGER NOT NULL,
        error_count INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        latencies BLOB NOT NULL,    -- float64 little-endian, successful requests only
        ttfts BLOB NOT NULL,
        decode_rates BLOB NOT NULL,
        PRIMARY KEY (endpoint_id, minute_ms)
    ) WITHOUT ROWID;
    CREATE INDEX request_minutes_by_minute ON request_minutes (minute_ms);
    )sql",

    // The dashboard lists and counts the failures of a range: a partial index holds only
    // them, so both stay quick however many successful requests surround them, and it covers
    // the count by class without a visit to the rows.
    R"sql(
    CREATE INDEX requests_failures_by_time ON requests (started_at_ms, endpoint_id, error_class)
        WHERE status = 'error';
    )sql",

    // Traces taken in over OTLP. Spans keep every field they came with; traces hold one
    // row per trace, summed up as its spans arrive, so that the trace list reads one row a
    // trace in the order of an index however many spans there are.
    R"sql(
    CREATE TABLE spans (
        id INTEGER PRIMARY KEY,
        trace_id BLOB NOT NULL,
        span_id BLOB NOT NULL,
        parent_span_id BLOB,
        name TEXT NOT NULL,
        kind INTEGER NOT NULL,
        start_ns INTEGER NOT NULL,
        end_ns INTEGER NOT NULL,
        status INTEGER NOT NULL,
        status_message TEXT NOT NULL,
        service TEXT NOT NULL,
        scope TEXT NOT NULL,
        operation TEXT NOT NULL,
        provider TEXT NOT NULL,
        request_model TEXT NOT NULL,
        response_model TEXT NOT NULL,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cache_read_tokens INTEGER,
        cache_write_tokens INTEGER,
        reasoning_tokens INTEGER,
        cost_usd REAL,
        ttft_ms REAL,
        conversation_id TEXT NOT NULL,
        agent_name TEXT NOT NULL,
        tool_name TEXT NOT NULL,
        error_type TEXT NOT NULL,
        finish_reasons TEXT NOT NULL,
        input_messages TEXT NOT NULL,
        output_messages TEXT NOT NULL,
        attributes TEXT NOT NULL,
        events TEXT NOT NULL,
        links TEXT NOT NULL,
        resource TEXT NOT NULL,
        warnings TEXT NOT NULL
    );
    -- A span sent twice is the same span: the second copy is ignored.
    CREATE UNIQUE INDEX spans_by_trace ON spans (trace_id, span_id);

    CREATE TABLE traces (
        id INTEGER PRIMARY KEY,
        trace_id BLOB NOT NULL UNIQUE,
        start_ns INTEGER NOT NULL,
        end_ns INTEGER NOT NULL,
        duration_ns INTEGER NOT NULL,
        name TEXT NOT NULL,
        has_root INTEGER NOT NULL,
        service TEXT NOT NULL,
        model TEXT NOT NULL,
        span_count INTEGER NOT NULL,
        error_count INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        total_tokens INTEGER NOT NULL,
        cost_usd REAL,
        conversation_id TEXT NOT NULL
    );
    CREATE INDEX traces_by_start ON traces (start_ns);
    CREATE INDEX traces_by_duration ON traces (duration_ns);
    CREATE INDEX traces_by_cost ON traces (coalesce(cost_usd, -1));
    CREATE INDEX traces_by_tokens ON traces (total_tokens);
    CREATE INDEX traces_by_service ON traces (service, start_ns);
    CREATE INDEX traces_by_model ON traces (model, start_ns);
    CREATE INDEX traces_by_conversation ON traces (conversation_id, start_ns) WHERE conversation_id <> '';

    -- Full-text search over prompts, answers and tool calls; its rowid is the span's id.
    CREATE VIRTUAL TABLE span_search USING fts5(text, content = '');

    CREATE TABLE model_prices (
        id INTEGER PRIMARY KEY,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        input_per_million REAL NOT NULL,
        output_per_million REAL NOT NULL,
        cached_input_per_million REAL,
        cache_write_per_million REAL,
        reasoning_per_million REAL,
        UNIQUE (provider, model)
    );
    CREATE TABLE store_settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    )sql",

    // A span's messages are read from its attributes and events when it is shown, rather
    // than stored a second time beside them: the rows shrink by a third and intake gains as
    // much (bench_otlpintake).
    R"sql(
    ALTER TABLE spans DROP COLUMN input_messages;
    ALTER TABLE spans DROP COLUMN output_messages;
    )sql",

    // Traced model calls are measured like probes, on an endpoint per service and model
    // that trace intake makes and the probes leave alone.
    R"sql(
    ALTER TABLE endpoints ADD COLUMN traced INTEGER NOT NULL DEFAULT 0 CHECK (traced = 0 OR traced = 1);
    )sql",

    // What one transaction adds to a minute's rollup, kept apart until the minute has
    // gathered a few such parts and merged then: appending to the minute's row rewrites its
    // whole blob of latencies, which at a thousand traced calls a second costs more than the
    // calls themselves. Readers add the parts to the rows.
    R"sql(
    CREATE TABLE request_minute_parts (
        id INTEGER PRIMARY KEY,
        endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        minute_ms INTEGER NOT NULL,
        count INTEGER NOT NULL,
        ok_count INTEGER NOT NULL,
        error_count INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        latencies BLOB NOT NULL,
        ttfts BLOB NOT NULL,
        decode_rates BLOB NOT NULL
    );
    CREATE INDEX request_minute_parts_by_endpoint ON request_minute_parts (endpoint_id, minute_ms);
    CREATE INDEX request_minute_parts_by_minute ON request_minute_parts (minute_ms);
    )sql",

    // Server metrics scraped from each endpoint's Prometheus /metrics: a row per series,
    // raw samples for a recent window (NULL value: NaN, which SQLite cannot keep as REAL),
    // five-minute rollups for longer, and each scrape's health.
    R"sql(
    ALTER TABLE endpoints ADD COLUMN metrics_url TEXT NOT NULL DEFAULT '';
    ALTER TABLE endpoints ADD COLUMN metrics_interval_s INTEGER NOT NULL DEFAULT 15 CHECK (metrics_interval_s >= 0);
    ALTER TABLE endpoints ADD COLUMN metrics_token_env TEXT NOT NULL DEFAULT '';

    CREATE TABLE metric_series (
        id INTEGER PRIMARY KEY,
        endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        family TEXT NOT NULL,
        type TEXT NOT NULL,
        help TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        labels TEXT NOT NULL,
        upper_bound REAL,
        UNIQUE (endpoint_id, name, labels)
    );
    CREATE INDEX metric_series_by_family ON metric_series (endpoint_id, family);

    CREATE TABLE metric_samples (
        series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
        at_ms INTEGER NOT NULL,
        value REAL,
        increase REAL,
        PRIMARY KEY (series_id, at_ms)
    ) WITHOUT ROWID;

    CREATE TABLE metric_rollups (
        series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
        start_ms INTEGER NOT NULL,
        mean REAL,
        last REAL,
        increase REAL,
        PRIMARY KEY (series_id, start_ms)
    ) WITHOUT ROWID;

    CREATE TABLE scrapes (
        id INTEGER PRIMARY KEY,
        endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        at_ms INTEGER NOT NULL,
        up INTEGER NOT NULL,
        duration_ms REAL NOT NULL,
        samples INTEGER NOT NULL,
        problems INTEGER NOT NULL,
        http_status INTEGER,
        error_class TEXT NOT NULL DEFAULT '',
        error_message TEXT NOT NULL DEFAULT '',
        server_kind TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX scrapes_by_endpoint_time ON scrapes (endpoint_id, at_ms);
    )sql",

    // One row per scrape instead of one per sample: its values packed as doubles in the
    // order of a layout (the endpoint's series as that scrape listed them). A scrape is then
    // one insert, not thousands scattered over the table, and a row costs 8 bytes a value.
    // Rollups likewise, a step's figures packed as floats: a gauge's mean, a cumulative
    // series' increase. Samples stored the old way are dropped.
    R"sql(
    DROP TABLE metric_samples;
    DROP TABLE metric_rollups;
    -- AUTOINCREMENT: readers keep layouts by id, so an id must never come back.
    CREATE TABLE metric_layouts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        series_ids BLOB NOT NULL
    );
    CREATE INDEX metric_layouts_by_endpoint ON metric_layouts (endpoint_id);
    CREATE TABLE metric_values (
        endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        at_ms INTEGER NOT NULL,
        layout_id INTEGER NOT NULL,
        packed BLOB NOT NULL,
        PRIMARY KEY (endpoint_id, at_ms)
    ) WITHOUT ROWID;
    -- The newest raw row let go, for the increase of the first row kept after it.
    CREATE TABLE metric_value_seeds (
        endpoint_id INTEGER PRIMARY KEY REFERENCES endpoints(id) ON DELETE CASCADE,
        at_ms INTEGER NOT NULL,
        layout_id INTEGER NOT NULL,
        packed BLOB NOT NULL
    );
    CREATE TABLE metric_rollup_values (
        endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        start_ms INTEGER NOT NULL,
        layout_id INTEGER NOT NULL,
        packed BLOB NOT NULL,
        PRIMARY KEY (endpoint_id, start_ms)
    ) WITHOUT ROWID;
    )sql",

    // Packed rows may be kept compressed (zlib), which the encoding column says, and live
    // in rowid tables: a WITHOUT ROWID row keeps at most about a quarter of a page in place
    // and spills the rest to an overflow page of its own, so a compressed row of 8 KB took
    // a page and a half (bench_scrape's DBSTAT figures) where two share one page now.
    R"sql(
    CREATE TABLE metric_values_by_rowid (
        id INTEGER PRIMARY KEY,
        endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        at_ms INTEGER NOT NULL,
        layout_id INTEGER NOT NULL,
        packed BLOB NOT NULL,
        encoding INTEGER NOT NULL DEFAULT 0,
        UNIQUE (endpoint_id, at_ms)
    );
    INSERT INTO metric_values_by_rowid (endpoint_id, at_ms, layout_id, packed)
        SELECT endpoint_id, at_ms, layout_id, packed FROM metric_values ORDER BY endpoint_id, at_ms;
    DROP TABLE metric_values;
    ALTER TABLE metric_values_by_rowid RENAME TO metric_values;

    CREATE TABLE metric_rollup_values_by_rowid (
        id INTEGER PRIMARY KEY,
        endpoint_id INTEGER NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
        start_ms INTEGER NOT NULL,
        layout_id INTEGER NOT NULL,
        packed BLOB NOT NULL,
        encoding INTEGER NOT NULL DEFAULT 0,
        UNIQUE (endpoint_id, start_ms)
    );
    INSERT INTO metric_rollup_values_by_rowid (endpoint_id, start_ms, layout_id, packed)
        SELECT endpoint_id, start_ms, layout_id, packed FROM metric_rollup_values ORDER BY endpoint_id, start_ms;
    DROP TABLE metric_rollup_values;
    ALTER TABLE metric_rollup_values_by_rowid RENAME TO metric_rollup_values;

    ALTER TABLE metric_value_seeds ADD COLUMN encoding INTEGER NOT NULL DEFAULT 0;
    )sql",

    // The prompt library: named prompts whose versions never change once saved, and labels
    // that point at one version each and move. Playground runs keep what was asked and what
    // each column answered; their measurements are request rows and their trace is stored
    // as traced spans are.
    R"sql(
    CREATE TABLE prompts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at_ms INTEGER NOT NULL
    );
    CREATE TABLE prompt_versions (
        id INTEGER PRIMARY KEY,
        prompt_id INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        content_json TEXT NOT NULL,
        commit_message TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL DEFAULT '',
        created_at_ms INTEGER NOT NULL,
        UNIQUE (prompt_id, version)
    );
    CREATE TRIGGER prompt_versions_are_immutable BEFORE UPDATE ON prompt_versions
    BEGIN
        SELECT RAISE(ABORT, 'prompt versions are immutable');
    END;
    CREATE TABLE prompt_labels (
        prompt_id INTEGER NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
        label TEXT NOT NULL,
        version_id INTEGER NOT NULL REFERENCES prompt_versions(id) ON DELETE CASCADE,
        moved_at_ms INTEGER NOT NULL,
        PRIMARY KEY (prompt_id, label)
    ) WITHOUT ROWID;

    CREATE TABLE playground_runs (
        id INTEGER PRIMARY KEY,
        started_at_ms INTEGER NOT NULL,
        trace_id BLOB NOT NULL,
        conversation_id TEXT NOT NULL,
        prompt_name TEXT NOT NULL DEFAULT '',
        prompt_version INTEGER,
        request_json TEXT NOT NULL
    );
    CREATE INDEX playground_runs_by_time ON playground_runs (started_at_ms);
    CREATE TABLE playground_answers (
        run_id INTEGER NOT NULL REFERENCES playground_runs(id) ON DELETE CASCADE,
        column_index INTEGER NOT NULL,
        endpoint_id INTEGER REFERENCES endpoints(id) ON DELETE SET NULL,
        endpoint_name TEXT NOT NULL,
        request_id INTEGER REFERENCES requests(id) ON DELETE SET NULL,
        answer_json TEXT NOT NULL,
        PRIMARY KEY (run_id, column_index)
    );
    )sql",

    // Evaluation datasets: named, with versions that never change once saved; each item
    // is kept as the JSON line an export writes.
    R"sql(
    CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at_ms INTEGER NOT NULL
    );
    CREATE TABLE dataset_versions (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        message TEXT NOT NULL DEFAULT '',
        created_at_ms INTEGER NOT NULL,
        item_count INTEGER NOT NULL,
        UNIQUE (dataset_id, version)
    );
    CREATE TABLE dataset_items (
        version_id INTEGER NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        item_json TEXT NOT NULL,
        PRIMARY KEY (version_id, position)
    );
    CREATE TRIGGER dataset_versions_are_immutable BEFORE UPDATE ON dataset_versions
    BEGIN
        SELECT RAISE(ABORT, 'dataset versions are immutable');
    END;
    CREATE TRIGGER dataset_items_are_immutable BEFORE UPDATE ON dataset_items
    BEGIN
        SELECT RAISE(ABORT, 'dataset versions are immutable');
    END;
    )sql",

    // Evaluations: suites by name, runs that keep the definition they resolved, and a
    // result per item and repeat with each scorer's verdict. A result row is written once
    // its answer is scored, so the rows present are exactly what a resumed run skips.
    R"sql(
    CREATE TABLE eval_suites (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        definition_json TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
    );
    CREATE TABLE eval_runs (
        id INTEGER PRIMARY KEY,
        suite_name TEXT NOT NULL,
        definition_json TEXT NOT NULL,
        endpoint_id INTEGER REFERENCES endpoints(id) ON DELETE SET NULL,
        endpoint_name TEXT NOT NULL,
        model TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        status TEXT NOT NULL,
        repeats INTEGER NOT NULL,
        item_count INTEGER NOT NULL,
        limits_json TEXT NOT NULL DEFAULT '{}',
        started_at_ms INTEGER NOT NULL,
        finished_at_ms INTEGER,
        error TEXT NOT NULL DEFAULT '',
        -- Who is answering the run now, and when it last said so: a second process must
        -- not resume a run that is still going.
        runner_host TEXT NOT NULL DEFAULT '',
        runner_pid INTEGER,
        heartbeat_ms INTEGER
    );
    CREATE INDEX eval_runs_by_suite ON eval_runs (suite_name, started_at_ms);
    CREATE TABLE eval_results (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
        item_position INTEGER NOT NULL,
        item_key TEXT NOT NULL DEFAULT '',
        repeat INTEGER NOT NULL,
        request_id INTEGER REFERENCES requests(id) ON DELETE SET NULL,
        input_json TEXT NOT NULL,
        expected TEXT,
        output TEXT NOT NULL,
        error_class TEXT NOT NULL DEFAULT 'none',
        error_message TEXT NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 1,
        latency_ms REAL,
        cost_usd REAL,
        input_tokens INTEGER,
        output_tokens INTEGER,
        UNIQUE (run_id, item_position, repeat)
    );
    CREATE TABLE eval_scores (
        result_id INTEGER NOT NULL REFERENCES eval_results(id) ON DELETE CASCADE,
        scorer TEXT NOT NULL,
        position INTEGER NOT NULL,
        score REAL,
        passed INTEGER NOT NULL,
        explanation TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (result_id, scorer)
    ) WITHOUT ROWID;
    CREATE TABLE eval_run_metrics (
        run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
        task TEXT NOT NULL,
        metric TEXT NOT NULL,
        value REAL NOT NULL,
        standard_error REAL,
        sample_count INTEGER,
        PRIMARY KEY (run_id, task, metric)
    ) WITHOUT ROWID;
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

/// The columns readRequest() reads, in its order.
constexpr const char *kRequestColumns =
    "id, endpoint_id, started_at_ms, source, status, http_status, error_class, error_message, retry_after_ms, "
    "latency_ms, ttft_ms, input_tokens, output_tokens, tokens_reported, tokens_per_s, response_model, finish_reason";

/// The failed requests of ?1 <= started < ?2, of endpoint ?3 or all: the literal status
/// lets SQLite use the partial index of failures.
constexpr const char *kFailuresInRange =
    "status = 'error' AND started_at_ms >= ?1 AND started_at_ms < ?2 AND (?3 IS NULL OR endpoint_id = ?3)";

void bindRange(SqliteStatement &statement, const AggregateQuery &query)
{
    statement.bind(1, query.fromMs);
    statement.bind(2, query.toMs);
    statement.bind(3, query.endpointId);
}

constexpr const char *kEndpointColumns =
    "id, name, kind, base_url, model, api_key_env, headers_json, environment, probe_interval_s, "
    "probe_prompt, max_tokens, timeout_s, traced, metrics_url, metrics_interval_s, metrics_token_env";

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
    endpoint.traced = row.int64(12) != 0;
    endpoint.metricsUrl = row.text(13);
    endpoint.metricsIntervalS = int(row.int64(14));
    endpoint.metricsTokenEnv = row.text(15);
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
    statement.bind(12, endpoint.metricsUrl);
    statement.bind(13, endpoint.metricsIntervalS);
    statement.bind(14, endpoint.metricsTokenEnv);
}

constexpr const char *kInsertRequest =
    "INSERT INTO requests (endpoint_id, started_at_ms, source, status, http_status, error_class, "
    "error_message, retry_after_ms, latency_ms, ttft_ms, input_tokens, output_tokens, tokens_reported, "
    "tokens_per_s, response_model, finish_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

void bindRequest(SqliteStatement &statement, const RequestRecord &record)
{
    statement.bind(1, record.endpointId);
    statement.bind(2, record.startedAtMs);
    statement.bindStaticText(3, requestSourceKeyLatin1(record.source));
    statement.bindStaticText(4, requestStatusKeyLatin1(record.status));
    statement.bind(5, record.httpStatus);
    statement.bindStaticText(6, errorClassKeyLatin1(record.errorClass));
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

constexpr qint64 kMinuteMs = 60'000;

/// How long an open keeps trying while other connections hold the new store's locks.
constexpr int kOpenPatienceMs = 10'000;

/// Stamped into the file header ("LLMO"), so that `file` and the console itself can tell a
/// store from another program's database.
constexpr qint64 kApplicationId = 0x4C4C4D4F;

qint64 ceilTo(qint64 timeMs, qint64 stepMs)
{
    const qint64 floored = floorToStep(timeMs, stepMs);
    return floored == timeMs ? floored : floored + stepMs;
}

/// How many parts a minute gathers before they are merged into its rollup row.
constexpr qint64 kRollupPartsBeforeMerge = 16;

/// Merges the parts of one (endpoint, minute) into its rollup row, and drops them.
void mergeRollupParts(sqlite3 *db, qint64 endpointId, qint64 minuteMs, SqliteStatement &upsert)
{
    SqliteStatement parts(db,
                          "SELECT count, ok_count, error_count, output_tokens, latencies, ttfts, decode_rates "
                          "FROM request_minute_parts WHERE endpoint_id = ?1 AND minute_ms = ?2");
    parts.bind(1, endpointId);
    parts.bind(2, minuteMs);
    qint64 count = 0, okCount = 0, errorCount = 0, outputTokens = 0;
    QByteArray latencies, ttfts, decodeRates;
    while (parts.step()) {
        count += parts.int64(0);
        okCount += parts.int64(1);
        errorCount += parts.int64(2);
        outputTokens += parts.int64(3);
        latencies.append(parts.blob(4));
        ttfts.append(parts.blob(5));
        decodeRates.append(parts.blob(6));
    }
    upsert.bind(1, endpointId);
    upsert.bind(2, minuteMs);
    upsert.bind(3, count);
    upsert.bind(4, okCount);
    upsert.bind(5, errorCount);
    upsert.bind(6, outputTokens);
    upsert.bindBlob(7, latencies);
    upsert.bindBlob(8, ttfts);
    upsert.bindBlob(9, decodeRates);
    upsert.execute();

    SqliteStatement drop(db, "DELETE FROM request_minute_parts WHERE endpoint_id = ?1 AND minute_ms = ?2");
    drop.bind(1, endpointId);
    drop.bind(2, minuteMs);
    drop.execute();
}

/// Adds the requests of each (endpoint, minute) to its rollup: as a part of its own, merged
/// into the minute's row once the minute has enough of them.
void updateMinuteRollups(sqlite3 *db, std::span<const RequestRecord> records)
{
    std::map<std::pair<qint64, qint64>, RequestFigures> minutes;
    for (const auto &record : records)
        minutes[{record.endpointId, floorToStep(record.startedAtMs, kMinuteMs)}].add(record);

    SqliteStatement insertPart(
        db,
        "INSERT INTO request_minute_parts (endpoint_id, minute_ms, count, ok_count, error_count, output_tokens, "
        "latencies, ttfts, decode_rates) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    SqliteStatement countParts(db,
                               "SELECT count(*) FROM request_minute_parts WHERE endpoint_id = ?1 AND minute_ms = ?2");
    SqliteStatement upsert(
        db,
        "INSERT INTO request_minutes (endpoint_id, minute_ms, count, ok_count, error_count, output_tokens, "
        "latencies, ttfts, decode_rates) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT (endpoint_id, minute_ms) DO UPDATE SET count = count + excluded.count, "
        "ok_count = ok_count + excluded.ok_count, error_count = error_count + excluded.error_count, "
        "output_tokens = output_tokens + excluded.output_tokens, "
        "latencies = CAST(latencies || excluded.latencies AS BLOB), "
        "ttfts = CAST(ttfts || excluded.ttfts AS BLOB), "
        "decode_rates = CAST(decode_rates || excluded.decode_rates AS BLOB)");
    for (const auto &[key, figures] : minutes) {
        insertPart.bind(1, key.first);
        insertPart.bind(2, key.second);
        insertPart.bind(3, figures.count);
        insertPart.bind(4, figures.okCount);
        insertPart.bind(5, figures.errorCount);
        insertPart.bind(6, figures.outputTokens);
        insertPart.bindBlob(7, packDoubles(figures.latencies));
        insertPart.bindBlob(8, packDoubles(figures.ttfts));
        insertPart.bindBlob(9, packDoubles(figures.decodeRates));
        insertPart.execute();

        countParts.bind(1, key.first);
        countParts.bind(2, key.second);
        countParts.step();
        const qint64 parts = countParts.int64(0);
        countParts.reset();
        if (parts >= kRollupPartsBeforeMerge)
            mergeRollupParts(db, key.first, key.second, upsert);
    }
}

/// Reads requests one by one from [fromMs, toMs) into the figures of their bucket.
template<typename FiguresOf>
void addRawRequests(sqlite3 *db, std::optional<qint64> endpointId, qint64 fromMs, qint64 toMs, FiguresOf figuresOf)
{
    if (fromMs >= toMs)
        return;
    const char *sql = endpointId
        ? "SELECT status, latency_ms, ttft_ms, tokens_per_s, output_tokens, started_at_ms FROM requests "
          "WHERE endpoint_id = ?3 AND started_at_ms >= ?1 AND started_at_ms < ?2"
        : "SELECT status, latency_ms, ttft_ms, tokens_per_s, output_tokens, started_at_ms FROM requests "
          "WHERE started_at_ms >= ?1 AND started_at_ms < ?2";
    SqliteStatement scan(db, sql);
    scan.bind(1, fromMs);
    scan.bind(2, toMs);
    if (endpointId)
        scan.bind(3, *endpointId);

    while (scan.step()) {
        RequestRecord record;
        const QByteArrayView status = scan.utf8(0);
        record.status = status == "ok" ? RequestStatus::Ok
            : status == "error"        ? RequestStatus::Error
                                       : RequestStatus::Cancelled;
        record.latencyMs = scan.real(1);
        record.ttftMs = scan.optionalReal(2);
        record.tokensPerSecond = scan.optionalReal(3);
        record.outputTokens = scan.optionalInt64(4);
        figuresOf(scan.int64(5)).add(record);
    }
}

/// Reads whole minutes [fromMs, toMs) (both on minute boundaries) from the rollups.
template<typename FiguresOf>
void addMinuteRollups(sqlite3 *db, std::optional<qint64> endpointId, qint64 fromMs, qint64 toMs, FiguresOf figuresOf)
{
    if (fromMs >= toMs)
        return;
    // The merged rows and the parts not merged yet, which add up the same way.
    const char *sql = endpointId
        ? "SELECT minute_ms, count, ok_count, error_count, output_tokens, latencies, ttfts, decode_rates "
          "FROM request_minutes WHERE endpoint_id = ?3 AND minute_ms >= ?1 AND minute_ms < ?2 UNION ALL "
          "SELECT minute_ms, count, ok_count, error_count, output_tokens, latencies, ttfts, decode_rates "
          "FROM request_minute_parts WHERE endpoint_id = ?3 AND minute_ms >= ?1 AND minute_ms < ?2"
        : "SELECT minute_ms, count, ok_count, error_count, output_tokens, latencies, ttfts, decode_rates "
          "FROM request_minutes WHERE minute_ms >= ?1 AND minute_ms < ?2 UNION ALL "
          "SELECT minute_ms, count, ok_count, error_count, output_tokens, latencies, ttfts, decode_rates "
          "FROM request_minute_parts WHERE minute_ms >= ?1 AND minute_ms < ?2";
    SqliteStatement scan(db, sql);
    scan.bind(1, fromMs);
    scan.bind(2, toMs);
    if (endpointId)
        scan.bind(3, *endpointId);

    while (scan.step()) {
        RequestFigures &figures = figuresOf(scan.int64(0));
        figures.count += scan.int64(1);
        figures.okCount += scan.int64(2);
        figures.errorCount += scan.int64(3);
        figures.outputTokens += scan.int64(4);
        appendUnpackedDoubles(scan.blob(5), figures.latencies);
        appendUnpackedDoubles(scan.blob(6), figures.ttfts);
        appendUnpackedDoubles(scan.blob(7), figures.decodeRates);
    }
}

/// Gathers the figures of a query's range into buckets: whole minutes from the rollups
/// when the buckets are made of whole minutes, single requests at the ragged ends.
template<typename FiguresOf>
void gatherFigures(sqlite3 *db, const AggregateQuery &query, bool bucketsHoldWholeMinutes, FiguresOf figuresOf)
{
    const qint64 firstWholeMinute = ceilTo(query.fromMs, kMinuteMs);
    const qint64 endOfWholeMinutes = floorToStep(query.toMs, kMinuteMs);
    if (!bucketsHoldWholeMinutes || firstWholeMinute >= endOfWholeMinutes) {
        addRawRequests(db, query.endpointId, query.fromMs, query.toMs, figuresOf);
        return;
    }
    addRawRequests(db, query.endpointId, query.fromMs, firstWholeMinute, figuresOf);
    addMinuteRollups(db, query.endpointId, firstWholeMinute, endOfWholeMinutes, figuresOf);
    addRawRequests(db, query.endpointId, endOfWholeMinutes, query.toMs, figuresOf);
}

} // namespace

StoreError::StoreError(Kind kind, const QString &message)
    : std::runtime_error(message.toStdString())
    , m_kind(kind)
{
}

namespace {

constexpr QFile::Permissions kOwnerOnly = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions kOthers = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther
    | QFile::WriteOther | QFile::ExeOther;

/// Makes sure the file exists and is private: created so from its first byte, or narrowed
/// when it was made some other way. SQLite gives the -wal and -shm files the permissions
/// of the database file.
void prepareStoreFile(const QString &path)
{
    const QFileInfo info(path);
    if (path.isEmpty() || info.isDir())
        throw StoreError(StoreError::Kind::CannotOpen, u"\"%1\" is not a file name for a store."_s.arg(path));

    // A mistyped folder must not quietly become a new, empty store: only the default
    // store's folder is made.
    if (!info.absoluteDir().exists()) {
        const bool isDefault = info.absoluteFilePath() == QFileInfo(Store::defaultPath()).absoluteFilePath();
        if (!isDefault)
            throw StoreError(StoreError::Kind::CannotOpen, u"The folder %1 does not exist."_s.arg(info.absolutePath()));
        if (!QDir().mkpath(info.absolutePath()))
            throw StoreError(StoreError::Kind::CannotOpen, u"Cannot create the folder %1"_s.arg(info.absolutePath()));
    }

    if (!info.exists()) {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            throw StoreError(StoreError::Kind::CannotOpen, u"Cannot create %1: %2"_s.arg(path, file.errorString()));
        file.setPermissions(kOwnerOnly);
    }
}

/// A store made some other way (copied, restored from a backup) is narrowed to its owner
/// once it is known to be a store: a file that is refused is left as it was.
void narrowToOwner(const QString &path)
{
    QFile file(path);
    if (QFileInfo(path).ownerId() == ::getuid() && (file.permissions() & kOthers))
        file.setPermissions(kOwnerOnly);
}

} // namespace

std::unique_ptr<Store> Store::open(const QString &path)
{
    prepareStoreFile(path);
    const bool newFile = QFileInfo(path).size() == 0;

    // Connections that open a new store at the same moment (the console's store worker and
    // its probes do) can meet in SQLite's switch to WAL, where one of them is told "locked"
    // at once rather than made to wait, or reads the first pages while another writes them
    // and is told the image is "malformed". Such a clash passes, so the open is tried again.
    QDeadlineTimer deadline(kOpenPatienceMs);
    for (;;) {
        try {
            return openConnection(path);
        } catch (const StoreError &error) {
            const bool clash = error.kind() == StoreError::Kind::Busy
                || (newFile && error.message().contains(u"malformed"_s));
            if (!clash || deadline.hasExpired())
                throw;
        }
        QThread::msleep(20);
    }
}

std::unique_ptr<Store> Store::openConnection(const QString &path)
{
    sqlite3 *db = nullptr;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const QString reason = db ? QString::fromUtf8(sqlite3_errmsg(db)) : u"out of memory"_s;
        sqlite3_close(db);
        throw StoreError(StoreError::Kind::CannotOpen, u"Cannot open %1: %2"_s.arg(path, reason));
    }

    // Nothing is written before the file is known to be ours: a refused database keeps its
    // journal mode and its header bytes.
    std::unique_ptr<Store> store(new Store(db, path));
    try {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_extended_result_codes(db, 1);
        store->checkOwnership();
        store->configureConnection();
        store->migrate();
        narrowToOwner(path);
    } catch (const StoreError &error) {
        // SQLite's own words ("file is not a database") do not say which file.
        if (error.kind() != StoreError::Kind::Sqlite && error.kind() != StoreError::Kind::Busy)
            throw;
        throw StoreError(error.kind() == StoreError::Kind::Busy ? StoreError::Kind::Busy : StoreError::Kind::CannotOpen,
                         u"Cannot open %1: %2"_s.arg(path, error.message()));
    }
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
    // WAL lets dashboards read while collectors write; synchronous=NORMAL in WAL mode keeps
    // every committed transaction across a process crash (only a power cut can lose the last).
    // Pages of 16 KiB for a new store (an existing one keeps its own): spans of a kilobyte or
    // more are written 40% faster than with 4 KiB pages (bench_otlpintake). Only an empty
    // database takes it, so it has to come before the switch to WAL writes the header.
    executeSql(m_db, "PRAGMA page_size = 16384");
    executeSql(m_db, "PRAGMA journal_mode = WAL");
    executeSql(m_db, "PRAGMA synchronous = NORMAL");
    executeSql(m_db, "PRAGMA foreign_keys = ON");

    SqliteStatement check(m_db, "PRAGMA journal_mode");
    if (!check.step() || check.text(0) != u"wal")
        throw StoreError(StoreError::Kind::CannotOpen, u"%1 cannot be put in WAL mode"_s.arg(m_path));
}

void Store::checkOwnership()
{
    // Another program's database must not gain our tables: only an empty file, a store of
    // ours, or one from before the application id was stamped (it has our schema version)
    // is taken.
    SqliteStatement applicationId(m_db, "PRAGMA application_id");
    applicationId.step();
    if (applicationId.int64(0) == kApplicationId)
        return;

    SqliteStatement objects(m_db, "SELECT count(*) FROM sqlite_master");
    objects.step();
    const bool empty = objects.int64(0) == 0;
    const bool olderStoreOfOurs = applicationId.int64(0) == 0 && schemaVersion() > 0 && hasTable("endpoints");
    if (!empty && !olderStoreOfOurs) {
        throw StoreError(
            StoreError::Kind::NotAStore,
            u"%1 is a database of another program, not an LLMOps Console store; choose another file."_s.arg(m_path));
    }
}

bool Store::hasTable(const char *name) const
{
    SqliteStatement select(m_db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    select.bindStaticText(1, name);
    return select.step();
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
    const QByteArray stampOwner = "PRAGMA application_id = " + QByteArray::number(kApplicationId);
    executeSql(m_db, stampOwner.constData());
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
    SqliteStatement insert(m_db,
                           "INSERT INTO endpoints (name, kind, base_url, model, api_key_env, headers_json, "
                           "environment, probe_interval_s, probe_prompt, max_tokens, timeout_s, metrics_url, "
                           "metrics_interval_s, metrics_token_env, traced) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bindEndpointFields(insert, endpoint);
    insert.bind(15, qint64(endpoint.traced ? 1 : 0));
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
    SqliteStatement update(m_db,
                           "UPDATE endpoints SET name = ?1, kind = ?2, base_url = ?3, model = ?4, "
                           "api_key_env = ?5, headers_json = ?6, environment = ?7, probe_interval_s = ?8, "
                           "probe_prompt = ?9, max_tokens = ?10, timeout_s = ?11, metrics_url = ?12, "
                           "metrics_interval_s = ?13, metrics_token_env = ?14 WHERE id = ?15");
    bindEndpointFields(update, endpoint);
    update.bind(15, endpoint.id);
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
    SqliteTransaction transaction(m_db);
    SqliteStatement insert(m_db, kInsertRequest);
    bindRequest(insert, record);
    insert.execute();
    const qint64 id = sqlite3_last_insert_rowid(m_db);
    updateMinuteRollups(m_db, std::span(&record, 1));
    transaction.commit();
    return id;
}

void Store::addRequests(std::span<const RequestRecord> records)
{
    SqliteTransaction transaction(m_db);
    insertRequests(records);
    transaction.commit();
}

std::vector<qint64> Store::insertRequests(std::span<const RequestRecord> records)
{
    std::vector<qint64> ids;
    ids.reserve(records.size());
    SqliteStatement insert(m_db, kInsertRequest);
    for (const auto &record : records) {
        bindRequest(insert, record);
        insert.execute();
        ids.push_back(sqlite3_last_insert_rowid(m_db));
    }
    updateMinuteRollups(m_db, records);
    return ids;
}

std::optional<RequestRecord> Store::request(qint64 id) const
{
    SqliteStatement select(m_db, (std::string("SELECT ") + kRequestColumns + " FROM requests WHERE id = ?1").c_str());
    select.bind(1, id);
    if (!select.step())
        return std::nullopt;
    return readRequest(select);
}

std::vector<RequestRecord> Store::recentRequests(std::optional<qint64> endpointId, int limit,
                                                 std::optional<RequestSource> source) const
{
    // NULL parameters match everything, so one statement serves every combination.
    const std::string sql = std::string("SELECT ") + kRequestColumns
        + " FROM requests WHERE (?2 IS NULL OR endpoint_id = ?2) AND (?3 IS NULL OR source = ?3) "
          "ORDER BY started_at_ms DESC, id DESC LIMIT ?1";
    SqliteStatement select(m_db, sql.c_str());
    select.bind(1, limit);
    select.bind(2, endpointId);
    if (source)
        select.bindStaticText(3, requestSourceKeyLatin1(*source));
    else
        select.bindNull(3);

    std::vector<RequestRecord> result;
    while (select.step())
        result.push_back(readRequest(select));
    return result;
}

std::vector<RequestRecord> Store::failures(const AggregateQuery &query, int limit) const
{
    const std::string sql = std::string("SELECT ") + kRequestColumns + " FROM requests WHERE " + kFailuresInRange
        + " ORDER BY started_at_ms DESC, id DESC LIMIT ?4";
    SqliteStatement select(m_db, sql.c_str());
    bindRange(select, query);
    select.bind(4, limit);

    std::vector<RequestRecord> result;
    while (select.step())
        result.push_back(readRequest(select));
    return result;
}

std::vector<ErrorClassCount> Store::failureCounts(const AggregateQuery &query) const
{
    const std::string sql = std::string("SELECT error_class, count(*) AS failures FROM requests WHERE ")
        + kFailuresInRange + " GROUP BY error_class ORDER BY failures DESC, error_class";
    SqliteStatement select(m_db, sql.c_str());
    bindRange(select, query);

    std::vector<ErrorClassCount> result;
    while (select.step())
        result.push_back({errorClassFromKey(select.text(0)).value_or(ErrorClass::Network), select.int64(1)});
    return result;
}

qint64 Store::requestCount(std::optional<qint64> endpointId) const
{
    SqliteStatement count(
        m_db, endpointId ? "SELECT count(*) FROM requests WHERE endpoint_id = ?" : "SELECT count(*) FROM requests");
    if (endpointId)
        count.bind(1, *endpointId);
    count.step();
    return count.int64(0);
}

RequestAggregate Store::aggregate(const AggregateQuery &query) const
{
    RequestFigures figures;
    gatherFigures(m_db, query, true, [&figures](qint64) -> RequestFigures & { return figures; });
    return figures.finish();
}

std::vector<AggregateBucket> Store::series(const AggregateQuery &query, qint64 bucketMs) const
{
    Q_ASSERT(bucketMs > 0);
    std::map<qint64, RequestFigures> buckets;
    gatherFigures(m_db, query, bucketMs % kMinuteMs == 0, [&buckets, bucketMs](qint64 timeMs) -> RequestFigures & {
        return buckets[floorToStep(timeMs, bucketMs)];
    });

    std::vector<AggregateBucket> result;
    result.reserve(buckets.size());
    for (auto &[start, figures] : buckets)
        result.push_back({start, figures.finish()});
    return result;
}

} // namespace llmops
