// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
//
// What calls cost: the price table, the meaning of token counts per provider, and costs
// fixed when spans are taken in.
#include "chatstreamassembler.h"
#include "fieldcases.h"
#include "genaimapping.h"
#include "store.h"
#include "traceintake.h"

#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace llmops;

namespace {

/// Dollars compared to the millionth of a cent: far below any price, far above rounding.
bool sameDollars(double a, double b)
{
    return std::abs(a - b) < 1e-8;
}

ModelPrice price(const char *provider, const char *model, double input, double output,
                 std::optional<double> cached = std::nullopt, std::optional<double> cacheWrite = std::nullopt,
                 std::optional<double> reasoning = std::nullopt)
{
    return {provider, model, input, output, cached, cacheWrite, reasoning};
}

} // namespace

class TestPricing : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openAiCachedTokensAreBilledOnce()
    {
        // FC-38: prompt 3000 of which 2048 cached, completion 400, at $2.50 / $1.25 / $10.
        const ChatResult result = parseChatCompletion(testing::fieldCase(u"FC-38.json"));
        QCOMPARE(result.usage.inputTokens, std::optional<qint64>(3000));
        QCOMPARE(result.usage.cachedInputTokens, std::optional<qint64>(2048));
        QCOMPARE(result.usage.outputTokens, std::optional<qint64>(400));

        const ModelPrice gpt4o = price("openai", "gpt-4o", 2.50, 10.00, 1.25);
        const double cost = costOf(gpt4o, billedTokens(result.usage));
        const double byHand = (952 * 2.50 + 2048 * 1.25 + 400 * 10.00) / 1e6;
        QVERIFY2(sameDollars(cost, 0.008940), qPrintable(QString::number(cost, 'f', 9)));
        QVERIFY(sameDollars(cost, byHand));
        QVERIFY(!sameDollars(cost, 0.014060)); // cached tokens billed twice
        QVERIFY(!sameDollars(cost, 0.011500)); // the cache discount ignored
    }

    void anthropicCacheTokensAreAddedToTheInput()
    {
        // Anthropic reports cache reads and writes beside input_tokens, not inside it.
        const QByteArray message = R"({"type":"message","role":"assistant","model":"claude-sonnet-4-20250514",
            "content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn",
            "usage":{"input_tokens":100,"cache_read_input_tokens":1000,"cache_creation_input_tokens":200,
            "output_tokens":50}})";
        const ChatResult result = parseChatCompletion(message);
        QCOMPARE(result.usage.inputTokens, std::optional<qint64>(1300));

        const ModelPrice sonnet = price("anthropic", "claude-sonnet-4", 3.00, 15.00, 0.30, 3.75);
        const double byHand = (100 * 3.00 + 1000 * 0.30 + 200 * 3.75 + 50 * 15.00) / 1e6;
        QVERIFY(sameDollars(costOf(sonnet, billedTokens(result.usage)), byHand));
    }

    void reasoningTokensHaveTheirOwnPriceWhenGiven()
    {
        const BilledTokens tokens{100, 1000, 0, 0, 600};
        QVERIFY(sameDollars(costOf(price("openai", "o3", 2.0, 8.0), tokens), (100 * 2.0 + 1000 * 8.0) / 1e6));
        QVERIFY(sameDollars(costOf(price("openai", "o3", 2.0, 8.0, std::nullopt, std::nullopt, 20.0), tokens),
                            (100 * 2.0 + 400 * 8.0 + 600 * 20.0) / 1e6));
    }

    void modelsAreFoundByNameStemAndProvider()
    {
        PriceTable table;
        table.setPrices({price("openai", "gpt-4o", 2.5, 10), price("openai", "gpt-4o-mini", 0.15, 0.6),
                         price("anthropic", "claude-sonnet-4", 3, 15)});
        QCOMPARE(table.find("openai", "gpt-4o")->model, std::string("gpt-4o"));
        QCOMPARE(table.find("openai", "gpt-4o-2024-08-06")->model, std::string("gpt-4o"));
        QCOMPARE(table.find("openai", "gpt-4o-mini-2024-07-18")->model, std::string("gpt-4o-mini"));
        QCOMPARE(table.find("", "GPT-4o")->model, std::string("gpt-4o"));
        QCOMPARE(table.find("azure.ai.openai", "gpt-4o")->model, std::string("gpt-4o"));
        QCOMPARE(table.find("aws.bedrock", "claude-sonnet-4-20250514")->model, std::string("claude-sonnet-4"));
        QVERIFY(!table.find("openai", "gpt-4"));
        QVERIFY(!table.find("openai", "gpt-4oo"));
        QVERIFY(!table.find("openai", ""));
    }

    void theBundledTableSaysWhereItsPricesCameFrom()
    {
        const PriceTable table = PriceTable::bundled();
        QVERIFY(table.prices().size() >= 10);
        QVERIFY(!table.asOf().isEmpty());
        QVERIFY(!table.sources().empty());
        const ModelPrice *gpt4o = table.find("openai", "gpt-4o-2024-08-06");
        QVERIFY(gpt4o);
        QCOMPARE(gpt4o->inputPerMillion, 2.50);
        QCOMPARE(gpt4o->cachedInputPerMillion, std::optional<double>(1.25));
    }

    void aBadTableNamesItsEntry_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("named");
        QTest::newRow("not JSON") << QByteArray("{") << QStringLiteral("not a JSON object");
        QTest::newRow("no models") << QByteArray("{}") << QStringLiteral("\"models\"");
        QTest::newRow("no output") << QByteArray(
            R"({"models":[{"model":"a","input":1,"output":1},{"model":"b","input":1}]})")
                                   << QStringLiteral("model entry 2 (b): \"output\" is missing");
        QTest::newRow("negative") << QByteArray(R"({"models":[{"model":"a","input":-1,"output":1}]})")
                                  << QStringLiteral("\"input\" is not a price");
        QTest::newRow("no name") << QByteArray(R"({"models":[{"input":1,"output":1}]})")
                                 << QStringLiteral("model entry 1: \"model\" is missing");
        QTest::newRow("no models") << QByteArray(R"({"models":[]})") << QStringLiteral("lists no models");
        QTest::newRow("twice") << QByteArray(R"({"models":[{"model":"a","input":1,"output":1},)"
                                             R"({"model":"A","input":2,"output":2}]})")
                               << QStringLiteral("model entry 2 (A): the model is listed twice");
    }

    void aBadTableNamesItsEntry()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, named);
        try {
            PriceTable::fromJson(text.toStdString());
            QFAIL("the table was accepted");
        } catch (const std::invalid_argument &error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(named), error.what());
        }
    }

    void theStoreKeepsAnImportedTable()
    {
        QTemporaryDir directory;
        const auto store = Store::open(directory.filePath(QStringLiteral("s.sqlite")));
        QCOMPARE(store->priceTable().prices(), PriceTable::bundled().prices());

        PriceTable imported = PriceTable::fromJson(
            R"({"as_of":"2026-11-30","sources":["https://example.org/prices"],)"
            R"("models":[{"provider":"openai","model":"gpt-4o","input":2.0,"output":8.0,"cached_input":1.0}]})");
        store->setPriceTable(imported);
        const PriceTable read = store->priceTable();
        QCOMPARE(read.prices(), imported.prices());
        QCOMPARE(read.asOf(), QStringLiteral("2026-11-30"));
        QCOMPARE(read.sources().size(), size_t(1));
    }

    void costIsFixedWhenASpanIsTakenIn()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath(QStringLiteral("s.sqlite"));
        TraceIntake::Limits limits;
        limits.pricesReloadInterval = std::chrono::milliseconds(50);
        TraceIntake intake(path, limits);
        QString error;
        QVERIFY2(intake.start(&error), qPrintable(error));

        // Priced with the bundled table: gpt-4o at $2.50 in, $10 out.
        const auto prices = intake.prices();
        OtlpSpan wire;
        wire.traceId = std::string(16, '\x02');
        wire.spanId = std::string(8, '\x01');
        wire.startNs = 1;
        wire.endNs = 2;
        wire.attributes = {{"gen_ai.operation.name", "chat"},
                           {"gen_ai.request.model", "gpt-4o"},
                           {"gen_ai.usage.input_tokens", 1000000},
                           {"gen_ai.usage.output_tokens", 100000}};
        OtlpSpan second = wire;
        second.spanId = std::string(8, '\x02');
        QCOMPARE(intake.submit({spanRecordFrom(std::move(wire), *prices)}).outcome, TraceIntake::Outcome::Stored);

        // New prices apply to what comes next, never to what is stored.
        Store::open(path)->setPriceTable(
            PriceTable::fromJson(R"({"models":[{"model":"gpt-4o","input":1,"output":1}]})"));
        QTRY_VERIFY(intake.prices()->prices().size() == 1);
        QCOMPARE(intake.submit({spanRecordFrom(std::move(second), *intake.prices())}).outcome,
                 TraceIntake::Outcome::Stored);

        const auto spans = Store::open(path)->traceSpans(std::string(16, '\x02'));
        QCOMPARE(spans.size(), size_t(2));
        QVERIFY(sameDollars(*spans[0].costUsd, 2.50 + 1.00));
        QVERIFY(sameDollars(*spans[1].costUsd, 1.00 + 0.10));
        QVERIFY(sameDollars(*Store::open(path)->trace(std::string(16, '\x02'))->costUsd, 3.50 + 1.10));
    }
};

QTEST_GUILESS_MAIN(TestPricing)
#include "tst_pricing.moc"
