// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "rategate.h"

#include <algorithm>

namespace llmops {

namespace {

/// How often a waiting worker looks at the stop flag.
constexpr auto kPollInterval = std::chrono::milliseconds(50);

} // namespace

RateGate::RateGate(double requestsPerSecond, double tokensPerWindow, std::chrono::milliseconds tokenWindow)
    : m_requestInterval(requestsPerSecond > 0 ? std::chrono::duration_cast<Clock::duration>(
                            std::chrono::duration<double>(1.0 / requestsPerSecond))
                                              : Clock::duration::zero())
    , m_tokensPerWindow(tokensPerWindow)
    , m_tokenWindow(tokenWindow)
{
}

bool RateGate::acquire(const std::atomic<bool> &stop)
{
    std::unique_lock lock(m_mutex);
    while (!stop) {
        const Clock::time_point now = Clock::now();
        forgetOldTokens(now);
        Clock::time_point allowedAt = std::max(m_pausedUntil, m_nextStart);
        // Over the token budget, the next request waits for the oldest answer to leave the
        // window; the answers in flight are not known yet, so a budget can be overshot by them.
        if (m_tokensPerWindow > 0 && m_tokensInWindow >= m_tokensPerWindow && !m_tokens.empty())
            allowedAt = std::max(allowedAt, m_tokens.front().first + m_tokenWindow);
        if (allowedAt <= now) {
            m_nextStart = std::max(now, m_nextStart) + m_requestInterval;
            return true;
        }
        m_changed.wait_for(lock, std::min<Clock::duration>(allowedAt - now, kPollInterval));
    }
    return false;
}

void RateGate::recordTokens(qint64 tokens)
{
    if (m_tokensPerWindow <= 0 || tokens <= 0)
        return;
    std::lock_guard lock(m_mutex);
    m_tokens.emplace_back(Clock::now(), tokens);
    m_tokensInWindow += double(tokens);
}

void RateGate::pauseFor(std::chrono::milliseconds wait)
{
    std::lock_guard lock(m_mutex);
    m_pausedUntil = std::max(m_pausedUntil, Clock::now() + wait);
}

void RateGate::forgetOldTokens(Clock::time_point now)
{
    while (!m_tokens.empty() && m_tokens.front().first + m_tokenWindow <= now) {
        m_tokensInWindow -= double(m_tokens.front().second);
        m_tokens.pop_front();
    }
}

} // namespace llmops
