// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The synthetic vLLM exposition the metrics benchmarks read.
#pragma once

#include <string>

namespace llmops::benchmarks {

/// A /metrics exposition shaped like a vLLM server's serving `models` models (229 series a
/// model: gauges, counters, ten histograms of 20 buckets), HELP and TYPE lines, and with
/// `createdGauges` the `_created` gauges prometheus_client writes. Counters and buckets grow
/// with `round`, so that each scrape of a target brings new values.
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
    for (const char *gauge : {"vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc"}) {
        family(gauge, "gauge");
        for (int model = 0; model < models; ++model)
            text += std::string(gauge) + labels(model) + " " + std::to_string((round + model) % 7) + "\n";
    }
    for (const char *counter :
         {"vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:num_preemptions_total"}) {
        family(counter, "counter");
        for (int model = 0; model < models; ++model)
            text += std::string(counter) + labels(model) + " " + std::to_string(round * 1117 + model) + "\n";
    }
    family("vllm:request_success_total", "counter");
    for (int model = 0; model < models; ++model) {
        for (const char *reason : {"stop", "length", "abort"})
            text += "vllm:request_success_total" + labels(model, std::string(",finished_reason=\"") + reason + "\"")
                + " " + std::to_string(round * 13) + "\n";
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
            text += std::string(histogram) + "_sum" + labels(model) + " " + std::to_string(round * 3.25) + "\n";
            long cumulative = 0;
            for (const char *bound : bounds) {
                cumulative += round * 2 + 1;
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
