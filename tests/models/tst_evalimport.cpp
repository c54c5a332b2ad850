// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// Result files of other evaluation tools read as runs: promptfoo's output (FC-37: outputs that
// are objects rather than text, rows that are errors) and lm-evaluation-harness's results
// (FC-36: "metric,filter" keys and "N/A" standard errors). Files that are neither are refused
// with a reason; a bad part of a good file is a warning that says where it is.
#include "evalimport.h"
#include "store.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <functional>

using namespace llmops;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(llmops::EvalRunSource)

namespace {

using Json = nlohmann::ordered_json;

QByteArray evaluationFile(const char *name)
{
    const QString path = QStringLiteral(LLMOPS_EVALUATIONS_DIR "/") + QLatin1StringView(name);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    return file.readAll();
}

QByteArray bytesOf(const Json &json)
{
    return QByteArray::fromStdString(json.dump(2));
}

/// A scorer's verdict in one line, so that a row's verdicts compare as a list.
QString described(const EvalScoreRecord &verdict)
{
    return u"%1 = %2 %3: %4"_s.arg(verdict.scorer, verdict.score ? QString::number(*verdict.score) : u"unscored"_s,
                                   verdict.passed ? u"pass"_s : u"fail"_s, verdict.explanation);
}

QStringList verdictsOf(const EvalResultRecord &result)
{
    QStringList verdicts;
    for (const EvalScoreRecord &verdict : result.scores)
        verdicts << described(verdict);
    return verdicts;
}

QStringList warningsOf(const ImportedEvaluation &imported)
{
    return QStringList(imported.warnings.begin(), imported.warnings.end());
}

using Reader = std::function<ImportedEvaluation(QByteArrayView)>;

/// The reason a reader refused the bytes, or "read" when it did not.
QString refusalOf(const Reader &read, QByteArrayView bytes)
{
    try {
        read(bytes);
    } catch (const EvalImportError &error) {
        return error.message();
    }
    return u"read"_s;
}

/// A promptfoo file of version 3 around the given rows.
Json promptfooAround(const Json &rows)
{
    return Json::object({{"evalId", "eval-Ab1-2024-06-03T09:14:27"},
                         {"results",
                          Json::object({{"version", 3},
                                        {"timestamp", "2024-06-03T09:14:27.512Z"},
                                        {"results", rows},
                                        {"stats", Json::object({{"successes", 0}})}})},
                         {"config", Json::object()},
                         {"shareableUrl", nullptr}});
}

Json row(int testIdx, int promptIdx, const Json &provider, const Json &response)
{
    return Json::object({{"testIdx", testIdx},
                         {"promptIdx", promptIdx},
                         {"provider", provider},
                         {"prompt", Json::object({{"raw", "Say hi"}, {"label", "greeting"}})},
                         {"testCase", Json::object({{"vars", Json::object({{"name", "Ada"}})}})},
                         {"vars", Json::object({{"name", "Ada"}})},
                         {"response", response},
                         {"success", true},
                         {"score", 1},
                         {"latencyMs", 100},
                         {"failureReason", 0}});
}

struct ExpectedMetric {
    const char *task;
    const char *metric;
    double value;
    std::optional<double> standardError;
    std::optional<qint64> sampleCount;
};

} // namespace

class TestEvalImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void promptfooRunIsDescribed()
    {
        const ImportedEvaluation imported = readPromptfooOutput(evaluationFile("promptfoo-v3.json"));
        const EvalRunRecord &run = imported.run;
        QCOMPARE(run.source, EvalRunSource::Promptfoo);
        QCOMPARE(run.status, EvalRunStatus::Finished);
        QCOMPARE(run.suiteName, u"Capital cities and the weather tool"_s);
        QCOMPARE(run.endpointName, u"gpt-4o-mini"_s);
        QCOMPARE(run.model, u"openai:gpt-4o-mini"_s);
        QCOMPARE(run.endpointId, 0);
        // 2024-06-03T09:14:27Z is 1717406067 s; the fraction adds 512 ms, stats.durationMs 4213.
        QCOMPARE(run.startedAtMs, 1717406067512);
        QCOMPARE(run.finishedAtMs, 1717406071725);
        // Three tests run twice each (promptfoo's --repeat 2 gives every repeat its own testIdx).
        QCOMPARE(run.itemCount, 3);
        QCOMPARE(run.repeats, 2);
        QVERIFY(Json::parse(run.definitionJson.toStdString())
                == Json::parse("{\"importedFrom\":\"promptfoo\",\"evalId\":\"eval-Xq7-2024-06-03T09:14:27\","
                               "\"formatVersion\":3,\"promptfooVersion\":\"0.63.2\"}"));
        QVERIFY(imported.metrics.empty());

        QCOMPARE(warningsOf(imported),
                 QStringList({u"results.results[6]: has neither a \"response\" nor an \"error\"; skipped"_s,
                              u"answers replayed from promptfoo's cache keep no latency, as it was not measured "
                              u"on the endpoint (1 of them)"_s}));
    }

    void promptfooRowsAreItemsAndRepeats()
    {
        const ImportedEvaluation imported = readPromptfooOutput(evaluationFile("promptfoo-v3.json"));
        QCOMPARE(imported.results.size(), std::size_t(6));
        // The file lists the rows as they finished (testIdx 0, 2, 1, 3, 5, 4); they come out in
        // item and repeat order.
        const QList<std::pair<qint64, int>> places = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}};
        for (qsizetype i = 0; i < places.size(); ++i) {
            QCOMPARE(imported.results[i].itemPosition, places[i].first);
            QCOMPARE(imported.results[i].repeat, places[i].second);
            QVERIFY(!imported.results[i].requestId);
            QCOMPARE(imported.results[i].attempts, 1);
        }
        QCOMPARE(imported.results[0].itemKey, u"capital of France"_s);
        QCOMPARE(imported.results[1].itemKey, u"capital of France"_s);
        QCOMPARE(imported.results[2].itemKey, u"weather tool call"_s);
        // No description: the first 12 hex digits of the SHA-1 of {"country":"Japan"}.
        QCOMPARE(imported.results[4].itemKey, u"vars-677e8078d662"_s);
        QCOMPARE(imported.results[5].itemKey, u"vars-677e8078d662"_s);
    }

    void promptfooStringOutputRow()
    {
        const ImportedEvaluation imported = readPromptfooOutput(evaluationFile("promptfoo-v3.json"));
        const EvalResultRecord &first = imported.results[0];
        QCOMPARE(first.inputJson,
                 u"[{\"role\":\"user\",\"content\":\"What is the capital of France? Answer in one word.\"}]"_s);
        QCOMPARE(first.output, u"Paris"_s);
        QVERIFY(!first.expected);
        QCOMPARE(first.errorClass, ErrorClass::None);
        QCOMPARE(first.errorMessage, QString());
        QCOMPARE(first.latencyMs, 512.0);
        QCOMPARE(first.costUsd, 0.0000042);
        QCOMPARE(first.inputTokens, 24);
        QCOMPARE(first.outputTokens, 1);
        QCOMPARE(verdictsOf(first),
                 QStringList({u"promptfoo = 1 pass: All assertions passed"_s, u"contains = 1 pass: Assertion passed"_s,
                              u"llm-rubric (accuracy) = 1 pass: The answer names Paris."_s}));

        const EvalResultRecord &second = imported.results[1];
        QCOMPARE(second.output, u"Paris."_s);
        QCOMPARE(second.latencyMs, 498.0);
    }

    void promptfooObjectOutputRow()
    {
        const ImportedEvaluation imported = readPromptfooOutput(evaluationFile("promptfoo-v3.json"));
        const EvalResultRecord &toolCall = imported.results[2];
        // The prompt was a JSON conversation: its messages are kept as they were sent.
        QCOMPARE(toolCall.inputJson,
                 u"[{\"role\":\"system\",\"content\":\"You can call tools.\"},"
                 u"{\"role\":\"user\",\"content\":\"What is the weather in Paris?\"}]"_s);
        // FC-37: the output is an array of tool calls, kept as compact JSON byte for byte.
        QCOMPARE(toolCall.output,
                 u"[{\"id\":\"call_w1\",\"type\":\"function\",\"function\":{\"name\":"
                 u"\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\",\\\"unit\\\":"
                 u"\\\"celsius\\\"}\"}}]"_s);
        QCOMPARE(toolCall.errorClass, ErrorClass::None);
        QCOMPARE(toolCall.latencyMs, 903.0);
        QCOMPARE(toolCall.costUsd, 0.0000193);
        QCOMPARE(toolCall.inputTokens, 61);
        QCOMPARE(toolCall.outputTokens, 17);
        QCOMPARE(verdictsOf(toolCall),
                 QStringList({u"promptfoo = 1 pass: All assertions passed"_s,
                              u"is-valid-openai-tools-call = 1 pass: Assertion passed"_s,
                              u"javascript = 1 pass: Assertion passed"_s}));
    }

    void promptfooErrorRow()
    {
        const ImportedEvaluation imported = readPromptfooOutput(evaluationFile("promptfoo-v3.json"));
        const EvalResultRecord &error = imported.results[3];
        QCOMPARE(error.itemPosition, 1);
        QCOMPARE(error.repeat, 1);
        // promptfoo reported the failure; how the request failed is its own words, not a class.
        QCOMPARE(error.errorClass, ErrorClass::Reported);
        QCOMPARE(error.errorMessage,
                 u"API error: 429 Too Many Requests\n"
                 u"{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini\"}}"_s);
        QCOMPARE(error.output, QString());
        QCOMPARE(error.latencyMs, 412.0);
        QVERIFY(!error.costUsd);
        QCOMPARE(error.inputTokens, 0);
        QCOMPARE(error.outputTokens, 0);
        QCOMPARE(error.scores.size(), std::size_t(1));
        QVERIFY(!error.scores[0].scorable());
        QCOMPARE(verdictsOf(error), QStringList({u"promptfoo = unscored fail: not scored: the request failed"_s}));
    }

    void promptfooFailedAndCachedRows()
    {
        const ImportedEvaluation imported = readPromptfooOutput(evaluationFile("promptfoo-v3.json"));
        // An assertion failure: promptfoo puts its reason in `error`, but the row is an answer.
        const EvalResultRecord &failed = imported.results[4];
        QCOMPARE(failed.errorClass, ErrorClass::None);
        QCOMPARE(failed.errorMessage, QString());
        QCOMPARE(failed.output, u"The capital of Japan is Kyōto."_s);
        QCOMPARE(failed.latencyMs, 634.0);
        QCOMPARE(failed.inputTokens, 17);
        QCOMPARE(failed.outputTokens, 8);
        QCOMPARE(verdictsOf(failed),
                 QStringList({u"promptfoo = 0.5 fail: Expected output to contain \"Tokyo\""_s,
                              u"contains = 0 fail: Expected output to contain \"Tokyo\""_s,
                              u"contains #2 = 1 pass: Assertion passed"_s}));

        // Replayed from promptfoo's cache: no latency, and its usage names no prompt or completion.
        const EvalResultRecord &cached = imported.results[5];
        QCOMPARE(cached.output, u"Tokyo is the capital of Japan."_s);
        QVERIFY(!cached.latencyMs);
        QVERIFY(!cached.inputTokens);
        QVERIFY(!cached.outputTokens);
        QCOMPARE(cached.costUsd, 0.0000039);
        QCOMPARE(verdictsOf(cached),
                 QStringList({u"promptfoo = 1 pass: All assertions passed"_s, u"contains = 1 pass: Assertion passed"_s,
                              u"contains #2 = 1 pass: Assertion passed"_s}));
    }

    void olderPromptfooArray()
    {
        const ImportedEvaluation imported = readPromptfooOutput(evaluationFile("promptfoo-array.json"));
        const EvalRunRecord &run = imported.run;
        QCOMPARE(run.source, EvalRunSource::Promptfoo);
        QCOMPARE(run.suiteName, u"promptfoo import"_s);
        QCOMPARE(run.endpointName, u"several"_s);
        QCOMPARE(run.model, QString());
        QCOMPARE(run.startedAtMs, 0);
        QVERIFY(!run.finishedAtMs);
        // Two tests, each answered by two providers: an item per test and provider.
        QCOMPARE(run.itemCount, 4);
        QCOMPARE(run.repeats, 1);
        QCOMPARE(run.definitionJson, u"{\"importedFrom\":\"promptfoo\",\"formatVersion\":1}"_s);
        QCOMPARE(warningsOf(imported),
                 QStringList({u"results[4]: is null, not an object; skipped"_s,
                              u"results[5]: has neither a \"response\" nor an \"error\"; skipped"_s,
                              u"the file gives no time; the run's start is unknown and left at 0"_s,
                              u"the file compares 2 prompt and provider pairs; each test is an item per pair, the "
                              u"pair named in brackets after the item's key"_s}));

        QCOMPARE(imported.results.size(), std::size_t(4));
        QStringList keys;
        for (const EvalResultRecord &result : imported.results)
            keys << result.itemKey;
        QCOMPARE(keys,
                 QStringList({u"vars-728fdef98deb [openai:gpt-3.5-turbo]"_s,
                              u"vars-728fdef98deb [anthropic:claude-instant-1]"_s,
                              u"vars-273e91f74e24 [openai:gpt-3.5-turbo]"_s,
                              u"vars-273e91f74e24 [anthropic:claude-instant-1]"_s}));
        for (qsizetype i = 0; i < 4; ++i) {
            QCOMPARE(imported.results[i].itemPosition, i);
            QCOMPARE(imported.results[i].repeat, 0);
        }

        const EvalResultRecord &first = imported.results[0];
        QCOMPARE(first.inputJson, u"[{\"role\":\"user\",\"content\":\"Write a haiku about bananas\"}]"_s);
        QCOMPARE(first.output, u"Yellow crescent moon\nripening on the counter\nsweet by afternoon"_s);
        QCOMPARE(first.latencyMs, 1203.0);
        QCOMPARE(first.inputTokens, 15);
        QCOMPARE(first.outputTokens, 26);
        QVERIFY(!first.costUsd);
        QCOMPARE(verdictsOf(first), QStringList({u"promptfoo = 1 pass: Assertion passed"_s}));
        // No assertions: promptfoo's verdict alone, with nothing to explain it.
        QCOMPARE(verdictsOf(imported.results[1]), QStringList({u"promptfoo = 1 pass: "_s}));

        // Before failureReason, an error was an `error` with nothing graded.
        const EvalResultRecord &timedOut = imported.results[2];
        QCOMPARE(timedOut.errorClass, ErrorClass::Reported);
        QCOMPARE(timedOut.errorMessage, u"Error: Request timed out after 30000 ms"_s);
        QCOMPARE(timedOut.output, QString());
        QCOMPARE(timedOut.latencyMs, 30005.0);
        QCOMPARE(timedOut.inputJson, u"[{\"role\":\"user\",\"content\":\"Write a haiku about the moon\"}]"_s);

        const EvalResultRecord &failed = imported.results[3];
        QCOMPARE(failed.errorClass, ErrorClass::None);
        QCOMPARE(verdictsOf(failed), QStringList({u"promptfoo = 0 fail: Expected output to contain \"crater\""_s}));
    }

    void promptfooRowsOfEveryShape()
    {
        const Json ollama = "ollama:chat:llama3";
        Json rows = Json::array();
        // JSON mode: the output is an object; an `equals` assertion is what was expected.
        rows.push_back(row(0, 0, ollama, Json::object({{"output", Json::object({{"answer", 42}, {"unit", "km"}})}})));
        rows[0]["testCase"]["assert"] = Json::array({Json::object({{"type", "equals"}, {"value", "42"}})});
        // The same testIdx again, as when two runs of one test are in one file: a repeat.
        rows.push_back(rows[0]);
        rows[1]["response"]["output"] = 0;
        // No output at all: promptfoo says "No output" without counting it as an error.
        rows.push_back(row(1, 0, ollama, Json::object({{"output", nullptr}})));
        rows[2]["testCase"]["vars"]["name"] = "Grace";
        rows[2]["success"] = false;
        rows[2]["score"] = 0;
        rows[2]["error"] = "No output";
        // A component result that is not an object is skipped, the rest of the row kept.
        rows.push_back(row(2, 0, ollama, Json::object({{"output", "hi"}})));
        rows[3]["testCase"]["description"] = "greets";
        rows[3]["gradingResult"] = Json::object(
            {{"pass", true}, {"score", 1}, {"reason", "ok"}, {"componentResults", Json::array({"broken"})}});
        rows.push_back(row(3, 0, ollama, Json::object({{"output", "hi"}})));
        rows[4]["promptIdx"] = -1;
        rows.push_back(row(4, 0, ollama, "hi"));
        // Rendering the prompt threw: no response, an empty prompt, the error and its stack.
        rows.push_back(Json::object({{"testIdx", 5},
                                     {"promptIdx", 0},
                                     {"provider", ollama},
                                     {"prompt", Json::object({{"raw", ""}, {"label", "greeting"}})},
                                     {"testCase", Json::object({{"vars", Json::object({{"city", "Oslo"}})}})},
                                     {"vars", Json::object({{"city", "Oslo"}})},
                                     {"error", "Error: boom\n\n    at render (prompt.js:1:7)"},
                                     {"success", false},
                                     {"score", 0},
                                     {"latencyMs", 0},
                                     {"failureReason", 2}}));

        const ImportedEvaluation imported = readPromptfooOutput(bytesOf(promptfooAround(rows)));
        QCOMPARE(warningsOf(imported),
                 QStringList({u"results.results[3].gradingResult.componentResults[0]: not an object; skipped"_s,
                              u"results.results[4]: \"promptIdx\" is not a whole number of zero or more; skipped"_s,
                              u"results.results[5]: \"response\" is a string, not an object; skipped"_s}));
        QCOMPARE(imported.run.endpointName, u"ollama:chat:llama3"_s);
        QCOMPARE(imported.run.model, u"ollama:chat:llama3"_s);
        QCOMPARE(imported.run.suiteName, u"promptfoo import"_s);
        QCOMPARE(imported.run.itemCount, 4);
        QCOMPARE(imported.run.repeats, 2);
        QCOMPARE(imported.results.size(), std::size_t(5));

        const EvalResultRecord &jsonMode = imported.results[0];
        QCOMPARE(jsonMode.output, u"{\"answer\":42,\"unit\":\"km\"}"_s);
        QCOMPARE(jsonMode.expected, u"42"_s);
        QCOMPARE(jsonMode.inputJson, u"[{\"role\":\"user\",\"content\":\"Say hi\"}]"_s);
        QCOMPARE(imported.results[1].itemPosition, 0);
        QCOMPARE(imported.results[1].repeat, 1);
        QCOMPARE(imported.results[1].output, u"0"_s);

        const EvalResultRecord &noOutput = imported.results[2];
        QCOMPARE(noOutput.itemPosition, 1);
        QCOMPARE(noOutput.errorClass, ErrorClass::Reported);
        QCOMPARE(noOutput.errorMessage, u"No output"_s);
        QCOMPARE(noOutput.output, QString());

        QCOMPARE(imported.results[3].itemKey, u"greets"_s);
        QCOMPARE(verdictsOf(imported.results[3]), QStringList({u"promptfoo = 1 pass: ok"_s}));

        // With no rendered prompt, the test's variables are what went in.
        const EvalResultRecord &threw = imported.results[4];
        QCOMPARE(threw.itemPosition, 3);
        QCOMPARE(threw.inputJson, u"{\"city\":\"Oslo\"}"_s);
        QCOMPARE(threw.errorClass, ErrorClass::Reported);
        QCOMPARE(threw.errorMessage, u"Error: boom\n\n    at render (prompt.js:1:7)"_s);
        QCOMPARE(threw.latencyMs, 0.0);
    }

    void promptfooPromptsComparedOnOneProvider()
    {
        const Json provider = Json::object({{"id", "openai:gpt-4o"}, {"label", ""}});
        Json rows = Json::array({row(0, 0, provider, Json::object({{"output", "Hi Ada"}})),
                                 row(0, 1, provider, Json::object({{"output", "Hello, Ada."}}))});
        rows[1]["prompt"]["label"] = "formal greeting";
        const ImportedEvaluation imported = readPromptfooOutput(bytesOf(promptfooAround(rows)));

        QCOMPARE(imported.run.endpointName, u"openai:gpt-4o"_s);
        QCOMPARE(imported.run.model, u"openai:gpt-4o"_s);
        QCOMPARE(imported.run.itemCount, 2);
        QCOMPARE(imported.run.repeats, 1);
        // Two prompts: the pair names both the provider and the prompt. {"name":"Ada"} hashes to a3cfe35c7563….
        QCOMPARE(imported.results[0].itemKey, u"vars-a3cfe35c7563 [openai:gpt-4o / greeting]"_s);
        QCOMPARE(imported.results[1].itemKey, u"vars-a3cfe35c7563 [openai:gpt-4o / formal greeting]"_s);
        QCOMPARE(imported.results[0].itemPosition, 0);
        QCOMPARE(imported.results[1].itemPosition, 1);
        QCOMPARE(imported.results[1].output, u"Hello, Ada."_s);
    }

    void promptfooTimestamps_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<qint64>("startedAtMs");
        QTest::addColumn<int>("warnings");

        const auto stamped = [](const Json &timestamp) {
            Json file = promptfooAround(Json::array());
            file["results"]["timestamp"] = timestamp;
            return bytesOf(file);
        };
        // 2023-12-25T01:12:45Z is 1703466765 s, 2024-06-03T09:14:27Z 1717406067 s.
        QTest::newRow("milliseconds") << stamped("2024-06-03T09:14:27.512Z") << qint64(1717406067512) << 0;
        QTest::newRow("nine digits") << stamped("2023-12-25T01:12:45.58944567Z") << qint64(1703466765589) << 0;
        QTest::newRow("one digit") << stamped("2023-12-25T01:12:45.6Z") << qint64(1703466765600) << 0;
        QTest::newRow("offset") << stamped("2023-12-25T02:12:45.625+01:00") << qint64(1703466765625) << 0;
        QTest::newRow("negative offset") << stamped("2023-12-24T20:12:45.643531-05:00") << qint64(1703466765643) << 0;
        QTest::newRow("offset without colon") << stamped("2024-06-03T11:14:27+0200") << qint64(1717406067000) << 0;
        QTest::newRow("zone-less, read as UTC") << stamped("2023-12-25 01:12:45") << qint64(1703466765000) << 1;
        QTest::newRow("epoch milliseconds") << stamped(1717406067512) << qint64(1717406067512) << 0;
        QTest::newRow("epoch seconds") << stamped(1717406067) << qint64(1717406067000) << 0;

        Json fromEvalId = promptfooAround(Json::array());
        fromEvalId["results"].erase("timestamp");
        QTest::newRow("from the eval id") << bytesOf(fromEvalId) << qint64(1717406067000) << 0;
        fromEvalId["metadata"] = Json::object({{"evaluationCreatedAt", "2023-12-25T01:12:45Z"}});
        QTest::newRow("from the metadata") << bytesOf(fromEvalId) << qint64(1703466765000) << 0;
        // Not a time: said so, and the eval id's time used.
        QTest::newRow("not a time") << stamped("yesterday") << qint64(1717406067000) << 1;
        QTest::newRow("not a date") << stamped("2024-02-30T00:00:00Z") << qint64(1717406067000) << 1;
    }

    void promptfooTimestamps()
    {
        QFETCH(QByteArray, file);
        QFETCH(qint64, startedAtMs);
        QFETCH(int, warnings);
        const ImportedEvaluation imported = readPromptfooOutput(file);
        QCOMPARE(imported.run.startedAtMs, startedAtMs);
        QCOMPARE(int(imported.warnings.size()), warnings);
        QVERIFY(imported.results.empty());
        QCOMPARE(imported.run.itemCount, 0);
    }

    void lmEvalRunIsDescribed()
    {
        const ImportedEvaluation imported = readLmEvalResults(evaluationFile("lm-eval-results.json"));
        const EvalRunRecord &run = imported.run;
        QCOMPARE(run.source, EvalRunSource::LmEval);
        QCOMPARE(run.status, EvalRunStatus::Finished);
        QCOMPARE(run.suiteName, u"lm-eval: arc_easy, gsm8k, mmlu, wikitext"_s);
        QCOMPARE(run.model, u"meta-llama/Meta-Llama-3-8B-Instruct"_s);
        QCOMPARE(run.endpointName, u"http://localhost:8000/v1/completions"_s);
        // date 1716292455.5521839 s; total_evaluation_time_seconds "444.4500000001".
        QCOMPARE(run.startedAtMs, 1716292455552);
        QCOMPARE(run.finishedAtMs, 1716292900002);
        QCOMPARE(run.itemCount, 0);
        QCOMPARE(run.repeats, 1);
        QVERIFY(imported.results.empty());

        const Json definition = Json::parse(run.definitionJson.toStdString());
        QVERIFY(definition["importedFrom"] == "lm-evaluation-harness");
        QVERIFY(definition["git_hash"] == "4600d6b");
        QVERIFY(definition["n-shot"]["gsm8k"] == 5);
        QVERIFY(definition["config"]["model"] == "local-completions");

        // Python wrote NaN bare; the file is read, and the value reported.
        QCOMPARE(warningsOf(imported),
                 QStringList({u"results.wikitext: \"byte_perplexity,none\" is \"NaN\", not a number; skipped"_s}));
    }

    void lmEvalMetrics()
    {
        const ImportedEvaluation imported = readLmEvalResults(evaluationFile("lm-eval-results.json"));
        // FC-36: "metric,filter" keys, "N/A" (and NaN) standard errors unknown rather than zero;
        // groups counted by their subtasks (mmlu_stem: 135 + 152), and listed once.
        const std::vector<ExpectedMetric> expected = {
            {"arc_easy", "acc", 0.75, std::nullopt, 2376},
            {"arc_easy", "acc_norm", 0.7037037037037037, 0.009369, 2376},
            {"gsm8k", "exact_match (strict-match)", 0.3510235026535254, 0.013146945941397226, 1319},
            {"gsm8k", "exact_match (flexible-extract)", 0.4040940106141016, 0.013518014315937155, 1319},
            {"mmlu", "acc", 0.5992, 0.0343, 287},
            {"mmlu_stem", "acc", 0.5819, 0.031, 287},
            {"mmlu_anatomy", "acc", 0.5, 0.0432, 135},
            {"mmlu_astronomy", "acc", 0.6579, 0.0386, 152},
            {"wikitext", "word_perplexity", 14.2085, std::nullopt, 62},
            {"wikitext", "bits_per_byte", 0.4898, std::nullopt, 62},
        };
        QCOMPARE(imported.metrics.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const EvalRunMetric &metric = imported.metrics[i];
            QCOMPARE(metric.task, QString::fromLatin1(expected[i].task));
            QCOMPARE(metric.metric, QString::fromLatin1(expected[i].metric));
            QCOMPARE(metric.value, expected[i].value);
            QCOMPARE(metric.standardError.has_value(), expected[i].standardError.has_value());
            if (metric.standardError)
                QCOMPARE(*metric.standardError, *expected[i].standardError);
            QCOMPARE(metric.sampleCount, expected[i].sampleCount);
        }
    }

    void olderLmEval()
    {
        const ImportedEvaluation imported = readLmEvalResults(evaluationFile("lm-eval-old.json"));
        QCOMPARE(imported.run.source, EvalRunSource::LmEval);
        QCOMPARE(imported.run.suiteName, u"lm-eval: hellaswag, lambada_openai"_s);
        QCOMPARE(imported.run.model, u"EleutherAI/pythia-160m"_s);
        QCOMPARE(imported.run.endpointName, u"hf-causal"_s);
        QCOMPARE(imported.run.startedAtMs, 0);
        QVERIFY(!imported.run.finishedAtMs);
        QCOMPARE(warningsOf(imported),
                 QStringList({u"the file gives no \"date\"; the run's start is unknown and left at 0"_s}));

        const std::vector<ExpectedMetric> expected = {
            {"hellaswag", "acc", 0.2872, 0.0045, std::nullopt},
            {"hellaswag", "acc_norm", 0.3082, 0.0046, std::nullopt},
            {"lambada_openai", "ppl", 38.9503, 1.4485, std::nullopt},
            {"lambada_openai", "acc", 0.3269, 0.0065, std::nullopt},
        };
        QCOMPARE(imported.metrics.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const EvalRunMetric &metric = imported.metrics[i];
            QCOMPARE(metric.task, QString::fromLatin1(expected[i].task));
            QCOMPARE(metric.metric, QString::fromLatin1(expected[i].metric));
            QCOMPARE(metric.value, expected[i].value);
            QCOMPARE(metric.standardError, expected[i].standardError);
            QVERIFY(!metric.sampleCount);
        }
    }

    void lmEvalValuesOfEveryShape()
    {
        const Json file = Json::object(
            {{"results",
              Json::object({{"boolq",
                             Json::object({{"alias", "boolq"},
                                           {"acc,none", 0.8},
                                           {"acc_stderr,none", "about 0.01"},
                                           {"f1_stderr,none", 0.02},
                                           {"mcc,none", true},
                                           {"samples", 40}})},
                            {"broken", "0.5"}})},
             {"config",
              Json::object({{"model", "hf"}, {"model_args", Json::object({{"pretrained", "google/gemma-2b"}})}})},
             {"date", "2024-05-21T12:34:15.552184"},
             {"total_evaluation_time_seconds", 61.5}});
        const ImportedEvaluation imported = readLmEvalResults(bytesOf(file));

        QCOMPARE(warningsOf(imported),
                 QStringList({u"results.boolq: \"acc_stderr,none\" is \"about 0.01\", not a standard error; read "
                              u"as unknown"_s,
                              u"results.boolq: \"f1_stderr,none\" has no \"f1,none\" beside it; skipped"_s,
                              u"results.boolq: \"mcc,none\" is true, not a number; skipped"_s,
                              u"results.broken: is a string, not an object of metrics; skipped"_s}));
        QCOMPARE(imported.metrics.size(), std::size_t(1));
        QCOMPARE(imported.metrics[0].metric, u"acc"_s);
        QCOMPARE(imported.metrics[0].value, 0.8);
        QVERIFY(!imported.metrics[0].standardError);
        // No n-samples: the task's own sample count.
        QCOMPARE(imported.metrics[0].sampleCount, 40);

        QCOMPARE(imported.run.model, u"google/gemma-2b"_s);
        QCOMPARE(imported.run.endpointName, u"hf"_s);
        QCOMPARE(imported.run.suiteName, u"lm-eval: boolq, broken"_s);
        // An ISO date without a zone is UTC: 2024-05-21T12:34:15Z is 1716294855 s.
        QCOMPARE(imported.run.startedAtMs, 1716294855552);
        QCOMPARE(imported.run.finishedAtMs, 1716294917052);
    }

    void lmEvalWithoutMetrics()
    {
        const ImportedEvaluation imported = readLmEvalResults("{\"results\": {}, \"date\": 1716292455}");
        QVERIFY(imported.metrics.empty());
        QCOMPARE(imported.run.startedAtMs, 1716292455000);
        QCOMPARE(imported.run.suiteName, u"lm-eval import"_s);
        QCOMPARE(imported.run.endpointName, u"lm-eval"_s);
        QCOMPARE(warningsOf(imported), QStringList({u"the file holds no metric that could be read"_s}));
    }

    void newerPromptfooFormat()
    {
        Json file = promptfooAround(Json::array());
        file["results"]["version"] = 5;
        QCOMPARE(warningsOf(readPromptfooOutput(bytesOf(file))),
                 QStringList({u"format version 5 is newer than the versions 2 to 4 this reader knows; read as "
                              u"version 3"_s}));
    }

    void formatsAreTold_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<EvalRunSource>("source");

        QTest::newRow("promptfoo") << evaluationFile("promptfoo-v3.json") << EvalRunSource::Promptfoo;
        QTest::newRow("older promptfoo") << evaluationFile("promptfoo-array.json") << EvalRunSource::Promptfoo;
        QTest::newRow("lm-eval") << evaluationFile("lm-eval-results.json") << EvalRunSource::LmEval;
        QTest::newRow("older lm-eval") << evaluationFile("lm-eval-old.json") << EvalRunSource::LmEval;
        QTest::newRow("lm-eval trimmed to its results")
            << QByteArray("{\"results\": {\"hellaswag\": {\"acc,none\": 0.5}}}") << EvalRunSource::LmEval;
        QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF{\"results\": []}") << EvalRunSource::Promptfoo;
    }

    void formatsAreTold()
    {
        QFETCH(QByteArray, file);
        QFETCH(EvalRunSource, source);
        QCOMPARE(readEvaluationFile(file).run.source, source);
    }

    void importsAreStored_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::newRow("promptfoo") << evaluationFile("promptfoo-v3.json");
        QTest::newRow("older promptfoo") << evaluationFile("promptfoo-array.json");
        QTest::newRow("lm-eval") << evaluationFile("lm-eval-results.json");
        QTest::newRow("older lm-eval") << evaluationFile("lm-eval-old.json");
    }

    void importsAreStored()
    {
        // The store keeps one result per item and repeat, one verdict per scorer and one
        // figure per task and metric: an import must give it no two of either.
        QFETCH(QByteArray, file);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto store = Store::open(dir.filePath(u"store.sqlite"_s));
        ImportedEvaluation imported = readEvaluationFile(file);
        store->addImportedEvaluation(imported);
        QVERIFY(imported.run.id > 0);

        const std::optional<EvalRunRecord> run = store->evalRun(imported.run.id);
        QVERIFY(run);
        QCOMPARE(run->source, imported.run.source);
        QCOMPARE(run->endpointName, imported.run.endpointName);
        QCOMPARE(run->startedAtMs, imported.run.startedAtMs);
        QCOMPARE(run->itemCount, imported.run.itemCount);
        QCOMPARE(run->repeats, imported.run.repeats);

        const std::vector<EvalResultRecord> results = store->evalResults(imported.run.id);
        QCOMPARE(results.size(), imported.results.size());
        for (std::size_t i = 0; i < results.size(); ++i) {
            QCOMPARE(results[i].itemPosition, imported.results[i].itemPosition);
            QCOMPARE(results[i].repeat, imported.results[i].repeat);
            QCOMPARE(results[i].output, imported.results[i].output);
            QCOMPARE(results[i].errorClass, imported.results[i].errorClass);
            QCOMPARE(verdictsOf(results[i]), verdictsOf(imported.results[i]));
        }
        QCOMPARE(store->evalRunMetrics(imported.run.id).size(), imported.metrics.size());
    }

    void notEvaluationsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("promptfoo");
        QTest::addColumn<QString>("lmEval");
        QTest::addColumn<QString>("either");

        const QString notJson = u"not JSON: parse error at line "_s;
        const QString array = u"the top level is an array, not an object"_s;
        QTest::newRow("empty") << QByteArray() << u"the file is empty"_s << u"the file is empty"_s
                               << u"the file is empty"_s;
        QTest::newRow("blank") << QByteArray(" \r\n\t") << u"the file is empty"_s << u"the file is empty"_s
                               << u"the file is empty"_s;
        QTest::newRow("empty array") << QByteArray("[]") << u"not promptfoo output: "_s + array
                                     << u"not lm-evaluation-harness results: "_s + array
                                     << u"neither promptfoo output nor lm-evaluation-harness results: "_s + array;
        QTest::newRow("array of numbers") << QByteArray("[1, 2, 3]") << u"not promptfoo output: "_s + array
                                          << u"not lm-evaluation-harness results: "_s + array
                                          << u"neither promptfoo output nor lm-evaluation-harness results: "_s + array;
        QTest::newRow("a string") << QByteArray("\"results\"")
                                  << u"not promptfoo output: the top level is a string, not an object"_s
                                  << u"not lm-evaluation-harness results: the top level is a string, not an object"_s
                                  << u"neither promptfoo output nor lm-evaluation-harness results: the top level is a "
                                     u"string, not an object"_s;
        QTest::newRow("empty object") << QByteArray("{}") << u"not promptfoo output: there is no \"results\""_s
                                      << u"not lm-evaluation-harness results: there is no \"results\" object of "
                                         u"tasks"_s
                                      << u"neither promptfoo output nor lm-evaluation-harness results: there is no "
                                         u"\"results\""_s;
        QTest::newRow("results of neither")
            << QByteArray("{\"results\": 5}")
            << u"not promptfoo output: \"results\" is neither an array of result rows nor an object with one in "
               u"\"results\""_s
            << u"not lm-evaluation-harness results: there is no \"results\" object of tasks"_s
            << u"neither promptfoo output nor lm-evaluation-harness results: \"results\" holds neither result rows "
               u"nor tasks with metrics"_s;

        const QByteArray deep = "{\"results\": " + QByteArray(100, '[') + QByteArray(100, ']') + "}";
        const QString tooDeep = u"the file nests deeper than 64 levels"_s;
        QTest::newRow("nested too deep") << deep << tooDeep << tooDeep << tooDeep;

        const QByteArray whole = evaluationFile("promptfoo-v3.json");
        const QByteArray truncated = whole.first(whole.size() / 2);
        QTest::newRow("truncated") << truncated << notJson << notJson << notJson;
        // Latin-1 é inside a string: not UTF-8.
        const QByteArray latin1("{\"results\": [{\"error\": \"caf\xE9\"}]}");
        QTest::newRow("not UTF-8") << latin1 << notJson << notJson << notJson;
        const QByteArray utf16("\xFF\xFE{\0}\0", 6);
        const QString utf16Refused = u"the file is UTF-16 text; it must be UTF-8"_s;
        QTest::newRow("UTF-16") << utf16 << utf16Refused << utf16Refused << utf16Refused;

        QTest::newRow("the other tool's file")
            << evaluationFile("lm-eval-results.json")
            << u"not promptfoo output: \"results\" is neither an array of result rows nor an object with one in "
               u"\"results\""_s
            << u"read"_s << u"read"_s;
        QTest::newRow("the other tool's file, promptfoo")
            << evaluationFile("promptfoo-v3.json") << u"read"_s
            << u"not lm-evaluation-harness results: \"results\" holds result rows, as promptfoo output does"_s
            << u"read"_s;
    }

    void notEvaluationsAreRefused()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, promptfoo);
        QFETCH(QString, lmEval);
        QFETCH(QString, either);

        const std::pair<Reader, QString> readers[] = {
            {readPromptfooOutput, promptfoo}, {readLmEvalResults, lmEval}, {readEvaluationFile, either}};
        for (const auto &[read, refusal] : readers) {
            const QString message = refusalOf(read, file);
            QVERIFY2(message.startsWith(refusal), qPrintable(message));
        }
    }

    void promptfooScoresOutsideZeroToOneAreClampedWithAWarning()
    {
        const QByteArray file = "{\"evalId\": \"eval-x\", \"results\": {\"version\": 3, \"results\": [{\"testIdx\": 0, "
                                "\"promptIdx\": 0, \"vars\": {\"q\": \"a\"}, \"response\": {\"output\": \"yes\"}, "
                                "\"success\": true, \"score\": 7, \"gradingResult\": {\"pass\": true, \"score\": 7, "
                                "\"componentResults\": [{\"pass\": false, \"score\": -1, \"assertion\": {\"type\": "
                                "\"javascript\"}}]}}]}}";
        const ImportedEvaluation imported = readPromptfooOutput(file);
        QCOMPARE(imported.results.size(), std::size_t(1));
        QCOMPARE(imported.results[0].scores.size(), std::size_t(2));
        QCOMPARE(imported.results[0].scores[0].score, std::optional<double>(1.0));
        QCOMPARE(imported.results[0].scores[1].score, std::optional<double>(0.0));
        QCOMPARE(std::count_if(imported.warnings.begin(), imported.warnings.end(),
                               [](const QString &warning) { return warning.contains(u"is outside 0 to 1"_s); }),
                 2);
    }
};

QTEST_GUILESS_MAIN(TestEvalImport)
#include "tst_evalimport.moc"
