// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "traceintake.h"

#include "store.h"

#include <pthread.h>

#include <chrono>

using namespace Qt::StringLiterals;

namespace llmops {

TraceIntake::TraceIntake(QString storePath, Limits limits)
    : m_storePath(std::move(storePath))
    , m_limits(limits)
    , m_prices(std::make_shared<const PriceTable>())
{
}

TraceIntake::~TraceIntake()
{
    stop();
}

bool TraceIntake::start(QString *error)
{
    if (m_writer.joinable())
        return true;
    std::promise<QString> opened;
    std::future<QString> openResult = opened.get_future();
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    m_writer = std::thread(&TraceIntake::run, this, std::move(opened));

    const QString failure = openResult.get();
    if (!failure.isEmpty()) {
        m_writer.join();
        if (error)
            *error = failure;
        return false;
    }
    return true;
}

void TraceIntake::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_writer.joinable())
        m_writer.join();
}

TraceIntake::Result TraceIntake::submit(std::vector<SpanRecord> spans)
{
    auto submission = std::make_unique<Submission>();
    const qint64 count = qint64(spans.size());
    submission->spans = std::move(spans);
    std::future<Result> done = submission->done.get_future();
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || !m_running)
            return {Outcome::Stopped, 0, 0, u"the trace intake is not running"_s};
        // An empty queue takes any submission, so that one larger than the bound still goes in.
        if (m_queuedSpans > 0 && m_queuedSpans + count > m_limits.maxQueuedSpans) {
            ++m_counters.refusedFull;
            return {Outcome::Full, 0, 0, u"the intake queue is full"_s};
        }
        m_queuedSpans += count;
        m_queue.push_back(std::move(submission));
    }
    m_wake.notify_one();
    return done.get();
}

std::shared_ptr<const PriceTable> TraceIntake::prices() const
{
    std::lock_guard lock(m_mutex);
    return m_prices;
}

TraceIntake::Counters TraceIntake::counters() const
{
    std::lock_guard lock(m_mutex);
    Counters counters = m_counters;
    counters.queuedSpans = m_queuedSpans;
    return counters;
}

void TraceIntake::run(std::promise<QString> opened)
{
    // Named for profilers and debuggers, which otherwise see one more anonymous thread.
    pthread_setname_np(pthread_self(), "llmops-intake");

    std::unique_ptr<Store> store;
    try {
        store = Store::open(m_storePath);
        store->tuneForBulkWrites();
        auto prices = std::make_shared<const PriceTable>(store->priceTable());
        std::lock_guard lock(m_mutex);
        m_prices = std::move(prices);
        m_running = true;
    } catch (const std::exception &error) {
        opened.set_value(QString::fromUtf8(error.what()));
        return;
    }
    opened.set_value({});

    auto pricesReadAt = std::chrono::steady_clock::now();
    for (;;) {
        // Take whatever waits, up to one transaction's worth.
        std::vector<std::unique_ptr<Submission>> batch;
        qint64 batchSpans = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, m_limits.pricesReloadInterval, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty() && m_stopping)
                break;
            while (!m_queue.empty()
                   && (batch.empty()
                       || batchSpans + qint64(m_queue.front()->spans.size()) <= m_limits.maxSpansPerTransaction)) {
                batchSpans += qint64(m_queue.front()->spans.size());
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }

        if (!batch.empty()) {
            std::vector<SpanRecord> spans;
            spans.reserve(size_t(batchSpans));
            for (auto &submission : batch)
                std::move(submission->spans.begin(), submission->spans.end(), std::back_inserter(spans));

            Result result;
            try {
                const Store::SpanIntake intake = store->addSpans(spans);
                result = {Outcome::Stored, intake.inserted, intake.duplicates, {}};
            } catch (const std::exception &error) {
                result = {Outcome::Failed, 0, 0, QString::fromUtf8(error.what())};
            }

            {
                std::lock_guard lock(m_mutex);
                m_queuedSpans -= batchSpans;
                if (result.outcome == Outcome::Stored) {
                    m_counters.spansStored += result.inserted;
                    m_counters.duplicates += result.duplicates;
                    ++m_counters.committedTransactions;
                } else {
                    ++m_counters.failedTransactions;
                }
            }
            // The counts are of the whole transaction; a submitter only needs the outcome.
            for (auto &submission : batch)
                submission->done.set_value(result);
        }

        if (std::chrono::steady_clock::now() - pricesReadAt >= m_limits.pricesReloadInterval) {
            pricesReadAt = std::chrono::steady_clock::now();
            try {
                auto prices = std::make_shared<const PriceTable>(store->priceTable());
                std::lock_guard lock(m_mutex);
                m_prices = std::move(prices);
            } catch (const std::exception &) {
                // The last table read stays in use; the next reload tries again.
            }
        }
    }

    std::lock_guard lock(m_mutex);
    m_running = false;
}

} // namespace llmops
