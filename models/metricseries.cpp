// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "metricseries.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace llmops {

namespace {

/// The step a time falls in, or -1 outside the window (which is half-open at its start:
/// a sample exactly at the start belongs to the window before).
qsizetype stepIndex(qint64 atMs, qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    if (atMs <= fromMs || atMs > toMs)
        return -1;
    return qsizetype((atMs - fromMs - 1) / stepMs);
}

qsizetype stepCount(qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    return toMs > fromMs ? qsizetype((toMs - fromMs + stepMs - 1) / stepMs) : 0;
}

/// The increase and elapsed time each step gathers from a cumulative series, and the
/// window's whole. The first sample in the window only starts the count.
struct Increases {
    std::vector<double> increase;
    std::vector<qint64> elapsedMs;
    std::vector<bool> counted;
    double windowIncrease = 0;
    qint64 windowElapsedMs = 0;
    bool windowCounted = false;
};

Increases increasesOf(const std::vector<MetricPoint> &points, qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    const qsizetype steps = stepCount(fromMs, toMs, stepMs);
    Increases result{std::vector<double>(size_t(steps), 0.0), std::vector<qint64>(size_t(steps), 0),
                     std::vector<bool>(size_t(steps), false)};
    std::optional<qint64> previousAt;
    for (const MetricPoint &point : points) {
        const qsizetype step = stepIndex(point.atMs, fromMs, toMs, stepMs);
        if (step < 0)
            continue;
        if (previousAt && point.increase) {
            result.increase[size_t(step)] += *point.increase;
            result.elapsedMs[size_t(step)] += point.atMs - *previousAt;
            result.counted[size_t(step)] = true;
            result.windowIncrease += *point.increase;
            result.windowElapsedMs += point.atMs - *previousAt;
            result.windowCounted = true;
        }
        previousAt = point.atMs;
    }
    return result;
}

} // namespace

double counterIncrease(double previous, double current)
{
    return current >= previous ? current - previous : current;
}

bool isCumulativeSeries(const std::string &type, const std::string &family, const std::string &name)
{
    if (type == "counter")
        return true;
    if (type == "histogram" || type == "summary") {
        return name == family + "_bucket" || name == family + "_count" || name == family + "_sum";
    }
    return false;
}

std::optional<double> histogramQuantile(double q, std::vector<HistogramBucket> buckets)
{
    if (std::isnan(q))
        return std::nullopt;
    if (q < 0)
        return -std::numeric_limits<double>::infinity();
    if (q > 1)
        return std::numeric_limits<double>::infinity();

    std::sort(buckets.begin(), buckets.end(),
              [](const HistogramBucket &a, const HistogramBucket &b) { return a.upperBound < b.upperBound; });
    if (buckets.size() < 2 || !std::isinf(buckets.back().upperBound) || buckets.back().upperBound < 0)
        return std::nullopt;
    // Buckets scraped a moment apart can be slightly out of order; the counts are made
    // monotonic as Prometheus does, each at least the one before.
    for (size_t i = 1; i < buckets.size(); ++i)
        buckets[i].count = std::max(buckets[i].count, buckets[i - 1].count);

    const double observations = buckets.back().count;
    if (!(observations > 0))
        return std::nullopt;
    double rank = q * observations;
    const auto found = std::find_if(buckets.begin(), buckets.end(),
                                    [&](const HistogramBucket &bucket) { return bucket.count >= rank; });
    const size_t b = size_t(found - buckets.begin());

    // A rank among the +Inf bucket's observations has no upper bound to interpolate to.
    if (b == buckets.size() - 1)
        return buckets[b - 1].upperBound;
    if (b == 0 && buckets[0].upperBound <= 0)
        return buckets[0].upperBound;

    double bucketStart = 0;
    double count = buckets[b].count;
    if (b > 0) {
        bucketStart = buckets[b - 1].upperBound;
        count -= buckets[b - 1].count;
        rank -= buckets[b - 1].count;
    }
    // Only q = 0 over an empty lowest bucket gets here without observations in the bucket
    // (Prometheus answers NaN there); its start is the answer that means something.
    if (count <= 0)
        return bucketStart;
    return bucketStart + (buckets[b].upperBound - bucketStart) * (rank / count);
}

SeriesFigures rateOf(const std::vector<MetricPoint> &points, qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    const Increases increases = increasesOf(points, fromMs, toMs, stepMs);
    SeriesFigures figures;
    figures.steps.resize(increases.increase.size());
    for (size_t i = 0; i < increases.increase.size(); ++i) {
        if (increases.counted[i] && increases.elapsedMs[i] > 0)
            figures.steps[i] = increases.increase[i] / (double(increases.elapsedMs[i]) / 1000.0);
    }
    if (increases.windowCounted && increases.windowElapsedMs > 0)
        figures.window = increases.windowIncrease / (double(increases.windowElapsedMs) / 1000.0);
    return figures;
}

SeriesFigures meanOf(const std::vector<MetricPoint> &points, qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    const qsizetype steps = stepCount(fromMs, toMs, stepMs);
    std::vector<double> sums(size_t(steps), 0.0);
    std::vector<int> counts(size_t(steps), 0);
    SeriesFigures figures;
    figures.steps.resize(size_t(steps));
    for (const MetricPoint &point : points) {
        const qsizetype step = stepIndex(point.atMs, fromMs, toMs, stepMs);
        if (step < 0 || !point.value)
            continue;
        sums[size_t(step)] += *point.value;
        ++counts[size_t(step)];
        figures.window = point.value;
    }
    for (size_t i = 0; i < size_t(steps); ++i) {
        if (counts[i] > 0)
            figures.steps[i] = sums[i] / counts[i];
    }
    return figures;
}

SeriesFigures quantileOf(double q, const std::vector<BucketSeries> &buckets, qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    // Buckets of several label sets with one bound add up: a histogram over all of them.
    const qsizetype steps = stepCount(fromMs, toMs, stepMs);
    std::map<double, std::vector<double>> stepIncreases;
    std::map<double, double> windowIncreases;
    for (const BucketSeries &bucket : buckets) {
        const Increases increases = increasesOf(bucket.points, fromMs, toMs, stepMs);
        std::vector<double> &sums = stepIncreases[bucket.upperBound];
        sums.resize(size_t(steps), 0.0);
        for (size_t i = 0; i < size_t(steps); ++i)
            sums[i] += increases.increase[i];
        windowIncreases[bucket.upperBound] += increases.windowIncrease;
    }
    SeriesFigures figures;
    figures.steps.resize(size_t(steps));
    for (size_t i = 0; i < size_t(steps); ++i) {
        std::vector<HistogramBucket> histogram;
        for (const auto &[bound, sums] : stepIncreases)
            histogram.push_back({bound, sums[i]});
        figures.steps[i] = histogramQuantile(q, std::move(histogram));
    }
    std::vector<HistogramBucket> window;
    for (const auto &[bound, increase] : windowIncreases)
        window.push_back({bound, increase});
    figures.window = histogramQuantile(q, std::move(window));
    return figures;
}

} // namespace llmops
