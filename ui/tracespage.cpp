// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "tracespage.h"

#include "tracelistmodel.h"
#include "traceview.h"
#include "traceworker.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace llmops {

namespace {

/// Filters typed in quick succession query once.
constexpr int kFilterCoalesceMs = 300;

struct RangeChoice {
    const char *label;
    qint64 spanMs; ///< 0: all time
};

constexpr RangeChoice kRanges[] = {{QT_TRANSLATE_NOOP("TracesPage", "Last 15 minutes"), 15 * 60'000},
                                   {QT_TRANSLATE_NOOP("TracesPage", "Last hour"), 3'600'000},
                                   {QT_TRANSLATE_NOOP("TracesPage", "Last 24 hours"), 86'400'000},
                                   {QT_TRANSLATE_NOOP("TracesPage", "Last 7 days"), 7 * 86'400'000LL},
                                   {QT_TRANSLATE_NOOP("TracesPage", "All time"), 0}};
constexpr int kAllTimeChoice = 4;

} // namespace

TracesPage::TracesPage(QWidget *parent)
    : QWidget(parent)
    , m_list(new TraceListModel(this))
    , m_table(new QTableView(this))
    , m_view(new TraceView(this))
    , m_range(new QComboBox(this))
    , m_service(new QComboBox(this))
    , m_model(new QComboBox(this))
    , m_status(new QComboBox(this))
    , m_minDuration(new QSpinBox(this))
    , m_minCost(new QDoubleSpinBox(this))
    , m_search(new QLineEdit(this))
    , m_sessionButton(new QPushButton(tr("&Session"), this))
    , m_sessionLabel(new QLabel(this))
    , m_count(new QLabel(this))
    , m_filterCoalescer(new QTimer(this))
{
    for (const auto &range : kRanges)
        m_range->addItem(QCoreApplication::translate("TracesPage", range.label));
    m_range->setCurrentIndex(kAllTimeChoice);
    m_range->setToolTip(tr("Time range"));
    m_service->addItem(tr("All services"));
    m_service->setToolTip(tr("Service"));
    m_model->addItem(tr("All models"));
    m_model->setToolTip(tr("Model"));
    m_status->addItems({tr("Any status"), tr("OK"), tr("With errors")});
    m_minDuration->setRange(0, 24 * 3'600'000);
    m_minDuration->setSuffix(tr(" ms"));
    m_minDuration->setPrefix(tr("≥ "));
    m_minDuration->setSingleStep(100);
    m_minDuration->setToolTip(tr("Minimum duration (0: any)"));
    m_minCost->setRange(0, 1000);
    m_minCost->setDecimals(4);
    m_minCost->setSingleStep(0.001);
    m_minCost->setPrefix(tr("≥ $"));
    m_minCost->setToolTip(tr("Minimum cost (0: any)"));
    m_search->setPlaceholderText(tr("Search prompts, answers and tool calls (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(u"traceSearch"_s);
    m_sessionButton->setToolTip(tr("Show every trace of the selected trace's conversation, oldest first"));
    m_sessionButton->setEnabled(false);
    m_sessionLabel->setVisible(false);

    // Long service and model names are cut rather than widening the whole console; the
    // filters take two rows so that the window can stay as narrow as the dashboard lets it.
    for (QComboBox *box : {m_service, m_model}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(8);
    }
    auto *search = new QHBoxLayout;
    search->addWidget(m_search, 1);
    search->addWidget(m_minDuration);
    search->addWidget(m_minCost);
    search->addWidget(m_sessionButton);
    auto *choices = new QHBoxLayout;
    choices->addWidget(m_range);
    choices->addWidget(m_service);
    choices->addWidget(m_model);
    choices->addWidget(m_status);
    choices->addStretch(1);
    auto *filters = new QVBoxLayout;
    filters->addLayout(search);
    filters->addLayout(choices);

    m_table->setObjectName(u"traceList"_s);
    m_table->setModel(m_list);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(TraceListModel::TimeColumn, Qt::DescendingOrder);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setAlternatingRowColors(true);
    // Scrolled in rows, so that rows let go of or fetched above the view can be made up for.
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    m_table->setColumnWidth(TraceListModel::TimeColumn, 180);
    m_table->setColumnWidth(TraceListModel::NameColumn, 220);

    auto *listSide = new QWidget(this);
    auto *listLayout = new QVBoxLayout(listSide);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(m_table, 1);
    auto *footer = new QHBoxLayout;
    footer->addWidget(m_sessionLabel);
    footer->addWidget(m_count, 1);
    listLayout->addLayout(footer);

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(u"tracesSplitter"_s);
    splitter->addWidget(listSide);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);

    m_filterCoalescer->setSingleShot(true);
    m_filterCoalescer->setInterval(kFilterCoalesceMs);
    connect(m_filterCoalescer, &QTimer::timeout, this, &TracesPage::applyFilter);
    const auto filterChanged = [this] { m_filterCoalescer->start(); };
    connect(m_range, &QComboBox::activated, this, [this](int choice) {
        // A dashboard's range stays until another range is picked.
        if (choice < int(std::size(kRanges)))
            m_fixedRangeMs.reset();
        m_filterCoalescer->start();
    });
    connect(m_service, &QComboBox::activated, this, filterChanged);
    connect(m_model, &QComboBox::activated, this, filterChanged);
    connect(m_status, &QComboBox::activated, this, filterChanged);
    connect(m_minDuration, &QSpinBox::valueChanged, this, filterChanged);
    connect(m_minCost, &QDoubleSpinBox::valueChanged, this, filterChanged);
    connect(m_search, &QLineEdit::textChanged, this, filterChanged);
    connect(m_search, &QLineEdit::returnPressed, this, &TracesPage::applyFilter);
    connect(m_sessionButton, &QPushButton::clicked, this, [this] {
        if (!m_session.isEmpty()) {
            m_session.clear();
            applyFilter();
            return;
        }
        const QModelIndex current = m_table->currentIndex();
        if (current.isValid())
            showSession(current.data(TraceListModel::ConversationRole).toString());
    });

    connect(m_list, &TraceListModel::pageWanted, this,
            [this](quint64 generation, const TraceFilter &filter, TraceOrder order, std::optional<TraceCursor> after) {
                Q_EMIT pageWanted(generation, filter, order, after, TraceListModel::kPageSize);
                updateCountLabel();
            });
    connect(m_list, &QAbstractItemModel::rowsInserted, this, &TracesPage::updateCountLabel);
    // The list holds a window of rows: when rows above the view come or go, the view moves
    // by as many, so that what is shown stays where it is; at the top it asks for the rows
    // before the window.
    connect(m_list, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        if (first != 0 || m_list->rowCount() <= last + 1)
            return;
        // After the view has laid the new rows out, or the scroll bar's range is still the old one.
        const int target = m_table->verticalScrollBar()->value() + (last + 1);
        QTimer::singleShot(0, m_table, [this, target] { m_table->verticalScrollBar()->setValue(target); });
    });
    connect(m_list, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex &, int first, int last) {
        if (first == 0)
            m_table->verticalScrollBar()->setValue(m_table->verticalScrollBar()->value() - (last + 1));
    });
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int value) {
        if (value == m_table->verticalScrollBar()->minimum())
            m_list->fetchPrevious();
    });
    connect(m_list, &QAbstractItemModel::modelReset, this, [this] {
        m_view->clear();
        m_sessionButton->setEnabled(!m_session.isEmpty());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { selectTrace(current.row()); });
}

TraceFilter TracesPage::currentFilter() const
{
    TraceFilter filter;
    if (m_fixedRangeMs) {
        filter.fromNs = m_fixedRangeMs->first * 1'000'000;
        filter.toNs = m_fixedRangeMs->second * 1'000'000;
    } else if (const int choice = m_range->currentIndex();
               choice >= 0 && choice < int(std::size(kRanges)) && kRanges[choice].spanMs > 0) {
        filter.fromNs = (QDateTime::currentMSecsSinceEpoch() - kRanges[choice].spanMs) * 1'000'000;
    }
    if (m_service->currentIndex() > 0)
        filter.service = m_service->currentText().toStdString();
    if (m_model->currentIndex() > 0)
        filter.model = m_model->currentText().toStdString();
    filter.status = m_status->currentIndex() == 1 ? TraceStatusFilter::Ok
        : m_status->currentIndex() == 2           ? TraceStatusFilter::Error
                                                  : TraceStatusFilter::Any;
    if (m_minDuration->value() > 0)
        filter.minDurationNs = qint64(m_minDuration->value()) * 1'000'000;
    if (m_minCost->value() > 0)
        filter.minCostUsd = m_minCost->value();
    filter.search = m_search->text().trimmed().toStdString();
    filter.conversationId = m_session.toStdString();
    return filter;
}

void TracesPage::applyFilter()
{
    m_filterCoalescer->stop();
    m_stale = false;
    m_sessionLabel->setVisible(!m_session.isEmpty());
    m_sessionLabel->setText(tr("Session %1").arg(m_session));
    m_sessionButton->setText(m_session.isEmpty() ? tr("&Session") : tr("A&ll traces"));
    // A session reads in the order it happened.
    const TraceOrder order = m_session.isEmpty() ? m_list->order() : TraceOrder::Oldest;
    m_table->horizontalHeader()->setSortIndicator(TraceListModel::columnOfOrder(order),
                                                  TraceListModel::directionOfOrder(order));
    m_list->setQuery(currentFilter(), order);
    Q_EMIT choicesWanted();
}

void TracesPage::reload()
{
    applyFilter();
}

void TracesPage::noteSpansArrived()
{
    const bool topInView = m_table->verticalScrollBar()->value() == 0;
    if (topInView && !m_table->currentIndex().isValid() && isVisible())
        applyFilter();
    else
        m_stale = true;
}

void TracesPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale && !m_table->currentIndex().isValid())
        applyFilter();
}

void TracesPage::appendPage(quint64 generation, const std::vector<TraceSummary> &traces)
{
    const bool firstPage = m_list->rowCount() == 0;
    m_list->appendPage(generation, traces);
    // Columns fit the first page; later pages keep them, so that scrolling does not jump.
    if (firstPage && m_list->rowCount() > 0)
        m_table->resizeColumnsToContents();
    updateCountLabel();
}

void TracesPage::updateCountLabel()
{
    const int rows = m_list->rowCount();
    if (m_list->isLoading() && rows == 0)
        m_count->setText(tr("Loading…"));
    else if (rows == 0)
        m_count->setText(tr("No traces match."));
    else if (m_list->isComplete() && !m_list->hasRowsBefore())
        m_count->setText(tr("%n trace(s)", nullptr, rows));
    else
        m_count->setText(tr("%n trace(s) shown; more load as you scroll", nullptr, rows));
}

void TracesPage::selectTrace(int row)
{
    if (row < 0 || row >= m_list->rowCount()) {
        m_view->clear();
        m_sessionButton->setEnabled(!m_session.isEmpty());
        return;
    }
    const TraceSummary &trace = m_list->trace(row);
    m_sessionButton->setEnabled(!m_session.isEmpty() || !trace.conversationId.empty());
    Q_EMIT traceWanted(++m_traceGeneration, trace.traceId);
}

void TracesPage::showTrace(const TraceDetail &detail)
{
    if (detail.generation == m_traceGeneration)
        m_view->showTrace(detail);
}

void TracesPage::setChoices(const std::vector<std::string> &services, const std::vector<std::string> &models)
{
    const auto refill = [](QComboBox *box, const std::vector<std::string> &choices) {
        const QString current = box->currentIndex() > 0 ? box->currentText() : QString();
        while (box->count() > 1)
            box->removeItem(1);
        for (const auto &choice : choices)
            box->addItem(QString::fromStdString(choice));
        if (!current.isEmpty()) {
            const int found = box->findText(current);
            box->setCurrentIndex(found >= 0 ? found : 0);
        }
    };
    refill(m_service, services);
    refill(m_model, models);
}

void TracesPage::showTimeRange(qint64 fromMs, qint64 toMs)
{
    m_fixedRangeMs = std::pair{fromMs, toMs};
    const QString label = tr("%1 – %2").arg(QDateTime::fromMSecsSinceEpoch(fromMs).toString(u"yyyy-MM-dd HH:mm"_s),
                                            QDateTime::fromMSecsSinceEpoch(toMs).toString(u"HH:mm"_s));
    while (m_range->count() > int(std::size(kRanges)))
        m_range->removeItem(m_range->count() - 1);
    m_range->addItem(label);
    m_range->setCurrentIndex(m_range->count() - 1);
    applyFilter();
}

void TracesPage::showSession(const QString &conversationId)
{
    if (conversationId.isEmpty())
        return;
    m_session = conversationId;
    applyFilter();
}

} // namespace llmops
