// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "savepromptdialog.h"

#include "prompt.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace llmops {

SavePromptDialog::SavePromptDialog(const QString &suggestedName, QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(suggestedName, this))
    , m_message(new QLineEdit(this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Save to the prompt library"));
    m_name->setObjectName(u"promptName"_s);
    m_name->setPlaceholderText(tr("letters, digits and - _ ."));
    m_message->setObjectName(u"commitMessage"_s);
    m_message->setPlaceholderText(tr("What changed, for whoever reads the history"));
    m_problem->setStyleSheet(u"color: #b00020"_s);
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Commit message:"), m_message);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SavePromptDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    if (!suggestedName.isEmpty())
        m_message->setFocus();
    resize(460, sizeHint().height());
}

QString SavePromptDialog::name() const
{
    return m_name->text().trimmed();
}

QString SavePromptDialog::commitMessage() const
{
    return m_message->text().trimmed();
}

void SavePromptDialog::accept()
{
    if (!isValidPromptName(name())) {
        m_problem->setText(tr("A name has 1 to 64 letters, digits, and - _ . (no spaces, no @)."));
        return;
    }
    QDialog::accept();
}

} // namespace llmops
