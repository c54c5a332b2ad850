// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evalresultfiltermodel.h"
#include "evalrunworker.h"
#include "evaltrend.h"
#include "evalworker.h"

#include <QWidget>

#include <optional>
#include <vector>

class QAction;
class QComboBox;
class QChartView;
class QLabel;
class QListView;
class QListWidget;
class QProgressBar;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;
class QTextBrowser;
class QTimer;
class QToolButton;

namespace llmops {

class ChartModelAdapter;
class ConsoleBackend;
class DatasetItemModel;
class DatasetVersionModel;
class EndpointStatusModel;
class EvalResultModel;
class EvalRunListModel;
class EvalSuiteModel;
class EvalSummaryModel;
class EvalTrendModel;

/// The Evaluations page: datasets (imported from JSONL or CSV, browsed, an item edited into
/// a new version), suites (written as JSON, checked as typed), runs of a suite on an
/// endpoint with live progress, Cancel and Resume, and the selected run's figures, answers
/// and the suite's trend over its finished runs. Everything is asked of the backend, which
/// reads and runs on threads of its own; the page keeps only what it was last told.
///
/// The page's actions (menuActions()) carry its keyboard shortcuts and are enabled only
/// while the page shows, so that they share keys with other pages (Ctrl+Return, Esc, F2,
/// Ctrl+S) without clashing.
class EvaluationsPage : public QWidget
{
    Q_OBJECT

public:
    /// The backend and the endpoint list must outlive the page.
    EvaluationsPage(ConsoleBackend *backend, EndpointStatusModel *endpoints, QWidget *parent = nullptr);
    ~EvaluationsPage() override;

    QList<QAction *> menuActions() const;

    DatasetVersionModel *datasetModel() const { return m_datasets; }
    DatasetItemModel *itemModel() const { return m_items; }
    EvalSuiteModel *suiteModel() const { return m_suites; }
    EvalRunListModel *runModel() const { return m_runs; }
    EvalSummaryModel *summaryModel() const { return m_summary; }
    EvalResultModel *resultModel() const { return m_results; }
    EvalResultFilterModel *resultFilter() const { return m_resultFilter; }
    EvalTrendModel *trendModel() const { return m_trend; }
    /// Null until the selected suite has a finished run.
    ChartModelAdapter *trendChart() const { return m_trendAdapter; }
    QString itemViewText() const;
    QString statusText() const;
    QString figuresText() const;
    QStringList importProblems() const;
    /// The run shown on the right, and the run going now, if any.
    std::optional<qint64> shownRunId() const { return m_shownRun; }
    std::optional<qint64> activeRunId() const { return m_activeRun; }
    QString selectedSuite() const;
    /// Whether the progress row offers Cancel and Resume now.
    bool canCancel() const;
    bool canResume() const;

    /// Asks for the datasets, suites and runs again.
    void reload();
    /// What Import… does once the file and the dataset's name are chosen.
    void importDatasetFile(const QString &filePath, const QString &datasetName);
    /// Selects the version (the newest when none is given) once the list holds it.
    void selectDataset(const QString &name, std::optional<int> version = std::nullopt);
    /// Selects the suite once the list holds it.
    void selectSuite(const QString &name);
    void selectRun(qint64 runId);
    /// Makes a row of the results table (as filtered and sorted) current.
    void selectResult(int row);
    /// Sets the filter boxes over the results: a scorer (empty for all of them) and a verdict.
    void setResultFilter(const QString &scorer, EvalResultFilterModel::Verdict verdict);
    /// The scorer whose means the trend chart draws.
    void setTrendScorer(const QString &scorer);
    /// Starts a run as the Run dialog asks for it.
    void startRun(const EvalRunRequest &request);
    void resumeShownRun();
    void cancelRun();
    /// Saves the dataset's items, with their edits, as its next version.
    void saveEditedItems(const QString &message);

    /// The page's splitters, for the next start.
    QByteArray saveLayout() const;
    void restoreLayout(const QByteArray &state);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *createDatasetPane();
    QWidget *createItemPane();
    QWidget *createSuitePane();
    QWidget *createRunPane();
    QWidget *createRunView();
    QWidget *createResultPane();
    QWidget *createTrendPane();
    void createActions();
    void connectBackend();
    void updateActions();

    void askImport();
    void editSelectedItem();
    void askSaveEditedItems();
    void openNewSuite();
    void openEditSuite();
    void openRunDialog();

    void showDatasets(const std::vector<DatasetVersionSummary> &versions);
    void datasetSelected();
    void showItems(const QString &name, int version, const std::vector<DatasetItem> &items);
    void showImport(const DatasetImportReport &report);
    void showSuites(const std::vector<EvalSuiteRecord> &suites);
    void suiteSelected();
    void showRuns(const std::vector<EvalRunSummary> &runs);
    void runSelected();
    void requestShownRun();
    void showRun(const EvalRunDetail &detail);
    /// The run's answers, latency, cost and tokens, in two lines.
    static QString figuresText(const EvalRunDetail &detail);
    void showResultItem();
    void showTrend(const QString &suiteName, const std::vector<EvalTrendPoint> &points);
    void drawTrend();
    void noteRunStarted(const EvalRunRecord &run);
    void noteRunProgress(qint64 runId, const EvalProgress &progress);
    void noteRunFinished(qint64 runId, EvalRunStatus status, const EvalProgress &progress);
    void noteRunFailed(qint64 runId, const QString &message);
    void updateProgressRow();
    void fillScorerChoices();
    void showStatus(const QString &text);

    ConsoleBackend *m_backend;
    EndpointStatusModel *m_endpoints;

    DatasetVersionModel *m_datasets;
    DatasetItemModel *m_items;
    EvalSuiteModel *m_suites;
    EvalRunListModel *m_runs;
    EvalSummaryModel *m_summary;
    EvalResultModel *m_results;
    EvalResultFilterModel *m_resultFilter;
    EvalTrendModel *m_trend;
    QSortFilterProxyModel *m_sortedDatasets;
    QSortFilterProxyModel *m_sortedItems;
    QSortFilterProxyModel *m_sortedRuns;

    QSplitter *m_splitter;
    QSplitter *m_leftSplitter;
    QSplitter *m_rightSplitter;
    QSplitter *m_resultSplitter;
    QTableView *m_datasetView;
    QListWidget *m_problemList;
    QLabel *m_itemsTitle;
    QTableView *m_itemView;
    QListView *m_suiteView;
    QTableView *m_runView;
    QLabel *m_runTitle;
    QProgressBar *m_progress;
    QToolButton *m_cancelButton;
    QToolButton *m_resumeButton;
    QLabel *m_figures;
    QTableView *m_summaryView;
    QComboBox *m_scorerFilter;
    QComboBox *m_verdictFilter;
    QLabel *m_resultCount;
    QTableView *m_resultView;
    QTextBrowser *m_resultItem;
    QComboBox *m_trendScorer;
    QChartView *m_trendView;
    ChartModelAdapter *m_trendAdapter = nullptr;
    QLabel *m_status;
    QTimer *m_liveRefresh;

    QAction *m_importAction;
    QAction *m_editItemAction;
    QAction *m_saveItemsAction;
    QAction *m_newSuiteAction;
    QAction *m_editSuiteAction;
    QAction *m_runAction;
    QAction *m_resumeAction;
    QAction *m_cancelAction;

    /// What to select once the lists hold it: a restored or just saved suite, an imported
    /// dataset version, a run just started.
    QString m_pendingSuite;
    std::optional<std::pair<QString, std::optional<int>>> m_pendingDataset;
    std::optional<qint64> m_pendingRun;

    std::optional<qint64> m_shownRun;
    std::optional<EvalRunDetail> m_shownDetail;
    quint64 m_runGeneration = 0;
    std::optional<qint64> m_activeRun;
    EvalProgress m_activeProgress;
    /// A run asked for and not started yet: Run and Resume wait for it.
    bool m_runRequested = false;

    QString m_trendSuite;
    std::vector<EvalTrendPoint> m_trendPoints;
    QStringList m_trendSeries;
    bool m_pageShown = false;
};

} // namespace llmops
