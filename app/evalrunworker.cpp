// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalrunworker.h"

#include "store.h"

#include <QElapsedTimer>

namespace llmops {

namespace {

/// The runner reports after every batch it stores, up to twenty times a second; a progress
/// bar needs no more than ten.
constexpr qint64 kProgressIntervalMs = 100;

} // namespace

EvalRunWorker::EvalRunWorker(QString storePath, QObject *parent)
    : QObject(parent)
    , m_storePath(std::move(storePath))
{
}

EvalRunWorker::~EvalRunWorker() = default;

void EvalRunWorker::cancel()
{
    m_cancel = true;
}

void EvalRunWorker::shutDown()
{
    m_shutDown = true;
    m_cancel = true;
}

Store *EvalRunWorker::store()
{
    if (!m_store) {
        try {
            m_store = Store::open(m_storePath);
        } catch (const StoreError &error) {
            Q_EMIT runFailed(0, tr("The store cannot be opened for evaluation runs: %1").arg(error.message()));
        }
    }
    return m_store.get();
}

void EvalRunWorker::startRun(const EvalRunRequest &request)
{
    // Cleared before the shut-down check, so that a shutDown() between the two still stops
    // the run.
    m_cancel = false;
    if (m_shutDown)
        return;
    Store *runs = store();
    if (!runs)
        return;

    EvalRunRecord run;
    try {
        const auto endpoint = runs->endpoint(request.endpointId);
        if (!endpoint) {
            Q_EMIT runFailed(0, tr("The endpoint is no longer registered; choose another."));
            return;
        }
        EvalRunLimits limits;
        limits.concurrency = request.concurrency;
        run = EvalRunner(*runs).createRun(request.suiteName, *endpoint, request.repeats, limits,
                                          EvalRunSource::Console);
    } catch (const EvalRunError &error) {
        Q_EMIT runFailed(0, tr("The suite %1 cannot run: %2").arg(request.suiteName, QString::fromUtf8(error.what())));
        return;
    } catch (const StoreError &error) {
        Q_EMIT runFailed(0, tr("The run could not be added: %1").arg(error.message()));
        return;
    }
    execute(run);
}

void EvalRunWorker::resumeRun(qint64 runId)
{
    m_cancel = false;
    if (m_shutDown)
        return;
    Store *runs = store();
    if (!runs)
        return;

    std::optional<EvalRunRecord> run;
    try {
        run = runs->evalRun(runId);
    } catch (const StoreError &error) {
        Q_EMIT runFailed(runId, tr("The run cannot be read: %1").arg(error.message()));
        return;
    }
    if (!run) {
        Q_EMIT runFailed(runId, tr("The evaluation run %1 is no longer in the store.").arg(runId));
        return;
    }
    if (run->status == EvalRunStatus::Finished) {
        Q_EMIT runFailed(runId, tr("The run is finished; there is nothing left to answer."));
        return;
    }
    execute(*run);
}

void EvalRunWorker::execute(const EvalRunRecord &run)
{
    Q_EMIT runStarted(run);
    EvalProgress latest;
    QElapsedTimer sinceReported;
    const auto report = [&](const EvalProgress &progress) {
        latest = progress;
        if (sinceReported.isValid() && sinceReported.elapsed() < kProgressIntervalMs)
            return;
        sinceReported.start();
        Q_EMIT runProgressed(run.id, progress);
    };

    try {
        const EvalRunStatus status = EvalRunner(*m_store).execute(run.id, &m_cancel, report);
        Q_EMIT runFinished(run.id, status, latest);
    } catch (const EvalRunError &error) {
        Q_EMIT runFailed(run.id, tr("The run stopped: %1").arg(QString::fromUtf8(error.what())));
    } catch (const StoreError &error) {
        Q_EMIT runFailed(run.id, tr("The run stopped: %1").arg(error.message()));
    } catch (const std::exception &error) {
        Q_EMIT runFailed(run.id, tr("The run stopped: %1").arg(QString::fromUtf8(error.what())));
    }
}

} // namespace llmops
