// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "endpointhealth.h"
#include "endpointstatusmodel.h"
#include "failurelistmodel.h"
#include "promptlistmodel.h"
#include "promptversionmodel.h"
#include "timeseriesmodel.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QSignalSpy>
#include <QTest>

using namespace llmops;
using namespace Qt::StringLiterals;

namespace {

RequestRecord probeWith(RequestStatus status)
{
    RequestRecord record;
    record.status = status;
    return record;
}

EndpointStatus statusOf(qint64 id, const QString &name, EndpointHealth health)
{
    EndpointStatus status;
    status.endpoint.id = id;
    status.endpoint.name = name;
    status.health = health;
    return status;
}

} // namespace

class TestItemModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void healthFromRecentProbes_data()
    {
        QTest::addColumn<QString>("newestFirst"); // o ok, e error, c cancelled
        QTest::addColumn<int>("health");

        QTest::newRow("no probes") << QString() << int(EndpointHealth::Unknown);
        QTest::newRow("only cancelled") << u"cc"_s << int(EndpointHealth::Unknown);
        QTest::newRow("all ok") << u"ooooo"_s << int(EndpointHealth::Up);
        QTest::newRow("one old failure") << u"ooooe"_s << int(EndpointHealth::Degraded);
        QTest::newRow("failure beyond the window") << u"oooooe"_s << int(EndpointHealth::Up);
        QTest::newRow("three newest failed") << u"eeeoo"_s << int(EndpointHealth::Down);
        QTest::newRow("two newest failed") << u"eeooo"_s << int(EndpointHealth::Degraded);
        QTest::newRow("single failed probe") << u"e"_s << int(EndpointHealth::Down);
        QTest::newRow("recovered") << u"oeee"_s << int(EndpointHealth::Degraded);
        QTest::newRow("cancelled are skipped") << u"ecece"_s << int(EndpointHealth::Down);
    }

    void healthFromRecentProbes()
    {
        QFETCH(QString, newestFirst);
        QFETCH(int, health);

        std::vector<RequestRecord> probes;
        for (QChar c : newestFirst)
            probes.push_back(probeWith(c == u'o'       ? RequestStatus::Ok
                                           : c == u'e' ? RequestStatus::Error
                                                       : RequestStatus::Cancelled));
        QCOMPARE(int(llmops::healthFromRecentProbes(probes)), health);
    }

    void endpointStatusModelKeepsRowsWhenOnlyDataChanges()
    {
        EndpointStatusModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        model.setStatuses({statusOf(1, u"a"_s, EndpointHealth::Up), statusOf(2, u"b"_s, EndpointHealth::Down)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1).data(EndpointStatusModel::NameRole).toString(), u"b"_s);
        QCOMPARE(model.index(1).data(EndpointStatusModel::HealthRole).toInt(), int(EndpointHealth::Down));
        QVERIFY(model.index(0).data(Qt::DecorationRole).value<QColor>()
                != model.index(1).data(Qt::DecorationRole).value<QColor>());

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setStatuses({statusOf(1, u"a"_s, EndpointHealth::Degraded), statusOf(2, u"b"_s, EndpointHealth::Up)});
        QCOMPARE(resets.count(), 0);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(model.index(0).data(EndpointStatusModel::HealthRole).toInt(), int(EndpointHealth::Degraded));

        model.setStatuses({statusOf(3, u"c"_s, EndpointHealth::Unknown)});
        QCOMPARE(resets.count(), 1);
        QCOMPARE(model.rowOfEndpoint(3), std::optional<int>(0));
        QVERIFY(!model.rowOfEndpoint(1));
    }

    void timeSeriesModelGivesRawAndFormattedValues()
    {
        TimeSeriesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        AggregateBucket full;
        full.startMs = 60'000;
        full.aggregate.count = 4;
        full.aggregate.errorCount = 1;
        full.aggregate.latencyP95Ms = 123.456;
        full.aggregate.tokensPerSecondMean = 812.25;
        AggregateBucket sparse;
        sparse.startMs = 120'000;
        sparse.aggregate.count = 1;
        model.setBuckets({full, sparse}, 60'000);

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(TimeSeriesModel::ColumnCount));
        const auto value = [&model](int row, int column) {
            return model.index(row, column).data(TimeSeriesModel::ValueRole);
        };
        QCOMPARE(value(0, TimeSeriesModel::BucketStartColumn).toDouble(), 60'000.0);
        QCOMPARE(value(0, TimeSeriesModel::LatencyP95Column).toDouble(), 123.456);
        QCOMPARE(value(0, TimeSeriesModel::ErrorsColumn).toDouble(), 1.0);
        QCOMPARE(model.index(0, TimeSeriesModel::LatencyP95Column).data().toString(), u"123.5 ms"_s);
        QCOMPARE(model.index(0, TimeSeriesModel::TokensPerSecondColumn).data().toString(), u"812.3"_s);

        // A bucket without a figure has no value, not zero.
        QVERIFY(!value(1, TimeSeriesModel::LatencyP95Column).isValid());
        QCOMPARE(model.index(1, TimeSeriesModel::LatencyP95Column).data().toString(), u"–"_s);
        QCOMPARE(model.headerData(TimeSeriesModel::TtftP95Column, Qt::Horizontal).toString(), u"TTFT p95"_s);
    }

    void failureListModelFormatsAndSortsRaw()
    {
        FailureListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);

        RequestRecord limited;
        limited.endpointId = 1;
        limited.startedAtMs = 1'700'000'000'000;
        limited.status = RequestStatus::Error;
        limited.errorClass = ErrorClass::RateLimited;
        limited.httpStatus = 429;
        limited.retryAfterMs = 2500;
        limited.errorMessage = u"Rate limit\nreached"_s;
        limited.source = RequestSource::Playground;
        RequestRecord timedOut;
        timedOut.endpointId = 2;
        timedOut.status = RequestStatus::Error;
        timedOut.errorClass = ErrorClass::Timeout;
        model.setFailures({limited, timedOut}, {{1, u"prod"_s}, {2, u"staging"_s}});

        QCOMPARE(model.rowCount(), 2);
        const auto text = [&model](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(text(0, FailureListModel::EndpointColumn), u"prod"_s);
        QCOMPARE(text(0, FailureListModel::SourceColumn), u"playground"_s);
        QCOMPARE(text(1, FailureListModel::SourceColumn), u"probe"_s);
        QCOMPARE(text(0, FailureListModel::ErrorClassColumn), u"rate_limited"_s);
        QCOMPARE(text(0, FailureListModel::HttpStatusColumn), u"429"_s);
        QCOMPARE(text(0, FailureListModel::RetryAfterColumn), u"2.5 s"_s);
        QCOMPARE(text(0, FailureListModel::MessageColumn), u"Rate limit reached"_s);
        QCOMPARE(text(1, FailureListModel::HttpStatusColumn), u"–"_s);
        QCOMPARE(model.index(0, FailureListModel::TimeColumn).data(FailureListModel::SortRole).toLongLong(),
                 limited.startedAtMs);
        QCOMPARE(model.index(0, FailureListModel::MessageColumn).data(Qt::ToolTipRole).toString(),
                 u"Rate limit\nreached"_s);
        QVERIFY(!model.index(1, FailureListModel::RetryAfterColumn).data(FailureListModel::SortRole).isValid());
    }

    void promptModelsShowFormattedValuesAndSortByRawOnes()
    {
        PromptListModel prompts;
        QAbstractItemModelTester promptTester(&prompts, QAbstractItemModelTester::FailureReportingMode::QtTest);
        PromptSummary summary;
        summary.name = u"capital"_s;
        summary.latestVersion = 12;
        summary.versionCount = 12;
        summary.labels = {{u"production"_s, 9}, {u"staging"_s, 12}};
        summary.updatedAtMs = 1'700'000'000'000;
        prompts.setPrompts({summary});
        QCOMPARE(prompts.index(0, PromptListModel::LabelsColumn).data().toString(), u"production → 9, staging → 12"_s);
        QCOMPARE(prompts.index(0, PromptListModel::VersionColumn).data(PromptListModel::SortRole).toInt(), 12);
        QCOMPARE(prompts.index(0, PromptListModel::UpdatedColumn).data(PromptListModel::SortRole).toLongLong(),
                 1'700'000'000'000);
        QCOMPARE(prompts.index(0, PromptListModel::MessageColumn).data(PromptListModel::NameRole).toString(),
                 u"capital"_s);
        QCOMPARE(prompts.rowOfName(u"capital"_s), 0);
        QCOMPARE(prompts.rowOfName(u"other"_s), -1);

        PromptVersionModel versions;
        QAbstractItemModelTester versionTester(&versions, QAbstractItemModelTester::FailureReportingMode::QtTest);
        std::vector<PromptVersion> list(2);
        list[0].name = list[1].name = u"capital"_s;
        list[0].version = 10;
        list[0].labels = {u"production"_s, u"staging"_s};
        list[0].createdAtMs = 1'700'000'100'000;
        list[1].version = 9;
        versions.setVersions(list);
        QCOMPARE(versions.index(0, PromptVersionModel::LabelsColumn).data().toString(), u"production, staging"_s);
        QCOMPARE(versions.index(0, PromptVersionModel::TimeColumn).data(PromptVersionModel::SortRole).toLongLong(),
                 1'700'000'100'000);
        QCOMPARE(versions.index(1, PromptVersionModel::AuthorColumn).data(PromptVersionModel::VersionRole).toInt(), 9);
        // Raw numbers sort 9 before 10, which as text they would not.
        QCOMPARE(versions.index(1, 0).data(PromptVersionModel::SortRole).typeId(), QMetaType::Int);
        QCOMPARE(versions.index(1, 0).data(PromptVersionModel::SortRole).toInt(), 9);
        QCOMPARE(versions.index(1, 0).data().toString(), u"9"_s);
        QCOMPARE(versions.rowOfVersion(9), 1);
        QCOMPARE(versions.promptName(), u"capital"_s);
        versions.setVersions({});
        QCOMPARE(versions.promptName(), QString());
    }
};

QTEST_GUILESS_MAIN(TestItemModels)
#include "tst_itemmodels.moc"
