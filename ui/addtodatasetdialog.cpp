// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "addtodatasetdialog.h"

#include "prompt.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace llmops {

AddToDatasetDialog::AddToDatasetDialog(const QString &what, const QStringList &datasets, const QString &current,
                                       QWidget *parent)
    : QDialog(parent)
    , m_name(new QComboBox(this))
    , m_problem(new QLabel(this))
{
    setWindowTitle(tr("Add to dataset"));
    auto *explanation = new QLabel(tr("%1 becomes an item of the dataset's next version, its answer the expected "
                                      "output. A new name makes a new dataset.")
                                       .arg(what),
                                   this);
    explanation->setWordWrap(true);
    m_name->setObjectName(u"datasetName"_s);
    m_name->setEditable(true);
    // A typed name is a dataset to make, not an entry to add to the list.
    m_name->setInsertPolicy(QComboBox::NoInsert);
    m_name->addItems(datasets);
    m_name->setCurrentText(current);
    m_name->lineEdit()->setPlaceholderText(tr("letters, digits and - _ ."));
    m_problem->setStyleSheet(u"color: #b00020"_s);
    m_problem->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("&Dataset:"), m_name);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Add"));
    connect(buttons, &QDialogButtonBox::accepted, this, &AddToDatasetDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    layout->addWidget(buttons);
    m_name->setFocus();
    m_name->lineEdit()->selectAll();
    resize(460, sizeHint().height());
}

QString AddToDatasetDialog::datasetName() const
{
    return m_name->currentText().trimmed();
}

void AddToDatasetDialog::accept()
{
    if (!isValidPromptName(datasetName())) {
        m_problem->setText(tr("A name has 1 to 64 letters, digits, and - _ . (no spaces, no @)."));
        return;
    }
    QDialog::accept();
}

} // namespace llmops
