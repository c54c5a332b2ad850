// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evalrunworker.h"
#include "evalworker.h"
#include "metricseries.h"
#include "playgroundrun.h"
#include "storeworker.h"
#include "tracereceiverservice.h"
#include "traceworker.h"

#include <QObject>
#include <QThread>

namespace llmops {

class MetricsScheduler;
class PlaygroundWorker;
class ProbeScheduler;
struct RequestRecord;

/// The console's work behind the GUI: a store thread answering dashboard questions and
/// endpoint edits, a collector thread running the probes, and two evaluation threads (one
/// reading for the Evaluations page, one running suites). Lives on the GUI thread;
/// everything it starts runs elsewhere, and every answer comes back as a queued signal.
class ConsoleBackend : public QObject
{
    Q_OBJECT

public:
    explicit ConsoleBackend(QString storePath, QObject *parent = nullptr);
    ~ConsoleBackend() override;

    QString storePath() const { return m_storePath; }
    /// Starts the threads and the probes. A backend starts once: stop() is final.
    void start();
    /// Stops the probes (cancelling the ones in flight), cancels an evaluation run going (it
    /// stays resumable) and stops every thread.
    void stop();

    /// Asks for a dashboard; answers to older requests are dropped when they arrive late.
    void requestDashboard(std::optional<qint64> endpointId, DashboardRange range);
    void addEndpoint(const Endpoint &endpoint);
    void updateEndpoint(const Endpoint &endpoint);
    void removeEndpoint(qint64 endpointId);
    void probeNow(qint64 endpointId);
    /// For the raw view of an endpoint's server metrics: its families, and one charted.
    void requestMetricFamilies(qint64 endpointId);
    void requestMetricChart(qint64 endpointId, const std::string &family, DashboardRange range);

    // The trace explorer's questions; answers carry the generation they were asked with.
    void requestTracePage(quint64 generation, const TraceFilter &filter, TraceOrder order,
                          std::optional<TraceCursor> after, int limit);
    void requestTrace(quint64 generation, const std::string &traceId);
    void requestTraceChoices();
    void requestPrices();
    void savePrices(const PriceTable &table);
    /// Starts the OTLP receiver at HOST:PORT, or stops it.
    void configureTraceReceiver(bool enabled, const QString &address);

    // The playground's runs: stored with their traces, and the history read back.
    void storePlaygroundRun(const PlaygroundRun &run);
    void requestPlaygroundRuns(int limit);
    void requestPlaygroundRun(qint64 runId);

    // The prompt library
    // Asked on the store thread; each answer comes back as the signal of the same name
    // below, a failure as promptLibraryFailed(). The list's answers carry the generation
    // they were asked with, so that a search typed on can drop the older ones.
    void requestPrompts(quint64 generation, const QString &search);
    void requestPromptVersions(const QString &name);
    void requestPromptVersion(const PromptReference &reference);
    void savePromptVersion(const QString &name, const PromptContent &content, const QString &commitMessage,
                           const QString &author);
    void setPromptLabel(const QString &name, const QString &label, int version);

    // Evaluations
    // Reads and edits are answered by the signals of the same names below, on a thread of
    // their own; runs go on another, one at a time.
    void requestDatasets();
    void requestDatasetItems(const QString &name, int version);
    void importDataset(const QString &name, const QString &filePath);
    void saveDatasetVersion(const QString &name, const std::vector<DatasetItem> &items, const QString &message);
    /// Answered by datasetItemsAdded() or datasetItemsRefused().
    void addDatasetItems(const QString &name, const std::vector<DatasetItem> &items, const QString &message);
    void requestEvalSuites();
    void saveEvalSuite(const QString &name, const QString &definitionJson);
    void requestEvalRuns();
    void requestEvalRun(quint64 generation, qint64 runId);
    void requestEvalTrend(const QString &suiteName);
    void startEvalRun(const EvalRunRequest &request);
    void resumeEvalRun(qint64 runId);
    /// Stops the run going now, at once; it ends Cancelled and can be resumed.
    void cancelEvalRun();

Q_SIGNALS:
    void dashboardReady(const llmops::DashboardSnapshot &snapshot);
    void probeStarted(qint64 endpointId);
    void probeFinished(const llmops::RequestRecord &record);
    /// A probe ended without a measurement to show; see ProbeScheduler::probeDropped.
    void probeDropped(qint64 endpointId);
    /// A scrape of an endpoint's server metrics is stored.
    void scrapeFinished(const llmops::ScrapeRecord &scrape);
    void metricFamiliesLoaded(qint64 endpointId, const std::vector<llmops::MetricFamilySummary> &families);
    void metricChartLoaded(qint64 endpointId, const llmops::ServerPanel &panel, qint64 fromMs, qint64 toMs,
                           qint64 bucketMs);
    void endpointsChanged();
    void endpointEditFailed(const QString &message);
    /// Something the user must know: the store cannot be opened or written, probes stopped.
    void backendFailed(const QString &message);

    void tracePageLoaded(quint64 generation, const std::vector<llmops::TraceSummary> &traces);
    void traceLoaded(const llmops::TraceDetail &detail);
    void traceChoicesLoaded(const std::vector<std::string> &services, const std::vector<std::string> &models);
    void traceQueryFailed(const QString &message);
    void pricesLoaded(const llmops::PriceTable &table);
    void pricesSaved(const llmops::PriceTable &table);
    void traceReceiverStatusChanged(const llmops::TraceReceiverStatus &status);
    /// The receiver committed new spans.
    void spansArrived();

    /// A playground run is stored, with its ids and costs set.
    void playgroundRunStored(const llmops::PlaygroundRun &run);
    void playgroundRunsLoaded(const std::vector<llmops::PlaygroundRunSummary> &runs);
    void playgroundRunLoaded(const llmops::PlaygroundRun &run);
    void playgroundFailed(const QString &message);

    // The prompt library
    void promptsLoaded(quint64 generation, const std::vector<llmops::PromptSummary> &prompts);
    /// Newest first.
    void promptVersionsLoaded(const QString &name, const std::vector<llmops::PromptVersion> &versions);
    void promptVersionLoaded(const llmops::PromptVersion &version);
    void promptVersionSaved(const llmops::PromptVersion &version);
    void promptLabelSet(const QString &name, const QString &label, int version);
    void promptLibraryFailed(const QString &message);

    // Evaluations
    void datasetsLoaded(const std::vector<llmops::DatasetVersionSummary> &versions);
    void datasetItemsLoaded(const QString &name, int version, const std::vector<llmops::DatasetItem> &items);
    void datasetImported(const llmops::DatasetImportReport &report);
    void datasetImportFailed(const llmops::DatasetImportReport &report);
    void datasetVersionSaved(const llmops::DatasetVersionSummary &version);
    void datasetItemsAdded(const llmops::DatasetVersionSummary &version, int added);
    void datasetItemsRefused(const QString &name, const QString &message);
    void evalSuitesLoaded(const std::vector<llmops::EvalSuiteRecord> &suites);
    void evalSuiteSaved(const llmops::EvalSuiteRecord &suite);
    void evalSuiteSaveFailed(const QString &name, const QString &problem);
    void evalRunsLoaded(const std::vector<llmops::EvalRunSummary> &runs);
    void evalRunLoaded(const llmops::EvalRunDetail &detail);
    void evalTrendLoaded(const QString &suiteName, const std::vector<llmops::EvalTrendPoint> &points);
    void evalQueryFailed(const QString &message);
    void evalRunStarted(const llmops::EvalRunRecord &run);
    /// At most ten times a second while a run goes.
    void evalRunProgressed(qint64 runId, const llmops::EvalProgress &progress);
    void evalRunFinished(qint64 runId, llmops::EvalRunStatus status, const llmops::EvalProgress &progress);
    void evalRunFailed(qint64 runId, const QString &message);

private:
    /// Passes on the answer to the newest dashboard request only.
    void forwardIfCurrent(const DashboardSnapshot &snapshot);
    /// Runs `call(worker)` on the worker's thread, unless the backend is stopped.
    template<typename Worker, typename Call>
    void postTo(Worker *worker, Call call);

    QString m_storePath;
    QThread m_storeThread;
    QThread m_probeThread;
    QThread m_evalThread;
    QThread m_evalRunThread;
    StoreWorker *m_storeWorker = nullptr;
    TraceWorker *m_traceWorker = nullptr;
    ProbeScheduler *m_scheduler = nullptr;
    MetricsScheduler *m_metrics = nullptr;
    TraceReceiverService *m_receiver = nullptr;
    PlaygroundWorker *m_playground = nullptr;
    EvalWorker *m_evaluations = nullptr;
    EvalRunWorker *m_evalRuns = nullptr;
    quint64 m_dashboardGeneration = 0;
    bool m_started = false;
    bool m_everStarted = false;
};

} // namespace llmops
