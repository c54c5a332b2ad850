// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "errorclass.h"

#include <QString>
#include <QtGlobal>

#include <optional>
#include <vector>

namespace llmops {

/// A suite as stored: a name and its definition, the JSON form that `llmopsctl eval suite
/// save` reads (dataset, prompt or messages, parameters, scorers). The app layer reads the
/// definition (suitedefinition.h); the store only keeps it.
struct EvalSuiteRecord {
    qint64 id = 0;
    QString name;
    QString definitionJson;
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
};

/// Where a run's results came from: run by the console or llmopsctl, or read from another
/// tool's output.
enum class EvalRunSource { Console, Cli, Promptfoo, LmEval };

/// Running is also what a run says after a crash: resuming it carries on where it stopped.
enum class EvalRunStatus { Running, Finished, Cancelled, Failed };

QString evalRunSourceKey(EvalRunSource source);
std::optional<EvalRunSource> evalRunSourceFromKey(const QString &key);
QString evalRunStatusKey(EvalRunStatus status);
std::optional<EvalRunStatus> evalRunStatusFromKey(const QString &key);

/// One run of a suite on one endpoint, or one imported result file.
struct EvalRunRecord {
    qint64 id = 0;
    QString suiteName;
    /// The suite's definition as the run resolved it (dataset and prompt versions pinned),
    /// so that the run can be resumed and read after the suite changes.
    QString definitionJson;
    /// The endpoint it ran on; 0 for an import, or once the endpoint has been removed.
    qint64 endpointId = 0;
    QString endpointName;
    QString model;
    EvalRunSource source = EvalRunSource::Console;
    EvalRunStatus status = EvalRunStatus::Running;
    int repeats = 1;
    /// Items of the dataset; the run is complete with itemCount × repeats results.
    qint64 itemCount = 0;
    /// The limits it ran with, as JSON: {"concurrency", "requests_per_second",
    /// "tokens_per_minute", "max_attempts"}.
    QString limitsJson = QStringLiteral("{}");
    qint64 startedAtMs = 0;
    std::optional<qint64> finishedAtMs;
    /// Why a run failed, in words; empty otherwise.
    QString error;
};

/// One scorer's verdict on one answer. `score` is empty when the answer was not scorable.
struct EvalScoreRecord {
    QString scorer;
    std::optional<double> score;
    bool passed = false;
    QString explanation;

    bool scorable() const { return score.has_value(); }
};

/// One item answered once (one repeat), with its measurement and every scorer's verdict.
struct EvalResultRecord {
    qint64 id = 0;
    qint64 runId = 0;
    /// The item's place in the dataset version, from 0, and its own id when it has one.
    qint64 itemPosition = 0;
    QString itemKey;
    /// From 0 to repeats − 1.
    int repeat = 0;
    /// The request row of the answer; empty for imports and once the endpoint is removed.
    std::optional<qint64> requestId;
    /// The messages sent, as JSON ([{"role", "content"}]), or the imported test's inputs.
    QString inputJson;
    std::optional<QString> expected;
    QString output;
    ErrorClass errorClass = ErrorClass::None;
    QString errorMessage;
    /// How many tries the answer took (1 when the first one did).
    int attempts = 1;
    std::optional<double> latencyMs;
    std::optional<double> costUsd;
    std::optional<qint64> inputTokens;
    std::optional<qint64> outputTokens;
    std::vector<EvalScoreRecord> scores;
};

/// A figure reported for a whole run rather than per item, as lm-evaluation-harness reports
/// them: a task's metric with its standard error when known.
struct EvalRunMetric {
    QString task;
    QString metric;
    double value = 0;
    std::optional<double> standardError;
    std::optional<qint64> sampleCount;
};

/// The process answering a run, as it last said: none when `pid` is empty.
struct EvalRunClaim {
    QString host;
    std::optional<qint64> pid;
    std::optional<qint64> heartbeatMs;

    bool operator==(const EvalRunClaim &other) const = default;
};

/// One line of the runs list.
struct EvalRunSummary {
    EvalRunRecord run;
    qint64 resultCount = 0;
    qint64 failedRequests = 0;
};

/// An evaluation read from another tool's output file, ready to be stored as a run.
struct ImportedEvaluation {
    EvalRunRecord run;
    std::vector<EvalResultRecord> results;
    std::vector<EvalRunMetric> metrics;
    /// What was read with a doubt or skipped, with where it was in the file.
    std::vector<QString> warnings;
};

} // namespace llmops
