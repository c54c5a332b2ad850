// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "traceworker.h"

#include "genaimapping.h"
#include "store.h"

namespace llmops {

TraceWorker::TraceWorker(QString storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
{
}

TraceWorker::~TraceWorker() = default;

Store *TraceWorker::store()
{
    if (!m_store) {
        try {
            m_store = Store::open(m_storePath);
        } catch (const StoreError &error) {
            Q_EMIT traceQueryFailed(error.message());
        }
    }
    return m_store.get();
}

void TraceWorker::loadPage(quint64 generation, const TraceFilter &filter, TraceOrder order,
                           std::optional<TraceCursor> after, int limit)
{
    Store *traces = store();
    if (!traces)
        return;
    try {
        Q_EMIT pageLoaded(generation, traces->traces(filter, order, limit, after));
    } catch (const StoreError &error) {
        // A search the full-text index cannot read lands here too; the list stays as it was.
        Q_EMIT traceQueryFailed(error.message());
        Q_EMIT pageLoaded(generation, {});
    }
}

void TraceWorker::loadTrace(quint64 generation, const std::string &traceId)
{
    Store *traces = store();
    if (!traces)
        return;
    TraceDetail detail;
    detail.generation = generation;
    detail.traceId = traceId;
    try {
        detail.summary = traces->trace(traceId);
        detail.spans = traces->traceSpans(traceId);
    } catch (const StoreError &error) {
        Q_EMIT traceQueryFailed(error.message());
        return;
    }
    for (auto &span : detail.spans)
        deriveMessages(span);
    Q_EMIT traceLoaded(detail);
}

void TraceWorker::loadChoices()
{
    Store *traces = store();
    if (!traces)
        return;
    try {
        Q_EMIT choicesLoaded(traces->traceServices(), traces->traceModels());
    } catch (const StoreError &error) {
        Q_EMIT traceQueryFailed(error.message());
    }
}

void TraceWorker::loadPrices()
{
    Store *traces = store();
    if (!traces)
        return;
    try {
        Q_EMIT pricesLoaded(traces->priceTable());
    } catch (const StoreError &error) {
        Q_EMIT traceQueryFailed(error.message());
    }
}

void TraceWorker::savePrices(const PriceTable &table)
{
    Store *traces = store();
    if (!traces)
        return;
    try {
        traces->setPriceTable(table);
        Q_EMIT pricesSaved(traces->priceTable());
    } catch (const StoreError &error) {
        Q_EMIT traceQueryFailed(error.message());
    }
}

} // namespace llmops
