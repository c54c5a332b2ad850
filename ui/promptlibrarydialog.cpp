// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "promptlibrarydialog.h"

#include "consolebackend.h"
#include "promptdiff.h"
#include "promptlistmodel.h"
#include "promptversionmodel.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBlock>
#include <QTimer>
#include <QVBoxLayout>

namespace llmops {

namespace {

/// Removed lines dark red on pale red, added dark green on pale green: readable whatever
/// the palette's own text colour.
const QColor kRemovedText(140, 0, 0);
const QColor kRemovedBackground(255, 224, 224);
const QColor kAddedText(0, 100, 0);
const QColor kAddedBackground(224, 255, 224);

/// Searching waits for a pause in typing, so that a word typed is one query.
constexpr int kSearchDelayMs = 250;

QTableView *listView(QAbstractItemModel *model, const QString &objectName, const QString &accessibleName,
                     QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setObjectName(objectName);
    view->setAccessibleName(accessibleName);
    view->setModel(model);
    view->setSortingEnabled(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

QPlainTextEdit *readOnlyText(const QString &objectName, const QString &accessibleName, QWidget *parent)
{
    auto *text = new QPlainTextEdit(parent);
    text->setObjectName(objectName);
    text->setAccessibleName(accessibleName);
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return text;
}

QSortFilterProxyModel *sortedBy(QAbstractItemModel *source, int sortRole, QObject *parent)
{
    auto *sorted = new QSortFilterProxyModel(parent);
    sorted->setSourceModel(source);
    sorted->setSortRole(sortRole);
    return sorted;
}

/// Makes the row current in a view over a sorting proxy; true when it already was.
bool makeCurrent(QTableView *view, QSortFilterProxyModel *sorted, int sourceRow)
{
    const QModelIndex index = sorted->mapFromSource(sorted->sourceModel()->index(sourceRow, 0));
    if (view->currentIndex().row() == index.row() && view->currentIndex().isValid())
        return true;
    view->setCurrentIndex(index);
    return false;
}

} // namespace

PromptLibraryDialog::PromptLibraryDialog(ConsoleBackend *backend, QWidget *parent)
    : QDialog(parent)
    , m_backend(backend)
    , m_prompts(new PromptListModel(this))
    , m_versions(new PromptVersionModel(this))
    , m_sortedPrompts(sortedBy(m_prompts, PromptListModel::SortRole, this))
    , m_sortedVersions(sortedBy(m_versions, PromptVersionModel::SortRole, this))
    , m_search(new QLineEdit(this))
    , m_searchDelay(new QTimer(this))
    , m_promptTable(listView(m_sortedPrompts, QStringLiteral("promptTable"), tr("Prompts"), this))
    , m_versionTable(listView(m_sortedVersions, QStringLiteral("versionTable"), tr("Versions"), this))
    , m_content(readOnlyText(QStringLiteral("promptContent"), tr("Version content"), this))
    , m_diffFrom(new QComboBox(this))
    , m_diffTo(new QComboBox(this))
    , m_diff(readOnlyText(QStringLiteral("promptDiff"), tr("Differences"), this))
    , m_moveLabel(new QPushButton(tr("Move &label…"), this))
    , m_load(new QPushButton(tr("&Load into playground"), this))
    , m_status(new QLabel(this))
{
    setWindowTitle(tr("Prompt library"));
    m_search->setObjectName(QStringLiteral("promptSearch"));
    m_search->setPlaceholderText(tr("Search names, commit messages and messages"));
    m_search->setAccessibleName(tr("Search prompts"));
    m_search->setClearButtonEnabled(true);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(kSearchDelayMs);
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, &PromptLibraryDialog::requestPrompts);

    m_promptTable->sortByColumn(PromptListModel::NameColumn, Qt::AscendingOrder);
    m_promptTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_promptTable->horizontalHeader()->setStretchLastSection(true);
    m_versionTable->sortByColumn(PromptVersionModel::VersionColumn, Qt::DescendingOrder);
    m_versionTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_versionTable->horizontalHeader()->setStretchLastSection(false);
    m_versionTable->horizontalHeader()->setSectionResizeMode(PromptVersionModel::MessageColumn, QHeaderView::Stretch);
    connect(m_promptTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PromptLibraryDialog::promptSelected);
    connect(m_versionTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PromptLibraryDialog::versionSelected);

    m_diffFrom->setObjectName(QStringLiteral("diffFrom"));
    m_diffFrom->setAccessibleName(tr("Compare from"));
    m_diffTo->setObjectName(QStringLiteral("diffTo"));
    m_diffTo->setAccessibleName(tr("Compare to"));
    connect(m_diffFrom, &QComboBox::currentIndexChanged, this, &PromptLibraryDialog::showDiff);
    connect(m_diffTo, &QComboBox::currentIndexChanged, this, &PromptLibraryDialog::showDiff);

    m_moveLabel->setObjectName(QStringLiteral("moveLabelButton"));
    m_load->setObjectName(QStringLiteral("loadButton"));
    m_moveLabel->setEnabled(false);
    m_load->setEnabled(false);
    connect(m_moveLabel, &QPushButton::clicked, this, &PromptLibraryDialog::askLabel);
    connect(m_load, &QPushButton::clicked, this, [this] {
        if (const auto version = selectedVersion())
            Q_EMIT versionChosen(*version);
    });
    m_status->setObjectName(QStringLiteral("promptStatus"));
    m_status->setWordWrap(true);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_promptTable, 1);

    auto *diffPage = new QWidget(this);
    auto *choices = new QHBoxLayout;
    choices->addWidget(new QLabel(tr("From"), diffPage));
    choices->addWidget(m_diffFrom, 1);
    choices->addWidget(new QLabel(tr("to"), diffPage));
    choices->addWidget(m_diffTo, 1);
    auto *diffLayout = new QVBoxLayout(diffPage);
    diffLayout->addLayout(choices);
    diffLayout->addWidget(m_diff, 1);

    auto *tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("versionTabs"));
    tabs->addTab(m_content, tr("&Content"));
    tabs->addTab(diffPage, tr("&Differences"));

    auto *right = new QSplitter(Qt::Vertical, this);
    right->addWidget(m_versionTable);
    right->addWidget(tabs);
    right->setStretchFactor(1, 2);

    auto *panes = new QSplitter(Qt::Horizontal, this);
    panes->addWidget(left);
    panes->addWidget(right);
    panes->setStretchFactor(1, 2);
    panes->setSizes({420, 680});

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_moveLabel, QDialogButtonBox::ActionRole);
    buttons->addButton(m_load, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(panes, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(1100, 680);

    connect(m_backend, &ConsoleBackend::promptsLoaded, this, &PromptLibraryDialog::showPrompts);
    connect(m_backend, &ConsoleBackend::promptVersionsLoaded, this, &PromptLibraryDialog::showVersions);
    connect(m_backend, &ConsoleBackend::promptLibraryFailed, this, &PromptLibraryDialog::showFailure);
    // A label moved or a version saved (here or in the playground) shows in both lists.
    connect(m_backend, &ConsoleBackend::promptLabelSet, this, &PromptLibraryDialog::requestPrompts);
    connect(m_backend, &ConsoleBackend::promptVersionSaved, this, &PromptLibraryDialog::requestPrompts);
    requestPrompts();
}

void PromptLibraryDialog::requestPrompts()
{
    m_backend->requestPrompts(++m_generation, m_search->text());
}

void PromptLibraryDialog::showPrompts(quint64 generation, const std::vector<PromptSummary> &prompts)
{
    if (generation != m_generation)
        return;
    m_prompts->setPrompts(prompts);
    if (prompts.empty()) {
        showVersions(m_wantedPrompt, {});
        return;
    }

    // The prompt shown stays shown while the list holds it; the first one otherwise.
    int row = m_prompts->rowOfName(m_wantedPrompt);
    if (row < 0) {
        row = m_sortedPrompts->mapToSource(m_sortedPrompts->index(0, 0)).row();
        m_wantedVersion.reset();
    }
    if (makeCurrent(m_promptTable, m_sortedPrompts, row))
        promptSelected();
}

void PromptLibraryDialog::selectPrompt(const QString &name, std::optional<int> version)
{
    m_wantedPrompt = name;
    m_wantedVersion = version;
    const int row = m_prompts->rowOfName(name);
    if (row >= 0 && makeCurrent(m_promptTable, m_sortedPrompts, row))
        promptSelected();

    // The versions shown already are this prompt's: the version is selected without a wait.
    const int versionRow = version && m_versions->promptName() == name ? m_versions->rowOfVersion(*version) : -1;
    if (versionRow >= 0 && makeCurrent(m_versionTable, m_sortedVersions, versionRow))
        versionSelected();
}

void PromptLibraryDialog::promptSelected()
{
    // A reset of the list clears the current row before the prompt shown is selected again.
    const QModelIndex current = m_promptTable->currentIndex();
    if (!current.isValid())
        return;
    const QString name = current.data(PromptListModel::NameRole).toString();
    if (name != m_wantedPrompt) {
        m_wantedPrompt = name;
        m_wantedVersion.reset();
    }
    m_backend->requestPromptVersions(name);
}

void PromptLibraryDialog::showVersions(const QString &name, const std::vector<PromptVersion> &versions)
{
    if (name != m_wantedPrompt)
        return;
    m_versions->setVersions(versions);
    fillDiffChoices();
    if (versions.empty()) {
        m_content->clear();
        m_diff->clear();
        m_moveLabel->setEnabled(false);
        m_load->setEnabled(false);
        return;
    }

    int row = m_wantedVersion ? m_versions->rowOfVersion(*m_wantedVersion) : -1;
    if (row < 0)
        row = m_sortedVersions->mapToSource(m_sortedVersions->index(0, 0)).row();
    if (makeCurrent(m_versionTable, m_sortedVersions, row))
        versionSelected();
}

std::optional<PromptVersion> PromptLibraryDialog::selectedVersion() const
{
    const QModelIndex current = m_versionTable->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    return m_versions->version(m_sortedVersions->mapToSource(current).row());
}

void PromptLibraryDialog::versionSelected()
{
    const auto version = selectedVersion();
    m_moveLabel->setEnabled(version.has_value());
    m_load->setEnabled(version.has_value());
    if (!version)
        return;
    m_wantedVersion = version->version;
    m_content->setPlainText(promptText(version->content));

    // The selected version against the one before it, unless another pair is chosen.
    int previous = version->version;
    for (const auto &other : m_versions->versions()) {
        if (other.version < version->version && (previous == version->version || other.version > previous))
            previous = other.version;
    }
    const QSignalBlocker blockFrom(m_diffFrom);
    const QSignalBlocker blockTo(m_diffTo);
    m_diffFrom->setCurrentIndex(m_diffFrom->findData(previous));
    m_diffTo->setCurrentIndex(m_diffTo->findData(version->version));
    showDiff();
}

void PromptLibraryDialog::fillDiffChoices()
{
    const QSignalBlocker blockFrom(m_diffFrom);
    const QSignalBlocker blockTo(m_diffTo);
    m_diffFrom->clear();
    m_diffTo->clear();
    for (const auto &version : m_versions->versions()) {
        const QString text = version.commitMessage.isEmpty()
            ? tr("Version %1").arg(version.version)
            : tr("Version %1: %2").arg(QString::number(version.version), version.commitMessage);
        m_diffFrom->addItem(text, version.version);
        m_diffTo->addItem(text, version.version);
    }
}

std::optional<PromptVersion> PromptLibraryDialog::versionChosenIn(const QComboBox *box) const
{
    const int row = box->currentIndex() < 0 ? -1 : m_versions->rowOfVersion(box->currentData().toInt());
    if (row < 0)
        return std::nullopt;
    return m_versions->version(row);
}

void PromptLibraryDialog::showDiff()
{
    const auto from = versionChosenIn(m_diffFrom);
    const auto to = versionChosenIn(m_diffTo);
    m_diff->clear();
    if (!from || !to)
        return;
    const PromptDiff diff = diffPromptVersions(*from, *to);
    if (!diff.hasChanges()) {
        m_diff->setPlainText(
            tr("%1 and %2 hold the same messages, variables and parameters.").arg(diff.fromName, diff.toName));
        return;
    }

    QTextCursor cursor(m_diff->document());
    bool first = true;
    for (const auto &line : diff.lines) {
        QTextBlockFormat block;
        QTextCharFormat text;
        QChar mark = u' ';
        if (line.kind == PromptDiffLine::Kind::Removed) {
            block.setBackground(kRemovedBackground);
            text.setForeground(kRemovedText);
            mark = u'-';
        } else if (line.kind == PromptDiffLine::Kind::Added) {
            block.setBackground(kAddedBackground);
            text.setForeground(kAddedText);
            mark = u'+';
        }
        if (first)
            cursor.setBlockFormat(block);
        else
            cursor.insertBlock(block);
        first = false;
        cursor.insertText(mark + line.text, text);
    }
}

void PromptLibraryDialog::askLabel()
{
    const auto version = selectedVersion();
    if (!version)
        return;
    QStringList labels{QStringLiteral("production"), QStringLiteral("staging")};
    const int row = m_prompts->rowOfName(version->name);
    if (row >= 0) {
        for (const auto &[label, number] : m_prompts->prompt(row).labels) {
            if (!labels.contains(label))
                labels << label;
        }
    }

    auto *input = new QInputDialog(this);
    input->setObjectName(QStringLiteral("moveLabelInput"));
    input->setAttribute(Qt::WA_DeleteOnClose);
    input->setWindowTitle(tr("Move label"));
    input->setLabelText(tr("Point this label at %1@%2:").arg(version->name).arg(version->version));
    input->setComboBoxItems(labels);
    input->setComboBoxEditable(true);
    connect(input, &QInputDialog::textValueSelected, this, &PromptLibraryDialog::moveLabelToSelectedVersion);
    input->open();
}

void PromptLibraryDialog::moveLabelToSelectedVersion(const QString &label)
{
    const auto version = selectedVersion();
    if (!version)
        return;
    const QString trimmed = label.trimmed();
    if (!isValidPromptLabel(trimmed)) {
        showFailure(tr("\"%1\" is not a label: use 1 to 64 letters, digits, \"-\", \"_\" and \".\", starting with "
                       "no digit.")
                        .arg(trimmed));
        return;
    }
    m_status->clear();
    m_backend->setPromptLabel(version->name, trimmed, version->version);
}

void PromptLibraryDialog::showFailure(const QString &message)
{
    m_status->setText(message);
}

} // namespace llmops
