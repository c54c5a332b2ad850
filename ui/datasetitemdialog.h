// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dataset.h"

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace llmops {

/// Edits one dataset item as the JSON object a JSONL file would hold for it (id, input or
/// inputs, messages, expected, metadata), read back by the dataset reader itself; the
/// problem shows under the editor and OK waits until there is none.
class DatasetItemDialog : public QDialog
{
    Q_OBJECT

public:
    explicit DatasetItemDialog(const DatasetItem &item, QWidget *parent = nullptr);

    QPlainTextEdit *editor() const { return m_editor; }
    /// The item as edited; empty while the text is not one item.
    std::optional<DatasetItem> item() const;
    QString problem() const;

    /// The item as indented JSON, the form the editor shows.
    static QString itemJson(const DatasetItem &item);
    /// Reads one item from JSON text; empty with `problem` set when it is not one.
    static std::optional<DatasetItem> readItem(const QString &json, QString *problem);

private:
    void validate();

    QPlainTextEdit *m_editor;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};

} // namespace llmops
