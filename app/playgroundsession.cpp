// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "playgroundsession.h"

#include "chatcall.h"
#include "httpclient.h"
#include "playgroundtrace.h"

#include <QDateTime>
#include <QElapsedTimer>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace llmops {

/// Shared by a column's transfer thread and the session. The transfer thread alone reads
/// the answer's growth; `pending` is handed over under the mutex.
struct PlaygroundSession::ColumnState {
    std::atomic<bool> cancelRequested = false;

    std::mutex mutex;
    PlaygroundStreamUpdate pending;
    bool hasPending = false;

    // How much of the answer earlier updates carried (transfer thread only).
    qsizetype textSent = 0;
    qsizetype reasoningSent = 0;
    qsizetype toolCallBytesSent = 0;
};

namespace {

QString toolCallsJson(const std::vector<ToolCall> &calls)
{
    nlohmann::json json = nlohmann::json::array();
    for (const auto &call : calls) {
        json.push_back({{"index", call.index},
                        {"id", call.id.toStdString()},
                        {"name", call.name.toStdString()},
                        {"arguments", call.arguments.toStdString()}});
    }
    return QString::fromStdString(json.dump());
}

qsizetype toolCallBytes(const std::vector<ToolCall> &calls)
{
    qsizetype bytes = 0;
    for (const auto &call : calls)
        bytes += call.id.size() + call.name.size() + call.arguments.size() + 1;
    return bytes;
}

} // namespace

PlaygroundSession::PlaygroundSession(QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(kMaxColumns);
    m_flushTimer.setSingleShot(true);
    connect(&m_flushTimer, &QTimer::timeout, this, &PlaygroundSession::flushUpdates);
}

PlaygroundSession::~PlaygroundSession()
{
    stop();
    m_pool.waitForDone();
}

bool PlaygroundSession::start(PlaygroundRun run, const std::vector<PlaygroundColumnRequest> &columns)
{
    if (m_running || columns.empty() || int(columns.size()) > kMaxColumns)
        return false;

    m_run = std::move(run);
    m_run.startedAtMs = QDateTime::currentMSecsSinceEpoch();
    if (m_run.traceId.empty())
        m_run.traceId = newPlaygroundTraceId();
    if (m_run.conversationId.isEmpty())
        m_run.conversationId = newConversationId();
    m_run.answers.clear();
    m_columns.clear();
    m_unfinished = int(columns.size());
    m_running = true;

    for (int column = 0; column < int(columns.size()); ++column) {
        const PlaygroundColumnRequest &request = columns[size_t(column)];
        PlaygroundAnswer answer;
        answer.column = column;
        answer.endpointId = request.endpoint.id;
        answer.endpointName = request.endpoint.name;
        answer.model = request.endpoint.model;
        answer.parameters = request.parameters;
        answer.messages = request.messages;
        m_run.answers.push_back(answer);

        auto state = std::make_shared<ColumnState>();
        m_columns.push_back(state);
        m_pool.start([this, state, request, answer]() mutable {
            streamColumn(*state, request, answer);
            QMetaObject::invokeMethod(
                this, [this, answer] { finishColumn(answer.column, answer); }, Qt::QueuedConnection);
        });
    }
    return true;
}

void PlaygroundSession::streamColumn(ColumnState &state, const PlaygroundColumnRequest &request,
                                     PlaygroundAnswer &answer)
{
    // Runs on a pool thread: nothing may escape into the pool.
    try {
        QString problem;
        const auto http = buildChatRequest(request.endpoint, request.messages, request.parameters, &problem);
        ChatCallOutcome outcome;
        if (!http) {
            outcome.record.endpointId = request.endpoint.id;
            outcome.record.startedAtMs = QDateTime::currentMSecsSinceEpoch();
            outcome.record.status = RequestStatus::Error;
            outcome.record.errorClass = ErrorClass::Configuration;
            outcome.record.errorMessage = problem;
        } else {
            QElapsedTimer clock;
            clock.start();
            HttpClient client;
            const ChatProgress progress = [&](const ChatResult &partial, std::optional<double> ttftMs) {
                notePartialAnswer(state, partial, ttftMs, double(clock.nsecsElapsed()) / 1e6);
            };
            outcome = runChatCall(request.endpoint, *http, client, RequestSource::Playground, &state.cancelRequested,
                                  progress);
        }
        takeOutcome(answer, outcome);
    } catch (const std::exception &error) {
        answer.request.status = RequestStatus::Error;
        answer.request.errorClass = ErrorClass::Internal;
        answer.request.errorMessage = QString::fromUtf8(error.what());
    }
}

void PlaygroundSession::notePartialAnswer(ColumnState &state, const ChatResult &partial, std::optional<double> ttftMs,
                                          double elapsedMs)
{
    // What is new since the last read, worked out on the transfer thread.
    PlaygroundStreamUpdate update;
    const QString &text = partial.text ? *partial.text : QString();
    update.textDelta = text.sliced(std::min(state.textSent, text.size()));
    state.textSent = text.size();
    update.reasoningDelta = partial.reasoning.sliced(std::min(state.reasoningSent, partial.reasoning.size()));
    state.reasoningSent = partial.reasoning.size();
    if (const qsizetype bytes = toolCallBytes(partial.toolCalls); bytes != state.toolCallBytesSent) {
        update.toolCallsJson = toolCallsJson(partial.toolCalls);
        state.toolCallBytesSent = bytes;
    }

    std::lock_guard lock(state.mutex);
    PlaygroundStreamUpdate &pending = state.pending;
    pending.textDelta += update.textDelta;
    pending.reasoningDelta += update.reasoningDelta;
    if (!update.toolCallsJson.isEmpty())
        pending.toolCallsJson = update.toolCallsJson;
    pending.outputTokens = outputTokensSoFar(partial);
    pending.inputTokens = partial.usage.inputTokens;
    pending.ttftMs = ttftMs;
    pending.elapsedMs = elapsedMs;

    // Only the first piece of a batch wakes the GUI thread; the rest waits for its turn.
    if (!state.hasPending) {
        state.hasPending = true;
        QMetaObject::invokeMethod(this, &PlaygroundSession::scheduleFlush, Qt::QueuedConnection);
    }
}

void PlaygroundSession::stop()
{
    for (const auto &state : m_columns)
        state->cancelRequested = true;
}

void PlaygroundSession::scheduleFlush()
{
    if (!m_flushTimer.isActive())
        m_flushTimer.start(m_updateIntervalMs);
}

void PlaygroundSession::flushUpdates()
{
    // One column per turn of the event loop: laying out a long answer's paragraph is the
    // costly part, and four of them in one event would be felt. The columns take turns, so
    // each is still brought up to date about every update interval.
    const int columns = int(m_columns.size());
    for (int step = 0; step < columns; ++step) {
        const int column = (m_nextFlushColumn + step) % columns;
        if (takePending(column)) {
            m_nextFlushColumn = (column + 1) % columns;
            break;
        }
    }

    const bool morePending = std::any_of(m_columns.begin(), m_columns.end(), [](const auto &state) {
        std::lock_guard lock(state->mutex);
        return state->hasPending;
    });
    if (morePending && !m_flushTimer.isActive())
        m_flushTimer.start(std::max(1, m_updateIntervalMs / std::max(1, columns)));
}

bool PlaygroundSession::takePending(int column)
{
    ColumnState &state = *m_columns[size_t(column)];
    PlaygroundStreamUpdate update;
    {
        std::lock_guard lock(state.mutex);
        if (!state.hasPending)
            return false;
        update = std::move(state.pending);
        state.pending = {};
        state.hasPending = false;
    }
    Q_EMIT columnUpdated(column, update);
    return true;
}

void PlaygroundSession::finishColumn(int column, const PlaygroundAnswer &answer)
{
    // What the stream delivered goes out before the column is declared finished.
    takePending(column);
    m_run.answers[size_t(column)] = answer;
    Q_EMIT columnFinished(column, answer);

    if (--m_unfinished > 0)
        return;
    m_running = false;
    m_run.endedAtMs = QDateTime::currentMSecsSinceEpoch();
    Q_EMIT runFinished(m_run);
}

} // namespace llmops
