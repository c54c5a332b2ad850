// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "chartmodeladapter.h"
#include "consolebackend.h"
#include "consolesettings.h"
#include "datasetitemdialog.h"
#include "datasetitemmodel.h"
#include "datasetversionmodel.h"
#include "endpointstatusmodel.h"
#include "evalresultfiltermodel.h"
#include "evalresultmodel.h"
#include "evalrundialog.h"
#include "evalrunlistmodel.h"
#include "evalsummary.h"
#include "evalsummarymodel.h"
#include "evaltrendmodel.h"
#include "evaluationspage.h"
#include "localendpoint.h"
#include "mainwindow.h"
#include "store.h"
#include "suitedialog.h"

#include <QAction>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <map>
#include <memory>
#include <set>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

namespace {

/// The figures of one scorer over a run, counted here from the stored verdicts.
struct CountedScorer {
    qint64 scored = 0;
    qint64 unscorable = 0;
    qint64 passed = 0;
    double sum = 0;
    /// Scores by item position, for pass^N and the bootstrap.
    std::map<qint64, std::vector<std::pair<double, bool>>> byItem;
};

CountedScorer countScorer(const std::vector<EvalResultRecord> &results, const QString &scorer)
{
    CountedScorer counted;
    for (const EvalResultRecord &result : results) {
        for (const EvalScoreRecord &score : result.scores) {
            if (score.scorer != scorer)
                continue;
            if (!score.score) {
                ++counted.unscorable;
                continue;
            }
            ++counted.scored;
            counted.sum += *score.score;
            counted.passed += score.passed ? 1 : 0;
            counted.byItem[result.itemPosition].emplace_back(*score.score, score.passed);
        }
    }
    return counted;
}

/// The Wilson score interval at 95%, written out: centre (p + z²/2n) / (1 + z²/n), half width
/// z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²), clipped to [0, 1].
std::pair<double, double> wilson(qint64 successes, qint64 trials)
{
    const double z = 1.959963984540054;
    const double n = double(trials);
    const double p = double(successes) / n;
    const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
    const double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-9;
}

DatasetItem capital(const QString &key, const QString &country, const QString &city)
{
    DatasetItem item;
    item.key = key;
    item.inputs = {{u"input"_s, u"The capital of %1 is"_s.arg(country)}};
    item.expected = city;
    return item;
}

/// Three scorers: one the tiny model nearly always fails, one that varies, one it passes.
const QString kSuiteDefinition = QStringLiteral(
    "{\"dataset\": \"capitals\", \"messages\": [{\"role\": \"user\", \"content\": \"{{input}}\"}],"
    " \"parameters\": {\"temperature\": 0, \"max_tokens\": 8},"
    " \"scorers\": [{\"name\": \"exact\", \"type\": \"normalized\"},"
    " {\"name\": \"similar\", \"type\": \"levenshtein\", \"threshold\": 0.15},"
    " {\"name\": \"fast\", \"type\": \"latency\", \"max\": 60000}]}");

} // namespace

class TestEvaluationsPage : public QObject
{
    Q_OBJECT

private:
    qint64 addEndpoint(Store &store, const QString &name, const QString &fault = {})
    {
        Endpoint endpoint;
        endpoint.name = name;
        endpoint.baseUrl = m_endpoint.baseUrl();
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

    /// A console on a store of its own with the Evaluations page showing.
    struct Console {
        explicit Console(const QString &path)
            : backend(path)
            , window(&backend)
        {
            backend.start();
            window.show();
            window.activateWindow();
            active = QTest::qWaitForWindowActive(&window);
            page = window.evaluations();
            window.findChild<QTabWidget *>()->setCurrentWidget(page);
        }
        ConsoleBackend backend;
        MainWindow window;
        EvaluationsPage *page = nullptr;
        bool active = false;

        QAction *action(const QString &name) const { return page->findChild<QAction *>(name); }
        /// After a dialog of the page closed, shortcuts go to the window again.
        bool activate()
        {
            window.activateWindow();
            return QTest::qWaitForWindowActive(&window);
        }
    };

    /// A store holding the endpoints, the capitals dataset and the suite over it.
    QString storeWithSuite(const QString &fileName, const QStringList &faults, std::vector<qint64> *endpointIds)
    {
        const QString path = m_dir.filePath(fileName);
        const auto store = Store::open(path);
        for (const QString &fault : faults)
            endpointIds->push_back(addEndpoint(*store, fault.isEmpty() ? u"local"_s : u"slow"_s, fault));
        store->saveDatasetVersion(u"capitals"_s,
                                  {capital(u"fr"_s, u"France"_s, u"Paris"_s),
                                   capital(u"de"_s, u"Germany"_s, u"Berlin"_s), capital(u"it"_s, u"Italy"_s, u"Rome"_s),
                                   capital(u"es"_s, u"Spain"_s, u"Madrid"_s), capital(u"jp"_s, u"Japan"_s, u"Tokyo"_s),
                                   capital(u"eg"_s, u"Egypt"_s, u"Cairo"_s)},
                                  {});
        store->saveEvalSuite(u"capitals-suite"_s, kSuiteDefinition);
        return path;
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
        QSettings().clear();
        ConsoleSettings().setTraceReceiverEnabled(false);
    }

    void importSuiteAndRunShowWhatTheStoreHolds()
    {
        const QString path = m_dir.filePath(u"import-run.sqlite"_s);
        {
            const auto store = Store::open(path);
            addEndpoint(*store, u"local"_s);
        }
        Console console(path);
        QVERIFY(console.active);
        EvaluationsPage *page = console.page;

        // A JSONL file with a line that is not JSON: the rest is imported, the line named.
        const QString file = m_dir.filePath(u"capitals.jsonl"_s);
        {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write("{\"id\": \"fr\", \"input\": \"The capital of France is\", \"expected\": \"Paris\"}\n"
                      "{\"id\": \"de\", \"input\": \"The capital of Germany is\", \"expected\": \"Berlin\"}\n"
                      "{\"id\": \"it\", \"input\": \"The capital of Italy is\", \"expected\": \"Rome\"}\n"
                      "{\"id\": broken\n"
                      "{\"id\": \"es\", \"input\": \"The capital of Spain is\", \"expected\": \"Madrid\"}\n"
                      "{\"id\": \"jp\", \"input\": \"The capital of Japan is\", \"expected\": \"Tokyo\"}\n"
                      "{\"id\": \"eg\", \"input\": \"The capital of Egypt is\", \"expected\": \"Cairo\"}\n");
        }
        QSignalSpy imported(&console.backend, &ConsoleBackend::datasetImported);
        page->importDatasetFile(file, u"capitals"_s);
        QTRY_COMPARE_WITH_TIMEOUT(imported.count(), 1, 10'000);
        QTRY_COMPARE_WITH_TIMEOUT(page->datasetModel()->rowCount(), 1, 5000);
        QCOMPARE(page->datasetModel()->index(0, DatasetVersionModel::DatasetColumn).data().toString(), u"capitals@1"_s);
        QCOMPARE(page->datasetModel()->index(0, DatasetVersionModel::ItemsColumn).data().toString(), u"6"_s);
        QCOMPARE(page->importProblems().size(), 1);
        QVERIFY2(page->importProblems().at(0).startsWith(u"line 4: "_s), qPrintable(page->importProblems().at(0)));
        QVERIFY2(page->statusText().contains(u"could not be read and were left out"_s), qPrintable(page->statusText()));
        // The imported version is selected and its items shown.
        QTRY_COMPARE_WITH_TIMEOUT(page->itemModel()->rowCount(), 6, 5000);
        QCOMPARE(page->itemModel()->index(3, DatasetItemModel::IdColumn).data().toString(), u"es"_s);
        QCOMPARE(page->itemModel()->index(3, DatasetItemModel::ExpectedColumn).data().toString(), u"Madrid"_s);

        // New suite: the template names the dataset; problems show as the definition is typed.
        QAction *newSuite = console.action(u"newSuite"_s);
        QVERIFY(newSuite->isEnabled());
        newSuite->trigger();
        auto *suiteDialog = page->findChild<SuiteDialog *>(u"suiteDialog"_s);
        QVERIFY(suiteDialog);
        QVERIFY2(suiteDialog->definitionJson().contains(u"\"dataset\": \"capitals\""_s),
                 qPrintable(suiteDialog->definitionJson()));
        QVERIFY(suiteDialog->definitionJson().contains(u"{{input}}"_s));
        QVERIFY(suiteDialog->problem().contains(u"suite name"_s));
        suiteDialog->nameField()->setText(u"capitals-suite"_s);
        QCOMPARE(suiteDialog->problem(), QString());
        suiteDialog->editor()->setPlainText(u"{\"dataset\": \"capitals\", \"scorers\": []}"_s);
        QTRY_VERIFY(suiteDialog->problem().contains(u"suite.scorers must list at least one scorer"_s));
        suiteDialog->accept();
        QVERIFY(suiteDialog->isVisible());
        suiteDialog->editor()->setPlainText(kSuiteDefinition);
        QTRY_COMPARE(suiteDialog->problem(), QString());
        QSignalSpy suiteSaved(&console.backend, &ConsoleBackend::evalSuiteSaved);
        suiteDialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(suiteSaved.count(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(page->selectedSuite(), u"capitals-suite"_s, 5000);
        QVERIFY(console.activate());

        // Run it twice over through the Run dialog, its progress reported ten times a second at most.
        QTRY_COMPARE_WITH_TIMEOUT(console.window.endpointModel()->rowCount(), 1, 10'000);
        QAction *run = console.action(u"runSuite"_s);
        QVERIFY(run->isEnabled());
        run->trigger();
        auto *runDialog = page->findChild<EvalRunDialog *>(u"runDialog"_s);
        QVERIFY(runDialog);
        QVERIFY(runDialog->selectEndpoint(u"local"_s));
        runDialog->setRepeats(2);
        runDialog->setConcurrency(2);
        QSignalSpy finished(&console.backend, &ConsoleBackend::evalRunFinished);
        QElapsedTimer clock;
        clock.start();
        std::vector<qint64> progressAtMs;
        connect(&console.backend, &ConsoleBackend::evalRunProgressed, this,
                [&](qint64, const EvalProgress &) { progressAtMs.push_back(clock.elapsed()); });
        runDialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 120'000);
        const qint64 runId = finished.at(0).at(0).toLongLong();
        QCOMPARE(finished.at(0).at(1).value<EvalRunStatus>(), EvalRunStatus::Finished);
        QCOMPARE(finished.at(0).at(2).value<EvalProgress>().done, 12);
        for (std::size_t index = 1; index < progressAtMs.size(); ++index)
            QVERIFY2(progressAtMs[index] - progressAtMs[index - 1] >= 90, "progress came more often than 10/s");

        // The page shows the finished run; its figures are those of the stored answers.
        QTRY_VERIFY_WITH_TIMEOUT(page->shownRunId() == runId && page->summaryModel()->figures().answers == 12, 10'000);
        const auto store = Store::open(path);
        const std::vector<EvalResultRecord> results = store->evalResults(runId);
        QCOMPARE(results.size(), std::size_t(12));
        const EvalSummaryModel *summary = page->summaryModel();
        QCOMPARE(summary->rowCount(), 3);
        for (const QString &scorer : {u"exact"_s, u"similar"_s, u"fast"_s}) {
            const CountedScorer counted = countScorer(results, scorer);
            const int row = summary->rowOfScorer(scorer);
            QVERIFY(row >= 0);
            QCOMPARE(counted.scored + counted.unscorable, 12);
            const auto cell = [&](int column, int role = Qt::DisplayRole) {
                return summary->index(row, column).data(role);
            };

            const double mean = counted.sum / double(counted.scored);
            QVERIFY2(near(cell(EvalSummaryModel::MeanColumn, EvalSummaryModel::SortRole).toDouble(), mean),
                     qPrintable(scorer));
            const double meanLow = cell(EvalSummaryModel::MeanColumn, EvalSummaryModel::IntervalLowRole).toDouble();
            const double meanHigh = cell(EvalSummaryModel::MeanColumn, EvalSummaryModel::IntervalHighRole).toDouble();
            QVERIFY(meanLow <= mean + 1e-12 && mean <= meanHigh + 1e-12);
            QCOMPARE(cell(EvalSummaryModel::MeanColumn).toString(),
                     u"%1 [%2–%3]"_s.arg(QString::number(mean, 'f', 3), QString::number(meanLow, 'f', 3),
                                         QString::number(meanHigh, 'f', 3)));

            const double passRate = double(counted.passed) / double(counted.scored);
            const auto [low, high] = wilson(counted.passed, counted.scored);
            QVERIFY(near(cell(EvalSummaryModel::PassRateColumn, EvalSummaryModel::SortRole).toDouble(), passRate));
            QVERIFY(near(cell(EvalSummaryModel::PassRateColumn, EvalSummaryModel::IntervalLowRole).toDouble(), low));
            QVERIFY(near(cell(EvalSummaryModel::PassRateColumn, EvalSummaryModel::IntervalHighRole).toDouble(), high));
            QCOMPARE(cell(EvalSummaryModel::PassRateColumn).toString(),
                     u"%1 % [%2–%3 %]"_s.arg(QString::number(passRate * 100, 'f', 1),
                                             QString::number(low * 100, 'f', 1), QString::number(high * 100, 'f', 1)));

            // pass^2: of the items scored in both repeats, those passed in both.
            qint64 everyRepeat = 0;
            qint64 passedEvery = 0;
            for (const auto &[position, scores] : counted.byItem) {
                if (scores.size() < 2)
                    continue;
                ++everyRepeat;
                passedEvery += scores[0].second && scores[1].second ? 1 : 0;
            }
            if (everyRepeat > 0) {
                QVERIFY(near(cell(EvalSummaryModel::PassEveryRepeatColumn, EvalSummaryModel::SortRole).toDouble(),
                             double(passedEvery) / double(everyRepeat)));
            }
            QCOMPARE(cell(EvalSummaryModel::UnscorableColumn).toString(), QString::number(counted.unscorable));
        }
        QCOMPARE(summary->headerData(EvalSummaryModel::PassEveryRepeatColumn, Qt::Horizontal).toString(), u"pass^2"_s);
        QVERIFY2(page->figuresText().contains(u"Latency p50"_s), qPrintable(page->figuresText()));
        QVERIFY(page->figuresText().contains(u"12 of 12 answers (6 items × 2 repeats)"_s));

        // The results table: every item and repeat; the verdict filters count as the store does.
        QCOMPARE(page->resultModel()->rowCount(), 12);
        QCOMPARE(page->resultFilter()->rowCount(), 12);
        const CountedScorer similar = countScorer(results, u"similar"_s);
        page->setResultFilter(u"similar"_s, EvalResultFilterModel::Verdict::Passed);
        QCOMPARE(page->resultFilter()->rowCount(), int(similar.passed));
        page->setResultFilter(u"similar"_s, EvalResultFilterModel::Verdict::Failed);
        QCOMPARE(page->resultFilter()->rowCount(), int(similar.scored - similar.passed));
        const auto everyScorerPassed = std::count_if(
            results.begin(), results.end(), [](const EvalResultRecord &result) {
                return std::all_of(result.scores.begin(), result.scores.end(),
                                   [](const EvalScoreRecord &score) { return score.passed; });
            });
        page->setResultFilter(QString(), EvalResultFilterModel::Verdict::Passed);
        QCOMPARE(page->resultFilter()->rowCount(), int(everyScorerPassed));
        page->setResultFilter(QString(), EvalResultFilterModel::Verdict::Any);
        QCOMPARE(page->resultFilter()->rowCount(), 12);

        // The item view shows the selected answer as stored.
        page->selectResult(5);
        const QModelIndex shown = page->resultFilter()->mapToSource(page->resultFilter()->index(5, 0));
        const EvalResultRecord &selected = page->resultModel()->result(shown.row());
        const auto stored = std::find_if(results.begin(), results.end(),
                                         [&](const EvalResultRecord &result) { return result.id == selected.id; });
        QVERIFY(stored != results.end());
        QVERIFY(!stored->output.isEmpty());
        QVERIFY2(page->itemViewText().contains(stored->output), qPrintable(page->itemViewText()));
        QVERIFY(page->itemViewText().contains(stored->scores.at(1).explanation));

        // The chart: one point for the one finished run.
        QTRY_COMPARE_WITH_TIMEOUT(page->trendModel()->rowCount(), 1, 5000);
        QVERIFY(page->trendChart());
        QCOMPARE(page->trendModel()->seriesNames(), QStringList{u"local · stories260K"_s});
        QCOMPARE(page->trendChart()->pointCount(0), 1);

        // An item edited in its dialog becomes a new version; the first stays as it was.
        auto *itemView = page->findChild<QTableView *>(u"datasetItems"_s);
        itemView->setCurrentIndex(itemView->model()->index(0, 0));
        QAction *editItem = console.action(u"editItem"_s);
        QVERIFY(editItem->isEnabled());
        editItem->trigger();
        auto *itemDialog = page->findChild<DatasetItemDialog *>(u"itemDialog"_s);
        QVERIFY(itemDialog);
        itemDialog->editor()->setPlainText(
            u"{\"id\": \"fr\", \"input\": \"France: capital?\", \"expected\": \"Paris\"}"_s);
        QCOMPARE(itemDialog->problem(), QString());
        itemDialog->accept();
        QVERIFY(console.action(u"saveItems"_s)->isEnabled());
        QSignalSpy versionSaved(&console.backend, &ConsoleBackend::datasetVersionSaved);
        page->saveEditedItems(u"A shorter question"_s);
        QTRY_COMPARE_WITH_TIMEOUT(versionSaved.count(), 1, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(page->datasetModel()->rowCount(), 2, 5000);
        QCOMPARE(store->datasetItems(u"capitals"_s, 2).at(0).inputs.at(0).value, u"France: capital?"_s);
        QCOMPARE(store->datasetItems(u"capitals"_s, 1).at(0).inputs.at(0).value, u"The capital of France is"_s);
        QVERIFY(!console.action(u"saveItems"_s)->isEnabled());

        // The layout and the suite selected come back at the next start.
        auto *splitter = console.window.findChild<QSplitter *>(u"evaluationsSplitter"_s);
        splitter->setSizes({420, splitter->width() - 420 - splitter->handleWidth()});
        const QList<int> sizes = splitter->sizes();
        console.window.close();

        Console again(path);

        QVERIFY(again.active);
        QTRY_COMPARE_WITH_TIMEOUT(again.page->selectedSuite(), u"capitals-suite"_s, 5000);
        QCOMPARE(again.window.findChild<QSplitter *>(u"evaluationsSplitter"_s)->sizes(), sizes);
        again.window.close();
    }

    void cancelledRunResumesWithoutAnsweringTwice()
    {
        std::vector<qint64> endpoints;
        // Every answer of the slow endpoint waits 300 ms for its first token.
        const QString path = storeWithSuite(u"cancel.sqlite"_s, {u"delay-first-token;ms=300"_s, QString()}, &endpoints);
        Console console(path);
        QVERIFY(console.active);
        EvaluationsPage *page = console.page;
        QTRY_COMPARE_WITH_TIMEOUT(page->selectedSuite(), u"capitals-suite"_s, 5000);

        QSignalSpy finished(&console.backend, &ConsoleBackend::evalRunFinished);
        QSignalSpy progressed(&console.backend, &ConsoleBackend::evalRunProgressed);
        page->startRun({u"capitals-suite"_s, endpoints[0], 2, 1});
        QTRY_VERIFY_WITH_TIMEOUT(!progressed.isEmpty() && progressed.last().at(1).value<EvalProgress>().done >= 3,
                                 30'000);
        QVERIFY(page->canCancel());
        QTest::keyClick(&console.window, Qt::Key_Escape);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10'000);
        const qint64 runId = finished.at(0).at(0).toLongLong();
        QCOMPARE(finished.at(0).at(1).value<EvalRunStatus>(), EvalRunStatus::Cancelled);

        const auto store = Store::open(path);
        const qint64 answeredBefore = qint64(store->evalResults(runId).size());
        QVERIFY2(answeredBefore >= 3 && answeredBefore < 12, qPrintable(QString::number(answeredBefore)));
        QCOMPARE(store->evalRun(runId)->status, EvalRunStatus::Cancelled);
        QCOMPARE(finished.at(0).at(2).value<EvalProgress>().done, answeredBefore);

        // Resume (Ctrl+Shift+Return) answers only what is missing.
        QTRY_VERIFY_WITH_TIMEOUT(page->shownRunId() == runId && page->canResume(), 5000);
        QTest::keyClick(&console.window, Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 60'000);
        QCOMPARE(finished.at(1).at(0).toLongLong(), runId);
        QCOMPARE(finished.at(1).at(1).value<EvalRunStatus>(), EvalRunStatus::Finished);
        const EvalProgress resumed = finished.at(1).at(2).value<EvalProgress>();
        QCOMPARE(resumed.resumedFrom, answeredBefore);
        QCOMPARE(resumed.done, 12);

        const auto results = store->evalResults(runId);
        QCOMPARE(results.size(), std::size_t(12));
        std::set<std::pair<qint64, int>> answers;
        for (const EvalResultRecord &result : results)
            answers.emplace(result.itemPosition, result.repeat);
        QCOMPARE(answers.size(), std::size_t(12));
        QCOMPARE(store->evalRun(runId)->status, EvalRunStatus::Finished);
        QTRY_COMPARE_WITH_TIMEOUT(page->resultModel()->rowCount(), 12, 5000);

        // A second finished run, on the other endpoint: a point each, one line per endpoint.
        QTRY_VERIFY(!page->activeRunId());
        page->startRun({u"capitals-suite"_s, endpoints[1], 1, 2});
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 60'000);
        QTRY_COMPARE_WITH_TIMEOUT(page->trendModel()->rowCount(), 2, 5000);
        QCOMPARE(page->trendModel()->seriesNames(), QStringList({u"slow · stories260K"_s, u"local · stories260K"_s}));
        QCOMPARE(page->trendChart()->pointCount(0), 1);
        QCOMPARE(page->trendChart()->pointCount(1), 1);
        // The cancelled start of the first run is the same run, not a point of its own.
        QCOMPARE(qint64(store->evalRuns(u"capitals-suite"_s).size()), 2);
        console.window.close();
    }

    void closingDuringARunLeavesItCancelledAndResumable()
    {
        std::vector<qint64> endpoints;
        const QString path = storeWithSuite(u"close.sqlite"_s, {u"delay-first-token;ms=300"_s}, &endpoints);
        qint64 runId = 0;
        {
            Console console(path);
            QVERIFY(console.active);
            QTRY_COMPARE_WITH_TIMEOUT(console.page->selectedSuite(), u"capitals-suite"_s, 5000);
            QSignalSpy progressed(&console.backend, &ConsoleBackend::evalRunProgressed);
            console.page->startRun({u"capitals-suite"_s, endpoints[0], 2, 1});
            QTRY_VERIFY_WITH_TIMEOUT(!progressed.isEmpty() && progressed.last().at(1).value<EvalProgress>().done >= 2,
                                     30'000);
            runId = progressed.last().at(0).toLongLong();
            QElapsedTimer closing;
            closing.start();
            console.window.close();
            QVERIFY2(closing.elapsed() < 3000, qPrintable(u"closing took %1 ms"_s.arg(closing.elapsed())));
        }

        const auto store = Store::open(path);
        const auto run = store->evalRun(runId);
        QCOMPARE(run->status, EvalRunStatus::Cancelled);
        const auto results = store->evalResults(runId);
        QVERIFY(results.size() >= 2 && results.size() < 12);

        // The next console offers to resume it.
        Console again(path);
        QVERIFY(again.active);
        QTRY_COMPARE_WITH_TIMEOUT(again.page->runModel()->rowCount(), 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(again.page->shownRunId() == runId, 5000);
        QVERIFY(again.page->canResume());
        QCOMPARE(again.page->runModel()->index(0, EvalRunListModel::StatusColumn).data().toString(), u"cancelled"_s);
        again.window.close();
    }
};

QTEST_MAIN(TestEvaluationsPage)
#include "tst_evaluationspage.moc"
