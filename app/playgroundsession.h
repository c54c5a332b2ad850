// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "chatresult.h"
#include "endpoint.h"
#include "playgroundrun.h"

#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace llmops {

/// What arrived in one column since the previous update.
struct PlaygroundStreamUpdate {
    QString textDelta;
    QString reasoningDelta;
    /// The tool calls so far as a JSON array ({"index", "id", "name", "arguments"}), when
    /// they changed; empty otherwise.
    QString toolCallsJson;
    qint64 outputTokens = 0;
    std::optional<qint64> inputTokens;
    std::optional<double> ttftMs;
    double elapsedMs = 0;
};

/// One column of a run to start: where it goes, with what, and what it says.
struct PlaygroundColumnRequest {
    Endpoint endpoint;
    ChatParameters parameters;
    /// The whole conversation to send: the rendered prompt, or a column's earlier turns and
    /// the follow-up.
    std::vector<ChatMessage> messages;
};

/// Runs the columns of a playground run at once, one transfer each on threads of its own,
/// and reports their streams to the GUI thread in batches: whatever arrived in a column is
/// handed over about every kUpdateIntervalMs, the columns taking turns, so four fast
/// streams cost the event loop some 120 small updates a second rather than thousands.
///
/// Lives on the thread that made it (the GUI's); all signals arrive there.
class PlaygroundSession : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxColumns = 4;
    static constexpr int kUpdateIntervalMs = 33;

    explicit PlaygroundSession(QObject *parent = nullptr);
    ~PlaygroundSession() override;

    /// Starts a run; false when one is still running. `run` carries what was asked (the
    /// template messages, variables, prompt, conversation); its answers are made here,
    /// one per column, in order.
    bool start(PlaygroundRun run, const std::vector<PlaygroundColumnRequest> &columns);
    /// Cancels every transfer of the running run; each column then finishes as cancelled
    /// with what it had received.
    void stop();
    bool isRunning() const { return m_running; }
    /// How long what arrives is gathered before the columns get it; 0 hands over every
    /// network read at once (for measuring what the batching saves).
    void setUpdateIntervalMs(int milliseconds) { m_updateIntervalMs = std::max(0, milliseconds); }

Q_SIGNALS:
    void columnUpdated(int column, const llmops::PlaygroundStreamUpdate &update);
    /// A column's transfer ended; `answer` holds its measurement and whole answer.
    void columnFinished(int column, const llmops::PlaygroundAnswer &answer);
    /// Every column has finished: the run is complete but not yet stored.
    void runFinished(const llmops::PlaygroundRun &run);

private:
    struct ColumnState;

    /// Sends the column's request and fills `answer` with the outcome; on a pool thread.
    void streamColumn(ColumnState &state, const PlaygroundColumnRequest &request, PlaygroundAnswer &answer);
    /// Adds what the answer grew by to the column's pending update; on the transfer thread.
    void notePartialAnswer(ColumnState &state, const ChatResult &partial, std::optional<double> ttftMs,
                           double elapsedMs);
    void scheduleFlush();
    void flushUpdates();
    /// Hands what arrived in the column to the GUI; false when nothing had.
    bool takePending(int column);
    void finishColumn(int column, const PlaygroundAnswer &answer);

    QThreadPool m_pool;
    QTimer m_flushTimer;
    std::vector<std::shared_ptr<ColumnState>> m_columns;
    PlaygroundRun m_run;
    int m_updateIntervalMs = kUpdateIntervalMs;
    int m_nextFlushColumn = 0;
    int m_unfinished = 0;
    bool m_running = false;
};

} // namespace llmops
