// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "localendpoint.h"
#include "probescheduler.h"
#include "store.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

class TestProbeScheduler : public QObject
{
    Q_OBJECT

private:
    qint64 addEndpoint(const QString &name, int intervalS, const QString &fault = {}, int timeoutS = 20)
    {
        Endpoint endpoint;
        endpoint.name = name;
        endpoint.baseUrl = m_endpoint.baseUrl();
        endpoint.model = u"stories260K"_s;
        endpoint.probeIntervalS = intervalS;
        endpoint.maxTokens = 16;
        endpoint.timeoutS = timeoutS;
        if (!fault.isEmpty())
            endpoint.extraHeaders = {{u"X-Llmops-Fault"_s, fault}};
        return m_store->addEndpoint(endpoint);
    }

    static int countFor(const QSignalSpy &spy, qint64 endpointId, bool isRecord)
    {
        int count = 0;
        for (const auto &arguments : spy) {
            const qint64 id = isRecord ? arguments.at(0).value<RequestRecord>().endpointId
                                       : arguments.at(0).toLongLong();
            count += id == endpointId;
        }
        return count;
    }

    LocalEndpoint m_endpoint;
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<Store> m_store;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_endpoint.start(), qPrintable(m_endpoint.error())); }

    void init()
    {
        m_path = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + u".sqlite"_s);
        m_store = Store::open(m_path);
    }

    void probesOnScheduleAndStoresEveryMeasurement()
    {
        const qint64 healthy = addEndpoint(u"healthy"_s, 1);
        const qint64 cut = addEndpoint(u"cut"_s, 1, u"cut-stream"_s);

        ProbeScheduler scheduler(m_path);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        scheduler.start();
        QTRY_VERIFY_WITH_TIMEOUT(countFor(finished, healthy, true) >= 3 && countFor(finished, cut, true) >= 3, 15'000);
        scheduler.stop();

        // Every signalled measurement is in the store under its id, with its outcome.
        for (const auto &arguments : std::as_const(finished)) {
            const auto record = arguments.at(0).value<RequestRecord>();
            QVERIFY(record.id > 0);
            QCOMPARE(record.status, record.endpointId == healthy ? RequestStatus::Ok : RequestStatus::Error);
        }
        QCOMPARE(m_store->requestCount(), qint64(finished.count()));
        QCOMPARE(m_store->recentRequests(cut, 1).front().errorClass, ErrorClass::StreamCut);
    }

    void aHungEndpointHoldsOneProbeAndDoesNotDelayTheOthers()
    {
        const qint64 hung = addEndpoint(u"hung"_s, 1, u"hang"_s, 60);
        const qint64 healthy = addEndpoint(u"healthy"_s, 1);

        ProbeScheduler scheduler(m_path);
        QSignalSpy started(&scheduler, &ProbeScheduler::probeStarted);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        scheduler.start();
        QTRY_VERIFY_WITH_TIMEOUT(countFor(finished, healthy, true) >= 3, 15'000);

        QCOMPARE(countFor(started, hung, false), 1);
        QCOMPARE(countFor(finished, hung, true), 0);

        // Stopping cancels the hung transfer at once and stores nothing for it.
        QElapsedTimer clock;
        clock.start();
        scheduler.stop();
        QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
        QCoreApplication::processEvents();
        QCOMPARE(m_store->requestCount(hung), 0);
    }

    void waitsAsLongAsTheServerAsks()
    {
        // Probed every second, the endpoint asks for three seconds of quiet each time.
        const qint64 limited = addEndpoint(u"limited"_s, 1, u"status-429;retry-after=3"_s);
        ProbeScheduler scheduler(m_path);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        scheduler.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10'000);
        QCOMPARE(finished.at(0).at(0).value<RequestRecord>().retryAfterMs, std::optional<qint64>(3000));

        QTest::qWait(2000);
        QCOMPARE(finished.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 5'000);
        scheduler.stop();

        const auto probes = m_store->recentRequests(limited, 2);
        QCOMPARE(probes.size(), std::size_t(2));
        QVERIFY2(probes[0].startedAtMs - probes[1].startedAtMs >= 3000,
                 qPrintable(QString::number(probes[0].startedAtMs - probes[1].startedAtMs)));
    }

    void picksUpAddedAndRemovedEndpoints()
    {
        const qint64 first = addEndpoint(u"first"_s, 3600);
        ProbeScheduler scheduler(m_path);
        QSignalSpy finished(&scheduler, &ProbeScheduler::probeFinished);
        scheduler.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10'000);

        const qint64 second = addEndpoint(u"second"_s, 3600);
        m_store->removeEndpoint(first);
        scheduler.reloadEndpoints();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10'000);
        QCOMPARE(finished.at(1).at(0).value<RequestRecord>().endpointId, second);
        scheduler.stop();
    }

    void removingAnEndpointCancelsItsProbe()
    {
        const qint64 hung = addEndpoint(u"hung"_s, 3600, u"hang"_s, 60);
        ProbeScheduler scheduler(m_path);
        QSignalSpy started(&scheduler, &ProbeScheduler::probeStarted);
        QSignalSpy dropped(&scheduler, &ProbeScheduler::probeDropped);
        scheduler.start();
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 10'000);

        // The hung probe would wait a minute; the removal ends it at once.
        m_store->removeEndpoint(hung);
        scheduler.reloadEndpoints();
        QTRY_COMPARE_WITH_TIMEOUT(dropped.count(), 1, 5'000);
        QCOMPARE(dropped.at(0).at(0).toLongLong(), hung);
        scheduler.stop();
    }

    void anUnopenableStoreIsReported()
    {
        const QString directoryAsFile = m_dir.filePath(u"plain-file"_s);
        QFile file(directoryAsFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();

        ProbeScheduler blocked(directoryAsFile + u"/store.sqlite"_s);
        QSignalSpy blockedFailed(&blocked, &ProbeScheduler::schedulerFailed);
        blocked.start();
        QCOMPARE(blockedFailed.count(), 1);
        QVERIFY(!blockedFailed.at(0).at(0).toString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestProbeScheduler)
#include "tst_probescheduler.moc"
