// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "consolebackend.h"

#include "metricsscheduler.h"
#include "playgroundworker.h"
#include "probescheduler.h"

#include <QDateTime>

namespace llmops {

ConsoleBackend::ConsoleBackend(QString storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
{
    m_storeThread.setObjectName(QStringLiteral("llmops-store"));
    m_probeThread.setObjectName(QStringLiteral("llmops-probes"));
    m_evalThread.setObjectName(QStringLiteral("llmops-evals"));
    m_evalRunThread.setObjectName(QStringLiteral("llmops-eval-runs"));

    // Both workers are created here and moved; they are deleted on their own thread's exit.
    m_storeWorker = new StoreWorker(m_storePath);
    m_storeWorker->moveToThread(&m_storeThread);
    connect(&m_storeThread, &QThread::finished, m_storeWorker, &QObject::deleteLater);

    m_scheduler = new ProbeScheduler(m_storePath);
    m_scheduler->moveToThread(&m_probeThread);
    connect(&m_probeThread, &QThread::finished, m_scheduler, &QObject::deleteLater);

    // Server metrics are scraped on the collector thread too.
    m_metrics = new MetricsScheduler(m_storePath);
    m_metrics->moveToThread(&m_probeThread);
    connect(&m_probeThread, &QThread::finished, m_metrics, &QObject::deleteLater);

    // The trace explorer reads on the store thread; the receiver is a collector like the probes.
    m_traceWorker = new TraceWorker(m_storePath);
    m_traceWorker->moveToThread(&m_storeThread);
    connect(&m_storeThread, &QThread::finished, m_traceWorker, &QObject::deleteLater);
    m_receiver = new TraceReceiverService(m_storePath);
    m_receiver->moveToThread(&m_probeThread);
    connect(&m_probeThread, &QThread::finished, m_receiver, &QObject::deleteLater);

    connect(m_storeWorker, &StoreWorker::dashboardReady, this, &ConsoleBackend::forwardIfCurrent);
    connect(m_storeWorker, &StoreWorker::endpointsChanged, this, &ConsoleBackend::endpointsChanged);
    connect(m_storeWorker, &StoreWorker::endpointsChanged, m_scheduler, &ProbeScheduler::reloadEndpoints);
    connect(m_storeWorker, &StoreWorker::endpointEditFailed, this, &ConsoleBackend::endpointEditFailed);
    connect(m_storeWorker, &StoreWorker::storeFailed, this, &ConsoleBackend::backendFailed);
    connect(m_storeWorker, &StoreWorker::metricFamiliesLoaded, this, &ConsoleBackend::metricFamiliesLoaded);
    connect(m_storeWorker, &StoreWorker::metricChartLoaded, this, &ConsoleBackend::metricChartLoaded);
    connect(m_scheduler, &ProbeScheduler::probeStarted, this, &ConsoleBackend::probeStarted);
    connect(m_scheduler, &ProbeScheduler::probeFinished, this, &ConsoleBackend::probeFinished);
    connect(m_scheduler, &ProbeScheduler::probeDropped, this, &ConsoleBackend::probeDropped);
    connect(m_scheduler, &ProbeScheduler::schedulerFailed, this, &ConsoleBackend::backendFailed);
    connect(m_storeWorker, &StoreWorker::endpointsChanged, m_metrics, &MetricsScheduler::reloadEndpoints);
    connect(m_metrics, &MetricsScheduler::scrapeFinished, this, &ConsoleBackend::scrapeFinished);
    connect(m_metrics, &MetricsScheduler::schedulerFailed, this, &ConsoleBackend::backendFailed);

    connect(m_traceWorker, &TraceWorker::pageLoaded, this, &ConsoleBackend::tracePageLoaded);
    connect(m_traceWorker, &TraceWorker::traceLoaded, this, &ConsoleBackend::traceLoaded);
    connect(m_traceWorker, &TraceWorker::choicesLoaded, this, &ConsoleBackend::traceChoicesLoaded);
    connect(m_traceWorker, &TraceWorker::traceQueryFailed, this, &ConsoleBackend::traceQueryFailed);
    connect(m_traceWorker, &TraceWorker::pricesLoaded, this, &ConsoleBackend::pricesLoaded);
    connect(m_traceWorker, &TraceWorker::pricesSaved, this, &ConsoleBackend::pricesSaved);
    connect(m_receiver, &TraceReceiverService::statusChanged, this, &ConsoleBackend::traceReceiverStatusChanged);
    connect(m_receiver, &TraceReceiverService::spansArrived, this, &ConsoleBackend::spansArrived);

    // Playground runs are stored on the store thread; their transfers run in the GUI's
    // PlaygroundSession.
    m_playground = new PlaygroundWorker(m_storePath);
    m_playground->moveToThread(&m_storeThread);
    connect(&m_storeThread, &QThread::finished, m_playground, &QObject::deleteLater);
    connect(m_playground, &PlaygroundWorker::runStored, this, &ConsoleBackend::playgroundRunStored);
    connect(m_playground, &PlaygroundWorker::runsLoaded, this, &ConsoleBackend::playgroundRunsLoaded);
    connect(m_playground, &PlaygroundWorker::runLoaded, this, &ConsoleBackend::playgroundRunLoaded);
    connect(m_playground, &PlaygroundWorker::playgroundFailed, this, &ConsoleBackend::playgroundFailed);

    // Prompt library
    connect(m_storeWorker, &StoreWorker::promptsLoaded, this, &ConsoleBackend::promptsLoaded);
    connect(m_storeWorker, &StoreWorker::promptVersionsLoaded, this, &ConsoleBackend::promptVersionsLoaded);
    connect(m_storeWorker, &StoreWorker::promptVersionLoaded, this, &ConsoleBackend::promptVersionLoaded);
    connect(m_storeWorker, &StoreWorker::promptVersionSaved, this, &ConsoleBackend::promptVersionSaved);
    connect(m_storeWorker, &StoreWorker::promptLabelSet, this, &ConsoleBackend::promptLabelSet);
    connect(m_storeWorker, &StoreWorker::promptLibraryFailed, this, &ConsoleBackend::promptLibraryFailed);

    // Evaluations: the page's reads on a thread of their own, so that they neither wait for
    // the dashboard's queries nor hold them up; runs on another, which each blocks for minutes.
    m_evaluations = new EvalWorker(m_storePath);
    m_evaluations->moveToThread(&m_evalThread);
    connect(&m_evalThread, &QThread::finished, m_evaluations, &QObject::deleteLater);
    connect(m_evaluations, &EvalWorker::datasetsLoaded, this, &ConsoleBackend::datasetsLoaded);
    connect(m_evaluations, &EvalWorker::datasetItemsLoaded, this, &ConsoleBackend::datasetItemsLoaded);
    connect(m_evaluations, &EvalWorker::datasetImported, this, &ConsoleBackend::datasetImported);
    connect(m_evaluations, &EvalWorker::datasetImportFailed, this, &ConsoleBackend::datasetImportFailed);
    connect(m_evaluations, &EvalWorker::datasetVersionSaved, this, &ConsoleBackend::datasetVersionSaved);
    connect(m_evaluations, &EvalWorker::datasetItemsAdded, this, &ConsoleBackend::datasetItemsAdded);
    connect(m_evaluations, &EvalWorker::datasetItemsRefused, this, &ConsoleBackend::datasetItemsRefused);
    connect(m_evaluations, &EvalWorker::suitesLoaded, this, &ConsoleBackend::evalSuitesLoaded);
    connect(m_evaluations, &EvalWorker::suiteSaved, this, &ConsoleBackend::evalSuiteSaved);
    connect(m_evaluations, &EvalWorker::suiteSaveFailed, this, &ConsoleBackend::evalSuiteSaveFailed);
    connect(m_evaluations, &EvalWorker::runsLoaded, this, &ConsoleBackend::evalRunsLoaded);
    connect(m_evaluations, &EvalWorker::runLoaded, this, &ConsoleBackend::evalRunLoaded);
    connect(m_evaluations, &EvalWorker::trendLoaded, this, &ConsoleBackend::evalTrendLoaded);
    connect(m_evaluations, &EvalWorker::evalQueryFailed, this, &ConsoleBackend::evalQueryFailed);

    m_evalRuns = new EvalRunWorker(m_storePath);
    m_evalRuns->moveToThread(&m_evalRunThread);
    connect(&m_evalRunThread, &QThread::finished, m_evalRuns, &QObject::deleteLater);
    connect(m_evalRuns, &EvalRunWorker::runStarted, this, &ConsoleBackend::evalRunStarted);
    connect(m_evalRuns, &EvalRunWorker::runProgressed, this, &ConsoleBackend::evalRunProgressed);
    connect(m_evalRuns, &EvalRunWorker::runFinished, this, &ConsoleBackend::evalRunFinished);
    connect(m_evalRuns, &EvalRunWorker::runFailed, this, &ConsoleBackend::evalRunFailed);
}

ConsoleBackend::~ConsoleBackend()
{
    if (!m_everStarted) {
        delete m_scheduler;
        delete m_metrics;
        delete m_storeWorker;
        delete m_traceWorker;
        delete m_receiver;
        delete m_playground;
        delete m_evaluations;
        delete m_evalRuns;
        return;
    }
    stop();
}

void ConsoleBackend::start()
{
    // The workers are deleted when their threads end, so a stopped backend stays stopped.
    if (m_everStarted)
        return;
    m_started = true;
    m_everStarted = true;
    m_storeThread.start();
    m_probeThread.start();
    m_evalThread.start();
    m_evalRunThread.start();
    QMetaObject::invokeMethod(m_storeWorker, &StoreWorker::open, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_scheduler, &ProbeScheduler::start, Qt::QueuedConnection);
    QMetaObject::invokeMethod(m_metrics, &MetricsScheduler::start, Qt::QueuedConnection);
}

void ConsoleBackend::stop()
{
    if (!m_started)
        return;
    m_started = false;

    // A run stops within about 100 ms of being cancelled; answers it stored stay stored and
    // the run stays resumable. Set first, so that it winds down while the rest stops.
    m_evalRuns->shutDown();

    // stop() cancels the transfers and waits for them, on the collector thread itself.
    QMetaObject::invokeMethod(m_scheduler, &ProbeScheduler::stop, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(m_metrics, &MetricsScheduler::stop, Qt::BlockingQueuedConnection);
    // The receiver answers what it has taken in before it stops.
    QMetaObject::invokeMethod(m_receiver, &TraceReceiverService::stop, Qt::BlockingQueuedConnection);
    // Calls already posted to the store thread (a playground run to store, an edit) are
    // handled in order before this one returns, so none is dropped when the thread quits.
    QMetaObject::invokeMethod(
        m_playground, [] {}, Qt::BlockingQueuedConnection);
    m_probeThread.quit();
    m_storeThread.quit();
    m_evalThread.quit();
    m_evalRunThread.quit();
    m_probeThread.wait();
    m_storeThread.wait();
    m_evalThread.wait();
    m_evalRunThread.wait();
}

template<typename Worker, typename Call>
void ConsoleBackend::postTo(Worker *worker, Call call)
{
    // After stop() the workers are gone; late timers and signals must not reach them.
    if (!m_started)
        return;
    QMetaObject::invokeMethod(
        worker, [worker, call] { call(worker); }, Qt::QueuedConnection);
}

void ConsoleBackend::requestDashboard(std::optional<qint64> endpointId, DashboardRange range)
{
    DashboardRequest request;
    request.generation = ++m_dashboardGeneration;
    request.endpointId = endpointId;
    request.range = range;
    request.nowMs = QDateTime::currentMSecsSinceEpoch();
    postTo(m_storeWorker, [request](StoreWorker *worker) { worker->refreshDashboard(request); });
}

void ConsoleBackend::forwardIfCurrent(const DashboardSnapshot &snapshot)
{
    if (snapshot.generation == m_dashboardGeneration)
        Q_EMIT dashboardReady(snapshot);
}

void ConsoleBackend::addEndpoint(const Endpoint &endpoint)
{
    postTo(m_storeWorker, [endpoint](StoreWorker *worker) { worker->addEndpoint(endpoint); });
}

void ConsoleBackend::updateEndpoint(const Endpoint &endpoint)
{
    postTo(m_storeWorker, [endpoint](StoreWorker *worker) { worker->updateEndpoint(endpoint); });
}

void ConsoleBackend::removeEndpoint(qint64 endpointId)
{
    postTo(m_storeWorker, [endpointId](StoreWorker *worker) { worker->removeEndpoint(endpointId); });
}

void ConsoleBackend::probeNow(qint64 endpointId)
{
    postTo(m_scheduler, [endpointId](ProbeScheduler *scheduler) { scheduler->probeNow(endpointId); });
}

void ConsoleBackend::requestTracePage(quint64 generation, const TraceFilter &filter, TraceOrder order,
                                      std::optional<TraceCursor> after, int limit)
{
    postTo(m_traceWorker, [=](TraceWorker *worker) { worker->loadPage(generation, filter, order, after, limit); });
}

void ConsoleBackend::requestTrace(quint64 generation, const std::string &traceId)
{
    postTo(m_traceWorker, [=](TraceWorker *worker) { worker->loadTrace(generation, traceId); });
}

void ConsoleBackend::requestTraceChoices()
{
    postTo(m_traceWorker, [](TraceWorker *worker) { worker->loadChoices(); });
}

void ConsoleBackend::requestMetricFamilies(qint64 endpointId)
{
    postTo(m_storeWorker, [endpointId](StoreWorker *worker) { worker->loadMetricFamilies(endpointId); });
}

void ConsoleBackend::requestMetricChart(qint64 endpointId, const std::string &family, DashboardRange range)
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    postTo(m_storeWorker, [=](StoreWorker *worker) { worker->loadMetricChart(endpointId, family, range, nowMs); });
}

void ConsoleBackend::requestPrices()
{
    postTo(m_traceWorker, [](TraceWorker *worker) { worker->loadPrices(); });
}

void ConsoleBackend::savePrices(const PriceTable &table)
{
    postTo(m_traceWorker, [table](TraceWorker *worker) { worker->savePrices(table); });
}

void ConsoleBackend::configureTraceReceiver(bool enabled, const QString &address)
{
    postTo(m_receiver, [=](TraceReceiverService *receiver) { receiver->configure(enabled, address); });
}

void ConsoleBackend::storePlaygroundRun(const PlaygroundRun &run)
{
    postTo(m_playground, [run](PlaygroundWorker *worker) { worker->storeRun(run); });
}

void ConsoleBackend::requestPlaygroundRuns(int limit)
{
    postTo(m_playground, [limit](PlaygroundWorker *worker) { worker->loadRuns(limit); });
}

void ConsoleBackend::requestPlaygroundRun(qint64 runId)
{
    postTo(m_playground, [runId](PlaygroundWorker *worker) { worker->loadRun(runId); });
}

// The prompt library

void ConsoleBackend::requestPrompts(quint64 generation, const QString &search)
{
    postTo(m_storeWorker, [=](StoreWorker *worker) { worker->loadPrompts(generation, search); });
}

void ConsoleBackend::requestPromptVersions(const QString &name)
{
    postTo(m_storeWorker, [name](StoreWorker *worker) { worker->loadPromptVersions(name); });
}

void ConsoleBackend::requestPromptVersion(const PromptReference &reference)
{
    postTo(m_storeWorker, [reference](StoreWorker *worker) { worker->loadPromptVersion(reference); });
}

void ConsoleBackend::savePromptVersion(const QString &name, const PromptContent &content, const QString &commitMessage,
                                       const QString &author)
{
    postTo(m_storeWorker,
           [=](StoreWorker *worker) { worker->savePromptVersion(name, content, commitMessage, author); });
}

void ConsoleBackend::setPromptLabel(const QString &name, const QString &label, int version)
{
    postTo(m_storeWorker, [=](StoreWorker *worker) { worker->setPromptLabel(name, label, version); });
}

// Evaluations

void ConsoleBackend::requestDatasets()
{
    postTo(m_evaluations, [](EvalWorker *worker) { worker->loadDatasets(); });
}

void ConsoleBackend::requestDatasetItems(const QString &name, int version)
{
    postTo(m_evaluations, [=](EvalWorker *worker) { worker->loadDatasetItems(name, version); });
}

void ConsoleBackend::importDataset(const QString &name, const QString &filePath)
{
    postTo(m_evaluations, [=](EvalWorker *worker) { worker->importDataset(name, filePath); });
}

void ConsoleBackend::saveDatasetVersion(const QString &name, const std::vector<DatasetItem> &items,
                                        const QString &message)
{
    postTo(m_evaluations, [=](EvalWorker *worker) { worker->saveDatasetVersion(name, items, message); });
}

void ConsoleBackend::addDatasetItems(const QString &name, const std::vector<DatasetItem> &items, const QString &message)
{
    postTo(m_evaluations, [=](EvalWorker *worker) { worker->addDatasetItems(name, items, message); });
}

void ConsoleBackend::requestEvalSuites()
{
    postTo(m_evaluations, [](EvalWorker *worker) { worker->loadSuites(); });
}

void ConsoleBackend::saveEvalSuite(const QString &name, const QString &definitionJson)
{
    postTo(m_evaluations, [=](EvalWorker *worker) { worker->saveSuite(name, definitionJson); });
}

void ConsoleBackend::requestEvalRuns()
{
    postTo(m_evaluations, [](EvalWorker *worker) { worker->loadRuns(); });
}

void ConsoleBackend::requestEvalRun(quint64 generation, qint64 runId)
{
    postTo(m_evaluations, [=](EvalWorker *worker) { worker->loadRun(generation, runId); });
}

void ConsoleBackend::requestEvalTrend(const QString &suiteName)
{
    postTo(m_evaluations, [suiteName](EvalWorker *worker) { worker->loadTrend(suiteName); });
}

void ConsoleBackend::startEvalRun(const EvalRunRequest &request)
{
    postTo(m_evalRuns, [request](EvalRunWorker *worker) { worker->startRun(request); });
}

void ConsoleBackend::resumeEvalRun(qint64 runId)
{
    postTo(m_evalRuns, [runId](EvalRunWorker *worker) { worker->resumeRun(runId); });
}

void ConsoleBackend::cancelEvalRun()
{
    // Not posted: the run worker's thread is inside the run and reads its events only after.
    if (m_started)
        m_evalRuns->cancel();
}

} // namespace llmops
