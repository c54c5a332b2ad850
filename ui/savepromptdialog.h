// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;

namespace llmops {

/// Asks under which name, and with which commit message, the playground's prompt is saved
/// as a new version in the library.
class SavePromptDialog : public QDialog
{
    Q_OBJECT

public:
    explicit SavePromptDialog(const QString &suggestedName, QWidget *parent = nullptr);

    QString name() const;
    QString commitMessage() const;

    void accept() override;

private:
    QLineEdit *m_name;
    QLineEdit *m_message;
    QLabel *m_problem;
};

} // namespace llmops
