// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "playgroundworker.h"

#include "playgroundtrace.h"
#include "store.h"

using namespace Qt::StringLiterals;

namespace llmops {

PlaygroundWorker::PlaygroundWorker(QString storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
{
}

PlaygroundWorker::~PlaygroundWorker() = default;

Store *PlaygroundWorker::store()
{
    if (!m_store) {
        try {
            m_store = Store::open(m_storePath);
        } catch (const StoreError &error) {
            Q_EMIT playgroundFailed(error.message());
        }
    }
    return m_store.get();
}

void PlaygroundWorker::storeRun(PlaygroundRun run)
{
    Store *runs = store();
    if (!runs)
        return;
    try {
        const std::vector<SpanRecord> spans = playgroundTrace(run, runs->priceTable());
        runs->addPlaygroundRun(run, spans);
        Q_EMIT runStored(run);
    } catch (const StoreError &error) {
        Q_EMIT playgroundFailed(u"The playground run could not be stored: "_s % error.message());
    } catch (const std::exception &error) {
        // A JSON value that cannot be written, say; nothing may escape a slot.
        Q_EMIT playgroundFailed(u"The playground run could not be stored: "_s % QString::fromUtf8(error.what()));
    }
}

void PlaygroundWorker::loadRuns(int limit)
{
    Store *runs = store();
    if (!runs)
        return;
    try {
        Q_EMIT runsLoaded(runs->playgroundRuns(limit));
    } catch (const StoreError &error) {
        Q_EMIT playgroundFailed(error.message());
    } catch (const std::exception &error) {
        Q_EMIT playgroundFailed(QString::fromUtf8(error.what()));
    }
}

void PlaygroundWorker::loadRun(qint64 runId)
{
    Store *runs = store();
    if (!runs)
        return;
    try {
        if (const auto run = runs->playgroundRun(runId))
            Q_EMIT runLoaded(*run);
        else
            Q_EMIT playgroundFailed(u"The playground run %1 is no longer in the store."_s.arg(runId));
    } catch (const StoreError &error) {
        Q_EMIT playgroundFailed(error.message());
    } catch (const std::exception &error) {
        Q_EMIT playgroundFailed(QString::fromUtf8(error.what()));
    }
}

} // namespace llmops
