// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "endpoint.h"
#include "httpclient.h"
#include "prompt.h"
#include "requestrecord.h"
#include "scorers.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <atomic>
#include <optional>
#include <vector>

namespace llmops {

/// What a model-graded scorer gives: its verdict and the grading request it made.
///
/// A failure of the grader (no answer, an HTTP error, a timeout, a cancel, an answer without
/// a score) is never a score of 0 for the graded answer: `result` is then unscorable, and its
/// explanation says why and quotes what the grader said. `request` is the grading call as
/// measured, with RequestSource::Eval, for the run to store next to the answer's own request.
/// It is present whenever the scorer tried to call the grader, including a call that could
/// not be made (ErrorClass::Configuration, latency 0) or that failed; empty when there was
/// nothing to grade and no call was tried.
struct ModelGradedOutcome {
    ScoreResult result;
    std::optional<RequestRecord> request;
};

/// Scores LlmJudge with scoreWithJudge() and EmbeddingSimilarity with scoreWithEmbeddings(),
/// on `grader`, the endpoint the scorer names (the run resolves ScorerConfig::gradingEndpoint).
/// Any other kind is unscorable here and asks nothing. Blocks the calling thread for the
/// grading call; `client` belongs to that thread. Never throws.
ModelGradedOutcome scoreModelGraded(const ScorerConfig &scorer, const ScoringInput &input, const Endpoint &grader,
                                    HttpClient &client, const std::atomic<bool> *cancelRequested = nullptr);

// LLM as judge ------------------------------------------------------------------------

/// The most tokens a judge may answer with: a score line and a sentence need far fewer, and
/// a judge that rambles on is cut rather than waited for.
inline constexpr int kJudgeMaxTokens = 256;

/// A judge's verdict: the score in [0, 1] and the judge's reason in its own words (empty when
/// it gave none).
struct JudgeVerdict {
    double score = 0;
    QString explanation;
};

/// Reads the verdict in a judge's answer, or nothing when there is none to trust; then
/// `whyNot`, when given, says why in one sentence.
///
/// Accepted: a JSON object with `score` and `explanation` (or `reason`, `reasoning`,
/// `rationale`), alone, inside a ```json fence or amid prose, whose score is a number or a
/// text such as "7/10"; otherwise a labelled score in the text, `SCORE: 7/10`, `Score: 0.8`,
/// `score=4 out of 5`, `Rating: 3/5`, `Grade: 80%` (Markdown bold allowed), with its reason on
/// an `EXPLANATION:` line or, without one, the text less its score lines; otherwise an
/// unlabelled fraction such as "7/10" or "8 out of 10", or a number alone on the first line.
///
/// Normalised to [0, 1]: x/N is x / N; a percentage of at most 100 is / 100; a bare number
/// of at most 1 is taken as it is and one above 1 up to 10 as out of 10, so a bare "1" reads
/// as 1.0 (which is why the judge is asked for "N/10"). Refused: a score out of its range
/// (11/10, 85 without a denominator, a negative one, a zero denominator), no number (NaN,
/// words), and several scores that differ. When a labelled score is present, unlabelled
/// fractions in the prose around it are not read as scores.
std::optional<JudgeVerdict> parseJudgeVerdict(const QString &answer, QString *whyNot = nullptr);

/// The conversation a judge is sent: a system turn that makes it a strict grader and a user
/// turn with the question (ScoringInput::input, left out when empty), the expected answer
/// when there is one, the answer to grade, the rubric (a general one when the scorer has
/// none), and how to answer: `SCORE: N/10` and `EXPLANATION: ...`, or a JSON object.
std::vector<ChatMessage> judgeMessages(const ScorerConfig &scorer, const ScoringInput &input);

/// Temperature 0, so that a grade repeats, and at most kJudgeMaxTokens.
ChatParameters judgeParameters();

/// Asks `judge` to grade the output (judgeMessages(), judgeParameters(), sent as any chat is
/// with buildChatRequest() and runChatCall()) and reads its verdict with parseJudgeVerdict().
/// Passes when the score is at least the scorer's threshold. See ModelGradedOutcome for what
/// a failure gives.
ModelGradedOutcome scoreWithJudge(const ScorerConfig &scorer, const ScoringInput &input, const Endpoint &judge,
                                  HttpClient &client, const std::atomic<bool> *cancelRequested = nullptr);

// Embedding similarity ----------------------------------------------------------------

/// Why an embeddings response could not be used.
enum class EmbeddingsError {
    None,
    NotJson,          ///< the body is no JSON object
    NoData,           ///< no `data` array (OpenAI) or `embeddings` array (Ollama), or an error object
    BadVector,        ///< an item is no non-empty array of finite numbers (base64 was not asked for)
    WrongCount,       ///< not one vector per text, or an index missing, repeated or out of range
    DifferentLengths, ///< the vectors differ in length, so they cannot be compared
    ZeroVector,       ///< a vector of zeros, whose direction (and cosine) is undefined
};

/// A stable key for messages and tests: "not_json", "no_data", "bad_vector", "wrong_count",
/// "different_lengths", "zero_vector" ("none" for None).
QString embeddingsErrorKey(EmbeddingsError error);

/// The vectors of an embeddings response, in the order of the texts sent.
struct EmbeddingsResponse {
    EmbeddingsError error = EmbeddingsError::None;
    /// One sentence naming the problem when `error` is set; `vectors` is then empty.
    QString problem;
    std::vector<std::vector<double>> vectors;
    /// usage.prompt_tokens (OpenAI) or prompt_eval_count (Ollama), when the server reports it.
    std::optional<qint64> inputTokens;
    QString model;
};

/// The embeddings request for the endpoint's protocol, with its base URL, headers and API key
/// as buildEndpointRequest() makes them: `POST {base}/embeddings` with OpenAI's
/// {"model", "input": [texts]}, or for an Ollama endpoint `POST {base}/api/embed` with
/// {"model", "input": [texts], "truncate": false} (a text cut to fit would be scored as if it
/// were whole, so a text too long is an error instead). Returns std::nullopt and sets
/// `problem` when the endpoint is invalid, its key is missing, or there is no text or model.
std::optional<HttpRequest> buildEmbeddingsRequest(const Endpoint &endpoint, const QStringList &texts,
                                                  const QString &model, QString *problem);

/// Reads a 2xx embeddings body: OpenAI's {"data": [{"embedding": [...], "index": i}, ...],
/// "usage": {"prompt_tokens"}} (put in index order), or for `EndpointKind::OllamaChat` Ollama's
/// {"embeddings": [[...], ...], "prompt_eval_count"}. `expectedCount` is the number of texts
/// sent. Never throws.
EmbeddingsResponse parseEmbeddingsResponse(EndpointKind kind, QByteArrayView body, qsizetype expectedCount);

/// One embeddings call as measured: the row to store and what it answered.
struct EmbeddingsCallOutcome {
    RequestRecord record;
    /// Its vectors only when the record's status is Ok.
    EmbeddingsResponse response;
};

/// Sends the request (not streamed) and reads its answer. An HTTP error is classified as a chat
/// call's is (classifyHttpError(): 429 RateLimited with Retry-After, a 5xx page UpstreamGateway,
/// ...); a 2xx body that parseEmbeddingsResponse() refuses is MalformedStream with the problem
/// as the message. Blocks until the transfer ends, times out or `cancelRequested` becomes true.
/// Never throws.
EmbeddingsCallOutcome runEmbeddingsCall(const Endpoint &endpoint, const HttpRequest &request, qsizetype textCount,
                                        HttpClient &client, RequestSource source,
                                        const std::atomic<bool> *cancelRequested = nullptr);

/// Cosine similarity in [-1, 1]; nothing when the vectors differ in length, are empty, or one
/// of them is all zeros.
std::optional<double> cosineSimilarity(const std::vector<double> &a, const std::vector<double> &b);

/// Embeds the output and the expected text in one call on `embedder` (with the scorer's
/// embedding model, or the endpoint's model when it names none) and scores max(0, cosine):
/// embeddings of unrelated texts can point away from each other, and a negative similarity
/// is no more wrong than none, so it scores 0 rather than below. Passes when the score is at
/// least the scorer's threshold. Unscorable, without a call, when the item has no expected
/// text or it is empty; an empty output scores 0, also without a call (no server embeds
/// an empty text). See ModelGradedOutcome for what a failure gives.
ModelGradedOutcome scoreWithEmbeddings(const ScorerConfig &scorer, const ScoringInput &input, const Endpoint &embedder,
                                       HttpClient &client, const std::atomic<bool> *cancelRequested = nullptr);

} // namespace llmops
