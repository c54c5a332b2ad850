// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "storeworker.h"

#include "store.h"

using namespace Qt::StringLiterals;

namespace llmops {

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
    } catch (const StoreError &error) {
        Q_EMIT storeFailed(error.message());
    }
}

std::vector<EndpointStatus> StoreWorker::endpointStatuses() const
{
    std::vector<EndpointStatus> statuses;
    for (auto &endpoint : m_store->endpoints()) {
        EndpointStatus status;
        const auto recent = m_store->recentRequests(endpoint.id, kHealthWindow * 2);
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
    snapshot.toMs = request.nowMs + 1;
    snapshot.fromMs = snapshot.toMs - rangeLengthMs(request.range);

    try {
        snapshot.endpoints = endpointStatuses();
        const AggregateQuery query{request.endpointId, snapshot.fromMs, snapshot.toMs};
        snapshot.summary = m_store->aggregate(query);
        snapshot.buckets = m_store->series(query, snapshot.bucketMs);
    } catch (const StoreError &error) {
        Q_EMIT storeFailed(error.message());
        return;
    }
    Q_EMIT dashboardReady(snapshot);
}

void StoreWorker::addEndpoint(const Endpoint &endpoint)
{
    if (!m_store)
        return;
    try {
        m_store->addEndpoint(endpoint);
    } catch (const StoreError &error) {
        Q_EMIT endpointEditFailed(error.message());
        return;
    }
    Q_EMIT endpointsChanged();
}

void StoreWorker::updateEndpoint(const Endpoint &endpoint)
{
    if (!m_store)
        return;
    try {
        m_store->updateEndpoint(endpoint);
    } catch (const StoreError &error) {
        Q_EMIT endpointEditFailed(error.message());
        return;
    }
    Q_EMIT endpointsChanged();
}

void StoreWorker::removeEndpoint(qint64 endpointId)
{
    if (!m_store)
        return;
    try {
        m_store->removeEndpoint(endpointId);
    } catch (const StoreError &error) {
        Q_EMIT endpointEditFailed(error.message());
        return;
    }
    Q_EMIT endpointsChanged();
}

} // namespace llmops
