// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The console as a trace user meets it: its own receiver takes traces in (field cases and
// the OpenTelemetry JS SDK), the explorer lists, searches and opens them, a session gathers
// one conversation, and a dashboard point opens the traces of its time.
#include "consolebackend.h"
#include "consolesettings.h"
#include "dashboardpage.h"
#include "fieldcases.h"
#include "httppost.h"
#include "mainwindow.h"
#include "pricesdialog.h"
#include "pricetablemodel.h"
#include "spantreemodel.h"
#include "store.h"
#include "tracelistmodel.h"
#include "tracespage.h"
#include "traceview.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace llmops;
using namespace Qt::StringLiterals;

namespace {

int rowNamed(const TraceListModel *model, const QString &name)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, TraceListModel::NameColumn).data().toString() == name)
            return row;
    }
    return -1;
}

} // namespace

class TestTraceExplorer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_directory;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        ConsoleSettings settings;
        settings.setTraceReceiverEnabled(true);
        settings.setTraceReceiverAddress(u"127.0.0.1:0"_s);
    }

    void tracesSentToTheConsoleCanBeFoundAndRead()
    {
        ConsoleBackend backend(m_directory.filePath(u"explorer.sqlite"_s));
        MainWindow window(&backend);
        QSignalSpy arrivals(&backend, &ConsoleBackend::spansArrived);
        backend.start();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // The receiver starts with the window and says where it listens.
        QTRY_VERIFY_WITH_TIMEOUT(window.receiverLabel()->text().contains(u"http://127.0.0.1:"_s), 10000);
        const QString label = window.receiverLabel()->text();
        const std::string url = label.mid(label.indexOf(u"http://"_s)).section(u' ', 0, 0).toStdString();
        QVERIFY2(url.ends_with("/v1/traces"), url.c_str());

        for (const char *name : {"FC-31.batch1.otlp.json", "FC-31.batch2.otlp.json", "FC-27.otlp.json"}) {
            const auto answer = testing::post(url, testing::fieldCase(QString::fromLatin1(name)).toStdString(),
                                              {"Content-Type: application/json"});
            QCOMPARE(answer.status, 200L);
        }
        QCOMPARE(testing::post(url, testing::fieldCase(u"FC-34.otlp.pb").toStdString(),
                               {"Content-Type: application/x-protobuf"})
                     .status,
                 200L);
        QProcess client;
        client.setWorkingDirectory(QStringLiteral(LLMOPS_OTEL_CLIENT_DIR));
        client.start(u"node"_s,
                     {u"send-genai-spans.mjs"_s, u"--url"_s, QString::fromStdString(url), u"--protocol"_s, u"json"_s});
        QVERIFY(client.waitForFinished(30000));
        QCOMPARE(client.exitCode(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(window.receiverLabel()->text().contains(u"11 span"_s), 10000);
        QVERIFY(!arrivals.isEmpty());

        // The list shows the four traces once the page is opened.
        auto *pages = window.findChild<QTabWidget *>();
        pages->setCurrentWidget(window.traces());
        TracesPage *traces = window.traces();
        traces->reload();
        TraceListModel *list = traces->listModel();
        QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 4, 10000);

        // FC-31: the tree under the root, and the orphan beside it, marked.
        const int agentRow = rowNamed(list, u"agent run"_s);
        QVERIFY(agentRow >= 0);
        traces->listView()->setCurrentIndex(list->index(agentRow, 0));
        SpanTreeModel *spans = traces->traceView()->spanModel();
        QTRY_COMPARE_WITH_TIMEOUT(int(spans->spans().size()), 4, 10000);
        QCOMPARE(spans->rowCount(), 2);
        QCOMPARE(spans->index(0, 0).data().toString(), u"agent run"_s);
        QVERIFY(spans->index(1, 0).data(SpanTreeModel::ParentMissingRole).toBool());
        QCOMPARE(spans->rowCount(spans->index(0, 0)), 1);

        // The JS SDK's trace: the chat span opens first, as a readable transcript.
        const int agentTraceRow = rowNamed(list, u"invoke_agent trip-planner"_s);
        QVERIFY(agentTraceRow >= 0);
        traces->listView()->setCurrentIndex(list->index(agentTraceRow, 0));
        QTRY_COMPARE_WITH_TIMEOUT(int(spans->spans().size()), 3, 10000);
        QTRY_VERIFY(traces->traceView()->transcriptHtml().contains(u"Plan a trip to Lisbon"_s));
        QVERIFY(traces->traceView()->transcriptHtml().contains(u"Day 1: Alfama."_s));
        QVERIFY(traces->traceView()->transcriptHtml().contains(u"You are a travel agent."_s));
        QVERIFY(traces->traceView()->summaryText().contains(u"session conv-42"_s));
        for (int i = 0; i < int(spans->spans().size()); ++i) {
            if (spans->spans()[size_t(i)].toolName == "get_weather")
                traces->traceView()->selectSpan(i);
        }
        QVERIFY(traces->traceView()->transcriptHtml().contains(u"Tool call get_weather"_s));
        QVERIFY(traces->traceView()->transcriptHtml().contains(u"temp_c"_s));

        // The session gathers the conversation's traces.
        auto *session = traces->findChild<QPushButton *>();
        QVERIFY(session && session->isEnabled());
        session->click();
        QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 1, 10000);
        QCOMPARE(list->filter().conversationId, std::string("conv-42"));
        session->click();
        QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 4, 10000);

        // Search over prompts and answers.
        QTest::keyClicks(traces->searchField(), u"Lisbon"_s);
        QTest::keyClick(traces->searchField(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 1, 10000);
        QCOMPARE(list->index(0, TraceListModel::NameColumn).data().toString(), u"invoke_agent trip-planner"_s);
        traces->searchField()->clear();
        QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 4, 10000);

        // A dashboard point opens the traces of its bucket: the field cases' ten seconds of
        // 2024-06-10, not the JS SDK's trace of 2025.
        pages->setCurrentWidget(window.dashboard());
        Q_EMIT window.dashboard()->bucketActivated(1718000000000, 1718000010000);
        QCOMPARE(pages->currentWidget(), window.traces());
        QTRY_COMPARE_WITH_TIMEOUT(list->rowCount(), 3, 10000);
        QCOMPARE(rowNamed(list, u"invoke_agent trip-planner"_s), -1);

        // Prices are edited in a dialog and saved to the store.
        QAction *prices = nullptr;
        for (QAction *action : window.findChildren<QAction *>()) {
            if (action->text() == u"Model &prices…"_s)
                prices = action;
        }
        QVERIFY(prices);
        QSignalSpy saved(&backend, &ConsoleBackend::pricesSaved);
        prices->trigger();
        PricesDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<PricesDialog *>()) && dialog->model()->rowCount() > 10);
        const int gpt4o = [&] {
            for (int row = 0; row < dialog->model()->rowCount(); ++row) {
                if (dialog->model()->index(row, PriceTableModel::ModelColumn).data().toString() == u"gpt-4o"_s)
                    return row;
            }
            return -1;
        }();
        QVERIFY(gpt4o >= 0);
        QVERIFY(dialog->model()->setData(dialog->model()->index(gpt4o, PriceTableModel::InputColumn), u"2.75"_s));
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);
        {
            const auto store = Store::open(m_directory.filePath(u"explorer.sqlite"_s));
            QCOMPARE(store->priceTable().find("openai", "gpt-4o")->inputPerMillion, 2.75);
        }

        // Turning the receiver off says so.
        ConsoleSettings().setTraceReceiverEnabled(false);
        backend.configureTraceReceiver(false, {});
        QTRY_COMPARE_WITH_TIMEOUT(window.receiverLabel()->text(), u"Traces: receiver off"_s, 10000);
        QVERIFY(testing::post(url, "{}", {"Content-Type: application/json"}, false, 2000).status != 200);
    }
};

QTEST_MAIN(TestTraceExplorer)
#include "tst_traceexplorer.moc"
