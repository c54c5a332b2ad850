// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "httppost.h"
#include "localendpoint.h"
#include "modelgradedscorers.h"

#include <QRegularExpression>
#include <QTest>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <mutex>
#include <thread>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

namespace {

ScorerConfig judgeScorer(const QString &rubric = {})
{
    ScorerConfig scorer;
    scorer.kind = ScorerKind::LlmJudge;
    scorer.threshold = 0.5;
    scorer.rubric = rubric;
    return scorer;
}

ScorerConfig embeddingScorer(double threshold)
{
    ScorerConfig scorer;
    scorer.kind = ScorerKind::EmbeddingSimilarity;
    scorer.threshold = threshold;
    return scorer;
}

ScoringInput answered(const QString &question, const QString &output, const std::optional<QString> &expected)
{
    ScoringInput input;
    input.input = question;
    input.output = output;
    input.expected = expected;
    return input;
}

/// What an explanation quotes of the grader's answer, between the curly quotes.
QString quotedPart(const QString &explanation)
{
    const qsizetype open = explanation.indexOf(u'\u201C');
    const qsizetype close = explanation.lastIndexOf(u'\u201D');
    return open >= 0 && close > open ? explanation.mid(open + 1, close - open - 1) : QString();
}

/// One text's embedding, asked for with a plain libcurl request, apart from the code tested.
std::vector<double> embeddingByHand(const QString &baseUrl, const QString &text)
{
    const nlohmann::json body = {{"model", "stories260K"}, {"input", text.toStdString()}};
    const PostAnswer answer = post(QString(baseUrl + u"/embeddings"_s).toStdString(), body.dump(),
                                   {"Content-Type: application/json"});
    if (answer.status != 200)
        return {};
    const auto json = nlohmann::json::parse(answer.body, nullptr, false);
    if (json.is_discarded() || !json.contains("data") || json["data"].size() != 1)
        return {};
    return json["data"][0]["embedding"].get<std::vector<double>>();
}

double cosineByHand(const std::vector<double> &a, const std::vector<double> &b)
{
    double dot = 0;
    double normA = 0;
    double normB = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        dot += a[i] * b[i];
        normA += a[i] * a[i];
        normB += b[i] * b[i];
    }
    return dot / (std::sqrt(normA) * std::sqrt(normB));
}

/// A grader whose answers the test writes: a chat stream that says what the judge is to say,
/// and an embeddings body as it is given. For the verdicts the tiny model never gives.
class ScriptedGrader
{
public:
    ScriptedGrader()
    {
        m_server.Post("/v1/chat/completions", [this](const httplib::Request &request, httplib::Response &response) {
            std::lock_guard lock(m_mutex);
            m_lastBody = request.body;
            response.set_content(m_chatStream, "text/event-stream");
        });
        m_server.Post("/v1/embeddings", [this](const httplib::Request &request, httplib::Response &response) {
            std::lock_guard lock(m_mutex);
            m_lastBody = request.body;
            response.set_content(m_embeddingsBody, "application/json");
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_serving = std::thread([this] { m_server.listen_after_bind(); });
    }
    ~ScriptedGrader()
    {
        m_server.stop();
        m_serving.join();
    }
    ScriptedGrader(const ScriptedGrader &) = delete;
    ScriptedGrader &operator=(const ScriptedGrader &) = delete;

    /// The judge streams `text` in two pieces, then its usage and [DONE].
    void setJudgeAnswer(const std::string &text)
    {
        const auto event = [](const nlohmann::json &chunk) { return "data: " + chunk.dump() + "\n\n"; };
        const auto content = [](const std::string &piece) {
            return nlohmann::json{{"choices", {{{"index", 0}, {"delta", {{"content", piece}}}}}}};
        };
        const size_t half = text.size() / 2;
        std::lock_guard lock(m_mutex);
        m_chatStream = event(content(text.substr(0, half))) + event(content(text.substr(half)))
            + event({{"choices", {{{"index", 0}, {"delta", nlohmann::json::object()}, {"finish_reason", "stop"}}}}})
            + event({{"choices", nlohmann::json::array()},
                     {"usage", {{"prompt_tokens", 120}, {"completion_tokens", 9}, {"total_tokens", 129}}}})
            + "data: [DONE]\n\n";
    }

    void setEmbeddingsBody(const std::string &body)
    {
        std::lock_guard lock(m_mutex);
        m_embeddingsBody = body;
    }

    nlohmann::json lastBody()
    {
        std::lock_guard lock(m_mutex);
        return nlohmann::json::parse(m_lastBody, nullptr, false);
    }

    Endpoint endpoint() const
    {
        Endpoint endpoint;
        endpoint.id = 9;
        endpoint.name = u"scripted"_s;
        endpoint.baseUrl = u"http://127.0.0.1:%1/v1"_s.arg(m_port);
        endpoint.model = u"judge-model"_s;
        endpoint.timeoutS = 10;
        return endpoint;
    }

private:
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_serving;
    std::mutex m_mutex;
    std::string m_chatStream;
    std::string m_embeddingsBody;
    std::string m_lastBody;
};

} // namespace

class TestModelGraded : public QObject
{
    Q_OBJECT

private:
    Endpoint localEndpoint(const QString &fault = {}, EndpointKind kind = EndpointKind::OpenAiChat) const
    {
        Endpoint endpoint;
        endpoint.id = 7;
        endpoint.name = u"grader"_s;
        endpoint.kind = kind;
        // Ollama's routes start at the server root, OpenAI's below /v1.
        endpoint.baseUrl = kind == EndpointKind::OllamaChat ? m_endpoint.url() : m_endpoint.baseUrl();
        endpoint.model = u"stories260K"_s;
        endpoint.timeoutS = 60;
        if (!fault.isEmpty())
            endpoint.extraHeaders = {{u"X-Llmops-Fault"_s, fault}};
        return endpoint;
    }

    LocalEndpoint m_endpoint;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_endpoint.start(), qPrintable(m_endpoint.error())); }

    // parseJudgeVerdict ---------------------------------------------------------------

    void readsTheVerdictsJudgesWrite_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<double>("score");
        QTest::addColumn<QString>("explanation");

        QTest::newRow("score line, then explanation") << u"SCORE: 7/10\nEXPLANATION: Correct, but it misses the date."_s
                                                      << 0.7 << u"Correct, but it misses the date."_s;
        QTest::newRow("explanation, then score line")
            << u"EXPLANATION: It names the wrong city.\nSCORE: 2/10"_s << 0.2 << u"It names the wrong city."_s;
        QTest::newRow("a decimal score") << u"Score: 0.8\nExplanation: Mostly right."_s << 0.8 << u"Mostly right."_s;
        QTest::newRow("out of five, with =") << u"score=4 out of 5"_s << 0.8 << QString();
        QTest::newRow("a rating of three of five")
            << u"Rating: 3/5 - partially correct"_s << 0.6 << u"partially correct"_s;
        QTest::newRow("a bare fraction") << u"7/10"_s << 0.7 << QString();
        QTest::newRow("a fraction in a sentence")
            << u"I would give this answer 8 out of 10 because it is accurate."_s << 0.8
            << u"I would give this answer 8 out of 10 because it is accurate."_s;
        QTest::newRow("a bare number above one is out of ten") << u"Score: 7"_s << 0.7 << QString();
        QTest::newRow("a bare one is full marks") << u"Score: 1"_s << 1.0 << QString();
        QTest::newRow("zero") << u"SCORE: 0/10\nEXPLANATION: Off topic."_s << 0.0 << u"Off topic."_s;
        QTest::newRow("ten of ten") << u"SCORE: 10/10\nEXPLANATION: Exact."_s << 1.0 << u"Exact."_s;
        QTest::newRow("a half point") << u"SCORE: 7.5/10"_s << 0.75 << QString();
        QTest::newRow("a number alone on the first line")
            << u"8\nThe answer is right."_s << 0.8 << u"The answer is right."_s;
        QTest::newRow("a percentage") << u"Grade: 85%"_s << 0.85 << QString();
        QTest::newRow("Markdown bold") << u"**Score:** 9/10\n**Explanation:** Complete and correct."_s << 0.9
                                       << u"Complete and correct."_s;
        QTest::newRow("the score is") << u"The score is 6 out of 10, as it is vague."_s << 0.6
                                      << u"The score is 6 out of 10, as it is vague."_s;
        QTest::newRow("the same score written twice")
            << u"Score: 7/10. Final score: 0.7"_s << 0.7 << u"Final score: 0.7"_s;
        QTest::newRow("a fraction in the explanation is no score")
            << u"SCORE: 9/10\nEXPLANATION: It names 2/3 of the causes."_s << 0.9 << u"It names 2/3 of the causes."_s;
        QTest::newRow("JSON") << u"{\"score\": 8, \"explanation\": \"Accurate.\"}"_s << 0.8 << u"Accurate."_s;
        QTest::newRow("JSON with the score as N/10")
            << u"{\"score\": \"6/10\", \"explanation\": \"Vague.\"}"_s << 0.6 << u"Vague."_s;
        QTest::newRow("JSON in a fence") << u"```json\n{\"score\": 0.25, \"explanation\": \"Mostly wrong.\"}\n```"_s
                                         << 0.25 << u"Mostly wrong."_s;
        QTest::newRow("JSON amid prose, with reason")
            << u"Here is my verdict: {\"Score\": 9, \"reason\": \"Good.\"} Thank you."_s << 0.9 << u"Good."_s;
        QTest::newRow("JSON wins over the text around it")
            << u"SCORE: 3/10\n{\"score\": \"3/10\", \"explanation\": \"Thin.\"}"_s << 0.3 << u"Thin."_s;
    }

    void readsTheVerdictsJudgesWrite()
    {
        // A pattern that does not compile only warns, and would read no score at all.
        QTest::failOnWarning(QRegularExpression(u"QRegularExpression"_s));
        QFETCH(QString, answer);
        QFETCH(double, score);
        QFETCH(QString, explanation);

        QString whyNot;
        const auto verdict = parseJudgeVerdict(answer, &whyNot);
        QVERIFY2(verdict, qPrintable(whyNot));
        QVERIFY2(std::abs(verdict->score - score) < 1e-12, qPrintable(QString::number(verdict->score)));
        QCOMPARE(verdict->explanation, explanation);
    }

    void refusesWhatIsNoTrustworthyScore_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<QString>("why");

        QTest::newRow("empty") << QString() << u"The judge's answer is empty."_s;
        QTest::newRow("white space") << u"  \n\t "_s << u"The judge's answer is empty."_s;
        QTest::newRow("a story") << u"Once upon a time there was a little girl named Lily."_s
                                 << u"The judge's answer holds no score."_s;
        QTest::newRow("garbage") << u"}{ ### ::: score:::"_s << u"The judge's answer holds no score."_s;
        QTest::newRow("NaN") << u"SCORE: NaN\nEXPLANATION: cannot tell"_s << u"The judge's answer holds no score."_s;
        QTest::newRow("JSON cut short") << u"{\"score\": 7"_s << u"The judge's answer holds no score."_s;
        QTest::newRow("JSON without a score")
            << u"{\"verdict\": \"good\"}"_s << u"The judge's answer holds no score."_s;
        QTest::newRow("eleven of ten") << u"SCORE: 11/10"_s
                                       << u"The judge's score \u201CSCORE: 11/10\u201D is out of range."_s;
        QTest::newRow("85 without a percent sign")
            << u"Score: 85"_s << u"The judge's score \u201CScore: 85\u201D is out of range."_s;
        QTest::newRow("more than 100 percent")
            << u"Score: 120%"_s << u"The judge's score \u201CScore: 120%\u201D is out of range."_s;
        QTest::newRow("negative") << u"Score: -2/10"_s
                                  << u"The judge's score \u201CScore: -2/10\u201D is out of range."_s;
        QTest::newRow("a zero denominator")
            << u"Rating: 3/0"_s << u"The judge's score \u201CRating: 3/0\u201D is out of range."_s;
        QTest::newRow("two labelled scores")
            << u"SCORE: 7/10\nEXPLANATION: fine\nSCORE: 3/10"_s
            << u"The judge's answer holds different scores: \u201CSCORE: 7/10\u201D, \u201CSCORE: 3/10\u201D."_s;
        QTest::newRow("two fractions")
            << u"Maybe 3/10, maybe 8/10."_s
            << u"The judge's answer holds different scores: \u201C3/10\u201D, \u201C8/10\u201D."_s;
        QTest::newRow("a JSON score of 42")
            << u"{\"score\": 42, \"explanation\": \"x\"}"_s << u"The judge's score \u201C42\u201D is out of range."_s;
        QTest::newRow("a JSON score of NaN") << u"{\"score\": \"NaN\", \"explanation\": \"x\"}"_s
                                             << u"The judge's JSON score \u201C\"NaN\"\u201D is no number."_s;
        QTest::newRow("a JSON score that is an object")
            << u"{\"score\": {\"value\": 3}}"_s << u"The judge's JSON score \u201C{\"value\":3}\u201D is no number."_s;
    }

    void refusesWhatIsNoTrustworthyScore()
    {
        // A pattern that does not compile only warns, and would read no score at all.
        QTest::failOnWarning(QRegularExpression(u"QRegularExpression"_s));
        QFETCH(QString, answer);
        QFETCH(QString, why);

        QString whyNot;
        const auto verdict = parseJudgeVerdict(answer, &whyNot);
        QVERIFY2(!verdict, qPrintable(QString::number(verdict ? verdict->score : -1)));
        QCOMPARE(whyNot, why);
        QVERIFY(!parseJudgeVerdict(answer));
    }

    // The judge's prompt --------------------------------------------------------------

    void judgeIsAskedForEverythingItGrades()
    {
        const auto messages = judgeMessages(judgeScorer(u"Names the capital city."_s),
                                            answered(u"Capital of France?"_s, u"Lyon"_s, u"Paris"_s));
        QCOMPARE(messages.size(), size_t(2));
        QCOMPARE(messages[0].role, u"system"_s);
        QVERIFY(messages[0].content.startsWith(u"You are a strict grader."_s));
        QCOMPARE(messages[1].role, u"user"_s);
        const QString &user = messages[1].content;
        QVERIFY(user.contains(u"<question>\nCapital of France?\n</question>"_s));
        QVERIFY(user.contains(u"<reference_answer>\nParis\n</reference_answer>"_s));
        QVERIFY(user.contains(u"<answer>\nLyon\n</answer>"_s));
        QVERIFY(user.contains(u"<rubric>\nNames the capital city.\n</rubric>"_s));
        QVERIFY(user.contains(u"SCORE: <a whole number from 0 to 10>/10\nEXPLANATION: "_s));
        QVERIFY(user.contains(u"{\"score\": "_s));

        // Without a reference or a question those sections are left out, and a general rubric stands in.
        const QString plain = judgeMessages(judgeScorer(), answered({}, u"Blue."_s, std::nullopt))[1].content;
        QVERIFY(!plain.contains(u"<reference_answer>"_s));
        QVERIFY(!plain.contains(u"<question>"_s));
        QVERIFY(plain.contains(u"<rubric>\nThe answer is correct and complete"_s));

        const ChatParameters parameters = judgeParameters();
        QCOMPARE(parameters.temperature, std::optional<double>(0.0));
        QCOMPARE(parameters.maxTokens, std::optional<int>(kJudgeMaxTokens));
    }

    // The local endpoint as judge -----------------------------------------------------

    void localModelJudgesSomeItems_data()
    {
        QTest::addColumn<QString>("question");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("rubric");

        QTest::newRow("right answer") << u"What is the capital of France?"_s << u"Paris"_s << u"Paris"_s << QString();
        QTest::newRow("wrong answer") << u"What is 2 + 2?"_s << u"5"_s << u"4"_s << QString();
        QTest::newRow("no reference, own rubric")
            << u"Name a colour."_s << u"Blue."_s << QString() << u"The answer names one colour."_s;
    }

    void localModelJudgesSomeItems()
    {
        QFETCH(QString, question);
        QFETCH(QString, output);
        QFETCH(QString, expected);
        QFETCH(QString, rubric);

        HttpClient client;
        const ScoringInput input = answered(question, output,
                                            expected.isNull() ? std::nullopt : std::optional(expected));
        const ModelGradedOutcome outcome = scoreWithJudge(judgeScorer(rubric), input, localEndpoint(), client);

        // The tiny model tells stories rather than grades: either verdict is right, as long as
        // it is read honestly and the call itself is measured.
        QVERIFY(outcome.request);
        const RequestRecord &record = *outcome.request;
        QVERIFY2(record.status == RequestStatus::Ok, qPrintable(record.errorMessage));
        QCOMPARE(record.source, RequestSource::Eval);
        QCOMPARE(record.endpointId, qint64(7));
        QCOMPARE(record.httpStatus, std::optional<int>(200));
        QVERIFY(record.inputTokens.value_or(0) > 50);
        QVERIFY(record.outputTokens.value_or(0) > 0);
        QVERIFY(record.tokensReported);

        const ScoreResult &result = outcome.result;
        qInfo("judge: scorable=%d score=%.2f tokens in %lld out %lld, %.0f ms: %s", result.scorable, result.score,
              record.inputTokens.value_or(-1), record.outputTokens.value_or(-1), record.latencyMs,
              qPrintable(result.explanation));
        if (result.scorable) {
            QVERIFY(result.score >= 0 && result.score <= 1);
            QVERIFY(result.explanation.startsWith(u"The judge scored "_s));
            QCOMPARE(result.passed, result.score >= 0.5);
        } else {
            static const QRegularExpression why(
                u"^The judge's (answer is empty|answer holds no score|score .* is out "
                u"of range|answer holds different scores|JSON score .* is no number)"_s);
            QVERIFY2(why.match(result.explanation).hasMatch(), qPrintable(result.explanation));
            QCOMPARE(result.score, 0.0);
            QVERIFY(!result.passed);
            QVERIFY(quotedPart(result.explanation).size() <= 200);
        }

        // Temperature 0: the same item gets the same verdict.
        const ModelGradedOutcome again = scoreWithJudge(judgeScorer(rubric), input, localEndpoint(), client);
        QCOMPARE(again.result.explanation, result.explanation);
        QCOMPARE(again.request->outputTokens, record.outputTokens);
    }

    void aJudgeThatGradesScoresTheAnswer()
    {
        ScriptedGrader grader;
        grader.setJudgeAnswer("SCORE: 8/10\nEXPLANATION: It names Paris, as the reference does.");
        HttpClient client;
        const ModelGradedOutcome outcome = scoreWithJudge(
            judgeScorer(), answered(u"Capital of France?"_s, u"Paris"_s, u"Paris"_s), grader.endpoint(), client);

        QVERIFY2(outcome.result.scorable, qPrintable(outcome.result.explanation));
        QCOMPARE(outcome.result.score, 0.8);
        QVERIFY(outcome.result.passed);
        QCOMPARE(outcome.result.explanation, u"The judge scored 0.80: It names Paris, as the reference does."_s);
        QCOMPARE(outcome.request->status, RequestStatus::Ok);
        QCOMPARE(outcome.request->endpointId, qint64(9));
        QCOMPARE(outcome.request->inputTokens, std::optional<qint64>(120));
        QCOMPARE(outcome.request->outputTokens, std::optional<qint64>(9));

        // What went out: the judge's model, greedy and short, the system turn first.
        const nlohmann::json sent = grader.lastBody();
        QCOMPARE(sent["model"].get<std::string>(), std::string("judge-model"));
        QCOMPARE(sent["temperature"].get<double>(), 0.0);
        QCOMPARE(sent["max_tokens"].get<int>(), kJudgeMaxTokens);
        QCOMPARE(sent["messages"].size(), size_t(2));
        QCOMPARE(sent["messages"][0]["role"].get<std::string>(), std::string("system"));

        // Below the threshold it fails, and still counts.
        grader.setJudgeAnswer("{\"score\": \"3/10\", \"explanation\": \"Vague.\"}");
        const ModelGradedOutcome low = scoreWithJudge(judgeScorer(), answered(u"Q"_s, u"A"_s, std::nullopt),
                                                      grader.endpoint(), client);
        QVERIFY(low.result.scorable);
        QCOMPARE(low.result.score, 0.3);
        QVERIFY(!low.result.passed);
    }

    void aJudgeAnswerWithoutAUsableScoreIsUnscorable()
    {
        ScriptedGrader grader;
        grader.setJudgeAnswer("SCORE: 11/10\nEXPLANATION: Better than perfect.");
        HttpClient client;
        const ModelGradedOutcome outcome = scoreWithJudge(judgeScorer(), answered(u"Q"_s, u"A"_s, std::nullopt),
                                                          grader.endpoint(), client);
        QVERIFY(!outcome.result.scorable);
        QCOMPARE(outcome.result.score, 0.0);
        QCOMPARE(outcome.result.explanation,
                 u"The judge's score \u201CSCORE: 11/10\u201D is out of range. The judge said: \u201CSCORE: 11/10 "
                 u"EXPLANATION: Better than perfect.\u201D"_s);
        QCOMPARE(outcome.request->status, RequestStatus::Ok);

        // A long answer is quoted shortened to 200 characters.
        grader.setJudgeAnswer(std::string(500, 'x'));
        const ModelGradedOutcome rambling = scoreWithJudge(judgeScorer(), answered(u"Q"_s, u"A"_s, std::nullopt),
                                                           grader.endpoint(), client);
        QCOMPARE(quotedPart(rambling.result.explanation), QString(QString(199, u'x') + QChar(0x2026)));
    }

    void aFailedJudgeCallIsUnscorable_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<int>("timeoutS");
        QTest::addColumn<QString>("errorClass");
        QTest::addColumn<QString>("explains");

        QTest::newRow("429") << u"status-429;retry-after=3"_s << 60 << u"rate_limited"_s
                             << u"The judge call failed with rate_limited (HTTP 429): Rate limit reached"_s;
        QTest::newRow("503") << u"status-503"_s << 60 << u"server_error"_s
                             << u"The judge call failed with server_error (HTTP 503): The server is overloaded"_s;
        QTest::newRow("html 502")
            << u"html-502"_s << 60 << u"upstream_gateway"_s
            << u"The judge call failed with upstream_gateway (HTTP 502): local-endpoint | 502: Bad "
               u"gateway"_s;
        QTest::newRow("error mid-stream") << u"error-mid-stream"_s << 60 << u"stream_error"_s
                                          << u"The judge call failed with stream_error (HTTP 200): "_s;
        QTest::newRow("cut stream") << u"cut-stream"_s << 60 << u"stream_cut"_s
                                    << u"The judge call failed with stream_cut (HTTP 200): "_s;
        QTest::newRow("hang") << u"hang"_s << 1 << u"timeout"_s << u"The judge call failed with timeout"_s;
    }

    void aFailedJudgeCallIsUnscorable()
    {
        QFETCH(QString, fault);
        QFETCH(int, timeoutS);
        QFETCH(QString, errorClass);
        QFETCH(QString, explains);

        Endpoint judge = localEndpoint(fault);
        judge.timeoutS = timeoutS;
        HttpClient client;
        const ModelGradedOutcome outcome = scoreWithJudge(
            judgeScorer(), answered(u"Capital of France?"_s, u"Paris"_s, u"Paris"_s), judge, client);

        qInfo("%s", qPrintable(outcome.result.explanation));
        QVERIFY(!outcome.result.scorable);
        QCOMPARE(outcome.result.score, 0.0);
        QVERIFY(!outcome.result.passed);
        QVERIFY2(outcome.result.explanation.startsWith(explains), qPrintable(outcome.result.explanation));
        QVERIFY(outcome.request);
        QCOMPARE(errorClassKey(outcome.request->errorClass), errorClass);
        QCOMPARE(outcome.request->status, RequestStatus::Error);
        if (fault.startsWith(u"status-429"_s))
            QCOMPARE(outcome.request->retryAfterMs, std::optional<qint64>(3000));
        // What the judge had streamed before the cut is quoted, shortened.
        if (fault == u"cut-stream"_s || fault == u"error-mid-stream"_s) {
            QVERIFY2(outcome.result.explanation.contains(u"It had said \u201C"_s),
                     qPrintable(outcome.result.explanation));
            QVERIFY(!quotedPart(outcome.result.explanation).isEmpty());
        }
    }

    void aCancelledOrUnmadeJudgeCallIsUnscorable()
    {
        HttpClient client;
        const std::atomic<bool> cancelled = true;
        const ModelGradedOutcome stopped = scoreWithJudge(judgeScorer(), answered(u"Q"_s, u"A"_s, std::nullopt),
                                                          localEndpoint(u"hang"_s), client, &cancelled);
        QVERIFY(!stopped.result.scorable);
        QVERIFY2(stopped.result.explanation.startsWith(u"The judge call failed with cancelled"_s),
                 qPrintable(stopped.result.explanation));
        QCOMPARE(stopped.request->status, RequestStatus::Cancelled);

        Endpoint keyless = localEndpoint();
        keyless.apiKeyEnv = u"LLMOPS_TEST_JUDGE_KEY_THAT_IS_NOT_SET"_s;
        const ModelGradedOutcome unmade = scoreWithJudge(judgeScorer(), answered(u"Q"_s, u"A"_s, std::nullopt), keyless,
                                                         client);
        QVERIFY(!unmade.result.scorable);
        QCOMPARE(unmade.result.explanation,
                 u"The judge could not be asked: The environment variable "
                 u"LLMOPS_TEST_JUDGE_KEY_THAT_IS_NOT_SET, which should hold the API key, "
                 u"is not set."_s);
        QCOMPARE(unmade.request->errorClass, ErrorClass::Configuration);
        QCOMPARE(unmade.request->source, RequestSource::Eval);
    }

    // Embeddings ------------------------------------------------------------------------

    void embeddingsRequestTakesTheEndpointsUrlAndKey()
    {
        qputenv("LLMOPS_TEST_EMBEDDINGS_KEY", "sk-test-embeddings-123456");
        Endpoint endpoint = localEndpoint(u"status-503"_s);
        endpoint.baseUrl += u"/"_s;
        endpoint.apiKeyEnv = u"LLMOPS_TEST_EMBEDDINGS_KEY"_s;
        QString problem;
        const auto request = buildEmbeddingsRequest(endpoint, {u"a"_s, u"b"_s}, u"nomic-embed-text"_s, &problem);
        QVERIFY2(request, qPrintable(problem));
        QCOMPARE(request->url.toString(), m_endpoint.baseUrl() + u"/embeddings"_s);
        QCOMPARE(request->totalTimeoutMs, 60000);
        QCOMPARE(HttpClient::headerValue(request->headers, "authorization"),
                 QByteArrayView("Bearer sk-test-embeddings-123456"));
        QCOMPARE(HttpClient::headerValue(request->headers, "x-llmops-fault"), QByteArrayView("status-503"));
        QCOMPARE(HttpClient::headerValue(request->headers, "accept"), QByteArrayView("application/json"));
        QVERIFY(nlohmann::json::parse(request->body.toStdString())
                == nlohmann::json::parse("{\"model\": \"nomic-embed-text\", \"input\": [\"a\", \"b\"]}"));

        const auto ollama = buildEmbeddingsRequest(localEndpoint({}, EndpointKind::OllamaChat), {u"a"_s}, u"m"_s,
                                                   &problem);
        QVERIFY2(ollama, qPrintable(problem));
        QCOMPARE(ollama->url.toString(), m_endpoint.url() + u"/api/embed"_s);
        QVERIFY(nlohmann::json::parse(ollama->body.toStdString())
                == nlohmann::json::parse("{\"model\": \"m\", \"input\": [\"a\"], \"truncate\": false}"));

        endpoint.apiKeyEnv = u"LLMOPS_TEST_EMBEDDINGS_KEY_THAT_IS_NOT_SET"_s;
        QVERIFY(!buildEmbeddingsRequest(endpoint, {u"a"_s}, u"m"_s, &problem));
        QVERIFY(problem.contains(u"LLMOPS_TEST_EMBEDDINGS_KEY_THAT_IS_NOT_SET"_s));
        QVERIFY(!buildEmbeddingsRequest(localEndpoint(), {}, u"m"_s, &problem));
        QCOMPARE(problem, u"There is no text to embed."_s);
        QVERIFY(!buildEmbeddingsRequest(localEndpoint(), {u"a"_s}, QString(), &problem));
        QCOMPARE(problem, u"No embedding model is named."_s);
        qunsetenv("LLMOPS_TEST_EMBEDDINGS_KEY");
    }

    void theSameTextTwiceHasCosineOne()
    {
        HttpClient client;
        const ModelGradedOutcome outcome = scoreWithEmbeddings(
            embeddingScorer(0.999), answered({}, u"Once upon a time"_s, u"Once upon a time"_s), localEndpoint(),
            client);
        qInfo("%s", qPrintable(outcome.result.explanation));
        QVERIFY(outcome.result.scorable);
        QVERIFY2(std::abs(outcome.result.score - 1.0) < 1e-6,
                 qPrintable(QString::number(outcome.result.score, 'g', 17)));
        QVERIFY(outcome.result.passed);
        QVERIFY(outcome.result.explanation.startsWith(u"Cosine similarity 1.0000 between the embeddings"_s));
        QVERIFY(outcome.request);
        QCOMPARE(outcome.request->status, RequestStatus::Ok);
        QCOMPARE(outcome.request->source, RequestSource::Eval);
        QCOMPARE(outcome.request->responseModel, u"stories260K"_s);
        // Both texts, each with its BOS token.
        QVERIFY(outcome.request->inputTokens.value_or(0) >= 4);
        QVERIFY(outcome.request->tokensReported);
    }

    void differentTextsScoreTheirCosine_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("OpenAI /v1/embeddings") << int(EndpointKind::OpenAiChat);
        QTest::newRow("Ollama /api/embed") << int(EndpointKind::OllamaChat);
    }

    void differentTextsScoreTheirCosine()
    {
        QFETCH(int, kind);
        const QString first = u"The cat sat on the mat."_s;
        const QString second = u"Lily went to the park with her mom and saw a big red ball."_s;

        const std::vector<double> a = embeddingByHand(m_endpoint.baseUrl(), first);
        const std::vector<double> b = embeddingByHand(m_endpoint.baseUrl(), second);
        QCOMPARE(a.size(), size_t(64));
        QCOMPARE(b.size(), size_t(64));
        const double expected = cosineByHand(a, b);
        QVERIFY(expected >= -1 && expected <= 1);
        QVERIFY2(expected < 0.999, "different texts point in different directions");

        const Endpoint endpoint = localEndpoint({}, EndpointKind(kind));
        QString problem;
        const auto request = buildEmbeddingsRequest(endpoint, {first, second}, u"stories260K"_s, &problem);
        QVERIFY2(request, qPrintable(problem));
        HttpClient client;
        const EmbeddingsCallOutcome call = runEmbeddingsCall(endpoint, *request, 2, client, RequestSource::Eval);
        QVERIFY2(call.record.status == RequestStatus::Ok, qPrintable(call.record.errorMessage));
        const auto cosine = cosineSimilarity(call.response.vectors.at(0), call.response.vectors.at(1));
        QVERIFY(cosine);
        qInfo("cosine %.9f, by hand %.9f", *cosine, expected);
        QVERIFY(std::abs(*cosine - expected) < 1e-9);

        const ModelGradedOutcome scored = scoreWithEmbeddings(embeddingScorer(0.5), answered({}, first, second),
                                                              endpoint, client);
        QVERIFY(scored.result.scorable);
        QVERIFY(std::abs(scored.result.score - std::max(0.0, expected)) < 1e-9);
        QCOMPARE(scored.result.passed, scored.result.score >= 0.5);
        QVERIFY(scored.result.explanation.contains(QString::number(expected, 'f', 4)));
    }

    void nothingToCompareAsksNothing()
    {
        HttpClient client;
        const ModelGradedOutcome noExpected = scoreWithEmbeddings(
            embeddingScorer(0.5), answered({}, u"x"_s, std::nullopt), localEndpoint(), client);
        QVERIFY(!noExpected.result.scorable);
        QVERIFY(!noExpected.request);

        const ModelGradedOutcome emptyExpected = scoreWithEmbeddings(embeddingScorer(0.5), answered({}, u"x"_s, u" "_s),
                                                                     localEndpoint(), client);
        QVERIFY(!emptyExpected.result.scorable);
        QVERIFY(!emptyExpected.request);

        const ModelGradedOutcome emptyOutput = scoreWithEmbeddings(
            embeddingScorer(0.5), answered({}, QString(), u"Paris"_s), localEndpoint(), client);
        QVERIFY(emptyOutput.result.scorable);
        QCOMPARE(emptyOutput.result.score, 0.0);
        QCOMPARE(emptyOutput.result.explanation, u"The output is empty."_s);
        QVERIFY(!emptyOutput.request);

        const ModelGradedOutcome notModelGraded = scoreModelGraded(ScorerConfig{}, answered({}, u"x"_s, u"x"_s),
                                                                   localEndpoint(), client);
        QVERIFY(!notModelGraded.result.scorable);
        QVERIFY(!notModelGraded.request);
    }

    void failedEmbeddingsCallsAreTyped_data()
    {
        QTest::addColumn<QString>("fault");
        QTest::addColumn<QString>("errorClass");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QString>("message");

        QTest::newRow("429 with Retry-After") << u"status-429;retry-after=7"_s << u"rate_limited"_s << 429
                                              << u"Rate limit reached for requests. Please try again later."_s;
        QTest::newRow("html 502") << u"html-502"_s << u"upstream_gateway"_s << 502
                                  << u"local-endpoint | 502: Bad gateway"_s;
        QTest::newRow("503") << u"status-503"_s << u"server_error"_s << 503 << u"The server is overloaded"_s;
        QTest::newRow("a body that is no JSON")
            << u"invalid-json-chunk"_s << u"malformed_stream"_s << 200
            << u"The embeddings response is no JSON object: "
               u"\u201C{\"object\":\"list\", \"data\": [{\"embedding\": [0.25,\u201D"_s;
    }

    void failedEmbeddingsCallsAreTyped()
    {
        QFETCH(QString, fault);
        QFETCH(QString, errorClass);
        QFETCH(int, httpStatus);
        QFETCH(QString, message);

        HttpClient client;
        const ModelGradedOutcome outcome = scoreWithEmbeddings(embeddingScorer(0.5), answered({}, u"a"_s, u"b"_s),
                                                               localEndpoint(fault), client);
        QVERIFY(!outcome.result.scorable);
        QVERIFY(outcome.request);
        const RequestRecord &record = *outcome.request;
        QCOMPARE(errorClassKey(record.errorClass), errorClass);
        QCOMPARE(record.httpStatus, std::optional<int>(httpStatus));
        QCOMPARE(record.errorMessage, message);
        QCOMPARE(outcome.result.explanation,
                 u"The embeddings call failed with %1 (HTTP %2): %3"_s.arg(errorClass).arg(httpStatus).arg(message));
        if (httpStatus == 429)
            QCOMPARE(record.retryAfterMs, std::optional<qint64>(7000));
    }

    void embeddingsErrorsKeepTheKeyOut()
    {
        qputenv("LLMOPS_TEST_EMBEDDINGS_KEY", "sk-echo-embeddings-0123456789");
        Endpoint endpoint = localEndpoint(u"status-401-echo-key"_s);
        endpoint.apiKeyEnv = u"LLMOPS_TEST_EMBEDDINGS_KEY"_s;
        HttpClient client;
        const ModelGradedOutcome outcome = scoreWithEmbeddings(embeddingScorer(0.5), answered({}, u"a"_s, u"b"_s),
                                                               endpoint, client);
        qunsetenv("LLMOPS_TEST_EMBEDDINGS_KEY");
        QCOMPARE(outcome.request->errorClass, ErrorClass::HttpClientError);
        QCOMPARE(outcome.request->errorMessage, u"Incorrect API key provided: ***."_s);
        QVERIFY(!outcome.result.explanation.contains(u"0123456789"_s));
    }

    void aNegativeSimilarityScoresZero()
    {
        ScriptedGrader grader;
        grader.setEmbeddingsBody("{\"data\": [{\"index\": 0, \"embedding\": [0.6, 0.8]}, "
                                 "{\"index\": 1, \"embedding\": [-0.6, -0.8]}], \"usage\": {\"prompt_tokens\": 6}}");
        HttpClient client;
        ScorerConfig scorer = embeddingScorer(0.0);
        scorer.embeddingModel = u"text-embedding-3-small"_s;
        const ModelGradedOutcome outcome = scoreWithEmbeddings(scorer, answered({}, u"yes"_s, u"no"_s),
                                                               grader.endpoint(), client);
        QVERIFY(outcome.result.scorable);
        QCOMPARE(outcome.result.score, 0.0);
        QVERIFY(outcome.result.passed);
        QCOMPARE(outcome.result.explanation,
                 u"Cosine similarity -1.0000 between the embeddings of the output and the expected output "
                 u"(text-embedding-3-small). A negative similarity scores 0."_s);
        QCOMPARE(grader.lastBody()["model"].get<std::string>(), std::string("text-embedding-3-small"));
        QCOMPARE(outcome.request->inputTokens, std::optional<qint64>(6));

        grader.setEmbeddingsBody("{\"data\": [{\"index\": 0, \"embedding\": [0.6, 0.8]}]}");
        const ModelGradedOutcome tooFew = scoreWithEmbeddings(scorer, answered({}, u"yes"_s, u"no"_s),
                                                              grader.endpoint(), client);
        QVERIFY(!tooFew.result.scorable);
        QCOMPARE(tooFew.result.explanation,
                 u"The embeddings call failed with malformed_stream (HTTP 200): The "
                 u"embeddings response holds 1 vectors for 2 texts."_s);
        QCOMPARE(tooFew.request->errorClass, ErrorClass::MalformedStream);
    }

    void aTextTooLongForTheEmbedderIsAClientError()
    {
        HttpClient client;
        const QString longText = u"Once upon a time "_s.repeated(200);
        const ModelGradedOutcome outcome = scoreWithEmbeddings(embeddingScorer(0.5), answered({}, longText, u"b"_s),
                                                               localEndpoint(), client);
        QVERIFY(!outcome.result.scorable);
        QCOMPARE(outcome.request->errorClass, ErrorClass::HttpClientError);
        QVERIFY2(outcome.request->errorMessage.startsWith(u"This model's maximum context length is 511 tokens"_s),
                 qPrintable(outcome.request->errorMessage));

        // Ollama would cut the text to fit; the scorer asks it not to.
        const ModelGradedOutcome ollama = scoreWithEmbeddings(embeddingScorer(0.5), answered({}, longText, u"b"_s),
                                                              localEndpoint({}, EndpointKind::OllamaChat), client);
        QVERIFY(!ollama.result.scorable);
        QCOMPARE(ollama.request->errorClass, ErrorClass::HttpClientError);
    }

    // parseEmbeddingsResponse -----------------------------------------------------------

    void refusesEmbeddingsBodiesItCannotUse_data()
    {
        QTest::addColumn<bool>("ollama");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QString>("problem");

        QTest::newRow("HTML")
            << false << QByteArray("<html><title>Oops</title></html>") << u"not_json"_s
            << u"The embeddings response is no JSON object: \u201C<html><title>Oops</title></html>\u201D"_s;
        QTest::newRow("empty") << false << QByteArray("  ") << u"not_json"_s << u"The embeddings response is empty."_s;
        QTest::newRow("an array") << false << QByteArray("[[1, 2]]") << u"not_json"_s
                                  << u"The embeddings response is no JSON object: \u201C[[1, 2]]\u201D"_s;
        QTest::newRow("no data") << false << QByteArray("{\"object\": \"list\"}") << u"no_data"_s
                                 << u"The embeddings response holds no data array."_s;
        QTest::newRow("an error object")
            << false
            << QByteArray("{\"error\": {\"message\": \"model not found\", \"type\": \"invalid_request_error\"}}")
            << u"no_data"_s << u"The embeddings response holds an error instead of data: model not found"_s;
        QTest::newRow("one vector for two")
            << false << QByteArray("{\"data\": [{\"embedding\": [1, 0], \"index\": 0}]}") << u"wrong_count"_s
            << u"The embeddings response holds 1 vectors for 2 texts."_s;
        QTest::newRow("an index twice")
            << false
            << QByteArray("{\"data\": [{\"embedding\": [1, 0], \"index\": 0}, {\"embedding\": [0, 1], \"index\": 0}]}")
            << u"wrong_count"_s << u"The embeddings response holds index 0 twice."_s;
        QTest::newRow("an index out of range")
            << false
            << QByteArray("{\"data\": [{\"embedding\": [1, 0], \"index\": 0}, {\"embedding\": [0, 1], \"index\": 2}]}")
            << u"wrong_count"_s << u"Item 1 of the embeddings has the index 2, which names no text."_s;
        QTest::newRow("base64") << false
                                << QByteArray(
                                       "{\"data\": [{\"embedding\": \"AACAPwAAAAA=\"}, {\"embedding\": [0, 1]}]}")
                                << u"bad_vector"_s
                                << u"Embedding 0 is base64 text, not the list of numbers asked for."_s;
        QTest::newRow("a string in a vector")
            << false << QByteArray("{\"data\": [{\"embedding\": [1, 0]}, {\"embedding\": [0, \"1\"]}]}")
            << u"bad_vector"_s << u"Embedding 1 is no list of numbers."_s;
        QTest::newRow("an empty vector") << false
                                         << QByteArray("{\"data\": [{\"embedding\": []}, {\"embedding\": [0, 1]}]}")
                                         << u"bad_vector"_s << u"Embedding 0 is no list of numbers."_s;
        QTest::newRow("no embedding") << false << QByteArray("{\"data\": [{\"index\": 0}, {\"index\": 1}]}")
                                      << u"bad_vector"_s << u"Embedding 0 is no list of numbers."_s;
        QTest::newRow("different lengths")
            << false << QByteArray("{\"data\": [{\"embedding\": [1, 0, 0]}, {\"embedding\": [0, 1]}]}")
            << u"different_lengths"_s << u"Embedding 1 has 2 dimensions, embedding 0 has 3."_s;
        QTest::newRow("a zero vector") << false
                                       << QByteArray("{\"data\": [{\"embedding\": [1, 0]}, {\"embedding\": [0, 0.0]}]}")
                                       << u"zero_vector"_s << u"Embedding 1 is all zeros."_s;
        QTest::newRow("Ollama without embeddings")
            << true << QByteArray("{\"error\": \"model 'x' not found\"}") << u"no_data"_s
            << u"The embeddings response holds an error instead of embeddings: "
               u"model 'x' not found"_s;
        QTest::newRow("Ollama, three for two")
            << true << QByteArray("{\"embeddings\": [[1], [2], [3]]}") << u"wrong_count"_s
            << u"The embeddings response holds 3 vectors for 2 texts."_s;
        QTest::newRow("Ollama, a vector of text") << true << QByteArray("{\"embeddings\": [[1, 2], \"3, 4\"]}")
                                                  << u"bad_vector"_s << u"Embedding 1 is no list of numbers."_s;
        QTest::newRow("OpenAI's body read as Ollama's")
            << true << QByteArray("{\"data\": [{\"embedding\": [1, 0]}, {\"embedding\": [0, 1]}]}") << u"no_data"_s
            << u"The embeddings response holds no embeddings array."_s;
    }

    void refusesEmbeddingsBodiesItCannotUse()
    {
        QFETCH(bool, ollama);
        QFETCH(QByteArray, body);
        QFETCH(QString, error);
        QFETCH(QString, problem);

        const EmbeddingsResponse response = parseEmbeddingsResponse(
            ollama ? EndpointKind::OllamaChat : EndpointKind::OpenAiChat, body, 2);
        QCOMPARE(embeddingsErrorKey(response.error), error);
        QCOMPARE(response.problem, problem);
        QVERIFY(response.vectors.empty());
    }

    void readsEmbeddingsInIndexOrder()
    {
        const QByteArray openAi = "{\"object\": \"list\", \"model\": \"text-embedding-3-small\", \"data\": ["
                                  "{\"object\": \"embedding\", \"index\": 1, \"embedding\": [0.5, -0.25]},"
                                  "{\"object\": \"embedding\", \"index\": 0, \"embedding\": [1, 2e-3]}],"
                                  " \"usage\": {\"prompt_tokens\": 12, \"total_tokens\": 12}}";
        const EmbeddingsResponse response = parseEmbeddingsResponse(EndpointKind::OpenAiChat, openAi, 2);
        QCOMPARE(response.error, EmbeddingsError::None);
        QVERIFY(response.vectors == (std::vector<std::vector<double>>{{1, 0.002}, {0.5, -0.25}}));
        QCOMPARE(response.inputTokens, std::optional<qint64>(12));
        QCOMPARE(response.model, u"text-embedding-3-small"_s);

        const QByteArray ollama = "{\"model\": \"nomic-embed-text\", \"embeddings\": [[0.1, 0.2], [0.3, 0.4]],"
                                  " \"total_duration\": 14143917, \"prompt_eval_count\": 8}";
        const EmbeddingsResponse fromOllama = parseEmbeddingsResponse(EndpointKind::OllamaChat, ollama, 2);
        QCOMPARE(fromOllama.error, EmbeddingsError::None);
        QVERIFY(fromOllama.vectors == (std::vector<std::vector<double>>{{0.1, 0.2}, {0.3, 0.4}}));
        QCOMPARE(fromOllama.inputTokens, std::optional<qint64>(8));
        QCOMPARE(fromOllama.model, u"nomic-embed-text"_s);
    }

    void cosineSimilarityOfKnownVectors_data()
    {
        QTest::addColumn<QList<double>>("a");
        QTest::addColumn<QList<double>>("b");
        QTest::addColumn<double>("cosine");

        QTest::newRow("the same direction, scaled") << QList<double>{1, 2, 3} << QList<double>{2, 4, 6} << 1.0;
        QTest::newRow("orthogonal") << QList<double>{1, 0} << QList<double>{0, 3} << 0.0;
        QTest::newRow("opposite") << QList<double>{1, -1} << QList<double>{-2, 2} << -1.0;
        QTest::newRow("sixty degrees") << QList<double>{1, 0} << QList<double>{0.5, std::sqrt(3.0) / 2} << 0.5;
    }

    void cosineSimilarityOfKnownVectors()
    {
        QFETCH(QList<double>, a);
        QFETCH(QList<double>, b);
        QFETCH(double, cosine);

        const auto value = cosineSimilarity({a.begin(), a.end()}, {b.begin(), b.end()});
        QVERIFY(value);
        QVERIFY2(std::abs(*value - cosine) < 1e-12, qPrintable(QString::number(*value, 'g', 17)));
    }

    void cosineSimilarityNeedsComparableVectors()
    {
        QVERIFY(!cosineSimilarity({1, 2}, {1, 2, 3}));
        QVERIFY(!cosineSimilarity({}, {}));
        QVERIFY(!cosineSimilarity({0, 0}, {1, 2}));
    }
};

QTEST_GUILESS_MAIN(TestModelGraded)
#include "tst_modelgraded.moc"
