// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Scraping at scale: 50 targets of about 2,000 series each (vLLM-like expositions served by
// a child process over loopback, their counters moving on every scrape), each scraped every
// 15 s for an hour of simulated time: 240 rounds run back to back, each scrape read over
// HTTP, parsed and stored as the console does. Reports the CPU the scraping process spent
// per second of simulated time (the share of one core the console would need), and its
// resident memory every five simulated minutes.
//
//   bench_scrape [--targets 50] [--minutes 60] [--interval 15]
//
// Not a Google Benchmark: the figures are CPU seconds over simulated seconds and memory over
// time, from one long run.
#include "httpclient.h"
#include "metricscraper.h"
#include "store.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTemporaryDir>

#include <httplib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

using namespace llmops;

namespace {

constexpr int kModels = 9;

/// A vLLM-like exposition of 2,061 series (9 models), its counters and buckets grown by
/// `round`, so that every scrape stores new values.
std::string vllmExposition(int target, long round)
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
        for (int model = 0; model < kModels; ++model)
            text += std::string(gauge) + labels(model) + " " + std::to_string((round + model) % 7) + "\n";
    }
    for (const char *counter :
         {"vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:num_preemptions_total"}) {
        family(counter, "counter");
        for (int model = 0; model < kModels; ++model)
            text += std::string(counter) + labels(model) + " " + std::to_string(round * 1117 + model) + "\n";
    }
    family("vllm:request_success_total", "counter");
    for (int model = 0; model < kModels; ++model) {
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
        for (int model = 0; model < kModels; ++model) {
            text += std::string(histogram) + "_sum" + labels(model) + " " + std::to_string(round * 3.25) + "\n";
            long cumulative = 0;
            for (const char *bound : bounds) {
                cumulative += round * 2 + 1;
                text += std::string(histogram) + "_bucket" + labels(model, std::string(",le=\"") + bound + "\"") + " "
                    + std::to_string(cumulative) + "\n";
            }
            text += std::string(histogram) + "_count" + labels(model) + " " + std::to_string(cumulative) + "\n";
        }
    }
    return text;
}

/// Serves /metrics/N for every target from a child process, so that the server's work is
/// not counted as the scraper's. Returns the child's pid; the port comes back through a pipe.
pid_t startExporters(int *port)
{
    int channel[2];
    if (pipe(channel) != 0)
        std::exit(1);
    const pid_t child = fork();
    if (child == 0) {
        close(channel[0]);
        httplib::Server server;
        std::vector<long> rounds(1000, 0);
        std::mutex mutex;
        server.Get(R"(/metrics/(\d+))", [&](const httplib::Request &request, httplib::Response &response) {
            const int target = std::stoi(request.matches[1]);
            long round = 0;
            {
                std::lock_guard lock(mutex);
                round = ++rounds[size_t(target) % rounds.size()];
            }
            response.set_content(vllmExposition(target, round), "text/plain; version=0.0.4");
        });
        const int bound = server.bind_to_any_port("127.0.0.1");
        if (write(channel[1], &bound, sizeof bound) != sizeof bound)
            _exit(1);
        close(channel[1]);
        server.listen_after_bind();
        _exit(0);
    }
    close(channel[1]);
    if (read(channel[0], port, sizeof *port) != sizeof *port)
        std::exit(1);
    close(channel[0]);
    return child;
}

double cpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double residentMegabytes()
{
    long pages = 0;
    long resident = 0;
    if (FILE *statm = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        std::fclose(statm);
    }
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

int argumentOr(const QStringList &arguments, const QString &name, int fallback)
{
    const qsizetype at = arguments.indexOf(name);
    return at >= 0 && at + 1 < arguments.size() ? arguments[at + 1].toInt() : fallback;
}

} // namespace

int main(int argc, char *argv[])
{
    // The child is forked before Qt starts threads of its own.
    int port = 0;
    const pid_t exporters = startExporters(&port);

    QCoreApplication application(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const int targets = argumentOr(arguments, QStringLiteral("--targets"), 50);
    const int minutes = argumentOr(arguments, QStringLiteral("--minutes"), 60);
    const int intervalS = argumentOr(arguments, QStringLiteral("--interval"), 15);

    QTemporaryDir directory;
    const QString storePath = directory.filePath(QStringLiteral("scrape.sqlite"));
    auto store = Store::open(storePath);
    std::vector<Endpoint> endpoints;
    for (int target = 0; target < targets; ++target) {
        Endpoint endpoint;
        endpoint.name = QStringLiteral("server-%1").arg(target);
        endpoint.baseUrl = QStringLiteral("http://127.0.0.1:%1/v1").arg(port);
        endpoint.model = QStringLiteral("acme/model");
        endpoint.metricsUrl = QStringLiteral("http://127.0.0.1:%1/metrics/%2").arg(port).arg(target);
        endpoint.metricsIntervalS = intervalS;
        endpoint.id = store->addEndpoint(endpoint);
        endpoints.push_back(endpoint);
    }

    HttpClient http;
    const qint64 startMs = 1750000000000 - 1750000000000 % kMetricRollupMs;
    const int rounds = minutes * 60 / intervalS;
    qint64 samples = 0;
    qint64 failed = 0;
    const double cpuBefore = cpuSeconds();
    const auto wallBefore = std::chrono::steady_clock::now();
    std::printf("simulated minute, resident MB, CPU s so far\n");
    for (int round = 0; round < rounds; ++round) {
        const qint64 atMs = startMs + qint64(round) * intervalS * 1000;
        for (const Endpoint &endpoint : endpoints) {
            const ScrapeOutcome outcome = scrapeMetrics(http, endpoint, atMs);
            store->addScrape(outcome.record, outcome.samples);
            samples += outcome.record.samples;
            failed += outcome.record.up ? 0 : 1;
        }
        if ((round + 1) % (300 / intervalS) == 0) {
            std::printf("%d, %.1f, %.1f\n", (round + 1) * intervalS / 60, residentMegabytes(),
                        cpuSeconds() - cpuBefore);
            std::fflush(stdout);
        }
    }
    const double cpu = cpuSeconds() - cpuBefore;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallBefore).count();
    const double simulated = double(rounds) * intervalS;
    store.reset();

    kill(exporters, SIGTERM);
    waitpid(exporters, nullptr, 0);
    std::printf("%d targets, %lld samples a scrape on average, %d rounds every %d s (%d simulated minutes), "
                "%lld failed scrapes\n",
                targets, qlonglong(samples / std::max<qint64>(1, qint64(rounds) * targets)), rounds, intervalS, minutes,
                qlonglong(failed));
    std::printf("CPU of the scraping process: %.1f s for %.0f simulated s: %.2f%% of one core (%.1f s wall)\n", cpu,
                simulated, 100.0 * cpu / simulated, wall);
    std::printf("store at the end: %.0f MB\n", double(QFileInfo(storePath).size()) / (1024.0 * 1024.0));
    return failed == 0 ? 0 : 1;
}
