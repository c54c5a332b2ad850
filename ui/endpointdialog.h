// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "endpoint.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace llmops {

/// Adds or edits one endpoint. Accepting is possible only when the endpoint is valid; the
/// problems are listed under the form meanwhile.
class EndpointDialog : public QDialog
{
    Q_OBJECT

public:
    explicit EndpointDialog(QWidget *parent = nullptr);

    void setEndpoint(const Endpoint &endpoint);
    /// The endpoint as the form describes it (keeps the id of the one being edited).
    Endpoint endpoint() const;
    /// Names the endpoint may not take: those of the other endpoints.
    void setTakenNames(const QStringList &names);

    void accept() override;

private:
    qint64 m_endpointId = 0;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QLineEdit *m_baseUrl;
    QLineEdit *m_model;
    QLineEdit *m_apiKeyEnv;
    QPlainTextEdit *m_headers;
    QLineEdit *m_environment;
    QSpinBox *m_interval;
    QLineEdit *m_prompt;
    QSpinBox *m_maxTokens;
    QSpinBox *m_timeout;
    QLineEdit *m_metricsUrl;
    QSpinBox *m_metricsInterval;
    QLineEdit *m_metricsTokenEnv;
    QLabel *m_problems;
    QStringList m_takenNames;
};

} // namespace llmops
