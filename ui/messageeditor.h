// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "prompt.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QPlainTextEdit;
class QVBoxLayout;

namespace llmops {

/// Edits the turns of a prompt: each a role (system, user, assistant) and its text, in
/// order; turns are added and removed with buttons.
class MessageEditor : public QWidget
{
    Q_OBJECT

public:
    explicit MessageEditor(QWidget *parent = nullptr);

    std::vector<ChatMessage> messages() const;
    void setMessages(const std::vector<ChatMessage> &messages);
    /// The text box of turn `row`, for focus and tests.
    QPlainTextEdit *textEdit(int row) const;
    int count() const { return int(m_rows.size()); }

public Q_SLOTS:
    void addMessage(const QString &role = QStringLiteral("user"), const QString &content = {});

Q_SIGNALS:
    void messagesChanged();

private:
    struct Row {
        QWidget *frame;
        QComboBox *role;
        QPlainTextEdit *text;
    };
    void removeRow(QWidget *frame);

    QVBoxLayout *m_rowsLayout;
    std::vector<Row> m_rows;
};

} // namespace llmops
