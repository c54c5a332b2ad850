// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "consolebackend.h"
#include "consolesettings.h"
#include "dashboardpage.h"
#include "endpointdialog.h"
#include "endpointpanel.h"
#include "endpointstatusmodel.h"
#include "failurelistmodel.h"
#include "localendpoint.h"
#include "mainwindow.h"
#include "metricsbrowser.h"
#include "metrictile.h"
#include "referencestatistics.h"
#include "seriestablemodel.h"
#include "store.h"
#include "timeseriesmodel.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QListView>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    qint64 addEndpoint(Store &store, const QString &name, int intervalS, const QString &fault = {})
    {
        Endpoint endpoint;
        endpoint.name = name;
        endpoint.baseUrl = m_endpoint.baseUrl();
        endpoint.model = u"stories260K"_s;
        endpoint.probeIntervalS = intervalS;
        endpoint.maxTokens = 16;
        endpoint.timeoutS = 120;
        if (!fault.isEmpty())
            endpoint.extraHeaders = {{u"X-Llmops-Fault"_s, fault}};
        return store.addEndpoint(endpoint);
    }

    LocalEndpoint m_endpoint;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        // The trace receiver has tests of its own; here it would only take the OTLP port.
        ConsoleSettings().setTraceReceiverEnabled(false);
        QVERIFY2(m_endpoint.start(), qPrintable(m_endpoint.error()));
    }

    void dashboardShowsProbesAndStaysResponsiveWhileOneHangs()
    {
        const QString path = m_dir.filePath(u"dashboard.sqlite"_s);
        {
            const auto store = Store::open(path);
            for (const QString &name : {u"local-a"_s, u"local-b"_s, u"local-c"_s})
                addEndpoint(*store, name, 3600);
            addEndpoint(*store, u"hung"_s, 3600, u"hang"_s);
        }

        ConsoleBackend backend(path);
        MainWindow window(&backend);
        QSignalSpy probes(&backend, &ConsoleBackend::probeFinished);
        QSignalSpy snapshots(&backend, &ConsoleBackend::dashboardReady);
        backend.start();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_COMPARE_WITH_TIMEOUT(probes.count(), 3, 20'000);

        // The hung probe is still in flight: the event loop must keep turning freely.
        QElapsedTimer clock;
        qint64 worstGapMs = 0;
        qint64 last = 0;
        clock.start();
        QTimer ticker;
        connect(&ticker, &QTimer::timeout, this, [&] {
            worstGapMs = std::max(worstGapMs, clock.elapsed() - last);
            last = clock.elapsed();
        });
        ticker.start(5);
        window.dashboard()->setRange(DashboardRange::LastHour);
        QTest::qWait(1500);
        ticker.stop();
        QVERIFY2(worstGapMs < 150, qPrintable(u"worst event loop gap %1 ms"_s.arg(worstGapMs)));

        // Ask once more and wait for the answer, then compare with the store itself.
        const int before = snapshots.count();
        window.scheduleRefresh();
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() > before, 5000);

        const auto store = Store::open(path);
        const auto records = store->recentRequests(std::nullopt, 100);
        QCOMPARE(records.size(), std::size_t(3));
        std::vector<double> latencies, ttfts;
        for (const auto &record : records) {
            QCOMPARE(record.status, RequestStatus::Ok);
            QVERIFY(*record.ttftMs > 0 && *record.ttftMs < record.latencyMs);
            latencies.push_back(record.latencyMs);
            ttfts.push_back(*record.ttftMs);
        }
        const auto shownMs = [](std::optional<double> ms) -> QString {
            return QString::number(*ms, 'f', *ms < 10 ? 1 : 0) + u" ms"_s;
        };
        QCOMPARE(window.dashboard()->tile(0)->valueText(), u"100.0 %"_s);
        QCOMPARE(window.dashboard()->tile(1)->valueText(), shownMs(referenceQuantile(latencies, 0.95)));
        QCOMPARE(window.dashboard()->tile(2)->valueText(), shownMs(referenceQuantile(ttfts, 0.95)));
        QCOMPARE(window.dashboard()->tile(3)->valueText(), u"0.0 %"_s);

        // The endpoint list knows all four, and the charts' model holds the probes' bucket.
        QCOMPARE(window.endpointModel()->rowCount(), 4);
        const TimeSeriesModel *series = window.dashboard()->seriesModel();
        qint64 requests = 0;
        for (int row = 0; row < series->rowCount(); ++row)
            requests += qint64(*series->value(row, TimeSeriesModel::RequestsColumn));
        QCOMPARE(requests, 3);

        window.close();
    }

    void serverPanelsShowTokenRatesBesideProbeLatency()
    {
        const QString path = m_dir.filePath(u"server.sqlite"_s);
        qint64 endpointId = 0;
        {
            const auto store = Store::open(path);
            Endpoint endpoint;
            endpoint.name = u"local"_s;
            endpoint.baseUrl = m_endpoint.baseUrl();
            endpoint.model = u"stories260K"_s;
            endpoint.probeIntervalS = 1;
            endpoint.maxTokens = 16;
            endpoint.metricsIntervalS = 1;
            endpointId = store->addEndpoint(endpoint);
        }

        ConsoleBackend backend(path);
        MainWindow window(&backend);
        QSignalSpy probes(&backend, &ConsoleBackend::probeFinished);
        QSignalSpy scrapes(&backend, &ConsoleBackend::scrapeFinished);
        backend.start();
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.endpointModel()->rowCount() == 1, 10000);
        window.endpointPanel()->selectEndpoint(endpointId);
        // Scrapes while probes run, so that the server's token counters move between them.
        QTRY_VERIFY_WITH_TIMEOUT(probes.count() >= 3 && scrapes.count() >= 4, 30000);
        // What the store holds then is what a console opened on it shows; it scrapes no
        // more, so that what it shows and what is computed here read the same samples.
        backend.stop();
        {
            const auto store = Store::open(path);
            Endpoint endpoint = *store->endpoint(endpointId);
            endpoint.metricsIntervalS = 0;
            store->updateEndpoint(endpoint);
        }
        ConsoleBackend reader(path);
        MainWindow shown(&reader);
        reader.start();
        shown.show();
        QTRY_VERIFY_WITH_TIMEOUT(shown.endpointModel()->rowCount() == 1, 10000);
        shown.endpointPanel()->selectEndpoint(endpointId);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.dashboard()->serverPanelTitles().isEmpty(), 10000);
        QVERIFY2(shown.dashboard()->serverPanelTitles().contains(u"Token throughput"_s),
                 qPrintable(shown.dashboard()->serverPanelTitles().join(u", ")));
        QVERIFY2(shown.dashboard()->scrapeHealth().startsWith(u"llama.cpp \u00b7 up"_s),
                 qPrintable(shown.dashboard()->scrapeHealth()));

        // Each bucket's generation rate, computed here from the stored counter values (not
        // their stored increases): the differences of consecutive samples over their time.
        const auto store = Store::open(path);
        const auto series = store->metricSeries(endpointId, "llamacpp:tokens_predicted_total");
        QCOMPARE(series.size(), size_t(1));
        const auto points = store->metricPoints(series[0].id, 0, std::numeric_limits<qint64>::max() / 2);
        QVERIFY(points.size() >= 4);
        QVERIFY2(*points.back().value > *points.front().value, "the probes generated tokens between scrapes");

        const SeriesTableModel *model = shown.dashboard()->serverModel();
        int generationColumn = 0;
        for (int column = 1; column < model->columnCount(); ++column) {
            if (model->headerData(column, Qt::Horizontal).toString().startsWith(u"generation"_s))
                generationColumn = column;
        }
        QVERIFY(generationColumn > 0);
        int bucketsChecked = 0;
        qint64 bucketWithRate = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            const qint64 start = model->stepStart(row);
            const qint64 end = model->stepStart(row + 1);
            double gained = 0;
            double seconds = 0;
            for (size_t i = 1; i < points.size(); ++i) {
                if (points[i].atMs > start && points[i].atMs <= end) {
                    gained += *points[i].value - *points[i - 1].value;
                    seconds += double(points[i].atMs - points[i - 1].atMs) / 1000.0;
                }
            }
            const QVariant shownRate = model->index(row, generationColumn).data(SeriesTableModel::ValueRole);
            if (seconds == 0) {
                QVERIFY(!shownRate.isValid());
                continue;
            }
            QVERIFY2(
                std::abs(shownRate.toDouble() - gained / seconds) < 1e-9,
                qPrintable(
                    u"bucket %1: shown %2, computed %3"_s.arg(row).arg(shownRate.toDouble()).arg(gained / seconds)));
            ++bucketsChecked;
            bucketWithRate = start;
        }
        QVERIFY(bucketsChecked >= 1);

        // The readout names the client's latency and the server's figures at one time.
        const QString readout = shown.dashboard()->readoutAt(bucketWithRate);
        QVERIFY2(readout.contains(u"generation (tokens/s)"_s), qPrintable(readout));

        // The raw view lists every family and charts the one chosen: the same counter's
        // rate, bucket for bucket, as the dashboard's panel.
        QAction *rawView = nullptr;
        for (QAction *action : shown.findChildren<QAction *>()) {
            if (action->text() == u"Server &metrics\u2026"_s)
                rawView = action;
        }
        QVERIFY(rawView);
        rawView->trigger();
        MetricsBrowser *browser = shown.findChild<MetricsBrowser *>();
        QVERIFY(browser);
        QTRY_COMPARE_WITH_TIMEOUT(browser->familyModel()->rowCount(), 9, 10000);
        QVERIFY(browser->selectFamily(u"llamacpp:tokens_predicted_total"_s));
        QTRY_COMPARE_WITH_TIMEOUT(browser->chartModel()->columnCount(), 2, 10000);
        QCOMPARE(browser->chartModel()->rowCount(), model->rowCount());
        for (int row = 0; row < model->rowCount(); ++row) {
            QCOMPARE(browser->chartModel()->index(row, 1).data(SeriesTableModel::ValueRole),
                     model->index(row, generationColumn).data(SeriesTableModel::ValueRole));
        }
        browser->close();
        shown.close();
        window.close();
    }

    void failuresAreListedWithTheirTypes()
    {
        const QString path = m_dir.filePath(u"failures.sqlite"_s);
        {
            const auto store = Store::open(path);
            addEndpoint(*store, u"limited"_s, 3600, u"status-429;retry-after=7"_s);
            addEndpoint(*store, u"gateway"_s, 3600, u"html-502"_s);
            addEndpoint(*store, u"fine"_s, 3600);
        }

        ConsoleBackend backend(path);
        MainWindow window(&backend);
        QSignalSpy probes(&backend, &ConsoleBackend::probeFinished);
        backend.start();
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(probes.count(), 3, 20'000);
        const FailureListModel *failures = window.dashboard()->failureModel();
        QTRY_COMPARE_WITH_TIMEOUT(failures->rowCount(), 2, 5000);

        // Each failure as the store holds it, with the endpoint it belongs to.
        QStringList shown;
        for (int row = 0; row < failures->rowCount(); ++row) {
            const auto cell = [&](int column) { return failures->index(row, column).data().toString(); };
            shown << cell(FailureListModel::EndpointColumn) % u' ' % cell(FailureListModel::ErrorClassColumn) % u' '
                    % cell(FailureListModel::HttpStatusColumn) % u' ' % cell(FailureListModel::RetryAfterColumn);
        }
        shown.sort();
        QCOMPARE(shown, QStringList({u"gateway upstream_gateway 502 –"_s, u"limited rate_limited 429 7.0 s"_s}));
        QCOMPARE(window.dashboard()->failureSummary(), u"rate_limited 1 · upstream_gateway 1"_s);
        window.close();
    }

    void windowStateSurvivesARestart()
    {
        const QString path = m_dir.filePath(u"restart.sqlite"_s);
        {
            const auto store = Store::open(path);
            addEndpoint(*store, u"first"_s, 3600, u"status-503"_s);
            addEndpoint(*store, u"second"_s, 3600, u"status-503"_s);
        }

        {
            ConsoleBackend backend(path);
            MainWindow window(&backend);
            backend.start();
            window.show();
            QTRY_COMPARE_WITH_TIMEOUT(window.endpointModel()->rowCount(), 2, 10'000);
            window.endpointPanel()->selectEndpoint(window.endpointModel()->statuses().back().endpoint.id);
            window.dashboard()->setRange(DashboardRange::Last24Hours);
            window.findChild<QTabWidget *>()->setCurrentIndex(1);
            window.resize(1111, 777);
            window.close();
        }

        ConsoleBackend backend(path);
        MainWindow window(&backend);
        backend.start();
        window.show();
        QCOMPARE(window.dashboard()->range(), DashboardRange::Last24Hours);
        QCOMPARE(window.findChild<QTabWidget *>()->currentIndex(), 1);
        QCOMPARE(window.size(), QSize(1111, 777));
        QTRY_COMPARE_WITH_TIMEOUT(window.endpointPanel()->selectedEndpointName(), u"second"_s, 10'000);
        window.close();
    }

    void endpointDialogAcceptsOnlyValidEndpoints()
    {
        EndpointDialog dialog;
        dialog.show();
        auto edits = dialog.findChildren<QLineEdit *>();
        QVERIFY(edits.size() >= 5);

        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(dialog.isVisible());

        Endpoint endpoint;
        endpoint.id = 42;
        endpoint.name = u"edited"_s;
        endpoint.baseUrl = u"http://127.0.0.1:11434"_s;
        endpoint.model = u"llama3"_s;
        endpoint.kind = EndpointKind::OllamaChat;
        endpoint.extraHeaders = {{u"X-Team"_s, u"ops"_s}};
        endpoint.probeIntervalS = 45;
        endpoint.metricsUrl = u"http://127.0.0.1:9400/metrics"_s;
        endpoint.metricsIntervalS = 30;
        endpoint.metricsTokenEnv = u"METRICS_TOKEN"_s;
        dialog.setEndpoint(endpoint);
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));

        // Every setting survives an edit, the server metrics' too.
        const Endpoint read = dialog.endpoint();
        QCOMPARE(read.id, 42);
        QCOMPARE(read.kind, EndpointKind::OllamaChat);
        QCOMPARE(read.extraHeaders, endpoint.extraHeaders);
        QCOMPARE(read.probeIntervalS, 45);
        QCOMPARE(read.metricsUrl, endpoint.metricsUrl);
        QCOMPARE(read.metricsIntervalS, 30);
        QCOMPARE(read.metricsTokenEnv, endpoint.metricsTokenEnv);

        // A metrics token pasted where its variable's name belongs is refused.
        Endpoint pasted = endpoint;
        pasted.metricsTokenEnv = u"sk-live-abc123"_s;
        dialog.setEndpoint(pasted);
        dialog.setResult(QDialog::Rejected);
        dialog.show();
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QVERIFY(dialog.isVisible());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
