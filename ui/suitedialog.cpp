// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "suitedialog.h"

#include "suitedefinition.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;
using Json = nlohmann::ordered_json;

namespace llmops {

namespace {

/// Checking waits for a pause in typing; a long definition is read once, not on every key.
constexpr int kTypingPauseMs = 200;

} // namespace

SuiteDialog::SuiteDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_editor(new QPlainTextEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this))
    , m_typingPause(new QTimer(this))
{
    setWindowTitle(tr("New evaluation suite"));
    m_name->setObjectName(u"suiteName"_s);
    m_name->setPlaceholderText(tr("letters, digits and - _ ."));
    m_editor->setObjectName(u"suiteDefinition"_s);
    m_editor->setAccessibleName(tr("Suite definition (JSON)"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_editor->setTabChangesFocus(true);
    m_problem->setObjectName(u"suiteProblem"_s);
    m_problem->setStyleSheet(u"color: #b00020"_s);
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *help = new QLabel(tr("Fields: dataset (NAME or NAME@VERSION), prompt (NAME, NAME@3, NAME@label) or "
                               "messages with {{variables}}, parameters, and scorers, each with a type and "
                               "optionally a name and threshold."),
                            this);
    help->setWordWrap(true);
    help->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    auto *definitionLabel = new QLabel(tr("&Definition:"), this);
    definitionLabel->setBuddy(m_editor);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(definitionLabel);
    layout->addWidget(m_editor, 1);
    layout->addWidget(help);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    m_typingPause->setSingleShot(true);
    m_typingPause->setInterval(kTypingPauseMs);
    connect(m_typingPause, &QTimer::timeout, this, &SuiteDialog::validate);
    connect(m_editor, &QPlainTextEdit::textChanged, m_typingPause, qOverload<>(&QTimer::start));
    connect(m_name, &QLineEdit::textChanged, this, &SuiteDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SuiteDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(640, 560);
}

void SuiteDialog::setNewSuite(const QString &definitionJson, const QStringList &takenNames)
{
    setWindowTitle(tr("New evaluation suite"));
    m_takenNames = takenNames;
    m_name->setReadOnly(false);
    m_editor->setPlainText(definitionJson);
    m_name->setFocus();
    validate();
}

void SuiteDialog::setSuite(const QString &name, const QString &definitionJson)
{
    setWindowTitle(tr("Edit suite %1").arg(name));
    m_takenNames.clear();
    m_name->setText(name);
    m_name->setReadOnly(true);
    m_editor->setPlainText(definitionJson);
    m_editor->setFocus();
    validate();
}

QString SuiteDialog::name() const
{
    return m_name->text().trimmed();
}

QString SuiteDialog::definitionJson() const
{
    return m_editor->toPlainText();
}

QString SuiteDialog::problem() const
{
    return m_problem->text();
}

void SuiteDialog::validate()
{
    m_typingPause->stop();
    QString problem;
    if (!isValidPromptName(name()))
        problem = tr("A suite name has 1 to 64 letters, digits, and - _ . (no spaces, no @).");
    else if (m_takenNames.contains(name()))
        problem = tr("There is a suite named %1 already; edit it, or choose another name.").arg(name());
    else if (!readSuiteDefinition(definitionJson().toUtf8(), &problem))
        problem = tr("The definition cannot be used: %1").arg(problem);
    m_problem->setText(problem);
    m_buttons->button(QDialogButtonBox::Save)->setEnabled(problem.isEmpty());
}

void SuiteDialog::accept()
{
    validate();
    if (problem().isEmpty())
        QDialog::accept();
}

QString SuiteDialog::templateFor(const QString &datasetReference, const std::vector<DatasetItem> &sampleItems)
{
    const DatasetItem *sample = sampleItems.empty() ? nullptr : &sampleItems.front();
    Json suite = Json::object();
    suite["dataset"] = datasetReference.toStdString();

    // The user turn names every variable of the items; items that bring their own messages
    // need none.
    if (!sample || !sample->inputs.empty()) {
        QStringList placeholders;
        for (const PromptVariable &variable : sample ? sample->inputs : std::vector<PromptVariable>{})
            placeholders << u"{{"_s + variable.name + u"}}"_s;
        if (placeholders.isEmpty())
            placeholders << u"{{input}}"_s;
        suite["messages"] = Json::array(
            {{{"role", "system"}, {"content", tr("Answer with as few words as you can.").toStdString()}},
             {{"role", "user"}, {"content", placeholders.join(u"\n"_s).toStdString()}}});
    }
    suite["parameters"] = {{"temperature", 0}, {"max_tokens", 32}};

    Json scorers = Json::array();
    if (!sample || sample->expected) {
        scorers.push_back({{"name", "exact"}, {"type", "normalized"}});
        scorers.push_back({{"name", "similarity"}, {"type", "levenshtein"}, {"threshold", 0.5}});
    } else {
        scorers.push_back({{"name", "length"}, {"type", "length"}, {"max", 500}});
    }
    scorers.push_back({{"name", "fast"}, {"type", "latency"}, {"max", 2000}});
    suite["scorers"] = scorers;
    return QString::fromStdString(suite.dump(2));
}

} // namespace llmops
