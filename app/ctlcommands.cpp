// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ctlcommands.h"

#include "ctldatasetcommands.h"
#include "ctlevalcommands.h"
#include "ctlmetricscommands.h"
#include "ctloutput.h"
#include "ctlpromptcommands.h"
#include "ctlruncommand.h"
#include "ctlsupport.h"
#include "ctltracecommands.h"
#include "prober.h"
#include "probescheduler.h"
#include "replay.h"
#include "store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QRegularExpression>
#include <QTimer>
#include <QtConcurrent>

#include <limits>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

const char *const kUsage = R"(Usage: llmopsctl [--db PATH] COMMAND [OPTIONS]

Commands:
  endpoint add NAME --url URL --model MODEL [--kind openai|ollama] [--api-key-env VAR]
               [--header "Name: value"]... [--env TAG] [--interval SECONDS] [--prompt TEXT]
               [--max-tokens N] [--timeout SECONDS] [--metrics-url URL]
               [--metrics-interval SECONDS] [--metrics-token-env VAR]
  endpoint set NAME [the options of add]     add, or change only the options given
  endpoint list [--json]
  endpoint remove NAME
  probe --once [--endpoint NAME] [--json]     probe now; exit 1 when a probe failed
  watch [--endpoint NAME]                     probe on schedule until interrupted
  stats [--endpoint NAME] [--since 1h] [--json]
                                              latency, TTFT, tokens/s and errors (all endpoints
                                              without --endpoint)
  replay FILE [--format sse|ndjson|http|json] [--chunks FILE] [--json]
                                              decode a captured response as the console would
  serve [--otlp-http HOST:PORT] [--token-env VAR]
                                              receive OTLP traces (default 127.0.0.1:4318)
                                              until interrupted
  traces list [--since 24h] [--service NAME] [--model MODEL] [--status ok|error]
              [--min-duration 500ms] [--min-cost USD] [--search TEXT] [--session ID]
              [--order newest|oldest|longest|costliest|tokens] [--limit N] [--json]
  traces show TRACE_ID [--json]               the spans of one trace, as a tree
  prices list [--json] | prices export | prices import FILE
                                              the price table spans are costed with
  scrape [--once] [--endpoint NAME] [--json]  scrape the endpoints' Prometheus metrics and
                                              store them: once (exit 1 when a scrape
                                              failed), or on schedule until interrupted
  metrics list --endpoint NAME [--json]       the metric families an endpoint's scrapes showed
  metrics retention [--raw 6h] [--rollups 30d] [--json]
                                              how long samples are kept (shows it; sets it)
  metrics query --endpoint NAME --metric FAMILY [--quantile Q | --rate] [--since 1h]
                [--step 1m] [--json]          a family's values, rates or quantiles over time
  check metrics [FILE|-] [--json] [--strict]  read a Prometheus or OpenMetrics exposition:
                                              its families, and each problem with its line;
                                              exit 1 on errors (with --strict, warnings too)
  prompt list [--search TEXT] [--json]        the prompt library: versions and labels
  prompt show NAME[@VERSION|@LABEL] [--json]  one version (the latest without @)
  prompt save NAME --file FILE|- [--message TEXT] [--author NAME]
                                              save content JSON (messages, variables,
                                              parameters) as the prompt's next version
  prompt label NAME@VERSION LABEL             point a label such as production at a version
  prompt diff NAME@A NAME@B | NAME@A B        the line diff of two versions
  prompt export [NAME...] [--output FILE]     the prompts as llmops-prompts/v1 JSON
  prompt import FILE|-                        add the new prompts and versions of an export;
                                              exit 1 when a prompt was left out
  dataset import NAME FILE|- [--format jsonl|csv] [--message TEXT]
                                              save a file's items as the dataset's next
                                              version; exit 1 when a line was left out
  dataset export NAME[@VERSION] [--format jsonl|csv] [--output FILE]
  dataset list [--json]                       every dataset version with its item count
  dataset add-traces NAME [--service S] [--model M] [--since 1h] [--search TEXT] [--limit 100]
                      [--replace] [--message TEXT]
                                              add the traced model calls as items (their
                                              answers as expected outputs to review)
  dataset add-playground NAME [--limit 20] [--replace] [--message TEXT]
                                              add the newest playground runs' answers as items
  eval suite save NAME FILE|-                 save a suite: dataset, prompt or messages,
                                              parameters and scorers (JSON; see README)
  eval suite list | show NAME | remove NAME
  eval run SUITE --endpoint NAME [--repeats N] [--concurrency N] [--requests-per-second R]
           [--tokens-per-minute T] [--max-attempts N] [--fail-under SCORER=THRESHOLD]...
           [--junit FILE] [--json]            answer and score every item; exit 1 when a
                                              scorer's mean is under its threshold, 2 when
                                              the run could not finish
  eval resume RUN [--concurrency N] [--requests-per-second R] [--tokens-per-minute T]
              [--max-attempts N] [--fail-under ...] [--junit FILE] [--json]
                                              carry on a stopped run, skipping what is done
                                              (with new limits when given)
  eval show RUN [--fail-under ...] [--junit FILE] [--json]
                                              a stored run's figures with 95% intervals
  eval runs [--suite NAME] [--json]           the runs, newest first
  eval import FILE|- [--format promptfoo|lm-eval] [--fail-under ...] [--junit FILE] [--json]
                                              store promptfoo output or lm-evaluation-harness
                                              results as a run of their own
  run --prompt NAME[@VERSION|@LABEL] | --message TEXT [--var NAME=VALUE]... [--endpoint NAME]
      [--max-tokens N] [--temperature T] [--seed N] [--json]
                                              send a prompt, stream the answer, store the run
                                              as the playground does; exit 1 when it failed

--db PATH selects the store (default: the user's application data folder). Its folder
must exist; the file is created when it does not.
)";

std::optional<int> readIntOption(const QCommandLineParser &parser, const QString &name, int *target)
{
    if (!parser.isSet(name))
        return std::nullopt;
    bool ok = false;
    const int value = parser.value(name).toInt(&ok);
    if (!ok)
        return usageError(u"--%1 needs a whole number, not \"%2\"."_s.arg(name, parser.value(name)));
    *target = value;
    return std::nullopt;
}

/// Copies the options given on the command line into `endpoint`; a usage error's exit code
/// when one cannot be read.
std::optional<int> applyEndpointOptions(const QCommandLineParser &parser, Endpoint &endpoint)
{
    const auto assignText = [&parser](const QString &option, QString &target) {
        if (parser.isSet(option))
            target = parser.value(option);
    };
    assignText(u"url"_s, endpoint.baseUrl);
    assignText(u"model"_s, endpoint.model);
    assignText(u"api-key-env"_s, endpoint.apiKeyEnv);
    assignText(u"env"_s, endpoint.environment);
    assignText(u"prompt"_s, endpoint.probePrompt);
    assignText(u"metrics-url"_s, endpoint.metricsUrl);
    assignText(u"metrics-token-env"_s, endpoint.metricsTokenEnv);

    if (parser.isSet(u"kind"_s)) {
        const auto kind = endpointKindFromKey(parser.value(u"kind"_s));
        if (!kind)
            return usageError(u"--kind must be openai or ollama."_s);
        endpoint.kind = *kind;
    }

    // The headers given replace the stored ones, so `set` can also change or drop one.
    if (parser.isSet(u"header"_s)) {
        endpoint.extraHeaders.clear();
        for (const QString &header : parser.values(u"header"_s)) {
            const auto colon = header.indexOf(u':');
            if (colon <= 0)
                return usageError(u"--header needs \"Name: value\", not \"%1\"."_s.arg(header));
            endpoint.extraHeaders.append({header.left(colon), header.mid(colon + 1)});
        }
    }

    for (const auto &[option, target] :
         {std::pair{u"interval"_s, &endpoint.probeIntervalS}, std::pair{u"max-tokens"_s, &endpoint.maxTokens},
          std::pair{u"timeout"_s, &endpoint.timeoutS}, std::pair{u"metrics-interval"_s, &endpoint.metricsIntervalS}}) {
        if (auto failed = readIntOption(parser, option, target))
            return *failed;
    }
    return std::nullopt;
}

/// `endpoint add` registers a new endpoint; `endpoint set` also changes an existing one,
/// keeping whatever the options do not name.
int endpointAddOrSet(LazyStore &store, const QStringList &arguments, bool mayExist)
{
    CommandParser command({
        {u"url"_s, u"Base URL"_s, u"URL"_s},
        {u"model"_s, u"Model"_s, u"MODEL"_s},
        {u"kind"_s, u"openai or ollama"_s, u"KIND"_s},
        {u"api-key-env"_s, u"Environment variable holding the API key"_s, u"VAR"_s},
        {u"header"_s, u"Extra header"_s, u"HEADER"_s},
        {u"env"_s, u"Environment tag"_s, u"TAG"_s},
        {u"interval"_s, u"Probe interval in seconds"_s, u"SECONDS"_s},
        {u"prompt"_s, u"Probe prompt"_s, u"TEXT"_s},
        {u"max-tokens"_s, u"Max tokens per probe"_s, u"N"_s},
        {u"timeout"_s, u"Timeout in seconds"_s, u"SECONDS"_s},
        {u"metrics-url"_s, u"Prometheus metrics URL (default: the server root's /metrics)"_s, u"URL"_s},
        {u"metrics-interval"_s, u"Seconds between metrics scrapes; 0 turns scraping off"_s, u"SECONDS"_s},
        {u"metrics-token-env"_s, u"Environment variable holding a bearer token for the metrics URL"_s, u"VAR"_s},
    });
    if (auto failed = command.parse(arguments, 1))
        return *failed;
    if (command.parser.positionalArguments().size() != 1)
        return usageError(u"endpoint add and endpoint set take one NAME."_s);

    const QString name = normalizedEndpointName(command.parser.positionalArguments().constFirst());
    const std::optional<Endpoint> existing = store->endpointByName(name);
    if (existing && existing->traced)
        return usageError(
            u"%1 is measured from traces and has no settings to change; remove it to start over."_s.arg(name));
    if (existing && !mayExist)
        return usageError(u"An endpoint named %1 already exists; change it with endpoint set."_s.arg(name));

    Endpoint endpoint = existing.value_or(Endpoint{});
    endpoint.name = name;
    if (auto failed = applyEndpointOptions(command.parser, endpoint))
        return *failed;
    endpoint = normalizedEndpoint(endpoint);
    if (const QStringList problems = validateEndpoint(endpoint); !problems.isEmpty())
        return usageError(problems.join(u' '));

    if (existing) {
        store->updateEndpoint(endpoint);
        out() << "updated endpoint " << endpoint.name << Qt::endl;
    } else {
        const qint64 id = store->addEndpoint(endpoint);
        out() << "added endpoint " << endpoint.name << " (id " << id << ")" << Qt::endl;
    }
    return CtlSuccess;
}

int endpointList(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;

    const auto endpoints = store->endpoints();
    if (command.parser.isSet(u"json"_s)) {
        out() << QString::fromStdString(endpointsToJson(endpoints).dump(2)) << Qt::endl;
        return CtlSuccess;
    }
    for (const auto &endpoint : endpoints) {
        if (endpoint.traced) {
            out() << endpoint.name << '\t' << "traced" << '\t' << endpoint.model << '\t' << "measured from traces"
                  << Qt::endl;
            continue;
        }
        out() << endpoint.name << '\t' << endpointKindKey(endpoint.kind) << '\t' << endpoint.baseUrl << '\t'
              << endpoint.model << '\t' << endpoint.probeIntervalS << "s" << Qt::endl;
    }
    return CtlSuccess;
}

int endpointRemove(LazyStore &store, const QStringList &arguments)
{
    if (arguments.size() != 1)
        return usageError(u"endpoint remove takes one NAME."_s);
    const auto endpoint = store->endpointByName(normalizedEndpointName(arguments.constFirst()));
    if (!endpoint)
        return usageError(u"There is no endpoint named %1."_s.arg(arguments.constFirst()));
    store->removeEndpoint(endpoint->id);
    out() << "removed endpoint " << endpoint->name << Qt::endl;
    return CtlSuccess;
}

/// The endpoints a command applies to: the one named, or all of them.
std::optional<std::vector<Endpoint>> selectEndpoints(LazyStore &store, const QCommandLineParser &parser)
{
    if (!parser.isSet(u"endpoint"_s))
        return store->endpoints();
    const auto endpoint = store->endpointByName(normalizedEndpointName(parser.value(u"endpoint"_s)));
    if (!endpoint) {
        usageError(u"There is no endpoint named %1."_s.arg(parser.value(u"endpoint"_s)));
        return std::nullopt;
    }
    return std::vector<Endpoint>{*endpoint};
}

int probeOnce(LazyStore &store, const QStringList &arguments)
{
    CommandParser command(
        {{u"once"_s, u"Probe once"_s}, {u"endpoint"_s, u"Endpoint name"_s, u"NAME"_s}, {u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;
    if (!command.parser.isSet(u"once"_s))
        return usageError(u"probe needs --once; use watch to probe on schedule."_s);
    auto endpoints = selectEndpoints(store, command.parser);
    if (!endpoints)
        return CtlUsageError;
    if (command.parser.isSet(u"endpoint"_s) && endpoints->front().traced)
        return usageError(u"%1 is measured from traces; it cannot be probed."_s.arg(endpoints->front().name));
    std::erase_if(*endpoints, [](const Endpoint &endpoint) { return endpoint.traced; });
    if (endpoints->empty())
        return usageError(u"No endpoints are registered; add one with: endpoint add."_s);

    // Each endpoint's probe blocks on the network, so they all run at once: one hung
    // endpoint must not hold up the others for its whole timeout.
    const QList<Endpoint> targets(endpoints->begin(), endpoints->end());
    QThreadPool pool;
    pool.setMaxThreadCount(int(targets.size()));
    const QList<RequestRecord> records = QtConcurrent::blockingMapped(&pool, targets, [](const Endpoint &endpoint) {
        HttpClient client;
        return runProbe(endpoint, client).record;
    });

    bool allOk = true;
    auto json = nlohmann::json::array();
    for (qsizetype i = 0; i < records.size(); ++i) {
        RequestRecord record = records[i];
        record.id = store->addRequest(record);
        allOk = allOk && record.status == RequestStatus::Ok;
        if (command.parser.isSet(u"json"_s))
            json.push_back(requestToJson(record, targets[i].name));
        else
            out() << describeProbe(record, targets[i].name) << Qt::endl;
    }
    if (command.parser.isSet(u"json"_s))
        out() << QString::fromStdString(json.dump(2)) << Qt::endl;
    return allOk ? CtlSuccess : CtlCheckFailed;
}

int watch(const QString &storePath, LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"endpoint"_s, u"Endpoint name"_s, u"NAME"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;
    const auto endpoints = selectEndpoints(store, command.parser);
    if (!endpoints)
        return CtlUsageError;
    if (endpoints->empty())
        return usageError(u"No endpoints are registered; add one with: endpoint add."_s);

    QHash<qint64, QString> names;
    for (const auto &endpoint : *endpoints)
        names.insert(endpoint.id, endpoint.name);

    ProbeScheduler scheduler(storePath);
    QObject::connect(&scheduler, &ProbeScheduler::probeFinished, &scheduler, [&names](const RequestRecord &record) {
        if (names.contains(record.endpointId))
            out() << QDateTime::fromMSecsSinceEpoch(record.startedAtMs).toString(Qt::ISODateWithMs) << ' '
                  << describeProbe(record, names.value(record.endpointId)) << Qt::endl;
    });
    int exitCode = CtlSuccess;
    QObject::connect(&scheduler, &ProbeScheduler::schedulerFailed, &scheduler, [&exitCode](const QString &message) {
        err() << "llmopsctl: " << message << Qt::endl;
        exitCode = CtlUsageError;
        QCoreApplication::exit(CtlUsageError);
    });

    QTimer stopPoll;
    quitOnStopSignal(stopPoll);

    if (command.parser.isSet(u"endpoint"_s))
        scheduler.setEndpointFilter(endpoints->front().id);
    QTimer::singleShot(0, &scheduler, &ProbeScheduler::start);
    QCoreApplication::exec();
    scheduler.stop();
    return exitCode;
}

int stats(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"endpoint"_s, u"Endpoint name"_s, u"NAME"_s},
                           {u"since"_s, u"Time range back from now"_s, u"DURATION"_s, u"1h"_s},
                           {u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;
    const QCommandLineParser &parser = command.parser;

    const auto sinceMs = parseDurationMs(parser.value(u"since"_s));
    if (!sinceMs)
        return usageError(u"--since needs a duration such as 15m, 1h or 7d."_s);

    AggregateQuery query;
    // The range is half-open, so "now" is inside it only with one millisecond more.
    query.toMs = QDateTime::currentMSecsSinceEpoch() + 1;
    query.fromMs = query.toMs - *sinceMs;
    QString name = u"all endpoints"_s;
    if (parser.isSet(u"endpoint"_s)) {
        const auto endpoint = store->endpointByName(normalizedEndpointName(parser.value(u"endpoint"_s)));
        if (!endpoint)
            return usageError(u"There is no endpoint named %1."_s.arg(parser.value(u"endpoint"_s)));
        query.endpointId = endpoint->id;
        name = endpoint->name;
    }

    const RequestAggregate aggregate = store->aggregate(query);
    if (parser.isSet(u"json"_s))
        out() << QString::fromStdString(aggregateToJson(aggregate, query).dump(2)) << Qt::endl;
    else
        out() << describeAggregate(aggregate, name, parser.value(u"since"_s));
    return CtlSuccess;
}

int replay(const QStringList &arguments)
{
    CommandParser command({{u"format"_s, u"sse, ndjson, http or json"_s, u"FORMAT"_s},
                           {u"chunks"_s, u"Recorded reads (byte-chunks/v1 JSON)"_s, u"FILE"_s},
                           {u"json"_s, u"JSON output (the default)"_s}});
    if (auto failed = command.parse(arguments, 1))
        return *failed;
    const QCommandLineParser &parser = command.parser;
    if (parser.positionalArguments().size() != 1)
        return usageError(u"replay takes one FILE."_s);

    const QString path = parser.positionalArguments().constFirst();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return usageError(u"Cannot read %1: %2"_s.arg(path, file.errorString()));
    const QByteArray bytes = file.readAll();

    std::optional<ReplayFormat> format = parser.isSet(u"format"_s) ? replayFormatFromName(parser.value(u"format"_s))
                                                                   : guessReplayFormat(path, bytes);
    if (!format)
        return usageError(u"--format must be sse, ndjson, http or json."_s);

    std::vector<QByteArray> reads{bytes};
    if (parser.isSet(u"chunks"_s)) {
        QFile chunksFile(parser.value(u"chunks"_s));
        if (!chunksFile.open(QIODevice::ReadOnly))
            return usageError(u"Cannot read %1: %2"_s.arg(chunksFile.fileName(), chunksFile.errorString()));
        auto recorded = readRecordedChunks(chunksFile.readAll());
        if (!recorded)
            return usageError(u"%1 is not a byte-chunks/v1 file."_s.arg(chunksFile.fileName()));
        reads = std::move(*recorded);
    }

    out() << QString::fromStdString(replayReads(reads, *format).dump(2)) << Qt::endl;
    return CtlSuccess;
}

bool isStoreCommand(const QString &name)
{
    static const QStringList commands = {u"endpoint"_s, u"probe"_s,  u"watch"_s,   u"stats"_s,
                                         u"traces"_s,   u"prices"_s, u"scrape"_s,  u"metrics"_s,
                                         u"prompt"_s,   u"run"_s,    u"dataset"_s, u"eval"_s};
    return commands.contains(name);
}

int runStoreCommand(const QString &storePath, const QString &name, const QStringList &rest)
{
    // A mistyped command must not create a store on its way to failing.
    if (!isStoreCommand(name))
        return usageError(u"unknown command \"%1\"; see llmopsctl --help."_s.arg(name));
    LazyStore store(storePath);

    try {
        if (name == u"endpoint") {
            const QString action = rest.value(0);
            if (action == u"add")
                return endpointAddOrSet(store, rest.mid(1), false);
            if (action == u"set")
                return endpointAddOrSet(store, rest.mid(1), true);
            if (action == u"list")
                return endpointList(store, rest.mid(1));
            if (action == u"remove")
                return endpointRemove(store, rest.mid(1));
            return usageError(u"endpoint needs add, set, list or remove."_s);
        }
        if (name == u"probe")
            return probeOnce(store, rest);
        if (name == u"watch")
            return watch(storePath, store, rest);
        if (name == u"traces")
            return tracesCommand(store, rest);
        if (name == u"prices")
            return pricesCommand(store, rest);
        if (name == u"scrape")
            return scrapeCommand(store, rest);
        if (name == u"metrics")
            return metricsCommand(store, rest);
        if (name == u"prompt")
            return promptCommand(store, rest);
        if (name == u"run")
            return runCommand(store, rest);
        if (name == u"dataset")
            return datasetCommand(store, rest);
        if (name == u"eval")
            return evalCommand(store, rest);
        return stats(store, rest);
    } catch (const StoreError &error) {
        return usageError(error.message());
    }
}

} // namespace

std::optional<qint64> parseDurationMs(const QString &text)
{
    // The unit is required: a bare "60" could mean seconds or minutes.
    static const QRegularExpression pattern(u"^(\\d+)(ms|s|m|h|d|w)$"_s);
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;

    bool ok = false;
    const qint64 amount = match.captured(1).toLongLong(&ok);
    if (!ok || amount == 0)
        return std::nullopt;
    const QString unit = match.captured(2);
    const qint64 unitMs = unit == u"ms" ? 1
        : unit == u"m"                  ? 60'000
        : unit == u"h"                  ? 3'600'000
        : unit == u"d"                  ? 86'400'000
        : unit == u"w"                  ? 604'800'000
                                        : 1000;
    if (amount > std::numeric_limits<qint64>::max() / unitMs / 2)
        return std::nullopt;
    return amount * unitMs;
}

/// Takes --db PATH (or --db=PATH) out of the arguments, wherever it stands. Returns the
/// path, the default store's when none is given, or nothing after a usage error.
std::optional<QString> takeStorePath(QStringList &arguments)
{
    std::optional<QString> path;
    for (qsizetype i = 0; i < arguments.size();) {
        QString value;
        if (arguments[i] == u"--db") {
            if (i + 1 >= arguments.size() || arguments[i + 1].startsWith(u"--")) {
                usageError(u"--db needs a PATH."_s);
                return std::nullopt;
            }
            value = arguments.takeAt(i + 1);
            arguments.removeAt(i);
        } else if (arguments[i].startsWith(u"--db=")) {
            value = arguments.takeAt(i).mid(5);
        } else {
            ++i;
            continue;
        }

        if (value.isEmpty() || path) {
            usageError(value.isEmpty() ? u"--db needs a PATH."_s : u"--db is given twice."_s);
            return std::nullopt;
        }
        path = value;
    }
    return path.value_or(Store::defaultPath());
}

int runCtl(const QStringList &arguments)
{
    QStringList rest = arguments;
    const std::optional<QString> storePath = takeStorePath(rest);
    if (!storePath)
        return CtlUsageError;

    if (rest.isEmpty() || rest.constFirst() == u"--help" || rest.constFirst() == u"-h"
        || rest.constFirst() == u"help") {
        out() << kUsage;
        return rest.isEmpty() ? CtlUsageError : CtlSuccess;
    }
    if (rest.constFirst() == u"--version") {
        out() << "llmopsctl " << QCoreApplication::applicationVersion() << Qt::endl;
        return CtlSuccess;
    }

    const QString name = rest.takeFirst();
    if (name == u"replay")
        return replay(rest);
    if (name == u"serve")
        return serveCommand(*storePath, rest);
    if (name == u"check")
        return checkCommand(rest);
    return runStoreCommand(*storePath, name, rest);
}

} // namespace llmops
