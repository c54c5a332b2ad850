// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "metricsscheduler.h"

#include "httpclient.h"
#include "metricscraper.h"
#include "store.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QTimer>
#include <QtConcurrent>

Q_LOGGING_CATEGORY(lcScrapes, "llmops.scrapes", QtWarningMsg)

namespace llmops {

MetricsScheduler::MetricsScheduler(QString storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
{
    // A hung server holds a pool thread until its scrape times out; keep room for the others.
    m_pool.setMaxThreadCount(8);
}

MetricsScheduler::~MetricsScheduler()
{
    stop();
}

void MetricsScheduler::start()
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

void MetricsScheduler::stop()
{
    m_running = false;
    qDeleteAll(m_timers);
    m_timers.clear();
    for (const auto &cancel : std::as_const(m_inFlight))
        cancel->store(true);
    m_pool.waitForDone();
    m_inFlight.clear();
}

void MetricsScheduler::reloadEndpoints()
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
        if (!metricsUrlOf(endpoint).isEmpty() && (!m_endpointFilter || *m_endpointFilter == endpoint.id))
            current.insert(endpoint.id, endpoint);
    }
    for (auto it = m_timers.begin(); it != m_timers.end();) {
        if (!current.contains(it.key())) {
            if (const auto cancel = m_inFlight.value(it.key()))
                cancel->store(true);
            delete it.value();
            it = m_timers.erase(it);
        } else {
            ++it;
        }
    }
    for (const auto &endpoint : std::as_const(current)) {
        const bool isNew = !m_endpoints.contains(endpoint.id);
        const bool changed = !isNew && m_endpoints.value(endpoint.id) != endpoint;
        m_endpoints.insert(endpoint.id, endpoint);

        QTimer *&timer = m_timers[endpoint.id];
        if (!timer) {
            timer = new QTimer(this);
            const qint64 endpointId = endpoint.id;
            connect(timer, &QTimer::timeout, this, [this, endpointId] { scrapeNow(endpointId); });
        }
        const int intervalMs = endpoint.metricsIntervalS * 1000;
        if (timer->interval() != intervalMs || !timer->isActive())
            timer->start(intervalMs);
        if (isNew || changed)
            scrapeNow(endpoint.id);
    }
    m_endpoints.removeIf([&current](const auto &entry) { return !current.contains(entry.key()); });
}

void MetricsScheduler::scrapeNow(qint64 endpointId)
{
    // One scrape per endpoint at a time: a slow server must not pile up requests.
    if (!m_running || m_inFlight.contains(endpointId) || !m_endpoints.contains(endpointId))
        return;

    const Endpoint endpoint = m_endpoints.value(endpointId);
    auto cancelRequested = std::make_shared<std::atomic<bool>>(false);
    m_inFlight.insert(endpointId, cancelRequested);

    auto *watcher = new QFutureWatcher<ScrapeOutcome>(this);
    connect(watcher, &QFutureWatcher<ScrapeOutcome>::finished, this, [this, watcher, endpointId] {
        m_inFlight.remove(endpointId);
        const ScrapeOutcome outcome = watcher->result();
        watcher->deleteLater();
        // A scrape cancelled by stop() or by its endpoint's removal says nothing of the server.
        if (m_running && m_endpoints.contains(endpointId))
            storeOutcome(outcome.record, outcome.samples);
    });
    watcher->setFuture(QtConcurrent::run(&m_pool, [endpoint, cancelRequested] {
        HttpClient client;
        return scrapeMetrics(client, endpoint, QDateTime::currentMSecsSinceEpoch(), cancelRequested.get());
    }));
}

void MetricsScheduler::storeOutcome(const ScrapeRecord &record, const std::vector<ScrapedSample> &samples)
{
    try {
        m_store->addScrape(record, samples);
    } catch (const StoreError &error) {
        qCWarning(lcScrapes) << "cannot store a scrape:" << error.message();
        Q_EMIT schedulerFailed(error.message());
        return;
    }
    Q_EMIT scrapeFinished(record);
}

} // namespace llmops
