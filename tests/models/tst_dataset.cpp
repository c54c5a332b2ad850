// SPDX-License-Identifier: MIT
// Part of LLMOps Console.
#include "dataset.h"
#include "fieldcases.h"
#include "outsideconnection.h"
#include "store.h"

#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace llmops;
using namespace llmops::testing;
using namespace Qt::StringLiterals;

namespace {

QString inputOf(const DatasetItem &item, const QString &name)
{
    for (const auto &input : item.inputs) {
        if (input.name == name)
            return input.value;
    }
    return {};
}

QStringList keysOf(const DatasetReadResult &result)
{
    QStringList keys;
    for (const auto &item : result.items)
        keys << item.key;
    return keys;
}

} // namespace

class TestDataset : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fieldCase35IsReadAroundItsFaults()
    {
        // A byte order mark, CRLF, blank and whitespace lines, a trailing comma on line 5,
        // a line of 72 KB and no final newline.
        const DatasetReadResult result = readJsonlDataset(fieldCase("FC-35.jsonl"));
        QCOMPARE(keysOf(result), QStringList({u"q1"_s, u"q2"_s, u"q3"_s, u"q4"_s}));
        QCOMPARE(result.problems.size(), std::size_t(1));
        QCOMPARE(result.problems[0].line, 5);
        QVERIFY2(result.problems[0].message.startsWith(u"line 5: not JSON: parse error at column"_s),
                 qPrintable(result.problems[0].message));

        QCOMPARE(inputOf(result.items[0], u"input"_s), u"What is 2+2?"_s);
        QCOMPARE(result.items[0].expected, u"4"_s);
        QCOMPARE(result.items[2].metadataJson, uR"({"lang":"fr"})"_s);
        QCOMPARE(inputOf(result.items[3], u"input"_s).size(), 72013);
        QVERIFY(!inputOf(result.items[3], u"input"_s).endsWith(u'\n'));
    }

    void jsonlItemsOfEveryShape()
    {
        const QByteArray text = R"({"id": 7, "vars": {"city": "Oslo", "days": 3}, "ideal": "cold", "tier": "gold"}
{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}]}
[1, 2]
{"id": "x"}
{"input": {"a": [1]}}
{"input": "q", "messages": "no"}
)";
        const DatasetReadResult result = readJsonlDataset(text);
        QCOMPARE(result.items.size(), std::size_t(2));
        const DatasetItem &first = result.items[0];
        QCOMPARE(first.key, u"7"_s);
        QCOMPARE(inputOf(first, u"city"_s), u"Oslo"_s);
        QCOMPARE(inputOf(first, u"days"_s), u"3"_s);
        QCOMPARE(first.expected, u"cold"_s);
        QCOMPARE(first.metadataJson, uR"({"tier":"gold"})"_s);
        QCOMPARE(result.items[1].messages.size(), std::size_t(2));
        QVERIFY(!result.items[1].expected.has_value());

        QCOMPARE(result.problems.size(), std::size_t(4));
        QCOMPARE(result.problems[0].message, u"line 3: an item must be a JSON object"_s);
        QCOMPARE(result.problems[1].message,
                 u"line 4: an item needs \"input\" (or \"inputs\", \"vars\") or \"messages\""_s);
        QCOMPARE(result.problems[2].message, u"line 5: the input \"a\" must be text or a number"_s);
        QCOMPARE(result.problems[3].message, u"line 6: \"messages\" must be an array of {\"role\", \"content\"}"_s);
    }

    void deeplyNestedLinesAreRefusedAlone()
    {
        const QByteArray deep = QByteArray(100, '[') + QByteArray(100, ']');
        const QByteArray text = "{\"input\": \"ok\"}\n" + deep + "\n{\"input\": \"also\"}";
        const DatasetReadResult result = readJsonlDataset(text);
        QCOMPARE(result.items.size(), std::size_t(2));
        QCOMPARE(result.problems.size(), std::size_t(1));
        QCOMPARE(result.problems[0].message, u"line 2: nests deeper than 64 levels"_s);
    }

    void csvWithQuotesLineBreaksAndABadRecord()
    {
        const QByteArray text = "\xEF\xBB\xBFid,question,expected,metadata\r\n"
                                "a1,\"Paris, France?\",yes,\r\n"
                                "a2,\"two\nlines\", no ,\"{\"\"level\"\": 2}\"\r\n"
                                "a3,too,many,fields,here\r\n"
                                "a4,bad metadata,x,[1]\r\n"
                                "a5,last,,";
        const DatasetReadResult result = readCsvDataset(text);
        QCOMPARE(keysOf(result), QStringList({u"a1"_s, u"a2"_s, u"a5"_s}));
        QCOMPARE(inputOf(result.items[0], u"question"_s), u"Paris, France?"_s);
        QCOMPARE(inputOf(result.items[1], u"question"_s), u"two\nlines"_s);
        // Spaces around a field belong to it.
        QCOMPARE(result.items[1].expected, u" no "_s);
        QCOMPARE(result.items[1].metadataJson, uR"({"level":2})"_s);
        QVERIFY(!result.items[2].expected.has_value());

        QCOMPARE(result.problems.size(), std::size_t(2));
        // The record after the two-line one starts on line 5.
        QCOMPARE(result.problems[0].line, 5);
        QCOMPARE(result.problems[0].message, u"line 5: 5 fields where the header has 4"_s);
        QCOMPARE(result.problems[1].message, u"line 6: \"metadata\" must be a JSON object"_s);
    }

    void csvWithAQuoteThatNeverClosesKeepsWhatCameBefore()
    {
        const DatasetReadResult result = readCsvDataset("id,input\nb1,fine\nb2,\"open\nb3,lost\n");
        QCOMPARE(keysOf(result), QStringList({u"b1"_s}));
        QCOMPARE(result.problems.size(), std::size_t(1));
        QVERIFY2(result.problems[0].message.startsWith(u"line 3: "_s), qPrintable(result.problems[0].message));
    }

    void writtenItemsReadBackTheSame_data()
    {
        QTest::addColumn<bool>("csv");
        QTest::newRow("JSONL") << false;
        QTest::newRow("CSV") << true;
    }

    void writtenItemsReadBackTheSame()
    {
        QFETCH(bool, csv);
        DatasetItem first;
        first.key = u"k1"_s;
        first.inputs = {{u"city"_s, u"Zürich, \"CH\""_s}, {u"note"_s, u"line one\nline two"_s}};
        first.expected = u"Sunny"_s;
        first.metadataJson = uR"({"source":"trace","score":0.5})"_s;
        DatasetItem second;
        second.key = u"k2"_s;
        second.inputs = {{u"city"_s, u" Bern "_s}, {u"note"_s, u"-"_s}};
        second.messages = {{u"user"_s, u"Hello, \"you\""_s}};
        const std::vector<DatasetItem> items = {first, second};

        const DatasetReadResult back = csv ? readCsvDataset(writeCsvDataset(items))
                                           : readJsonlDataset(writeJsonlDataset(items));
        QVERIFY(back.problems.empty());
        QCOMPARE(back.items.size(), items.size());
        QVERIFY(back.items[0] == items[0]);
        QVERIFY(back.items[1] == items[1]);
    }

    void storedVersionsNeverChange()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"datasets.sqlite"_s);
        const auto store = Store::open(path);
        const DatasetReadResult file = readJsonlDataset(fieldCase("FC-35.jsonl"));
        const DatasetVersionSummary first = store->saveDatasetVersion(u"qa"_s, file.items, u"from FC-35"_s);
        QCOMPARE(first.version, 1);
        QCOMPARE(first.itemCount, 4);
        std::vector<DatasetItem> fewer(file.items.begin(), file.items.begin() + 2);
        QCOMPARE(store->saveDatasetVersion(u"qa"_s, fewer, {}).version, 2);

        QCOMPARE(store->datasetItems(u"qa"_s, 1).size(), std::size_t(4));
        QVERIFY(store->datasetItems(u"qa"_s, 1)[3] == file.items[3]);
        QCOMPARE(store->datasetItems(u"qa"_s).size(), std::size_t(2));
        const auto versions = store->datasetVersions();
        QCOMPARE(versions.size(), std::size_t(2));
        QCOMPARE(versions[0].version, 2);
        QCOMPARE(versions[1].message, u"from FC-35"_s);

        QCOMPARE(executeFromOutside(path, "UPDATE dataset_items SET item_json = '{}'"),
                 u"dataset versions are immutable"_s);
        QCOMPARE(executeFromOutside(path, "UPDATE dataset_versions SET item_count = 0"),
                 u"dataset versions are immutable"_s);
        QVERIFY(store->datasetItems(u"qa"_s, 1)[0] == file.items[0]);

        for (const auto &[call, message] : std::vector<std::pair<std::function<void()>, QString>>{
                 {[&] { store->datasetItems(u"none"_s); }, u"There is no dataset named none."_s},
                 {[&] { store->datasetItems(u"qa"_s, 7); }, u"qa has no version 7."_s},
                 {[&] { store->saveDatasetVersion(u"qa"_s, {}, {}); }, u"A dataset version needs at least one item."_s},
                 {[&] { store->saveDatasetVersion(u"a b"_s, fewer, {}); },
                  u"\"a b\" is not a dataset name: use 1 to 64 letters, digits, \"-\", \"_\" and \".\"."_s}}) {
            try {
                call();
                QFAIL("no StoreError was thrown");
            } catch (const StoreError &error) {
                QCOMPARE(error.message(), message);
            }
        }
    }

    void bytesThatAreNoTextAndUnknownRolesAreRefusedByLine()
    {
        // A Latin-1 "é" in the second record, and a robot among the roles of a JSONL item.
        const QByteArray csv = QByteArray("id,city\nq1,Paris\nq2,caf") + char(0xE9) + "\nq3,Rome\n";
        const DatasetReadResult fromCsv = readCsvDataset(csv);
        QCOMPARE(fromCsv.items.size(), std::size_t(2));
        QCOMPARE(fromCsv.items[1].key, u"q3"_s);
        QCOMPARE(fromCsv.problems.size(), std::size_t(1));
        QCOMPARE(fromCsv.problems[0].line, 3);
        QCOMPARE(fromCsv.problems[0].message, u"line 3: not UTF-8 text"_s);

        const QByteArray jsonl = "{\"id\": \"a\", \"messages\": [{\"role\": \"robot\", \"content\": \"beep\"}]}\n"
                                 "{\"id\": \"b\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}\n";
        const DatasetReadResult fromJsonl = readJsonlDataset(jsonl);
        QCOMPARE(fromJsonl.items.size(), std::size_t(1));
        QCOMPARE(fromJsonl.items[0].key, u"b"_s);
        QCOMPARE(fromJsonl.problems.size(), std::size_t(1));
        QCOMPARE(fromJsonl.problems[0].message,
                 u"line 1: messages[0]: \"robot\" is not a role (system, user, assistant or tool)"_s);
    }

    void variablesNamedLikeCsvFieldsAreNoCsv()
    {
        DatasetItem item;
        item.key = u"q1"_s;
        item.inputs = {{u"topic"_s, u"cats"_s}, {u"expected"_s, u"a variable"_s}};
        QCOMPARE(
            csvExportProblem({item}),
            u"item q1 has a variable named \"expected\", which CSV keeps for its own field; export it as JSONL."_s);
        item.inputs.pop_back();
        QVERIFY(csvExportProblem({item}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDataset)
#include "tst_dataset.moc"
