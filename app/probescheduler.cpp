// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "probescheduler.h"

#include "prober.h"
#include "store.h"

#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QTimer>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcProbes, "llmops.probes", QtWarningMsg)

namespace llmops {

ProbeScheduler::ProbeScheduler(QString storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
{
    // Hung endpoints each hold a pool thread until their timeout; keep room for the others.
    m_pool.setMaxThreadCount(16);
}

ProbeScheduler::~ProbeScheduler()
{
    stop();
}

void ProbeScheduler::start()
{
    try {
        if (!m_store)
            m_store = Store::open(m_storePath);
    } catch (const StoreError &error) {
        Q_EMIT schedulerFailed(error.message());
        return;
    }
    m_running = true;
    reloadEndpoints();
}

void ProbeScheduler::stop()
{
    m_running = false;
    qDeleteAll(m_timers);
    m_timers.clear();
    for (const auto &probe : std::as_const(m_inFlight))
        probe.cancelRequested->store(true);
    m_pool.waitForDone();
    m_inFlight.clear();
}

void ProbeScheduler::reloadEndpoints()
{
    if (!m_running)
        return;

    std::vector<Endpoint> endpoints;
    try {
        endpoints = m_store->endpoints();
    } catch (const StoreError &error) {
        Q_EMIT schedulerFailed(error.message());
        return;
    }

    QHash<qint64, Endpoint> current;
    for (const auto &endpoint : endpoints) {
        // Traced endpoints are measured from the spans they receive; there is nothing to probe.
        if (!endpoint.traced && (!m_endpointFilter || *m_endpointFilter == endpoint.id))
            current.insert(endpoint.id, endpoint);
    }

    // Forget removed endpoints, cancelling a probe of one still in flight (it could wait for
    // its whole timeout on a hung server); re-arm the ones whose interval changed; probe new
    // ones at once.
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (!current.contains(it.key())) {
            if (const auto probe = m_inFlight.constFind(it.key()); probe != m_inFlight.cend())
                probe->cancelRequested->store(true);
            delete it.value();
            it = m_timers.erase(it);
        } else {
            ++it;
        }
    }
    for (const auto &endpoint : std::as_const(current)) {
        const bool isNew = !m_endpoints.contains(endpoint.id);
        m_endpoints.insert(endpoint.id, endpoint);
        armTimer(endpoint);
        if (isNew)
            probeNow(endpoint.id);
    }
    m_endpoints.removeIf([&current](const auto &entry) { return !current.contains(entry.key()); });
}

void ProbeScheduler::armTimer(const Endpoint &endpoint)
{
    QTimer *&timer = m_timers[endpoint.id];
    if (!timer) {
        timer = new QTimer(this);
        // A coarse timer may fire up to 5% early, which would probe before a Retry-After ends.
        timer->setTimerType(Qt::PreciseTimer);
        const qint64 endpointId = endpoint.id;
        connect(timer, &QTimer::timeout, this, [this, endpointId] {
            probeNow(endpointId);
            // After a wait the server asked for, the usual rhythm resumes.
            if (m_endpoints.contains(endpointId))
                armTimer(m_endpoints.value(endpointId));
        });
    }
    const int intervalMs = endpoint.probeIntervalS * 1000;
    if (timer->interval() != intervalMs || !timer->isActive())
        timer->start(intervalMs);
}

void ProbeScheduler::probeNow(qint64 endpointId)
{
    // One probe per endpoint at a time: a slow endpoint must not pile up requests.
    if (!m_running || m_inFlight.contains(endpointId) || !m_endpoints.contains(endpointId))
        return;

    const Endpoint endpoint = m_endpoints.value(endpointId);
    auto cancelRequested = std::make_shared<std::atomic<bool>>(false);
    m_inFlight.insert(endpointId, {cancelRequested});
    Q_EMIT probeStarted(endpointId);

    auto *watcher = new QFutureWatcher<RequestRecord>(this);
    connect(watcher, &QFutureWatcher<RequestRecord>::finished, this, [this, watcher, endpointId] {
        m_inFlight.remove(endpointId);
        const RequestRecord record = watcher->result();
        honourRetryAfter(record);
        storeOutcome(record);
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [endpoint, cancelRequested] {
        HttpClient client;
        return runProbe(endpoint, client, cancelRequested.get()).record;
    }));
}

void ProbeScheduler::honourRetryAfter(const RequestRecord &record)
{
    // A 429 or 503 that names a wait longer than the interval holds the next probe back:
    // probing on regardless would only add to the load that made the server refuse.
    QTimer *timer = m_timers.value(record.endpointId);
    if (!m_running || !timer || !record.retryAfterMs || *record.retryAfterMs <= timer->interval())
        return;
    const qint64 waitMs = std::min<qint64>(*record.retryAfterMs, qint64(kMaxProbeIntervalS) * 1000);
    timer->start(int(waitMs));
}

void ProbeScheduler::storeOutcome(const RequestRecord &record)
{
    // A probe cancelled by stop() measured nothing about the endpoint.
    if (!m_running && record.status == RequestStatus::Cancelled) {
        Q_EMIT probeDropped(record.endpointId);
        return;
    }

    RequestRecord stored = record;
    try {
        stored.id = m_store->addRequest(record);
    } catch (const StoreError &error) {
        Q_EMIT probeDropped(record.endpointId);
        // The endpoint was removed while its probe ran: there is nothing to store it under,
        // and the list of endpoints to probe is out of date.
        if (error.kind() == StoreError::Kind::NotFound) {
            reloadEndpoints();
            return;
        }
        qCWarning(lcProbes) << "cannot store a probe:" << error.message();
        Q_EMIT schedulerFailed(error.message());
        return;
    }
    Q_EMIT probeFinished(stored);
}

} // namespace llmops
