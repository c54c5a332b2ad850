// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "playgroundrun.h"

#include <QObject>
#include <QString>

#include <memory>
#include <vector>

namespace llmops {

class Store;

/// Stores playground runs and reads their history, on the store thread with a connection
/// of its own opened on first use.
class PlaygroundWorker : public QObject
{
    Q_OBJECT

public:
    explicit PlaygroundWorker(QString storePath, QObject *parent = nullptr);
    ~PlaygroundWorker() override;

public Q_SLOTS:
    /// Builds the run's trace (priced with the store's price table) and stores it all in
    /// one transaction.
    void storeRun(llmops::PlaygroundRun run);
    void loadRuns(int limit);
    void loadRun(qint64 runId);

Q_SIGNALS:
    /// The run is stored; its ids and each answer's cost are set.
    void runStored(const llmops::PlaygroundRun &run);
    void runsLoaded(const std::vector<llmops::PlaygroundRunSummary> &runs);
    void runLoaded(const llmops::PlaygroundRun &run);
    void playgroundFailed(const QString &message);

private:
    /// The store, opened when first needed; null after a failure, which was reported.
    Store *store();

    QString m_storePath;
    std::unique_ptr<Store> m_store;
};

} // namespace llmops
