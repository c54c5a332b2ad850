// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "playgroundcolumn.h"

#include "chatparametersdialog.h"
#include "endpointstatusmodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

QPlainTextEdit *readOnlyPane(QWidget *parent, const QString &objectName)
{
    auto *pane = new QPlainTextEdit(parent);
    pane->setObjectName(objectName);
    pane->setReadOnly(true);
    pane->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    return pane;
}

/// Keeps a pane's view at its end while text is added, unless the user scrolled up to read.
void appendKeepingScroll(QPlainTextEdit *pane, const QString &text)
{
    QScrollBar *bar = pane->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 4;
    QTextCursor cursor(pane->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text);
    if (atEnd)
        bar->setValue(bar->maximum());
}

} // namespace

PlaygroundColumn::PlaygroundColumn(int index, EndpointStatusModel *endpoints, QWidget *parent)
    : QFrame(parent)
    , m_index(index)
    , m_endpoints(endpoints)
    , m_endpointBox(new QComboBox(this))
    , m_parametersButton(new QPushButton(this))
    , m_addToDataset(new QPushButton(tr("Add to dataset…"), this))
    , m_figures(new QLabel(this))
    , m_error(new QLabel(this))
    , m_transcript(readOnlyPane(this, u"answer"_s))
    , m_reasoningTitle(new QLabel(tr("Reasoning"), this))
    , m_reasoning(readOnlyPane(this, u"reasoning"_s))
    , m_toolCallsTitle(new QLabel(tr("Tool calls"), this))
    , m_toolCalls(readOnlyPane(this, u"toolCalls"_s))
{
    setObjectName(u"playgroundColumn%1"_s.arg(index));
    setFrameShape(QFrame::StyledPanel);

    m_endpointBox->setObjectName(u"endpoint"_s);
    m_endpointBox->setToolTip(tr("The endpoint this column sends to"));
    m_parametersButton->setObjectName(u"parameters"_s);
    m_parametersButton->setToolTip(tr("Temperature, top p, max tokens, stop sequences, seed, JSON output, tools"));
    // Long figures or parameters must not widen the column: the columns share the width.
    m_figures->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_parametersButton->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_addToDataset->setObjectName(u"addToDataset"_s);
    m_addToDataset->setToolTip(tr("Keep this answer and what was sent for it as a dataset item"));
    m_addToDataset->setEnabled(false);
    m_endpointBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_endpointBox->setMinimumContentsLength(8);
    m_figures->setObjectName(u"figures"_s);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setObjectName(u"error"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(u"color: #b00020"_s);
    m_error->hide();
    m_reasoning->setMaximumHeight(120);
    m_toolCalls->setMaximumHeight(140);
    for (QWidget *pane : {static_cast<QWidget *>(m_reasoningTitle), static_cast<QWidget *>(m_reasoning),
                          static_cast<QWidget *>(m_toolCallsTitle), static_cast<QWidget *>(m_toolCalls)})
        pane->hide();

    auto *header = new QHBoxLayout;
    header->addWidget(new QLabel(tr("Column %1").arg(index + 1), this));
    header->addWidget(m_endpointBox, 1);
    header->addWidget(m_addToDataset);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_parametersButton);
    layout->addWidget(m_figures);
    layout->addWidget(m_error);
    layout->addWidget(m_transcript, 1);
    layout->addWidget(m_reasoningTitle);
    layout->addWidget(m_reasoning);
    layout->addWidget(m_toolCallsTitle);
    layout->addWidget(m_toolCalls);

    connect(m_parametersButton, &QPushButton::clicked, this, &PlaygroundColumn::editParameters);
    connect(m_addToDataset, &QPushButton::clicked, this, &PlaygroundColumn::addToDatasetRequested);
    connect(m_endpointBox, &QComboBox::activated, this, [this] {
        m_selectedEndpointId = m_endpointBox->currentData().toLongLong();
        m_endpointChosen = true;
        Q_EMIT endpointChanged();
    });
    connect(m_endpoints, &QAbstractItemModel::modelReset, this, &PlaygroundColumn::reloadEndpoints);
    connect(m_endpoints, &QAbstractItemModel::dataChanged, this, &PlaygroundColumn::reloadEndpoints);
    reloadEndpoints();
    setParameters({});
    showFigures();
}

void PlaygroundColumn::reloadEndpoints()
{
    // Traced endpoints are what applications called; only registered ones can be sent to.
    const QSignalBlocker blocker(m_endpointBox);
    const QString chosenName = m_endpointChosen && m_endpointBox->currentIndex() >= 0 ? m_endpointBox->currentText()
                                                                                      : m_wantedEndpointName;
    m_endpointBox->clear();
    for (const auto &status : m_endpoints->statuses()) {
        if (!status.endpoint.traced)
            m_endpointBox->addItem(status.endpoint.name, status.endpoint.id);
    }
    if (const int wanted = m_endpointBox->findText(m_wantedEndpointName);
        !m_wantedEndpointName.isEmpty() && wanted >= 0) {
        m_selectedEndpointId = m_endpointBox->itemData(wanted).toLongLong();
        m_wantedEndpointName.clear();
        m_endpointChosen = true;
    }

    // Until the user chooses, column N shows the Nth endpoint, so that columns differ. A
    // chosen endpoint that is gone is not swapped for another: the column says so instead.
    const int kept = m_endpointBox->findData(m_selectedEndpointId);
    if (m_endpointChosen && kept >= 0) {
        m_endpointBox->setCurrentIndex(kept);
    } else if (m_endpointChosen) {
        m_endpointBox->setCurrentIndex(-1);
        m_endpointBox->setPlaceholderText(tr("%1 (not registered)").arg(chosenName));
    } else {
        m_endpointBox->setCurrentIndex(std::min(m_index, m_endpointBox->count() - 1));
        m_selectedEndpointId = m_endpointBox->currentData().toLongLong();
    }
}

std::optional<Endpoint> PlaygroundColumn::endpoint() const
{
    if (m_endpointBox->currentIndex() < 0)
        return std::nullopt;
    return m_endpoints->endpoint(m_endpointBox->currentData().toLongLong());
}

bool PlaygroundColumn::selectEndpoint(const QString &name)
{
    const int row = m_endpointBox->findText(name);
    if (row < 0) {
        // The list may not have arrived yet; the name is chosen once it does. Meanwhile the
        // column sends nowhere rather than to another endpoint.
        m_wantedEndpointName = name;
        m_endpointChosen = true;
        m_selectedEndpointId = 0;
        m_endpointBox->setCurrentIndex(-1);
        m_endpointBox->setPlaceholderText(tr("%1 (not registered)").arg(name));
        return false;
    }
    m_endpointBox->setCurrentIndex(row);
    m_selectedEndpointId = m_endpointBox->currentData().toLongLong();
    m_endpointChosen = true;
    Q_EMIT endpointChanged();
    return true;
}

void PlaygroundColumn::setParameters(const ChatParameters &parameters)
{
    m_parameters = parameters;
    m_parametersButton->setText(tr("Parameters: %1").arg(parametersSummary(parameters)));
}

void PlaygroundColumn::editParameters()
{
    ChatParametersDialog dialog(this);
    dialog.setParameters(m_parameters);
    if (dialog.exec() == QDialog::Accepted)
        setParameters(dialog.parameters());
}

void PlaygroundColumn::setAddToDatasetEnabled(bool enabled)
{
    m_addToDataset->setEnabled(enabled);
}

void PlaygroundColumn::clearConversation()
{
    m_addToDataset->setEnabled(false);
    m_conversation.clear();
    m_transcript->clear();
    m_answerText.clear();
    m_reasoning->clear();
    m_toolCalls->clear();
    for (QWidget *pane : {static_cast<QWidget *>(m_reasoningTitle), static_cast<QWidget *>(m_reasoning),
                          static_cast<QWidget *>(m_toolCallsTitle), static_cast<QWidget *>(m_toolCalls),
                          static_cast<QWidget *>(m_error)})
        pane->hide();
    m_outputTokens = 0;
    m_inputTokens.reset();
    m_ttftMs.reset();
    m_costUsd.reset();
    m_measuredRate.reset();
    m_elapsedMs.reset();
    m_finishReason.clear();
    showFigures();
}

void PlaygroundColumn::appendTranscript(const QString &text)
{
    appendKeepingScroll(m_transcript, text);
}

void PlaygroundColumn::beginAnswer(const std::vector<ChatMessage> &sent)
{
    // A follow-up shows the turn it adds; the first turn's prompt is in the editor already.
    if (!m_conversation.empty() && !sent.empty())
        appendTranscript(u"\n\n▶ "_s % sent.back().content % u"\n\n"_s);
    m_conversation = sent;

    m_answerText.clear();
    m_reasoning->clear();
    m_toolCalls->clear();
    m_error->hide();
    m_outputTokens = 0;
    m_inputTokens.reset();
    m_ttftMs.reset();
    m_costUsd.reset();
    m_measuredRate.reset();
    m_elapsedMs = 0.0;
    m_finishReason.clear();
    m_streaming = true;
    m_addToDataset->setEnabled(false);
    m_endpointBox->setEnabled(false);
    m_parametersButton->setEnabled(false);
    showFigures();
}

void PlaygroundColumn::applyUpdate(const PlaygroundStreamUpdate &update)
{
    if (!update.textDelta.isEmpty()) {
        m_answerText += update.textDelta;
        appendTranscript(update.textDelta);
    }
    if (!update.reasoningDelta.isEmpty()) {
        m_reasoningTitle->show();
        m_reasoning->show();
        appendKeepingScroll(m_reasoning, update.reasoningDelta);
    }
    if (!update.toolCallsJson.isEmpty())
        showToolCalls(update.toolCallsJson);

    m_outputTokens = update.outputTokens;
    if (update.inputTokens)
        m_inputTokens = update.inputTokens;
    m_ttftMs = update.ttftMs;
    m_elapsedMs = update.elapsedMs;
    showFigures();
}

void PlaygroundColumn::finishAnswer(const PlaygroundAnswer &answer)
{
    m_streaming = false;
    m_endpointBox->setEnabled(true);
    m_parametersButton->setEnabled(true);

    // The final answer is the assembler's whole text: any piece the updates missed is added.
    const QString text = answer.text.value_or(QString());
    if (text.startsWith(m_answerText) && text.size() > m_answerText.size())
        appendTranscript(text.sliced(m_answerText.size()));
    m_answerText = text;
    if (!answer.reasoning.isEmpty() && m_reasoning->toPlainText() != answer.reasoning) {
        m_reasoning->setPlainText(answer.reasoning);
        m_reasoningTitle->show();
        m_reasoning->show();
    }
    showToolCalls(answer.toolCallsJson);

    const RequestRecord &request = answer.request;
    m_outputTokens = request.outputTokens.value_or(m_outputTokens);
    m_inputTokens = request.inputTokens;
    m_ttftMs = request.ttftMs;
    m_costUsd = answer.costUsd;
    m_measuredRate = request.tokensPerSecond;
    m_elapsedMs = request.latencyMs;
    m_finishReason = request.finishReason;
    showFigures();

    if (request.status != RequestStatus::Ok) {
        const QString status = request.httpStatus ? tr("HTTP %1, ").arg(*request.httpStatus) : QString();
        const QString title = request.status == RequestStatus::Cancelled ? tr("Stopped") : tr("Error");
        m_error->setText(
            tr("%1 (%2%3): %4").arg(title, status, errorClassKey(request.errorClass), request.errorMessage));
        m_error->show();
    }
    m_conversation.push_back({u"assistant"_s, text});
}

void PlaygroundColumn::showStoredAnswer(const PlaygroundAnswer &answer)
{
    clearConversation();
    std::vector<ChatMessage> earlier = answer.messages;
    for (std::size_t i = 0; i + 1 < earlier.size(); ++i) {
        if (earlier[i].role == "system"_L1)
            continue;
        appendTranscript((earlier[i].role == "user"_L1 ? u"▶ "_s : QString()) % earlier[i].content % u"\n\n"_s);
    }
    m_conversation = earlier;
    beginAnswer(earlier);
    finishAnswer(answer);
}

void PlaygroundColumn::showToolCalls(const QString &toolCallsJson)
{
    const auto calls = nlohmann::json::parse(toolCallsJson.toStdString(), nullptr, false);
    if (!calls.is_array() || calls.empty())
        return;

    QStringList lines;
    for (const auto &call : calls) {
        const std::string arguments = call.value("arguments", std::string());
        const auto parsed = nlohmann::json::parse(arguments, nullptr, false);
        const QString shown = parsed.is_discarded() ? QString::fromStdString(arguments)
                                                    : QString::fromStdString(parsed.dump(2));
        lines << tr("%1 (%2)").arg(QString::fromStdString(call.value("name", std::string())),
                                   QString::fromStdString(call.value("id", std::string())))
              << shown;
    }
    m_toolCalls->setPlainText(lines.join(u'\n'));
    m_toolCallsTitle->show();
    m_toolCalls->show();
}

std::optional<double> PlaygroundColumn::costSoFar() const
{
    if (m_costUsd)
        return m_costUsd;
    const auto chosen = endpoint();
    const ModelPrice *price = chosen ? m_prices.find({}, chosen->model.toStdString()) : nullptr;
    if (!price)
        return std::nullopt;
    return costOf(*price, {m_inputTokens.value_or(0), m_outputTokens, 0, 0, 0});
}

void PlaygroundColumn::setCost(std::optional<double> costUsd)
{
    m_costUsd = costUsd;
    showFigures();
}

void PlaygroundColumn::showFigures()
{
    const std::optional<double> &elapsedMs = m_elapsedMs;
    QStringList parts;
    parts << (m_ttftMs ? tr("TTFT %1 ms").arg(*m_ttftMs, 0, 'f', 0) : tr("TTFT –"));
    // The decode rate counts the tokens after the first, over the time after it.
    if (m_measuredRate)
        parts << tr("%1 tok/s").arg(*m_measuredRate, 0, 'f', 0);
    else if (m_ttftMs && elapsedMs && *elapsedMs > *m_ttftMs && m_outputTokens > 1)
        parts << tr("%1 tok/s").arg(double(m_outputTokens - 1) / ((*elapsedMs - *m_ttftMs) / 1000.0), 0, 'f', 0);
    else
        parts << tr("– tok/s");
    parts << tr("in %1").arg(m_inputTokens ? QString::number(*m_inputTokens) : u"–"_s);
    parts << tr("out %1").arg(m_outputTokens);
    if (const auto cost = costSoFar())
        parts << tr("$%1").arg(*cost, 0, 'f', 6);
    if (!m_finishReason.isEmpty())
        parts << m_finishReason;
    // A narrow column clips the line; the tooltip holds all of it.
    m_figures->setText(parts.join(u" · "_s));
    m_figures->setToolTip(parts.join(u"\n"_s));
}

QString PlaygroundColumn::reasoningText() const
{
    return m_reasoning->toPlainText();
}

QString PlaygroundColumn::toolCallsText() const
{
    return m_toolCalls->toPlainText();
}

QString PlaygroundColumn::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString PlaygroundColumn::figuresText() const
{
    return m_figures->text();
}

} // namespace llmops
