// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "requestfigures.h"

#include "statistics.h"

#include <QtEndian>

#include <array>
#include <cstring>

namespace llmops {

void RequestFigures::add(const RequestRecord &record)
{
    ++count;
    if (record.status == RequestStatus::Ok) {
        ++okCount;
        latencies.push_back(record.latencyMs);
    } else if (record.status == RequestStatus::Error) {
        ++errorCount;
    }
    if (record.ttftMs)
        ttfts.push_back(*record.ttftMs);
    if (record.tokensPerSecond)
        decodeRates.push_back(*record.tokensPerSecond);
    outputTokens += record.outputTokens.value_or(0);
}

void RequestFigures::merge(const RequestFigures &other)
{
    count += other.count;
    okCount += other.okCount;
    errorCount += other.errorCount;
    outputTokens += other.outputTokens;
    latencies.insert(latencies.end(), other.latencies.begin(), other.latencies.end());
    ttfts.insert(ttfts.end(), other.ttfts.begin(), other.ttfts.end());
    decodeRates.insert(decodeRates.end(), other.decodeRates.begin(), other.decodeRates.end());
}

RequestAggregate RequestFigures::finish()
{
    RequestAggregate aggregate;
    aggregate.count = count;
    aggregate.okCount = okCount;
    aggregate.errorCount = errorCount;
    aggregate.outputTokens = outputTokens;

    static constexpr std::array<double, 3> latencyQuantiles = {0.50, 0.95, 0.99};
    const auto latency = quantilesInPlace(latencies, latencyQuantiles);
    aggregate.latencyP50Ms = latency[0];
    aggregate.latencyP95Ms = latency[1];
    aggregate.latencyP99Ms = latency[2];

    static constexpr std::array<double, 2> ttftQuantiles = {0.50, 0.95};
    const auto ttft = quantilesInPlace(ttfts, ttftQuantiles);
    aggregate.ttftP50Ms = ttft[0];
    aggregate.ttftP95Ms = ttft[1];

    aggregate.tokensPerSecondMean = mean(decodeRates);
    return aggregate;
}

QByteArray packDoubles(const std::vector<double> &values)
{
    QByteArray packed(qsizetype(values.size() * sizeof(double)), Qt::Uninitialized);
    char *out = packed.data();
    for (double value : values) {
        quint64 bits = 0;
        std::memcpy(&bits, &value, sizeof bits);
        qToLittleEndian(bits, out);
        out += sizeof bits;
    }
    return packed;
}

void appendUnpackedDoubles(QByteArrayView packed, std::vector<double> &values)
{
    const std::size_t count = std::size_t(packed.size()) / sizeof(double);
    const std::size_t first = values.size();
    values.resize(first + count);
    const char *in = packed.data();
    for (std::size_t i = 0; i < count; ++i) {
        const quint64 bits = qFromLittleEndian<quint64>(in + i * sizeof(double));
        std::memcpy(&values[first + i], &bits, sizeof bits);
    }
}

} // namespace llmops
