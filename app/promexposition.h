// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Reading what inference servers expose on /metrics: the Prometheus text format 0.0.4 and
// OpenMetrics 1.0.
#pragma once

#include <QtGlobal>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmops {

enum class MetricType { Untyped, Counter, Gauge, Histogram, Summary, GaugeHistogram, Info, StateSet };

/// The name the formats give the type ("counter", "gaugehistogram"...).
const char *metricTypeName(MetricType type);

/// Label names and decoded values, in the order the sample line gave them.
using MetricLabels = std::vector<std::pair<std::string, std::string>>;

/// An OpenMetrics exemplar: one observation behind a counter or a bucket, usually with the
/// trace id of the request it came from.
struct Exemplar {
    MetricLabels labels;
    double value = 0;
    std::optional<double> timestampSeconds;
};

/// One sample line. `name` is the sample's own name (`…_bucket`, `…_sum`, `…_total`);
/// the family it belongs to has the name without the suffix.
struct MetricSample {
    std::string name;
    MetricLabels labels;
    double value = 0;
    /// When the exposition gave a time: milliseconds since the epoch (OpenMetrics gives
    /// seconds; they are converted).
    std::optional<qint64> timestampMs;
    std::optional<Exemplar> exemplar;
    /// OpenMetrics `_created`: when the counter, histogram or summary of this series started
    /// counting, in seconds since the epoch. Attached to the series, not a sample of its own.
    std::optional<double> createdSeconds;
    int line = 0;

    /// The label's value, or nullptr when the sample has no such label.
    const std::string *label(std::string_view name) const;
};

struct MetricFamily {
    std::string name;
    MetricType type = MetricType::Untyped;
    std::string help;
    std::string unit;
    std::vector<MetricSample> samples;
};

struct ExpositionProblem {
    enum class Severity { Warning, Error };
    int line = 0;
    Severity severity = Severity::Error;
    std::string message;
};

enum class ExpositionFormat {
    /// OpenMetrics when the text ends with `# EOF`, the Prometheus text format otherwise.
    Detect,
    Prometheus,
    OpenMetrics,
};

struct Exposition {
    ExpositionFormat format = ExpositionFormat::Prometheus;
    /// In the order their first line came.
    std::vector<MetricFamily> families;
    /// Every line that could not be read (an error; the line is left out and the rest is
    /// kept) or that was read with a doubt (a warning), in line order.
    std::vector<ExpositionProblem> problems;

    bool hasErrors() const;
    const MetricFamily *family(std::string_view name) const;
};

/// Reads an exposition. Never throws: a bad line is a problem with its line number, and
/// every other line is read.
Exposition parseExposition(std::string_view text, ExpositionFormat format = ExpositionFormat::Detect);

/// The format a scrape's Content-Type names: OpenMetrics for `application/openmetrics-text`,
/// Detect otherwise.
ExpositionFormat expositionFormatOfContentType(std::string_view contentType);

} // namespace llmops
