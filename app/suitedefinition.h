// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dataset.h"
#include "prompt.h"
#include "scorers.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>
#include <vector>

namespace llmops {

/// A scorer of a suite under the name its figures are shown by.
struct SuiteScorer {
    QString name;
    ScorerConfig config;
};

/// What a suite runs: every item of a dataset version through a prompt (a library version,
/// or messages written into the suite), scored by each of its scorers.
///
/// Its JSON form, as `llmopsctl eval suite save` reads it:
///
///     {"dataset": "capitals@2",
///      "prompt": "capital@production",          // or "messages": [{"role", "content"}]
///      "parameters": {"temperature": 0, "max_tokens": 32},
///      "scorers": [{"type": "contains_any", "values": ["Paris"], "case_insensitive": true},
///                  {"name": "judge", "type": "llm_judge", "endpoint": "local",
///                   "rubric": "Names the right capital."}]}
///
/// A dataset without a version means its latest when the run starts; a prompt reference
/// takes `name`, `name@3` or `name@label` (prompt.h). Without a prompt or messages each
/// item's own messages are sent, or one user turn `{{input}}`. `parameters` lay over the
/// prompt version's. Scorer fields: `type` (scorers.h keys), `name` (the type when left
/// out; names must differ), `threshold` (1 by default; 0.5 for similarity kinds),
/// `case_insensitive`, `value` / `pattern` / `schema` (text or, for a schema, an object),
/// `values`, `tolerance`, `min`, `max`, `expect_refusal`, `endpoint`, `model`, `rubric`.
struct SuiteDefinition {
    QString datasetName;
    std::optional<int> datasetVersion;
    std::optional<PromptReference> prompt;
    /// The prompt version it was resolved to, once a run pinned it.
    std::optional<int> promptVersion;
    std::vector<ChatMessage> messages;
    ChatParameters parameters;
    std::vector<SuiteScorer> scorers;
};

/// Reads the JSON form. Nothing, with the problem named by its field, when it is not one.
std::optional<SuiteDefinition> readSuiteDefinition(QByteArrayView json, QString *problem);
QByteArray writeSuiteDefinition(const SuiteDefinition &suite);

/// The messages an item sends: the suite's (or its prompt's) rendered with the item's
/// variables; the item's own messages when the suite has none; else one user turn of
/// `{{input}}`. `missing` lists placeholders the item gives no value for.
RenderedMessages messagesForItem(const std::vector<ChatMessage> &suiteMessages, const DatasetItem &item);

} // namespace llmops
