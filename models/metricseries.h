// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Scraped server metrics as the store keeps them, and the figures derived from them: rates
// of counters and quantiles of histograms over time windows.
#pragma once

#include <QtGlobal>

#include <optional>
#include <string>
#include <vector>

namespace llmops {

/// One series of a scraped family: `name` is the sample's own name (`…_bucket`), `labels`
/// its label set as a JSON object with sorted keys (what tells series apart in the store).
struct MetricSeries {
    qint64 id = 0;
    qint64 endpointId = 0;
    std::string family;
    /// "counter", "gauge", "histogram"... as the exposition declared it.
    std::string type;
    std::string name;
    std::string labelsJson;
    /// A histogram bucket's upper bound (`le`); absent for other series.
    std::optional<double> upperBound;
};

/// One sample of a scrape, as the store takes it in.
struct ScrapedSample {
    std::string family;
    std::string type;
    std::string help;
    std::string name;
    std::string labelsJson;
    std::optional<double> upperBound;
    double value = 0;
};

/// How one scrape of an endpoint's metrics went: what the console shows as scrape health.
struct ScrapeRecord {
    qint64 endpointId = 0;
    qint64 atMs = 0;
    bool up = false;
    double durationMs = 0;
    qint64 samples = 0;
    /// Lines of the exposition that could not be read, or were read with a doubt.
    qint64 problems = 0;
    std::optional<int> httpStatus;
    /// The error class key (as for requests: "timeout", "connection", "http_status"...) and
    /// its message, empty when the scrape worked.
    std::string errorClass;
    std::string errorMessage;
    /// "vllm", "tgi", "llamacpp", "sglang", or empty when the families say nothing.
    std::string serverKind;
};

/// A family an endpoint's scrapes have shown, for the raw view.
struct MetricFamilySummary {
    std::string family;
    std::string type;
    std::string help;
    qint64 series = 0;
};

/// How long samples are kept: raw ones for a recent window, five-minute rollups longer.
struct MetricRetention {
    qint64 rawMs = 6 * 3600 * 1000LL;
    qint64 rollupMs = 30 * 24 * 3600 * 1000LL;
};

/// The length of one rollup of samples.
constexpr qint64 kMetricRollupMs = 5 * 60 * 1000;

/// One stored sample. `value` is absent for NaN (SQLite cannot keep a NaN REAL). For
/// counters and histogram buckets, `increase` is what the series gained since its previous
/// sample, a reset counted as a restart from zero; absent for the first sample and for
/// gauges.
struct MetricPoint {
    qint64 atMs = 0;
    std::optional<double> value;
    std::optional<double> increase;
};

/// What a counter gained from `previous` to `current`: the difference, or all of `current`
/// when it went down (the server restarted and counts from zero again), as Prometheus's
/// `rate()` reads a reset.
double counterIncrease(double previous, double current);

/// Whether a series' samples count up (their increase is kept and their rate is meaningful):
/// counters, and the buckets, counts and sums of histograms and summaries.
bool isCumulativeSeries(const std::string &type, const std::string &family, const std::string &name);

/// One bucket of a histogram: observations up to `upperBound`, cumulative.
struct HistogramBucket {
    double upperBound = 0;
    double count = 0;
};

/// The q-quantile of a histogram, computed as Prometheus's `histogram_quantile()` does:
/// buckets sorted by bound and made monotonic, linear interpolation inside the bucket the
/// rank falls in, the lowest bucket starting at 0 (unless its bound is below 0), and a rank
/// in the `+Inf` bucket answered with the highest finite bound, never infinity. Absent when
/// there are no observations, no `+Inf` bucket or fewer than two buckets; -Inf for q < 0,
/// +Inf for q > 1.
std::optional<double> histogramQuantile(double q, std::vector<HistogramBucket> buckets);

/// A series' figure at each step of a window, and over the whole window.
struct SeriesFigures {
    /// One entry per step from the window's start; absent where the step has no data.
    std::vector<std::optional<double>> steps;
    std::optional<double> window;
};

/// The per-second rate of a cumulative series: the increases of its samples over the
/// time between them. A sample counts for the step it falls in; the first sample of the
/// window only marks where counting starts (its increase comes from before the window).
/// Over the whole window this is (last − first) / (t_last − t_first) when nothing reset.
SeriesFigures rateOf(const std::vector<MetricPoint> &points, qint64 fromMs, qint64 toMs, qint64 stepMs);

/// The mean of a gauge's values in each step, and its last value in the window.
SeriesFigures meanOf(const std::vector<MetricPoint> &points, qint64 fromMs, qint64 toMs, qint64 stepMs);

/// One histogram's buckets: each bucket series' bound and samples.
struct BucketSeries {
    double upperBound = 0;
    std::vector<MetricPoint> points;
};

/// The q-quantile of what a histogram observed in each step and in the whole window, from
/// the increase of each bucket (the same counting as rateOf()). Buckets of one bound from
/// several series (label sets) are added up.
SeriesFigures quantileOf(double q, const std::vector<BucketSeries> &buckets, qint64 fromMs, qint64 toMs, qint64 stepMs);

} // namespace llmops
