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
//   bench_scrape [--targets 50] [--minutes 60] [--interval 15] [--store-only]
//
// With --store-only the samples are made in the process (a parsed exposition whose counters
// and buckets move every round) and only stored, which makes a simulated week of a dozen
// servers a matter of minutes; the run ends by charting every server panel of one server
// over each dashboard range, as its dashboard would.
//
// Not a Google Benchmark: the figures are CPU seconds over simulated seconds and memory over
// time, from one long run.
#include "dashboardrange.h"
#include "httpclient.h"
#include "metricscraper.h"
#include "serverdashboard.h"
#include "store.h"
#include "vllmexposition.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTemporaryDir>

#include <httplib.h>
#include <sqlite3.h>
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
            response.set_content(benchmarks::vllmExposition(kModels, target, round), "text/plain; version=0.0.4");
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

/// The samples of one target's exposition, parsed once; each round moves them on.
std::vector<ScrapedSample> samplesOfTarget(int target)
{
    const std::string text = benchmarks::vllmExposition(kModels, target, 1);
    return scrapedSamplesOf(parseExposition(text));
}

/// One round later: counters and buckets grow by a varying amount, sums by an arbitrary
/// one, gauges take arbitrary values, as a real server's would between scrapes.
void advance(std::vector<ScrapedSample> &samples, int target, int round)
{
    std::uint64_t series = 0;
    for (ScrapedSample &sample : samples) {
        const double random = benchmarks::noise(std::uint64_t(target), ++series, std::uint64_t(round));
        if (sample.name.ends_with("_sum"))
            sample.value += 3.25 * random;
        else if (isCumulativeSeries(sample.type, sample.family, sample.name))
            sample.value += std::floor(40.0 * random);
        else
            sample.value = sample.family == "vllm:kv_cache_usage_perc" ? random : std::floor(16.0 * random);
    }
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

    const bool storeOnly = arguments.contains(QStringLiteral("--store-only"));
    std::vector<std::vector<ScrapedSample>> made;
    if (storeOnly) {
        for (int target = 0; target < targets; ++target)
            made.push_back(samplesOfTarget(target));
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
            if (storeOnly) {
                std::vector<ScrapedSample> &own = made[size_t(endpoint.id - endpoints.front().id)];
                advance(own, int(endpoint.id - endpoints.front().id), round);
                ScrapeRecord record;
                record.endpointId = endpoint.id;
                record.atMs = atMs;
                record.up = true;
                record.samples = qint64(own.size());
                record.serverKind = "vllm";
                store->addScrape(record, own);
                samples += record.samples;
                continue;
            }
            const ScrapeOutcome outcome = scrapeMetrics(http, endpoint, atMs);
            store->addScrape(outcome.record, outcome.samples);
            samples += outcome.record.samples;
            failed += outcome.record.up ? 0 : 1;
        }
        // Every five simulated minutes, and every simulated hour on long runs.
        const int reportEvery = rounds > 2000 ? 3600 / intervalS : 300 / intervalS;
        if ((round + 1) % reportEvery == 0) {
            std::printf("%d, %.1f, %.1f\n", (round + 1) * intervalS / 60, residentMegabytes(),
                        cpuSeconds() - cpuBefore);
            std::fflush(stdout);
        }
    }
    const double cpu = cpuSeconds() - cpuBefore;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallBefore).count();
    const double simulated = double(rounds) * intervalS;

    // The first server's dashboard over each range, ending with the last scrape.
    const qint64 endMs = startMs + qint64(rounds - 1) * intervalS * 1000 + 1;
    for (const DashboardRange range : kDashboardRanges) {
        const qint64 bucketMs = rangeBucketMs(range);
        const qint64 fromMs = floorToStep(endMs - rangeLengthMs(range), bucketMs);
        const auto charting = std::chrono::steady_clock::now();
        const auto panels = serverPanels(*store, endpoints.front().id, "vllm", fromMs, endMs, bucketMs);
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - charting).count();
        std::printf("server panels over %s: %zu panels in %.1f ms\n", qPrintable(rangeKey(range)), panels.size(), ms);
    }
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
    // How much of the file holds rows, and how much is pages the retention freed for reuse.
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(storePath.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        for (const char *table : {"metric_values", "metric_rollup_values", "metric_layouts", "metric_series"}) {
            const std::string sql = std::string("SELECT sum(pgsize) FROM dbstat WHERE name = '") + table + "'";
            sqlite3_stmt *size = nullptr;
            if (sqlite3_prepare_v2(db, sql.c_str(), -1, &size, nullptr) == SQLITE_OK
                && sqlite3_step(size) == SQLITE_ROW)
                std::printf("  %s: %.0f MB\n", table, double(sqlite3_column_int64(size, 0)) / (1024.0 * 1024.0));
            sqlite3_finalize(size);
        }
        sqlite3_stmt *freelist = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT freelist_count * page_size FROM pragma_freelist_count, pragma_page_size", -1,
                               &freelist, nullptr)
                == SQLITE_OK
            && sqlite3_step(freelist) == SQLITE_ROW)
            std::printf("  free pages: %.0f MB\n", double(sqlite3_column_int64(freelist, 0)) / (1024.0 * 1024.0));
        sqlite3_finalize(freelist);
        sqlite3_close(db);
    }
    return failed == 0 ? 0 : 1;
}
