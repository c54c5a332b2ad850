// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "datasetitemdialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace llmops {

DatasetItemDialog::DatasetItemDialog(const DatasetItem &item, QWidget *parent)
    : QDialog(parent)
    , m_editor(new QPlainTextEdit(this))
    , m_problem(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(item.key.isEmpty() ? tr("Edit item") : tr("Edit item %1").arg(item.key));
    m_editor->setObjectName(u"itemJson"_s);
    m_editor->setAccessibleName(tr("Item (JSON)"));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setTabChangesFocus(true);
    m_editor->setPlainText(itemJson(item));
    m_problem->setObjectName(u"itemProblem"_s);
    m_problem->setStyleSheet(u"color: #b00020"_s);
    m_problem->setWordWrap(true);

    auto *note = new QLabel(tr("The edit is kept with the dataset's items until they are saved as a new version; "
                               "the version shown stays as it is."),
                            this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_editor, 1);
    layout->addWidget(note);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    connect(m_editor, &QPlainTextEdit::textChanged, this, &DatasetItemDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(560, 420);
    validate();
}

QString DatasetItemDialog::itemJson(const DatasetItem &item)
{
    const QByteArray line = writeJsonlDataset({item}).trimmed();
    const auto json = nlohmann::ordered_json::parse(line.toStdString(), nullptr, false);
    return json.is_discarded() ? QString::fromUtf8(line) : QString::fromStdString(json.dump(2));
}

std::optional<DatasetItem> DatasetItemDialog::readItem(const QString &json, QString *problem)
{
    // The reader takes one item a line; the indented object of the editor becomes one line first.
    const auto parsed = nlohmann::ordered_json::parse(json.toStdString(), nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) {
        *problem = tr("An item is one JSON object.");
        return std::nullopt;
    }
    DatasetReadResult read = readJsonlDataset(QByteArray::fromStdString(parsed.dump()));
    if (!read.problems.empty()) {
        *problem = read.problems.front().message;
        return std::nullopt;
    }
    if (read.items.size() != 1) {
        *problem = tr("An item is one JSON object.");
        return std::nullopt;
    }
    problem->clear();
    return std::move(read.items.front());
}

std::optional<DatasetItem> DatasetItemDialog::item() const
{
    QString problem;
    return readItem(m_editor->toPlainText(), &problem);
}

QString DatasetItemDialog::problem() const
{
    return m_problem->text();
}

void DatasetItemDialog::validate()
{
    QString problem;
    readItem(m_editor->toPlainText(), &problem);
    m_problem->setText(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

} // namespace llmops
