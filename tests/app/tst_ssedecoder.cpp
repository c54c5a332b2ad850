// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "fieldcases.h"
#include "replay.h"
#include "ssedecoder.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace llmops::testing;
using llmops::SseDecoder;
using llmops::SseEvent;

namespace {

/// One line per event, with control characters made visible so QCOMPARE shows them.
QString describe(const SseEvent &event)
{
    QString data = QString::fromUtf8(event.data);
    data.replace(u'\n', u"\\n"_s).replace(u'\r', u"\\r"_s);
    return u"event=%1 id=%2 data=%3"_s.arg(QString::fromUtf8(event.event), QString::fromUtf8(event.id), data);
}

struct Outcome {
    QStringList events;
    bool pending = false;

    bool operator==(const Outcome &other) const = default;
};

Outcome decode(QByteArrayView bytes, const std::vector<qsizetype> &cuts)
{
    SseDecoder decoder;
    Outcome outcome;
    qsizetype from = 0;
    for (qsizetype i = 0; i <= qsizetype(cuts.size()); ++i) {
        const qsizetype to = i < qsizetype(cuts.size()) ? cuts[size_t(i)] : bytes.size();
        for (const SseEvent &event : decoder.feed(bytes.sliced(from, to - from)))
            outcome.events << describe(event);
        from = to;
    }
    outcome.pending = decoder.finish();
    return outcome;
}

} // namespace

class TestSseDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framing_data();
    void framing();
    void fieldCases_data();
    void fieldCases();
    void dispatchesWithoutStall();
    void recordedReadsOfFc08();
    void retryField();
    void lastEventIdSurvivesFinish();
};

void TestSseDecoder::framing_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<bool>("pending");

    const QString a = u"event= id= data=a"_s;
    const QString b = u"event= id= data=b"_s;

    QTest::newRow("LF") << "data: a\n\ndata: b\n\n"_ba << QStringList{a, b} << false;
    QTest::newRow("CRLF") << "data: a\r\n\r\ndata: b\r\n\r\n"_ba << QStringList{a, b} << false;
    QTest::newRow("CR only") << "data: a\r\rdata: b\r\r"_ba << QStringList{a, b} << false;
    QTest::newRow("LF then CRLF blank") << "data: a\n\r\ndata: b\n\r\n"_ba << QStringList{a, b} << false;
    QTest::newRow("CRLF then LF blank") << "data: a\r\n\ndata: b\r\n\n"_ba << QStringList{a, b} << false;
    QTest::newRow("CR then LF blank") << "data: a\r\ndata: b\r\r\n"_ba << QStringList{u"event= id= data=a\\nb"_s}
                                      << false;
    QTest::newRow("data without space") << "data:a\n\n"_ba << QStringList{a} << false;
    QTest::newRow("only one space removed") << "data:  a\n\n"_ba << QStringList{u"event= id= data= a"_s} << false;
    QTest::newRow("multi-line data") << "data: a\ndata: b\n\n"_ba << QStringList{u"event= id= data=a\\nb"_s} << false;
    QTest::newRow("comment between data lines")
        << "data: a\n: keep-alive\ndata: b\n\n"_ba << QStringList{u"event= id= data=a\\nb"_s} << false;
    QTest::newRow("comment lines only") << ": OPENROUTER PROCESSING\n\n: ping\r\n\r\n"_ba << QStringList{} << false;
    QTest::newRow("blank lines only") << "\n\n\r\n\r\r\n"_ba << QStringList{} << false;
    QTest::newRow("event type") << "event: message_start\ndata: {}\n\n"_ba
                                << QStringList{u"event=message_start id= data={}"_s} << false;
    QTest::newRow("event type reset after dispatch")
        << "event: ping\ndata: 1\n\ndata: 2\n\n"_ba << QStringList{u"event=ping id= data=1"_s, u"event= id= data=2"_s}
        << false;
    QTest::newRow("event without data is dropped with its type")
        << "event: ping\n\ndata: x\n\n"_ba << QStringList{u"event= id= data=x"_s} << false;
    QTest::newRow("id persists to later events")
        << "id: 7\ndata: a\n\ndata: b\n\n"_ba << QStringList{u"event= id=7 data=a"_s, u"event= id=7 data=b"_s} << false;
    QTest::newRow("id then ping then blank line")
        << "id: 9\n: ping\n\ndata: x\n\n"_ba << QStringList{u"event= id=9 data=x"_s} << false;
    static constexpr char withNul[] = "id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n";
    QTest::newRow("id with NUL ignored") << QByteArray(withNul, sizeof(withNul) - 1)
                                         << QStringList{u"event= id=1 data=a"_s, u"event= id=1 data=b"_s} << false;
    QTest::newRow("empty data field dispatches empty data")
        << "data\n\n"_ba << QStringList{u"event= id= data="_s} << false;
    QTest::newRow("empty data line joins")
        << "data:\ndata: x\n\n"_ba << QStringList{u"event= id= data=\\nx"_s} << false;
    QTest::newRow("unknown fields ignored")
        << "foo: bar\nretry: x\ndata: x\nDATA: y\n\n"_ba << QStringList{u"event= id= data=x"_s} << false;
    QTest::newRow("leading BOM skipped") << "\xEF\xBB\xBF"
                                            "data: a\n\n"_ba
                                         << QStringList{a} << false;
    QTest::newRow("BOM after the start is content") << "data: a\n\n\xEF\xBB\xBF"
                                                       "data: b\n\n"_ba
                                                    << QStringList{a} << false;
    QTest::newRow("multi-byte UTF-8 kept whole") << "data: \xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x8C\x8D\n\n"_ba
                                                 << QStringList{u"event= id= data=你好 🌍"_s} << false;
    QTest::newRow("final event without blank line") << "data: a\n\ndata: b\n"_ba << QStringList{a} << true;
    QTest::newRow("final line without end") << "data: a\n\ndata: b"_ba << QStringList{a} << true;
    QTest::newRow("cut between events") << "data: a\n\n"_ba << QStringList{a} << false;
    QTest::newRow("trailing comment is not pending") << "data: a\n\n: bye\n"_ba << QStringList{a} << false;
    QTest::newRow("empty stream") << QByteArray() << QStringList{} << false;
}

void TestSseDecoder::framing()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);
    QFETCH(bool, pending);

    const Outcome whole = decode(input, {});
    QCOMPARE(whole.events, expected);
    QCOMPARE(whole.pending, pending);

    for (const auto &[name, cuts] : splitPlans(input.size())) {
        const Outcome split = decode(input, cuts);
        if (!(split == whole))
            QFAIL(qPrintable(u"different result with %1: %2"_s.arg(name, split.events.join(u" | "))));
    }
}

void TestSseDecoder::fieldCases_data()
{
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<int>("events");
    QTest::addColumn<QByteArray>("last");

    QTest::newRow("FC-01") << "FC-01.sse"_ba << 6 << "[DONE]"_ba;
    QTest::newRow("FC-03") << "FC-03.sse"_ba << 6 << "[DONE]"_ba;
    QTest::newRow("FC-04") << "FC-04.sse"_ba << 6 << "[DONE]"_ba;
    QTest::newRow("FC-06 comments ignored") << "FC-06.sse"_ba << 4 << "[DONE]"_ba;
    QTest::newRow("FC-08 mixed line ends") << "FC-08.sse"_ba << 5 << "[DONE]"_ba;
    QTest::newRow("FC-09") << "FC-09.sse"_ba << 5 << "[DONE]"_ba;
    QTest::newRow("FC-10") << "FC-10.sse"_ba << 10 << "[DONE]"_ba;
    QTest::newRow("FC-12") << "FC-12.sse"_ba << 5
                           << R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"_ba;
    QTest::newRow("FC-14") << "FC-14.sse"_ba << 5 << "[DONE]"_ba;
}

void TestSseDecoder::fieldCases()
{
    QFETCH(QByteArray, file);
    QFETCH(int, events);
    QFETCH(QByteArray, last);

    const QByteArray input = fieldCase(file.constData());
    SseDecoder decoder;
    const std::vector<SseEvent> decoded = decoder.feed(input);
    QCOMPARE(int(decoded.size()), events);
    QCOMPARE(decoded.back().data, last);
    QVERIFY(!decoder.finish());

    const Outcome whole = decode(input, {});
    for (const auto &[name, cuts] : splitPlans(input.size())) {
        if (!(decode(input, cuts) == whole))
            QFAIL(qPrintable(u"different result with "_s + name));
    }
}

void TestSseDecoder::dispatchesWithoutStall()
{
    SseDecoder decoder;
    QCOMPARE(decoder.feed("data: a\n").size(), size_t(0));
    QVERIFY(decoder.hasPendingEvent());
    QCOMPARE(decoder.feed("\n").size(), size_t(1));

    // A CR ends the blank line at once; the LF that may follow must not wait or count twice.
    QCOMPARE(decoder.feed("data: b\r\n\r").size(), size_t(1));
    QCOMPARE(decoder.feed("\n").size(), size_t(0));
    QCOMPARE(decoder.feed("\n").size(), size_t(0));
    QVERIFY(!decoder.finish());
}

void TestSseDecoder::recordedReadsOfFc08()
{
    // Read 1 ends between the CR and the LF of a CRLF; read 2 is that LF alone. Each event
    // must come out with the read that completes its blank line.
    const auto reads = llmops::readRecordedChunks(fieldCase("FC-08.chunks.json"));
    QVERIFY(reads);
    QCOMPARE(reads->size(), size_t(3));
    QVERIFY(reads->at(0).endsWith('\r'));
    QCOMPARE(reads->at(1), "\n"_ba);

    SseDecoder decoder;
    QCOMPARE(decoder.feed(reads->at(0)).size(), size_t(0));
    QCOMPARE(decoder.feed(reads->at(1)).size(), size_t(0));
    const auto rest = decoder.feed(reads->at(2));
    QCOMPARE(rest.size(), size_t(5));
    QCOMPARE(rest.front().data.left(8), "{\"id\":\"c"_ba);
    QCOMPARE(rest.back().data, "[DONE]"_ba);
    QVERIFY(!decoder.finish());
}

void TestSseDecoder::retryField()
{
    SseDecoder decoder;
    QVERIFY(!decoder.retryMs());
    decoder.feed("retry: 2500\n\n");
    QCOMPARE(decoder.retryMs(), std::optional<qint64>(2500));
    decoder.feed("retry: soon\n\nretry: -1\n\n");
    QCOMPARE(decoder.retryMs(), std::optional<qint64>(2500));
}

void TestSseDecoder::lastEventIdSurvivesFinish()
{
    SseDecoder decoder;
    decoder.feed("id: 42\ndata: a\n\ndata: cut");
    QVERIFY(decoder.finish());
    const auto events = decoder.feed("data: b\n\n");
    QCOMPARE(events.size(), size_t(1));
    QCOMPARE(events.front().id, "42"_ba);
    QCOMPARE(events.front().data, "b"_ba);
}

QTEST_GUILESS_MAIN(TestSseDecoder)
#include "tst_ssedecoder.moc"
