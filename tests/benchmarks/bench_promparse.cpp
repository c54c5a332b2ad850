// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
// Throughput of reading a /metrics exposition shaped like a vLLM server's: 2,000 series of
// gauges, counters and histograms with HELP and TYPE lines and the `_created` families
// prometheus_client writes. Run in a Release build.
#include "promexposition.h"
#include "vllmexposition.h"

#include <benchmark/benchmark.h>

#include <string>

using namespace llmops;

namespace {

void parseVllmExposition(benchmark::State &state)
{
    const std::string text = benchmarks::vllmExposition(8, 0, 1, true);
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
