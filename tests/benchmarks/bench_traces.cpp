// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The trace explorer's reads: the first page of the trace list over a store of 1,000,000
// traces (in each order, filtered and searched), and opening one trace of 10,000 spans as
// the trace view does (read the spans, read their messages back, build the span tree).

#include "genaimapping.h"
#include "spantreemodel.h"
#include "store.h"
#include "tracelistmodel.h"

#include <QRandomGenerator>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <memory>

using namespace llmops;

namespace {

constexpr int kTraces = 1'000'000;
constexpr int kSpansOfTheBigTrace = 10'000;

std::string idOf(quint64 value, int bytes)
{
    std::string id(size_t(bytes), '\0');
    for (int i = 0; i < bytes; ++i)
        id[size_t(bytes - 1 - i)] = char((value >> (8 * i)) & 0xff);
    return id;
}

SpanRecord chatSpan(quint64 trace, quint64 span, std::optional<quint64> parent, qint64 startNs,
                    QRandomGenerator &random)
{
    SpanRecord record;
    record.traceId = idOf(trace, 16);
    record.spanId = idOf(span, 8);
    if (parent)
        record.parentSpanId = idOf(*parent, 8);
    record.name = "chat gpt-4o-mini";
    record.kind = 3;
    record.startNs = startNs;
    record.endNs = startNs + qint64(random.bounded(3000)) * 1'000'000;
    record.status = random.bounded(40) == 0 ? SpanStatus::Error : SpanStatus::Ok;
    record.serviceName = random.bounded(4) == 0 ? "billing" : "support";
    record.operation = "chat";
    record.provider = "openai";
    record.requestModel = random.bounded(3) == 0 ? "gpt-4o" : "gpt-4o-mini";
    record.inputTokens = qint64(random.bounded(2000));
    record.outputTokens = qint64(random.bounded(400));
    record.costUsd = random.bounded(10000) / 1e6;
    record.conversationId = "conv-" + std::to_string(trace / 20);
    record.attributesJson = R"({"gen_ai.operation.name":"chat","gen_ai.input.messages":"[{\"role\":\"user\",)"
                            R"(\"parts\":[{\"type\":\"text\",\"content\":\"What is our refund policy?\"}]}]"})";
    record.eventsJson = "[]";
    record.linksJson = "[]";
    record.resourceJson = R"({"service.name":"support"})";
    record.warningsJson = "[]";
    record.finishReasonsJson = R"(["stop"])";
    record.searchText = trace % 1000 == 0 ? "refund policy\n" : "weather forecast\n";
    return record;
}

/// A store of one million one-span traces over a week, and one trace of 10,000 spans in a
/// tree (each span under one of the 100 before it), made once for all benchmarks.
struct TraceStore {
    QTemporaryDir directory;
    std::unique_ptr<Store> store;
    std::string bigTraceId = idOf(kTraces + 1, 16);

    TraceStore()
    {
        store = Store::open(directory.filePath(QStringLiteral("traces.sqlite")));
        store->tuneForBulkWrites();
        QRandomGenerator random(1000000);
        const qint64 weekStartNs = 1'750'000'000'000'000'000;
        std::vector<SpanRecord> batch;
        for (quint64 trace = 1; trace <= quint64(kTraces); ++trace) {
            batch.push_back(
                chatSpan(trace, 1, std::nullopt, weekStartNs + qint64(trace) * 604'800'000'000 / kTraces, random));
            if (batch.size() == 20'000) {
                store->addSpans(batch);
                batch.clear();
            }
        }
        for (quint64 span = 1; span <= quint64(kSpansOfTheBigTrace); ++span) {
            // Each span hangs under one of the (up to) 100 spans before it.
            std::optional<quint64> parent;
            if (span > 1)
                parent = span - 1 - random.bounded(quint32(std::min<quint64>(span - 1, 100)));
            SpanRecord record = chatSpan(kTraces + 1, span, parent, weekStartNs + qint64(span) * 1'000'000, random);
            batch.push_back(std::move(record));
        }
        store->addSpans(batch);
    }
};

TraceStore &traceStore()
{
    static TraceStore store;
    return store;
}

void firstPage(benchmark::State &state, TraceOrder order, const TraceFilter &filter)
{
    Store &store = *traceStore().store;
    for (auto _ : state) {
        // What opening the list does: the first page from the store into the list model.
        TraceListModel model;
        model.setQuery(filter, order);
        const auto page = store.traces(filter, order, TraceListModel::kPageSize);
        model.appendPage(1, page);
        benchmark::DoNotOptimize(page.data());
        state.counters["rows"] = double(page.size());
    }
}

void openTraceList(benchmark::State &state)
{
    firstPage(state, TraceOrder::Newest, {});
}

void openTraceListByCost(benchmark::State &state)
{
    firstPage(state, TraceOrder::Costliest, {});
}

void openTraceListByDuration(benchmark::State &state)
{
    firstPage(state, TraceOrder::Longest, {});
}

void openTraceListOfAServiceWithErrors(benchmark::State &state)
{
    TraceFilter filter;
    filter.service = "billing";
    filter.status = TraceStatusFilter::Error;
    firstPage(state, TraceOrder::Newest, filter);
}

void openTraceListSearched(benchmark::State &state)
{
    TraceFilter filter;
    filter.search = "refund policy";
    firstPage(state, TraceOrder::Newest, filter);
}

void scrollToTheMillionth(benchmark::State &state)
{
    // Paging on from a cursor costs the same deep in the list as at its top.
    Store &store = *traceStore().store;
    const auto last = store.traces({}, TraceOrder::Oldest, 1);
    TraceSummary deep = last.front();
    deep.startNs += 604'800'000'000 - 604'800'000'000 / kTraces * 300;
    for (auto _ : state) {
        const auto page = store.traces({}, TraceOrder::Newest, TraceListModel::kPageSize,
                                       TraceCursor::after(deep, TraceOrder::Newest));
        benchmark::DoNotOptimize(page.data());
        state.counters["rows"] = double(page.size());
    }
}

void openTraceOf10000Spans(benchmark::State &state)
{
    Store &store = *traceStore().store;
    for (auto _ : state) {
        auto spans = store.traceSpans(traceStore().bigTraceId);
        for (auto &span : spans)
            deriveMessages(span);
        SpanTreeModel tree;
        tree.setSpans(std::move(spans));
        state.counters["spans"] = double(tree.spans().size());
    }
}

} // namespace

BENCHMARK(openTraceList)->Unit(benchmark::kMillisecond);
BENCHMARK(openTraceListByCost)->Unit(benchmark::kMillisecond);
BENCHMARK(openTraceListByDuration)->Unit(benchmark::kMillisecond);
BENCHMARK(openTraceListOfAServiceWithErrors)->Unit(benchmark::kMillisecond);
BENCHMARK(openTraceListSearched)->Unit(benchmark::kMillisecond);
BENCHMARK(scrollToTheMillionth)->Unit(benchmark::kMillisecond);
BENCHMARK(openTraceOf10000Spans)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
