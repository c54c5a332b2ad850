// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "endpoint.h"
#include "requestrecord.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <optional>

class QTimer;

namespace llmops {

class Store;

/// Probes every registered endpoint on its own interval and stores each measurement.
///
/// The scheduler lives on one thread (the GUI moves it to a collector thread; the CLI keeps
/// it on the main thread) and opens its own store connection there. The blocking HTTP work
/// of each probe runs on a private thread pool, one probe per endpoint at a time, and the
/// result comes back to the scheduler's thread to be stored.
class ProbeScheduler : public QObject
{
    Q_OBJECT

public:
    explicit ProbeScheduler(QString storePath, QObject *parent = nullptr);
    ~ProbeScheduler() override;

    int probesInFlight() const { return int(m_inFlight.size()); }
    /// Probes only this endpoint (or all of them again with std::nullopt).
    void setEndpointFilter(std::optional<qint64> endpointId) { m_endpointFilter = endpointId; }

public Q_SLOTS:
    /// Opens the store, loads the endpoints, probes each at once and then on its interval.
    void start();
    /// Cancels the probes in flight and stops the timers; waits for the transfers to end.
    void stop();
    /// Picks up added, edited and removed endpoints.
    void reloadEndpoints();
    void probeNow(qint64 endpointId);

Q_SIGNALS:
    void probeStarted(qint64 endpointId);
    /// The measurement is stored: `record.id` is its row.
    void probeFinished(const llmops::RequestRecord &record);
    /// The probe ended without a stored measurement: cancelled by stop(), its endpoint
    /// removed meanwhile, or the store refused it (schedulerFailed says why).
    void probeDropped(qint64 endpointId);
    void schedulerFailed(const QString &message);

private:
    struct InFlight {
        std::shared_ptr<std::atomic<bool>> cancelRequested;
    };

    void armTimer(const Endpoint &endpoint);
    void honourRetryAfter(const RequestRecord &record);
    void storeOutcome(const RequestRecord &record);

    QString m_storePath;
    std::unique_ptr<Store> m_store;
    QThreadPool m_pool;
    QHash<qint64, Endpoint> m_endpoints;
    QHash<qint64, QTimer *> m_timers;
    QHash<qint64, InFlight> m_inFlight;
    bool m_running = false;
    std::optional<qint64> m_endpointFilter;
};

} // namespace llmops
