// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Store benchmarks: batched request inserts, and the dashboard's aggregate, series and
// failure queries over a day of one million requests.

#include "store.h"

#include <QRandomGenerator>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <memory>

using namespace llmops;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr qint64 kStartMs = 1'750'000'000'000;

Endpoint benchmarkEndpoint(const QString &name)
{
    Endpoint endpoint;
    endpoint.name = name;
    endpoint.baseUrl = u"http://127.0.0.1:8080/v1"_s;
    endpoint.model = u"bench"_s;
    return endpoint;
}

/// Realistic rows in time order, `spacingMs` apart from `firstMs`: mostly successes with
/// TTFT and tokens, a few errors.
std::vector<RequestRecord> makeRequests(qint64 endpointId, int count, qint64 firstMs, double spacingMs, quint32 seed)
{
    QRandomGenerator random(seed);
    std::vector<RequestRecord> records(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        RequestRecord &record = records[std::size_t(i)];
        record.endpointId = endpointId;
        record.startedAtMs = firstMs + qint64(double(i) * spacingMs);
        record.latencyMs = 200.0 + random.generateDouble() * 800.0;
        if (random.bounded(50) == 0) {
            record.status = RequestStatus::Error;
            record.errorClass = ErrorClass::Timeout;
            record.errorMessage = u"Operation timed out"_s;
            continue;
        }
        record.httpStatus = 200;
        record.ttftMs = record.latencyMs * 0.2;
        record.inputTokens = 40;
        record.outputTokens = 64;
        record.tokensReported = true;
        record.tokensPerSecond = 63.0 / ((record.latencyMs - *record.ttftMs) / 1000.0);
        record.responseModel = u"bench-model"_s;
        record.finishReason = u"stop"_s;
    }
    return records;
}

void insertRequestsBatched(benchmark::State &state)
{
    QTemporaryDir dir;
    const auto store = Store::open(dir.filePath(u"insert.sqlite"_s));
    const qint64 endpointId = store->addEndpoint(benchmarkEndpoint(u"bench"_s));
    const int batch = int(state.range(0));

    // A million requests a day, as a busy endpoint sends them: each batch follows the last.
    const double spacingMs = double(kDayMs) / 1e6;
    qint64 nextMs = kStartMs;
    for (auto _ : state) {
        state.PauseTiming();
        const auto records = makeRequests(endpointId, batch, nextMs, spacingMs, quint32(nextMs));
        nextMs += qint64(batch * spacingMs);
        state.ResumeTiming();
        store->addRequests(records);
    }
    state.SetItemsProcessed(state.iterations() * batch);
}
BENCHMARK(insertRequestsBatched)->Arg(1000)->Arg(10'000)->Unit(benchmark::kMillisecond);

/// One million requests over a day on one endpoint, built once for the query benchmarks.
struct DayOfRequests {
    QTemporaryDir dir;
    std::unique_ptr<Store> store;
    qint64 endpointId = 0;

    DayOfRequests()
    {
        store = Store::open(dir.filePath(u"day.sqlite"_s));
        endpointId = store->addEndpoint(benchmarkEndpoint(u"bench"_s));
        // A second endpoint's traffic in the same day, which the queries must skip.
        const qint64 other = store->addEndpoint(benchmarkEndpoint(u"other"_s));
        const double spacingMs = double(kDayMs) / 1e6;
        for (int part = 0; part < 100; ++part) {
            const qint64 firstMs = kStartMs + qint64(part * 10'000 * spacingMs);
            store->addRequests(makeRequests(endpointId, 10'000, firstMs, spacingMs, quint32(part + 10)));
        }
        store->addRequests(makeRequests(other, 100'000, kStartMs, spacingMs * 10, 99));
    }

    static DayOfRequests &instance()
    {
        static DayOfRequests day;
        return day;
    }
};

void aggregateP95OverADay(benchmark::State &state)
{
    auto &day = DayOfRequests::instance();
    const AggregateQuery query{day.endpointId, kStartMs, kStartMs + kDayMs};
    for (auto _ : state) {
        const RequestAggregate aggregate = day.store->aggregate(query);
        benchmark::DoNotOptimize(aggregate.latencyP95Ms);
    }
    state.counters["rows"] = double(day.store->aggregate(query).count);
}
BENCHMARK(aggregateP95OverADay)->Unit(benchmark::kMillisecond);

void seriesOfADayIn15MinuteBuckets(benchmark::State &state)
{
    auto &day = DayOfRequests::instance();
    const AggregateQuery query{day.endpointId, kStartMs, kStartMs + kDayMs};
    for (auto _ : state) {
        const auto buckets = day.store->series(query, 15 * 60 * 1000);
        benchmark::DoNotOptimize(buckets.data());
    }
}
BENCHMARK(seriesOfADayIn15MinuteBuckets)->Unit(benchmark::kMillisecond);

/// What the dashboard adds for its failure list: the newest failures of the day and their
/// count by class (about 20,000 of the million requests failed).
void failuresOfADay(benchmark::State &state)
{
    auto &day = DayOfRequests::instance();
    const AggregateQuery query{day.endpointId, kStartMs, kStartMs + kDayMs};
    for (auto _ : state) {
        const auto failures = day.store->failures(query, 200);
        const auto counts = day.store->failureCounts(query);
        benchmark::DoNotOptimize(failures.data());
        benchmark::DoNotOptimize(counts.data());
    }
    state.counters["failures"] = double(day.store->failureCounts(query).front().count);
}
BENCHMARK(failuresOfADay)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
