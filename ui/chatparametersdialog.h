// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "prompt.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace llmops {

/// Edits the parameters of one playground column. Every sampling value can be left to the
/// server ("server default"); tools and a JSON schema must be JSON of the right shape
/// before the dialog accepts.
class ChatParametersDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ChatParametersDialog(QWidget *parent = nullptr);

    void setParameters(const ChatParameters &parameters);
    ChatParameters parameters() const;

    void accept() override;

private:
    /// What is wrong with the form, or nothing.
    QString problem() const;

    QDoubleSpinBox *m_temperature;
    QDoubleSpinBox *m_topP;
    QSpinBox *m_maxTokens;
    QLineEdit *m_seed;
    QPlainTextEdit *m_stops;
    QComboBox *m_format;
    QPlainTextEdit *m_schema;
    QPlainTextEdit *m_tools;
    QLabel *m_problem;
};

/// A short line naming the parameters that are set, such as "temperature 0.7 · max 256 · JSON".
QString parametersSummary(const ChatParameters &parameters);

} // namespace llmops
