// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "consolebackend.h"
#include "localendpoint.h"
#include "store.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

/// The backend that the console's window drives: its two threads, as the window sees them.
class TestConsoleBackend : public QObject
{
    Q_OBJECT

private:
    Endpoint localEndpoint(const QString &name) const
    {
        Endpoint endpoint;
        endpoint.name = name;
        endpoint.baseUrl = m_endpoint.baseUrl();
        endpoint.model = u"stories260K"_s;
        endpoint.probeIntervalS = 1;
        endpoint.maxTokens = 8;
        return endpoint;
    }

    LocalEndpoint m_endpoint;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(m_endpoint.start(), qPrintable(m_endpoint.error()));
    }

    void endpointsChangedByAnotherProgramAreProbedAndDropped()
    {
        const QString path = m_dir.filePath(u"outside.sqlite"_s);
        ConsoleBackend backend(path);
        QSignalSpy changed(&backend, &ConsoleBackend::endpointsChanged);
        QSignalSpy started(&backend, &ConsoleBackend::probeStarted);
        QSignalSpy finished(&backend, &ConsoleBackend::probeFinished);
        backend.start();

        // llmopsctl would do this with a connection of its own, at any moment of the start.
        const auto outside = Store::open(path);
        const qint64 added = outside->addEndpoint(localEndpoint(u"added-outside"_s));
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 10'000);
        QCOMPARE(finished.constLast().at(0).value<RequestRecord>().endpointId, added);

        QVERIFY(!changed.isEmpty());

        // Once removed outside, it is no longer probed: within a look at the store, or at the
        // latest when its next probe finds nothing to be stored under.
        outside->removeEndpoint(added);
        QTest::qWait(3000);
        const qsizetype probesAfterRemoval = started.count();
        QTest::qWait(2500);
        QCOMPARE(started.count(), probesAfterRemoval);
        backend.stop();
    }

    void endpointAddedLaterIsProbedToo()
    {
        const QString path = m_dir.filePath(u"later.sqlite"_s);
        ConsoleBackend backend(path);
        QSignalSpy finished(&backend, &ConsoleBackend::probeFinished);
        QSignalSpy failed(&backend, &ConsoleBackend::backendFailed);
        QSignalSpy changed(&backend, &ConsoleBackend::endpointsChanged);
        backend.start();
        QTest::qWait(500);

        const qint64 added = Store::open(path)->addEndpoint(localEndpoint(u"added-later"_s));
        QTRY_VERIFY2_WITH_TIMEOUT(
            !finished.isEmpty(),
            qPrintable(u"changes seen: %1, failures: %2"_s.arg(changed.count())
                           .arg(failed.isEmpty() ? u"none"_s : failed.constFirst().at(0).toString())),
            10'000);
        QCOMPARE(finished.constFirst().at(0).value<RequestRecord>().endpointId, added);
        backend.stop();
    }

    void onlyTheNewestDashboardAnswerArrives()
    {
        const QString path = m_dir.filePath(u"generations.sqlite"_s);
        const qint64 endpointId = Store::open(path)->addEndpoint(localEndpoint(u"one"_s));
        ConsoleBackend backend(path);
        QSignalSpy ready(&backend, &ConsoleBackend::dashboardReady);
        backend.start();

        // Both are answered in order on the store thread; the first answer is stale on arrival.
        backend.requestDashboard(std::nullopt, DashboardRange::Last7Days);
        backend.requestDashboard(endpointId, DashboardRange::Last15Minutes);
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty(), 10'000);
        QTest::qWait(300);
        QCOMPARE(ready.count(), 1);
        const auto snapshot = ready.at(0).at(0).value<DashboardSnapshot>();
        QCOMPARE(snapshot.endpointId, std::optional<qint64>(endpointId));
        QCOMPARE(snapshot.toMs - snapshot.fromMs, rangeLengthMs(DashboardRange::Last15Minutes));
        backend.stop();
    }

    void promptVersionsAreSavedAndReadOnTheStoreThread()
    {
        const QString path = m_dir.filePath(u"prompts.sqlite"_s);
        ConsoleBackend backend(path);
        QSignalSpy saved(&backend, &ConsoleBackend::promptVersionSaved);
        QSignalSpy loaded(&backend, &ConsoleBackend::promptVersionLoaded);
        QSignalSpy labelled(&backend, &ConsoleBackend::promptLabelSet);
        QSignalSpy failed(&backend, &ConsoleBackend::promptLibraryFailed);
        backend.start();

        PromptContent content;
        content.messages = {{u"user"_s, u"Capital of {{country}}?"_s}};
        content.variables = {{u"country"_s, u"France"_s}};
        backend.savePromptVersion(u"capital"_s, content, u"First"_s, u"ada"_s);
        QTRY_COMPARE(saved.count(), 1);
        const auto version = saved.at(0).at(0).value<PromptVersion>();
        QCOMPARE(version.version, 1);
        QCOMPARE(version.content, content);

        backend.requestPromptVersion({u"capital"_s, {}, u"production"_s});
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).toString(), u"capital has no label production."_s);

        backend.setPromptLabel(u"capital"_s, u"production"_s, 1);
        QTRY_COMPARE(labelled.count(), 1);
        backend.requestPromptVersion({u"capital"_s, {}, u"production"_s});
        QTRY_COMPARE(loaded.count(), 1);
        QCOMPARE(loaded.at(0).at(0).value<PromptVersion>().labels, QStringList{u"production"_s});
        QCOMPARE(Store::open(path)->promptVersion({u"capital"_s, {}, u"production"_s}).author, u"ada"_s);
        backend.stop();
    }
};

QTEST_GUILESS_MAIN(TestConsoleBackend)
#include "tst_consolebackend.moc"
