// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "mainwindow.h"

#include "addtodatasetdialog.h"
#include "applicationidentity.h"
#include "consolebackend.h"
#include "dashboardpage.h"
#include "datasetversionmodel.h"
#include "endpointdialog.h"
#include "endpointpanel.h"
#include "endpointstatusmodel.h"
#include "evaluationspage.h"
#include "metricsbrowser.h"
#include "playgroundpage.h"
#include "pricesdialog.h"
#include "promptlibrarydialog.h"
#include "savepromptdialog.h"
#include "tracespage.h"
#include "traceview.h"

#include <QApplication>
#include <QCloseEvent>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {
/// Probes finishing close together repaint once.
constexpr int kRefreshCoalesceMs = 250;
/// The dashboard's range ends at "now", so it moves even when nothing is measured.
constexpr int kRangeSlideMs = 15'000;
} // namespace

MainWindow::MainWindow(ConsoleBackend *backend, QWidget *parent)
    : QMainWindow(parent)
    , m_backend(backend)
    , m_endpoints(new EndpointStatusModel(this))
    , m_panel(new EndpointPanel(m_endpoints, this))
    , m_pages(new QTabWidget(this))
    , m_dashboard(new DashboardPage(this))
    , m_traces(new TracesPage(this))
    , m_playground(new PlaygroundPage(m_endpoints, this))
    , m_evaluations(new EvaluationsPage(m_backend, m_endpoints, this))
    , m_refreshCoalescer(new QTimer(this))
    , m_rangeTicker(new QTimer(this))
    , m_probeActivity(new QLabel(this))
    , m_storeLabel(new QLabel(this))
    , m_receiverLabel(new QLabel(this))
{
    setWindowTitle(tr("LLMOps Console"));
    setObjectName(u"MainWindow"_s);

    m_pages->setDocumentMode(true);
    m_pages->addTab(m_dashboard, tr("&Dashboard"));
    m_pages->addTab(m_traces, tr("&Traces"));
    m_pages->addTab(m_playground, tr("&Playground"));
    m_pages->addTab(m_evaluations, tr("Ev&aluations"));
    // The endpoint list belongs to the dashboard; traces get the whole width.
    connect(m_pages, &QTabWidget::currentChanged, this,
            [this] { m_panel->setVisible(m_pages->currentWidget() == m_dashboard); });

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(u"mainSplitter"_s);
    splitter->addWidget(m_panel);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({240, 960});
    setCentralWidget(splitter);

    m_storeLabel->setText(tr("Store: %1").arg(m_backend->storePath()));
    statusBar()->addWidget(m_probeActivity, 1);
    statusBar()->addPermanentWidget(m_receiverLabel);
    statusBar()->addPermanentWidget(m_storeLabel);

    m_refreshCoalescer->setSingleShot(true);
    m_refreshCoalescer->setInterval(kRefreshCoalesceMs);
    connect(m_refreshCoalescer, &QTimer::timeout, this, &MainWindow::refreshNow);
    m_rangeTicker->setInterval(kRangeSlideMs);
    connect(m_rangeTicker, &QTimer::timeout, this, &MainWindow::scheduleRefresh);
    m_rangeTicker->start();

    connect(m_backend, &ConsoleBackend::dashboardReady, this, &MainWindow::showSnapshot);
    connect(m_backend, &ConsoleBackend::probeStarted, this, &MainWindow::noteProbeStarted);
    connect(m_backend, &ConsoleBackend::probeFinished, this, &MainWindow::showProbeOutcome);
    connect(m_backend, &ConsoleBackend::probeDropped, this, &MainWindow::forgetProbe);
    connect(m_backend, &ConsoleBackend::endpointsChanged, this, &MainWindow::scheduleRefresh);
    // A scrape of the endpoint shown moves its server panels.
    connect(m_backend, &ConsoleBackend::scrapeFinished, this, [this](const ScrapeRecord &scrape) {
        if (m_panel->selectedEndpointId() == scrape.endpointId)
            scheduleRefresh();
    });
    connect(m_backend, &ConsoleBackend::endpointEditFailed, this, &MainWindow::showError);
    connect(m_backend, &ConsoleBackend::backendFailed, this, &MainWindow::showError);

    connect(m_panel, &EndpointPanel::selectionChanged, this, [this] {
        m_pendingSelection.clear();
        scheduleRefresh();
    });
    connect(m_panel, &EndpointPanel::addRequested, this, &MainWindow::addEndpoint);
    connect(m_panel, &EndpointPanel::editRequested, this, &MainWindow::editEndpoint);
    connect(m_panel, &EndpointPanel::removeRequested, this, &MainWindow::removeEndpoint);
    connect(m_dashboard, &DashboardPage::rangeChanged, this, &MainWindow::scheduleRefresh);

    // The trace explorer asks the backend and is answered by it.
    connect(m_traces, &TracesPage::pageWanted, m_backend, &ConsoleBackend::requestTracePage);
    connect(m_traces, &TracesPage::traceWanted, m_backend, &ConsoleBackend::requestTrace);
    connect(m_traces, &TracesPage::choicesWanted, m_backend, &ConsoleBackend::requestTraceChoices);
    connect(m_backend, &ConsoleBackend::tracePageLoaded, m_traces, &TracesPage::appendPage);
    connect(m_backend, &ConsoleBackend::traceLoaded, m_traces, &TracesPage::showTrace);
    connect(m_backend, &ConsoleBackend::traceChoicesLoaded, m_traces, &TracesPage::setChoices);
    connect(m_backend, &ConsoleBackend::traceQueryFailed, this,
            [this](const QString &message) { statusBar()->showMessage(message, 10'000); });
    connect(m_backend, &ConsoleBackend::traceReceiverStatusChanged, this, &MainWindow::showReceiverStatus);
    connect(m_backend, &ConsoleBackend::spansArrived, m_traces, &TracesPage::noteSpansArrived);
    connect(m_backend, &ConsoleBackend::pricesSaved, this, [this](const PriceTable &table) {
        statusBar()->showMessage(tr("Prices of %n model(s) saved; spans taken in from now on are costed with them.",
                                    nullptr, int(table.prices().size())),
                                 10'000);
    });
    // The playground streams in its own session and stores each run through the backend.
    connect(m_playground, &PlaygroundPage::runCompleted, m_backend, &ConsoleBackend::storePlaygroundRun);
    connect(m_playground, &PlaygroundPage::historyWanted, this, [this] { m_backend->requestPlaygroundRuns(100); });
    connect(m_playground, &PlaygroundPage::runWanted, m_backend, &ConsoleBackend::requestPlaygroundRun);
    connect(m_backend, &ConsoleBackend::playgroundRunStored, m_playground, &PlaygroundPage::noteRunStored);
    connect(m_backend, &ConsoleBackend::playgroundRunStored, m_traces, &TracesPage::noteSpansArrived);
    connect(m_backend, &ConsoleBackend::playgroundRunStored, this, &MainWindow::scheduleRefresh);
    connect(m_backend, &ConsoleBackend::playgroundRunsLoaded, m_playground, &PlaygroundPage::setHistory);
    connect(m_backend, &ConsoleBackend::playgroundRunLoaded, m_playground, &PlaygroundPage::openRun);
    connect(m_backend, &ConsoleBackend::playgroundFailed, this, &MainWindow::showError);
    connect(m_backend, &ConsoleBackend::pricesLoaded, m_playground, &PlaygroundPage::setPrices);
    connect(m_backend, &ConsoleBackend::pricesSaved, m_playground, &PlaygroundPage::setPrices);
    connect(m_playground, &PlaygroundPage::libraryRequested, this, &MainWindow::openPromptLibrary);
    connect(m_playground, &PlaygroundPage::saveToLibraryRequested, this, &MainWindow::savePromptToLibrary);
    connect(m_backend, &ConsoleBackend::promptVersionSaved, m_playground, &PlaygroundPage::noteVersionSaved);
    connect(m_backend, &ConsoleBackend::promptLibraryFailed, this, &MainWindow::showError);
    connect(m_traces->traceView(), &TraceView::openInPlaygroundRequested, this, [this](const PlaygroundSeed &seed) {
        m_playground->openSeed(seed);
        m_pages->setCurrentWidget(m_playground);
    });
    connect(m_traces->traceView(), &TraceView::addToDatasetRequested, this,
            [this](const DatasetItem &item, const QString &what) {
                addToDataset(item, what, tr("Added from the trace explorer"));
            });
    connect(m_playground, &PlaygroundPage::addToDatasetRequested, this,
            [this](const DatasetItem &item, const QString &what) {
                addToDataset(item, what, tr("Added from the playground"));
            });
    connect(m_backend, &ConsoleBackend::datasetItemsAdded, this, [this](const DatasetVersionSummary &saved) {
        statusBar()->showMessage(
            tr("Added to %1@%2 (%n item(s)).", nullptr, int(saved.itemCount)).arg(saved.name).arg(saved.version),
            10'000);
    });
    connect(m_backend, &ConsoleBackend::datasetItemsRefused, this,
            [this](const QString &, const QString &message) { statusBar()->showMessage(message, 10'000); });

    connect(m_dashboard, &DashboardPage::bucketActivated, this, [this](qint64 fromMs, qint64 toMs) {
        m_traces->showTimeRange(fromMs, toMs);
        m_pages->setCurrentWidget(m_traces);
    });

    createMenus();
    restoreSettings();
    scheduleRefresh();

    // The backend starts after the window is made; what needs it waits for the event loop.
    QTimer::singleShot(0, this, [this] {
        applyReceiverSettings();
        m_traces->reload();
        m_backend->requestPrices();
        m_backend->requestPlaygroundRuns(100);
        m_evaluations->reload();
    });
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *endpoints = menuBar()->addMenu(tr("&Endpoints"));
    endpoints->addActions(m_panel->actions());
    endpoints->addSeparator();
    endpoints->addAction(tr("&Probe now"), QKeySequence(Qt::CTRL | Qt::Key_R), this, [this] {
        if (const auto id = m_panel->selectedEndpointId())
            m_backend->probeNow(*id);
        else
            for (const auto &status : m_endpoints->statuses())
                m_backend->probeNow(status.endpoint.id);
    });

    endpoints->addAction(tr("Server &metrics…"), QKeySequence(Qt::CTRL | Qt::Key_M), this,
                         &MainWindow::browseServerMetrics);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Refresh"), QKeySequence::Refresh, this, &MainWindow::refreshNow);
    view->addAction(tr("Show &all endpoints"), QKeySequence(Qt::CTRL | Qt::Key_0), this,
                    [this] { m_panel->view()->clearSelection(); });
    int shortcut = 1;
    for (auto range : kDashboardRanges) {
        view->addAction(rangeLabel(range), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + shortcut++)), this,
                        [this, range] { m_dashboard->setRange(range); });
    }

    QMenu *traces = menuBar()->addMenu(tr("&Traces"));
    traces->addAction(tr("&Find in traces"), QKeySequence::Find, this, [this] {
        m_pages->setCurrentWidget(m_traces);
        m_traces->searchField()->setFocus(Qt::ShortcutFocusReason);
        m_traces->searchField()->selectAll();
    });
    traces->addAction(tr("&Reload traces"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), m_traces,
                      &TracesPage::reload);
    traces->addSeparator();
    m_receiveTraces = traces->addAction(tr("&Receive OTLP traces"));
    m_receiveTraces->setCheckable(true);
    m_receiveTraces->setChecked(m_settings.traceReceiverEnabled());
    connect(m_receiveTraces, &QAction::toggled, this, [this](bool enabled) {
        m_settings.setTraceReceiverEnabled(enabled);
        applyReceiverSettings();
    });
    traces->addAction(tr("Receiver &address…"), this, &MainWindow::askReceiverAddress);
    traces->addSeparator();
    traces->addAction(tr("Model &prices…"), this, &MainWindow::editPrices);

    // The page has the keyboard shortcuts (Ctrl+Enter, Esc, Ctrl+S, Ctrl+L) while it shows.
    QMenu *playground = menuBar()->addMenu(tr("&Playground"));
    playground->addAction(tr("&Run"), this, [this] {
        m_pages->setCurrentWidget(m_playground);
        m_playground->run();
    });
    playground->addAction(tr("&Stop"), m_playground, &PlaygroundPage::stop);
    playground->addSeparator();
    playground->addAction(tr("Prompt &library…"), this, &MainWindow::openPromptLibrary);

    // The page's own actions, with its shortcuts; they work while the page shows, so that
    // its keys may be those of other pages (Esc, Ctrl+Return).
    QMenu *evaluations = menuBar()->addMenu(tr("Ev&aluations"));
    evaluations->addAction(tr("S&how evaluations"), this, [this] { m_pages->setCurrentWidget(m_evaluations); });
    evaluations->addSeparator();
    const QList<QAction *> evaluationActions = m_evaluations->menuActions();
    for (int index = 0; index < evaluationActions.size(); ++index) {
        // Datasets, then suites, then runs.
        if (index == 3 || index == 5)
            evaluations->addSeparator();
        evaluations->addAction(evaluationActions[index]);
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About LLMOps Console"), this, [this] {
        QMessageBox::about(this, tr("About LLMOps Console"),
                           tr("<b>LLMOps Console</b> %1<br>An operations console for large language models "
                              "in production.")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::applyReceiverSettings()
{
    m_backend->configureTraceReceiver(m_settings.traceReceiverEnabled(), m_settings.traceReceiverAddress());
}

void MainWindow::editPrices()
{
    // The dialog opens at once and fills when the store has answered.
    auto *dialog = new PricesDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_backend, &ConsoleBackend::pricesLoaded, dialog, &PricesDialog::setTable, Qt::SingleShotConnection);
    connect(dialog, &PricesDialog::saveRequested, m_backend, &ConsoleBackend::savePrices);
    m_backend->requestPrices();
    dialog->open();
}

void MainWindow::openPromptLibrary()
{
    auto *dialog = new PromptLibraryDialog(m_backend, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (const auto loaded = m_playground->loadedPrompt())
        dialog->selectPrompt(loaded->name, loaded->version);
    connect(dialog, &PromptLibraryDialog::versionChosen, this, [this, dialog](const PromptVersion &version) {
        m_playground->loadPromptVersion(version);
        m_pages->setCurrentWidget(m_playground);
        dialog->accept();
    });
    dialog->open();
}

void MainWindow::savePromptToLibrary(const PromptContent &content, const QString &suggestedName)
{
    SavePromptDialog dialog(suggestedName, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_backend->savePromptVersion(dialog.name(), content, dialog.commitMessage(), loginUserName());
}

void MainWindow::addToDataset(const DatasetItem &item, const QString &what, const QString &message)
{
    QStringList names;
    for (const DatasetVersionSummary &version : m_evaluations->datasetModel()->versions()) {
        if (!names.contains(version.name))
            names.append(version.name);
    }
    names.sort(Qt::CaseInsensitive);
    AddToDatasetDialog dialog(what, names, m_lastDataset, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_lastDataset = dialog.datasetName();
    m_backend->addDatasetItems(m_lastDataset, {item}, message);
}

void MainWindow::browseServerMetrics()
{
    const auto endpointId = m_panel->selectedEndpointId();
    if (!endpointId) {
        statusBar()->showMessage(tr("Select an endpoint to see its server metrics."), 5000);
        return;
    }
    auto *browser = new MetricsBrowser(m_panel->selectedEndpointName(), this);
    browser->setAttribute(Qt::WA_DeleteOnClose);
    const qint64 id = *endpointId;
    connect(m_backend, &ConsoleBackend::metricFamiliesLoaded, browser,
            [browser, id](qint64 endpoint, const std::vector<MetricFamilySummary> &families) {
                if (endpoint == id)
                    browser->setFamilies(families);
            });
    connect(m_backend, &ConsoleBackend::metricChartLoaded, browser,
            [browser, id](qint64 endpoint, const ServerPanel &panel, qint64 fromMs, qint64 toMs, qint64 bucketMs) {
                if (endpoint == id)
                    browser->setChart(panel, fromMs, toMs, bucketMs);
            });
    connect(browser, &MetricsBrowser::chartRequested, this,
            [this, id](const std::string &family) { m_backend->requestMetricChart(id, family, m_dashboard->range()); });
    m_backend->requestMetricFamilies(id);
    browser->open();
}

void MainWindow::askReceiverAddress()
{
    bool ok = false;
    const QString address = QInputDialog::getText(
        this, tr("OTLP receiver address"),
        tr("Address the OTLP/HTTP trace receiver listens on (HOST:PORT). Only this machine can reach "
           "127.0.0.1; any other address lets the network send traces."),
        QLineEdit::Normal, m_settings.traceReceiverAddress(), &ok);
    if (!ok || address.trimmed().isEmpty())
        return;
    m_settings.setTraceReceiverAddress(address.trimmed());
    applyReceiverSettings();
}

void MainWindow::showReceiverStatus(const TraceReceiverStatus &status)
{
    if (status.listening) {
        QString text = tr("Traces: %1 · %n span(s)", nullptr, int(status.spansStored)).arg(status.url);
        if (status.spansRejected > 0 || status.requestsRefused > 0)
            text += tr(" · %1 rejected").arg(status.spansRejected + status.requestsRefused);
        m_receiverLabel->setText(text);
        m_receiverLabel->setToolTip(status.problem.isEmpty() ? tr("Receiving OTLP traces at %1").arg(status.url)
                                                             : tr("Last problem: %1").arg(status.problem));
    } else if (!status.problem.isEmpty()) {
        m_receiverLabel->setText(tr("Traces: not receiving"));
        m_receiverLabel->setToolTip(status.problem);
        statusBar()->showMessage(tr("The trace receiver cannot start: %1").arg(status.problem), 15'000);
    } else {
        m_receiverLabel->setText(tr("Traces: receiver off"));
        m_receiverLabel->setToolTip(tr("Turn it on in the Traces menu."));
    }
}

void MainWindow::restoreSettings()
{
    if (!restoreGeometry(m_settings.windowGeometry()))
        resize(1280, 820);
    restoreState(m_settings.windowState());
    if (auto *splitter = findChild<QSplitter *>(u"mainSplitter"_s); splitter && !m_settings.splitterState().isEmpty())
        splitter->restoreState(m_settings.splitterState());
    m_dashboard->setRange(m_settings.dashboardRange());
    m_pages->setCurrentIndex(std::clamp(m_settings.currentPage(), 0, m_pages->count() - 1));
    m_pendingSelection = m_settings.selectedEndpoint();
    m_playground->restoreDraft(m_settings.playgroundDraft());
    m_evaluations->restoreLayout(m_settings.evaluationsLayout());
    if (const QString suite = m_settings.evaluationsSuite(); !suite.isEmpty())
        m_evaluations->selectSuite(suite);
}

void MainWindow::saveSettings()
{
    m_settings.setWindowGeometry(saveGeometry());
    m_settings.setWindowState(saveState());
    if (auto *splitter = findChild<QSplitter *>(u"mainSplitter"_s))
        m_settings.setSplitterState(splitter->saveState());
    m_settings.setDashboardRange(m_dashboard->range());
    m_settings.setCurrentPage(m_pages->currentIndex());
    m_settings.setPlaygroundDraft(m_playground->draftJson());
    m_settings.setEvaluationsLayout(m_evaluations->saveLayout());
    m_settings.setEvaluationsSuite(m_evaluations->selectedSuite());
    m_settings.setSelectedEndpoint(m_pendingSelection.isEmpty() ? m_panel->selectedEndpointName() : m_pendingSelection);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    // A run still streaming is stopped and stored with what it had, before the store closes.
    // An evaluation run going is cancelled by stop() and waited for; it stays resumable.
    m_playground->finishRunning();
    m_backend->stop();
    event->accept();
}

void MainWindow::scheduleRefresh()
{
    if (!m_refreshCoalescer->isActive())
        m_refreshCoalescer->start();
}

void MainWindow::refreshNow()
{
    m_refreshCoalescer->stop();
    m_backend->requestDashboard(m_panel->selectedEndpointId(), m_dashboard->range());
}

void MainWindow::showSnapshot(const DashboardSnapshot &snapshot)
{
    m_endpoints->setStatuses(snapshot.endpoints);

    // A restored or newly added endpoint is selected once the list holds it.
    if (!m_pendingSelection.isEmpty()) {
        for (const auto &status : snapshot.endpoints) {
            if (status.endpoint.name != m_pendingSelection)
                continue;
            m_pendingSelection.clear();
            if (m_panel->selectedEndpointId() != status.endpoint.id) {
                m_panel->selectEndpoint(status.endpoint.id);
                return; // the selection change asks for this endpoint's dashboard
            }
            break;
        }
    }

    QString title = tr("All endpoints");
    if (snapshot.endpointId) {
        if (const auto endpoint = m_endpoints->endpoint(*snapshot.endpointId))
            title = endpoint->name;
    }
    m_dashboard->showSnapshot(snapshot, title);
}

void MainWindow::noteProbeStarted(qint64 endpointId)
{
    m_probesInFlight.insert(endpointId);
    m_probeActivity->setText(tr("Probing %n endpoint(s)…", nullptr, int(m_probesInFlight.size())));
}

void MainWindow::forgetProbe(qint64 endpointId)
{
    m_probesInFlight.remove(endpointId);
    if (m_probesInFlight.isEmpty())
        m_probeActivity->clear();
    else
        m_probeActivity->setText(tr("Probing %n endpoint(s)…", nullptr, int(m_probesInFlight.size())));
}

void MainWindow::showProbeOutcome(const RequestRecord &record)
{
    m_probesInFlight.remove(record.endpointId);
    QString endpointName;
    if (const auto endpoint = m_endpoints->endpoint(record.endpointId))
        endpointName = endpoint->name;

    const QString outcome = record.status == RequestStatus::Ok
        ? tr("%1 answered in %2 ms").arg(endpointName).arg(record.latencyMs, 0, 'f', 0)
        : tr("%1 failed: %2 %3").arg(endpointName, errorClassKey(record.errorClass), record.errorMessage.left(120));
    m_probeActivity->setText(
        m_probesInFlight.isEmpty() ? outcome : tr("Probing %n endpoint(s)…", nullptr, int(m_probesInFlight.size())));
    scheduleRefresh();
}

void MainWindow::addEndpoint()
{
    EndpointDialog dialog(this);
    dialog.setWindowTitle(tr("Add endpoint"));
    dialog.setTakenNames(m_endpoints->namesExcept(0));
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_pendingSelection = dialog.endpoint().name;
    m_backend->addEndpoint(dialog.endpoint());
}

void MainWindow::editEndpoint(qint64 endpointId)
{
    const auto endpoint = m_endpoints->endpoint(endpointId);
    if (!endpoint)
        return;
    if (endpoint->traced) {
        statusBar()->showMessage(tr("%1 is measured from traces; it has no settings to edit.").arg(endpoint->name),
                                 10'000);
        return;
    }
    EndpointDialog dialog(this);
    dialog.setWindowTitle(tr("Edit endpoint"));
    dialog.setEndpoint(*endpoint);
    dialog.setTakenNames(m_endpoints->namesExcept(endpointId));
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_pendingSelection = dialog.endpoint().name;
    m_backend->updateEndpoint(dialog.endpoint());
}

void MainWindow::removeEndpoint(qint64 endpointId)
{
    const auto endpoint = m_endpoints->endpoint(endpointId);
    if (!endpoint)
        return;
    const QString name = endpoint->name;
    const auto answer = QMessageBox::question(
        this, tr("Remove endpoint"), tr("Remove %1 and every measurement of it? This cannot be undone.").arg(name));
    if (answer == QMessageBox::Yes)
        m_backend->removeEndpoint(endpointId);
}

void MainWindow::showError(const QString &message)
{
    // Probes rewrite the status line every few seconds, so a failure gets a box of its own.
    // A failure that repeats on every refresh shows in the one box already open, not in a
    // pile of them; open() keeps the event loop turning, so probes and charts go on behind it.
    if (!m_errorBox) {
        m_errorBox = new QMessageBox(QMessageBox::Warning, tr("LLMOps Console"), QString(), QMessageBox::Ok, this);
        m_errorBox->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_errorBox->setText(message);
    if (!m_errorBox->isVisible())
        m_errorBox->open();
}

} // namespace llmops
