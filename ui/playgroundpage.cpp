// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "playgroundpage.h"

#include "datasetsources.h"
#include "endpointstatusmodel.h"
#include "messageeditor.h"
#include "playgroundcolumn.h"

#include <QDateTime>
#include <QEventLoop>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

constexpr int kHistoryShown = 100;
constexpr int kEditCoalesceMs = 150;
/// The preview shows this much of each message; the rest is counted.
constexpr qsizetype kPreviewedCharacters = 20000;
/// A cancelled transfer ends within about 50 ms; this is what closing waits for at most.
constexpr int kFinishWaitMs = 3000;
constexpr int kRunIdRole = Qt::UserRole;

QString historyLine(const PlaygroundRunSummary &run)
{
    const QString when = QDateTime::fromMSecsSinceEpoch(run.startedAtMs).toString(u"MM-dd HH:mm:ss"_s);
    QString prompt = run.firstUserText.simplified();
    if (prompt.size() > 48)
        prompt = prompt.first(47) + u'…';
    if (!run.promptName.isEmpty())
        prompt = u"%1@%2 · %3"_s.arg(run.promptName).arg(run.promptVersion.value_or(0)).arg(prompt);
    QString line = u"%1  %2  [%3]"_s.arg(when, prompt, run.endpointNames.join(u", "_s));
    if (run.failedAnswers > 0)
        line += u"  ✗%1"_s.arg(run.failedAnswers);
    return line;
}

} // namespace

PlaygroundPage::PlaygroundPage(EndpointStatusModel *endpoints, QWidget *parent)
    : QWidget(parent)
    , m_endpoints(endpoints)
    , m_session(new PlaygroundSession(this))
    , m_messages(new MessageEditor(this))
    , m_variables(new QTableWidget(0, 2, this))
    , m_preview(new QPlainTextEdit(this))
    , m_editorTabs(new QTabWidget(this))
    , m_history(new QListWidget(this))
    , m_columnCount(new QSpinBox(this))
    , m_runButton(new QPushButton(tr("&Run"), this))
    , m_stopButton(new QPushButton(tr("S&top"), this))
    , m_followUp(new QLineEdit(this))
    , m_followUpButton(new QPushButton(tr("Send &follow-up"), this))
    , m_status(new QLabel(this))
    , m_promptLabel(new QLabel(this))
    , m_columnsLayout(new QHBoxLayout)
    , m_editCoalescer(new QTimer(this))
{
    setObjectName(u"PlaygroundPage"_s);

    // The left side: the prompt's turns, its variables, the rendered preview, the history.
    auto *messagesScroll = new QScrollArea(this);
    messagesScroll->setWidgetResizable(true);
    messagesScroll->setWidget(m_messages);
    m_preview->setObjectName(u"preview"_s);
    m_preview->setReadOnly(true);
    m_editorTabs->addTab(messagesScroll, tr("&Messages"));
    m_editorTabs->addTab(m_preview, tr("Pre&view"));
    m_variables->setObjectName(u"variables"_s);
    m_variables->setHorizontalHeaderLabels({tr("Variable"), tr("Value")});
    m_variables->horizontalHeader()->setStretchLastSection(true);
    m_variables->verticalHeader()->hide();
    m_variables->setMaximumHeight(150);
    m_history->setObjectName(u"history"_s);
    m_history->setToolTip(tr("Past runs; Enter or a double click opens one"));

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    m_promptLabel->setObjectName(u"loadedPrompt"_s);
    leftLayout->addWidget(m_promptLabel);
    leftLayout->addWidget(m_editorTabs, 3);
    leftLayout->addWidget(new QLabel(tr("Variables"), this));
    leftLayout->addWidget(m_variables);
    leftLayout->addWidget(new QLabel(tr("History"), this));
    leftLayout->addWidget(m_history, 1);

    // The right side: the controls, the columns, the follow-up line.
    m_columnCount->setRange(1, PlaygroundSession::kMaxColumns);
    m_columnCount->setPrefix(tr("Columns: "));
    m_columnCount->setObjectName(u"columnCount"_s);
    m_runButton->setObjectName(u"run"_s);
    m_runButton->setToolTip(tr("Send the prompt to every column (Ctrl+Enter)"));
    m_stopButton->setObjectName(u"stop"_s);
    m_stopButton->setToolTip(tr("Stop every transfer (Esc)"));
    auto *save = new QPushButton(tr("Save to &library…"), this);
    save->setToolTip(tr("Save the messages, variables and the first column's parameters as a new version (Ctrl+S)"));
    auto *library = new QPushButton(tr("Prompt li&brary…"), this);
    library->setToolTip(tr("Browse prompts and their versions, and load one (Ctrl+L)"));
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_columnCount);
    controls->addWidget(m_runButton);
    controls->addWidget(m_stopButton);
    controls->addStretch(1);
    controls->addWidget(save);
    controls->addWidget(library);
    m_followUp->setObjectName(u"followUp"_s);
    m_followUp->setPlaceholderText(tr("A follow-up turn for every column's conversation"));
    auto *followUpRow = new QHBoxLayout;
    followUpRow->addWidget(m_followUp, 1);
    followUpRow->addWidget(m_followUpButton);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(controls);
    rightLayout->addWidget(m_status);
    rightLayout->addLayout(m_columnsLayout, 1);
    rightLayout->addLayout(followUpRow);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(u"playgroundSplitter"_s);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({380, 900});
    left->setMinimumWidth(220);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    // Typing is gathered for a moment before the variables and the preview follow it: a long
    // prompt would otherwise be read and laid out again on every key.
    m_editCoalescer->setSingleShot(true);
    m_editCoalescer->setInterval(kEditCoalesceMs);
    connect(m_editCoalescer, &QTimer::timeout, this, &PlaygroundPage::syncVariables);
    connect(m_messages, &MessageEditor::messagesChanged, m_editCoalescer, qOverload<>(&QTimer::start));
    connect(m_variables, &QTableWidget::cellChanged, this, &PlaygroundPage::updatePreview);
    connect(m_editorTabs, &QTabWidget::currentChanged, this, &PlaygroundPage::updatePreview);
    connect(m_columnCount, &QSpinBox::valueChanged, this, &PlaygroundPage::setColumnCount);
    connect(m_runButton, &QPushButton::clicked, this, &PlaygroundPage::run);
    connect(m_stopButton, &QPushButton::clicked, this, &PlaygroundPage::stop);
    connect(m_followUpButton, &QPushButton::clicked, this, [this] { sendFollowUp(m_followUp->text()); });
    connect(m_followUp, &QLineEdit::returnPressed, this, [this] { sendFollowUp(m_followUp->text()); });
    connect(save, &QPushButton::clicked, this, [this] {
        flushEdits();
        Q_EMIT saveToLibraryRequested(promptContent(), m_loadedVersion ? m_loadedVersion->name : QString());
    });
    connect(library, &QPushButton::clicked, this, &PlaygroundPage::libraryRequested);
    connect(m_history, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT runWanted(item->data(kRunIdRole).toLongLong()); });

    // The page's shortcuts work wherever the focus is in its window while the page shows
    // (a shortcut of a hidden widget is not active).
    auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *action = new QShortcut(keys, this);
        action->setContext(Qt::WindowShortcut);
        connect(action, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { run(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] { run(); });
    shortcut(QKeySequence(Qt::Key_Escape), [this] { stop(); });
    shortcut(QKeySequence::Save, [save] { save->click(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_L), [library] { library->click(); });

    connect(m_session, &PlaygroundSession::columnUpdated, this,
            [this](int index, const PlaygroundStreamUpdate &update) {
                if (PlaygroundColumn *target = column(index))
                    target->applyUpdate(update);
            });
    connect(m_session, &PlaygroundSession::columnFinished, this, [this](int index, const PlaygroundAnswer &answer) {
        if (PlaygroundColumn *target = column(index))
            target->finishAnswer(answer);
    });
    connect(m_session, &PlaygroundSession::runFinished, this, [this](const PlaygroundRun &finished) {
        updateButtons();
        showStatus(tr("Run finished; storing it."));
        Q_EMIT runCompleted(finished);
    });

    m_messages->setMessages({{u"system"_s, tr("You are a helpful assistant.")}, {u"user"_s, QString()}});
    m_columnCount->setValue(2);
    setColumnCount(2);
    updateButtons();
}

PlaygroundColumn *PlaygroundPage::column(int index) const
{
    return index >= 0 && index < int(m_columns.size()) ? m_columns[size_t(index)] : nullptr;
}

void PlaygroundPage::setColumnCount(int count)
{
    count = std::clamp(count, 1, PlaygroundSession::kMaxColumns);
    if (m_session->isRunning() || count == columnCount())
        return;
    while (columnCount() < count) {
        auto *added = new PlaygroundColumn(columnCount(), m_endpoints, this);
        added->setPrices(m_prices);
        m_columnsLayout->addWidget(added, 1);
        m_columns.push_back(added);
        connect(added, &PlaygroundColumn::addToDatasetRequested, this, [this, index = added->index()] {
            if (const PlaygroundAnswer *answer = storedAnswerOf(index))
                Q_EMIT addToDatasetRequested(datasetItemFromPlaygroundAnswer(*m_shownRun, *answer),
                                             tr("The answer of column %1").arg(index + 1));
        });
    }
    while (columnCount() > count) {
        delete m_columns.back();
        m_columns.pop_back();
    }
    const QSignalBlocker blocker(m_columnCount);
    m_columnCount->setValue(count);
    updateDatasetActions();
}

const PlaygroundAnswer *PlaygroundPage::storedAnswerOf(int index) const
{
    const PlaygroundColumn *shown = column(index);
    if (!m_shownRun || !shown || shown->isStreaming())
        return nullptr;
    for (const PlaygroundAnswer &answer : m_shownRun->answers) {
        // Only a whole answer is a case to test against; the column may since have been
        // cleared for another prompt.
        if (answer.column == index && answer.request.status == RequestStatus::Ok && answer.text
            && !answer.text->isEmpty() && shown->answerText() == *answer.text)
            return &answer;
    }
    return nullptr;
}

void PlaygroundPage::updateDatasetActions()
{
    for (PlaygroundColumn *each : m_columns)
        each->setAddToDatasetEnabled(storedAnswerOf(each->index()) != nullptr);
}

void PlaygroundPage::syncVariables()
{
    // The table lists exactly the placeholders the messages use; a value typed for a
    // placeholder survives while the placeholder is edited away and back.
    for (const auto &variable : variables())
        m_variableValues.insert(variable.name, variable.value);

    const QStringList names = placeholdersOf(m_messages->messages());
    m_syncingVariables = true;
    m_variables->setRowCount(int(names.size()));
    for (int row = 0; row < names.size(); ++row) {
        auto *name = new QTableWidgetItem(names[row]);
        name->setFlags(name->flags() & ~Qt::ItemIsEditable);
        m_variables->setItem(row, 0, name);
        m_variables->setItem(row, 1, new QTableWidgetItem(m_variableValues.value(names[row])));
    }
    m_syncingVariables = false;
    updatePreview();
}

void PlaygroundPage::flushEdits()
{
    if (m_editCoalescer->isActive()) {
        m_editCoalescer->stop();
        syncVariables();
    }
}

void PlaygroundPage::setVariable(const QString &name, const QString &value)
{
    flushEdits();
    for (int row = 0; row < m_variables->rowCount(); ++row) {
        if (m_variables->item(row, 0)->text() == name) {
            m_variables->item(row, 1)->setText(value);
            return;
        }
    }
    const int row = m_variables->rowCount();
    m_variables->insertRow(row);
    auto *nameItem = new QTableWidgetItem(name);
    nameItem->setFlags(nameItem->flags() & ~Qt::ItemIsEditable);
    m_variables->setItem(row, 0, nameItem);
    m_variables->setItem(row, 1, new QTableWidgetItem(value));
}

std::vector<PromptVariable> PlaygroundPage::variables() const
{
    std::vector<PromptVariable> result;
    for (int row = 0; row < m_variables->rowCount(); ++row) {
        const QTableWidgetItem *name = m_variables->item(row, 0);
        const QTableWidgetItem *value = m_variables->item(row, 1);
        if (name && !name->text().isEmpty())
            result.push_back({name->text(), value ? value->text() : QString()});
    }
    return result;
}

void PlaygroundPage::updatePreview()
{
    if (m_syncingVariables)
        return;
    m_promptLabel->setText(loadedPrompt() ? tr("Prompt %1").arg(loadedPrompt()->toString()) : tr("Unsaved prompt"));
    // Rendered only while it shows; switching to it renders it.
    if (m_editorTabs->currentWidget() != m_preview)
        return;

    const RenderedMessages rendered = renderMessages(m_messages->messages(), variables());
    QStringList blocks;
    for (const auto &message : rendered.messages) {
        QString shown = message.content.left(kPreviewedCharacters);
        if (message.content.size() > kPreviewedCharacters)
            shown += tr("\n… (%n more character(s) not shown)", nullptr,
                        int(message.content.size() - kPreviewedCharacters));
        blocks << u"## "_s % message.role % u"\n"_s % shown;
    }
    if (!rendered.missing.isEmpty())
        blocks.prepend(tr("Variables without a value: %1").arg(rendered.missing.join(u", "_s)));
    m_preview->setPlainText(blocks.join(u"\n\n"_s));
}

PromptContent PlaygroundPage::promptContent() const
{
    PromptContent content;
    content.messages = m_messages->messages();
    content.variables = variables();
    if (const PlaygroundColumn *first = column(0)) {
        content.parameters = first->parameters();
        if (const auto endpoint = first->endpoint())
            content.defaultEndpoint = endpoint->name;
    }
    return content;
}

std::optional<PromptReference> PlaygroundPage::loadedPrompt() const
{
    if (!m_loadedVersion)
        return std::nullopt;
    const PromptContent now = promptContent();
    const PromptContent &loaded = m_loadedVersion->content;
    // Variables' values and the endpoint are the run's own choice; the prompt is its
    // messages and parameters.
    if (now.messages != loaded.messages || now.parameters != loaded.parameters)
        return std::nullopt;
    PromptReference reference;
    reference.name = m_loadedVersion->name;
    reference.version = m_loadedVersion->version;
    return reference;
}

void PlaygroundPage::run()
{
    if (m_session->isRunning())
        return;
    flushEdits();
    const std::vector<ChatMessage> messages = m_messages->messages();
    const RenderedMessages rendered = renderMessages(messages, variables());
    if (!rendered.missing.isEmpty()) {
        showStatus(tr("Give these variables a value first: %1").arg(rendered.missing.join(u", "_s)));
        return;
    }
    const bool anyText = std::any_of(messages.begin(), messages.end(),
                                     [](const ChatMessage &message) { return !message.content.trimmed().isEmpty(); });
    if (!anyText) {
        showStatus(tr("Write a message first."));
        return;
    }

    PlaygroundRun request;
    request.templateMessages = messages;
    request.variables = variables();
    if (const auto reference = loadedPrompt()) {
        request.promptName = reference->name;
        request.promptVersion = reference->version;
    }
    m_conversationId = newConversationId();
    request.conversationId = m_conversationId;

    std::vector<std::vector<ChatMessage>> conversations(m_columns.size(), rendered.messages);
    for (PlaygroundColumn *target : m_columns)
        target->clearConversation();
    m_hasConversation = startRun(std::move(request), conversations);
}

void PlaygroundPage::sendFollowUp(const QString &text)
{
    if (m_session->isRunning() || text.trimmed().isEmpty())
        return;
    if (!m_hasConversation) {
        showStatus(tr("Run the prompt first; a follow-up continues its conversation."));
        return;
    }
    const ChatMessage turn{u"user"_s, text};
    PlaygroundRun request;
    request.templateMessages = {turn};
    request.conversationId = m_conversationId;

    std::vector<std::vector<ChatMessage>> conversations;
    for (const PlaygroundColumn *source : m_columns) {
        std::vector<ChatMessage> conversation = source->conversation();
        conversation.push_back(turn);
        conversations.push_back(std::move(conversation));
    }
    if (startRun(std::move(request), conversations))
        m_followUp->clear();
}

bool PlaygroundPage::startRun(PlaygroundRun run, const std::vector<std::vector<ChatMessage>> &conversations)
{
    std::vector<PlaygroundColumnRequest> requests;
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        const auto endpoint = m_columns[i]->endpoint();
        if (!endpoint) {
            showStatus(tr("Column %1 has no endpoint; add one in the Endpoints menu.").arg(i + 1));
            return false;
        }
        requests.push_back({*endpoint, m_columns[i]->parameters(), conversations[i]});
    }
    if (!m_session->start(std::move(run), requests))
        return false;

    m_shownRun.reset();
    for (std::size_t i = 0; i < m_columns.size(); ++i)
        m_columns[i]->beginAnswer(conversations[i]);
    showStatus(tr("Running on %n column(s)…", nullptr, int(m_columns.size())));
    updateButtons();
    return true;
}

void PlaygroundPage::stop()
{
    if (!m_session->isRunning())
        return;
    m_session->stop();
    showStatus(tr("Stopping…"));
}

void PlaygroundPage::finishRunning()
{
    if (!m_session->isRunning())
        return;
    QEventLoop loop;
    QTimer::singleShot(kFinishWaitMs, &loop, &QEventLoop::quit);
    connect(m_session, &PlaygroundSession::runFinished, &loop, &QEventLoop::quit);
    m_session->stop();
    loop.exec();
}

void PlaygroundPage::updateButtons()
{
    const bool running = m_session->isRunning();
    m_runButton->setEnabled(!running);
    m_stopButton->setEnabled(running);
    m_followUpButton->setEnabled(!running);
    m_columnCount->setEnabled(!running);
}

void PlaygroundPage::showStatus(const QString &text)
{
    m_status->setText(text);
}

QString PlaygroundPage::statusText() const
{
    return m_status->text();
}

void PlaygroundPage::setPrices(const PriceTable &prices)
{
    m_prices = prices;
    for (PlaygroundColumn *target : m_columns)
        target->setPrices(prices);
}

void PlaygroundPage::setHistory(const std::vector<PlaygroundRunSummary> &runs)
{
    m_history->clear();
    for (const auto &run : runs) {
        if (m_history->count() >= kHistoryShown)
            break;
        auto *item = new QListWidgetItem(historyLine(run), m_history);
        item->setData(kRunIdRole, run.id);
    }
}

void PlaygroundPage::noteRunStored(const PlaygroundRun &run)
{
    // Stored answers carry their cost, priced as trace intake prices a call.
    if (run.conversationId == m_conversationId && !m_session->isRunning()) {
        for (const auto &answer : run.answers) {
            if (PlaygroundColumn *target = column(answer.column))
                target->setCost(answer.costUsd);
        }
        m_shownRun = run;
        updateDatasetActions();
    }
    showStatus(tr("Run stored; it is in the history and in the trace explorer (service \"playground\")."));
    Q_EMIT historyWanted();
}

void PlaygroundPage::openRun(const PlaygroundRun &run)
{
    if (m_session->isRunning())
        return;
    if (!run.answers.empty() && run.templateMessages.size() == 1 && run.answers.front().messages.size() > 1) {
        // A follow-up: the prompt is the conversation up to it.
        m_messages->setMessages(run.answers.front().messages);
    } else {
        m_messages->setMessages(run.templateMessages);
    }
    for (const auto &variable : run.variables)
        setVariable(variable.name, variable.value);

    setColumnCount(std::max(1, int(run.answers.size())));
    for (const auto &answer : run.answers) {
        PlaygroundColumn *target = column(answer.column);
        if (!target)
            continue;
        target->selectEndpoint(answer.endpointName);
        target->setParameters(answer.parameters);
        target->showStoredAnswer(answer);
    }
    m_conversationId = run.conversationId;
    m_hasConversation = true;
    m_shownRun = run;
    updateDatasetActions();
    showStatus(tr("Opened the run of %1.").arg(QDateTime::fromMSecsSinceEpoch(run.startedAtMs).toString()));
}

void PlaygroundPage::openSeed(const PlaygroundSeed &seed)
{
    if (m_session->isRunning())
        return;
    m_loadedVersion.reset();
    m_messages->setMessages(seed.messages);
    for (PlaygroundColumn *target : m_columns) {
        target->clearConversation();
        target->setParameters(seed.parameters);
    }
    if (!seed.endpointName.isEmpty() && column(0))
        column(0)->selectEndpoint(seed.endpointName);
    m_hasConversation = false;
    showStatus(seed.model.isEmpty() ? tr("Loaded the traced call's messages and parameters.")
                                    : tr("Loaded the messages and parameters of a call to %1.").arg(seed.model));
}

void PlaygroundPage::loadPromptVersion(const PromptVersion &version)
{
    if (m_session->isRunning())
        return;
    m_loadedVersion = version;
    m_messages->setMessages(version.content.messages);
    for (const auto &variable : version.content.variables)
        setVariable(variable.name, variable.value);
    for (PlaygroundColumn *target : m_columns) {
        target->clearConversation();
        target->setParameters(version.content.parameters);
    }
    if (!version.content.defaultEndpoint.isEmpty() && column(0))
        column(0)->selectEndpoint(version.content.defaultEndpoint);
    m_hasConversation = false;
    updatePreview();
    showStatus(tr("Loaded %1@%2.").arg(version.name).arg(version.version));
}

QByteArray PlaygroundPage::draftJson()
{
    flushEdits();
    nlohmann::ordered_json draft;
    PromptContent content = promptContent();
    content.defaultEndpoint.clear();
    draft["content"] = promptContentToJson(content);
    draft["columns"] = nlohmann::ordered_json::array();
    for (const PlaygroundColumn *source : m_columns) {
        const auto endpoint = source->endpoint();
        draft["columns"].push_back({{"endpoint", endpoint ? endpoint->name.toStdString() : std::string()},
                                    {"parameters", chatParametersToJson(source->parameters())}});
    }
    return QByteArray::fromStdString(draft.dump());
}

void PlaygroundPage::restoreDraft(const QByteArray &json)
{
    const auto draft = nlohmann::ordered_json::parse(json.toStdString(), nullptr, false);
    if (!draft.is_object())
        return;
    QString problem;
    if (const auto content = promptContentFromJson(draft.value("content", nlohmann::ordered_json()), &problem)) {
        m_messages->setMessages(content->messages);
        for (const auto &variable : content->variables)
            setVariable(variable.name, variable.value);
    }

    const auto columns = draft.value("columns", nlohmann::ordered_json::array());
    if (!columns.is_array() || columns.empty())
        return;
    setColumnCount(int(columns.size()));
    for (int index = 0; index < columnCount() && index < int(columns.size()); ++index) {
        const auto &saved = columns[size_t(index)];
        if (!saved.is_object())
            continue;
        column(index)->selectEndpoint(QString::fromStdString(saved.value("endpoint", std::string())));
        if (const auto parameters = chatParametersFromJson(saved.value("parameters", nlohmann::ordered_json()),
                                                           &problem))
            column(index)->setParameters(*parameters);
    }
}

void PlaygroundPage::noteVersionSaved(const PromptVersion &version)
{
    m_loadedVersion = version;
    updatePreview();
    showStatus(tr("Saved as %1@%2.").arg(version.name).arg(version.version));
}

} // namespace llmops
