// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QtGlobal>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace llmops {

/// Keeps a run within its request and token rates, and holds every worker back while the
/// server has asked for a pause (Retry-After): a 429 speaks for the whole endpoint, not for
/// the one request that got it. Thread-safe.
class RateGate
{
public:
    using Clock = std::chrono::steady_clock;

    /// `requestsPerSecond` and `tokensPerWindow` of 0 do not limit. Tokens are counted over
    /// a sliding window (a minute for a run; shorter in tests).
    RateGate(double requestsPerSecond, double tokensPerWindow,
             std::chrono::milliseconds tokenWindow = std::chrono::minutes(1));

    /// Waits until a request may start; false when `stop` was set first.
    bool acquire(const std::atomic<bool> &stop);
    /// Counts the tokens of an answer that came back.
    void recordTokens(qint64 tokens);
    /// Holds every request back for this long from now (or longer, if held already).
    void pauseFor(std::chrono::milliseconds wait);

private:
    void forgetOldTokens(Clock::time_point now);

    std::mutex m_mutex;
    std::condition_variable m_changed;
    const Clock::duration m_requestInterval;
    const double m_tokensPerWindow;
    const Clock::duration m_tokenWindow;
    Clock::time_point m_nextStart{};
    Clock::time_point m_pausedUntil{};
    std::deque<std::pair<Clock::time_point, qint64>> m_tokens;
    double m_tokensInWindow = 0;
};

} // namespace llmops
