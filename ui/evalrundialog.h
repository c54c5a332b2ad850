// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "evalrunworker.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QSpinBox;

namespace llmops {

class EndpointStatusModel;

/// Asks how to run a suite: on which registered endpoint, how many times each item is
/// answered (repeats show how steady the model is) and how many answers may be in flight.
class EvalRunDialog : public QDialog
{
    Q_OBJECT

public:
    /// Lists the endpoints the model holds now, but those measured from traces (nothing can
    /// be sent to them).
    EvalRunDialog(const QString &suiteName, const EndpointStatusModel *endpoints, QWidget *parent = nullptr);

    /// Selects the endpoint of that name; false when it is not listed.
    bool selectEndpoint(const QString &name);
    void setRepeats(int repeats);
    void setConcurrency(int concurrency);
    EvalRunRequest request() const;

private:
    QString m_suiteName;
    QComboBox *m_endpoint;
    QSpinBox *m_repeats;
    QSpinBox *m_concurrency;
    QDialogButtonBox *m_buttons;
};

} // namespace llmops
