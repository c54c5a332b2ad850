// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// What an evaluation run costs on top of the endpoint: a child process serves OpenAI-style
// streamed answers after a fixed think time, and the same number of chat calls is made
// twice at the same concurrency: by bare threads that only send and measure (the
// endpoint's own time, as seen from here), and by the run engine, which also renders each
// item, keeps to its limits, scores every answer with three scorers and stores answers,
// scores and request rows. The overhead is the second wall time over the first.
//
//   bench_evalrun [--items 10000] [--concurrency 32] [--server-ms 20] [--rounds 3]
//
// Not a Google Benchmark: the figure is the wall time of whole runs.
#include "chatcall.h"
#include "evalrunner.h"
#include "httpclient.h"
#include "store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>
#include <vector>

using namespace llmops;
using namespace Qt::StringLiterals;

namespace {

struct Options {
    int items = 10000;
    int concurrency = 32;
    int serverMs = 20;
    int rounds = 3;
};

Options readOptions(const QStringList &arguments)
{
    Options options;
    for (qsizetype index = 1; index + 1 < arguments.size(); index += 2) {
        const QString &name = arguments[index];
        const int value = arguments[index + 1].toInt();
        if (name == u"--items")
            options.items = value;
        else if (name == u"--concurrency")
            options.concurrency = value;
        else if (name == u"--server-ms")
            options.serverMs = value;
        else if (name == u"--rounds")
            options.rounds = value;
    }
    return options;
}

/// The answer of every request: "Paris is the capital." in two content events and usage.
std::string streamedAnswer()
{
    const auto chunk = [](const nlohmann::json &delta, const nlohmann::json &finish) -> std::string {
        const nlohmann::json event = {{"id", "chatcmpl-bench"},
                                      {"object", "chat.completion.chunk"},
                                      {"model", "bench-model"},
                                      {"choices", {{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}}}};
        return "data: " + event.dump() + "\n\n";
    };
    const nlohmann::json usage = {{"id", "chatcmpl-bench"},
                                  {"object", "chat.completion.chunk"},
                                  {"model", "bench-model"},
                                  {"choices", nlohmann::json::array()},
                                  {"usage", {{"prompt_tokens", 12}, {"completion_tokens", 6}, {"total_tokens", 18}}}};
    return chunk({{"role", "assistant"}, {"content", "Paris is "}}, nullptr)
        + chunk({{"content", "the capital."}}, nullptr) + chunk(nlohmann::json::object(), "stop") + "data: "
        + usage.dump() + "\n\ndata: [DONE]\n\n";
}

/// Serves in a child process, so that its work is not counted as the client's; returns
/// the child's pid and the port it listens on.
std::pair<pid_t, int> startServer(int serverMs, int threads)
{
    int pipeEnds[2];
    if (pipe(pipeEnds) != 0)
        return {-1, 0};
    const pid_t child = fork();
    if (child == 0) {
        close(pipeEnds[0]);
        httplib::Server server;
        server.new_task_queue = [threads] { return new httplib::ThreadPool(std::size_t(threads)); };
        const std::string body = streamedAnswer();
        server.Post("/v1/chat/completions", [&](const httplib::Request &, httplib::Response &response) {
            std::this_thread::sleep_for(std::chrono::milliseconds(serverMs));
            response.set_content(body, "text/event-stream");
        });
        const int port = server.bind_to_any_port("127.0.0.1");
        if (write(pipeEnds[1], &port, sizeof port) != sizeof port)
            _exit(1);
        server.listen_after_bind();
        _exit(0);
    }
    close(pipeEnds[1]);
    int port = 0;
    if (read(pipeEnds[0], &port, sizeof port) != sizeof port)
        port = 0;
    close(pipeEnds[0]);
    return {child, port};
}

/// The same calls without the engine: threads that take the next number and call.
double bareCallsSeconds(const Endpoint &endpoint, const Options &options)
{
    std::atomic<int> next = 0;
    std::atomic<int> failures = 0;
    QElapsedTimer timer;
    timer.start();
    std::vector<std::thread> threads;
    for (int thread = 0; thread < options.concurrency; ++thread) {
        threads.emplace_back([&] {
            HttpClient client;
            while (next.fetch_add(1) < options.items) {
                QString problem;
                const auto request = buildChatRequest(
                    endpoint, {{u"user"_s, u"What is the capital of country %1?"_s.arg(next.load())}}, {}, &problem);
                const ChatCallOutcome outcome = runChatCall(endpoint, *request, client, RequestSource::Eval);
                if (outcome.record.status != RequestStatus::Ok)
                    ++failures;
            }
        });
    }
    for (std::thread &thread : threads)
        thread.join();
    if (failures > 0)
        std::fprintf(stderr, "bare calls: %d failed\n", failures.load());
    return double(timer.nsecsElapsed()) / 1e9;
}

struct EngineRound {
    double createSeconds = 0;
    double executeSeconds = 0;
    qint64 failed = 0;
};

EngineRound engineRunSeconds(Store &store, const Endpoint &endpoint, const Options &options)
{
    EngineRound round;
    QElapsedTimer timer;
    timer.start();
    EvalRunLimits limits;
    limits.concurrency = options.concurrency;
    EvalRunner runner(store);
    const EvalRunRecord run = runner.createRun(u"capitals"_s, endpoint, 1, limits, EvalRunSource::Cli);
    round.createSeconds = double(timer.nsecsElapsed()) / 1e9;

    timer.restart();
    EvalProgress last;
    runner.execute(run.id, nullptr, [&](const EvalProgress &progress) { last = progress; });
    round.executeSeconds = double(timer.nsecsElapsed()) / 1e9;
    round.failed = last.failedRequests;
    return round;
}

/// CPU seconds this process (not the server's) has used so far, every thread counted.
double processCpuSeconds()
{
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication application(argc, argv);
    const Options options = readOptions(application.arguments());
    const auto [server, port] = startServer(options.serverMs, options.concurrency + 8);
    if (server <= 0 || port <= 0) {
        std::fprintf(stderr, "the server did not start\n");
        return 1;
    }

    QTemporaryDir directory;
    auto store = Store::open(directory.filePath(u"bench.db"_s));
    Endpoint endpoint;
    endpoint.name = u"bench"_s;
    endpoint.baseUrl = u"http://127.0.0.1:%1/v1"_s.arg(port);
    endpoint.model = u"bench-model"_s;
    endpoint.id = store->addEndpoint(endpoint);

    std::vector<DatasetItem> items;
    for (int index = 0; index < options.items; ++index) {
        DatasetItem item;
        item.key = u"c%1"_s.arg(index);
        item.inputs = {{u"country"_s, u"country %1"_s.arg(index)}};
        item.expected = u"Paris is the capital."_s;
        items.push_back(item);
    }
    store->saveDatasetVersion(u"capitals"_s, items, {});
    store->saveEvalSuite(u"capitals"_s,
                         u"{\"dataset\": \"capitals\", \"messages\": [{\"role\": \"user\", \"content\": \"What is the "
                         "capital of {{country}}?\"}], \"scorers\": [{\"type\": \"exact\"}, {\"type\": "
                         "\"contains_any\", \"values\": [\"Paris\"]}, {\"type\": \"rouge_l\"}]}"_s);

    std::printf("%d items at concurrency %d, server think time %d ms, %d rounds\n", options.items,
                options.concurrency, options.serverMs, options.rounds);
    std::vector<double> bare;
    std::vector<double> engine;
    std::vector<double> create;
    std::vector<double> bareCpu;
    std::vector<double> engineCpu;
    for (int round = 0; round < options.rounds; ++round) {
        double cpuBefore = processCpuSeconds();
        bare.push_back(bareCallsSeconds(endpoint, options));
        bareCpu.push_back(processCpuSeconds() - cpuBefore);
        cpuBefore = processCpuSeconds();
        const EngineRound measured = engineRunSeconds(*store, endpoint, options);
        engineCpu.push_back(processCpuSeconds() - cpuBefore);
        engine.push_back(measured.executeSeconds);
        create.push_back(measured.createSeconds);
        std::printf("round %d: bare calls %.2f s (%.2f s CPU), run engine %.2f s (%.2f s CPU; %+.1f%% wall), "
                    "creating the run %.3f s, %lld failed\n",
                    round + 1, bare.back(), bareCpu.back(), engine.back(), engineCpu.back(),
                    (engine.back() / bare.back() - 1) * 100, measured.createSeconds,
                    static_cast<long long>(measured.failed));
    }
    const double bareMedian = median(bare);
    const double engineMedian = median(engine);
    std::printf("median: bare calls %.2f s (%.0f answers/s), run engine %.2f s (%.0f answers/s): the engine adds "
                "%.1f%%; creating a run %.3f s\n",
                bareMedian, options.items / bareMedian, engineMedian, options.items / engineMedian,
                (engineMedian / bareMedian - 1) * 100, median(create));
    std::printf("median client CPU: bare calls %.2f s, run engine %.2f s (%+.1f%%)\n", median(bareCpu),
                median(engineCpu), (median(engineCpu) / median(bareCpu) - 1) * 100);

    kill(server, SIGTERM);
    waitpid(server, nullptr, 0);
    return 0;
}
