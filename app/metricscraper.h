// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "endpoint.h"
#include "metricseries.h"
#include "promexposition.h"

#include <atomic>
#include <vector>

namespace llmops {

class HttpClient;

/// One scrape of an endpoint's metrics: how it went, and the samples to store.
struct ScrapeOutcome {
    ScrapeRecord record;
    std::vector<ScrapedSample> samples;
};

/// Expositions larger than this are refused: a server that sends more is misconfigured,
/// and a scrape must not take unbounded memory.
constexpr qsizetype kMaxExpositionBytes = 64 * 1024 * 1024;

/// Scrapes metricsUrlOf(endpoint) once with a GET, on the calling thread (blocking; never
/// the GUI thread). Never throws: a failed scrape is a record with up = false, its error
/// class and message. The bearer token, when the endpoint names its variable, is sent and
/// never kept.
ScrapeOutcome scrapeMetrics(HttpClient &http, const Endpoint &endpoint, qint64 atMs,
                            const std::atomic<bool> *cancelRequested = nullptr);

/// The samples of an exposition as the store takes them: labels as a JSON object with
/// sorted keys, bucket bounds read from `le`.
std::vector<ScrapedSample> scrapedSamplesOf(const Exposition &exposition);

/// "vllm", "tgi", "llamacpp" or "sglang" when the families' names say which server it is,
/// empty otherwise.
std::string serverKindOf(const Exposition &exposition);

} // namespace llmops
