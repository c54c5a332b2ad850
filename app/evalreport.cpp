// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evalreport.h"

#include <QDateTime>
#include <QXmlStreamWriter>

#include <algorithm>

using namespace Qt::StringLiterals;
using Json = nlohmann::ordered_json;

namespace llmops {

namespace {

Json optionalNumber(std::optional<double> value)
{
    return value ? Json(*value) : Json(nullptr);
}

Json intervalJson(const std::optional<ConfidenceInterval> &interval)
{
    return interval ? Json::array({interval->low, interval->high}) : Json(nullptr);
}

QString seconds(std::optional<double> milliseconds)
{
    return QString::number(milliseconds.value_or(0) / 1000.0, 'f', 3);
}

/// The text with what XML 1.0 cannot hold (control characters other than tab and line
/// ends, lone surrogates, U+FFFE and U+FFFF) replaced: a model's output may hold anything,
/// and one such character would make the whole report unreadable to the CI server.
QString xmlSafe(const QString &text)
{
    QString safe;
    safe.reserve(text.size());
    for (qsizetype index = 0; index < text.size(); ++index) {
        const QChar c = text[index];
        if (c.isHighSurrogate() && index + 1 < text.size() && text[index + 1].isLowSurrogate()) {
            safe.append(c);
            safe.append(text[++index]);
            continue;
        }
        const char16_t code = c.unicode();
        const bool allowed = code == 0x9 || code == 0xA || code == 0xD
            || (code >= 0x20 && !c.isSurrogate() && code != 0xFFFE && code != 0xFFFF);
        safe.append(allowed ? c : QChar(QChar::ReplacementCharacter));
    }
    return safe;
}

QString testCaseName(const EvalResultRecord &result)
{
    const QString item = result.itemKey.isEmpty() ? u"item %1"_s.arg(result.itemPosition + 1) : xmlSafe(result.itemKey);
    return u"%1 #%2"_s.arg(item).arg(result.repeat + 1);
}

} // namespace

std::vector<ThresholdOutcome> checkThresholds(const EvalRunFigures &figures,
                                              const std::vector<ScoreThreshold> &thresholds)
{
    std::vector<ThresholdOutcome> outcomes;
    for (const ScoreThreshold &threshold : thresholds) {
        ThresholdOutcome outcome{threshold, std::nullopt, false};
        const auto scorer = std::find_if(figures.scorers.begin(), figures.scorers.end(),
                                         [&](const ScorerFigures &each) { return each.scorer == threshold.scorer; });
        if (scorer != figures.scorers.end())
            outcome.mean = scorer->meanScore;
        outcome.held = outcome.mean && *outcome.mean >= threshold.threshold;
        outcomes.push_back(outcome);
    }
    return outcomes;
}

Json evalRunReportJson(const EvalRunRecord &run, const EvalRunFigures &figures,
                       const std::vector<ThresholdOutcome> &gates, const std::vector<EvalRunMetric> &metrics)
{
    Json report = Json::object();
    report["run"] = {{"id", run.id},
                     {"suite", run.suiteName.toStdString()},
                     {"endpoint", run.endpointName.toStdString()},
                     {"model", run.model.toStdString()},
                     {"source", evalRunSourceKey(run.source).toStdString()},
                     {"status", evalRunStatusKey(run.status).toStdString()},
                     {"items", run.itemCount},
                     {"repeats", run.repeats},
                     {"started_at_ms", run.startedAtMs},
                     {"finished_at_ms", run.finishedAtMs ? Json(*run.finishedAtMs) : Json(nullptr)}};
    // Results are items × repeats done; answered are those whose request did not fail.
    report["results"] = figures.answers;
    report["answered"] = figures.answers - figures.failedRequests;
    report["failed_requests"] = figures.failedRequests;
    report["latency_ms"] = {{"p50", optionalNumber(figures.latencyP50Ms)},
                            {"p95", optionalNumber(figures.latencyP95Ms)}};
    report["cost_usd"] = figures.pricedAnswers > 0 ? Json(figures.totalCostUsd) : Json(nullptr);
    report["tokens"] = {{"input", figures.inputTokens}, {"output", figures.outputTokens}};

    Json scorers = Json::array();
    for (const ScorerFigures &scorer : figures.scorers) {
        scorers.push_back({{"name", scorer.scorer.toStdString()},
                           {"scored", scorer.scoredAnswers},
                           {"unscorable", scorer.unscorableAnswers},
                           {"passed", scorer.passedAnswers},
                           {"mean", optionalNumber(scorer.meanScore)},
                           {"mean_ci95", intervalJson(scorer.meanInterval)},
                           {"pass_rate", optionalNumber(scorer.passRate)},
                           {"pass_rate_ci95", intervalJson(scorer.passRateInterval)},
                           {"pass_every_repeat", optionalNumber(scorer.passEveryRepeatRate)},
                           {"repeat_spread", optionalNumber(scorer.meanRepeatSpread)}});
    }
    report["scorers"] = scorers;
    report["intervals"] = {
        {"mean", "percentile bootstrap over items, " + std::to_string(kDefaultBootstrapResamples) + " resamples"},
        {"pass_rate", "Wilson score interval over answers"}};

    Json thresholds = Json::array();
    for (const ThresholdOutcome &gate : gates) {
        thresholds.push_back({{"scorer", gate.threshold.scorer.toStdString()},
                              {"threshold", gate.threshold.threshold},
                              {"mean", optionalNumber(gate.mean)},
                              {"held", gate.held}});
    }
    report["thresholds"] = thresholds;

    if (!metrics.empty()) {
        Json figuresOfRun = Json::array();
        for (const EvalRunMetric &metric : metrics) {
            figuresOfRun.push_back({{"task", metric.task.toStdString()},
                                    {"metric", metric.metric.toStdString()},
                                    {"value", metric.value},
                                    {"stderr", optionalNumber(metric.standardError)},
                                    {"samples", metric.sampleCount ? Json(*metric.sampleCount) : Json(nullptr)}});
        }
        report["metrics"] = figuresOfRun;
    }
    return report;
}

QByteArray evalRunJUnitXml(const EvalRunRecord &run, const std::vector<EvalResultRecord> &results,
                           const std::vector<ThresholdOutcome> &gates, const QString &incomplete)
{
    const qint64 incompleteCases = incomplete.isEmpty() ? 0 : 1;
    qint64 failures = 0;
    qint64 errors = 0;
    double totalMs = 0;
    for (const EvalResultRecord &result : results) {
        if (result.errorClass != ErrorClass::None)
            ++errors;
        else if (std::any_of(result.scores.begin(), result.scores.end(),
                             [](const EvalScoreRecord &score) { return score.scorable() && !score.passed; }))
            ++failures;
        totalMs += result.latencyMs.value_or(0);
    }
    const qint64 gateFailures = std::count_if(gates.begin(), gates.end(), [](const auto &gate) { return !gate.held; });

    QByteArray xml;
    QXmlStreamWriter writer(&xml);
    writer.setAutoFormatting(true);
    writer.writeStartDocument();
    writer.writeStartElement(u"testsuites"_s);
    writer.writeAttribute(u"name"_s, u"llmops eval %1"_s.arg(run.suiteName));
    writer.writeAttribute(u"tests"_s, QString::number(qint64(results.size() + gates.size()) + incompleteCases));
    writer.writeAttribute(u"failures"_s, QString::number(failures + gateFailures));
    writer.writeAttribute(u"errors"_s, QString::number(errors + incompleteCases));

    const QString suiteName = u"%1 on %2"_s.arg(run.suiteName, run.endpointName);
    writer.writeStartElement(u"testsuite"_s);
    writer.writeAttribute(u"name"_s, suiteName);
    writer.writeAttribute(u"tests"_s, QString::number(qint64(results.size())));
    writer.writeAttribute(u"failures"_s, QString::number(failures));
    writer.writeAttribute(u"errors"_s, QString::number(errors));
    writer.writeAttribute(u"skipped"_s, u"0"_s);
    writer.writeAttribute(u"time"_s, seconds(totalMs));
    writer.writeAttribute(u"timestamp"_s,
                          QDateTime::fromMSecsSinceEpoch(run.startedAtMs, Qt::UTC).toString(Qt::ISODate));
    writer.writeStartElement(u"properties"_s);
    for (const auto &[name, value] :
         {std::pair{u"run"_s, QString::number(run.id)}, std::pair{u"endpoint"_s, run.endpointName},
          std::pair{u"model"_s, run.model}, std::pair{u"repeats"_s, QString::number(run.repeats)}}) {
        writer.writeEmptyElement(u"property"_s);
        writer.writeAttribute(u"name"_s, name);
        writer.writeAttribute(u"value"_s, value);
    }
    writer.writeEndElement();

    for (const EvalResultRecord &result : results) {
        writer.writeStartElement(u"testcase"_s);
        writer.writeAttribute(u"classname"_s, run.suiteName);
        writer.writeAttribute(u"name"_s, testCaseName(result));
        writer.writeAttribute(u"time"_s, seconds(result.latencyMs));
        if (result.errorClass != ErrorClass::None) {
            writer.writeStartElement(u"error"_s);
            writer.writeAttribute(u"type"_s, errorClassKey(result.errorClass));
            writer.writeAttribute(u"message"_s, xmlSafe(result.errorMessage));
            writer.writeCharacters(xmlSafe(result.errorMessage));
            writer.writeEndElement();
        } else {
            QStringList failed;
            for (const EvalScoreRecord &score : result.scores) {
                if (score.scorable() && !score.passed)
                    failed.append(u"%1: %2 (%3)"_s.arg(score.scorer).arg(*score.score).arg(score.explanation));
            }
            if (!failed.isEmpty()) {
                writer.writeStartElement(u"failure"_s);
                writer.writeAttribute(u"type"_s, u"score"_s);
                writer.writeAttribute(u"message"_s, xmlSafe(failed.join(u"; "_s)));
                writer.writeCharacters(u"Output:\n"_s + xmlSafe(result.output));
                writer.writeEndElement();
            }
        }
        writer.writeEndElement();
    }
    writer.writeEndElement();

    writer.writeStartElement(u"testsuite"_s);
    writer.writeAttribute(u"name"_s, suiteName + u" thresholds"_s);
    writer.writeAttribute(u"tests"_s, QString::number(qint64(gates.size()) + incompleteCases));
    writer.writeAttribute(u"failures"_s, QString::number(gateFailures));
    writer.writeAttribute(u"errors"_s, QString::number(incompleteCases));
    writer.writeAttribute(u"skipped"_s, u"0"_s);
    for (const ThresholdOutcome &gate : gates) {
        writer.writeStartElement(u"testcase"_s);
        writer.writeAttribute(u"classname"_s, run.suiteName + u".thresholds"_s);
        writer.writeAttribute(u"name"_s, u"%1 mean >= %2"_s.arg(gate.threshold.scorer).arg(gate.threshold.threshold));
        if (!gate.held) {
            writer.writeEmptyElement(u"failure"_s);
            writer.writeAttribute(u"type"_s, u"threshold"_s);
            writer.writeAttribute(u"message"_s,
                                  gate.mean ? u"mean %1 is under %2"_s.arg(*gate.mean).arg(gate.threshold.threshold)
                                            : u"%1 has no score"_s.arg(gate.threshold.scorer));
        }
        writer.writeEndElement();
    }
    if (!incomplete.isEmpty()) {
        writer.writeStartElement(u"testcase"_s);
        writer.writeAttribute(u"classname"_s, run.suiteName + u".thresholds"_s);
        writer.writeAttribute(u"name"_s, u"every item answered"_s);
        writer.writeEmptyElement(u"error"_s);
        writer.writeAttribute(u"type"_s, u"incomplete"_s);
        writer.writeAttribute(u"message"_s, xmlSafe(incomplete));
        writer.writeEndElement();
    }
    writer.writeEndElement();
    writer.writeEndElement();
    writer.writeEndDocument();
    return xml;
}

} // namespace llmops
