// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "evaluationspage.h"

#include "chartmodeladapter.h"
#include "consolebackend.h"
#include "datasetitemdialog.h"
#include "datasetitemmodel.h"
#include "datasetversionmodel.h"
#include "endpointstatusmodel.h"
#include "evalresultmodel.h"
#include "evalrundialog.h"
#include "evalrunlistmodel.h"
#include "evalsuitemodel.h"
#include "evalsummarymodel.h"
#include "evaltrendmodel.h"
#include "suitedialog.h"

#include <QAction>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDataStream>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

/// While a run goes, the answers shown follow it this often; a refresh reads every result
/// and bootstraps the summary again.
constexpr int kLiveRefreshMs = 1500;
/// The layout's format in the settings; another number is a layout of an older page.
constexpr quint8 kLayoutVersion = 1;
/// A trend of a single run still gets a time axis of some width.
constexpr qint64 kMinimumTrendPaddingMs = 60'000;

QTableView *tableView(QAbstractItemModel *model, const QString &objectName, const QString &accessibleName,
                      QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return view;
}

QSortFilterProxyModel *sortedBy(QAbstractItemModel *source, int sortRole, QObject *parent)
{
    auto *sorted = new QSortFilterProxyModel(parent);
    sorted->setSourceModel(source);
    sorted->setSortRole(sortRole);
    return sorted;
}

/// Makes the source row current in a view over a proxy, its whole row selected.
void selectSourceRow(QAbstractItemView *view, QSortFilterProxyModel *proxy, int sourceRow)
{
    const QModelIndex index = proxy->mapFromSource(proxy->sourceModel()->index(sourceRow, 0));
    if (!index.isValid())
        return;
    view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    view->scrollTo(index);
}

int currentSourceRow(const QAbstractItemView *view, const QSortFilterProxyModel *proxy)
{
    const QModelIndex index = view->currentIndex();
    return index.isValid() ? proxy->mapToSource(index).row() : -1;
}

/// A pane of the page: its bold title, the buttons of its actions, and what it shows.
QWidget *pane(QLabel *title, const QList<QAction *> &actions, QWidget *content, QWidget *parent)
{
    auto *header = new QHBoxLayout;
    header->addWidget(title, 1);
    for (QAction *action : actions) {
        auto *button = new QToolButton(parent);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        header->addWidget(button);
    }
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(content, 1);
    return box;
}

QLabel *paneTitle(const QString &text, QWidget *parent)
{
    auto *title = new QLabel(text, parent);
    title->setTextFormat(Qt::RichText);
    return title;
}

/// A file's name as a dataset name: what isValidPromptName() takes.
QString datasetNameFor(const QString &filePath)
{
    static const QRegularExpression refused(u"[^A-Za-z0-9._-]+"_s);
    QString name = QFileInfo(filePath).completeBaseName().replace(refused, u"-"_s).left(64);
    return name.isEmpty() ? u"dataset"_s : name;
}

/// The messages of an answer's input, one turn a line; the stored text when it is not a
/// list of messages (an imported test's inputs).
QString inputText(const QString &inputJson)
{
    const auto json = nlohmann::json::parse(inputJson.toStdString(), nullptr, false);
    if (!json.is_array())
        return inputJson;
    QStringList turns;
    for (const auto &message : json) {
        if (!message.is_object() || !message.value("role", nlohmann::json()).is_string()
            || !message.value("content", nlohmann::json()).is_string())
            return inputJson;
        turns << QString::fromStdString(message["role"].get<std::string>()) + u": "_s
                + QString::fromStdString(message["content"].get<std::string>());
    }
    return turns.join(u"\n"_s);
}

QString milliseconds(std::optional<double> ms)
{
    return ms ? QString::number(*ms, 'f', *ms < 10 ? 1 : 0) + u" ms"_s : u"–"_s;
}

} // namespace

EvaluationsPage::EvaluationsPage(ConsoleBackend *backend, EndpointStatusModel *endpoints, QWidget *parent)
    : QWidget(parent)
    , m_backend(backend)
    , m_endpoints(endpoints)
    , m_datasets(new DatasetVersionModel(this))
    , m_items(new DatasetItemModel(this))
    , m_suites(new EvalSuiteModel(this))
    , m_runs(new EvalRunListModel(this))
    , m_summary(new EvalSummaryModel(this))
    , m_results(new EvalResultModel(this))
    , m_resultFilter(new EvalResultFilterModel(m_results, this))
    , m_trend(new EvalTrendModel(this))
    , m_sortedDatasets(sortedBy(m_datasets, DatasetVersionModel::SortRole, this))
    , m_sortedItems(sortedBy(m_items, DatasetItemModel::SortRole, this))
    , m_sortedRuns(sortedBy(m_runs, EvalRunListModel::SortRole, this))
    , m_splitter(new QSplitter(this))
    , m_leftSplitter(new QSplitter(Qt::Vertical, this))
    , m_rightSplitter(new QSplitter(Qt::Vertical, this))
    , m_resultSplitter(new QSplitter(this))
    , m_status(new QLabel(this))
    , m_liveRefresh(new QTimer(this))
{
    setObjectName(u"EvaluationsPage"_s);
    createActions();

    m_leftSplitter->setObjectName(u"evaluationsLeftSplitter"_s);
    m_leftSplitter->addWidget(createDatasetPane());
    m_leftSplitter->addWidget(createItemPane());
    m_leftSplitter->addWidget(createSuitePane());
    m_leftSplitter->addWidget(createRunPane());
    m_leftSplitter->setSizes({130, 250, 110, 290});
    m_leftSplitter->setChildrenCollapsible(false);

    m_splitter->setObjectName(u"evaluationsSplitter"_s);
    m_splitter->addWidget(m_leftSplitter);
    m_splitter->addWidget(createRunView());
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({500, 960});
    m_leftSplitter->setMinimumWidth(260);

    m_status->setObjectName(u"evaluationsStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(m_status);

    m_liveRefresh->setSingleShot(true);
    m_liveRefresh->setInterval(kLiveRefreshMs);
    connect(m_liveRefresh, &QTimer::timeout, this, &EvaluationsPage::requestShownRun);

    connectBackend();
    updateProgressRow();
    updateActions();
}

EvaluationsPage::~EvaluationsPage() = default;

void EvaluationsPage::createActions()
{
    const auto action = [this](const QString &text, const QString &name, const QList<QKeySequence> &keys,
                               const QString &toolTip) {
        auto *created = new QAction(text, this);
        created->setObjectName(name);
        created->setShortcuts(keys);
        created->setShortcutContext(Qt::WindowShortcut);
        created->setToolTip(
            keys.isEmpty() ? toolTip : u"%1 (%2)"_s.arg(toolTip, keys.first().toString(QKeySequence::NativeText)));
        addAction(created);
        return created;
    };
    m_importAction = action(tr("&Import dataset…"), u"importDataset"_s, {QKeySequence::Open},
                            tr("Import a JSONL or CSV file as a dataset version"));
    m_editItemAction = action(tr("Edit i&tem…"), u"editItem"_s, {QKeySequence(Qt::Key_F2)},
                              tr("Edit the selected item; the edit is saved as a new version"));
    m_saveItemsAction = action(tr("&Save as new version…"), u"saveItems"_s, {QKeySequence::Save},
                               tr("Save the items with their edits as the dataset's next version"));
    m_newSuiteAction = action(tr("&New suite…"), u"newSuite"_s, {QKeySequence::New},
                              tr("Write a suite for the selected dataset"));
    m_editSuiteAction = action(tr("&Edit suite…"), u"editSuite"_s, {QKeySequence(Qt::CTRL | Qt::Key_E)},
                               tr("Edit the selected suite's definition"));
    m_runAction = action(tr("&Run suite…"), u"runSuite"_s,
                         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)},
                         tr("Run the selected suite on an endpoint"));
    m_resumeAction = action(tr("Res&ume run"), u"resumeRun"_s, {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return)},
                            tr("Answer what the selected run still lacks"));
    m_cancelAction = action(tr("&Cancel run"), u"cancelRun"_s, {QKeySequence(Qt::Key_Escape)},
                            tr("Stop the run going now; it can be resumed"));

    connect(m_importAction, &QAction::triggered, this, &EvaluationsPage::askImport);
    connect(m_editItemAction, &QAction::triggered, this, &EvaluationsPage::editSelectedItem);
    connect(m_saveItemsAction, &QAction::triggered, this, &EvaluationsPage::askSaveEditedItems);
    connect(m_newSuiteAction, &QAction::triggered, this, &EvaluationsPage::openNewSuite);
    connect(m_editSuiteAction, &QAction::triggered, this, &EvaluationsPage::openEditSuite);
    connect(m_runAction, &QAction::triggered, this, &EvaluationsPage::openRunDialog);
    connect(m_resumeAction, &QAction::triggered, this, &EvaluationsPage::resumeShownRun);
    connect(m_cancelAction, &QAction::triggered, this, &EvaluationsPage::cancelRun);
}

QList<QAction *> EvaluationsPage::menuActions() const
{
    return {m_importAction,    m_editItemAction, m_saveItemsAction, m_newSuiteAction,
            m_editSuiteAction, m_runAction,      m_resumeAction,    m_cancelAction};
}

QWidget *EvaluationsPage::createDatasetPane()
{
    m_datasetView = tableView(m_sortedDatasets, u"datasets"_s, tr("Datasets"), this);
    m_datasetView->setSortingEnabled(true);
    m_datasetView->sortByColumn(DatasetVersionModel::DatasetColumn, Qt::AscendingOrder);
    m_datasetView->horizontalHeader()->setStretchLastSection(false);
    m_datasetView->horizontalHeader()->setSectionResizeMode(DatasetVersionModel::DatasetColumn, QHeaderView::Stretch);
    connect(m_datasetView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EvaluationsPage::datasetSelected);

    // The lines an import left out, under the list, until the next import.
    m_problemList = new QListWidget(this);
    m_problemList->setObjectName(u"importProblems"_s);
    m_problemList->setAccessibleName(tr("Lines the import left out"));
    m_problemList->setMaximumHeight(80);
    m_problemList->hide();

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_datasetView, 1);
    layout->addWidget(m_problemList);
    return pane(paneTitle(tr("<b>Datasets</b>"), this), {m_importAction}, content, this);
}

QWidget *EvaluationsPage::createItemPane()
{
    m_itemView = tableView(m_sortedItems, u"datasetItems"_s, tr("Items of the dataset"), this);
    m_itemView->setSortingEnabled(true);
    m_itemView->sortByColumn(DatasetItemModel::IdColumn, Qt::AscendingOrder);
    m_itemView->horizontalHeader()->setStretchLastSection(false);
    m_itemView->horizontalHeader()->setSectionResizeMode(DatasetItemModel::InputsColumn, QHeaderView::Stretch);
    connect(m_itemView, &QAbstractItemView::activated, this, &EvaluationsPage::editSelectedItem);
    connect(m_itemView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EvaluationsPage::updateActions);
    m_itemsTitle = paneTitle(tr("<b>Items</b>"), this);
    return pane(m_itemsTitle, {m_editItemAction, m_saveItemsAction}, m_itemView, this);
}

QWidget *EvaluationsPage::createSuitePane()
{
    m_suiteView = new QListView(this);
    m_suiteView->setObjectName(u"suites"_s);
    m_suiteView->setAccessibleName(tr("Suites"));
    m_suiteView->setModel(m_suites);
    m_suiteView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_suiteView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EvaluationsPage::suiteSelected);
    connect(m_suiteView, &QAbstractItemView::activated, this, &EvaluationsPage::openEditSuite);
    return pane(paneTitle(tr("<b>Suites</b>"), this), {m_newSuiteAction, m_editSuiteAction, m_runAction}, m_suiteView,
                this);
}

QWidget *EvaluationsPage::createRunPane()
{
    m_runView = tableView(m_sortedRuns, u"runs"_s, tr("Runs"), this);
    m_runView->setSortingEnabled(true);
    m_runView->sortByColumn(EvalRunListModel::StartedColumn, Qt::DescendingOrder);
    m_runView->horizontalHeader()->setStretchLastSection(false);
    m_runView->horizontalHeader()->setSectionResizeMode(EvalRunListModel::SuiteColumn, QHeaderView::Stretch);
    connect(m_runView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &EvaluationsPage::runSelected);
    return pane(paneTitle(tr("<b>Runs</b>"), this), {}, m_runView, this);
}

QWidget *EvaluationsPage::createRunView()
{
    m_runTitle = new QLabel(this);
    m_runTitle->setObjectName(u"runTitle"_s);
    QFont titleFont = m_runTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    titleFont.setBold(true);
    m_runTitle->setFont(titleFont);
    m_runTitle->setText(tr("No run selected"));

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(u"runProgress"_s);
    m_progress->setAccessibleName(tr("Run progress"));

    m_cancelButton = new QToolButton(this);
    m_cancelButton->setDefaultAction(m_cancelAction);
    m_resumeButton = new QToolButton(this);
    m_resumeButton->setDefaultAction(m_resumeAction);
    auto *progressRow = new QHBoxLayout;
    progressRow->addWidget(m_progress, 1);
    progressRow->addWidget(m_cancelButton);
    progressRow->addWidget(m_resumeButton);

    m_figures = new QLabel(this);
    m_figures->setObjectName(u"runFigures"_s);
    m_figures->setWordWrap(true);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_summaryView = tableView(m_summary, u"summary"_s, tr("Summary by scorer"), this);
    m_summaryView->horizontalHeader()->setStretchLastSection(false);
    connect(m_summaryView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                // The chart follows the scorer picked in the summary.
                if (current.isValid())
                    setTrendScorer(m_summary->figures().scorers[std::size_t(current.row())].scorer);
            });
    auto *intervals = new QLabel(tr("95% intervals: the mean's bootstrapped over items (an item's repeats drawn "
                                    "together), the pass rate's by Wilson. pass^N: items passed in all N repeats."),
                                 this);
    intervals->setWordWrap(true);
    intervals->setForegroundRole(QPalette::PlaceholderText);

    auto *summary = new QWidget(this);
    auto *summaryLayout = new QVBoxLayout(summary);
    summaryLayout->setContentsMargins(0, 0, 0, 0);
    summaryLayout->setSpacing(2);
    summaryLayout->addWidget(m_summaryView, 1);
    summaryLayout->addWidget(intervals);

    m_resultSplitter->setObjectName(u"evaluationsResultSplitter"_s);
    m_resultSplitter->addWidget(createResultPane());
    m_resultItem = new QTextBrowser(this);
    m_resultItem->setObjectName(u"resultItem"_s);
    m_resultItem->setAccessibleName(tr("The selected answer"));
    m_resultItem->setPlaceholderText(tr("Select an answer to read its input, output and every scorer's reason."));
    m_resultSplitter->addWidget(m_resultItem);
    m_resultSplitter->setSizes({540, 420});
    m_resultSplitter->setChildrenCollapsible(false);

    m_rightSplitter->setObjectName(u"evaluationsRightSplitter"_s);
    m_rightSplitter->addWidget(summary);
    m_rightSplitter->addWidget(m_resultSplitter);
    m_rightSplitter->addWidget(createTrendPane());
    m_rightSplitter->setSizes({125, 385, 250});
    m_rightSplitter->setChildrenCollapsible(false);

    auto *view = new QWidget(this);
    auto *layout = new QVBoxLayout(view);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_runTitle);
    layout->addLayout(progressRow);
    layout->addWidget(m_figures);
    layout->addWidget(m_rightSplitter, 1);
    return view;
}

QWidget *EvaluationsPage::createResultPane()
{
    m_scorerFilter = new QComboBox(this);
    m_scorerFilter->setObjectName(u"scorerFilter"_s);
    m_scorerFilter->setAccessibleName(tr("Verdicts of"));
    m_scorerFilter->addItem(tr("All scorers"), QString());

    m_verdictFilter = new QComboBox(this);
    m_verdictFilter->setObjectName(u"verdictFilter"_s);
    m_verdictFilter->setAccessibleName(tr("Verdict"));
    m_verdictFilter->addItem(tr("Any verdict"), int(EvalResultFilterModel::Verdict::Any));
    m_verdictFilter->addItem(tr("Passed"), int(EvalResultFilterModel::Verdict::Passed));
    m_verdictFilter->addItem(tr("Failed"), int(EvalResultFilterModel::Verdict::Failed));
    m_verdictFilter->addItem(tr("Unscorable"), int(EvalResultFilterModel::Verdict::Unscorable));

    m_resultCount = new QLabel(this);
    m_resultCount->setObjectName(u"resultCount"_s);

    const auto applyFilter = [this] {
        m_resultFilter->setScorer(m_scorerFilter->currentData().toString());
        m_resultFilter->setVerdict(EvalResultFilterModel::Verdict(m_verdictFilter->currentData().toInt()));
        m_resultCount->setText(
            tr("%1 of %n answer(s)", nullptr, m_results->rowCount()).arg(m_resultFilter->rowCount()));
    };
    connect(m_scorerFilter, &QComboBox::currentIndexChanged, this, applyFilter);
    connect(m_verdictFilter, &QComboBox::currentIndexChanged, this, applyFilter);
    connect(m_results, &QAbstractItemModel::modelReset, this, applyFilter);

    m_resultView = tableView(m_resultFilter, u"results"_s, tr("Answers"), this);
    m_resultView->setSortingEnabled(true);
    m_resultView->sortByColumn(EvalResultModel::ItemColumn, Qt::AscendingOrder);
    connect(m_resultView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &EvaluationsPage::showResultItem);

    auto *filters = new QHBoxLayout;
    auto *label = new QLabel(tr("<b>Answers</b>"), this);
    label->setBuddy(m_resultView);
    filters->addWidget(label);
    filters->addWidget(m_scorerFilter);
    filters->addWidget(m_verdictFilter);
    filters->addWidget(m_resultCount, 1);
    for (QComboBox *box : {m_scorerFilter, m_verdictFilter}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(10);
    }

    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(filters);
    layout->addWidget(m_resultView, 1);
    return box;
}

QWidget *EvaluationsPage::createTrendPane()
{
    m_trendScorer = new QComboBox(this);
    m_trendScorer->setObjectName(u"trendScorer"_s);
    m_trendScorer->setAccessibleName(tr("Scorer charted"));
    m_trendScorer->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_trendScorer->setMinimumContentsLength(12);
    connect(m_trendScorer, &QComboBox::currentIndexChanged, this, &EvaluationsPage::drawTrend);

    m_trendView = new QChartView(this);
    m_trendView->setObjectName(u"trendChart"_s);
    m_trendView->setAccessibleName(tr("Mean score per finished run"));
    m_trendView->setRenderHint(QPainter::Antialiasing);
    m_trendView->setViewportUpdateMode(QGraphicsView::FullViewportUpdate);
    m_trendView->setMinimumHeight(160);

    auto *header = new QHBoxLayout;
    auto *label = new QLabel(tr("<b>Trend</b> of the suite, mean score of"), this);
    label->setBuddy(m_trendScorer);
    header->addWidget(label);
    header->addWidget(m_trendScorer);
    header->addStretch(1);
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_trendView, 1);
    drawTrend();
    return box;
}

void EvaluationsPage::connectBackend()
{
    connect(m_backend, &ConsoleBackend::datasetsLoaded, this, &EvaluationsPage::showDatasets);
    connect(m_backend, &ConsoleBackend::datasetItemsLoaded, this, &EvaluationsPage::showItems);
    connect(m_backend, &ConsoleBackend::datasetImported, this, &EvaluationsPage::showImport);
    connect(m_backend, &ConsoleBackend::datasetImportFailed, this, &EvaluationsPage::showImport);
    connect(m_backend, &ConsoleBackend::datasetVersionSaved, this, [this](const DatasetVersionSummary &saved) {
        // The items held are now that version's, edits and all.
        if (saved.name == m_items->datasetName())
            m_items->setItems(saved.name, saved.version, m_items->items());
        m_pendingDataset = std::pair(saved.name, std::optional<int>(saved.version));
        m_backend->requestDatasets();
        showStatus(tr("Saved %n item(s) as %1@%2.", nullptr, int(saved.itemCount)).arg(saved.name).arg(saved.version));
        updateActions();
    });
    // Calls added from the trace explorer or the playground make versions too; the list
    // follows them without moving the selection.
    connect(m_backend, &ConsoleBackend::datasetItemsAdded, this,
            [this](const DatasetVersionSummary &) { m_backend->requestDatasets(); });

    connect(m_backend, &ConsoleBackend::evalSuitesLoaded, this, &EvaluationsPage::showSuites);
    connect(m_backend, &ConsoleBackend::evalSuiteSaved, this, [this](const EvalSuiteRecord &suite) {
        m_pendingSuite = suite.name;
        m_backend->requestEvalSuites();
        showStatus(tr("Saved the suite %1.").arg(suite.name));
    });
    connect(m_backend, &ConsoleBackend::evalSuiteSaveFailed, this, [this](const QString &name, const QString &problem) {
        m_pendingSuite.clear();
        showStatus(tr("The suite %1 was not saved: %2").arg(name, problem));
    });

    connect(m_backend, &ConsoleBackend::evalRunsLoaded, this, &EvaluationsPage::showRuns);
    connect(m_backend, &ConsoleBackend::evalRunLoaded, this, &EvaluationsPage::showRun);
    connect(m_backend, &ConsoleBackend::evalTrendLoaded, this, &EvaluationsPage::showTrend);
    connect(m_backend, &ConsoleBackend::evalQueryFailed, this, &EvaluationsPage::showStatus);

    connect(m_backend, &ConsoleBackend::evalRunStarted, this, &EvaluationsPage::noteRunStarted);
    connect(m_backend, &ConsoleBackend::evalRunProgressed, this, &EvaluationsPage::noteRunProgress);
    connect(m_backend, &ConsoleBackend::evalRunFinished, this, &EvaluationsPage::noteRunFinished);
    connect(m_backend, &ConsoleBackend::evalRunFailed, this, &EvaluationsPage::noteRunFailed);
}

void EvaluationsPage::showEvent(QShowEvent *event)
{
    m_pageShown = true;
    updateActions();
    QWidget::showEvent(event);
}

void EvaluationsPage::hideEvent(QHideEvent *event)
{
    m_pageShown = false;
    updateActions();
    QWidget::hideEvent(event);
}

void EvaluationsPage::updateActions()
{
    const bool shown = m_pageShown;
    const bool hasSuite = !selectedSuite().isEmpty();
    m_importAction->setEnabled(shown);
    m_editItemAction->setEnabled(shown && m_itemView->currentIndex().isValid());
    m_saveItemsAction->setEnabled(shown && m_items->isModified());
    m_newSuiteAction->setEnabled(shown);
    m_editSuiteAction->setEnabled(shown && hasSuite);
    m_runAction->setEnabled(shown && hasSuite && !m_activeRun && !m_runRequested);
    m_resumeAction->setEnabled(shown && canResume());
    m_cancelAction->setEnabled(shown && canCancel());
}

QString EvaluationsPage::itemViewText() const
{
    return m_resultItem->toPlainText();
}

QString EvaluationsPage::statusText() const
{
    return m_status->text();
}

QString EvaluationsPage::figuresText() const
{
    return m_figures->text();
}

QStringList EvaluationsPage::importProblems() const
{
    QStringList lines;
    for (int row = 0; row < m_problemList->count(); ++row)
        lines << m_problemList->item(row)->text();
    return lines;
}

QString EvaluationsPage::selectedSuite() const
{
    const QModelIndex index = m_suiteView->currentIndex();
    return index.isValid() ? index.data(EvalSuiteModel::NameRole).toString() : QString();
}

bool EvaluationsPage::canCancel() const
{
    return m_activeRun.has_value();
}

bool EvaluationsPage::canResume() const
{
    if (m_activeRun || m_runRequested || !m_shownRun)
        return false;
    const auto summary = m_runs->runById(*m_shownRun);
    if (!summary)
        return false;
    const EvalRunRecord &run = summary->run;
    const bool answeredHere = run.source == EvalRunSource::Console || run.source == EvalRunSource::Cli;
    return answeredHere && run.status != EvalRunStatus::Finished;
}

void EvaluationsPage::reload()
{
    m_backend->requestDatasets();
    m_backend->requestEvalSuites();
    m_backend->requestEvalRuns();
}

// Datasets

void EvaluationsPage::askImport()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import a dataset"), QString(),
                                                      tr("Datasets (*.jsonl *.ndjson *.csv);;All files (*)"));
    if (path.isEmpty())
        return;

    bool ok = false;
    const QString name = QInputDialog::getText(
                             this, tr("Import a dataset"),
                             tr("Save the items of %1 as a version of the dataset:").arg(QFileInfo(path).fileName()),
                             QLineEdit::Normal, datasetNameFor(path), &ok)
                             .trimmed();
    if (!ok)
        return;

    if (!isValidPromptName(name)) {
        showStatus(tr("\"%1\" is not a dataset name: use 1 to 64 letters, digits, and - _ .").arg(name));
        return;
    }
    importDatasetFile(path, name);
}

void EvaluationsPage::importDatasetFile(const QString &filePath, const QString &datasetName)
{
    showStatus(tr("Importing %1…").arg(QFileInfo(filePath).fileName()));
    m_backend->importDataset(datasetName, filePath);
}

void EvaluationsPage::showImport(const DatasetImportReport &report)
{
    m_problemList->clear();
    for (const DatasetProblem &problem : report.problems)
        m_problemList->addItem(problem.message);
    m_problemList->setVisible(!report.problems.empty());

    const QString file = QFileInfo(report.filePath).fileName();
    if (!report.saved) {
        showStatus(tr("Nothing was imported from %1: %2").arg(file, report.failure));
        return;
    }

    QString text = tr("Imported %n item(s) from %1 as %2@%3.", nullptr, int(report.saved->itemCount))
                       .arg(file, report.saved->name)
                       .arg(report.saved->version);
    if (!report.problems.empty())
        text += u' '
            + tr("%n line(s) could not be read and were left out; they are listed under the datasets.", nullptr,
                 int(report.problems.size()));
    showStatus(text);
    m_pendingDataset = std::pair(report.saved->name, std::optional<int>(report.saved->version));
    m_backend->requestDatasets();
}

void EvaluationsPage::selectDataset(const QString &name, std::optional<int> version)
{
    const int row = m_datasets->rowOf(name, version);
    if (row < 0) {
        m_pendingDataset = std::pair(name, version);
        return;
    }
    selectSourceRow(m_datasetView, m_sortedDatasets, row);
}

void EvaluationsPage::showDatasets(const std::vector<DatasetVersionSummary> &versions)
{
    std::optional<std::pair<QString, std::optional<int>>> keep = m_pendingDataset;
    if (!keep && m_items->rowCount() > 0)
        keep = std::pair(m_items->datasetName(), std::optional<int>(m_items->version()));
    m_datasets->setVersions(versions);

    int row = keep ? m_datasets->rowOf(keep->first, keep->second) : -1;
    if (row >= 0 || !keep)
        m_pendingDataset.reset();
    if (row < 0 && m_sortedDatasets->rowCount() > 0)
        row = m_sortedDatasets->mapToSource(m_sortedDatasets->index(0, 0)).row();
    if (row >= 0)
        selectSourceRow(m_datasetView, m_sortedDatasets, row);
}

void EvaluationsPage::datasetSelected()
{
    const int row = currentSourceRow(m_datasetView, m_sortedDatasets);
    if (row < 0)
        return;
    const DatasetVersionSummary &version = m_datasets->version(row);
    if (version.name == m_items->datasetName() && version.version == m_items->version())
        return;

    if (m_items->isModified()) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved edits"),
            tr("Drop the edits to %n item(s) of %1@%2?", nullptr, m_items->editedCount())
                .arg(m_items->datasetName())
                .arg(m_items->version()));
        if (answer != QMessageBox::Yes) {
            selectDataset(m_items->datasetName(), m_items->version());
            return;
        }
    }
    m_items->clear();
    m_itemsTitle->setText(tr("<b>Items of %1@%2</b>").arg(version.name.toHtmlEscaped()).arg(version.version));
    m_backend->requestDatasetItems(version.name, version.version);
    updateActions();
}

void EvaluationsPage::showItems(const QString &name, int version, const std::vector<DatasetItem> &items)
{
    // Only the version still selected: the user may have moved on while this was read.
    const int row = currentSourceRow(m_datasetView, m_sortedDatasets);
    if (row < 0 || m_datasets->version(row).name != name || m_datasets->version(row).version != version)
        return;
    m_items->setItems(name, version, items);
    updateActions();
}

void EvaluationsPage::editSelectedItem()
{
    const int row = currentSourceRow(m_itemView, m_sortedItems);
    if (row < 0)
        return;

    auto *dialog = new DatasetItemDialog(m_items->item(row), this);
    dialog->setObjectName(u"itemDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);

    // The row is looked up again: the list may have been read anew meanwhile.
    const QString name = m_items->datasetName();
    const int version = m_items->version();
    connect(dialog, &QDialog::accepted, this, [this, dialog, row, name, version] {
        const auto edited = dialog->item();
        if (!edited || name != m_items->datasetName() || version != m_items->version())
            return;
        m_items->replaceItem(row, *edited);
        if (m_items->isModified())
            showStatus(tr("%n item(s) edited; save them as a new version (Ctrl+S) to keep the change.", nullptr,
                          m_items->editedCount()));
        updateActions();
    });
    dialog->open();
}

void EvaluationsPage::askSaveEditedItems()
{
    if (!m_items->isModified())
        return;

    bool ok = false;
    const QString message = QInputDialog::getText(
        this, tr("Save as new version"),
        tr("What changed in %1, for whoever reads the versions:").arg(m_items->datasetName()), QLineEdit::Normal,
        tr("Edited %n item(s)", nullptr, m_items->editedCount()), &ok);
    if (ok)
        saveEditedItems(message.trimmed());
}

void EvaluationsPage::saveEditedItems(const QString &message)
{
    if (!m_items->isModified())
        return;
    m_backend->saveDatasetVersion(m_items->datasetName(), m_items->items(), message);
    showStatus(tr("Saving %1 as a new version…").arg(m_items->datasetName()));
}

// Suites

void EvaluationsPage::selectSuite(const QString &name)
{
    const int row = m_suites->rowOf(name);
    if (row < 0) {
        m_pendingSuite = name;
        return;
    }
    m_suiteView->setCurrentIndex(m_suites->index(row));
}

void EvaluationsPage::showSuites(const std::vector<EvalSuiteRecord> &suites)
{
    const QString keep = m_pendingSuite.isEmpty() ? selectedSuite() : m_pendingSuite;
    m_suites->setSuites(suites);
    m_pendingSuite.clear();
    int row = m_suites->rowOf(keep);
    if (row < 0 && m_suites->rowCount() > 0)
        row = 0;
    if (row >= 0)
        m_suiteView->setCurrentIndex(m_suites->index(row));
    else
        suiteSelected();
}

void EvaluationsPage::suiteSelected()
{
    updateActions();
    const QString suite = selectedSuite();
    if (suite.isEmpty()) {
        m_trendSuite.clear();
        m_trendPoints.clear();
        drawTrend();
        return;
    }
    m_backend->requestEvalTrend(suite);
}

void EvaluationsPage::openNewSuite()
{
    // The template names the selected dataset: by name alone when its newest version is the
    // one selected (runs then take the newest at their start), else pinned to that version.
    QString dataset = u"my-dataset"_s;
    const int row = currentSourceRow(m_datasetView, m_sortedDatasets);
    if (row >= 0) {
        const DatasetVersionSummary &version = m_datasets->version(row);
        const bool newest = m_datasets->rowOf(version.name) == row;
        dataset = newest ? version.name : u"%1@%2"_s.arg(version.name).arg(version.version);
    }
    QStringList taken;
    for (const EvalSuiteRecord &suite : m_suites->suites())
        taken << suite.name;

    auto *dialog = new SuiteDialog(this);
    dialog->setObjectName(u"suiteDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setNewSuite(SuiteDialog::templateFor(dataset, m_items->items()), taken);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_pendingSuite = dialog->name();
        m_backend->saveEvalSuite(dialog->name(), dialog->definitionJson());
    });
    dialog->open();
}

void EvaluationsPage::openEditSuite()
{
    const QModelIndex index = m_suiteView->currentIndex();
    if (!index.isValid())
        return;
    const EvalSuiteRecord &suite = m_suites->suite(index.row());
    auto *dialog = new SuiteDialog(this);
    dialog->setObjectName(u"suiteDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSuite(suite.name, suite.definitionJson);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        m_pendingSuite = dialog->name();
        m_backend->saveEvalSuite(dialog->name(), dialog->definitionJson());
    });
    dialog->open();
}

// Runs

void EvaluationsPage::openRunDialog()
{
    const QString suite = selectedSuite();
    if (suite.isEmpty() || m_activeRun || m_runRequested)
        return;
    auto *dialog = new EvalRunDialog(suite, m_endpoints, this);
    dialog->setObjectName(u"runDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The endpoint of the run shown is the likeliest next choice.
    if (m_shownDetail && m_shownDetail->run.suiteName == suite)
        dialog->selectEndpoint(m_shownDetail->run.endpointName);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { startRun(dialog->request()); });
    dialog->open();
}

void EvaluationsPage::startRun(const EvalRunRequest &request)
{
    if (m_activeRun || m_runRequested)
        return;
    m_runRequested = true;
    m_backend->startEvalRun(request);
    showStatus(tr("Starting a run of %1…").arg(request.suiteName));
    updateActions();
}

void EvaluationsPage::resumeShownRun()
{
    if (!canResume())
        return;
    m_runRequested = true;
    m_backend->resumeEvalRun(*m_shownRun);
    showStatus(tr("Resuming the run…"));
    updateActions();
}

void EvaluationsPage::cancelRun()
{
    if (!m_activeRun)
        return;
    m_backend->cancelEvalRun();
    showStatus(tr("Cancelling the run; what it has answered stays stored."));
}

void EvaluationsPage::noteRunStarted(const EvalRunRecord &run)
{
    m_runRequested = false;
    m_activeRun = run.id;
    m_activeProgress = {};
    m_activeProgress.total = run.itemCount * run.repeats;
    m_pendingRun = run.id;
    m_backend->requestEvalRuns();
    showStatus(tr("Running %1 on %2…").arg(run.suiteName, run.endpointName));
    updateProgressRow();
    updateActions();
}

void EvaluationsPage::noteRunProgress(qint64 runId, const EvalProgress &progress)
{
    if (m_activeRun != runId)
        return;
    m_activeProgress = progress;
    m_runs->setProgress(runId, progress.done, progress.failedRequests);
    updateProgressRow();
    if (m_shownRun == runId && !m_liveRefresh->isActive())
        m_liveRefresh->start();
}

void EvaluationsPage::noteRunFinished(qint64 runId, EvalRunStatus status, const EvalProgress &progress)
{
    if (m_activeRun == runId)
        m_activeRun.reset();
    m_liveRefresh->stop();
    m_runs->setStatus(runId, status);

    if (status == EvalRunStatus::Finished) {
        showStatus(tr("The run finished with %n answer(s).", nullptr, int(progress.total)));
    } else {
        showStatus(tr("The run was cancelled after %1 of %2 answers; Resume carries on where it stopped.")
                       .arg(progress.done)
                       .arg(progress.total));
    }

    m_backend->requestEvalRuns();
    if (m_shownRun == runId)
        requestShownRun();
    if (!selectedSuite().isEmpty())
        m_backend->requestEvalTrend(selectedSuite());
    updateProgressRow();
    updateActions();
}

void EvaluationsPage::noteRunFailed(qint64 runId, const QString &message)
{
    m_runRequested = false;
    if (runId == 0 || m_activeRun == runId)
        m_activeRun.reset();
    m_liveRefresh->stop();

    showStatus(message);
    m_backend->requestEvalRuns();
    if (runId != 0 && m_shownRun == runId)
        requestShownRun();
    updateProgressRow();
    updateActions();
}

void EvaluationsPage::selectRun(qint64 runId)
{
    const int row = m_runs->rowOfRun(runId);
    if (row < 0) {
        m_pendingRun = runId;
        return;
    }
    selectSourceRow(m_runView, m_sortedRuns, row);
}

void EvaluationsPage::showRuns(const std::vector<EvalRunSummary> &runs)
{
    const std::optional<qint64> keep = m_pendingRun ? m_pendingRun : m_shownRun;
    m_runs->setRuns(runs);
    // The list was read between progress reports; the newest report is the truer count.
    if (m_activeRun && m_activeProgress.done > 0)
        m_runs->setProgress(*m_activeRun, m_activeProgress.done, m_activeProgress.failedRequests);

    int row = keep ? m_runs->rowOfRun(*keep) : -1;
    if (row >= 0)
        m_pendingRun.reset();
    // Nothing chosen yet: the newest run of the suite selected, else the newest of all.
    for (int candidate = 0; row < 0 && !keep && candidate < m_runs->rowCount(); ++candidate) {
        if (m_runs->run(candidate).run.suiteName == selectedSuite())
            row = candidate;
    }
    if (row < 0 && !keep && m_runs->rowCount() > 0)
        row = 0;
    if (row >= 0)
        selectSourceRow(m_runView, m_sortedRuns, row);
    updateProgressRow();
    updateActions();
}

void EvaluationsPage::runSelected()
{
    const int row = currentSourceRow(m_runView, m_sortedRuns);
    if (row < 0)
        return;
    const EvalRunSummary &summary = m_runs->run(row);
    if (m_shownRun != summary.run.id) {
        m_shownRun = summary.run.id;
        requestShownRun();
        // The chart shows the trend of the run's suite.
        if (m_suites->rowOf(summary.run.suiteName) >= 0 && selectedSuite() != summary.run.suiteName)
            selectSuite(summary.run.suiteName);
    }
    updateProgressRow();
    updateActions();
}

void EvaluationsPage::requestShownRun()
{
    if (m_shownRun)
        m_backend->requestEvalRun(++m_runGeneration, *m_shownRun);
}

void EvaluationsPage::showRun(const EvalRunDetail &detail)
{
    if (detail.generation != m_runGeneration)
        return;

    // A refresh of the same run keeps the answer selected.
    const bool sameRun = m_shownDetail && m_shownDetail->run.id == detail.run.id;
    std::optional<qint64> selectedResult;
    if (sameRun) {
        if (const QModelIndex current = m_resultView->currentIndex(); current.isValid())
            selectedResult = m_results->result(m_resultFilter->mapToSource(current).row()).id;
    }
    m_shownDetail = detail;

    const EvalRunRecord &run = detail.run;
    m_runTitle->setText(tr("%1 on %2 · %3 — %4, started %5")
                            .arg(run.suiteName, run.endpointName, run.model, EvalRunListModel::statusText(run.status),
                                 QDateTime::fromMSecsSinceEpoch(run.startedAtMs).toString(u"yyyy-MM-dd HH:mm"_s)));
    m_runTitle->setToolTip(run.error);
    m_figures->setText(figuresText(detail));

    m_summary->setFigures(detail.figures, run.repeats);
    m_results->setResults(detail.results);
    fillScorerChoices();

    if (selectedResult) {
        for (int row = 0; row < m_results->rowCount(); ++row) {
            if (m_results->result(row).id == *selectedResult) {
                selectSourceRow(m_resultView, m_resultFilter, row);
                break;
            }
        }
    }
    showResultItem();
    updateProgressRow();
    updateActions();
}

QString EvaluationsPage::figuresText(const EvalRunDetail &detail)
{
    // Two lines: what was answered, then how fast and at what cost.
    const EvalRunRecord &run = detail.run;
    const EvalRunFigures &figures = detail.figures;
    QStringList answers;
    answers << tr("%1 of %2 answers (%3 items × %4 repeats)")
                   .arg(figures.answers)
                   .arg(run.itemCount * run.repeats)
                   .arg(run.itemCount)
                   .arg(run.repeats);
    answers << tr("%n failed request(s)", nullptr, int(figures.failedRequests));
    answers << tr("tokens %1 in, %2 out").arg(figures.inputTokens).arg(figures.outputTokens);

    QStringList speed;
    speed << tr("Latency p50 %1 · p95 %2").arg(milliseconds(figures.latencyP50Ms), milliseconds(figures.latencyP95Ms));
    if (figures.pricedAnswers > 0)
        speed << tr("cost $%1 (%2 of %3 answers priced)")
                     .arg(QString::number(figures.totalCostUsd, 'f', 4))
                     .arg(figures.pricedAnswers)
                     .arg(figures.answers);
    else
        speed << tr("cost unknown: no price for %1").arg(run.model.isEmpty() ? tr("the model") : run.model);

    // An imported run's own figures (lm-evaluation-harness) go with them.
    for (const EvalRunMetric &metric : detail.metrics) {
        QString text = u"%1 %2 %3"_s.arg(metric.task, metric.metric, QString::number(metric.value, 'f', 4));
        if (metric.standardError)
            text += u" ± "_s + QString::number(*metric.standardError, 'f', 4);
        speed << text;
    }
    return answers.join(u" · "_s) + u'\n' + speed.join(u" · "_s);
}

void EvaluationsPage::fillScorerChoices()
{
    const QString chosen = m_scorerFilter->currentData().toString();
    const QSignalBlocker blocker(m_scorerFilter);
    while (m_scorerFilter->count() > 1)
        m_scorerFilter->removeItem(1);
    for (const QString &scorer : m_results->scorers())
        m_scorerFilter->addItem(scorer, scorer);
    const int index = m_scorerFilter->findData(chosen);
    m_scorerFilter->setCurrentIndex(index < 0 ? 0 : index);
    m_resultFilter->setScorer(m_scorerFilter->currentData().toString());
    m_resultCount->setText(tr("%1 of %n answer(s)", nullptr, m_results->rowCount()).arg(m_resultFilter->rowCount()));
}

void EvaluationsPage::setResultFilter(const QString &scorer, EvalResultFilterModel::Verdict verdict)
{
    const int scorerIndex = m_scorerFilter->findData(scorer);
    m_scorerFilter->setCurrentIndex(scorerIndex < 0 ? 0 : scorerIndex);
    m_verdictFilter->setCurrentIndex(m_verdictFilter->findData(int(verdict)));
}

void EvaluationsPage::selectResult(int row)
{
    const QModelIndex index = m_resultFilter->index(row, 0);
    if (index.isValid())
        m_resultView->selectionModel()->setCurrentIndex(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void EvaluationsPage::showResultItem()
{
    const QModelIndex current = m_resultView->currentIndex();
    m_resultItem->clear();
    if (!current.isValid())
        return;
    const EvalResultRecord &result = m_results->result(m_resultFilter->mapToSource(current).row());

    // Written with a cursor rather than as HTML, so that the texts show exactly as stored.
    QTextCursor cursor(m_resultItem->document());
    QTextCharFormat heading;
    heading.setFontWeight(QFont::Bold);
    const QTextCharFormat body;
    QTextBlockFormat headingBlock;
    headingBlock.setTopMargin(8);
    const QTextBlockFormat bodyBlock;
    bool first = true;
    const auto section = [&](const QString &title, const QString &text) {
        if (!first)
            cursor.insertBlock(headingBlock);
        first = false;
        cursor.insertText(title, heading);
        cursor.insertBlock(bodyBlock);
        cursor.insertText(text, body);
    };

    section(tr("Item %1, repeat %2").arg(EvalResultModel::itemLabel(result)).arg(result.repeat + 1),
            tr("%1 · %n attempt(s)", nullptr, result.attempts).arg(milliseconds(result.latencyMs)));
    section(tr("Input"), inputText(result.inputJson));
    section(tr("Expected"), result.expected.value_or(tr("(none)")));
    section(tr("Output"), result.output);
    if (result.errorClass != ErrorClass::None)
        section(tr("Error"), u"%1: %2"_s.arg(errorClassKey(result.errorClass), result.errorMessage));
    QStringList verdicts;
    for (const EvalScoreRecord &score : result.scores) {
        const QString value = score.score ? QString::number(*score.score, 'f', 3) : tr("not scorable");
        const QString verdict = !score.scorable() ? QString() : score.passed ? tr("pass") : tr("fail");
        verdicts << u"%1: %2 %3 — %4"_s.arg(score.scorer, value, verdict, score.explanation);
    }
    section(tr("Scores"), verdicts.join(u"\n"_s));
    m_resultItem->moveCursor(QTextCursor::Start);
}

void EvaluationsPage::updateProgressRow()
{
    const auto summary = m_shownRun ? m_runs->runById(*m_shownRun) : std::nullopt;
    const bool active = m_activeRun && m_shownRun == m_activeRun;
    const bool unfinished = summary && summary->run.status != EvalRunStatus::Finished;
    const bool shown = active || unfinished || (m_activeRun && !m_shownRun);
    m_progress->setVisible(shown);
    m_cancelButton->setVisible(shown);
    m_resumeButton->setVisible(shown);
    if (!shown)
        return;

    qint64 done = 0;
    qint64 total = 0;
    if (active || !summary) {
        done = m_activeProgress.done;
        total = m_activeProgress.total;
    } else {
        done = summary->resultCount;
        total = summary->run.itemCount * summary->run.repeats;
    }
    m_progress->setRange(0, int(std::max<qint64>(1, total)));
    m_progress->setValue(int(std::min(done, std::max<qint64>(1, total))));
    m_progress->setFormat(tr("%1 of %2 answers (%p%)").arg(done).arg(total));
}

// The trend chart

void EvaluationsPage::setTrendScorer(const QString &scorer)
{
    const int index = m_trendScorer->findText(scorer);
    if (index >= 0)
        m_trendScorer->setCurrentIndex(index);
}

void EvaluationsPage::showTrend(const QString &suiteName, const std::vector<EvalTrendPoint> &points)
{
    if (suiteName != selectedSuite())
        return;
    m_trendSuite = suiteName;
    m_trendPoints = points;

    const QString chosen = m_trendScorer->currentText();
    {
        const QSignalBlocker blocker(m_trendScorer);
        m_trendScorer->clear();
        m_trendScorer->addItems(EvalTrendModel::scorersOf(points));
        const int index = m_trendScorer->findText(chosen);
        m_trendScorer->setCurrentIndex(index < 0 ? 0 : index);
    }
    drawTrend();
}

void EvaluationsPage::drawTrend()
{
    const QString scorer = m_trendScorer->currentText();
    m_trend->setPoints(m_trendPoints, scorer);

    // Qt Charts' adapter draws a fixed set of lines; another set of endpoints makes a new chart.
    if (!m_trendAdapter || m_trend->seriesNames() != m_trendSeries) {
        delete m_trendAdapter;
        auto *chart = new QChart;
        chart->legend()->setAlignment(Qt::AlignBottom);
        chart->setMargins(QMargins(4, 4, 4, 4));
        std::vector<ChartModelAdapter::Line> lines;
        for (int column = 1; column <= m_trend->seriesNames().size(); ++column)
            lines.push_back({column, m_trend->seriesNames()[column - 1]});
        m_trendAdapter = new ChartModelAdapter(m_trend, chart, std::move(lines), tr("mean score"),
                                               ChartModelAdapter::Scale::Fraction, this);
        QChart *previous = m_trendView->chart();
        m_trendView->setChart(chart);
        delete previous;
        m_trendSeries = m_trend->seriesNames();
    }

    QChart *chart = m_trendView->chart();
    if (m_trend->rowCount() == 0) {
        chart->setTitle(m_trendSuite.isEmpty() ? tr("Select a suite to see its trend")
                                               : tr("No finished run of %1 yet").arg(m_trendSuite));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_trendAdapter->setTimeRange(now - 3'600'000, now);
        return;
    }
    chart->setTitle(tr("Mean %1 score of %2, one point a finished run").arg(scorer, m_trendSuite));
    const qint64 first = m_trend->firstTimeMs();
    const qint64 last = m_trend->lastTimeMs();
    const qint64 padding = std::max<qint64>((last - first) / 20, kMinimumTrendPaddingMs);
    m_trendAdapter->setTimeRange(first - padding, last + padding);
}

// State

QByteArray EvaluationsPage::saveLayout() const
{
    QByteArray state;
    QDataStream out(&state, QIODevice::WriteOnly);
    out << kLayoutVersion << m_splitter->saveState() << m_leftSplitter->saveState() << m_rightSplitter->saveState()
        << m_resultSplitter->saveState();
    return state;
}

void EvaluationsPage::restoreLayout(const QByteArray &state)
{
    if (state.isEmpty())
        return;
    QDataStream in(state);
    quint8 version = 0;
    QByteArray main;
    QByteArray left;
    QByteArray right;
    QByteArray results;
    in >> version >> main >> left >> right >> results;
    if (version != kLayoutVersion || in.status() != QDataStream::Ok)
        return;
    m_splitter->restoreState(main);
    m_leftSplitter->restoreState(left);
    m_rightSplitter->restoreState(right);
    m_resultSplitter->restoreState(results);
}

void EvaluationsPage::showStatus(const QString &text)
{
    m_status->setText(text);
}

} // namespace llmops
