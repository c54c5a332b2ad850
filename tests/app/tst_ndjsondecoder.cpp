// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "fieldcases.h"
#include "ndjsondecoder.h"
#include "replay.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace llmops::testing;
using llmops::NdjsonDecoder;

namespace {

struct Outcome {
    QList<QByteArray> lines;
    std::optional<QByteArray> last;

    bool operator==(const Outcome &other) const = default;
};

Outcome decode(const std::vector<QByteArrayView> &reads)
{
    NdjsonDecoder decoder;
    Outcome outcome;
    for (const QByteArrayView read : reads) {
        for (QByteArray &line : decoder.feed(read))
            outcome.lines << std::move(line);
    }
    outcome.last = decoder.finish();
    return outcome;
}

} // namespace

class TestNdjsonDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lines_data();
    void lines();
    void recordedReadsOfFc05();
};

void TestNdjsonDecoder::lines_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("expected");
    QTest::addColumn<std::optional<QByteArray>>("last");

    const QByteArray a = R"({"a":1})"_ba;
    const QByteArray b = R"({"b":2})"_ba;
    const std::optional<QByteArray> none;

    QTest::newRow("LF") << "{\"a\":1}\n{\"b\":2}\n"_ba << QList<QByteArray>{a, b} << none;
    QTest::newRow("CRLF") << "{\"a\":1}\r\n{\"b\":2}\r\n"_ba << QList<QByteArray>{a, b} << none;
    QTest::newRow("last line without newline")
        << "{\"a\":1}\n{\"b\":2}"_ba << QList<QByteArray>{a} << std::optional<QByteArray>(b);
    QTest::newRow("last line with CR only")
        << "{\"a\":1}\n{\"b\":2}\r"_ba << QList<QByteArray>{a} << std::optional<QByteArray>(b);
    QTest::newRow("blank and whitespace lines")
        << "\n{\"a\":1}\n\n  \t\r\n{\"b\":2}\n\n"_ba << QList<QByteArray>{a, b} << none;
    QTest::newRow("whitespace-only last line") << "{\"a\":1}\n  "_ba << QList<QByteArray>{a} << none;
    QTest::newRow("leading BOM skipped") << "\xEF\xBB\xBF{\"a\":1}\n"_ba << QList<QByteArray>{a} << none;
    QTest::newRow("bad line passed on as it is") << "{\"a\":1,}\n"_ba << QList<QByteArray>{"{\"a\":1,}"_ba} << none;
    QTest::newRow("empty") << QByteArray() << QList<QByteArray>{} << none;
}

void TestNdjsonDecoder::lines()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, expected);
    QFETCH(std::optional<QByteArray>, last);

    const Outcome whole = decode({input});
    QCOMPARE(whole.lines, expected);
    QCOMPARE(whole.last, last);

    for (const auto &[name, cuts] : splitPlans(input.size(), 40)) {
        if (!(decode(cutAt(input, cuts)) == whole))
            QFAIL(qPrintable(u"different result with "_s + name));
    }
}

void TestNdjsonDecoder::recordedReadsOfFc05()
{
    const QByteArray file = fieldCase("FC-05.ndjson");
    const auto reads = llmops::readRecordedChunks(fieldCase("FC-05.chunks.json"));
    QVERIFY(reads);
    QCOMPARE(reads->size(), size_t(2));

    NdjsonDecoder decoder;
    QCOMPARE(decoder.feed(reads->at(0)).size(), size_t(2));
    QCOMPARE(decoder.feed(reads->at(1)).size(), size_t(1));
    const auto last = decoder.finish();
    QVERIFY(last);
    QVERIFY(last->contains("\"done\":true"));
    QVERIFY(file.endsWith(*last));

    const Outcome whole = decode({file});
    QCOMPARE(whole.lines.size(), 3);
    for (const auto &[name, cuts] : splitPlans(file.size(), 40)) {
        if (!(decode(cutAt(file, cuts)) == whole))
            QFAIL(qPrintable(u"different result with "_s + name));
    }
}

QTEST_GUILESS_MAIN(TestNdjsonDecoder)
#include "tst_ndjsondecoder.moc"
