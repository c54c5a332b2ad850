// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalworker.h"

#include "datasetsources.h"
#include "store.h"
#include "suitedefinition.h"

#include <QFile>
#include <QFileInfo>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

/// Datasets are read whole; a file this large is a mistake rather than a dataset.
constexpr qint64 kMaxDatasetFileBytes = 512LL * 1024 * 1024;

} // namespace

EvalWorker::EvalWorker(QString storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
{
}

EvalWorker::~EvalWorker() = default;

Store *EvalWorker::store()
{
    if (!m_store) {
        try {
            m_store = Store::open(m_storePath);
        } catch (const StoreError &error) {
            Q_EMIT evalQueryFailed(tr("The store cannot be opened for evaluations: %1").arg(error.message()));
        }
    }
    return m_store.get();
}

template<typename Work>
void EvalWorker::withStore(const QString &what, Work work)
{
    Store *evaluations = store();
    if (!evaluations)
        return;
    try {
        work(*evaluations);
    } catch (const StoreError &error) {
        Q_EMIT evalQueryFailed(what.arg(error.message()));
    } catch (const std::exception &error) {
        // A JSON value that cannot be written, say; nothing may escape a slot.
        Q_EMIT evalQueryFailed(what.arg(QString::fromUtf8(error.what())));
    }
}

void EvalWorker::loadDatasets()
{
    withStore(tr("The datasets cannot be read: %1"),
              [this](Store &evaluations) { Q_EMIT datasetsLoaded(evaluations.datasetVersions()); });
}

void EvalWorker::loadDatasetItems(const QString &name, int version)
{
    withStore(tr("The items of the dataset cannot be read: %1"), [&](Store &evaluations) {
        Q_EMIT datasetItemsLoaded(name, version, evaluations.datasetItems(name, version));
    });
}

void EvalWorker::importDataset(const QString &name, const QString &filePath)
{
    DatasetImportReport report;
    report.filePath = filePath;
    report.datasetName = name;

    QFile file(filePath);
    if (!file.open(QIODevice::ReadOnly)) {
        report.failure = tr("%1 cannot be read: %2").arg(filePath, file.errorString());
        Q_EMIT datasetImportFailed(report);
        return;
    }
    if (file.size() > kMaxDatasetFileBytes) {
        report.failure = tr("%1 is larger than 512 MiB; split it into smaller datasets.").arg(filePath);
        Q_EMIT datasetImportFailed(report);
        return;
    }
    const QByteArray bytes = file.readAll();
    const bool csv = QFileInfo(filePath).suffix().compare(u"csv"_s, Qt::CaseInsensitive) == 0;
    DatasetReadResult read = csv ? readCsvDataset(bytes) : readJsonlDataset(bytes);
    report.problems = std::move(read.problems);
    if (read.items.empty()) {
        report.failure = tr("%1 holds no item that could be read; nothing was saved.").arg(filePath);
        Q_EMIT datasetImportFailed(report);
        return;
    }

    Store *evaluations = store();
    if (!evaluations) {
        report.failure = tr("The store is not open, so the dataset was not saved.");
        Q_EMIT datasetImportFailed(report);
        return;
    }
    try {
        report.saved = evaluations->saveDatasetVersion(name, read.items, tr("Imported from %1").arg(filePath));
        Q_EMIT datasetImported(report);
    } catch (const StoreError &error) {
        report.failure = error.message();
        Q_EMIT datasetImportFailed(report);
    }
}

void EvalWorker::saveDatasetVersion(const QString &name, const std::vector<DatasetItem> &items, const QString &message)
{
    withStore(tr("The dataset version cannot be saved: %1"), [&](Store &evaluations) {
        Q_EMIT datasetVersionSaved(evaluations.saveDatasetVersion(name, items, message));
    });
}

void EvalWorker::addDatasetItems(const QString &name, const std::vector<DatasetItem> &items, const QString &message)
{
    withStore(tr("The items cannot be added to the dataset: %1"), [&](Store &evaluations) {
        const auto versions = evaluations.datasetVersions();
        const bool exists = std::any_of(versions.begin(), versions.end(),
                                        [&](const DatasetVersionSummary &version) { return version.name == name; });
        std::vector<DatasetItem> kept = exists ? evaluations.datasetItems(name) : std::vector<DatasetItem>();
        const std::size_t added = appendNewDatasetItems(kept, items);
        if (added == 0) {
            const QString refusal = items.size() == 1 ? tr("%1 already holds this call.")
                                                      : tr("%1 already holds these calls.");
            Q_EMIT datasetItemsRefused(name, refusal.arg(name));
            return;
        }
        Q_EMIT datasetItemsAdded(evaluations.saveDatasetVersion(name, kept, message), int(added));
    });
}

void EvalWorker::loadSuites()
{
    withStore(tr("The suites cannot be read: %1"),
              [this](Store &evaluations) { Q_EMIT suitesLoaded(evaluations.evalSuites()); });
}

void EvalWorker::saveSuite(const QString &name, const QString &definitionJson)
{
    QString problem;
    if (!readSuiteDefinition(definitionJson.toUtf8(), &problem)) {
        Q_EMIT suiteSaveFailed(name, problem);
        return;
    }
    Store *evaluations = store();
    if (!evaluations) {
        Q_EMIT suiteSaveFailed(name, tr("The store is not open, so the suite was not saved."));
        return;
    }
    try {
        Q_EMIT suiteSaved(evaluations->saveEvalSuite(name, definitionJson));
    } catch (const StoreError &error) {
        Q_EMIT suiteSaveFailed(name, error.message());
    }
}

void EvalWorker::loadRuns()
{
    withStore(tr("The evaluation runs cannot be read: %1"),
              [this](Store &evaluations) { Q_EMIT runsLoaded(evaluations.evalRuns()); });
}

void EvalWorker::loadRun(quint64 generation, qint64 runId)
{
    withStore(tr("The evaluation run cannot be read: %1"), [&](Store &evaluations) {
        const auto run = evaluations.evalRun(runId);
        if (!run) {
            Q_EMIT evalQueryFailed(tr("The evaluation run %1 is no longer in the store.").arg(runId));
            return;
        }
        EvalRunDetail detail;
        detail.generation = generation;
        detail.run = *run;
        detail.results = evaluations.evalResults(runId);
        detail.figures = summarizeEvalResults(detail.results, run->repeats);
        detail.metrics = evaluations.evalRunMetrics(runId);
        Q_EMIT runLoaded(detail);
    });
}

void EvalWorker::loadTrend(const QString &suiteName)
{
    withStore(tr("The suite's past runs cannot be read: %1"),
              [&](Store &evaluations) { Q_EMIT trendLoaded(suiteName, evalScoreTrend(evaluations, suiteName)); });
}

} // namespace llmops
