// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "prompt.h"

#include <QDialog>

#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace llmops {

class ConsoleBackend;
class PromptListModel;
class PromptVersionModel;

/// The prompt library: search the prompts, read a prompt's versions and what each holds,
/// compare any two of them line by line, point a label (production, staging) at a version,
/// and hand a version to the playground. Everything is asked of the backend, which reads
/// the store on its own thread; the dialog keeps only what it was last told.
class PromptLibraryDialog : public QDialog
{
    Q_OBJECT

public:
    /// The backend must outlive the dialog.
    explicit PromptLibraryDialog(ConsoleBackend *backend, QWidget *parent = nullptr);

    PromptListModel *promptModel() const { return m_prompts; }
    PromptVersionModel *versionModel() const { return m_versions; }

    /// Selects the prompt once the list holds it, and then its version (the newest when
    /// none is given).
    void selectPrompt(const QString &name, std::optional<int> version = std::nullopt);
    /// The version selected in the version list, if any.
    std::optional<PromptVersion> selectedVersion() const;
    /// Points the label at the selected version; what Move label… does with its answer.
    void moveLabelToSelectedVersion(const QString &label);

Q_SIGNALS:
    /// "Load into playground": the version, with its content, for the playground to take.
    void versionChosen(const llmops::PromptVersion &version);

private:
    void requestPrompts();
    void showPrompts(quint64 generation, const std::vector<PromptSummary> &prompts);
    void promptSelected();
    void showVersions(const QString &name, const std::vector<PromptVersion> &versions);
    void versionSelected();
    void fillDiffChoices();
    void showDiff();
    void askLabel();
    void showFailure(const QString &message);
    /// The version a diff box has chosen, if any.
    std::optional<PromptVersion> versionChosenIn(const QComboBox *box) const;

    ConsoleBackend *m_backend;
    PromptListModel *m_prompts;
    PromptVersionModel *m_versions;
    QSortFilterProxyModel *m_sortedPrompts;
    QSortFilterProxyModel *m_sortedVersions;
    QLineEdit *m_search;
    QTimer *m_searchDelay;
    QTableView *m_promptTable;
    QTableView *m_versionTable;
    QPlainTextEdit *m_content;
    QComboBox *m_diffFrom;
    QComboBox *m_diffTo;
    QPlainTextEdit *m_diff;
    QPushButton *m_moveLabel;
    QPushButton *m_load;
    QLabel *m_status;
    quint64 m_generation = 0;
    /// What to select when the lists next arrive: the prompt shown, and its version.
    QString m_wantedPrompt;
    std::optional<int> m_wantedVersion;
};

} // namespace llmops
