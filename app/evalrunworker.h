// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evalrunner.h"
#include "evaluation.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace llmops {

class Store;

/// What the console's Run dialog asks for.
struct EvalRunRequest {
    QString suiteName;
    qint64 endpointId = 0;
    int repeats = 1;
    int concurrency = 4;
};

/// Runs evaluation suites for the console, one at a time, on a thread of its own: a run
/// blocks that thread until it ends, which takes minutes. The store connection is its own,
/// opened on first use. Progress comes back at most ten times a second.
///
/// cancel() and shutDown() are called from the GUI thread directly: the worker's own event
/// loop is busy while a run goes, so a queued call would wait for the run to end.
class EvalRunWorker : public QObject
{
    Q_OBJECT

public:
    explicit EvalRunWorker(QString storePath, QObject *parent = nullptr);
    ~EvalRunWorker() override;

    /// Thread-safe. Asks the run going now to stop: answers in flight are dropped and the
    /// run ends Cancelled within about 100 ms, to be resumed later.
    void cancel();
    /// Thread-safe and final: cancels the run going now and refuses runs still queued, for
    /// closing the console.
    void shutDown();

public Q_SLOTS:
    /// Adds a run of the suite on the endpoint and answers it to the end.
    void startRun(const llmops::EvalRunRequest &request);
    /// Answers what a running (after a crash) or cancelled run still lacks.
    void resumeRun(qint64 runId);

Q_SIGNALS:
    void runStarted(const llmops::EvalRunRecord &run);
    void runProgressed(qint64 runId, const llmops::EvalProgress &progress);
    /// The run ended Finished, or Cancelled when asked to stop first.
    void runFinished(qint64 runId, llmops::EvalRunStatus status, const llmops::EvalProgress &progress);
    /// The run could not start or go on; `runId` is 0 when it was never added.
    void runFailed(qint64 runId, const QString &message);

private:
    Store *store();
    void execute(const EvalRunRecord &run);

    QString m_storePath;
    std::unique_ptr<Store> m_store;
    std::atomic<bool> m_cancel = false;
    std::atomic<bool> m_shutDown = false;
};

} // namespace llmops
