// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "aggregate.h"
#include "requestrecord.h"

#include <QByteArray>
#include <QByteArrayView>

#include <vector>

namespace llmops {

/// The raw figures of a set of requests, from which an aggregate is computed: counts, and
/// every latency, TTFT and decode rate, so that percentiles stay exact when sets merge.
struct RequestFigures {
    qint64 count = 0;
    qint64 okCount = 0;
    qint64 errorCount = 0;
    qint64 outputTokens = 0;
    std::vector<double> latencies; ///< of successful requests only
    std::vector<double> ttfts;
    std::vector<double> decodeRates;

    void add(const RequestRecord &record);
    void merge(const RequestFigures &other);
    /// Takes the percentiles (reordering the vectors) and means.
    RequestAggregate finish();
};

/// Doubles packed as little-endian IEEE 754, as the minute rollups store them.
QByteArray packDoubles(const std::vector<double> &values);
void appendUnpackedDoubles(QByteArrayView packed, std::vector<double> &values);

} // namespace llmops
