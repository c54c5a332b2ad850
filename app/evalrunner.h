// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "endpoint.h"
#include "evaluation.h"
#include "requestrecord.h"
#include "suitedefinition.h"

#include <QString>

#include <atomic>
#include <functional>
#include <optional>
#include <stdexcept>

namespace llmops {

class Store;

/// How hard a run may press on its endpoint.
struct EvalRunLimits {
    /// Answers in flight at once.
    int concurrency = 4;
    /// Requests started per second, over the whole run; 0 for no limit.
    double requestsPerSecond = 0;
    /// Tokens (input and output) per minute, over the whole run; 0 for no limit. Counted
    /// from the answers that came back in the last minute.
    double tokensPerMinute = 0;
    /// Tries per answer; a failure that may pass (429, 5xx, a gateway page, a timeout, a
    /// refused or broken connection) is tried again until this many.
    int maxAttempts = 4;
    /// The first wait before a try again when the server names none; it doubles each time.
    int retryBackoffMs = 500;
    /// The longest wait between tries. A `Retry-After` longer than this is not waited for:
    /// that try is the answer's last.
    int maxRetryWaitMs = 120'000;
};

inline constexpr int kMaxEvalConcurrency = 256;
inline constexpr int kMaxEvalRepeats = 100;

/// The JSON form kept with a run ({"concurrency", "requests_per_second",
/// "tokens_per_minute", "max_attempts", "retry_backoff_ms", "max_retry_wait_ms"}), so that a
/// resumed run keeps its limits.
QString evalRunLimitsToJson(const EvalRunLimits &limits);
EvalRunLimits evalRunLimitsFromJson(const QString &json);
/// Empty when the limits can be used; else what is wrong with them.
QString evalRunLimitsProblem(const EvalRunLimits &limits);

/// A run that cannot start or go on: an unknown suite or endpoint, a dataset or prompt
/// that is not there, an item whose prompt cannot be rendered.
class EvalRunError : public std::runtime_error
{
public:
    using std::runtime_error::runtime_error;
};

/// How far a run is.
struct EvalProgress {
    /// Answers the run needs: items × repeats.
    qint64 total = 0;
    /// Answers stored, those from before a resume included.
    qint64 done = 0;
    /// Of those, answers stored by earlier starts of the run (skipped now).
    qint64 resumedFrom = 0;
    qint64 failedRequests = 0;
    /// Tries that failed and were tried again.
    qint64 retries = 0;
};

using EvalProgressCallback = std::function<void(const EvalProgress &progress)>;

/// The answer to one item and repeat, scored. `request` is the measurement of the try
/// that counted; `retriedAttempts` those of the tries before it. Side requests are the
/// model-graded scorers' own calls.
struct EvalAnswer {
    EvalResultRecord result;
    std::optional<RequestRecord> request;
    std::vector<RequestRecord> retriedAttempts;
    std::vector<RequestRecord> gradingRequests;
};

/// Runs suites: resolves what a run answers, sends every item × repeat with the run's
/// limits, scores the answers and stores each as it is scored. Uses the store on the
/// calling thread only; the requests go out from worker threads of its own.
class EvalRunner
{
public:
    explicit EvalRunner(Store &store);

    /// Adds a run of the suite on the endpoint, with the dataset and prompt versions it
    /// resolves to now pinned in the run, and checks that every item can be rendered.
    /// Throws EvalRunError.
    EvalRunRecord createRun(const QString &suiteName, const Endpoint &endpoint, int repeats,
                            const EvalRunLimits &limits, EvalRunSource source);

    /// Answers and scores every item and repeat of the run that has no answer yet (those
    /// whose request failed after every try are asked again), then
    /// marks the run Finished, or Cancelled when `cancelRequested` became true first
    /// (answers in flight then are dropped, to be asked again on resume). Resuming a run is
    /// calling this again, after a cancel, a crash or a restart. Blocks until done; calls
    /// `onProgress` on this thread after each batch is stored. Throws EvalRunError when
    /// the run cannot go on (its endpoint was removed, its dataset is gone).
    EvalRunStatus execute(qint64 runId, const std::atomic<bool> *cancelRequested = nullptr,
                          const EvalProgressCallback &onProgress = {});

private:
    Store &m_store;
};

} // namespace llmops
