// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "chatstreamassembler.h"
#include "fieldcases.h"
#include "replay.h"

#include <QCryptographicHash>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;
using namespace llmops::testing;
using llmops::ChatResult;
using llmops::ChatStreamAssembler;
using llmops::StreamFormat;
using Json = nlohmann::json;

Q_DECLARE_METATYPE(StreamFormat)

namespace {

ChatResult assemble(const std::vector<QByteArrayView> &reads, StreamFormat format)
{
    ChatStreamAssembler assembler(format);
    for (const QByteArrayView read : reads)
        assembler.feed(read);
    assembler.finish();
    return assembler.result();
}

std::string recorded(const ChatResult &result)
{
    return llmops::chatResultToJson(result).dump();
}

/// Compares the members @p expected names with @p actual; nested objects are compared member
/// by member too, and tool-call arguments as parsed JSON, since the model's spacing is free.
void compareSubset(const Json &actual, const Json &expected, const std::string &path = {})
{
    for (const auto &[key, value] : expected.items()) {
        const std::string name = path + key;
        QVERIFY2(actual.contains(key), name.c_str());
        const Json &got = actual.at(key);
        if (value.is_object() && key != "metadata") {
            compareSubset(got, value, name + ".");
        } else if (key == "tool_calls") {
            QCOMPARE(got.size(), value.size());
            for (size_t i = 0; i < value.size(); ++i) {
                Json call = got.at(i);
                call["arguments"] = Json::parse(call.at("arguments").get<std::string>(), nullptr, false);
                QCOMPARE(QString::fromStdString(name + '=' + call.dump()),
                         QString::fromStdString(name + '=' + value.at(i).dump()));
            }
        } else {
            QCOMPARE(QString::fromStdString(name + '=' + got.dump()),
                     QString::fromStdString(name + '=' + value.dump()));
        }
    }
}

QByteArray joined(std::initializer_list<QByteArray> parts)
{
    QByteArray out;
    for (const QByteArray &part : parts)
        out += part;
    return out;
}

QByteArray openAiChunk(const QByteArray &delta, const QByteArray &finish = "null")
{
    return R"(data: {"id":"chatcmpl-k","object":"chat.completion.chunk","created":1718000000,"model":"m","choices":[)"
           R"({"index":0,"delta":)"
        + delta + R"(,"finish_reason":)" + finish + "}]}\n\n";
}

} // namespace

class TestChatStreamAssembler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streams_data();
    void streams();
    void fc04TextHash();
    void fc05Timings();
    void fc09CodePoints();
    void hasContentAfterFirstToken();
    void finishIsFinal();
    void completions_data();
    void completions();
    void anEventThatNeverEndsIsMalformed_data();
    void anEventThatNeverEndsIsMalformed();
};

void TestChatStreamAssembler::streams_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<StreamFormat>("format");
    QTest::addColumn<QByteArray>("chunksFile");
    QTest::addColumn<QByteArray>("expected");

    const auto sse = StreamFormat::Sse;
    const auto ndjson = StreamFormat::Ndjson;
    const QByteArray none;

    // The field cases, with the values cases/README.md gives.
    QTest::newRow("FC-01 empty first chunk") << fieldCase("FC-01.sse") << sse << none << R"({
        "text": "Blue sky", "finish_reason": "stop", "response_id": "chatcmpl-fc01",
        "model": "gpt-4o-2024-08-06", "created": 1718000000, "finished": true, "error": null,
        "parse_errors": 0, "content_events": 2,
        "metadata": {"prompt_filter_results": [{"prompt_index": 0, "content_filter_results": {
            "hate": {"filtered": false, "severity": "safe"}, "self_harm": {"filtered": false, "severity": "safe"},
            "sexual": {"filtered": false, "severity": "safe"}, "violence": {"filtered": false, "severity": "safe"}}}]}
    })"_ba;
    QTest::newRow("FC-03 usage-only final chunk") << fieldCase("FC-03.sse") << sse << none << R"({
        "text": "Four.", "finish_reason": "stop", "finished": true, "error": null,
        "usage": {"input_tokens": 17, "output_tokens": 3, "total_tokens": 20, "cached_input_tokens": 0,
                  "reasoning_tokens": 0}
    })"_ba;
    QTest::newRow("FC-04 events split across reads") << fieldCase("FC-04.sse") << sse << "FC-04.chunks.json"_ba
                                                     << R"({
        "finish_reason": "stop", "finished": true, "error": null, "parse_errors": 0, "response_id": "chatcmpl-fc04"
    })"_ba;
    QTest::newRow("FC-05 Ollama NDJSON") << fieldCase("FC-05.ndjson") << ndjson << "FC-05.chunks.json"_ba
                                         << R"({
        "text": "Hello, world", "finish_reason": "stop", "finished": true, "error": null, "model": "tiny-chat:8b",
        "usage": {"input_tokens": 26, "output_tokens": 5, "total_tokens": 31},
        "durations_ns": {"total": 412345678, "prompt_eval": 120000000, "eval": 250000000}, "content_events": 3
    })"_ba;
    QTest::newRow("FC-06 comment keep-alives") << fieldCase("FC-06.sse") << sse << none << R"({
        "text": "The end", "finish_reason": "stop", "finished": true, "error": null, "parse_errors": 0
    })"_ba;
    QTest::newRow("FC-08 mixed line ends") << fieldCase("FC-08.sse") << sse << "FC-08.chunks.json"_ba
                                           << R"({
        "text": "Line endings ok", "finish_reason": "stop", "finished": true, "error": null, "content_events": 3
    })"_ba;
    QTest::newRow("FC-09 UTF-8 split") << fieldCase("FC-09.sse") << sse << "FC-09.chunks.json"_ba
                                       << R"({
        "text": "你好世界 🌍 использовать", "finish_reason": "stop", "finished": true, "error": null
    })"_ba;
    QTest::newRow("FC-10 parallel tool calls") << fieldCase("FC-10.sse") << sse << none << R"({
        "text": null, "finish_reason": "tool_calls", "finished": true, "error": null,
        "tool_calls": [
            {"index": 0, "id": "call_fc10_a", "name": "get_weather",
             "arguments": {"city": "Zürich", "unit": "celsius"}},
            {"index": 1, "id": "call_fc10_b", "name": "get_time", "arguments": {"tz": "Europe/Zurich"}}]
    })"_ba;
    QTest::newRow("FC-12 Anthropic error event") << fieldCase("FC-12.sse") << sse << none << R"({
        "text": "Partial", "finished": false, "response_id": "msg_fc12", "model": "claude-sonnet-4-5",
        "usage": {"input_tokens": 12},
        "error": {"class": "stream_error", "type": "overloaded_error", "message": "Overloaded", "retryable": false}
    })"_ba;
    QTest::newRow("FC-14 empty finish_reason") << fieldCase("FC-14.sse") << sse << none << R"({
        "text": "Three short words", "finish_reason": "stop", "finished": true, "error": null
    })"_ba;

    // The same faults as kinds, beyond the one recorded file.
    const QByteArray done = "data: [DONE]\n\n"_ba;
    const QByteArray hello = openAiChunk(R"({"content":"Hel"})") + openAiChunk(R"({"content":"lo"})")
        + openAiChunk("{}", R"("stop")");
    QByteArray crOnly = hello + done;
    crOnly.replace('\n', '\r');
    QTest::newRow("CR-only line ends") << crOnly << sse << none
                                       << R"({"text": "Hello", "finished": true, "error": null})"_ba;
    QByteArray noSpace = hello + done;
    noSpace.replace("data: ", "data:");
    QTest::newRow("data without space") << noSpace << sse << none
                                        << R"({"text": "Hello", "finished": true, "error": null})"_ba;
    QTest::newRow("JSON spread over data lines with a comment between")
        << "data: {\"choices\":[{\"index\":0,\n: keep-alive\ndata: \"delta\":{\"content\":\"Hi\"},"
           "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"_ba
        << sse << none << R"({"text": "Hi", "finish_reason": "stop", "finished": true, "parse_errors": 0})"_ba;
    QTest::newRow("comment keep-alive before each event")
        << joined({": ping\n\n", openAiChunk(R"({"content":"a"})"), ": ping\n\n", openAiChunk("{}", R"("stop")"),
                   ": ping\n\n", done})
        << sse << none << R"({"text": "a", "finished": true, "error": null})"_ba;
    QTest::newRow("finish_reason empty then null then set")
        << joined({openAiChunk(R"({"content":"x"})", R"("")"), openAiChunk(R"({"content":"y"})", "null"),
                   openAiChunk("{}", R"("length")"), openAiChunk("{}", R"("")"), done})
        << sse << none << R"({"text": "xy", "finish_reason": "length", "finished": true})"_ba;
    QTest::newRow("usage-only chunk without choices member")
        << joined({openAiChunk(R"({"content":"x"})", R"("stop")"),
                   R"(data: {"id":"chatcmpl-k","usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6,)"
                   R"("prompt_tokens_details":{"cached_tokens":2}}})"
                   "\n\n",
                   done})
        << sse << none << R"({"finish_reason": "stop", "usage": {"input_tokens": 5, "cached_input_tokens": 2}})"_ba;
    QTest::newRow("Azure annotation choice without delta")
        << joined({R"(data: {"id":"","choices":[{"index":0,"finish_reason":null,"content_filter_results":{}}]})"
                   "\n\n",
                   hello, done})
        << sse << none << R"({"text": "Hello", "finished": true, "error": null, "response_id": "chatcmpl-k"})"_ba;
    QTest::newRow("reasoning_content with content null")
        << joined({openAiChunk(R"({"role":"assistant","content":null,"reasoning_content":"Think"})"),
                   openAiChunk(R"({"content":null,"reasoning_content":"ing"})"), openAiChunk(R"({"content":"42"})"),
                   openAiChunk("{}", R"("stop")"), done})
        << sse << none << R"({"text": "42", "reasoning": "Thinking", "content_events": 3})"_ba;
    QTest::newRow("reasoning field (OpenRouter)") << joined(
        {openAiChunk(R"({"reasoning":"Hmm","content":""})"), openAiChunk(R"({"content":"Ok"})", R"("stop")"), done})
                                                  << sse << none << R"({"text": "Ok", "reasoning": "Hmm"})"_ba;
    QTest::newRow("parallel tool calls all at index 0")
        << joined({openAiChunk(R"({"tool_calls":[{"index":0,"id":"c1",)"
                               R"("function":{"name":"f","arguments":"{\"a\""}}]})"),
                   openAiChunk(R"({"tool_calls":[{"index":0,"function":{"arguments":":1}"}}]})"),
                   openAiChunk(R"({"tool_calls":[{"index":0,"id":"c2","function":{"name":"g","arguments":"{}"}}]})"),
                   openAiChunk("{}", R"("tool_calls")"), done})
        << sse << none << R"({"text": null, "tool_calls": [
            {"index": 0, "id": "c1", "name": "f", "arguments": {"a": 1}},
            {"index": 1, "id": "c2", "name": "g", "arguments": {}}]})"_ba;
    QTest::newRow("tool call complete in one chunk (Mistral)")
        << joined({openAiChunk(R"({"content":"","tool_calls":[{"id":"m1",)"
                               R"("function":{"name":"f","arguments":"{\"x\":2}"}}]})",
                               R"("tool_calls")"),
                   done})
        << sse << none
        << R"({"text": "", "tool_calls": [{"index": 0, "id": "m1", "name": "f", "arguments": {"x": 2}}]})"_ba;
    QTest::newRow("OpenAI error object mid-stream")
        << joined({openAiChunk(R"({"content":"Par"})"),
                   R"(data: {"error":{"message":"The server had an error","type":"server_error","code":null}})"
                   "\n\n"})
        << sse << none << R"({"text": "Par", "finished": false,
            "error": {"class": "stream_error", "type": "server_error", "message": "The server had an error"}})"_ba;
    QTest::newRow("vLLM error object mid-stream")
        << joined({openAiChunk(R"({"content":"Par"})"),
                   R"(data: {"object":"error","message":"out of KV cache","type":"InternalServerError","code":500})"
                   "\n\n",
                   done})
        << sse << none << R"({"text": "Par",
            "error": {"class": "stream_error", "type": "InternalServerError", "message": "out of KV cache"}})"_ba;
    QTest::newRow("unparsable chunk is skipped")
        << joined({openAiChunk(R"({"content":"a"})"), "data: {\"choices\":[{\"delta\":\n\n",
                   openAiChunk(R"({"content":"b"})"), openAiChunk("{}", R"("stop")"), done})
        << sse << none << R"({"text": "ab", "parse_errors": 1, "finished": true,
            "error": {"class": "malformed_stream", "type": "invalid_json"}})"_ba;
    QTest::newRow("cut without finish_reason") << openAiChunk(R"({"content":"a"})") << sse << none << R"({
        "text": "a", "finished": false, "error": {"class": "stream_cut", "type": "stream_cut", "retryable": true}
    })"_ba;
    QTest::newRow("finish_reason and clean end without [DONE]")
        << hello << sse << none << R"({"finished": true, "error": null})"_ba;
    QTest::newRow("cut inside the event after finish_reason")
        << joined({hello, "data: {\"id\":\"chatcmpl-k\",\"usa"}) << sse << none
        << R"({"finished": false, "error": {"class": "stream_cut"}})"_ba;
    QTest::newRow("[DONE] without its blank line") << joined({hello, "data: [DONE]\n"}) << sse << none
                                                   << R"({"finished": false, "error": {"class": "stream_cut"}})"_ba;
    QTest::newRow("empty body") << QByteArray() << sse << none << R"({
        "finished": false, "text": null, "error": {"class": "stream_cut"}
    })"_ba;
    QTest::newRow("HTML page instead of a stream")
        << "<html><head><title>502</title></head><body>Bad gateway</body></html>\n"_ba << sse << none << R"({
        "text": null, "finished": false, "error": {"class": "malformed_stream", "type": "no_events"}
    })"_ba;
    QTest::newRow("Anthropic thinking, text and tool use")
        << "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"c\","
           "\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":5,"
           "\"output_tokens\":1}}}\n\n"
           "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
           "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}\n\n"
           "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
           "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"Let me\"}}\n\n"
           "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
           "\"delta\":{\"type\":\"signature_delta\",\"signature\":\"abc\"}}\n\n"
           "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":1,"
           "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
           "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":1,"
           "\"delta\":{\"type\":\"text_delta\",\"text\":\"Sure.\"}}\n\n"
           "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":2,"
           "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookup\",\"input\":{}}}\n\n"
           "event: ping\ndata: {\"type\":\"ping\"}\n\n"
           "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,"
           "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"q\\\":\"}}\n\n"
           "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":2,"
           "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\" \\\"x\\\"}\"}}\n\n"
           "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":2}\n\n"
           "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
           "\"usage\":{\"output_tokens\":42}}\n\n"
           "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"_ba
        << sse << none << R"({
        "text": "Sure.", "reasoning": "Let me", "finish_reason": "tool_use", "finished": true, "error": null,
        "response_id": "msg_1", "model": "c", "content_events": 5,
        "tool_calls": [{"index": 0, "id": "toolu_1", "name": "lookup", "arguments": {"q": "x"}}],
        "usage": {"input_tokens": 115, "cached_input_tokens": 100, "cache_write_input_tokens": 5,
                  "output_tokens": 42, "total_tokens": 157}
    })"_ba;
    QTest::newRow("Anthropic cut before message_stop")
        << "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\"}}\n\n"
           "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
           "\"delta\":{\"type\":\"text_delta\",\"text\":\"Half\"}}\n\n"_ba
        << sse << none << R"({"text": "Half", "finished": false, "error": {"class": "stream_cut"}})"_ba;
    QTest::newRow("Ollama thinking and tool call")
        << joined({R"({"model":"q","created_at":"2024-06-10T06:13:20.123456789Z",)"
                   R"("message":{"role":"assistant","content":"","thinking":"Hm"},"done":false})"
                   "\r\n\r\n",
                   R"({"model":"q","message":{"role":"assistant","content":"","tool_calls":[{"function":)"
                   R"({"name":"get_weather","arguments":{"city":"Tokyo","unit":"c"}}}]},"done":false})"
                   "\n",
                   R"({"model":"q","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop",)"
                   R"("prompt_eval_count":3,"eval_count":2})"
                   "\n"})
        << ndjson << none << R"({
        "reasoning": "Hm", "finish_reason": "stop", "finished": true, "created": 1718000000,
        "tool_calls": [{"index": 0, "id": null, "name": "get_weather", "arguments": {"city": "Tokyo", "unit": "c"}}],
        "usage": {"input_tokens": 3, "output_tokens": 2, "total_tokens": 5}
    })"_ba;
    QTest::newRow("counts no real server sends")
        << "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_3\","
           "\"usage\":{\"input_tokens\":9223372036854775807,\"cache_read_input_tokens\":9223372036854775807}}}\n\n"
           "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":4294967296,"
           "\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_9\",\"name\":\"f\",\"input\":{}}}\n\n"
           "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":4294967296,"
           "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{}\"}}\n\n"
           "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
           "\"usage\":{\"output_tokens\":-3}}\n\n"
           "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"_ba
        << sse << none << R"({
        "finish_reason": "tool_use", "finished": true, "error": null,
        "tool_calls": [{"index": 0, "id": "toolu_9", "name": "f", "arguments": {}}],
        "usage": {"input_tokens": null, "output_tokens": null, "total_tokens": null}
    })"_ba;
    QTest::newRow("Ollama /api/generate lines")
        << R"({"model":"q","response":"Hi","done":false})"
           "\n"
           R"({"model":"q","response":" there","done":true,"done_reason":"length","eval_count":2})"_ba
        << ndjson << none << R"({"text": "Hi there", "finish_reason": "length", "finished": true})"_ba;
    QTest::newRow("Ollama error line") << R"({"model":"q","message":{"content":"Hi"},"done":false})"
                                          "\n"
                                          R"({"error":"an error was encountered while running the model"})"
                                          "\n"_ba
                                       << ndjson << none << R"({"text": "Hi", "finished": false,
            "error": {"class": "stream_error", "message": "an error was encountered while running the model"}})"_ba;
    QTest::newRow("Ollama final object cut")
        << R"({"model":"q","message":{"content":"Hi"},"done":false})"
           "\n"
           R"({"model":"q","message":{"content":""},"done":tr)"_ba
        << ndjson << none << R"({"text": "Hi", "finished": false, "parse_errors": 1,
            "error": {"class": "stream_cut"}})"_ba;
}

void TestChatStreamAssembler::streams()
{
    QFETCH(QByteArray, input);
    QFETCH(StreamFormat, format);
    QFETCH(QByteArray, chunksFile);
    QFETCH(QByteArray, expected);

    const ChatResult whole = assemble({input}, format);
    const Json expectation = Json::parse(expected.constData(), nullptr, false);
    QVERIFY2(!expectation.is_discarded(), "the expectation is not JSON");
    compareSubset(llmops::chatResultToJson(whole), expectation);
    if (QTest::currentTestFailed())
        return;

    const std::string reference = recorded(whole);
    if (!chunksFile.isEmpty()) {
        const auto reads = llmops::readRecordedChunks(fieldCase(chunksFile));
        QVERIFY(reads);
        QByteArray joined;
        std::vector<QByteArrayView> views;
        for (const QByteArray &read : *reads) {
            joined += read;
            views.emplace_back(read);
        }
        QCOMPARE(joined, input);
        QCOMPARE(QString::fromStdString(recorded(assemble(views, format))), QString::fromStdString(reference));
    }

    for (const auto &[name, cuts] : splitPlans(input.size(), 300, 12)) {
        const std::string split = recorded(assemble(cutAt(input, cuts), format));
        if (split != reference)
            QFAIL(qPrintable(u"different result with %1: %2"_s.arg(name, QString::fromStdString(split))));
    }
}

void TestChatStreamAssembler::fc04TextHash()
{
    const auto reads = llmops::readRecordedChunks(fieldCase("FC-04.chunks.json"));
    QVERIFY(reads);
    QCOMPARE(reads->size(), size_t(6));

    ChatStreamAssembler assembler(StreamFormat::Sse);
    for (const QByteArray &read : *reads)
        assembler.feed(read);
    assembler.finish();

    const ChatResult &result = assembler.result();
    QVERIFY(result.text);
    QCOMPARE(result.text->size(), qsizetype(7200));
    QVERIFY(result.text->startsWith(u"w0001 w0002 "));
    QVERIFY(result.text->endsWith(u"w1200!"));
    QCOMPARE(QCryptographicHash::hash(result.text->toUtf8(), QCryptographicHash::Sha256).toHex(),
             "b93c57a9639af70bd8da8761d2647ceb8a461f92058857a57fcf0e099063bec7"_ba);
    QCOMPARE(result.parseErrors, qint64(0));
    QVERIFY(result.finished);
    QVERIFY(!result.failure);
}

void TestChatStreamAssembler::fc05Timings()
{
    const ChatResult result = assemble({fieldCase("FC-05.ndjson")}, StreamFormat::Ndjson);
    QVERIFY(result.totalDurationNs && result.evalDurationNs && result.usage.outputTokens);
    QCOMPARE(*result.totalDurationNs / 1e6, 412.345678);
    QCOMPARE(double(*result.usage.outputTokens) / (double(*result.evalDurationNs) / 1e9), 20.0);
    QCOMPARE(*result.usage.inputTokens, qint64(26));
}

void TestChatStreamAssembler::fc09CodePoints()
{
    const auto reads = llmops::readRecordedChunks(fieldCase("FC-09.chunks.json"));
    QVERIFY(reads);

    ChatStreamAssembler assembler(StreamFormat::Sse);
    for (const QByteArray &read : *reads)
        assembler.feed(read);
    assembler.finish();

    const QString text = assembler.result().text.value_or(QString());
    QCOMPARE(text, u"你好世界 🌍 использовать"_s);
    QCOMPARE(text.toUcs4().size(), qsizetype(19));
    QVERIFY(!text.contains(QChar::ReplacementCharacter));
}

void TestChatStreamAssembler::hasContentAfterFirstToken()
{
    // The role chunk and Azure's filter chunk carry no token; the first text does.
    const QByteArray input = fieldCase("FC-01.sse");
    ChatStreamAssembler assembler(StreamFormat::Sse);
    const qsizetype blue = input.indexOf("\"Blue\"");
    assembler.feed(QByteArrayView(input).first(blue));
    QVERIFY(!assembler.hasContent());
    assembler.feed(QByteArrayView(input).sliced(blue, input.indexOf("\n\n", blue) + 2 - blue));
    QVERIFY(assembler.hasContent());
    QCOMPARE(assembler.result().text, std::optional<QString>(u"Blue"_s));
}

void TestChatStreamAssembler::finishIsFinal()
{
    ChatStreamAssembler assembler(StreamFormat::Sse);
    assembler.feed(QByteArray(openAiChunk(R"({"content":"a"})") + "data: [DONE]\n\n"));
    assembler.finish();
    assembler.feed(openAiChunk(R"({"content":"b"})"));
    assembler.finish();
    QCOMPARE(assembler.result().text, std::optional<QString>(u"a"_s));
    QVERIFY(assembler.result().finished);
}

void TestChatStreamAssembler::completions_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("FC-15 content null with tool calls") << fieldCase("FC-15.json") << R"({
        "text": null, "finish_reason": "tool_calls", "finished": true, "error": null, "response_id": "chatcmpl-fc15",
        "model": "mistral-small-latest", "created": 1718000000,
        "tool_calls": [{"index": 0, "id": "call_fc15", "name": "get_weather", "arguments": {"location": "Tokyo"}}],
        "usage": {"input_tokens": 85, "output_tokens": 18, "total_tokens": 103}
    })"_ba;
    QTest::newRow("empty content is not null")
        << R"({"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":""},"finish_reason":"stop"}]})"_ba
        << R"({"text": "", "finish_reason": "stop", "finished": true, "content_events": 0})"_ba;
    QTest::newRow("content parts and reasoning")
        << R"({"choices":[{"message":{"content":[{"type":"text","text":"A"},{"type":"text","text":"B"}],)"
           R"("reasoning_content":"R"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,)"
           R"("total_tokens":3,"completion_tokens_details":{"reasoning_tokens":1}}})"_ba
        << R"({"text": "AB", "reasoning": "R", "usage": {"reasoning_tokens": 1, "cached_input_tokens": null}})"_ba;
    QTest::newRow("Anthropic message")
        << R"({"id":"msg_3","type":"message","model":"c","content":[{"type":"thinking","thinking":"T"},)"
           R"({"type":"text","text":"Hi"},{"type":"tool_use","id":"tu","name":"f","input":{"k":1}}],)"
           R"("stop_reason":"tool_use","usage":{"input_tokens":7,"output_tokens":3}})"_ba
        << R"({"text": "Hi", "reasoning": "T", "finish_reason": "tool_use", "response_id": "msg_3",
              "tool_calls": [{"index": 0, "id": "tu", "name": "f", "arguments": {"k": 1}}],
              "usage": {"input_tokens": 7, "output_tokens": 3, "total_tokens": 10}})"_ba;
    QTest::newRow("Ollama /api/chat without streaming")
        << R"({"model":"q","created_at":"2024-06-10T06:13:20Z","message":{"role":"assistant","content":"Yes"},)"
           R"("done":true,"done_reason":"stop","total_duration":5,"prompt_eval_count":4,"eval_count":1})"_ba
        << R"({"text": "Yes", "finish_reason": "stop", "finished": true, "model": "q", "created": 1718000000,
              "usage": {"input_tokens": 4, "output_tokens": 1, "total_tokens": 5}, "durations_ns": {"total": 5}})"_ba;
    QTest::newRow("error body")
        << R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})"_ba
        << R"({"text": null, "finished": false,
              "error": {"class": "server_error", "type": "requests", "message": "Rate limit reached"}})"_ba;
    QTest::newRow("not JSON") << "<html>502</html>"_ba
                              << R"({"text": null, "finished": false, "parse_errors": 1,
        "error": {"class": "malformed_stream", "type": "invalid_json"}})"_ba;
    QTest::newRow("JSON of another kind") << R"({"hello":"world"})"_ba
                                          << R"({"text": null, "finished": false,
        "error": {"class": "malformed_stream", "type": "unknown_body"}})"_ba;
}

void TestChatStreamAssembler::completions()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);

    const Json expectation = Json::parse(expected.constData(), nullptr, false);
    QVERIFY2(!expectation.is_discarded(), "the expectation is not JSON");
    compareSubset(llmops::chatResultToJson(llmops::parseChatCompletion(body)), expectation);
}

void TestChatStreamAssembler::anEventThatNeverEndsIsMalformed_data()
{
    QTest::addColumn<StreamFormat>("format");
    QTest::addColumn<QByteArray>("opening");
    QTest::newRow("SSE line without end") << StreamFormat::Sse << "data: {\"choices\":[{\"delta\":{\"content\":\""_ba;
    QTest::newRow("SSE event without blank line") << StreamFormat::Sse << QByteArray();
    QTest::newRow("NDJSON line without end") << StreamFormat::Ndjson << "{\"message\":{\"content\":\""_ba;
}

void TestChatStreamAssembler::anEventThatNeverEndsIsMalformed()
{
    QFETCH(StreamFormat, format);
    QFETCH(QByteArray, opening);

    // One megabyte a read, as a misbehaving server would send it, until 20 MiB are held:
    // data lines keep a quarter of their bytes.
    ChatStreamAssembler assembler(format);
    assembler.feed(opening);
    const bool dataLines = opening.isEmpty();
    const QByteArray read = dataLines ? QByteArray("data: x\n").repeated(1 << 17) : QByteArray(1 << 20, 'x');
    for (int i = 0; i < (dataLines ? 80 : 20); ++i)
        assembler.feed(read);
    assembler.finish();

    const ChatResult &result = assembler.result();
    QVERIFY(result.failure);
    QCOMPARE(result.failure->errorClass, llmops::ErrorClass::MalformedStream);
    QCOMPARE(result.failure->type, u"event_too_long"_s);
    QVERIFY(!result.finished);
}

QTEST_GUILESS_MAIN(TestChatStreamAssembler)
#include "tst_chatstreamassembler.moc"
