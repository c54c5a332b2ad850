// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The synthetic vLLM exposition the metrics benchmarks read.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace llmops::benchmarks {

/// A number in [0, 1) that looks random but is fixed by its three inputs (splitmix64), so
/// that every scrape of a target brings values as varied as a real server's.
inline double noise(std::uint64_t a, std::uint64_t b, std::uint64_t c)
{
    std::uint64_t x = a * 0x9E3779B97F4A7C15ULL ^ (b + 0x632BE59BD9B4E019ULL) * 0xBF58476D1CE4E5B9ULL ^ c;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    x ^= x >> 31;
    return double(x >> 11) / double(1ULL << 53);
}

/// Text for a double as prometheus_client writes it, all its digits.
inline std::string numberText(double value)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

/// A /metrics exposition shaped like a vLLM server's serving `models` models (229 series a
/// model: gauges, counters, ten histograms of 20 buckets), HELP and TYPE lines, and with
/// `createdGauges` the `_created` gauges prometheus_client writes. Counters and buckets grow
/// with `round` at a pace of their own with some jitter, sums and gauges take arbitrary
/// values, so that each scrape of a target brings new values about as compressible as a
/// real server's.
inline std::string vllmExposition(int models, int target, long round, bool createdGauges = false)
{
    std::string text;
    text.reserve(220000);
    const auto labels = [&](int model, const std::string &extra = {}) {
        return "{engine=\"0\",model_name=\"acme/model-" + std::to_string(target) + "-" + std::to_string(model) + "\""
            + extra + "}";
    };
    const auto family = [&](const std::string &name, const char *type) {
        text += "# HELP " + name + " A figure of the server.\n# TYPE " + name + " " + type + "\n";
    };
    std::uint64_t series = 0;
    // A counter that grows by about `pace` a round, never going back.
    const auto counted = [&](double pace) {
        ++series;
        const double slope = pace * (1.0 + noise(std::uint64_t(target), series, 0));
        return std::to_string(std::int64_t(double(round) * slope
                                           + 0.9 * pace * noise(std::uint64_t(target), series, std::uint64_t(round))));
    };
    for (const char *gauge : {"vllm:num_requests_running", "vllm:num_requests_waiting"}) {
        family(gauge, "gauge");
        for (int model = 0; model < models; ++model) {
            ++series;
            text += std::string(gauge) + labels(model) + " "
                + std::to_string(int(16 * noise(std::uint64_t(target), series, std::uint64_t(round)))) + "\n";
        }
    }
    family("vllm:kv_cache_usage_perc", "gauge");
    for (int model = 0; model < models; ++model) {
        ++series;
        text += "vllm:kv_cache_usage_perc" + labels(model) + " "
            + numberText(noise(std::uint64_t(target), series, std::uint64_t(round))) + "\n";
    }
    for (const char *counter :
         {"vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:num_preemptions_total"}) {
        family(counter, "counter");
        for (int model = 0; model < models; ++model)
            text += std::string(counter) + labels(model) + " " + counted(1117) + "\n";
    }
    family("vllm:request_success_total", "counter");
    for (int model = 0; model < models; ++model) {
        for (const char *reason : {"stop", "length", "abort"})
            text += "vllm:request_success_total" + labels(model, std::string(",finished_reason=\"") + reason + "\"")
                + " " + counted(13) + "\n";
    }
    const char *bounds[] = {"0.001", "0.005", "0.01", "0.02", "0.04", "0.06", "0.08", "0.1",  "0.25", "0.5",
                            "0.75",  "1.0",   "2.5",  "5.0",  "7.5",  "10.0", "20.0", "40.0", "80.0", "+Inf"};
    for (const char *histogram :
         {"vllm:time_to_first_token_seconds", "vllm:inter_token_latency_seconds", "vllm:e2e_request_latency_seconds",
          "vllm:request_queue_time_seconds", "vllm:request_prefill_time_seconds", "vllm:request_decode_time_seconds",
          "vllm:request_inference_time_seconds", "vllm:request_prompt_tokens", "vllm:request_generation_tokens",
          "vllm:request_params_max_tokens"}) {
        family(histogram, "histogram");
        for (int model = 0; model < models; ++model) {
            ++series;
            const double sum = double(round) * 3.25 * (1.0 + noise(std::uint64_t(target), series, 1))
                + noise(std::uint64_t(target), series, std::uint64_t(round));
            text += std::string(histogram) + "_sum" + labels(model) + " " + numberText(sum) + "\n";
            // Each bucket adds its own observations to the ones below it.
            std::int64_t cumulative = 0;
            for (const char *bound : bounds) {
                cumulative += std::stoll(counted(2));
                text += std::string(histogram) + "_bucket" + labels(model, std::string(",le=\"") + bound + "\"") + " "
                    + std::to_string(cumulative) + "\n";
            }
            text += std::string(histogram) + "_count" + labels(model) + " " + std::to_string(cumulative) + "\n";
        }
        if (createdGauges) {
            family(std::string(histogram) + "_created", "gauge");
            for (int model = 0; model < models; ++model)
                text += std::string(histogram) + "_created" + labels(model) + " 1.7180000002513e+09\n";
        }
    }
    return text;
}

} // namespace llmops::benchmarks
