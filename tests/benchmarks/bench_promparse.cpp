// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
// Throughput of reading a /metrics exposition shaped like a vLLM server's: 2,000 series of
// gauges, counters and histograms with HELP and TYPE lines and the `_created` families
// prometheus_client writes. Run in a Release build.
#include "promexposition.h"

#include <benchmark/benchmark.h>

#include <string>

using namespace llmops;

namespace {

/// A vLLM-like exposition with `models` model names; about 2,000 series at 8 models.
std::string vllmExposition(int models)
{
    std::string text;
    const auto labels = [](int model, const std::string &extra = {}) {
        return "{engine=\"0\",model_name=\"acme/model-" + std::to_string(model) + "-8b-instruct\"" + extra + "}";
    };
    const auto family = [&](const std::string &name, const char *type, const char *help) {
        text += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
    };

    for (const char *gauge : {"vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc"}) {
        family(gauge, "gauge", "Number of requests in model execution batches.");
        for (int model = 0; model < models; ++model)
            text += std::string(gauge) + labels(model) + " " + std::to_string(model * 3 + 1) + ".0\n";
    }
    for (const char *counter :
         {"vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:num_preemptions_total"}) {
        family(counter, "counter", "Number of prefill tokens processed.");
        for (int model = 0; model < models; ++model)
            text += std::string(counter) + labels(model) + " " + std::to_string(48213 + model * 1117) + ".0\n";
    }
    family("vllm:request_success_total", "counter", "Count of successfully processed requests.");
    for (int model = 0; model < models; ++model) {
        for (const char *reason : {"stop", "length", "abort"})
            text += "vllm:request_success_total" + labels(model, std::string(",finished_reason=\"") + reason + "\"")
                + " 1234.0\n";
    }

    const char *bounds[] = {"0.001", "0.005", "0.01", "0.02", "0.04", "0.06", "0.08", "0.1",  "0.25", "0.5",
                            "0.75",  "1.0",   "2.5",  "5.0",  "7.5",  "10.0", "20.0", "40.0", "80.0", "+Inf"};
    for (const char *histogram :
         {"vllm:time_to_first_token_seconds", "vllm:inter_token_latency_seconds", "vllm:e2e_request_latency_seconds",
          "vllm:request_queue_time_seconds", "vllm:request_prefill_time_seconds", "vllm:request_decode_time_seconds",
          "vllm:request_inference_time_seconds", "vllm:request_prompt_tokens", "vllm:request_generation_tokens",
          "vllm:request_params_max_tokens"}) {
        family(histogram, "histogram", "Histogram of time to first token in seconds.");
        for (int model = 0; model < models; ++model) {
            text += std::string(histogram) + "_sum" + labels(model) + " 2417.3315849304199\n";
            int cumulative = 0;
            for (const char *bound : bounds) {
                cumulative += 37;
                text += std::string(histogram) + "_bucket" + labels(model, std::string(",le=\"") + bound + "\"") + " "
                    + std::to_string(cumulative) + ".0\n";
            }
            text += std::string(histogram) + "_count" + labels(model) + " " + std::to_string(cumulative) + ".0\n";
        }
        family(std::string(histogram) + "_created", "gauge", "Histogram of time to first token in seconds.");
        for (int model = 0; model < models; ++model)
            text += std::string(histogram) + "_created" + labels(model) + " 1.7180000002513e+09\n";
    }
    return text;
}

void parseVllmExposition(benchmark::State &state)
{
    const std::string text = vllmExposition(8);
    size_t series = 0;
    for (auto _ : state) {
        const Exposition exposition = parseExposition(text);
        series = 0;
        for (const auto &family : exposition.families)
            series += family.samples.size();
        benchmark::DoNotOptimize(series);
    }
    state.SetBytesProcessed(qint64(state.iterations()) * qint64(text.size()));
    state.counters["series"] = double(series);
    state.counters["bytes"] = double(text.size());
}
BENCHMARK(parseVllmExposition)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
