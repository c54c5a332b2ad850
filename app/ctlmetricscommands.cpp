// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "ctlmetricscommands.h"

#include "ctlcommands.h"
#include "ctlsupport.h"
#include "promexposition.h"

#include <QFile>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

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

std::optional<QByteArray> readInput(const QString &path, QString *error)
{
    QFile file;
    const bool opened = path == u"-" ? file.open(stdin, QIODevice::ReadOnly)
                                     : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        *error = u"Cannot read %1: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    return file.readAll();
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

} // namespace

int checkCommand(const QStringList &arguments)
{
    if (arguments.value(0) == u"metrics")
        return checkMetrics(arguments.mid(1));
    return usageError(u"check needs what to check: check metrics [FILE|-]."_s);
}

} // namespace llmops
