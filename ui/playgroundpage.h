// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dataset.h"
#include "playgroundrun.h"
#include "playgroundsession.h"
#include "playgroundtrace.h"
#include "pricetable.h"
#include "prompt.h"

#include <QHash>
#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;
class QTimer;
class QHBoxLayout;

namespace llmops {

class EndpointStatusModel;
class MessageEditor;
class PlaygroundColumn;

/// The prompt playground: one prompt, written once with `{{variable}}` placeholders, sent
/// to one to four endpoints at once; each column streams its answer with live figures.
/// Follow-ups continue every column's own conversation. Each run is handed to the store
/// (runCompleted) and listed in the history, from which it can be opened again.
class PlaygroundPage : public QWidget
{
    Q_OBJECT

public:
    explicit PlaygroundPage(EndpointStatusModel *endpoints, QWidget *parent = nullptr);

    MessageEditor *messageEditor() const { return m_messages; }
    PlaygroundColumn *column(int index) const;
    int columnCount() const { return int(m_columns.size()); }
    void setColumnCount(int count);
    /// Sets a variable's value, adding the variable when the prompt does not use it yet.
    void setVariable(const QString &name, const QString &value);
    std::vector<PromptVariable> variables() const;
    /// What Save to library stores: the messages, variables, the first column's parameters
    /// and endpoint.
    PromptContent promptContent() const;
    /// The library prompt loaded and not changed since, if any.
    std::optional<PromptReference> loadedPrompt() const;
    bool isRunning() const { return m_session->isRunning(); }
    PlaygroundSession *session() const { return m_session; }
    QString statusText() const;

    /// The editor's state for the next start: messages, variables, columns with their
    /// endpoints and parameters, as JSON.
    QByteArray draftJson();
    void restoreDraft(const QByteArray &json);

public Q_SLOTS:
    /// Sends the rendered prompt to every column, each starting a new conversation.
    void run();
    /// Adds a user turn to every column's conversation and sends it.
    void sendFollowUp(const QString &text);
    void stop();
    /// Stops a run that is streaming and waits (a few seconds at most) until its columns
    /// have finished and runCompleted() went out; for closing the window.
    void finishRunning();
    void setPrices(const llmops::PriceTable &prices);
    void setHistory(const std::vector<llmops::PlaygroundRunSummary> &runs);
    /// Shows a stored run: its prompt, variables and every column's answer.
    void openRun(const llmops::PlaygroundRun &run);
    void noteRunStored(const llmops::PlaygroundRun &run);
    /// Loads a traced call's messages and parameters ("Open in playground").
    void openSeed(const llmops::PlaygroundSeed &seed);
    void loadPromptVersion(const llmops::PromptVersion &version);
    /// The editor's prompt was saved as this version: it is the prompt loaded now.
    void noteVersionSaved(const llmops::PromptVersion &version);

Q_SIGNALS:
    /// A run ended in every column; it should be stored.
    void runCompleted(const llmops::PlaygroundRun &run);
    void historyWanted();
    void runWanted(qint64 runId);
    void saveToLibraryRequested(const llmops::PromptContent &content, const QString &suggestedName);
    void libraryRequested();
    /// "Add to dataset" on a column's stored answer: the item it makes; `what` names the
    /// answer for a person.
    void addToDatasetRequested(const llmops::DatasetItem &item, const QString &what);

private:
    void syncVariables();
    /// Brings the variables up to the messages now, when typing is still being gathered.
    void flushEdits();
    void updatePreview();
    void updateButtons();
    bool startRun(PlaygroundRun run, const std::vector<std::vector<ChatMessage>> &conversations);
    void showStatus(const QString &text);
    /// The stored answer a column shows, when it is one worth keeping as a dataset item.
    const PlaygroundAnswer *storedAnswerOf(int index) const;
    void updateDatasetActions();

    EndpointStatusModel *m_endpoints;
    PlaygroundSession *m_session;
    MessageEditor *m_messages;
    QTableWidget *m_variables;
    QPlainTextEdit *m_preview;
    QTabWidget *m_editorTabs;
    QListWidget *m_history;
    QSpinBox *m_columnCount;
    QPushButton *m_runButton;
    QPushButton *m_stopButton;
    QLineEdit *m_followUp;
    QPushButton *m_followUpButton;
    QLabel *m_status;
    QLabel *m_promptLabel;
    QHBoxLayout *m_columnsLayout;
    QTimer *m_editCoalescer;
    std::vector<PlaygroundColumn *> m_columns;
    PriceTable m_prices;
    QHash<QString, QString> m_variableValues;

    /// The library version loaded, and its content, to tell whether the editor still holds it.
    std::optional<PromptVersion> m_loadedVersion;
    QString m_conversationId;
    /// The stored run the columns show; a run has its id, which dataset items are keyed by,
    /// only once stored.
    std::optional<PlaygroundRun> m_shownRun;
    bool m_hasConversation = false;
    bool m_syncingVariables = false;
};

} // namespace llmops
