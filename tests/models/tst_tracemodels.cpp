// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// The trace half of the store and the models the trace explorer reads: list pages in every
// order checked against an independent sort, filters and search, and the span tree.
#include "pricetablemodel.h"
#include "spantreemodel.h"
#include "store.h"
#include "tracelistmodel.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace llmops;

namespace {

std::string idOf(quint64 value, int bytes)
{
    std::string id(size_t(bytes), '\0');
    for (int i = 0; i < bytes; ++i)
        id[size_t(bytes - 1 - i)] = char((value >> (8 * i)) & 0xff);
    return id;
}

SpanRecord span(quint64 trace, quint64 spanNumber, std::optional<quint64> parent, qint64 startNs, qint64 endNs)
{
    SpanRecord record;
    record.traceId = idOf(trace, 16);
    record.spanId = idOf(spanNumber, 8);
    if (parent)
        record.parentSpanId = idOf(*parent, 8);
    record.name = "span " + std::to_string(spanNumber);
    record.startNs = startNs;
    record.endNs = endNs;
    record.attributesJson = "{}";
    record.eventsJson = "[]";
    record.linksJson = "[]";
    record.resourceJson = "{}";
    record.warningsJson = "[]";
    record.finishReasonsJson = "[]";
    return record;
}

/// What one generated trace is, to check the store's answers against.
struct Expected {
    std::string traceId;
    qint64 startNs = 0;
    qint64 durationNs = 0;
    qint64 tokens = 0;
    std::optional<double> cost;
    std::string service;
    std::string model;
    bool failed = false;
};

} // namespace

class TestTraceModels : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_directory;
    std::unique_ptr<Store> m_store;
    std::vector<Expected> m_expected;

private Q_SLOTS:
    void initTestCase()
    {
        // 1,000 traces of one chat span each, with random figures, services and models.
        m_store = Store::open(m_directory.filePath(QStringLiteral("traces.sqlite")));
        QRandomGenerator random(31);
        std::vector<SpanRecord> spans;
        for (quint64 trace = 1; trace <= 1000; ++trace) {
            Expected expected;
            expected.startNs = 1700000000000000000 + qint64(random.bounded(1000000)) * 1000000;
            expected.durationNs = qint64(random.bounded(5000)) * 1000000;
            SpanRecord record = span(trace, trace, std::nullopt, expected.startNs,
                                     expected.startNs + expected.durationNs);
            record.operation = "chat";
            record.serviceName = trace % 3 == 0 ? "billing" : "support";
            record.requestModel = trace % 2 == 0 ? "gpt-4o" : "claude-sonnet-4";
            record.inputTokens = qint64(random.bounded(1000));
            record.outputTokens = qint64(random.bounded(300));
            if (trace % 7 != 0)
                record.costUsd = random.bounded(1000) / 10000.0;
            record.status = trace % 11 == 0 ? SpanStatus::Error : SpanStatus::Ok;
            record.searchText = trace % 50 == 0 ? "refund policy question\n" : "weather in Oslo\n";

            expected.traceId = record.traceId;
            expected.tokens = *record.inputTokens + *record.outputTokens;
            expected.cost = record.costUsd;
            expected.service = record.serviceName;
            expected.model = record.requestModel;
            expected.failed = record.status == SpanStatus::Error;
            m_expected.push_back(expected);
            spans.push_back(std::move(record));
        }
        const auto intake = m_store->addSpans(spans);
        QCOMPARE(intake.inserted, qint64(1000));
    }

    void everyOrderPagesThroughEveryTraceOnce_data()
    {
        QTest::addColumn<int>("order");
        QTest::newRow("newest") << int(TraceOrder::Newest);
        QTest::newRow("oldest") << int(TraceOrder::Oldest);
        QTest::newRow("longest") << int(TraceOrder::Longest);
        QTest::newRow("costliest") << int(TraceOrder::Costliest);
        QTest::newRow("most tokens") << int(TraceOrder::MostTokens);
    }

    void everyOrderPagesThroughEveryTraceOnce()
    {
        QFETCH(int, order);
        const auto traceOrder = TraceOrder(order);

        // The independent answer: the generated traces sorted by the order's key, ties by
        // insertion (row id), as the store promises.
        std::vector<size_t> expected(m_expected.size());
        std::iota(expected.begin(), expected.end(), 0);
        const auto key = [&](size_t i) -> double {
            const Expected &trace = m_expected[i];
            switch (traceOrder) {
            case TraceOrder::Newest:
            case TraceOrder::Oldest:
                return double(trace.startNs);
            case TraceOrder::Longest:
                return double(trace.durationNs);
            case TraceOrder::Costliest:
                return trace.cost.value_or(-1);
            case TraceOrder::MostTokens:
                return double(trace.tokens);
            }
            return 0;
        };
        const bool ascending = traceOrder == TraceOrder::Oldest;
        std::stable_sort(expected.begin(), expected.end(), [&](size_t a, size_t b) {
            if (key(a) != key(b))
                return ascending ? key(a) < key(b) : key(a) > key(b);
            return ascending ? a < b : a > b;
        });

        std::vector<std::string> paged;
        std::optional<TraceCursor> cursor;
        for (;;) {
            const auto page = m_store->traces({}, traceOrder, 97, cursor);
            for (const auto &trace : page)
                paged.push_back(trace.traceId);
            if (page.size() < 97)
                break;
            cursor = TraceCursor::after(page.back(), traceOrder);
        }
        QCOMPARE(paged.size(), m_expected.size());
        for (size_t i = 0; i < paged.size(); ++i)
            QVERIFY2(paged[i] == m_expected[expected[i]].traceId, qPrintable(QStringLiteral("row %1").arg(i)));
    }

    void aListHoldsAWindowOfRowsAndScrollsBack()
    {
        TraceListModel model;
        QAbstractItemModelTester tester(&model);
        model.setMaxRows(2 * TraceListModel::kPageSize);
        // The model asks; the test answers from the store, as the trace worker would.
        connect(&model, &TraceListModel::pageWanted, this,
                [&](quint64 generation, const TraceFilter &filter, TraceOrder order, std::optional<TraceCursor> after) {
                    QMetaObject::invokeMethod(
                        this,
                        [&model, this, generation, filter, order, after] {
                            model.appendPage(generation,
                                             m_store->traces(filter, order, TraceListModel::kPageSize, after));
                        },
                        Qt::QueuedConnection);
                });
        const auto all = m_store->traces({}, TraceOrder::Longest, 10000);

        model.setQuery({}, TraceOrder::Longest);
        QTRY_COMPARE(model.rowCount(), TraceListModel::kPageSize);
        for (int page = 2; page <= 3; ++page) {
            model.fetchMore({});
            QTRY_VERIFY(!model.isLoading());
        }
        // Three pages fetched, two held: the first one was let go.
        QCOMPARE(model.rowCount(), 2 * TraceListModel::kPageSize);
        QVERIFY(model.hasRowsBefore());
        QCOMPARE(model.trace(0).traceId, all[size_t(TraceListModel::kPageSize)].traceId);
        QCOMPARE(model.trace(model.rowCount() - 1).traceId, all[size_t(3 * TraceListModel::kPageSize - 1)].traceId);

        // Scrolling back up brings it back, and lets the far end go.
        model.fetchPrevious();
        QTRY_VERIFY(!model.isLoading());
        QCOMPARE(model.rowCount(), 2 * TraceListModel::kPageSize);
        QCOMPARE(model.trace(0).traceId, all[0].traceId);
        QCOMPARE(model.trace(model.rowCount() - 1).traceId, all[size_t(2 * TraceListModel::kPageSize - 1)].traceId);
        QVERIFY(!model.isComplete());
        model.fetchPrevious();
        QTRY_VERIFY(!model.isLoading());
        QVERIFY(!model.hasRowsBefore());
        QCOMPARE(model.trace(0).traceId, all[0].traceId);
    }

    void filtersKeepWhatTheySay()
    {
        TraceFilter filter;
        filter.service = "billing";
        filter.model = "gpt-4o";
        filter.status = TraceStatusFilter::Ok;
        filter.minDurationNs = 2000000000;
        filter.minCostUsd = 0.05;
        const qint64 fromNs = 1700000000000000000 + 200000000000; // 200 s into the 1,000 s
        filter.fromNs = fromNs;
        const auto found = m_store->traces(filter, TraceOrder::Newest, 10000);

        const auto expectedCount = std::count_if(m_expected.begin(), m_expected.end(), [&](const Expected &trace) {
            return trace.service == "billing" && trace.model == "gpt-4o" && !trace.failed
                && trace.durationNs >= 2000000000 && trace.cost && *trace.cost >= 0.05 && trace.startNs >= fromNs;
        });
        QVERIFY(expectedCount > 0);
        QCOMPARE(qint64(found.size()), qint64(expectedCount));
        for (const auto &trace : found) {
            QCOMPARE(trace.service, std::string("billing"));
            QVERIFY(trace.durationNs() >= 2000000000);
        }
    }

    void searchFindsWordsOfPromptsAndAnswers()
    {
        TraceFilter filter;
        filter.search = "refund policy";
        QCOMPARE(m_store->traces(filter, TraceOrder::Newest, 1000).size(), size_t(20));
        filter.search = "Oslo";
        QCOMPARE(m_store->traces(filter, TraceOrder::Newest, 1000).size(), size_t(980));
        // What users type is taken as words, never as query syntax.
        filter.search = "refund\" OR \"weather";
        QCOMPARE(m_store->traces(filter, TraceOrder::Newest, 1000).size(), size_t(0));
        filter.search = "AND NOT (";
        QCOMPARE(m_store->traces(filter, TraceOrder::Newest, 1000).size(), size_t(0));
    }

    void servicesAndModelsAreListedOnce()
    {
        QCOMPARE(m_store->traceServices(), (std::vector<std::string>{"billing", "support"}));
        QCOMPARE(m_store->traceModels(), (std::vector<std::string>{"claude-sonnet-4", "gpt-4o"}));
    }

    void theListModelAsksForPagesAndDropsStaleOnes()
    {
        TraceListModel model;
        QAbstractItemModelTester tester(&model);
        struct Request {
            quint64 generation;
            TraceOrder order;
            std::optional<TraceCursor> after;
        };
        std::vector<Request> wanted;
        connect(&model, &TraceListModel::pageWanted, this,
                [&](quint64 generation, const TraceFilter &, TraceOrder order, std::optional<TraceCursor> after) {
                    wanted.push_back({generation, order, after});
                });

        model.setQuery({}, TraceOrder::Newest);
        QCOMPARE(wanted.size(), size_t(1));
        const quint64 first = wanted[0].generation;
        QVERIFY(!wanted[0].after);
        QVERIFY(!model.canFetchMore({}));

        const auto page = m_store->traces({}, TraceOrder::Newest, TraceListModel::kPageSize);
        model.appendPage(first, page);
        QCOMPARE(model.rowCount(), TraceListModel::kPageSize);
        // A full page means there may be more; the model tester itself may have asked already.
        if (model.canFetchMore({}))
            model.fetchMore({});
        QVERIFY(!model.canFetchMore({})); // one request at a time
        QCOMPARE(wanted.size(), size_t(2));
        QCOMPARE(wanted[1].generation, first);
        QVERIFY(wanted[1].after);
        QCOMPARE(wanted[1].after->rowId, page.back().rowId);
        QCOMPARE(wanted[1].after->integerKey, page.back().startNs);

        // A new query makes the answer to the old one stale.
        model.sort(TraceListModel::DurationColumn, Qt::DescendingOrder);
        QCOMPARE(model.order(), TraceOrder::Longest);
        QCOMPARE(wanted.back().order, TraceOrder::Longest);
        QCOMPARE(model.rowCount(), 0);
        model.appendPage(first, page);
        QCOMPARE(model.rowCount(), 0);
        const quint64 second = wanted.back().generation;
        QVERIFY(second != first);
        model.appendPage(second, m_store->traces({}, TraceOrder::Longest, 5));
        QCOMPARE(model.rowCount(), 5);
        QVERIFY(model.isComplete());
        QVERIFY(!model.canFetchMore({}));

        const QModelIndex longest = model.index(0, TraceListModel::DurationColumn);
        QCOMPARE(longest.data(TraceListModel::SortRole).toLongLong(),
                 std::max_element(m_expected.begin(), m_expected.end(), [](const Expected &a, const Expected &b) {
                     return a.durationNs < b.durationNs;
                 })->durationNs);
    }

    void thePriceTableCanBeEdited()
    {
        PriceTable original;
        original.setAsOf(QStringLiteral("2026-11-30"));
        original.setPrices({{"openai", "gpt-4o", 2.5, 10, 1.25, std::nullopt, std::nullopt}});
        PriceTableModel model;
        QAbstractItemModelTester tester(&model);
        model.setTable(original);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, PriceTableModel::CachedInputColumn).data().toDouble(), 1.25);
        QVERIFY(!model.index(0, PriceTableModel::ReasoningColumn).data().isValid());

        QVERIFY(model.setData(model.index(0, PriceTableModel::InputColumn), QStringLiteral("3.5")));
        QVERIFY(model.setData(model.index(0, PriceTableModel::CachedInputColumn), QString()));
        QVERIFY(!model.setData(model.index(0, PriceTableModel::OutputColumn), QStringLiteral("-1")));
        QVERIFY(!model.setData(model.index(0, PriceTableModel::OutputColumn), QStringLiteral("cheap")));
        model.appendEmptyRow();
        QCOMPARE(model.problem(), QStringLiteral("Row 2 names no model."));
        QVERIFY(model.setData(model.index(1, PriceTableModel::ModelColumn), QStringLiteral("GPT-4o")));
        QVERIFY(model.setData(model.index(1, PriceTableModel::ProviderColumn), QStringLiteral("OpenAI")));
        QCOMPARE(model.problem(), QStringLiteral("GPT-4o is listed twice."));
        model.removePriceRow(1);
        QVERIFY(model.problem().isEmpty());

        const PriceTable edited = model.table();
        QCOMPARE(edited.asOf(), QStringLiteral("2026-11-30"));
        QCOMPARE(edited.prices().size(), size_t(1));
        QCOMPARE(edited.prices()[0].inputPerMillion, 3.5);
        QVERIFY(!edited.prices()[0].cachedInputPerMillion);
        QCOMPARE(edited.prices()[0].outputPerMillion, 10.0);
    }

    void aSpanReportingTokensOfAModelIsAModelCall()
    {
        SpanRecord unnamed;
        unnamed.requestModel = "gpt-4o";
        unnamed.inputTokens = 5;
        QVERIFY(unnamed.isModelCall());
        unnamed.operation = "invoke_agent";
        QVERIFY(!unnamed.isModelCall());
        SpanRecord noModel;
        noModel.inputTokens = 5;
        QVERIFY(!noModel.isModelCall());
        noModel.operation = "embeddings";
        QVERIFY(noModel.isModelCall());
    }

    void theSpanTreeKeepsOrphansAndCutsLoops()
    {
        // FC-31's final shape: agent run > plan step > chat, and "retrieve docs" whose parent
        // never arrived; plus two spans that name each other as parents.
        std::vector<SpanRecord> spans = {span(9, 3, 2, 20000000, 80000000),      span(9, 5, 4, 5000000, 15000000),
                                         span(9, 1, std::nullopt, 0, 100000000), span(9, 2, 1, 10000000, 90000000),
                                         span(9, 7, 8, 30000000, 40000000),      span(9, 8, 7, 35000000, 45000000)};
        SpanTreeModel model;
        QAbstractItemModelTester tester(&model);
        model.setSpans(spans);

        QCOMPARE(model.rowCount(), 3); // the root, the orphan and the cut loop
        const QModelIndex root = model.index(0, 0);
        QCOMPARE(model.spanAt(root)->spanId, idOf(1, 8));
        QVERIFY(!root.data(SpanTreeModel::ParentMissingRole).toBool());
        const QModelIndex orphan = model.index(1, 0);
        QCOMPARE(model.spanAt(orphan)->spanId, idOf(5, 8));
        QVERIFY(orphan.data(SpanTreeModel::ParentMissingRole).toBool());
        QVERIFY(orphan.data().toString().contains(QStringLiteral("parent missing")));

        const QModelIndex plan = model.index(0, 0, root);
        QCOMPARE(model.spanAt(plan)->spanId, idOf(2, 8));
        const QModelIndex chat = model.index(0, 0, plan);
        QCOMPARE(model.spanAt(chat)->spanId, idOf(3, 8));
        QCOMPARE(model.parent(chat), plan);
        QCOMPARE(chat.data(SpanTreeModel::TimelineStartRole).toDouble(), 0.2);
        QCOMPARE(chat.data(SpanTreeModel::TimelineEndRole).toDouble(), 0.8);

        const QModelIndex loop = model.index(2, 0);
        QCOMPARE(model.rowCount(loop), 1);
        QCOMPARE(model.indexOfSpan(model.spanAt(chat) - model.spans().data()), chat);
    }
};

QTEST_GUILESS_MAIN(TestTraceModels)
#include "tst_tracemodels.moc"
