// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "traceview.h"

#include "datasetsources.h"
#include "otlpdecoder.h"
#include "spantreemodel.h"
#include "traceworker.h"
#include "waterfalldelegate.h"

#include <QAction>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeView>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

using nlohmann::json;

QString escaped(const json &value)
{
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump(2);
    return QString::fromStdString(text).toHtmlEscaped();
}

/// A JSON text laid out for reading, or as it is when it does not parse.
QString pretty(const std::string &text)
{
    const json value = json::parse(text, nullptr, false);
    return QString::fromStdString(value.is_discarded() ? text : value.dump(2));
}

QString boxed(const QString &title, const QString &body)
{
    return u"<table width='100%' cellpadding='6' style='background:#f1f3f6; margin:4px 0'><tr><td>"
           "<b>%1</b><pre style='white-space:pre-wrap; margin:2px 0'>%2</pre></td></tr></table>"_s.arg(title, body);
}

QString partHtml(const json &part)
{
    const std::string type = part.value("type", std::string());
    if (type == "text" || type == "reasoning") {
        const QString text = escaped(part.value("content", json("")));
        return type == "reasoning" ? u"<p style='color:#666'><i>%1</i></p>"_s.arg(text)
                                   : u"<p style='white-space:pre-wrap'>%1</p>"_s.arg(text);
    }
    if (type == "tool_call") {
        const QString title = TraceView::tr("Tool call %1 %2")
                                  .arg(escaped(part.value("name", json(""))), escaped(part.value("id", json(""))));
        return boxed(title, escaped(part.value("arguments", json(""))));
    }
    if (type == "tool_call_response")
        return boxed(TraceView::tr("Tool result %1").arg(escaped(part.value("id", json("")))),
                     escaped(part.value("response", json(""))));
    if (type == "retrieved_document") {
        QString title = TraceView::tr("Document %1").arg(escaped(part.value("id", json(""))));
        if (part.contains("score"))
            title += TraceView::tr(" (score %1)").arg(escaped(part["score"]));
        return boxed(title, escaped(part.value("content", json(""))));
    }
    return boxed(QString::fromStdString(type).toHtmlEscaped(), escaped(part));
}

QString messagesHtml(const std::string &messagesJson)
{
    const json messages = json::parse(messagesJson, nullptr, false);
    if (!messages.is_array())
        return {};
    QString html;
    for (const auto &message : messages) {
        html += u"<p style='margin-top:10px'><b>%1</b></p>"_s.arg(escaped(message.value("role", json("?"))));
        for (const auto &part : message.value("parts", json::array()))
            html += partHtml(part);
        if (message.contains("finish_reason"))
            html += u"<p style='color:#666'>"_s
                + TraceView::tr("finish reason: %1").arg(escaped(message["finish_reason"])) + u"</p>"_s;
    }
    return html;
}

QString formatCount(const std::optional<qint64> &count)
{
    return count ? QLocale().toString(*count) : u"–"_s;
}

} // namespace

QString transcriptHtmlOf(const SpanRecord &span)
{
    const QString input = messagesHtml(span.inputMessagesJson);
    const QString output = messagesHtml(span.outputMessagesJson);
    if (input.isEmpty() && output.isEmpty())
        return u"<p style='color:#666'>"_s + TraceView::tr("This span carries no messages.") + u"</p>"_s;
    if (input.isEmpty() || output.isEmpty())
        return input + output;
    return input + u"<hr/>"_s + output;
}

TraceView::TraceView(QWidget *parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_spans(new SpanTreeModel(this))
    , m_tree(new QTreeView(this))
    , m_details(new QTabWidget(this))
    , m_transcript(new QTextBrowser(this))
    , m_attributes(new QPlainTextEdit(this))
    , m_events(new QPlainTextEdit(this))
    , m_figures(new QLabel(this))
    , m_openInPlayground(new QPushButton(tr("Open in &playground"), this))
    , m_addToDataset(new QPushButton(tr("Add to &dataset…"), this))
{
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_tree->setObjectName(u"spanTree"_s);
    m_tree->setModel(m_spans);
    m_tree->setItemDelegateForColumn(SpanTreeModel::TimelineColumn, new WaterfallDelegate(m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    // The waterfall takes the room the figures leave.
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(SpanTreeModel::TimelineColumn, QHeaderView::Stretch);
    // Where a span starts is what the waterfall shows; the column is there for those who
    // want the number (the header's context menu brings it back).
    m_tree->setColumnHidden(SpanTreeModel::StartColumn, true);
    m_tree->header()->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *showStart = new QAction(tr("Show start times"), m_tree->header());
    showStart->setCheckable(true);
    connect(showStart, &QAction::toggled, m_tree,
            [this](bool shown) { m_tree->setColumnHidden(SpanTreeModel::StartColumn, !shown); });
    m_tree->header()->addAction(showStart);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);

    m_transcript->setOpenLinks(false);
    m_attributes->setReadOnly(true);
    m_events->setReadOnly(true);
    m_figures->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures->setMargin(8);
    m_details->addTab(m_transcript, tr("Transcript"));
    m_details->addTab(m_attributes, tr("Attributes"));
    m_details->addTab(m_events, tr("Events"));
    m_details->addTab(m_figures, tr("Tokens and cost"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_openInPlayground->setObjectName(u"openInPlayground"_s);
    m_openInPlayground->setToolTip(tr("Load this call's messages and parameters into the playground (Ctrl+Shift+P)"));
    m_openInPlayground->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    connect(m_openInPlayground, &QPushButton::clicked, this, [this] {
        if (m_seed)
            Q_EMIT openInPlaygroundRequested(*m_seed);
    });
    m_addToDataset->setObjectName(u"addToDataset"_s);
    m_addToDataset->setToolTip(
        tr("Keep this call as a dataset item, its answer as the expected output (Ctrl+Shift+D)"));
    m_addToDataset->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    connect(m_addToDataset, &QPushButton::clicked, this, [this] {
        if (!m_datasetItem || !m_seed)
            return;
        const QString what = m_seed->model.isEmpty() ? tr("This call") : tr("The call to %1").arg(m_seed->model);
        Q_EMIT addToDatasetRequested(*m_datasetItem, what);
    });
    auto *header = new QHBoxLayout;
    header->addWidget(m_summary, 1);
    header->addWidget(m_openInPlayground);
    header->addWidget(m_addToDataset);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(splitter, 1);

    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showSpan(m_spans->spanAt(current)); });
    clear();
}

void TraceView::clear()
{
    m_spans->setSpans({});
    m_summary->setText(tr("Select a trace to see its spans."));
    showSpan(nullptr);
}

void TraceView::showTrace(const TraceDetail &detail)
{
    m_spans->setSpans(detail.spans);
    m_tree->expandAll();
    for (int column = 0; column < SpanTreeModel::ColumnCount; ++column) {
        if (column != SpanTreeModel::TimelineColumn)
            m_tree->resizeColumnToContents(column);
    }

    if (detail.summary) {
        const TraceSummary &trace = *detail.summary;
        QString text = tr("<b>%1</b> · trace %2 · %3 · %n span(s) · %4 ms", nullptr, int(trace.spanCount))
                           .arg(QString::fromStdString(trace.name).toHtmlEscaped(),
                                QString::fromStdString(hexId(trace.traceId)),
                                QString::fromStdString(trace.service).toHtmlEscaped(),
                                QLocale().toString(double(trace.durationNs()) / 1e6, 'f', 1));
        if (trace.costUsd)
            text += tr(" · $%1").arg(QLocale().toString(*trace.costUsd, 'f', 6));
        if (!trace.conversationId.empty())
            text += tr(" · session %1").arg(QString::fromStdString(trace.conversationId).toHtmlEscaped());
        m_summary->setText(text);
    } else {
        m_summary->setText(tr("This trace is no longer in the store."));
    }

    // The first model call is what most people open a trace for.
    int first = detail.spans.empty() ? -1 : 0;
    for (int i = 0; i < int(m_spans->spans().size()); ++i) {
        if (m_spans->spans()[size_t(i)].isModelCall()) {
            first = i;
            break;
        }
    }
    selectSpan(first);
}

void TraceView::selectSpan(int spanIndex)
{
    const QModelIndex index = m_spans->indexOfSpan(spanIndex);
    if (index.isValid())
        m_tree->setCurrentIndex(index);
    else
        showSpan(nullptr);
}

void TraceView::showSpan(const SpanRecord *span)
{
    m_seed = span && span->isModelCall() ? playgroundSeedFromSpan(*span) : std::nullopt;
    m_openInPlayground->setEnabled(m_seed.has_value());
    m_datasetItem = span && span->isModelCall() ? datasetItemFromSpan(*span) : std::nullopt;
    m_addToDataset->setEnabled(m_datasetItem.has_value());
    m_details->setEnabled(span != nullptr);
    if (!span) {
        m_transcript->clear();
        m_attributes->clear();
        m_events->clear();
        m_figures->clear();
        return;
    }
    m_transcript->setHtml(transcriptHtmlOf(*span));
    m_attributes->setPlainText(pretty(span->attributesJson) + u"\n\n"_s + tr("Resource:") + u"\n"_s
                               + pretty(span->resourceJson));
    m_events->setPlainText(pretty(span->eventsJson));

    QString figures = tr("<table cellpadding='3'>"
                         "<tr><td>Operation</td><td>%1</td></tr>"
                         "<tr><td>Provider</td><td>%2</td></tr>"
                         "<tr><td>Model</td><td>%3</td></tr>"
                         "<tr><td>Input tokens</td><td>%4</td></tr>"
                         "<tr><td>&nbsp;&nbsp;of them cache reads</td><td>%5</td></tr>"
                         "<tr><td>&nbsp;&nbsp;of them cache writes</td><td>%6</td></tr>"
                         "<tr><td>Output tokens</td><td>%7</td></tr>"
                         "<tr><td>&nbsp;&nbsp;of them reasoning</td><td>%8</td></tr>"
                         "<tr><td>Cost</td><td>%9</td></tr>")
                          .arg(QString::fromStdString(span->operation).toHtmlEscaped(),
                               QString::fromStdString(span->provider).toHtmlEscaped(),
                               QString::fromStdString(span->responseModel.empty() ? span->requestModel
                                                                                  : span->responseModel)
                                   .toHtmlEscaped(),
                               formatCount(span->inputTokens), formatCount(span->cacheReadTokens),
                               formatCount(span->cacheWriteTokens), formatCount(span->outputTokens),
                               formatCount(span->reasoningTokens),
                               span->costUsd ? u"$"_s + QLocale().toString(*span->costUsd, 'f', 6) : u"–"_s);
    if (span->ttftMs)
        figures +=
            tr("<tr><td>Time to first token</td><td>%1 ms</td></tr>").arg(QLocale().toString(*span->ttftMs, 'f', 1));
    if (span->status == SpanStatus::Error)
        figures += tr("<tr><td>Error</td><td>%1 %2</td></tr>")
                       .arg(QString::fromStdString(span->errorType).toHtmlEscaped(),
                            QString::fromStdString(span->statusMessage).toHtmlEscaped());
    const json warnings = json::parse(span->warningsJson, nullptr, false);
    if (warnings.is_array() && !warnings.empty())
        figures += tr("<tr><td>Taken in with warnings</td><td>%1</td></tr>").arg(escaped(warnings));
    m_figures->setText(figures + u"</table>"_s);
}

QString TraceView::transcriptHtml() const
{
    return m_transcript->toHtml();
}

QString TraceView::summaryText() const
{
    return m_summary->text();
}

} // namespace llmops
