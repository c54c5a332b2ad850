// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "messageeditor.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace llmops {

MessageEditor::MessageEditor(QWidget *parent)
    : QWidget(parent)
    , m_rowsLayout(new QVBoxLayout)
{
    auto *add = new QPushButton(tr("&Add message"), this);
    add->setObjectName(u"addMessage"_s);
    connect(add, &QPushButton::clicked, this, [this] {
        // Turns usually alternate; a new one answers the last.
        const bool afterUser = !m_rows.empty() && m_rows.back().role->currentText() == "user"_L1;
        addMessage(afterUser ? u"assistant"_s : u"user"_s);
        m_rows.back().text->setFocus();
    });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_rowsLayout);
    layout->addWidget(add, 0, Qt::AlignLeft);
    layout->addStretch(1);
}

void MessageEditor::addMessage(const QString &role, const QString &content)
{
    auto *frame = new QWidget(this);
    auto *roleBox = new QComboBox(frame);
    roleBox->addItems({u"system"_s, u"user"_s, u"assistant"_s, u"tool"_s});
    roleBox->setCurrentText(role);
    roleBox->setAccessibleName(tr("Role"));
    auto *text = new QPlainTextEdit(frame);
    text->setPlainText(content);
    text->setTabChangesFocus(true);
    text->setPlaceholderText(tr("Text; {{name}} is replaced by the variable's value"));
    text->setMinimumHeight(60);
    auto *remove = new QToolButton(frame);
    remove->setText(u"✕"_s);
    remove->setToolTip(tr("Remove this message"));

    auto *header = new QHBoxLayout;
    header->addWidget(roleBox);
    header->addStretch(1);
    header->addWidget(remove);
    auto *rowLayout = new QVBoxLayout(frame);
    rowLayout->setContentsMargins(0, 0, 0, 4);
    rowLayout->addLayout(header);
    rowLayout->addWidget(text);
    m_rowsLayout->addWidget(frame);
    m_rows.push_back({frame, roleBox, text});

    connect(roleBox, &QComboBox::currentIndexChanged, this, &MessageEditor::messagesChanged);
    connect(text, &QPlainTextEdit::textChanged, this, &MessageEditor::messagesChanged);
    connect(remove, &QToolButton::clicked, this, [this, frame] { removeRow(frame); });
    Q_EMIT messagesChanged();
}

void MessageEditor::removeRow(QWidget *frame)
{
    const auto row = std::find_if(m_rows.begin(), m_rows.end(),
                                  [frame](const Row &candidate) { return candidate.frame == frame; });
    if (row == m_rows.end())
        return;
    m_rows.erase(row);
    frame->deleteLater();
    Q_EMIT messagesChanged();
}

std::vector<ChatMessage> MessageEditor::messages() const
{
    std::vector<ChatMessage> messages;
    for (const auto &row : m_rows)
        messages.push_back({row.role->currentText(), row.text->toPlainText()});
    return messages;
}

void MessageEditor::setMessages(const std::vector<ChatMessage> &messages)
{
    for (const auto &row : m_rows)
        delete row.frame;
    m_rows.clear();
    {
        const QSignalBlocker blocker(this);
        for (const auto &message : messages)
            addMessage(message.role, message.content);
    }
    Q_EMIT messagesChanged();
}

QPlainTextEdit *MessageEditor::textEdit(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].text : nullptr;
}

} // namespace llmops
