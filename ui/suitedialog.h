// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dataset.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTimer;

namespace llmops {

/// Writes a new evaluation suite or edits one: its name and its definition as JSON, checked
/// as it is typed by the same reader that runs it (readSuiteDefinition); the problem shows
/// under the editor and Save waits until there is none.
class SuiteDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SuiteDialog(QWidget *parent = nullptr);

    /// A new suite: a free name (not one of `takenNames`) and the definition to start from.
    void setNewSuite(const QString &definitionJson, const QStringList &takenNames);
    /// An existing suite: its name stays, its definition is edited.
    void setSuite(const QString &name, const QString &definitionJson);

    QString name() const;
    QString definitionJson() const;
    /// What stops the suite from being saved now; empty when nothing does.
    QString problem() const;
    QLineEdit *nameField() const { return m_name; }
    QPlainTextEdit *editor() const { return m_editor; }

    /// A definition to start from for the dataset: its variables as the user turn, and
    /// scorers that fit what its items hold (an expected answer, or none).
    static QString templateFor(const QString &datasetReference, const std::vector<DatasetItem> &sampleItems);

    void accept() override;

private:
    void validate();

    QLineEdit *m_name;
    QPlainTextEdit *m_editor;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
    QTimer *m_typingPause;
    QStringList m_takenNames;
};

} // namespace llmops
