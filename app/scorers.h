// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QString>
#include <QStringList>

#include <optional>
#include <string_view>

namespace llmops {

/// The deterministic scorers an evaluation suite can use.
enum class ScorerKind {
    Exact,       ///< the output equals the expected text
    Normalized,  ///< equal after case folding, trimming and collapsing white space
    ContainsAny, ///< the output holds one of `values`
    ContainsAll, ///< the output holds every one of `values`; score = share found
    Regex,       ///< the output matches the pattern `value`
    IsJson,      ///< the output is one JSON document (a fenced ```json block counts)
    JsonSchema,  ///< the output is JSON valid against the draft-07 schema `value`
    Numeric,     ///< the first number in the output is within `tolerance` of the expected one
    Length,      ///< the output has `minimum` to `maximum` characters
    Levenshtein, ///< 1 − edit distance / longer length, against the expected text
    RougeL,      ///< ROUGE-L F1 over words, against the expected text
    Refusal,     ///< the output refuses (score 1) or answers (score 0)
    PiiLeak,     ///< 1 when the output holds no email, phone, card (Luhn) or API key
    Latency,     ///< 1 when the request took at most `maximum` ms
    Cost,        ///< 1 when the request cost at most `maximum` dollars
    // Model-graded: these ask an endpoint (modelgradedscorers.h) and are scored there.
    LlmJudge,            ///< a judge model grades the output against `rubric`
    EmbeddingSimilarity, ///< cosine similarity of the output's and the expected text's embeddings
};

/// Whether the kind needs a model call to score (LlmJudge, EmbeddingSimilarity).
bool isModelGraded(ScorerKind kind);

QString scorerKindKey(ScorerKind kind);
std::optional<ScorerKind> scorerKindFromKey(const QString &key);

/// One scorer of a suite, as configured.
struct ScorerConfig {
    ScorerKind kind = ScorerKind::Exact;
    /// The item passes when its score is at least this.
    double threshold = 1.0;
    bool caseInsensitive = false;
    /// The pattern of Regex; the schema (JSON text) of JsonSchema.
    QString value;
    /// The texts of ContainsAny and ContainsAll.
    QStringList values;
    /// Numeric: how far off the number may be, absolute.
    double tolerance = 0;
    /// Length: the bounds in characters; Latency and Cost: the most allowed.
    std::optional<double> minimum;
    std::optional<double> maximum;
    /// Refusal: whether a refusal is what passes (a guardrail case) or what fails.
    bool expectRefusal = false;
    /// LlmJudge and EmbeddingSimilarity: the registered endpoint that grades or embeds
    /// (the run's own endpoint when empty), and for EmbeddingSimilarity the embedding model
    /// (the endpoint's model when empty).
    QString gradingEndpoint;
    QString embeddingModel;
    /// LlmJudge: what a good answer is, in words the judge reads.
    QString rubric;
};

/// What one answer is scored on.
struct ScoringInput {
    QString output;
    std::optional<QString> expected;
    std::optional<double> latencyMs;
    std::optional<double> costUsd;
    /// What the model was asked: the rendered messages' text (for a judge to read).
    QString input;
};

/// A score in [0, 1], whether it passes the scorer's threshold, and why, in words.
/// `scorable` is false when the scorer has nothing to go on (no expected text, no
/// latency): such an item is left out of the scorer's figures rather than scored 0.
struct ScoreResult {
    double score = 0;
    bool passed = false;
    bool scorable = true;
    QString explanation;
};

/// Scores a deterministic kind; a model-graded kind is unscorable here.
ScoreResult scoreAnswer(const ScorerConfig &scorer, const ScoringInput &input);

/// The building blocks, for tests and for scorers of other kinds.
int levenshteinDistance(const QString &a, const QString &b);
double rougeLF1(const QString &candidate, const QString &reference);
bool passesLuhnCheck(const QString &digits);
/// The kinds of personal data or secrets found: "email", "phone", "card", "api key".
QStringList piiFound(const QString &text);
bool looksLikeRefusal(const QString &text);

/// Whether the document is valid against the JSON Schema (draft 7, through Debian's
/// valijson), with the validator's reasons in `explanation` when not. Nothing when the
/// schema itself cannot be read (or uses what valijson does not support, such as remote
/// references): then `explanation` says why.
std::optional<bool> validateAgainstSchema(std::string_view schemaText, std::string_view documentText,
                                          QString *explanation);

} // namespace llmops
