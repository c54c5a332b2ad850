// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "endpoint.h"
#include "playgroundrun.h"
#include "playgroundsession.h"
#include "pricetable.h"

#include <QFrame>

#include <optional>
#include <vector>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace llmops {

class EndpointStatusModel;

/// One column of the playground: the endpoint and parameters it sends with, the
/// conversation it has had, and the answer streaming in with its live figures (time to
/// first token, tokens per second, token counts, cost). Reasoning and tool calls show in
/// panes of their own, below the answer, once there are any.
class PlaygroundColumn : public QFrame
{
    Q_OBJECT

public:
    PlaygroundColumn(int index, EndpointStatusModel *endpoints, QWidget *parent = nullptr);

    int index() const { return m_index; }
    /// The chosen endpoint; nothing while the list has none.
    std::optional<Endpoint> endpoint() const;
    /// Chooses the endpoint with this name; when the list has none such yet, it is chosen
    /// once the list holds it, and false is returned.
    bool selectEndpoint(const QString &name);
    ChatParameters parameters() const { return m_parameters; }
    void setParameters(const ChatParameters &parameters);
    void setPrices(const PriceTable &prices) { m_prices = prices; }

    /// The turns this column has had: what it sent and what it answered.
    const std::vector<ChatMessage> &conversation() const { return m_conversation; }
    void clearConversation();

    /// A new answer starts: `sent` is the conversation sent with it.
    void beginAnswer(const std::vector<ChatMessage> &sent);
    void applyUpdate(const PlaygroundStreamUpdate &update);
    void finishAnswer(const PlaygroundAnswer &answer);
    /// The answer's cost as the store priced it, once stored.
    void setCost(std::optional<double> costUsd);
    /// Shows a stored answer as if it had just arrived, for reopening a run.
    void showStoredAnswer(const PlaygroundAnswer &answer);

    // What the column shows of its current answer.
    QString answerText() const { return m_answerText; }
    QString reasoningText() const;
    QString toolCallsText() const;
    QString errorText() const;
    QString figuresText() const;
    qint64 shownOutputTokens() const { return m_outputTokens; }
    std::optional<qint64> shownInputTokens() const { return m_inputTokens; }
    std::optional<double> shownTtftMs() const { return m_ttftMs; }
    bool isStreaming() const { return m_streaming; }

    /// "Add to dataset" is offered once the page knows the stored answer this column shows.
    void setAddToDatasetEnabled(bool enabled);
    QPushButton *addToDatasetButton() const { return m_addToDataset; }

Q_SIGNALS:
    void endpointChanged();
    void addToDatasetRequested();

private:
    void reloadEndpoints();
    void editParameters();
    void showToolCalls(const QString &toolCallsJson);
    void showFigures();
    std::optional<double> costSoFar() const;
    void appendTranscript(const QString &text);

    int m_index;
    EndpointStatusModel *m_endpoints;
    ChatParameters m_parameters;
    PriceTable m_prices;
    std::vector<ChatMessage> m_conversation;

    QComboBox *m_endpointBox;
    QPushButton *m_parametersButton;
    QPushButton *m_addToDataset;
    QLabel *m_figures;
    QLabel *m_error;
    QPlainTextEdit *m_transcript;
    QLabel *m_reasoningTitle;
    QPlainTextEdit *m_reasoning;
    QLabel *m_toolCallsTitle;
    QPlainTextEdit *m_toolCalls;

    QString m_answerText;
    qint64 m_outputTokens = 0;
    std::optional<qint64> m_inputTokens;
    std::optional<double> m_ttftMs;
    std::optional<double> m_costUsd;
    /// The decode rate the finished request measured (Ollama's own timing when it gives one).
    std::optional<double> m_measuredRate;
    std::optional<double> m_elapsedMs;
    QString m_finishReason;
    bool m_streaming = false;
    qint64 m_selectedEndpointId = 0;
    QString m_wantedEndpointName;
    /// The user (or a loaded run or prompt) chose the endpoint; otherwise it follows the list.
    bool m_endpointChosen = false;
};

} // namespace llmops
