// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Trace intake over loopback: a load generator posts 512-span protobuf exports of about 1 KB
// a span to the console's receiver, which decodes, maps, prices and commits them. Beside it,
// a minimal raw SQLite program inserts the same rows into the same tables, as many spans
// to a transaction as intake's group commit gathered (and, for comparison, one export's),
// with nothing else to do: the ratio says how close intake comes to what SQLite itself
// writes.
//
//   bench_otlpintake [--seconds 10] [--clients 2] [--batch 512]
//
// Not a Google Benchmark: the figure is a sustained rate over wall-clock seconds with the
// client and server sharing the machine, as they would in use.
#include "genaimapping.h"
#include "otlp/otlp_trace.pb.h"
#include "otlpdecoder.h"
#include "otlpreceiver.h"
#include "store.h"
#include "traceintake.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <curl/curl.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <thread>

using namespace llmops;
using Clock = std::chrono::steady_clock;

namespace {

std::string bigEndian(quint64 value, int bytes)
{
    std::string id(size_t(bytes), '\0');
    for (int i = 0; i < bytes; ++i)
        id[size_t(bytes - 1 - i)] = char((value >> (8 * i)) & 0xff);
    return id;
}

void addText(otlp::Span *span, const char *key, const std::string &value)
{
    auto *attribute = span->add_attributes();
    attribute->set_key(key);
    attribute->mutable_value()->set_string_value(value);
}

void addInt(otlp::Span *span, const char *key, qint64 value)
{
    auto *attribute = span->add_attributes();
    attribute->set_key(key);
    attribute->mutable_value()->set_int_value(value);
}

/// One export of `count` chat spans, five to a trace, about 1 KB each on the wire. `first`
/// makes the ids unique across exports.
std::string exportOf(quint64 first, int count)
{
    otlp::ExportTraceServiceRequest request;
    auto *resourceSpans = request.add_resource_spans();
    auto *service = resourceSpans->mutable_resource()->add_attributes();
    service->set_key("service.name");
    service->mutable_value()->set_string_value("bench-gateway");
    auto *scope = resourceSpans->add_scope_spans();
    scope->mutable_scope()->set_name("bench-instrumentation");

    const std::string prompt(380, 'q');
    const std::string answer(380, 'a');
    for (int i = 0; i < count; ++i) {
        const quint64 number = first + quint64(i);
        auto *span = scope->add_spans();
        span->set_trace_id(bigEndian(number / 5 + 1, 16));
        span->set_span_id(bigEndian(number + 1, 8));
        if (number % 5 != 0)
            span->set_parent_span_id(bigEndian(number - number % 5 + 1, 8));
        span->set_name("chat gpt-4o-mini");
        span->set_kind(3);
        const quint64 start = 1750000000000000000ULL + number * 1'000'000;
        span->set_start_time_unix_nano(start);
        span->set_end_time_unix_nano(start + 250'000'000);
        span->mutable_status()->set_code(1);
        addText(span, "gen_ai.operation.name", "chat");
        addText(span, "gen_ai.provider.name", "openai");
        addText(span, "gen_ai.request.model", "gpt-4o-mini");
        addText(span, "gen_ai.response.model", "gpt-4o-mini-2024-07-18");
        addInt(span, "gen_ai.usage.input_tokens", 120);
        addInt(span, "gen_ai.usage.output_tokens", 42);
        addText(span, "gen_ai.conversation.id", "conv-" + std::to_string(number / 50));
        addText(span, "gen_ai.input.messages",
                R"([{"role":"user","parts":[{"type":"text","content":")" + prompt + R"("}]}])");
        addText(span, "gen_ai.output.messages",
                R"([{"role":"assistant","parts":[{"type":"text","content":")" + answer + R"("}]}])");
    }
    return request.SerializeAsString();
}

struct IntakeFigures {
    double spansPerSecond = 0;
    qint64 spans = 0;
    qint64 refused = 0;
    double bytesPerSpan = 0;
    double seconds = 0;
    double spansPerTransaction = 0;
};

IntakeFigures measureIntake(const QString &storePath, int seconds, int clients, int batch)
{
    TraceIntake intake(storePath);
    QString error;
    if (!intake.start(&error)) {
        std::fprintf(stderr, "intake: %s\n", qPrintable(error));
        std::exit(1);
    }
    OtlpReceiver::Options options;
    options.port = 0;
    OtlpReceiver receiver(intake, options);
    if (!receiver.start(&error)) {
        std::fprintf(stderr, "receiver: %s\n", qPrintable(error));
        std::exit(1);
    }
    const std::string url = receiver.url().toStdString();

    // Bodies are made before the clock starts (the load generator only sends), enough for
    // `seconds` at 100,000 spans/s; the clock stops when time is up or the bodies are sent.
    const int bodiesPerClient = std::max(1, seconds * 100'000 / batch / clients);
    std::vector<std::vector<std::string>> bodies(static_cast<size_t>(clients));
    quint64 next = 0;
    for (auto &own : bodies) {
        for (int i = 0; i < bodiesPerClient; ++i, next += quint64(batch))
            own.push_back(exportOf(next, batch));
    }
    const double bytesPerSpan = double(bodies[0][0].size()) / batch;

    std::atomic<bool> stop = false;
    std::atomic<qint64> acknowledged = 0;
    std::atomic<qint64> refused = 0;
    std::vector<std::thread> threads;
    std::vector<std::atomic<bool>> finished(static_cast<size_t>(clients));
    const auto started = Clock::now();
    for (int client = 0; client < clients; ++client) {
        threads.emplace_back([&, client] {
            CURL *curl = curl_easy_init();
            curl_slist *headers = curl_slist_append(nullptr, "Content-Type: application/x-protobuf");
            curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
            curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
            curl_easy_setopt(
                curl, CURLOPT_WRITEFUNCTION, +[](char *, size_t size, size_t count, void *) { return size * count; });
            for (size_t i = 0; !stop && i < bodies[size_t(client)].size(); ++i) {
                const std::string &body = bodies[size_t(client)][i];
                curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
                curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
                long status = 0;
                if (curl_easy_perform(curl) == CURLE_OK)
                    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
                if (status == 200)
                    acknowledged += batch;
                else
                    ++refused;
            }
            curl_slist_free_all(headers);
            curl_easy_cleanup(curl);
            finished[size_t(client)] = true;
        });
    }
    std::atomic<int> running = clients;
    const auto deadline = started + std::chrono::seconds(seconds);
    while (running > 0 && Clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        running = int(std::count_if(finished.begin(), finished.end(), [](const auto &done) { return !done; }));
    }
    stop = true;
    for (auto &thread : threads)
        thread.join();
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    receiver.stop();
    intake.stop();
    const TraceIntake::Counters counters = intake.counters();
    const double spansPerTransaction = double(counters.spansStored)
        / double(std::max<qint64>(1, counters.committedTransactions));
    return {double(acknowledged) / elapsed, acknowledged, refused, bytesPerSpan, elapsed, spansPerTransaction};
}

/// The rows intake wrote, inserted again by a program that only inserts: the same columns,
/// indexes and full-text index, statements prepared once, `batch` spans to a transaction.
double measureRawSqlite(const QString &sourcePath, const QString &targetPath, int batch)
{
    // The target gets the same schema by opening it as a store, then loses nothing else.
    Store::open(targetPath);
    sqlite3 *db = nullptr;
    sqlite3_open(targetPath.toUtf8().constData(), &db);
    // The connection settings intake's writer uses (Store::tuneForBulkWrites), so that only
    // the work differs.
    sqlite3_exec(db,
                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -131072; "
                 "PRAGMA wal_autocheckpoint = 5000",
                 nullptr, nullptr, nullptr);
    const std::string attach = "ATTACH '" + sourcePath.toStdString() + "' AS source";
    sqlite3_exec(db, attach.c_str(), nullptr, nullptr, nullptr);

    // Read every row into memory first, so that the clock times inserts only.
    struct Row {
        std::vector<std::string> values;
        std::vector<int> types;
        std::string searchText;
    };
    std::vector<Row> rows;
    sqlite3_stmt *read = nullptr;
    sqlite3_prepare_v2(db, "SELECT * FROM source.spans ORDER BY id", -1, &read, nullptr);
    const int columns = sqlite3_column_count(read);
    while (sqlite3_step(read) == SQLITE_ROW) {
        Row row;
        for (int c = 1; c < columns; ++c) {
            row.types.push_back(sqlite3_column_type(read, c));
            const auto *data = static_cast<const char *>(sqlite3_column_blob(read, c));
            row.values.emplace_back(data ? data : "", size_t(sqlite3_column_bytes(read, c)));
        }
        // The text of the input and output messages, about what intake indexes for search.
        const auto attributes = nlohmann::json::parse(row.values[27]);
        row.searchText = attributes.value("gen_ai.input.messages", "") + "\n"
            + attributes.value("gen_ai.output.messages", "");
        rows.push_back(std::move(row));
    }
    sqlite3_finalize(read);

    std::string insertSql = "INSERT INTO main.spans (";
    std::string placeholders;
    for (int c = 1; c < columns; ++c) {
        sqlite3_stmt *names = nullptr;
        sqlite3_prepare_v2(db, "SELECT * FROM source.spans LIMIT 0", -1, &names, nullptr);
        insertSql += std::string(c > 1 ? ", " : "") + sqlite3_column_name(names, c);
        sqlite3_finalize(names);
        placeholders += c > 1 ? ", ?" : "?";
    }
    insertSql += ") VALUES (" + placeholders + ")";
    sqlite3_stmt *insert = nullptr;
    sqlite3_prepare_v2(db, insertSql.c_str(), -1, &insert, nullptr);
    sqlite3_stmt *search = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO span_search (rowid, text) VALUES (?1, ?2)", -1, &search, nullptr);
    sqlite3_stmt *trace = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO traces (trace_id, start_ns, end_ns, duration_ns, name, has_root, service, model, "
                       "span_count, error_count, input_tokens, output_tokens, total_tokens, cost_usd, conversation_id) "
                       "VALUES (?1, ?2, ?3, ?3 - ?2, ?4, 1, ?5, ?6, 5, 0, ?7, ?8, ?7 + ?8, ?9, ?10) "
                       "ON CONFLICT (trace_id) DO UPDATE SET span_count = span_count + 1",
                       -1, &trace, nullptr);

    // Intake also measures each chat span as a request, with a rollup row per minute.
    sqlite3_exec(db,
                 "INSERT INTO main.endpoints (id, name, kind, base_url, model, probe_interval_s, probe_prompt, "
                 "max_tokens, timeout_s, traced) SELECT id, name, kind, base_url, model, probe_interval_s, "
                 "probe_prompt, max_tokens, timeout_s, traced FROM source.endpoints",
                 nullptr, nullptr, nullptr);
    struct Request {
        qint64 endpointId;
        qint64 startedAtMs;
        double latencyMs;
        qint64 inputTokens;
        qint64 outputTokens;
    };
    std::vector<Request> requests;
    sqlite3_stmt *readRequests = nullptr;
    sqlite3_prepare_v2(
        db,
        "SELECT endpoint_id, started_at_ms, latency_ms, input_tokens, output_tokens FROM source.requests "
        "ORDER BY id",
        -1, &readRequests, nullptr);
    while (sqlite3_step(readRequests) == SQLITE_ROW) {
        requests.push_back({sqlite3_column_int64(readRequests, 0), sqlite3_column_int64(readRequests, 1),
                            sqlite3_column_double(readRequests, 2), sqlite3_column_int64(readRequests, 3),
                            sqlite3_column_int64(readRequests, 4)});
    }
    sqlite3_finalize(readRequests);
    sqlite3_stmt *request = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO requests (endpoint_id, started_at_ms, source, status, latency_ms, input_tokens, "
                       "output_tokens, tokens_reported, response_model, finish_reason) "
                       "VALUES (?1, ?2, 'trace', 'ok', ?3, ?4, ?5, 1, 'gpt-4o-mini', 'stop')",
                       -1, &request, nullptr);
    // Minute rollups as intake writes them: a part per transaction, merged into the
    // minute's row once 16 parts have gathered.
    sqlite3_stmt *part = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO request_minute_parts (endpoint_id, minute_ms, count, ok_count, error_count, "
                       "output_tokens, latencies, ttfts, decode_rates) VALUES (?1, ?2, ?3, ?3, 0, ?4, ?5, x'', x'')",
                       -1, &part, nullptr);
    sqlite3_stmt *countParts = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM request_minute_parts WHERE endpoint_id = ?1 AND minute_ms = ?2", -1,
                       &countParts, nullptr);
    sqlite3_stmt *merge = nullptr;
    sqlite3_prepare_v2(
        db,
        "INSERT INTO request_minutes (endpoint_id, minute_ms, count, ok_count, error_count, output_tokens, latencies, "
        "ttfts, decode_rates) SELECT endpoint_id, minute_ms, sum(count), sum(ok_count), 0, sum(output_tokens), "
        "CAST(group_concat(latencies, '') AS BLOB), x'', x'' FROM request_minute_parts "
        "WHERE endpoint_id = ?1 AND minute_ms = ?2 GROUP BY endpoint_id, minute_ms "
        "ON CONFLICT (endpoint_id, minute_ms) DO UPDATE SET count = count + excluded.count, "
        "ok_count = ok_count + excluded.ok_count, output_tokens = output_tokens + excluded.output_tokens, "
        "latencies = CAST(latencies || excluded.latencies AS BLOB)",
        -1, &merge, nullptr);
    sqlite3_stmt *dropParts = nullptr;
    sqlite3_prepare_v2(db, "DELETE FROM request_minute_parts WHERE endpoint_id = ?1 AND minute_ms = ?2", -1, &dropParts,
                       nullptr);

    struct Rollup {
        qint64 count = 0;
        qint64 outputTokens = 0;
        std::string latencies;
    };
    std::map<std::pair<qint64, qint64>, Rollup> minutes;

    const auto started = Clock::now();
    for (size_t first = 0; first < rows.size(); first += size_t(batch)) {
        sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        for (size_t r = first; r < std::min(rows.size(), first + size_t(batch)); ++r) {
            const Row &row = rows[r];
            for (int c = 0; c < columns - 1; ++c) {
                const std::string &value = row.values[size_t(c)];
                switch (row.types[size_t(c)]) {
                case SQLITE_INTEGER:
                    sqlite3_bind_int64(insert, c + 1, std::stoll(value.empty() ? "0" : value));
                    break;
                case SQLITE_FLOAT:
                    sqlite3_bind_double(insert, c + 1, std::stod(value));
                    break;
                case SQLITE_NULL:
                    sqlite3_bind_null(insert, c + 1);
                    break;
                case SQLITE_BLOB:
                    sqlite3_bind_blob(insert, c + 1, value.data(), int(value.size()), SQLITE_STATIC);
                    break;
                default:
                    sqlite3_bind_text(insert, c + 1, value.data(), int(value.size()), SQLITE_STATIC);
                }
            }
            sqlite3_step(insert);
            sqlite3_reset(insert);

            // The same full-text row intake writes for a span.
            sqlite3_bind_int64(search, 1, sqlite3_last_insert_rowid(db));
            sqlite3_bind_text(search, 2, row.searchText.data(), int(row.searchText.size()), SQLITE_STATIC);
            sqlite3_step(search);
            sqlite3_reset(search);
            // Intake upserts a trace's summary once per transaction, however many of its
            // spans the transaction holds.
            if (r == first || row.values[0] != rows[r - 1].values[0]) {
                sqlite3_bind_blob(trace, 1, row.values[0].data(), int(row.values[0].size()), SQLITE_STATIC);
                sqlite3_bind_int64(trace, 2, 0);
                sqlite3_bind_int64(trace, 3, 1);
                sqlite3_bind_text(trace, 4, row.values[3].data(), int(row.values[3].size()), SQLITE_STATIC);
                sqlite3_bind_text(trace, 5, row.values[9].data(), int(row.values[9].size()), SQLITE_STATIC);
                sqlite3_bind_text(trace, 6, row.values[14].data(), int(row.values[14].size()), SQLITE_STATIC);
                sqlite3_bind_int64(trace, 7, 120);
                sqlite3_bind_int64(trace, 8, 42);
                sqlite3_bind_double(trace, 9, 0.0001);
                sqlite3_bind_text(trace, 10, row.values[22].data(), int(row.values[22].size()), SQLITE_STATIC);
                sqlite3_step(trace);
                sqlite3_reset(trace);
            }

            if (r < requests.size()) {
                const Request &call = requests[r];
                sqlite3_bind_int64(request, 1, call.endpointId);
                sqlite3_bind_int64(request, 2, call.startedAtMs);
                sqlite3_bind_double(request, 3, call.latencyMs);
                sqlite3_bind_int64(request, 4, call.inputTokens);
                sqlite3_bind_int64(request, 5, call.outputTokens);
                sqlite3_step(request);
                sqlite3_reset(request);
                auto &rollup = minutes[{call.endpointId, call.startedAtMs - call.startedAtMs % 60000}];
                rollup.count += 1;
                rollup.outputTokens += call.outputTokens;
                rollup.latencies.append(reinterpret_cast<const char *>(&call.latencyMs), sizeof(double));
            }
        }
        // As intake does: one rollup part per endpoint and minute of the transaction.
        for (const auto &[key, rollup] : minutes) {
            sqlite3_bind_int64(part, 1, key.first);
            sqlite3_bind_int64(part, 2, key.second);
            sqlite3_bind_int64(part, 3, rollup.count);
            sqlite3_bind_int64(part, 4, rollup.outputTokens);
            sqlite3_bind_blob(part, 5, rollup.latencies.data(), int(rollup.latencies.size()), SQLITE_STATIC);
            sqlite3_step(part);
            sqlite3_reset(part);

            sqlite3_bind_int64(countParts, 1, key.first);
            sqlite3_bind_int64(countParts, 2, key.second);
            sqlite3_step(countParts);
            const qint64 parts = sqlite3_column_int64(countParts, 0);
            sqlite3_reset(countParts);
            if (parts < 16)
                continue;
            for (sqlite3_stmt *statement : {merge, dropParts}) {
                sqlite3_bind_int64(statement, 1, key.first);
                sqlite3_bind_int64(statement, 2, key.second);
                sqlite3_step(statement);
                sqlite3_reset(statement);
            }
        }
        minutes.clear();
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
    sqlite3_finalize(insert);
    sqlite3_finalize(search);
    sqlite3_finalize(trace);
    sqlite3_finalize(request);
    for (sqlite3_stmt *statement : {part, countParts, merge, dropParts})
        sqlite3_finalize(statement);
    sqlite3_close(db);
    return double(rows.size()) / elapsed;
}

/// Decoding and mapping alone, on one thread: the receiver's share of the work.
double measureDecodeAndMap(int batch)
{
    const std::string body = exportOf(0, batch);
    const PriceTable prices = PriceTable::bundled();
    qint64 spans = 0;
    const auto started = Clock::now();
    while (Clock::now() - started < std::chrono::seconds(2)) {
        OtlpDecodeResult decoded = decodeOtlpTraces(body, OtlpEncoding::Protobuf);
        for (auto &span : decoded.spans) {
            const SpanRecord record = spanRecordFrom(std::move(span), prices);
            spans += record.spanId.empty() ? 0 : 1;
        }
    }
    return double(spans) / std::chrono::duration<double>(Clock::now() - started).count();
}

int argumentOr(const QStringList &arguments, const QString &name, int fallback)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments[at + 1].toInt() : fallback;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication application(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int seconds = argumentOr(arguments, QStringLiteral("--seconds"), 10);
    const int clients = argumentOr(arguments, QStringLiteral("--clients"), 2);
    const int batch = argumentOr(arguments, QStringLiteral("--batch"), 512);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    std::printf("decoding and mapping on one thread: %.0f spans/s\n", measureDecodeAndMap(batch));

    QTemporaryDir directory;
    const QString intakePath = directory.filePath(QStringLiteral("intake.sqlite"));
    const IntakeFigures intake = measureIntake(intakePath, seconds, clients, batch);
    std::printf("intake over loopback: %.0f spans/s (%lld spans acknowledged in %.1f s, %lld requests refused, "
                "%.0f bytes a span on the wire, %d clients, %d spans a request)\n",
                intake.spansPerSecond, intake.spans, intake.seconds, intake.refused, intake.bytesPerSpan, clients,
                batch);

    // Intake commits the exports that wait together (group commit); SQLite is measured
    // with one export to a transaction and with as many spans to one as intake gathered.
    const int gathered = std::max(batch, int(intake.spansPerTransaction));
    std::printf("group commit: %d spans a transaction on average\n", gathered);
    const double rawPerExport = measureRawSqlite(intakePath, directory.filePath(QStringLiteral("raw.sqlite")), batch);
    std::printf("raw SQLite, the same rows into the same tables, %d a transaction: %.0f spans/s\n", batch,
                rawPerExport);
    const double rawGathered = measureRawSqlite(intakePath, directory.filePath(QStringLiteral("raw-gathered.sqlite")),
                                                gathered);
    std::printf("raw SQLite, the same rows into the same tables, %d a transaction: %.0f spans/s\n", gathered,
                rawGathered);
    std::printf("ratio intake / raw SQLite with as many spans a transaction: %.2f\n",
                intake.spansPerSecond / rawGathered);
    return 0;
}
