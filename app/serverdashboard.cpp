// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "serverdashboard.h"

#include "store.h"

#include <QCoreApplication>

namespace llmops {

namespace {

enum class Figure { Value, Rate, Quantile };

/// A line of a catalog panel: the first of `families` the server exports is charted.
struct CatalogLine {
    const char *label;
    std::vector<std::string> families;
    Figure figure = Figure::Value;
    double quantile = 0;
    /// Seconds are shown as milliseconds, fractions as percent.
    double scale = 1;
    /// For a rate of a histogram's observations rather than of a counter: "_sum" or "_count".
    const char *suffix = "";
};

struct CatalogPanel {
    const char *title;
    const char *unit;
    std::vector<CatalogLine> lines;
};

QString translated(const char *text)
{
    return QCoreApplication::translate("ServerCatalog", text);
}

std::vector<CatalogLine> percentiles(const std::vector<std::string> &families)
{
    return {{QT_TRANSLATE_NOOP("ServerCatalog", "p50"), families, Figure::Quantile, 0.5, 1000.0},
            {QT_TRANSLATE_NOOP("ServerCatalog", "p95"), families, Figure::Quantile, 0.95, 1000.0}};
}

/// The families each server exports, as its documentation and /metrics name them; older
/// names follow the current ones.
const std::vector<CatalogPanel> &catalogOf(const std::string &kind)
{
    static const std::vector<CatalogPanel> vllm = {
        {QT_TRANSLATE_NOOP("ServerCatalog", "Requests running and waiting"),
         QT_TRANSLATE_NOOP("ServerCatalog", "requests"),
         {{QT_TRANSLATE_NOOP("ServerCatalog", "running"), {"vllm:num_requests_running"}},
          {QT_TRANSLATE_NOOP("ServerCatalog", "waiting"), {"vllm:num_requests_waiting"}}}},
        {QT_TRANSLATE_NOOP("ServerCatalog", "KV-cache use"),
         "%",
         {{QT_TRANSLATE_NOOP("ServerCatalog", "used"),
           {"vllm:kv_cache_usage_perc", "vllm:gpu_cache_usage_perc"},
           Figure::Value,
           0,
           100.0}}},
        {QT_TRANSLATE_NOOP("ServerCatalog", "Token throughput"),
         QT_TRANSLATE_NOOP("ServerCatalog", "tokens/s"),
         {{QT_TRANSLATE_NOOP("ServerCatalog", "prompt"),
           {"vllm:prompt_tokens_total", "vllm:prompt_tokens"},
           Figure::Rate},
          {QT_TRANSLATE_NOOP("ServerCatalog", "generation"),
           {"vllm:generation_tokens_total", "vllm:generation_tokens"},
           Figure::Rate}}},
        {QT_TRANSLATE_NOOP("ServerCatalog", "Preemptions"),
         QT_TRANSLATE_NOOP("ServerCatalog", "per second"),
         {{QT_TRANSLATE_NOOP("ServerCatalog", "preemptions"),
           {"vllm:num_preemptions_total", "vllm:num_preemptions"},
           Figure::Rate}}},
        {QT_TRANSLATE_NOOP("ServerCatalog", "Server time to first token"), "ms",
         percentiles({"vllm:time_to_first_token_seconds"})},
        {QT_TRANSLATE_NOOP("ServerCatalog", "Inter-token latency"), "ms",
         percentiles({"vllm:inter_token_latency_seconds", "vllm:time_per_output_token_seconds"})},
        {QT_TRANSLATE_NOOP("ServerCatalog", "End-to-end latency"), "ms",
         percentiles({"vllm:e2e_request_latency_seconds"})},
    };
    static const std::vector<CatalogPanel> tgi = {
        {QT_TRANSLATE_NOOP("ServerCatalog", "Requests running and waiting"),
         QT_TRANSLATE_NOOP("ServerCatalog", "requests"),
         {{QT_TRANSLATE_NOOP("ServerCatalog", "running"), {"tgi_batch_current_size"}},
          {QT_TRANSLATE_NOOP("ServerCatalog", "waiting"), {"tgi_queue_size"}}}},
        {QT_TRANSLATE_NOOP("ServerCatalog", "Token throughput"),
         QT_TRANSLATE_NOOP("ServerCatalog", "tokens/s"),
         {{QT_TRANSLATE_NOOP("ServerCatalog", "generation"),
           {"tgi_request_generated_tokens"},
           Figure::Rate,
           0,
           1.0,
           "_sum"}}},
        {QT_TRANSLATE_NOOP("ServerCatalog", "Inter-token latency"), "ms",
         percentiles({"tgi_request_mean_time_per_token_duration"})},
        {QT_TRANSLATE_NOOP("ServerCatalog", "Queue time"), "ms", percentiles({"tgi_request_queue_duration"})},
        {QT_TRANSLATE_NOOP("ServerCatalog", "End-to-end latency"), "ms", percentiles({"tgi_request_duration"})},
    };
    static const std::vector<CatalogPanel> llamacpp = {
        {QT_TRANSLATE_NOOP("ServerCatalog", "Requests processing and deferred"),
         QT_TRANSLATE_NOOP("ServerCatalog", "requests"),
         {{QT_TRANSLATE_NOOP("ServerCatalog", "processing"), {"llamacpp:requests_processing"}},
          {QT_TRANSLATE_NOOP("ServerCatalog", "deferred"), {"llamacpp:requests_deferred"}}}},
        {QT_TRANSLATE_NOOP("ServerCatalog", "Token throughput"),
         QT_TRANSLATE_NOOP("ServerCatalog", "tokens/s"),
         {{QT_TRANSLATE_NOOP("ServerCatalog", "prompt"), {"llamacpp:prompt_tokens_total"}, Figure::Rate},
          {QT_TRANSLATE_NOOP("ServerCatalog", "generation"), {"llamacpp:tokens_predicted_total"}, Figure::Rate}}},
    };
    static const std::vector<CatalogPanel> sglang = {
        {QT_TRANSLATE_NOOP("ServerCatalog", "Requests running and waiting"),
         QT_TRANSLATE_NOOP("ServerCatalog", "requests"),
         {{QT_TRANSLATE_NOOP("ServerCatalog", "running"), {"sglang:num_running_reqs"}},
          {QT_TRANSLATE_NOOP("ServerCatalog", "waiting"), {"sglang:num_queue_reqs"}}}},
        {QT_TRANSLATE_NOOP("ServerCatalog", "KV-cache use"),
         "%",
         {{QT_TRANSLATE_NOOP("ServerCatalog", "used"), {"sglang:token_usage"}, Figure::Value, 0, 100.0},
          {QT_TRANSLATE_NOOP("ServerCatalog", "cache hits"), {"sglang:cache_hit_rate"}, Figure::Value, 0, 100.0}}},
        {QT_TRANSLATE_NOOP("ServerCatalog", "Token throughput"),
         QT_TRANSLATE_NOOP("ServerCatalog", "tokens/s"),
         {{QT_TRANSLATE_NOOP("ServerCatalog", "prompt"), {"sglang:prompt_tokens_total"}, Figure::Rate},
          {QT_TRANSLATE_NOOP("ServerCatalog", "generation"), {"sglang:generation_tokens_total"}, Figure::Rate}}},
        {QT_TRANSLATE_NOOP("ServerCatalog", "Server time to first token"), "ms",
         percentiles({"sglang:time_to_first_token_seconds"})},
        {QT_TRANSLATE_NOOP("ServerCatalog", "Inter-token latency"), "ms",
         percentiles({"sglang:inter_token_latency_seconds", "sglang:time_per_output_token_seconds"})},
        {QT_TRANSLATE_NOOP("ServerCatalog", "End-to-end latency"), "ms",
         percentiles({"sglang:e2e_request_latency_seconds"})},
    };
    static const std::vector<CatalogPanel> none;
    if (kind == "vllm")
        return vllm;
    if (kind == "tgi")
        return tgi;
    if (kind == "llamacpp")
        return llamacpp;
    if (kind == "sglang")
        return sglang;
    return none;
}

/// Adds `figures` into `total`, step by step; a step stays absent until some series has it.
void addInto(std::vector<std::optional<double>> &total, const SeriesFigures &figures)
{
    total.resize(std::max(total.size(), figures.steps.size()));
    for (size_t i = 0; i < figures.steps.size(); ++i) {
        if (figures.steps[i])
            total[i] = total[i].value_or(0) + *figures.steps[i];
    }
}

/// The series a line reads: those of the first of its families the server exports (none
/// when it exports none of them).
std::vector<MetricSeries> seriesOfLine(const Store &store, qint64 endpointId, const CatalogLine &line)
{
    for (const std::string &family : line.families) {
        std::vector<MetricSeries> series = store.metricSeries(endpointId, family);
        if (series.empty())
            continue;
        std::erase_if(series, [&](const MetricSeries &one) {
            if (line.figure == Figure::Quantile)
                return one.name != family + "_bucket" || !one.upperBound;
            if (line.figure == Figure::Rate)
                return *line.suffix ? one.name != family + line.suffix
                                    : !isCumulativeSeries(one.type, one.family, one.name);
            return one.name != family;
        });
        return series;
    }
    return {};
}

/// The line's figures from its series' points.
std::vector<std::optional<double>> lineValues(const CatalogLine &line, const std::vector<MetricSeries> &series,
                                              std::vector<std::vector<MetricPoint>> points, qint64 fromMs, qint64 toMs,
                                              qint64 bucketMs)
{
    std::vector<std::optional<double>> values;
    if (line.figure == Figure::Quantile) {
        std::vector<BucketSeries> buckets;
        for (size_t i = 0; i < series.size(); ++i)
            buckets.push_back({*series[i].upperBound, std::move(points[i])});
        values = quantileOf(line.quantile, buckets, fromMs, toMs, bucketMs).steps;
    } else {
        for (const auto &seriesPoints : points) {
            addInto(values,
                    line.figure == Figure::Rate ? rateOf(seriesPoints, fromMs, toMs, bucketMs)
                                                : meanOf(seriesPoints, fromMs, toMs, bucketMs));
        }
    }
    for (auto &value : values) {
        if (value)
            *value *= line.scale;
    }
    return values;
}

/// A series' labels as the raw view names its line: `{model_name="a", le="0.5"}`.
QString labelsText(const std::string &labelsJson)
{
    return QString::fromStdString(labelsJson == "{}" ? std::string() : labelsJson);
}

} // namespace

QString serverKindLabel(const std::string &kind)
{
    if (kind == "vllm")
        return QStringLiteral("vLLM");
    if (kind == "tgi")
        return QStringLiteral("TGI");
    if (kind == "llamacpp")
        return QStringLiteral("llama.cpp");
    if (kind == "sglang")
        return QStringLiteral("SGLang");
    return {};
}

std::vector<ServerPanel> serverPanels(const Store &store, qint64 endpointId, const std::string &kind, qint64 fromMs,
                                      qint64 toMs, qint64 bucketMs)
{
    // Every line's series are read in one pass over the window: a dashboard over a week
    // reads its rows once, not once per line.
    const std::vector<CatalogPanel> &catalog = catalogOf(kind);
    std::vector<std::vector<MetricSeries>> seriesOfLines;
    std::vector<qint64> ids;
    for (const CatalogPanel &entry : catalog) {
        for (const CatalogLine &line : entry.lines) {
            seriesOfLines.push_back(seriesOfLine(store, endpointId, line));
            for (const MetricSeries &one : seriesOfLines.back())
                ids.push_back(one.id);
        }
    }
    std::vector<std::vector<MetricPoint>> points = store.metricPoints(ids, fromMs, toMs);

    std::vector<ServerPanel> panels;
    size_t lineIndex = 0;
    size_t pointsIndex = 0;
    for (const CatalogPanel &entry : catalog) {
        ServerPanel panel{translated(entry.title), translated(entry.unit), {}};
        for (const CatalogLine &line : entry.lines) {
            const std::vector<MetricSeries> &series = seriesOfLines[lineIndex++];
            std::vector<std::vector<MetricPoint>> own;
            for (size_t i = 0; i < series.size(); ++i)
                own.push_back(std::move(points[pointsIndex++]));
            if (!series.empty())
                panel.lines.push_back(
                    {translated(line.label), lineValues(line, series, std::move(own), fromMs, toMs, bucketMs)});
        }
        if (!panel.lines.empty())
            panels.push_back(std::move(panel));
    }
    return panels;
}

ServerPanel familyPanel(const Store &store, qint64 endpointId, const std::string &family, qint64 fromMs, qint64 toMs,
                        qint64 bucketMs)
{
    const std::vector<MetricSeries> series = store.metricSeries(endpointId, family);
    ServerPanel panel{QString::fromStdString(family), {}, {}};
    if (series.empty())
        return panel;

    const std::string &type = series.front().type;
    if (type == "histogram") {
        panel.unit = QCoreApplication::translate("ServerCatalog", "quantile");
        std::vector<BucketSeries> buckets;
        std::vector<qint64> ids;
        for (const MetricSeries &one : series) {
            if (one.name == family + "_bucket" && one.upperBound) {
                buckets.push_back({*one.upperBound, {}});
                ids.push_back(one.id);
            }
        }
        std::vector<std::vector<MetricPoint>> points = store.metricPoints(ids, fromMs, toMs);
        for (size_t i = 0; i < buckets.size(); ++i)
            buckets[i].points = std::move(points[i]);
        for (const double q : {0.5, 0.95, 0.99}) {
            panel.lines.push_back(
                {QStringLiteral("p%1").arg(q * 100), quantileOf(q, buckets, fromMs, toMs, bucketMs).steps});
        }
        return panel;
    }

    const bool rates = type == "counter";
    panel.unit = rates ? QCoreApplication::translate("ServerCatalog", "per second")
                       : QCoreApplication::translate("ServerCatalog", "value");
    std::vector<qint64> ids;
    for (size_t i = 0; i < series.size() && int(i) < kMaxChartedSeries; ++i)
        ids.push_back(series[i].id);
    const std::vector<std::vector<MetricPoint>> charted = store.metricPoints(ids, fromMs, toMs);
    for (size_t i = 0; i < charted.size(); ++i) {
        const MetricSeries &one = series[i];
        const std::vector<MetricPoint> &points = charted[i];
        const SeriesFigures figures = rates ? rateOf(points, fromMs, toMs, bucketMs)
                                            : meanOf(points, fromMs, toMs, bucketMs);
        const QString name = QString::fromStdString(one.name == family ? std::string() : one.name)
            + labelsText(one.labelsJson);
        panel.lines.push_back({name.isEmpty() ? QString::fromStdString(family) : name, figures.steps});
    }
    return panel;
}

} // namespace llmops
