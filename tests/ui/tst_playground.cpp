// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "addtodatasetdialog.h"
#include "consolebackend.h"
#include "consolesettings.h"
#include "dashboardpage.h"
#include "datasetversionmodel.h"
#include "evaluationspage.h"
#include "failurelistmodel.h"
#include "fieldcases.h"
#include "localendpoint.h"
#include "mainwindow.h"
#include "messageeditor.h"
#include "playgroundcolumn.h"
#include "playgroundpage.h"
#include "playgroundsession.h"
#include "promptlibrarydialog.h"
#include "promptversionmodel.h"
#include "savepromptdialog.h"
#include "store.h"
#include "tracelistmodel.h"
#include "tracespage.h"
#include "traceview.h"

#include <QApplication>
#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <curl/curl.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <thread>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

namespace {

/// The local endpoint's counter of generated tokens, read from its own /metrics.
double tokensPredicted(const QString &serverUrl)
{
    std::string body;
    CURL *curl = curl_easy_init();
    const std::string url = QString(serverUrl + u"/metrics"_s).toStdString();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(
        curl, CURLOPT_WRITEFUNCTION, +[](char *data, size_t size, size_t count, void *into) {
            static_cast<std::string *>(into)->append(data, size * count);
            return size * count;
        });
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    static const QRegularExpression counter(u"^llamacpp:tokens_predicted_total (\\S+)$"_s,
                                            QRegularExpression::MultilineOption);
    const auto match = counter.match(QString::fromStdString(body));
    return match.hasMatch() ? match.captured(1).toDouble() : -1;
}

/// Serves one recorded chat stream to every POST /v1/chat/completions, as a real server
/// would send it, and keeps the last request body. For fault injection and field cases.
class RecordedStreamServer
{
public:
    explicit RecordedStreamServer(QByteArray stream)
        : m_stream(std::move(stream))
    {
        m_server.Post("/v1/chat/completions", [this](const httplib::Request &request, httplib::Response &response) {
            std::lock_guard lock(m_mutex);
            m_lastBody = request.body;
            response.set_content(m_stream.toStdString(), "text/event-stream");
        });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_serving = std::thread([this] { m_server.listen_after_bind(); });
    }
    ~RecordedStreamServer()
    {
        m_server.stop();
        m_serving.join();
    }

    QString baseUrl() const { return u"http://127.0.0.1:%1/v1"_s.arg(m_port); }
    std::string lastBody()
    {
        std::lock_guard lock(m_mutex);
        return m_lastBody;
    }

private:
    QByteArray m_stream;
    httplib::Server m_server;
    int m_port = 0;
    std::thread m_serving;
    std::mutex m_mutex;
    std::string m_lastBody;
};

} // namespace

class TestPlayground : public QObject
{
    Q_OBJECT

private:
    qint64 addEndpoint(Store &store, const QString &name, const QString &baseUrl, const QString &fault = {})
    {
        Endpoint endpoint;
        endpoint.name = name;
        endpoint.baseUrl = baseUrl;
        endpoint.model = u"stories260K"_s;
        // Probes are not what these tests are about; one at start is all they make.
        endpoint.probeIntervalS = 3600;
        endpoint.maxTokens = 4;
        endpoint.timeoutS = 120;
        endpoint.metricsIntervalS = 0;
        if (!fault.isEmpty())
            endpoint.extraHeaders = {{u"X-Llmops-Fault"_s, fault}};
        return store.addEndpoint(endpoint);
    }

    /// A console on a store of its own, with the playground page showing and its endpoint
    /// list loaded.
    struct Console {
        explicit Console(const QString &path)
            : backend(path)
            , window(&backend)
            , stored(&backend, &ConsoleBackend::playgroundRunStored)
        {
            backend.start();
            window.show();
            window.activateWindow();
            QTest::qWaitForWindowActive(&window);
            page = window.playground();
            window.findChild<QTabWidget *>()->setCurrentWidget(page);
        }
        ConsoleBackend backend;
        MainWindow window;
        QSignalSpy stored;
        PlaygroundPage *page = nullptr;

        PlaygroundRun waitForStoredRun(int count = 1)
        {
            if (!QTest::qWaitFor([&] { return stored.count() >= count; }, 60'000))
                return {};
            return stored.at(count - 1).at(0).value<PlaygroundRun>();
        }
    };

    void writePrompt(PlaygroundPage *page, const std::vector<ChatMessage> &messages)
    {
        page->messageEditor()->setMessages(messages);
    }

    /// A console on a new store whose one endpoint is the local one, with one column
    /// holding the prompt and parameters.
    std::unique_ptr<Console> oneColumnConsole(const QString &storeName, const std::vector<ChatMessage> &messages,
                                              const ChatParameters &parameters)
    {
        const QString path = m_dir.filePath(storeName);
        {
            const auto store = Store::open(path);
            addEndpoint(*store, u"local"_s, m_endpoint.baseUrl());
        }
        auto console = std::make_unique<Console>(path);
        console->page->setColumnCount(1);
        if (!QTest::qWaitFor([&] { return console->page->column(0)->endpoint().has_value(); }, 10'000))
            return nullptr;
        writePrompt(console->page, messages);
        console->page->column(0)->setParameters(parameters);
        return console;
    }

    LocalEndpoint m_endpoint;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        ConsoleSettings().setTraceReceiverEnabled(false);
        QVERIFY2(m_endpoint.start(), qPrintable(m_endpoint.error()));
    }

    void init()
    {
        // Each test starts from an empty draft.
        QSettings().clear();
        ConsoleSettings().setTraceReceiverEnabled(false);
    }

    void promptWithAVariableRunsInTwoColumnsAsStored()
    {
        const QString path = m_dir.filePath(u"two-columns.sqlite"_s);
        qint64 firstId = 0;
        {
            const auto store = Store::open(path);
            firstId = addEndpoint(*store, u"local-a"_s, m_endpoint.baseUrl());
            addEndpoint(*store, u"local-b"_s, m_endpoint.baseUrl());
        }
        Console console(path);
        PlaygroundPage *page = console.page;
        QTRY_VERIFY_WITH_TIMEOUT(page->column(1)->endpoint().has_value(), 10'000);
        QVERIFY(page->column(1)->selectEndpoint(u"local-b"_s));

        writePrompt(page, {{u"system"_s, u"Tell a story."_s}, {u"user"_s, u"Once upon a time {{hero}} went"_s}});
        page->setVariable(u"hero"_s, u"a little fox"_s);
        ChatParameters first;
        first.maxTokens = 24;
        first.temperature = 0.0;
        page->column(0)->setParameters(first);
        ChatParameters second;
        second.maxTokens = 40;
        second.seed = 7;
        page->column(1)->setParameters(second);

        // What the columns receive while streaming must add up to what they finally show.
        std::map<int, QString> streamed;
        std::map<int, int> updates;
        connect(page->session(), &PlaygroundSession::columnUpdated, this,
                [&](int column, const PlaygroundStreamUpdate &update) {
                    streamed[column] += update.textDelta;
                    ++updates[column];
                });
        page->run();
        QVERIFY(page->isRunning());
        const PlaygroundRun run = console.waitForStoredRun();
        QCOMPARE(run.answers.size(), std::size_t(2));
        QVERIFY(!page->isRunning());

        const auto store = Store::open(path);
        const auto stored = store->playgroundRun(run.id);
        QVERIFY(stored);
        QCOMPARE(stored->variables.size(), std::size_t(1));
        QCOMPARE(stored->templateMessages.at(1).content, u"Once upon a time {{hero}} went"_s);
        const int maxTokens[] = {24, 40};
        for (int index = 0; index < 2; ++index) {
            const PlaygroundColumn *column = page->column(index);
            const PlaygroundAnswer &answer = stored->answers.at(size_t(index));
            const RequestRecord &request = answer.request;
            QCOMPARE(answer.endpointName, index == 0 ? u"local-a"_s : u"local-b"_s);
            QCOMPARE(answer.messages.at(1).content, u"Once upon a time a little fox went"_s);
            QCOMPARE(request.source, RequestSource::Playground);
            QCOMPARE(request.status, RequestStatus::Ok);
            QVERIFY(request.tokensReported);

            // The column shows exactly what the request row holds.
            QVERIFY(!column->answerText().isEmpty());
            QCOMPARE(column->answerText(), answer.text.value_or(QString()));
            QCOMPARE(streamed[index], column->answerText());
            QVERIFY(updates[index] >= 1);
            QCOMPARE(column->shownOutputTokens(), *request.outputTokens);
            QCOMPARE(column->shownInputTokens(), request.inputTokens);
            QCOMPARE(column->shownTtftMs(), request.ttftMs);
            QVERIFY(*request.ttftMs > 0 && *request.ttftMs < request.latencyMs);
            QVERIFY(column->figuresText().contains(u"TTFT %1 ms"_s.arg(*request.ttftMs, 0, 'f', 0)));
            QVERIFY(column->figuresText().contains(u"out %1"_s.arg(*request.outputTokens)));
            // The tiny model rarely ends a story by itself.
            QVERIFY(*request.outputTokens == maxTokens[index] || request.finishReason == u"stop"_s);
        }

        // The run is a trace like any traced call, with its calls measured once each.
        TraceFilter filter;
        filter.service = "playground";
        const auto traces = store->traces(filter, TraceOrder::Newest, 10);
        QCOMPARE(traces.size(), std::size_t(1));
        QCOMPARE(traces[0].spanCount, 3);
        QCOMPARE(traces[0].outputTokens,
                 *stored->answers[0].request.outputTokens + *stored->answers[1].request.outputTokens);
        QCOMPARE(traces[0].conversationId, run.conversationId.toStdString());
        QCOMPARE(store->recentRequests(firstId, 10, RequestSource::Playground).size(), std::size_t(1));
        QCOMPARE(store->recentRequests(std::nullopt, 100, RequestSource::Trace).size(), std::size_t(0));

        // The history lists it.
        auto *history = page->findChild<QListWidget *>(u"history"_s);
        QTRY_COMPARE_WITH_TIMEOUT(history->count(), 1, 5000);
        QVERIFY(history->item(0)->text().contains(u"local-a, local-b"_s));
    }

    void followUpsContinueEachColumnsConversation()
    {
        ChatParameters parameters;
        parameters.maxTokens = 12;
        const auto console = oneColumnConsole(u"follow-up.sqlite"_s, {{u"user"_s, u"Tim had a red ball."_s}},
                                              parameters);
        QVERIFY(console);
        PlaygroundPage *page = console->page;

        page->run();
        const PlaygroundRun first = console->waitForStoredRun(1);
        const QString firstAnswer = first.answers.at(0).text.value_or(QString());
        QVERIFY(!firstAnswer.isEmpty());

        page->sendFollowUp(u"Then the ball rolled away."_s);
        const PlaygroundRun second = console->waitForStoredRun(2);
        QCOMPARE(second.conversationId, first.conversationId);
        const std::vector<ChatMessage> expected = {{u"user"_s, u"Tim had a red ball."_s},
                                                   {u"assistant"_s, firstAnswer},
                                                   {u"user"_s, u"Then the ball rolled away."_s}};
        QCOMPARE(second.answers.at(0).messages, expected);
        QVERIFY(page->column(0)->conversation().size() == 4);

        // Reopening the first run from the history shows its answer again.
        auto *history = page->findChild<QListWidget *>(u"history"_s);
        QTRY_COMPARE_WITH_TIMEOUT(history->count(), 2, 5000);
        QSignalSpy opened(&console->backend, &ConsoleBackend::playgroundRunLoaded);
        Q_EMIT history->itemActivated(history->item(1));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 5000);
        QCOMPARE(page->column(0)->answerText(), firstAnswer);
        QCOMPARE(page->messageEditor()->messages().at(0).content, u"Tim had a red ball."_s);
    }

    void stopEndsALongStreamAndStoresThePartialAnswer()
    {
        ChatParameters parameters;
        parameters.maxTokens = 1000;
        const QString path = m_dir.filePath(u"stop.sqlite"_s);
        const auto console = oneColumnConsole(u"stop.sqlite"_s, {{u"user"_s, u"Once upon a time"_s}}, parameters);
        QVERIFY(console);
        PlaygroundPage *page = console->page;

        const double tokensBefore = tokensPredicted(m_endpoint.url());
        QVERIFY(tokensBefore >= 0);
        page->run();
        QTRY_VERIFY_WITH_TIMEOUT(page->column(0)->shownOutputTokens() >= 20, 30'000);
        QElapsedTimer sinceStop;
        sinceStop.start();
        QTest::keyClick(&console->window, Qt::Key_Escape);
        const PlaygroundRun run = console->waitForStoredRun();
        QVERIFY2(sinceStop.elapsed() < 2000, qPrintable(u"%1 ms from Stop to stored"_s.arg(sinceStop.elapsed())));

        const RequestRecord &request = run.answers.at(0).request;
        QCOMPARE(request.status, RequestStatus::Cancelled);
        QCOMPARE(request.errorClass, ErrorClass::Cancelled);
        const QString partial = run.answers.at(0).text.value_or(QString());
        QVERIFY(!partial.isEmpty());
        QCOMPARE(page->column(0)->answerText(), partial);
        QVERIFY(*request.outputTokens >= 20 && *request.outputTokens < 1000);
        QVERIFY(page->column(0)->errorText().startsWith(u"Stopped"_s));

        // The server stopped generating: its counter stands still, short of 1,000 more.
        const auto store = Store::open(path);
        QCOMPARE(store->playgroundRun(run.id)->answers.at(0).request.status, RequestStatus::Cancelled);
        QTest::qWait(300);
        const double afterStop = tokensPredicted(m_endpoint.url());
        QTest::qWait(500);
        QCOMPARE(tokensPredicted(m_endpoint.url()), afterStop);
        QVERIFY(afterStop - tokensBefore < 1000);
    }

    void closingWhileStreamingStoresThePartialRun()
    {
        ChatParameters parameters;
        parameters.maxTokens = 1000;
        const auto console = oneColumnConsole(u"close.sqlite"_s, {{u"user"_s, u"Once upon a time"_s}}, parameters);
        QVERIFY(console);
        console->page->run();
        QTRY_VERIFY_WITH_TIMEOUT(console->page->column(0)->shownOutputTokens() >= 10, 30000);
        console->window.close();

        const auto store = Store::open(m_dir.filePath(u"close.sqlite"_s));
        const auto runs = store->playgroundRuns(10);
        QCOMPARE(runs.size(), std::size_t(1));
        const auto run = store->playgroundRun(runs[0].id);
        QCOMPARE(run->answers.at(0).request.status, RequestStatus::Cancelled);
        QVERIFY(!run->answers.at(0).text.value_or(QString()).isEmpty());
    }

    void endpointFaultsShowAsTypedErrorsInTheirColumns()
    {
        const QString path = m_dir.filePath(u"faults.sqlite"_s);
        {
            const auto store = Store::open(path);
            addEndpoint(*store, u"a-gateway"_s, m_endpoint.baseUrl(), u"html-502"_s);
            addEndpoint(*store, u"b-mid-stream"_s, m_endpoint.baseUrl(), u"error-mid-stream"_s);
        }
        Console console(path);
        PlaygroundPage *page = console.page;
        QTRY_VERIFY_WITH_TIMEOUT(page->column(1)->endpoint().has_value(), 10'000);
        QVERIFY(page->column(0)->selectEndpoint(u"a-gateway"_s));
        QVERIFY(page->column(1)->selectEndpoint(u"b-mid-stream"_s));
        writePrompt(page, {{u"user"_s, u"Once upon a time"_s}});
        page->run();
        const PlaygroundRun run = console.waitForStoredRun();

        const RequestRecord &gateway = run.answers.at(0).request;
        QCOMPARE(gateway.errorClass, ErrorClass::UpstreamGateway);
        QCOMPARE(gateway.httpStatus, 502);
        QVERIFY(page->column(0)->errorText().startsWith(u"Error (HTTP 502, upstream_gateway)"_s));
        QVERIFY(page->column(0)->answerText().isEmpty());

        // The mid-stream error keeps the text before it, marked as failed.
        const RequestRecord &midStream = run.answers.at(1).request;
        QCOMPARE(midStream.errorClass, ErrorClass::StreamError);
        QVERIFY(page->column(1)->errorText().contains(u"stream_error"_s));
        QVERIFY(page->column(1)->errorText().contains(u"server_error: The model crashed mid-stream"_s));
        QVERIFY(!page->column(1)->answerText().isEmpty());
        QCOMPARE(page->column(1)->answerText(), run.answers.at(1).text.value_or(QString()));

        const auto store = Store::open(path);
        TraceFilter failed;
        failed.status = TraceStatusFilter::Error;
        QCOMPARE(store->traces(failed, TraceOrder::Newest, 10).size(), std::size_t(1));

        // The dashboard lists them among the failures, as the playground's.
        const FailureListModel *failures = console.window.dashboard()->failureModel();
        const auto playgroundFailures = [failures] {
            QStringList shown;
            for (int row = 0; row < failures->rowCount(); ++row) {
                const auto cell = [&](int column) { return failures->index(row, column).data().toString(); };
                if (cell(FailureListModel::SourceColumn) == u"playground"_s)
                    shown << cell(FailureListModel::EndpointColumn) % u' ' % cell(FailureListModel::ErrorClassColumn);
            }
            shown.sort();
            return shown;
        };
        QTRY_COMPARE_WITH_TIMEOUT(playgroundFailures(),
                                  QStringList({u"a-gateway upstream_gateway"_s, u"b-mid-stream stream_error"_s}), 5000);
    }

    void parallelToolCallsAreAssembledAsFieldCase10()
    {
        // FC-10 as a server streams it; what the playground sent is checked too.
        RecordedStreamServer server(fieldCase("FC-10.sse"));
        const QString path = m_dir.filePath(u"tools.sqlite"_s);
        {
            const auto store = Store::open(path);
            addEndpoint(*store, u"tools"_s, server.baseUrl());
        }
        Console console(path);
        PlaygroundPage *page = console.page;
        page->setColumnCount(1);
        QTRY_VERIFY_WITH_TIMEOUT(page->column(0)->endpoint().has_value(), 10'000);
        writePrompt(page, {{u"user"_s, u"Weather and time in Zurich?"_s}});
        ChatParameters parameters;
        parameters.toolsJson =
            uR"([{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},
                 {"type":"function","function":{"name":"get_time","parameters":{"type":"object"}}}])"_s;
        parameters.responseFormat = ResponseFormat::JsonObject;
        parameters.temperature = 0.5;
        page->column(0)->setParameters(parameters);
        page->run();
        const PlaygroundRun run = console.waitForStoredRun();

        {
            const auto sent = nlohmann::json::parse(server.lastBody());
            QCOMPARE(sent["tools"].size(), std::size_t(2));
            QCOMPARE(sent["tools"][1]["function"]["name"].get<std::string>(), std::string("get_time"));
            QCOMPARE(sent["response_format"]["type"].get<std::string>(), std::string("json_object"));
            QCOMPARE(sent["temperature"].get<double>(), 0.5);
            QCOMPARE(sent["stream"].get<bool>(), true);
        }

        const PlaygroundAnswer &answer = run.answers.at(0);
        QCOMPARE(answer.request.status, RequestStatus::Ok);
        QCOMPARE(answer.request.finishReason, u"tool_calls"_s);
        QVERIFY(!answer.text.has_value());
        const auto calls = nlohmann::json::parse(answer.toolCallsJson.toStdString());
        QCOMPARE(calls.size(), std::size_t(2));
        QCOMPARE(calls[0]["id"].get<std::string>(), std::string("call_fc10_a"));
        QCOMPARE(calls[0]["name"].get<std::string>(), std::string("get_weather"));
        QVERIFY(nlohmann::json::parse(calls[0]["arguments"].get<std::string>())
                == nlohmann::json::parse(R"({"city":"Zürich","unit":"celsius"})"));
        QCOMPARE(calls[1]["id"].get<std::string>(), std::string("call_fc10_b"));
        QVERIFY(nlohmann::json::parse(calls[1]["arguments"].get<std::string>())
                == nlohmann::json::parse(R"({"tz":"Europe/Zurich"})"));

        // Shown apart from the answer, which has no text.
        const QString shown = page->column(0)->toolCallsText();
        QVERIFY(shown.contains(u"get_weather (call_fc10_a)"_s));
        QVERIFY(shown.contains(u"Zürich"_s));
        QVERIFY(shown.contains(u"get_time (call_fc10_b)"_s));
        QVERIFY(page->column(0)->answerText().isEmpty());
        QVERIFY(page->column(0)->errorText().isEmpty());
    }

    void reasoningShowsApartFromTheAnswer()
    {
        const auto chunk = [](const char *delta) -> QByteArray {
            return QByteArray("data: {\"id\":\"r1\",\"object\":\"chat.completion.chunk\",\"model\":\"thinker\","
                              "\"choices\":[{\"index\":0,\"delta\":")
                + delta + "," + "\"finish_reason\":null}]}\n\n";
        };
        QByteArray stream = chunk(R"({"role":"assistant","reasoning_content":"Two and two "})")
            + chunk(R"({"reasoning_content":"make four."})") + chunk(R"({"content":"The answer "})")
            + chunk(R"({"content":"is 4."})");
        stream +=
            "data: {\"id\":\"r1\",\"object\":\"chat.completion.chunk\",\"model\":\"thinker\",\"choices\":[{"
            "\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":9,"
            "\"completion_tokens\":12,\"completion_tokens_details\":{\"reasoning_tokens\":8}}}\n\ndata: [DONE]\n\n";
        RecordedStreamServer server(stream);

        const QString path = m_dir.filePath(u"reasoning.sqlite"_s);
        {
            const auto store = Store::open(path);
            addEndpoint(*store, u"thinker"_s, server.baseUrl());
        }
        Console console(path);
        PlaygroundPage *page = console.page;
        page->setColumnCount(1);
        QTRY_VERIFY_WITH_TIMEOUT(page->column(0)->endpoint().has_value(), 10000);
        writePrompt(page, {{u"user"_s, u"What is two and two?"_s}});
        page->run();
        const PlaygroundRun run = console.waitForStoredRun();

        QCOMPARE(page->column(0)->reasoningText(), u"Two and two make four."_s);
        QCOMPARE(page->column(0)->answerText(), u"The answer is 4."_s);
        QCOMPARE(page->column(0)->shownOutputTokens(), 12);
        QCOMPARE(run.answers.at(0).reasoning, u"Two and two make four."_s);
        QCOMPARE(run.answers.at(0).text, u"The answer is 4."_s);
        const auto store = Store::open(path);
        QCOMPARE(store->playgroundRun(run.id)->answers.at(0).reasoning, u"Two and two make four."_s);
    }

    void openInPlaygroundLoadsATracedCall()
    {
        const std::vector<ChatMessage> messages = {{u"system"_s, u"Be brief."_s}, {u"user"_s, u"Lily saw a cat."_s}};
        ChatParameters parameters;
        parameters.maxTokens = 8;
        parameters.topP = 0.9;
        parameters.stopSequences = {u"."_s};
        const auto console = oneColumnConsole(u"open-in-playground.sqlite"_s, messages, parameters);
        QVERIFY(console);
        PlaygroundPage *page = console->page;
        page->run();
        console->waitForStoredRun();

        // Start again from another prompt, then open the traced call from the trace explorer.
        writePrompt(page, {{u"user"_s, u"something else"_s}});
        page->column(0)->setParameters({});
        TracesPage *traces = console->window.traces();
        console->window.findChild<QTabWidget *>()->setCurrentWidget(traces);
        traces->reload();
        // The playground's shortcuts rest while another page shows.
        QTest::keyClick(&console->window, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(!page->isRunning());
        QTRY_COMPARE_WITH_TIMEOUT(traces->listModel()->rowCount(), 1, 10'000);
        traces->listView()->setCurrentIndex(traces->listModel()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(traces->traceView()->openInPlaygroundButton()->isEnabled(), 10'000);
        traces->traceView()->openInPlaygroundButton()->click();

        QCOMPARE(console->window.findChild<QTabWidget *>()->currentWidget(), page);
        QCOMPARE(page->messageEditor()->messages(), messages);
        QCOMPARE(page->column(0)->parameters().maxTokens, 8);
        QCOMPARE(page->column(0)->parameters().topP, 0.9);
        QCOMPARE(page->column(0)->parameters().stopSequences, QStringList{u"."_s});
    }

    void addToDatasetKeepsAnAnswerAndATracedCallOnceEach()
    {
        const std::vector<ChatMessage> messages = {{u"system"_s, u"Be brief."_s}, {u"user"_s, u"Tom had a dog."_s}};
        ChatParameters parameters;
        parameters.maxTokens = 8;
        const auto console = oneColumnConsole(u"add-to-dataset.sqlite"_s, messages, parameters);
        QVERIFY(console);
        PlaygroundPage *page = console->page;
        QVERIFY(!page->column(0)->addToDatasetButton()->isEnabled());
        page->run();
        const PlaygroundRun run = console->waitForStoredRun();
        QCOMPARE(run.answers.size(), std::size_t(1));
        const QString answer = run.answers.at(0).text.value_or(QString());
        QVERIFY(!answer.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(page->column(0)->addToDatasetButton()->isEnabled(), 5000);

        QSignalSpy added(&console->backend, &ConsoleBackend::datasetItemsAdded);
        QSignalSpy refused(&console->backend, &ConsoleBackend::datasetItemsRefused);
        // Each add asks for the dataset's name; the test answers the dialog. A shortcut clicks
        // its button a moment later (animateClick), so the answer waits for the dialog.
        int answered = 0;
        std::function<void(const QString &, int)> answerDialog = [&](const QString &name, int triesLeft) {
            QTimer::singleShot(10, this, [&answerDialog, &answered, name, triesLeft] {
                auto *dialog = qobject_cast<AddToDatasetDialog *>(QApplication::activeModalWidget());
                if (!dialog && triesLeft > 0)
                    return answerDialog(name, triesLeft - 1);
                QVERIFY(dialog);
                dialog->findChild<QComboBox *>(u"datasetName"_s)->setCurrentText(name);
                dialog->accept();
                ++answered;
            });
        };
        const QString path = m_dir.filePath(u"add-to-dataset.sqlite"_s);
        auto versionsOf = [&](const QString &name) {
            const auto store = Store::open(path);
            std::vector<DatasetVersionSummary> found;
            for (const DatasetVersionSummary &version : store->datasetVersions()) {
                if (version.name == name)
                    found.push_back(version);
            }
            return found;
        };

        // The column's answer becomes the first item of a new dataset.
        answerDialog(u"capitals"_s, 200);
        page->column(0)->addToDatasetButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(added.count(), 1, 5000);
        QVERIFY(console->window.statusBar()->currentMessage().startsWith(u"Added to capitals@1 ("_s));
        {
            const auto store = Store::open(path);
            const auto items = store->datasetItems(u"capitals"_s);
            QCOMPARE(items.size(), std::size_t(1));
            QCOMPARE(items[0].messages, messages);
            QCOMPARE(items[0].expected, answer);
            const auto metadata = nlohmann::json::parse(items[0].metadataJson.toStdString());
            QCOMPARE(metadata.at("source").get<std::string>(), "playground");
            QCOMPARE(metadata.at("playground_run").get<qint64>(), run.id);
        }

        // The same answer again is not a new case.
        console->window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&console->window));
        answerDialog(u"capitals"_s, 200);
        page->column(0)->addToDatasetButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, 5000);
        QCOMPARE(console->window.statusBar()->currentMessage(), u"capitals already holds this call."_s);
        QCOMPARE(versionsOf(u"capitals"_s).size(), std::size_t(1));

        // The traced call of the run is another case: Ctrl+Shift+D in the trace explorer.
        TracesPage *traces = console->window.traces();
        console->window.findChild<QTabWidget *>()->setCurrentWidget(traces);
        traces->reload();
        QTRY_COMPARE_WITH_TIMEOUT(traces->listModel()->rowCount(), 1, 10'000);
        traces->listView()->setCurrentIndex(traces->listModel()->index(0, 0));
        QTRY_VERIFY_WITH_TIMEOUT(traces->traceView()->addToDatasetButton()->isEnabled(), 10'000);
        for (int attempt = 0; attempt < 2; ++attempt) {
            // A closed modal dialog leaves no window active on the offscreen platform.
            console->window.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&console->window));
            answerDialog(u"capitals"_s, 200);
            QTest::keyClick(&console->window, Qt::Key_D, Qt::ControlModifier | Qt::ShiftModifier);
            QTRY_COMPARE_WITH_TIMEOUT(answered, 3 + attempt, 5000);
        }
        QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 2, 5000);
        QCOMPARE(added.count(), 2);
        QCOMPARE(added.at(1).at(1).toInt(), 1);
        const auto versions = versionsOf(u"capitals"_s);
        QCOMPARE(versions.size(), std::size_t(2));
        const auto store = Store::open(path);
        const auto items = store->datasetItems(u"capitals"_s);
        QCOMPARE(items.size(), std::size_t(2));
        QCOMPARE(items[1].messages, messages);
        QCOMPARE(items[1].expected, answer);
        const auto metadata = nlohmann::json::parse(items[1].metadataJson.toStdString());
        QCOMPARE(metadata.at("source").get<std::string>(), "trace");
        QCOMPARE(QString::fromStdString(metadata.at("model").get<std::string>()), u"stories260K"_s);

        // The Evaluations page lists the new version without being asked.
        QTRY_VERIFY_WITH_TIMEOUT(console->window.evaluations()->datasetModel()->rowOf(u"capitals"_s, 2) >= 0, 5000);
    }

    void promptSavedTwiceIsTwoVersionsAndLoadsBackFromTheLibrary()
    {
        ChatParameters parameters;
        parameters.maxTokens = 6;
        parameters.temperature = 0.3;
        const auto console = oneColumnConsole(u"library.sqlite"_s, {{u"user"_s, u"Tell me about {{animal}}"_s}},
                                              parameters);
        QVERIFY(console);
        PlaygroundPage *page = console->page;
        page->setVariable(u"animal"_s, u"a cat"_s);
        QSignalSpy saved(&console->backend, &ConsoleBackend::promptVersionSaved);

        // Ctrl+S asks for a name and a commit message; the test answers the dialog.
        auto saveAs = [&](const QString &name, const QString &message) {
            // A closed modal dialog leaves no window active on the offscreen platform.
            console->window.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&console->window));
            QTimer::singleShot(0, this, [name, message] {
                auto *dialog = qobject_cast<SavePromptDialog *>(QApplication::activeModalWidget());
                QVERIFY(dialog);
                dialog->findChild<QLineEdit *>(u"promptName"_s)->setText(name);
                dialog->findChild<QLineEdit *>(u"commitMessage"_s)->setText(message);
                dialog->accept();
            });
            QTest::keyClick(&console->window, Qt::Key_S, Qt::ControlModifier);
        };
        saveAs(u"animal-story"_s, u"First draft"_s);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 5000);
        QCOMPARE(page->loadedPrompt()->toString(), u"animal-story@1"_s);

        page->messageEditor()->textEdit(0)->setPlainText(u"Tell me a story about {{animal}}"_s);
        QVERIFY(!page->loadedPrompt());
        saveAs(u"animal-story"_s, u"Ask for a story"_s);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 2, 5000);
        QCOMPARE(page->loadedPrompt()->toString(), u"animal-story@2"_s);

        // A run of a saved prompt names it.
        page->run();
        const PlaygroundRun run = console->waitForStoredRun();
        QCOMPARE(run.promptName, u"animal-story"_s);
        QCOMPARE(run.promptVersion, 2);

        const auto store = Store::open(m_dir.filePath(u"library.sqlite"_s));
        const auto versions = store->promptVersions(u"animal-story"_s);
        QCOMPARE(versions.size(), std::size_t(2));
        QCOMPARE(versions[1].content.messages.at(0).content, u"Tell me about {{animal}}"_s);
        QCOMPARE(versions[0].content.messages.at(0).content, u"Tell me a story about {{animal}}"_s);
        QCOMPARE(versions[0].content.parameters.temperature, 0.3);
        QCOMPARE(versions[0].content.variables.at(0).value, u"a cat"_s);
        QCOMPARE(versions[0].commitMessage, u"Ask for a story"_s);

        // Ctrl+L opens the library on the loaded prompt; its diff shows the change, and the
        // first version loads back into the playground.
        console->window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&console->window));
        QTest::keyClick(&console->window, Qt::Key_L, Qt::ControlModifier);
        auto *library = console->window.findChild<PromptLibraryDialog *>();
        QVERIFY(library);
        QTRY_COMPARE_WITH_TIMEOUT(library->versionModel()->rowCount(), 2, 5000);
        auto *from = library->findChild<QComboBox *>(u"diffFrom"_s);
        auto *to = library->findChild<QComboBox *>(u"diffTo"_s);
        from->setCurrentIndex(from->findData(1));
        to->setCurrentIndex(to->findData(2));
        const QString diff = library->findChild<QPlainTextEdit *>(u"promptDiff"_s)->toPlainText();
        QVERIFY2(diff.contains(u"-Tell me about {{animal}}"_s), qPrintable(diff));
        QVERIFY2(diff.contains(u"+Tell me a story about {{animal}}"_s), qPrintable(diff));

        library->selectPrompt(u"animal-story"_s, 1);
        QTRY_VERIFY_WITH_TIMEOUT(library->selectedVersion() && library->selectedVersion()->version == 1, 5000);
        library->findChild<QPushButton *>(u"loadButton"_s)->click();
        QCOMPARE(page->messageEditor()->messages().at(0).content, u"Tell me about {{animal}}"_s);
        QCOMPARE(page->loadedPrompt()->toString(), u"animal-story@1"_s);
        QCOMPARE(page->column(0)->parameters().temperature, 0.3);
    }

    void aPlaceholderWithoutAValueIsRefused()
    {
        const auto console = oneColumnConsole(u"unfilled.sqlite"_s, {{u"user"_s, u"{{hero}} went to {{place}}"_s}}, {});
        QVERIFY(console);
        console->page->setVariable(u"place"_s, u"the sea"_s);
        console->page->run();
        QVERIFY(!console->page->isRunning());
        QCOMPARE(console->page->statusText(), u"Give these variables a value first: hero"_s);
    }

    void aRemovedEndpointIsNotSwappedForAnother()
    {
        const QString path = m_dir.filePath(u"removed.sqlite"_s);
        qint64 secondId = 0;
        {
            const auto store = Store::open(path);
            addEndpoint(*store, u"first"_s, m_endpoint.baseUrl());
            secondId = addEndpoint(*store, u"second"_s, m_endpoint.baseUrl());
        }
        Console console(path);
        PlaygroundPage *page = console.page;
        QTRY_VERIFY_WITH_TIMEOUT(page->column(1)->endpoint().has_value(), 10000);
        QVERIFY(page->column(1)->selectEndpoint(u"second"_s));

        console.backend.removeEndpoint(secondId);
        QTRY_VERIFY_WITH_TIMEOUT(!page->column(1)->endpoint().has_value(), 10000);
        QCOMPARE(page->column(1)->findChild<QComboBox *>(u"endpoint"_s)->placeholderText(),
                 u"second (not registered)"_s);
        QCOMPARE(page->column(0)->endpoint()->name, u"first"_s);
        writePrompt(page, {{u"user"_s, u"Hello"_s}});
        page->run();
        QVERIFY(!page->isRunning());
        QVERIFY(page->statusText().startsWith(u"Column 2 has no endpoint"_s));
    }

    void draftSurvivesARestart()
    {
        const QString path = m_dir.filePath(u"draft.sqlite"_s);
        {
            const auto store = Store::open(path);
            addEndpoint(*store, u"first"_s, m_endpoint.baseUrl());
            addEndpoint(*store, u"second"_s, m_endpoint.baseUrl());
        }
        const std::vector<ChatMessage> messages = {{u"user"_s, u"Hello {{name}}"_s}};
        {
            Console console(path);
            QTRY_VERIFY_WITH_TIMEOUT(console.page->column(1)->endpoint().has_value(), 10'000);
            console.page->setColumnCount(3);
            writePrompt(console.page, messages);
            console.page->setVariable(u"name"_s, u"Sam"_s);
            ChatParameters parameters;
            parameters.seed = 42;
            console.page->column(2)->setParameters(parameters);
            QVERIFY(console.page->column(2)->selectEndpoint(u"second"_s));
            console.window.close();
        }
        Console console(path);
        QCOMPARE(console.page->columnCount(), 3);
        QCOMPARE(console.page->messageEditor()->messages(), messages);
        QCOMPARE(console.page->variables().at(0).value, u"Sam"_s);
        QCOMPARE(console.page->column(2)->parameters().seed, 42);
        QTRY_COMPARE_WITH_TIMEOUT(console.page->column(2)->endpoint().value_or(Endpoint()).name, u"second"_s, 10'000);
    }
};

QTEST_MAIN(TestPlayground)
#include "tst_playground.moc"
