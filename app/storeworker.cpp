// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "storeworker.h"

#include "store.h"

#include <QTimer>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

/// Every bucket of the range, the empty ones with zero requests, so that charts show a quiet
/// or dead period as such instead of drawing across it.
std::vector<AggregateBucket> withEmptyBuckets(std::vector<AggregateBucket> filled, qint64 fromMs, qint64 toMs,
                                              qint64 bucketMs)
{
    std::vector<AggregateBucket> all;
    auto next = filled.begin();
    for (qint64 start = floorToStep(fromMs, bucketMs); start < toMs; start += bucketMs) {
        if (next != filled.end() && next->startMs == start)
            all.push_back(std::move(*next++));
        else
            all.push_back({start, {}});
    }
    return all;
}

} // namespace

StoreWorker::StoreWorker(QString storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
{
}

StoreWorker::~StoreWorker() = default;

void StoreWorker::open()
{
    try {
        m_store = Store::open(m_storePath);
        m_knownEndpoints = m_store->endpoints();
    } catch (const StoreError &error) {
        Q_EMIT storeFailed(error.message());
        return;
    }

    // llmopsctl, or a second console, may change the endpoints behind this one's back.
    auto *watch = new QTimer(this);
    connect(watch, &QTimer::timeout, this, &StoreWorker::lookForOutsideChanges);
    watch->start(kOutsideChangeCheckMs);

    // The probes may have read the endpoints before this first look; from here on every
    // change is seen, so one reload now leaves no change between the two unseen.
    Q_EMIT endpointsChanged();
}

void StoreWorker::lookForOutsideChanges()
{
    try {
        std::vector<Endpoint> endpoints = m_store->endpoints();
        if (endpoints == m_knownEndpoints)
            return;
        m_knownEndpoints = std::move(endpoints);
    } catch (const StoreError &error) {
        // A busy store now and then is normal while probes write; the next look will do.
        if (error.kind() != StoreError::Kind::Busy)
            Q_EMIT storeFailed(error.message());
        return;
    }
    Q_EMIT endpointsChanged();
}

std::vector<EndpointStatus> StoreWorker::endpointStatuses() const
{
    std::vector<EndpointStatus> statuses;
    for (auto &endpoint : m_store->endpoints()) {
        EndpointStatus status;
        // A traced endpoint's health is that of the calls its spans report.
        const RequestSource source = endpoint.traced ? RequestSource::Trace : RequestSource::Probe;
        const auto recent = m_store->recentRequests(endpoint.id, kHealthWindow * 2, source);
        status.health = healthFromRecentProbes(recent);
        if (!recent.empty())
            status.lastProbe = recent.front();
        status.endpoint = std::move(endpoint);
        statuses.push_back(std::move(status));
    }
    return statuses;
}

void StoreWorker::refreshDashboard(const DashboardRequest &request)
{
    if (!m_store)
        return;

    DashboardSnapshot snapshot;
    snapshot.generation = request.generation;
    snapshot.endpointId = request.endpointId;
    snapshot.bucketMs = rangeBucketMs(request.range);
    // The range is half-open, so a probe that finished this millisecond needs one more.
    snapshot.toMs = request.nowMs + 1;
    snapshot.fromMs = snapshot.toMs - rangeLengthMs(request.range);
    snapshot.chartFromMs = floorToStep(snapshot.fromMs, snapshot.bucketMs);

    try {
        snapshot.endpoints = endpointStatuses();
        const AggregateQuery summaryQuery{request.endpointId, snapshot.fromMs, snapshot.toMs};
        snapshot.summary = m_store->aggregate(summaryQuery);
        snapshot.failures = m_store->failures(summaryQuery, kFailuresShown);
        snapshot.failureCounts = m_store->failureCounts(summaryQuery);
        const AggregateQuery chartQuery{request.endpointId, snapshot.chartFromMs, snapshot.toMs};
        snapshot.buckets = withEmptyBuckets(m_store->series(chartQuery, snapshot.bucketMs), snapshot.chartFromMs,
                                            snapshot.toMs, snapshot.bucketMs);
        // The server's panels share the client charts' buckets and time axis.
        if (request.endpointId) {
            snapshot.latestScrape = m_store->latestScrape(*request.endpointId);
            snapshot.serverPanels = serverPanels(*m_store, *request.endpointId,
                                                 m_store->latestServerKind(*request.endpointId), snapshot.chartFromMs,
                                                 snapshot.toMs, snapshot.bucketMs);
        }
    } catch (const StoreError &error) {
        Q_EMIT storeFailed(error.message());
        return;
    }
    Q_EMIT dashboardReady(snapshot);
}

void StoreWorker::loadMetricFamilies(qint64 endpointId)
{
    if (!m_store)
        return;
    try {
        Q_EMIT metricFamiliesLoaded(endpointId, m_store->metricFamilies(endpointId));
    } catch (const StoreError &error) {
        Q_EMIT storeFailed(error.message());
    }
}

void StoreWorker::loadMetricChart(qint64 endpointId, const std::string &family, DashboardRange range, qint64 nowMs)
{
    if (!m_store)
        return;
    // The same buckets as the dashboard's for the range.
    const qint64 bucketMs = rangeBucketMs(range);
    const qint64 toMs = nowMs + 1;
    const qint64 fromMs = floorToStep(toMs - rangeLengthMs(range), bucketMs);
    try {
        Q_EMIT metricChartLoaded(endpointId, familyPanel(*m_store, endpointId, family, fromMs, toMs, bucketMs), fromMs,
                                 toMs, bucketMs);
    } catch (const StoreError &error) {
        Q_EMIT storeFailed(error.message());
    }
}

template<typename Edit>
void StoreWorker::runEdit(Edit edit)
{
    if (!m_store) {
        Q_EMIT endpointEditFailed(tr("The store is not open, so the change was not saved."));
        return;
    }
    try {
        edit(*m_store);
        m_knownEndpoints = m_store->endpoints();
    } catch (const StoreError &error) {
        Q_EMIT endpointEditFailed(error.message());
        return;
    }
    Q_EMIT endpointsChanged();
}

void StoreWorker::addEndpoint(const Endpoint &endpoint)
{
    runEdit([&endpoint](Store &store) { store.addEndpoint(endpoint); });
}

void StoreWorker::updateEndpoint(const Endpoint &endpoint)
{
    runEdit([&endpoint](Store &store) { store.updateEndpoint(endpoint); });
}

void StoreWorker::removeEndpoint(qint64 endpointId)
{
    runEdit([endpointId](Store &store) { store.removeEndpoint(endpointId); });
}

// The prompt library

template<typename Call>
void StoreWorker::runPromptCall(Call call)
{
    if (!m_store) {
        Q_EMIT promptLibraryFailed(tr("The store is not open, so the prompt library cannot be read or changed."));
        return;
    }
    try {
        call(*m_store);
    } catch (const StoreError &error) {
        Q_EMIT promptLibraryFailed(error.message());
    }
}

void StoreWorker::loadPrompts(quint64 generation, const QString &search)
{
    runPromptCall([&](Store &store) { Q_EMIT promptsLoaded(generation, store.prompts(search)); });
}

void StoreWorker::loadPromptVersions(const QString &name)
{
    runPromptCall([&](Store &store) { Q_EMIT promptVersionsLoaded(name, store.promptVersions(name)); });
}

void StoreWorker::loadPromptVersion(const PromptReference &reference)
{
    runPromptCall([&](Store &store) { Q_EMIT promptVersionLoaded(store.promptVersion(reference)); });
}

void StoreWorker::savePromptVersion(const QString &name, const PromptContent &content, const QString &commitMessage,
                                    const QString &author)
{
    runPromptCall([&](Store &store) {
        Q_EMIT promptVersionSaved(store.savePromptVersion(name, content, commitMessage, author));
    });
}

void StoreWorker::setPromptLabel(const QString &name, const QString &label, int version)
{
    runPromptCall([&](Store &store) {
        store.setPromptLabel(name, label, version);
        Q_EMIT promptLabelSet(name, label, version);
    });
}

} // namespace llmops
