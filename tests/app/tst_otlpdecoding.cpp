// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// OTLP export requests read into span records: both encodings, the field cases of traces
// that broke other tools, and the mapping of each naming convention.
#include "fieldcases.h"
#include "genaimapping.h"
#include "otlp/otlp_trace.pb.h"
#include "otlpdecoder.h"

#include <QTest>

#include <cmath>

using namespace llmops;
using nlohmann::json;

/// QCOMPARE for JSON values, which QTest cannot print.
#define COMPARE_JSON(actual, expected)                                                                                 \
    do {                                                                                                               \
        const json actualValue = (actual);                                                                             \
        const json expectedValue = (expected);                                                                         \
        QVERIFY2(actualValue == expectedValue, (actualValue.dump() + " != " + expectedValue.dump()).c_str());          \
    } while (false)

namespace {

/// The spans mapped as intake maps them, with their messages read back as the trace view
/// and `traces show` read them from what is stored.
std::vector<SpanRecord> mapped(const OtlpDecodeResult &decoded, const PriceTable &prices = {})
{
    std::vector<SpanRecord> records;
    for (auto span : decoded.spans) {
        records.push_back(spanRecordFrom(std::move(span), prices));
        deriveMessages(records.back());
    }
    return records;
}

OtlpDecodeResult decodeCase(const char *name, OtlpEncoding encoding = OtlpEncoding::Json)
{
    const QByteArray body = testing::fieldCase(QString::fromLatin1(name));
    return decodeOtlpTraces(std::string_view(body.constData(), size_t(body.size())), encoding);
}

std::string rawId(const char *hex)
{
    return QByteArray::fromHex(hex).toStdString();
}

const SpanRecord &spanById(const std::vector<SpanRecord> &spans, const char *hex)
{
    const std::string id = rawId(hex);
    const auto found = std::find_if(spans.begin(), spans.end(),
                                    [&](const SpanRecord &span) { return span.spanId == id; });
    if (found == spans.end())
        qFatal("no span %s", hex);
    return *found;
}

/// Wraps span JSON texts into one OTLP/JSON request of service "svc".
std::string request(const std::vector<std::string> &spans)
{
    std::string joined;
    for (const auto &span : spans)
        joined += (joined.empty() ? "" : ",") + span;
    return R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},)"
           R"("scopeSpans":[{"scope":{"name":"test"},"spans":[)"
        + joined + "]}]}]}";
}

/// A span of the given attributes (OTLP/JSON key-value list text) with valid ids.
std::string spanWith(const std::string &attributes, const std::string &extra = {})
{
    return R"({"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"1112131415161718","name":"s",)"
           R"("startTimeUnixNano":"1000000000","endTimeUnixNano":"3000000000","attributes":[)"
        + attributes + "]" + extra + "}";
}

std::string stringAttribute(const char *key, const std::string &value)
{
    return std::string(R"({"key":")") + key + R"(","value":{"stringValue":)" + json(value).dump() + "}}";
}

std::string intAttribute(const char *key, qint64 value)
{
    return std::string(R"({"key":")") + key + R"(","value":{"intValue":)" + std::to_string(value) + "}}";
}

SpanRecord onlySpan(const std::string &body)
{
    const auto decoded = decodeOtlpTraces(body, OtlpEncoding::Json);
    if (!decoded.decoded || decoded.spans.size() != 1)
        qFatal("expected one span: %s", decoded.error.c_str());
    return mapped(decoded).front();
}

} // namespace

class TestOtlpDecoding : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void intValuesAsStringsAndNumbersAreEqual()
    {
        // FC-27: proto3 JSON writes int64 as strings; both forms must give the tokens.
        const auto decoded = decodeCase("FC-27.otlp.json");
        QVERIFY(decoded.decoded);
        QCOMPARE(decoded.rejectedSpans, 0);
        const auto spans = mapped(decoded);
        QCOMPARE(spans.size(), size_t(2));

        const SpanRecord &first = spanById(spans, "a1b2c3d4e5f60718");
        QCOMPARE(first.inputTokens, std::optional<qint64>(25));
        QCOMPARE(first.outputTokens, std::optional<qint64>(7));
        QCOMPARE(first.finishReasonsJson, std::string(R"(["stop"])"));
        QCOMPARE(first.serviceName, std::string("chat-gateway"));
        QCOMPARE(first.operation, std::string("chat"));
        QCOMPARE(first.provider, std::string("openai"));
        QCOMPARE(first.requestModel, std::string("tiny-chat-8b"));
        QCOMPARE(first.status, SpanStatus::Ok);

        const SpanRecord &second = spanById(spans, "a1b2c3d4e5f60719");
        QCOMPARE(second.inputTokens, std::optional<qint64>(31));
        QCOMPARE(second.outputTokens, std::optional<qint64>(9));
    }

    void nanosecondTimesKeepEveryDigit()
    {
        // FC-29: strings and numbers beyond 2^53; a double-based reader gets 1024 or 0 ns.
        const auto spans = mapped(decodeCase("FC-29.otlp.json"));
        QCOMPARE(spans.size(), size_t(2));

        const SpanRecord &strings = spanById(spans, "1111111111111111");
        QCOMPARE(strings.startNs, qint64(1718000000123456789));
        QCOMPARE(strings.endNs, qint64(1718000000623456789));
        QCOMPARE(strings.durationNs(), qint64(500000000));
        QVERIFY(strings.isRoot());

        const SpanRecord &numbers = spanById(spans, "2222222222222222");
        QCOMPARE(numbers.startNs, qint64(1718000001000000001));
        QCOMPARE(numbers.endNs, qint64(1718000001000000999));
        QCOMPARE(numbers.durationNs(), qint64(998));
        QCOMPARE(numbers.parentSpanId, rawId("1111111111111111"));
    }

    void awkwardValuesAreKeptAsTheyWere()
    {
        // FC-33: string doubles, NaN and infinities, int64 edges, a lone surrogate, nesting.
        const auto decoded = decodeCase("FC-33.otlp.json");
        QVERIFY(decoded.decoded);
        QCOMPARE(decoded.rejectedSpans, 0);
        const auto spans = mapped(decoded);
        QCOMPARE(spans.size(), size_t(1));
        const SpanRecord &span = spans.front();

        const json attributes = json::parse(span.attributesJson);
        QCOMPARE(json::parse(span.resourceJson)["process.pid"].get<qint64>(), qint64(4242));
        QCOMPARE(attributes["gen_ai.request.temperature"].get<double>(), 0.7);
        COMPARE_JSON(attributes["eval.score"], json({{"$double", "NaN"}}));
        COMPARE_JSON(attributes["eval.upper_bound"], json({{"$double", "Infinity"}}));
        COMPARE_JSON(attributes["eval.lower_bound"], json({{"$double", "-Infinity"}}));
        QCOMPARE(attributes["gen_ai.request.seed"].get<qint64>(), std::numeric_limits<qint64>::min());
        COMPARE_JSON(attributes["app.big_counter"], json("9223372036854775808"));
        QCOMPARE(attributes["app.note"].get<std::string>(), std::string("ok\xEF\xBF\xBD"));
        QCOMPARE(attributes["app.emoji"].get<std::string>(), std::string("\xF0\x9F\x8C\x8D"));
        COMPARE_JSON(attributes["gen_ai.request.stop_sequences"], json({"\n\n", "END"}));
        COMPARE_JSON(attributes["app.config"], json::parse(R"({"retries":3,"tags":["a",2,true]})"));
        COMPARE_JSON(attributes["app.raw"], json({{"$bytes", "AAEC/w=="}}));
        QVERIFY(attributes.contains("app.empty"));
        QVERIFY(attributes["app.empty"].is_null());

        const json warnings = json::parse(span.warningsJson);
        const std::string allWarnings = warnings.dump();
        QVERIFY2(allWarnings.find("app.big_counter") != std::string::npos, allWarnings.c_str());
        QVERIFY2(allWarnings.find("U+FFFD") != std::string::npos, allWarnings.c_str());
    }

    void invalidUtf8InProtobufIsRepairedNotFatal()
    {
        // FC-34: a protobuf string with bytes that are not UTF-8; both spans must survive.
        const auto decoded = decodeCase("FC-34.otlp.pb", OtlpEncoding::Protobuf);
        QVERIFY2(decoded.decoded, decoded.error.c_str());
        QCOMPARE(decoded.rejectedSpans, 0);
        const auto spans = mapped(decoded);
        QCOMPARE(spans.size(), size_t(2));

        const SpanRecord &parent = spanById(spans, "3434343434343401");
        QCOMPARE(parent.traceId, rawId("c0ffee00112233445566778899aabbcc"));
        QCOMPARE(parent.durationNs(), qint64(400'000'000));
        QCOMPARE(parent.inputTokens, std::optional<qint64>(40));
        QCOMPARE(parent.outputTokens, std::optional<qint64>(12));
        QCOMPARE(parent.status, SpanStatus::Ok);
        const json attributes = json::parse(parent.attributesJson);
        QCOMPARE(attributes["app.user_comment"].get<std::string>(),
                 std::string("caf\xEF\xBF\xBD cr\xEF\xBF\xBDme \xEF\xBF\xBD\xEF\xBF\xBD end"));
        QVERIFY(parent.warningsJson.find("app.user_comment") != std::string::npos);

        const SpanRecord &child = spanById(spans, "3434343434343402");
        QCOMPARE(child.parentSpanId, parent.spanId);
        QCOMPARE(child.durationNs(), qint64(100'000'000));
    }

    void undecodableBodiesAreRefusedWhole_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("protobuf");
        QTest::newRow("not json") << QByteArray("{\"resourceSpans\": [") << false;
        QTest::newRow("json array") << QByteArray("[1, 2]") << false;
        QTest::newRow("resourceSpans not an array") << QByteArray(R"({"resourceSpans": 3})") << false;
        QTest::newRow("garbage protobuf") << QByteArray("\xff\xff\xff\xff\x0f", 5) << true;
        QTest::newRow("truncated protobuf") << testing::fieldCase(u"FC-34.otlp.pb").left(100) << true;
    }

    void undecodableBodiesAreRefusedWhole()
    {
        QFETCH(QByteArray, body);
        QFETCH(bool, protobuf);
        const auto decoded = decodeOtlpTraces(std::string_view(body.constData(), size_t(body.size())),
                                              protobuf ? OtlpEncoding::Protobuf : OtlpEncoding::Json);
        QVERIFY(!decoded.decoded);
        QVERIFY(!decoded.error.empty());
        QVERIFY(decoded.spans.empty());
    }

    void anEmptyRequestIsValid()
    {
        QVERIFY(decodeOtlpTraces("{}", OtlpEncoding::Json).decoded);
        QVERIFY(decodeOtlpTraces("", OtlpEncoding::Protobuf).decoded);
    }

    void badSpansAreRejectedAndTheirNeighboursKept()
    {
        const std::string good = spanWith(intAttribute("gen_ai.usage.input_tokens", 5));
        const std::string zeroTrace =
            R"({"traceId":"00000000000000000000000000000000","spanId":"1112131415161718","name":"zero"})";
        const std::string shortSpanId =
            R"({"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"11","name":"short"})";
        const std::string badTime =
            R"({"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"2122232425262728","startTimeUnixNano":"soon"})";

        const auto decoded = decodeOtlpTraces(request({zeroTrace, good, shortSpanId, badTime}), OtlpEncoding::Json);
        QVERIFY(decoded.decoded);
        QCOMPARE(decoded.spans.size(), size_t(1));
        QCOMPARE(decoded.rejectedSpans, 3);
        QCOMPARE(decoded.rejections.size(), size_t(3));
        QVERIFY(decoded.rejections[0].find("trace id") != std::string::npos);
    }

    void idsThatAreNeitherHexNorBase64AreNoIds()
    {
        // Text of the right length must not pass for an id's bytes.
        const std::string shortHexTrace =
            R"({"traceId":"c0de000000000000","spanId":"1112131415161718","name":"a","startTimeUnixNano":"1"})";
        const std::string wordSpanId =
            R"({"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"ghijklmn","name":"b","startTimeUnixNano":"1"})";
        const std::string wordParent = R"({"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"2122232425262728",)"
                                       R"("parentSpanId":"abcd1234","name":"c","startTimeUnixNano":"1"})";
        const auto decoded = decodeOtlpTraces(request({shortHexTrace, wordSpanId, wordParent}), OtlpEncoding::Json);
        QCOMPARE(decoded.rejectedSpans, 2);
        QCOMPARE(decoded.spans.size(), size_t(1));
        const SpanRecord kept = mapped(decoded).front();
        QVERIFY(kept.isRoot());
        QVERIFY(kept.warningsJson.find("parent span id") != std::string::npos);
    }

    void protobufTimesBeyondInt64AreRejected()
    {
        otlp::ExportTraceServiceRequest request;
        auto *spans = request.add_resource_spans()->add_scope_spans();
        for (const quint64 start : {quint64(1000), std::numeric_limits<quint64>::max(), (1ULL << 63) + 5}) {
            auto *span = spans->add_spans();
            span->set_trace_id(rawId("0102030405060708090a0b0c0d0e0f10"));
            span->set_span_id(std::string(7, '\x01') + char(spans->spans_size()));
            span->set_start_time_unix_nano(start);
            span->set_end_time_unix_nano(start);
        }
        const auto decoded = decodeOtlpTraces(request.SerializeAsString(), OtlpEncoding::Protobuf);
        QCOMPARE(decoded.spans.size(), size_t(1));
        QCOMPARE(decoded.rejectedSpans, 2);
        QVERIFY(decoded.rejections[0].find("2262") != std::string::npos);
    }

    void idsInBase64AndEnumNamesAreRead()
    {
        // The protobuf JSON mapping of generic tools writes ids in base64 and enums by name.
        const std::string span =
            R"({"traceId":"AQIDBAUGBwgJCgsMDQ4PEA==","spanId":"ERITFBUWFxg=","parentSpanId":"AAAAAAAAAAA=",)"
            R"("name":"b64","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":1,"endTimeUnixNano":2,)"
            R"("status":{"code":"STATUS_CODE_ERROR","message":"boom"}})";
        const SpanRecord record = onlySpan(request({span}));
        QCOMPARE(record.traceId, rawId("0102030405060708090a0b0c0d0e0f10"));
        QCOMPARE(record.spanId, rawId("1112131415161718"));
        QVERIFY(record.isRoot());
        QCOMPARE(record.kind, 3);
        QCOMPARE(record.status, SpanStatus::Error);
        QCOMPARE(record.statusMessage, std::string("boom"));
    }

    void parentIdAbsentEmptyOrZeroMeansRoot_data()
    {
        QTest::addColumn<QString>("parent");
        QTest::newRow("absent") << QString();
        QTest::newRow("empty") << u",\"parentSpanId\":\"\""_qs;
        QTest::newRow("zeros") << u",\"parentSpanId\":\"0000000000000000\""_qs;
    }

    void parentIdAbsentEmptyOrZeroMeansRoot()
    {
        QFETCH(QString, parent);
        QVERIFY(onlySpan(request({spanWith({}, parent.toStdString())})).isRoot());
    }

    void currentGenAiNamesAreMapped()
    {
        const std::string attributes =
            stringAttribute("gen_ai.operation.name", "chat") + "," + stringAttribute("gen_ai.provider.name", "openai")
            + "," + stringAttribute("gen_ai.request.model", "gpt-4o") + ","
            + stringAttribute("gen_ai.response.model", "gpt-4o-2024-08-06") + ","
            + intAttribute("gen_ai.usage.input_tokens", 3000) + "," + intAttribute("gen_ai.usage.output_tokens", 400)
            + "," + intAttribute("gen_ai.usage.cache_read.input_tokens", 2048) + ","
            + intAttribute("gen_ai.usage.cache_creation.input_tokens", 0) + ","
            + intAttribute("gen_ai.usage.reasoning.output_tokens", 0) + ","
            + stringAttribute("gen_ai.conversation.id", "conv-1") + ","
            + stringAttribute("gen_ai.agent.name", "planner") + "," + stringAttribute("error.type", "timeout") + ","
            + stringAttribute("gen_ai.input.messages",
                              R"([{"role":"user","parts":[{"type":"text","content":"Hi there"}]}])")
            + ","
            + stringAttribute(
                "gen_ai.output.messages",
                R"([{"role":"assistant","parts":[{"type":"text","content":"Hello"}],"finish_reason":"stop"}])")
            + "," + stringAttribute("gen_ai.system_instructions", R"([{"type":"text","content":"Be brief"}])");
        PriceTable prices;
        prices.setPrices({{"openai", "gpt-4o", 2.50, 10.00, 1.25, std::nullopt, std::nullopt}});

        const auto decoded = decodeOtlpTraces(request({spanWith(attributes)}), OtlpEncoding::Json);
        const SpanRecord record = mapped(decoded, prices).front();
        QCOMPARE(record.operation, std::string("chat"));
        QCOMPARE(record.responseModel, std::string("gpt-4o-2024-08-06"));
        QCOMPARE(record.cacheReadTokens, std::optional<qint64>(2048));
        QCOMPARE(record.conversationId, std::string("conv-1"));
        QCOMPARE(record.agentName, std::string("planner"));
        QCOMPARE(record.errorType, std::string("timeout"));
        QCOMPARE(record.finishReasonsJson, std::string(R"(["stop"])"));

        // The dated snapshot is priced as its family; cached tokens at their own rate, once.
        QVERIFY(record.costUsd.has_value());
        QCOMPARE(std::round(*record.costUsd * 1e6), 8940.0);

        const json input = json::parse(record.inputMessagesJson);
        QCOMPARE(input.size(), size_t(2));
        COMPARE_JSON(input[0]["role"], json("system"));
        COMPARE_JSON(input[1]["parts"][0]["content"], json("Hi there"));
        QVERIFY(record.searchText.find("Hi there") != std::string::npos);
        QVERIFY(record.searchText.find("Hello") != std::string::npos);
    }

    void deprecatedGenAiNamesAreMapped()
    {
        const std::string attributes = stringAttribute("gen_ai.system", "anthropic") + ","
            + intAttribute("gen_ai.usage.prompt_tokens", 11) + "," + intAttribute("gen_ai.usage.completion_tokens", 4)
            + "," + stringAttribute("gen_ai.request.model", "claude-sonnet-4");
        const std::string events =
            R"(,"events":[{"timeUnixNano":"1000000000","name":"gen_ai.user.message","attributes":[)"
            + stringAttribute("content", "What is 2+2?") + R"(]},{"timeUnixNano":"1250000000","name":"gen_ai.choice",)"
            + R"("attributes":[)" + stringAttribute("message", R"({"role":"assistant","content":"4"})") + ","
            + stringAttribute("finish_reason", "end_turn") + "]}]";
        const SpanRecord record = onlySpan(request({spanWith(attributes, events)}));
        QCOMPARE(record.provider, std::string("anthropic"));
        QCOMPARE(record.inputTokens, std::optional<qint64>(11));
        QCOMPARE(record.outputTokens, std::optional<qint64>(4));
        const json input = json::parse(record.inputMessagesJson);
        COMPARE_JSON(input[0]["role"], json("user"));
        COMPARE_JSON(input[0]["parts"][0]["content"], json("What is 2+2?"));
        const json output = json::parse(record.outputMessagesJson);
        COMPARE_JSON(output[0]["parts"][0]["content"], json("4"));
        QCOMPARE(record.finishReasonsJson, std::string(R"(["end_turn"])"));
    }

    void openInferenceNamesAreMapped()
    {
        const std::string attributes = stringAttribute("openinference.span.kind", "LLM") + ","
            + stringAttribute("llm.model_name", "gpt-4o-mini") + "," + stringAttribute("llm.provider", "openai") + ","
            + intAttribute("llm.token_count.prompt", 20) + "," + intAttribute("llm.token_count.completion", 6) + ","
            + stringAttribute("llm.input_messages.0.message.role", "system") + ","
            + stringAttribute("llm.input_messages.0.message.content", "You help.") + ","
            + stringAttribute("llm.input_messages.1.message.role", "user") + ","
            + stringAttribute("llm.input_messages.1.message.content", "Weather in Oslo?") + ","
            + stringAttribute("llm.output_messages.0.message.role", "assistant") + ","
            + stringAttribute("llm.output_messages.0.message.tool_calls.0.tool_call.function.name", "get_weather") + ","
            + stringAttribute("llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments",
                              R"({"city":"Oslo"})")
            + "," + stringAttribute("session.id", "sess-9");
        const SpanRecord record = onlySpan(request({spanWith(attributes)}));
        QCOMPARE(record.operation, std::string("chat"));
        QCOMPARE(record.requestModel, std::string("gpt-4o-mini"));
        QCOMPARE(record.inputTokens, std::optional<qint64>(20));
        QCOMPARE(record.outputTokens, std::optional<qint64>(6));
        QCOMPARE(record.conversationId, std::string("sess-9"));
        const json input = json::parse(record.inputMessagesJson);
        QCOMPARE(input.size(), size_t(2));
        COMPARE_JSON(input[1]["parts"][0]["content"], json("Weather in Oslo?"));
        const json output = json::parse(record.outputMessagesJson);
        COMPARE_JSON(output[0]["parts"][0]["type"], json("tool_call"));
        COMPARE_JSON(output[0]["parts"][0]["name"], json("get_weather"));
        COMPARE_JSON(output[0]["parts"][0]["arguments"], json(R"({"city":"Oslo"})"));
    }

    void openLlmetryNamesAreMapped()
    {
        const std::string attributes = stringAttribute("llm.request.type", "chat") + ","
            + stringAttribute("gen_ai.system", "openai") + "," + stringAttribute("gen_ai.request.model", "gpt-4.1")
            + "," + intAttribute("llm.usage.prompt_tokens", 9) + "," + intAttribute("llm.usage.completion_tokens", 2)
            + "," + stringAttribute("gen_ai.prompt.0.role", "user") + ","
            + stringAttribute("gen_ai.prompt.0.content", "Ping") + ","
            + stringAttribute("gen_ai.completion.0.role", "assistant") + ","
            + stringAttribute("gen_ai.completion.0.content", "Pong") + ","
            + stringAttribute("gen_ai.completion.0.finish_reason", "stop");
        const SpanRecord record = onlySpan(request({spanWith(attributes)}));
        QCOMPARE(record.operation, std::string("chat"));
        QCOMPARE(record.inputTokens, std::optional<qint64>(9));
        QCOMPARE(record.outputTokens, std::optional<qint64>(2));
        COMPARE_JSON(json::parse(record.inputMessagesJson)[0]["parts"][0]["content"], json("Ping"));
        COMPARE_JSON(json::parse(record.outputMessagesJson)[0]["parts"][0]["content"], json("Pong"));
        QCOMPARE(record.finishReasonsJson, std::string(R"(["stop"])"));
    }

    void timeToFirstChunkComesFromAnAttributeOrAnEvent()
    {
        const auto attribute = std::string(
            R"({"key":"gen_ai.response.time_to_first_chunk","value":{"doubleValue":0.125}})");
        QCOMPARE(onlySpan(request({spanWith(attribute)})).ttftMs, std::optional<double>(125.0));

        const std::string event = R"(,"events":[{"timeUnixNano":"1300000000","name":"gen_ai.content.first_chunk"}])";
        QCOMPARE(onlySpan(request({spanWith({}, event)})).ttftMs, std::optional<double>(300.0));
    }

    void absurdTokenCountsAreTakenAsAbsent()
    {
        const std::string attributes = intAttribute("gen_ai.usage.input_tokens", -5) + ","
            + R"({"key":"gen_ai.usage.output_tokens","value":{"doubleValue":1e300}})";
        const SpanRecord record = onlySpan(request({spanWith(attributes)}));
        QVERIFY(!record.inputTokens);
        QVERIFY(!record.outputTokens);
    }

    void deeplyNestedValuesAreLeftOutNotFatal()
    {
        // 100,000 levels of arrays in one attribute, and as many inside a messages text:
        // copying or writing such JSON recurses, so it must never get that far.
        const int levels = 100000;
        std::string nested;
        for (int i = 0; i < levels; ++i)
            nested += R"({"arrayValue":{"values":[)";
        nested += R"({"intValue":1})";
        for (int i = 0; i < levels; ++i)
            nested += "]}}";
        const std::string deepText = std::string(size_t(levels), '[') + std::string(size_t(levels), ']');
        const std::string attributes = std::string(R"({"key":"deep","value":)") + nested + "},"
            + intAttribute("gen_ai.usage.input_tokens", 5) + "," + stringAttribute("gen_ai.input.messages", deepText);
        const std::string neighbour = R"({"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"2122232425262728",)"
                                      R"("name":"neighbour","startTimeUnixNano":"1","endTimeUnixNano":"2"})";
        const std::string body = request({spanWith(attributes), neighbour});

        const auto decoded = decodeOtlpTraces(body, OtlpEncoding::Json);
        QVERIFY2(decoded.decoded, decoded.error.c_str());
        QCOMPARE(decoded.spans.size(), size_t(2));
        auto spans = mapped(decoded);
        QCOMPARE(spans[0].inputTokens, std::optional<qint64>(5));
        QVERIFY(spans[0].warningsJson.find("nested deeper") != std::string::npos);
        // The deep messages text is kept as text, not read as messages.
        const json input = json::parse(spans[0].inputMessagesJson);
        QCOMPARE(input[0]["parts"][0]["content"].get<std::string>().size(), size_t(2 * levels));
    }

    void rawInvalidUtf8InJsonIsRepaired()
    {
        const std::string body = request({spanWith(stringAttribute("note", "x") + ","
                                                   + R"({"key":"bad","value":{"stringValue":"a)"
                                                     "\xff"
                                                     R"(b"}})")});
        const SpanRecord record = onlySpan(body);
        COMPARE_JSON(json::parse(record.attributesJson)["bad"],
                     json("a\xEF\xBF\xBD"
                          "b"));
    }
};

QTEST_GUILESS_MAIN(TestOtlpDecoding)
#include "tst_otlpdecoding.moc"
