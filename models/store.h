// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "aggregate.h"
#include "dataset.h"
#include "evaluation.h"
#include "endpoint.h"
#include "metricseries.h"
#include "playgroundrun.h"
#include "pricetable.h"
#include "prompt.h"
#include "requestrecord.h"
#include "spanrecord.h"
#include "tracequery.h"

#include <QString>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;

namespace llmops {

/// A failure of the store: the file cannot be opened, the schema is newer than this
/// program, a constraint was violated, a value was refused (Invalid: a prompt name or label
/// the library does not accept), or SQLite itself failed.
class StoreError : public std::runtime_error
{
public:
    enum class Kind { CannotOpen, NotAStore, SchemaTooNew, DuplicateName, NotFound, Invalid, Busy, Sqlite };

    StoreError(Kind kind, const QString &message);
    Kind kind() const { return m_kind; }
    QString message() const { return QString::fromUtf8(what()); }

private:
    Kind m_kind;
};

/// The console's SQLite store: one connection, to be used from the thread that opened it
/// only (each worker opens its own). Every method throws StoreError on failure.
///
/// The file is created readable and writable by its owner only (an existing one of the
/// user's is narrowed to that), opened in WAL mode with foreign keys on and a busy timeout,
/// and migrated to the current schema on open. Its folder must exist, but for the default
/// store's; another program's database is refused rather than given our tables.
class Store
{
public:
    static std::unique_ptr<Store> open(const QString &path);
    /// The store under the user's application data directory.
    static QString defaultPath();
    static int currentSchemaVersion();

    ~Store();
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    QString path() const { return m_path; }
    int schemaVersion() const;

    std::vector<Endpoint> endpoints() const;
    std::optional<Endpoint> endpoint(qint64 id) const;
    std::optional<Endpoint> endpointByName(const QString &name) const;
    /// Returns the new endpoint's id. Names are unique.
    qint64 addEndpoint(const Endpoint &endpoint);
    void updateEndpoint(const Endpoint &endpoint);
    /// Removes the endpoint and every request measured on it; false when there was none.
    bool removeEndpoint(qint64 id);

    qint64 addRequest(const RequestRecord &record);
    /// Adds all records in one transaction.
    void addRequests(std::span<const RequestRecord> records);
    /// Newest first; of one source only when `source` is given.
    std::vector<RequestRecord> recentRequests(std::optional<qint64> endpointId, int limit,
                                              std::optional<RequestSource> source = std::nullopt) const;
    std::optional<RequestRecord> request(qint64 id) const;
    qint64 requestCount(std::optional<qint64> endpointId = std::nullopt) const;

    RequestAggregate aggregate(const AggregateQuery &query) const;
    /// The failed requests of a range, newest first, at most `limit` of them.
    std::vector<RequestRecord> failures(const AggregateQuery &query, int limit) const;
    /// How many requests of a range failed with each error class, most frequent first.
    std::vector<ErrorClassCount> failureCounts(const AggregateQuery &query) const;
    /// The range cut into buckets of bucketMs aligned to the epoch; only buckets that hold
    /// requests are returned, oldest first.
    std::vector<AggregateBucket> series(const AggregateQuery &query, qint64 bucketMs) const;

    // Traces (storetraces.cpp)

    struct SpanIntake {
        qint64 inserted = 0;
        /// Spans the store already held (same trace and span id): sent again, not counted again.
        qint64 duplicates = 0;
    };
    /// Sets the connection up for a writer that takes in large batches all day: a larger page
    /// cache, and WAL checkpoints every 80 MB instead of every 16 MB (each one syncs the disk).
    void tuneForBulkWrites();
    /// Adds the spans in one transaction and brings their traces' summaries up to date.
    SpanIntake addSpans(std::span<const SpanRecord> spans);
    /// A page of the trace list: at most `limit` traces in `order`, after the cursor.
    std::vector<TraceSummary> traces(const TraceFilter &filter, TraceOrder order, int limit,
                                     std::optional<TraceCursor> after = std::nullopt) const;
    std::optional<TraceSummary> trace(std::string_view traceId) const;
    /// The spans of one trace, earliest first.
    std::vector<SpanRecord> traceSpans(std::string_view traceId) const;
    qint64 traceCount() const;
    qint64 spanCount() const;
    /// The services and models traces name, for filter choices; sorted.
    std::vector<std::string> traceServices() const;
    std::vector<std::string> traceModels() const;

    /// The price table; a new store starts with the one shipped with the console.
    PriceTable priceTable() const;
    void setPriceTable(const PriceTable &table);

    /// Adds one scrape: its health, and its samples as one row of packed values (increases
    /// are worked out when read); closes the five-minute rollups it moves past and lets go
    /// of samples beyond the retention. One transaction. (storemetrics.cpp)
    void addScrape(const ScrapeRecord &scrape, std::span<const ScrapedSample> samples);
    std::optional<ScrapeRecord> latestScrape(qint64 endpointId) const;
    /// The server kind the endpoint's newest scrape that told one found; empty when none did.
    std::string latestServerKind(qint64 endpointId) const;
    std::vector<MetricFamilySummary> metricFamilies(qint64 endpointId) const;
    /// The series of one family; every family of the endpoint when `family` is empty.
    std::vector<MetricSeries> metricSeries(qint64 endpointId, const std::string &family) const;
    /// Samples of several series of one endpoint in (fromMs, toMs], oldest first, one list per
    /// id in the order given: raw samples where they are still kept, five-minute rollups
    /// before them (each at its step's end: a gauge's mean, or a cumulative series'
    /// increase). Reading the window once serves them all.
    std::vector<std::vector<MetricPoint>> metricPoints(const std::vector<qint64> &seriesIds, qint64 fromMs,
                                                       qint64 toMs) const;
    std::vector<MetricPoint> metricPoints(qint64 seriesId, qint64 fromMs, qint64 toMs) const;
    MetricRetention metricRetention() const;
    void setMetricRetention(const MetricRetention &retention);

    // Playground runs (storeplayground.cpp)

    /// Adds a run in one transaction: its trace's spans (not measured again: the run's own
    /// request rows are the measurements), a request row per answer, and the run itself.
    /// Sets the ids of the run and of its answers' requests.
    void addPlaygroundRun(PlaygroundRun &run, std::span<const SpanRecord> spans);
    /// The newest runs first.
    std::vector<PlaygroundRunSummary> playgroundRuns(int limit) const;
    std::optional<PlaygroundRun> playgroundRun(qint64 id) const;

    // Prompt library (storeprompts.cpp)
    //
    // Names and labels must pass isValidPromptName() and isValidPromptLabel() (Invalid
    // otherwise); a prompt, version or label that is not there is NotFound.

    /// Saves the content as the prompt's next version (1 for a prompt saved the first time),
    /// stamped with the time now. Returns the version as stored: its id, number and time,
    /// and the content as it reads back (JSON kept in parameters is laid out as the store
    /// keeps it). A version needs at least one message.
    PromptVersion savePromptVersion(const QString &name, const PromptContent &content, const QString &commitMessage,
                                    const QString &author);
    /// The prompts, by name; with a search text only those whose name, a commit message or
    /// a message of any version holds it, case aside.
    std::vector<PromptSummary> prompts(const QString &search = {}) const;
    /// Every version of the prompt, newest first, each with its labels.
    std::vector<PromptVersion> promptVersions(const QString &name) const;
    /// The version a reference names: the latest, a number, or the one a label points at.
    PromptVersion promptVersion(const PromptReference &reference) const;
    /// Points the label at the version, moving it when it pointed elsewhere. Returns the
    /// version it pointed at before, if any.
    std::optional<int> setPromptLabel(const QString &name, const QString &label, int version);
    void removePromptLabel(const QString &name, const QString &label);
    /// Removes the prompt with all its versions and labels.
    void removePrompt(const QString &name);
    /// Adds versions that keep their own numbers, authors and times (an import), then
    /// points the labels at their versions, all in one transaction: a number the prompt
    /// already has is DuplicateName and nothing is added. Creates the prompt if needed.
    void addPromptVersions(const QString &name, std::span<const PromptVersion> versions,
                           const std::map<QString, int> &labels);

    // Datasets (storedatasets.cpp)

    /// Saves the items as the dataset's next version (1 for a new name), in one transaction.
    /// Names follow isValidPromptName(); a version needs at least one item (Invalid).
    DatasetVersionSummary saveDatasetVersion(const QString &name, const std::vector<DatasetItem> &items,
                                             const QString &message);
    /// Every version of every dataset, by name, newest version first.
    std::vector<DatasetVersionSummary> datasetVersions() const;
    /// The items of a version (the latest when none is given), in their order; NotFound
    /// when the dataset or version is not there.
    std::vector<DatasetItem> datasetItems(const QString &name, std::optional<int> version = std::nullopt) const;

    // Evaluations (storeevaluations.cpp)

    /// Adds the suite, or replaces the definition of the one with that name. Names follow
    /// isValidPromptName().
    EvalSuiteRecord saveEvalSuite(const QString &name, const QString &definitionJson);
    std::vector<EvalSuiteRecord> evalSuites() const;
    /// NotFound when there is no suite of that name.
    EvalSuiteRecord evalSuite(const QString &name) const;
    void removeEvalSuite(const QString &name);

    /// Adds the run with its status and start time as given; sets its id.
    void addEvalRun(EvalRunRecord &run);
    /// Sets the status; a status other than Running stamps the finish time (and clears it
    /// for Running, when a run is resumed).
    void setEvalRunStatus(qint64 runId, EvalRunStatus status, const QString &error = {});
    /// Replaces the limits a run goes on with (a resume that asks for other ones).
    void setEvalRunLimits(qint64 runId, const QString &limitsJson);
    /// Who answers the run now (EvalRunner decides whether that process still lives).
    EvalRunClaim evalRunClaim(qint64 runId) const;
    /// Takes the run for this process when its claim is still `expected` (compare and
    /// set, so that of two processes resuming at once only one gets it); false otherwise.
    bool takeEvalRunClaim(qint64 runId, const EvalRunClaim &expected, const QString &host, qint64 pid);
    /// Says the claim holder is alive, now.
    void touchEvalRunClaim(qint64 runId);
    void releaseEvalRunClaim(qint64 runId);
    /// Adds scored answers of a run in one transaction, each with the request row of its
    /// answer when `requests` holds one at the same position (it may be shorter). Sets the
    /// results' ids and request ids. A request of an endpoint removed meanwhile is left out
    /// (its answer is kept). An item and repeat that has a result already is
    /// DuplicateName and nothing is added.
    void addEvalResults(std::span<EvalResultRecord> results, std::span<const std::optional<RequestRecord>> requests);
    /// Adds request rows of work done for a run that is not an answer (a judge's call, a
    /// try that was repeated), leaving out those of endpoints removed meanwhile.
    void addEvalSideRequests(std::span<const RequestRecord> requests);
    /// The newest runs first; only the suite's when a name is given.
    std::vector<EvalRunSummary> evalRuns(const QString &suiteName = {}) const;
    std::optional<EvalRunRecord> evalRun(qint64 runId) const;
    /// Every result of the run by item and repeat, with its scores in scorer order.
    std::vector<EvalResultRecord> evalResults(qint64 runId) const;
    /// Removes the run's results whose answer never came (their request rows stay), so that
    /// a resumed run asks for them again. Returns how many there were.
    qint64 removeFailedEvalResults(qint64 runId);
    /// The (item position, repeat) pairs that have a result: what a resumed run skips.
    std::set<std::pair<qint64, int>> finishedEvalAnswers(qint64 runId) const;
    std::vector<EvalRunMetric> evalRunMetrics(qint64 runId) const;
    /// Each finished run of the suite with each scorer's mean over the answers it scored,
    /// scorers in suite order, computed in SQL: what a trend of many large runs needs.
    std::map<qint64, std::vector<std::pair<QString, double>>> evalMeanScores(const QString &suiteName) const;
    /// Stores an imported evaluation as a run of its own, in one transaction; sets its id.
    void addImportedEvaluation(ImportedEvaluation &imported);
    void removeEvalRun(qint64 runId);

private:
    Store(sqlite3 *db, QString path);
    void configureConnection();
    /// One attempt of open(), after the file is prepared.
    static std::unique_ptr<Store> openConnection(const QString &path);
    /// Throws NotAStore for a database that some other program made.
    void checkOwnership();
    bool hasTable(const char *name) const;
    void migrate();
    /// Adds spans and brings their traces' summaries up to date inside the caller's
    /// transaction; model calls become request rows of their traced endpoint when asked.
    SpanIntake insertSpans(std::span<const SpanRecord> spans, bool measureModelCalls);
    /// Adds request rows and their minute rollups inside the caller's transaction; returns
    /// their ids in order.
    std::vector<qint64> insertRequests(std::span<const RequestRecord> records);
    /// The traced endpoint of a service and model, made on first use (storetraces.cpp).
    qint64 tracedEndpointId(const std::string &service, const std::string &model);
    /// The prompt's id; NotFound when there is none (storeprompts.cpp).
    qint64 promptId(const QString &name) const;
    qint64 ensurePrompt(const QString &name, qint64 createdAtMs);
    void insertPromptVersion(qint64 promptId, const PromptVersion &version);
    std::optional<int> pointPromptLabel(qint64 promptId, const QString &name, const QString &label, int version);

    /// What addScrape() remembers of each series between scrapes, so that a scrape costs
    /// no lookups.
    struct KnownSeries {
        qint64 id = 0;
        bool cumulative = false;
    };
    struct ScrapedEndpoint {
        std::unordered_map<std::string, KnownSeries> series;
        /// The layout (series in the order their values are packed) of the latest scrape.
        qint64 layoutId = 0;
        std::vector<qint64> layoutSeries;
        /// Rollups exist for every five-minute step before this.
        qint64 rolledUntilMs = 0;
    };
    /// A layout read back: where each series' value stands in the packed values.
    struct MetricLayout {
        std::vector<qint64> series;
        std::unordered_map<qint64, size_t> positionOf;
    };
    ScrapedEndpoint &scrapedEndpoint(qint64 endpointId);
    KnownSeries &knownSeries(ScrapedEndpoint &endpoint, qint64 endpointId, const ScrapedSample &sample);
    qint64 layoutIdOf(qint64 endpointId, const std::vector<qint64> &series);
    const MetricLayout &metricLayout(qint64 layoutId) const;
    bool isCumulativeSeriesId(qint64 seriesId) const;
    void rollUpMetrics(qint64 endpointId, ScrapedEndpoint &endpoint, qint64 untilMs);

    sqlite3 *m_db = nullptr;
    QString m_path;
    std::unordered_map<qint64, ScrapedEndpoint> m_scrapedEndpoints;
    /// Layouts never change once written, so readers keep them.
    mutable std::unordered_map<qint64, MetricLayout> m_layouts;
    mutable std::unordered_map<qint64, bool> m_cumulativeSeries;
};

} // namespace llmops
