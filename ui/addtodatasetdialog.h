// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include <QDialog>
#include <QStringList>

class QComboBox;
class QLabel;

namespace llmops {

/// Asks which dataset a call is added to: one of those there are, or a new name, which
/// makes a new dataset.
class AddToDatasetDialog : public QDialog
{
    Q_OBJECT

public:
    /// `what` says which call is added, `current` is the name offered first.
    AddToDatasetDialog(const QString &what, const QStringList &datasets, const QString &current,
                       QWidget *parent = nullptr);

    QString datasetName() const;

    void accept() override;

private:
    QComboBox *m_name;
    QLabel *m_problem;
};

} // namespace llmops
