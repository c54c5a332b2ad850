// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dataset.h"
#include "evalsummary.h"
#include "evaltrend.h"
#include "evaluation.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace llmops {

class Store;

/// What importing a dataset file came to: the version saved, if any, and each line that
/// could not be read (those are left out; the rest is kept).
struct DatasetImportReport {
    QString filePath;
    QString datasetName;
    std::optional<DatasetVersionSummary> saved;
    std::vector<DatasetProblem> problems;
    /// Why nothing was saved; empty when a version was.
    QString failure;
};

/// One run as the Evaluations page shows it: the run, its scored answers and their figures.
struct EvalRunDetail {
    /// The generation the page asked with, so that it can drop answers to older questions.
    quint64 generation = 0;
    EvalRunRecord run;
    std::vector<EvalResultRecord> results;
    EvalRunFigures figures;
    /// Figures an imported run reported for itself (lm-evaluation-harness).
    std::vector<EvalRunMetric> metrics;
};

/// The Evaluations page's reads and edits of datasets, suites and runs, on a thread of its
/// own with a connection opened on first use. Kept apart from EvalRunWorker, whose runs
/// block their thread for minutes: the page still reads while one goes. Every answer and
/// failure comes back as a signal.
class EvalWorker : public QObject
{
    Q_OBJECT

public:
    explicit EvalWorker(QString storePath, QObject *parent = nullptr);
    ~EvalWorker() override;

public Q_SLOTS:
    void loadDatasets();
    void loadDatasetItems(const QString &name, int version);
    /// Reads a JSONL file, or CSV when its name ends in .csv, and saves what could be read
    /// as the dataset's next version.
    void importDataset(const QString &name, const QString &filePath);
    void saveDatasetVersion(const QString &name, const std::vector<llmops::DatasetItem> &items, const QString &message);
    /// Saves the dataset's latest items followed by those of `items` it does not hold yet
    /// (by key) as its next version, or as its first when there is no such dataset.
    void addDatasetItems(const QString &name, const std::vector<llmops::DatasetItem> &items, const QString &message);
    void loadSuites();
    /// Saves the suite when readSuiteDefinition() takes its definition.
    void saveSuite(const QString &name, const QString &definitionJson);
    void loadRuns();
    /// The run with its results and their summary (bootstrap included).
    void loadRun(quint64 generation, qint64 runId);
    void loadTrend(const QString &suiteName);

Q_SIGNALS:
    void datasetsLoaded(const std::vector<llmops::DatasetVersionSummary> &versions);
    void datasetItemsLoaded(const QString &name, int version, const std::vector<llmops::DatasetItem> &items);
    void datasetImported(const llmops::DatasetImportReport &report);
    void datasetImportFailed(const llmops::DatasetImportReport &report);
    void datasetVersionSaved(const llmops::DatasetVersionSummary &version);
    /// addDatasetItems() saved `version`, `added` of its items new.
    void datasetItemsAdded(const llmops::DatasetVersionSummary &version, int added);
    /// addDatasetItems() saved nothing: the dataset held every item already.
    void datasetItemsRefused(const QString &name, const QString &message);
    void suitesLoaded(const std::vector<llmops::EvalSuiteRecord> &suites);
    void suiteSaved(const llmops::EvalSuiteRecord &suite);
    void suiteSaveFailed(const QString &name, const QString &problem);
    void runsLoaded(const std::vector<llmops::EvalRunSummary> &runs);
    void runLoaded(const llmops::EvalRunDetail &detail);
    void trendLoaded(const QString &suiteName, const std::vector<llmops::EvalTrendPoint> &points);
    /// A read or a save that is neither an import nor a suite failed.
    void evalQueryFailed(const QString &message);

private:
    /// The store, opened when first needed; null after a failure, which was reported.
    Store *store();
    /// Runs `work` against the store, turning what it throws into evalQueryFailed().
    template<typename Work>
    void withStore(const QString &what, Work work);

    QString m_storePath;
    std::unique_ptr<Store> m_store;
};

} // namespace llmops
