// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "aggregate.h"
#include "dashboardrange.h"
#include "endpoint.h"
#include "endpointstatusmodel.h"
#include "metricseries.h"
#include "prompt.h"
#include "serverdashboard.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace llmops {

class Store;

/// What a dashboard asks for. The generation number lets the asker drop answers to
/// questions it no longer has.
struct DashboardRequest {
    quint64 generation = 0;
    std::optional<qint64> endpointId; ///< all endpoints when empty
    DashboardRange range = DashboardRange::Last15Minutes;
    qint64 nowMs = 0;
};

/// How many failures a dashboard lists; the counts by class cover all of them.
constexpr int kFailuresShown = 200;

/// Everything one dashboard refresh shows, computed off the GUI thread.
struct DashboardSnapshot {
    quint64 generation = 0;
    std::vector<EndpointStatus> endpoints;
    std::optional<qint64> endpointId;
    qint64 fromMs = 0; ///< the summary covers [fromMs, toMs)
    qint64 toMs = 0;
    /// The charts start on a bucket boundary at or before fromMs, so that their first
    /// bucket is whole.
    qint64 chartFromMs = 0;
    qint64 bucketMs = 60'000;
    RequestAggregate summary;
    std::vector<AggregateBucket> buckets;
    /// The newest failures of the range (at most kFailuresShown) and the count of each kind.
    std::vector<RequestRecord> failures;
    std::vector<ErrorClassCount> failureCounts;
    /// For one endpoint whose metrics are scraped: its latest scrape and its server's
    /// panels over the chart's buckets.
    std::optional<ScrapeRecord> latestScrape;
    std::vector<ServerPanel> serverPanels;
};

/// Reads and edits the store for the GUI, on a thread of its own, with its own connection.
/// Results and failures come back as signals.
class StoreWorker : public QObject
{
    Q_OBJECT

public:
    explicit StoreWorker(QString storePath, QObject *parent = nullptr);
    ~StoreWorker() override;

public Q_SLOTS:
    void open();
    void refreshDashboard(const llmops::DashboardRequest &request);
    void addEndpoint(const llmops::Endpoint &endpoint);
    void updateEndpoint(const llmops::Endpoint &endpoint);
    void removeEndpoint(qint64 endpointId);
    /// The metric families the endpoint's scrapes have shown, and one of them charted over
    /// the range, for the raw view.
    void loadMetricFamilies(qint64 endpointId);
    void loadMetricChart(qint64 endpointId, const std::string &family, llmops::DashboardRange range, qint64 nowMs);

    // The prompt library
    // The library dialog's questions and the playground's saves. Every failure comes back
    // as promptLibraryFailed().
    void loadPrompts(quint64 generation, const QString &search);
    void loadPromptVersions(const QString &name);
    void loadPromptVersion(const llmops::PromptReference &reference);
    void savePromptVersion(const QString &name, const llmops::PromptContent &content, const QString &commitMessage,
                           const QString &author);
    void setPromptLabel(const QString &name, const QString &label, int version);
Q_SIGNALS:
    void dashboardReady(const llmops::DashboardSnapshot &snapshot);
    /// An endpoint was added, edited or removed; the probes and views should reload.
    void endpointsChanged();
    void endpointEditFailed(const QString &message);
    void storeFailed(const QString &message);
    void metricFamiliesLoaded(qint64 endpointId, const std::vector<llmops::MetricFamilySummary> &families);
    /// The family's lines over buckets of `bucketMs` from `fromMs` (to `toMs`).
    void metricChartLoaded(qint64 endpointId, const llmops::ServerPanel &panel, qint64 fromMs, qint64 toMs,
                           qint64 bucketMs);

    // The prompt library
    void promptsLoaded(quint64 generation, const std::vector<llmops::PromptSummary> &prompts);
    /// Newest first.
    void promptVersionsLoaded(const QString &name, const std::vector<llmops::PromptVersion> &versions);
    void promptVersionLoaded(const llmops::PromptVersion &version);
    void promptVersionSaved(const llmops::PromptVersion &version);
    /// The label points at the version now.
    void promptLabelSet(const QString &name, const QString &label, int version);
    void promptLibraryFailed(const QString &message);

private:
    /// How often the store is read for endpoint changes made by another program.
    static constexpr int kOutsideChangeCheckMs = 2000;

    void lookForOutsideChanges();
    std::vector<EndpointStatus> endpointStatuses() const;
    /// Applies one endpoint change and reports how it went.
    template<typename Edit>
    void runEdit(Edit edit);
    /// Runs one prompt library call on the store, reporting a failure (prompt library).
    template<typename Call>
    void runPromptCall(Call call);

    QString m_storePath;
    std::unique_ptr<Store> m_store;
    /// The endpoints as last seen, to notice changes made outside this console.
    std::vector<Endpoint> m_knownEndpoints;
};

} // namespace llmops
