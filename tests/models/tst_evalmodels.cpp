// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "datasetitemmodel.h"
#include "datasetversionmodel.h"
#include "evalresultfiltermodel.h"
#include "evalresultmodel.h"
#include "evalrunlistmodel.h"
#include "evalsuitemodel.h"
#include "evalsummary.h"
#include "evalsummarymodel.h"
#include "evaltrend.h"
#include "evaltrendmodel.h"
#include "store.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace llmops;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(EvalResultFilterModel::Verdict)

namespace {

EvalResultRecord result(qint64 id, qint64 position, int repeat, std::vector<EvalScoreRecord> scores)
{
    EvalResultRecord answer;
    answer.id = id;
    answer.itemPosition = position;
    answer.itemKey = position == 0 ? u"fr"_s : QString();
    answer.repeat = repeat;
    answer.output = u"Paris"_s;
    answer.latencyMs = 40.0 + double(id);
    answer.scores = std::move(scores);
    return answer;
}

/// Two items answered twice, scored by a and b: every verdict kind appears once or more.
std::vector<EvalResultRecord> sampleResults()
{
    std::vector<EvalResultRecord> results;
    results.push_back(result(1, 0, 0, {{u"a"_s, 1.0, true, u"equal"_s}, {u"b"_s, 0.8, true, u"close"_s}}));
    results.push_back(result(2, 0, 1, {{u"a"_s, 0.0, false, u"differs"_s}, {u"b"_s, 0.9, true, u"close"_s}}));
    results.push_back(
        result(3, 1, 0, {{u"a"_s, std::nullopt, false, u"no expected text"_s}, {u"b"_s, 0.2, false, u"far"_s}}));
    EvalResultRecord failed = result(4, 1, 1,
                                     {{u"a"_s, 0.0, false, u"no answer"_s}, {u"b"_s, 0.0, false, u"no answer"_s}});
    failed.errorClass = ErrorClass::Timeout;
    failed.output.clear();
    failed.latencyMs.reset();
    results.push_back(failed);
    return results;
}

EvalRunRecord runRecord(const QString &endpoint, EvalRunStatus status)
{
    EvalRunRecord run;
    run.suiteName = u"capitals-suite"_s;
    run.definitionJson = u"{}"_s;
    run.endpointName = endpoint;
    run.model = u"stories260K"_s;
    run.status = status;
    run.repeats = 2;
    run.itemCount = 2;
    run.startedAtMs = 1700000000000LL;
    return run;
}

} // namespace

class TestEvalModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void resultsShowEveryAnswerAndScore()
    {
        EvalResultModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResults(sampleResults());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.scorers(), QStringList({u"a"_s, u"b"_s}));
        QCOMPARE(model.columnCount(), 6);
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), u"a"_s);
        QCOMPARE(model.headerData(model.passColumn(), Qt::Horizontal).toString(), u"Verdict"_s);

        const auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(text(0, EvalResultModel::ItemColumn), u"fr"_s);
        QCOMPARE(text(2, EvalResultModel::ItemColumn), u"#2"_s);
        QCOMPARE(text(1, EvalResultModel::RepeatColumn), u"2"_s);
        QCOMPARE(text(0, 2), u"1.00 ✓"_s);
        QCOMPARE(text(1, 2), u"0.00 ✗"_s);
        QCOMPARE(text(2, 2), u"n/a"_s);
        QCOMPARE(text(0, model.passColumn()), u"pass"_s);
        QCOMPARE(text(1, model.passColumn()), u"fail"_s);
        QCOMPARE(text(3, model.passColumn()), u"error"_s);
        QCOMPARE(text(0, model.latencyColumn()), u"41 ms"_s);
        QCOMPARE(model.index(2, 2).data(EvalResultModel::SortRole), QVariant());
        QCOMPARE(model.index(1, 3).data(EvalResultModel::SortRole).toDouble(), 0.9);
        QCOMPARE(model.index(2, 2).data(Qt::ToolTipRole).toString(), u"no expected text"_s);
    }

    void filterByScorerAndVerdict_data()
    {
        QTest::addColumn<QString>("scorer");
        QTest::addColumn<EvalResultFilterModel::Verdict>("verdict");
        QTest::addColumn<QList<qint64>>("ids");

        using V = EvalResultFilterModel::Verdict;
        QTest::newRow("every scorer, any verdict") << QString() << V::Any << QList<qint64>{1, 2, 3, 4};
        QTest::newRow("every scorer passed") << QString() << V::Passed << QList<qint64>{1};
        QTest::newRow("not every scorer passed") << QString() << V::Failed << QList<qint64>{2, 3, 4};
        QTest::newRow("some scorer could not score") << QString() << V::Unscorable << QList<qint64>{3};
        QTest::newRow("a passed") << u"a"_s << V::Passed << QList<qint64>{1};
        QTest::newRow("a scored below its threshold") << u"a"_s << V::Failed << QList<qint64>{2, 4};
        QTest::newRow("a could not score") << u"a"_s << V::Unscorable << QList<qint64>{3};
        QTest::newRow("b passed") << u"b"_s << V::Passed << QList<qint64>{1, 2};
        QTest::newRow("b failed") << u"b"_s << V::Failed << QList<qint64>{3, 4};
        QTest::newRow("a, any verdict") << u"a"_s << V::Any << QList<qint64>{1, 2, 3, 4};
    }

    void filterByScorerAndVerdict()
    {
        QFETCH(QString, scorer);
        QFETCH(EvalResultFilterModel::Verdict, verdict);
        QFETCH(QList<qint64>, ids);

        EvalResultModel model;
        EvalResultFilterModel filter(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setResults(sampleResults());
        filter.setScorer(scorer);
        filter.setVerdict(verdict);
        filter.sort(EvalResultModel::ItemColumn);

        QList<qint64> shown;
        for (int row = 0; row < filter.rowCount(); ++row)
            shown << model.result(filter.mapToSource(filter.index(row, 0)).row()).id;
        std::sort(shown.begin(), shown.end());
        QCOMPARE(shown, ids);
    }

    void summaryShowsFiguresWithTheirIntervals()
    {
        EvalSummaryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const auto results = sampleResults();
        model.setFigures(summarizeEvalResults(results, 2), 2);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.headerData(EvalSummaryModel::PassEveryRepeatColumn, Qt::Horizontal).toString(), u"pass^2"_s);

        // a: scores 1, 0, 0 (one unscorable); b: 0.8, 0.9, 0.2, 0.
        const int a = model.rowOfScorer(u"a"_s);
        QCOMPARE(model.index(a, EvalSummaryModel::UnscorableColumn).data().toString(), u"1"_s);
        QCOMPARE(model.index(a, EvalSummaryModel::MeanColumn).data(EvalSummaryModel::SortRole).toDouble(), 1.0 / 3.0);
        const auto wilson = *wilsonInterval(1, 3);
        QCOMPARE(model.index(a, EvalSummaryModel::PassRateColumn).data().toString(),
                 u"33.3 % [%1–%2 %]"_s.arg(QString::number(wilson.low * 100, 'f', 1),
                                           QString::number(wilson.high * 100, 'f', 1)));
        const int b = model.rowOfScorer(u"b"_s);
        QCOMPARE(model.index(b, EvalSummaryModel::PassEveryRepeatColumn).data().toString(), u"50.0 %"_s);
        QVERIFY(model.index(b, EvalSummaryModel::MeanColumn).data().toString().startsWith(u"0.475 ["_s));
        QCOMPARE(model.index(b, EvalSummaryModel::SpreadColumn).data().toString(), u"0.150"_s);
        QCOMPARE(EvalSummaryModel::meanText(std::nullopt, std::nullopt), u"–"_s);
    }

    void runListFollowsProgress()
    {
        EvalRunListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        EvalRunSummary first{runRecord(u"local"_s, EvalRunStatus::Running), 1, 0};
        first.run.id = 7;
        EvalRunSummary second{runRecord(u"slow"_s, EvalRunStatus::Finished), 4, 1};
        second.run.id = 5;
        model.setRuns({first, second});
        QCOMPARE(model.rowOfRun(5), 1);
        QCOMPARE(model.index(0, EvalRunListModel::ProgressColumn).data().toString(), u"1/4"_s);
        QCOMPARE(model.index(1, EvalRunListModel::StatusColumn).data().toString(), u"finished"_s);
        QCOMPARE(model.index(1, EvalRunListModel::ProgressColumn).data(Qt::ToolTipRole).toString(),
                 u"1 answer(s) without a response"_s);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setProgress(7, 3, 0);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, EvalRunListModel::ProgressColumn).data().toString(), u"3/4"_s);
        model.setStatus(7, EvalRunStatus::Cancelled);
        QCOMPARE(model.index(0, EvalRunListModel::StatusColumn).data().toString(), u"cancelled"_s);
        model.setProgress(99, 1, 0);
        QCOMPARE(changed.count(), 2);
    }

    void datasetsAndTheirItems()
    {
        DatasetVersionModel versions;
        QAbstractItemModelTester versionTester(&versions, QAbstractItemModelTester::FailureReportingMode::QtTest);
        versions.setVersions(
            {{u"capitals"_s, 2, 20, {}, 2000}, {u"capitals"_s, 1, 19, {}, 1000}, {u"math"_s, 1, 5, {}, 500}});
        QCOMPARE(versions.rowOf(u"capitals"_s), 0);
        QCOMPARE(versions.rowOf(u"capitals"_s, 1), 1);
        QCOMPARE(versions.rowOf(u"none"_s), -1);
        QCOMPARE(versions.index(1, DatasetVersionModel::DatasetColumn).data().toString(), u"capitals@1"_s);
        QCOMPARE(versions.index(2, DatasetVersionModel::ItemsColumn).data().toString(), u"5"_s);

        DatasetItemModel items;
        QAbstractItemModelTester itemTester(&items, QAbstractItemModelTester::FailureReportingMode::QtTest);
        DatasetItem item;
        item.key = u"fr"_s;
        item.inputs = {{u"country"_s, u"France"_s}, {u"tone"_s, u"short"_s}};
        item.expected = u"Paris"_s;
        DatasetItem conversation;
        conversation.messages = {{u"user"_s, u"Hello"_s}};
        items.setItems(u"capitals"_s, 2, {item, conversation});
        QCOMPARE(items.index(0, DatasetItemModel::InputsColumn).data().toString(), u"country: France · tone: short"_s);
        QCOMPARE(items.index(1, DatasetItemModel::IdColumn).data().toString(), u"#2"_s);
        QCOMPARE(items.index(1, DatasetItemModel::InputsColumn).data().toString(), u"user: Hello"_s);

        // Versions are immutable: an edit is held, marked, until saved as a new version.
        items.replaceItem(0, item);
        QVERIFY(!items.isModified());
        DatasetItem edited = item;
        edited.expected = u"Paris, France"_s;
        items.replaceItem(0, edited);
        QVERIFY(items.isModified());
        QCOMPARE(items.editedCount(), 1);
        QVERIFY(items.index(0, 0).data(Qt::FontRole).value<QFont>().italic());
        QCOMPARE(items.index(0, DatasetItemModel::ExpectedColumn).data().toString(), u"Paris, France"_s);

        EvalSuiteModel suites;
        QAbstractItemModelTester suiteTester(&suites, QAbstractItemModelTester::FailureReportingMode::QtTest);
        suites.setSuites({{1, u"a"_s, u"{}"_s, 0, 0}, {2, u"b"_s, u"{}"_s, 0, 0}});
        QCOMPARE(suites.rowOf(u"b"_s), 1);
        QCOMPARE(suites.index(1).data().toString(), u"b"_s);
    }

    void trendHasALineForEachEndpointAndModel()
    {
        EvalTrendModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const std::vector<EvalTrendPoint> points = {
            {1, 1000, u"local"_s, u"tiny"_s, {{u"exact"_s, 0.5}, {u"fast"_s, 1.0}}},
            {2, 2000, u"slow"_s, u"tiny"_s, {{u"exact"_s, 0.25}}},
            {3, 3000, u"local"_s, u"tiny"_s, {{u"fast"_s, 0.75}}},
        };
        QCOMPARE(EvalTrendModel::scorersOf(points), QStringList({u"exact"_s, u"fast"_s}));

        model.setPoints(points, u"exact"_s);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.seriesNames(), QStringList({u"local · tiny"_s, u"slow · tiny"_s}));
        QCOMPARE(model.index(0, 0).data(EvalTrendModel::ValueRole).toLongLong(), 1000);
        QCOMPARE(model.index(0, 1).data(EvalTrendModel::ValueRole).toDouble(), 0.5);
        QCOMPARE(model.index(0, 2).data(EvalTrendModel::ValueRole), QVariant());
        QCOMPARE(model.index(1, 2).data(EvalTrendModel::ValueRole).toDouble(), 0.25);
        QCOMPARE(model.lastTimeMs(), 2000);

        model.setPoints(points, u"fast"_s);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.seriesNames(), QStringList({u"local · tiny"_s}));
    }

    void trendTakesFinishedRunsOnly()
    {
        QTemporaryDir dir;
        const auto store = Store::open(dir.filePath(u"trend.sqlite"_s));
        std::vector<qint64> ids;
        for (const auto &[endpoint, status] :
             {std::pair(u"local"_s, EvalRunStatus::Finished), std::pair(u"slow"_s, EvalRunStatus::Cancelled),
              std::pair(u"slow"_s, EvalRunStatus::Finished)}) {
            EvalRunRecord run = runRecord(endpoint, EvalRunStatus::Running);
            store->addEvalRun(run);
            std::vector<EvalResultRecord> results = sampleResults();
            for (EvalResultRecord &answer : results)
                answer.runId = run.id;
            store->addEvalResults(results, {});
            store->setEvalRunStatus(run.id, status);
            ids.push_back(run.id);
        }

        const std::vector<EvalTrendPoint> points = evalScoreTrend(*store, u"capitals-suite"_s);
        QCOMPARE(points.size(), std::size_t(2));
        QCOMPARE(points[0].runId, ids[0]);
        QCOMPARE(points[1].runId, ids[2]);
        QCOMPARE(points[1].endpointName, u"slow"_s);
        QCOMPARE(points[0].meanScores.size(), std::size_t(2));
        QCOMPARE(points[0].meanScores[0].first, u"a"_s);
        QCOMPARE(points[0].meanScores[0].second, 1.0 / 3.0);
        QCOMPARE(points[0].meanScores[1].second, (0.8 + 0.9 + 0.2 + 0.0) / 4.0);
        QVERIFY(evalScoreTrend(*store, u"other"_s).empty());
    }
};

QTEST_MAIN(TestEvalModels)
#include "tst_evalmodels.moc"
