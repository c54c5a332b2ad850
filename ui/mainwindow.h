// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "consolesettings.h"
#include "dataset.h"
#include "prompt.h"

#include <QMainWindow>
#include <QPointer>
#include <QSet>

#include <optional>

class QLabel;
class QMessageBox;
class QTabWidget;
class QTimer;

namespace llmops {

class ConsoleBackend;
class DashboardPage;
class EvaluationsPage;
class PlaygroundPage;
class TracesPage;
struct TraceReceiverStatus;
class EndpointPanel;
class EndpointStatusModel;
struct DashboardSnapshot;
struct RequestRecord;

/// The console's window: the endpoint list beside a set of pages. Holds no data of its own;
/// it asks the backend and shows what comes back.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(ConsoleBackend *backend, QWidget *parent = nullptr);
    ~MainWindow() override;

    DashboardPage *dashboard() const { return m_dashboard; }
    TracesPage *traces() const { return m_traces; }
    PlaygroundPage *playground() const { return m_playground; }
    EvaluationsPage *evaluations() const { return m_evaluations; }
    QLabel *receiverLabel() const { return m_receiverLabel; }
    EndpointPanel *endpointPanel() const { return m_panel; }
    EndpointStatusModel *endpointModel() const { return m_endpoints; }

public Q_SLOTS:
    /// Asks for fresh dashboard figures; several calls within a short time make one query.
    void scheduleRefresh();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void restoreSettings();
    void saveSettings();
    void refreshNow();
    void showSnapshot(const DashboardSnapshot &snapshot);
    void noteProbeStarted(qint64 endpointId);
    void showProbeOutcome(const RequestRecord &record);
    void forgetProbe(qint64 endpointId);
    void addEndpoint();
    void editEndpoint(qint64 endpointId);
    void removeEndpoint(qint64 endpointId);
    void showError(const QString &message);
    void applyReceiverSettings();
    void showReceiverStatus(const TraceReceiverStatus &status);
    void askReceiverAddress();
    void editPrices();
    void openPromptLibrary();
    void savePromptToLibrary(const PromptContent &content, const QString &suggestedName);
    /// Asks which dataset `item` goes to and has it added; `message` names the new version.
    void addToDataset(const DatasetItem &item, const QString &what, const QString &message);
    /// Opens the raw view of the selected endpoint's server metrics.
    void browseServerMetrics();

    ConsoleBackend *m_backend;
    ConsoleSettings m_settings;
    EndpointStatusModel *m_endpoints;
    EndpointPanel *m_panel;
    QTabWidget *m_pages;
    DashboardPage *m_dashboard;
    TracesPage *m_traces;
    PlaygroundPage *m_playground;
    EvaluationsPage *m_evaluations;
    QTimer *m_refreshCoalescer;
    QTimer *m_rangeTicker;
    QLabel *m_probeActivity;
    QLabel *m_storeLabel;
    QLabel *m_receiverLabel;
    QAction *m_receiveTraces = nullptr;
    /// The endpoint to select once the list holds it (restored, or just added).
    QString m_pendingSelection;
    /// The dataset the last call was added to, offered first for the next.
    QString m_lastDataset;
    QSet<qint64> m_probesInFlight;
    /// The failure box while it is open; it deletes itself when closed.
    QPointer<QMessageBox> m_errorBox;
};

} // namespace llmops
