// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "endpoint.h"
#include "metricseries.h"

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

/// Scrapes every endpoint's Prometheus metrics on its metrics interval and stores them.
///
/// Like the probe scheduler it lives on a collector thread with its own store connection;
/// each scrape's HTTP work runs on a private pool, one scrape per endpoint at a time, and
/// the samples come back to the scheduler's thread to be stored. Never on the GUI thread.
class MetricsScheduler : public QObject
{
    Q_OBJECT

public:
    explicit MetricsScheduler(QString storePath, QObject *parent = nullptr);
    ~MetricsScheduler() override;

    /// Scrapes only this endpoint (or all of them again with std::nullopt).
    void setEndpointFilter(std::optional<qint64> endpointId) { m_endpointFilter = endpointId; }

public Q_SLOTS:
    /// Opens the store, scrapes each endpoint that has metrics at once and then on its interval.
    void start();
    /// Cancels the scrapes in flight and stops the timers; waits for the transfers to end.
    void stop();
    /// Picks up added, edited and removed endpoints.
    void reloadEndpoints();
    void scrapeNow(qint64 endpointId);

Q_SIGNALS:
    /// The scrape is stored, whether it reached the server or not.
    void scrapeFinished(const llmops::ScrapeRecord &scrape);
    void schedulerFailed(const QString &message);

private:
    void storeOutcome(const ScrapeRecord &record, const std::vector<ScrapedSample> &samples);

    QString m_storePath;
    std::unique_ptr<Store> m_store;
    QThreadPool m_pool;
    QHash<qint64, Endpoint> m_endpoints;
    QHash<qint64, QTimer *> m_timers;
    QHash<qint64, std::shared_ptr<std::atomic<bool>>> m_inFlight;
    bool m_running = false;
    std::optional<qint64> m_endpointFilter;
};

} // namespace llmops
