// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ctlevalcommands.h"

#include "ctlcommands.h"
#include "ctlsupport.h"
#include "evalimport.h"
#include "evalreport.h"
#include "evalrunner.h"
#include "evalsummary.h"
#include "suitedefinition.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <csignal>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

std::atomic<bool> g_stopRun = false;
static_assert(std::atomic<bool>::is_always_lock_free, "a signal handler may only touch lock-free atomics");

extern "C" void stopRun(int)
{
    g_stopRun = true;
}

/// Stops the run on SIGINT, SIGTERM and SIGHUP while it lives: what was answered stays
/// stored and `eval resume` carries on.
class StopSignals
{
public:
    StopSignals()
    {
        g_stopRun = false;
        for (const int stopSignal : {SIGINT, SIGTERM, SIGHUP})
            std::signal(stopSignal, stopRun);
    }
    ~StopSignals()
    {
        for (const int stopSignal : {SIGINT, SIGTERM, SIGHUP})
            std::signal(stopSignal, SIG_DFL);
    }
};

/// The options of a command that reports on a run.
const QList<QCommandLineOption> kReportOptions = {
    {u"fail-under"_s, u"fail (exit 1) when the scorer's mean score is under the threshold"_s, u"SCORER=THRESHOLD"_s},
    {u"junit"_s, u"write JUnit XML for CI systems to FILE"_s, u"FILE"_s},
    {u"json"_s, u"JSON output"_s},
};

/// The limits of a run, from the command line over the defaults.
const QList<QCommandLineOption> kLimitOptions = {
    {u"concurrency"_s, u"answers in flight at once (default 4)"_s, u"N"_s},
    {u"requests-per-second"_s, u"most requests started per second (default: no limit)"_s, u"R"_s},
    {u"tokens-per-minute"_s, u"most tokens per minute (default: no limit)"_s, u"T"_s},
    {u"max-attempts"_s, u"tries per answer when a failure may pass (default 4)"_s, u"N"_s},
};

std::optional<std::vector<ScoreThreshold>> readThresholds(const QCommandLineParser &parser, QString *problem)
{
    std::vector<ScoreThreshold> thresholds;
    for (const QString &gate : parser.values(u"fail-under"_s)) {
        const qsizetype equals = gate.lastIndexOf(u'=');
        bool isNumber = false;
        const double threshold = equals > 0 ? gate.mid(equals + 1).toDouble(&isNumber) : 0;
        if (!isNumber || !std::isfinite(threshold) || threshold < 0 || threshold > 1) {
            *problem = u"--fail-under takes SCORER=THRESHOLD with a threshold from 0 to 1, not \"%1\"."_s.arg(gate);
            return std::nullopt;
        }
        thresholds.push_back({gate.left(equals), threshold});
    }
    return thresholds;
}

std::optional<EvalRunLimits> readLimits(const QCommandLineParser &parser, EvalRunLimits limits, QString *problem)
{
    bool isNumber = true;
    if (parser.isSet(u"concurrency"_s))
        limits.concurrency = parser.value(u"concurrency"_s).toInt(&isNumber);
    if (isNumber && parser.isSet(u"requests-per-second"_s))
        limits.requestsPerSecond = parser.value(u"requests-per-second"_s).toDouble(&isNumber);
    if (isNumber && parser.isSet(u"tokens-per-minute"_s))
        limits.tokensPerMinute = parser.value(u"tokens-per-minute"_s).toDouble(&isNumber);
    if (isNumber && parser.isSet(u"max-attempts"_s))
        limits.maxAttempts = parser.value(u"max-attempts"_s).toInt(&isNumber);
    if (!isNumber) {
        *problem = u"--concurrency, --max-attempts and the rates take numbers."_s;
        return std::nullopt;
    }
    *problem = evalRunLimitsProblem(limits);
    if (!problem->isEmpty())
        return std::nullopt;
    return limits;
}

QString percent(std::optional<double> share)
{
    return share ? QString::number(*share * 100, 'f', 1) + u'%' : u"-"_s;
}

QString number(std::optional<double> value, int decimals = 3)
{
    return value ? QString::number(*value, 'f', decimals) : u"-"_s;
}

QString range(const std::optional<ConfidenceInterval> &interval, bool asPercent)
{
    if (!interval)
        return u"-"_s;
    if (asPercent)
        return u"%1–%2%"_s.arg(interval->low * 100, 0, 'f', 1).arg(interval->high * 100, 0, 'f', 1);
    return u"%1–%2"_s.arg(interval->low, 0, 'f', 3).arg(interval->high, 0, 'f', 3);
}

void printSummary(const EvalRunRecord &run, const EvalRunFigures &figures, const std::vector<ThresholdOutcome> &gates,
                  const std::vector<EvalRunMetric> &metrics)
{
    out() << "run " << run.id << " of " << run.suiteName << " on " << run.endpointName;
    if (!run.model.isEmpty())
        out() << " (" << run.model << ')';
    out() << ": " << evalRunStatusKey(run.status);
    if (figures.answers > 0 || run.itemCount > 0) {
        out() << ", " << run.itemCount << " items × " << run.repeats << (run.repeats == 1 ? " repeat, " : " repeats, ")
              << figures.answers << " results, " << figures.failedRequests << " without an answer (request failed)";
    } else {
        out() << ", " << metrics.size() << " metrics";
    }
    out() << Qt::endl;
    // A run imported from lm-evaluation-harness has figures of its own and no answers.
    if (figures.answers > 0) {
        out() << "latency p50 " << number(figures.latencyP50Ms, 1) << " ms, p95 " << number(figures.latencyP95Ms, 1)
              << " ms; cost "
              << (figures.pricedAnswers > 0 ? u"$"_s + QString::number(figures.totalCostUsd, 'f', 6) : u"unknown"_s)
              << Qt::endl;
    }

    if (!figures.scorers.empty()) {
        out() << "scorer\tmean\t95% CI (bootstrap over items)\tpass rate\t95% CI (Wilson)\tpass^" << run.repeats
              << "\tspread\tunscorable" << Qt::endl;
    }
    for (const ScorerFigures &scorer : figures.scorers) {
        out() << scorer.scorer << '\t' << number(scorer.meanScore) << '\t' << range(scorer.meanInterval, false) << '\t'
              << percent(scorer.passRate) << '\t' << range(scorer.passRateInterval, true) << '\t'
              << percent(scorer.passEveryRepeatRate) << '\t' << number(scorer.meanRepeatSpread) << '\t'
              << scorer.unscorableAnswers << Qt::endl;
    }
    for (const EvalRunMetric &metric : metrics) {
        out() << metric.task << '\t' << metric.metric << '\t' << QString::number(metric.value, 'g', 6);
        if (metric.standardError)
            out() << " ± " << QString::number(*metric.standardError, 'g', 4) << " (stderr)";
        out() << Qt::endl;
    }
    for (const ThresholdOutcome &gate : gates) {
        out() << "threshold " << gate.threshold.scorer << " >= " << gate.threshold.threshold << ": "
              << (gate.held ? "held" : "FAILED") << " (mean " << number(gate.mean) << ')' << Qt::endl;
    }
}

/// Checks what can be checked before a run spends its requests: every gate names one of
/// the scorers, and the JUnit file can be written where asked. A usage error's exit code
/// when not.
std::optional<int> checkReportArguments(const QStringList &scorerNames, const QCommandLineParser &parser,
                                        const std::vector<ScoreThreshold> &thresholds)
{
    for (const ScoreThreshold &threshold : thresholds) {
        if (!scorerNames.contains(threshold.scorer)) {
            return usageError(u"--fail-under: the run has no scorer \"%1\" (it has: %2)."_s.arg(
                threshold.scorer, scorerNames.isEmpty() ? u"none"_s : scorerNames.join(u", "_s)));
        }
    }
    if (parser.isSet(u"junit"_s)) {
        const QFileInfo junit(parser.value(u"junit"_s));
        if (!junit.absoluteDir().exists() || (junit.exists() && !junit.isWritable()))
            return usageError(u"--junit: %1 cannot be written."_s.arg(junit.filePath()));
    }
    return std::nullopt;
}

/// The scorer names of a run's pinned suite (none for an import, whose scorers come with
/// its results).
QStringList suiteScorerNames(const EvalRunRecord &run)
{
    QString problem;
    const auto suite = readSuiteDefinition(run.definitionJson.toUtf8(), &problem);
    QStringList names;
    if (suite) {
        for (const SuiteScorer &scorer : suite->scorers)
            names.append(scorer.name);
    }
    return names;
}

/// Prints the run's figures as asked, writes its JUnit file, and says how the gates came
/// out: 0 all held, 1 one failed, 2 an unknown scorer, a file that could not be written, a
/// run that did not finish or one in which every request failed. An unfinished run is
/// still reported (marked so), so that no older report is taken for it.
int reportRun(Store &store, qint64 runId, const QCommandLineParser &parser,
              const std::vector<ScoreThreshold> &thresholds)
{
    const auto run = store.evalRun(runId);
    if (!run)
        return usageError(u"There is no evaluation run %1."_s.arg(runId));
    const auto results = store.evalResults(runId);
    const auto metrics = store.evalRunMetrics(runId);
    const EvalRunFigures figures = summarizeEvalResults(results, run->repeats);
    QStringList scorerNames;
    for (const ScorerFigures &scorer : figures.scorers)
        scorerNames.append(scorer.scorer);
    if (scorerNames.isEmpty())
        scorerNames = suiteScorerNames(*run);
    if (auto failed = checkReportArguments(scorerNames, parser, thresholds))
        return *failed;
    const auto gates = checkThresholds(figures, thresholds);

    QString incomplete;
    if (run->status != EvalRunStatus::Finished) {
        incomplete = u"Run %1 is %2 with %3 of %4 answers; llmopsctl eval resume %1 carries on."_s.arg(run->id)
                         .arg(evalRunStatusKey(run->status))
                         .arg(results.size())
                         .arg(run->itemCount * run->repeats);
    }
    if (parser.isSet(u"junit"_s)) {
        QString problem;
        if (!writeFileWhole(parser.value(u"junit"_s), evalRunJUnitXml(*run, results, gates, incomplete), &problem))
            return usageError(problem);
    }
    if (parser.isSet(u"json"_s))
        out() << QString::fromStdString(evalRunReportJson(*run, figures, gates, metrics).dump(2)) << Qt::endl;
    else
        printSummary(*run, figures, gates, metrics);

    if (!run->error.isEmpty())
        err() << "llmopsctl: run " << run->id << " failed: " << run->error << Qt::endl;
    if (!incomplete.isEmpty()) {
        err() << "llmopsctl: " << incomplete << Qt::endl;
        return CtlUsageError;
    }
    if (figures.answers > 0 && figures.failedRequests == figures.answers) {
        err() << "llmopsctl: every request of run " << run->id << " failed; the endpoint gave no answer to score."
              << Qt::endl;
        return CtlUsageError;
    }
    const bool held = std::all_of(gates.begin(), gates.end(), [](const ThresholdOutcome &gate) { return gate.held; });
    return held ? CtlSuccess : CtlCheckFailed;
}

/// Runs (or resumes) the run with progress on standard error, then reports it. A run that
/// was stopped by a signal, or could not go on, is exit 2: nothing can be said of it yet.
int executeAndReport(Store &store, qint64 runId, const QCommandLineParser &parser,
                     const std::vector<ScoreThreshold> &thresholds)
{
    const auto run = store.evalRun(runId);
    if (!run)
        return usageError(u"There is no evaluation run %1."_s.arg(runId));
    if (auto failed = checkReportArguments(suiteScorerNames(*run), parser, thresholds))
        return *failed;

    EvalRunner runner(store);
    qint64 lastTenth = -1;
    const EvalProgressCallback progress = [&](const EvalProgress &now) {
        const qint64 tenth = now.total > 0 ? now.done * 10 / now.total : 10;
        if (tenth == lastTenth)
            return;
        lastTenth = tenth;
        err() << "answered " << now.done << '/' << now.total;
        if (now.failedRequests > 0)
            err() << " (" << now.failedRequests << " failed)";
        if (now.resumedFrom > 0)
            err() << ", " << now.resumedFrom << " from before";
        err() << Qt::endl;
    };

    try {
        StopSignals signals;
        runner.execute(runId, &g_stopRun, progress);
    } catch (const EvalRunError &error) {
        return usageError(QString::fromUtf8(error.what()));
    }
    return reportRun(store, runId, parser, thresholds);
}

int evalRun(LazyStore &store, const QStringList &arguments)
{
    QList<QCommandLineOption> options = {{u"endpoint"_s, u"the registered endpoint to run on"_s, u"NAME"_s},
                                         {u"repeats"_s, u"answers per item (default 1)"_s, u"N"_s}};
    options += kLimitOptions;
    options += kReportOptions;
    CommandParser command({});
    command.parser.addOptions(options);
    if (auto failed = command.parse(arguments, 1))
        return *failed;
    const QCommandLineParser &parser = command.parser;
    if (parser.positionalArguments().size() != 1)
        return usageError(u"eval run takes one SUITE."_s);
    if (!parser.isSet(u"endpoint"_s))
        return usageError(u"eval run needs --endpoint NAME."_s);

    QString problem;
    const auto thresholds = readThresholds(parser, &problem);
    const auto limits = thresholds ? readLimits(parser, {}, &problem) : std::nullopt;
    if (!limits)
        return usageError(problem);
    int repeats = 1;
    if (parser.isSet(u"repeats"_s)) {
        bool isNumber = false;
        repeats = parser.value(u"repeats"_s).toInt(&isNumber);
        if (!isNumber || repeats < 1 || repeats > kMaxEvalRepeats)
            return usageError(u"--repeats takes a whole number from 1 to %1."_s.arg(kMaxEvalRepeats));
    }
    const auto endpoint = store->endpointByName(parser.value(u"endpoint"_s));
    if (!endpoint)
        return usageError(u"There is no endpoint named %1."_s.arg(parser.value(u"endpoint"_s)));

    // The gates and the report file are checked before any request is spent on them.
    const QString suiteName = parser.positionalArguments().constFirst();
    const auto suites = store->evalSuites();
    const auto suite = std::find_if(suites.begin(), suites.end(),
                                    [&](const EvalSuiteRecord &each) { return each.name == suiteName; });
    if (suite != suites.end()) {
        EvalRunRecord draft;
        draft.definitionJson = suite->definitionJson;
        if (auto failed = checkReportArguments(suiteScorerNames(draft), parser, *thresholds))
            return *failed;
    }

    EvalRunRecord run;
    try {
        run = EvalRunner(*store).createRun(parser.positionalArguments().constFirst(), *endpoint, repeats, *limits,
                                           EvalRunSource::Cli);
    } catch (const EvalRunError &error) {
        return usageError(QString::fromUtf8(error.what()));
    }
    err() << "run " << run.id << ": " << run.itemCount << " items × " << repeats << " on " << endpoint->name
          << Qt::endl;
    return executeAndReport(*store, run.id, parser, *thresholds);
}

/// What `eval resume` and `eval show` are given: a run id and the report's options.
struct RunCommand {
    CommandParser command{std::initializer_list<QCommandLineOption>{}};
    qint64 runId = 0;
    std::vector<ScoreThreshold> thresholds;
};

/// Reads the arguments into `into`; a usage error's exit code when they are wrong.
std::optional<int> parseRunCommand(const QStringList &arguments, const QString &name, RunCommand &into)
{
    into.command.parser.addOptions(kReportOptions);
    if (name == u"resume")
        into.command.parser.addOptions(kLimitOptions);
    if (auto failed = into.command.parse(arguments, 1))
        return failed;
    const QStringList positional = into.command.parser.positionalArguments();
    bool isNumber = false;
    into.runId = positional.value(0).toLongLong(&isNumber);
    if (positional.size() != 1 || !isNumber || into.runId < 1)
        return usageError(u"eval %1 takes one RUN id (see eval runs)."_s.arg(name));
    QString problem;
    auto thresholds = readThresholds(into.command.parser, &problem);
    if (!thresholds)
        return usageError(problem);
    into.thresholds = std::move(*thresholds);
    return std::nullopt;
}

int evalResume(LazyStore &store, const QStringList &arguments)
{
    RunCommand resume;
    if (auto failed = parseRunCommand(arguments, u"resume"_s, resume))
        return *failed;
    const auto run = store->evalRun(resume.runId);
    if (!run)
        return usageError(u"There is no evaluation run %1."_s.arg(resume.runId));
    // A run started with limits the endpoint did not take goes on with new ones.
    const QCommandLineParser &parser = resume.command.parser;
    const bool newLimits = std::any_of(
        kLimitOptions.begin(), kLimitOptions.end(),
        [&](const QCommandLineOption &option) { return parser.isSet(option.names().constFirst()); });
    if (newLimits) {
        QString problem;
        const auto limits = readLimits(parser, evalRunLimitsFromJson(run->limitsJson), &problem);
        if (!limits)
            return usageError(problem);
        store->setEvalRunLimits(resume.runId, evalRunLimitsToJson(*limits));
    }
    return executeAndReport(*store, resume.runId, resume.command.parser, resume.thresholds);
}

int evalShow(LazyStore &store, const QStringList &arguments)
{
    RunCommand show;
    if (auto failed = parseRunCommand(arguments, u"show"_s, show))
        return *failed;
    return reportRun(*store, show.runId, show.command.parser, show.thresholds);
}

int evalRuns(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"suite"_s, u"only this suite's runs"_s, u"NAME"_s}, {u"json"_s, u"JSON output"_s}});
    if (auto failed = command.parse(arguments))
        return *failed;
    const auto runs = store->evalRuns(command.parser.value(u"suite"_s));
    if (command.parser.isSet(u"json"_s)) {
        nlohmann::json json = nlohmann::json::array();
        for (const EvalRunSummary &summary : runs) {
            const EvalRunRecord &run = summary.run;
            json.push_back({{"id", run.id},
                            {"suite", run.suiteName.toStdString()},
                            {"endpoint", run.endpointName.toStdString()},
                            {"model", run.model.toStdString()},
                            {"source", evalRunSourceKey(run.source).toStdString()},
                            {"status", evalRunStatusKey(run.status).toStdString()},
                            {"results", summary.resultCount},
                            {"expected_results", run.itemCount * run.repeats},
                            {"failed_requests", summary.failedRequests},
                            {"started_at_ms", run.startedAtMs}});
        }
        out() << QString::fromStdString(json.dump(2)) << Qt::endl;
        return CtlSuccess;
    }
    for (const EvalRunSummary &summary : runs) {
        const EvalRunRecord &run = summary.run;
        out() << run.id << '\t' << run.suiteName << '\t' << run.endpointName << '\t' << evalRunStatusKey(run.status)
              << '\t' << summary.resultCount << '/' << run.itemCount * run.repeats << " results\t"
              << (run.startedAtMs > 0 ? QDateTime::fromMSecsSinceEpoch(run.startedAtMs).toString(Qt::ISODate)
                                      : u"time unknown"_s)
              << Qt::endl;
    }
    return CtlSuccess;
}

int evalImport(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({{u"format"_s, u"promptfoo or lm-eval (default: told from the file)"_s, u"FORMAT"_s}});
    command.parser.addOptions(kReportOptions);
    if (auto failed = command.parse(arguments, 1))
        return *failed;
    if (command.parser.positionalArguments().size() != 1)
        return usageError(u"eval import takes one FILE (or - for standard input)."_s);
    const QString path = command.parser.positionalArguments().constFirst();
    const QString format = command.parser.value(u"format"_s).toLower();
    if (!format.isEmpty() && format != u"promptfoo" && format != u"lm-eval")
        return usageError(u"--format takes promptfoo or lm-eval."_s);

    QString problem;
    const auto bytes = readInput(path, &problem);
    if (!bytes)
        return usageError(problem);
    ImportedEvaluation imported;
    try {
        imported = format == u"promptfoo" ? readPromptfooOutput(*bytes)
            : format == u"lm-eval"        ? readLmEvalResults(*bytes)
                                          : readEvaluationFile(*bytes);
    } catch (const EvalImportError &error) {
        return usageError(u"%1: %2"_s.arg(path, error.message()));
    }
    for (const QString &warning : imported.warnings)
        err() << path << ": " << warning << Qt::endl;
    store->addImportedEvaluation(imported);
    err() << "imported run " << imported.run.id << " (" << evalRunSourceKey(imported.run.source)
          << "): " << imported.results.size() << " results, " << imported.metrics.size() << " metrics, "
          << imported.warnings.size() << (imported.warnings.size() == 1 ? " warning" : " warnings") << Qt::endl;
    QString gateProblem;
    const auto thresholds = readThresholds(command.parser, &gateProblem);
    if (!thresholds)
        return usageError(gateProblem);
    return reportRun(*store, imported.run.id, command.parser, *thresholds);
}

int suiteSave(LazyStore &store, const QStringList &arguments)
{
    CommandParser command({});
    if (auto failed = command.parse(arguments, 2))
        return *failed;
    const QStringList positional = command.parser.positionalArguments();
    if (positional.size() != 2)
        return usageError(u"eval suite save takes NAME and FILE (or - for standard input)."_s);
    QString problem;
    const auto bytes = readInput(positional[1], &problem);
    if (!bytes)
        return usageError(problem);
    const auto suite = readSuiteDefinition(*bytes, &problem);
    if (!suite)
        return usageError(u"%1: %2"_s.arg(positional[1], problem));
    store->saveEvalSuite(positional[0], QString::fromUtf8(writeSuiteDefinition(*suite)));
    out() << "saved suite " << positional[0] << " (" << suite->scorers.size()
          << (suite->scorers.size() == 1 ? " scorer" : " scorers") << " over " << suite->datasetName << ')' << Qt::endl;
    return CtlSuccess;
}

int suiteCommand(LazyStore &store, const QStringList &arguments)
{
    const QString action = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    if (action == u"save")
        return suiteSave(store, rest);
    if (action == u"list") {
        CommandParser command({});
        if (auto failed = command.parse(rest))
            return *failed;
        for (const EvalSuiteRecord &suite : store->evalSuites()) {
            out() << suite.name << '\t' << QDateTime::fromMSecsSinceEpoch(suite.updatedAtMs).toString(Qt::ISODate)
                  << Qt::endl;
        }
        return CtlSuccess;
    }
    if (action == u"show" || action == u"remove") {
        CommandParser command({});
        if (auto failed = command.parse(rest, 1))
            return *failed;
        if (command.parser.positionalArguments().size() != 1)
            return usageError(u"eval suite %1 takes one NAME."_s.arg(action));
        const QString name = command.parser.positionalArguments().constFirst();
        if (action == u"remove") {
            store->removeEvalSuite(name);
            out() << "removed suite " << name << " (its runs stay)" << Qt::endl;
        } else {
            out() << store->evalSuite(name).definitionJson << Qt::endl;
        }
        return CtlSuccess;
    }
    return usageError(u"eval suite needs save, list, show or remove."_s);
}

} // namespace

int evalCommand(LazyStore &store, const QStringList &arguments)
{
    const QString action = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    if (action == u"suite")
        return suiteCommand(store, rest);
    if (action == u"run")
        return evalRun(store, rest);
    if (action == u"resume")
        return evalResume(store, rest);
    if (action == u"show")
        return evalShow(store, rest);
    if (action == u"runs")
        return evalRuns(store, rest);
    if (action == u"import")
        return evalImport(store, rest);
    return usageError(u"eval needs suite, run, resume, show, runs or import."_s);
}

} // namespace llmops
