// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#pragma once

#include "dataset.h"
#include "playgroundtrace.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTextBrowser;
class QTreeView;

namespace llmops {

class SpanTreeModel;
struct SpanRecord;
struct TraceDetail;

/// One trace: its spans as a tree with a waterfall time line, and the selected span's
/// details: the chat transcript (tool calls and retrieved documents as such), attributes,
/// events, and its tokens and cost.
class TraceView : public QWidget
{
    Q_OBJECT

public:
    explicit TraceView(QWidget *parent = nullptr);

    void showTrace(const TraceDetail &detail);
    void clear();

    SpanTreeModel *spanModel() const { return m_spans; }
    QTreeView *spanTree() const { return m_tree; }
    /// The transcript of the selected span, as HTML; for tests and copying.
    QString transcriptHtml() const;
    QString summaryText() const;
    /// Selects the span at position `spanIndex` of the model's spans.
    void selectSpan(int spanIndex);
    QPushButton *openInPlaygroundButton() const { return m_openInPlayground; }
    QPushButton *addToDatasetButton() const { return m_addToDataset; }

Q_SIGNALS:
    /// "Open in playground" on a model call: its messages and parameters.
    void openInPlaygroundRequested(const llmops::PlaygroundSeed &seed);
    /// "Add to dataset" on a model call: the item it makes; `what` names the call for a
    /// person.
    void addToDatasetRequested(const llmops::DatasetItem &item, const QString &what);

private:
    void showSpan(const SpanRecord *span);

    QLabel *m_summary;
    SpanTreeModel *m_spans;
    QTreeView *m_tree;
    QTabWidget *m_details;
    QTextBrowser *m_transcript;
    QPlainTextEdit *m_attributes;
    QPlainTextEdit *m_events;
    QLabel *m_figures;
    QPushButton *m_openInPlayground;
    QPushButton *m_addToDataset;
    std::optional<PlaygroundSeed> m_seed;
    std::optional<DatasetItem> m_datasetItem;
};

/// A span's messages as HTML: who said what, tool calls and their results in boxes of their
/// own, retrieved documents with their ids and scores. Text is escaped, never interpreted.
QString transcriptHtmlOf(const SpanRecord &span);

} // namespace llmops
