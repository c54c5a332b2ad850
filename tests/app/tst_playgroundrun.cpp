// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "chatcall.h"
#include "localendpoint.h"
#include "playgroundsession.h"
#include "playgroundtrace.h"
#include "store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

namespace {

nlohmann::json bodyOf(const HttpRequest &request)
{
    return nlohmann::json::parse(request.body.toStdString());
}

ChatParameters everyParameter()
{
    ChatParameters parameters;
    parameters.temperature = 0.25;
    parameters.topP = 0.5;
    parameters.maxTokens = 20;
    parameters.seed = 11;
    parameters.stopSequences = {u"."_s, u"!"_s};
    parameters.responseFormat = ResponseFormat::JsonSchema;
    parameters.jsonSchema = uR"({"type":"object","properties":{"answer":{"type":"string"}}})"_s;
    parameters.toolsJson = uR"([{"type":"function","function":{"name":"lookup"}}])"_s;
    return parameters;
}

} // namespace

class TestPlaygroundRun : public QObject
{
    Q_OBJECT

private:
    Endpoint localEndpoint(EndpointKind kind = EndpointKind::OpenAiChat) const
    {
        Endpoint endpoint;
        endpoint.id = 1;
        endpoint.name = u"local"_s;
        endpoint.kind = kind;
        endpoint.baseUrl = kind == EndpointKind::OllamaChat ? m_endpoint.url() : m_endpoint.baseUrl();
        endpoint.model = u"stories260K"_s;
        endpoint.timeoutS = 60;
        return endpoint;
    }

    LocalEndpoint m_endpoint;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_endpoint.start(), qPrintable(m_endpoint.error())); }

    void openAiBodyCarriesEveryParameter()
    {
        QString problem;
        const auto request = buildChatRequest(localEndpoint(), {{u"user"_s, u"Hi"_s}}, everyParameter(), &problem);
        QVERIFY2(request, qPrintable(problem));
        const auto body = bodyOf(*request);
        QCOMPARE(request->url.toString(), m_endpoint.baseUrl() + u"/chat/completions"_s);
        QVERIFY(body["messages"] == nlohmann::json::parse(R"([{"role":"user","content":"Hi"}])"));
        QCOMPARE(body["temperature"].get<double>(), 0.25);
        QCOMPARE(body["top_p"].get<double>(), 0.5);
        QCOMPARE(body["max_tokens"].get<int>(), 20);
        QCOMPARE(body["seed"].get<int>(), 11);
        QVERIFY(body["stop"] == nlohmann::json::parse(R"([".", "!"])"));
        QCOMPARE(body["stream_options"]["include_usage"].get<bool>(), true);
        QCOMPARE(body["response_format"]["type"].get<std::string>(), std::string("json_schema"));
        QCOMPARE(body["response_format"]["json_schema"]["schema"]["type"].get<std::string>(), std::string("object"));
        QCOMPARE(body["tools"][0]["function"]["name"].get<std::string>(), std::string("lookup"));
    }

    void ollamaBodyPutsSamplingIntoOptions()
    {
        QString problem;
        const auto request = buildChatRequest(localEndpoint(EndpointKind::OllamaChat), {{u"user"_s, u"Hi"_s}},
                                              everyParameter(), &problem);
        QVERIFY2(request, qPrintable(problem));
        const auto body = bodyOf(*request);
        QCOMPARE(request->url.toString(), m_endpoint.url() + u"/api/chat"_s);
        QCOMPARE(body["options"]["num_predict"].get<int>(), 20);
        QCOMPARE(body["options"]["temperature"].get<double>(), 0.25);
        QCOMPARE(body["options"]["seed"].get<int>(), 11);
        QVERIFY(body["options"]["stop"] == nlohmann::json::parse(R"([".", "!"])"));
        QCOMPARE(body["format"]["type"].get<std::string>(), std::string("object"));
        QVERIFY(!body.contains("stream_options"));
        QVERIFY(!body.contains("max_tokens"));

        // Nothing set is nothing sent: the server's defaults apply.
        const auto plain = buildChatRequest(localEndpoint(EndpointKind::OllamaChat), {{u"user"_s, u"Hi"_s}}, {},
                                            &problem);
        QVERIFY(!bodyOf(*plain).contains("options"));
        QVERIFY(!bodyOf(*plain).contains("format"));
    }

    void parametersThatAreNoJsonAreRefused_data()
    {
        QTest::addColumn<QString>("tools");
        QTest::addColumn<QString>("schema");
        QTest::addColumn<QString>("problem");
        QTest::newRow("tools not JSON") << u"[{"_s << QString() << u"The tools must be a JSON array."_s;
        QTest::newRow("tools an object") << u"{}"_s << QString() << u"The tools must be a JSON array."_s;
        QTest::newRow("schema an array") << QString() << u"[]"_s << u"The JSON schema must be a JSON object."_s;
    }

    void parametersThatAreNoJsonAreRefused()
    {
        QFETCH(QString, tools);
        QFETCH(QString, schema);
        QFETCH(QString, problem);
        ChatParameters parameters;
        parameters.toolsJson = tools;
        if (!schema.isEmpty()) {
            parameters.responseFormat = ResponseFormat::JsonSchema;
            parameters.jsonSchema = schema;
        }
        QString found;
        QVERIFY(!buildChatRequest(localEndpoint(), {{u"user"_s, u"Hi"_s}}, parameters, &found));
        QCOMPARE(found, problem);
    }

    void seededOllamaCallsRepeatAndStopAtTheStopSequence()
    {
        ChatParameters parameters;
        parameters.maxTokens = 40;
        parameters.temperature = 0.9;
        parameters.seed = 1234;
        parameters.stopSequences = {u"."_s};
        const Endpoint endpoint = localEndpoint(EndpointKind::OllamaChat);
        QString problem;
        const auto request = buildChatRequest(endpoint, {{u"user"_s, u"Once upon a time"_s}}, parameters, &problem);
        QVERIFY(request);

        HttpClient client;
        const ChatCallOutcome first = runChatCall(endpoint, *request, client, RequestSource::Playground);
        const ChatCallOutcome second = runChatCall(endpoint, *request, client, RequestSource::Playground);
        QCOMPARE(first.record.status, RequestStatus::Ok);
        QCOMPARE(first.record.source, RequestSource::Playground);
        QVERIFY(first.answer.text && !first.answer.text->isEmpty());
        QCOMPARE(second.answer.text, first.answer.text);
        QVERIFY(!first.answer.text->contains(u'.'));
        // Ollama's own decode timing is the rate recorded.
        QVERIFY(first.answer.evalDurationNs.has_value());
        QCOMPARE(*first.record.tokensPerSecond,
                 double(*first.record.outputTokens) / (double(*first.answer.evalDurationNs) / 1e9));
    }

    void progressAddsUpToTheAnswer()
    {
        ChatParameters parameters;
        parameters.maxTokens = 64;
        QString problem;
        const auto request = buildChatRequest(localEndpoint(), {{u"user"_s, u"Once upon a time"_s}}, parameters,
                                              &problem);
        HttpClient client;
        int calls = 0;
        qsizetype lastLength = 0;
        bool grew = true;
        const ChatProgress progress = [&](const ChatResult &partial, std::optional<double> ttftMs) {
            ++calls;
            grew = grew && ttftMs.has_value() && partial.text && partial.text->size() >= lastLength;
            lastLength = partial.text ? partial.text->size() : 0;
        };
        const ChatCallOutcome outcome = runChatCall(localEndpoint(), *request, client, RequestSource::Playground,
                                                    nullptr, progress);
        QVERIFY(calls >= 2);
        QVERIFY(grew);
        QCOMPARE(lastLength, outcome.answer.text->size());
        QCOMPARE(*outcome.record.outputTokens, 64);
    }

    void sessionStopCancelsEveryColumn()
    {
        PlaygroundSession session;
        QSignalSpy updates(&session, &PlaygroundSession::columnUpdated);
        QSignalSpy finished(&session, &PlaygroundSession::runFinished);
        ChatParameters parameters;
        parameters.maxTokens = 1000;
        const std::vector<ChatMessage> messages = {{u"user"_s, u"Once upon a time"_s}};
        QVERIFY(session.start({}, {{localEndpoint(), parameters, messages}, {localEndpoint(), parameters, messages}}));
        QVERIFY(!session.start({}, {{localEndpoint(), parameters, messages}}));
        QTRY_VERIFY_WITH_TIMEOUT(updates.count() >= 1, 20000);
        session.stop();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 5000);

        const auto run = finished.at(0).at(0).value<PlaygroundRun>();
        QCOMPARE(run.answers.size(), std::size_t(2));
        QCOMPARE(run.traceId.size(), std::size_t(16));
        QVERIFY(!run.conversationId.isEmpty());
        for (const auto &answer : run.answers) {
            QCOMPARE(answer.request.status, RequestStatus::Cancelled);
            QVERIFY(answer.request.outputTokens.value_or(0) < 1000);
        }
    }

    void runIsStoredAsATraceWithItsFiguresAndPrice()
    {
        PlaygroundRun run;
        run.traceId = newPlaygroundTraceId();
        run.conversationId = u"conversation-1"_s;
        run.startedAtMs = 1700000000000LL;
        run.endedAtMs = run.startedAtMs + 900;
        run.promptName = u"story"_s;
        run.promptVersion = 3;
        run.templateMessages = {{u"user"_s, u"Tell {{what}}"_s}};
        run.variables = {{u"what"_s, u"a story"_s}};

        PlaygroundAnswer answer;
        answer.endpointId = 0;
        answer.endpointName = u"local"_s;
        answer.model = u"priced-model"_s;
        answer.parameters.temperature = 0.5;
        answer.parameters.maxTokens = 30;
        answer.messages = {{u"user"_s, u"Tell a story"_s}};
        answer.text = u"Once there was a fox."_s;
        answer.toolCallsJson = QString::fromStdString(
            nlohmann::json::array({{{"index", 0}, {"id", "c1"}, {"name", "lookup"}, {"arguments", "{}"}}}).dump());
        answer.request.source = RequestSource::Playground;
        answer.request.startedAtMs = run.startedAtMs + 10;
        answer.request.latencyMs = 800;
        answer.request.ttftMs = 40;
        answer.request.inputTokens = 1000;
        answer.request.outputTokens = 2000;
        answer.request.finishReason = u"stop"_s;
        run.answers = {answer};

        PriceTable prices;
        prices.setPrices({{"", "priced-model", 1.0, 4.0, {}, {}, {}}});
        const std::vector<SpanRecord> spans = playgroundTrace(run, prices);
        QCOMPARE(spans.size(), std::size_t(2));
        const SpanRecord &root = spans[0];
        const SpanRecord &chat = spans[1];
        QVERIFY(root.isRoot());
        QCOMPARE(root.name, std::string("playground run"));
        QCOMPARE(chat.parentSpanId, root.spanId);
        QCOMPARE(chat.name, std::string("chat priced-model"));
        QCOMPARE(chat.serviceName, std::string("playground"));
        QCOMPARE(chat.operation, std::string("chat"));
        QCOMPARE(chat.inputTokens, 1000);
        QCOMPARE(chat.outputTokens, 2000);
        QCOMPARE(chat.ttftMs, 40.0);
        QCOMPARE(chat.durationNs(), qint64(800) * 1000000);
        QCOMPARE(chat.conversationId, std::string("conversation-1"));
        QCOMPARE(chat.finishReasonsJson, std::string(R"(["stop"])"));
        // 1000 input tokens at $1 a million and 2000 output at $4: $0.009.
        QCOMPARE(*chat.costUsd, 0.001 + 0.008);
        QCOMPARE(*run.answers[0].costUsd, 0.009);
        QVERIFY(chat.searchText.find("fox") != std::string::npos);

        // What "Open in playground" reads back from the span.
        const auto seed = playgroundSeedFromSpan(chat);
        QVERIFY(seed);
        QCOMPARE(seed->messages, answer.messages);
        QCOMPARE(seed->parameters.temperature, 0.5);
        QCOMPARE(seed->parameters.maxTokens, 30);
        QCOMPARE(seed->endpointName, u"local"_s);

        // Stored and read back whole; the run's request is measured once, as a playground one.
        const auto store = Store::open(m_dir.filePath(u"runs.sqlite"_s));
        Endpoint endpoint = localEndpoint();
        run.answers[0].endpointId = store->addEndpoint(endpoint);
        run.answers[0].request.endpointId = run.answers[0].endpointId;
        store->addPlaygroundRun(run, spans);
        QVERIFY(run.id > 0);
        QVERIFY(run.answers[0].request.id > 0);
        const auto stored = store->playgroundRun(run.id);
        QVERIFY(stored);
        QCOMPARE(stored->promptName, u"story"_s);
        QCOMPARE(stored->promptVersion, 3);
        QCOMPARE(stored->variables, run.variables);
        QCOMPARE(stored->templateMessages, run.templateMessages);
        QCOMPARE(stored->answers.at(0).text, answer.text);
        QCOMPARE(stored->answers.at(0).toolCallsJson, answer.toolCallsJson);
        QCOMPARE(stored->answers.at(0).parameters, answer.parameters);
        QCOMPARE(stored->answers.at(0).costUsd, 0.009);
        QCOMPARE(stored->answers.at(0).request.latencyMs, 800.0);
        QCOMPARE(store->requestCount(), 1);
        QCOMPARE(store->traceCount(), 1);
        const auto summaries = store->playgroundRuns(10);
        QCOMPARE(summaries.size(), std::size_t(1));
        QCOMPARE(summaries[0].firstUserText, u"Tell {{what}}"_s);
        QCOMPARE(summaries[0].endpointNames, QStringList{u"local"_s});
        QCOMPARE(summaries[0].failedAnswers, 0);

        // Removing the endpoint takes its requests; the run still tells what happened.
        QVERIFY(store->removeEndpoint(run.answers[0].endpointId));
        const auto orphan = store->playgroundRun(run.id);
        QCOMPARE(orphan->answers.at(0).endpointId, 0);
        QCOMPARE(orphan->answers.at(0).request.status, RequestStatus::Ok);
        QCOMPARE(orphan->answers.at(0).text, answer.text);
    }
};

QTEST_GUILESS_MAIN(TestPlaygroundRun)
#include "tst_playgroundrun.moc"
