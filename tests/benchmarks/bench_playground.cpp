// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The playground's event loop while four columns stream long answers at once: a child
// process serves OpenAI-style streams of N tokens each (one chunk per token, at a given
// pace, with a usage chunk at the end), and the playground page, shown and painting,
// streams four of them into its columns. A precise timer ticking every 2 ms measures how
// late each tick comes: the event loop's delay, which is what a user feels as stutter.
//
//   bench_playground [--tokens 2000] [--pace-us 500] [--rounds 3] [--update-ms 33]
//
// --update-ms sets how often the columns take what arrived (33 is the console's own;
// 0 hands over every network read at once, for comparison).
//
// Not a Google Benchmark: the figure is a distribution of delays over whole runs.
#include "endpointstatusmodel.h"
#include "playgroundcolumn.h"
#include "playgroundpage.h"
#include "playgroundsession.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

using namespace llmops;
using namespace Qt::StringLiterals;

namespace {

constexpr int kColumns = 4;
constexpr int kTickMs = 2;

struct Options {
    int tokens = 2000;
    int paceUs = 500;
    int rounds = 3;
    int updateMs = PlaygroundSession::kUpdateIntervalMs;
};

std::string chunk(const std::string &delta)
{
    return "data: {\"id\":\"bench\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\",\"choices\":[{\"index\":0,"
           "\"delta\":{\"content\":\""
        + delta + "\"},\"finish_reason\":null}]}\n\n";
}

/// Serves POST /v1/chat/completions from a child process (so the server's work is not the
/// console's), streaming `tokens` words at `paceUs` apart. Returns the child's pid.
pid_t startServer(const Options &options, int *port)
{
    int pipeFds[2];
    if (pipe(pipeFds) != 0)
        return -1;
    const pid_t child = fork();
    if (child != 0) {
        close(pipeFds[1]);
        if (read(pipeFds[0], port, sizeof(*port)) != sizeof(*port))
            *port = 0;
        close(pipeFds[0]);
        return child;
    }

    close(pipeFds[0]);
    httplib::Server server;
    server.Post("/v1/chat/completions", [options](const httplib::Request &, httplib::Response &response) {
        response.set_chunked_content_provider("text/event-stream", [options](size_t, httplib::DataSink &sink) {
            for (int token = 0; token < options.tokens; ++token) {
                const std::string word = token % 12 == 11 ? std::string(". ") : " word" + std::to_string(token % 97);
                const std::string event = chunk(word);
                if (!sink.write(event.data(), event.size()))
                    return false;
                std::this_thread::sleep_for(std::chrono::microseconds(options.paceUs));
            }
            const std::string tail = "data: {\"id\":\"bench\",\"object\":\"chat.completion.chunk\",\"model\":\"bench\","
                                     "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}],"
                                     "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":"
                + std::to_string(options.tokens) + ",\"total_tokens\":" + std::to_string(options.tokens + 5)
                + "}}\n\ndata: [DONE]\n\n";
            sink.write(tail.data(), tail.size());
            sink.done();
            return true;
        });
    });
    server.new_task_queue = [] { return new httplib::ThreadPool(kColumns + 2); };
    const int bound = server.bind_to_any_port("127.0.0.1");
    if (write(pipeFds[1], &bound, sizeof(bound)) != sizeof(bound))
        _exit(1);
    close(pipeFds[1]);
    server.listen_after_bind();
    _exit(0);
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto rank = size_t(std::clamp(p * double(values.size() - 1) + 0.5, 0.0, double(values.size() - 1)));
    return values[rank];
}

Options parseOptions(const QStringList &arguments)
{
    Options options;
    for (qsizetype i = 1; i + 1 < arguments.size(); i += 2) {
        const int value = arguments[i + 1].toInt();
        if (arguments[i] == u"--tokens")
            options.tokens = value;
        else if (arguments[i] == u"--pace-us")
            options.paceUs = value;
        else if (arguments[i] == u"--rounds")
            options.rounds = value;
        else if (arguments[i] == u"--update-ms")
            options.updateMs = value;
    }
    return options;
}

} // namespace

int main(int argc, char **argv)
{
    // The offscreen platform still lays out and paints every widget into its backing store.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") && qEnvironmentVariableIsEmpty("DISPLAY"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const Options options = parseOptions(app.arguments());

    int port = 0;
    const pid_t server = startServer(options, &port);
    if (server <= 0 || port <= 0) {
        std::fprintf(stderr, "the stream server did not start\n");
        return 1;
    }

    EndpointStatusModel endpoints;
    std::vector<EndpointStatus> statuses;
    for (int i = 0; i < kColumns; ++i) {
        EndpointStatus status;
        status.endpoint.id = i + 1;
        status.endpoint.name = u"stream-%1"_s.arg(i + 1);
        status.endpoint.baseUrl = u"http://127.0.0.1:%1/v1"_s.arg(port);
        status.endpoint.model = u"bench"_s;
        status.endpoint.timeoutS = 600;
        statuses.push_back(status);
    }
    endpoints.setStatuses(statuses);

    PlaygroundPage page(&endpoints);
    page.resize(1600, 1000);
    page.show();
    page.setColumnCount(kColumns);
    page.session()->setUpdateIntervalMs(options.updateMs);
    ChatParameters parameters;
    parameters.maxTokens = options.tokens;
    page.openSeed({{{u"user"_s, u"Write a long story."_s}}, parameters, u"bench"_s, {}});
    for (int i = 0; i < kColumns; ++i)
        page.column(i)->selectEndpoint(u"stream-%1"_s.arg(i + 1));

    std::printf("4 columns x %d tokens, %d us apart, column updates every %d ms, %d rounds\n", options.tokens,
                options.paceUs, options.updateMs, options.rounds);
    std::vector<double> allDelays;
    for (int round = 0; round < options.rounds; ++round) {
        int updates = 0;
        const auto counting = QObject::connect(page.session(), &PlaygroundSession::columnUpdated, &page,
                                               [&updates] { ++updates; });

        // The ticker measures how late each 2 ms tick comes.
        std::vector<double> delays;
        QElapsedTimer clock;
        QTimer ticker;
        ticker.setTimerType(Qt::PreciseTimer);
        ticker.setInterval(kTickMs);
        qint64 lastNs = 0;
        QObject::connect(&ticker, &QTimer::timeout, &page, [&] {
            const qint64 now = clock.nsecsElapsed();
            if (lastNs > 0)
                delays.push_back(std::max(0.0, double(now - lastNs) / 1e6 - kTickMs));
            lastNs = now;
        });

        QEventLoop loop;
        QObject::connect(page.session(), &PlaygroundSession::runFinished, &loop, &QEventLoop::quit);
        clock.start();
        ticker.start();
        page.run();
        loop.exec();
        ticker.stop();
        QObject::disconnect(counting);
        const double wallS = double(clock.nsecsElapsed()) / 1e9;

        qint64 shownTokens = 0;
        for (int i = 0; i < kColumns; ++i)
            shownTokens += page.column(i)->shownOutputTokens();
        std::printf("round %d: %.2f s, %lld tokens shown, %d column updates, %zu ticks: delay p50 %.2f ms, "
                    "p99 %.2f ms, max %.2f ms\n",
                    round + 1, wallS, static_cast<long long>(shownTokens), updates, delays.size(),
                    percentile(delays, 0.5), percentile(delays, 0.99),
                    delays.empty() ? 0.0 : *std::max_element(delays.begin(), delays.end()));
        allDelays.insert(allDelays.end(), delays.begin(), delays.end());
    }
    std::printf("all rounds: %zu ticks: delay p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms\n", allDelays.size(),
                percentile(allDelays, 0.5), percentile(allDelays, 0.99), percentile(allDelays, 0.999),
                allDelays.empty() ? 0.0 : *std::max_element(allDelays.begin(), allDelays.end()));

    kill(server, SIGTERM);
    waitpid(server, nullptr, 0);
    return 0;
}
