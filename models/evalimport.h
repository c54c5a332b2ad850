// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evaluation.h"

#include <QByteArrayView>
#include <QString>

#include <stdexcept>

namespace llmops {

/// A file that cannot be read as an evaluation at all: not JSON, nested deeper than
/// kMaxJsonNesting, or not the tool's format. The message names what is missing. A file that
/// is the format but has bad parts is read anyway, with a warning for each bad part.
class EvalImportError : public std::runtime_error
{
public:
    explicit EvalImportError(const QString &message);
    QString message() const { return QString::fromUtf8(what()); }
};

/// The JSON that `promptfoo eval -o out.json` writes: {evalId, results: {version, timestamp,
/// results: [...], stats}, config}, or the older summary whose `results` is the array itself.
///
/// Each row is one answer. A test is the same description, variables and assertions, so the
/// rows `--repeat` gives their own testIdx become repeats of one item. When the file compares
/// several prompt and provider pairs, each test is an item per pair (the pair named in
/// brackets after the item's key), since a result is one item and repeat; endpointName then
/// says "several". Items are numbered by the lowest testIdx, then the pair's promptIdx.
///
/// Outputs that are objects or arrays (tool calls, JSON mode) are kept as compact JSON. A row
/// promptfoo counts as an error (failureReason 2, or an error without grading in older files)
/// is ErrorClass::Reported with promptfoo's message and an unscored "promptfoo" verdict.
/// Answers replayed from promptfoo's cache keep no latency. Times are milliseconds since the
/// epoch. Throws EvalImportError; a bad row is a warning "results.results[12]: …".
ImportedEvaluation readPromptfooOutput(QByteArrayView json);

/// lm-evaluation-harness's `results_*.json`: per task, "metric,filter" keys (or plain
/// "metric" in old versions) each with its "metric_stderr,filter" sibling. A metric becomes
/// an EvalRunMetric named by the metric, with the filter in parentheses unless it is "none";
/// a standard error of "N/A", null or NaN is unknown. Groups are metrics of their own, their
/// sample count the sum of their subtasks'. The run has no results, so itemCount is 0.
/// Throws EvalImportError; a value that is not a number is a warning "results.task: …".
ImportedEvaluation readLmEvalResults(QByteArrayView json);

/// Either of the two, told apart by their shape; EvalImportError when it is neither.
ImportedEvaluation readEvaluationFile(QByteArrayView json);

} // namespace llmops
