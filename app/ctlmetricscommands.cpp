// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ctlmetricscommands.h"

#include "ctlcommands.h"
#include "ctlsupport.h"
#include "httpclient.h"
#include "metricscraper.h"
#include "metricsscheduler.h"
#include "promexposition.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <variant>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

using nlohmann::json;

/// JSON has no NaN or infinities; they are written as the exposition writes them.
json numberJson(double value)
{
    if (std::isnan(value))
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    return value;
}

json labelsJson(const MetricLabels &labels)
{
    json object = json::object();
    for (const auto &[name, value] : labels)
        object[name] = value;
    return object;
}

json expositionJson(const Exposition &exposition)
{
    json families = json::array();
    for (const auto &family : exposition.families) {
        json samples = json::array();
        for (const auto &sample : family.samples) {
            json entry = {{"name", sample.name},
                          {"labels", labelsJson(sample.labels)},
                          {"value", numberJson(sample.value)},
                          {"line", sample.line}};
            if (sample.timestampMs)
                entry["timestamp_ms"] = *sample.timestampMs;
            if (sample.createdSeconds)
                entry["created_s"] = *sample.createdSeconds;
            if (sample.exemplar) {
                entry["exemplar"] = {{"labels", labelsJson(sample.exemplar->labels)},
                                     {"value", numberJson(sample.exemplar->value)}};
                if (sample.exemplar->timestampSeconds)
                    entry["exemplar"]["timestamp_s"] = *sample.exemplar->timestampSeconds;
            }
            samples.push_back(std::move(entry));
        }
        families.push_back({{"name", family.name},
                            {"type", metricTypeName(family.type)},
                            {"help", family.help},
                            {"unit", family.unit},
                            {"samples", std::move(samples)}});
    }
    json problems = json::array();
    for (const auto &problem : exposition.problems) {
        problems.push_back({{"line", problem.line},
                            {"severity", problem.severity == ExpositionProblem::Severity::Error ? "error" : "warning"},
                            {"message", problem.message}});
    }
    return {{"format", exposition.format == ExpositionFormat::OpenMetrics ? "openmetrics" : "prometheus"},
            {"families", std::move(families)},
            {"problems", std::move(problems)}};
}

int checkMetrics(const QStringList &arguments)
{
    CommandParser command({{u"json"_s, u"print the parsed families and the problems as JSON"_s},
                           {u"strict"_s, u"fail on warnings too"_s}});
    if (auto failed = command.parse(arguments, 1))
        return *failed;
    const QCommandLineParser &parser = command.parser;
    const QString path = parser.positionalArguments().value(0, u"-"_s);

    QString error;
    const auto bytes = readInput(path, &error);
    if (!bytes)
        return usageError(error);
    const Exposition exposition = parseExposition(std::string_view(bytes->constData(), size_t(bytes->size())));

    if (parser.isSet(u"json"_s)) {
        out() << QString::fromStdString(expositionJson(exposition).dump(2)) << Qt::endl;
    } else {
        for (const auto &family : exposition.families) {
            out() << QString::fromStdString(family.name) << '\t' << metricTypeName(family.type) << '\t'
                  << family.samples.size() << " series" << '\n';
        }
        out().flush();
        const QString source = path == u"-" ? u"stdin"_s : path;
        for (const auto &problem : exposition.problems) {
            err() << source << ':' << problem.line << ": "
                  << (problem.severity == ExpositionProblem::Severity::Error ? "error: " : "warning: ")
                  << QString::fromStdString(problem.message) << '\n';
        }
        err().flush();
    }

    const bool failed = exposition.hasErrors() || (parser.isSet(u"strict"_s) && !exposition.problems.empty());
    return failed ? CtlCheckFailed : CtlSuccess;
}

json scrapeJson(const QString &endpointName, const ScrapeRecord &scrape)
{
    json entry = {{"endpoint", endpointName.toStdString()},
                  {"at_ms", scrape.atMs},
                  {"up", scrape.up},
                  {"duration_ms", scrape.durationMs},
                  {"samples", scrape.samples},
                  {"problems", scrape.problems},
                  {"server_kind", scrape.serverKind},
                  {"error_class", scrape.errorClass},
                  {"error_message", scrape.errorMessage}};
    entry["http_status"] = scrape.httpStatus ? json(*scrape.httpStatus) : json();
    return entry;
}

/// The endpoint --endpoint names, or a usage error's exit code.
std::variant<Endpoint, int> namedEndpoint(LazyStore &store, const QCommandLineParser &parser)
{
    if (!parser.isSet(u"endpoint"_s))
        return usageError(u"--endpoint NAME is needed."_s);
    const auto endpoint = store->endpointByName(normalizedEndpointName(parser.value(u"endpoint"_s)));
    if (!endpoint)
        return usageError(u"There is no endpoint named %1."_s.arg(parser.value(u"endpoint"_s)));
    return *endpoint;
}

/// The labels without `le`: what one histogram's bucket series share.
std::string labelsWithoutBound(const std::string &labelsJson)
{
    json labels = json::parse(labelsJson, nullptr, false);
    if (!labels.is_object())
        return labelsJson;
    labels.erase("le");
    return labels.dump();
}

json pointsJson(const SeriesFigures &figures, qint64 fromMs, qint64 toMs, qint64 stepMs)
{
    json points = json::array();
    for (size_t i = 0; i < figures.steps.size(); ++i) {
        const qint64 stepEnd = std::min(toMs, fromMs + qint64(i + 1) * stepMs);
        points.push_back({stepEnd, figures.steps[i] ? numberJson(*figures.steps[i]) : json()});
    }
    return points;
}

int metricsQuery(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"endpoint"_s, u"the endpoint"_s, u"NAME"_s},
                           {u"metric"_s, u"the metric family"_s, u"FAMILY"_s},
                           {u"quantile"_s, u"a histogram's quantile, 0 to 1"_s, u"Q"_s},
                           {u"rate"_s, u"a counter's rate per second"_s},
                           {u"since"_s, u"how far back (default 1h)"_s, u"DURATION"_s},
                           {u"step"_s, u"the length of each point (default: the window in 60 steps)"_s, u"DURATION"_s},
                           {u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;
    const QCommandLineParser &parser = command.parser;
    if (!parser.isSet(u"metric"_s))
        return usageError(u"--metric FAMILY is needed."_s);
    if (parser.isSet(u"quantile"_s) && parser.isSet(u"rate"_s))
        return usageError(u"--quantile and --rate exclude each other."_s);
    std::optional<double> quantile;
    if (parser.isSet(u"quantile"_s)) {
        bool ok = false;
        quantile = parser.value(u"quantile"_s).toDouble(&ok);
        if (!ok || *quantile < 0 || *quantile > 1)
            return usageError(u"--quantile needs a number from 0 to 1, such as 0.95."_s);
    }
    const auto sinceMs = parseDurationMs(parser.value(u"since"_s).isEmpty() ? u"1h"_s : parser.value(u"since"_s));
    if (!sinceMs)
        return usageError(u"--since needs a duration such as 15m, 1h or 7d."_s);
    std::optional<qint64> stepMs = *sinceMs / 60 > 0 ? std::max<qint64>(1000, *sinceMs / 60) : 1000;
    if (parser.isSet(u"step"_s)) {
        stepMs = parseDurationMs(parser.value(u"step"_s));
        if (!stepMs || *sinceMs / *stepMs > 10000)
            return usageError(u"--step needs a duration such as 1m, and at most 10,000 steps in the window."_s);
    }

    const auto endpoint = namedEndpoint(store, parser);
    if (const int *exitCode = std::get_if<int>(&endpoint))
        return *exitCode;
    const Endpoint &target = std::get<Endpoint>(endpoint);
    const std::string family = parser.value(u"metric"_s).toStdString();
    const std::vector<MetricSeries> series = store->metricSeries(target.id, family);
    if (series.empty())
        return usageError(u"%1 has no metric family %2 (llmopsctl metrics list shows its families)."_s.arg(
            target.name, parser.value(u"metric"_s)));

    const qint64 toMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 fromMs = toMs - *sinceMs;
    const std::string type = series.front().type;
    json results = json::array();
    if (quantile) {
        if (type != "histogram")
            return usageError(u"--quantile needs a histogram; %1 is a %2."_s.arg(parser.value(u"metric"_s),
                                                                                 QString::fromStdString(type)));
        std::vector<qint64> ids;
        for (const MetricSeries &one : series)
            ids.push_back(one.id);
        std::vector<std::vector<MetricPoint>> points = store->metricPoints(ids, fromMs, toMs);
        std::map<std::string, std::vector<BucketSeries>> histograms;
        for (size_t i = 0; i < series.size(); ++i) {
            if (series[i].name == family + "_bucket" && series[i].upperBound)
                histograms[labelsWithoutBound(series[i].labelsJson)].push_back(
                    {*series[i].upperBound, std::move(points[i])});
        }
        for (const auto &[labels, buckets] : histograms) {
            const SeriesFigures figures = quantileOf(*quantile, buckets, fromMs, toMs, *stepMs);
            results.push_back({{"name", family + "_bucket"},
                               {"labels", json::parse(labels)},
                               {"value", figures.window ? numberJson(*figures.window) : json()},
                               {"points", pointsJson(figures, fromMs, toMs, *stepMs)}});
        }
    } else {
        std::vector<qint64> ids;
        for (const MetricSeries &one : series)
            ids.push_back(one.id);
        const std::vector<std::vector<MetricPoint>> allPoints = store->metricPoints(ids, fromMs, toMs);
        for (size_t i = 0; i < series.size(); ++i) {
            const MetricSeries &one = series[i];
            const bool cumulative = isCumulativeSeries(one.type, one.family, one.name);
            if (parser.isSet(u"rate"_s) && !cumulative)
                continue;
            const std::vector<MetricPoint> &points = allPoints[i];
            const SeriesFigures figures = parser.isSet(u"rate"_s) ? rateOf(points, fromMs, toMs, *stepMs)
                                                                  : meanOf(points, fromMs, toMs, *stepMs);
            results.push_back({{"name", one.name},
                               {"labels", json::parse(one.labelsJson, nullptr, false)},
                               {"value", figures.window ? numberJson(*figures.window) : json()},
                               {"points", pointsJson(figures, fromMs, toMs, *stepMs)}});
        }
        if (results.empty())
            return usageError(u"--rate needs a counter or a histogram; %1 is a %2."_s.arg(
                parser.value(u"metric"_s), QString::fromStdString(type)));
    }

    const char *figure = quantile ? "quantile" : parser.isSet(u"rate"_s) ? "rate" : "value";
    if (parser.isSet(u"json"_s)) {
        json document = {{"endpoint", target.name.toStdString()},
                         {"metric", family},
                         {"type", type},
                         {"figure", figure},
                         {"from_ms", fromMs},
                         {"to_ms", toMs},
                         {"step_ms", *stepMs},
                         {"series", std::move(results)}};
        if (quantile)
            document["quantile"] = *quantile;
        out() << QString::fromStdString(document.dump(2)) << Qt::endl;
        return CtlSuccess;
    }
    for (const auto &result : results) {
        const std::string value = result["value"].is_null() ? std::string("no data") : result["value"].dump();
        out() << QString::fromStdString(result["name"].get<std::string>() + result["labels"].dump()) << '\t' << figure
              << '\t' << QString::fromStdString(value) << '\n';
    }
    out().flush();
    return CtlSuccess;
}

/// A retention as the commands write it: "6h", "30d".
QString durationText(qint64 ms)
{
    for (const auto &[unitMs, unit] :
         {std::pair{604800000LL, "w"}, {86400000LL, "d"}, {3600000LL, "h"}, {60000LL, "m"}}) {
        if (ms % unitMs == 0)
            return QString::number(ms / unitMs) + QLatin1String(unit);
    }
    return QString::number(ms / 1000) + u"s"_s;
}

int metricsRetention(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"raw"_s, u"how long raw samples are kept (default 6h)"_s, u"DURATION"_s},
                           {u"rollups"_s, u"how long five-minute rollups are kept (default 30d)"_s, u"DURATION"_s},
                           {u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;
    const QCommandLineParser &parser = command.parser;
    MetricRetention retention = store->metricRetention();
    for (const auto &[option, target] : {std::pair{u"raw"_s, &retention.rawMs}, {u"rollups"_s, &retention.rollupMs}}) {
        if (!parser.isSet(option))
            continue;
        const auto ms = parseDurationMs(parser.value(option));
        if (!ms || *ms < 5 * 60 * 1000)
            return usageError(u"--%1 needs a duration of at least 5m, such as 6h or 30d."_s.arg(option));
        *target = *ms;
    }
    if (retention.rollupMs < retention.rawMs)
        return usageError(u"Rollups must be kept at least as long as raw samples."_s);
    if (parser.isSet(u"raw"_s) || parser.isSet(u"rollups"_s))
        store->setMetricRetention(retention);

    if (parser.isSet(u"json"_s)) {
        out() << QString::fromStdString(json{{"raw_ms", retention.rawMs}, {"rollups_ms", retention.rollupMs}}.dump(2))
              << Qt::endl;
    } else {
        out() << "raw samples\t" << durationText(retention.rawMs) << "\nrollups\t" << durationText(retention.rollupMs)
              << Qt::endl;
    }
    return CtlSuccess;
}

int metricsList(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"endpoint"_s, u"the endpoint"_s, u"NAME"_s}, {u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;
    const auto endpoint = namedEndpoint(store, command.parser);
    if (const int *exitCode = std::get_if<int>(&endpoint))
        return *exitCode;
    const auto families = store->metricFamilies(std::get<Endpoint>(endpoint).id);
    if (command.parser.isSet(u"json"_s)) {
        json list = json::array();
        for (const auto &family : families)
            list.push_back(
                {{"family", family.family}, {"type", family.type}, {"help", family.help}, {"series", family.series}});
        out() << QString::fromStdString(list.dump(2)) << Qt::endl;
        return CtlSuccess;
    }
    for (const auto &family : families) {
        out() << QString::fromStdString(family.family) << '\t' << QString::fromStdString(family.type) << '\t'
              << family.series << " series" << '\n';
    }
    out().flush();
    return CtlSuccess;
}

/// One scrape as `scrape` prints it, a line each.
void printScrape(const QString &endpointName, const ScrapeRecord &scrape)
{
    out() << endpointName << '\t' << (scrape.up ? "up" : "down") << '\t' << scrape.samples << " samples\t"
          << QString::number(scrape.durationMs, 'f', 1) << " ms";
    if (!scrape.serverKind.empty())
        out() << '\t' << QString::fromStdString(scrape.serverKind);
    if (!scrape.errorMessage.empty())
        out() << '\t' << QString::fromStdString(scrape.errorMessage);
    out() << Qt::endl;
}

/// Scrapes on each endpoint's interval until SIGINT or SIGTERM, as the console does.
int scrapeOnSchedule(const QString &storePath, const std::vector<Endpoint> &targets, bool oneEndpoint, bool asJson)
{
    QHash<qint64, QString> names;
    for (const Endpoint &endpoint : targets)
        names.insert(endpoint.id, endpoint.name);

    MetricsScheduler scheduler(storePath);
    if (oneEndpoint)
        scheduler.setEndpointFilter(targets.front().id);
    QObject::connect(&scheduler, &MetricsScheduler::scrapeFinished, &scheduler, [&](const ScrapeRecord &scrape) {
        const QString name = names.value(scrape.endpointId, QString::number(scrape.endpointId));
        if (asJson)
            out() << QString::fromStdString(scrapeJson(name, scrape).dump()) << Qt::endl;
        else
            printScrape(name, scrape);
    });
    int exitCode = CtlSuccess;
    QObject::connect(&scheduler, &MetricsScheduler::schedulerFailed, &scheduler, [&exitCode](const QString &message) {
        err() << "llmopsctl: " << message << Qt::endl;
        exitCode = CtlUsageError;
        QCoreApplication::exit(CtlUsageError);
    });

    QTimer stopPoll;
    quitOnStopSignal(stopPoll);
    QTimer::singleShot(0, &scheduler, &MetricsScheduler::start);
    QCoreApplication::exec();
    scheduler.stop();
    return exitCode;
}

} // namespace

int scrapeCommand(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"once"_s, u"scrape each endpoint once, then exit"_s},
                           {u"endpoint"_s, u"only this endpoint"_s, u"NAME"_s},
                           {u"json"_s, u"JSON output (one object a line without --once)"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;
    const QCommandLineParser &parser = command.parser;

    std::vector<Endpoint> targets;
    if (parser.isSet(u"endpoint"_s)) {
        const auto endpoint = namedEndpoint(store, parser);
        if (const int *exitCode = std::get_if<int>(&endpoint))
            return *exitCode;
        targets.push_back(std::get<Endpoint>(endpoint));
        if (metricsUrlOf(targets.front()).isEmpty())
            return usageError(
                u"%1 has no metrics to scrape (set its metrics URL and interval)."_s.arg(targets.front().name));
    } else {
        for (const Endpoint &endpoint : store->endpoints()) {
            if (!metricsUrlOf(endpoint).isEmpty())
                targets.push_back(endpoint);
        }
        if (targets.empty())
            return usageError(u"No endpoint has metrics to scrape."_s);
    }
    if (!parser.isSet(u"once"_s))
        return scrapeOnSchedule(store.path(), targets, parser.isSet(u"endpoint"_s), parser.isSet(u"json"_s));

    HttpClient http;
    bool allUp = true;
    json results = json::array();
    for (const Endpoint &endpoint : targets) {
        ScrapeOutcome outcome = scrapeMetrics(http, endpoint, QDateTime::currentMSecsSinceEpoch());
        store->addScrape(outcome.record, outcome.samples);
        allUp = allUp && outcome.record.up;
        if (parser.isSet(u"json"_s))
            results.push_back(scrapeJson(endpoint.name, outcome.record));
        else
            printScrape(endpoint.name, outcome.record);
    }
    if (parser.isSet(u"json"_s))
        out() << QString::fromStdString(results.dump(2)) << Qt::endl;
    return allUp ? CtlSuccess : CtlCheckFailed;
}

int metricsCommand(LazyStore &store, const QStringList &arguments)
{
    const QString action = arguments.value(0);
    if (action == u"query")
        return metricsQuery(store, arguments.mid(1));
    if (action == u"list")
        return metricsList(store, arguments.mid(1));
    if (action == u"retention")
        return metricsRetention(store, arguments.mid(1));
    return usageError(u"metrics needs query, list or retention."_s);
}

int checkCommand(const QStringList &arguments)
{
    if (arguments.value(0) == u"metrics")
        return checkMetrics(arguments.mid(1));
    return usageError(u"check needs what to check: check metrics [FILE|-]."_s);
}

} // namespace llmops
