// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "pricetable.h"
#include "spanrecord.h"

#include <QString>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace llmops {

/// Writes spans into the store from one thread of its own and tells each submitter once its
/// spans are committed, so that a receiver acknowledges only what is durable.
///
/// Submissions that wait while a transaction runs go into the next one together (group
/// commit): one transaction per batch of requests rather than per request. The queue is
/// bounded; a submission that would overflow it is refused at once, which a receiver
/// answers with "try again later".
class TraceIntake
{
public:
    struct Limits {
        /// Spans waiting for the writer, at most; about 2 KB of memory each.
        qint64 maxQueuedSpans = 50'000;
        /// Spans a transaction takes at most, so that no submission waits for a huge one.
        qint64 maxSpansPerTransaction = 20'000;
        /// How often the price table is read again from the store.
        std::chrono::milliseconds pricesReloadInterval = std::chrono::seconds(5);
    };

    enum class Outcome {
        Stored,  ///< committed: safe to acknowledge
        Full,    ///< refused because the queue is full; nothing was written
        Failed,  ///< the store refused the transaction; nothing of it was written
        Stopped, ///< the intake is stopping
    };

    struct Result {
        Outcome outcome = Outcome::Stopped;
        qint64 inserted = 0;
        qint64 duplicates = 0;
        QString error;
    };

    /// What the intake did since it started, for status displays.
    struct Counters {
        qint64 spansStored = 0;
        qint64 duplicates = 0;
        qint64 refusedFull = 0;
        qint64 failedTransactions = 0;
        /// Transactions committed: spans stored over these is how much group commit gathers.
        qint64 committedTransactions = 0;
        qint64 queuedSpans = 0;
    };

    explicit TraceIntake(QString storePath)
        : TraceIntake(std::move(storePath), Limits())
    {
    }
    TraceIntake(QString storePath, Limits limits);
    /// Commits what is queued, then stops.
    ~TraceIntake();
    TraceIntake(const TraceIntake &) = delete;
    TraceIntake &operator=(const TraceIntake &) = delete;

    /// Opens the store on the writer thread; false with the reason when it cannot.
    bool start(QString *error);
    void stop();

    /// Blocks the calling thread until the spans are committed or refused. Thread-safe.
    Result submit(std::vector<SpanRecord> spans);

    /// The price table spans are priced with at ingestion; re-read from the store every few
    /// seconds, so that an edit in the console or an import applies to what comes next.
    std::shared_ptr<const PriceTable> prices() const;

    Counters counters() const;

private:
    struct Submission {
        std::vector<SpanRecord> spans;
        std::promise<Result> done;
    };

    void run(std::promise<QString> opened);

    QString m_storePath;
    Limits m_limits;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::unique_ptr<Submission>> m_queue;
    qint64 m_queuedSpans = 0;
    bool m_stopping = false;
    bool m_running = false;
    Counters m_counters;
    std::shared_ptr<const PriceTable> m_prices;

    std::thread m_writer;
};

} // namespace llmops
