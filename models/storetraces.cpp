// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The trace half of the store: spans, trace summaries, full-text search and the price table.
#include "sqlitestatement.h"
#include "store.h"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <map>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

constexpr const char *kInsertSpan =
    "INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ns, end_ns, status, status_message, "
    "service, scope, operation, provider, request_model, response_model, input_tokens, output_tokens, "
    "cache_read_tokens, cache_write_tokens, reasoning_tokens, cost_usd, ttft_ms, conversation_id, agent_name, "
    "tool_name, error_type, finish_reasons, attributes, events, links, resource, warnings) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT (trace_id, span_id) DO NOTHING";

/// The columns readSpan() reads, in its order.
constexpr const char *kSpanColumns =
    "trace_id, span_id, parent_span_id, name, kind, start_ns, end_ns, status, status_message, service, scope, "
    "operation, provider, request_model, response_model, input_tokens, output_tokens, cache_read_tokens, "
    "cache_write_tokens, reasoning_tokens, cost_usd, ttft_ms, conversation_id, agent_name, tool_name, error_type, "
    "finish_reasons, attributes, events, links, resource, warnings";

void bindSpan(SqliteStatement &insert, const SpanRecord &span)
{
    insert.bindBlob(1, QByteArrayView(span.traceId.data(), qsizetype(span.traceId.size())));
    insert.bindBlob(2, QByteArrayView(span.spanId.data(), qsizetype(span.spanId.size())));
    if (span.parentSpanId.empty())
        insert.bindNull(3);
    else
        insert.bindBlob(3, QByteArrayView(span.parentSpanId.data(), qsizetype(span.parentSpanId.size())));
    insert.bindUtf8(4, span.name);
    insert.bind(5, span.kind);
    insert.bind(6, span.startNs);
    insert.bind(7, span.endNs);
    insert.bind(8, int(span.status));
    insert.bindUtf8(9, span.statusMessage);
    insert.bindUtf8(10, span.serviceName);
    insert.bindUtf8(11, span.scopeName);
    insert.bindUtf8(12, span.operation);
    insert.bindUtf8(13, span.provider);
    insert.bindUtf8(14, span.requestModel);
    insert.bindUtf8(15, span.responseModel);
    insert.bind(16, span.inputTokens);
    insert.bind(17, span.outputTokens);
    insert.bind(18, span.cacheReadTokens);
    insert.bind(19, span.cacheWriteTokens);
    insert.bind(20, span.reasoningTokens);
    insert.bind(21, span.costUsd);
    insert.bind(22, span.ttftMs);
    insert.bindUtf8(23, span.conversationId);
    insert.bindUtf8(24, span.agentName);
    insert.bindUtf8(25, span.toolName);
    insert.bindUtf8(26, span.errorType);
    insert.bindUtf8(27, span.finishReasonsJson);
    insert.bindUtf8(28, span.attributesJson);
    insert.bindUtf8(29, span.eventsJson);
    insert.bindUtf8(30, span.linksJson);
    insert.bindUtf8(31, span.resourceJson);
    insert.bindUtf8(32, span.warningsJson);
}

std::string blobString(const SqliteStatement &row, int column)
{
    const QByteArrayView bytes = row.blob(column);
    return std::string(bytes.data(), size_t(bytes.size()));
}

SpanRecord readSpan(const SqliteStatement &row)
{
    SpanRecord span;
    span.traceId = blobString(row, 0);
    span.spanId = blobString(row, 1);
    span.parentSpanId = blobString(row, 2);
    span.name = row.utf8String(3);
    span.kind = int(row.int64(4));
    span.startNs = row.int64(5);
    span.endNs = row.int64(6);
    span.status = SpanStatus(row.int64(7));
    span.statusMessage = row.utf8String(8);
    span.serviceName = row.utf8String(9);
    span.scopeName = row.utf8String(10);
    span.operation = row.utf8String(11);
    span.provider = row.utf8String(12);
    span.requestModel = row.utf8String(13);
    span.responseModel = row.utf8String(14);
    span.inputTokens = row.optionalInt64(15);
    span.outputTokens = row.optionalInt64(16);
    span.cacheReadTokens = row.optionalInt64(17);
    span.cacheWriteTokens = row.optionalInt64(18);
    span.reasoningTokens = row.optionalInt64(19);
    span.costUsd = row.optionalReal(20);
    span.ttftMs = row.optionalReal(21);
    span.conversationId = row.utf8String(22);
    span.agentName = row.utf8String(23);
    span.toolName = row.utf8String(24);
    span.errorType = row.utf8String(25);
    span.finishReasonsJson = row.utf8String(26);
    span.attributesJson = row.utf8String(27);
    span.eventsJson = row.utf8String(28);
    span.linksJson = row.utf8String(29);
    span.resourceJson = row.utf8String(30);
    span.warningsJson = row.utf8String(31);
    return span;
}

/// The measurement a traced model call makes, as a probe's would: the span's duration is
/// the call's latency.
RequestRecord requestOfSpan(const SpanRecord &span, qint64 endpointId)
{
    RequestRecord record;
    record.endpointId = endpointId;
    record.startedAtMs = span.startNs / 1'000'000;
    record.source = RequestSource::Trace;
    record.latencyMs = double(span.durationNs()) / 1e6;
    record.ttftMs = span.ttftMs;
    record.inputTokens = span.inputTokens;
    record.outputTokens = span.outputTokens;
    record.tokensReported = span.outputTokens.has_value();
    // Decode rate as for probes: tokens after the first over the time after the first chunk.
    if (span.ttftMs && span.outputTokens && *span.outputTokens > 1 && record.latencyMs > *span.ttftMs)
        record.tokensPerSecond = double(*span.outputTokens - 1) / ((record.latencyMs - *span.ttftMs) / 1000.0);
    record.responseModel = QString::fromStdString(span.responseModel.empty() ? span.requestModel : span.responseModel);
    const auto reasons = nlohmann::json::parse(span.finishReasonsJson, nullptr, false);
    if (reasons.is_array() && !reasons.empty() && reasons[0].is_string())
        record.finishReason = QString::fromStdString(reasons[0].get<std::string>());
    if (span.status == SpanStatus::Error) {
        record.status = RequestStatus::Error;
        record.errorClass = ErrorClass::Reported;
        const std::string type = span.errorType.empty() ? std::string("error") : span.errorType;
        record.errorMessage = QString::fromStdString(span.statusMessage.empty() ? type
                                                                                : type + ": " + span.statusMessage);
    }
    return record;
}

/// What a batch adds to one trace's summary.
struct TraceDelta {
    qint64 startNs = 0;
    qint64 endNs = 0;
    std::string name;
    bool hasRoot = false;
    std::string service;
    std::string model;
    qint64 spanCount = 0;
    qint64 errorCount = 0;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    std::optional<double> costUsd;
    std::string conversationId;

    void add(const SpanRecord &span)
    {
        const bool first = spanCount == 0;
        // The root names the trace; until it arrives, the earliest span does.
        if (span.isRoot() && !hasRoot) {
            name = span.name;
            service = span.serviceName;
            hasRoot = true;
        } else if (!hasRoot && (first || span.startNs < startNs)) {
            name = span.name;
            service = span.serviceName;
        }
        startNs = first ? span.startNs : std::min(startNs, span.startNs);
        endNs = first ? span.endNs : std::max(endNs, span.endNs);
        ++spanCount;
        errorCount += span.status == SpanStatus::Error ? 1 : 0;
        if (conversationId.empty())
            conversationId = span.conversationId;

        if (!span.isModelCall())
            return;
        if (model.empty())
            model = span.responseModel.empty() ? span.requestModel : span.responseModel;
        inputTokens += span.inputTokens.value_or(0);
        outputTokens += span.outputTokens.value_or(0);
        if (span.costUsd)
            costUsd = costUsd.value_or(0) + *span.costUsd;
    }
};

constexpr const char *kUpsertTrace =
    "INSERT INTO traces (trace_id, start_ns, end_ns, duration_ns, name, has_root, service, model, span_count, "
    "error_count, input_tokens, output_tokens, total_tokens, cost_usd, conversation_id) "
    "VALUES (?1, ?2, ?3, ?3 - ?2, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?10 + ?11, ?12, ?13) "
    "ON CONFLICT (trace_id) DO UPDATE SET "
    "name = CASE WHEN has_root THEN name WHEN excluded.has_root OR excluded.start_ns < start_ns THEN excluded.name "
    "ELSE name END, "
    "service = CASE WHEN has_root THEN service WHEN excluded.has_root OR excluded.start_ns < start_ns "
    "THEN excluded.service ELSE service END, "
    "has_root = max(has_root, excluded.has_root), "
    "start_ns = min(start_ns, excluded.start_ns), "
    "end_ns = max(end_ns, excluded.end_ns), "
    "duration_ns = max(end_ns, excluded.end_ns) - min(start_ns, excluded.start_ns), "
    "model = CASE WHEN model = '' THEN excluded.model ELSE model END, "
    "span_count = span_count + excluded.span_count, "
    "error_count = error_count + excluded.error_count, "
    "input_tokens = input_tokens + excluded.input_tokens, "
    "output_tokens = output_tokens + excluded.output_tokens, "
    "total_tokens = total_tokens + excluded.total_tokens, "
    "cost_usd = CASE WHEN cost_usd IS NULL THEN excluded.cost_usd WHEN excluded.cost_usd IS NULL THEN cost_usd "
    "ELSE cost_usd + excluded.cost_usd END, "
    "conversation_id = CASE WHEN conversation_id = '' THEN excluded.conversation_id ELSE conversation_id END";

constexpr const char *kTraceColumns =
    "id, trace_id, start_ns, end_ns, name, has_root, service, model, span_count, error_count, input_tokens, "
    "output_tokens, cost_usd, conversation_id";

TraceSummary readTrace(const SqliteStatement &row)
{
    TraceSummary trace;
    trace.rowId = row.int64(0);
    trace.traceId = blobString(row, 1);
    trace.startNs = row.int64(2);
    trace.endNs = row.int64(3);
    trace.name = row.utf8String(4);
    trace.hasRoot = row.int64(5) != 0;
    trace.service = row.utf8String(6);
    trace.model = row.utf8String(7);
    trace.spanCount = row.int64(8);
    trace.errorCount = row.int64(9);
    trace.inputTokens = row.int64(10);
    trace.outputTokens = row.int64(11);
    trace.costUsd = row.optionalReal(12);
    trace.conversationId = row.utf8String(13);
    return trace;
}

struct OrderSql {
    const char *column;
    bool descending;
    bool realKey = false;
};

/// Each order walks one index; the row id breaks ties so that pages never repeat a row.
OrderSql orderSql(TraceOrder order)
{
    switch (order) {
    case TraceOrder::Newest:
        return {"start_ns", true};
    case TraceOrder::Oldest:
        return {"start_ns", false};
    case TraceOrder::Longest:
        return {"duration_ns", true};
    case TraceOrder::Costliest:
        return {"coalesce(cost_usd, -1)", true, true};
    case TraceOrder::MostTokens:
        return {"total_tokens", true};
    }
    return {"start_ns", true};
}

/// Makes a plain search text an FTS5 query of its words, each quoted, so that what users
/// type (hyphens, colons, quotes) is never read as query syntax.
std::string ftsQueryOfWords(const std::string &text)
{
    std::string query;
    std::string word;
    const auto flush = [&]() {
        if (word.empty())
            return;
        if (!query.empty())
            query += ' ';
        query += '"';
        for (char c : word)
            query += c == '"' ? std::string("\"\"") : std::string(1, c);
        query += '"';
        word.clear();
    };
    for (char c : text) {
        if (std::isspace(uchar(c)))
            flush();
        else
            word += c;
    }
    flush();
    return query;
}

} // namespace

qint64 Store::tracedEndpointId(const std::string &service, const std::string &model)
{
    // "service · model"; a registered endpoint that has the name already keeps it.
    const QString base = QString::fromStdString(service.empty() ? model : service + " \u00b7 " + model);
    QString name = base;
    for (int attempt = 1; const auto existing = endpointByName(name); ++attempt) {
        if (existing->traced)
            return existing->id;
        name = attempt == 1 ? base + u" (traced)"_s : base + u" (traced %1)"_s.arg(attempt);
    }
    Endpoint endpoint;
    endpoint.name = name;
    endpoint.model = QString::fromStdString(model);
    endpoint.environment = QString::fromStdString(service);
    endpoint.probePrompt.clear();
    endpoint.traced = true;
    return addEndpoint(endpoint);
}

void Store::tuneForBulkWrites()
{
    // Measured with bench_otlpintake: together these double the rate of span inserts.
    executeSql(m_db, "PRAGMA cache_size = -131072");
    executeSql(m_db, "PRAGMA wal_autocheckpoint = 5000");
}

Store::SpanIntake Store::addSpans(std::span<const SpanRecord> spans)
{
    SqliteTransaction transaction(m_db);
    const SpanIntake intake = insertSpans(spans, true);
    transaction.commit();
    return intake;
}

Store::SpanIntake Store::insertSpans(std::span<const SpanRecord> spans, bool measureModelCalls)
{
    SpanIntake intake;
    SqliteStatement insert(m_db, kInsertSpan);
    SqliteStatement index(m_db, "INSERT INTO span_search (rowid, text) VALUES (?1, ?2)");

    // Only spans new to the store count towards their trace: a span sent twice changes nothing.
    std::map<std::string, TraceDelta> traces;
    std::vector<const SpanRecord *> newModelCalls;
    for (const auto &span : spans) {
        bindSpan(insert, span);
        insert.execute();
        if (sqlite3_changes(m_db) == 0) {
            ++intake.duplicates;
            continue;
        }
        ++intake.inserted;
        traces[span.traceId].add(span);
        if (measureModelCalls && span.isModelCall() && (!span.requestModel.empty() || !span.responseModel.empty()))
            newModelCalls.push_back(&span);
        if (!span.searchText.empty()) {
            index.bind(1, qint64(sqlite3_last_insert_rowid(m_db)));
            index.bindUtf8(2, span.searchText);
            index.execute();
        }
    }

    // Model calls are measured like probes, on the endpoint of their service and model.
    std::vector<RequestRecord> requests;
    std::map<std::pair<std::string, std::string>, qint64> endpointOf;
    for (const SpanRecord *span : newModelCalls) {
        const std::string &model = span->responseModel.empty() ? span->requestModel : span->responseModel;
        auto [found, isNew] = endpointOf.try_emplace({span->serviceName, model}, 0);
        if (isNew)
            found->second = tracedEndpointId(span->serviceName, model);
        requests.push_back(requestOfSpan(*span, found->second));
    }
    insertRequests(requests);

    SqliteStatement upsert(m_db, kUpsertTrace);
    for (const auto &[traceId, delta] : traces) {
        upsert.bindBlob(1, QByteArrayView(traceId.data(), qsizetype(traceId.size())));
        upsert.bind(2, delta.startNs);
        upsert.bind(3, delta.endNs);
        upsert.bindUtf8(4, delta.name);
        upsert.bind(5, qint64(delta.hasRoot ? 1 : 0));
        upsert.bindUtf8(6, delta.service);
        upsert.bindUtf8(7, delta.model);
        upsert.bind(8, delta.spanCount);
        upsert.bind(9, delta.errorCount);
        upsert.bind(10, delta.inputTokens);
        upsert.bind(11, delta.outputTokens);
        upsert.bind(12, delta.costUsd);
        upsert.bindUtf8(13, delta.conversationId);
        upsert.execute();
    }
    return intake;
}

std::vector<TraceSummary> Store::traces(const TraceFilter &filter, TraceOrder order, int limit,
                                        std::optional<TraceCursor> after) const
{
    // Every condition is always in the text and switched off by a NULL binding, so that
    // one statement shape serves every filter.
    const OrderSql sort = orderSql(order);
    std::string sql = std::string("SELECT ") + kTraceColumns
        + " FROM traces WHERE "
          "(?1 IS NULL OR start_ns >= ?1) AND (?2 IS NULL OR start_ns < ?2) "
          "AND (?3 IS NULL OR service = ?3) AND (?4 IS NULL OR model = ?4) "
          "AND (?5 IS NULL OR (CASE WHEN error_count > 0 THEN 2 ELSE 1 END) = ?5) "
          "AND (?6 IS NULL OR duration_ns >= ?6) AND (?7 IS NULL OR cost_usd >= ?7) "
          "AND (?8 IS NULL OR conversation_id = ?8) "
          "AND (?9 IS NULL OR trace_id IN (SELECT trace_id FROM spans WHERE id IN "
          "(SELECT rowid FROM span_search WHERE span_search MATCH ?9))) ";
    // Rows before a cursor are the rows after it in the opposite direction, turned round.
    const bool descending = after && after->before ? !sort.descending : sort.descending;
    if (after) {
        sql += std::string("AND (") + sort.column + (descending ? " < ?10" : " > ?10") + " OR (" + sort.column
            + " = ?10 AND id" + (descending ? " < " : " > ") + "?11)) ";
    }
    sql += std::string("ORDER BY ") + sort.column + (descending ? " DESC, id DESC" : " ASC, id ASC") + " LIMIT ?12";

    SqliteStatement select(m_db, sql.c_str());
    select.bind(1, filter.fromNs);
    select.bind(2, filter.toNs);
    if (!filter.service.empty())
        select.bindUtf8(3, filter.service);
    if (!filter.model.empty())
        select.bindUtf8(4, filter.model);
    if (filter.status != TraceStatusFilter::Any)
        select.bind(5, filter.status == TraceStatusFilter::Error ? 2 : 1);
    select.bind(6, filter.minDurationNs);
    select.bind(7, filter.minCostUsd);
    if (!filter.conversationId.empty())
        select.bindUtf8(8, filter.conversationId);
    const std::string search = ftsQueryOfWords(filter.search);
    if (!search.empty())
        select.bindUtf8(9, search);
    if (after && sort.realKey)
        select.bind(10, after->realKey);
    else if (after)
        select.bind(10, after->integerKey);
    if (after)
        select.bind(11, after->rowId);
    select.bind(12, limit);

    std::vector<TraceSummary> traces;
    while (select.step())
        traces.push_back(readTrace(select));
    if (after && after->before)
        std::reverse(traces.begin(), traces.end());
    return traces;
}

std::optional<TraceSummary> Store::trace(std::string_view traceId) const
{
    const std::string sql = std::string("SELECT ") + kTraceColumns + " FROM traces WHERE trace_id = ?1";
    SqliteStatement select(m_db, sql.c_str());
    select.bindBlob(1, QByteArrayView(traceId.data(), qsizetype(traceId.size())));
    if (!select.step())
        return std::nullopt;
    return readTrace(select);
}

std::vector<SpanRecord> Store::traceSpans(std::string_view traceId) const
{
    const std::string sql = std::string("SELECT ") + kSpanColumns
        + " FROM spans WHERE trace_id = ?1 ORDER BY start_ns, id";
    SqliteStatement select(m_db, sql.c_str());
    select.bindBlob(1, QByteArrayView(traceId.data(), qsizetype(traceId.size())));
    std::vector<SpanRecord> spans;
    while (select.step())
        spans.push_back(readSpan(select));
    return spans;
}

qint64 Store::traceCount() const
{
    SqliteStatement count(m_db, "SELECT count(*) FROM traces");
    count.step();
    return count.int64(0);
}

qint64 Store::spanCount() const
{
    SqliteStatement count(m_db, "SELECT count(*) FROM spans");
    count.step();
    return count.int64(0);
}

namespace {

std::vector<std::string> distinctTexts(sqlite3 *db, const char *sql)
{
    SqliteStatement select(db, sql);
    std::vector<std::string> texts;
    while (select.step())
        texts.push_back(select.utf8String(0));
    return texts;
}

} // namespace

std::vector<std::string> Store::traceServices() const
{
    // A loose index scan: one probe of the index per distinct value, not a pass over every trace.
    return distinctTexts(m_db,
                         "WITH RECURSIVE names(name) AS (SELECT min(service) FROM traces UNION ALL "
                         "SELECT (SELECT min(service) FROM traces WHERE service > names.name) FROM names "
                         "WHERE names.name IS NOT NULL) SELECT name FROM names WHERE name IS NOT NULL AND name <> ''");
}

std::vector<std::string> Store::traceModels() const
{
    return distinctTexts(m_db,
                         "WITH RECURSIVE names(name) AS (SELECT min(model) FROM traces UNION ALL "
                         "SELECT (SELECT min(model) FROM traces WHERE model > names.name) FROM names "
                         "WHERE names.name IS NOT NULL) SELECT name FROM names WHERE name IS NOT NULL AND name <> ''");
}

PriceTable Store::priceTable() const
{
    SqliteStatement setting(m_db, "SELECT value FROM store_settings WHERE key = 'price_table'");
    if (!setting.step())
        return PriceTable::bundled();

    // The table's date and sources are kept as JSON; the prices themselves are rows.
    PriceTable table;
    const auto header = nlohmann::json::parse(setting.utf8String(0), nullptr, false);
    if (header.is_object()) {
        if (const auto asOf = header.find("as_of"); asOf != header.end() && asOf->is_string())
            table.setAsOf(QString::fromStdString(asOf->get<std::string>()));
        std::vector<QString> sources;
        for (const auto &source : header.value("sources", nlohmann::json::array())) {
            if (source.is_string())
                sources.push_back(QString::fromStdString(source.get<std::string>()));
        }
        table.setSources(std::move(sources));
    }
    SqliteStatement select(m_db,
                           "SELECT provider, model, input_per_million, output_per_million, cached_input_per_million, "
                           "cache_write_per_million, reasoning_per_million FROM model_prices ORDER BY provider, model");
    std::vector<ModelPrice> prices;
    while (select.step()) {
        ModelPrice price;
        price.provider = select.utf8String(0);
        price.model = select.utf8String(1);
        price.inputPerMillion = select.real(2);
        price.outputPerMillion = select.real(3);
        price.cachedInputPerMillion = select.optionalReal(4);
        price.cacheWritePerMillion = select.optionalReal(5);
        price.reasoningPerMillion = select.optionalReal(6);
        prices.push_back(std::move(price));
    }
    table.setPrices(std::move(prices));
    return table;
}

void Store::setPriceTable(const PriceTable &table)
{
    SqliteTransaction transaction(m_db);
    executeSql(m_db, "DELETE FROM model_prices");
    SqliteStatement insert(
        m_db,
        "INSERT INTO model_prices (provider, model, input_per_million, output_per_million, "
        "cached_input_per_million, cache_write_per_million, reasoning_per_million) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (provider, model) DO UPDATE SET "
        "input_per_million = excluded.input_per_million, output_per_million = excluded.output_per_million, "
        "cached_input_per_million = excluded.cached_input_per_million, "
        "cache_write_per_million = excluded.cache_write_per_million, "
        "reasoning_per_million = excluded.reasoning_per_million");
    for (const auto &price : table.prices()) {
        insert.bindUtf8(1, price.provider);
        insert.bindUtf8(2, price.model);
        insert.bind(3, price.inputPerMillion);
        insert.bind(4, price.outputPerMillion);
        insert.bind(5, price.cachedInputPerMillion);
        insert.bind(6, price.cacheWritePerMillion);
        insert.bind(7, price.reasoningPerMillion);
        insert.execute();
    }

    PriceTable header = table;
    header.setPrices({});
    const std::string headerJson = header.toJson();
    SqliteStatement setting(m_db,
                            "INSERT INTO store_settings (key, value) VALUES ('price_table', ?1) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    setting.bindUtf8(1, headerJson);
    setting.execute();
    transaction.commit();
}

} // namespace llmops
